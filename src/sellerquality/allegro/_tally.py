"""Record families: how each record counts towards the metrics at an instant.

Every metric is a sum over records of a *contribution* that depends on the
record and on the evaluation instant ``as_of``: whether the record lies in the
window, and what had happened to it before ``as_of`` (a reply, a tracking
number, a buyer's closing). A record's contribution only changes at a few
instants of its own (its *breakpoints*), so a report is one pass over the
window's records, and a history can slide from day to day re-classifying only
the records that enter, leave or pass a breakpoint.

Both :func:`~sellerquality.allegro.sales_quality` and
:func:`~sellerquality.allegro.quality_history` use the classifications here,
so a day of history is the same computation as a report at that day's
midnight.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

import attrs

from .._results import MAX_CULPRITS
from .._time import add_days
from ._clock import due_instant
from ._model import DisputeStatus, SellerActivity
from ._rules import Rulebook

__all__ = ["Families", "Family", "Tally", "build_families"]

Facts = tuple[Any, ...]
Contribution = tuple[tuple[Any, ...], int]
"""(values summed per slot, bit mask of the culprit sets the record belongs to)."""

_MICRO = timedelta(microseconds=1)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _utc_or_none(moment: datetime | None) -> datetime | None:
    # Every instant inside a family is UTC: comparisons between UTC datetimes are
    # plain and fast, where mixed zones cost a zone lookup per comparison.
    return None if moment is None else moment.astimezone(UTC)


def _micros(duration: timedelta) -> int:
    return duration // _MICRO


@attrs.define
class Family:
    """One kind of record as the metrics see it.

    Attributes:
        name: The family's name.
        ids: Record ids, in the family's time order.
        times: Each record's own instant (UTC), sorted; ``None`` for offers,
            which are selected by activity instead of by a window.
        lookback_days: A lookback of the family's own (open disputes: the
            expiry), or ``None`` to use the window of the metric asking.
        facts: Per-record facts (UTC instants and flags), computed once.
        classify: ``(facts, as_of, start) -> Contribution | None``.
        breakpoints: ``facts -> instants`` at which the contribution may change
            besides entering and leaving the window.
        slots: How many values a contribution carries.
        culprit_bits: How many culprit sets the masks address.
    """

    name: str
    ids: Sequence[str]
    times: Sequence[datetime] | None
    lookback_days: int | None
    facts: Callable[[int], Facts]
    classify: Callable[[Facts, datetime, datetime], Contribution | None]
    breakpoints: Callable[[Facts], tuple[datetime | None, ...]]
    slots: int
    culprit_bits: int

    def lookback(self, days: int) -> int | None:
        """Days records stay visible to a metric with a ``days``-day window (``None``: always)."""
        if self.times is None:
            return None
        return days if self.lookback_days is None else self.lookback_days

    def window_range(self, start: datetime, as_of: datetime) -> range:
        """Indices of the records whose time lies in ``[start, as_of)``."""
        if self.times is None:
            return range(len(self.ids))
        return range(bisect_left(self.times, start), bisect_left(self.times, as_of))


@attrs.define
class Tally:
    """Running sums of one family's contributions, and its culprit sets.

    ``culprits[bit]`` holds record indices (time order) of the records in that
    culprit set; a snapshot keeps only the first :data:`MAX_CULPRITS` of them,
    with the full sizes in ``counts``.
    """

    sums: list[Any]
    culprits: list[list[int]]
    counts: list[int] | None = None

    @classmethod
    def empty(cls, family: Family) -> Tally:
        """A tally with nothing counted."""
        return cls([0] * family.slots, [[] for _ in range(family.culprit_bits)])

    def culprit_count(self, bit: int) -> int:
        """How many records are in culprit set ``bit``."""
        return len(self.culprits[bit]) if self.counts is None else self.counts[bit]

    def snapshot(self) -> Tally:
        """A frozen copy keeping the first culprits and the counts."""
        return Tally(
            list(self.sums),
            [members[:MAX_CULPRITS] for members in self.culprits],
            [len(members) for members in self.culprits],
        )

    def add(self, index: int, contribution: Contribution) -> None:
        """Count a record's contribution."""
        values, mask = contribution
        sums = self.sums
        for slot, value in enumerate(values):
            if value:
                sums[slot] += value
        bit = 0
        while mask:
            if mask & 1:
                insort(self.culprits[bit], index)
            mask >>= 1
            bit += 1

    def remove(self, index: int, contribution: Contribution) -> None:
        """Take a record's contribution back out."""
        values, mask = contribution
        sums = self.sums
        for slot, value in enumerate(values):
            if value:
                sums[slot] -= value
        bit = 0
        while mask:
            if mask & 1:
                members = self.culprits[bit]
                del members[bisect_left(members, index)]
            mask >>= 1
            bit += 1


