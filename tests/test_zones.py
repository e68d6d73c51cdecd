"""One instant, one answer: Allegro days are Warsaw days whatever zone an instant is written in.

SQ-2 and the conventions of the rules: every "N days" of an Allegro rule is
counted in Europe/Warsaw calendar days (the rulebook's ``zone``), so writing
the same instants in another zone changes no number of any result.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from sellerquality import MetricResult, Money, Outcome, Window, add_days
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2023_09_04,
    EDITION_2024_04_15,
    Dispute,
    Order,
    Rating,
    SellerActivity,
    coin_pool,
    coins_seller,
    forecast,
    quality_history,
    sales_quality,
    smart,
    super_seller,
)
from strategies import START, activities

WARSAW = ZoneInfo("Europe/Warsaw")
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")

# Zones far from Warsaw's and from each other, with and without DST of their own.
ZONES: list[tzinfo] = [
    UTC,
    WARSAW,
    TOKYO,
    NEW_YORK,
    ZoneInfo("Pacific/Kiritimati"),  # UTC+14
    ZoneInfo("Australia/Lord_Howe"),  # half-hour DST
    ZoneInfo("Asia/Kathmandu"),  # UTC+05:45
    timezone(timedelta(hours=-12)),
    timezone(timedelta(hours=1)),
]


def reexpress(record: Any, zone_of: Any) -> Any:
    """``record`` with every aware datetime field written in the zone ``zone_of()`` gives."""
    changes = {
        field.name: value.astimezone(zone_of())
        for field in attrs.fields(type(record))
        if isinstance(value := getattr(record, field.name), datetime)
    }
    return attrs.evolve(record, **changes) if changes else record


def reexpress_activity(activity: SellerActivity, zone_of: Any) -> SellerActivity:
    """The same activity with each instant written in a zone of ``zone_of``'s choosing."""
    return SellerActivity(
        account=activity.account,
        offers=[reexpress(r, zone_of) for r in activity.offers],
        orders=[reexpress(r, zone_of) for r in activity.orders],
        disputes=[reexpress(r, zone_of) for r in activity.disputes],
        ratings=[reexpress(r, zone_of) for r in activity.ratings],
        messages=[reexpress(r, zone_of) for r in activity.messages],
        violations=[reexpress(r, zone_of) for r in activity.violations],
    )


def numbers(result: MetricResult) -> tuple[Any, ...]:
    """Every number of a metric result (explanations may show instants in the caller's zone)."""
    return (
        result.value,
        result.numerator,
        result.denominator,
        result.outcome,
        result.points,
        result.max_points,
        result.culprits,
        result.culprit_count,
        None if result.to_threshold is None else result.to_threshold.amount,
        result.window.start.astimezone(UTC),
        result.window.end.astimezone(UTC),
    )


