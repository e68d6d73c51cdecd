"""The Allegro record model: validation at construction and the sorted activity."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerquality import Money, Window
from sellerquality.allegro import (
    Dispute,
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
from sellerquality.allegro._model import check_opened_after_purchase
from sellerquality.exceptions import (
    CurrencyMismatchError,
    DuplicateIdError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    SellerQualityError,
)
from strategies import activities

T0 = datetime(2022, 3, 1, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
MICRO = timedelta(microseconds=1)


def order(**changes: Any) -> Order:
    """A valid order, with ``changes`` applied."""
    fields: dict[str, Any] = {"id": "o-1", "bought_at": T0, "total": Money("99.90")}
    return Order(**(fields | changes))


class TestOffer:
    def test_defaults(self) -> None:
        """Only id and price are required; the rest has the documented defaults."""
        offer = Offer(id="of-1", price=Money("10"))
        assert offer.listed_at is None
        assert offer.buy_now is True
        assert offer.pickup_methods == frozenset()
        assert offer.category == ()

    def test_converts_collections(self) -> None:
        """Method lists become frozensets, category lists become tuples."""
        offer = Offer(
            id="of-1", price=Money("1"), pickup_methods=["a", "b", "a"], category=["A", "B"]
        )
        assert offer.pickup_methods == frozenset({"a", "b"})
        assert offer.category == ("A", "B")

    def test_bare_string_collections_are_refused(self) -> None:
        """A string is not a set of method names (it would become a set of letters)."""
        with pytest.raises(InvalidTypeError):
            Offer(id="of-1", price=Money("1"), pickup_methods="InPost")
        with pytest.raises(InvalidTypeError):
            Offer(id="of-1", price=Money("1"), category="Home")

    def test_negative_price_is_refused(self) -> None:
        """A price cannot be negative; the error names the offer and field."""
        with pytest.raises(InvalidValueError, match=r"Offer 'of-1': price -1.00 PLN is negative"):
            Offer(id="of-1", price=Money("-1"))

    @pytest.mark.parametrize(
        ("amount", "reason"),
        [
            ("1e15", "is too large"),
            ("12.34567", "has more than 4 decimal places"),
        ],
    )
    def test_price_beyond_the_bounds_is_refused(self, amount: str, reason: str) -> None:
        """SQ-C6: a price of 10^15 or more, or with a fifth decimal place, is refused."""
        with pytest.raises(InvalidValueError, match=f"Offer 'of-1': price .* {reason}"):
            Offer(id="of-1", price=Money(amount))

    def test_float_price_is_refused(self) -> None:
        """A float is not money."""
        with pytest.raises(InvalidTypeError, match="price"):
            Offer(id="of-1", price=9.99)  # type: ignore[arg-type]

    def test_end_before_listing_is_refused(self) -> None:
        """An offer cannot end before it was listed."""
        with pytest.raises(InvalidValueError, match=r"ended_at .* is before listed_at"):
            Offer(id="of-1", price=Money("1"), listed_at=T0, ended_at=T0 - MICRO)

    def test_negative_handling_time_is_refused(self) -> None:
        """Handling time is a non-negative duration."""
        with pytest.raises(InvalidValueError, match="handling_time"):
            Offer(id="of-1", price=Money("1"), handling_time=timedelta(hours=-1))

    def test_empty_id_and_ean_are_refused(self) -> None:
        """Ids and EANs, when given, are non-empty strings."""
        with pytest.raises(InvalidValueError, match="id"):
            Offer(id=" ", price=Money("1"))
        with pytest.raises(InvalidValueError, match="ean"):
            Offer(id="of-1", price=Money("1"), ean="")

    def test_is_active(self) -> None:
        """Active at ``at``: listed before it and not ended before it.

        Events at ``at`` itself have not happened yet.
        """
        offer = Offer(id="of-1", price=Money("1"), listed_at=T0, ended_at=T0 + HOUR)
        assert not offer.is_active(T0)
        assert offer.is_active(T0 + MICRO)
        assert offer.is_active(T0 + HOUR)
        assert not offer.is_active(T0 + HOUR + MICRO)
        assert Offer(id="of-2", price=Money("1")).is_active(T0)


class TestOrder:
    @pytest.mark.parametrize(
        "field", ["dispatch_by", "tracking_added_at", "sent_at", "delivered_at"]
    )
    def test_times_before_purchase_are_refused(self, field: str) -> None:
        """Dispatch deadline, tracking, sending and delivery cannot precede the purchase."""
        changes: dict[str, Any] = {field: T0 - MICRO}
        if field == "delivered_at":
            changes["sent_at"] = None
        with pytest.raises(InvalidValueError, match=f"Order 'o-1': {field} .* is before bought_at"):
            order(**changes)

    def test_times_at_purchase_are_fine(self) -> None:
        """The same instant as the purchase is allowed (not before it)."""
        assert (
            order(sent_at=T0, delivered_at=T0, tracking_added_at=T0, dispatch_by=T0).sent_at == T0
        )

    def test_delivery_before_sending_is_refused(self) -> None:
        """A parcel cannot arrive before it was sent."""
        with pytest.raises(InvalidValueError, match=r"delivered_at .* is before sent_at"):
            order(sent_at=T0 + HOUR, delivered_at=T0 + HOUR - MICRO)

    def test_naive_purchase_time_is_refused(self) -> None:
        """Naive datetimes are refused with the record named."""
        with pytest.raises(NaiveDatetimeError, match="Order 'o-1': bought_at"):
            order(bought_at=datetime(2022, 3, 1))

    def test_missing_purchase_time_is_a_type_error(self) -> None:
        """None where an instant is required is a type error naming the field."""
        with pytest.raises(InvalidTypeError, match="bought_at"):
            order(bought_at=None)

    def test_bool_fields_must_be_bools(self) -> None:
        """A 1 where a flag is meant is refused."""
        with pytest.raises(InvalidTypeError, match="cancelled"):
            order(cancelled=1)


class TestOrderBounds:
    def test_largest_total(self) -> None:
        """SQ-D3: the largest total read, 999,999,999,999,999.9999, is accepted."""
        assert order(total=Money("999999999999999.9999")).total.amount == Decimal(
            "999999999999999.9999"
        )

    def test_instants_outside_the_supported_years(self) -> None:
        """SQ-2: a purchase in year 1 or 9999 is refused in words, not with OverflowError."""
        for year in (1, 1899, 3000, 9999):
            with pytest.raises(InvalidValueError, match="outside the supported years 1900 to 2999"):
                order(bought_at=datetime(year, 6, 1, tzinfo=UTC))


class TestDispute:
    def test_reply_before_opening_is_refused(self) -> None:
        """The first reply cannot precede the opening."""
        with pytest.raises(InvalidValueError, match="Dispute 'd-1': first_reply_at"):
            Dispute(id="d-1", opened_at=T0, first_reply_at=T0 - MICRO)

    def test_closing_before_opening_is_refused(self) -> None:
        """Closing cannot precede the opening."""
        with pytest.raises(InvalidValueError, match=r"closed_at .* is before opened_at"):
            Dispute(id="d-1", opened_at=T0, status=DisputeStatus.RESOLVED, closed_at=T0 - MICRO)

    def test_closed_but_ongoing_is_refused(self) -> None:
        """A closing time with an ONGOING status contradicts itself."""
        with pytest.raises(InvalidValueError, match="status is ONGOING"):
            Dispute(id="d-1", opened_at=T0, closed_at=T0 + HOUR)

    def test_final_status_without_time_is_allowed(self) -> None:
        """A status known from an export without its time is kept as given."""
        dispute = Dispute(id="d-1", opened_at=T0, status=DisputeStatus.UNRESOLVED)
        assert dispute.closed_at is None


class TestRating:
    @pytest.mark.parametrize("field", ["description", "service", "delivery", "delivery_cost"])
    @pytest.mark.parametrize("stars", [0, 6, -1])
    def test_marks_outside_1_to_5_are_refused(self, field: str, stars: int) -> None:
        """Star marks are 1..5; the error names rating, field and value."""
        marks: dict[str, Any] = {field: stars}
        with pytest.raises(InvalidValueError, match=f"Rating 'r-1': {field} {stars} is outside"):
            Rating(id="r-1", created_at=T0, recommended=True, **marks)

    def test_marks_must_be_ints(self) -> None:
        """A 4.5 or True is not a star mark."""
        with pytest.raises(InvalidTypeError):
            Rating(id="r-1", created_at=T0, recommended=True, service=True)
        with pytest.raises(InvalidTypeError):
            Rating(id="r-1", created_at=T0, recommended=True, service=4.5)  # type: ignore[arg-type]

    def test_stars_lists_given_marks(self) -> None:
        """Stars holds the marks given, in field order."""
        rating = Rating(id="r-1", created_at=T0, recommended=True, description=5, delivery=4)
        assert rating.stars == (5, 4)

    def test_recommended_is_required(self) -> None:
        """Every rating says whether the buyer recommends."""
        with pytest.raises(TypeError):
            Rating(id="r-1", created_at=T0)  # type: ignore[call-arg]


class TestMessageAndViolation:
    def test_reply_before_message_is_refused(self) -> None:
        """A reply cannot precede the message it answers."""
        with pytest.raises(InvalidValueError, match="Message 'm-1': replied_at"):
            Message(id="m-1", received_at=T0, replied_at=T0 - MICRO)

    def test_violation_kind_must_be_the_enum(self) -> None:
        """A string is not a ViolationKind."""
        with pytest.raises(InvalidTypeError):
            Violation(id="v-1", kind="WARNING", at=T0)  # type: ignore[arg-type]
        assert Violation(id="v-1", kind=ViolationKind.WARNING, at=T0).kind is ViolationKind.WARNING


class TestSellerActivity:
    def test_stores_sorted_tuples(self) -> None:
        """Records are sorted by time (ties by id) whatever the input order."""
        a = order(id="a", bought_at=T0 + HOUR)
        b = order(id="b", bought_at=T0)
        c = order(id="c", bought_at=T0)
        activity = SellerActivity(orders=iter([a, c, b]))
        assert activity.orders == (b, c, a)

    def test_duplicate_ids_are_refused(self) -> None:
        """Two orders with one id are an error naming the id."""
        with pytest.raises(DuplicateIdError, match="Order 'o-1'"):
            SellerActivity(orders=[order(), order(bought_at=T0 + HOUR)])

    def test_same_id_in_different_kinds_is_fine(self) -> None:
        """Ids are unique per kind only."""
        activity = SellerActivity(
            orders=[order(id="x")], messages=[Message(id="x", received_at=T0)]
        )
        assert len(activity.orders) == len(activity.messages) == 1

    def test_mixed_currencies_are_refused(self) -> None:
        """All orders of a seller share one currency."""
        with pytest.raises(CurrencyMismatchError, match="EUR"):
            SellerActivity(orders=[order(), order(id="o-2", total=Money("1", "EUR"))])

    def test_wrong_record_type_is_refused(self) -> None:
        """A message in the orders list is a type error."""
        with pytest.raises(InvalidTypeError, match="Message"):
            SellerActivity(orders=[Message(id="m", received_at=T0)])  # type: ignore[list-item]

    def test_currency(self) -> None:
        """Currency is the orders' currency, or None without orders."""
        assert SellerActivity().currency is None
        assert SellerActivity(orders=[order(total=Money("1", "EUR"))]).currency == "EUR"

    def test_window_selection_is_half_open(self) -> None:
        """orders_in keeps [start, end): the start instant in, the end instant out."""
        start = T0
        window = Window(start, start + timedelta(days=30))
        inside = order(id="in", bought_at=start)
        last = order(id="last", bought_at=window.end - MICRO)
        before = order(id="before", bought_at=start - MICRO)
        at_end = order(id="end", bought_at=window.end)
        activity = SellerActivity(orders=[at_end, last, inside, before])
        assert [o.id for o in activity.orders_in(window)] == ["in", "last"]

    def test_each_kind_has_a_window_selector(self) -> None:
        """Disputes, ratings, messages and violations are selected by their own time."""
        window = Window(T0, T0 + HOUR)
        activity = SellerActivity(
            disputes=[Dispute(id="d", opened_at=T0), Dispute(id="d2", opened_at=T0 + HOUR)],
            ratings=[Rating(id="r", created_at=T0, recommended=True)],
            messages=[Message(id="m", received_at=T0 - MICRO)],
            violations=[Violation(id="v", kind=ViolationKind.REMINDER, at=T0 + HOUR - MICRO)],
        )
        assert [d.id for d in activity.disputes_in(window)] == ["d"]
        assert [r.id for r in activity.ratings_in(window)] == ["r"]
        assert activity.messages_in(window) == ()
        assert [v.id for v in activity.violations_in(window)] == ["v"]

    def test_account_default_and_validation(self) -> None:
        """The default account is a private one without payment methods."""
        assert SellerActivity().account == SellerAccount()
        with pytest.raises(InvalidTypeError):
            SellerActivity(account="business")  # type: ignore[arg-type]

    @given(activities(), st.randoms(use_true_random=False))
    def test_record_order_does_not_matter(
        self, activity: SellerActivity, rnd: random.Random
    ) -> None:
        """Shuffling the input records gives an equal activity."""
        shuffled = {}
        for field in ("offers", "orders", "disputes", "ratings", "messages", "violations"):
            items = list(getattr(activity, field))
            rnd.shuffle(items)
            shuffled[field] = items
        assert SellerActivity(account=activity.account, **shuffled) == activity

    @given(activities())
    def test_records_are_sorted_by_time(self, activity: SellerActivity) -> None:
        """Each kind is sorted by its own instant on the UTC time line."""
        for records, time in (
            (activity.orders, "bought_at"),
            (activity.ratings, "created_at"),
            (activity.messages, "received_at"),
        ):
            times = [getattr(r, time).astimezone(UTC) for r in records]
            assert times == sorted(times)


