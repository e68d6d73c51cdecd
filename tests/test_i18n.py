"""Polish and English: the catalogs, the language switch, numbers and the report's texts.

The catalog checks read the messages straight from the code with Babel (the
same extraction ``scripts/messages.py extract`` runs), so a message added
without its Polish translation fails here, as does a ``.mo`` left stale.
"""

from __future__ import annotations

import gettext
import re
import string
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from sellerquality import WARSAW, Money, Outcome, current_language, default_language, language
from sellerquality._i18n import catalog, ngettext
from sellerquality._text import count, decimal, duration, percent
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2024_04_15,
    Area,
    Forecast,
    Grade,
    QualityReport,
    SellerActivity,
    check_discussion_limit,
    deadlines,
    deal_zone,
    explain_change,
    forecast,
    sales_quality,
    super_seller,
)
from sellerquality.examples import AS_OF, load_example
from sellerquality.exceptions import InvalidValueError
from strategies import START, activities

ROOT = Path(__file__).resolve().parent.parent
LOCALE = resources.files("sellerquality").joinpath("locale")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "NP_": ((1, "c"), 2),
}


def _polish_catalog() -> Catalog:
    path = LOCALE.joinpath("pl", "LC_MESSAGES", "sellerquality.po")
    with path.open("rb") as file:
        return read_po(file, locale="pl")


def _extracted() -> dict[tuple[str, str | None], tuple[str, ...]]:
    """Every message in the code and the template: (singular, context) -> its ids.

    Babel reads the HTML template with Jinja2's extractor, which the [report]
    extra brings (the tests group installs it): without it there is nothing
    to compare the catalog with, and the catalog tests say so by skipping.
    """
    pytest.importorskip("jinja2", reason="the template's messages need Jinja2's extractor")
    method_map = [
        ("src/sellerquality/**/templates/**.html", "jinja2"),
        ("src/sellerquality/**.py", "python"),
    ]
    found: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found[(ids[0], context)] = ids
    return found


