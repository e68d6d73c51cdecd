"""AliExpress feedback: the record, points, exclusions, summary, profile, files (AE-F1 … AE-F5)."""

import functools
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from aliexpress_strategies import (
    ANY_ZONE,
    AS_OF,
    PACIFIC,
    feedback_lists,
    instants,
    page_examples,
)
from sellerquality import Money, Window
from sellerquality.aliexpress import (
    RULEBOOK,
    DetailedRating,
    Exclusion,
    ExclusionReason,
    Feedback,
    FeedbackSummary,
    RejectedFeedback,
    dump_feedback,
    feedback_points,
    feedback_profile,
    feedback_summary,
    load_feedback,
)
from sellerquality.exceptions import (
    DuplicateIdError,
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    NaiveDatetimeError,
    PathProblem,
    SellerQualityError,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "aliexpress" / "feedback-example.json"
CST = timezone(timedelta(hours=8))
JUNE = datetime(2024, 6, 1, tzinfo=UTC)


def rating(
    order_id: str,
    rated_at: datetime,
    stars: int,
    amount: str = "20.00",
    **fields: Any,
) -> Feedback:
    """A rating of ``order_id`` for an order of ``amount`` US dollars."""
    return Feedback(order_id, rated_at, stars, Money(amount, "USD"), **fields)


def mark(field: str, value: int) -> dict[str, Any]:
    """Keyword arguments giving one detailed mark."""
    return {field: value}


def may(day: int, hour: int = 12) -> datetime:
    """Noon UTC on a day of May 2024."""
    return datetime(2024, 5, day, hour, tzinfo=UTC)


class TestFeedbackRecord:
    def test_valid_rating_keeps_its_fields(self) -> None:
        """A well-formed rating keeps every field as given (AE-F1)."""
        ended = datetime(2024, 5, 1, tzinfo=UTC)
        record = rating(
            "8001",
            may(2),
            5,
            "12.50",
            buyer_id="b-1",
            as_described=5,
            communication=4,
            shipping_speed=3,
            order_ended_at=ended,
        )
        assert (record.order_id, record.stars, record.order_amount) == (
            "8001",
            5,
            Money("12.50", "USD"),
        )
        assert (record.as_described, record.communication, record.shipping_speed) == (5, 4, 3)
        assert record.order_ended_at == ended
        assert record.special is False

    def test_naive_rated_at_is_refused_naming_the_record(self) -> None:
        """A naive rated_at is an error naming Feedback, the order id and the field."""
        with pytest.raises(NaiveDatetimeError, match=r"^Feedback '8001': rated_at "):
            rating("8001", datetime(2024, 5, 2), 5)

    def test_rated_at_of_wrong_type_is_refused(self) -> None:
        """A rated_at that is not a datetime is a type error naming the record."""
        with pytest.raises(InvalidTypeError, match=r"Feedback '8001': rated_at '2024-05-02'"):
            rating("8001", "2024-05-02", 5)  # type: ignore[arg-type]

    @pytest.mark.parametrize("stars", [0, 6, -1])
    def test_stars_outside_the_scale_are_refused(self, stars: int) -> None:
        """Stars outside 1..5 are an error naming the record, field and value (AE-F2)."""
        with pytest.raises(
            InvalidValueError, match=rf"^Feedback '8001': stars {stars} is outside 1\.\.5$"
        ):
            rating("8001", may(2), stars)

    @pytest.mark.parametrize("stars", [True, 4.0, "5"])
    def test_stars_of_wrong_type_are_refused(self, stars: object) -> None:
        """Stars must be an int; a bool, float or str is a type error."""
        with pytest.raises(InvalidTypeError, match=r"Feedback '8001': stars"):
            rating("8001", may(2), stars)  # type: ignore[arg-type]

    @pytest.mark.parametrize("field", ["as_described", "communication", "shipping_speed"])
    def test_detailed_marks_are_on_the_star_scale(self, field: str) -> None:
        """A detailed mark of 6 is refused; 1 and 5 are accepted (AE-F4)."""
        with pytest.raises(InvalidValueError, match=rf"Feedback '8001': {field} 6 is outside"):
            rating("8001", may(2), 5, **mark(field, 6))
        assert getattr(rating("8001", may(2), 5, **mark(field, 1)), field) == 1
        assert getattr(rating("8001", may(2), 5, **mark(field, 5)), field) == 5

    def test_amount_in_another_currency_is_refused(self) -> None:
        """An order amount that is not in US dollars is an error (AE-F3 is in USD)."""
        with pytest.raises(InvalidValueError, match=r"Feedback '8001': order_amount .* not in USD"):
            Feedback("8001", may(2), 5, Money("10.00", "PLN"))

    def test_negative_amount_is_refused(self) -> None:
        """A negative order amount is an error."""
        with pytest.raises(InvalidValueError, match=r"order_amount .* is negative"):
            rating("8001", may(2), 5, "-0.01")

    def test_amount_that_is_not_money_is_refused(self) -> None:
        """A bare number for the order amount is a type error."""
        with pytest.raises(InvalidTypeError, match=r"Feedback '8001': order_amount"):
            Feedback("8001", may(2), 5, Decimal("10.00"))  # type: ignore[arg-type]

    def test_float_amount_is_refused_by_money(self) -> None:
        """Money refuses a float, so a float amount never reaches a rating."""
        with pytest.raises(InvalidTypeError, match="float"):
            Money(9.99, "USD")  # type: ignore[arg-type]

    @pytest.mark.parametrize("order_id", ["", "   "])
    def test_blank_order_id_is_refused(self, order_id: str) -> None:
        """An empty or blank order id is an error."""
        with pytest.raises(InvalidValueError, match=r"order_id .* is blank"):
            rating(order_id, may(2), 5)

    def test_order_id_of_wrong_type_is_refused(self) -> None:
        """An order id must be a str."""
        with pytest.raises(InvalidTypeError, match="order_id 8001 is a int"):
            rating(8001, may(2), 5)  # type: ignore[arg-type]

    def test_special_must_be_a_bool(self) -> None:
        """``special`` is a flag; a str is a type error."""
        with pytest.raises(InvalidTypeError, match="special 'yes'"):
            rating("8001", may(2), 5, special="yes")

    def test_buyer_id_must_be_a_str(self) -> None:
        """``buyer_id`` is a str or None."""
        with pytest.raises(InvalidTypeError, match="buyer_id 7"):
            rating("8001", may(2), 5, buyer_id=7)

    def test_rating_exactly_30_days_after_the_order_end_is_on_time(self) -> None:
        """AE-F1: within 30 days of the end includes the 30th day's same instant."""
        ended = datetime(2024, 5, 1, 9, 0, tzinfo=CST)
        record = rating("8001", datetime(2024, 5, 31, 9, 0, tzinfo=CST), 4, order_ended_at=ended)
        assert record.order_ended_at == ended

    def test_rating_more_than_30_days_after_the_order_end_is_refused(self) -> None:
        """AE-F1: one second past 30 days after the order's end is invalid input."""
        ended = datetime(2024, 5, 1, 9, 0, tzinfo=CST)
        with pytest.raises(
            InvalidValueError,
            match=r"^Feedback '8001': rated_at .* is more than 30 days after order_ended_at "
            r"2024-05-01T09:00:00\+08:00",
        ):
            rating("8001", datetime(2024, 5, 31, 9, 0, 1, tzinfo=CST), 4, order_ended_at=ended)

    @pytest.mark.parametrize("zone", [UTC, CST, PACIFIC, timezone(timedelta(hours=-3))])
    def test_the_30_days_count_in_pacific_time_whatever_the_zone(self, zone: Any) -> None:
        """AE-F1: 30 days on the US Pacific wall clock, in whatever zone the instants are.

        The order ended 1 March 2024 12:00 UTC = 04:00 PST; 30 days later on the
        Pacific clock is 31 March 04:00 PDT (DST since 10 March) = 11:00 UTC,
        an hour before the 12:00 UTC that a UTC wall clock would give.
        """
        ended = datetime(2024, 3, 1, 12, tzinfo=UTC).astimezone(zone)
        deadline = datetime(2024, 3, 31, 11, tzinfo=UTC).astimezone(zone)
        assert rating("a", deadline, 4, order_ended_at=ended).rated_at == deadline
        with pytest.raises(InvalidValueError, match="is more than 30 days after"):
            rating("b", deadline + timedelta(seconds=1), 4, order_ended_at=ended)

    def test_rating_before_the_order_end_is_accepted(self) -> None:
        """Reading of AE-F1: both sides may rate once the order has shipped, before it ends."""
        record = rating("8001", may(1), 5, order_ended_at=may(3))
        assert record.rated_at < record.order_ended_at  # type: ignore[operator]

    def test_naive_order_end_is_refused(self) -> None:
        """A naive order_ended_at is an error naming the record and field."""
        with pytest.raises(NaiveDatetimeError, match="Feedback '8001': order_ended_at"):
            rating("8001", may(2), 5, order_ended_at=datetime(2024, 5, 1))

    def test_errors_are_seller_quality_errors_and_value_errors(self) -> None:
        """Every record error is a SellerQualityError and a ValueError or TypeError."""
        with pytest.raises(SellerQualityError) as caught:
            rating("8001", may(2), 9)
        assert isinstance(caught.value, ValueError)

    def test_records_are_frozen(self) -> None:
        """A rating cannot be changed after it is built."""
        record = rating("8001", may(2), 5)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.stars = 1  # type: ignore[misc]


class TestFeedbackPoints:
    @pytest.mark.parametrize(("stars", "points"), [(1, -1), (2, -1), (3, 0), (4, 1), (5, 1)])
    def test_points_per_star(self, stars: int, points: int) -> None:
        """AE-F2: 4-5 stars +1, 3 stars 0, 1-2 stars -1."""
        assert feedback_points(stars) == points

    def test_boundary_between_neutral_and_positive(self) -> None:
        """AE-F2: 3 stars earn nothing, 4 stars already earn a point."""
        assert (feedback_points(3), feedback_points(4)) == (0, 1)

    def test_boundary_between_negative_and_neutral(self) -> None:
        """AE-F2: 2 stars lose a point, 3 stars do not."""
        assert (feedback_points(2), feedback_points(3)) == (-1, 0)

    @pytest.mark.parametrize("stars", [0, 6])
    def test_stars_off_the_scale_are_refused(self, stars: int) -> None:
        """Stars outside 1..5 are an argument error naming the field."""
        with pytest.raises(InvalidValueError, match=rf"^stars {stars} is outside 1\.\.5$"):
            feedback_points(stars)

    def test_bool_is_not_a_star_count(self) -> None:
        """True is not 1 star."""
        with pytest.raises(InvalidTypeError):
            feedback_points(True)  # noqa: FBT003 - the bool under test

    def test_points_come_from_the_rulebook(self) -> None:
        """A rulebook with 2 points for a positive rating gives 2 for 5 stars."""
        rules = attrs.evolve(RULEBOOK, feedback=attrs.evolve(RULEBOOK.feedback, positive_points=2))
        assert feedback_points(5, rulebook=rules) == 2


class TestExclusions:
    def test_order_of_99_cents_is_excluded_and_one_dollar_counts(self) -> None:
        """AE-F3: US$0.99 is under US$1 and excluded; US$1.00 counts."""
        summary = feedback_summary(
            [rating("a", may(2), 5, "0.99"), rating("b", may(3), 5, "1.00")], as_of=JUNE
        )
        assert summary.positive == 1
        assert [item.feedback.order_id for item in summary.excluded] == ["a"]
        assert summary.excluded[0].reasons == (ExclusionReason.UNDER_MINIMUM_AMOUNT,)

    def test_special_item_is_excluded(self) -> None:
        """AE-F3: a top-up, price-difference, gift or customised item does not count."""
        summary = feedback_summary([rating("a", may(2), 1, special=True)], as_of=JUNE)
        assert (summary.counted, summary.score, summary.negative_rate) == (0, 0, None)
        assert summary.excluded == (
            Exclusion(summary.excluded[0].feedback, (ExclusionReason.SPECIAL_ITEM,)),
        )

    def test_both_reasons_are_reported(self) -> None:
        """A special item under US$1 is excluded for both reasons, in a fixed order."""
        summary = feedback_summary([rating("a", may(2), 5, "0.50", special=True)], as_of=JUNE)
        assert summary.excluded[0].reasons == (
            ExclusionReason.SPECIAL_ITEM,
            ExclusionReason.UNDER_MINIMUM_AMOUNT,
        )
        assert summary.excluded[0].explanation == (
            "order 'a': special item (top-up, price difference, gift or customised goods); "
            "order amount 0.50 USD is under the minimum"
        )
        assert summary.excluded[0].rule == "AE-F3"

    def test_excluded_ratings_count_towards_nothing(self) -> None:
        """Reading of AE-F3: no count, average, detailed rating or score from an exclusion."""
        summary = feedback_summary(
            [
                rating("a", may(2), 5, "0.10", as_described=5),
                rating("b", may(3), 2, as_described=2),
            ],
            as_of=JUNE,
        )
        assert (summary.positive, summary.negative, summary.score) == (0, 1, -1)
        assert summary.average_stars == Fraction(2)
        assert summary.as_described == DetailedRating(1, 2, Fraction(2), Decimal("2.0"))

    def test_special_items_count_when_the_rulebook_says_so(self) -> None:
        """With exclude_special_items off, a special item's rating counts."""
        rules = attrs.evolve(
            RULEBOOK, feedback=attrs.evolve(RULEBOOK.feedback, exclude_special_items=False)
        )
        summary = feedback_summary(
            [rating("a", may(2), 5, special=True)], as_of=JUNE, rulebook=rules
        )
        assert (summary.positive, summary.excluded) == (1, ())


class TestFeedbackSummary:
    def test_worked_example(self) -> None:
        """AE-F2 … AE-F4 on five ratings worked by hand (the feedback page's example).

        a 5★, b 4★, c 3★, d 1★, e 5★ but US$0.99 (excluded). Positive rate
        2/(2+1), negative 1/3, neutral 1/4, average (5+4+3+1)/4 = 13/4,
        as described (5+4+4+2)/4 = 3.75 -> 3.8, score 1+1+0-1 = 1.
        """
        ratings = [
            rating("a", may(2), 5, as_described=5),
            rating("b", may(9), 4, as_described=4),
            rating("c", may(16), 3, as_described=4),
            rating("d", may(23), 1, as_described=2),
            rating("e", may(30), 5, "0.99"),
        ]
        summary = feedback_summary(ratings, as_of=JUNE)
        assert (summary.positive, summary.neutral, summary.negative) == (2, 1, 1)
        assert summary.counted == 4
        assert summary.positive_rate == Fraction(2, 3)
        assert summary.negative_rate == Fraction(1, 3)
        assert summary.neutral_rate == Fraction(1, 4)
        assert summary.average_stars == Fraction(13, 4)
        assert summary.as_described == DetailedRating(4, 15, Fraction(15, 4), Decimal("3.8"))
        assert (summary.communication, summary.shipping_speed) == (None, None)
        assert summary.score == 1
        assert [item.feedback.order_id for item in summary.excluded] == ["e"]
        assert summary.negative_order_ids == ("d",)
        assert summary.outside_window == 0
        assert summary.months == 6
        # Months count in US Pacific time: as_of is 31 May 17:00 PDT, six months
        # earlier is 30 November 17:00 PST, which is 1 December 01:00 UTC.
        assert summary.window == Window(datetime(2023, 12, 1, 1, tzinfo=UTC), JUNE)

    def test_rates_are_none_with_nothing_to_divide(self) -> None:
        """AE-F4: no ratings gives no rates and no average, never a division by zero."""
        summary = feedback_summary([], as_of=JUNE)
        assert (summary.positive_rate, summary.negative_rate, summary.neutral_rate) == (
            None,
            None,
            None,
        )
        assert (summary.average_stars, summary.as_described, summary.score) == (None, None, 0)

    def test_only_neutral_ratings_leave_the_positive_rate_undefined(self) -> None:
        """AE-F4: neutral is left out of positive + negative, so 3★ alone gives no rate."""
        summary = feedback_summary([rating("a", may(2), 3), rating("b", may(3), 3)], as_of=JUNE)
        assert (summary.positive_rate, summary.negative_rate) == (None, None)
        assert summary.neutral_rate == Fraction(1)
        assert summary.average_stars == Fraction(3)

    def test_neutral_rate_over_positive_and_negative_when_the_rulebook_says_so(self) -> None:
        """With neutral_rate_over_all off, neutral / (positive + negative): 1/2."""
        rules = attrs.evolve(
            RULEBOOK, feedback=attrs.evolve(RULEBOOK.feedback, neutral_rate_over_all=False)
        )
        ratings = [rating("a", may(2), 5), rating("b", may(3), 3), rating("c", may(4), 1)]
        summary = feedback_summary(ratings, as_of=JUNE, rulebook=rules)
        assert summary.neutral_rate == Fraction(1, 2)

    def test_window_start_is_in_and_as_of_is_out(self) -> None:
        """AE-F4: the window is [as_of - 6 months, as_of): its start counts, as_of does not.

        as_of 1 June 00:00 UTC is 31 May 17:00 PDT; six months earlier on the
        Pacific wall clock is 30 November 17:00 PST = 1 December 01:00 UTC.
        """
        start = datetime(2023, 12, 1, 1, tzinfo=UTC)
        ratings = [
            rating("start", start, 5),
            rating("before", start - timedelta(microseconds=1), 5),
            rating("as-of", JUNE, 5),
        ]
        summary = feedback_summary(ratings, as_of=JUNE)
        assert (summary.positive, summary.outside_window) == (1, 2)

    @pytest.mark.parametrize(
        ("as_of", "start"),
        [
            # relativedelta clips to the month's last day: 29 February in a leap year ...
            (datetime(2024, 3, 31, tzinfo=PACIFIC), datetime(2024, 2, 29, tzinfo=PACIFIC)),
            # ... 28 February otherwise.
            (datetime(2023, 3, 31, tzinfo=PACIFIC), datetime(2023, 2, 28, tzinfo=PACIFIC)),
            (datetime(2024, 5, 31, tzinfo=PACIFIC), datetime(2024, 4, 30, tzinfo=PACIFIC)),
            (datetime(2024, 3, 1, tzinfo=PACIFIC), datetime(2024, 2, 1, tzinfo=PACIFIC)),
        ],
    )
    def test_months_are_calendar_months(self, as_of: datetime, start: datetime) -> None:
        """AE-F4: one month before the 31st is the last day of the month before."""
        summary = feedback_summary([rating("a", start, 5)], as_of=as_of, months=1)
        assert summary.window.start == start
        assert summary.positive == 1

    def test_months_count_in_pacific_time_whatever_the_zone_of_as_of(self) -> None:
        """AE-F4: months count on the US Pacific wall clock, not as_of's own.

        1 July 00:00 +08:00 is 30 June 09:00 PDT; three months earlier is
        30 March 09:00 PDT (DST since 10 March), which is 31 March 00:00 +08:00,
        not 1 April. The start is shown in as_of's zone.
        """
        as_of = datetime(2024, 7, 1, tzinfo=CST)
        summary = feedback_summary([], as_of=as_of, months=3)
        assert summary.window.start == datetime(2024, 3, 31, tzinfo=CST)
        assert summary.window.start.utcoffset() == timedelta(hours=8)

    def test_a_month_across_the_dst_change_keeps_the_pacific_wall_time(self) -> None:
        """AE-F4: a month before 15 March 12:00 PDT is 15 February 12:00 PST, 20:00 UTC.

        Counted on the UTC wall clock it would be 19:00 UTC, an hour earlier: a
        rating at 19:30 UTC on 15 February is outside the month.
        """
        as_of = datetime(2024, 3, 15, 19, tzinfo=UTC)  # 12:00 PDT
        inside = rating("inside", datetime(2024, 2, 15, 20, tzinfo=UTC), 5)
        outside = rating("outside", datetime(2024, 2, 15, 19, 30, tzinfo=UTC), 5)
        summary = feedback_summary([inside, outside], as_of=as_of, months=1)
        assert summary.window.start == datetime(2024, 2, 15, 20, tzinfo=UTC)
        assert (summary.positive, summary.outside_window) == (1, 1)

    def test_the_zone_comes_from_the_rulebook(self) -> None:
        """AE-F4: with the rulebook's zone set to UTC, months count on the UTC wall clock."""
        in_utc = attrs.evolve(RULEBOOK, zone=ZoneInfo("UTC"))
        summary = feedback_summary([], as_of=JUNE, rulebook=in_utc)
        assert summary.window.start == datetime(2023, 12, 1, tzinfo=UTC)

    def test_detailed_ratings_round_half_up(self) -> None:
        """AE-F4 reading: 89 marks over 20 ratings = 4.45 rounds half up to 4.5.

        Nine 5s and eleven 4s: 45 + 44 = 89.
        """
        fives = [rating(f"five-{n}", may(1 + n), 5, communication=5) for n in range(9)]
        fours = [rating(f"four-{n}", may(10 + n), 4, communication=4) for n in range(11)]
        summary = feedback_summary(fives + fours, as_of=JUNE)
        assert summary.communication == DetailedRating(20, 89, Fraction(89, 20), Decimal("4.5"))

    def test_detailed_rating_just_below_a_half_rounds_down(self) -> None:
        """(5 + 4 + 4) / 3 = 4.333… rounds to 4.3; it is averaged over the marks given only."""
        ratings = [
            rating("a", may(2), 5, shipping_speed=5),
            rating("b", may(3), 5, shipping_speed=4),
            rating("c", may(4), 5, shipping_speed=4),
            rating("d", may(5), 5),
        ]
        summary = feedback_summary(ratings, as_of=JUNE)
        assert summary.shipping_speed == DetailedRating(3, 13, Fraction(13, 3), Decimal("4.3"))

    def test_duplicate_order_is_refused(self) -> None:
        """An order rated twice is an error naming the order."""
        with pytest.raises(DuplicateIdError, match="Feedback 'a': order_id 'a' is rated twice"):
            feedback_summary([rating("a", may(2), 5), rating("a", may(3), 4)], as_of=JUNE)

    def test_item_that_is_not_a_feedback_is_refused(self) -> None:
        """Each item must be a Feedback; the error names its index."""
        with pytest.raises(InvalidTypeError, match=r"feedbacks\[1\] 'x' is a str"):
            feedback_summary([rating("a", may(2), 5), "x"], as_of=JUNE)  # type: ignore[list-item]

    def test_a_string_is_not_a_sequence_of_feedback(self) -> None:
        """A str is refused rather than read character by character."""
        with pytest.raises(InvalidTypeError, match="feedbacks 'ab' is not a sequence"):
            feedback_summary("ab", as_of=JUNE)  # type: ignore[arg-type]

    def test_naive_as_of_is_refused(self) -> None:
        """A naive as_of is an error."""
        with pytest.raises(NaiveDatetimeError, match="as_of"):
            feedback_summary([], as_of=datetime(2024, 6, 1))

    @pytest.mark.parametrize("months", [0, -3])
    def test_months_must_be_positive(self, months: int) -> None:
        """A window of no months is an error."""
        with pytest.raises(InvalidValueError, match=f"months {months} is below 1"):
            feedback_summary([], as_of=JUNE, months=months)

    def test_summary_months_come_from_the_rulebook(self) -> None:
        """With summary_months 12 the default window reaches back a year."""
        rules = attrs.evolve(RULEBOOK, feedback=attrs.evolve(RULEBOOK.feedback, summary_months=12))
        summary = feedback_summary([], as_of=JUNE, rulebook=rules)
        assert summary.window.start == datetime(2023, 6, 1, tzinfo=UTC)

    def test_input_can_be_any_iterable(self) -> None:
        """A generator of ratings is read once and summarised."""
        summary = feedback_summary((rating(str(i), may(2 + i), 4) for i in range(3)), as_of=JUNE)
        assert summary.positive == 3


class TestFeedbackProfile:
    def test_example_file_profile(self) -> None:
        """AE-F5 on the example file, as of 1 July 2024 00:00 +08:00, worked by hand.

        1 month: 8101 5★, 8102 2★ (8103 US$0.99 excluded). 3 months adds 8104
        3★, 8105 5★ (US$1.00 counts), 8107 1★ at the window's start (8106
        special, excluded). 6 months adds 8108 5★, 8109 4★, 8110 5★ at the
        start; 8111 is a second early and 8112 is at as_of.
        """
        as_of = datetime(2024, 7, 1, tzinfo=CST)
        profile = feedback_profile(load_feedback(EXAMPLE), as_of=as_of)
        assert list(profile) == [1, 3, 6]
        one, three, six = profile[1], profile[3], profile[6]
        assert (one.positive, one.neutral, one.negative, one.score) == (1, 0, 1, 0)
        assert (one.positive_rate, one.average_stars) == (Fraction(1, 2), Fraction(7, 2))
        assert (three.positive, three.neutral, three.negative, three.score) == (2, 1, 2, 0)
        assert (three.neutral_rate, three.average_stars) == (Fraction(1, 5), Fraction(16, 5))
        assert (six.positive, six.neutral, six.negative, six.score) == (5, 1, 2, 3)
        assert (six.positive_rate, six.negative_rate) == (Fraction(5, 7), Fraction(2, 7))
        assert (six.neutral_rate, six.average_stars) == (Fraction(1, 8), Fraction(15, 4))
        assert six.as_described == DetailedRating(6, 21, Fraction(7, 2), Decimal("3.5"))
        assert six.communication == DetailedRating(6, 23, Fraction(23, 6), Decimal("3.8"))
        assert six.shipping_speed == DetailedRating(6, 20, Fraction(10, 3), Decimal("3.3"))
        assert [item.feedback.order_id for item in six.excluded] == ["8106", "8103"]
        assert (one.outside_window, three.outside_window, six.outside_window) == (9, 5, 2)
        assert six.negative_order_ids == ("8107", "8102")

    def test_profile_is_a_read_only_mapping(self) -> None:
        """The profile maps 1, 3 and 6 to summaries and cannot be changed."""
        profile = feedback_profile([], as_of=JUNE)
        assert len(profile) == 3
        assert 3 in profile
        assert 2 not in profile
        assert profile.as_of == JUNE
        with pytest.raises(KeyError):
            profile[2]
        with pytest.raises(TypeError):
            profile[2] = profile[1]  # type: ignore[index]

    def test_profile_summaries_match_feedback_summary(self) -> None:
        """profile[m] is feedback_summary(..., months=m) for each period."""
        ratings = [rating("a", datetime(2024, 4, 15, tzinfo=UTC), 5), rating("b", may(20), 2)]
        profile = feedback_profile(ratings, as_of=JUNE)
        for months in (1, 3, 6):
            assert profile[months] == feedback_summary(ratings, as_of=JUNE, months=months)

    def test_periods_come_from_the_rulebook(self) -> None:
        """A rulebook with periods (12, 1) gives a profile for 1 and 12 months, in order."""
        rules = attrs.evolve(
            RULEBOOK, feedback=attrs.evolve(RULEBOOK.feedback, profile_months=(12, 1))
        )
        assert list(feedback_profile([], as_of=JUNE, rulebook=rules)) == [1, 12]

    def test_naive_as_of_is_refused(self) -> None:
        """A naive as_of is an error."""
        with pytest.raises(NaiveDatetimeError):
            feedback_profile([], as_of=datetime(2024, 6, 1))


class TestFeedbackProperties:
    @given(feedback_lists(), st.randoms(use_true_random=False))
    def test_order_of_ratings_does_not_matter(self, ratings: list[Feedback], rnd: Any) -> None:
        """The summary is the same whatever order the ratings come in."""
        shuffled = list(ratings)
        rnd.shuffle(shuffled)
        assert feedback_summary(shuffled, as_of=AS_OF) == feedback_summary(ratings, as_of=AS_OF)

    @given(feedback_lists(), st.integers(min_value=1, max_value=12))
    def test_every_rating_is_accounted_for(self, ratings: list[Feedback], months: int) -> None:
        """Counted + excluded + outside the window is every rating given; none is dropped."""
        summary = feedback_summary(ratings, as_of=AS_OF, months=months)
        assert summary.positive + summary.neutral + summary.negative == summary.counted
        assert summary.counted + len(summary.excluded) + summary.outside_window == len(ratings)

    @given(feedback_lists())
    def test_rates_stay_between_zero_and_one(self, ratings: list[Feedback]) -> None:
        """Every rate is in [0, 1]; positive and negative rate add up to 1 when defined."""
        summary = feedback_summary(ratings, as_of=AS_OF)
        rates = (summary.positive_rate, summary.negative_rate, summary.neutral_rate)
        for rate in rates:
            assert rate is None or 0 <= rate <= 1
        if summary.positive_rate is not None:
            assert summary.negative_rate is not None
            assert summary.positive_rate + summary.negative_rate == 1

    @given(feedback_lists())
    def test_score_is_positives_minus_negatives(self, ratings: list[Feedback]) -> None:
        """AE-F2: the score is +1 per positive and -1 per negative; stars average in 1..5."""
        summary = feedback_summary(ratings, as_of=AS_OF)
        assert summary.score == summary.positive - summary.negative
        assert summary.average_stars is None or 1 <= summary.average_stars <= 5

    @given(feedback_lists())
    def test_longer_periods_count_at_least_as_much(self, ratings: list[Feedback]) -> None:
        """AE-F5: each profile window contains the shorter ones."""
        profile = feedback_profile(ratings, as_of=AS_OF)
        assert profile[1].counted <= profile[3].counted <= profile[6].counted


def summary_numbers(summary: FeedbackSummary) -> tuple[Any, ...]:
    """Every number of a summary; instants as UTC instants (their zone is the caller's)."""
    return (
        summary.months,
        summary.window.start.astimezone(UTC),
        summary.window.end.astimezone(UTC),
        summary.positive,
        summary.neutral,
        summary.negative,
        summary.positive_rate,
        summary.negative_rate,
        summary.neutral_rate,
        summary.average_stars,
        summary.as_described,
        summary.communication,
        summary.shipping_speed,
        summary.score,
        tuple((item.feedback.order_id, item.reasons) for item in summary.excluded),
        summary.outside_window,
        summary.negative_order_ids,
    )


def moved(record: Feedback, zone_of: Callable[[], tzinfo]) -> Feedback:
    """``record`` with each instant written in a zone that ``zone_of()`` gives."""
    ended = record.order_ended_at
    return attrs.evolve(
        record,
        rated_at=record.rated_at.astimezone(zone_of()),
        order_ended_at=None if ended is None else ended.astimezone(zone_of()),
    )


def window_edges(as_of: datetime) -> list[Feedback]:
    """Ratings at the start of each profile window and a microsecond before it.

    The starts are worked out on the US Pacific wall clock, as AE-F4 counts
    months; any other clock would move a start by hours and flip one of these.
    """
    edges: list[Feedback] = []
    local = as_of.astimezone(PACIFIC)
    for months in (1, 3, 6):
        start = (local - relativedelta(months=months)).astimezone(UTC)
        for name, at in (("at", start), ("before", start - timedelta(microseconds=1))):
            edges.append(rating(f"edge-{months}-{name}", at, 1 + months % 5))
    return edges


class TestZoneInvariance:
    """One instant, one answer: periods count in the rulebook's zone (AE-F1, AE-F4, AE-F5).

    Re-expressing every instant in other zones changes no number.
    """

    @settings(max_examples=200)
    @given(feedback_lists(), instants, st.integers(min_value=1, max_value=12), st.data())
    def test_summary_is_the_same_in_any_zone(
        self, ratings: list[Feedback], as_of: datetime, months: int, data: st.DataObject
    ) -> None:
        """AE-F4: every number of feedback_summary, with ratings at the window's edges."""
        ratings = ratings + window_edges(as_of)
        zone_of = functools.partial(data.draw, ANY_ZONE)
        again = [moved(record, zone_of) for record in ratings]
        other_as_of = as_of.astimezone(zone_of())
        assert summary_numbers(
            feedback_summary(again, as_of=other_as_of, months=months)
        ) == summary_numbers(feedback_summary(ratings, as_of=as_of, months=months))

    @settings(max_examples=200)
    @given(feedback_lists(), instants, st.data())
    def test_profile_is_the_same_in_any_zone(
        self, ratings: list[Feedback], as_of: datetime, data: st.DataObject
    ) -> None:
        """AE-F5: every number of every period of feedback_profile."""
        ratings = ratings + window_edges(as_of)
        zone_of = functools.partial(data.draw, ANY_ZONE)
        again = feedback_profile(
            [moved(record, zone_of) for record in ratings], as_of=as_of.astimezone(zone_of())
        )
        expected = feedback_profile(ratings, as_of=as_of)
        assert list(again) == list(expected)
        assert [summary_numbers(again[months]) for months in again] == [
            summary_numbers(expected[months]) for months in expected
        ]

    def test_edges_are_on_the_pacific_clock(self) -> None:
        """AE-F4: of each edge pair, the rating at the start counts and the one before does not."""
        as_of = datetime(2024, 7, 1, tzinfo=UTC)
        profile = feedback_profile(window_edges(as_of), as_of=as_of)
        # 1 month: edge-1-at only. 3 months: also edge-1-before (inside 3 months)
        # and edge-3-at. 6 months: also edge-3-before and edge-6-at. Of six ratings.
        assert [profile[m].counted for m in (1, 3, 6)] == [1, 3, 5]
        assert [profile[m].outside_window for m in (1, 3, 6)] == [5, 3, 1]
        # The starts: as_of is 30 June 17:00 PDT, less 1, 3, 6 months on the Pacific
        # clock; the 31st of a month never comes into it, June having 30 days.
        assert [profile[m].window.start for m in (1, 3, 6)] == [
            datetime(2024, 5, 31, tzinfo=UTC),  # 30 May 17:00 PDT
            datetime(2024, 3, 31, tzinfo=UTC),  # 30 March 17:00 PDT
            datetime(2023, 12, 31, 1, tzinfo=UTC),  # 30 December 17:00 PST
        ]


def _item(**changes: Any) -> dict[str, Any]:
    """A valid JSON feedback item, with ``changes`` applied."""
    item: dict[str, Any] = {
        "order_id": "1",
        "rated_at": "2024-05-01T10:00:00+08:00",
        "stars": 5,
        "order_amount": {"amount": "9.90", "currency": "USD"},
    }
    item.update(changes)
    return item


class TestLoadFeedback:
    def test_example_file_loads(self) -> None:
        """The example file has 12 valid ratings, read in file order."""
        records = load_feedback(EXAMPLE)
        assert [record.order_id for record in records] == [f"81{n:02d}" for n in range(1, 13)]
        assert records[0] == Feedback(
            "8101",
            datetime(2024, 6, 20, 10, tzinfo=CST),
            5,
            Money("12.50", "USD"),
            buyer_id="buyer-01",
            as_described=5,
            communication=5,
            shipping_speed=4,
            order_ended_at=datetime(2024, 6, 18, 9, 30, tzinfo=CST),
        )
        assert records[5].special is True

    def test_path_string_and_file_object_load_alike(self) -> None:
        """A str path, a Path and an open file give the same records."""
        with EXAMPLE.open(encoding="utf-8") as handle:
            from_file = load_feedback(handle)
        assert load_feedback(str(EXAMPLE)) == load_feedback(EXAMPLE) == from_file

    def test_stars_out_of_range_reports_its_path(self) -> None:
        """A record invariant broken in item 3 is reported at $.feedbacks[3].stars."""
        items = [_item(order_id=str(n)) for n in range(3)] + [_item(order_id="3", stars=6)]
        with pytest.raises(LoadError) as caught:
            load_feedback({"feedbacks": items})
        assert [str(problem) for problem in caught.value.problems] == [
            "$.feedbacks[3].stars: Feedback '3': stars 6 is outside 1..5"
        ]

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"stars": 4.5}, ".stars: stars 4.5 is a number; give a whole number"),
            ({"stars": "5"}, ".stars: stars '5' is a string; give a whole number"),
            ({"stars": True}, ".stars: stars True is a boolean; give a whole number"),
            ({"special": "no"}, ".special: special 'no' is a string; give true or false"),
            ({"order_id": 7}, ".order_id: order_id 7 is a number; give a string"),
            ({"buyer_id": []}, ".buyer_id: buyer_id [] is an array; give a string or null"),
            (
                {"as_described": {}},
                ".as_described: as_described {} is an object; give a whole number or null",
            ),
            ({"colour": "red"}, ".colour: unknown field"),
        ],
    )
    def test_type_problems_are_reported_with_paths(
        self, changes: dict[str, Any], expected: str
    ) -> None:
        """JSON values of the wrong type are refused, never coerced, each at its path."""
        with pytest.raises(LoadError) as caught:
            load_feedback({"feedbacks": [_item(**changes)]})
        assert [str(problem) for problem in caught.value.problems] == [f"$.feedbacks[0]{expected}"]

    def test_missing_field_and_naive_time_are_reported(self) -> None:
        """A missing required field and a time without offset are both reported."""
        item = _item(rated_at="2024-05-01T10:00:00")
        del item["stars"]
        with pytest.raises(LoadError) as caught:
            load_feedback({"feedbacks": [item]})
        paths = sorted(problem.path for problem in caught.value.problems)
        assert paths == ["$.feedbacks[0].rated_at", "$.feedbacks[0].stars"]

    def test_optional_fields_accept_null(self) -> None:
        """buyer_id and detailed marks may be null."""
        (record,) = load_feedback({"feedbacks": [_item(buyer_id=None, as_described=None)]})
        assert (record.buyer_id, record.as_described) == (None, None)

    def test_late_rating_is_reported_at_rated_at(self) -> None:
        """AE-F1 breached in a file is reported at the rated_at path."""
        item = _item(order_ended_at="2024-03-01T10:00:00+08:00")
        with pytest.raises(LoadError) as caught:
            load_feedback({"feedbacks": [item]})
        assert caught.value.problems[0].path == "$.feedbacks[0].rated_at"

    def test_lenient_mode_returns_accepted_and_rejected(self) -> None:
        """strict=False keeps the good items and lists the bad ones; together they are the input."""
        items = [_item(order_id="1"), _item(order_id="2", stars=0), _item(order_id="3")]
        accepted, rejected = load_feedback({"feedbacks": items}, strict=False)
        assert [record.order_id for record in accepted] == ["1", "3"]
        assert rejected == (
            RejectedFeedback(
                "$.feedbacks[1]",
                (PathProblem("$.feedbacks[1].stars", "Feedback '2': stars 0 is outside 1..5"),),
                items[1],
            ),
        )
        assert rejected[0].index == 1
        assert len(accepted) + len(rejected) == len(items)

    def test_duplicate_order_is_rejected_after_the_first(self) -> None:
        """An order rated twice: the first is kept, the second rejected at its order_id."""
        items = [_item(order_id="1"), _item(order_id="1", stars=3)]
        accepted, rejected = load_feedback({"feedbacks": items}, strict=False)
        assert [record.stars for record in accepted] == [5]
        assert str(rejected[0].problems[0]) == (
            "$.feedbacks[1].order_id: order '1' is rated twice (first at $.feedbacks[0])"
        )
        with pytest.raises(LoadError, match="rated twice"):
            load_feedback({"feedbacks": items})

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ([], '$: is an array; give an object like {"feedbacks": [...]}'),
            ({}, "$.feedbacks: required field missing"),
            ({"feedbacks": {}}, "$.feedbacks: is an object; give an array"),
            ({"feedbacks": None}, "$.feedbacks: is null; give an array"),
            ({"feedbacks": [], "extra": 1}, "$.extra: unknown field"),
        ],
    )
    def test_top_level_shape_problems_raise_even_when_lenient(
        self, data: Any, expected: str
    ) -> None:
        """Without a feedbacks array there is nothing to accept: lenient mode raises too."""
        with pytest.raises(LoadError) as caught:
            load_feedback(data, strict=False)
        assert [str(problem) for problem in caught.value.problems] == [expected]

    def test_invalid_json_names_the_file(self, tmp_path: Path) -> None:
        """A file that is not JSON raises a LoadError naming the file and the position."""
        path = tmp_path / "bad.json"
        path.write_text('{"feedbacks": [', encoding="utf-8")
        with pytest.raises(LoadError) as caught:
            load_feedback(path)
        assert caught.value.source == str(path)
        assert caught.value.problems[0].reason.startswith("not JSON: ")

    def test_missing_file_is_a_load_error(self, tmp_path: Path) -> None:
        """A file that does not exist raises a LoadError, not an OSError."""
        path = tmp_path / "missing.json"
        with pytest.raises(LoadError) as caught:
            load_feedback(path)
        assert caught.value.first_line == (
            f"{path}: $: cannot read file: No such file or directory"
        )

    def test_file_object_without_a_name(self) -> None:
        """An in-memory text stream loads; errors then name no file."""
        assert load_feedback(io.StringIO('{"feedbacks": []}')) == ()
        with pytest.raises(LoadError) as caught:
            load_feedback(io.StringIO("[1"))
        assert caught.value.source is None

    @given(feedback_lists(max_size=10))
    def test_dump_and_load_round_trip(self, ratings: list[Feedback]) -> None:
        """Dumping to JSON text and loading it back gives the same records."""
        text = json.dumps(dump_feedback(ratings))
        assert load_feedback(io.StringIO(text)) == tuple(ratings)


class TestFeedbackDocs:
    def test_page_examples_run(self) -> None:
        """Every example on the feedback page gives the output shown."""
        assert page_examples("feedback.md").failed == 0