class TestInvalidVariants:
    """Every broken invariant is refused, and the message names the field."""

    @given(
        st.sampled_from(
            [
                ("bought_at", lambda o: {"bought_at": o.bought_at.replace(tzinfo=None)}),
                ("total", lambda o: {"total": Money("-0.01")}),
                ("sent_at", lambda o: {"sent_at": o.bought_at - MICRO, "delivered_at": None}),
                ("tracking_added_at", lambda o: {"tracking_added_at": o.bought_at - MICRO}),
                ("dispatch_by", lambda o: {"dispatch_by": o.bought_at - MICRO}),
                (
                    "delivered_at",
                    lambda o: {"sent_at": o.bought_at + HOUR, "delivered_at": o.bought_at},
                ),
            ]
        ),
        st.integers(min_value=0, max_value=10_000),
    )
    def test_invalid_orders(self, case: tuple[str, Any], minutes: int) -> None:
        """Each invalid change to a valid order raises an error naming its field."""
        field, change = case
        valid = order(bought_at=T0 + timedelta(minutes=minutes))
        with pytest.raises(SellerQualityError, match=field):
            attrs.evolve(valid, **change(valid))


class TestCrossRecordChecks:
    def test_dispute_before_its_purchase_is_refused(self) -> None:
        """A dispute cannot be opened before the order it is about was bought (DI-2)."""
        bought = Order(id="o-1", bought_at=T0, total=Money("1"))
        early = Dispute(id="d-1", opened_at=T0 - MICRO, order_id="o-1")
        with pytest.raises(
            InvalidValueError, match=r"Dispute 'd-1': opened_at .* before the purchase"
        ):
            SellerActivity(orders=[bought], disputes=[early])

    def test_dispute_about_an_unknown_order_is_kept(self) -> None:
        """An order outside the export is no error: the dispute stands on its own."""
        dispute = Dispute(id="d-1", opened_at=T0, order_id="elsewhere")
        assert SellerActivity(disputes=[dispute]).disputes == (dispute,)

    def test_the_check_readers_share(self) -> None:
        """DI-2: check_opened_after_purchase accepts a dispute at the purchase, refuses before."""
        bought = {"o-1": T0}
        check_opened_after_purchase(Dispute(id="d-1", opened_at=T0, order_id="o-1"), bought)
        with pytest.raises(InvalidValueError) as caught:
            check_opened_after_purchase(
                Dispute(id="d-2", opened_at=T0 - HOUR, order_id="o-1"), bought
            )
        assert (caught.value.record_id, caught.value.field) == ("d-2", "opened_at")

    def test_method_names_must_be_strings(self) -> None:
        """Pickup and delivery methods are names; category steps are strings."""
        with pytest.raises(InvalidTypeError):
            Offer(id="o", price=Money("1"), pickup_methods=[1, 2])  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError):
            Offer(id="o", price=Money("1"), allegro_delivery_methods=[""])
        with pytest.raises(InvalidTypeError):
            Offer(id="o", price=Money("1"), category=["Home", 3])  # type: ignore[list-item]


