"""Grounds for removing a rating, from its comment's text (RA-2).

Realistic buyer comments in Polish and English, both ways: plain praise and
plain criticism must come out clean; profanity, insults, personal data and
contact details outside Allegro must be flagged, also when obfuscated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerquality.allegro import RemovalGround, removal_grounds
from sellerquality.allegro._removal import _parse_word_list, _word_lists
from sellerquality.exceptions import InvalidTypeError, InvalidValueError

P = RemovalGround.PROFANITY
D = RemovalGround.PERSONAL_DATA
C = RemovalGround.EXTERNAL_CONTACT
I = RemovalGround.INSULT  # noqa: E741 - one letter like its neighbours

CLEAN = [
    "Wszystko zgodnie z opisem, szybka wysyłka. Polecam!",
    "Super sprzedawca, paczka dotarła w 24h. 5/5",
    "Towar OK, ale kurier spóźnił się 2 dni. Kontakt ze sprzedawcą bardzo dobry.",
    "Cena 39,99 zł to okazja, w sklepie stacjonarnym 59,99 zł.",
    "Zamówienie z 12.03.2024 dotarło 14.03.2024, wszystko gra.",
    "Produkt idiotoodporny, montaż w 5 minut. Polecam każdemu.",
    "Jestem oszołomiony jakością wykonania, 10/10!",
    "Kurtka ładna, ale rękawy za długie – odesłałam, zwrot pieniędzy błyskawiczny.",
    "Nr zamówienia 1234567890, faktura przyszła mailem w systemie Allegro.",
    "Dostałem duplikat faktury bez problemu, sukces!",
    "Pan Skurzewski bardzo pomocny przy wyborze rozmiaru.",
    "Polecam sklep na allegro.pl, na pewno wrócę. https://allegro.pl/uzytkownik/sklep",
    "Wszystko ok.Co do paczki – była solidnie zapakowana.",
    "Szachownica świetna, szachuj i matuj ile chcesz :)",
    "Sprzedawca zaniechał wysyłki kurierem, wybrał paczkomat – i dobrze.",
    "Bardzo słaba jakość, materiał się mechaci po pierwszym praniu. Nie polecam.",
    "Paczka przyszła uszkodzona, ale sprzedawca wysłał nową. Ocena 4/5.",
    "Za 2 szt. zapłaciłem 1 299,00 zł, przesyłka 620123456789012345678901.",
    "Great seller, fast shipping, item exactly as described. Thanks!",
    "The jacket is a bit looser than expected but good quality.",
    "Assessment: a solid product, the class of its own. 5*****",
    "Shiitake mushroom growing kit arrived in perfect shape.",
    "Not as described: the colour is darker. Seller refunded quickly.",
    "Kod rabatowy 12-345 nie zadziałał, ale obsługa pomogła.",
    "Dostawa w ciągu 2-3 dni roboczych, 100% zadowolenia.",
    # Minced oaths, said instead of a curse, are plain speech.
    "Kurczę, paczka szła tydzień, ale towar super.",
    "Kurde, myślałem że nie dojdzie, a tu niespodzianka.",
    "Motyla noga, zapomniałem zamówić drugą sztukę!",
    "Jasny gwint, jak szybko! Polecam.",
    "Co do licha, znowu kurier zgubił awizo – sprzedawca bez winy.",
    "Psiakość, rozmiar za mały, ale zwrot bez problemu.",
    # "Cholera" and "diabeł" alone are the disease and the devil; "szlagier" is a hit.
    "Książka o epidemii cholery w XIX wieku, stan idealny.",
    "Strój diabła dla syna na bal, rogi świecą. Cholernie szybka wysyłka!",
    "Płyta z szlagierami lat 80., szlak do paczkomatu krótki.",
    "Choleryk ze mnie, ale tu nie mam się do czego przyczepić.",
    "Heck, it arrived a day early. Darn good value!",
    "A hell of a deal, and the seller said hello in the parcel.",
]

FLAGGED = [
    # Profanity, Polish, in inflected and prefixed forms.
    ("Kurwa, trzy tygodnie czekałem na paczkę!", {P}),
    ("Wkurwiony jestem, towar do niczego.", {P}),
    ("Zajebisty sprzedawca, wszystko śmiga.", {P}),
    ("Chujowa jakość, szkoda kasy.", {P}),
    ("Spierdalaj z takim towarem", {P}),
    ("Ja pierdolę, co za szajs.", {P}),
    # Obfuscated.
    ("k*rwa, znowu to samo", {P}),
    ("K.U.R.W.A. mać", {P}),
    ("k u r w a, brak słów", {P}),
    ("kurrrrwa ile można czekać", {P}),
    ("j3bać taki sklep", {P}),
    ("sp13rd4l4j", {P}),
    ("ch#j wie gdzie jest paczka", {P}),
    # English.
    ("What the fuck, it broke in a day", {P}),
    ("f**k this shop", {P}),
    ("Total bullshit, never again", {P}),
    # Curses (przekleństwa) made of ordinary words.
    ("Cholera jasna, trzeci raz zepsute!", {P}),
    ("Jasna cholera, gdzie jest moja paczka", {P}),
    ("Co to ma być, do cholery?", {P}),
    ("Do jasnej cholery, odpiszcie wreszcie", {P}),
    ("Niech to cholera weźmie, nie działa", {P}),
    ("Idź do diabła z takim towarem", {P}),
    ("Niech to szlag trafi, przyszło rozbite", {P}),
    ("Szlag mnie trafia, jak czytam te wymówki", {P}),
    ("Psiakrew, znowu to samo", {P}),
    ("Psia krew, źle zapakowane", {P}),
    ("Niech to diabli, kolor inny niż na zdjęciu", {P}),
    ("Cholerny kurier rzucił paczką", {P}),
    ("Damn it, the zip broke on day one", {P}),
    ("Dammit, wrong size again", {P}),
    ("Go to hell with your excuses", {P}),
    ("Where the hell is my parcel?", {P}),
    ("Bloody hell, it is not even the right colour", {P}),
    ("Screw you and your shop", {P}),
    # Insults.
    ("Sprzedawca to oszust i złodziej!", {I}),
    ("OSZUŚCI!!! Nie kupujcie tutaj", {I}),
    ("Idiota nie umie zapakować paczki", {I}),
    ("Debil za ladą, chamska obsługa", {I}),
    ("Seller is a scammer and a liar", {I}),
    ("Stupid seller, idiotic packaging", {I}),
    # Both.
    ("Skurwysyn mnie oszukał", {P, I}),
    ("Ty debilu, kurwa, oddaj kasę", {P, I}),
    # Contact details and personal data.
    ("Zamiast Allegro pisz na jan.kowalski@gmail.com", {C, D}),
    ("Kontakt: jan(at)wp.pl", {C, D}),
    ("Dzwońcie: 500 600 700", {C, D}),
    ("tel. +48 500-600-700, taniej niż tu", {C, D}),
    ("Numer 0048500600700 – odbierze właściciel", {C, D}),
    ("Sklep stacjonarny: (22) 123-45-67", {C, D}),
    ("Infolinia 22 123 45 67", {C, D}),
    ("Taniej na sklep-abc.pl", {C}),
    ("Zobacz www.x.com zanim kupisz", {C}),
    ("Link: https://tinyurl.com/abc123", {C}),
    ("PESEL kuriera 85010112345 – niech się wstydzi", {D}),
    ("Wysłałem na ul. Długa 5/3, a doszło gdzie indziej", {D}),
    ("Adres: 00-950 Warszawa, a paczka w Krakowie", {D}),
    ("Mieszkam na os. Tysiąclecia 12", {D}),
    # Everything at once.
    ("Oszust! Kurwa, dzwoń 500600700 albo pisz na kontakt@sklep-abc.pl", {P, I, C, D}),
]


class TestComments:
    @pytest.mark.parametrize("comment", CLEAN)
    def test_clean_comments_yield_nothing(self, comment: str) -> None:
        """RA-2: praise and plain criticism give no ground, prices and dates included."""
        assert removal_grounds(comment) == frozenset()

    @pytest.mark.parametrize(("comment", "grounds"), FLAGGED)
    def test_flagged_comments(self, comment: str, grounds: set[RemovalGround]) -> None:
        """RA-2: profanity, insults, personal data and off-site contact are flagged."""
        assert removal_grounds(comment) == grounds

    def test_enough_examples(self) -> None:
        """At least 30 realistic comments each way."""
        assert len(CLEAN) >= 25
        assert len(FLAGGED) >= 30
        assert len(CLEAN) + len(FLAGGED) >= 60


class TestNotContact:
    @pytest.mark.parametrize(
        "text",
        [
            "39,99 zł",
            "1 299,99 zł",
            "123 456 789,00 zł",
            "12.03.2024",
            "2024-03-12 10:30",
            "5/5",
            "zamówienie 12345678",
            "zamówienie 1234567890",
            "zamówienie 1234567890123",
            "2 500 600 700",
            "500600700zł",
            "Dzwoń 0 22 123 45 67 (old trunk prefix is not recognised)",
            "kod 12-345 sztuk",
            "allegrolokalnie.pl",
            "www.allegro.pl/moje-allegro",
            "koniec.Pl",
            "It works.It is great",
            "m.in. etui, itd. Polecam",
        ],
    )
    def test_numbers_and_words_that_are_not_contacts(self, text: str) -> None:
        """RA-2: prices, dates, ratings, other-length numbers and Allegro's own links pass."""
        assert removal_grounds(text) == frozenset()

    @pytest.mark.parametrize(
        "phone",
        [
            "500600700",
            "500 600 700",
            "500-600-700",
            "+48500600700",
            "+48 500 600 700",
            "(+48) 500 600 700",
            "0048 500 600 700",
            "22 123 45 67",
            "(22) 123-45-67",
            "22-123-45-67",
            "+48 22 123 45 67",
        ],
    )
    def test_phone_forms(self, phone: str) -> None:
        """RA-2: Polish mobile and landline forms, with or without +48/0048."""
        assert removal_grounds(f"tel. {phone}.") == {C, D}

    def test_email_is_both_contact_and_personal(self) -> None:
        """RA-2: an e-mail address is a contact outside Allegro and personal data."""
        assert removal_grounds("a.b-c+d@example.co.uk") == {C, D}

    def test_link_is_contact_only(self) -> None:
        """RA-2: a link is a contact outside Allegro but no personal data."""
        assert removal_grounds("http://example.org/x?y=1") == {C}

    def test_empty_host_link(self) -> None:
        """A bare scheme still points outside Allegro."""
        assert removal_grounds("patrz http:// tutaj") == {C}


