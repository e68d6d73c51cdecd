"""Grounds on which Allegro may remove a buyer's rating: what a comment's text shows (RA-2).

The checks are deliberately simple and explainable, not a language model:

* **contact details and personal data** are found with regular expressions on
  the text with its diacritics folded (``ł`` → ``l``, ``ż`` → ``z``);
* **profanity and insults** are found by comparing each word, folded and
  de-obfuscated, with word lists kept as package data
  (``sellerquality/allegro/data/*.txt``), Polish and English.

Both aim at few false positives: a comment that reads as ordinary praise or
criticism must come out clean, so prices, dates, star counts like ``5/5`` and
order numbers are never taken for phone numbers, and innocent words that
happen to contain the letters of a vulgar stem are never flagged.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files
from typing import Final

import attrs

from ..exceptions import InvalidTypeError, InvalidValueError

__all__ = ["RemovalGround", "removal_grounds"]


class RemovalGround(enum.Enum):
    """Why Allegro may remove a rating (RA-2)."""

    PROFANITY = "PROFANITY"
    """Profanity or curses (wulgaryzmy, przekleństwa)."""
    PERSONAL_DATA = "PERSONAL_DATA"
    """Personal data, such as an e-mail address, a phone number, a PESEL or a postal address."""
    EXTERNAL_CONTACT = "EXTERNAL_CONTACT"
    """Contact details or links outside Allegro (a URL, a domain, an e-mail address, a phone)."""
    INSULT = "INSULT"
    """Insults to the seller, including accusations such as "oszust" (swindler)."""


# --- folding ------------------------------------------------------------------------

# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def _fold(text: str) -> str:
    """Remove diacritics, keeping case: ``Łódź`` -> ``Lodz``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# --- contact details and personal data ----------------------------------------------

# Top-level domains a bare domain may end in. Two-letter domains that are also
# everyday words ("co", "it", "me", "to", "do", "no", "na") are left out: in
# "ok.Co do paczki" the missing space is a typo, not a link.
_TLDS: Final = (
    "pl", "com", "eu", "net", "org", "info", "biz", "io", "de", "uk", "cz", "sk",
    "ua", "ru", "fr", "nl", "cn", "tv", "shop", "store", "online", "site", "xyz", "app",
)  # fmt: skip
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TLD_GROUP = "|".join(_TLDS)
_URL: Final = re.compile(r"(?:https?://|\bwww\.)([^\s/?#:]*)\S*", re.IGNORECASE)
_DOMAIN: Final = re.compile(rf"(?<![\w@.-])((?:{_LABEL}\.)+({_TLD_GROUP}))(?![\w-])", re.IGNORECASE)
_AT = r"(?:@|\s?[(\[]\s?(?:at|malpa)\s?[)\]]\s?)"
# The lookbehind starts a match only where a run of address characters starts,
# which keeps the search linear on long runs without an "@".
_EMAIL: Final = re.compile(
    rf"(?<![a-z0-9._%+-])[a-z0-9._%+-]+{_AT}{_LABEL}(?:\.{_LABEL})*\.[a-z]{{2,}}",
    re.IGNORECASE,
)
# Polish numbers: mobile 9 digits (3-3-3 or straight), landline "22 123 45 67" or
# "(22) 123-45-67"; optionally +48 / 0048 / (+48) before; spaces or dashes between
# groups. Not glued to other digits (order and tracking numbers are longer or
# shorter), not part of a decimal (a price "123 456 789,00").
_PHONE: Final = re.compile(
    r"(?<![\w+])(?<!\d[ -])"
    r"(?:(?:\+|00)48[ -]?|\(\+?48\)[ -]?)?"
    r"(?:\d{3}[ -]?\d{3}[ -]?\d{3}"
    r"|\(\d{2}\)[ -]?\d{3}[ -]?\d{2}[ -]?\d{2}"
    r"|\d{2}[ -]?\d{3}[ -]?\d{2}[ -]?\d{2})"
    r"(?![ -]?\d|[.,]\d|\w)"
)
# A PESEL has 11 digits; any standalone 11-digit number is treated as one.
_PESEL: Final = re.compile(r"(?<![\d.,])\d{11}(?![\d]|[.,]\d)")
# A postal code followed by a capitalised place name: "00-950 Warszawa".
_POSTAL_CODE: Final = re.compile(r"(?<![\d-])\d{2}-\d{3}(?![\d-]),?\s+[A-Z][a-z]{2,}")
# A street, avenue, estate or square, its name (up to four words) and a house number.
_STREET: Final = re.compile(
    r"\b(?:ul\.|ulica|ulicy|al\.|aleja|alei|aleje|os\.|osiedle|osiedlu|plac|placu)"
    r"\s*[a-z][\w.-]*(?:\s+[a-z][\w.-]*){0,3}\s+\d+[a-z]?(?:\s*/\s*\d+[a-z]?)?\b",
    re.IGNORECASE,
)
# Allegro's own sites are not "outside Allegro".
_ON_SITE: Final = ("allegro.pl", "allegro.cz", "allegro.sk", "allegro.hu", "allegrolokalnie.pl")


