"""Generate the bundled example seller, ``src/sellerquality/examples/seller.json``.

Usage::

    python scripts/generate_example.py            # (re)write the bundled file
    python scripts/generate_example.py --out x.json
    python scripts/generate_example.py --check    # exit 1 if the bundled file is stale

The example is a realistic mid-size Allegro shop selling kitchen, garden,
phone, computer and sports goods, meant to be evaluated at ``AS_OF`` =
2026-11-01 00:00 Europe/Warsaw. Its records cover the 60 days before
``AS_OF`` (from 2026-09-02 00:00); only offers listed earlier and the
dispatch deadlines of the newest orders lie outside them. All instants are
Europe/Warsaw, whole seconds. Nothing happens at or after ``AS_OF``: an event
that would (a tracking number, a delivery, a reply) is simply not there yet.
No instant falls in the hour repeated when summer time ends (25 October,
02:00-03:00), so the loaded file equals the built activity exactly.

The file is drawn from ``random.Random(SEED)`` alone (no clock, no set
iteration order), so every run writes the same bytes. The seller:

* **Account** -- a business account with four payment methods (BLIK, CARD,
  P24, PAYU).
* **Offers** -- 300 (``of-0001``...), 15-1,500 PLN, mostly ending in ,99; 120
  (40%) listed before the 60 days, the rest during them (79 in the last 30
  days); 30 (10%) ended before ``AS_OF``. 120 (40%) carry an EAN-13, 105
  (35%) offer Smart! (only offers with 2+ Allegro delivery methods). Handling
  time is 24 h for 228, 2 days for 36, 3 days for 21 and immediate for 15.
  60% offer 2-3 personal-pickup methods and 70% 2-3 Allegro delivery methods,
  just below the 65% and 80% bonus thresholds. 285 are Buy Now, 75 deliver
  free, 45 offer 1-day delivery. Categories are English paths such as
  ("Home and garden", "Kitchen", "Pots"); one offer sits in a category
  excluded from coins (Electronics > Phones and accessories > Prepaid >
  Starters).
* **Orders** -- 2,000 (``o-00001``...), more in the evening and on Sundays
  and Mondays, slowly growing; totals 15-1,500 PLN (median about 70 PLN), so
  the last 30 days bring 1,094 orders and 148,007.78 PLN of revenue. 40 (2%)
  are cancelled. The dispatch deadline is one (75%) or two (25%) days after
  the purchase, moved past a weekend. About 90% get their tracking number by
  the deadline (most within 20 h, in working hours) and about 10% after it;
  37 of the newest orders have none yet (two of them already overdue). The
  carrier registers the parcel 1-30 h after the tracking number and delivers
  it 1-3 days later. 100 (5%) are promoted, 5 had their commission refunded,
  2 were sold in an advertising category.
* **Ratings** -- 633 (``r-00001``..., about 30% of orders, each with its order
  and buyer ``b-00001``...; some buyers come back), given 2 h to 12 days
  after delivery (half within 2 days). 258 of 262 recommend in the first 30
  days (98.5%) but only 361 of 371 in the last 30 (97.3%): the recommendation
  rate earns a penalty, about 130 positive ratings away from the 98% bonus.
  Star marks are mostly 5 (a few 4 and 3; mean about 4.92 in the last 30
  days); a negative rating marks one aspect 1-2. 72 of the 178 ratings of the
  last 14 days, and 21 older ones, carry no star marks, only the
  recommendation. Comments are Polish; one negative comment gives a phone
  number and one insults the seller (grounds for removal, RA-2).
* **Messages** -- 1,000 buyer messages (``m-00001``..., half the order
  count). Those arriving 8:00-21:00 are answered within minutes to 4 h, the
  others the next morning; 30 (3%) are answered after more than 24 h; 3
  received 2-20 days before ``AS_OF`` were never answered and the 2 newest
  (the last evening) are not answered yet. About 96% of the messages due in
  the last 30 days were answered within 24 h.
* **Disputes** -- 20 (``d-001``..., 1% of orders) about parcels not
  received, items not as described, shipping costs and other matters, each
  opened 2-9 days after its purchase. First replies mostly come within a few
  hours; two came after more than 24 h and the newest, opened hours before
  ``AS_OF``, has none yet. 16 are RESOLVED (one by expiry, 30 days after
  opening), exactly one is UNRESOLVED (opened and marked unresolved 15 days
  later, both within the last 30 days), and the 3 opened in the last 10 days
  are ONGOING.
* **Violations** -- ``v-1`` OFFER_REMOVED about 52 days, ``v-2`` REMINDER
  about 40 days and ``v-3`` WARNING about 20 days before ``AS_OF``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any, Final, NamedTuple

import attrs

from sellerquality import WARSAW, Money, dump, load
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
from sellerquality.examples import AS_OF

__all__ = ["SEED", "build_example", "main", "render"]

SEED: Final = 20261101
"""The one seed everything is drawn from."""

DEFAULT_OUT: Final = (
    Path(__file__).resolve().parents[1] / "src" / "sellerquality" / "examples" / "seller.json"
)

DAYS: Final = 60
START: Final = AS_OF - timedelta(days=DAYS)  # 2026-09-02 00:00 Warsaw
RECENT: Final = AS_OF - timedelta(days=30)  # start of the 30-day window at AS_OF

ORDER_COUNT: Final = 2000
CANCELLED_COUNT: Final = 40  # 2%
PROMOTED_COUNT: Final = 100  # 5%
COMMISSION_REFUNDED_COUNT: Final = 5
ADVERTISING_COUNT: Final = 2
LATE_TRACKING_SHARE: Final = 0.10
NEXT_DAY_SHARE: Final = 0.70  # of the on-time ones: tracking within 20 h of the purchase
REPEAT_BUYER_SHARE: Final = 0.10

RATING_SHARE: Final = 0.35  # of delivered orders; some would only come after AS_OF
NEGATIVE_SHARE_BEFORE: Final = 0.017  # first 30 days: recommendation rate above 98%
NEGATIVE_SHARE_RECENT: Final = 0.026  # last 30 days: below the 98% threshold
NO_STARS_RECENT_SHARE: Final = 0.40  # ratings of the last 14 days without star marks
NO_STARS_OLDER_SHARE: Final = 0.05
COMMENT_SHARE: Final = 0.55  # positive ratings with a comment
# A rating comes at most this many days after delivery, with these weights: most come soon.
RATING_DAYS: Final = (2, 4, 7, 12)
RATING_DAY_WEIGHTS: Final = (4, 3, 2, 1)

MESSAGE_COUNT: Final = 1000
LATE_MESSAGE_COUNT: Final = 30  # 3%
UNANSWERED_OLD_COUNT: Final = 3  # received 2-20 days before AS_OF, never answered
UNANSWERED_NEW_COUNT: Final = 2  # the newest messages, not answered yet

OFFER_COUNT: Final = 300
OFFERS_BEFORE_WINDOW: Final = 120  # 40%
ENDED_OFFER_COUNT: Final = 30  # 10%

# Relative activity by hour of day (0..23): quiet nights, an evening peak.
ORDER_HOURS: Final = (
    *(2, 1, 1, 0.5, 0.5, 0.5),  # 0:00-5:59
    *(1, 2, 3, 4, 5, 5),  # 6:00-11:59
    *(6, 6, 5, 5, 6, 7),  # 12:00-17:59
    *(8, 10, 11, 10, 7, 4),  # 18:00-23:59
)
MESSAGE_HOURS: Final = (
    *(1, 0.5, 0.5, 0.3, 0.3, 0.5),
    *(1, 3, 5, 7, 7, 7),
    *(6, 6, 6, 6, 6, 6),
    *(7, 8, 8, 7, 4, 2),
)
# Relative activity by weekday, Monday first.
WEEKDAYS: Final = (1.1, 1.0, 1.0, 1.0, 0.9, 0.8, 1.2)

PAYMENT_METHODS: Final = ("BLIK", "CARD", "P24", "PAYU")
PICKUP_METHODS: Final = (
    "DPD Pickup",
    "Orlen Paczka",
    "Paczkomaty InPost",
    "Poczta Polska odbiór w punkcie",
)
ALLEGRO_DELIVERY_METHODS: Final = (
    "Allegro Kurier DPD",
    "Allegro One Box",
    "Allegro One Punkt",
    "Allegro Paczkomaty InPost",
)
CATEGORIES: Final = (
    ("Home and garden", "Kitchen", "Pots"),
    ("Home and garden", "Kitchen", "Knives"),
    ("Home and garden", "Kitchen", "Coffee makers"),
    ("Home and garden", "Garden", "Garden tools"),
    ("Home and garden", "Garden", "Watering"),
    ("Home and garden", "Lighting", "LED bulbs"),
    ("Electronics", "Phones and accessories", "Cases"),
    ("Electronics", "Phones and accessories", "Chargers"),
    ("Electronics", "Phones and accessories", "Screen protectors"),
    ("Electronics", "Computers", "Accessories", "Mice"),
    ("Electronics", "Audio", "Headphones"),
    ("Sports and travel", "Cycling", "Bicycle lights"),
    ("Sports and travel", "Fitness", "Resistance bands"),
)
EXCLUDED_CATEGORY: Final = ("Electronics", "Phones and accessories", "Prepaid", "Starters")

# Price bands in whole PLN (low inclusive, high exclusive) and their weights.
PRICE_BANDS: Final = ((15, 40), (40, 100), (100, 250), (250, 600), (600, 1500))
PRICE_WEIGHTS: Final = (30, 35, 22, 10, 3)

PRAISE: Final = (
    "Super kontakt, polecam!",
    "Szybka wysyłka, wszystko zgodne z opisem",
    "Wszystko OK, polecam sprzedawcę",
    "Towar dobrze zapakowany, dotarł na drugi dzień",
    "Bardzo dobry kontakt i błyskawiczna wysyłka",
    "Produkt zgodny z opisem, polecam",
    "Transakcja bez zastrzeżeń",
    "Świetna jakość w dobrej cenie",
    "Kolejny udany zakup, na pewno wrócę",
    "Paczka w paczkomacie już następnego dnia, dziękuję",
    "Sprzedawca godny polecenia",
    "Wszystko w porządku, dziękuję",
)
COMPLAINTS: Final = (
    "Paczka szła tydzień, brak kontaktu",
    "Produkt niezgodny z opisem, inny kolor niż na zdjęciu",
    "Towar uszkodzony w transporcie, słabo zapakowany",
    "Długo czekałem na odpowiedź na wiadomość",
    "Wysyłka dopiero po kilku dniach, nie polecam",
    "Brak numeru przesyłki przez trzy dni",
)
PHONE_COMMENT: Final = "Towar uszkodzony, sprzedawca nie odpisuje. Proszę o kontakt: 601 234 567"
INSULT_COMMENT: Final = "Sprzedawca to oszust i cham, nie polecam"


class DisputePlan(NamedTuple):
    """One dispute of the example, planned by hand so its features are certain."""

    days_before: int
    """Calendar days between the opening day and ``AS_OF``'s day."""
    hour: int
    """Local hour of opening."""
    reason: DisputeReason
    reply_hours: int | None
    """Hours until the seller's first reply; ``None``: not answered yet."""
    status: DisputeStatus
    close_after_days: int | None
    """Days from opening to closing; ``None`` while ongoing."""


