"""Allegro REST API bodies -> :class:`SellerActivity`: the mapping rules.

:func:`from_api` takes the JSON bodies an API client fetched and builds the
records the evaluation reads. The API-shaped classes and their strict-but-
tolerant decoding live in ``_model``; the rules that turn them into records
live in one module per record kind (``_orders``, ``_disputes``,
``_ratings``, ``_messages``, ``_offers``, on the shared base of
``_common``), each documented where it is applied and tabled in the
documentation ("From the Allegro API to a report"). This module puts them
together.

Paths: a problem is reported at ``<argument>[<page>]$.<JSON path>``, such as
``checkout_forms[1]$.checkoutForms[3].lineItems[0].boughtAt`` (the second page
given, its fourth checkout form). A body given on its own (not in a list) has
no page index (``me$.company``); a body keyed by an id carries the id
(``shipments['29738e61']$.shipments[0].createdAt``, and
``thread_messages['t-1'][0]$...`` for the first page of a thread).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Final, Literal, TypedDict, Unpack, overload

from ... import _json
from ..._shown import show
from ...exceptions import LoadError, PathProblem
from .._model import SellerAccount, SellerActivity
from ._common import Body, Inputs, Pages, Source, Sources
from ._disputes import DisputeMapping
from ._messages import MessageMapping
from ._model import describe
from ._offers import OfferMapping
from ._orders import OrderMapping
from ._ratings import RatingMapping

__all__ = ["ApiBodies", "build_activity", "from_api"]


class _Builder(OrderMapping, DisputeMapping, RatingMapping, MessageMapping, OfferMapping):
    """Maps the normalised inputs to records, one record kind per base class."""

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
