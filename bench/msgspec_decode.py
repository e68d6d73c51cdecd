"""A typed msgspec decode of our JSON file: a reference point for ``load``.

:func:`decode` reads the file's bytes and decodes them with msgspec into
Structs shaped like our records (instants as aware datetimes, amounts as
Decimal, handling times as timedelta, enums as the library's enums, method
sets as frozensets), with the same defaults for left-out fields. It checks
types but none of the library's rules (ids, order of instants, currencies),
so it is a floor for typed decoding, not a replacement for
:func:`sellerquality.load`. msgspec is optional (in the ``bench`` group):
``bench/run.py`` leaves this column out without it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import msgspec

from sellerquality.allegro import DisputeReason, DisputeStatus, ViolationKind

__all__ = ["decode"]


class Money(msgspec.Struct, frozen=True):
    amount: Decimal
    currency: str = "PLN"


class Account(msgspec.Struct, frozen=True):
    business: bool = False
    payment_methods: frozenset[str] = frozenset()


class Offer(msgspec.Struct, frozen=True):
    id: str
    price: Money
    listed_at: datetime | None = None
    ended_at: datetime | None = None
    ean: str | None = None
    smart: bool = False
    handling_time: timedelta | None = None
    pickup_methods: frozenset[str] = frozenset()
    allegro_delivery_methods: frozenset[str] = frozenset()
    buy_now: bool = True
    free_delivery: bool = False
    one_day_delivery: bool = False
    category: tuple[str, ...] = ()


class Order(msgspec.Struct, frozen=True):
    id: str
    bought_at: datetime
    total: Money
    cancelled: bool = False
    dispatch_by: datetime | None = None
    tracking_added_at: datetime | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    promoted: bool = False
    commission_refunded: bool = False
    advertising: bool = False


class Dispute(msgspec.Struct, frozen=True):
    id: str
    opened_at: datetime
    order_id: str | None = None
    reason: DisputeReason = DisputeReason.OTHER
    first_reply_at: datetime | None = None
    status: DisputeStatus = DisputeStatus.ONGOING
    closed_at: datetime | None = None


class Rating(msgspec.Struct, frozen=True):
    id: str
    created_at: datetime
    recommended: bool
    order_id: str | None = None
    buyer_id: str | None = None
    description: int | None = None
    service: int | None = None
    delivery: int | None = None
    delivery_cost: int | None = None
    comment: str = ""


class Message(msgspec.Struct, frozen=True):
    id: str
    received_at: datetime
    replied_at: datetime | None = None


class Violation(msgspec.Struct, frozen=True):
    id: str
    kind: ViolationKind
    at: datetime


class File(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    format: str = "sellerquality/1"
    account: Account = Account()
    offers: tuple[Offer, ...] = ()
    orders: tuple[Order, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    ratings: tuple[Rating, ...] = ()
    messages: tuple[Message, ...] = ()
    violations: tuple[Violation, ...] = ()


_DECODER = msgspec.json.Decoder(File)


def decode(path: str | Path) -> File:
    """Read and decode the file at ``path`` into typed Structs."""
    return _DECODER.decode(Path(path).read_bytes())
