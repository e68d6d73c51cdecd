"""The one wording module: every rate, count and duration reads and rounds the same way."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from sellerquality._text import count, decimal, duration, more, percent, plural


class TestPercent:
    """Shares as percentages (SQ-A1's 98%, PR-1.9's 1%, DI-4's 2.5%)."""

    @pytest.mark.parametrize(
        ("share", "expected"),
        [
            (Fraction(361, 371), "97.3%"),  # 97.30458...
            (Fraction(49, 50), "98%"),
            (Fraction(1, 40), "2.5%"),
            (Fraction(1, 8), "12.5%"),  # 12.5 exactly: one place is enough
            (Fraction(1, 3), "33.3%"),
            (Fraction(0), "0%"),
            (Fraction(1), "100%"),
        ],
    )
    def test_one_place_trailing_zeros_dropped(self, share: Fraction, expected: str) -> None:
        """One decimal at most, and none when it would be a zero."""
        assert percent(share) == expected

    def test_rounds_half_up(self) -> None:
        """12.25% to one place is 12.3% (half up), not 12.2% (half even)."""
        assert percent(Fraction(49, 400)) == "12.3%"

    def test_more_places_when_one_would_hide_a_miss(self) -> None:
        """SQ-A1: 97.96% of ratings against 98% reads 97.96%, never a rounded 98%."""
        assert percent(Fraction(9796, 10000), against=Fraction(49, 50)) == "97.96%"
        assert percent(Fraction(97999, 100000), against=Fraction(49, 50)) == "97.999%"

    def test_a_small_share_never_reads_zero(self) -> None:
        """PR-1.9's 0.02% cap on unresolved disputes (1 in 5,000) keeps its places."""
        assert percent(Fraction(1, 5000)) == "0.02%"
        assert percent(Fraction(1, 3_000_000)) == "0.00003%"

    def test_equal_to_the_threshold_needs_no_more_places(self) -> None:
        """A share equal to its threshold reads as the threshold does."""
        assert percent(Fraction(98, 100), against=Fraction(49, 50)) == "98%"


class TestNumbers:
    """Counts, plurals, decimals and durations."""

    def test_count_has_thousands_separators(self) -> None:
        """12345 reads 12,345, as in every explanation."""
        assert count(12345) == "12,345"

    def test_plural_agrees(self) -> None:
        """One rating, 1,500 agreements, two replies (irregular plural given)."""
        assert plural(1, "rating") == "1 rating"
        assert plural(1500, "agreement") == "1,500 agreements"
        assert plural(2, "reply", "replies") == "2 replies"

    def test_more_makes_the_first_plural_noun_agree(self) -> None:
        """``1 more late order``, ``3 more late orders``."""
        assert more(1, "late orders") == "1 more late order"
        assert more(3, "late orders") == "3 more late orders"

    def test_decimal_keeps_its_places(self) -> None:
        """SQ-A2's star average 4.5 shows as 4.50; 4.005 rounds half up to 4.01."""
        assert decimal(Fraction(9, 2), 2) == "4.50"
        assert decimal(Fraction(4005, 1000), 2) == "4.01"

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (timedelta(hours=8, minutes=13, seconds=59), "8 h 13 min"),
            (timedelta(hours=12), "12 h"),
            (timedelta(minutes=45), "45 min"),
            (timedelta(seconds=44.6), "45 s"),
        ],
    )
    def test_duration_in_hours_and_minutes(self, value: timedelta, expected: str) -> None:
        """Whole minutes are never rounded up into an hour that has not passed."""
        assert duration(value) == expected
