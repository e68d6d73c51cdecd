"""Instants, half-open windows, Warsaw calendar days and Polish business time.

Two kinds of duration appear in the rules, and they are counted differently:

* **hours** ("reply within 24 hours") are elapsed time: 24 hours after
  Saturday 12:00 before the spring DST change is Sunday 13:00 local time.
* **days** ("the last 30 days", "180 days after the purchase") are calendar
  days on the wall clock of the rulebook's zone — Europe/Warsaw for every
  Allegro rule (SQ-2) — *whatever zone the instant is written in*. The same
  instant written in UTC, Warsaw or Tokyo time gives the same day and the same
  deadline; a result is expressed in the zone the caller used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

import attrs
from dateutil.easter import easter

from ._frozen import FrozenMap
from .exceptions import InvalidTypeError, InvalidValueError, NaiveDatetimeError

__all__ = [
    "SUPPORTED_YEARS",
    "WARSAW",
    "Window",
    "add_business_days",
    "add_business_time",
    "add_days",
    "add_elapsed",
    "day_start",
    "elapsed",
    "is_business_day",
    "iter_days",
    "local_day",
    "next_midnight",
    "polish_holidays",
    "require_aware",
]

WARSAW = ZoneInfo("Europe/Warsaw")
"""Allegro's time zone: its days are Europe/Warsaw calendar days (SQ-2)."""

_ONE_DAY = timedelta(days=1)

SUPPORTED_YEARS: Final = (1900, 2999)
"""The years of the instants the library accepts as input, as written (in the instant's zone).

Windows, deadlines and histories count days and months around each instant
(up to a year back for the 12-month windows); near the ends of Python's
calendar (years 1 and 9999) there is no room for that. No seller record or
evaluation instant lies outside these years.
"""

# Instants the library derives (a window's start a year before an as_of of
# 1900) may lie a little outside SUPPORTED_YEARS; this is how far they may go.
_CALENDAR_YEARS: Final = (2, 9998)
_CALENDAR_ENDS = (
    "is too close to the ends of the calendar (years 1 and 9999) to count days around it"
)


def require_aware(
    value: object,
    *,
    field: str,
    record: str | None = None,
    record_id: str | None = None,
    years: tuple[int, int] = SUPPORTED_YEARS,
) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime in the supported years, else raise.

    Args:
        value: The value to check.
        field: Its field or argument name, for the message.
        record: The record's class name, if it is a record's field.
        record_id: The record's id, if it has one.
        years: The first and last year allowed, as written (default
            :data:`SUPPORTED_YEARS`).

    Raises:
        InvalidTypeError: ``value`` is not a :class:`~datetime.datetime`.
        NaiveDatetimeError: ``value`` has no UTC offset.
        InvalidValueError: ``value`` is dated outside ``years``.
    """
    if not isinstance(value, datetime):
        raise InvalidTypeError(
            field=field if record is None else f"{record}.{field}",
            value=value,
            reason=f"is a {type(value).__name__}; give a timezone-aware datetime",
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(field=field, value=value, record=record, record_id=record_id)
    first, last = years
    if not first <= value.year <= last:
        reason = (
            _CALENDAR_ENDS
            if years == _CALENDAR_YEARS
            else f"is outside the supported years {first} to {last}: days are counted "
            "around every instant, and near the ends of the calendar (years 1 and 9999) "
            "there is no room for that"
        )
        raise InvalidValueError(
            field=field, value=value, record=record, record_id=record_id, reason=reason
        )
    return value


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def add_elapsed(instant: datetime, duration: timedelta) -> datetime:
    """Add elapsed time (hours, minutes): the result is ``duration`` later in real time.

    The result is expressed in ``instant``'s time zone. Across a DST change the
    wall clock moves by one hour more or less than ``duration``.
    """
    zone = instant.tzinfo
    return (_utc(instant) + duration).astimezone(zone)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Return the real time from ``start`` to ``end``.

    Python subtracts two datetimes of the *same* zone on the wall clock, which
    is an hour off across a DST change; this subtracts on the UTC time line.
    """
    return _utc(end) - _utc(start)


