"""Named tallies of each record family: one scan for a report, difference arrays for a history.

Every metric is a sum, over the records of one *family*, of a contribution
that depends on the record and on the evaluation instant ``as_of``: whether
the record lies in the window, and what had happened to it before ``as_of``
(a reply, a tracking number, a buyer's closing). This module computes those
sums for each family, as a typed :class:`Tally` of named sums and named
culprit lists:

* :func:`tally` at one instant scans the family's window slice of the
  activity's integer :mod:`columns <sellerquality.allegro._columns>` once;
* :func:`tally_days` at consecutive Warsaw midnights (a history, a forecast)
  finds, for each record, the first snapshot it is in, the first it has left,
  and the snapshots where its contribution changes (a reply, a deadline), and
  adds those changes into per-snapshot difference arrays; running sums over
  them give every day's tally. Culprits are exact record ids either way.

Both give the same numbers: a day of history is the report at that day's
midnight (checked by the test suite against a slow reference implementation).
"""

from __future__ import annotations

import enum
import functools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from itertools import accumulate, compress, islice, pairwise, repeat
from operator import and_
from typing import Any, Final, Generic, NamedTuple, TypeVar

import attrs

from .._results import MAX_CULPRITS
from .._time import add_days, day_start, local_day
from ._clock import due_instant
from ._columns import ALWAYS, NEVER, Columns, micros, to_datetime
from ._rules import ReplyClock, Rulebook

__all__ = [
    "Culprits",
    "Family",
    "OfferCulprits",
    "OfferSums",
    "OpenCulprits",
    "OpenSums",
    "OrderCulprits",
    "OrderSums",
    "RatingCulprits",
    "RatingSums",
    "ReplyCulprits",
    "ReplySums",
    "Tally",
    "UnresolvedCulprits",
    "UnresolvedSums",
    "ViolationCulprits",
    "ViolationSums",
    "tally",
    "tally_days",
]


class Family(enum.Enum):
    """The record families the metrics sum over."""

    RATINGS = "ratings"
    """Ratings in the window (SQ-A1, SQ-A2)."""
    MESSAGES = "messages"
    """Buyer messages received in the window (SQ-B5, SQ-B6)."""
    DISPUTES = "disputes"
    """Disputes opened in the window, by their first reply (SQ-B2, SQ-B3)."""
    OPEN_DISPUTES = "open_disputes"
    """Disputes opened in the window and still open (SQ-B1)."""
    UNRESOLVED = "unresolved"
    """Disputes marked unresolved in the window (SQ-B4)."""
    ORDERS = "orders"
    """Orders bought in the window, not cancelled (SQ-C6, SQ-D1…SQ-D3)."""
    OFFERS = "offers"
    """Offers active at ``as_of`` (SQ-C1…SQ-C5); no window."""
    VIOLATIONS = "violations"
    """ToS violations in the window (SQ-E1)."""


class Culprits(NamedTuple):
    """The first :data:`~sellerquality._results.MAX_CULPRITS` record ids of a set, and its size."""

    ids: tuple[str, ...]
    size: int


class RatingSums(NamedTuple):
    """SQ-A1, SQ-A2."""

    recommended: int
    ratings: int
    marks: int
    mark_sum: int


class RatingCulprits(NamedTuple):
    """Negative ratings (SQ-A1) and ratings with a mark below the threshold (SQ-A2)."""

    negative: Culprits
    low_marks: Culprits


class ReplySums(NamedTuple):
    """SQ-B2/SQ-B3 for disputes, SQ-B5/SQ-B6 for messages."""

    due: int
    """Records answered, or unanswered past their deadline."""
    on_time: int
    answered: int
    reply_micros: int
    """Total time to the answers, in microseconds."""


class ReplyCulprits(NamedTuple):
    """Records due and not answered on time; answers slower than the metric's limit."""

    late: Culprits
    slow: Culprits


class OpenSums(NamedTuple):
    """SQ-B1."""

    open: int


class OpenCulprits(NamedTuple):
    """Disputes open at ``as_of``."""

    open: Culprits


class UnresolvedSums(NamedTuple):
    """SQ-B4."""

    unresolved: int


class UnresolvedCulprits(NamedTuple):
    """Disputes marked unresolved in the window."""

    unresolved: Culprits


class OrderSums(NamedTuple):
    """SQ-C6, SQ-D1, SQ-D2, SQ-D3."""

    revenue: Decimal
    promoted_revenue: Decimal
    completed: int
    due: int
    """Orders with a dispatch deadline that got tracking or passed the deadline."""
    on_time: int


