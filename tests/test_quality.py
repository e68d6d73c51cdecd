"""The report, its grade, the sliding history and the forecast (SQ-1…SQ-3)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quality_builders import AS_OF, DAY, HOUR, RECENT, perfect_seller, ratings
from sellerquality import WARSAW, Outcome
from sellerquality._time import day_start
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2024_04_15,
    Area,
    Grade,
    Message,
    Rulebook,
    SellerAccount,
    SellerActivity,
    Violation,
    ViolationKind,
    forecast,
    quality_history,
    sales_quality,
)
from sellerquality.examples import AS_OF as EXAMPLE_AS_OF
from sellerquality.examples import load_example
from sellerquality.exceptions import InvalidTypeError, InvalidValueError, NaiveDatetimeError
from strategies import activities


class TestReport:
    def test_perfect_seller_scores_500_of_500(self) -> None:
        """Every metric applicable and earning its bonus: 500 of 500, SUPER_PLUS (SQ-3)."""
        report = sales_quality(perfect_seller(), as_of=AS_OF)
        outcomes = {
            code: r.outcome for code, r in report.metrics.items() if r.outcome is not Outcome.BONUS
        }
        assert outcomes == {"TOS_VIOLATIONS": Outcome.NEUTRAL}
        assert (report.score, report.max_score, report.grade) == (500, 500, Grade.SUPER_PLUS)
        assert report.tips == ()

    def test_areas_add_up(self) -> None:
        """Per-area points of the documented model: 110, 150, 120, 120 and 0."""
        report = sales_quality(perfect_seller(), as_of=AS_OF)
        assert {area: score.points for area, score in report.areas.items()} == {
            Area.BUYER_RATINGS: 110,
            Area.CUSTOMER_SERVICE: 150,
            Area.OFFER_ATTRACTIVENESS: 120,
            Area.ORDER_FULFILMENT: 120,
            Area.TOS_VIOLATIONS: 0,
        }
        assert report.areas[Area.BUYER_RATINGS].metrics == (
            "RECOMMENDATION_RATE",
            "BUYER_SATISFACTION",
        )

    def test_empty_activity(self) -> None:
        """With nothing to measure only the always-measurable metrics count.

        Open disputes earns 20 (none open); payment methods (0 of 2), business
        account (no), completed orders (0) and revenue (0 PLN) are neutral.
        Maximum: 20 + 10 + 15 + 30 + 40 = 115; score 20: NEUTRAL (>= 0).
        """
        report = sales_quality(SellerActivity(), as_of=AS_OF)
        assert (report.score, report.max_score, report.grade) == (20, 115, Grade.NEUTRAL)
        applicable = [
            c for c, r in report.metrics.items() if r.outcome is not Outcome.NOT_APPLICABLE
        ]
        assert applicable == [
            "OPEN_DISPUTES",
            "PAYMENT_METHODS",
            "BUSINESS_ACCOUNT",
            "COMPLETED_ORDERS",
            "REVENUE",
            "TOS_VIOLATIONS",
        ]

    def test_penalties_lower_the_grade(self) -> None:
        """The perfect seller with an account block: 500 - 150 = 350, SUPER (>= 230, < 400)."""
        seller = perfect_seller()
        blocked = attrs.evolve(
            seller,
            violations=[Violation(id="v", kind=ViolationKind.ACCOUNT_BLOCKED, at=RECENT)],
        )
        report = sales_quality(blocked, as_of=AS_OF)
        assert (report.score, report.grade) == (350, Grade.SUPER)

    @pytest.mark.parametrize(
        ("score", "grade"),
        [
            (400, Grade.SUPER_PLUS),
            (399, Grade.SUPER),
            (230, Grade.SUPER),
            (229, Grade.GOOD),
            (101, Grade.GOOD),
            (100, Grade.NEUTRAL),
            (0, Grade.NEUTRAL),
            (-1, Grade.REQUIRES_IMPROVEMENT),
            (-100, Grade.REQUIRES_IMPROVEMENT),
            (-101, Grade.UNACCEPTABLE),
        ],
    )
    def test_grade_bands(self, score: int, grade: Grade) -> None:
        """Bands of SQ-3: SUPER_PLUS >= 400, SUPER >= 230, GOOD >= 101, NEUTRAL >= 0, RI >= -100."""
        assert EDITION_2022.quality.grade_for(score) is grade

    def test_grades_are_ordered(self) -> None:
        """SUPER_PLUS is the best grade and UNACCEPTABLE the worst."""
        assert sorted(Grade) == [
            Grade.UNACCEPTABLE,
            Grade.REQUIRES_IMPROVEMENT,
            Grade.NEUTRAL,
            Grade.GOOD,
            Grade.SUPER,
            Grade.SUPER_PLUS,
        ]
        assert Grade.GOOD >= Grade.NEUTRAL
        assert Grade.SUPER_PLUS.polish == "Super+"
        with pytest.raises(TypeError):
            _ = Grade.GOOD < 3

    def test_tips_come_once_in_metric_order(self) -> None:
        """A seller with only negative ratings gets the tips of its failing metrics, no repeats."""
        report = sales_quality(SellerActivity(ratings=ratings(0, 3)), as_of=AS_OF)
        rules = EDITION_2022.quality.metrics
        assert report.tips[0] == rules["RECOMMENDATION_RATE"].tip
        assert len(report.tips) == len(set(report.tips))

    def test_naive_as_of(self) -> None:
        """A naive as_of is an error."""
        with pytest.raises(NaiveDatetimeError):
            sales_quality(SellerActivity(), as_of=datetime(2022, 4, 1))

    @given(activities(), st.randoms(use_true_random=False))
    def test_record_order_does_not_matter(
        self, activity: SellerActivity, rnd: random.Random
    ) -> None:
        """The report of shuffled records equals the report of the originals."""
        as_of = datetime(2022, 3, 1, tzinfo=WARSAW)
        kinds = ("offers", "orders", "disputes", "ratings", "messages", "violations")
        shuffled = {
            kind: rnd.sample(getattr(activity, kind), len(getattr(activity, kind)))
            for kind in kinds
        }
        again = SellerActivity(account=activity.account, **shuffled)
        assert sales_quality(again, as_of=as_of) == sales_quality(activity, as_of=as_of)

    @given(activities())
    def test_rates_stay_between_zero_and_one(self, activity: SellerActivity) -> None:
        """Every rate metric's value is a share in [0, 1]."""
        report = sales_quality(activity, as_of=datetime(2022, 3, 1, tzinfo=WARSAW))
        for code in (
            "RECOMMENDATION_RATE",
            "DISPUTE_REPLY_ON_TIME",
            "MESSAGE_REPLY_ON_TIME",
            "EAN_OFFERS",
            "TRACKING_ON_TIME",
            "PROMOTED_REVENUE",
        ):
            value = report.metrics[code].value
            assert value is None or 0 <= value <= 1  # type: ignore[operator]

    def test_day_of_a_report(self) -> None:
        """The result at midnight starting 1 April is the result of 31 March (SQ-2)."""
        assert sales_quality(SellerActivity(), as_of=AS_OF).day == date(2022, 3, 31)