def add_days(instant: datetime, days: int, tz: tzinfo = WARSAW) -> datetime:
    """Add calendar days counted on ``tz``'s wall clock (Warsaw by default, SQ-2).

    The same instant gives the same result whatever zone it is written in:
    ``instant`` is read on ``tz``'s wall clock, ``days`` calendar days are
    added there, and the result is expressed in ``instant``'s own zone. A wall
    time that a DST change skips is read with the offset before the change.

    Example:
        >>> from datetime import UTC, datetime
        >>> from sellerquality import add_days
        >>> saturday = datetime(2022, 3, 26, 23, 30, tzinfo=UTC)  # Sunday 00:30 in Warsaw
        >>> add_days(saturday, 1).isoformat()  # Monday 00:30 in Warsaw, after DST began
        '2022-03-27T22:30:00+00:00'
    """
    local = instant.astimezone(tz) + timedelta(days=days)
    return pin_offset(local.astimezone(UTC).astimezone(instant.tzinfo))


def pin_offset(value: datetime) -> datetime:
    """The same instant with a fixed UTC offset when its wall time is ambiguous or skipped.

    Python compares a datetime in a DST fold or gap as unequal to every datetime
    of another zone, even the same instant; with its offset fixed it compares by
    instant (SQ-2: one instant, one answer).
    """
    zone = value.tzinfo
    if zone is None or type(zone) is timezone:
        return value
    if not _changes_offset(zone, value.toordinal()):
        return value  # no DST change that day: no wall time of it is ambiguous or skipped
    offset = value.utcoffset()
    if offset is not None and value.replace(fold=1 - value.fold).utcoffset() != offset:
        return value.astimezone(timezone(offset))
    return value


@lru_cache(maxsize=65536)
def _changes_offset(zone: tzinfo, ordinal: int) -> bool:
    """Whether the UTC offset of ``zone`` changes on the day ``ordinal`` (a DST change)."""
    day = date.fromordinal(ordinal)
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day, time(23, 59, 59, 999999), tzinfo=zone)
    return start.utcoffset() != end.utcoffset() or start.dst() != end.dst()


def local_day(instant: datetime, tz: tzinfo = WARSAW) -> date:
    """Return the calendar day in ``tz`` that ``instant`` falls on (SQ-2: Warsaw days)."""
    return instant.astimezone(tz).date()


def day_start(day: date, tz: tzinfo = WARSAW) -> datetime:
    """Return the first instant of ``day`` in ``tz`` (local midnight, DST-safe; SQ-2).

    Raises:
        InvalidValueError: ``day`` is in year 1 or 9999, too close to the ends
            of the calendar to count days around it.
    """
    if not _CALENDAR_YEARS[0] <= day.year <= _CALENDAR_YEARS[1]:
        raise InvalidValueError(field="day", value=day, reason=_CALENDAR_ENDS)
    # The UTC round trip resolves a midnight that a DST gap skips (not in Warsaw,
    # whose changes happen at 02:00/03:00, but in some other zones).
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC).astimezone(tz)


def next_midnight(instant: datetime, tz: tzinfo = WARSAW) -> datetime:
    """Return the first instant of the calendar day after ``instant``'s day in ``tz``.

    This is the ``as_of`` of that day's daily evaluation (SQ-2).
    """
    return day_start(local_day(instant, tz) + _ONE_DAY, tz)


def iter_days(first: date, last: date) -> Iterator[date]:
    """Yield each calendar day from ``first`` to ``last``, both included."""
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY


def _check_instant(_: Window, attribute: attrs.Attribute[datetime], value: object) -> None:
    # Wider than the input's years: a window may reach a year before an instant.
    require_aware(value, field=attribute.name, record="Window", years=_CALENDAR_YEARS)


