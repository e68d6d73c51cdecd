"""Per-record facts of a seller's activity as integer columns, built once per activity.

Evaluation never compares datetimes record by record: every instant a metric
needs is stored here once as integer microseconds since the Unix epoch (on
the UTC time line, so the zone an instant was written in cannot matter), every
flag as a bool, every amount as an integer count of the smallest unit the
activity's amounts use. A report is then a tight scan of integers, and a
history a pass over the same integers with per-day difference arrays.

Facts that depend on the rules (reply deadlines, the expiry of a dispute) are
derived from these columns and cached per rule value in :attr:`Columns.derived`.

The columns are reached through :attr:`SellerActivity.columns
<sellerquality.allegro.SellerActivity.columns>`: the documented index the
evaluation engine reads instead of any private field.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._model import DisputeStatus, ViolationKind

if TYPE_CHECKING:
    from ._model import SellerActivity

__all__ = [
    "NEVER",
    "Columns",
    "DisputeColumns",
    "MessageColumns",
    "OfferColumns",
    "OrderColumns",
    "RatingColumns",
    "UnresolvedColumns",
    "ViolationColumns",
    "build_columns",
    "micros",
    "to_datetime",
]

NEVER: Final = 1 << 62
"""The instant of an event that has not happened: after every real instant."""
ALWAYS: Final = -NEVER
"""The instant of something that was always so (an offer with no listing time)."""

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO: Final = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """Microseconds since the Unix epoch of an aware instant, whatever its zone."""
    return (moment - _EPOCH) // _MICRO


def _micros_or(moment: datetime | None, missing: int) -> int:
    return missing if moment is None else (moment - _EPOCH) // _MICRO


def to_datetime(value: int) -> datetime:
    """The UTC instant of a microsecond count (the inverse of :func:`micros`)."""
    return _EPOCH + timedelta(microseconds=value)


@attrs.frozen
class RatingColumns:
    """Ratings (SQ-A1, SQ-A2), in the activity's order (by ``created_at``)."""

    ids: Sequence[str]
    times: list[int]
    recommended: list[bool]
    mark_counts: list[int]
    mark_sums: list[int]
    lowest_marks: list[int]
    """The lowest star mark, or 6 (above every mark) when none was given."""


@attrs.frozen
class MessageColumns:
    """Buyer messages (SQ-B5, SQ-B6), by ``received_at``."""

    ids: Sequence[str]
    times: list[int]
    replies: list[int]
    """The reply instant, or ``NEVER``."""
    given: Sequence[datetime]
    """The arrival instants as given, for the reply clock."""


@attrs.frozen
class DisputeColumns:
    """Disputes (SQ-B1…SQ-B4), by ``opened_at``."""

    ids: Sequence[str]
    times: list[int]
    replies: list[int]
    """The first reply, or ``NEVER``."""
    closes: list[int]
    """The instant a final status took effect (the closing, else the opening);
    ``NEVER`` while the dispute is ongoing."""
    given: Sequence[datetime]
    """The opening instants as given, for the reply clock and the expiry."""


@attrs.frozen
class UnresolvedColumns:
    """Disputes marked unresolved (SQ-B4), by the instant of the marking."""

    ids: Sequence[str]
    times: list[int]


@attrs.frozen
class OrderColumns:
    """Orders (SQ-C6, SQ-D1…SQ-D3), by ``bought_at``."""

    ids: Sequence[str]
    times: list[int]
    cancelled: list[bool]
    amounts: list[int]
    """Each total in units of ``10 ** -scale`` of its currency, exactly."""
    scale: int
    promoted: list[bool]
    completed: list[int]
    """The earlier of sending and a recommending rating of the order; else ``NEVER``."""
    counted: list[int]
    """The instant the dispatch deadline is decided (the earlier of the tracking
    number and the deadline); ``NEVER`` without a deadline."""
    on_time: list[bool]
    """Whether the tracking number came by the dispatch deadline."""

    def total(self, units: int) -> Decimal:
        """An amount of ``units`` as an exact Decimal."""
        return Decimal(units).scaleb(-self.scale)


@attrs.frozen
class OfferColumns:
    """Offers (SQ-C1…SQ-C5), by ``listed_at``."""

    ids: Sequence[str]
    listed: list[int]
    """When listed, or ``ALWAYS`` (before every real instant) when unknown."""
    ended: list[int]
    """When ended, or ``NEVER``."""
    ean: list[bool]
    smart: list[bool]
    handling: list[int]
    """Handling time in microseconds, or ``NEVER`` when not given."""
    pickups: list[int]
    deliveries: list[int]


@attrs.frozen
class ViolationColumns:
    """ToS violations (SQ-E1), by ``at``."""

    ids: Sequence[str]
    times: list[int]
    kinds: list[ViolationKind]


