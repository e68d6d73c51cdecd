"""Grounds on which Allegro may remove a buyer's rating: what a comment's text shows (RA-2).

The checks are deliberately simple and explainable, not a language model:

* **contact details and personal data** are found with regular expressions on
  the text with its diacritics folded (``ł`` → ``l``, ``ż`` → ``z``);
* **profanity, curses and insults** are found by comparing each word, folded
  and de-obfuscated, with word lists kept as package data
  (``sellerquality/allegro/data/*.txt``), Polish and English; curses made of
  ordinary words ("do diabła", "go to hell") are phrases, matched as words in
  a row.

Both aim at few false positives: a comment that reads as ordinary praise or
criticism must come out clean, so prices, dates, star counts like ``5/5`` and
order numbers are never taken for phone numbers, and innocent words that
happen to contain the letters of a vulgar stem are never flagged.

Comments are untrusted, so the work is linear in their length: each pattern
reads at most a bounded stretch from where a match may start, each distinct
word is looked up once, and phrases are compared as numbers. 100,000
characters of any repeated near-miss take a fraction of a second.
"""

from __future__ import annotations

import enum
import itertools
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
#
# Buyer comments are untrusted, so this pattern cannot backtrack far: a word of
# the name is at most _NAME_WORD characters and taken whole (possessive), and
# the spaces and digits are taken whole too. A search may start at every "ul."
# of a run like "ul.ul.ul..." (each is at a word boundary); with an unbounded
# name word each start read to the end of the run, and the search was quadratic:
# 100,000 characters of "ul." took over two minutes. Now each start reads at
# most four words of at most _NAME_WORD characters; the same input takes about
# 0.15 s, most of it in the word lists (measured on a shared 2-core machine).
_NAME_WORD = 40
_STREET: Final = re.compile(
    r"\b(?:ul\.|ulica|ulicy|al\.|aleja|alei|aleje|os\.|osiedle|osiedlu|plac|placu)"
    rf"\s*+[a-z][\w.-]{{0,{_NAME_WORD - 1}}}+(?:\s++[a-z][\w.-]{{0,{_NAME_WORD - 1}}}+){{0,3}}"
    r"\s++\d++[a-z]?(?:\s*+/\s*+\d++[a-z]?)?\b",
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
class _Phrase:
    """A word-list entry of several words, matched as consecutive words of a comment."""

    text: str
    words: tuple[_Entry, ...]


@attrs.frozen
class _WordList:
    """A parsed word list: entries, exceptions and phrases indexed by first letter."""

    ground: RemovalGround
    prefixes: frozenset[str]
    entries: Mapping[str, tuple[_Entry, ...]]
    exceptions: Mapping[str, tuple[_Entry, ...]]
    phrases: Mapping[str, tuple[_Phrase, ...]] = attrs.field(factory=dict)


# Curses take no prefixes: they are interjections and fixed phrases, not verbs.
_NO_PREFIX: Final = frozenset({""})
_LISTS: Final = (
    ("profanity_pl.txt", RemovalGround.PROFANITY, _PL_PREFIXES),
    ("profanity_en.txt", RemovalGround.PROFANITY, _NO_PREFIX),
    ("curses_pl.txt", RemovalGround.PROFANITY, _NO_PREFIX),
    ("curses_en.txt", RemovalGround.PROFANITY, _NO_PREFIX),
    ("insults_pl.txt", RemovalGround.INSULT, _PL_PREFIXES),
    ("insults_en.txt", RemovalGround.INSULT, _NO_PREFIX),
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


def _entry(word: str) -> _Entry:
    stem = word.endswith("*")
    text = word.removesuffix("*")
    return _Entry(text, _runs(text), stem)


def _is_entry(word: str, *, minimum: int) -> bool:
    text = word.removesuffix("*")
    return len(text) >= minimum and text.isascii() and text.isalpha()


def _parse_word_list(
    text: str, *, name: str, ground: RemovalGround, prefixes: frozenset[str]
) -> _WordList:
    """Parse a word list's text (format: see the header of any ``data/*.txt``)."""
    entries: list[_Entry] = []
    exceptions: list[_Entry] = []
    phrases: dict[str, list[_Phrase]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        words = _fold(line.removeprefix("!")).casefold().split(" ")
        if len(words) == 1 and _is_entry(words[0], minimum=1):
            (exceptions if exception else entries).append(_entry(words[0]))
        elif not exception and all(_is_entry(word, minimum=2) for word in words):
            # One space between words; each of at least two letters, since a
            # single letter is never compared as a word ("a", "i" are too common).
            phrase = _Phrase(" ".join(words), tuple(_entry(word) for word in words))
            phrases.setdefault(phrase.text[0], []).append(phrase)
        else:
            raise InvalidValueError(
                record=f"word list {name}",
                field=f"line {number}",
                value=raw,
                reason="is not a word, a stem*, an !exception or a phrase of words of two "
                "or more letters, one space apart",
            )
    return _WordList(
        ground,
        prefixes,
        _index(entries),
        _index(exceptions),
        {letter: tuple(items) for letter, items in phrases.items()},
    )


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


def _whole(entry: _Entry, word: str) -> bool:
    """Whether ``word`` is ``entry`` (or, for a stem, begins with it), without a prefix."""
    end = _match_at(entry, word, 0)
    return end is not None and (entry.stem or end == len(word))


# A word-list entry in the merged index: the entry, the prefixes its list allows,
# and its ground (None for an exception).
_Indexed = tuple[_Entry, frozenset[str], RemovalGround | None]


@attrs.frozen
class _Lexicon:
    """Every list merged into one index, so that a word is looked at once, not once a list.

    ``index`` maps the first two letters of an entry, repeats left out
    (``("k", "u")`` for "kurw", ``("a", "s")`` for "ass"), to
    ``(entry, prefixes, ground)``, where ``ground`` is ``None`` for an
    exception; ``masked`` maps a first letter to the same, for a word whose
    second letter is masked ("k*rwa"). The words of phrases are numbered
    (``phrase_words``: first letter to ``(number, entry)``), and a phrase is the
    numbers of its words in order: ``phrases`` maps the numbers of a first and
    second word to ``(numbers, ground)``.
    """

    prefixes: frozenset[str]
    longest: int
    index: Mapping[tuple[str, str], tuple[_Indexed, ...]]
    masked: Mapping[str, tuple[_Indexed, ...]]
    phrase_words: Mapping[str, tuple[tuple[int, _Entry], ...]]
    phrases: Mapping[tuple[int, int], tuple[tuple[tuple[int, ...], RemovalGround], ...]]


@cache
def _lexicon() -> _Lexicon:
    index: dict[tuple[str, str], list[_Indexed]] = {}
    masked: dict[str, list[_Indexed]] = {}
    numbers: dict[_Entry, int] = {}
    phrases: dict[tuple[int, int], list[tuple[tuple[int, ...], RemovalGround]]] = {}
    prefixes: set[str] = set()
    for each in _word_lists():
        prefixes |= each.prefixes
        for table, ground in ((each.entries, each.ground), (each.exceptions, None)):
            for letter, entries in table.items():
                for entry in entries:
                    # An entry of one run never matches: it has fewer than two letters.
                    if len(entry.runs) > 1:
                        item = (entry, each.prefixes, ground)
                        index.setdefault((letter, entry.runs[1][0]), []).append(item)
                        masked.setdefault(letter, []).append(item)
        for items in each.phrases.values():
            for phrase in items:
                seq = tuple(numbers.setdefault(word, len(numbers)) for word in phrase.words)
                phrases.setdefault((seq[0], seq[1]), []).append((seq, each.ground))
    phrase_words: dict[str, list[tuple[int, _Entry]]] = {}
    for entry, number in numbers.items():
        phrase_words.setdefault(entry.text[0], []).append((number, entry))
    return _Lexicon(
        prefixes=frozenset(prefixes),
        longest=max(map(len, prefixes)),
        index={pair: tuple(items) for pair, items in index.items()},
        masked={letter: tuple(items) for letter, items in masked.items()},
        phrase_words={letter: tuple(items) for letter, items in phrase_words.items()},
        phrases={pair: tuple(items) for pair, items in phrases.items()},
    )


def _word_verdict(lexicon: _Lexicon, word: str) -> frozenset[RemovalGround] | None:
    """The grounds one word shows; ``None`` if an exception in any list exempts it.

    An exception in any list exempts the word from every list: "idiotoodporny"
    (idiot-proof) is excepted in the Polish list but begins with English "idiot".
    A stem matches at the start of the word or after one of its list's
    prefixes; a whole word matches only the whole word, without a prefix.
    """
    found: set[RemovalGround] = set()
    for cut in range(min(len(word), lexicon.longest + 1)):
        prefix = word[:cut]
        if prefix not in lexicon.prefixes:
            continue
        first = word[cut]
        second = word[cut:].lstrip(first)[:1]
        candidates = (
            lexicon.masked.get(first, ())
            if second == "*"
            else lexicon.index.get((first, second), ())
        )
        for entry, prefixes, ground in candidates:
            if prefix not in prefixes:
                continue
            end = _match_at(entry, word, cut)
            if end is None or not (entry.stem or (cut == 0 and end == len(word))):
                continue
            if ground is None:
                return None
            found.add(ground)
    return frozenset(found)


def _phrase_words(lexicon: _Lexicon, word: str) -> frozenset[int]:
    """The numbers of the phrase words that ``word`` is (a phrase's word, or its stem)."""
    return frozenset(
        number for number, entry in lexicon.phrase_words.get(word[0], ()) if _whole(entry, word)
    )


def _token_words(token: str) -> list[str]:
    """The words of one whitespace-free token, undoing simple obfuscations."""
    # Digits stand for letters only in a token with letters: "100" stays a number.
    if _HAS_LETTER.search(token):
        token = token.translate(_LEET)
    token = _INNER.sub("", token.translate(_MASKS))
    return [word.lstrip("*") for word in _WORD.findall(token)]


def _words(folded: str) -> list[str]:
    """Split folded text into lower-case words, undoing simple obfuscations."""
    words: list[str] = []
    seen: dict[str, list[str]] = {}
    for token in folded.casefold().split():
        if token not in seen:
            seen[token] = _token_words(token)
        words.extend(seen[token])
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
    """The grounds the words and phrases of a comment show.

    Linear in the length of the comment: each distinct word is looked up once
    in the merged index and once among the words of phrases; a phrase is then
    tried only where two words in a row are its first two, by comparing numbers.
    """
    lexicon = _lexicon()
    words = _words(folded)
    verdicts: dict[str, tuple[frozenset[RemovalGround] | None, frozenset[int]]] = {}
    for word in words:
        if word not in verdicts:
            verdicts[word] = (_word_verdict(lexicon, word), _phrase_words(lexicon, word))
    grounds: set[RemovalGround] = set()
    for word in verdicts:
        grounds |= verdicts[word][0] or frozenset()
    numbers = [verdicts[word][1] for word in words]
    for position, (here, after) in enumerate(itertools.pairwise(numbers)):
        if not (here and after):
            continue
        for pair in itertools.product(here, after):
            for seq, ground in lexicon.phrases.get(pair, ()):
                rest = numbers[position + 2 : position + len(seq)]
                if len(rest) == len(seq) - 2 and all(
                    number in found for number, found in zip(seq[2:], rest, strict=True)
                ):
                    grounds.add(ground)
    return grounds


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
    * Curses count as :attr:`~RemovalGround.PROFANITY`: single words that
      only curse (``psiakrew``, ``szlag``, ``cholerny``, ``dammit``) and
      phrases of ordinary words in a row (``cholera jasna``, ``do diabła``,
      ``niech to szlag``, ``go to hell``, ``what the hell``), whose words are
      read like any other word. Alone, ``cholera`` (also the disease),
      ``diabeł`` and ``hell`` are not curses. Minced oaths said *instead of*
      a curse (``kurczę``, ``kurde``, ``do licha``, ``psiakość``,
      ``cholernie`` as in "cholernie szybko", ``darn``, ``heck``) are mild
      euphemisms and are not flagged.

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