class TestWords:
    @pytest.mark.parametrize(
        "word",
        [
            "Skurzewski",  # a surname: "skurz" is not "skurw"
            "duplikat",
            "sukces",
            "sukienka",
            "szachuj",
            "zaniechuj",
            "poniechuj",
            "okutasz",
            "wydębili",
            "oszołomiony",
            "idiotoodporny",
            "somatologia",
            "kombinatoryka",
            "baranina",
            "champion",
            "szmatka",
            "ciuła",
            "jebel",
            "gown",
            "assess",
            "assembly",
            "class",
            "as",
            "looser",
            "scampi",
            "dumbbell",
            "retardant",
            "debilitating",
            "shiitake",
            "shitake",
            "cocktail",
            "Dickens",
            "cholera",
            "cholernie",
            "cholernik",
            "choleryk",
            "cholesterol",
            "szlagier",
            "szlak",
            "szlachta",
            "psiakość",
            "psiarnia",
            "diabeł",
            "diabelnie",
            "kurczę",
            "kurde",
            "hell",
            "hello",
            "shell",
            "dammed",
            "damming",
            "damnation",
        ],
    )
    def test_innocent_words(self, word: str) -> None:
        """RA-2: ordinary words sharing letters with a listed stem are not flagged."""
        assert removal_grounds(word) == frozenset()

    @pytest.mark.parametrize(
        "word",
        ["wkurwiony", "skurwiel", "popierdolony", "niedojebany", "rozpierdalać", "zjebany"],
    )
    def test_prefixed_forms(self, word: str) -> None:
        """RA-2: Polish prefixes, alone or after nie-/po-, before a stem."""
        assert P in removal_grounds(word)

    @pytest.mark.parametrize(
        "text",
        ["kurw@", "KURWA", "Kurwą", "k-u-r-w-a", "kuuurwa", "k**wa", "p1zda", "chuj!", "*kurwa*"],
    )
    def test_obfuscations(self, text: str) -> None:
        """RA-2: case, signs for letters, separators, repeats and masks are undone."""
        assert removal_grounds(text) == {P}

    @pytest.mark.parametrize("text", ["a*", "k***a", "*****", "j**", "d*"])
    def test_masks_need_real_letters(self, text: str) -> None:
        """A mask stands for at most as many letters as are written, never the first."""
        assert removal_grounds(text) == frozenset()

    def test_diacritics_are_folded(self) -> None:
        """RA-2: "złodziej" and "zlodziej" are the same word."""
        assert removal_grounds("złodziej") == removal_grounds("zlodziej") == {I}

    def test_spelled_out_needs_three_letters(self) -> None:
        """Single letters join only from three in a row: "a i" stays two words."""
        assert removal_grounds("a i w z") == frozenset()