class OrderCulprits(NamedTuple):
    """Orders late with their tracking number (SQ-D2); orders not completed (SQ-D1)."""

    late: Culprits
    not_completed: Culprits


class OfferSums(NamedTuple):
    """SQ-C1…SQ-C5."""

    active: int
    ean: int
    smart: int
    fast_dispatch: int
    pickup: int
    delivery: int


class OfferCulprits(NamedTuple):
    """Active offers lacking each feature, in :class:`OfferSums` order."""

    ean: Culprits
    smart: Culprits
    fast_dispatch: Culprits
    pickup: Culprits
    delivery: Culprits


class ViolationSums(NamedTuple):
    """SQ-E1."""

    violations: int
    deducted: int


class ViolationCulprits(NamedTuple):
    """The violations in the window."""

    violations: Culprits


S = TypeVar("S", bound=tuple[Any, ...])
C = TypeVar("C", bound=tuple[Any, ...])


@attrs.frozen
class Tally(Generic[S, C]):
    """One family's sums and culprit sets at one instant."""

    sums: S
    culprits: C


# --- what each family sums, as data -------------------------------------------------------
#
# A family is described by its records' times (ascending), its ids, its window, and
# what is summed and who the culprits are, each a *selection* of the window's records:
#
# * ``_Select()``: every record in the window;
# * ``_Select(where=flags)``: those whose flag is set;
# * ``_Select(events, before=True)``: those whose event happened before ``as_of``
#   (``event < as_of``), or, with ``before=False``, has not happened by then;
# * both, for the records with the flag whose event happened (or not).
#
# A counter counts a selection, or sums ``weights`` over it. Records whose event never
# happens carry NEVER in its column, so every rule of a metric becomes a comparison
# with ``as_of``. The two evaluators below read the same description: one window (a
# report) or consecutive windows (a history).


class _Select(NamedTuple):
    events: Sequence[int] | None = None
    where: Sequence[bool] | None = None
    before: bool = True


class _Count(NamedTuple):
    select: _Select
    weights: Sequence[int] | None = None


_EVERY: Final = _Select()


@attrs.frozen
class _Spec:
    """One family's records as the metrics see them under one rulebook."""

    ids: Sequence[str]
    times: Sequence[int]
    lookback: int | None
    """Days the window reaches back: ``None`` for no window (every record from the
    start of time), ``0`` for the metric's own window."""
    counters: tuple[_Count, ...]
    culprits: tuple[_Select, ...]
    make: Callable[[list[int], list[Culprits]], Tally[Any, Any]]
    """Builds the named tally from the counters' values and the culprit sets."""


_MICRO: Final = timedelta(microseconds=1)


def _due(columns: Columns, family: Family, rulebook: Rulebook) -> list[int]:
    """The reply deadline of each message or dispute (DI-3)."""
    rules = rulebook.lifecycle
    source = columns.messages if family is Family.MESSAGES else columns.disputes
    if rules.reply_clock is ReplyClock.CALENDAR:
        within = rules.reply_within // _MICRO
        return [time + within for time in source.times]
    return [micros(due_instant(moment, rulebook)) for moment in source.given]


def _replies(columns: Columns, family: Family, rulebook: Rulebook) -> _Spec:
    source = columns.messages if family is Family.MESSAGES else columns.disputes
    code = "MESSAGE_REPLY_TIME" if family is Family.MESSAGES else "DISPUTE_REPLY_TIME"
    slow = rulebook.quality.metrics[code].duration // _MICRO
    rules = rulebook.lifecycle
    replies = source.replies

    def derive() -> tuple[list[int], list[int], list[bool], list[bool]]:
        dues = _due(columns, family, rulebook)
        took = [0 if r == NEVER else r - t for t, r in zip(source.times, replies, strict=True)]
        # Due from the earlier of the reply and the deadline; on time when the reply
        # came by the deadline (then it is due exactly when answered).
        decided = list(map(min, replies, dues))
        on_time = [r <= d for r, d in zip(replies, dues, strict=True)]
        return took, decided, on_time, [t > slow for t in took]

    key = ("replies", family, rules.reply_within, rules.reply_clock, rulebook.zone, slow)
    took, decided, on_time, slow_ones = columns.derive(key, derive)
    late = columns.derive(("late", key), lambda: [not flag for flag in on_time])
    answered = _Select(replies)
    return _Spec(
        ids=source.ids,
        times=source.times,
        lookback=0,
        counters=(
            _Count(_Select(decided)),
            _Count(_Select(replies, on_time)),
            _Count(answered),
            _Count(answered, took),
        ),
        culprits=(_Select(decided, late), _Select(replies, slow_ones)),
        make=lambda v, c: Tally(ReplySums(*v), ReplyCulprits(*c)),
    )


