"""Allegro REST API payloads for tests: small builders, and hypothesis strategies.

The builders make the smallest bodies that satisfy the official schemas
(``openapi-subset.yaml``) for the fields the mapping reads; tests add or
change what they are about. The strategies make whole, valid sets of bodies,
and corrupt them at a random place.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

Json = Any

T0 = datetime(2025, 6, 1, tzinfo=UTC)


def at(hours: float = 0, *, base: datetime = T0) -> str:
    """An API instant (UTC, ``Z``), ``hours`` after 2025-06-01T00:00Z."""
    moment = base + timedelta(hours=hours)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def price(amount: str, currency: str = "PLN") -> dict[str, str]:
    """A ``Price``."""
    return {"amount": amount, "currency": currency}


# --- orders ---------------------------------------------------------------------------------------


def line_item(
    bought_at: str = at(10),
    amount: str = "10.00",
    *,
    original: str | None = None,
    discounts: Sequence[str | None] = (),
) -> dict[str, Json]:
    """A ``CheckoutFormLineItem``."""
    item: dict[str, Json] = {
        "id": "li-1",
        "offer": {"id": "1", "name": "Kubek"},
        "quantity": 1,
        "originalPrice": price(original or amount),
        "price": price(amount),
        "boughtAt": bought_at,
    }
    if discounts:
        item["discounts"] = [{"type": kind} for kind in discounts]
    return item


def checkout_form(
    ident: str = "cf-1",
    *,
    status: str = "READY_FOR_PROCESSING",
    fulfillment: str | None = None,
    items: Sequence[dict[str, Json]] | None = None,
    total: str = "10.00",
    currency: str = "PLN",
    dispatch_to: str | None = None,
    payment: str | None = None,
) -> dict[str, Json]:
    """A ``CheckoutForm``."""
    form: dict[str, Json] = {
        "id": ident,
        "buyer": {"id": "b-1", "email": "b@example.pl", "login": "kupujacy", "guest": False},
        "status": status,
        "lineItems": list(items) if items is not None else [line_item()],
        "surcharges": [],
        "summary": {"totalToPay": price(total, currency)},
    }
    if fulfillment is not None:
        form["fulfillment"] = {"status": fulfillment}
    if dispatch_to is not None:
        form["delivery"] = {"time": {"dispatch": {"from": None, "to": dispatch_to}}}
    if payment is not None:
        form["payment"] = {"id": "p-1", "type": payment}
    return form


def forms(*items: dict[str, Json]) -> dict[str, Json]:
    """A ``CheckoutForms`` page."""
    return {"checkoutForms": list(items), "count": len(items), "totalCount": len(items)}


def shipment(waybill: str, created_at: str, carrier: str = "INPOST") -> dict[str, Json]:
    """A ``CheckoutFormAddWaybillCreated``."""
    return {"id": f"s-{waybill}", "waybill": waybill, "carrierId": carrier, "createdAt": created_at}


def shipments(*items: dict[str, Json]) -> dict[str, Json]:
    """A ``CheckoutFormOrderWaybillResponse``."""
    return {"shipments": list(items)}


def tracking(carrier: str, histories: dict[str, Sequence[tuple[str, str]]]) -> dict[str, Json]:
    """A ``CarrierParcelTrackingResponse``: waybill -> ``[(occurredAt, code), ...]``."""
    return {
        "carrierId": carrier,
        "waybills": [
            {
                "waybill": waybill,
                "trackingDetails": {
                    "statuses": [{"occurredAt": when, "code": code} for when, code in statuses],
                    "createdAt": statuses[0][0] if statuses else at(0),
                    "updatedAt": statuses[-1][0] if statuses else at(0),
                },
            }
            for waybill, statuses in histories.items()
        ],
    }


# --- disputes -------------------------------------------------------------------------------------


def issue(
    ident: str = "i-1",
    *,
    kind: str = "DISPUTE",
    opened: str = at(100),
    status: str = "DISPUTE_ONGOING",
    subject: str | None = None,
    order: str | None = "cf-1",
    last: str | None = "NEW",
    reason: str | None = None,
) -> dict[str, Json]:
    """A ``PostPurchaseIssue``."""
    body: dict[str, Json] = {
        "id": ident,
        "type": kind,
        "openedDate": opened,
        "subject": subject,
        "checkoutForm": {"id": order, "createdAt": at(10)} if order else None,
        "currentState": {"status": status, "chatActive": True},
        "chat": {"lastMessage": {"status": last, "createdAt": opened}} if last else None,
        "reason": {"type": reason, "description": None} if reason else None,
    }
    return body


def chat(*messages: tuple[str, str]) -> dict[str, Json]:
    """A ``PostPurchaseIssueChatResponse`` of ``(role, createdAt)`` messages."""
    return {
        "chat": [
            {"id": f"m-{i}", "text": "...", "author": {"role": role}, "createdAt": when}
            for i, (role, when) in enumerate(messages)
        ]
    }


def legacy_dispute(
    ident: str = "d-1",
    *,
    status: str = "ONGOING",
    subject: str | None = "I did not receive the goods after payment",
    opened: str | None = at(100),
    first_message: str = at(100),
    messages_status: str = "NEW",
    order: str = "cf-1",
) -> dict[str, Json]:
    """A legacy ``Dispute``."""
    body: dict[str, Json] = {
        "id": ident,
        "subject": {"name": subject},
        "status": status,
        "messagesStatus": messages_status,
        "buyer": {"id": "b-1", "login": "kupujacy"},
        "checkoutForm": {"id": order, "createdAt": at(10)},
        "message": {"id": "m-0", "author": {"role": "BUYER"}, "createdAt": first_message},
        "messagesCount": 1,
        "lastMessageCreationDate": first_message,
    }
    if opened is not None:
        body["openedDate"] = opened
    return body


def legacy_messages(*messages: tuple[str, str]) -> dict[str, Json]:
    """A legacy ``DisputeMessageList`` of ``(role, createdAt)`` messages."""
    return {
        "messages": [
            {"id": f"m-{i}", "author": {"role": role}, "createdAt": when}
            for i, (role, when) in enumerate(messages)
        ]
    }


# --- ratings and messages -------------------------------------------------------------------------


def user_rating(
    ident: str = "r-1",
    *,
    created: str = at(50),
    recommended: bool = True,
    order: str | None = "cf-1",
    buyer: str = "b-1",
    comment: Json = None,
    rates: dict[str, int] | None = None,
) -> dict[str, Json]:
    """A ``UserRating``."""
    body: dict[str, Json] = {
        "id": ident,
        "buyer": {"id": buyer, "login": "kupujacy"},
        "createdAt": created,
        "recommended": recommended,
    }
    if order is not None:
        body["order"] = {"id": order, "offers": []}
    if comment is not None:
        body["comment"] = comment
    if rates is not None:
        body["rates"] = rates
    return body


def ratings(*items: dict[str, Json]) -> dict[str, Json]:
    """A ``UserRatingListResponse`` page."""
    return {"ratings": list(items)}


def message(
    ident: str, created: str, *, buyer: bool, status: str = "DELIVERED", thread: str = "t-1"
) -> dict[str, Json]:
    """A messaging ``Message``; ``buyer`` is the interlocutor."""
    return {
        "id": ident,
        "status": status,
        "type": "MESSAGE_CENTER",
        "createdAt": created,
        "thread": {"id": thread},
        "author": {"login": "kupujacy" if buyer else "sklep", "isInterlocutor": buyer},
        "text": "...",
        "relatesTo": {},
        "hasAdditionalAttachments": False,
        "attachments": [],
    }


def messages(*items: dict[str, Json]) -> dict[str, Json]:
    """A ``MessagesList`` page."""
    return {"messages": list(items), "offset": 0, "limit": 20}


# --- offers ---------------------------------------------------------------------------------------


def listed_offer(
    ident: str = "o-1",
    *,
    status: str = "ACTIVE",
    selling: str = "BUY_NOW",
    amount: str | None = "10.00",
    starting_price: str | None = None,
    started: str | None = at(-1000),
    starting: str | None = None,
    ended: str | None = None,
    rates: str | None = None,
) -> dict[str, Json]:
    """An ``OfferListingDto``."""
    mode: dict[str, Json] = {"format": selling}
    if amount is not None:
        mode["price"] = price(amount)
    if starting_price is not None:
        mode["startingPrice"] = price(starting_price)
    dates = {"startedAt": started, "startingAt": starting, "endedAt": ended}
    publication: dict[str, Json] = {
        "status": status,
        **{key: value for key, value in dates.items() if value is not None},
    }
    body: dict[str, Json] = {"id": ident, "sellingMode": mode, "publication": publication}
    if rates is not None:
        body["delivery"] = {"shippingRates": {"id": rates}}
    return body


def offer_page(*items: dict[str, Json]) -> dict[str, Json]:
    """An ``OffersSearchResultDto`` page."""
    return {"offers": list(items), "count": len(items), "totalCount": len(items)}


def parameter(ident: str, values: Sequence[str], **flags: Json) -> dict[str, Json]:
    """A ``ParameterProductOfferResponse``."""
    return {"id": ident, "name": "Parametr", "values": list(values), **flags}


def product_offer(
    *,
    parameters: Sequence[dict[str, Json]] = (),
    handling: str | None = None,
    rates: str | None = None,
) -> dict[str, Json]:
    """A ``SaleProductOfferResponseV1``."""
    delivery: dict[str, Json] = {}
    if handling is not None:
        delivery["handlingTime"] = handling
    if rates is not None:
        delivery["shippingRates"] = {"id": rates}
    return {
        "productSet": [{"quantity": {"value": 1}, "product": {"parameters": list(parameters)}}],
        "delivery": delivery,
    }


def smart_report(*, fulfilled: bool) -> dict[str, Json]:
    """A ``SmartOfferClassificationReport``."""
    return {"classification": {"fulfilled": fulfilled}, "conditions": []}


def shipping_rates(*methods: str) -> dict[str, Json]:
    """A ``ShippingRatesSet`` offering ``methods`` (delivery method ids)."""
    return {
        "rates": [
            {
                "deliveryMethod": {"id": method},
                "maxQuantityPerPackage": 1,
                "firstItemRate": price("9.99"),
                "nextItemRate": price("0.00"),
            }
            for method in methods
        ]
    }


def delivery_methods(*methods: tuple[str, str, bool]) -> dict[str, Json]:
    """The ``GET /sale/delivery-methods`` body of ``(id, name, allegroEndorsed)``."""
    return {
        "deliveryMethods": [
            {"id": ident, "name": name, "allegroEndorsed": endorsed, "paymentPolicy": "IN_ADVANCE"}
            for ident, name, endorsed in methods
        ]
    }


# --- hypothesis: whole valid payloads -------------------------------------------------------------

idents = st.uuids().map(str)
hours = st.integers(min_value=0, max_value=24 * 40)
amounts = st.integers(min_value=0, max_value=99_999).map(
    lambda cents: f"{cents // 100}.{cents % 100:02d}"
)


@st.composite
def order_bodies(
    draw: st.DrawFn, ident: str
) -> tuple[dict[str, Json], dict[str, Json] | None, list[dict[str, Json]]]:
    """A checkout form, maybe its shipments, and the tracking bodies of its waybills."""
    bought = draw(hours)
    count = draw(st.integers(min_value=1, max_value=3))
    items = [
        line_item(
            at(bought + draw(st.integers(0, 5))),
            draw(amounts),
            discounts=draw(st.lists(st.sampled_from(["CAMPAIGN", "COUPON", "BUNDLE"]), max_size=2)),
        )
        for _ in range(count)
    ]
    form = checkout_form(
        ident,
        status=draw(st.sampled_from(["BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "CANCELLED"])),
        fulfillment=draw(st.sampled_from([None, "NEW", "SENT", "CANCELLED", "PICKED_UP"])),
        items=items,
        total=draw(amounts),
        dispatch_to=draw(st.one_of(st.none(), hours.map(lambda h: at(bought + 5 + h)))),
        payment=draw(st.sampled_from([None, "ONLINE", "CASH_ON_DELIVERY", "WIRE_TRANSFER"])),
    )
    if not draw(st.booleans()):
        return form, None, []
    parcels = []
    bodies = []
    for number in range(draw(st.integers(min_value=0, max_value=2))):
        waybill = f"{ident[:8]}-{number}"
        added = bought + 5 + draw(st.integers(0, 48))
        parcels.append(shipment(waybill, at(added)))
        if draw(st.booleans()):
            codes = draw(
                st.lists(
                    st.sampled_from(
                        ["PENDING", "IN_TRANSIT", "RELEASED_FOR_DELIVERY", "DELIVERED", "RETURNED"]
                    ),
                    max_size=4,
                )
            )
            bodies.append(
                tracking("INPOST", {waybill: [(at(added + 1 + i), c) for i, c in enumerate(codes)]})
            )
    return form, shipments(*parcels), bodies


@st.composite
def api_payloads(draw: st.DrawFn) -> dict[str, Json]:
    """Keyword arguments of ``from_api``: valid bodies of every kind, in one or more pages."""
    order_ids = draw(st.lists(idents, max_size=5, unique=True))
    payload: dict[str, Json] = {
        "me": {"id": "1", "company": draw(st.one_of(st.none(), st.just({"name": "AB"})))}
    }
    all_forms, payload["shipments"], payload["parcel_tracking"] = [], {}, []
    for ident in order_ids:
        form, sent, bodies = draw(order_bodies(ident))
        all_forms.append(form)
        if sent is not None:
            payload["shipments"][ident] = sent
        payload["parcel_tracking"] += bodies
    split = draw(st.integers(0, len(all_forms)))
    payload["checkout_forms"] = [forms(*all_forms[:split]), forms(*all_forms[split:])]

    issue_list, payload["issue_chats"] = [], {}
    for ident in draw(st.lists(idents, max_size=3, unique=True)):
        opened = draw(hours)
        kind = draw(st.sampled_from(["DISPUTE", "DISPUTE", "CLAIM"]))
        has_chat = draw(st.booleans())
        issue_list.append(
            issue(
                ident,
                kind=kind,
                opened=at(opened),
                status=draw(
                    st.sampled_from(["DISPUTE_ONGOING", "DISPUTE_CLOSED", "DISPUTE_UNRESOLVED"])
                ),
                subject=draw(
                    st.sampled_from([None, "NOT_AS_DESCRIBED", "no product in the parcel"])
                ),
                last="BUYER_REPLIED" if has_chat else "NEW",
            )
        )
        if has_chat:
            roles = draw(st.lists(st.sampled_from(["BUYER", "SELLER", "ADMIN"]), max_size=4))
            payload["issue_chats"][ident] = chat(
                *[(r, at(opened + i)) for i, r in enumerate(roles)]
            )
    payload["issues"] = {"issues": issue_list}

    rating_list = [
        user_rating(
            ident,
            created=at(draw(hours)),
            recommended=draw(st.booleans()),
            comment=draw(st.one_of(st.none(), st.text(max_size=10), st.just({"text": "OK"}))),
            rates=draw(
                st.one_of(
                    st.none(),
                    st.fixed_dictionaries(
                        {
                            k: st.integers(1, 5)
                            for k in ("description", "service", "delivery", "deliveryCost")
                        }
                    ),
                )
            ),
        )
        for ident in draw(st.lists(idents, max_size=4, unique=True))
    ]
    payload["user_ratings"] = [ratings(*rating_list[:2]), ratings(*rating_list[2:])]

    payload["thread_messages"] = {}
    for thread in draw(st.lists(idents, max_size=2, unique=True)):
        sides = draw(st.lists(st.booleans(), max_size=5))
        payload["thread_messages"][thread] = messages(
            *[
                message(f"{thread}-{i}", at(i * 3), buyer=side, thread=thread)
                for i, side in enumerate(sides)
            ]
        )

    offer_list, payload["product_offers"], payload["offer_smart"] = [], {}, {}
    for ident in draw(st.lists(st.integers(10**9, 10**10).map(str), max_size=4, unique=True)):
        offer_list.append(
            listed_offer(
                ident,
                status=draw(st.sampled_from(["ACTIVE", "ENDED", "INACTIVE"])),
                amount=draw(amounts),
                started=at(-100),
                ended=at(draw(hours)),
                rates=draw(st.sampled_from([None, "rates-1"])),
            )
        )
        if draw(st.booleans()):
            payload["product_offers"][ident] = product_offer(
                parameters=draw(st.sampled_from([[], [parameter("225693", ["5901234123457"])]])),
                handling=draw(st.sampled_from([None, "PT0S", "PT24H", "P3D"])),
            )
        if draw(st.booleans()):
            payload["offer_smart"][ident] = smart_report(fulfilled=draw(st.booleans()))
    payload["offers"] = offer_page(*offer_list)
    payload["shipping_rates"] = {"rates-1": shipping_rates("m-1", "m-2")}
    payload["delivery_methods"] = delivery_methods(
        ("m-1", "Allegro Paczkomaty InPost", True), ("m-2", "Kurier", False)
    )
    return payload


# --- hypothesis: corruptions ----------------------------------------------------------------------


def _places(value: Json, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(
        [
            "2025-06-01T00:00:00",
            "2025-13-40T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "PT-1H",
            "P1Y",
            "P99999999999D",
            "NaN",
            "-5.00",
            "1e999999",
            "pln",
            "CANCELLED",
            "DELIVERED",
            "SELLER",
            "NEW",
            "",
        ]
    ),
    st.just([]),
    st.just({}),
    st.just([{}]),
)


@st.composite
def corrupted(draw: st.DrawFn, payload: Json) -> Json:
    """``payload`` with one value replaced, one key deleted, or one unknown key added."""
    result = copy.deepcopy(payload)
    places = [place for place in _places(result) if place]
    if not places:
        return result
    place = draw(st.sampled_from(places))
    parent = result
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
    if action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "add" and isinstance(parent[last], dict):
        parent[last]["unknownFieldAddedLater"] = draw(junk)
    else:
        parent[last] = draw(junk)
    return result