@attrs.frozen
class Columns:
    """Every family's columns of one activity, and the rule-dependent facts derived from them."""

    ratings: RatingColumns
    messages: MessageColumns
    disputes: DisputeColumns
    unresolved: UnresolvedColumns
    orders: OrderColumns
    offers: OfferColumns
    violations: ViolationColumns
    derived: dict[object, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def instants(self) -> tuple[Sequence[int], ...]:
        """Every column of instants: times and events, ``NEVER`` and ``ALWAYS`` included."""
        return (
            self.ratings.times,
            self.messages.times,
            self.messages.replies,
            self.disputes.times,
            self.disputes.replies,
            self.disputes.closes,
            self.unresolved.times,
            self.orders.times,
            self.orders.completed,
            self.orders.counted,
            self.offers.listed,
            self.offers.ended,
            self.violations.times,
        )

    def derive(self, key: object, compute: Callable[[], Any]) -> Any:
        """Return ``compute()``, computed once per ``key`` (a rule value) for this activity."""
        known = self.derived.get(key, _MISSING)
        if known is _MISSING:
            known = self.derived[key] = compute()
        return known


_MISSING: Final = object()
_NO_MARK: Final = 6


def _scale_of(amounts: Sequence[Decimal]) -> int:
    """The fewest decimal places that hold every amount exactly (2 for grosze)."""
    scale = 2
    for amount in amounts:
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > scale:
            scale = -exponent
    return scale


def build_columns(activity: SellerActivity) -> Columns:
    """Compute every family's columns of ``activity`` (once: the activity caches them)."""
    ratings = activity.ratings
    rating_times = [micros(r.created_at) for r in ratings]
    recommended_at: dict[str, int] = {}
    lowest: list[int] = []
    counts: list[int] = []
    sums: list[int] = []
    for rating, moment in zip(ratings, rating_times, strict=True):
        marks = rating.stars
        counts.append(len(marks))
        sums.append(sum(marks))
        lowest.append(min(marks) if marks else _NO_MARK)
        if rating.recommended and rating.order_id is not None:
            # Ratings come in time order: the first recommending one is the earliest.
            recommended_at.setdefault(rating.order_id, moment)

    messages = activity.messages
    disputes = activity.disputes
    dispute_times = [micros(d.opened_at) for d in disputes]
    closes = [
        NEVER if d.status is DisputeStatus.ONGOING else micros(d.closed_at or d.opened_at)
        for d in disputes
    ]
    marked = sorted(
        (close, index)
        for index, (dispute, close) in enumerate(zip(disputes, closes, strict=True))
        if dispute.status is DisputeStatus.UNRESOLVED
    )

    orders = activity.orders
    totals = [order.total.amount for order in orders]
    scale = _scale_of(totals)
    completed: list[int] = []
    counted: list[int] = []
    on_time: list[bool] = []
    for order in orders:
        sent = _micros_or(order.sent_at, NEVER)
        recommended = recommended_at.get(order.id, NEVER)
        completed.append(min(sent, recommended))
        if order.dispatch_by is None:
            counted.append(NEVER)
            on_time.append(False)
        else:
            deadline = micros(order.dispatch_by)
            tracking = _micros_or(order.tracking_added_at, NEVER)
            counted.append(min(tracking, deadline))
            on_time.append(tracking <= deadline)

    offers = activity.offers
    violations = activity.violations
    return Columns(
        ratings=RatingColumns(
            ids=tuple(r.id for r in ratings),
            times=rating_times,
            recommended=[r.recommended for r in ratings],
            mark_counts=counts,
            mark_sums=sums,
            lowest_marks=lowest,
        ),
        messages=MessageColumns(
            ids=tuple(m.id for m in messages),
            times=[micros(m.received_at) for m in messages],
            replies=[_micros_or(m.replied_at, NEVER) for m in messages],
            given=tuple(m.received_at for m in messages),
        ),
        disputes=DisputeColumns(
            ids=tuple(d.id for d in disputes),
            times=dispute_times,
            replies=[_micros_or(d.first_reply_at, NEVER) for d in disputes],
            closes=closes,
            given=tuple(d.opened_at for d in disputes),
        ),
        unresolved=UnresolvedColumns(
            ids=tuple(disputes[index].id for _, index in marked),
            times=[moment for moment, _ in marked],
        ),
        orders=OrderColumns(
            ids=tuple(o.id for o in orders),
            times=[micros(o.bought_at) for o in orders],
            cancelled=[o.cancelled for o in orders],
            amounts=[int(amount.scaleb(scale)) for amount in totals],
            scale=scale,
            promoted=[o.promoted for o in orders],
            completed=completed,
            counted=counted,
            on_time=on_time,
        ),
        offers=OfferColumns(
            ids=tuple(o.id for o in offers),
            listed=[_micros_or(o.listed_at, ALWAYS) for o in offers],
            ended=[_micros_or(o.ended_at, NEVER) for o in offers],
            ean=[o.ean is not None for o in offers],
            smart=[o.smart for o in offers],
            handling=[
                NEVER if o.handling_time is None else o.handling_time // _MICRO for o in offers
            ],
            pickups=[len(o.pickup_methods) for o in offers],
            deliveries=[len(o.allegro_delivery_methods) for o in offers],
        ),
        violations=ViolationColumns(
            ids=tuple(v.id for v in violations),
            times=[micros(v.at) for v in violations],
            kinds=[v.kind for v in violations],
        ),
    )


def window_range(times: Sequence[int], start: int, end: int) -> range:
    """Indices of the ascending ``times`` in ``[start, end)``."""
    return range(bisect_left(times, start), bisect_left(times, end))
