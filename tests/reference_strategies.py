"""Hypothesis strategies for the oracle properties: small activities around awkward instants.

Every activity is drawn around one evaluation instant ``as_of`` near a day
where Warsaw time is awkward: the spring and autumn DST changes, Easter and
other Polish public holidays (the business reply clock of T&C 2024-04-15,
DI-3), and the 30 days after each (so that a window's first day is one of
them). Record instants are drawn from the edges that matter — the window's
start and ``as_of`` (each ±1 µs), Warsaw midnights, the DST changes and the
hour they skip or repeat, reply and expiry deadlines exactly (24 elapsed
hours, 24 business hours, 30 Warsaw days) — as well as from anywhere nearby,
and each instant is written in a zone of its own. Records come in a few kinds,
each repeated a few times, so counts can reach thresholds such as 20 completed
orders while the draw stays small.

The helpers taking ``draw`` are plain functions over module-level strategies:
building strategies inside every draw made generation cost more than the
evaluations under test.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, available_timezones

import attrs
from hypothesis import strategies as st

from reference import add_zone_days, wall_instant
from sellerquality import Money, add_business_time
from sellerquality.allegro import (
    Dispute,
    DisputeReason,
    DisputeStatus,
    Message,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
    Violation,
    ViolationKind,
)

__all__ = [
    "AWKWARD_DAYS",
    "DST_CHANGES",
    "DST_WALL_TIMES",
    "WARSAW",
    "activities_around",
    "evaluation_instants",
    "later",
    "moment",
    "rewritten",
    "scenarios",
    "written_in",
    "zones",
]

T = TypeVar("T")

WARSAW = ZoneInfo("Europe/Warsaw")
MICRO = timedelta(microseconds=1)
DAY = timedelta(days=1)
HOURS_24 = timedelta(hours=24)

AWKWARD_DAYS: tuple[date, ...] = (
    date(2022, 3, 27),  # spring DST change: a 23-hour day
    date(2022, 10, 30),  # autumn DST change: a 25-hour day
    date(2022, 4, 17),  # Easter Sunday, then Easter Monday
    date(2024, 3, 31),  # Easter Sunday and the spring DST change on one day
    date(2024, 4, 15),  # the first day of the T&C edition
    date(2024, 5, 1),  # Labour Day, then Constitution Day on the 3rd
    date(2024, 5, 30),  # Corpus Christi (Easter + 60)
    date(2024, 10, 27),  # autumn DST change
    date(2024, 12, 24),  # Christmas Eve: a working day in 2024, a holiday from 2025
    date(2025, 12, 24),
)
"""Warsaw days where the calendar or the business clock is awkward."""

DST_CHANGES: tuple[datetime, ...] = tuple(
    datetime(year, month, day, 1, tzinfo=UTC)
    for year, month, day in (
        (2022, 3, 27),
        (2022, 10, 30),
        (2024, 3, 31),
        (2024, 10, 27),
        (2025, 3, 30),
        (2025, 10, 26),
    )
)
"""The instants Warsaw's clocks change (01:00 UTC, last Sundays of March and October)."""

DST_WALL_TIMES: tuple[time, ...] = (
    time(1, 59, 59, 999_999),
    time(2),
    time(2, 30),
    time(2, 59, 59, 999_999),
    time(3),
)
"""Wall times at, inside and around the hour a DST change skips (spring) or repeats (autumn)."""

_AROUND_CHANGE = tuple(timedelta(minutes=m) for m in (-60, -30, 0, 30, 60))

_FIXED: tuple[tzinfo, ...] = (
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
    timezone(timedelta(hours=5, minutes=45)),
    timezone(timedelta(hours=-9, minutes=-30)),
)
ZONE_POOL: tuple[tzinfo, ...] = (
    (WARSAW, UTC) * 40
    + _FIXED * 10
    + tuple(ZoneInfo(name) for name in sorted(available_timezones()))
)
"""Zones to write instants in: often Warsaw or UTC, else extreme fixed offsets or any named zone."""