class TestTheIssueExample:
    """The example that showed the bug: a rating at 23:30 Warsaw, 31 days before ``as_of``."""

    def test_same_result_with_as_of_in_utc(self) -> None:
        """SQ-2: 1 March 23:30 Warsaw is inside the 30 Warsaw days before 1 April 00:00.

        1 April 00:00 CEST minus 30 Warsaw calendar days is 2 March 00:00 CET;
        the rating at 1 March 23:30 CET is before it, so it is outside the
        window whether ``as_of`` is written in Warsaw time or in UTC (the old
        code counted 30 UTC days from 31 March 22:00 UTC, 1 March 22:00 UTC,
        and took the rating in).
        """
        as_of = datetime(2022, 4, 1, tzinfo=WARSAW)
        rating = Rating(
            id="r", created_at=datetime(2022, 3, 1, 23, 30, tzinfo=WARSAW), recommended=True
        )
        activity = SellerActivity(ratings=[rating])
        for written in (as_of, as_of.astimezone(UTC), as_of.astimezone(TOKYO)):
            result = sales_quality(activity, as_of=written).metrics["RECOMMENDATION_RATE"]
            assert result.outcome is Outcome.NOT_APPLICABLE
            assert result.window.start == datetime(2022, 3, 2, tzinfo=WARSAW)

    def test_window_start_is_warsaw_midnight_in_any_zone(self) -> None:
        """SQ-2: the 30-day window of an ``as_of`` written in UTC starts at Warsaw's clock time.

        ``as_of`` 2022-04-01 10:00 UTC is 12:00 CEST; 30 Warsaw days earlier is
        2022-03-02 12:00 CET = 11:00 UTC (the spring change lies in between).
        """
        window = Window.last_days(datetime(2022, 4, 1, 10, tzinfo=UTC), 30)
        assert window.start == datetime(2022, 3, 2, 11, tzinfo=UTC)
        assert window.start.tzinfo is UTC  # shown in the zone the caller used

    def test_add_days_into_the_repeated_hour_compares_by_instant(self) -> None:
        """SQ-2: 30 Warsaw days after 25 Sep 02:30 CEST is 25 Oct 02:30 CEST (the first one).

        That wall time happens twice on 25 October 2026; the result keeps a fixed
        +02:00 offset so that it equals the same instant written in UTC.
        """
        result = add_days(datetime(2026, 9, 25, 2, 30, tzinfo=WARSAW), 30)
        assert result == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert result.utcoffset() == timedelta(hours=2)

    def test_add_days_reads_the_rulebook_zone(self) -> None:
        """SQ-2: ``add_days`` counts on Warsaw's wall clock unless told another zone."""
        moment = datetime(2022, 10, 29, 22, 30, tzinfo=UTC)  # 30 Oct 00:30 CEST
        assert add_days(moment, 1) == datetime(2022, 10, 31, 0, 30, tzinfo=WARSAW)
        assert add_days(moment, 1, UTC) == datetime(2022, 10, 30, 22, 30, tzinfo=UTC)


class TestOpenDisputes:
    """SQ-B1: disputes opened in the window and still open, the window in Warsaw days."""

    def test_window_edge_does_not_depend_on_the_zone(self) -> None:
        """SQ-B1: opened 1 March 23:20 CET, it is outside the window at 1 April 00:15 CEST.

        The window starts 30 Warsaw days before ``as_of``: 2 March 00:15 CET
        (1 March 23:15 UTC); the opening at 23:20 CET (22:20 UTC) is before it.
        Counted in UTC days from ``as_of`` written in UTC (31 March 22:15 UTC),
        the window would start 1 March 22:15 UTC and take the dispute in.
        """
        opened = datetime(2022, 3, 1, 23, 20, tzinfo=WARSAW)
        as_of = datetime(2022, 4, 1, 0, 15, tzinfo=WARSAW)
        for zone in (WARSAW, UTC, NEW_YORK, TOKYO):
            dispute = Dispute(id="d", opened_at=opened.astimezone(zone))
            result = sales_quality(SellerActivity(disputes=[dispute]), as_of=as_of.astimezone(zone))
            assert result.metrics["OPEN_DISPUTES"].numerator == 0
            assert result.window.start == datetime(2022, 3, 2, 0, 15, tzinfo=WARSAW)


class TestHistoryDays:
    """SQ-2: a history's days are Warsaw days, whatever zone ``start`` and ``end`` are in."""

    def test_datetime_bounds_mean_their_warsaw_day(self) -> None:
        """SQ-2: 2022-03-31 23:30 UTC is 1 April in Warsaw: the history starts on 1 April."""
        activity = SellerActivity(
            orders=[Order(id="o", bought_at=datetime(2022, 3, 20, tzinfo=UTC), total=Money("10"))]
        )
        moment = datetime(2022, 3, 31, 23, 30, tzinfo=UTC)
        (report,) = quality_history(activity, start=moment, end=moment)
        assert report.day.isoformat() == "2022-04-01"
        assert report.as_of == datetime(2022, 4, 2, tzinfo=WARSAW)


as_ofs = st.integers(min_value=40 * 86_400, max_value=125 * 86_400).map(
    lambda seconds: START + timedelta(seconds=seconds)
)
zone_choices = st.lists(st.sampled_from(ZONES), min_size=1, max_size=12)