class TestHistory:
    def test_equals_per_day_reports_on_the_example(self) -> None:
        """Sliding day by day gives exactly the report of each day's next midnight (SQ-2)."""
        activity = load_example()
        first, last = date(2026, 9, 25), date(2026, 10, 31)
        history = quality_history(activity, start=first, end=last)
        assert len(history) == (last - first).days + 1
        for report in history:
            direct = sales_quality(activity, as_of=day_start(report.day + DAY, WARSAW))
            assert report == direct

    @settings(max_examples=60)
    @given(
        activities(most=6),
        st.integers(min_value=0, max_value=100),
        st.integers(min_value=0, max_value=40),
        st.sampled_from([EDITION_2022, EDITION_2024_04_15]),
    )
    def test_equals_per_day_reports(
        self, activity: SellerActivity, offset: int, length: int, rulebook: Rulebook
    ) -> None:
        """For any activity, span of days and reply clock, history == per-day reports."""
        first = date(2022, 1, 1) + timedelta(days=offset)
        last = first + timedelta(days=length)
        history = quality_history(activity, start=first, end=last, rulebook=rulebook)
        for report in history:
            as_of = day_start(report.day + DAY, WARSAW)
            assert report == sales_quality(activity, as_of=as_of, rulebook=rulebook)

    @settings(max_examples=60)
    @given(activities(most=6), st.integers(min_value=0, max_value=100))
    def test_long_windows_equal_per_day_reports(
        self, activity: SellerActivity, offset: int
    ) -> None:
        """SQ-2 with a rulebook's own windows: 300 days (beyond the per-day counts) and 1 day.

        A window of more than 253 days is counted another way (pairs of day
        numbers); a 1-day window is the shortest. Both must equal the reports.
        """
        book = EDITION_2022.with_metric("RECOMMENDATION_RATE", window_days=300).with_metric(
            "TRACKING_ON_TIME", window_days=300
        )
        book = book.with_metric("MESSAGE_REPLY_TIME", window_days=1)
        first = date(2022, 1, 1) + timedelta(days=offset)
        history = quality_history(activity, start=first, end=first + DAY * 3, rulebook=book)
        for report in history:
            as_of = day_start(report.day + DAY, WARSAW)
            assert report == sales_quality(activity, as_of=as_of, rulebook=book)

    def test_spans_dst(self) -> None:
        """Days around the spring change: 23-hour 27 March included, one report per day."""
        history = quality_history(SellerActivity(), start=date(2022, 3, 26), end=date(2022, 3, 28))
        assert [r.day for r in history] == [date(2022, 3, 26), date(2022, 3, 27), date(2022, 3, 28)]
        assert history[1].as_of == datetime(2022, 3, 28, tzinfo=WARSAW)

    def test_datetime_bounds_mean_their_warsaw_day(self) -> None:
        """An aware datetime stands for its Warsaw calendar day."""
        history = quality_history(
            SellerActivity(),
            start=datetime(2022, 3, 25, 23, 30, tzinfo=WARSAW),
            end=date(2022, 3, 25),
        )
        assert [r.day for r in history] == [date(2022, 3, 25)]

    def test_bad_bounds(self) -> None:
        """End before start, or something that is not a date, are errors."""
        with pytest.raises(InvalidValueError, match="before start"):
            quality_history(SellerActivity(), start=date(2022, 3, 2), end=date(2022, 3, 1))
        with pytest.raises(InvalidTypeError):
            quality_history(SellerActivity(), start="2022-03-01", end=date(2022, 3, 1))  # type: ignore[arg-type]