@attrs.frozen
class Window:
    """A half-open span of time ``[start, end)``: ``start`` belongs, ``end`` does not (SQ-2).

    Both ends are timezone-aware; comparisons are made on the UTC time line,
    so a window holds the same instants whatever zones its ends are written in.

    Example:
        >>> from datetime import datetime, date
        >>> from sellerquality import Window
        >>> from zoneinfo import ZoneInfo
        >>> day = Window.for_day(date(2022, 3, 27), ZoneInfo("Europe/Warsaw"))
        >>> day.duration  # the spring DST change: a 23-hour day
        datetime.timedelta(seconds=82800)
        >>> day.contains(day.end)
        False

    Attributes:
        start: The first instant inside the window.
        end: The first instant after it.
    """

    start: datetime = attrs.field(validator=_check_instant)
    end: datetime = attrs.field(validator=_check_instant)
    _start_utc: datetime = attrs.field(init=False, repr=False, eq=False)
    _end_utc: datetime = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        start_utc, end_utc = _utc(self.start), _utc(self.end)
        if end_utc < start_utc:
            raise InvalidValueError(
                record="Window",
                field="end",
                value=self.end,
                reason=f"is before start {self.start.isoformat()}",
            )
        object.__setattr__(self, "_start_utc", start_utc)
        object.__setattr__(self, "_end_utc", end_utc)

    @classmethod
    def last_days(cls, as_of: datetime, days: int, tz: tzinfo = WARSAW) -> Window:
        """Return the ``days`` calendar days before ``as_of``: ``[as_of - days, as_of)``.

        Days are counted on ``tz``'s wall clock (Europe/Warsaw unless a
        rulebook names another zone), whatever zone ``as_of`` is written in
        (SQ-2). This is the rules' "window".
        """
        require_aware(as_of, field="as_of")
        return cls(add_days(as_of, -days, tz), as_of)

    @classmethod
    def for_day(cls, day: date, tz: tzinfo = WARSAW) -> Window:
        """Return the calendar day ``day`` in ``tz``: 23, 24 or 25 hours long."""
        return cls(day_start(day, tz), day_start(day + _ONE_DAY, tz))

    @property
    def duration(self) -> timedelta:
        """The elapsed time from ``start`` to ``end``."""
        return self._end_utc - self._start_utc

    def contains(self, instant: datetime) -> bool:
        """Whether ``instant`` lies in ``[start, end)``."""
        moment = _utc(require_aware(instant, field="instant"))
        return self._start_utc <= moment < self._end_utc

    def __contains__(self, instant: object) -> bool:
        return isinstance(instant, datetime) and self.contains(instant)

    def __str__(self) -> str:
        return f"[{self.start.isoformat()}, {self.end.isoformat()})"


# --- Polish public holidays -------------------------------------------------

_FIXED_HOLIDAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "Nowy Rok (New Year's Day)"),
    (1, 6, "Święto Trzech Króli (Epiphany)"),
    (5, 1, "Święto Pracy (Labour Day)"),
    (5, 3, "Święto Konstytucji 3 Maja (Constitution Day)"),
    (8, 15, "Wniebowzięcie NMP (Assumption Day)"),
    (11, 1, "Wszystkich Świętych (All Saints' Day)"),
    (11, 11, "Narodowe Święto Niepodległości (Independence Day)"),
    (12, 25, "Boże Narodzenie (Christmas Day)"),
    (12, 26, "drugi dzień Bożego Narodzenia (Second Day of Christmas)"),
)
# Days after Easter Sunday.
_EASTER_HOLIDAYS: tuple[tuple[int, str], ...] = (
    (0, "Wielkanoc (Easter Sunday)"),
    (1, "Poniedziałek Wielkanocny (Easter Monday)"),
    (49, "Zielone Świątki (Whit Sunday)"),
    (60, "Boże Ciało (Corpus Christi)"),
)
# Christmas Eve became a statutory holiday by the act of 6 December 2024,
# in force from 2025; Epiphany has been one since 2011.
_CHRISTMAS_EVE_FROM = 2025
_EPIPHANY_FROM = 2011