def _texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A catalog entry's id or string as a tuple: one text, or each plural form."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class TestCatalog:
    def test_every_message_in_the_code_has_a_polish_translation(self) -> None:
        """Issue 15: a message without Polish (or fuzzy, or missing a plural form) fails."""
        messages = _extracted()
        polish = _polish_catalog()
        assert len(messages) > 150  # the extraction really read the code
        missing = []
        for (singular, context), ids in sorted(messages.items(), key=str):
            entry = polish.get(singular, context=context)
            if entry is None or entry.fuzzy:
                missing.append(singular)
                continue
            forms = _texts(entry.string)
            if (len(ids) == 2 and len(forms) != 3) or not all(forms):
                missing.append(singular)
        assert missing == []

    def test_no_message_hides_inside_an_f_string(self) -> None:
        """A _("...") inside an f-string is invisible to the extractor, so never translated."""
        hidden = [
            f"{path.relative_to(ROOT)}:{number}"
            for path in sorted((ROOT / "src" / "sellerquality").rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\{\s*(_|gettext|ngettext|pgettext)\(", line)
        ]
        assert hidden == []

    def test_polish_has_three_plural_forms(self) -> None:
        """Polish: 1 ocena, 2-4 oceny (but 12-14 ocen), 5-21 ocen, 22-24 oceny."""
        polish = catalog("pl")
        forms = {
            n: polish.ngettext("{n} warning", "{n} warnings", n) for n in (1, 2, 5, 12, 22, 112)
        }
        assert forms == {
            1: "{n} ostrzeżenie",
            2: "{n} ostrzeżenia",
            5: "{n} ostrzeżeń",
            12: "{n} ostrzeżeń",
            22: "{n} ostrzeżenia",
            112: "{n} ostrzeżeń",
        }

    def test_translations_keep_every_placeholder(self) -> None:
        """A translation names exactly the fields its English message fills."""
        wrong = []
        for entry in _polish_catalog():
            if not entry.id:
                continue
            ids, forms = _texts(entry.id), _texts(entry.string)
            expected = set().union(*(_fields(i) for i in ids))
            wrong += [(ids[0], form) for form in forms if _fields(form) != expected]
        assert wrong == []

    def test_the_compiled_catalog_is_the_po(self) -> None:
        """The shipped .mo says what the .po says (run scripts/messages.py compile)."""
        compiled_path = LOCALE.joinpath("pl", "LC_MESSAGES", "sellerquality.mo")
        with compiled_path.open("rb") as file:
            compiled = gettext.GNUTranslations(file)
        for entry in _polish_catalog():
            ids, forms = _texts(entry.id), _texts(entry.string)
            if not entry.id:
                continue
            if len(ids) == 2:
                for n, form in ((1, 0), (3, 1), (7, 2)):
                    assert compiled.ngettext(ids[0], ids[1], n) == forms[form]
            elif entry.context:
                assert compiled.pgettext(entry.context, ids[0]) == forms[0]
            else:
                assert compiled.gettext(ids[0]) == forms[0]

    def test_no_catalog_message_is_obsolete(self) -> None:
        """Every message the catalog translates is still used (scripts/messages.py extract)."""
        used = set(_extracted())
        stale = [
            e.id for e in _polish_catalog() if e.id and (_texts(e.id)[0], e.context) not in used
        ]
        assert stale == []


class TestLanguage:
    @pytest.mark.parametrize(
        ("environ", "expected"),
        [
            ({"LANG": "pl_PL.UTF-8"}, "pl"),
            ({"LC_MESSAGES": "pl_PL", "LANG": "en_GB.UTF-8"}, "pl"),
            ({"LC_ALL": "en_US.UTF-8", "LANG": "pl_PL.UTF-8"}, "en"),
            ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "pl"}, "pl"),
            ({"LANG": "C.UTF-8"}, "en"),
            ({"LANG": "de_DE.UTF-8"}, "en"),
            ({"LANG": "pl_PL@euro"}, "pl"),
            ({}, "en"),
        ],
    )
    def test_default_language_reads_the_environment(
        self, environ: dict[str, str], expected: str
    ) -> None:
        """Issue 15: LC_ALL, then LC_MESSAGES, then LANG; installed locales do not matter."""
        assert default_language(environ) == expected

    def test_language_is_restored_after_the_block(self) -> None:
        """Blocks nest; the outer language comes back when a block ends."""
        assert current_language() == "en"
        with language("pl"):
            assert current_language() == "pl"
            with language(None):
                assert current_language() == "pl"
            with language("en"):
                assert Grade.GOOD.label == "Good"
            assert Grade.GOOD.label == "Dobry"
        assert current_language() == "en"

    def test_an_unknown_language_is_refused(self) -> None:
        """Only en and pl are written; anything else is a clear error naming the value."""
        with pytest.raises(InvalidValueError, match="de"), language("de"):
            pass  # pragma: no cover

    def test_each_thread_has_its_own_language(self) -> None:
        """The language is context-local: a Polish block does not leak into another thread."""
        seen: list[str] = []
        inside = threading.Event()
        done = threading.Event()

        def english() -> None:
            inside.wait()
            seen.append(Grade.SUPER_PLUS.label + "|" + Grade.UNACCEPTABLE.label)
            done.set()

        thread = threading.Thread(target=english)
        thread.start()
        with language("pl"):
            inside.set()
            done.wait()
            assert Grade.UNACCEPTABLE.label == "Nieakceptowalny"
        thread.join()
        assert seen == ["Super+|Unacceptable"]


class TestWords:
    def test_grade_names_as_allegro_writes_them(self) -> None:
        """SQ-3 with Allegro's Polish names."""
        with language("pl"):
            labels = [grade.label for grade in Grade]
        assert labels == [
            "Super+",
            "Super",
            "Dobry",
            "Neutralny",
            "Wymaga poprawy",
            "Nieakceptowalny",
        ]
        assert [grade.label for grade in Grade] == [
            "Super+",
            "Super",
            "Good",
            "Neutral",
            "Requires improvement",
            "Unacceptable",
        ]

    def test_area_names(self) -> None:
        """SQ-1's five areas as Allegro's panel names them."""
        with language("pl"):
            assert [area.label for area in Area] == [
                "ocena od kupujących",
                "obsługa klienta",
                "atrakcyjność oferty",
                "realizacja zamówień",
                "naruszenia Regulaminu",
            ]
        assert Area.TOS_VIOLATIONS.label == "ToS violations"

    def test_outcome_names(self) -> None:
        """SQ-3's outcomes in words, as the report page and charts show them."""
        with language("pl"):
            assert [outcome.label for outcome in Outcome] == [
                "premia",
                "kara",
                "neutralny",
                "nie dotyczy",
            ]
        assert Outcome.NOT_APPLICABLE.label == "not applicable"

    def test_numbers_in_polish(self) -> None:
        """Decimal comma; thousands grouped with a no-break space from five digits (CLDR pl)."""
        with language("pl"):
            assert percent(Fraction(361, 371)) == "97,3%"
            assert percent(Fraction(97999, 100000), against=Fraction(98, 100)) == "97,999%"
            assert count(1234) == "1234"
            assert count(12345) == "12\u00a0345"
            assert count(-1234567) == "-1\u00a0234\u00a0567"
            assert decimal(Fraction(49, 10), 2) == "4,90"
            assert str(Money(Decimal("148007.78"), "PLN")) == "148\u00a0007,78 PLN"
            assert str(Money(Decimal("1234.5"), "PLN")) == "1234,50 PLN"
            from datetime import timedelta

            assert duration(timedelta(hours=8, minutes=13)) == "8 godz. 13 min"
        assert percent(Fraction(361, 371)) == "97.3%"
        assert count(12345) == "12,345"
        assert str(Money(Decimal("148007.78"), "PLN")) == "148,007.78 PLN"


class TestPolishReport:
    """The bundled example's report at 2026-11-01 in Polish, worked out from the rules."""

    def test_recommendation_rate(self) -> None:
        """SQ-A1: 361 of 371 ratings recommend (97.30%) against 98%.

        Needed: ceil((0.98 * 371 - 361) / 0.02) = ceil(2.58 / 0.02) = 129
        recommending ratings; 129 takes Polish's third form ("ocen").
        """
        report = sales_quality(load_example(), as_of=AS_OF, lang="pl")
        result = report.metrics["RECOMMENDATION_RATE"]
        assert (result.numerator, result.denominator) == (361, 371)
        assert result.explanation == "97,3% z 371 ocen to polecenia; premię daje 98%."
        assert result.to_threshold is not None
        assert result.to_threshold.text == "do premii brakuje: 129 ocen polecających"
        assert result.to_threshold.unit == "recommended ratings"  # units stay codes
        assert result.tip is not None
        assert result.tip.startswith("Sprawdź oferty")

    def test_open_disputes_use_the_two_to_four_form(self) -> None:
        """SQ-B1: three disputes open at as_of: "3 dyskusje" (2-4 form)."""
        report = sales_quality(load_example(), as_of=AS_OF, lang="pl")
        assert report.metrics["OPEN_DISPUTES"].explanation == (
            "Na 2026-11-01T00:00:00+01:00 otwarte są 3 dyskusje; premię daje brak otwartych."
        )

    def test_violation_in_the_singular(self) -> None:
        """SQ-E1: one warning, -50."""
        report = sales_quality(load_example(), as_of=AS_OF, lang="pl")
        assert report.metrics["TOS_VIOLATIONS"].explanation == (
            "1 ostrzeżenie (po -50) w ostatnich 30 dniach: odjęto 50 pkt."
        )

    def test_same_numbers_in_both_languages(self) -> None:
        """Only words change: every value, outcome and point is the same."""
        english = sales_quality(load_example(), as_of=AS_OF)
        polish = sales_quality(load_example(), as_of=AS_OF, lang="pl")
        for code, result in english.metrics.items():
            other = polish.metrics[code]
            assert (other.value, other.outcome, other.points) == (
                result.value,
                result.outcome,
                result.points,
            )
        assert english.metrics["RECOMMENDATION_RATE"].explanation == (
            "97.3% of 371 ratings recommend you; 98% earns the bonus."
        )

    def test_forecast_in_polish(self) -> None:
        """SQ-2: a metric that waiting alone does not fix, in Polish, over 5 days."""
        outlook = forecast(load_example(), as_of=AS_OF, days=5, lang="pl")
        stuck = [m for m in outlook.metrics.values() if m.recovers_on is None]
        assert stuck
        assert stuck[0].explanation == (
            f"{stuck[0].code} nie poprawi się samym czekaniem w ciągu 5 dni; "
            "potrzebne są nowe zdarzenia lub zmiany."
        )


class TestPolishProgrammes:
    """Programme criteria in Polish, on the bundled example at 2026-11-01 (edition 2022)."""

    def test_super_seller_criteria(self) -> None:
        """PR-1.5 names the sanction; PR-1.7 counts 8 of 9 disputes answered in time.

        8/9 = 88.9% against 99%: ceil((0.99 * 9 - 8) / 0.01) = ceil(91) = 91
        more disputes answered on time; 91 takes the third form ("dyskusji").
        """
        with language("pl"):
            result = super_seller(load_example(), as_of=AS_OF, rulebook=EDITION_2022)
        by_rule = {c.code: c for c in result.criteria}
        assert by_rule["NO_WARNINGS_OR_BLOCKS"].shortfall == (
            "ostrzeżenie z 2026-10-12 blokuje do 2026-11-11"
        )
        disputes = by_rule["DISPUTES_ON_TIME"]
        assert disputes.actual == Fraction(8, 9)
        assert disputes.shortfall is not None
        assert disputes.shortfall.startswith("88,9% z 9: brakuje 91 dyskusji z odpowiedzią na czas")
        assert by_rule["RATINGS_12_MONTHS"].description == (
            "co najmniej 100 ocen w ostatnich 12 miesiącach"
        )

    def test_two_to_four_form_in_a_criterion(self) -> None:
        """PR-2's words for 2 and 3: "co najmniej 3 oceny" takes the 2-4 form.

        "brakuje" (is missing) takes the genitive, so its 2-4 form is "2 ocen".
        """
        with language("pl"):
            assert ngettext("needs {n} more rating", "needs {n} more ratings", 2) == (
                "brakuje {n} ocen"
            )
            assert (
                ngettext(
                    "at least {n} rating over the last {days} days",
                    "at least {n} ratings over the last {days} days",
                    3,
                )
                == "co najmniej {n} oceny w ostatnich {days} dniach"
            )

    def test_english_unchanged_after_polish(self) -> None:
        """The same criterion in English after a Polish block (PR-1.5)."""
        with language("pl"):
            super_seller(load_example(), as_of=AS_OF, rulebook=EDITION_2022)
        result = super_seller(load_example(), as_of=AS_OF, rulebook=EDITION_2022)
        by_rule = {c.code: c for c in result.criteria}
        assert by_rule["NO_WARNINGS_OR_BLOCKS"].shortfall == (
            "a warning on 2026-10-12 blocks until 2026-11-11"
        )


class TestPolishDeadlines:
    """Deadlines and the discussion cap in Polish (DI-3…DI-5, SQ-B5, T&C 2024-04-15)."""

    def test_message_reply_uses_the_two_to_four_form(self) -> None:
        """SQ-B5's 24 business hours: "24 godziny" (24 ends in 4 and is not 14)."""
        with language("pl"):
            entries = deadlines(load_example(), as_of=AS_OF, rulebook=EDITION_2024_04_15)
        reply = next(e for e in entries if e.record_id == "m-00735")
        assert reply.overdue
        assert reply.action == (
            "Odpowiedz na wiadomość od kupującego m-00735, nawet jeśli powtarza wcześniejsze "
            "pytanie (24 godziny w dni robocze (bez weekendów i polskich świąt ustawowych) "
            "na odpowiedź)"
        )

    def test_discussion_cap_with_no_agreements(self) -> None:
        """DI-4: nothing counted, 2 allowed; "0 umowach" takes the third form."""
        with language("pl"):
            result = check_discussion_limit(
                SellerActivity(), as_of=datetime(2024, 6, 1, tzinfo=WARSAW)
            )
        assert result.description.rpartition("; ")[2] == (
            "teraz 0 z 2 dozwolonych przy 0 umowach, więc możesz mieć jeszcze 2"
        )

    def test_the_deadlines_page(self) -> None:
        """The page's header: 1,382 open and 5 overdue at 2026-11-01, as in English."""
        done = subprocess.run(
            [sys.executable, "-m", "sellerquality", "deadlines", "--example", "--lang", "pl"],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
            check=True,
        )
        assert done.stdout.splitlines()[0] == (
            "Terminy na 2026-11-01T00:00:00+01:00 (edycja zasad 2024-04-15): "
            "otwarte 1382, po terminie 5"
        )
        assert done.stdout.splitlines()[1].startswith("ZALEGŁE 2026-10-19T15:07:51+02:00")


class TestLangKeyword:
    def test_every_text_writing_function_takes_lang(self) -> None:
        """lang="pl" on programmes, deadlines and explain_change, as on sales_quality.

        PR-1.5: the example's warning of 2026-10-12 blocks for 30 days, until
        2026-11-11; PR-4 needs at least NEUTRAL; the 2026-10-13 result has 347
        ratings, 340 of them recommending (97.98%).
        """
        activity = load_example()
        seller = super_seller(activity, as_of=AS_OF, rulebook=EDITION_2022, lang="pl")
        sanctions = next(c for c in seller.criteria if c.code == "NO_WARNINGS_OR_BLOCKS")
        assert sanctions.shortfall == "ostrzeżenie z 2026-10-12 blokuje do 2026-11-11"
        zone = deal_zone(sales_quality(activity, as_of=AS_OF), lang="pl")
        assert zone.criteria[0].description == "ocena jakości sprzedaży co najmniej NEUTRAL"
        change = explain_change(
            activity, before=date(2026, 10, 12), after=date(2026, 10, 13), lang="pl"
        )
        assert change.metrics[0].after.explanation == (
            "97,98% z 347 ocen to polecenia; premię daje 98%."
        )
        (first, *_rest) = deadlines(activity, as_of=AS_OF, lang="pl")
        assert first.action.startswith("Odpowiedz na wiadomość od kupującego m-00735")
        assert current_language() == "en"


def _texts_of(report: QualityReport, outlook: Forecast) -> list[str]:
    """Every text a report and its forecast write for people."""
    texts = [report.grade.label, *report.tips]
    for result in report.metrics.values():
        texts += [result.explanation, result.outcome.label, Area(result.area).label]
        if result.to_threshold is not None:
            texts.append(result.to_threshold.text)
    texts += [item.explanation for item in outlook.metrics.values()]
    return texts


class TestRandomSellers:
    @given(activity=activities(), days=st.integers(min_value=0, max_value=150))
    def test_only_the_words_change(self, activity: SellerActivity, days: int) -> None:
        """For any seller: the same numbers in both languages, and every Polish text complete.

        A Polish text never keeps a placeholder ("{n}") a translation failed to
        fill, and its percentages carry a decimal comma, never a point.
        """
        as_of = START + timedelta(days=days)  # the strategies' records span START + 120 days
        english = sales_quality(activity, as_of=as_of)
        polish = sales_quality(activity, as_of=as_of, lang="pl")
        assert (polish.score, polish.grade, polish.max_score) == (
            english.score,
            english.grade,
            english.max_score,
        )
        for code, result in english.metrics.items():
            other = polish.metrics[code]
            assert (other.value, other.outcome, other.points, other.culprits) == (
                result.value,
                result.outcome,
                result.points,
                result.culprits,
            )
        outlook = forecast(activity, as_of=as_of, days=3, lang="pl")
        for text in _texts_of(polish, outlook):
            assert text
            assert "{" not in text
            assert "}" not in text
            assert re.search(r"\d\.\d+%", text) is None, text


class TestCommandLine:
    def _run(self, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sellerquality", *args],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", **env},
            check=False,
        )

    def test_lang_pl(self) -> None:
        """The report with --lang pl: the page in Polish, 183 of 500 points, grade GOOD (Dobry)."""
        done = self._run("report", "--example", "--lang", "pl", env={})
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == "Jakość sprzedaży Dobry (GOOD): 183 z 500 pkt"
        lines = done.stdout.splitlines()
        assert lines[3] == "Ocena od kupujących: -10 z 110"
        assert lines[4].split() == ["wskaźnik", "wartość", "próg", "wynik", "pkt"]

    def test_lang_from_the_environment(self) -> None:
        """LANG=pl_PL.UTF-8 gives Polish even where that locale is not installed; LC_ALL wins."""
        polish = self._run("report", "--example", env={"LANG": "pl_PL.UTF-8"})
        assert polish.stdout.startswith("Jakość sprzedaży Dobry (GOOD)")
        english = self._run("report", "--example", env={"LC_ALL": "C", "LANG": "pl_PL.UTF-8"})
        assert english.stdout.startswith("Sales quality GOOD (Dobry): 183 of 500 points")
        forced = self._run("report", "--example", "--lang", "en", env={"LANG": "pl_PL.UTF-8"})
        assert forced.stdout.startswith("Sales quality GOOD")

    def test_an_unknown_language_exits_2(self) -> None:
        """--lang de is a usage error: exit 2 with argparse's one line."""
        done = self._run("report", "--example", "--lang", "de", env={})
        assert done.returncode == 2
        assert "invalid choice: 'de'" in done.stderr

    def test_untranslated_commands_stay_english(self) -> None:
        """The validate command writes English whatever LANG says (its texts have no catalog)."""
        done = self._run("validate", "--example", env={"LANG": "pl_PL.UTF-8"})
        assert done.returncode == 0
        assert "ą" not in done.stdout
        assert "ę" not in done.stdout