class TestForecast:
    def test_warning_leaves_the_window(self) -> None:
        """A warning on 10 March deducts 50 until it leaves the window after 9 April.

        Window of the result for day D: [D + 1 - 30 days, D + 1). The warning at
        2022-03-10 12:00 is inside for D + 1 - 30 days <= 10 March 12:00, i.e.
        D <= 8 April; the result for 9 April is the first without it.
        """
        warning = Violation(
            id="w", kind=ViolationKind.WARNING, at=datetime(2022, 3, 10, 12, tzinfo=WARSAW)
        )
        activity = SellerActivity(
            account=SellerAccount(business=True, payment_methods=frozenset({"A", "B"})),
            violations=[warning],
        )
        outlook = forecast(activity, as_of=AS_OF)
        item = outlook.metrics["TOS_VIOLATIONS"]
        assert (item.outcome, item.recovers_on, item.outcome_then) == (
            Outcome.PENALTY,
            date(2022, 4, 9),
            Outcome.NEUTRAL,
        )
        assert item.recovers_at == datetime(2022, 4, 10, tzinfo=WARSAW)
        # Score now: 20 + 10 + 15 - 50 = -5 (REQUIRES_IMPROVEMENT); then 45 (NEUTRAL).
        assert outlook.grade is Grade.REQUIRES_IMPROVEMENT
        assert (outlook.grade_changes_on, outlook.grade_then) == (date(2022, 4, 9), Grade.NEUTRAL)

    def test_metrics_waiting_cannot_fix(self) -> None:
        """A private account never turns business by waiting: recovers_on is None."""
        outlook = forecast(SellerActivity(), as_of=AS_OF, days=5)
        item = outlook.metrics["BUSINESS_ACCOUNT"]
        assert (item.recovers_on, item.outcome_then) == (None, None)
        assert "does not recover by waiting alone within 5 days" in item.explanation
        # Not applicable is "not BONUS" too: listed, and never fixed by waiting.
        assert outlook.metrics["RECOMMENDATION_RATE"].recovers_on is None
        assert "OPEN_DISPUTES" not in outlook.metrics  # earning its bonus

    def test_later_events_are_ignored(self) -> None:
        """A reply written after as_of has not happened at as_of: the message stays unanswered."""
        message = Message(id="m", received_at=AS_OF - 2 * DAY, replied_at=AS_OF + HOUR)
        outlook = forecast(SellerActivity(messages=[message]), as_of=AS_OF)
        item = outlook.metrics["MESSAGE_REPLY_ON_TIME"]
        # Late until the message leaves the window. Received 30 March 00:00, it is
        # in the window of day D while (D + 1) - 30 days <= 30 March 00:00, i.e.
        # up to D = 28 April (window start inclusive); 29 April is the first without.
        assert (item.outcome, item.recovers_on, item.outcome_then) == (
            Outcome.PENALTY,
            date(2022, 4, 29),
            Outcome.NOT_APPLICABLE,
        )

    def test_days_must_be_positive(self) -> None:
        """At least one day must be looked at."""
        with pytest.raises(InvalidValueError, match="days"):
            forecast(SellerActivity(), as_of=AS_OF, days=0)

    def test_example_forecast(self) -> None:
        """On the example, the ToS warning of 2026-10-12 leaves the result for 2026-11-11."""
        outlook = forecast(load_example(), as_of=EXAMPLE_AS_OF)
        item = outlook.metrics["TOS_VIOLATIONS"]
        warning = next(v for v in load_example().violations if v.kind is ViolationKind.WARNING)
        assert item.recovers_on == warning.at.astimezone(WARSAW).date() + timedelta(days=30)