def _on_site(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == site or host.endswith("." + site) for site in _ON_SITE)


def _links(folded: str) -> Iterator[str]:
    """Yield the host of each link or bare domain outside Allegro."""
    for match in _URL.finditer(folded):
        host = match.group(1)
        if not _on_site(host.removeprefix("www.")):
            yield host
    without_urls = _URL.sub(" ", folded)
    for match in _DOMAIN.finditer(without_urls):
        tld = match.group(2)
        # "koniec.Pl" after a missing space is a sentence, not a domain.
        if tld.istitle():
            continue
        if not _on_site(match.group(1)):
            yield match.group(1)


def _contact_grounds(folded: str) -> set[RemovalGround]:
    grounds: set[RemovalGround] = set()
    if _EMAIL.search(folded) or _PHONE.search(folded):
        grounds |= {RemovalGround.EXTERNAL_CONTACT, RemovalGround.PERSONAL_DATA}
    if next(_links(folded), None) is not None:
        grounds.add(RemovalGround.EXTERNAL_CONTACT)
    if _PESEL.search(folded) or _POSTAL_CODE.search(folded) or _STREET.search(folded):
        grounds.add(RemovalGround.PERSONAL_DATA)
    return grounds


# --- word lists -----------------------------------------------------------------------

# Polish verbal and adjectival prefixes that may stand before a stem ("wkurwiony",
# "spierdalaj", "zajebisty"), alone or after "nie-" or "po-" ("niedojebany",
# "porozpierdalał"). Freer combinations read innocent words as vulgar: "s" + "za"
# + "chuj" is "szachuj" (check, in chess), "za" + "nie" + "chuj" is "zaniechuj".
_PL_SINGLE_PREFIXES: Final = (
    "w", "s", "z", "o", "u", "we", "ze", "wy", "za", "na", "po", "do", "od", "ob",
    "wz", "ws", "roz", "prze", "przy", "pod", "nad", "przed", "ode", "obe", "roze", "pode",
    "nade",
)  # fmt: skip
_PL_PREFIXES: Final = frozenset(
    {"", "nie", *_PL_SINGLE_PREFIXES}
    | {"nie" + prefix for prefix in _PL_SINGLE_PREFIXES}
    | {"po" + prefix for prefix in _PL_SINGLE_PREFIXES}
)

# Digits and signs written for letters: "p1zda", "j3bac", "kurw@".
_LEET: Final = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# Signs written over a letter: "k*rwa", "ch#j".
_MASKS: Final = str.maketrans({"#": "*", "%": "*"})
_HAS_LETTER: Final = re.compile(r"[a-z]")
# Separators between the letters of one word: "k.u.r.w.a", "k-u-r-w-a".
_INNER: Final = re.compile(r"(?<=[a-z*])[.\-_'`~^]+(?=[a-z*])")
_WORD: Final = re.compile(r"[a-z*]+")
_SPELLED_OUT = 3  # at least this many one-letter words in a row are read as one: "k u r w a"