_NR, _ND = DisputeReason.NOT_RECEIVED, DisputeReason.NOT_AS_DESCRIBED
_SC, _OT = DisputeReason.SHIPPING_COST, DisputeReason.OTHER
_RES, _UNR = DisputeStatus.RESOLVED, DisputeStatus.UNRESOLVED
_ONG = DisputeStatus.ONGOING

DISPUTES: Final = (
    DisputePlan(58, 10, _NR, 3, _RES, 4),
    DisputePlan(55, 19, _ND, 2, _RES, 6),
    DisputePlan(52, 12, _SC, 5, _RES, 2),
    DisputePlan(49, 21, _NR, 37, _RES, 9),  # late first reply
    DisputePlan(46, 9, _OT, 1, _RES, 3),
    DisputePlan(43, 20, _ND, 13, _RES, 30),  # the buyer never answered: resolved by expiry
    DisputePlan(40, 14, _NR, 6, _RES, 5),
    DisputePlan(37, 18, _ND, 2, _RES, 8),
    DisputePlan(34, 11, _OT, 3, _RES, 1),
    DisputePlan(31, 16, _NR, 3, _RES, 7),
    DisputePlan(28, 13, _ND, 5, _UNR, 15),  # marked unresolved after 14 days
    DisputePlan(26, 20, _SC, 2, _RES, 3),
    DisputePlan(23, 10, _NR, 4, _RES, 6),
    DisputePlan(20, 22, _ND, 35, _RES, 10),  # late first reply
    DisputePlan(17, 15, _OT, 1, _RES, 2),
    DisputePlan(14, 12, _NR, 3, _RES, 5),
    DisputePlan(11, 19, _ND, 14, _RES, 4),
    DisputePlan(8, 17, _NR, 2, _ONG, None),
    DisputePlan(4, 11, _ND, 5, _ONG, None),
    DisputePlan(1, 17, _SC, None, _ONG, None),  # opened hours before AS_OF, no reply yet
)