@lru_cache(maxsize=256)
def polish_holidays(year: int) -> Mapping[date, str]:
    """Return Poland's statutory public holidays (dni ustawowo wolne od pracy) in ``year`` (DI-3).

    Fixed dates plus the Easter-based ones computed with
    :func:`dateutil.easter.easter` (Western Easter). Christmas Eve counts
    from 2025 and Epiphany from 2011, as the statutes say.

    Returns:
        A read-only mapping from each holiday's date to its Polish and English name.

    Example:
        >>> from datetime import date
        >>> from sellerquality import polish_holidays
        >>> polish_holidays(2024)[date(2024, 3, 31)]
        'Wielkanoc (Easter Sunday)'
    """
    days: dict[date, str] = {}
    for month, day, name in _FIXED_HOLIDAYS:
        if (month, day) == (1, 6) and year < _EPIPHANY_FROM:
            continue
        days[date(year, month, day)] = name
    if year >= _CHRISTMAS_EVE_FROM:
        days[date(year, 12, 24)] = "Wigilia Bożego Narodzenia (Christmas Eve)"
    sunday = easter(year)
    for offset, name in _EASTER_HOLIDAYS:
        days[sunday + timedelta(days=offset)] = name
    return FrozenMap(dict(sorted(days.items())))


_SATURDAY = 5


def is_business_day(day: date) -> bool:
    """Whether ``day`` is a Polish business day: Monday to Friday, not a holiday (DI-3)."""
    return day.weekday() < _SATURDAY and day not in polish_holidays(day.year)


def add_business_time(start: datetime, duration: timedelta, tz: tzinfo = WARSAW) -> datetime:
    """Return the instant when ``duration`` of business time has passed since ``start`` (DI-3).

    Only time on Polish business days (:func:`is_business_day`, calendar days
    in ``tz``) runs the clock; Saturdays, Sundays and public holidays are
    skipped whole. The time counted is elapsed time, so DST changes are handled.
    A clock started on a non-business day begins at the next business day's
    midnight. The result is in ``tz``.

    Example:
        >>> from datetime import datetime, timedelta
        >>> from sellerquality import WARSAW, add_business_time
        >>> friday = datetime(2024, 4, 19, 15, 0, tzinfo=WARSAW)
        >>> add_business_time(friday, timedelta(hours=24)).isoformat()
        '2024-04-22T15:00:00+02:00'
    """
    require_aware(start, field="start")
    if duration < timedelta(0):
        raise InvalidValueError(field="duration", value=duration, reason="is negative")
    remaining = duration
    moment = _utc(start)
    day = local_day(start, tz)
    while True:
        day_end = _utc(day_start(day + _ONE_DAY, tz))
        if is_business_day(day):
            available = day_end - moment
            if remaining <= available:
                return (moment + remaining).astimezone(tz)
            remaining -= available
        day += _ONE_DAY
        moment = day_end


def add_business_days(start: datetime, days: int, tz: tzinfo = WARSAW) -> datetime:
    """Return the same wall-clock time ``days`` Polish business days after ``start`` (DI-3).

    Counting starts from ``start`` if it is on a business day, otherwise from
    the next business day's midnight. The result is in ``tz``.
    """
    require_aware(start, field="start")
    if days < 0:
        raise InvalidValueError(field="days", value=days, reason="is negative")
    local = start.astimezone(tz)
    day = local.date()
    if not is_business_day(day):
        while not is_business_day(day):
            day += _ONE_DAY
        local = day_start(day, tz)
    wall = local.time()
    for _ in range(days):
        day += _ONE_DAY
        while not is_business_day(day):
            day += _ONE_DAY
    result = datetime.combine(day, wall, tzinfo=tz)
    return result.astimezone(UTC).astimezone(tz)
