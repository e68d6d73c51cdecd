"""The shapes of the Allegro REST API bodies we read, and their decoding.

Each private class below mirrors one schema of Allegro's OpenAPI description
(``openapi-subset.yaml``; ``openapi-subset-disputes-legacy.yaml`` for the old
``/sale/disputes``) and holds only the fields the mapping uses. Keys keep the
API's camelCase through attrs aliases. Decoding uses :data:`API`, a copy of the
library's converter that ignores unknown keys, because the API adds fields over
time while our own format refuses them. Fields we use are strict: a missing or
malformed one is a :class:`~sellerquality.exceptions.PathProblem` with its JSON
path, such as ``$.checkoutForms[3].lineItems[0].boughtAt``. Enumerations are
read as plain strings so that a value Allegro adds later is kept and reported
by the mapping instead of failing the whole body.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from ..._serde import CONVERTER, describe, problems_of
from ...exceptions import PathProblem, SellerQualityError

__all__ = ["API", "decode", "describe"]

T = TypeVar("T")

API = CONVERTER.copy(forbid_extra_keys=False, use_alias=True)
"""The library converter, tolerant of keys it does not know, reading camelCase aliases."""


class _ShapeError(SellerQualityError, TypeError):
    """A JSON value of the wrong kind: an array where an object belongs, and so on."""

    def __init__(self, value: object, expected: str) -> None:
        super().__init__(f"is {describe(value)}; expected {expected}")


# --- hooks (on API only) -----------------------------------------------------------


def _is_shape(cls: Any) -> bool:
    return isinstance(cls, type) and attrs.has(cls) and cls.__module__ == __name__


def _shape_hook(cls: type[T]) -> Callable[[Any, type], T]:
    inner = make_dict_structure_fn(cls, API)

    def structure(value: Any, _: type) -> T:
        if not isinstance(value, dict):
            raise _ShapeError(value, "an object")
        return inner(value, cls)

    return structure


def _is_tuple(cls: Any) -> bool:
    args: tuple[Any, ...] = getattr(cls, "__args__", ())
    return getattr(cls, "__origin__", None) is tuple and args[1:] == (Ellipsis,)


def _tuple_hook(cls: Any) -> Callable[[Any, type], tuple[Any, ...]]:
    # cattrs would iterate a string into its letters and an object into its keys.
    inner = homogenous_tuple_structure_factory(cls, API)

    def structure(value: Any, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _ShapeError(value, "an array")
        result: tuple[Any, ...] = inner(value, cls)
        return result

    return structure


API.register_structure_hook_factory(_is_shape, _shape_hook)
API.register_structure_hook_factory(_is_tuple, _tuple_hook)


# --- decoding with API paths ------------------------------------------------------------


def _problems(exc: BaseException, path: str) -> list[PathProblem]:
    """Like :func:`~sellerquality._serde.problems_of`, naming fields by their API keys."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        cls: Any = getattr(exc, "cl", None)
        aliases = {f.name: f.alias for f in attrs.fields(cls)} if _is_shape(cls) else {}
        found: list[PathProblem] = []
        for inner in exc.exceptions:
            notes = [
                note
                for note in getattr(inner, "__notes__", ())
                if isinstance(note, AttributeValidationNote | IterableValidationNote)
            ]
            suffix = "".join(
                f"[{note.index}]"
                if isinstance(note, IterableValidationNote)
                else "." + aliases.get(note.name, note.name)
                for note in notes[:1]
            )
            found.extend(_problems(inner, path + suffix))
        return found
    return problems_of(exc, path)


def decode(value: Any, cls: type[T], path: str) -> tuple[T | None, list[PathProblem]]:
    """Structure ``value`` as the API shape ``cls``; problems carry paths below ``path``."""
    try:
        return API.structure(value, cls), []
    except RecursionError:  # pragma: no cover - only for absurdly deep input
        return None, [PathProblem(path, "is nested too deeply")]
    except Exception as exc:  # noqa: BLE001 - every failure becomes a reported problem
        return None, _problems(exc, path)