def _ratings(columns: Columns, rulebook: Rulebook) -> _Spec:
    c = columns.ratings
    # A whole mark m is below a share t exactly when m < ceil(t): int compares only.
    bar = math.ceil(rulebook.quality.metrics["BUYER_SATISFACTION"].share)
    negative = columns.derive("negative", lambda: [not good for good in c.recommended])
    low = columns.derive(("low", bar), lambda: [mark < bar for mark in c.lowest_marks])
    return _Spec(
        ids=c.ids,
        times=c.times,
        lookback=0,
        counters=(
            _Count(_EVERY, c.recommended),
            _Count(_EVERY),
            _Count(_EVERY, c.mark_counts),
            _Count(_EVERY, c.mark_sums),
        ),
        culprits=(_Select(where=negative), _Select(where=low)),
        make=lambda v, k: Tally(RatingSums(*v), RatingCulprits(*k)),
    )


def _open_disputes(columns: Columns, rulebook: Rulebook) -> _Spec:
    c = columns.disputes
    days, zone = rulebook.lifecycle.expires_after_days, rulebook.zone

    def derive() -> list[int]:
        # Open until the earlier of a final status and the expiry (DI-5).
        return [
            min(close, micros(add_days(opened, days, zone)))
            for close, opened in zip(c.closes, c.given, strict=True)
        ]

    still_open = _Select(columns.derive(("open", days, zone), derive), before=False)
    return _Spec(
        ids=c.ids,
        times=c.times,
        # One day more than the expiry, so that no dispute still open is missed.
        lookback=days + 1,
        counters=(_Count(still_open),),
        culprits=(still_open,),
        make=lambda v, k: Tally(OpenSums(*v), OpenCulprits(*k)),
    )


def _unresolved(columns: Columns, _: Rulebook) -> _Spec:
    c = columns.unresolved
    return _Spec(
        ids=c.ids,
        times=c.times,
        lookback=0,
        counters=(_Count(_EVERY),),
        culprits=(_EVERY,),
        make=lambda v, k: Tally(UnresolvedSums(*v), UnresolvedCulprits(*k)),
    )


def _orders(columns: Columns, _: Rulebook) -> _Spec:
    c = columns.orders

    def derive() -> tuple[list[bool], list[int], list[int], list[bool], list[bool]]:
        live = [not cancelled for cancelled in c.cancelled]
        amounts = [a if ok else 0 for a, ok in zip(c.amounts, live, strict=True)]
        promoted = [a if p else 0 for a, p in zip(amounts, c.promoted, strict=True)]
        good = [ok and on for ok, on in zip(live, c.on_time, strict=True)]
        late = [ok and not on for ok, on in zip(live, c.on_time, strict=True)]
        return live, amounts, promoted, good, late

    live, amounts, promoted, good, late = columns.derive("orders", derive)
    total = c.total
    return _Spec(
        ids=c.ids,
        times=c.times,
        lookback=0,
        counters=(
            _Count(_EVERY, amounts),
            _Count(_EVERY, promoted),
            _Count(_Select(c.completed, live)),
            _Count(_Select(c.counted, live)),
            _Count(_Select(c.counted, good)),
        ),
        culprits=(_Select(c.counted, late), _Select(c.completed, live, before=False)),
        make=lambda v, k: Tally(
            OrderSums(total(v[0]), total(v[1]), v[2], v[3], v[4]), OrderCulprits(*k)
        ),
    )


