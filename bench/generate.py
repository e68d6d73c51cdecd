"""A deterministic large Allegro seller for the benchmarks.

:func:`make_activity` draws ``n_orders`` orders spread over the ``days``
Warsaw calendar days before ``as_of`` from ``random.Random(seed)`` alone, so
the same arguments always give the same :class:`SellerActivity`. Besides the
orders the seller has:

* **ratings** for about 30% of the orders (98.5% recommend; most carry star
  marks, mostly fives; a negative one marks one aspect 1-2),
* **buyer messages**, about half the order count: those arriving 8:00-21:00
  answered within minutes to 4 h, night ones the next morning, 3% after more
  than 24 h, 0.5% never,
* **disputes** for about 1% of the orders, opened 2-9 days after the purchase
  (first replies mostly within hours; older ones RESOLVED or now and then
  UNRESOLVED, the newest mostly ONGOING),
* **offers**, a tenth of the order count (40% listed before the period, 10%
  ended; EAN, Smart!, handling times and delivery methods mixed),
* five **violations** of different kinds.

Orders: 2% cancelled; the dispatch deadline is 24 h (75%) or 48 h after the
purchase; 90% get tracking within 20 h, 8% after the deadline, 2% never;
the carrier registers the parcel 1-30 h after the tracking number and delivers
it 1-3 days later; 5% promoted. Nothing happens at or after ``as_of``: an
event that would is simply not there yet (``None``).

Instants are Europe/Warsaw datetimes in whole seconds, made with
:meth:`datetime.fromtimestamp` from precomputed day starts, so building is
dominated by constructing the (validated) attrs records: 1M orders (1.9M
records in all) take 40-60 s.

Run it to print a summary::

    python bench/generate.py 100000
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Final

from sellerquality import WARSAW, Money
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

__all__ = ["AS_OF", "make_activity", "record_count"]

AS_OF: Final = datetime(2026, 11, 1, tzinfo=WARSAW)
"""The instant the benchmark seller is evaluated at: midnight starting 2026-11-01, Warsaw."""

HOUR: Final = 3600
DAY: Final = 24 * HOUR

RATING_SHARE: Final = 0.30
MESSAGE_SHARE: Final = 0.50
DISPUTE_SHARE: Final = 0.01
OFFER_SHARE: Final = 0.10

# Relative order and message activity by local hour (0..23): quiet nights, an evening peak.
ORDER_HOURS: Final = (2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 5, 5, 6, 7, 8, 10, 11, 10, 7, 4)
MESSAGE_HOURS: Final = (1, 1, 1, 1, 1, 1, 1, 3, 5, 7, 7, 7, 6, 6, 6, 6, 6, 6, 7, 8, 8, 7, 4, 2)

PAYMENT_METHODS: Final = frozenset({"BLIK", "CARD", "P24", "PAYU"})
PICKUP_METHODS: Final = (
    "DPD Pickup",
    "Orlen Paczka",
    "Paczkomaty InPost",
    "Poczta Polska odbiór w punkcie",
)
DELIVERY_METHODS: Final = (
    "Allegro Kurier DPD",
    "Allegro One Box",
    "Allegro One Punkt",
    "Allegro Paczkomaty InPost",
)
CATEGORIES: Final = (
    ("Home and garden", "Kitchen", "Pots"),
    ("Home and garden", "Kitchen", "Knives"),
    ("Home and garden", "Garden", "Watering"),
    ("Electronics", "Phones and accessories", "Cases"),
    ("Electronics", "Computers", "Accessories", "Mice"),
    ("Sports and travel", "Cycling", "Bicycle lights"),
)
HANDLING_TIMES: Final = (
    *(timedelta(hours=24),) * 15,
    *(timedelta(days=2),) * 3,
    timedelta(days=3),
    timedelta(0),
)
POSITIVE_COMMENTS: Final = (
    "",
    "",
    "Super kontakt, polecam!",
    "Szybka wysyłka, wszystko zgodne z opisem",
    "Towar dobrze zapakowany, dotarł na drugi dzień",
)
NEGATIVE_COMMENTS: Final = (
    "Paczka szła tydzień, brak kontaktu",
    "Produkt niezgodny z opisem",
    "",
)
GOOD_STARS: Final = (
    *((5, 5, 5, 5),) * 12,
    (5, 5, 4, 5),
    (4, 5, 5, 5),
    (5, 5, 5, 4),
    (5, 4, 5, 5),
    (4, 4, 5, 4),
    (3, 5, 5, 5),
)
DISPUTE_REASONS: Final = tuple(DisputeReason)
VIOLATIONS: Final = (
    (ViolationKind.OFFER_REMOVED, 55),
    (ViolationKind.REMINDER, 44),
    (ViolationKind.REMINDER, 33),
    (ViolationKind.WARNING, 20),
    (ViolationKind.OFFER_REMOVED, 8),
)


def record_count(activity: SellerActivity) -> int:
    """How many records of every kind ``activity`` holds."""
    return (
        len(activity.offers)
        + len(activity.orders)
        + len(activity.disputes)
        + len(activity.ratings)
        + len(activity.messages)
        + len(activity.violations)
    )


def _hour_table(weights: tuple[int, ...]) -> tuple[int, ...]:
    """Each hour repeated by its weight: a uniform pick from it follows the weights."""
    return tuple(hour for hour, weight in enumerate(weights) for _ in range(weight))


def _prices(rng: Random) -> tuple[Money, ...]:
    """A pool of 2,000 shared prices, 15-1,500 PLN, mostly ending in ,99 (Money is immutable)."""
    pool = []
    for _ in range(2000):
        band = rng.random()
        if band < 0.30:  # price bands
            whole = rng.randrange(15, 40)
        elif band < 0.65:
            whole = rng.randrange(40, 100)
        elif band < 0.87:
            whole = rng.randrange(100, 250)
        elif band < 0.97:
            whole = rng.randrange(250, 600)
        else:
            whole = rng.randrange(600, 1500)
        cents = 99 if rng.random() < 0.8 else rng.randrange(100)
        pool.append(Money(Decimal(whole * 100 + cents).scaleb(-2)))
    return tuple(pool)


def _method_sets(names: tuple[str, ...], rng: Random) -> tuple[frozenset[str], ...]:
    """A pool of delivery-method sets of 0-3 methods, mostly 2-3."""
    sizes = (0, 1, 1, 2, 2, 2, 3, 3, 3, 3)
    return tuple(frozenset(rng.sample(names, size)) for size in sizes)


def make_activity(
    n_orders: int, *, seed: int = 0, days: int = 60, as_of: datetime = AS_OF
) -> SellerActivity:
    """Build a large, realistic seller with ``n_orders`` orders over ``days`` days before ``as_of``.

    Args:
        n_orders: How many orders (the other record counts follow from it).
        seed: The seed of the one :class:`random.Random` everything is drawn from.
        days: How many Warsaw calendar days before ``as_of``'s day the records span.
        as_of: The evaluation instant (aware); nothing happens at or after it.

    Returns:
        The activity; the same arguments always give an equal one.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    if n_orders < 0 or days < 1:
        raise ValueError("n_orders must be >= 0 and days >= 1")
    rng = Random(seed)
    rand, randrange = rng.random, rng.randrange
    end = int(as_of.timestamp())
    last_day = as_of.astimezone(WARSAW).date()
    day_starts = [
        int(
            datetime.combine(
                last_day - timedelta(days=days - d), datetime.min.time(), WARSAW
            ).timestamp()
        )
        for d in range(days)
    ]
    first = day_starts[0]
    order_hours = _hour_table(ORDER_HOURS)
    message_hours = _hour_table(MESSAGE_HOURS)
    prices = _prices(rng)
    pickups = _method_sets(PICKUP_METHODS, rng)
    deliveries = _method_sets(DELIVERY_METHODS, rng)

    def at(ts: int) -> datetime:
        return datetime.fromtimestamp(ts, WARSAW)

    def maybe(ts: int) -> datetime | None:
        return datetime.fromtimestamp(ts, WARSAW) if ts < end else None

    # --- orders (and a rating for ~30% of them) --------------------------------
    orders: list[Order] = []
    ratings: list[Rating] = []
    # (bought_at seconds, order id) of the orders not cancelled: disputes pick from these.
    live: list[tuple[int, str]] = []
    rating_share = RATING_SHARE / 0.98  # of the orders not cancelled
    buyers = max(1, n_orders * 9 // 10)
    # Days fill evenly with a little growth towards the end; hours follow ORDER_HOURS.
    # Drawn first and sorted, so that records are made (and lie in memory) in time
    # order, as they would be when loaded from a chronological export.
    bought_times = sorted(
        min(
            end - 1,
            day_starts[min(days - 1, int(days * rand() ** 0.9))]
            + order_hours[randrange(len(order_hours))] * HOUR
            + randrange(HOUR),
        )
        for _ in range(n_orders)
    )
    for i, bought in enumerate(bought_times):
        order_id = f"o-{i:07d}"
        cancelled = rand() < 0.02
        dispatch_by = bought + (DAY if rand() < 0.75 else 2 * DAY)
        tracking = sent = delivered = None
        if not cancelled:
            draw = rand()
            if draw < 0.90:  # on time
                tracking_ts = bought + randrange(30 * 60, 20 * HOUR)
            elif draw < 0.98:  # late
                tracking_ts = dispatch_by + randrange(10 * 60, 36 * HOUR)
            else:  # never
                tracking_ts = end
            if tracking_ts < end:
                tracking = at(tracking_ts)
                sent_ts = tracking_ts + randrange(HOUR, 30 * HOUR)
                if sent_ts < end:
                    sent = at(sent_ts)
                    delivered = maybe(sent_ts + randrange(DAY, 3 * DAY))
        bought_at = at(bought)
        orders.append(
            Order(
                id=order_id,
                bought_at=bought_at,
                total=prices[randrange(len(prices))],
                cancelled=cancelled,
                dispatch_by=at(dispatch_by),
                tracking_added_at=tracking,
                sent_at=sent,
                delivered_at=delivered,
                promoted=rand() < 0.05,
                commission_refunded=rand() < 0.0025,
                advertising=rand() < 0.001,
            )
        )
        if cancelled:
            continue
        live.append((bought, order_id))
        if rand() >= rating_share:
            continue
        # Rated 2 h to 12 days after delivery (or after the purchase if not delivered).
        base = int(delivered.timestamp()) if delivered is not None else bought + DAY
        created = base + randrange(2 * HOUR, 12 * DAY)
        if created >= end:
            created = min(end - 1, bought + 1 + randrange(max(1, end - bought - 1)))
        recommended = rand() < 0.985
        stars: tuple[int | None, ...]
        if rand() < 0.15:  # recommendation only, no star marks
            stars = (None, None, None, None)
        elif recommended:
            stars = GOOD_STARS[randrange(len(GOOD_STARS))]
        else:
            marks = [randrange(3, 6) for _ in range(4)]
            marks[randrange(4)] = randrange(1, 3)
            stars = tuple(marks)
        comments = POSITIVE_COMMENTS if recommended else NEGATIVE_COMMENTS
        ratings.append(
            Rating(
                id=f"r-{len(ratings):07d}",
                created_at=at(created),
                recommended=recommended,
                order_id=order_id,
                buyer_id=f"b-{randrange(buyers):07d}",
                description=stars[0],
                service=stars[1],
                delivery=stars[2],
                delivery_cost=stars[3],
                comment=comments[randrange(len(comments))],
            )
        )

    # --- buyer messages --------------------------------------------------------
    messages: list[Message] = []
    arrivals = []
    for _ in range(int(n_orders * MESSAGE_SHARE)):
        hour = message_hours[randrange(len(message_hours))]
        arrivals.append(
            (min(end - 1, day_starts[randrange(days)] + hour * HOUR + randrange(HOUR)), hour)
        )
    arrivals.sort()
    for i, (received, hour) in enumerate(arrivals):
        draw = rand()
        if draw < 0.005:  # never answered
            replied = None
        elif draw < 0.035:  # after more than 24 h
            replied = maybe(received + randrange(25 * HOUR, 72 * HOUR))
        elif 8 <= hour < 21:  # working hours: minutes to 4 h
            replied = maybe(received + randrange(2 * 60, 4 * HOUR))
        else:  # the next morning
            replied = maybe(received + randrange(6 * HOUR, 13 * HOUR))
        messages.append(Message(id=f"m-{i:07d}", received_at=at(received), replied_at=replied))

    # --- disputes ----------------------------------------------------------------
    disputes: list[Dispute] = []
    if live:
        for i in range(int(n_orders * DISPUTE_SHARE)):
            bought, order_id = live[randrange(len(live))]
            opened = bought + randrange(2 * DAY, 9 * DAY)
            if opened >= end:
                opened = bought + randrange(max(1, end - bought))
            draw = rand()
            if draw < 0.85:  # within hours
                first_reply = maybe(opened + randrange(10 * 60, 8 * HOUR))
            elif draw < 0.95:  # after more than 24 h
                first_reply = maybe(opened + randrange(25 * HOUR, 60 * HOUR))
            else:
                first_reply = None
            age = end - opened
            status, closed = DisputeStatus.ONGOING, None
            draw = rand()
            if age > 14 * DAY and draw < 0.05:  # marked unresolved
                status = DisputeStatus.UNRESOLVED
                closed = opened + 14 * DAY + randrange(min(10 * DAY, age - 14 * DAY))
            elif age > HOUR and (age > 30 * DAY or draw < min(0.9, age / (10 * DAY))):
                # Resolved (or expired after 30 days); the older, the likelier.
                status = DisputeStatus.RESOLVED
                closed = opened + randrange(HOUR, min(30 * DAY, age))
            disputes.append(
                Dispute(
                    id=f"d-{i:06d}",
                    opened_at=at(opened),
                    order_id=order_id,
                    reason=DISPUTE_REASONS[randrange(len(DISPUTE_REASONS))],
                    first_reply_at=first_reply,
                    status=status,
                    closed_at=None if closed is None else at(closed),
                )
            )

    # --- offers ------------------------------------------------------------------
    offers: list[Offer] = []
    listings = sorted(
        # 40% listed before the period, the rest during it.
        first - randrange(DAY, 300 * DAY) if rand() < 0.4 else first + randrange(end - first)
        for _ in range(int(n_orders * OFFER_SHARE))
    )
    for i, listed in enumerate(listings):
        ended = listed + randrange(DAY, 90 * DAY) if rand() < 0.1 else end
        smart = rand() < 0.35
        offers.append(
            Offer(
                id=f"of-{i:07d}",
                price=prices[randrange(len(prices))],
                listed_at=at(listed),
                ended_at=maybe(ended),
                ean=f"590{i:010d}" if rand() < 0.4 else None,
                smart=smart,
                handling_time=HANDLING_TIMES[randrange(len(HANDLING_TIMES))],
                pickup_methods=pickups[randrange(len(pickups))],
                allegro_delivery_methods=deliveries[-1 if smart else randrange(len(deliveries))],
                buy_now=rand() < 0.95,
                free_delivery=rand() < 0.25,
                one_day_delivery=rand() < 0.15,
                category=CATEGORIES[randrange(len(CATEGORIES))],
            )
        )

    # --- violations ----------------------------------------------------------------
    violations = [
        Violation(id=f"v-{i + 1}", kind=kind, at=at(end - ago * DAY + randrange(DAY)))
        for i, (kind, ago) in enumerate(VIOLATIONS)
        if ago <= days
    ]

    return SellerActivity(
        account=SellerAccount(business=True, payment_methods=PAYMENT_METHODS),
        offers=offers,
        orders=orders,
        disputes=disputes,
        ratings=ratings,
        messages=messages,
        violations=violations,
    )


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n_orders", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    began = time.perf_counter()
    activity = make_activity(args.n_orders, seed=args.seed)
    took = time.perf_counter() - began
    print(
        f"{len(activity.orders):,} orders, {len(activity.ratings):,} ratings, "
        f"{len(activity.messages):,} messages, {len(activity.disputes):,} disputes, "
        f"{len(activity.offers):,} offers, {len(activity.violations)} violations "
        f"({record_count(activity):,} records) built in {took:.1f} s"
    )
    first: date = activity.orders[0].bought_at.date() if activity.orders else AS_OF.date()
    print(f"orders from {first} to {AS_OF.date() - timedelta(days=1)}; as_of {AS_OF.isoformat()}")


if __name__ == "__main__":
    _main()
