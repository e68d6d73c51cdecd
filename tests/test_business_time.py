"""The Polish holiday calendar, business-day clocks and the reply clock of each edition.

Expected instants are worked out by hand from the calendar: Easter 2024 is
31 March (DST starts the same night), Easter 2025 is 20 April; Corpus Christi
is 60 days after Easter (2024-05-30, 2025-06-19); DST ends on 2024-10-27.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerquality import WARSAW
from sellerquality._time import (
    add_business_days,
    add_business_time,
    is_business_day,
    polish_holidays,
)
from sellerquality.allegro import EDITION_2022, EDITION_2024_04_15, reply_due
from sellerquality.exceptions import InvalidValueError, NaiveDatetimeError

H24 = timedelta(hours=24)


def warsaw(  # noqa: PLR0917 - reads like the datetime constructor
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    """An instant given by its Warsaw wall time."""
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=WARSAW)


class TestPolishHolidays:
    def test_2024(self) -> None:
        """The 13 statutory holidays of 2024, Easter-based ones from Easter 31 March."""
        assert set(polish_holidays(2024)) == {
            date(2024, 1, 1),
            date(2024, 1, 6),
            date(2024, 3, 31),
            date(2024, 4, 1),
            date(2024, 5, 1),
            date(2024, 5, 3),
            date(2024, 5, 19),
            date(2024, 5, 30),
            date(2024, 8, 15),
            date(2024, 11, 1),
            date(2024, 11, 11),
            date(2024, 12, 25),
            date(2024, 12, 26),
        }

    def test_2025_adds_christmas_eve(self) -> None:
        """2025: Easter 20 April, Corpus Christi 19 June, and 24 December is new."""
        assert set(polish_holidays(2025)) == {
            date(2025, 1, 1),
            date(2025, 1, 6),
            date(2025, 4, 20),
            date(2025, 4, 21),
            date(2025, 5, 1),
            date(2025, 5, 3),
            date(2025, 6, 8),
            date(2025, 6, 19),
            date(2025, 8, 15),
            date(2025, 11, 1),
            date(2025, 11, 11),
            date(2025, 12, 24),
            date(2025, 12, 25),
            date(2025, 12, 26),
        }

    def test_christmas_eve_only_from_2025(self) -> None:
        """24 December is a holiday from 2025 on (act of 6 December 2024), not before."""
        assert date(2024, 12, 24) not in polish_holidays(2024)
        assert polish_holidays(2025)[date(2025, 12, 24)].startswith("Wigilia")
        assert date(2026, 12, 24) in polish_holidays(2026)

    def test_epiphany_only_from_2011(self) -> None:
        """6 January is a holiday from 2011 on."""
        assert date(2010, 1, 6) not in polish_holidays(2010)
        assert date(2011, 1, 6) in polish_holidays(2011)

    def test_names_and_order(self) -> None:
        """Each day carries its Polish and English name; the mapping is sorted by date."""
        days = polish_holidays(2024)
        assert days[date(2024, 5, 30)] == "Boże Ciało (Corpus Christi)"
        assert days[date(2024, 4, 1)] == "Poniedziałek Wielkanocny (Easter Monday)"
        assert list(days) == sorted(days)

    def test_read_only(self) -> None:
        """The mapping cannot be changed (it is cached and shared)."""
        days = polish_holidays(2024)
        with pytest.raises(TypeError):
            days[date(2024, 7, 1)] = "x"  # type: ignore[index]


class TestIsBusinessDay:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2024, 4, 19), True),  # Friday
            (date(2024, 4, 20), False),  # Saturday
            (date(2024, 4, 21), False),  # Sunday
            (date(2024, 3, 29), True),  # Good Friday is not a Polish holiday
            (date(2024, 4, 1), False),  # Easter Monday
            (date(2025, 4, 21), False),  # Easter Monday
            (date(2024, 5, 1), False),  # Labour Day, Wednesday
            (date(2024, 5, 2), True),  # Thursday between 1 and 3 May
            (date(2024, 5, 3), False),  # Constitution Day, Friday
            (date(2024, 5, 30), False),  # Corpus Christi, Thursday
            (date(2025, 6, 19), False),  # Corpus Christi, Thursday
            (date(2024, 12, 24), True),  # Christmas Eve 2024: still a working day
            (date(2025, 12, 24), False),  # Christmas Eve 2025: a holiday
            (date(2024, 12, 27), True),  # Friday after Christmas
            (date(2025, 1, 1), False),  # New Year
            (date(2025, 1, 2), True),
        ],
    )
    def test_calendar(self, day: date, expected: bool) -> None:
        """Monday to Friday and not a public holiday (reply clock of T&C 2024-04-15)."""
        assert is_business_day(day) is expected


class TestAddBusinessTime:
    @pytest.mark.parametrize(
        ("start", "expected"),
        [
            # Thursday to Friday: nothing to skip.
            (warsaw(2024, 4, 18, 10), warsaw(2024, 4, 19, 10)),
            # Friday 15:00: 9 h on Friday, 15 h on Monday.
            (warsaw(2024, 4, 19, 15), warsaw(2024, 4, 22, 15)),
            # Good Friday counts; Easter Sunday (and the DST change), Easter Monday do not.
            (warsaw(2024, 3, 28, 10), warsaw(2024, 3, 29, 10)),
            (warsaw(2024, 3, 29, 10), warsaw(2024, 4, 2, 10)),
            (warsaw(2025, 4, 18, 10), warsaw(2025, 4, 22, 10)),
            # 1 May (Wednesday) skipped; then 3 May (Friday) and the weekend.
            (warsaw(2024, 4, 30, 10), warsaw(2024, 5, 2, 10)),
            (warsaw(2024, 5, 2, 10), warsaw(2024, 5, 6, 10)),
            # Corpus Christi, Thursday 2024-05-30.
            (warsaw(2024, 5, 29, 10), warsaw(2024, 5, 31, 10)),
            # Christmas 2024: 24 December still a working day, 25 and 26 not.
            (warsaw(2024, 12, 23, 10), warsaw(2024, 12, 24, 10)),
            (warsaw(2024, 12, 24, 10), warsaw(2024, 12, 27, 10)),
            # Christmas 2025: 24, 25, 26 December, then the weekend.
            (warsaw(2025, 12, 23, 10), warsaw(2025, 12, 29, 10)),
            # New Year, and Epiphany on a Monday.
            (warsaw(2024, 12, 31, 10), warsaw(2025, 1, 2, 10)),
            (warsaw(2025, 1, 3, 10), warsaw(2025, 1, 7, 10)),
            # Autumn DST (Sunday 2024-10-27): Friday 15:00 CEST to Monday 15:00 CET.
            (warsaw(2024, 10, 25, 15), warsaw(2024, 10, 28, 15)),
        ],
    )
    def test_24_hours(self, start: datetime, expected: datetime) -> None:
        """24 h on business days only: weekends, Easter, 1/3 May, Corpus Christi, Christmas."""
        assert add_business_time(start, H24) == expected

    def test_result_is_warsaw_wall_time(self) -> None:
        """The result carries Warsaw's offset of its own day (CET after the autumn change)."""
        result = add_business_time(warsaw(2024, 10, 25, 15), H24)
        assert result.utcoffset() == timedelta(hours=1)
        assert result.tzinfo is WARSAW

    def test_utc_start_uses_the_warsaw_day(self) -> None:
        """13:00 UTC Friday is 15:00 in Warsaw: 9 h left that day, 15 h on Monday."""
        start = datetime(2024, 10, 25, 13, tzinfo=UTC)
        assert add_business_time(start, H24) == datetime(2024, 10, 28, 14, tzinfo=UTC)

    def test_start_on_a_weekend_begins_at_monday_midnight(self) -> None:
        """A clock started on Saturday runs from Monday 00:00: 24 h later is Tuesday 00:00."""
        assert add_business_time(warsaw(2024, 4, 20, 10), H24) == warsaw(2024, 4, 23)

    def test_start_on_a_holiday(self) -> None:
        """Started on Easter Monday 2025, the clock begins on Tuesday 00:00."""
        assert add_business_time(warsaw(2025, 4, 21, 9), timedelta(hours=5)) == warsaw(
            2025, 4, 22, 5
        )

    def test_zero_on_a_business_day_is_the_start(self) -> None:
        """No business time to add: the start itself."""
        start = warsaw(2024, 4, 18, 10, 30)
        assert add_business_time(start, timedelta(0)) == start

    def test_zero_on_a_weekend_is_the_next_business_midnight(self) -> None:
        """No business time passes on Saturday; the first business instant is Monday 00:00."""
        assert add_business_time(warsaw(2024, 4, 20, 10), timedelta(0)) == warsaw(2024, 4, 22)

    def test_whole_friday_ends_at_saturday_midnight(self) -> None:
        """Friday 00:00 plus 24 business hours is the end of Friday: Saturday 00:00."""
        assert add_business_time(warsaw(2024, 4, 19), H24) == warsaw(2024, 4, 20)

    def test_minutes_and_microseconds(self) -> None:
        """Durations are exact to the microsecond across a skipped weekend."""
        start = warsaw(2024, 4, 19, 23, 59, 59, 999_999)
        result = add_business_time(start, timedelta(microseconds=2))
        assert result == warsaw(2024, 4, 22, 0, 0, 0, 1)

    def test_negative_duration_is_refused(self) -> None:
        """A negative duration is an error naming the argument."""
        with pytest.raises(InvalidValueError, match="duration"):
            add_business_time(warsaw(2024, 4, 19), timedelta(hours=-1))

    def test_naive_start_is_refused(self) -> None:
        """A naive start is refused."""
        with pytest.raises(NaiveDatetimeError):
            add_business_time(datetime(2024, 4, 19, 10), H24)

    @given(
        st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31)),
        st.integers(min_value=0, max_value=200 * 3600),
        st.integers(min_value=1, max_value=200 * 3600),
    )
    def test_additive(self, naive: datetime, first: int, second: int) -> None:
        """Adding a then b (b > 0) equals adding a + b: the clock never jumps or stalls."""
        start = naive.replace(tzinfo=UTC)
        a, b = timedelta(seconds=first), timedelta(seconds=second)
        assert add_business_time(add_business_time(start, a), b) == add_business_time(start, a + b)

    @given(
        st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31)),
        st.integers(min_value=0, max_value=100 * 3600),
    )
    def test_never_earlier_than_elapsed_time(self, naive: datetime, seconds: int) -> None:
        """Business time runs no faster than real time, and the result is a business instant."""
        start = naive.replace(tzinfo=UTC)
        duration = timedelta(seconds=seconds)
        result = add_business_time(start, duration)
        assert result >= start + duration
        day = result.astimezone(WARSAW)
        # The result lies on a business day, or is the midnight that ends one.
        assert is_business_day(day.date()) or (
            day.time() == datetime.min.time() and is_business_day(day.date() - timedelta(days=1))
        )