def _offers(columns: Columns, rulebook: Rulebook) -> _Spec:
    c = columns.offers
    metrics = rulebook.quality.metrics
    fast = metrics["FAST_DISPATCH_OFFERS"].duration_parameter // _MICRO
    pickup = metrics["PERSONAL_PICKUP_OFFERS"].count_parameter
    delivery = metrics["ALLEGRO_DELIVERY_OFFERS"].count_parameter

    def derive() -> tuple[tuple[list[bool], ...], tuple[list[bool], ...]]:
        having = (
            c.ean,
            c.smart,
            [handling <= fast for handling in c.handling],
            [count >= pickup for count in c.pickups],
            [count >= delivery for count in c.deliveries],
        )
        return having, tuple([not flag for flag in flags] for flags in having)

    having, lacking = columns.derive(("offers", fast, pickup, delivery), derive)
    # Active while listed before as_of and not ended before it: ended >= as_of.
    active = _Select(c.ended, before=False)
    return _Spec(
        ids=c.ids,
        times=c.listed,
        lookback=None,
        counters=(_Count(active), *(_Count(_Select(c.ended, has, before=False)) for has in having)),
        culprits=tuple(_Select(c.ended, lacks, before=False) for lacks in lacking),
        make=lambda v, k: Tally(OfferSums(*v), OfferCulprits(*k)),
    )


def _violations(columns: Columns, rulebook: Rulebook) -> _Spec:
    c = columns.violations
    deductions = rulebook.quality.deductions
    return _Spec(
        ids=c.ids,
        times=c.times,
        lookback=0,
        counters=(_Count(_EVERY), _Count(_EVERY, [deductions[kind] for kind in c.kinds])),
        culprits=(_EVERY,),
        make=lambda v, k: Tally(ViolationSums(*v), ViolationCulprits(*k)),
    )


def _spec(family: Family, columns: Columns, rulebook: Rulebook) -> _Spec:
    if family is Family.MESSAGES or family is Family.DISPUTES:
        return _replies(columns, family, rulebook)
    return _SPECS[family](columns, rulebook)


_SPECS: dict[Family, Callable[[Columns, Rulebook], _Spec]] = {
    Family.RATINGS: _ratings,
    Family.OPEN_DISPUTES: _open_disputes,
    Family.UNRESOLVED: _unresolved,
    Family.ORDERS: _orders,
    Family.OFFERS: _offers,
    Family.VIOLATIONS: _violations,
}


def _start(spec: _Spec, as_of: datetime, days: int, rulebook: Rulebook) -> int:
    """The window's first instant (SQ-2: ``days`` calendar days in the rulebook's zone)."""
    if spec.lookback is None:
        return ALWAYS
    return micros(add_days(as_of, -(spec.lookback or days), rulebook.zone))


def _first(ids: Sequence[str], members: Iterable[int], size: int) -> Culprits:
    return Culprits(tuple(ids[index] for index in islice(members, MAX_CULPRITS)), size)


# --- one instant: a scan of the window ------------------------------------------------------


def tally(
    family: Family, columns: Columns, rulebook: Rulebook, *, as_of: datetime, days: int
) -> Tally[Any, Any]:
    """The tally of ``family`` at ``as_of`` with a ``days``-day window (SQ-2)."""
    spec = _spec(family, columns, rulebook)
    end = micros(as_of)
    scan = _Scan(bisect_left(spec.times, _start(spec, as_of, days, rulebook)), end, spec)
    values = [scan.count(counter) for counter in spec.counters]
    culprits = []
    for select in spec.culprits:
        members = scan.members(select)
        culprits.append(_first(spec.ids, members, len(members)))
    return spec.make(values, culprits)


class _Scan:
    """One window's slice of a family, each event column compared with ``as_of`` once.

    The comparisons are list comprehensions and the counts ``sum`` and
    ``compress`` over them, so a report costs a few C-level passes per column.
    """

    def __init__(self, lo: int, end: int, spec: _Spec) -> None:
        self.lo, self.hi, self.end = lo, bisect_left(spec.times, end), end
        self.happened: dict[int, list[bool]] = {}

    def events(self, events: Sequence[int], *, before: bool) -> list[bool]:
        """Whether each record's event happened before ``as_of`` (``before=False``: not yet)."""
        key = id(events) * 2 + before
        known = self.happened.get(key)
        if known is None:
            end, window = self.end, events[self.lo : self.hi]
            known = [e < end for e in window] if before else [e >= end for e in window]
            self.happened[key] = known
        return known

    def count(self, counter: _Count) -> int:
        (events, where, before), weights = counter
        lo, hi = self.lo, self.hi
        if events is None:
            if where is None:
                return hi - lo if weights is None else sum(weights[lo:hi])
            if weights is None:
                return sum(where[lo:hi])
            return sum(compress(weights[lo:hi], where[lo:hi]))
        chosen = self.events(events, before=before)
        if where is not None:
            if weights is not None:
                chosen = list(map(and_, chosen, where[lo:hi]))
            else:
                return sum(compress(where[lo:hi], chosen))
        return sum(chosen) if weights is None else sum(compress(weights[lo:hi], chosen))

    def members(self, select: _Select) -> list[int]:
        events, where, before = select
        lo, hi = self.lo, self.hi
        if events is None:
            return list(compress(range(lo, hi), where[lo:hi])) if where else list(range(lo, hi))
        found = compress(range(lo, hi), self.events(events, before=before))
        return list(found) if where is None else [i for i in found if where[i]]


