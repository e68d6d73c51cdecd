"""Allegro seller records: what the seller has, sold, been asked and been told.

Every record is an immutable attrs class validated at construction. A broken
invariant raises an :class:`~sellerquality.exceptions.InvalidValueError` (or a
subclass) that names the class, the record id, the field and the value.
"""

from __future__ import annotations

import enum
import functools
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Final, TypeVar
from zoneinfo import ZoneInfo

import attrs

from .._i18n import N_, NP_, pgettext
from .._i18n import gettext as _
from .._money import Money, amount_problem
from .._shown import show
from .._time import SUPPORTED_YEARS, Window, pin_offset, require_aware
from ..exceptions import (
    CurrencyMismatchError,
    DuplicateIdError,
    InvalidTypeError,
    InvalidValueError,
)

if TYPE_CHECKING:
    from ._columns import Columns

__all__ = [
    "STAR_BEST",
    "STAR_WORST",
    "Area",
    "Channel",
    "Dispute",
    "DisputeReason",
    "DisputeStatus",
    "Grade",
    "Message",
    "Offer",
    "Order",
    "Rating",
    "SellerAccount",
    "SellerActivity",
    "Violation",
    "ViolationKind",
]


class DisputeReason(enum.Enum):
    """Why a buyer opened a post-sale dispute (DI-1)."""

    NOT_RECEIVED = "NOT_RECEIVED"
    """The parcel did not arrive."""
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"
    """The item is not as the offer described it."""
    SHIPPING_COST = "SHIPPING_COST"
    """The shipping cost differs from the offer page."""
    OTHER = "OTHER"
    """Any other reason."""


class DisputeStatus(enum.Enum):
    """Where a dispute stands (DI-4, DI-5). Only the buyer closes a dispute."""

    ONGOING = "ONGOING"
    """Still open; the buyer has not closed it and it has not expired."""
    RESOLVED = "RESOLVED"
    """Closed as resolved by the buyer, or by expiry after 30 days (DI-5)."""
    UNRESOLVED = "UNRESOLVED"
    """Marked unresolved by the buyer (allowed from 14 days after opening, DI-4)."""


class ViolationKind(enum.Enum):
    """Kinds of Terms-of-Service sanction, most severe first (SQ-E1)."""

    ACCOUNT_BLOCKED = "ACCOUNT_BLOCKED"
    """The whole account was blocked."""
    LISTING_AND_ENDING_BLOCKED = "LISTING_AND_ENDING_BLOCKED"
    """Listing new offers and ending sales were blocked."""
    LISTING_BLOCKED = "LISTING_BLOCKED"
    """Listing new offers was blocked."""
    WARNING = "WARNING"
    """A formal warning."""
    OFFER_REMOVED = "OFFER_REMOVED"
    """An offer was removed."""
    REMINDER = "REMINDER"
    """A reminder (notice); the mildest sanction."""


# --- validators -------------------------------------------------------------------

R = TypeVar("R")


def _record_id(instance: object) -> str | None:
    value = getattr(instance, "id", None)
    return value if isinstance(value, str) else None


_FIRST_YEAR, _LAST_YEAR = SUPPORTED_YEARS
_KNOWN_ZONES: Final = (ZoneInfo, timezone)
"""Zone types whose offset is never ``None``: an instant in one of them is aware."""


def _aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # The common case first, in a few C-level checks: a datetime in a zone that
    # always has an offset, in the supported years. Anything else gets the full
    # check and its precise error.
    if (
        type(value) is datetime
        and type(value.tzinfo) in _KNOWN_ZONES
        and _FIRST_YEAR <= value.year <= _LAST_YEAR
    ):
        return
    if value is None and attribute.default is None:
        return
    require_aware(
        value, field=attribute.name, record=type(instance).__name__, record_id=_record_id(instance)
    )


def _instant(value: Any) -> Any:
    """Pin an ambiguous or skipped wall time to its UTC offset.

    Python compares a datetime in a DST fold or gap as unequal to every datetime
    of another zone, so such a value would not survive a round trip through
    ISO 8601. Keeping the instant with a fixed offset makes it compare by instant.
    """
    if type(value) is datetime:
        zone = value.tzinfo
        # A fixed offset is never ambiguous; only a zone with DST changes can be.
        if zone is None or type(zone) is timezone:
            return value
        return pin_offset(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return pin_offset(value)
    return value


def _non_empty_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            record=type(instance).__name__,
            record_id=_record_id(instance),
            field=attribute.name,
            value=value,
            reason="must be a non-empty string",
        )