@attrs.frozen
class Families:
    """Every family of one activity under one rulebook."""

    ratings: Family
    messages: Family
    disputes: Family
    open_disputes: Family
    unresolved: Family
    orders: Family
    offers: Family
    violations: Family

    def all(self) -> tuple[Family, ...]:
        """The families, in a fixed order."""
        return (
            self.ratings,
            self.messages,
            self.disputes,
            self.open_disputes,
            self.unresolved,
            self.orders,
            self.offers,
            self.violations,
        )


def _cached(compute: Callable[[int], Facts], size: int) -> Callable[[int], Facts]:
    cache: list[Facts | None] = [None] * size

    def facts(index: int) -> Facts:
        known = cache[index]
        if known is None:
            known = cache[index] = compute(index)
        return known

    return facts


def _earliest(*moments: datetime | None) -> datetime | None:
    """The earliest of the instants given, or ``None`` when none is."""
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


def _no_breakpoints(_: Facts) -> tuple[datetime | None, ...]:
    """For records whose contribution only changes as they enter and leave the window."""
    return ()


def build_families(activity: SellerActivity, rulebook: Rulebook) -> Families:
    """Describe ``activity``'s records as metric families under ``rulebook``."""
    quality = rulebook.quality
    metrics = quality.metrics
    lifecycle = rulebook.lifecycle

    # --- ratings: SQ-A1, SQ-A2 ---------------------------------------------
    ratings = activity.ratings
    rating_times = activity._rating_times  # noqa: SLF001 - the activity's own UTC index
    # A whole mark m is below a share t exactly when m < ceil(t): int compares only.
    star_bar = math.ceil(metrics["BUYER_SATISFACTION"].share)

    def rating_facts(index: int) -> Facts:
        rating = ratings[index]
        marks = rating.stars
        return (
            rating_times[index],
            int(rating.recommended),
            len(marks),
            sum(marks),
            any(mark < star_bar for mark in marks),
        )

    def rating_classify(facts: Facts, as_of: datetime, start: datetime) -> Contribution | None:
        time, recommended, count, total, low = facts
        if not start <= time < as_of:
            return None
        return (recommended, 1, count, total), (not recommended) | (low << 1)

    # --- buyer messages: SQ-B5, SQ-B6 ----------------------------------------
    messages = activity.messages
    message_times = activity._message_times  # noqa: SLF001 - the activity's own UTC index
    slow_message = _micros(metrics["MESSAGE_REPLY_TIME"].duration)

    def message_facts(index: int) -> Facts:
        message = messages[index]
        received = message_times[index]
        reply = _utc_or_none(message.replied_at)
        return (
            received,
            due_instant(received, rulebook),
            reply,
            None if reply is None else _micros(reply - received),
        )

    def reply_classify(slow: int) -> Callable[[Facts, datetime, datetime], Contribution | None]:
        def classify(facts: Facts, as_of: datetime, start: datetime) -> Contribution | None:
            time, due, reply, took = facts
            if not start <= time < as_of:
                return None
            answered = reply is not None and reply < as_of
            on_time = answered and reply <= due
            counted = answered or due < as_of
            late = counted and not on_time
            if answered:
                return (int(counted), int(on_time), 1, took), late | ((took > slow) << 1)
            return (int(counted), 0, 0, 0), int(late)

        return classify

    def reply_breakpoints(facts: Facts) -> tuple[datetime | None, ...]:
        # "counted" flips at the earlier of reply and deadline, "answered" at the
        # reply: a reply by the deadline is the only instant that matters.
        _, due, reply, _ = facts
        return (reply,) if reply is not None and reply <= due else (due, reply)

    # --- disputes by opening: SQ-B2, SQ-B3 -----------------------------------
    disputes = activity.disputes
    dispute_times = activity._dispute_times  # noqa: SLF001 - the activity's own UTC index
    fast_dispute = _micros(metrics["DISPUTE_REPLY_TIME"].duration)

    def dispute_facts(index: int) -> Facts:
        dispute = disputes[index]
        opened = dispute_times[index]
        reply = _utc_or_none(dispute.first_reply_at)
        return (
            opened,
            due_instant(opened, rulebook),
            reply,
            None if reply is None else _micros(reply - opened),
        )

    # --- disputes open at as_of: SQ-B1 ----------------------------------------
    def open_facts(index: int) -> Facts:
        dispute = disputes[index]
        if dispute.status is DisputeStatus.ONGOING:
            closed = None
        else:
            # A final status without its time is known from the opening on.
            closed = _utc(dispute.closed_at or dispute.opened_at)
        expires = _utc(add_days(dispute.opened_at, lifecycle.expires_after_days, rulebook.zone))
        return (dispute_times[index], closed, expires)

    def open_classify(facts: Facts, as_of: datetime, start: datetime) -> Contribution | None:
        time, closed, expires = facts
        if not start <= time < as_of:
            return None
        is_open = (closed is None or closed >= as_of) and expires >= as_of
        return ((int(is_open),), int(is_open)) if is_open else None

    def open_breakpoints(facts: Facts) -> tuple[datetime | None, ...]:
        # Open until the earlier of the buyer's closing and the expiry.
        return (_earliest(facts[1], facts[2]),)

    # --- disputes marked unresolved: SQ-B4 ------------------------------------
    unresolved_pairs = sorted(
        (
            (_utc(dispute.closed_at or dispute.opened_at), index)
            for index, dispute in enumerate(disputes)
            if dispute.status is DisputeStatus.UNRESOLVED
        ),
    )

    def unresolved_facts(index: int) -> Facts:
        return (unresolved_pairs[index][0],)

    def unresolved_classify(facts: Facts, as_of: datetime, start: datetime) -> Contribution | None:
        return ((1,), 1) if start <= facts[0] < as_of else None

    # --- orders: SQ-C6, SQ-D1, SQ-D2, SQ-D3 -----------------------------------
    orders = activity.orders
    order_times = activity._order_times  # noqa: SLF001 - the activity's own UTC index
    recommended_at: dict[str, datetime] = {}
    for rating, moment in zip(ratings, rating_times, strict=True):
        if rating.recommended and rating.order_id is not None:
            known = recommended_at.get(rating.order_id)
            if known is None or moment < known:
                recommended_at[rating.order_id] = moment

    def order_facts(index: int) -> Facts:
        order = orders[index]
        return (
            order_times[index],
            order.cancelled,
            order.total.amount,
            order.promoted,
            _utc_or_none(order.sent_at),
            recommended_at.get(order.id),
            _utc_or_none(order.dispatch_by),
            _utc_or_none(order.tracking_added_at),
        )

    def order_classify(facts: Facts, as_of: datetime, start: datetime) -> Contribution | None:
        time, cancelled, total, promoted, sent, recommended, dispatch_by, tracking = facts
        if cancelled or not start <= time < as_of:
            return None
        completed = (sent is not None and sent < as_of) or (
            recommended is not None and recommended < as_of
        )
        counted = on_time = False
        if dispatch_by is not None:
            tracked = tracking is not None and tracking < as_of
            counted = tracked or dispatch_by < as_of
            on_time = tracked and tracking <= dispatch_by
        late = counted and not on_time
        return (
            (total, total if promoted else 0, int(completed), int(counted), int(on_time)),
            late | ((not completed) << 1),
        )

    def order_breakpoints(facts: Facts) -> tuple[datetime | None, ...]:
        # Completed from the earlier of sending and a recommendation; counted for
        # SQ-D2 from the earlier of tracking and the deadline (on time is fixed
        # by then: tracking by the deadline, or not).
        _, _, _, _, sent, recommended, dispatch_by, tracking = facts
        due = None if dispatch_by is None else _earliest(tracking, dispatch_by)
        return (_earliest(sent, recommended), due)

    # --- offers: SQ-C1…SQ-C5 ----------------------------------------------------
    offers = activity.offers
    fast_handling = metrics["FAST_DISPATCH_OFFERS"].duration_parameter
    pickup_min = metrics["PERSONAL_PICKUP_OFFERS"].count_parameter
    delivery_min = metrics["ALLEGRO_DELIVERY_OFFERS"].count_parameter

    def offer_facts(index: int) -> Facts:
        offer = offers[index]
        features = (
            offer.ean is not None,
            offer.smart,
            offer.handling_time is not None and offer.handling_time <= fast_handling,
            len(offer.pickup_methods) >= pickup_min,
            len(offer.allegro_delivery_methods) >= delivery_min,
        )
        lacking = 0
        for bit, has in enumerate(features):
            if not has:
                lacking |= 1 << bit
        return (
            _utc_or_none(offer.listed_at),
            _utc_or_none(offer.ended_at),
            (1, *(int(has) for has in features)),
            lacking,
        )

    def offer_classify(facts: Facts, as_of: datetime, _start: datetime) -> Contribution | None:
        listed, ended, values, lacking = facts
        if (listed is not None and listed >= as_of) or (ended is not None and ended < as_of):
            return None
        return values, lacking

    def offer_breakpoints(facts: Facts) -> tuple[datetime | None, ...]:
        return (facts[0], facts[1])

    # --- violations: SQ-E1 -----------------------------------------------------
    violations = activity.violations
    violation_times = activity._violation_times  # noqa: SLF001 - the activity's own UTC index
    deductions = quality.deductions

    def violation_facts(index: int) -> Facts:
        return (violation_times[index], deductions[violations[index].kind])

    def violation_classify(facts: Facts, as_of: datetime, start: datetime) -> Contribution | None:
        return ((1, facts[1]), 1) if start <= facts[0] < as_of else None

    return Families(
        ratings=Family(
            "ratings",
            tuple(r.id for r in ratings),
            rating_times,
            None,
            _cached(rating_facts, len(ratings)),
            rating_classify,
            _no_breakpoints,
            4,
            2,
        ),
        messages=Family(
            "messages",
            tuple(m.id for m in messages),
            message_times,
            None,
            _cached(message_facts, len(messages)),
            reply_classify(slow_message),
            reply_breakpoints,
            4,
            2,
        ),
        disputes=Family(
            "disputes",
            tuple(d.id for d in disputes),
            dispute_times,
            None,
            _cached(dispute_facts, len(disputes)),
            reply_classify(fast_dispute),
            reply_breakpoints,
            4,
            2,
        ),
        open_disputes=Family(
            "open_disputes",
            tuple(d.id for d in disputes),
            dispute_times,
            # One day more than the expiry, so that DST can never hide a dispute
            # still open; the classification checks the exact expiry instant.
            lifecycle.expires_after_days + 1,
            _cached(open_facts, len(disputes)),
            open_classify,
            open_breakpoints,
            1,
            1,
        ),
        unresolved=Family(
            "unresolved",
            tuple(disputes[index].id for _, index in unresolved_pairs),
            tuple(time for time, _ in unresolved_pairs),
            None,
            _cached(unresolved_facts, len(unresolved_pairs)),
            unresolved_classify,
            _no_breakpoints,
            1,
            1,
        ),
        orders=Family(
            "orders",
            tuple(o.id for o in orders),
            order_times,
            None,
            _cached(order_facts, len(orders)),
            order_classify,
            order_breakpoints,
            5,
            2,
        ),
        offers=Family(
            "offers",
            tuple(o.id for o in offers),
            None,
            None,
            _cached(offer_facts, len(offers)),
            offer_classify,
            offer_breakpoints,
            6,
            5,
        ),
        violations=Family(
            "violations",
            tuple(v.id for v in violations),
            violation_times,
            None,
            _cached(violation_facts, len(violations)),
            violation_classify,
            _no_breakpoints,
            2,
            1,
        ),
    )