# --- consecutive midnights: per-day counts -------------------------------------------------
#
# A history evaluates at consecutive Warsaw midnights (SQ-2), and there every comparison
# with ``as_of`` is one of calendar days: a record is in the window of the result
# evaluated at the midnight starting day ``E`` when its own day lies in ``[E - days,
# E)``, and its event had happened when the event's day is before ``E``. So each
# record needs two day numbers, its own and its event's, computed once per activity
# and zone and kept with the columns. A history counts the pairs of day numbers of
# its records with one C-level ``Counter`` pass per condition and works out every
# day's sums from the few distinct pairs with difference arrays.

_SHIFT: Final = 22
_DAY_NEVER: Final = (1 << _SHIFT) - 1
"""The day number of an event that never happens (after every real day)."""


class _Calendar:
    """Day numbers in one zone: 0 for ALWAYS, 1 for the first day of the activity, and on."""

    def __init__(self, first: date, zone: tzinfo) -> None:
        self.base = first - timedelta(days=1)
        self.zone = zone
        self.midnights: list[int] = []
        """Start of day ``n + 1``, then of day ``n + 2``, … (the calendar grows as asked)."""

    def day(self, moment: datetime) -> int:
        """The day number of any instant."""
        return (local_day(moment, self.zone) - self.base).days

    def numbers(self, values: Sequence[int]) -> list[int]:
        """The day numbers of instants in microseconds, no earlier than the first day."""
        finite = [value for value in values if value < NEVER]
        if finite:
            self._reach(max(finite))
        count = len(values)
        found = list(map(bisect_right, repeat(self.midnights, count), values))
        if len(finite) < count:
            found = [_DAY_NEVER if v >= NEVER else n for v, n in zip(values, found, strict=True)]
        return found

    def _reach(self, last: int) -> None:
        midnights = self.midnights
        day = self.base + timedelta(days=len(midnights) + 1)
        while not midnights or midnights[-1] <= last:
            midnights.append(micros(day_start(day, self.zone)))
            day += timedelta(days=1)


def _days_of(columns: Columns, zone: tzinfo, values: Sequence[int]) -> list[int]:
    """Day numbers of a column of instants, computed once per activity and zone."""
    book: _Calendar = columns.derive(("calendar", zone), lambda: _calendar_for(columns, zone))
    days: list[int] = columns.derive(("days", zone, id(values)), lambda: book.numbers(values))
    return days


def _keys(columns: Columns, zone: tzinfo, times: Sequence[int], events: Sequence[int]) -> list[int]:
    """Each record's day and its event's day in one int, for counting pairs."""

    def compute() -> list[int]:
        days = _days_of(columns, zone, times)
        return [
            (d << _SHIFT) | e for d, e in zip(days, _days_of(columns, zone, events), strict=True)
        ]

    keys: list[int] = columns.derive(("keys", zone, id(times), id(events)), compute)
    return keys


def tally_days(
    family: Family, columns: Columns, rulebook: Rulebook, *, as_ofs: Sequence[datetime], days: int
) -> list[Tally[Any, Any]]:
    """The tallies of ``family`` at each of the ascending ``as_ofs``, ``days``-day windows.

    At Warsaw midnights (every history, forecast and programme look-ahead) the
    days are counted per day; at other instants each is a report of its own.
    """
    zone = rulebook.zone
    if any(day_start(local_day(moment, zone), zone) != moment for moment in as_ofs):
        return [tally(family, columns, rulebook, as_of=moment, days=days) for moment in as_ofs]
    spec = _spec(family, columns, rulebook)
    book: _Calendar = columns.derive(("calendar", zone), lambda: _calendar_for(columns, zone))
    # A snapshot before every record is day 1 at the earliest: nothing of the activity has
    # happened by then but what always had (ALWAYS, day 0).
    starts = [max(1, book.day(moment)) for moment in as_ofs]
    if spec.lookback is None:
        return _since_first(spec, columns, [micros(moment) for moment in as_ofs])
    history = _History(spec, columns, zone, starts, spec.lookback or days)
    values = [history.count(counter) for counter in spec.counters]
    culprits = [history.members(select) for select in spec.culprits]
    return [
        spec.make([column[k] for column in values], [sets[k] for sets in culprits])
        for k in range(len(as_ofs))
    ]