def _optional_non_empty_str(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        _non_empty_str(instance, attribute, value)


def _instance_of(*types: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    names = " or ".join(t.__name__ for t in types)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        # bool is an int; a True where a count is meant is a mistake, and vice versa.
        ok = isinstance(value, types) and (bool in types or not isinstance(value, bool))
        if not ok:
            raise InvalidTypeError(
                field=f"{type(instance).__name__}.{attribute.name}"
                + (f" of {show(_record_id(instance))}" if _record_id(instance) else ""),
                value=value,
                reason=f"is a {type(value).__name__}; expected {names}",
            )

    return check


_is_money = _instance_of(Money)
_is_int = _instance_of(int)


def _optional(
    check: Callable[[object, attrs.Attribute[Any], object], None],
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


def _non_negative_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _is_money(instance, attribute, value)
    assert isinstance(value, Money)
    problem = amount_problem(value.amount)
    if problem is None and value.is_negative:
        problem = "is negative; a price or total cannot be"
    if problem is not None:
        raise InvalidValueError(
            record=type(instance).__name__,
            record_id=_record_id(instance),
            field=attribute.name,
            value=value,
            reason=problem,
        )


STAR_WORST: Final = 1
"""The worst star mark on Allegro's detailed-rating scale (SQ-A2)."""
STAR_BEST: Final = 5
"""The best star mark (SQ-A2)."""


def _star(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    _is_int(instance, attribute, value)
    assert isinstance(value, int)
    if not STAR_WORST <= value <= STAR_BEST:
        raise InvalidValueError(
            record=type(instance).__name__,
            record_id=_record_id(instance),
            field=attribute.name,
            value=value,
            reason=f"is outside the star scale {STAR_WORST}..{STAR_BEST}",
        )


def _not_before(instance: object, later: str, earlier: str) -> None:
    late = getattr(instance, later)
    early = getattr(instance, earlier)
    if late is not None and early is not None and late < early:
        raise InvalidValueError(
            record=type(instance).__name__,
            record_id=_record_id(instance),
            field=later,
            value=late,
            reason=f"is before {earlier} {early.isoformat()}",
        )


def _frozenset_of_str(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        # A bare string would become a set of its letters.
        raise InvalidTypeError(
            field="methods", value=value, reason="is a str; give a set or list of names"
        )
    names: frozenset[object] = frozenset(value)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise InvalidTypeError(
                field="methods", value=name, reason="is not a name (a non-empty string)"
            )
    return frozenset(value)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidTypeError(
            field="category", value=value, reason="is a str; give the path as a tuple or list"
        )
    path = tuple(value)
    for name in path:
        if not isinstance(name, str):
            raise InvalidTypeError(field="category", value=name, reason="is not a str")
    return path


# --- records ----------------------------------------------------------------------


@attrs.frozen
class SellerAccount:
    """The seller's account (SQ-C7, SQ-C8, PR-1.1).

    Attributes:
        business: Whether it is a business (company) account.
        payment_methods: The distinct payment methods the seller offers.
    """

    business: bool = attrs.field(default=False, validator=_instance_of(bool), kw_only=True)
    payment_methods: frozenset[str] = attrs.field(
        default=frozenset(), converter=_frozenset_of_str, kw_only=True
    )


@attrs.frozen(kw_only=True)
class Offer:
    """An offer (listing) on Allegro (SQ-C1…SQ-C5, CO-1, PR-1.11).

    Attributes:
        id: The offer id.
        price: The Buy Now price (not negative).
        listed_at: When it was published; ``None`` if unknown.
        ended_at: When it ended; ``None`` while it is active.
        ean: Its EAN/GTIN, if it has one.
        smart: Whether it offers Allegro Smart! delivery.
        handling_time: Time to dispatch (``timedelta(0)`` = immediate).
        pickup_methods: Distinct personal-pickup delivery methods offered.
        allegro_delivery_methods: Distinct Allegro delivery methods offered.
        buy_now: Whether it is a Buy Now offer (not an auction).
        free_delivery: Whether delivery is free.
        one_day_delivery: Whether 1-day delivery is offered.
        category: The category path, top level first.
    """

    id: str = attrs.field(validator=_non_empty_str)
    price: Money = attrs.field(validator=_non_negative_money)
    listed_at: datetime | None = attrs.field(default=None, converter=_instant, validator=_aware)
    ended_at: datetime | None = attrs.field(default=None, converter=_instant, validator=_aware)
    ean: str | None = attrs.field(default=None, validator=_optional_non_empty_str)
    smart: bool = attrs.field(default=False, validator=_instance_of(bool))
    handling_time: timedelta | None = attrs.field(
        default=None, validator=_optional(_instance_of(timedelta))
    )
    pickup_methods: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    allegro_delivery_methods: frozenset[str] = attrs.field(
        default=frozenset(), converter=_frozenset_of_str
    )
    buy_now: bool = attrs.field(default=True, validator=_instance_of(bool))
    free_delivery: bool = attrs.field(default=False, validator=_instance_of(bool))
    one_day_delivery: bool = attrs.field(default=False, validator=_instance_of(bool))
    category: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)

    def __attrs_post_init__(self) -> None:
        _not_before(self, "ended_at", "listed_at")
        if self.handling_time is not None and self.handling_time < timedelta(0):
            raise InvalidValueError(
                record="Offer",
                record_id=self.id,
                field="handling_time",
                value=self.handling_time,
                reason="is negative",
            )

    def is_active(self, at: datetime) -> bool:
        """Whether the offer counts as active at the evaluation instant ``at`` (SQ-C1…SQ-C5).

        As everywhere in the library, what happens at ``at`` itself has not
        happened yet: the offer must be listed *before* ``at`` and not ended
        before it (an end exactly at ``at`` still counts as active). An offer
        with no ``listed_at`` counts as listed since before any window.
        """
        if self.listed_at is not None and self.listed_at >= at:
            return False
        return self.ended_at is None or self.ended_at >= at


@attrs.frozen(kw_only=True)
class Order:
    """A purchase from the seller (SQ-C6, SQ-D1…SQ-D3, CO-3).

    Attributes:
        id: The order id.
        bought_at: When the buyer bought.
        total: What the buyer paid (not negative).
        cancelled: Whether the order was cancelled.
        dispatch_by: The dispatch deadline, if known.
        tracking_added_at: When the tracking number was added, if it was.
        sent_at: When the carrier first registered the parcel ("sent").
        delivered_at: When the carrier delivered it.
        promoted: Whether the sale came through a promotion.
        commission_refunded: Whether Allegro refunded the commission (CO-3).
        advertising: Whether it was sold in an advertising category (CO-3).
    """

    id: str = attrs.field(validator=_non_empty_str)
    bought_at: datetime = attrs.field(converter=_instant, validator=_aware)
    total: Money = attrs.field(validator=_non_negative_money)
    cancelled: bool = attrs.field(default=False, validator=_instance_of(bool))
    dispatch_by: datetime | None = attrs.field(default=None, converter=_instant, validator=_aware)
    tracking_added_at: datetime | None = attrs.field(
        default=None, converter=_instant, validator=_aware
    )
    sent_at: datetime | None = attrs.field(default=None, converter=_instant, validator=_aware)
    delivered_at: datetime | None = attrs.field(default=None, converter=_instant, validator=_aware)
    promoted: bool = attrs.field(default=False, validator=_instance_of(bool))
    commission_refunded: bool = attrs.field(default=False, validator=_instance_of(bool))
    advertising: bool = attrs.field(default=False, validator=_instance_of(bool))

    def __attrs_post_init__(self) -> None:
        for later in ("dispatch_by", "tracking_added_at", "sent_at", "delivered_at"):
            _not_before(self, later, "bought_at")
        _not_before(self, "delivered_at", "sent_at")


@attrs.frozen(kw_only=True)
class Dispute:
    """A post-sale dispute (discussion) a buyer opened (DI-1…DI-5, SQ-B1…SQ-B4).

    Attributes:
        id: The dispute id.
        opened_at: When the buyer opened it.
        order_id: The order it is about, if known.
        reason: Why it was opened.
        first_reply_at: The seller's first reply, if any.
        status: The status the buyer gave it (or ONGOING).
        closed_at: When the buyer closed it; ``None`` while ONGOING or when
            the time is unknown.
    """

    id: str = attrs.field(validator=_non_empty_str)
    opened_at: datetime = attrs.field(converter=_instant, validator=_aware)
    order_id: str | None = attrs.field(default=None, validator=_optional_non_empty_str)
    reason: DisputeReason = attrs.field(
        default=DisputeReason.OTHER, validator=_instance_of(DisputeReason)
    )
    first_reply_at: datetime | None = attrs.field(
        default=None, converter=_instant, validator=_aware
    )
    status: DisputeStatus = attrs.field(
        default=DisputeStatus.ONGOING, validator=_instance_of(DisputeStatus)
    )
    closed_at: datetime | None = attrs.field(default=None, converter=_instant, validator=_aware)

    def __attrs_post_init__(self) -> None:
        _not_before(self, "first_reply_at", "opened_at")
        _not_before(self, "closed_at", "opened_at")
        if self.closed_at is not None and self.status is DisputeStatus.ONGOING:
            raise InvalidValueError(
                record="Dispute",
                record_id=self.id,
                field="closed_at",
                value=self.closed_at,
                reason="is set but status is ONGOING; a closed dispute is RESOLVED or UNRESOLVED",
            )


@attrs.frozen(kw_only=True)
class Rating:
    """A buyer's rating of the seller (SQ-A1, SQ-A2, RA-1, RA-2).

    Attributes:
        id: The rating id.
        created_at: When the buyer rated.
        recommended: Whether the buyer recommends the seller.
        order_id: The order rated, if known.
        buyer_id: The buyer, if known.
        description: Stars (1..5) for "item as described", if given.
        service: Stars for customer service, if given.
        delivery: Stars for delivery time, if given.
        delivery_cost: Stars for delivery cost, if given.
        comment: The buyer's comment.
    """

    id: str = attrs.field(validator=_non_empty_str)
    created_at: datetime = attrs.field(converter=_instant, validator=_aware)
    recommended: bool = attrs.field(validator=_instance_of(bool))
    order_id: str | None = attrs.field(default=None, validator=_optional_non_empty_str)
    buyer_id: str | None = attrs.field(default=None, validator=_optional_non_empty_str)
    description: int | None = attrs.field(default=None, validator=_star)
    service: int | None = attrs.field(default=None, validator=_star)
    delivery: int | None = attrs.field(default=None, validator=_star)
    delivery_cost: int | None = attrs.field(default=None, validator=_star)
    comment: str = attrs.field(default="", validator=_instance_of(str))

    @property
    def stars(self) -> tuple[int, ...]:
        """The star marks given, in field order (description, service, delivery, cost)."""
        return tuple(
            mark
            for mark in (self.description, self.service, self.delivery, self.delivery_cost)
            if mark is not None
        )


@attrs.frozen(kw_only=True)
class Message:
    """A buyer's message to the seller and the seller's reply (SQ-B5, SQ-B6, PR-1.6).

    Attributes:
        id: The message id.
        received_at: When the buyer's message arrived.
        replied_at: When the seller replied, if it did.
    """

    id: str = attrs.field(validator=_non_empty_str)
    received_at: datetime = attrs.field(converter=_instant, validator=_aware)
    replied_at: datetime | None = attrs.field(default=None, converter=_instant, validator=_aware)

    def __attrs_post_init__(self) -> None:
        _not_before(self, "replied_at", "received_at")


@attrs.frozen(kw_only=True)
class Violation:
    """A Terms-of-Service sanction against the seller (SQ-E1, PR-1.5).

    Attributes:
        id: The violation id.
        kind: What kind of sanction.
        at: When it was imposed.
    """

    id: str = attrs.field(validator=_non_empty_str)
    kind: ViolationKind = attrs.field(validator=_instance_of(ViolationKind))
    at: datetime = attrs.field(converter=_instant, validator=_aware)


# --- the activity -----------------------------------------------------------------


def check_opened_after_purchase(dispute: Dispute, bought: Mapping[str, datetime]) -> None:
    """Raise if ``dispute`` was opened before the purchase of its order (DI-2).

    The one check across records that :class:`SellerActivity` makes besides
    unique ids and one currency; readers call it first, so that lenient
    reading rejects the dispute with its path instead of raising.

    Args:
        dispute: The dispute.
        bought: Each order's purchase instant by order id.

    Raises:
        InvalidValueError: ``opened_at`` is before its order's ``bought_at``.
    """
    purchase = bought.get(dispute.order_id) if dispute.order_id is not None else None
    if purchase is not None and dispute.opened_at < purchase:
        raise InvalidValueError(
            record="Dispute",
            record_id=dispute.id,
            field="opened_at",
            value=dispute.opened_at,
            reason=f"is before the purchase of order {show(dispute.order_id)} "
            f"at {purchase.isoformat()}",
        )


_EPOCH = datetime(1, 1, 2, tzinfo=UTC)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _sorted_unique(
    records: Iterable[R], kind: type[R], time_of: Callable[[R], datetime | None]
) -> tuple[R, ...]:
    items = tuple(records)
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, kind):
            raise InvalidTypeError(
                field=f"SellerActivity.{kind.__name__.lower()}s",
                value=item,
                reason=f"holds a {type(item).__name__}; expected {kind.__name__}",
            )
        record_id: str = getattr(item, "id")  # noqa: B009 - every record kind has an id
        if record_id in seen:
            raise DuplicateIdError(
                record=kind.__name__,
                record_id=record_id,
                field="id",
                value=record_id,
                reason=f"appears more than once among the {kind.__name__.lower()}s",
            )
        seen.add(record_id)

    def key(item: R) -> tuple[datetime, str]:
        moment = time_of(item)
        return (_EPOCH if moment is None else _utc(moment), getattr(item, "id"))  # noqa: B009

    if _in_order(items, time_of):
        return items
    return tuple(sorted(items, key=key))


def _in_order(items: tuple[R, ...], time_of: Callable[[R], datetime | None]) -> bool:
    """Whether ``items`` are already sorted by (time, id), as a file we wrote is.

    Instants of one zone object compare on the wall clock, which is the time
    line for every zone except in a repeated hour, and records pin those to a
    fixed offset; instants of different zone objects compare on the UTC line.
    """
    previous: datetime | None = None
    previous_id = ""
    for item in items:
        moment = time_of(item)
        record_id: str = getattr(item, "id")  # noqa: B009 - every record kind has an id
        if moment is None:
            if previous is not None or record_id < previous_id:
                return False
        elif previous is not None and (
            moment < previous or (moment == previous and record_id < previous_id)
        ):
            return False
        previous, previous_id = moment, record_id
    return True


def _offers(value: Iterable[Offer]) -> tuple[Offer, ...]:
    return _sorted_unique(value, Offer, lambda offer: offer.listed_at)


def _orders(value: Iterable[Order]) -> tuple[Order, ...]:
    return _sorted_unique(value, Order, lambda order: order.bought_at)


def _disputes(value: Iterable[Dispute]) -> tuple[Dispute, ...]:
    return _sorted_unique(value, Dispute, lambda dispute: dispute.opened_at)


def _ratings(value: Iterable[Rating]) -> tuple[Rating, ...]:
    return _sorted_unique(value, Rating, lambda rating: rating.created_at)


def _messages(value: Iterable[Message]) -> tuple[Message, ...]:
    return _sorted_unique(value, Message, lambda message: message.received_at)


def _violations(value: Iterable[Violation]) -> tuple[Violation, ...]:
    return _sorted_unique(value, Violation, lambda violation: violation.at)


def _check_currency(_: SellerActivity, __: attrs.Attribute[Any], orders: Sequence[Order]) -> None:
    if not orders:
        return
    currency = orders[0].total.currency
    for order in orders:
        if order.total.currency != currency:
            raise CurrencyMismatchError(
                record="Order",
                record_id=order.id,
                field="total",
                value=order.total,
                reason=f"is in {order.total.currency} but order {show(orders[0].id)} is in "
                f"{currency}; all orders of one seller must share a currency",
            )


@attrs.frozen(kw_only=True, repr=False)
class SellerActivity:
    """Everything known about one Allegro seller: the input of every evaluation (SQ-1).

    Any iterables are accepted; each record kind is stored as a tuple sorted by
    its time (offers by ``listed_at``, orders by ``bought_at``, disputes by
    ``opened_at``, ratings by ``created_at``, messages by ``received_at``,
    violations by ``at``; ties by id), so the order records are given in never
    matters and two activities with the same records are equal. Ids must be
    unique within a kind, and all orders must share one currency.

    Attributes:
        account: The seller's account.
        offers: The seller's offers.
        orders: The orders.
        disputes: Disputes opened by buyers.
        ratings: Buyers' ratings.
        messages: Buyers' messages.
        violations: ToS sanctions.

    Its ``repr`` counts the records rather than listing them (an activity of
    100,000 orders would print megabytes), and a notebook shows the same
    counts as a table (``_repr_html_``).
    """

    account: SellerAccount = attrs.field(
        factory=SellerAccount, validator=_instance_of(SellerAccount)
    )
    offers: tuple[Offer, ...] = attrs.field(default=(), converter=_offers)
    orders: tuple[Order, ...] = attrs.field(
        default=(), converter=_orders, validator=_check_currency
    )
    disputes: tuple[Dispute, ...] = attrs.field(default=(), converter=_disputes)
    ratings: tuple[Rating, ...] = attrs.field(default=(), converter=_ratings)
    messages: tuple[Message, ...] = attrs.field(default=(), converter=_messages)
    violations: tuple[Violation, ...] = attrs.field(default=(), converter=_violations)
    _order_times: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)
    _dispute_times: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)
    _rating_times: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)
    _message_times: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)
    _violation_times: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)
    _columns: Columns | None = attrs.field(init=False, default=None, repr=False, eq=False)

    def _counts(self) -> dict[str, int]:
        return {
            "offers": len(self.offers),
            "orders": len(self.orders),
            "disputes": len(self.disputes),
            "ratings": len(self.ratings),
            "messages": len(self.messages),
            "violations": len(self.violations),
        }

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={number}" for kind, number in self._counts().items())
        return f"SellerActivity(business={self.account.business}, {counts})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{kind}</th><td>{number:,}</td></tr>"
            for kind, number in self._counts().items()
        )
        account = "business" if self.account.business else "private"
        return (
            f"<table><caption>SellerActivity ({account} account)</caption>"
            f"<tbody>{rows}</tbody></table>"
        )

    def __attrs_post_init__(self) -> None:
        bought = {order.id: order.bought_at for order in self.orders}
        for dispute in self.disputes:
            check_opened_after_purchase(dispute, bought)
        setter = object.__setattr__
        setter(self, "_order_times", tuple(_utc(o.bought_at) for o in self.orders))
        setter(self, "_dispute_times", tuple(_utc(d.opened_at) for d in self.disputes))
        setter(self, "_rating_times", tuple(_utc(r.created_at) for r in self.ratings))
        setter(self, "_message_times", tuple(_utc(m.received_at) for m in self.messages))
        setter(self, "_violation_times", tuple(_utc(v.at) for v in self.violations))

    @property
    def columns(self) -> Columns:
        """Every record's facts as integer columns, computed on first use and kept (SQ-1…SQ-E1).

        The evaluation engine reads these instead of the records: instants as
        microseconds on the UTC time line, flags, exact integer amounts (see
        :class:`~sellerquality.allegro.Columns`); the records stay the model.
        """
        known = self._columns
        if known is None:
            from ._columns import build_columns  # noqa: PLC0415 - the columns read this module

            known = build_columns(self)
            object.__setattr__(self, "_columns", known)
        return known

    @property
    def currency(self) -> str | None:
        """The currency of the orders, or ``None`` when there are none."""
        return self.orders[0].total.currency if self.orders else None

    @staticmethod
    def _select(
        records: tuple[R, ...], times: tuple[datetime, ...], window: Window
    ) -> tuple[R, ...]:
        lo = bisect_left(times, _utc(window.start))
        hi = bisect_left(times, _utc(window.end))
        return records[lo:hi]

    def orders_in(self, window: Window) -> tuple[Order, ...]:
        """The orders bought in ``window`` (half-open), by binary search."""
        return self._select(self.orders, self._order_times, window)

    def disputes_in(self, window: Window) -> tuple[Dispute, ...]:
        """The disputes opened in ``window``."""
        return self._select(self.disputes, self._dispute_times, window)

    def ratings_in(self, window: Window) -> tuple[Rating, ...]:
        """The ratings created in ``window``."""
        return self._select(self.ratings, self._rating_times, window)

    def messages_in(self, window: Window) -> tuple[Message, ...]:
        """The buyer messages received in ``window``."""
        return self._select(self.messages, self._message_times, window)

    def violations_in(self, window: Window) -> tuple[Violation, ...]:
        """The violations imposed in ``window``."""
        return self._select(self.violations, self._violation_times, window)