# --- shared ------------------------------------------------------------------------------


@attrs.frozen
class Price:
    """``Price``: an amount as a string (floats are refused) and an ISO 4217 currency."""

    amount: Decimal
    currency: str


@attrs.frozen
class JustId:
    """``JustId``: an object holding an id."""

    id: str


# --- orders: GET /order/checkout-forms, shipments, carrier tracking -----------------------


@attrs.frozen
class LineItemDiscount:
    """``LineItemDiscount``."""

    type: str | None = None


@attrs.frozen
class LineItem:
    """``CheckoutFormLineItem``: when, at what price and with which discounts."""

    original_price: Price = attrs.field(alias="originalPrice")
    price: Price
    bought_at: datetime = attrs.field(alias="boughtAt")
    discounts: tuple[LineItemDiscount, ...] = ()


@attrs.frozen
class Fulfillment:
    """``CheckoutFormFulfillment``: the seller's status of the order."""

    status: str | None = None


@attrs.frozen
class DispatchTime:
    """``CheckoutFormDeliveryTimeDispatch``: ``to`` is the dispatch deadline."""

    to: datetime | None = None


@attrs.frozen
class DeliveryTime:
    """``CheckoutFormDeliveryTime``."""

    dispatch: DispatchTime | None = None


@attrs.frozen
class OrderDelivery:
    """``CheckoutFormDeliveryReference``."""

    time: DeliveryTime | None = None


@attrs.frozen
class Payment:
    """``CheckoutFormPaymentReference``: how the buyer paid."""

    type: str


@attrs.frozen
class Summary:
    """``CheckoutFormSummary``."""

    total_to_pay: Price = attrs.field(alias="totalToPay")


@attrs.frozen
class CheckoutForm:
    """``CheckoutForm``: one order."""

    id: str
    status: str
    line_items: tuple[LineItem, ...] = attrs.field(alias="lineItems")
    summary: Summary
    fulfillment: Fulfillment | None = None
    delivery: OrderDelivery | None = None
    payment: Payment | None = None


@attrs.frozen
class Shipment:
    """``CheckoutFormAddWaybillCreated``: a tracking number and when it was added."""

    waybill: str
    carrier_id: str = attrs.field(alias="carrierId")
    created_at: datetime = attrs.field(alias="createdAt")


@attrs.frozen
class Shipments:
    """``CheckoutFormOrderWaybillResponse``."""

    shipments: tuple[Shipment, ...]


@attrs.frozen
class TrackingStatus:
    """``ParcelTrackingStatus``."""

    occurred_at: datetime = attrs.field(alias="occurredAt")
    code: str


@attrs.frozen
class TrackingDetails:
    """``ParcelTrackingHistory.trackingDetails``."""

    statuses: tuple[TrackingStatus, ...]


@attrs.frozen
class WaybillHistory:
    """``ParcelTrackingHistory``: one parcel's status history, if the carrier has one."""

    waybill: str
    tracking_details: TrackingDetails | None = attrs.field(default=None, alias="trackingDetails")


@attrs.frozen
class TrackingHead:
    """``CarrierParcelTrackingResponse`` without its waybills (decoded one by one)."""

    carrier_id: str = attrs.field(alias="carrierId")


# --- disputes: GET /sale/issues (+ /chat), legacy GET /sale/disputes (+ /messages) -------------


@attrs.frozen
class IssueHead:
    """``PostPurchaseIssue``: what it is (a claim is not a dispute)."""

    id: str
    type: str


@attrs.frozen
class IssueState:
    """``PostPurchaseIssueState``."""

    status: str


@attrs.frozen
class IssueLastMessage:
    """``PostPurchaseIssueLastMessage``: NEW means the seller never wrote."""

    status: str | None = None


@attrs.frozen
class IssueChatSummary:
    """``PostPurchaseIssueChat``."""

    last_message: IssueLastMessage | None = attrs.field(default=None, alias="lastMessage")