def _calendar_for(columns: Columns, zone: tzinfo) -> _Calendar:
    """The calendar starting on the day of the activity's earliest instant of any kind."""
    earliest = min(
        (min((v for v in column if v > ALWAYS), default=NEVER) for column in columns.instants()),
        default=NEVER,
    )
    first = to_datetime(0 if earliest >= NEVER else earliest)
    return _Calendar(local_day(first, zone), zone)


class _History:
    """One family's per-day counts for the snapshots starting days ``starts`` (ascending)."""

    def __init__(
        self,
        spec: _Spec,
        columns: Columns,
        zone: tzinfo,
        starts: list[int],
        lookback: int | None,
    ) -> None:
        self.spec, self.columns, self.zone = spec, columns, zone
        self.starts, self.lookback = starts, lookback
        self.count_ = len(starts)
        self.days = _days_of(columns, zone, spec.times)
        self.spans: dict[int, tuple[int, int]] = {}
        self.row_list: list[tuple[int, int, int]] | None = None
        first = 0 if lookback is None else starts[0] - lookback
        self.lo = bisect_left(self.days, first)
        self.hi = bisect_left(self.days, starts[-1])

    def span(self, day: int) -> tuple[int, int]:
        """The snapshots whose window holds a record of ``day``: ``[enter, leave)``."""
        known = self.spans.get(day)
        if known is None:
            enter = bisect_right(self.starts, day)
            leave = (
                self.count_
                if self.lookback is None
                else bisect_right(self.starts, day + self.lookback)
            )
            known = self.spans[day] = (enter, leave)
        return known

    def rows(self) -> list[tuple[int, int, int]]:
        """Each day of the records: (day, first index, past-the-last index)."""
        if self.row_list is None:
            days, index, hi = self.days, self.lo, self.hi
            found = []
            while index < hi:
                day = days[index]
                end = bisect_right(days, day, index, hi)
                found.append((day, index, end))
                index = end
            self.row_list = found
        return self.row_list

    def count(self, counter: _Count) -> list[int]:
        (events, where, before), weights = counter
        diff = [0] * (self.count_ + 1)
        if events is None:
            for day, lo, hi in self.rows():
                if where is None:
                    value = hi - lo if weights is None else sum(weights[lo:hi])
                elif weights is None:
                    value = sum(where[lo:hi])
                else:
                    value = sum(compress(weights[lo:hi], where[lo:hi]))
                if value:
                    enter, leave = self.span(day)
                    diff[enter] += value
                    diff[leave] -= value
            return list(accumulate(diff[:-1]))
        if self.lookback is not None and self.lookback <= _LAST_DELTA:
            deltas = self._deltas(events, where)
            result = [0] * self.count_
            for day, lo, hi in self.rows():
                enter, leave = self.span(day)
                if enter >= leave:
                    continue
                row = deltas[lo:hi]
                if weights is None:
                    counts = _row_counts(row, self.starts, day, enter, leave, before=before)
                else:
                    assert before, "weights are summed over events that happened"
                    counts = _row_sums(row, weights[lo:hi], self.starts, day, (enter, leave))
                for k, value in zip(range(enter, leave), counts, strict=True):
                    result[k] += value
            return result
        for (day, event), value in self._pairs(events, where, weights).items():
            enter, leave = self.span(day)
            happened = bisect_right(self.starts, event)
            first, stop = (max(enter, happened), leave) if before else (enter, min(leave, happened))
            if first < stop:
                diff[first] += value
                diff[stop] -= value
        return list(accumulate(diff[:-1]))

    def _deltas(self, events: Sequence[int], where: Sequence[bool] | None) -> bytes:
        """Per record: its event's day minus its own (0…253), 254 unselected, 255 never."""
        columns, zone, times = self.columns, self.zone, self.spec.times

        def compute() -> bytes:
            days = _days_of(columns, zone, times)
            event_days = _days_of(columns, zone, events)
            chosen: Iterable[bool] = repeat(True) if where is None else where  # noqa: FBT003
            return bytes(
                [
                    (_NEVER_DELTA if e == _DAY_NEVER else min(max(e - d, 0), _LAST_DELTA))
                    if ok
                    else _UNSELECTED
                    for d, e, ok in zip(days, event_days, chosen, strict=False)
                ]
            )

        deltas: bytes = columns.derive(("deltas", zone, id(times), id(events), id(where)), compute)
        return deltas

    def _pairs(
        self, events: Sequence[int], where: Sequence[bool] | None, weights: Sequence[int] | None
    ) -> dict[tuple[int, int], int]:
        keys = _keys(self.columns, self.zone, self.spec.times, events)[self.lo : self.hi]
        if weights is None:
            counted = Counter(keys if where is None else compress(keys, where[self.lo : self.hi]))
        else:
            counted = Counter()
            chosen = weights[self.lo : self.hi]
            for key, weight in zip(keys, chosen, strict=True):
                if weight:
                    counted[key] += weight
        mask = _DAY_NEVER
        return {(key >> _SHIFT, key & mask): value for key, value in counted.items()}

    def members(self, select: _Select) -> list[Culprits]:
        events, where, before = select
        if events is not None and self.lookback is not None and self.lookback <= _LAST_DELTA:
            return self._members_by_delta(events, where, before=before)
        ids = self.spec.ids
        sizes = self.count(_Count(select))
        found: list[Culprits] = []
        event_days = None if events is None else _days_of(self.columns, self.zone, events)
        rows = list(self.rows())
        for k, size in enumerate(sizes):
            members: list[int] = []
            start = self.starts[k]
            for day, lo, hi in rows:
                if len(members) == min(size, MAX_CULPRITS):
                    break
                enter, leave = self.span(day)
                if not enter <= k < leave:
                    continue
                candidates: Iterable[int] = (
                    range(lo, hi) if where is None else compress(range(lo, hi), where[lo:hi])
                )
                if event_days is not None:
                    if before:
                        candidates = (i for i in candidates if event_days[i] < start)
                    else:
                        candidates = (i for i in candidates if event_days[i] >= start)
                members += islice(candidates, MAX_CULPRITS - len(members))
            found.append(_first(ids, members, size))
        return found

    def _members_by_delta(
        self, events: Sequence[int], where: Sequence[bool] | None, *, before: bool
    ) -> list[Culprits]:
        deltas = self._deltas(events, where)
        first: list[list[int]] = [[] for _ in range(self.count_)]
        sizes = [0] * self.count_
        for day, lo, hi in self.rows():
            enter, leave = self.span(day)
            if enter >= leave:
                continue
            row = deltas[lo:hi]
            counts = _row_counts(row, self.starts, day, enter, leave, before=before)
            for k, size in zip(range(enter, leave), counts, strict=True):
                sizes[k] += size
                need = MAX_CULPRITS - len(first[k])
                if size and need > 0:
                    pattern = _delta_pattern(self.starts[k] - day, before=before)
                    found = (lo + match.start() for match in pattern.finditer(row))
                    first[k] += islice(found, need)
        ids = self.spec.ids
        return [_first(ids, members, size) for members, size in zip(first, sizes, strict=True)]