class TestAddBusinessDays:
    def test_friday_plus_one_is_monday(self) -> None:
        """The same wall time one business day later."""
        assert add_business_days(warsaw(2024, 4, 19, 15), 1) == warsaw(2024, 4, 22, 15)

    def test_across_easter(self) -> None:
        """Thursday before Easter 2024 plus 2: Good Friday, then Tuesday (Easter Monday skipped)."""
        assert add_business_days(warsaw(2024, 3, 28, 12), 2) == warsaw(2024, 4, 2, 12)

    def test_keeps_the_wall_time_across_dst(self) -> None:
        """15:00 CEST on Friday to 15:00 CET on Monday (a 73-hour gap)."""
        result = add_business_days(warsaw(2024, 10, 25, 15), 1)
        assert result == warsaw(2024, 10, 28, 15)
        assert result.utcoffset() == timedelta(hours=1)

    def test_zero_from_a_weekend_is_monday_midnight(self) -> None:
        """Counting starts at the next business day's midnight."""
        assert add_business_days(warsaw(2024, 4, 20, 10), 0) == warsaw(2024, 4, 22)

    def test_one_from_a_holiday(self) -> None:
        """From 1 May 2024 (a Wednesday) counting starts Thursday 00:00; one day on is Monday."""
        assert add_business_days(warsaw(2024, 5, 1, 10), 1) == warsaw(2024, 5, 6)

    def test_negative_is_refused(self) -> None:
        """A negative count is an error."""
        with pytest.raises(InvalidValueError, match="days"):
            add_business_days(warsaw(2024, 4, 19), -1)