def window_start(as_of: datetime, family: Family, days: int, zone: tzinfo) -> datetime:
    """The first instant of ``family``'s ``days``-day window ending at ``as_of`` (UTC).

    Days are calendar days in ``zone`` (the rulebook's, SQ-2).
    """
    lookback = family.lookback(days)
    if lookback is None:
        return datetime.min.replace(tzinfo=UTC)
    return _utc(add_days(as_of, -lookback, zone))


def tally_at(family: Family, as_of: datetime, days: int, zone: tzinfo) -> Tally:
    """Classify every record of ``family`` in its ``days``-day window at ``as_of`` (one report)."""
    tally = Tally.empty(family)
    start = window_start(as_of, family, days, zone)
    as_of_utc = _utc(as_of)
    _count_ascending(tally, family, family.window_range(start, as_of_utc), as_of_utc, start)
    return tally


def _count_ascending(
    tally: Tally,
    family: Family,
    indices: Iterable[int],
    as_of: datetime,
    start: datetime,
    *,
    current: dict[int, Contribution] | None = None,
) -> None:
    """Classify ``indices`` (ascending) at ``as_of`` into an empty ``tally``.

    Tally.add inlined: this loop is the whole cost of a report. Indices come in
    ascending (time) order, so culprits are appended, not inserted. With
    ``current``, each record's contribution is kept for a slide to update.
    """
    sums, culprits = tally.sums, tally.culprits
    facts, classify = family.facts, family.classify
    for index in indices:
        contribution = classify(facts(index), as_of, start)
        if contribution is None:
            continue
        if current is not None:
            current[index] = contribution
        values, mask = contribution
        for slot, value in enumerate(values):
            if value:
                sums[slot] += value
        bit = 0
        while mask:
            if mask & 1:
                culprits[bit].append(index)
            mask >>= 1
            bit += 1