@attrs.frozen
class _Entry:
    """One word-list entry: its letters as runs, and whether it is a stem."""

    text: str
    runs: tuple[tuple[str, int], ...]
    stem: bool


@attrs.frozen
class _WordList:
    """A parsed word list: entries and exceptions indexed by first letter."""

    ground: RemovalGround
    prefixes: frozenset[str]
    entries: Mapping[str, tuple[_Entry, ...]]
    exceptions: Mapping[str, tuple[_Entry, ...]]


_LISTS: Final = (
    ("profanity_pl.txt", RemovalGround.PROFANITY, _PL_PREFIXES),
    ("profanity_en.txt", RemovalGround.PROFANITY, frozenset({""})),
    ("insults_pl.txt", RemovalGround.INSULT, _PL_PREFIXES),
    ("insults_en.txt", RemovalGround.INSULT, frozenset({""})),
)


def _runs(word: str) -> tuple[tuple[str, int], ...]:
    runs: list[tuple[str, int]] = []
    for char in word:
        if runs and runs[-1][0] == char:
            runs[-1] = (char, runs[-1][1] + 1)
        else:
            runs.append((char, 1))
    return tuple(runs)


def _index(entries: list[_Entry]) -> Mapping[str, tuple[_Entry, ...]]:
    index: dict[str, list[_Entry]] = {}
    for entry in entries:
        index.setdefault(entry.text[0], []).append(entry)
    return {letter: tuple(items) for letter, items in index.items()}