zones: st.SearchStrategy[tzinfo] = st.sampled_from(ZONE_POOL)
"""A zone from :data:`ZONE_POOL`."""

_jitters = st.sampled_from([timedelta(0), timedelta(0), -MICRO, MICRO])
_moment_kinds = st.sampled_from(["start", "as_of", "midnight", "change", "change-30", "any", "any"])
_later_kinds = st.sampled_from(["24h", "business", "expiry", "as_of", "same", "soon", "days"])
_days_back = st.integers(-1, 36)
_seconds_back = st.integers(-2 * 24 * 3600, 36 * 24 * 3600)
_soon = st.integers(0, 30 * 3600)
_days_later = st.integers(0, 40 * 24 * 3600)
_around_change = st.sampled_from(_AROUND_CHANGE)
_dst_walls = st.sampled_from(DST_WALL_TIMES)
_as_of_kinds = st.sampled_from(["near", "near", "near", "window-at-change", "at-change"])
_awkward = st.sampled_from(AWKWARD_DAYS)
_days_after = st.integers(-2, 33)
_clocks = st.one_of(
    st.just(time(0)),
    st.just(time(0)),
    st.sampled_from([time(2, 30), time(23, 59, 59, 999_999), time(12)]),
    st.times(),
)
_changes = st.sampled_from(DST_CHANGES)
_booleans = st.booleans()
_copies = st.sampled_from([1, 1, 1, 1, 2, 3, 10, 20, 49])
_kinds = st.integers(0, 3)
_amounts = st.sampled_from(
    ["0", "0.01", "1.00", "99.99", "100.00", "550.00", "10000.00", "9999.99"]
)
_currencies = st.sampled_from(["PLN"] * 9 + ["EUR"])
_stars = st.sampled_from([None, None, 5, 5, 5, 4, 3, 1])
_methods = st.frozensets(st.sampled_from(["InPost", "DPD", "Orlen"]), max_size=3)
_payment = st.frozensets(st.sampled_from(["BLIK", "CARD", "P24"]))
_handling = st.sampled_from([None, timedelta(0), HOURS_24, HOURS_24 + MICRO])
_eans = st.sampled_from([None, "5901234123457"])
_cancelled = st.sampled_from([False, False, False, True])
_recommended = st.sampled_from([True, True, False])
_statuses = st.sampled_from(DisputeStatus)
_reasons = st.sampled_from(DisputeReason)
_violation_kinds = st.sampled_from(ViolationKind)


def written_in(moment: datetime, zone: tzinfo) -> datetime:
    """The same instant written in ``zone``."""
    return moment.astimezone(UTC).astimezone(zone)


def _nearest_change(as_of: datetime) -> datetime:
    return min(DST_CHANGES, key=lambda change: abs(change - as_of))


@st.composite
def evaluation_instants(draw: st.DrawFn) -> datetime:
    """An ``as_of`` (UTC) near an awkward day, mostly a Warsaw midnight.

    Some fall 30 Warsaw days after a DST change at a wall time the change
    skips or repeats, so that the window starts in that hour; some fall inside
    the changing hour itself.
    """
    kind = draw(_as_of_kinds)
    if kind == "window-at-change":
        change = draw(_changes).astimezone(WARSAW).date()
        return wall_instant(datetime.combine(change + 30 * DAY, draw(_dst_walls)), WARSAW)
    if kind == "at-change":
        return draw(_changes) + draw(_around_change)
    day = draw(_awkward) + draw(_days_after) * DAY
    return wall_instant(datetime.combine(day, draw(_clocks)), WARSAW)