class TestWordLists:
    def test_loaded_once(self) -> None:
        """The bundled lists are read once and cached."""
        assert _word_lists() is _word_lists()

    def test_six_lists(self) -> None:
        """RA-2: Polish and English profanity, curses and insults, each with entries."""
        grounds = [word_list.ground for word_list in _word_lists()]
        assert grounds == [P, P, P, P, I, I]
        assert all(word_list.entries for word_list in _word_lists())

    def test_parse_format(self) -> None:
        """Comments and blanks are skipped; stems end in *, exceptions start with !."""
        parsed = _parse_word_list(
            "# header\n\nŁotr*\n!łotrzyk\nzbój\n",
            name="t.txt",
            ground=I,
            prefixes=frozenset({""}),
        )
        assert [(e.text, e.stem) for e in parsed.entries["l"]] == [("lotr", True)]
        assert [(e.text, e.stem) for e in parsed.exceptions["l"]] == [("lotrzyk", False)]
        assert parsed.entries["z"][0].runs == (("z", 1), ("b", 1), ("o", 1), ("j", 1))
        assert parsed.phrases == {}

    def test_parse_phrases(self) -> None:
        """A line of words one space apart is a phrase, indexed by its first letter."""
        parsed = _parse_word_list(
            "Do diabła\nniech to szlag*\n", name="t.txt", ground=P, prefixes=frozenset({""})
        )
        assert parsed.entries == {}
        (phrase,) = parsed.phrases["d"]
        assert phrase.text == "do diabla"
        assert [(e.text, e.stem) for e in phrase.words] == [("do", False), ("diabla", False)]
        (phrase,) = parsed.phrases["n"]
        assert [(e.text, e.stem) for e in phrase.words][-1] == ("szlag", True)

    @pytest.mark.parametrize(
        ("line", "why"),
        [
            ("bad-word", "a sign in a word"),
            ("niech  to", "two spaces"),
            ("a niech to", "a one-letter word in a phrase"),
            ("!do diabła", "an exception that is a phrase"),
            ("kurw4", "a digit"),
        ],
    )
    def test_bad_entry_is_refused(self, line: str, why: str) -> None:
        """An entry that is not a word, stem, exception or phrase names the list and line."""
        with pytest.raises(InvalidValueError, match=r"word list t\.txt: line 2 ") as caught:
            _parse_word_list(f"ok\n{line}\n", name="t.txt", ground=P, prefixes=frozenset({""}))
        assert repr(line) in str(caught.value), why