VIOLATIONS: Final = (
    (ViolationKind.OFFER_REMOVED, datetime(2026, 9, 10, 10, 14, 5, tzinfo=WARSAW)),
    (ViolationKind.REMINDER, datetime(2026, 9, 22, 11, 2, 37, tzinfo=WARSAW)),
    (ViolationKind.WARNING, datetime(2026, 10, 12, 14, 31, 9, tzinfo=WARSAW)),
)


# --- time helpers --------------------------------------------------------------


def unambiguous(instant: datetime) -> datetime:
    """Move an instant out of the hour that the end of summer time repeats.

    Python never finds an instant in a DST fold equal to one in another zone
    (PEP 495), and :func:`~sellerquality.load` reads fixed UTC offsets; keeping
    out of 02:00–03:00 on 25 October lets the loaded file equal the built one.
    """
    flipped = instant.replace(fold=1 - instant.fold)
    if flipped.utcoffset() == instant.utcoffset():
        return instant
    return (instant.replace(fold=0) + timedelta(hours=1)).replace(fold=0)


def later(instant: datetime, duration: timedelta) -> datetime:
    """Return ``instant`` plus elapsed ``duration``, in Warsaw time (DST-safe)."""
    return unambiguous((instant.astimezone(UTC) + duration).astimezone(WARSAW))


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """Return the Warsaw instant of ``day`` at the given wall-clock time."""
    return unambiguous(datetime.combine(day, time(hour, minute, second), tzinfo=WARSAW))


