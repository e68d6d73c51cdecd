"""Grounds for removing a rating, from its comment's text (RA-2).

Realistic buyer comments in Polish and English, both ways: plain praise and
plain criticism must come out clean; profanity, insults, personal data and
contact details outside Allegro must be flagged, also when obfuscated.
"""

from __future__ import annotations

import time

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

    def test_four_lists(self) -> None:
        """Polish and English profanity and insults, each with entries."""
        grounds = [word_list.ground for word_list in _word_lists()]
        assert grounds == [P, P, I, I]
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

    def test_bad_entry_is_refused(self) -> None:
        """An entry with other than letters names the list and the line."""
        with pytest.raises(InvalidValueError, match=r"word list t\.txt: line 2 'bad word'"):
            _parse_word_list("ok\nbad word\n", name="t.txt", ground=P, prefixes=frozenset({""}))


class TestArguments:
    def test_not_a_string(self) -> None:
        """A non-string is refused with the type named."""
        with pytest.raises(InvalidTypeError, match="is a bytes; expected str"):
            removal_grounds(b"kurwa")  # type: ignore[arg-type]

    def test_empty(self) -> None:
        """An empty comment gives nothing."""
        assert removal_grounds("") == frozenset()


class TestLongInput:
    @pytest.mark.parametrize(
        "text",
        [
            "a" * 100_000,
            "a." * 20_000 + "x",
            "1" * 100_000,
            "k*" * 50_000,
            ("a" * 60 + "-") * 2_000,
        ],
    )
    def test_linear_time(self, text: str) -> None:
        """Long runs without a match take linear time (a quadratic search once took minutes)."""
        started = time.perf_counter()
        assert removal_grounds(text) == frozenset()
        assert time.perf_counter() - started < 5