@attrs.frozen
class IssueCheckoutForm:
    """``PostPurchaseIssueCheckoutForm``."""

    id: str | None = None


@attrs.frozen
class IssueReason:
    """``PostPurchaseIssueReason`` (claims only, but read where present)."""

    type: str | None = None


@attrs.frozen
class Issue:
    """``PostPurchaseIssue`` of type DISPUTE."""

    id: str
    opened_date: datetime = attrs.field(alias="openedDate")
    current_state: IssueState = attrs.field(alias="currentState")
    subject: str | None = None
    checkout_form: IssueCheckoutForm | None = attrs.field(default=None, alias="checkoutForm")
    chat: IssueChatSummary | None = None
    reason: IssueReason | None = None


@attrs.frozen
class Author:
    """``PostPurchaseIssueMessageAuthor`` and the legacy ``DisputeMessageAuthor``."""

    role: str


@attrs.frozen
class ChatMessage:
    """``PostPurchaseIssueChatMessage`` and the legacy ``DisputeMessage``."""

    author: Author
    created_at: datetime = attrs.field(alias="createdAt")


@attrs.frozen
class IssueChat:
    """``PostPurchaseIssueChatResponse``."""

    chat: tuple[ChatMessage, ...]


@attrs.frozen
class LegacySubject:
    """The legacy ``Subject``."""

    name: str | None = None


@attrs.frozen
class LegacyCheckoutForm:
    """The legacy ``DisputeCheckoutForm``."""

    id: str


@attrs.frozen
class LegacyDispute:
    """The legacy ``Dispute`` of ``GET /sale/disputes``."""

    id: str
    status: str
    message: ChatMessage
    subject: LegacySubject | None = None
    messages_status: str | None = attrs.field(default=None, alias="messagesStatus")
    checkout_form: LegacyCheckoutForm | None = attrs.field(default=None, alias="checkoutForm")
    opened_date: datetime | None = attrs.field(default=None, alias="openedDate")


@attrs.frozen
class LegacyMessages:
    """The legacy ``DisputeMessageList``."""

    messages: tuple[ChatMessage, ...]


# --- ratings: GET /sale/user-ratings --------------------------------------------------------


@attrs.frozen
class Rates:
    """``Rates``: the legacy star marks (1..5)."""

    description: int | None = None
    service: int | None = None
    delivery: int | None = None
    delivery_cost: int | None = attrs.field(default=None, alias="deliveryCost")


@attrs.frozen
class Comment:
    """A comment: a string (``UserRating``) or ``{"text": ...}`` (``UserRatingVBeta1``)."""

    text: str | None = None


def _structure_comment(value: Any, _: type) -> Comment:
    if isinstance(value, str):
        return Comment(text=value)
    if not isinstance(value, dict):
        raise _ShapeError(value, 'a string or an object like {"text": ...}')
    text = value.get("text")
    if text is not None and not isinstance(text, str):
        raise _ShapeError(text, "a string in comment.text")
    return Comment(text=text)


API.register_structure_hook(Comment, _structure_comment)


@attrs.frozen
class UserRating:
    """``UserRating`` (and ``UserRatingVBeta1``)."""

    id: str
    created_at: datetime = attrs.field(alias="createdAt")
    recommended: bool
    buyer: JustId
    order: JustId | None = None
    comment: Comment | None = None
    rates: Rates | None = None


# --- messages: GET /messaging/threads, /messaging/threads/{id}/messages ------------------------


@attrs.frozen
class MessageAuthor:
    """``MessageAuthor``: the interlocutor is the buyer, the other side the seller."""

    is_interlocutor: bool = attrs.field(alias="isInterlocutor")


@attrs.frozen
class ThreadMessage:
    """``Message``."""

    id: str
    created_at: datetime = attrs.field(alias="createdAt")
    author: MessageAuthor
    status: str


