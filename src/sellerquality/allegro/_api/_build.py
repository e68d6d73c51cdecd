"""Allegro REST API bodies -> :class:`SellerActivity`: the mapping rules.

:func:`from_api` takes the JSON bodies an API client fetched and builds the
records the evaluation reads. The API-shaped classes and their strict-but-
tolerant decoding live in ``_api_model``; this module holds the rules that
turn them into records, each documented where it is applied and tabled in
the documentation ("From the Allegro API to a report").

Paths: a problem is reported at ``<argument>[<page>]$.<JSON path>``, such as
``checkout_forms[1]$.checkoutForms[3].lineItems[0].boughtAt`` (the second page
given, its fourth checkout form). A body given on its own (not in a list) has
no page index (``me$.company``); a body keyed by an id carries the id
(``shipments['29738e61']$.shipments[0].createdAt``, and
``thread_messages['t-1'][0]$...`` for the first page of a thread).
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import partial
from types import MappingProxyType
from typing import Any, Final, Literal, TypedDict, TypeVar, Unpack, overload

import attrs

from ... import _json
from ..._money import Money, amount_problem
from ..._shown import cut, show
from ...exceptions import (
    AllegroApiWarning,
    InvalidValueError,
    LoadError,
    PathProblem,
    SellerQualityError,
)
from .._model import (
    Dispute,
    DisputeReason,
    DisputeStatus,
    Message,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
    check_opened_after_purchase,
)
from ._model import (
    ChatMessage,
    CheckoutForm,
    DeliveryMethod,
    Issue,
    IssueChat,
    IssueHead,
    JustId,
    LegacyDispute,
    LegacyMessages,
    ListedOffer,
    Me,
    Price,
    ProductOffer,
    Shipments,
    ShippingRatesSet,
    SmartReport,
    ThreadMessage,
    TrackingHead,
    UserRating,
    WaybillHistory,
    decode,
    describe,
)

__all__ = [
    "ACCEPTED_PARCEL_STATUSES",
    "PARCEL_STATUS_ORDER",
    "PICKUP_WORDS",
    "ApiBodies",
    "Body",
    "Pages",
    "Source",
    "Sources",
    "build_activity",
    "from_api",
]

T = TypeVar("T")

Body = Mapping[str, Any]
"""One parsed JSON body, as an API client returns it."""

Pages = Body | Sequence[Body]
"""One body, or a list of the pages of a paginated endpoint."""


# --- the readings, as data ---------------------------------------------------------

PARCEL_STATUS_ORDER: Final[Mapping[str, int]] = MappingProxyType(
    {
        "PENDING": 0,
        "IN_TRANSIT": 1,
        "ISSUE": 1,
        "RELEASED_FOR_DELIVERY": 2,
        "NOTICE_LEFT": 3,
        "AVAILABLE_FOR_PICKUP": 3,
        "DELIVERED": 4,
        "RETURNED": 5,
    }
)
"""Where each ``ParcelTrackingStatus.code`` lies in a parcel's life (the schema's
enum is alphabetical). ``PENDING``: prepared, not yet handed over;
``IN_TRANSIT`` includes the carrier's acceptance; ``ISSUE`` (refused, lost) and
``RETURNED`` are only ever reported for a parcel the carrier has held."""

ACCEPTED_PARCEL_STATUSES: Final = frozenset(
    code for code, rank in PARCEL_STATUS_ORDER.items() if rank >= PARCEL_STATUS_ORDER["IN_TRANSIT"]
)
"""Statuses that mean the carrier has accepted the parcel: ``IN_TRANSIT`` or later."""

_ORDER_STATUSES: Final = frozenset({"BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "CANCELLED"})
_FULFILMENT_STATUSES: Final = frozenset(
    {
        "NEW",
        "PROCESSING",
        "READY_FOR_SHIPMENT",
        "READY_FOR_PICKUP",
        "SENT",
        "PICKED_UP",
        "CANCELLED",
        "SUSPENDED",
        "RETURNED",
    }
)
_DISCOUNTS: Final = frozenset(
    {
        "BUNDLE",
        "UNIT_PERCENTAGE_DISCOUNT",
        "WHOLESALE_PRICE_LIST",
        "LARGE_ORDER_DISCOUNT",
        "TURNOVER_DISCOUNT",
        "COUPON",
        "CAMPAIGN",
    }
)
_PROMOTING_DISCOUNTS: Final = frozenset({"CAMPAIGN", "COUPON"})
_PAYMENT_TYPES: Final = frozenset(
    {"CASH_ON_DELIVERY", "WIRE_TRANSFER", "ONLINE", "SPLIT_PAYMENT", "EXTENDED_TERM"}
)

_ISSUE_STATUSES: Final = MappingProxyType(
    {
        "DISPUTE_ONGOING": DisputeStatus.ONGOING,
        "DISPUTE_CLOSED": DisputeStatus.RESOLVED,
        "DISPUTE_UNRESOLVED": DisputeStatus.UNRESOLVED,
    }
)
_LEGACY_STATUSES: Final = MappingProxyType(
    {
        "ONGOING": DisputeStatus.ONGOING,
        "CLOSED": DisputeStatus.RESOLVED,
        "UNRESOLVED": DisputeStatus.UNRESOLVED,
    }
)
_ROLES: Final = frozenset({"BUYER", "SELLER", "ADMIN", "SYSTEM", "FULFILLMENT"})

_NOT_RECEIVED, _NOT_AS_DESCRIBED, _OTHER = (
    DisputeReason.NOT_RECEIVED,
    DisputeReason.NOT_AS_DESCRIBED,
    DisputeReason.OTHER,
)
# PostPurchaseIssueReason codes, with the English subjects the schema gives for them.
_REASONS: Final[Mapping[str, tuple[DisputeReason, str]]] = MappingProxyType(
    {
        "NO_PRODUCT_RECEIVED": (_NOT_RECEIVED, "I have not received the product"),
        "DID_NOT_RECEIVE_GOODS_AFTER_PAYMENT": (
            _NOT_RECEIVED,
            "I did not receive the goods after payment",
        ),
        "NO_PRODUCT_IN_PARCEL": (_NOT_RECEIVED, "no product in the parcel"),
        "NOT_AS_DESCRIBED": (_NOT_AS_DESCRIBED, "does not match the description"),
        "RECEIVED_ITEMS_NOT_MATCHING_DESCRIPTION": (
            _NOT_AS_DESCRIBED,
            "I received an order inconsistent with the description",
        ),
        "RECEIVED_INCOMPLETE_ORDER": (_NOT_AS_DESCRIBED, "I received an incomplete order"),
        "MISSING_PRODUCT_ELEMENT": (_NOT_AS_DESCRIBED, "missing product element"),
        "ITEM_IS_DAMAGED": (_NOT_AS_DESCRIBED, "the product is damaged"),
        "PRODUCT_DAMAGED_PARCEL_INTACT": (
            _NOT_AS_DESCRIBED,
            "the product is damaged, but the parcel is intact",
        ),
        "PRODUCT_AND_PARCEL_DAMAGED_IN_TRANSIT": (
            _NOT_AS_DESCRIBED,
            "product and parcel damaged (in transit)",
        ),
        "DEFECT_FOUND_DURING_USE": (_NOT_AS_DESCRIBED, "defects emerged during use"),
        "NO_PROOF_OF_PURCHASE_MANUAL_OR_WARRANTY": (
            _OTHER,
            "no proof of purchase, manual, or warranty",
        ),
        "SELLER_DOES_NOT_WANT_TO_ACCEPT_RETURN": (
            _OTHER,
            "the seller does not want to accept the return",
        ),
        "PROBLEM_WITH_SENDING_PRODUCT_BACK": (_OTHER, "I have a problem returning the product"),
        "NO_REFUND_AFTER_RETURNING_PRODUCT": (_OTHER, "no refund after returning the product"),
        "NO_REFUND_AFTER_CANCELING_ORDER": (_OTHER, "no refund after canceling the order"),
        "PROBLEM_WITH_WITHDRAWAL_CANCELLATION_OF_PURCHASE": (
            _OTHER,
            "problem with withdrawal/cancelation of purchase",
        ),
        "PROBLEM_WITH_GOODS_RETURN_CANCELLATION_OF_PURCHASE": (
            _OTHER,
            "I have a problem returning the goods/canceling the purchase",
        ),
        "OTHER": (_OTHER, "my reason is not on the list"),
    }
)
_REASON_TEXTS: Final[Mapping[str, DisputeReason]] = MappingProxyType(
    {
        **{text.casefold(): reason for reason, text in _REASONS.values()},
        # Allegro's own example subject (Polish: "I did not receive the goods after payment").
        "nie otrzymałem towaru po wpłacie": _NOT_RECEIVED,
    }
)
_SHIPPING_COST_WORDS: Final = (
    "shipping cost",
    "delivery cost",
    "cost of delivery",
    "koszt wysyłki",
    "koszty wysyłki",
    "koszt dostawy",
    "koszty dostawy",
)

PICKUP_WORDS: Final = (
    "odbiór",
    "odbior",
    "pickup",
    "pick-up",
    "paczkomat",
    "automat",
    "punkt",
    "point",
    "box",
    "locker",
)
"""Words (case-insensitive) in a delivery method's name that make it a pickup method:
collection by the buyer in person, at a point or from a locker (SQ-C4). The
delivery-methods resource has no pickup flag, so the name is what there is."""

_GTIN_PARAMETER = "225693"  # Allegro's "EAN (GTIN)" parameter, for bodies without isGTIN
_MESSAGE_COUNTED: Final = frozenset({"DELIVERED", "INTERACTING"})
_MESSAGE_NOT_DELIVERED: Final = frozenset({"VERIFYING", "BLOCKED", "DISMISSED"})
_OFFER_STATUSES: Final = frozenset({"INACTIVE", "ACTIVATING", "ACTIVE", "ENDED"})
_FORMATS: Final = frozenset({"BUY_NOW", "AUCTION", "ADVERTISEMENT"})


# --- the input, normalised ---------------------------------------------------------


@attrs.frozen
class Source:
    """One body and the label its problems are reported under."""

    label: str
    data: Any

    def at(self, suffix: str = "") -> str:
        """The JSON path ``suffix`` (``.checkoutForms[3]``) within this body."""
        return f"{self.label}${suffix}"


@attrs.frozen
class Sources:
    """The pages given for one id of a keyed argument (``thread_messages['t-1']``)."""

    label: str
    pages: tuple[Source, ...]


@attrs.frozen(kw_only=True)
class Inputs:
    """Every body, normalised; what :func:`build_activity` reads."""

    me: Source | None = None
    checkout_forms: tuple[Source, ...] = ()
    shipments: Mapping[str, Sources] = attrs.field(factory=dict)
    parcel_tracking: tuple[Source, ...] = ()
    issues: tuple[Source, ...] = ()
    issue_chats: Mapping[str, Sources] = attrs.field(factory=dict)
    disputes: tuple[Source, ...] = ()
    dispute_messages: Mapping[str, Sources] = attrs.field(factory=dict)
    user_ratings: tuple[Source, ...] = ()
    threads: tuple[Source, ...] = ()
    thread_messages: Mapping[str, Sources] = attrs.field(factory=dict)
    offers: tuple[Source, ...] = ()
    product_offers: Mapping[str, Source] = attrs.field(factory=dict)
    offer_smart: Mapping[str, Source] = attrs.field(factory=dict)
    shipping_rates: Mapping[str, Source] = attrs.field(factory=dict)
    delivery_methods: Source | None = None
    rejected: tuple[_json.Rejected, ...] = ()


class _Unit:
    """One input item being mapped: its path, raw value and the problems found."""

    def __init__(self, path: str, raw: Any) -> None:
        self.path = path
        self.raw = raw
        self.problems: list[PathProblem] = []
        self.origins: dict[str, str] = {}

    def problem(self, suffix: str, reason: str) -> None:
        self.problems.append(PathProblem(self.path + suffix, reason))

    def build(self, make: Callable[[], T], *, always: bool = False) -> T | None:
        """Construct a record; a broken invariant becomes a problem at the API field.

        Nothing is built once the unit has a problem, unless ``always`` (a
        thread builds each of its messages, to report every problem in it).
        """
        if self.problems and not always:
            return None
        try:
            return make()
        except SellerQualityError as exc:
            field = getattr(exc, "field", "")
            self.problems.append(PathProblem(self.origins.get(field, self.path), str(exc)))
            return None


class _Skip:
    """An item read and accepted that makes no record (a claim, a draft offer)."""


_SKIP: Final = _Skip()


@attrs.define
class _Track:
    """The status history of one (carrierId, waybill), from any number of tracking bodies."""

    statuses: list[tuple[datetime, str]] = attrs.Factory(list)
    problems: list[PathProblem] = attrs.Factory(list)
    items: list[tuple[str, Any]] = attrs.Factory(list)
    used: bool = False


def _waybill_of(raw: Any) -> str | None:
    """The waybill of a tracking entry that did not decode, if it can be told."""
    if isinstance(raw, Mapping):
        waybill = raw.get("waybill")
        if isinstance(waybill, str):
            return waybill
    return None


def dispute_reason(text: str | None) -> DisputeReason | None:
    """Map an issue's reason code or subject to a :class:`DisputeReason` (DI-1).

    Reads a ``PostPurchaseIssueReason`` code, the English subject the schema
    gives for it, Allegro's Polish example subject, or any subject naming a
    shipping or delivery cost. ``None`` for a text none of these match.
    """
    if text is None or not text.strip():
        return _OTHER
    code = text.strip().upper()
    if code in _REASONS:
        return _REASONS[code][0]
    folded = text.strip().casefold().rstrip(".")
    if folded in _REASON_TEXTS:
        return _REASON_TEXTS[folded]
    if any(word in folded for word in _SHIPPING_COST_WORDS):
        return DisputeReason.SHIPPING_COST
    return None


def is_pickup(name: str) -> bool:
    """Whether a delivery method's name makes it a pickup method (see :data:`PICKUP_WORDS`)."""
    folded = name.casefold()
    return any(word in folded for word in PICKUP_WORDS)


