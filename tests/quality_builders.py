"""Small builders of Allegro records for the sales-quality tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from sellerquality import WARSAW, Money
from sellerquality.allegro import (
    Dispute,
    DisputeStatus,
    Message,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
)

AS_OF = datetime(2022, 4, 1, tzinfo=WARSAW)
"""Midnight starting 1 April 2022 in Warsaw: the result of 31 March (SQ-2)."""
WINDOW_START = AS_OF - timedelta(days=30)
"""2 March 2022 00:00 Warsaw: the window spans the spring DST change."""
RECENT = AS_OF - timedelta(days=3)
"""A time well inside the window."""
MICRO = timedelta(microseconds=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def ratings(good: int, bad: int = 0, *, at: datetime = RECENT, **fields: Any) -> list[Rating]:
    """``good`` recommending and ``bad`` negative ratings at ``at``."""
    made = [
        Rating(id=f"r-good-{i}", created_at=at, recommended=True, **fields) for i in range(good)
    ]
    made += [
        Rating(id=f"r-bad-{i}", created_at=at, recommended=False, **fields) for i in range(bad)
    ]
    return made


def messages(
    on_time: int, late: int = 0, *, at: datetime = RECENT, reply_after: timedelta = HOUR
) -> list[Message]:
    """``on_time`` messages answered after ``reply_after`` and ``late`` ones after 25 hours."""
    made = [
        Message(id=f"m-ok-{i}", received_at=at, replied_at=at + reply_after) for i in range(on_time)
    ]
    made += [
        Message(id=f"m-late-{i}", received_at=at, replied_at=at + 25 * HOUR) for i in range(late)
    ]
    return made


def disputes(
    on_time: int,
    late: int = 0,
    *,
    at: datetime = RECENT - 5 * DAY,
    reply_after: timedelta = HOUR,
    status: DisputeStatus = DisputeStatus.RESOLVED,
) -> list[Dispute]:
    """Disputes answered after ``reply_after`` (on time) or 25 hours (late), closed by the buyer."""

    def one(name: str, reply: timedelta) -> Dispute:
        closed = at + 2 * DAY if status is not DisputeStatus.ONGOING else None
        return Dispute(
            id=name, opened_at=at, first_reply_at=at + reply, status=status, closed_at=closed
        )

    return [one(f"d-ok-{i}", reply_after) for i in range(on_time)] + [
        one(f"d-late-{i}", 25 * HOUR) for i in range(late)
    ]


def orders(
    count: int,
    *,
    total: str = "100.00",
    at: datetime = RECENT - 2 * DAY,
    prefix: str = "o",
    **fields: Any,
) -> list[Order]:
    """``count`` orders sent and tracked on time unless ``fields`` say otherwise."""
    defaults: dict[str, Any] = {
        "dispatch_by": at + DAY,
        "tracking_added_at": at + HOUR,
        "sent_at": at + 2 * HOUR,
    }
    return [
        Order(id=f"{prefix}-{i}", bought_at=at, total=Money(total), **(defaults | fields))
        for i in range(count)
    ]


def offers(count: int, *, prefix: str = "of", **fields: Any) -> list[Offer]:
    """``count`` active offers with ``fields``."""
    base: dict[str, Any] = {"price": Money("50"), "listed_at": WINDOW_START}
    return [Offer(id=f"{prefix}-{i}", **(base | fields)) for i in range(count)]


def perfect_offer_fields() -> dict[str, Any]:
    """Fields that meet every offer metric (SQ-C1…SQ-C5)."""
    return {
        "ean": "5901234123457",
        "smart": True,
        "handling_time": timedelta(hours=24),
        "pickup_methods": frozenset({"InPost", "Orlen"}),
        "allegro_delivery_methods": frozenset({"Allegro Paczkomaty", "Allegro Kurier"}),
    }


def perfect_seller() -> SellerActivity:
    """A seller that earns every bonus: 500 of 500 points under edition 2022."""
    paid = orders(100, total="100.00")
    promoted = orders(2, total="100.00", prefix="p", promoted=True)
    return SellerActivity(
        account=SellerAccount(business=True, payment_methods=frozenset({"BLIK", "CARD"})),
        offers=offers(10, **perfect_offer_fields()),
        orders=paid + promoted,
        ratings=ratings(50, description=5, service=5, delivery=5, delivery_cost=5),
        messages=messages(30),
        disputes=disputes(3),
    )


def money(amount: str | int | Decimal) -> Money:
    """PLN."""
    return Money(amount)


def steady_seller(days: int = 60) -> SellerActivity:
    """A seller earning every bonus in every 30-day window of the last ``days`` days.

    Each day at noon: two 400 PLN orders (one promoted), both sent and tracked
    within hours; a 5-star recommending rating; a buyer message answered in an
    hour. Every tenth day a dispute answered in an hour and resolved. Offers
    are listed from 90 days back.
    """
    made_orders: list[Order] = []
    made_ratings: list[Rating] = []
    made_messages: list[Message] = []
    made_disputes: list[Dispute] = []
    for day in range(1, days + 1):
        noon = AS_OF - day * DAY + 12 * HOUR
        for n, promoted in enumerate((False, True)):
            made_orders.append(
                Order(
                    id=f"o-{day}-{n}",
                    bought_at=noon,
                    total=Money("400.00"),
                    dispatch_by=noon + DAY,
                    tracking_added_at=noon + HOUR,
                    sent_at=noon + 2 * HOUR,
                    promoted=promoted,
                )
            )
        made_ratings.append(
            Rating(
                id=f"r-{day}",
                created_at=noon + 3 * HOUR,
                recommended=True,
                description=5,
                service=5,
                delivery=5,
                delivery_cost=5,
            )
        )
        made_messages.append(Message(id=f"m-{day}", received_at=noon, replied_at=noon + HOUR))
        if day % 10 == 0:
            made_disputes.append(
                Dispute(
                    id=f"d-{day}",
                    opened_at=noon,
                    first_reply_at=noon + HOUR,
                    status=DisputeStatus.RESOLVED,
                    closed_at=noon + 2 * DAY,
                )
            )
    listed = offers(10, **perfect_offer_fields())
    return SellerActivity(
        account=SellerAccount(business=True, payment_methods=frozenset({"BLIK", "CARD"})),
        offers=[
            Offer(**(attrs.asdict(o, recurse=False) | {"listed_at": AS_OF - 90 * DAY}))
            for o in listed
        ],
        orders=made_orders,
        ratings=made_ratings,
        messages=made_messages,
        disputes=made_disputes,
    )