_LAST_DELTA: Final = 253
"""Day differences are kept up to 253 (meaning 253 or more): windows up to 253 days."""
_UNSELECTED: Final = 254
_NEVER_DELTA: Final = 255


def _row_sums(
    row: bytes, weights: Sequence[int], starts: list[int], day: int, span: tuple[int, int]
) -> list[int]:
    """For snapshots ``enter…leave-1``: the weights of one day's records whose event happened.

    That is every selected weight, less those of the records whose event had
    not happened yet: only records whose event came on a later day (the regular
    expression finds them in C) can be among those.
    """
    if _UNSELECTED in row:
        total = sum(compress(weights, (delta != _UNSELECTED for delta in row)))
    else:
        total = sum(weights)
    later = sorted((row[match.start()], weights[match.start()]) for match in _LATER.finditer(row))
    deltas = [delta for delta, _ in later]
    # suffix[i]: the weights of later[i:], whose events had not happened by a limit <= delta.
    suffix = list(accumulate((weight for _, weight in reversed(later)), initial=0))[::-1]
    return [total - suffix[bisect_left(deltas, starts[k] - day)] for k in range(*span)]


_LATER: Final = re.compile(b"[\\x01-\\xfd\\xff]")
"""Day differences of events on a later day than their record's, or never."""