class _Builder:
    """Maps the normalised inputs to records, collecting rejections and notes."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.rejected: list[_json.Rejected] = list(inputs.rejected)
        self.notes: list[AllegroApiWarning] = []
        self.used: set[tuple[str, str]] = set()
        self.payments: dict[str, str] = {}

    # -- plumbing ----------------------------------------------------------------------

    def note(self, path: str, reason: str) -> None:
        self.notes.append(AllegroApiWarning(path, reason))

    def reject(self, path: str, problems: Sequence[PathProblem], raw: Any) -> None:
        self.rejected.append(_json.Rejected(path, tuple(problems), raw))

    def items(
        self, sources: Sequence[Source], key: str, unit: _Unit | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Yield ``(path, raw)`` for each element of the ``key`` array of each page.

        A page that is not one is rejected, or with ``unit`` a problem of that unit.
        """
        for source in sources:
            data = source.data
            if not isinstance(data, Mapping):
                problem = PathProblem(source.at(), f"is {describe(data)}; expected an object")
            elif key not in data:
                problem = PathProblem(source.at(f".{key}"), "required field missing")
            elif not isinstance(data[key], list):
                problem = PathProblem(
                    source.at(f".{key}"), f"is {describe(data[key])}; expected an array"
                )
            else:
                for index, raw in enumerate(data[key]):
                    yield source.at(f".{key}[{index}]"), raw
                continue
            if unit is None:
                self.reject(source.at(), [problem], data)
            else:
                unit.problems.append(problem)

    def collect(
        self,
        sources: Sequence[Source],
        key: str,
        make: Callable[[_Unit], T | _Skip | None],
        ident: Callable[[T], str],
    ) -> list[tuple[str, Any, T]]:
        """Map each item; a failed one is rejected with every problem found in it."""
        made: list[tuple[str, Any, T]] = []
        for path, raw in self.items(sources, key):
            unit = _Unit(path, raw)
            record = make(unit)
            if isinstance(record, _Skip):
                continue
            if record is None:
                assert unit.problems, path
                self.reject(path, unit.problems, raw)
                continue
            made.append((path, raw, record))
        return self.unique(made, ident)

    def unique(
        self, made: list[tuple[str, Any, T]], ident: Callable[[T], str]
    ) -> list[tuple[str, Any, T]]:
        """Drop repeats of an id: the same item again is read once, a different one rejected.

        Paging through a list that changes while it is read can return an item
        twice; that is no error. Two different items with one id are.
        """
        kept: list[tuple[str, Any, T]] = []
        first: dict[str, tuple[str, Any]] = {}
        for path, raw, record in made:
            key = ident(record)
            if key not in first:
                first[key] = (path, raw)
                kept.append((path, raw, record))
            elif first[key][1] != raw:
                reason = f"duplicate id {show(key)} with other content; first at {first[key][0]}"
                self.reject(path, [PathProblem(path, reason)], raw)
        return kept

    def pages(self, given: Sources | None, kind: str, key: str) -> tuple[Source, ...] | None:
        """The pages of a keyed detail, marking it used; ``None`` when not given."""
        if given is None:
            return None
        self.used.add((kind, key))
        return given.pages

    def money(self, unit: _Unit, price: Price, suffix: str) -> Money | None:
        """The price as :class:`Money`, within the amounts the library reads."""
        problem = amount_problem(price.amount)
        if problem is not None:
            unit.problem(f"{suffix}.amount", f"amount {cut(str(price.amount))} {problem}")
            return None
        try:
            return Money(price.amount, price.currency)
        except SellerQualityError as exc:
            unit.problem(suffix, str(exc))
            return None

    def orphans(self) -> None:
        """Report details given for ids that no list body holds."""
        keyed: tuple[tuple[str, Mapping[str, Sources] | Mapping[str, Source], str], ...] = (
            ("shipments", self.inputs.shipments, "checkout form"),
            ("issue_chats", self.inputs.issue_chats, "dispute among the issues"),
            ("dispute_messages", self.inputs.dispute_messages, "dispute among the disputes"),
            ("product_offers", self.inputs.product_offers, "offer among the offers"),
            ("offer_smart", self.inputs.offer_smart, "offer among the offers"),
        )
        for kind, given, owner in keyed:
            for key, value in given.items():
                if (kind, key) not in self.used:
                    self.note(value.label, f"belongs to no {owner} given; ignored")

    # -- account -----------------------------------------------------------------------

    def business(self) -> bool:
        """Business account when ``/me`` has a ``company`` that is not null (SQ-C8)."""
        source = self.inputs.me
        if source is None:
            return False
        me, problems = decode(source.data, Me, source.at())
        if me is None:
            self.reject(source.at(), problems, source.data)
            return False
        return me.company is not None

    # -- orders ------------------------------------------------------------------------

    def tracking(self) -> dict[tuple[str, str], _Track]:
        """Index every waybill's status history by (carrierId, waybill)."""
        index: dict[tuple[str, str], _Track] = {}
        for source in self.inputs.parcel_tracking:
            head, problems = decode(source.data, TrackingHead, source.at())
            if head is None:
                self.reject(source.at(), problems, source.data)
                continue
            for path, raw in self.items([source], "waybills"):
                history, problems = decode(raw, WaybillHistory, path)
                waybill = history.waybill if history is not None else _waybill_of(raw)
                if waybill is None:
                    self.reject(path, problems, raw)
                    continue
                track = index.setdefault((head.carrier_id, waybill), _Track())
                track.items.append((path, raw))
                track.problems += problems
                if history is None or history.tracking_details is None:
                    continue
                for position, status in enumerate(history.tracking_details.statuses):
                    if status.code not in PARCEL_STATUS_ORDER:
                        self.note(
                            f"{path}.trackingDetails.statuses[{position}].code",
                            f"unknown parcel status {show(status.code)}; read as neither sent "
                            "nor delivered",
                        )
                    track.statuses.append((status.occurred_at, status.code))
        return index

    def order(self, unit: _Unit, tracks: Mapping[tuple[str, str], _Track]) -> Order | None:
        """One checkout form -> :class:`Order` (SQ-C6, SQ-D1…SQ-D3)."""
        form, problems = decode(unit.raw, CheckoutForm, unit.path)
        if form is None:
            unit.problems += problems
            return None
        # Purchase time: there is none at the top level; the earliest line item's boughtAt.
        if not form.line_items:
            unit.problem(".lineItems", "is empty; the purchase time is the earliest boughtAt")
            return None
        first = min(range(len(form.line_items)), key=lambda i: form.line_items[i].bought_at)
        unit.origins["bought_at"] = f"{unit.path}.lineItems[{first}].boughtAt"
        unit.origins["total"] = f"{unit.path}.summary.totalToPay"
        unit.origins["dispatch_by"] = f"{unit.path}.delivery.time.dispatch.to"
        total = self.money(unit, form.summary.total_to_pay, ".summary.totalToPay")

        # Cancelled: the buyer's status or the seller's fulfilment status says CANCELLED.
        if form.status not in _ORDER_STATUSES:
            self.note(
                f"{unit.path}.status",
                f"unknown order status {show(form.status)}; not read as cancelled",
            )
        fulfilment = form.fulfillment.status if form.fulfillment is not None else None
        if fulfilment is not None and fulfilment not in _FULFILMENT_STATUSES:
            self.note(
                f"{unit.path}.fulfillment.status",
                f"unknown fulfilment status {show(fulfilment)}; not read as cancelled",
            )
        cancelled = "CANCELLED" in (form.status, fulfilment)

        # Dispatch deadline: the latest dispatch the delivery time allows.
        time = form.delivery.time if form.delivery is not None else None
        dispatch_by = time.dispatch.to if time is not None and time.dispatch is not None else None

        # Promoted: a campaign or coupon discount, or a price below the original price.
        promoted = False
        for index, item in enumerate(form.line_items):
            for position, discount in enumerate(item.discounts):
                if discount.type is not None and discount.type not in _DISCOUNTS:
                    self.note(
                        f"{unit.path}.lineItems[{index}].discounts[{position}].type",
                        f"unknown discount type {show(discount.type)}; not read as a promotion",
                    )
            if any(d.type in _PROMOTING_DISCOUNTS for d in item.discounts):
                promoted = True
            if item.price.amount < item.original_price.amount:
                promoted = True

        if form.payment is not None and not form.payment.type.strip():
            unit.problem(".payment.type", "is empty; a payment type names a method")
        elif form.payment is not None:
            if form.payment.type not in _PAYMENT_TYPES:
                self.note(
                    f"{unit.path}.payment.type",
                    f"unknown payment type {show(form.payment.type)}; kept as a payment method",
                )
            self.payments[form.id] = form.payment.type

        added, sent, delivered = self.shipping(unit, form.id, tracks)
        if total is None:
            return None
        return unit.build(
            lambda: Order(
                id=form.id,
                bought_at=form.line_items[first].bought_at,
                total=total,
                cancelled=cancelled,
                dispatch_by=dispatch_by,
                tracking_added_at=added,
                sent_at=sent,
                delivered_at=delivered,
                promoted=promoted,
            )
        )

    def shipping(
        self, unit: _Unit, order_id: str, tracks: Mapping[tuple[str, str], _Track]
    ) -> tuple[datetime | None, datetime | None, datetime | None]:
        """Tracking added, sent and delivered, from shipments and carrier histories (SQ-D2).

        Without a shipments body, or without a carrier history, these stay
        unknown (``None``); nothing is guessed.
        """
        pages = self.pages(self.inputs.shipments.get(order_id), "shipments", order_id)
        added: list[tuple[datetime, str]] = []
        parcels: dict[tuple[str, str], str] = {}
        for source in pages or ():
            body, problems = decode(source.data, Shipments, source.at())
            unit.problems += problems
            for index, shipment in enumerate(body.shipments if body is not None else ()):
                added.append((shipment.created_at, source.at(f".shipments[{index}].createdAt")))
                parcels.setdefault(
                    (shipment.carrier_id, shipment.waybill), source.at(f".shipments[{index}]")
                )
        if not added:
            return None, None, None
        # Tracking added: the first tracking number registered on the order.
        tracking_added_at, unit.origins["tracking_added_at"] = min(added)
        sent: list[tuple[datetime, str]] = []
        delivered: list[tuple[datetime, str] | None] = []
        for key, where in parcels.items():
            track = tracks.get(key)
            if track is None:
                delivered.append(None)
                continue
            track.used = True
            unit.problems += track.problems
            history = sorted(track.statuses)
            # Sent: the carrier's first status saying it has the parcel (IN_TRANSIT or later).
            sent += [(at, where) for at, code in history if code in ACCEPTED_PARCEL_STATUSES][:1]
            # Delivered: the parcel's first DELIVERED status.
            delivered.append(
                next(((at, where) for at, code in history if code == "DELIVERED"), None)
            )
        sent_at = None
        if sent:
            sent_at, unit.origins["sent_at"] = min(sent)
        # Delivered when the last parcel is; unknown while any parcel is not known to be.
        delivered_at = None
        if all(delivered):
            delivered_at, unit.origins["delivered_at"] = max(d for d in delivered if d is not None)
        return tracking_added_at, sent_at, delivered_at

    def orders(self) -> list[Order]:
        tracks = self.tracking()
        made = self.collect(
            self.inputs.checkout_forms,
            "checkoutForms",
            lambda unit: self.order(unit, tracks),
            lambda order: order.id,
        )
        for (carrier, waybill), track in tracks.items():
            if track.used:
                continue
            if track.problems:
                for path, raw in track.items:
                    mine = [p for p in track.problems if p.path.startswith(path)]
                    if mine:
                        self.reject(path, mine, raw)
            else:
                self.note(
                    track.items[0][0],
                    f"waybill {show(waybill)} ({carrier}) is on no shipment given; ignored",
                )
        return [order for _, _, order in self.one_currency(made)]

    def one_currency(self, orders: list[tuple[str, Any, Order]]) -> list[tuple[str, Any, Order]]:
        """Keep the orders in the most common currency (the first seen on a tie)."""
        if not orders:
            return orders
        counts = Counter(order.total.currency for _, _, order in orders)
        first_seen: dict[str, int] = {}
        for position, (_, _, order) in enumerate(orders):
            first_seen.setdefault(order.total.currency, position)
        currency = max(counts, key=lambda code: (counts[code], -first_seen[code]))
        kept = []
        for path, raw, order in orders:
            if order.total.currency == currency:
                kept.append((path, raw, order))
            else:
                reason = f"is in {order.total.currency}; the seller's orders are in {currency}"
                self.reject(path, [PathProblem(f"{path}.summary.totalToPay", reason)], raw)
        return kept

    # -- disputes ------------------------------------------------------------------------

    def first_reply(
        self,
        unit: _Unit,
        pages: tuple[Source, ...],
        key: str,
        model: type[IssueChat | LegacyMessages],
        opened_at: datetime,
    ) -> datetime | None:
        """The first SELLER message at or after the opening (DI-3)."""
        replies: list[tuple[datetime, str]] = []
        for source in pages:
            body, problems = decode(source.data, model, source.at())
            unit.problems += problems
            messages: tuple[ChatMessage, ...] = ()
            if isinstance(body, IssueChat):
                messages = body.chat
            elif isinstance(body, LegacyMessages):
                messages = body.messages
            for index, message in enumerate(messages):
                where = source.at(f".{key}[{index}]")
                if message.author.role not in _ROLES:
                    self.note(
                        f"{where}.author.role",
                        f"unknown author role {show(message.author.role)}; not read as the seller",
                    )
                if message.author.role == "SELLER" and message.created_at >= opened_at:
                    replies.append((message.created_at, f"{where}.createdAt"))
        if not replies:
            return None
        first, unit.origins["first_reply_at"] = min(replies)
        return first

    def reason(self, unit: _Unit, text: str | None, suffix: str) -> DisputeReason:
        reason = dispute_reason(text)
        if reason is None:
            self.note(unit.path + suffix, f"unknown dispute subject {show(text)}; read as OTHER")
            return DisputeReason.OTHER
        return reason

    def issue(self, unit: _Unit) -> Dispute | _Skip | None:
        """One post-purchase issue -> :class:`Dispute` (DI-1…DI-5); claims make none."""
        head, problems = decode(unit.raw, IssueHead, unit.path)
        if head is None:
            unit.problems += problems
            return None
        if head.type != "DISPUTE":
            self.used.add(("issue_chats", head.id))
            if head.type != "CLAIM":
                self.note(
                    f"{unit.path}.type", f"unknown issue type {show(head.type)}; not a dispute"
                )
            return _SKIP
        issue, problems = decode(unit.raw, Issue, unit.path)
        if issue is None:
            unit.problems += problems
            return None
        unit.origins["opened_at"] = f"{unit.path}.openedDate"
        status = _ISSUE_STATUSES.get(issue.current_state.status)
        if status is None:
            unit.problem(
                ".currentState.status",
                f"{show(issue.current_state.status)} is not a dispute status "
                f"({', '.join(_ISSUE_STATUSES)}); the dispute's standing is unknown",
            )
        code = issue.reason.type if issue.reason is not None else None
        reason = self.reason(unit, code or issue.subject, ".reason.type" if code else ".subject")
        pages = self.pages(self.inputs.issue_chats.get(issue.id), "issue_chats", issue.id)
        first_reply_at = None
        if pages is not None:
            first_reply_at = self.first_reply(unit, pages, "chat", IssueChat, issue.opened_date)
        else:
            last = issue.chat.last_message if issue.chat is not None else None
            if last is None or last.status != "NEW":
                said = (
                    "no chat summary" if last is None else f"chat.lastMessage.status {last.status}"
                )
                unit.problem(
                    ".chat",
                    f"the seller's first reply is unknown: {said}, and no issue_chats body "
                    f"for {show(issue.id)} was given",
                )
        if status is None:
            return None
        order_id = issue.checkout_form.id if issue.checkout_form is not None else None
        return unit.build(
            lambda: Dispute(
                id=issue.id,
                opened_at=issue.opened_date,
                order_id=order_id,
                reason=reason,
                first_reply_at=first_reply_at,
                status=status,
            )
        )

    def legacy(self, unit: _Unit) -> Dispute | None:
        """One legacy ``/sale/disputes`` dispute -> :class:`Dispute` (DI-1…DI-5)."""
        dispute, problems = decode(unit.raw, LegacyDispute, unit.path)
        if dispute is None:
            unit.problems += problems
            return None
        status = _LEGACY_STATUSES.get(dispute.status)
        if status is None:
            unit.problem(
                ".status",
                f"{show(dispute.status)} is not a dispute status ({', '.join(_LEGACY_STATUSES)})",
            )
        # Opened: openedDate; older bodies lack it, and the buyer's first message opened it.
        opened_at = dispute.opened_date
        unit.origins["opened_at"] = f"{unit.path}.openedDate"
        if opened_at is None:
            opened_at = dispute.message.created_at
            unit.origins["opened_at"] = f"{unit.path}.message.createdAt"
        subject = dispute.subject.name if dispute.subject is not None else None
        reason = self.reason(unit, subject, ".subject.name")
        pages = self.pages(
            self.inputs.dispute_messages.get(dispute.id), "dispute_messages", dispute.id
        )
        first_reply_at = None
        if pages is not None:
            first_reply_at = self.first_reply(unit, pages, "messages", LegacyMessages, opened_at)
        elif dispute.messages_status != "NEW":
            unit.problem(
                ".messagesStatus",
                f"the seller's first reply is unknown: messagesStatus is "
                f"{dispute.messages_status}, and no dispute_messages body for "
                f"{show(dispute.id)} was given",
            )
        if status is None:
            return None
        order_id = dispute.checkout_form.id if dispute.checkout_form is not None else None
        return unit.build(
            lambda: Dispute(
                id=dispute.id,
                opened_at=opened_at,
                order_id=order_id,
                reason=reason,
                first_reply_at=first_reply_at,
                status=status,
            )
        )

    def disputes(self, orders: Sequence[Order]) -> list[Dispute]:
        """The disputes; one opened before its order's purchase is rejected (DI-2)."""
        made = self.collect(self.inputs.issues, "issues", self.issue, lambda d: d.id)
        made += self.collect(self.inputs.disputes, "disputes", self.legacy, lambda d: d.id)
        bought = {order.id: order.bought_at for order in orders}
        kept: list[Dispute] = []
        for path, raw, dispute in self.unique(made, lambda d: d.id):
            try:
                check_opened_after_purchase(dispute, bought)
            except InvalidValueError as exc:
                # Legacy bodies without openedDate were opened by the buyer's first message.
                opened = isinstance(raw, Mapping) and raw.get("openedDate") is not None
                where = f"{path}.openedDate" if opened else f"{path}.message.createdAt"
                self.reject(path, [PathProblem(where, str(exc))], raw)
                continue
            kept.append(dispute)
        return kept

    # -- ratings -------------------------------------------------------------------------

    def rating(self, unit: _Unit) -> Rating | None:
        """One user rating -> :class:`Rating` (SQ-A1, SQ-A2)."""
        rating, problems = decode(unit.raw, UserRating, unit.path)
        if rating is None:
            unit.problems += problems
            return None
        rates = rating.rates
        for ours, theirs in (
            ("description", "description"),
            ("service", "service"),
            ("delivery", "delivery"),
            ("delivery_cost", "deliveryCost"),
        ):
            unit.origins[ours] = f"{unit.path}.rates.{theirs}"
        unit.origins["created_at"] = f"{unit.path}.createdAt"
        return unit.build(
            lambda: Rating(
                id=rating.id,
                created_at=rating.created_at,
                recommended=rating.recommended,
                order_id=rating.order.id if rating.order is not None else None,
                buyer_id=rating.buyer.id,
                description=rates.description if rates else None,
                service=rates.service if rates else None,
                delivery=rates.delivery if rates else None,
                delivery_cost=rates.delivery_cost if rates else None,
                comment=(rating.comment.text or "") if rating.comment else "",
            )
        )

    def ratings(self) -> list[Rating]:
        made = self.collect(self.inputs.user_ratings, "ratings", self.rating, lambda r: r.id)
        return [rating for _, _, rating in made]

    # -- messages ------------------------------------------------------------------------

    def thread(self, given: Sources) -> list[Message] | None:
        """One thread's messages -> a :class:`Message` per buyer message (SQ-B5, SQ-B6).

        Each buyer message is answered by the seller's next message in the
        thread. A message Allegro is still verifying, blocked or dismissed
        never reached the other side: it neither asks nor answers.
        """
        unit = _Unit(given.label, [source.data for source in given.pages])
        read: list[tuple[datetime, str, bool, str]] = []
        for source in given.pages:
            for path, raw in self.items([source], "messages", unit):
                message, problems = decode(raw, ThreadMessage, path)
                unit.problems += problems
                if message is None:
                    continue
                if message.status in _MESSAGE_NOT_DELIVERED:
                    continue
                if message.status not in _MESSAGE_COUNTED:
                    self.note(
                        f"{path}.status",
                        f"unknown message status {show(message.status)}; read as delivered",
                    )
                read.append((message.created_at, message.id, message.author.is_interlocutor, path))
        messages: list[Message] = []
        waiting: list[tuple[datetime, str, str]] = []
        for at, ident, from_buyer, path in sorted(read):
            if from_buyer:
                waiting.append((at, ident, path))
                continue
            messages += self.answered(unit, waiting, (at, path))
            waiting = []
        messages += self.answered(unit, waiting, None)
        if unit.problems:
            self.reject(unit.path, unit.problems, unit.raw)
            return None
        return messages

    def answered(
        self,
        unit: _Unit,
        waiting: list[tuple[datetime, str, str]],
        reply: tuple[datetime, str] | None,
    ) -> list[Message]:
        """The buyer messages ``waiting``, answered by ``reply`` (its time and path) if any.

        A message that breaks a rule of :class:`Message` (an empty id, an
        instant outside the supported years) is a problem of its thread.
        """
        made: list[Message] = []
        for received_at, ident, path in waiting:
            unit.origins = {
                "id": f"{path}.id",
                "received_at": f"{path}.createdAt",
                "replied_at": f"{reply[1]}.createdAt" if reply is not None else path,
            }
            replied_at = reply[0] if reply is not None else None
            message = unit.build(
                partial(Message, id=ident, received_at=received_at, replied_at=replied_at),
                always=True,
            )
            if message is not None:
                made.append(message)
        return made

    def messages(self) -> list[Message]:
        listed = self.collect(self.inputs.threads, "threads", self.thread_id, lambda t: t)
        for path, _, ident in listed:
            if ident not in self.inputs.thread_messages:
                self.note(
                    path,
                    f"no thread_messages body for thread {show(ident)}; its messages are unknown",
                )
        made: list[tuple[str, Any, Message]] = []
        for given in self.inputs.thread_messages.values():
            made.extend((given.label, message, message) for message in self.thread(given) or ())
        return [message for _, _, message in self.unique(made, lambda m: m.id)]

    def thread_id(self, unit: _Unit) -> str | None:
        thread, problems = decode(unit.raw, JustId, unit.path)
        unit.problems += problems
        return thread.id if thread is not None else None

    # -- offers --------------------------------------------------------------------------

    def delivery_methods(self) -> dict[str, DeliveryMethod]:
        source = self.inputs.delivery_methods
        if source is None:
            return {}
        made = self.collect([source], "deliveryMethods", self.delivery_method, lambda m: m.id)
        return {method.id: method for _, _, method in made}

    def delivery_method(self, unit: _Unit) -> DeliveryMethod | None:
        method, problems = decode(unit.raw, DeliveryMethod, unit.path)
        unit.problems += problems
        if method is not None and not method.name.strip():
            unit.problem(".name", "is empty; methods count by name")
            return None
        return method

    def offer(
        self, unit: _Unit, methods: Mapping[str, DeliveryMethod], sets: dict[str, tuple[str, ...]]
    ) -> Offer | _Skip | None:
        """One offer, with its details -> :class:`Offer` (SQ-C1…SQ-C5, CO-1)."""
        listed, problems = decode(unit.raw, ListedOffer, unit.path)
        if listed is None:
            unit.problems += problems
            return None
        publication = listed.publication
        if publication.status == "INACTIVE":
            # A draft: never published, not an offer buyers saw; its details are read with it.
            self.used |= {("product_offers", listed.id), ("offer_smart", listed.id)}
            return _SKIP
        if publication.status not in _OFFER_STATUSES:
            self.note(
                f"{unit.path}.publication.status",
                f"unknown publication status {show(publication.status)}; read from its dates",
            )
        # Listed: when it was activated (a planned activation while ACTIVATING).
        listed_at = publication.started_at
        unit.origins["listed_at"] = f"{unit.path}.publication.startedAt"
        if listed_at is None and publication.status == "ACTIVATING":
            listed_at = publication.starting_at
            unit.origins["listed_at"] = f"{unit.path}.publication.startingAt"
        # Ended: when it last ended, for an offer that is not active now.
        ended_at = None if publication.status in {"ACTIVE", "ACTIVATING"} else publication.ended_at
        unit.origins["ended_at"] = f"{unit.path}.publication.endedAt"
        if ended_at is None and publication.status == "ENDED":
            unit.problem(".publication.endedAt", "required field missing for an ENDED offer")

        mode = listed.selling_mode
        if mode.format not in _FORMATS:
            self.note(
                f"{unit.path}.sellingMode.format",
                f"unknown selling format {show(mode.format)}; not read as Buy Now",
            )
        price, where = mode.price, ".sellingMode.price"
        if price is None and mode.format == "AUCTION":
            price, where = mode.starting_price, ".sellingMode.startingPrice"
        unit.origins["price"] = unit.path + where
        amount = None
        if price is None:
            unit.problem(".sellingMode.price", "required field missing")
        else:
            amount = self.money(unit, price, where)

        ean, handling_time, rates_id = None, None, None
        if listed.delivery is not None and listed.delivery.shipping_rates is not None:
            rates_id = listed.delivery.shipping_rates.id
        detail = self.inputs.product_offers.get(listed.id)
        if detail is not None:
            self.used.add(("product_offers", listed.id))
            product, problems = decode(detail.data, ProductOffer, detail.at())
            unit.problems += problems
            if product is not None:
                ean = _gtin(product)
                if product.delivery is not None:
                    handling_time = product.delivery.handling_time
                    unit.origins["handling_time"] = detail.at(".delivery.handlingTime")
                    if rates_id is None and product.delivery.shipping_rates is not None:
                        rates_id = product.delivery.shipping_rates.id
        smart = False
        report = self.inputs.offer_smart.get(listed.id)
        if report is not None:
            self.used.add(("offer_smart", listed.id))
            classified, problems = decode(report.data, SmartReport, report.at())
            unit.problems += problems
            smart = classified is not None and classified.classification.fulfilled
        pickup, allegro = self.methods(unit, rates_id, methods, sets)
        if amount is None:
            return None
        return unit.build(
            lambda: Offer(
                id=listed.id,
                price=amount,
                listed_at=listed_at,
                ended_at=ended_at,
                ean=ean,
                smart=smart,
                handling_time=handling_time,
                pickup_methods=pickup,
                allegro_delivery_methods=allegro,
                buy_now=mode.format == "BUY_NOW",
            )
        )

    def methods(
        self,
        unit: _Unit,
        rates_id: str | None,
        methods: Mapping[str, DeliveryMethod],
        sets: dict[str, tuple[str, ...]],
    ) -> tuple[frozenset[str], frozenset[str]]:
        """Pickup and Allegro delivery methods of the offer's shipping rates (SQ-C4, SQ-C5).

        Allegro delivery: a method Allegro endorses (``allegroEndorsed``);
        pickup: a method whose name says so (:data:`PICKUP_WORDS`). Methods
        count by name, so two entries of one name count once.
        """
        if rates_id is None:
            return frozenset(), frozenset()
        if rates_id not in sets:
            source = self.inputs.shipping_rates.get(rates_id)
            if source is None:
                if self.inputs.shipping_rates:
                    self.note(
                        unit.path, f"shipping rates {show(rates_id)} not given; no methods read"
                    )
                sets[rates_id] = ()
            else:
                body, problems = decode(source.data, ShippingRatesSet, source.at())
                if body is None:
                    unit.problems += problems
                    return frozenset(), frozenset()
                sets[rates_id] = tuple(rate.delivery_method.id for rate in body.rates)
                for ident in sets[rates_id]:
                    if methods and ident not in methods:
                        self.note(
                            source.at(), f"delivery method {show(ident)} is not in delivery_methods"
                        )
        named = [methods[ident] for ident in sets[rates_id] if ident in methods]
        pickup = frozenset(m.name for m in named if is_pickup(m.name))
        allegro = frozenset(m.name for m in named if m.allegro_endorsed)
        return pickup, allegro

    def offers(self) -> list[Offer]:
        methods = self.delivery_methods()
        sets: dict[str, tuple[str, ...]] = {}
        made = self.collect(
            self.inputs.offers,
            "offers",
            lambda unit: self.offer(unit, methods, sets),
            lambda offer: offer.id,
        )
        return [offer for _, _, offer in made]

    # -- all -----------------------------------------------------------------------------

    def activity(self) -> SellerActivity:
        business = self.business()
        orders = self.orders()
        disputes = self.disputes(orders)
        ratings = self.ratings()
        messages = self.messages()
        offers = self.offers()
        self.orphans()
        # Payment methods: /me does not list them; those buyers used are ones offered.
        payments = frozenset(
            self.payments[order.id] for order in orders if order.id in self.payments
        )
        return SellerActivity(
            account=SellerAccount(business=business, payment_methods=payments),
            offers=offers,
            orders=orders,
            disputes=disputes,
            ratings=ratings,
            messages=messages,
        )


