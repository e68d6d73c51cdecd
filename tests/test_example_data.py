"""The bundled example seller: it loads, it is current, and it shows every feature."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest

from sellerquality import WARSAW, Window, load
from sellerquality.allegro import (
    DisputeReason,
    DisputeStatus,
    Order,
    SellerActivity,
    ViolationKind,
)
from sellerquality.examples import AS_OF, example_path, load_example

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "generate_example.py"
START = datetime(2026, 9, 2, tzinfo=WARSAW)
RECENT = Window(AS_OF - timedelta(days=30), AS_OF)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)

PICKUP = {"Paczkomaty InPost", "Orlen Paczka", "DPD Pickup", "Poczta Polska odbiór w punkcie"}
ALLEGRO = {
    "Allegro Paczkomaty InPost",
    "Allegro Kurier DPD",
    "Allegro One Box",
    "Allegro One Punkt",
}


@pytest.fixture(scope="module")
def generator() -> Iterator[ModuleType]:
    """The generator script, imported from its path (it is not a package module)."""
    spec = importlib.util.spec_from_file_location("generate_example", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.fixture(scope="module")
def built(generator: ModuleType) -> SellerActivity:
    """The activity the generator builds."""
    activity = generator.build_example()
    assert isinstance(activity, SellerActivity)
    return activity


@pytest.fixture(scope="module")
def example() -> SellerActivity:
    """The bundled file, loaded strictly."""
    return load(example_path(), strict=True)


def instants(activity: SellerActivity) -> Iterator[tuple[str, datetime]]:
    """Every instant of every record except offer listings and dispatch deadlines."""
    for order in activity.orders:
        yield order.id, order.bought_at
        for moment in (order.tracking_added_at, order.sent_at, order.delivered_at):
            if moment is not None:
                yield order.id, moment
    for dispute in activity.disputes:
        yield dispute.id, dispute.opened_at
        for moment in (dispute.first_reply_at, dispute.closed_at):
            if moment is not None:
                yield dispute.id, moment
    for rating in activity.ratings:
        yield rating.id, rating.created_at
    for message in activity.messages:
        yield message.id, message.received_at
        if message.replied_at is not None:
            yield message.id, message.replied_at
    for violation in activity.violations:
        yield violation.id, violation.at
    for offer in activity.offers:
        if offer.ended_at is not None:
            yield offer.id, offer.ended_at


def late_tracking(order: Order) -> bool:
    """Tracking added after the deadline, or still missing once it passed."""
    assert order.dispatch_by is not None
    if order.tracking_added_at is None:
        return order.dispatch_by < AS_OF
    return order.tracking_added_at > order.dispatch_by


class TestExampleData:
    def test_loads_strictly(self, example: SellerActivity) -> None:
        """The bundled file loads in strict mode, and load_example() gives the same."""
        assert load_example() == example
        assert example.account.business is True

    def test_counts(self, example: SellerActivity) -> None:
        """The record counts are those the generator's docstring documents."""
        counts = {
            "offers": len(example.offers),
            "orders": len(example.orders),
            "disputes": len(example.disputes),
            "ratings": len(example.ratings),
            "messages": len(example.messages),
            "violations": len(example.violations),
        }
        assert counts == {
            "offers": 300,
            "orders": 2000,
            "disputes": 20,
            "ratings": 633,
            "messages": 1000,
            "violations": 3,
        }

    def test_file_is_what_the_generator_writes(
        self, generator: ModuleType, built: SellerActivity
    ) -> None:
        """The committed file is byte for byte what the generator renders today."""
        assert generator.render(built) == example_path().read_text(encoding="utf-8")

    def test_built_equals_loaded(self, built: SellerActivity, example: SellerActivity) -> None:
        """Loading the file gives exactly the built activity (no DST-fold instants)."""
        assert built == example

    def test_generator_is_deterministic(self, generator: ModuleType, built: SellerActivity) -> None:
        """A second build gives an equal activity and the same text."""
        again = generator.build_example()
        assert again == built
        assert generator.render(again) == generator.render(built)

    def test_check_mode(self, generator: ModuleType, tmp_path: Path) -> None:
        """--check exits 0 on the bundled file and 1 on a stale or missing one."""
        assert generator.main(["--check"]) == 0
        stale = tmp_path / "seller.json"
        stale.write_text(example_path().read_text(encoding="utf-8") + " ", encoding="utf-8")
        assert generator.main(["--check", "--out", str(stale)]) == 1
        assert generator.main(["--check", "--out", str(tmp_path / "missing.json")]) == 1

    def test_write_mode(self, generator: ModuleType, tmp_path: Path) -> None:
        """--out writes the same bytes as the bundled file."""
        out = tmp_path / "seller.json"
        assert generator.main(["--out", str(out)]) == 0
        assert out.read_bytes() == example_path().read_bytes()

    def test_one_record_per_line(self) -> None:
        """Each record is on its own line; the file stays small."""
        text = example_path().read_text(encoding="utf-8")
        lines = text.splitlines()
        records = [line for line in lines if line.startswith('{"id":')]
        assert len(records) == 300 + 2000 + 20 + 633 + 1000 + 3
        assert len(text.encode()) < 1_500_000
        assert "odbiór" in text  # non-ASCII kept as is

    def test_everything_lies_in_the_60_days(self, example: SellerActivity) -> None:
        """Every event lies in [AS_OF - 60 days, AS_OF); offers may be listed earlier."""
        assert AS_OF - timedelta(days=60) == START
        for record_id, moment in instants(example):
            assert START <= moment < AS_OF, record_id
        assert all(offer.listed_at is not None for offer in example.offers)
        assert all(o.listed_at is not None and o.listed_at < AS_OF for o in example.offers)

    def test_instants_are_warsaw_whole_seconds(self, built: SellerActivity) -> None:
        """Instants are Europe/Warsaw aware datetimes without microseconds."""
        for record_id, moment in instants(built):
            assert moment.tzinfo is WARSAW, record_id
            assert moment.microsecond == 0, record_id
        for order in built.orders:
            assert order.dispatch_by is not None
            assert order.dispatch_by.tzinfo is WARSAW

    def test_ids(self, example: SellerActivity) -> None:
        """Ids follow the documented patterns, numbered in time order."""
        patterns = {
            "offers": r"of-\d{4}",
            "orders": r"o-\d{5}",
            "disputes": r"d-\d{3}",
            "ratings": r"r-\d{5}",
            "messages": r"m-\d{5}",
            "violations": r"v-\d",
        }
        for kind, pattern in patterns.items():
            ids = [record.id for record in getattr(example, kind)]
            assert all(re.fullmatch(pattern, record_id) for record_id in ids), kind
            assert ids == sorted(ids), kind
        buyers = {rating.buyer_id for rating in example.ratings}
        assert all(b is not None and re.fullmatch(r"b-\d{5}", b) for b in buyers)
        assert len(buyers) < len(example.ratings)  # some buyers come back

    def test_account(self, example: SellerActivity) -> None:
        """A business account with at least two payment methods."""
        assert example.account.business is True
        assert example.account.payment_methods == {"PAYU", "P24", "BLIK", "CARD"}

    def test_orders(self, example: SellerActivity) -> None:
        """Totals, cancellations, promotions and flags in the documented proportions."""
        orders = example.orders
        assert all(Decimal(15) <= o.total.amount <= Decimal(1500) for o in orders)
        assert all(o.total.amount.as_tuple().exponent == -2 for o in orders)
        assert all(o.total.currency == "PLN" for o in orders)
        assert sum(o.cancelled for o in orders) == 40
        assert sum(o.promoted for o in orders) == 100
        assert sum(o.commission_refunded for o in orders) == 5
        assert sum(o.advertising for o in orders) == 2
        assert not any(o.cancelled and o.tracking_added_at is not None for o in orders)
        evening = sum(18 <= o.bought_at.astimezone(WARSAW).hour < 22 for o in orders)
        morning = sum(6 <= o.bought_at.astimezone(WARSAW).hour < 10 for o in orders)
        assert evening > 2 * morning

    def test_order_fulfilment(self, example: SellerActivity) -> None:
        """Deadlines 1-2 days on, past weekends; tracking, sending, delivery in order."""
        for order in example.orders:
            assert order.dispatch_by is not None
            bought, deadline = order.bought_at.astimezone(WARSAW), order.dispatch_by
            deadline = deadline.astimezone(WARSAW)
            assert deadline.time() == bought.time(), order.id
            assert 1 <= (deadline.date() - bought.date()).days <= 4, order.id
            assert deadline.weekday() < 5, order.id
            if order.sent_at is not None:
                assert order.tracking_added_at is not None
                assert order.sent_at > order.tracking_added_at, order.id
            if order.delivered_at is not None:
                assert order.sent_at is not None
                assert DAY <= order.delivered_at - order.sent_at <= 3 * DAY, order.id
        live = [o for o in example.orders if not o.cancelled]
        late = [o for o in live if o.tracking_added_at is not None and late_tracking(o)]
        assert 0.07 < len(late) / len(live) < 0.12
        waiting = [o for o in live if o.tracking_added_at is None]
        assert 3 <= len(waiting) <= 60
        assert all(o.bought_at >= AS_OF - 3 * DAY for o in waiting)
        assert any(o.dispatch_by is not None and o.dispatch_by >= AS_OF for o in waiting)

    def test_thirty_day_orders_and_revenue(self, example: SellerActivity) -> None:
        """In the last 30 days: 1,094 orders, revenue 148,007.78 PLN, ~91% tracked on time."""
        orders = example.orders_in(RECENT)
        live = [o for o in orders if not o.cancelled]
        assert len(orders) == 1094
        assert sum((o.total.amount for o in live), Decimal(0)) == Decimal("148007.78")
        due = [o for o in live if o.dispatch_by is not None and o.dispatch_by < AS_OF]
        on_time = [o for o in due if not late_tracking(o)]
        assert (len(on_time), len(due)) == (904, 997)
        promoted = sum((o.total.amount for o in live if o.promoted), Decimal(0))
        assert promoted / sum((o.total.amount for o in live), Decimal(0)) > Decimal("0.01")

    def test_ratings(self, example: SellerActivity) -> None:
        """Each rating names its order and buyer and comes after delivery, before AS_OF."""
        orders = {order.id: order for order in example.orders}
        for rating in example.ratings:
            assert rating.order_id is not None
            assert rating.buyer_id is not None
            delivered = orders[rating.order_id].delivered_at
            assert delivered is not None
            assert delivered < rating.created_at < AS_OF, rating.id
        assert len({r.order_id for r in example.ratings}) == len(example.ratings)
        assert 0.28 < len(example.ratings) / len(example.orders) < 0.34

    def test_recommendation_rate_just_below_98(self, example: SellerActivity) -> None:
        """361 of 371 recommend in the last 30 days (97.3%); more than 98% before."""
        recent = example.ratings_in(RECENT)
        assert (sum(r.recommended for r in recent), len(recent)) == (361, 371)
        rate = Fraction(361, 371)
        assert Fraction(97, 100) < rate < Fraction(98, 100)
        earlier = example.ratings_in(Window(START, RECENT.start))
        assert Fraction(sum(r.recommended for r in earlier), len(earlier)) >= Fraction(98, 100)

    def test_star_marks(self, example: SellerActivity) -> None:
        """Marks are mostly 5, low ones only on negative ratings; some ratings have none."""
        recent = example.ratings_in(RECENT)
        marks = [mark for rating in recent for mark in rating.stars]
        assert Fraction(49, 10) <= Fraction(sum(marks), len(marks)) < Fraction(495, 100)
        assert marks.count(5) / len(marks) > 0.9
        assert {4, 3} <= set(marks)
        for rating in example.ratings:
            assert len(rating.stars) in {0, 4}
            if rating.recommended:
                assert min(rating.stars, default=5) >= 3, rating.id
        assert any(min(r.stars, default=5) <= 2 for r in example.ratings if not r.recommended)
        newest = [r for r in example.ratings if r.created_at >= AS_OF - 14 * DAY]
        assert sum(not r.stars for r in newest) == 72
        assert sum(not r.stars for r in example.ratings) == 93

    def test_comments(self, example: SellerActivity) -> None:
        """Polish praise and complaints, one comment with a phone number, one insult."""
        comments = [rating.comment for rating in example.ratings]
        assert "Super kontakt, polecam!" in comments
        assert "Szybka wysyłka, wszystko zgodne z opisem" in comments
        negative = [r.comment for r in example.ratings if not r.recommended]
        assert "Paczka szła tydzień, brak kontaktu" in negative
        assert all(negative)
        phones = [c for c in comments if re.search(r"\d{3} \d{3} \d{3}", c)]
        assert len(phones) == 1
        assert sum("oszust" in c for c in comments) == 1
        assert any(not c for c in comments)

    def test_messages(self, example: SellerActivity) -> None:
        """Mostly answered within hours; 30 after 24 h; unanswered ones old and young."""
        messages = example.messages
        answered = [m for m in messages if m.replied_at is not None]
        delays = [m.replied_at - m.received_at for m in answered if m.replied_at is not None]
        assert sum(d > 24 * HOUR for d in delays) == 30
        assert sum(d <= 4 * HOUR for d in delays) / len(delays) > 0.75
        assert sum(d <= 14 * HOUR for d in delays) / len(delays) > 0.95
        unanswered = [m for m in messages if m.replied_at is None]
        old = [m for m in unanswered if AS_OF - m.received_at > 24 * HOUR]
        young = [m for m in unanswered if AS_OF - m.received_at <= 24 * HOUR]
        assert (len(old), len(young)) == (3, 2)

    def test_thirty_day_message_replies(self, example: SellerActivity) -> None:
        """About 96% of the messages due in the last 30 days were answered within 24 h."""
        recent = example.messages_in(RECENT)
        due = [m for m in recent if m.replied_at is not None or AS_OF - m.received_at > 24 * HOUR]
        on_time = [
            m for m in due if m.replied_at is not None and m.replied_at - m.received_at <= 24 * HOUR
        ]
        assert (len(on_time), len(due)) == (477, 497)

    def test_disputes(self, example: SellerActivity) -> None:
        """Disputes on real orders, opened at least 1 h after purchase, all reasons."""
        orders = {order.id: order for order in example.orders}
        for dispute in example.disputes:
            assert dispute.order_id is not None
            order = orders[dispute.order_id]
            assert not order.cancelled
            assert dispute.opened_at - order.bought_at >= HOUR, dispute.id
        assert {d.reason for d in example.disputes} == set(DisputeReason)
        assert len({d.order_id for d in example.disputes}) == 20

    def test_dispute_replies(self, example: SellerActivity) -> None:
        """Replies mostly within hours, two late, one (a young dispute) still missing."""
        replied = [d for d in example.disputes if d.first_reply_at is not None]
        delays = [d.first_reply_at - d.opened_at for d in replied if d.first_reply_at is not None]
        assert sum(delay > 24 * HOUR for delay in delays) == 2
        assert sum(delay <= 6 * HOUR for delay in delays) >= 14
        missing = [d for d in example.disputes if d.first_reply_at is None]
        assert len(missing) == 1
        assert AS_OF - missing[0].opened_at < 24 * HOUR

    def test_dispute_statuses(self, example: SellerActivity) -> None:
        """16 resolved, exactly one unresolved after 14+ days, 3 recent ongoing."""
        by_status = {
            status: [d for d in example.disputes if d.status is status] for status in DisputeStatus
        }
        resolved = by_status[DisputeStatus.RESOLVED]
        assert len(resolved) == 16
        assert all(d.closed_at is not None and d.closed_at > d.opened_at for d in resolved)
        assert any(d.closed_at == d.opened_at + 30 * DAY for d in resolved)  # expired
        (unresolved,) = by_status[DisputeStatus.UNRESOLVED]
        assert unresolved.closed_at is not None
        assert unresolved.closed_at - unresolved.opened_at >= 14 * DAY
        assert RECENT.contains(unresolved.opened_at)
        assert RECENT.contains(unresolved.closed_at)
        ongoing = by_status[DisputeStatus.ONGOING]
        assert len(ongoing) == 3
        assert all(d.closed_at is None and d.opened_at >= AS_OF - 10 * DAY for d in ongoing)

    def test_offers(self, example: SellerActivity) -> None:
        """Prices, listings, EANs, Smart!, handling times and delivery methods."""
        offers = example.offers
        assert all(Decimal(15) <= o.price.amount <= Decimal(1500) for o in offers)
        listed = [o.listed_at for o in offers if o.listed_at is not None]
        assert sum(t < START for t in listed) == 120
        assert any(t >= RECENT.start for t in listed)
        ended = [o for o in offers if o.ended_at is not None]
        assert len(ended) == 30
        eans = [o.ean for o in offers if o.ean is not None]
        assert len(eans) == 120
        assert all(re.fullmatch(r"\d{13}", ean) for ean in eans)
        assert sum(o.smart for o in offers) == 105
        assert all(len(o.allegro_delivery_methods) >= 2 for o in offers if o.smart)
        handling = [o.handling_time for o in offers]
        assert handling.count(timedelta(hours=24)) == 228
        assert handling.count(timedelta(days=2)) == 36
        assert handling.count(timedelta(days=3)) == 21
        assert handling.count(timedelta(0)) == 15
        assert all(o.pickup_methods <= PICKUP for o in offers)
        assert all(o.allegro_delivery_methods <= ALLEGRO for o in offers)
        assert sum(len(o.pickup_methods) >= 2 for o in offers) == 180
        assert sum(len(o.allegro_delivery_methods) >= 2 for o in offers) == 210
        assert sum(o.buy_now for o in offers) == 285
        assert sum(o.free_delivery for o in offers) == 75
        assert sum(o.one_day_delivery for o in offers) == 45

    def test_offer_categories(self, example: SellerActivity) -> None:
        """English category paths; exactly one in the excluded Prepaid category."""
        categories = [offer.category for offer in example.offers]
        assert ("Home and garden", "Kitchen", "Pots") in categories
        assert ("Electronics", "Phones and accessories", "Cases") in categories
        prepaid = [
            c for c in categories if c[:3] == ("Electronics", "Phones and accessories", "Prepaid")
        ]
        assert prepaid == [("Electronics", "Phones and accessories", "Prepaid", "Starters")]
        assert all(len(c) >= 3 for c in categories)

    def test_violations(self, example: SellerActivity) -> None:
        """An offer removal, a reminder about 40 days and a warning about 20 days back."""
        kinds = [(v.id, v.kind) for v in example.violations]
        assert kinds == [
            ("v-1", ViolationKind.OFFER_REMOVED),
            ("v-2", ViolationKind.REMINDER),
            ("v-3", ViolationKind.WARNING),
        ]
        reminder, warning = example.violations[1], example.violations[2]
        assert 39 * DAY < AS_OF - reminder.at < 41 * DAY
        assert 19 * DAY < AS_OF - warning.at < 21 * DAY
