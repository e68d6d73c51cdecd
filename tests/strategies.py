"""Hypothesis strategies for every record kind and for whole activities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st

from sellerquality import Money
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

T = TypeVar("T")

START = datetime(2022, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=120)

# Fixed offsets round-trip through ISO 8601 exactly; ZoneInfo datetimes are
# tested separately where DST matters.
zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))]
)


@st.composite
def instants(draw: st.DrawFn, start: datetime = START, span: timedelta = SPAN) -> datetime:
    """An aware instant in ``[start, start + span)``, in one of a few zones."""
    offset = draw(st.integers(min_value=0, max_value=int(span.total_seconds()) - 1))
    micro = draw(st.sampled_from([0, 0, 0, 1, 999_999]))
    moment = start + timedelta(seconds=offset, microseconds=micro)
    return moment.astimezone(draw(zones))


def after(moment: datetime, most: timedelta = timedelta(days=5)) -> st.SearchStrategy[datetime]:
    """An instant at or after ``moment``, at most ``most`` later."""
    return st.integers(min_value=0, max_value=int(most.total_seconds())).map(
        lambda seconds: moment + timedelta(seconds=seconds)
    )


def money(currency: str = "PLN", most: int = 5_000_00) -> st.SearchStrategy[Money]:
    """A non-negative amount with at most two decimals."""
    return st.integers(min_value=0, max_value=most).map(
        lambda cents: Money(Decimal(cents).scaleb(-2), currency)
    )


ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)
stars = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
methods = st.frozensets(st.sampled_from(["InPost", "DPD", "Orlen", "Poczta", "UPS"]), max_size=3)


@st.composite
def offers(draw: st.DrawFn, id: str | None = None) -> Offer:  # noqa: A002 - mirrors the field
    """Any valid offer."""
    listed = draw(st.one_of(st.none(), instants()))
    ended = None
    if draw(st.booleans()):
        ended = draw(after(listed)) if listed is not None else draw(instants())
    return Offer(
        id=id if id is not None else draw(ids),
        price=draw(money()),
        listed_at=listed,
        ended_at=ended,
        ean=draw(st.one_of(st.none(), st.integers(10**12, 10**13 - 1).map(str))),
        smart=draw(st.booleans()),
        handling_time=draw(
            st.one_of(
                st.none(), st.sampled_from([timedelta(0), timedelta(hours=24), timedelta(days=3)])
            )
        ),
        pickup_methods=draw(methods),
        allegro_delivery_methods=draw(methods),
        buy_now=draw(st.booleans()),
        free_delivery=draw(st.booleans()),
        one_day_delivery=draw(st.booleans()),
        category=tuple(draw(st.lists(st.sampled_from(["Home", "Kitchen", "Pots"]), max_size=3))),
    )


@st.composite
def orders(draw: st.DrawFn, id: str | None = None, currency: str = "PLN") -> Order:  # noqa: A002
    """Any valid order."""
    bought = draw(instants())
    sent = draw(st.one_of(st.none(), after(bought)))
    return Order(
        id=id if id is not None else draw(ids),
        bought_at=bought,
        total=draw(money(currency)),
        cancelled=draw(st.booleans()),
        dispatch_by=draw(st.one_of(st.none(), after(bought))),
        tracking_added_at=draw(st.one_of(st.none(), after(bought))),
        sent_at=sent,
        delivered_at=draw(st.one_of(st.none(), after(sent))) if sent is not None else None,
        promoted=draw(st.booleans()),
        commission_refunded=draw(st.booleans()),
        advertising=draw(st.booleans()),
    )


@st.composite
def disputes(draw: st.DrawFn, id: str | None = None) -> Dispute:  # noqa: A002
    """Any valid dispute."""
    opened = draw(instants())
    status = draw(st.sampled_from(DisputeStatus))
    closed = None
    if status is not DisputeStatus.ONGOING and draw(st.booleans()):
        closed = draw(after(opened, timedelta(days=40)))
    return Dispute(
        id=id if id is not None else draw(ids),
        opened_at=opened,
        order_id=draw(st.one_of(st.none(), ids)),
        reason=draw(st.sampled_from(DisputeReason)),
        first_reply_at=draw(st.one_of(st.none(), after(opened, timedelta(hours=48)))),
        status=status,
        closed_at=closed,
    )


@st.composite
def ratings(draw: st.DrawFn, id: str | None = None) -> Rating:  # noqa: A002
    """Any valid rating."""
    return Rating(
        id=id if id is not None else draw(ids),
        created_at=draw(instants()),
        recommended=draw(st.booleans()),
        order_id=draw(st.one_of(st.none(), ids)),
        buyer_id=draw(st.one_of(st.none(), ids)),
        description=draw(stars),
        service=draw(stars),
        delivery=draw(stars),
        delivery_cost=draw(stars),
        comment=draw(st.sampled_from(["", "Polecam!", "Szybka wysyłka", "słabo"])),
    )


@st.composite
def messages(draw: st.DrawFn, id: str | None = None) -> Message:  # noqa: A002
    """Any valid buyer message."""
    received = draw(instants())
    return Message(
        id=id if id is not None else draw(ids),
        received_at=received,
        replied_at=draw(st.one_of(st.none(), after(received, timedelta(hours=60)))),
    )


@st.composite
def violations(draw: st.DrawFn, id: str | None = None) -> Violation:  # noqa: A002
    """Any valid violation."""
    return Violation(
        id=id if id is not None else draw(ids),
        kind=draw(st.sampled_from(ViolationKind)),
        at=draw(instants()),
    )


def _numbered(
    draw: st.DrawFn, factory: Callable[..., st.SearchStrategy[T]], prefix: str, most: int
) -> list[T]:
    count = draw(st.integers(min_value=0, max_value=most))
    return [draw(factory(id=f"{prefix}{i}")) for i in range(count)]


@st.composite
def activities(draw: st.DrawFn, most: int = 4) -> SellerActivity:
    """Any valid seller activity: unique ids per kind, one currency."""
    return SellerActivity(
        account=SellerAccount(
            business=draw(st.booleans()),
            payment_methods=draw(st.frozensets(st.sampled_from(["BLIK", "CARD", "P24"]))),
        ),
        offers=_numbered(draw, offers, "of", most),
        orders=_numbered(draw, orders, "o", most),
        disputes=_numbered(draw, disputes, "d", most),
        ratings=_numbered(draw, ratings, "r", most),
        messages=_numbered(draw, messages, "m", most),
        violations=_numbered(draw, violations, "v", most),
    )
