"""Programme criteria (PR-1…PR-4) and the programmes page in Polish, on the bundled example.

The example (``sellerquality.examples``) at 2026-11-01 00:00 Warsaw: 633 ratings
in its 60 days, 619 of them recommending; one dispute (d-011) marked unresolved
on 2026-10-19; 1,017 completed transactions in the 30 days. Every expected text
below is worked out by hand from those counts, the rule and Polish's three
plural forms (1 ocena; 2-4, 22-24 oceny; 0, 5-21, 25… ocen).
"""

from __future__ import annotations

import attrs

from sellerquality import Criterion, Eligibility, current_language, language
from sellerquality.allegro import EDITION_2022, Rulebook, SuperSeller2022, super_seller
from sellerquality.cli._programs import programmes, programmes_text
from sellerquality.examples import AS_OF, load_example


def criterion(eligibility: Eligibility, code: str) -> Criterion:
    """The criterion with ``code``."""
    (found,) = [c for c in eligibility.criteria if c.code == code]
    return found


def unresolved_cap(cap: int) -> Rulebook:
    """Edition 2022 with PR-1.9's cap on unresolved disputes set to ``cap``."""
    rules = EDITION_2022.programmes
    assert isinstance(rules.super_seller, SuperSeller2022)
    return attrs.evolve(
        EDITION_2022,
        programmes=attrs.evolve(
            rules, super_seller=attrs.evolve(rules.super_seller, max_unresolved_count=cap)
        ),
    )


def page() -> str:
    """The programmes page for the example at 2026-11-01 under edition 2022."""
    return programmes_text(programmes(load_example(), AS_OF, EDITION_2022))


class TestPercentages:
    def test_smart_rate_with_a_decimal_comma(self) -> None:
        """PR-3: 619 of 633 ratings recommend, 97.8%; 67 more reach 98%.

        619/633 = 0.97788…, one decimal: 97,8%. (619 + x) / (633 + x) >= 98/100
        gives 2x >= 134, x = 67 (686/700 is exactly 98%); 67 takes the third
        form ("ocen polecających").
        """
        with language("pl"):
            text = page()
        assert "    x PR-3 RECOMMENDATION_RATE: 97,8%: brakuje 67 ocen polecających" in (
            text.splitlines()
        )

    def test_a_share_below_one_percent_in_a_description(self) -> None:
        """PR-1.9: at most 1/5000 of transactions unresolved, written 0,02%."""
        with language("pl"):
            result = super_seller(load_example(), as_of=AS_OF, rulebook=EDITION_2022)
        assert criterion(result, "UNRESOLVED_SHARE").description == (
            "nierozwiązane dyskusje to najwyżej 0,02% transakcji z ostatnich 30 dni"
        )

    def test_messages_on_time_shortfall(self) -> None:
        """PR-1.6: 477 of 497 messages on time (96%); 1,503 more reach 99%.

        477/497 = 0.95975…, one decimal 96,0 with the zero dropped: 96%.
        (477 + x) / (497 + x) >= 99/100 gives x / 100 >= 15.03, x = 1503;
        1503 ends in 3 but "brakuje" takes the genitive, "1503 wiadomości".
        """
        with language("pl"):
            result = super_seller(load_example(), as_of=AS_OF, rulebook=EDITION_2022)
        shortfall = criterion(result, "MESSAGES_ON_TIME").shortfall
        assert shortfall is not None
        assert shortfall.startswith("96% z 497: brakuje 1503 wiadomości z odpowiedzią na czas; ")


class TestPluralForms:
    def test_twenty_takes_the_third_form(self) -> None:
        """PR-1.9's cap of 20 unresolved disputes: "20 nierozwiązanych dyskusji"."""
        with language("pl"):
            result = super_seller(load_example(), as_of=AS_OF, rulebook=EDITION_2022)
        assert criterion(result, "UNRESOLVED_COUNT").description == (
            "najwyżej 20 nierozwiązanych dyskusji w ostatnich 30 dniach"
        )

    def test_twenty_four_takes_the_two_to_four_form(self) -> None:
        """PR-1.9 with a cap of 24: 24 ends in 4 and is not 14, "24 nierozwiązane dyskusje"."""
        with language("pl"):
            result = super_seller(load_example(), as_of=AS_OF, rulebook=unresolved_cap(24))
        assert criterion(result, "UNRESOLVED_COUNT").description == (
            "najwyżej 24 nierozwiązane dyskusje w ostatnich 30 dniach"
        )

    def test_twelve_takes_the_third_form(self) -> None:
        """PR-1.9 with a cap of 12: 12 ends in 2 but is a teen, "12 nierozwiązanych dyskusji"."""
        with language("pl"):
            result = super_seller(load_example(), as_of=AS_OF, rulebook=unresolved_cap(12))
        assert criterion(result, "UNRESOLVED_COUNT").description == (
            "najwyżej 12 nierozwiązanych dyskusji w ostatnich 30 dniach"
        )

    def test_one_over_the_cap_takes_the_first_form(self) -> None:
        """PR-1.9 with a cap of 0: d-011 is 1 over it, "1 nierozwiązana dyskusja".

        d-011 was marked unresolved on 2026-10-19 22:23 Warsaw; it leaves the
        30-day window of the result for 2026-11-18 (evaluated at its next
        midnight, 2026-11-19 00:00), so the criterion passes by itself then.
        """
        with language("pl"):
            result = super_seller(load_example(), as_of=AS_OF, rulebook=unresolved_cap(0))
        assert criterion(result, "UNRESOLVED_COUNT").shortfall == (
            "1 nierozwiązana dyskusja ponad limit; warunek spełni się sam w wyniku za 2026-11-18, "
            "jeśli nie pojawią się nowe zdarzenia"
        )


class TestPage:
    def test_programme_names_and_states_in_polish(self) -> None:
        """The page names Allegro's programmes as Allegro does in Polish (PR-1…PR-4)."""
        with language("pl"):
            lines = page().splitlines()
        assert lines[0] == "Programy:"
        assert "  Super Sprzedawca (edycja zasad 2022): nie spełnia warunków" in lines
        assert "  Smart! (edycja zasad 2022): nie spełnia warunków" in lines
        assert "  Monety (edycja zasad 2022): spełnia warunki" in lines
        assert "  Strefa Okazji (edycja zasad 2022): spełnia warunki" in lines

    def test_english_is_unchanged_after_polish(self) -> None:
        """The English page reads the same before and after a Polish one (PR-1…PR-4)."""
        before = page()
        with language("pl"):
            polish = page()
        after = page()
        assert current_language() == "en"
        assert polish != before
        assert after == before
        lines = after.splitlines()
        assert lines[0] == "Programmes:"
        assert "  Super Seller (edition 2022): not eligible" in lines
        assert "    x PR-3 RECOMMENDATION_RATE: 97.8%: needs 67 more recommending ratings" in lines
        assert "  Deal Zone (edition 2022): eligible" in lines