class TestReplyDue:
    def test_2022_counts_elapsed_hours_across_spring_dst(self) -> None:
        """DI-3, edition 2022: 24 elapsed hours; Saturday 12:00 CET is Sunday 13:00 CEST."""
        due = reply_due(warsaw(2022, 3, 26, 12), rulebook=EDITION_2022)
        assert due == warsaw(2022, 3, 27, 13)
        assert due.utcoffset() == timedelta(hours=2)

    def test_2022_counts_elapsed_hours_across_autumn_dst(self) -> None:
        """DI-3, edition 2022: Saturday 12:00 CEST plus 24 h is Sunday 11:00 CET."""
        assert reply_due(warsaw(2024, 10, 26, 12), rulebook=EDITION_2022) == warsaw(
            2024, 10, 27, 11
        )

    def test_2022_ignores_weekends_and_holidays(self) -> None:
        """DI-3, edition 2022: Christmas Eve 2025 to Christmas Day, 24 calendar hours."""
        assert reply_due(warsaw(2025, 12, 24, 9)) == warsaw(2025, 12, 25, 9)

    @pytest.mark.parametrize(
        ("received", "due"),
        [
            (warsaw(2024, 4, 19, 15), warsaw(2024, 4, 22, 15)),  # weekend
            (warsaw(2025, 4, 17, 10), warsaw(2025, 4, 18, 10)),  # Good Friday counts
            (warsaw(2025, 4, 18, 10), warsaw(2025, 4, 22, 10)),  # Easter skipped
            (warsaw(2025, 4, 30, 10), warsaw(2025, 5, 2, 10)),  # 1 May skipped
            (warsaw(2025, 5, 2, 10), warsaw(2025, 5, 5, 10)),  # 3 May is a Saturday
            (warsaw(2025, 6, 18, 12), warsaw(2025, 6, 20, 12)),  # Corpus Christi
            (warsaw(2025, 12, 23, 12), warsaw(2025, 12, 29, 12)),  # Christmas Eve to 26th
            (warsaw(2025, 12, 31, 12), warsaw(2026, 1, 2, 12)),  # New Year
            (warsaw(2024, 10, 25, 18), warsaw(2024, 10, 28, 18)),  # autumn DST weekend
        ],
    )
    def test_2024_counts_business_hours(self, received: datetime, due: datetime) -> None:
        """DI-3, T&C 2024-04-15: the 24 h exclude Saturdays, Sundays and Polish holidays."""
        assert reply_due(received, rulebook=EDITION_2024_04_15) == due

    def test_2024_business_days_are_warsaw_days_in_any_zone(self) -> None:
        """DI-3, T&C 2024-04-15: Friday 23:30 UTC is Saturday 01:30 in Warsaw: no business day.

        The clock starts on Monday 22 April at 00:00 CEST and ends on Tuesday
        00:00 CEST, which is Monday 22:00 UTC. Counting business days in UTC
        would take Friday's last 30 minutes and end on Monday 23:30 UTC.
        """
        received = datetime(2024, 4, 19, 23, 30, tzinfo=UTC)
        due = reply_due(received, rulebook=EDITION_2024_04_15)
        assert due == datetime(2024, 4, 22, 22, tzinfo=UTC)
        assert due.tzinfo is UTC  # shown in the zone the caller used
        tokyo = ZoneInfo("Asia/Tokyo")
        in_tokyo = reply_due(received.astimezone(tokyo), rulebook=EDITION_2024_04_15)
        assert (in_tokyo, in_tokyo.tzinfo) == (due, tokyo)

    def test_2024_business_days_come_from_the_rulebook_zone(self) -> None:
        """DI-3: a rulebook whose zone is Tokyo counts Tokyo's days, whatever the input's zone.

        Friday 23:30 UTC is Saturday 08:30 in Tokyo; the clock starts on Monday
        00:00 JST and ends on Tuesday 00:00 JST, Monday 15:00 UTC.
        """
        in_tokyo = attrs.evolve(EDITION_2024_04_15, zone=ZoneInfo("Asia/Tokyo"))
        received = datetime(2024, 4, 19, 23, 30, tzinfo=UTC).astimezone(WARSAW)
        assert reply_due(received, rulebook=in_tokyo) == datetime(2024, 4, 22, 15, tzinfo=UTC)

    def test_2022_into_the_repeated_autumn_hour(self) -> None:
        """DI-3, edition 2022: Saturday 02:30 CEST + 24 h is the first 02:30 of Sunday 27 October.

        That wall time comes twice; the deadline keeps its offset (+02:00), so
        it equals the same instant written in UTC (00:30).
        """
        due = reply_due(warsaw(2024, 10, 26, 2, 30), rulebook=EDITION_2022)
        assert due == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
        assert due.utcoffset() == timedelta(hours=2)

    def test_2022_is_shown_in_the_callers_zone(self) -> None:
        """DI-3, edition 2022: 24 elapsed hours, shown in the zone of the arrival."""
        received = datetime(2022, 3, 26, 11, tzinfo=UTC)
        due = reply_due(received, rulebook=EDITION_2022)
        assert (due, due.tzinfo) == (datetime(2022, 3, 27, 11, tzinfo=UTC), UTC)

    def test_naive_is_refused(self) -> None:
        """A naive instant is refused, naming the argument."""
        with pytest.raises(NaiveDatetimeError, match="received_at"):
            reply_due(datetime(2024, 4, 19, 15))