def _gtin(product: ProductOffer) -> str | None:
    """The EAN/GTIN: the value of a product parameter flagged ``isGTIN`` (SQ-C1).

    The flag is read as ``isGTIN`` or ``options.isGTIN``; bodies without it
    are read by Allegro's "EAN (GTIN)" parameter id, 225693.
    """
    for element in product.product_set:
        for parameter in element.product.parameters if element.product is not None else ():
            flagged = parameter.is_gtin or (
                parameter.options is not None and parameter.options.is_gtin
            )
            if flagged or parameter.id == _GTIN_PARAMETER:
                for value in parameter.values:
                    if value.strip():
                        return value.strip()
    return None


def build_activity(
    inputs: Inputs, *, strict: bool, source: str | None = None, stacklevel: int = 2
) -> SellerActivity | tuple[SellerActivity, tuple[_json.Rejected, ...]]:
    """Build the activity from normalised inputs; the engine of :func:`from_api`.

    Warnings are issued ``stacklevel`` frames above this function's caller.
    """
    builder = _Builder(inputs)
    activity = builder.activity()
    for note in builder.notes:
        warnings.warn(note, stacklevel=stacklevel + 1)
    if strict and builder.rejected:
        raise LoadError(
            [problem for item in builder.rejected for problem in item.problems], source=source
        )
    if strict:
        return activity
    return activity, tuple(builder.rejected)