def _row_counts(
    row: bytes, starts: list[int], day: int, enter: int, leave: int, *, before: bool
) -> list[int]:
    """For snapshots ``enter…leave-1``: how many records of one day meet the condition.

    The event of a record of ``day`` had happened by the snapshot starting day
    ``E`` when its day difference is below ``E - day``; counting each difference
    with ``bytes.count`` (in C) in increasing order until every event that ever
    happens is counted costs a few passes over the day's bytes.
    """
    selected = len(row) - row.count(_UNSELECTED)
    eventual = selected - row.count(_NEVER_DELTA)
    counts = []
    happened = difference = 0
    for k in range(enter, leave):
        limit = starts[k] - day
        while difference < limit and happened < eventual:
            happened += row.count(difference)
            difference += 1
        counts.append(happened if before else selected - happened)
    return counts


@functools.lru_cache(maxsize=1024)
def _delta_pattern(limit: int, *, before: bool) -> re.Pattern[bytes]:
    """The day differences that meet a condition at ``limit`` (1..253: windows of <= 253 days)."""
    if before:
        return re.compile(b"[\\x00-" + re.escape(bytes([limit - 1])) + b"]")
    return re.compile(
        b"["
        + re.escape(bytes([limit]))
        + b"-"
        + re.escape(bytes([_LAST_DELTA]))
        + re.escape(bytes([_NEVER_DELTA]))
        + b"]"
    )


def _since_first(spec: _Spec, columns: Columns, ends: list[int]) -> list[Tally[Any, Any]]:
    """Tallies of a family with no window (offers) at ascending instants, by updates.

    The first instant is a report; after it, only records listed since the last
    instant and records whose event came since the last instant can change a
    sum, so each instant costs the records that changed.
    """
    rows = _running(spec, columns, spec.counters, ends)
    culprits = [_first_since(spec, columns, select, ends) for select in spec.culprits]
    return [spec.make(row, [sets[k] for sets in culprits]) for k, row in enumerate(rows)]


def _running(
    spec: _Spec, columns: Columns, counters: Sequence[_Count], ends: list[int]
) -> list[list[int]]:
    """The counters' values at each of ``ends`` for a family with no window."""
    times = spec.times
    scan = _Scan(0, ends[0], spec)
    values = [scan.count(counter) for counter in counters]
    rows = [list(values)]
    for previous, end in pairwise(ends):
        entered = range(bisect_left(times, previous), bisect_left(times, end))
        for slot, ((events, where, before), weights) in enumerate(counters):
            change = 0
            for index in entered:
                selected = where is None or where[index]
                if selected and (events is None or (events[index] < end) is before):
                    change += 1 if weights is None else weights[index]
            if events is not None:
                for index in _crossed(columns, events, previous, end, entered.start):
                    if where is None or where[index]:
                        weight = 1 if weights is None else weights[index]
                        change += weight if before else -weight
            values[slot] += change
        rows.append(list(values))
    return rows


def _crossed(
    columns: Columns, events: Sequence[int], previous: int, end: int, known: int
) -> list[int]:
    """Records before index ``known`` whose event falls in ``[previous, end)``."""
    order = columns.derive(
        ("by event", id(events)), lambda: sorted(range(len(events)), key=events.__getitem__)
    )
    ordered = columns.derive(("event order", id(events)), lambda: [events[i] for i in order])
    found = order[bisect_left(ordered, previous) : bisect_left(ordered, end)]
    return [index for index in found if index < known]


def _first_since(spec: _Spec, columns: Columns, select: _Select, ends: list[int]) -> list[Culprits]:
    """A culprit set of a family with no window at each instant: first ids and size."""
    events, where, before = select
    candidates: list[int] = (
        list(range(len(spec.ids)))
        if where is None
        else columns.derive(
            ("flagged", id(where)), lambda: list(compress(range(len(where)), where))
        )
    )
    sizes = [row[0] for row in _running(spec, columns, (_Count(select),), ends)]
    found = []
    for end, size in zip(ends, sizes, strict=True):
        limit = bisect_left(spec.times, end)
        pool = candidates[: bisect_left(candidates, limit)]
        if events is None:
            members: Iterable[int] = pool
        elif before:
            members = (i for i in pool if events[i] < end)
        else:
            members = (i for i in pool if events[i] >= end)
        found.append(_first(spec.ids, members, size))
    return found
