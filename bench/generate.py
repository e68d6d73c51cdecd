"""A deterministic large Allegro seller for the benchmarks.

One seller is drawn from ``random.Random(seed)`` alone, so the same arguments
always give the same seller, in either of two forms:

* :func:`make_activity` -- the :class:`SellerActivity` of validated records;
* :func:`make_document` -- the same seller as a JSON-ready dict in our file
  format (what :func:`sellerquality.dump` writes), made straight from the
  draws without building records, so that writing a large benchmark file does
  not cost a large seller's validation first.

``load(make_document(n, seed=s)) == make_activity(n, seed=s)``: both forms
come from one plan of draws (:func:`plan`), and ``bench/run.py`` checks the
equality on a small seller each run.

``n_orders`` orders are spread over the ``days`` Warsaw calendar days before
``as_of``. Besides the orders the seller has:

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

Instants are Europe/Warsaw datetimes in whole seconds. Records are made in
time order, as they would be when loaded from a chronological export, and
share a pool of ``Money`` prices and of delivery-method sets (they are
immutable).

Run it to print a summary::

    python bench/generate.py 100000            # build the records
    python bench/generate.py 100000 --document # make the JSON-ready dict instead
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Any, Final

from sellerquality import FORMAT, WARSAW, Money
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

__all__ = ["AS_OF", "KINDS", "Plan", "make_activity", "make_document", "plan", "record_count"]

AS_OF: Final = datetime(2026, 11, 1, tzinfo=WARSAW)
"""The instant the benchmark seller is evaluated at: midnight starting 2026-11-01, Warsaw."""

KINDS: Final = ("offers", "orders", "disputes", "ratings", "messages", "violations")
"""The record kinds of a seller, in the order of our file format."""

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
NO_STARS: Final = (None, None, None, None)
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

# The draws of one record, instants as epoch seconds (None: not happened before as_of).
# An order's: bought, price index, cancelled, dispatch_by, tracking, sent, delivered,
# promoted, commission refunded, advertising.
OrderDraw = tuple[int, int, bool, int, int | None, int | None, int | None, bool, bool, bool]
# A rating's: order index, created, recommended, buyer number, star marks, comment.
RatingDraw = tuple[int, int, bool, int, tuple[int | None, ...], str]
# A message's: received, replied.
MessageDraw = tuple[int, int | None]
# A dispute's: order index, opened, reason, first reply, status, closed.
DisputeDraw = tuple[int, int, DisputeReason, int | None, DisputeStatus, int | None]
# An offer's: listed, price index, ended, has an EAN, smart, handling-time index,
# pickup-set index, delivery-set index, buy now, free delivery, one-day delivery,
# category index.
OfferDraw = tuple[int, int, int | None, bool, bool, int, int, int, bool, bool, bool, int]
# A violation's: number, kind, instant.
ViolationDraw = tuple[int, ViolationKind, int]


@dataclass(frozen=True, slots=True)
class Plan:
    """Every draw of one seller: what both :func:`make_activity` and :func:`make_document` build."""

    prices: tuple[Money, ...]
    pickups: tuple[frozenset[str], ...]
    deliveries: tuple[frozenset[str], ...]
    orders: list[OrderDraw]
    ratings: list[RatingDraw]
    messages: list[MessageDraw]
    disputes: list[DisputeDraw]
    offers: list[OfferDraw]
    violations: list[ViolationDraw]


def record_count(activity: SellerActivity) -> int:
    """How many records of every kind ``activity`` holds."""
    return sum(len(getattr(activity, kind)) for kind in KINDS)


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


def plan(n_orders: int, *, seed: int = 0, days: int = 60, as_of: datetime = AS_OF) -> Plan:
    """Draw a seller with ``n_orders`` orders over ``days`` Warsaw days before ``as_of``.

    Args:
        n_orders: How many orders (the other record counts follow from it).
        seed: The seed of the one :class:`random.Random` everything is drawn from.
        days: How many Warsaw calendar days before ``as_of``'s day the records span.
        as_of: The evaluation instant (aware); nothing happens at or after it.

    Returns:
        The draws; the same arguments always give the same ones.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    if n_orders < 0 or days < 1:
        raise ValueError("n_orders must be >= 0 and days >= 1")
    rng = Random(seed)
    rand = rng.random
    # randrange(a, b) is exactly a + _randbelow(b - a) (and randrange(n) is
    # _randbelow(n)) for b > a: the same draws without randrange's argument checks,
    # which were a quarter of the generator's own time. Every width below is > 0.
    below: Callable[[int], int] = rng._randbelow  # type: ignore[attr-defined]  # noqa: SLF001
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
    n_prices, n_hours = len(prices), len(order_hours)

    # --- orders (and a rating for ~30% of them) --------------------------------
    orders: list[OrderDraw] = []
    ratings: list[RatingDraw] = []
    # (bought_at seconds, order index) of the orders not cancelled: disputes pick from these.
    live: list[tuple[int, int]] = []
    rating_share = RATING_SHARE / 0.98  # of the orders not cancelled
    buyers = max(1, n_orders * 9 // 10)
    # Days fill evenly with a little growth towards the end; hours follow ORDER_HOURS.
    # Drawn first and sorted, so that records are made (and lie in memory) in time
    # order, as they would be when loaded from a chronological export.
    bought_times = sorted(
        min(
            end - 1,
            day_starts[min(days - 1, int(days * rand() ** 0.9))]
            + order_hours[below(n_hours)] * HOUR
            + below(HOUR),
        )
        for _ in range(n_orders)
    )
    for i, bought in enumerate(bought_times):
        cancelled = rand() < 0.02
        dispatch_by = bought + (DAY if rand() < 0.75 else 2 * DAY)
        tracking = sent = delivered = None
        if not cancelled:
            draw = rand()
            if draw < 0.90:  # on time
                tracking_ts = bought + 30 * 60 + below(20 * HOUR - 30 * 60)
            elif draw < 0.98:  # late
                tracking_ts = dispatch_by + 10 * 60 + below(36 * HOUR - 10 * 60)
            else:  # never
                tracking_ts = end
            if tracking_ts < end:
                tracking = tracking_ts
                sent_ts = tracking_ts + HOUR + below(29 * HOUR)
                if sent_ts < end:
                    sent = sent_ts
                    delivered_ts = sent_ts + DAY + below(2 * DAY)
                    delivered = delivered_ts if delivered_ts < end else None
        price = below(n_prices)
        orders.append(
            (
                bought,
                price,
                cancelled,
                dispatch_by,
                tracking,
                sent,
                delivered,
                rand() < 0.05,
                rand() < 0.0025,
                rand() < 0.001,
            )
        )
        if cancelled:
            continue
        live.append((bought, i))
        if rand() >= rating_share:
            continue
        # Rated 2 h to 12 days after delivery (or after the purchase if not delivered).
        base = delivered if delivered is not None else bought + DAY
        created = base + 2 * HOUR + below(12 * DAY - 2 * HOUR)
        if created >= end:
            created = min(end - 1, bought + 1 + below(max(1, end - bought - 1)))
        recommended = rand() < 0.985
        stars: tuple[int | None, ...]
        if rand() < 0.15:  # recommendation only, no star marks
            stars = NO_STARS
        elif recommended:
            stars = GOOD_STARS[below(len(GOOD_STARS))]
        else:
            marks = [3 + below(3) for _ in range(4)]
            # As in `marks[randrange(4)] = randrange(1, 3)`: the value is drawn first.
            low = 1 + below(2)
            marks[below(4)] = low
            stars = tuple(marks)
        comments = POSITIVE_COMMENTS if recommended else NEGATIVE_COMMENTS
        buyer = below(buyers)
        ratings.append((i, created, recommended, buyer, stars, comments[below(len(comments))]))

    # --- buyer messages --------------------------------------------------------
    messages: list[MessageDraw] = []
    arrivals = []
    n_message_hours = len(message_hours)
    for _ in range(int(n_orders * MESSAGE_SHARE)):
        hour = message_hours[below(n_message_hours)]
        arrivals.append((min(end - 1, day_starts[below(days)] + hour * HOUR + below(HOUR)), hour))
    arrivals.sort()
    for received, hour in arrivals:
        draw = rand()
        if draw < 0.005:  # never answered
            replied = None
        elif draw < 0.035:  # after more than 24 h
            replied = received + 25 * HOUR + below(47 * HOUR)
        elif 8 <= hour < 21:  # working hours: minutes to 4 h
            replied = received + 2 * 60 + below(4 * HOUR - 2 * 60)
        else:  # the next morning
            replied = received + 6 * HOUR + below(7 * HOUR)
        messages.append((received, replied if replied is not None and replied < end else None))

    # --- disputes ----------------------------------------------------------------
    disputes: list[DisputeDraw] = []
    if live:
        for _ in range(int(n_orders * DISPUTE_SHARE)):
            bought, order = live[below(len(live))]
            opened = bought + 2 * DAY + below(7 * DAY)
            if opened >= end:
                opened = bought + below(max(1, end - bought))
            draw = rand()
            first_reply: int | None
            if draw < 0.85:  # within hours
                first_reply = opened + 10 * 60 + below(8 * HOUR - 10 * 60)
            elif draw < 0.95:  # after more than 24 h
                first_reply = opened + 25 * HOUR + below(35 * HOUR)
            else:
                first_reply = None
            if first_reply is not None and first_reply >= end:
                first_reply = None
            age = end - opened
            status, closed = DisputeStatus.ONGOING, None
            draw = rand()
            if age > 14 * DAY and draw < 0.05:  # marked unresolved
                status = DisputeStatus.UNRESOLVED
                closed = opened + 14 * DAY + below(min(10 * DAY, age - 14 * DAY))
            elif age > HOUR and (age > 30 * DAY or draw < min(0.9, age / (10 * DAY))):
                # Resolved (or expired after 30 days); the older, the likelier.
                status = DisputeStatus.RESOLVED
                closed = opened + HOUR + below(min(30 * DAY, age) - HOUR)
            reason = DISPUTE_REASONS[below(len(DISPUTE_REASONS))]
            disputes.append((order, opened, reason, first_reply, status, closed))

    # --- offers ------------------------------------------------------------------
    offers: list[OfferDraw] = []
    listings = sorted(
        # 40% listed before the period, the rest during it.
        first - DAY - below(299 * DAY) if rand() < 0.4 else first + below(end - first)
        for _ in range(int(n_orders * OFFER_SHARE))
    )
    for listed in listings:
        ended = listed + DAY + below(89 * DAY) if rand() < 0.1 else end
        smart = rand() < 0.35
        price = below(n_prices)
        has_ean = rand() < 0.4
        handling = below(len(HANDLING_TIMES))
        pickup = below(len(pickups))
        delivery = len(deliveries) - 1 if smart else below(len(deliveries))
        offers.append(
            (
                listed,
                price,
                ended if ended < end else None,
                has_ean,
                smart,
                handling,
                pickup,
                delivery,
                rand() < 0.95,
                rand() < 0.25,
                rand() < 0.15,
                below(len(CATEGORIES)),
            )
        )

    # --- violations ----------------------------------------------------------------
    violations: list[ViolationDraw] = [
        (i + 1, kind, end - ago * DAY + below(DAY))
        for i, (kind, ago) in enumerate(VIOLATIONS)
        if ago <= days
    ]
    return Plan(
        prices, pickups, deliveries, orders, ratings, messages, disputes, offers, violations
    )


def make_activity(
    n_orders: int, *, seed: int = 0, days: int = 60, as_of: datetime = AS_OF
) -> SellerActivity:
    """Build the seller of :func:`plan` as a :class:`SellerActivity` of validated records.

    The arguments are those of :func:`plan`; the same ones always give an equal activity.
    """
    return SellerActivity(**make_records(n_orders, seed=seed, days=days, as_of=as_of))


def make_records(
    n_orders: int, *, seed: int = 0, days: int = 60, as_of: datetime = AS_OF
) -> dict[str, Any]:
    """The keyword arguments of :class:`SellerActivity` for the seller of :func:`plan`.

    ``account`` and one list of records per kind, in time order.
    """
    drawn = plan(n_orders, seed=seed, days=days, as_of=as_of)
    prices, pickups, deliveries = drawn.prices, drawn.pickups, drawn.deliveries

    def at(ts: int) -> datetime:
        return datetime.fromtimestamp(ts, WARSAW)

    def maybe(ts: int | None) -> datetime | None:
        return None if ts is None else datetime.fromtimestamp(ts, WARSAW)

    orders = [
        Order(
            id=f"o-{i:07d}",
            bought_at=at(bought),
            total=prices[price],
            cancelled=cancelled,
            dispatch_by=at(dispatch_by),
            tracking_added_at=maybe(tracking),
            sent_at=maybe(sent),
            delivered_at=maybe(delivered),
            promoted=promoted,
            commission_refunded=refunded,
            advertising=advertising,
        )
        for i, (
            bought,
            price,
            cancelled,
            dispatch_by,
            tracking,
            sent,
            delivered,
            promoted,
            refunded,
            advertising,
        ) in enumerate(drawn.orders)
    ]
    ratings = [
        Rating(
            id=f"r-{i:07d}",
            created_at=at(created),
            recommended=recommended,
            order_id=f"o-{order:07d}",
            buyer_id=f"b-{buyer:07d}",
            description=stars[0],
            service=stars[1],
            delivery=stars[2],
            delivery_cost=stars[3],
            comment=comment,
        )
        for i, (order, created, recommended, buyer, stars, comment) in enumerate(drawn.ratings)
    ]
    messages = [
        Message(id=f"m-{i:07d}", received_at=at(received), replied_at=maybe(replied))
        for i, (received, replied) in enumerate(drawn.messages)
    ]
    disputes = [
        Dispute(
            id=f"d-{i:06d}",
            opened_at=at(opened),
            order_id=f"o-{order:07d}",
            reason=reason,
            first_reply_at=maybe(first_reply),
            status=status,
            closed_at=maybe(closed),
        )
        for i, (order, opened, reason, first_reply, status, closed) in enumerate(drawn.disputes)
    ]
    offers = [
        Offer(
            id=f"of-{i:07d}",
            price=prices[price],
            listed_at=at(listed),
            ended_at=maybe(ended),
            ean=f"590{i:010d}" if has_ean else None,
            smart=smart,
            handling_time=HANDLING_TIMES[handling],
            pickup_methods=pickups[pickup],
            allegro_delivery_methods=deliveries[delivery],
            buy_now=buy_now,
            free_delivery=free_delivery,
            one_day_delivery=one_day,
            category=CATEGORIES[category],
        )
        for i, (
            listed,
            price,
            ended,
            has_ean,
            smart,
            handling,
            pickup,
            delivery,
            buy_now,
            free_delivery,
            one_day,
            category,
        ) in enumerate(drawn.offers)
    ]
    violations = [
        Violation(id=f"v-{number}", kind=kind, at=at(moment))
        for number, kind, moment in drawn.violations
    ]
    return {
        "account": SellerAccount(business=True, payment_methods=PAYMENT_METHODS),
        "offers": offers,
        "orders": orders,
        "disputes": disputes,
        "ratings": ratings,
        "messages": messages,
        "violations": violations,
    }


def _iso_writer() -> Callable[[int], str]:
    """``ts -> datetime.fromtimestamp(ts, WARSAW).isoformat()``, a little faster.

    The UTC offset of Warsaw only changes at DST transitions, so it is looked
    up once per hour of time (cached) and the local time is formatted from
    the shifted epoch seconds.
    """
    offsets: dict[int, tuple[int, str]] = {}
    epoch = datetime(1970, 1, 1)  # naive on purpose: local seconds are formatted

    def iso(ts: int) -> str:
        hour = ts // HOUR
        known = offsets.get(hour)
        if known is None:
            local = datetime.fromtimestamp(hour * HOUR, WARSAW)
            offset = local.utcoffset()
            assert offset is not None
            seconds = int(offset.total_seconds())
            sign, whole = ("+" if seconds >= 0 else "-"), abs(seconds)
            known = offsets[hour] = (seconds, f"{sign}{whole // HOUR:02d}:{whole % HOUR // 60:02d}")
        shift, suffix = known
        return (epoch + timedelta(seconds=ts + shift)).isoformat() + suffix

    return iso


def _duration(value: timedelta) -> str:
    """A handling time in our format's ISO 8601 form, as :func:`sellerquality.dump` writes it."""
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "PT0S"
    assert seconds % HOUR == 0, "the generator's handling times are whole hours"
    return f"PT{seconds // HOUR}H"


def make_document(
    n_orders: int, *, seed: int = 0, days: int = 60, as_of: datetime = AS_OF
) -> dict[str, Any]:
    """The seller of :func:`plan` as a JSON-ready dict in our file format.

    Fields at their default are left out, as :func:`sellerquality.dump` does;
    ``load(make_document(...)) == make_activity(...)`` for the same arguments.
    """
    drawn = plan(n_orders, seed=seed, days=days, as_of=as_of)
    iso = _iso_writer()
    prices = [{"amount": str(money.amount), "currency": money.currency} for money in drawn.prices]
    pickups = [sorted(methods) for methods in drawn.pickups]
    deliveries = [sorted(methods) for methods in drawn.deliveries]
    handling_times = [_duration(value) for value in HANDLING_TIMES]
    categories = [list(category) for category in CATEGORIES]

    orders = []
    for i, (
        bought,
        price,
        cancelled,
        dispatch_by,
        tracking,
        sent,
        delivered,
        promoted,
        refunded,
        advertising,
    ) in enumerate(drawn.orders):
        order: dict[str, Any] = {
            "id": f"o-{i:07d}",
            "bought_at": iso(bought),
            "total": prices[price],
        }
        if cancelled:
            order["cancelled"] = True
        order["dispatch_by"] = iso(dispatch_by)
        if tracking is not None:
            order["tracking_added_at"] = iso(tracking)
        if sent is not None:
            order["sent_at"] = iso(sent)
        if delivered is not None:
            order["delivered_at"] = iso(delivered)
        if promoted:
            order["promoted"] = True
        if refunded:
            order["commission_refunded"] = True
        if advertising:
            order["advertising"] = True
        orders.append(order)

    # Ratings and disputes are drawn with their orders; a file lists them in time
    # order (ties by id), as dump() writes them.
    ratings = []
    for i, (order_index, created, recommended, buyer, stars, comment) in sorted(
        enumerate(drawn.ratings), key=lambda pair: (pair[1][1], pair[0])
    ):
        rating: dict[str, Any] = {
            "id": f"r-{i:07d}",
            "created_at": iso(created),
            "recommended": recommended,
            "order_id": f"o-{order_index:07d}",
            "buyer_id": f"b-{buyer:07d}",
        }
        if stars[0] is not None:
            rating["description"], rating["service"] = stars[0], stars[1]
            rating["delivery"], rating["delivery_cost"] = stars[2], stars[3]
        if comment:
            rating["comment"] = comment
        ratings.append(rating)

    messages = []
    for i, (received, replied) in enumerate(drawn.messages):
        message = {"id": f"m-{i:07d}", "received_at": iso(received)}
        if replied is not None:
            message["replied_at"] = iso(replied)
        messages.append(message)

    disputes = []
    for i, (order_index, opened, reason, first_reply, status, closed) in sorted(
        enumerate(drawn.disputes), key=lambda pair: (pair[1][1], pair[0])
    ):
        dispute = {"id": f"d-{i:06d}", "opened_at": iso(opened), "order_id": f"o-{order_index:07d}"}
        if reason is not DisputeReason.OTHER:
            dispute["reason"] = reason.value
        if first_reply is not None:
            dispute["first_reply_at"] = iso(first_reply)
        if status is not DisputeStatus.ONGOING:
            dispute["status"] = status.value
        if closed is not None:
            dispute["closed_at"] = iso(closed)
        disputes.append(dispute)

    offers = []
    for i, (
        listed,
        price,
        ended,
        has_ean,
        smart,
        handling,
        pickup,
        delivery,
        buy_now,
        free_delivery,
        one_day,
        category,
    ) in enumerate(drawn.offers):
        offer: dict[str, Any] = {"id": f"of-{i:07d}", "price": prices[price]}
        offer["listed_at"] = iso(listed)
        if ended is not None:
            offer["ended_at"] = iso(ended)
        if has_ean:
            offer["ean"] = f"590{i:010d}"
        if smart:
            offer["smart"] = True
        offer["handling_time"] = handling_times[handling]
        if pickups[pickup]:
            offer["pickup_methods"] = pickups[pickup]
        if deliveries[delivery]:
            offer["allegro_delivery_methods"] = deliveries[delivery]
        if not buy_now:
            offer["buy_now"] = False
        if free_delivery:
            offer["free_delivery"] = True
        if one_day:
            offer["one_day_delivery"] = True
        offer["category"] = categories[category]
        offers.append(offer)

    violations = [
        {"id": f"v-{number}", "kind": kind.value, "at": iso(moment)}
        for number, kind, moment in drawn.violations
    ]
    return {
        "format": FORMAT,
        "account": {"business": True, "payment_methods": sorted(PAYMENT_METHODS)},
        "offers": offers,
        "orders": orders,
        "disputes": disputes,
        "ratings": ratings,
        "messages": messages,
        "violations": violations,
    }


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n_orders", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--document", action="store_true", help="make the JSON-ready dict instead of records"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    if args.document:
        document = make_document(args.n_orders, seed=args.seed)
        counts = {kind: len(document[kind]) for kind in KINDS}
    else:
        activity = make_activity(args.n_orders, seed=args.seed)
        counts = {kind: len(getattr(activity, kind)) for kind in KINDS}
    took = time.perf_counter() - began
    print(
        ", ".join(f"{count:,} {kind}" for kind, count in counts.items())
        + f" ({sum(counts.values()):,} records) made in {took:.1f} s"
    )
    first = AS_OF.date() - timedelta(days=60)
    print(f"records from {first} to {AS_OF.date() - timedelta(days=1)}; as_of {AS_OF.isoformat()}")


if __name__ == "__main__":
    _main()
