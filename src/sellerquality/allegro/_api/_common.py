"""What every record kind's mapping shares: the inputs, the readings as data, the base builder.

The base builder collects rejections and notes; each record kind adds its
mapping in its own module (``_orders``, ``_disputes``, ``_ratings``,
``_messages``, ``_offers``), and ``_build`` puts them together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs

from ... import _json
from ..._money import Money, amount_problem
from ..._shown import cut, show
from ...exceptions import AllegroApiWarning, PathProblem, SellerQualityError
from .._model import DisputeReason, DisputeStatus
from ._model import Me, Price, decode, describe

__all__ = [
    "ACCEPTED_PARCEL_STATUSES",
    "PARCEL_STATUS_ORDER",
    "PICKUP_WORDS",
    "Body",
    "BuilderBase",
    "Inputs",
    "Pages",
    "Source",
    "Sources",
    "dispute_reason",
    "is_pickup",
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


class BuilderBase:
    """The plumbing every record kind's mapping uses: rejections, notes, items, money."""

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