def during(
    rng: Random, earliest: datetime, latest: datetime, hours: tuple[int, int] = (8, 19)
) -> datetime:
    """Return a random instant in ``[earliest, latest]`` within the local ``hours``.

    People and carriers work by day: the hour is drawn from ``hours`` (start
    inclusive, end exclusive) on one of the days the interval touches.
    """
    first, last = earliest.astimezone(WARSAW).date(), latest.astimezone(WARSAW).date()
    for _ in range(200):
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        instant = at(day, rng.randrange(*hours), rng.randrange(60), rng.randrange(60))
        if earliest <= instant <= latest:
            return instant
    # No working hour fits the interval: fall back to its middle.
    return later(earliest, timedelta(seconds=int((latest - earliest).total_seconds()) // 2))


def window_days() -> list[date]:
    """Return the 60 calendar days before ``AS_OF``, oldest first."""
    first = START.date()
    return [first + timedelta(days=offset) for offset in range(DAYS)]


def seconds(rng: Random, low: timedelta, high: timedelta) -> timedelta:
    """Return a whole number of seconds drawn uniformly from ``[low, high]``."""
    return timedelta(seconds=rng.randint(int(low.total_seconds()), int(high.total_seconds())))


def moment(rng: Random, day: date, hours: Sequence[float]) -> datetime:
    """Return a random instant of ``day`` whose hour follows the weights ``hours``."""
    hour = rng.choices(range(24), weights=hours)[0]
    return at(day, hour, rng.randrange(60), rng.randrange(60))


def flags(rng: Random, count: int, true_count: int) -> list[bool]:
    """Return ``count`` booleans, exactly ``true_count`` of them true, shuffled."""
    values = [True] * true_count + [False] * (count - true_count)
    rng.shuffle(values)
    return values


def price(rng: Random) -> Decimal:
    """Return a price or total in PLN with two decimal places, 15–1,500 PLN."""
    low, high = rng.choices(PRICE_BANDS, weights=PRICE_WEIGHTS)[0]
    cents = rng.randrange(low * 100, high * 100 + 1)
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


# --- account and offers --------------------------------------------------------


def build_account() -> SellerAccount:
    """The seller's account: business, four payment methods."""
    return SellerAccount(business=True, payment_methods=frozenset(PAYMENT_METHODS))


def ean13(rng: Random) -> str:
    """Return a valid EAN-13 with the Polish prefix 590."""
    digits = [5, 9, 0, *(rng.randrange(10) for _ in range(9))]
    checksum = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return "".join(map(str, digits)) + str((10 - checksum % 10) % 10)


def offer_price(rng: Random) -> Decimal:
    """Return an offer price: whole złoty, mostly ending in ,99."""
    whole = int(price(rng))
    cents = rng.choice(("99", "99", "99", "99", "00", "49"))
    return max(Decimal(f"{whole}.{cents}"), Decimal("15.00"))


def listing_time(rng: Random, index: int) -> datetime:
    """When the ``index``-th offer (in draw order) was listed."""
    if index < OFFERS_BEFORE_WINDOW:
        day = AS_OF.date() - timedelta(days=rng.randint(DAYS + 1, 540))
    else:
        day = rng.choice(window_days())
    return at(day, rng.randint(7, 22), rng.randrange(60), rng.randrange(60))


def methods(rng: Random, names: Sequence[str], count: int) -> frozenset[str]:
    """Return ``count`` distinct names drawn from ``names``."""
    return frozenset(rng.sample(list(names), count))


def counts(rng: Random, shares: Sequence[tuple[int, int]]) -> list[int]:
    """Return one method count per offer: ``shares`` gives (count, offers) pairs."""
    values = [count for count, offers in shares for _ in range(offers)]
    rng.shuffle(values)
    return values


def build_offers(rng: Random) -> list[Offer]:
    """300 offers; see the module docstring for the proportions."""
    listed = sorted(listing_time(rng, index) for index in range(OFFER_COUNT))
    handling = [timedelta(0)] * 15 + [timedelta(hours=24)] * 228
    handling += [timedelta(days=2)] * 36 + [timedelta(days=3)] * 21
    rng.shuffle(handling)
    pickups = counts(rng, ((0, 45), (1, 75), (2, 105), (3, 75)))
    deliveries = counts(rng, ((0, 30), (1, 60), (2, 120), (3, 90)))
    wide = [index for index, count in enumerate(deliveries) if count >= 2]
    smart = set(rng.sample(wide, 105))  # Smart! needs Allegro delivery methods
    eans, buy_now = flags(rng, OFFER_COUNT, 120), flags(rng, OFFER_COUNT, 285)
    free, one_day = flags(rng, OFFER_COUNT, 75), flags(rng, OFFER_COUNT, 45)
    endable = [index for index, when in enumerate(listed) if when < AS_OF - timedelta(days=5)]
    ended = set(rng.sample(endable, ENDED_OFFER_COUNT))
    excluded = rng.randrange(OFFER_COUNT)
    offers = []
    for index, listed_at in enumerate(listed):
        ended_at = None
        if index in ended:
            earliest = max(listed_at + timedelta(days=2), START)
            ended_at = later(
                earliest, seconds(rng, timedelta(0), AS_OF - timedelta(hours=1) - earliest)
            )
        offers.append(
            Offer(
                id=f"of-{index + 1:04d}",
                price=Money(offer_price(rng)),
                listed_at=listed_at,
                ended_at=ended_at,
                ean=ean13(rng) if eans[index] else None,
                smart=index in smart,
                handling_time=handling[index],
                pickup_methods=methods(rng, PICKUP_METHODS, pickups[index]),
                allegro_delivery_methods=methods(rng, ALLEGRO_DELIVERY_METHODS, deliveries[index]),
                buy_now=buy_now[index],
                free_delivery=free[index],
                one_day_delivery=one_day[index],
                category=EXCLUDED_CATEGORY if index == excluded else rng.choice(CATEGORIES),
            )
        )
    return offers


# --- orders --------------------------------------------------------------------


def order_times(rng: Random) -> list[datetime]:
    """When the 2,000 orders were bought, oldest first: weekday, trend and hour weighted."""
    days = window_days()
    weights = [WEEKDAYS[day.weekday()] * (0.9 + 0.2 * i / (DAYS - 1)) for i, day in enumerate(days)]
    return sorted(
        moment(rng, day, ORDER_HOURS) for day in rng.choices(days, weights, k=ORDER_COUNT)
    )


def dispatch_deadline(rng: Random, bought_at: datetime) -> datetime:
    """One (75%) or two (25%) days after the purchase, moved past a weekend."""
    deadline = bought_at + timedelta(days=1 if rng.random() < 0.75 else 2)
    while deadline.weekday() >= 5:  # Saturday, Sunday
        deadline += timedelta(days=1)
    return unambiguous(deadline)


def tracking_time(rng: Random, bought_at: datetime, dispatch_by: datetime) -> datetime:
    """When the tracking number was added: mostly by the deadline, ~10% after it."""
    if rng.random() < LATE_TRACKING_SHARE:
        return during(rng, later(dispatch_by, timedelta(hours=1)), dispatch_by + timedelta(days=3))
    earliest = later(bought_at, timedelta(minutes=30))
    if rng.random() < NEXT_DAY_SHARE:  # most parcels leave within the next working hours
        return during(rng, earliest, min(dispatch_by, later(bought_at, timedelta(hours=20))))
    return during(rng, earliest, dispatch_by)


def fulfil(rng: Random, order_id: str, bought_at: datetime, total: Decimal) -> Order:
    """An order that was not cancelled: deadline, tracking, sending and delivery."""
    dispatch_by = dispatch_deadline(rng, bought_at)
    tracking: datetime | None = tracking_time(rng, bought_at, dispatch_by)
    tracking = tracking if tracking is not None and tracking < AS_OF else None
    sent: datetime | None = None
    delivered: datetime | None = None
    if tracking is not None:
        sent = during(
            rng, later(tracking, timedelta(hours=1)), later(tracking, timedelta(hours=30)), (10, 21)
        )
        sent = sent if sent < AS_OF else None
    if sent is not None:
        delivered = during(
            rng, later(sent, timedelta(days=1)), later(sent, timedelta(days=3)), (8, 20)
        )
        delivered = delivered if delivered < AS_OF else None
    return Order(
        id=order_id,
        bought_at=bought_at,
        total=Money(total),
        dispatch_by=dispatch_by,
        tracking_added_at=tracking,
        sent_at=sent,
        delivered_at=delivered,
    )


def build_orders(rng: Random) -> list[Order]:
    """2,000 orders; see the module docstring for the proportions."""
    times = order_times(rng)
    cancelled = set(rng.sample(range(ORDER_COUNT), CANCELLED_COUNT))
    kept = [index for index in range(ORDER_COUNT) if index not in cancelled]
    marked = rng.sample(kept, PROMOTED_COUNT + COMMISSION_REFUNDED_COUNT + ADVERTISING_COUNT)
    promoted = set(marked[:PROMOTED_COUNT])
    refunded = set(marked[PROMOTED_COUNT : PROMOTED_COUNT + COMMISSION_REFUNDED_COUNT])
    advertising = set(marked[PROMOTED_COUNT + COMMISSION_REFUNDED_COUNT :])
    orders = []
    for index, bought_at in enumerate(times):
        order_id, total = f"o-{index + 1:05d}", price(rng)
        if index in cancelled:
            order = Order(
                id=order_id,
                bought_at=bought_at,
                total=Money(total),
                cancelled=True,
                dispatch_by=dispatch_deadline(rng, bought_at),
            )
        else:
            order = fulfil(rng, order_id, bought_at, total)
        orders.append(
            attrs.evolve(
                order,
                promoted=index in promoted,
                commission_refunded=index in refunded,
                advertising=index in advertising,
            )
        )
    return orders


def buyers(rng: Random, orders: Sequence[Order]) -> dict[str, str]:
    """Map each order id to its buyer id (``b-00001``…); about 10% are repeat buyers."""
    result: dict[str, str] = {}
    known: list[str] = []
    for order in orders:
        if known and rng.random() < REPEAT_BUYER_SHARE:
            result[order.id] = rng.choice(known)
        else:
            known.append(f"b-{len(known) + 1:05d}")
            result[order.id] = known[-1]
    return result


# --- ratings -------------------------------------------------------------------


def is_late(order: Order) -> bool:
    """Whether the order's tracking number came after its dispatch deadline."""
    return (
        order.tracking_added_at is not None
        and order.dispatch_by is not None
        and order.tracking_added_at > order.dispatch_by
    )


def negatives(rng: Random, rated: Sequence[tuple[datetime, Order]], share: float) -> set[str]:
    """Pick ``share`` of the rated orders to be rated negatively, half of them late ones."""
    wanted = round(len(rated) * share)
    late = [order.id for _, order in rated if is_late(order)]
    other = [order.id for _, order in rated if not is_late(order)]
    from_late = rng.sample(late, min(len(late), (wanted + 1) // 2))
    return set(from_late + rng.sample(other, wanted - len(from_late)))


def stars(rng: Random, recommended: bool) -> tuple[int, int, int, int]:
    """Star marks: mostly 5; a negative rating marks one aspect 1–2."""
    marks = [rng.choices((5, 4, 3), weights=(194, 5, 1))[0] for _ in range(4)]
    if not recommended:
        marks = [rng.choices((5, 4, 3), weights=(3, 4, 3))[0] for _ in range(4)]
        marks[rng.choices(range(4), weights=(3, 2, 4, 1))[0]] = rng.randint(1, 2)
    return marks[0], marks[1], marks[2], marks[3]


def rating_times(rng: Random, orders: Sequence[Order]) -> list[tuple[datetime, Order]]:
    """The (time, order) of each rating: 2 h to 12 days after delivery, before ``AS_OF``."""
    rated = []
    for order in orders:
        if order.delivered_at is None or rng.random() >= RATING_SHARE:
            continue
        delivered = order.delivered_at
        wait = timedelta(days=rng.choices(RATING_DAYS, weights=RATING_DAY_WEIGHTS)[0])
        created = during(rng, later(delivered, timedelta(hours=2)), delivered + wait, (7, 23))
        if created < AS_OF:
            rated.append((created, order))
    return sorted(rated, key=lambda pair: (pair[0], pair[1].id))


def build_ratings(rng: Random, orders: Sequence[Order]) -> list[Rating]:
    """About 30% of orders rated; see the module docstring."""
    rated = rating_times(rng, orders)
    buyer_of = buyers(rng, orders)
    before = [pair for pair in rated if pair[0] < RECENT]
    recent = [pair for pair in rated if pair[0] >= RECENT]
    negative = negatives(rng, before, NEGATIVE_SHARE_BEFORE)
    recent_negative = negatives(rng, recent, NEGATIVE_SHARE_RECENT)
    negative |= recent_negative
    # The two newest recent negative ratings carry the removable comments (RA-2).
    last_two = [order.id for _, order in recent if order.id in recent_negative][-2:]
    special = dict(zip(last_two, (PHONE_COMMENT, INSULT_COMMENT), strict=True))
    ratings = []
    for index, (created, order) in enumerate(rated):
        recommended = order.id not in negative
        no_stars_share = (
            NO_STARS_RECENT_SHARE if created >= AS_OF - timedelta(days=14) else NO_STARS_OLDER_SHARE
        )
        marks = None if rng.random() < no_stars_share else stars(rng, recommended)
        if not recommended:
            comment = special.get(order.id) or rng.choice(COMPLAINTS)
        else:
            comment = rng.choice(PRAISE) if rng.random() < COMMENT_SHARE else ""
        ratings.append(
            Rating(
                id=f"r-{index + 1:05d}",
                created_at=created,
                recommended=recommended,
                order_id=order.id,
                buyer_id=buyer_of[order.id],
                description=marks[0] if marks else None,
                service=marks[1] if marks else None,
                delivery=marks[2] if marks else None,
                delivery_cost=marks[3] if marks else None,
                comment=comment,
            )
        )
    return ratings


# --- messages ------------------------------------------------------------------


def reply_time(rng: Random, received: datetime, *, late: bool) -> datetime:
    """When the seller answers: minutes to 4 h by day, the next morning by night.

    A ``late`` message waits 25–70 h.
    """
    if late:
        earliest, latest = (
            later(received, timedelta(hours=25)),
            later(received, timedelta(hours=70)),
        )
        return during(rng, earliest, latest, (8, 22))
    if 8 <= received.hour < 21:
        earliest, latest = (
            later(received, timedelta(minutes=5)),
            later(received, timedelta(hours=4)),
        )
        return during(rng, earliest, latest, (8, 22))
    day = received.date() + timedelta(days=1 if received.hour >= 21 else 0)
    return during(rng, at(day, 8), at(day, 10, 30))


def build_messages(rng: Random) -> list[Message]:
    """1,000 buyer messages; see the module docstring."""
    days = rng.choices(window_days(), k=MESSAGE_COUNT)
    received = sorted(moment(rng, day, MESSAGE_HOURS) for day in days)
    old = [i for i, t in enumerate(received) if t < AS_OF - timedelta(days=4)]
    late = set(rng.sample(old, LATE_MESSAGE_COUNT))
    forgettable = [
        i
        for i, t in enumerate(received)
        if AS_OF - timedelta(days=20) <= t < AS_OF - timedelta(days=2) and i not in late
    ]
    forgotten = set(rng.sample(forgettable, UNANSWERED_OLD_COUNT))
    newest = MESSAGE_COUNT - UNANSWERED_NEW_COUNT
    messages = []
    for index, received_at in enumerate(received):
        reply: datetime | None = reply_time(rng, received_at, late=index in late)
        if index in forgotten or index >= newest or (reply is not None and reply >= AS_OF):
            reply = None
        messages.append(Message(id=f"m-{index + 1:05d}", received_at=received_at, replied_at=reply))
    return messages


# --- disputes and violations ---------------------------------------------------


def fits(order: Order, reason: DisputeReason, opened: datetime) -> bool:
    """Whether a dispute for ``reason`` opened at ``opened`` makes sense for ``order``."""
    if order.cancelled or not (
        opened - timedelta(days=9) <= order.bought_at <= opened - timedelta(days=2)
    ):
        return False
    delivered = order.delivered_at
    if reason is DisputeReason.NOT_RECEIVED:
        return delivered is None or delivered > opened
    if reason is DisputeReason.NOT_AS_DESCRIBED:
        return delivered is not None and delivered < opened - timedelta(hours=1)
    return True


def build_disputes(rng: Random, orders: Sequence[Order]) -> list[Dispute]:
    """20 disputes following :data:`DISPUTES`, each on a fitting order."""
    used: set[str] = set()
    disputes = []
    for index, plan in enumerate(DISPUTES):
        day = AS_OF.date() - timedelta(days=plan.days_before)
        opened = at(day, plan.hour, rng.randrange(60), rng.randrange(60))
        candidates = [o for o in orders if o.id not in used and fits(o, plan.reason, opened)]
        order = rng.choice(candidates)
        used.add(order.id)
        reply = None
        if plan.reply_hours is not None:
            reply = later(
                opened,
                timedelta(hours=plan.reply_hours)
                + seconds(rng, timedelta(0), timedelta(minutes=50)),
            )
        closed = None
        if plan.close_after_days is not None:
            closed = unambiguous(opened + timedelta(days=plan.close_after_days))
            if plan.close_after_days < 30:  # a buyer's click, not the 30-day expiry
                closed = during(rng, closed, later(closed, timedelta(hours=10)), (8, 23))
        disputes.append(
            Dispute(
                id=f"d-{index + 1:03d}",
                opened_at=opened,
                order_id=order.id,
                reason=plan.reason,
                first_reply_at=reply,
                status=plan.status,
                closed_at=closed,
            )
        )
    return disputes


def build_violations() -> list[Violation]:
    """The three ToS sanctions of :data:`VIOLATIONS`."""
    return [
        Violation(id=f"v-{index + 1}", kind=kind, at=moment_)
        for index, (kind, moment_) in enumerate(VIOLATIONS)
    ]


# --- the whole example ---------------------------------------------------------


def build_example() -> SellerActivity:
    """Build the example seller: the same activity on every call."""
    rng = Random(SEED)
    offers = build_offers(rng)
    orders = build_orders(rng)
    ratings = build_ratings(rng, orders)
    messages = build_messages(rng)
    disputes = build_disputes(rng, orders)
    return SellerActivity(
        account=build_account(),
        offers=offers,
        orders=orders,
        disputes=disputes,
        ratings=ratings,
        messages=messages,
        violations=build_violations(),
    )


def compact(value: Any) -> str:
    """One JSON value on one line, without spaces, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, indent=None, separators=(",", ":"))


def render(activity: SellerActivity) -> str:
    """Return ``activity`` as our JSON format with one record per line."""
    data = dump(activity)
    lines = ["{"]
    for position, (key, value) in enumerate(data.items()):
        comma = "," if position < len(data) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"{compact(key)}:[")
            lines.extend(
                compact(item) + ("," if i < len(value) - 1 else "") for i, item in enumerate(value)
            )
            lines.append("]" + comma)
        else:
            lines.append(f"{compact(key)}:{compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or, with ``--check``, verify) the example file; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the file to write or check")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file differs from what would be written"
    )
    args = parser.parse_args(argv)
    activity = build_example()
    text = render(activity)
    if load(text) != activity:  # pragma: no cover - a broken dump/load, not a stale file
        print("error: the rendered file does not load back to the same activity", file=sys.stderr)
        return 2
    out: Path = args.out
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else None
        if current != text:
            print(f"{out} is stale: run python scripts/generate_example.py", file=sys.stderr)
            return 1
        print(f"{out} is current")
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