def _parse_word_list(
    text: str, *, name: str, ground: RemovalGround, prefixes: frozenset[str]
) -> _WordList:
    """Parse a word list's text (format: see the header of any ``data/*.txt``)."""
    entries: list[_Entry] = []
    exceptions: list[_Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        body = _fold(line.removeprefix("!")).casefold()
        stem = body.endswith("*")
        word = body.removesuffix("*")
        if not word.isascii() or not word.isalpha():
            raise InvalidValueError(
                record=f"word list {name}",
                field=f"line {number}",
                value=raw,
                reason="is not a word, a stem* or an !exception of letters only",
            )
        (exceptions if exception else entries).append(_Entry(word, _runs(word), stem))
    return _WordList(ground, prefixes, _index(entries), _index(exceptions))


@cache
def _word_lists() -> tuple[_WordList, ...]:
    """Load the bundled word lists once."""
    data = files("sellerquality.allegro") / "data"
    return tuple(
        _parse_word_list(
            (data / name).read_text(encoding="utf-8"), name=name, ground=ground, prefixes=prefixes
        )
        for name, ground, prefixes in _LISTS
    )


def _match_at(entry: _Entry, word: str, start: int) -> int | None:
    """Match ``entry`` in ``word`` from ``start``; return where the match ends.

    A run of one letter in the word ("rr" in "kurrwa") matches a run of at
    least as many in the entry; a ``*`` stands for one run of the entry, but
    not for its first letter, and there must be at least two real letters and
    no more masks than real letters ("k**wa" yes, "a*" no).
    """
    position = start
    masks = 0
    for number, (letter, count) in enumerate(entry.runs):
        if position < len(word) and word[position] == letter:
            end = position
            while end < len(word) and word[end] == letter:
                end += 1
            if end - position < count:
                return None
            position = end
        elif position < len(word) and word[position] == "*" and number > 0:
            masks += 1
            position += 1
        else:
            return None
    letters = len(entry.runs) - masks
    if letters < 2 or masks > letters:
        return None
    return position


@cache
def _longest(prefixes: frozenset[str]) -> int:
    return max(map(len, prefixes))


def _matches(
    entries: Mapping[str, tuple[_Entry, ...]], prefixes: frozenset[str], word: str
) -> bool:
    for cut in range(min(len(word), _longest(prefixes) + 1)):
        if word[:cut] not in prefixes:
            continue
        for entry in entries.get(word[cut], ()):
            end = _match_at(entry, word, cut)
            if end is not None and (entry.stem or (cut == 0 and end == len(word))):
                return True
    return False


def _words(folded: str) -> list[str]:
    """Split folded text into lower-case words, undoing simple obfuscations."""
    words: list[str] = []
    for raw in folded.casefold().split():
        # Digits stand for letters only in a token with letters: "100" stays a number.
        token = raw.translate(_LEET) if _HAS_LETTER.search(raw) else raw
        token = _INNER.sub("", token.translate(_MASKS))
        words.extend(word.lstrip("*") for word in _WORD.findall(token))
    # Join letters spelled out one by one: "k u r w a".
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if len(run) >= _SPELLED_OUT:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


def _word_grounds(folded: str) -> set[RemovalGround]:
    lists = _word_lists()
    # An exception in any list exempts the word from every list: "idiotoodporny"
    # (idiot-proof) is excepted in the Polish list but begins with English "idiot".
    words = [
        word
        for word in _words(folded)
        if not any(_matches(each.exceptions, each.prefixes, word) for each in lists)
    ]
    return {
        each.ground
        for each in lists
        if any(_matches(each.entries, each.prefixes, word) for word in words)
    }


def removal_grounds(text: str) -> frozenset[RemovalGround]:
    """Return the grounds on which Allegro may remove a rating with this comment.

    Implements RA-2. Allegro may remove a rating whose comment contains
    profanity or curses, personal data, contact details or links outside
    Allegro, or insults to the seller. This helper flags which of these the
    text shows; an empty set means none (plain praise or criticism).

    * :attr:`~RemovalGround.EXTERNAL_CONTACT`: links (``http://…``,
      ``www.…``), bare domains (``sklep-abc.pl``; Allegro's own sites
      excluded), e-mail addresses (also ``jan(at)wp.pl``) and Polish phone
      numbers: mobile 9 digits straight or 3-3-3, landline ``22 123 45 67``
      or ``(22) 123-45-67``, with or without ``+48``/``0048``, spaces or dashes.
    * :attr:`~RemovalGround.PERSONAL_DATA`: e-mail addresses and phone numbers
      (also contact details), standalone 11-digit numbers (PESEL-like),
      postal codes followed by a place (``00-950 Warszawa``) and street
      addresses with a house number (``ul. Długa 5/3``).
    * :attr:`~RemovalGround.PROFANITY` and :attr:`~RemovalGround.INSULT`: words
      from the bundled Polish and English lists. Polish stems match inflected
      and prefixed forms (``kurw`` in ``wkurwiony``); words are compared with
      diacritics folded, after undoing simple obfuscations: masks
      (``k*rwa``), separators (``k.u.r.w.a``, ``k u r w a``), repeated letters
      (``kurrwa``) and digits or signs for letters (``1``→i, ``0``→o,
      ``3``→e, ``4``→a, ``5``→s, ``@``→a). A stem only matches at the start of
      a word (after an optional Polish prefix), so ``Skurzewski``,
      ``duplikat`` or ``sukces`` stay clean.

    Prices (``39,99 zł``), dates (``12.03.2024``), ratings (``5/5``) and
    numbers of other lengths than a phone's or a PESEL's are not flagged.
    Names of people cannot be told from other words and are not detected.

    Args:
        text: The comment.

    Returns:
        The grounds found; empty when there are none.

    Raises:
        InvalidTypeError: ``text`` is not a string.

    Example:
        >>> from sellerquality.allegro import removal_grounds
        >>> sorted(g.name for g in removal_grounds("Oszust! Pisz na jan@example.com"))
        ['EXTERNAL_CONTACT', 'INSULT', 'PERSONAL_DATA']
        >>> removal_grounds("Szybka wysyłka, polecam! 5/5")
        frozenset()
    """
    if not isinstance(text, str):
        raise InvalidTypeError(
            field="text", value=text, reason=f"is a {type(text).__name__}; expected str"
        )
    folded = _fold(text)
    return frozenset(_contact_grounds(folded) | _word_grounds(folded))