def moment(draw: st.DrawFn, as_of: datetime) -> datetime:
    """A record's instant (UTC): at an edge of the window of ``as_of``, or anywhere near it.

    Edges: the window's start and ``as_of``; Warsaw midnights; the DST change
    nearest ``as_of`` and the half hours around it; wall times of the changing
    hour 30 Warsaw days before the change (an expiry 30 days later lands in it).
    """
    kind = draw(_moment_kinds)
    if kind == "start":
        base = add_zone_days(as_of, -30, WARSAW)
    elif kind == "as_of":
        base = as_of
    elif kind == "midnight":
        day = as_of.astimezone(WARSAW).date() - draw(_days_back) * DAY
        base = wall_instant(datetime.combine(day, time(0)), WARSAW)
    elif kind == "change":
        base = _nearest_change(as_of) + draw(_around_change)
    elif kind == "change-30":
        day = _nearest_change(as_of).astimezone(WARSAW).date() - 30 * DAY
        base = wall_instant(datetime.combine(day, draw(_dst_walls)), WARSAW)
    else:
        base = as_of - timedelta(seconds=draw(_seconds_back))
    return base + draw(_jitters)


def later(draw: st.DrawFn, base: datetime, as_of: datetime) -> datetime:
    """An instant (UTC) at or after ``base``: a deadline exactly (±1 µs), ``as_of``, or later.

    Deadlines: 24 elapsed hours (DI-3), 24 Polish business hours (DI-3, T&C
    2024-04-15) and 30 Warsaw days (DI-5).
    """
    kind = draw(_later_kinds)
    if kind == "24h":
        found = base + HOURS_24
    elif kind == "business":
        found = add_business_time(base, HOURS_24, WARSAW).astimezone(UTC)
    elif kind == "expiry":
        found = add_zone_days(base, 30, WARSAW)
    elif kind == "as_of":
        found = as_of
    elif kind == "same":
        found = base
    elif kind == "soon":
        found = base + timedelta(seconds=draw(_soon))
    else:
        found = base + timedelta(seconds=draw(_days_later))
    return max(base, found + draw(_jitters))


def _repeated(draw: st.DrawFn, kind: Callable[[], Callable[[str], T]], prefix: str) -> list[T]:
    """Up to 3 kinds of record, each drawn once by ``kind()`` and repeated with fresh ids."""
    made: list[T] = []
    for number in range(draw(_kinds)):
        make = kind()
        made.extend(make(f"{prefix}{number}-{n}") for n in range(draw(_copies)))
    return made


class _Draws:
    """Record kinds drawn around one ``as_of``, each instant written in a drawn zone."""

    def __init__(self, draw: st.DrawFn, as_of: datetime) -> None:
        self.draw = draw
        self.as_of = as_of
        self.currency = draw(_currencies)
        self.order_ids: list[str | None] = [None]

    def at(self) -> datetime:
        return moment(self.draw, self.as_of)

    def maybe_after(self, base: datetime | None) -> datetime | None:
        if base is None or self.draw(_booleans):
            return None
        return later(self.draw, base, self.as_of)

    def written(self, instant: datetime) -> datetime:
        return written_in(instant, self.draw(zones))

    def maybe(self, instant: datetime | None) -> datetime | None:
        return None if instant is None else self.written(instant)

    def offer(self) -> Callable[[str], Offer]:
        draw = self.draw
        listed = self.at() if draw(_booleans) else None
        if listed is not None:
            ended = self.maybe_after(listed)
        else:
            ended = self.at() if draw(_booleans) else None
        fields: dict[str, Any] = {
            "price": Money("10"),
            "listed_at": self.maybe(listed),
            "ended_at": self.maybe(ended),
            "ean": draw(_eans),
            "smart": draw(_booleans),
            "handling_time": draw(_handling),
            "pickup_methods": draw(_methods),
            "allegro_delivery_methods": draw(_methods),
        }
        return lambda id_: Offer(id=id_, **fields)

    def order(self) -> Callable[[str], Order]:
        draw = self.draw
        bought = self.at()
        sent = self.maybe_after(bought)
        fields: dict[str, Any] = {
            "bought_at": self.written(bought),
            "total": Money(draw(_amounts), self.currency),
            "cancelled": draw(_cancelled),
            "dispatch_by": self.maybe(self.maybe_after(bought)),
            "tracking_added_at": self.maybe(self.maybe_after(bought)),
            "sent_at": self.maybe(sent),
            "delivered_at": self.maybe(self.maybe_after(sent)),
            "promoted": draw(_booleans),
        }
        return lambda id_: Order(id=id_, **fields)

    def rating(self) -> Callable[[str], Rating]:
        draw = self.draw
        fields: dict[str, Any] = {
            "created_at": self.written(self.at()),
            "recommended": draw(_recommended),
            "order_id": draw(st.sampled_from(self.order_ids)),
            "description": draw(_stars),
            "service": draw(_stars),
            "delivery": draw(_stars),
            "delivery_cost": draw(_stars),
        }
        return lambda id_: Rating(id=id_, **fields)

    def dispute(self) -> Callable[[str], Dispute]:
        draw = self.draw
        opened = self.at()
        status = draw(_statuses)
        closed = self.maybe_after(opened) if status is not DisputeStatus.ONGOING else None
        fields: dict[str, Any] = {
            "opened_at": self.written(opened),
            "reason": draw(_reasons),
            "first_reply_at": self.maybe(self.maybe_after(opened)),
            "status": status,
            "closed_at": self.maybe(closed),
        }
        return lambda id_: Dispute(id=id_, **fields)

    def message(self) -> Callable[[str], Message]:
        received = self.at()
        replied = self.maybe(self.maybe_after(received))
        received_at = self.written(received)
        return lambda id_: Message(id=id_, received_at=received_at, replied_at=replied)

    def violation(self) -> Callable[[str], Violation]:
        kind = self.draw(_violation_kinds)
        at = self.written(self.at())
        return lambda id_: Violation(id=id_, kind=kind, at=at)