# --- the scales results are expressed in (SQ-1, SQ-3, CO-2) ---------------------------


class Area(enum.StrEnum):
    """The five areas of sales quality (SQ-1).

    A string enum: ``MetricResult.area`` holds the member, which also equals
    its name as a plain string (``"BUYER_RATINGS"``).
    """

    BUYER_RATINGS = "BUYER_RATINGS"
    CUSTOMER_SERVICE = "CUSTOMER_SERVICE"
    OFFER_ATTRACTIVENESS = "OFFER_ATTRACTIVENESS"
    ORDER_FULFILMENT = "ORDER_FULFILMENT"
    TOS_VIOLATIONS = "TOS_VIOLATIONS"

    @property
    def label(self) -> str:
        """The area's name in the current language ("buyer ratings"; "oceny kupujących")."""
        return _(_AREA_LABELS[self])


_AREA_LABELS: Final = {
    Area.BUYER_RATINGS: N_("buyer ratings"),
    Area.CUSTOMER_SERVICE: N_("customer service"),
    Area.OFFER_ATTRACTIVENESS: N_("offer attractiveness"),
    Area.ORDER_FULFILMENT: N_("order fulfilment"),
    Area.TOS_VIOLATIONS: N_("ToS violations"),
}


@functools.total_ordering
class Grade(enum.Enum):
    """The sales-quality grade (SQ-3), comparable: ``Grade.SUPER_PLUS`` is the highest.

    Allegro's Polish names: Super+, Super, Dobry, Neutralny, Wymaga poprawy,
    Nieakceptowalny. The Chinese translation of Allegro's "My sales quality" help
    pages calls ``NEUTRAL`` "medium" (中等).
    """

    SUPER_PLUS = "SUPER_PLUS"
    SUPER = "SUPER"
    GOOD = "GOOD"
    NEUTRAL = "NEUTRAL"
    REQUIRES_IMPROVEMENT = "REQUIRES_IMPROVEMENT"
    UNACCEPTABLE = "UNACCEPTABLE"

    @property
    def rank(self) -> int:
        """0 for UNACCEPTABLE up to 5 for SUPER_PLUS."""
        return len(_GRADE_ORDER) - 1 - _GRADE_ORDER.index(self)

    @property
    def polish(self) -> str:
        """Allegro's Polish name of the grade."""
        return _POLISH_GRADES[self]

    @property
    def label(self) -> str:
        """The grade's name in the current language ("Good" in English, "Dobry" in Polish).

        Example:
            >>> from sellerquality import language
            >>> from sellerquality.allegro import Grade
            >>> Grade.REQUIRES_IMPROVEMENT.label
            'Requires improvement'
            >>> with language("pl"):
            ...     Grade.REQUIRES_IMPROVEMENT.label
            'Wymaga poprawy'
        """
        return pgettext("grade", _ENGLISH_GRADES[self])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank < other.rank


_GRADE_ORDER = tuple(Grade)
_ENGLISH_GRADES: Final = {
    Grade.SUPER_PLUS: NP_("grade", "Super+"),
    Grade.SUPER: NP_("grade", "Super"),
    Grade.GOOD: NP_("grade", "Good"),
    Grade.NEUTRAL: NP_("grade", "Neutral"),
    Grade.REQUIRES_IMPROVEMENT: NP_("grade", "Requires improvement"),
    Grade.UNACCEPTABLE: NP_("grade", "Unacceptable"),
}
_POLISH_GRADES = {
    Grade.SUPER_PLUS: "Super+",
    Grade.SUPER: "Super",
    Grade.GOOD: "Dobry",
    Grade.NEUTRAL: "Neutralny",
    Grade.REQUIRES_IMPROVEMENT: "Wymaga poprawy",
    Grade.UNACCEPTABLE: "Nieakceptowalny",
}


class Channel(enum.Enum):
    """Where the buyer shops: the coins per price differ (CO-2)."""

    APP = "APP"
    """The Allegro mobile app."""
    BROWSER = "BROWSER"
    """A web browser."""