class _Normaliser:
    """Turns the keyword arguments of :func:`from_api` into :class:`Inputs`."""

    def __init__(self) -> None:
        self.rejected: list[_json.Rejected] = []

    def fail(self, label: str, value: Any, expected: str) -> None:
        problem = PathProblem(label, f"is {describe(value)}; expected {expected}")
        self.rejected.append(_json.Rejected(label, (problem,), value))

    def body(self, name: str, value: Any) -> Source | None:
        return None if value is None else Source(name, value)

    def pages(self, label: str, value: Any) -> tuple[Source, ...]:
        if value is None:
            return ()
        if isinstance(value, Mapping):
            return (Source(label, value),)
        if isinstance(value, list | tuple):
            return tuple(Source(f"{label}[{index}]", page) for index, page in enumerate(value))
        self.fail(label, value, "a body or a list of pages")
        return ()

    def keyed(self, name: str, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(name, value, "a mapping of ids to bodies")
            return {}
        found: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(key, str):
                found[key] = item
            else:
                self.fail(f"{name}[{show(key)}]", item, "a str key (an id)")
        return found

    def keyed_pages(self, name: str, value: Any) -> dict[str, Sources]:
        return {
            key: Sources(f"{name}[{show(key)}]", self.pages(f"{name}[{show(key)}]", item))
            for key, item in self.keyed(name, value).items()
        }

    def keyed_body(self, name: str, value: Any) -> dict[str, Source]:
        return {
            key: Source(f"{name}[{show(key)}]", item)
            for key, item in self.keyed(name, value).items()
        }


class ApiBodies(TypedDict, total=False):
    """The Allegro REST API bodies :func:`from_api` reads, by argument name (SQ-1).

    Every key is optional. A list endpoint takes one body or a list of its
    pages (``Pages``); a detail endpoint a mapping from an id to the body
    (or pages) fetched for it. Type a dict of bodies with it to have mypy
    check the names before calling ``from_api(**bodies)``.
    """

    me: Body | None
    checkout_forms: Pages | None
    shipments: Mapping[str, Pages] | None
    parcel_tracking: Pages | None
    issues: Pages | None
    issue_chats: Mapping[str, Pages] | None
    disputes: Pages | None
    dispute_messages: Mapping[str, Pages] | None
    user_ratings: Pages | None
    threads: Pages | None
    thread_messages: Mapping[str, Pages] | None
    offers: Pages | None
    product_offers: Mapping[str, Body] | None
    offer_smart: Mapping[str, Body] | None
    shipping_rates: Mapping[str, Body] | None
    delivery_methods: Body | None


_NORMALISED: Final[Mapping[str, Literal["body", "pages", "keyed_pages", "keyed_body"]]] = {
    "me": "body",
    "checkout_forms": "pages",
    "shipments": "keyed_pages",
    "parcel_tracking": "pages",
    "issues": "pages",
    "issue_chats": "keyed_pages",
    "disputes": "pages",
    "dispute_messages": "keyed_pages",
    "user_ratings": "pages",
    "threads": "pages",
    "thread_messages": "keyed_pages",
    "offers": "pages",
    "product_offers": "keyed_body",
    "offer_smart": "keyed_body",
    "shipping_rates": "keyed_body",
    "delivery_methods": "body",
}
"""How each body of :class:`ApiBodies` is read: one body, pages, or either by id."""


@overload
def from_api(*, strict: Literal[True] = True, **bodies: Unpack[ApiBodies]) -> SellerActivity: ...


@overload
def from_api(
    *, strict: Literal[False], **bodies: Unpack[ApiBodies]
) -> tuple[SellerActivity, tuple[_json.Rejected, ...]]: ...


def from_api(
    *, strict: bool = True, **bodies: Unpack[ApiBodies]
) -> SellerActivity | tuple[SellerActivity, tuple[_json.Rejected, ...]]:
    """Build a seller's activity from the Allegro REST API bodies a client fetched.

    Every argument is optional; what is not given is simply absent. Each list
    endpoint takes one body or a list of its pages; details are mappings from
    an id to the body (or pages) fetched for it. Unknown keys are ignored;
    an enumeration value Allegro adds later is kept as "other" and reported
    with an :class:`AllegroApiWarning`; a field the mapping uses that is
    missing or malformed is a problem at its JSON path, such as
    ``checkout_forms[1]$.checkoutForms[3].lineItems[0].boughtAt``.

    The mapping (each rule documented in "From the Allegro API to a report"):

    * orders: purchase time = the earliest ``lineItems[].boughtAt``; total =
      ``summary.totalToPay``; cancelled when ``status`` or
      ``fulfillment.status`` is ``CANCELLED``; dispatch deadline =
      ``delivery.time.dispatch.to``; tracking added = the earliest shipment
      ``createdAt``; sent = the first carrier status of any of the order's
      waybills that is ``IN_TRANSIT`` or later; delivered = when the last
      parcel reached ``DELIVERED``; unknown without the bodies, never guessed
      (SQ-D1, SQ-D2); promoted when a line item has a ``CAMPAIGN`` or
      ``COUPON`` discount or a price below its ``originalPrice`` (SQ-C6);
    * disputes (issues of type ``DISPUTE``; claims are not disputes, or
      legacy disputes): subject -> :class:`DisputeReason`, state ->
      :class:`DisputeStatus`, first reply = the first SELLER message at or
      after opening (DI-1…DI-5);
    * ratings: ``recommended``, legacy ``rates``, buyer, order, comment (SQ-A1, SQ-A2);
    * messages: each delivered buyer message, answered by the seller's next
      message in the thread (SQ-B5, SQ-B6);
    * offers: price, publication start and end, Buy Now, EAN/GTIN, handling
      time, Smart!, pickup and Allegro delivery methods (SQ-C1…SQ-C5);
    * account: business when ``/me`` has a ``company`` (SQ-C8); payment
      methods = the payment types buyers used (SQ-C7).

    Args:
        me: ``GET /me``.
        checkout_forms: ``GET /order/checkout-forms`` pages.
        shipments: order id -> ``GET /order/checkout-forms/{id}/shipments``.
        parcel_tracking: ``GET /order/carriers/{carrierId}/tracking`` bodies.
        issues: ``GET /sale/issues`` pages.
        issue_chats: issue id -> ``GET /sale/issues/{id}/chat`` (pages).
        disputes: legacy ``GET /sale/disputes`` pages.
        dispute_messages: dispute id -> legacy ``GET /sale/disputes/{id}/messages``.
        user_ratings: ``GET /sale/user-ratings`` pages.
        threads: ``GET /messaging/threads`` pages.
        thread_messages: thread id -> ``GET /messaging/threads/{id}/messages`` (pages).
        offers: ``GET /sale/offers`` pages.
        product_offers: offer id -> ``GET /sale/product-offers/{id}``.
        offer_smart: offer id -> ``GET /sale/offers/{id}/smart``.
        shipping_rates: shipping rates id -> ``GET /sale/shipping-rates/{id}``.
        delivery_methods: ``GET /sale/delivery-methods``.
        strict: With ``True`` (the default), any problem raises. With
            ``False``, what can be read is kept and each item that cannot
            (a checkout form with its shipments and tracking, an issue with
            its chat, an offer with its details, a thread, a page that is not
            a page) is returned as a :class:`~sellerquality.Rejected`; every
            item is either read (a claim or a draft offer is read and makes
            no record) or rejected.

    Returns:
        The :class:`SellerActivity`; with ``strict=False``, the pair
        ``(activity, rejected)``.

    Raises:
        LoadError: (strict) Every problem, each with its path.

    Example:
        >>> from sellerquality.allegro import from_api
        >>> activity = from_api(
        ...     me={"id": "1", "company": {"name": "Sklep sp. z o.o."}},
        ...     user_ratings={
        ...         "ratings": [
        ...             {
        ...                 "id": "r-1",
        ...                 "createdAt": "2024-08-01T10:00:00Z",
        ...                 "recommended": True,
        ...                 "buyer": {"id": "b-1", "login": "kupujacy"},
        ...             }
        ...         ]
        ...     },
        ... )
        >>> activity.account.business, activity.ratings[0].recommended
        (True, True)
    """
    unknown = sorted(set(bodies) - set(_NORMALISED))
    if unknown:
        # mypy refuses these; a caller without it gets Python's own message.
        raise TypeError(f"from_api() got unexpected keyword argument(s): {', '.join(unknown)}")
    normal = _Normaliser()
    read = {name: getattr(normal, how)(name, bodies.get(name)) for name, how in _NORMALISED.items()}
    inputs = Inputs(**read, rejected=tuple(normal.rejected))
    return build_activity(inputs, strict=strict, stacklevel=2)