@st.composite
def activities_around(draw: st.DrawFn, as_of: datetime) -> SellerActivity:
    """A small activity whose instants crowd the edges of ``as_of``'s window."""
    kinds = _Draws(draw, as_of)
    orders = _repeated(draw, kinds.order, "o")
    kinds.order_ids += [order.id for order in orders]
    return SellerActivity(
        account=SellerAccount(business=draw(_booleans), payment_methods=draw(_payment)),
        offers=_repeated(draw, kinds.offer, "of"),
        orders=orders,
        ratings=_repeated(draw, kinds.rating, "r"),
        disputes=_repeated(draw, kinds.dispute, "d"),
        messages=_repeated(draw, kinds.message, "m"),
        violations=_repeated(draw, kinds.violation, "v"),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[SellerActivity, datetime]:
    """An activity and its ``as_of``, the latter written in a drawn zone."""
    as_of = draw(evaluation_instants())
    activity = draw(activities_around(as_of))
    return activity, written_in(as_of, draw(zones))


_INSTANT_FIELDS: dict[type, tuple[str, ...]] = {
    Offer: ("listed_at", "ended_at"),
    Order: ("bought_at", "dispatch_by", "tracking_added_at", "sent_at", "delivered_at"),
    Dispute: ("opened_at", "first_reply_at", "closed_at"),
    Rating: ("created_at",),
    Message: ("received_at", "replied_at"),
    Violation: ("at",),
}


def rewritten(activity: SellerActivity, zone_for: Callable[[], tzinfo]) -> SellerActivity:
    """The same activity with every instant written in a zone from ``zone_for()`` (issue 10)."""

    def move(record: Any) -> Any:
        changes = {}
        for field in _INSTANT_FIELDS[type(record)]:
            instant = getattr(record, field)
            changes[field] = None if instant is None else written_in(instant, zone_for())
        return attrs.evolve(record, **changes)

    def each(records: Sequence[T]) -> list[T]:
        return [move(record) for record in records]

    return SellerActivity(
        account=activity.account,
        offers=each(activity.offers),
        orders=each(activity.orders),
        disputes=each(activity.disputes),
        ratings=each(activity.ratings),
        messages=each(activity.messages),
        violations=each(activity.violations),
    )