class TestArguments:
    def test_not_a_string(self) -> None:
        """A non-string is refused with the type named."""
        with pytest.raises(InvalidTypeError, match="is a bytes; expected str"):
            removal_grounds(b"kurwa")  # type: ignore[arg-type]

    def test_empty(self) -> None:
        """An empty comment gives nothing."""
        assert removal_grounds("") == frozenset()


# Comments are untrusted: these are inputs on which a backtracking search once
# took time quadratic in their length ("ul." * 33_334 took over two minutes). They
# are checked for the right answer, not timed: the patterns are built so that no
# search reads more than a bounded stretch from where it starts (see _STREET in
# the module), and a regression would show here as a run of minutes.
LONG = 100_000
PATHOLOGICAL = {
    "ul.": "ul." * (LONG // 3),
    "ul. spaced": "ul. " * (LONG // 4),
    "ul. name": "ul. a" * (LONG // 5),
    "ul. five words": "ul. a b c d e 1 " * (LONG // 16),
    "aleja": "aleja" * (LONG // 5),
    "osiedle": ("osiedle " + "a" * 10 + " ") * (LONG // 19),
    "spaces": "ul." + " " * LONG,
    "letters": "a" * LONG,
    "dots": "a." * (LONG // 2) + "x",
    "dashes": ("a" * 60 + "-") * (LONG // 61),
    "digits": "1" * LONG,
    "digit pairs": "1 " * (LONG // 2),
    "postal": "12-345 " * (LONG // 7),
    "masks": "k*" * (LONG // 2),
    "www": "www." * (LONG // 4),
    "at": "a(at)" * (LONG // 5),
    "at spaced": "a (at) " * (LONG // 7),
    "words": "do do do " * (LONG // 9),
}


class TestLongInput:
    @pytest.mark.parametrize("name", sorted(set(PATHOLOGICAL) - {"www"}))
    def test_pathological_runs_are_clean(self, name: str) -> None:
        """RA-2: 100,000 characters of a repeated near-miss give no ground."""
        assert removal_grounds(PATHOLOGICAL[name]) == frozenset()

    def test_www_run_is_one_link(self) -> None:
        """RA-2: "www.www.…" is one link outside Allegro, found in one pass."""
        assert removal_grounds(PATHOLOGICAL["www"]) == {C}

    @pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
    def test_a_real_address_after_the_run_is_found(self, name: str) -> None:
        """RA-2: after any pathological run, a street address is still found."""
        grounds = removal_grounds(PATHOLOGICAL[name] + " Wysłałem na ul. Długa 5/3")
        assert D in grounds

    @pytest.mark.parametrize("name", ["ul.", "letters", "words", "masks"])
    def test_a_curse_after_the_run_is_found(self, name: str) -> None:
        """RA-2: after a long run, a curse at the very end is still found."""
        assert removal_grounds(PATHOLOGICAL[name] + " niech to szlag") == {P}

    def test_street_name_words_are_bounded(self) -> None:
        """RA-2: a street name word of up to 40 letters is read; a longer run is no name."""
        assert removal_grounds("ul. " + "a" * 40 + " 5") == {D}
        assert removal_grounds("ul. " + "a" * 41 + " 5") == frozenset()


NEIGHBOURS = Path(__file__).parent / "data" / "removal" / "dictionary_pl_curse_neighbours.txt"
# Hand-checked: the words of that dictionary extract that are curses. Every
# other word in it (choleryk, cholesterol, szlachta, szlagier, psiarnia …) is not.
DICTIONARY_CURSES = frozenset(
    {
        "cholerny", "cholerna", "cholerną", "cholerne", "cholernego", "cholernej",
        "cholernemu", "cholerni", "cholernych", "cholernym", "cholernymi",
        "cholerniejsi", "cholerniejsza", "cholerniejszą", "cholerniejsze",
        "cholerniejszego", "cholerniejszej", "cholerniejszemu", "cholerniejszy",
        "cholerniejszych", "cholerniejszym", "cholerniejszymi",
        "psiakrew", "psiamać", "szlag",
    }
)  # fmt: skip


def _dictionary_words() -> list[str]:
    lines = NEIGHBOURS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


class TestCurses:
    def test_dictionary_neighbours(self) -> None:
        """RA-2: of the dictionary words that begin like a one-word curse, only curses flag."""
        words = _dictionary_words()
        assert len(words) > 1_900
        assert set(words) >= DICTIONARY_CURSES
        flagged = {word for word in words if removal_grounds(word)}
        assert flagged == DICTIONARY_CURSES
        assert all(removal_grounds(word) == {P} for word in DICTIONARY_CURSES)

    @pytest.mark.parametrize(
        "text",
        [
            "do diabła",
            "DO DIABŁA",
            "do diabla",
            "d0 d1abła",
            "do d*abła",
            "cholera   jasna",
            "cholera, jasna!",
            "go to hell",
            "go to heeell",
        ],
    )
    def test_phrases_are_read_like_words(self, text: str) -> None:
        """RA-2: a phrase's words are read like any word; spacing and commas do not matter."""
        assert removal_grounds(text) == {P}

    @pytest.mark.parametrize(
        "text",
        [
            "do",
            "diabła do",
            "do strój diabła",
            "cholera",
            "jasna",
            "hell",
            "go to",
            "to hell",
            "dodiabła",
        ],
    )
    def test_a_phrase_needs_all_its_words_in_a_row(self, text: str) -> None:
        """RA-2: part of a phrase, or its words apart or in another order, is no curse."""
        assert removal_grounds(text) == frozenset()

    def test_a_phrase_at_the_end(self) -> None:
        """RA-2: a phrase that ends the comment is found; one cut short is not."""
        assert removal_grounds("Towar ok, ale kurier, do diabła") == {P}
        assert removal_grounds("Towar ok, ale kurier, do") == frozenset()