# --- offers: GET /sale/offers, /sale/product-offers/{id}, /sale/offers/{id}/smart --------------


@attrs.frozen
class SellingMode:
    """``OfferListingDtoV1SellingMode``."""

    format: str
    price: Price | None = None
    starting_price: Price | None = attrs.field(default=None, alias="startingPrice")


@attrs.frozen
class OfferPublication:
    """``OfferListingDtoV1Publication``."""

    status: str
    started_at: datetime | None = attrs.field(default=None, alias="startedAt")
    starting_at: datetime | None = attrs.field(default=None, alias="startingAt")
    ended_at: datetime | None = attrs.field(default=None, alias="endedAt")


@attrs.frozen
class OfferDelivery:
    """``OfferListingDtoV1Delivery`` and ``DeliveryProductOfferResponse``."""

    shipping_rates: JustId | None = attrs.field(default=None, alias="shippingRates")
    handling_time: timedelta | None = attrs.field(default=None, alias="handlingTime")


@attrs.frozen
class ListedOffer:
    """``OfferListingDto``."""

    id: str
    selling_mode: SellingMode = attrs.field(alias="sellingMode")
    publication: OfferPublication
    delivery: OfferDelivery | None = None


@attrs.frozen
class ParameterOptions:
    """``options`` of a parameter, as Allegro's parameter definitions give it."""

    is_gtin: bool | None = attrs.field(default=None, alias="isGTIN")


@attrs.frozen
class Parameter:
    """``ParameterProductOfferResponse`` (``isGTIN`` read where the API adds it)."""

    id: str | None = None
    values: tuple[str, ...] = ()
    is_gtin: bool | None = attrs.field(default=None, alias="isGTIN")
    options: ParameterOptions | None = None


@attrs.frozen
class Product:
    """The product of a product-set element."""

    parameters: tuple[Parameter, ...] = ()


@attrs.frozen
class ProductSetElement:
    """An element of ``productSet``."""

    product: Product | None = None


@attrs.frozen
class ProductOffer:
    """``SaleProductOfferResponseV1``."""

    product_set: tuple[ProductSetElement, ...] = attrs.field(default=(), alias="productSet")
    delivery: OfferDelivery | None = None


@attrs.frozen
class SmartClassification:
    """``SmartOfferClassificationReport.classification``."""

    fulfilled: bool


@attrs.frozen
class SmartReport:
    """``SmartOfferClassificationReport``."""

    classification: SmartClassification


@attrs.frozen
class RateMethod:
    """``ShippingRate.deliveryMethod``."""

    id: str


@attrs.frozen
class ShippingRate:
    """``ShippingRate``."""

    delivery_method: RateMethod = attrs.field(alias="deliveryMethod")


@attrs.frozen
class ShippingRatesSet:
    """``ShippingRatesSet``."""

    rates: tuple[ShippingRate, ...]


@attrs.frozen
class DeliveryMethod:
    """An entry of ``GET /sale/delivery-methods``."""

    id: str
    name: str
    allegro_endorsed: bool = attrs.field(alias="allegroEndorsed")


# --- account: GET /me ----------------------------------------------------------------------


@attrs.frozen
class Company:
    """``Company``: its presence is what matters."""


@attrs.frozen
class Me:
    """``MeResponse``."""

    company: Company | None = None


# --- Allegro's own result: GET /sale/quality ------------------------------------------------


@attrs.frozen
class QualityMetric:
    """``SalesQualityMetric``."""

    code: str
    name: str
    score: int
    max_score: int | None = attrs.field(default=None, alias="maxScore")


@attrs.frozen
class QualityForDay:
    """``SalesQualityForDay``."""

    result_for: date = attrs.field(alias="resultFor")
    score: int
    grade: str
    max_score: int = attrs.field(alias="maxScore")
    metrics: tuple[QualityMetric, ...]


@attrs.frozen
class QualityHistory:
    """``SalesQualityHistoryResponse``."""

    quality: tuple[QualityForDay, ...]