RECORD_BREAKS: list[tuple[str, type, dict[str, Any], dict[str, Any]]] = [
    # (field named in the message, record class, valid fields, the breaking change)
    ("opened_at", Dispute, {"id": "d", "opened_at": T0}, {"opened_at": T0.replace(tzinfo=None)}),
    (
        "first_reply_at",
        Dispute,
        {"id": "d", "opened_at": T0},
        {"first_reply_at": T0 - MICRO},
    ),
    (
        "closed_at",
        Dispute,
        {"id": "d", "opened_at": T0, "status": DisputeStatus.RESOLVED},
        {"closed_at": T0 - MICRO},
    ),
    (
        "created_at",
        Rating,
        {"id": "r", "created_at": T0, "recommended": True},
        {"created_at": None},
    ),
    ("service", Rating, {"id": "r", "created_at": T0, "recommended": True}, {"service": 6}),
    ("delivery", Rating, {"id": "r", "created_at": T0, "recommended": True}, {"delivery": 0}),
    ("replied_at", Message, {"id": "m", "received_at": T0}, {"replied_at": T0 - MICRO}),
    ("received_at", Message, {"id": "m", "received_at": T0}, {"received_at": "2022-03-01"}),
    (
        "at",
        Violation,
        {"id": "v", "kind": ViolationKind.WARNING, "at": T0},
        {"at": T0.replace(tzinfo=None)},
    ),
    ("price", Offer, {"id": "o", "price": Money("1")}, {"price": Money("-1")}),
    (
        "ended_at",
        Offer,
        {"id": "o", "price": Money("1"), "listed_at": T0},
        {"ended_at": T0 - MICRO},
    ),
    ("id", Offer, {"id": "o", "price": Money("1")}, {"id": ""}),
]


class TestEveryRecordKind:
    @given(st.sampled_from(RECORD_BREAKS), st.integers(min_value=0, max_value=10_000))
    def test_each_break_is_refused_naming_its_field(
        self, case: tuple[str, type, dict[str, Any], dict[str, Any]], minutes: int
    ) -> None:
        """Every kind of record refuses each broken invariant, and the message names the field."""
        field, cls, valid, change = case
        shift = timedelta(minutes=minutes)
        moved = {k: (v + shift if isinstance(v, datetime) else v) for k, v in valid.items()}
        assert cls(**moved) is not None  # the valid record is accepted
        broken = {
            k: (v + shift if isinstance(v, datetime) and v.tzinfo is not None else v)
            for k, v in change.items()
        }
        with pytest.raises(SellerQualityError, match=field):
            cls(**(moved | broken))