def slide(family: Family, snapshots: Sequence[datetime], days: int, zone: tzinfo) -> list[Tally]:
    """Tallies of ``family`` with a ``days``-day window at each of ``snapshots``, by sliding.

    ``snapshots`` are ascending evaluation instants.

    A record is classified only at the snapshots where it enters the window or
    passes one of its breakpoints, and taken out where it leaves the window;
    between those its contribution cannot change, so the running tally stays
    exact.
    """
    count = len(snapshots)
    as_ofs = [_utc(moment) for moment in snapshots]
    starts = [window_start(moment, family, days, zone) for moment in snapshots]
    classify_at: list[list[int]] = [[] for _ in range(count)]
    leave_at: list[list[int]] = [[] for _ in range(count)]
    facts_of, classify, breakpoints = family.facts, family.classify, family.breakpoints
    times = family.times
    first_as_of, last = as_ofs[0], as_ofs[-1]
    has_breakpoints = breakpoints is not _no_breakpoints

    # Records come in time order, so the snapshot each enters at (the first with
    # as_of > time) and leaves at (the first whose window starts after it) only
    # move forward: two pointers instead of two binary searches per record.
    entry = leave = 0
    for index in family.window_range(starts[0], last):
        if times is not None:
            time = times[index]
            while entry < count and as_ofs[entry] <= time:
                entry += 1
            while leave < count and starts[leave] <= time:
                leave += 1
            if leave < count:
                leave_at[leave].append(index)
        else:
            leave = count
        stop = min(count, leave)
        if entry < stop:
            classify_at[entry].append(index)
        if not has_breakpoints:
            continue
        extra: set[int] = set()
        for moment in breakpoints(facts_of(index)):
            # The contribution may change between "as_of <= moment" and "as_of >
            # moment" (or "<" and ">="): classify again at the snapshot at or
            # after it, and also after it when a snapshot falls on it exactly.
            if moment is None or moment > last or moment < first_as_of:
                continue
            step = bisect_left(as_ofs, moment)
            if entry < step < stop:
                extra.add(step)
            if as_ofs[step] == moment and entry < step + 1 < stop:
                extra.add(step + 1)
        for step in extra:
            classify_at[step].append(index)

    tally = Tally.empty(family)
    current: dict[int, Contribution] = {}
    # The first snapshot is a whole report, counted like tally_at: its records
    # were queued in ascending index order.
    _count_ascending(tally, family, classify_at[0], as_ofs[0], starts[0], current=current)
    sums, culprits = tally.sums, tally.culprits
    result: list[Tally] = [tally.snapshot()]
    for step in range(1, count):
        for index in leave_at[step]:
            old = current.pop(index, None)
            if old is None:
                continue
            # Tally.remove inlined: leaving is most of a slide's bookkeeping.
            values, mask = old
            for slot, value in enumerate(values):
                if value:
                    sums[slot] -= value
            bit = 0
            while mask:
                if mask & 1:
                    members = culprits[bit]
                    del members[bisect_left(members, index)]
                mask >>= 1
                bit += 1
        as_of, start = as_ofs[step], starts[step]
        for index in classify_at[step]:
            old = current.get(index)
            new = classify(facts_of(index), as_of, start)
            if old == new:
                continue
            if old is not None:
                tally.remove(index, old)
                del current[index]
            if new is not None:
                tally.add(index, new)
                current[index] = new
        result.append(tally.snapshot())
    return result


def as_decimal(value: Any) -> Decimal:
    """A money sum from a tally slot (0 when nothing was added)."""
    return value if isinstance(value, Decimal) else Decimal(value)