def _zone_picker(choices: list[tzinfo]) -> Any:
    cycle = iter(choices * 10_000)
    return lambda: next(cycle)


class TestZoneInvariance:
    """Writing every instant of an activity and ``as_of`` in other zones changes no number."""

    @settings(max_examples=500)
    @given(
        activity=activities(),
        as_of=as_ofs,
        choices=zone_choices,
        as_of_zone=st.sampled_from(ZONES),
        book=st.sampled_from([EDITION_2022, EDITION_2024_04_15]),
    )
    def test_report_programmes_and_pool(
        self,
        activity: SellerActivity,
        as_of: datetime,
        choices: list[tzinfo],
        as_of_zone: tzinfo,
        book: Any,
    ) -> None:
        """SQ-2, PR-1…PR-3, CO-4: same numbers from the same instants in other zones."""
        moved = reexpress_activity(activity, _zone_picker(choices))
        moved_as_of = as_of.astimezone(as_of_zone)
        before = sales_quality(activity, as_of=as_of, rulebook=book)
        after = sales_quality(moved, as_of=moved_as_of, rulebook=book)
        assert (before.score, before.max_score, before.grade) == (
            after.score,
            after.max_score,
            after.grade,
        )
        for code, result in before.metrics.items():
            assert numbers(result) == numbers(after.metrics[code]), code
        for check in (super_seller, smart, coins_seller):
            old = check(activity, as_of=as_of, rulebook=EDITION_2022)
            new = check(moved, as_of=moved_as_of, rulebook=EDITION_2022)
            assert old.eligible == new.eligible
            assert [(c.code, c.actual, c.required, c.passed, c.culprits) for c in old.criteria] == [
                (c.code, c.actual, c.required, c.passed, c.culprits) for c in new.criteria
            ]
        assert coin_pool(activity, as_of=as_of) == coin_pool(moved, as_of=moved_as_of)

    @settings(max_examples=500)
    @given(
        activity=activities(), as_of=as_ofs, choices=zone_choices, as_of_zone=st.sampled_from(ZONES)
    )
    def test_history_and_forecast(
        self, activity: SellerActivity, as_of: datetime, choices: list[tzinfo], as_of_zone: tzinfo
    ) -> None:
        """SQ-2: daily results and forecast days are the same Warsaw days in any zone."""
        moved = reexpress_activity(activity, _zone_picker(choices))
        moved_as_of = as_of.astimezone(as_of_zone)
        days = [
            quality_history(a, start=at - timedelta(days=2), end=at)
            for a, at in ((activity, as_of), (moved, moved_as_of))
        ]
        for old, new in zip(*days, strict=True):
            assert (old.day, old.as_of, old.score, old.grade) == (
                new.day,
                new.as_of,
                new.score,
                new.grade,
            )
        old_forecast = forecast(activity, as_of=as_of, days=5)
        new_forecast = forecast(moved, as_of=moved_as_of, days=5)
        assert (old_forecast.grade_changes_on, old_forecast.grade_then) == (
            new_forecast.grade_changes_on,
            new_forecast.grade_then,
        )
        assert {c: (m.recovers_on, m.outcome_then) for c, m in old_forecast.metrics.items()} == {
            c: (m.recovers_on, m.outcome_then) for c, m in new_forecast.metrics.items()
        }

    @settings(max_examples=100)
    @given(activity=activities(), as_of=as_ofs, choices=zone_choices)
    def test_super_seller_2023_from_history(
        self, activity: SellerActivity, as_of: datetime, choices: list[tzinfo]
    ) -> None:
        """PR-1 (2023-09-04): the 30 daily grades are the same Warsaw days in any zone."""
        moved = reexpress_activity(activity, _zone_picker(choices))
        old = super_seller(activity, as_of=as_of, rulebook=EDITION_2023_09_04)
        new = super_seller(moved, as_of=as_of.astimezone(TOKYO), rulebook=EDITION_2023_09_04)
        assert [(c.code, c.actual, c.passed) for c in old.criteria] == [
            (c.code, c.actual, c.passed) for c in new.criteria
        ]
