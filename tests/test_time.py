"""Windows, Warsaw calendar days and the two kinds of duration."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerquality import WARSAW, Window
from sellerquality._time import (
    add_days,
    add_elapsed,
    day_start,
    iter_days,
    local_day,
    next_midnight,
    require_aware,
)
from sellerquality.exceptions import InvalidTypeError, InvalidValueError, NaiveDatetimeError

MICRO = timedelta(microseconds=1)


class TestWindow:
    def test_half_open(self) -> None:
        """The start belongs to the window, the end does not (the library's window convention)."""
        start = datetime(2022, 3, 1, tzinfo=UTC)
        window = Window(start, start + timedelta(days=1))
        assert window.contains(start)
        assert window.contains(window.end - MICRO)
        assert not window.contains(window.end)
        assert not window.contains(start - MICRO)

    def test_in_operator(self) -> None:
        """``instant in window`` is contains(); non-datetimes are simply not in it."""
        window = Window(datetime(2022, 3, 1, tzinfo=UTC), datetime(2022, 3, 2, tzinfo=UTC))
        assert datetime(2022, 3, 1, 12, tzinfo=UTC) in window
        assert "2022-03-01" not in window

    def test_zones_do_not_matter(self) -> None:
        """A window holds the same instants whatever zone its ends or the instant use."""
        window = Window(
            datetime(2022, 3, 1, 0, tzinfo=WARSAW), datetime(2022, 3, 2, 0, tzinfo=WARSAW)
        )
        # 2022-02-28 23:00 UTC is 2022-03-01 00:00 in Warsaw (CET, +01:00).
        assert window.contains(datetime(2022, 2, 28, 23, 0, tzinfo=UTC))
        assert not window.contains(datetime(2022, 2, 28, 22, 59, 59, 999999, tzinfo=UTC))

    def test_rejects_naive_ends(self) -> None:
        """Both ends must be aware; the error names the field."""
        with pytest.raises(NaiveDatetimeError, match="start"):
            Window(datetime(2022, 3, 1), datetime(2022, 3, 2, tzinfo=UTC))

    def test_rejects_end_before_start(self) -> None:
        """An end before the start is a clear error."""
        with pytest.raises(InvalidValueError, match="before start"):
            Window(datetime(2022, 3, 2, tzinfo=UTC), datetime(2022, 3, 1, tzinfo=UTC))

    def test_contains_rejects_naive(self) -> None:
        """Asking about a naive instant is an error, not a guess."""
        window = Window(datetime(2022, 3, 1, tzinfo=UTC), datetime(2022, 3, 2, tzinfo=UTC))
        with pytest.raises(NaiveDatetimeError):
            window.contains(datetime(2022, 3, 1, 12))

    def test_last_days_is_the_rules_window(self) -> None:
        """as_of - 30 days counts, a microsecond earlier does not, as_of itself does not."""
        as_of = datetime(2022, 4, 1, tzinfo=WARSAW)
        window = Window.last_days(as_of, 30)
        assert window.start == datetime(2022, 3, 2, tzinfo=WARSAW)
        assert window.contains(as_of - timedelta(days=30))
        assert not window.contains(as_of - timedelta(days=30) - MICRO)
        assert not window.contains(as_of)

    def test_last_days_counts_warsaw_calendar_days_across_dst(self) -> None:
        """30 Warsaw days before 2022-04-01 span the spring change: 719 elapsed hours."""
        window = Window.last_days(datetime(2022, 4, 1, tzinfo=WARSAW), 30)
        assert window.duration == timedelta(hours=30 * 24 - 1)

    def test_last_days_written_in_utc_are_warsaw_days(self) -> None:
        """SQ-2: an as_of written in UTC still counts Warsaw days (the spring change: 1 h less).

        2022-04-01 00:00 UTC is 02:00 CEST; 30 Warsaw days earlier is 2022-03-02
        02:00 CET, 01:00 UTC.
        """
        window = Window.last_days(datetime(2022, 4, 1, tzinfo=UTC), 30)
        assert window.start == datetime(2022, 3, 2, 1, tzinfo=UTC)
        assert window.duration == timedelta(days=30, hours=-1)

    def test_last_days_in_a_given_zone(self) -> None:
        """Days counted in UTC (when asked for) are 24 hours each."""
        window = Window.last_days(datetime(2022, 4, 1, tzinfo=UTC), 30, UTC)
        assert window.duration == timedelta(days=30)

    def test_last_days_rejects_naive(self) -> None:
        """A naive as_of is an error."""
        with pytest.raises(NaiveDatetimeError, match="as_of"):
            Window.last_days(datetime(2022, 4, 1), 30)

    @pytest.mark.parametrize(
        ("day", "hours"),
        [(date(2022, 3, 27), 23), (date(2022, 10, 30), 25), (date(2022, 6, 1), 24)],
    )
    def test_for_day_handles_dst(self, day: date, hours: int) -> None:
        """A Warsaw calendar day lasts 23, 24 or 25 hours."""
        assert Window.for_day(day).duration == timedelta(hours=hours)

    def test_str(self) -> None:
        """A window prints as a half-open interval."""
        window = Window(datetime(2022, 3, 1, tzinfo=UTC), datetime(2022, 3, 2, tzinfo=UTC))
        assert str(window) == "[2022-03-01T00:00:00+00:00, 2022-03-02T00:00:00+00:00)"


class TestDays:
    def test_local_day_uses_warsaw(self) -> None:
        """23:30 UTC on 1 March is already 2 March in Warsaw."""
        assert local_day(datetime(2022, 3, 1, 23, 30, tzinfo=UTC)) == date(2022, 3, 2)

    def test_next_midnight(self) -> None:
        """The daily evaluation of a day is at the next local midnight (SQ-2)."""
        assert next_midnight(datetime(2022, 3, 26, 15, tzinfo=WARSAW)) == datetime(
            2022, 3, 27, tzinfo=WARSAW
        )
        # Across the spring change the next midnight is 23 elapsed hours after the
        # previous one (subtracting in UTC: same-zone subtraction uses the wall clock).
        elapsed = next_midnight(datetime(2022, 3, 27, 1, tzinfo=WARSAW)).astimezone(
            UTC
        ) - day_start(date(2022, 3, 27)).astimezone(UTC)
        assert elapsed == timedelta(hours=23)

    def test_day_start_in_a_zone_that_skips_midnight(self) -> None:
        """Where DST skips midnight, the day starts at the first instant that exists."""
        from zoneinfo import ZoneInfo

        # Santiago springs forward at 24:00 -> 01:00 on 2022-09-11.
        santiago = ZoneInfo("America/Santiago")
        start = day_start(date(2022, 9, 11), santiago)
        assert start.astimezone(UTC) == datetime(2022, 9, 11, 4, tzinfo=UTC)

    def test_iter_days_includes_both_ends(self) -> None:
        """iter_days yields first..last inclusive."""
        assert list(iter_days(date(2022, 2, 27), date(2022, 3, 1))) == [
            date(2022, 2, 27),
            date(2022, 2, 28),
            date(2022, 3, 1),
        ]
        assert list(iter_days(date(2022, 3, 2), date(2022, 3, 1))) == []

    @given(
        st.integers(min_value=0, max_value=3 * 365 * 24 * 3600).map(
            lambda s: datetime(2021, 1, 1, tzinfo=UTC) + timedelta(seconds=s)
        )
    )
    def test_every_instant_is_in_exactly_one_warsaw_day(self, instant: datetime) -> None:
        """Day windows tile the time line: an instant lies in its own day and no neighbour."""
        day = local_day(instant)
        assert Window.for_day(day).contains(instant)
        assert not Window.for_day(day - timedelta(days=1)).contains(instant)
        assert not Window.for_day(day + timedelta(days=1)).contains(instant)

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    def test_day_windows_meet_without_gap(self, day: date) -> None:
        """Each day ends exactly where the next begins, DST or not."""
        assert Window.for_day(day).end == Window.for_day(day + timedelta(days=1)).start


class TestDurations:
    def test_hours_are_elapsed_time_across_spring_dst(self) -> None:
        """24 hours after Saturday 12:00 CET is Sunday 13:00 CEST."""
        saturday = datetime(2022, 3, 26, 12, tzinfo=WARSAW)
        assert add_elapsed(saturday, timedelta(hours=24)) == datetime(
            2022, 3, 27, 13, tzinfo=WARSAW
        )

    def test_hours_are_elapsed_time_across_autumn_dst(self) -> None:
        """24 hours after Saturday 12:00 CEST is Sunday 11:00 CET."""
        saturday = datetime(2022, 10, 29, 12, tzinfo=WARSAW)
        due = add_elapsed(saturday, timedelta(hours=24))
        assert due == datetime(2022, 10, 30, 11, tzinfo=WARSAW)
        assert due.utcoffset() == timedelta(hours=1)

    def test_days_are_calendar_days(self) -> None:
        """A day added on the Warsaw wall clock keeps the time of day across DST."""
        assert add_days(datetime(2022, 3, 26, 12, tzinfo=WARSAW), 1) == datetime(
            2022, 3, 27, 12, tzinfo=WARSAW
        )


class TestRequireAware:
    def test_accepts_any_offset(self) -> None:
        """Fixed offsets and zones are both fine."""
        moment = datetime(2022, 1, 1, tzinfo=timezone(timedelta(hours=3)))
        assert require_aware(moment, field="x") is moment

    def test_naive_names_record_and_field(self) -> None:
        """The error says which record and field hold the naive value."""
        with pytest.raises(NaiveDatetimeError, match="Order 'o-1': bought_at"):
            require_aware(datetime(2022, 1, 1), field="bought_at", record="Order", record_id="o-1")

    def test_non_datetime(self) -> None:
        """A date or a string is a type error."""
        with pytest.raises(InvalidTypeError, match=r"expected|datetime"):
            require_aware(date(2022, 1, 1), field="as_of")
