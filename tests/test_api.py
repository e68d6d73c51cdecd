"""Allegro REST API bodies -> SellerActivity: every mapping rule, decoding, lenient mode."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api_strategies import (
    api_payloads,
    at,
    chat,
    checkout_form,
    corrupted,
    delivery_methods,
    forms,
    issue,
    legacy_dispute,
    legacy_messages,
    line_item,
    listed_offer,
    message,
    messages,
    offer_page,
    parameter,
    product_offer,
    ratings,
    shipment,
    shipments,
    shipping_rates,
    smart_report,
    tracking,
    user_rating,
)
from sellerquality import WARSAW, Money, Rejected
from sellerquality.allegro import (
    EDITION_2022,
    AllegroApiWarning,
    ApiBodies,
    DisputeReason,
    DisputeStatus,
    Order,
    SellerActivity,
    from_api,
    read_api_dir,
    sales_quality,
)
from sellerquality.allegro._api._common import (
    ACCEPTED_PARCEL_STATUSES,
    PARCEL_STATUS_ORDER,
    dispute_reason,
    is_pickup,
)
from sellerquality.exceptions import LoadError, PathProblem, SellerQualityError

DATA = Path(__file__).parent / "data" / "allegro-api"


@pytest.fixture(autouse=True)
def _no_unexpected_warnings() -> Iterator[None]:
    """An AllegroApiWarning a test does not expect with pytest.warns fails it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", AllegroApiWarning)
        yield


def utc(hours: float) -> datetime:
    """The instant ``at(hours)`` names."""
    return datetime(2025, 6, 1, tzinfo=UTC) + timedelta(hours=hours)


def one_order(form: dict[str, Any], **more: Any) -> Order:
    """The single order read from one checkout form (and any details)."""
    activity: SellerActivity = from_api(checkout_forms=forms(form), **more)
    (order,) = activity.orders
    return order


def problems(excinfo: pytest.ExceptionInfo[LoadError]) -> list[str]:
    """The problems of a LoadError as "path: reason" strings."""
    return [str(problem) for problem in excinfo.value.problems]


# --- orders ---------------------------------------------------------------------------------------


class TestArguments:
    """from_api's body arguments: one list of names (ApiBodies), checked at run time too."""

    def test_a_misspelt_body_is_refused(self) -> None:
        """A typo would otherwise drop a whole endpoint silently (SQ-1: nothing is lost)."""
        with pytest.raises(TypeError, match="checkout_form"):
            from_api(checkout_form={})  # type: ignore[call-overload]

    def test_every_body_name_is_read(self) -> None:
        """Each ApiBodies key is an argument from_api reads, no more and no fewer."""
        assert set(ApiBodies.__annotations__) == {
            "me", "checkout_forms", "shipments", "parcel_tracking", "issues", "issue_chats",
            "disputes", "dispute_messages", "user_ratings", "threads", "thread_messages",
            "offers", "product_offers", "offer_smart", "shipping_rates", "delivery_methods",
        }  # fmt: skip
        nothing = cast("ApiBodies", dict.fromkeys(ApiBodies.__annotations__))
        assert from_api(**nothing) == from_api()


class TestOrders:
    def test_purchase_time_is_the_earliest_line_item(self) -> None:
        """There is no top-level purchase time: bought_at is the earliest lineItems[].boughtAt."""
        form = checkout_form(items=[line_item(at(12)), line_item(at(11.5)), line_item(at(13))])
        assert one_order(form).bought_at == utc(11.5)

    def test_total_is_total_to_pay(self) -> None:
        """The total is summary.totalToPay, exact, in its currency."""
        order = one_order(checkout_form(total="141.98"))
        assert order.total == Money(Decimal("141.98"), "PLN")

    @pytest.mark.parametrize(
        ("status", "fulfilment", "cancelled"),
        [
            ("CANCELLED", None, True),
            ("READY_FOR_PROCESSING", "CANCELLED", True),
            ("CANCELLED", "CANCELLED", True),
            ("READY_FOR_PROCESSING", "SENT", False),
            ("BOUGHT", None, False),
            ("FILLED_IN", "RETURNED", False),
        ],
    )
    def test_cancelled_from_status_or_fulfilment(
        self, status: str, fulfilment: str | None, cancelled: bool
    ) -> None:
        """Cancelled when status or fulfillment.status is CANCELLED; RETURNED is not."""
        form = checkout_form(status=status, fulfillment=fulfilment)
        assert one_order(form).cancelled is cancelled

    def test_dispatch_deadline(self) -> None:
        """dispatch_by is delivery.time.dispatch.to; without it, None."""
        assert one_order(checkout_form(dispatch_to=at(40))).dispatch_by == utc(40)
        assert one_order(checkout_form()).dispatch_by is None

    def test_tracking_added_is_the_earliest_shipment(self) -> None:
        """tracking_added_at is the earliest shipment createdAt of the order."""
        body = shipments(shipment("W2", at(30)), shipment("W1", at(20)))
        order = one_order(checkout_form(), shipments={"cf-1": body})
        assert order.tracking_added_at == utc(20)

    def test_unknown_without_shipments_or_tracking(self) -> None:
        """Without bodies, tracking, sent and delivered stay None: never guessed."""
        order = one_order(checkout_form(fulfillment="SENT"))
        assert (order.tracking_added_at, order.sent_at, order.delivered_at) == (None, None, None)
        order = one_order(checkout_form(), shipments={"cf-1": shipments(shipment("W1", at(20)))})
        assert (order.tracking_added_at, order.sent_at, order.delivered_at) == (utc(20), None, None)

    def test_empty_shipments_leave_tracking_unknown(self) -> None:
        """A shipments body with no shipment means no tracking number yet."""
        assert one_order(checkout_form(), shipments={"cf-1": shipments()}).tracking_added_at is None

    def test_sent_is_the_first_accepted_status_of_any_waybill(self) -> None:
        """sent_at: the earliest status IN_TRANSIT or later over the order's waybills."""
        parcels = shipments(shipment("W1", at(20)), shipment("W2", at(21), carrier="DPD"))
        bodies = [
            tracking("INPOST", {"W1": [(at(20.5), "PENDING"), (at(26), "IN_TRANSIT")]}),
            tracking("DPD", {"W2": [(at(25), "RELEASED_FOR_DELIVERY"), (at(30), "DELIVERED")]}),
        ]
        order = one_order(checkout_form(), shipments={"cf-1": parcels}, parcel_tracking=bodies)
        assert order.sent_at == utc(25)

    def test_pending_is_not_sent(self) -> None:
        """A parcel only PENDING (prepared, not handed over) is not sent."""
        parcels = shipments(shipment("W1", at(20)))
        body = tracking("INPOST", {"W1": [(at(21), "PENDING")]})
        order = one_order(checkout_form(), shipments={"cf-1": parcels}, parcel_tracking=body)
        assert order.tracking_added_at == utc(20)
        assert order.sent_at is None

    def test_statuses_are_read_in_time_order(self) -> None:
        """The carrier's statuses count by occurredAt, whatever order the body lists them in."""
        parcels = shipments(shipment("W1", at(20)))
        body = tracking("INPOST", {"W1": [(at(40), "DELIVERED"), (at(30), "IN_TRANSIT")]})
        order = one_order(checkout_form(), shipments={"cf-1": parcels}, parcel_tracking=body)
        assert (order.sent_at, order.delivered_at) == (utc(30), utc(40))

    def test_delivered_when_the_last_parcel_is(self) -> None:
        """delivered_at is the DELIVERED time of the order's last parcel."""
        parcels = shipments(shipment("W1", at(20)), shipment("W2", at(21)))
        body = tracking(
            "INPOST",
            {
                "W1": [(at(22), "IN_TRANSIT"), (at(40), "DELIVERED")],
                "W2": [(at(23), "IN_TRANSIT"), (at(30), "DELIVERED")],
            },
        )
        order = one_order(checkout_form(), shipments={"cf-1": parcels}, parcel_tracking=body)
        assert (order.sent_at, order.delivered_at) == (utc(22), utc(40))

    def test_not_delivered_while_a_parcel_is_not_known_to_be(self) -> None:
        """One parcel without DELIVERED (or without history) leaves delivered_at None."""
        parcels = shipments(shipment("W1", at(20)), shipment("W2", at(21)))
        body = tracking("INPOST", {"W1": [(at(22), "IN_TRANSIT"), (at(40), "DELIVERED")]})
        order = one_order(checkout_form(), shipments={"cf-1": parcels}, parcel_tracking=body)
        assert (order.sent_at, order.delivered_at) == (utc(22), None)

    def test_tracking_matches_carrier_and_waybill(self) -> None:
        """A history of the same waybill number at another carrier is not the order's."""
        parcels = shipments(shipment("W1", at(20)))
        body = tracking("DPD", {"W1": [(at(22), "IN_TRANSIT")]})
        with pytest.warns(AllegroApiWarning, match="is on no shipment given"):
            order = one_order(checkout_form(), shipments={"cf-1": parcels}, parcel_tracking=body)
        assert order.sent_at is None

    def test_parcel_status_order(self) -> None:
        """Every schema status has a place; all but PENDING mean the carrier has the parcel."""
        schema = {
            "AVAILABLE_FOR_PICKUP",
            "DELIVERED",
            "IN_TRANSIT",
            "ISSUE",
            "NOTICE_LEFT",
            "PENDING",
            "RELEASED_FOR_DELIVERY",
            "RETURNED",
        }
        assert set(PARCEL_STATUS_ORDER) == schema
        assert schema - ACCEPTED_PARCEL_STATUSES == {"PENDING"}
        order = PARCEL_STATUS_ORDER
        assert order["PENDING"] < order["IN_TRANSIT"] < order["RELEASED_FOR_DELIVERY"]
        assert order["RELEASED_FOR_DELIVERY"] < order["NOTICE_LEFT"] < order["DELIVERED"]

    @pytest.mark.parametrize(
        ("discounts", "promoted"),
        [
            (["CAMPAIGN"], True),
            (["COUPON"], True),
            (["BUNDLE"], False),
            (["UNIT_PERCENTAGE_DISCOUNT", None], False),
            ([], False),
        ],
    )
    def test_promoted_by_campaign_or_coupon(
        self, discounts: list[str | None], promoted: bool
    ) -> None:
        """A CAMPAIGN or COUPON discount on any line item makes the sale promoted."""
        items = [line_item(), line_item(discounts=discounts)]
        assert one_order(checkout_form(items=items)).promoted is promoted

    def test_promoted_below_original_price(self) -> None:
        """A line item sold below its originalPrice makes the sale promoted."""
        below = line_item(amount="150.00", original="160.00")
        assert one_order(checkout_form(items=[line_item(), below])).promoted is True
        same = line_item(amount="160.00", original="160.00")
        assert one_order(checkout_form(items=[same])).promoted is False

    def test_payment_types_are_the_account_payment_methods(self) -> None:
        """The distinct payment types buyers used are the seller's payment methods."""
        page = forms(
            checkout_form("a", payment="ONLINE"),
            checkout_form("b", payment="CASH_ON_DELIVERY"),
            checkout_form("c", payment="ONLINE"),
            checkout_form("d"),
        )
        activity = from_api(checkout_forms=page)
        assert activity.account.payment_methods == {"ONLINE", "CASH_ON_DELIVERY"}

    def test_empty_payment_type_is_an_error(self) -> None:
        """An empty payment type names no method: a problem at payment.type."""
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(checkout_form(payment=" ")))
        assert [p.path for p in excinfo.value.problems] == [
            "checkout_forms$.checkoutForms[0].payment.type"
        ]

    def test_no_line_items_is_an_error(self) -> None:
        """An order without line items has no purchase time: a problem at lineItems."""
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(checkout_form(items=[])))
        assert problems(excinfo) == [
            (
                "checkout_forms$.checkoutForms[0].lineItems: is empty; the purchase time is the "
                "earliest boughtAt"
            )
        ]

    def test_float_money_refused(self) -> None:
        """A float amount is refused (not exact), at its path."""
        form = checkout_form()
        form["summary"]["totalToPay"]["amount"] = 10.5
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(form))
        (problem,) = excinfo.value.problems
        assert problem.path == "checkout_forms$.checkoutForms[0].summary.totalToPay.amount"
        assert "floats are refused" in problem.reason

    def test_bad_currency_at_its_path(self) -> None:
        """A currency that is not ISO 4217 is a problem at the price."""
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(checkout_form(currency="zł")))
        (problem,) = excinfo.value.problems
        assert problem.path == "checkout_forms$.checkoutForms[0].summary.totalToPay"

    def test_naive_instant_refused(self) -> None:
        """An instant without an offset is refused; the API gives UTC with Z."""
        form = checkout_form(items=[line_item("2025-06-02T08:15:00")])
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(form))
        (problem,) = excinfo.value.problems
        assert problem.path == "checkout_forms$.checkoutForms[0].lineItems[0].boughtAt"
        assert "naive" in problem.reason

    def test_instants_are_aware_utc(self) -> None:
        """Z instants become aware UTC datetimes, milliseconds kept."""
        order = one_order(checkout_form(items=[line_item("2025-06-12T07:45:12.345Z")]))
        assert order.bought_at == datetime(2025, 6, 12, 7, 45, 12, 345000, tzinfo=UTC)
        assert order.bought_at.utcoffset() == timedelta(0)

    def test_record_invariant_is_reported_at_the_api_field(self) -> None:
        """A dispatch deadline before the purchase points at delivery.time.dispatch.to."""
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(checkout_form(dispatch_to=at(1))))
        (problem,) = excinfo.value.problems
        assert problem.path == "checkout_forms$.checkoutForms[0].delivery.time.dispatch.to"
        assert "is before bought_at" in problem.reason

    def test_tracking_before_purchase_points_at_the_shipment(self) -> None:
        """A tracking number added before the purchase points at the shipment's createdAt."""
        body = shipments(shipment("W1", at(1)))
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(checkout_form()), shipments={"cf-1": body})
        assert [p.path for p in excinfo.value.problems] == [
            "shipments['cf-1']$.shipments[0].createdAt"
        ]

    def test_sent_before_purchase_points_at_the_shipment(self) -> None:
        """A carrier status before the purchase points at the order's shipment."""
        body = shipments(shipment("W1", at(20)))
        history = tracking("INPOST", {"W1": [(at(1), "IN_TRANSIT"), (at(2), "DELIVERED")]})
        with pytest.raises(LoadError) as excinfo:
            from_api(
                checkout_forms=forms(checkout_form()),
                shipments={"cf-1": body},
                parcel_tracking=history,
            )
        paths = [p.path for p in excinfo.value.problems]
        assert paths == ["shipments['cf-1']$.shipments[0]"]

    def test_broken_tracking_rejects_its_order(self) -> None:
        """A malformed history of an order's waybill rejects that order, with the history's path."""
        body = shipments(shipment("W1", at(20)))
        history = tracking("INPOST", {"W1": [(at(22), "IN_TRANSIT")]})
        history["waybills"][0]["trackingDetails"]["statuses"][0]["occurredAt"] = "soon"
        activity, rejected = from_api(
            checkout_forms=forms(checkout_form()),
            shipments={"cf-1": body},
            parcel_tracking=[history],
            strict=False,
        )
        assert activity.orders == ()
        (item,) = rejected
        assert item.path == "checkout_forms$.checkoutForms[0]"
        assert [p.path for p in item.problems] == [
            "parcel_tracking[0]$.waybills[0].trackingDetails.statuses[0].occurredAt"
        ]

    def test_broken_tracking_of_no_order_is_rejected_alone(self) -> None:
        """A malformed history that belongs to no order is rejected on its own."""
        history = tracking("INPOST", {"W9": [(at(22), "IN_TRANSIT")]})
        history["waybills"][0]["trackingDetails"] = "none"
        history["waybills"].append({"trackingDetails": {}})
        _, rejected = from_api(parcel_tracking=history, strict=False)
        assert [item.path for item in rejected] == [
            "parcel_tracking$.waybills[1]",
            "parcel_tracking$.waybills[0]",
        ]

    def test_tracking_entry_without_a_waybill_string(self) -> None:
        """A history entry whose waybill cannot be read is rejected on its own."""
        body = {"carrierId": "DPD", "waybills": [{"waybill": 5}, "W1"]}
        _, rejected = from_api(parcel_tracking=body, strict=False)
        assert [str(p) for item in rejected for p in item.problems] == [
            "parcel_tracking$.waybills[0].waybill: str 5 must be a string",
            "parcel_tracking$.waybills[1]: is the string 'W1'; expected an object",
        ]

    def test_orphan_history_rejects_only_its_broken_entries(self) -> None:
        """Of two entries for one orphan waybill, only the broken one is rejected."""
        good = tracking("INPOST", {"W9": [(at(22), "IN_TRANSIT")]})
        bad = tracking("INPOST", {"W9": [(at(23), "DELIVERED")]})
        bad["waybills"][0]["trackingDetails"]["statuses"][0]["code"] = None
        _, rejected = from_api(parcel_tracking=[good, bad], strict=False)
        assert [item.path for item in rejected] == ["parcel_tracking[1]$.waybills[0]"]

    def test_tracking_body_without_carrier_is_rejected(self) -> None:
        """A tracking body without carrierId cannot be matched to shipments: rejected whole."""
        body = tracking("INPOST", {"W1": []})
        del body["carrierId"]
        _, rejected = from_api(parcel_tracking=body, strict=False)
        assert [str(p) for item in rejected for p in item.problems] == [
            "parcel_tracking$.carrierId: required field missing"
        ]

    def test_waybill_without_history_reads_as_unknown(self) -> None:
        """A waybill the carrier has no history for (no trackingDetails) leaves sent unknown."""
        history = {"carrierId": "INPOST", "waybills": [{"waybill": "W1"}]}
        order = one_order(
            checkout_form(),
            shipments={"cf-1": shipments(shipment("W1", at(20)))},
            parcel_tracking=history,
        )
        assert (order.sent_at, order.delivered_at) == (None, None)

    def test_unknown_values_are_kept_and_reported(self) -> None:
        """Statuses, codes and types Allegro adds later are warned about, never fatal."""
        form = checkout_form(
            status="ON_HOLD",
            fulfillment="LOST",
            items=[line_item(discounts=["LOYALTY"])],
            payment="BLIK_LATER",
        )
        body = tracking("INPOST", {"W1": [(at(21), "AT_LOCKER")]})
        with pytest.warns(AllegroApiWarning) as caught:
            order = one_order(
                form, shipments={"cf-1": shipments(shipment("W1", at(20)))}, parcel_tracking=body
            )
        assert (order.cancelled, order.promoted, order.sent_at) == (False, False, None)
        assert [str(w.message).split(": ")[0] for w in caught] == [
            "parcel_tracking$.waybills[0].trackingDetails.statuses[0].code",
            "checkout_forms$.checkoutForms[0].status",
            "checkout_forms$.checkoutForms[0].fulfillment.status",
            "checkout_forms$.checkoutForms[0].lineItems[0].discounts[0].type",
            "checkout_forms$.checkoutForms[0].payment.type",
        ]

    def test_unknown_payment_type_is_kept(self) -> None:
        """A payment type Allegro adds later still counts as a payment method."""
        with pytest.warns(AllegroApiWarning, match="kept as a payment method"):
            activity = from_api(checkout_forms=forms(checkout_form(payment="BLIK_LATER")))
        assert activity.account.payment_methods == {"BLIK_LATER"}

    def test_orders_keep_the_most_common_currency(self) -> None:
        """Orders in a minority currency are rejected, as in our own format."""
        page = forms(
            checkout_form("a", currency="CZK"),
            checkout_form("b"),
            checkout_form("c"),
        )
        activity, rejected = from_api(checkout_forms=page, strict=False)
        assert [order.id for order in activity.orders] == ["b", "c"]
        assert [str(p) for item in rejected for p in item.problems] == [
            (
                "checkout_forms$.checkoutForms[0].summary.totalToPay: is in CZK; "
                "the seller's orders are in PLN"
            )
        ]

    def test_orphan_shipments_are_reported(self) -> None:
        """Shipments of an order not among the checkout forms are ignored with a warning."""
        with pytest.warns(
            AllegroApiWarning, match=r"shipments\['x'\]: belongs to no checkout form"
        ):
            activity = from_api(shipments={"x": shipments()})
        assert activity.orders == ()


# --- disputes -------------------------------------------------------------------------------------


class TestDisputeReason:
    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("NO_PRODUCT_RECEIVED", DisputeReason.NOT_RECEIVED),
            ("did_not_receive_goods_after_payment", DisputeReason.NOT_RECEIVED),
            ("I did not receive the goods after payment", DisputeReason.NOT_RECEIVED),
            ("nie otrzymałem towaru po wpłacie", DisputeReason.NOT_RECEIVED),
            ("no product in the parcel", DisputeReason.NOT_RECEIVED),
            ("NOT_AS_DESCRIBED", DisputeReason.NOT_AS_DESCRIBED),
            ("Does not match the description.", DisputeReason.NOT_AS_DESCRIBED),
            ("the product is damaged", DisputeReason.NOT_AS_DESCRIBED),
            ("DEFECT_FOUND_DURING_USE", DisputeReason.NOT_AS_DESCRIBED),
            ("Shipping cost different than in the offer", DisputeReason.SHIPPING_COST),
            ("Koszt wysyłki niezgodny z ofertą", DisputeReason.SHIPPING_COST),
            ("no refund after canceling the order", DisputeReason.OTHER),
            ("my reason is not on the list", DisputeReason.OTHER),
            (None, DisputeReason.OTHER),
            ("  ", DisputeReason.OTHER),
            ("Paczka przyszła mokra", None),
        ],
    )
    def test_subject_to_reason(self, text: str | None, reason: DisputeReason | None) -> None:
        """Codes, the schema's English subjects, Allegro's Polish example and cost words map."""
        assert dispute_reason(text) is reason


class TestIssues:
    def read(self, *items: dict[str, Any], **chats: dict[str, Any]) -> SellerActivity:
        """The activity of these issues and chats."""
        return from_api(issues={"issues": list(items)}, issue_chats=chats)

    def test_a_dispute(self) -> None:
        """An issue of type DISPUTE becomes a Dispute: id, opening, order, subject, status."""
        body = issue("i-1", subject="no product in the parcel", status="DISPUTE_UNRESOLVED")
        (dispute,) = self.read(body).disputes
        assert (dispute.id, dispute.opened_at, dispute.order_id) == ("i-1", utc(100), "cf-1")
        assert (dispute.reason, dispute.status) == (
            DisputeReason.NOT_RECEIVED,
            DisputeStatus.UNRESOLVED,
        )
        assert (dispute.first_reply_at, dispute.closed_at) == (None, None)

    @pytest.mark.parametrize(
        ("state", "status"),
        [
            ("DISPUTE_ONGOING", DisputeStatus.ONGOING),
            ("DISPUTE_CLOSED", DisputeStatus.RESOLVED),
            ("DISPUTE_UNRESOLVED", DisputeStatus.UNRESOLVED),
        ],
    )
    def test_state_to_status(self, state: str, status: DisputeStatus) -> None:
        """currentState.status maps to DisputeStatus (closing time unknown: None)."""
        (dispute,) = self.read(issue(status=state)).disputes
        assert dispute.status is status

    def test_unknown_state_rejects_the_dispute(self) -> None:
        """A state with no DisputeStatus to keep it as is a problem, never a guess."""
        with pytest.raises(LoadError) as excinfo:
            self.read(issue(status="DISPUTE_PAUSED"))
        (problem,) = excinfo.value.problems
        assert problem.path == "issues$.issues[0].currentState.status"
        assert "'DISPUTE_PAUSED' is not a dispute status" in problem.reason

    def test_missing_opening_is_an_error(self) -> None:
        """A dispute without openedDate is a problem at openedDate."""
        body = issue()
        del body["openedDate"]
        with pytest.raises(LoadError) as excinfo:
            self.read(body)
        assert problems(excinfo) == ["issues$.issues[0].openedDate: required field missing"]

    def test_issue_without_type_is_an_error(self) -> None:
        """Whether an issue is a dispute is read from type: required."""
        body = issue()
        del body["type"]
        with pytest.raises(LoadError) as excinfo:
            self.read(body)
        assert problems(excinfo) == ["issues$.issues[0].type: required field missing"]

    def test_reason_type_before_subject(self) -> None:
        """A reason code, where the issue has one, decides over the free subject."""
        body = issue(subject="my reason is not on the list", reason="ITEM_IS_DAMAGED")
        (dispute,) = self.read(body).disputes
        assert dispute.reason is DisputeReason.NOT_AS_DESCRIBED

    def test_unknown_subject_is_other_and_reported(self) -> None:
        """A subject we cannot read is OTHER, with a warning at its path."""
        with pytest.warns(AllegroApiWarning, match=r"issues\$\.issues\[0\]\.subject"):
            (dispute,) = self.read(issue(subject="Paczka przyszła mokra")).disputes
        assert dispute.reason is DisputeReason.OTHER

    def test_first_reply_is_the_first_seller_message_after_opening(self) -> None:
        """DI-3: the first SELLER message at or after openedDate; no buyer or admin one."""
        talk = chat(
            ("SELLER", at(90)),  # before a reopening: not a reply to this opening
            ("BUYER", at(100)),
            ("ADMIN", at(101)),
            ("SELLER", at(105)),
            ("SELLER", at(103)),
        )
        (dispute,) = self.read(issue(last="SELLER_REPLIED"), **{"i-1": talk}).disputes
        assert dispute.first_reply_at == utc(103)

    def test_chat_pages(self) -> None:
        """A chat given as a list of pages is read whole."""
        pages = [chat(("BUYER", at(100))), chat(("SELLER", at(102)))]
        activity = from_api(issues={"issues": [issue()]}, issue_chats={"i-1": pages})
        assert activity.disputes[0].first_reply_at == utc(102)

    def test_chat_without_seller_message(self) -> None:
        """A chat with no seller message means no reply."""
        (dispute,) = self.read(issue(), **{"i-1": chat(("BUYER", at(100)))}).disputes
        assert dispute.first_reply_at is None

    def test_no_chat_and_new_means_no_reply(self) -> None:
        """Without a chat body, lastMessage NEW says the seller never wrote: no reply."""
        (dispute,) = self.read(issue(last="NEW")).disputes
        assert dispute.first_reply_at is None

    @pytest.mark.parametrize("last", ["SELLER_REPLIED", "BUYER_REPLIED", None])
    def test_no_chat_when_the_seller_wrote_is_an_error(self, last: str | None) -> None:
        """Without a chat body the first reply's time is unknown: a problem, not a guess."""
        with pytest.raises(LoadError) as excinfo:
            self.read(issue(last=last))
        (problem,) = excinfo.value.problems
        assert problem.path == "issues$.issues[0].chat"
        assert "the seller's first reply is unknown" in problem.reason

    def test_claims_are_not_disputes(self) -> None:
        """A CLAIM is read and makes no record; it is not rejected either."""
        activity, rejected = from_api(
            issues={"issues": [issue("c-1", kind="CLAIM", status="CLAIM_SUBMITTED")]},
            strict=False,
        )
        assert (activity.disputes, rejected) == ((), ())

    def test_a_claims_chat_is_not_an_orphan(self) -> None:
        """The chat of a claim belongs to it: read with it, no warning."""
        claim = issue("c-1", kind="CLAIM", status="CLAIM_SUBMITTED")
        assert self.read(claim, **{"c-1": chat(("SELLER", at(101)))}).disputes == ()

    def test_unknown_issue_type_is_reported(self) -> None:
        """An issue type Allegro adds later is no dispute, with a warning."""
        with pytest.warns(AllegroApiWarning, match="unknown issue type 'RETURN'"):
            activity = self.read(issue(kind="RETURN"))
        assert activity.disputes == ()

    def test_unknown_author_role_is_reported(self) -> None:
        """A chat author role Allegro adds later is not the seller, with a warning."""
        talk = chat(("BOT", at(101)))
        with pytest.warns(AllegroApiWarning, match=r"chat\[0\]\.author\.role"):
            (dispute,) = self.read(issue(), **{"i-1": talk}).disputes
        assert dispute.first_reply_at is None

    def test_malformed_chat_rejects_its_dispute(self) -> None:
        """A chat message without createdAt rejects the dispute, at the chat's path."""
        talk = chat(("SELLER", at(101)))
        del talk["chat"][0]["createdAt"]
        with pytest.raises(LoadError) as excinfo:
            self.read(issue(), **{"i-1": talk})
        assert problems(excinfo) == [
            "issue_chats['i-1']$.chat[0].createdAt: required field missing"
        ]

    def test_orphan_chat_is_reported(self) -> None:
        """A chat of an issue not given is ignored with a warning."""
        with pytest.warns(AllegroApiWarning, match="belongs to no dispute among the issues"):
            self.read(**{"i-9": chat()})


class TestLegacyDisputes:
    def test_a_legacy_dispute(self) -> None:
        """A /sale/disputes dispute: subject.name -> reason, status -> DisputeStatus."""
        body = legacy_dispute(status="CLOSED", subject="Shipping cost different than in the offer")
        (dispute,) = from_api(disputes={"disputes": [body]}).disputes
        assert (dispute.id, dispute.opened_at, dispute.order_id) == ("d-1", utc(100), "cf-1")
        assert (dispute.reason, dispute.status) == (
            DisputeReason.SHIPPING_COST,
            DisputeStatus.RESOLVED,
        )

    @pytest.mark.parametrize(
        ("state", "status"),
        [
            ("ONGOING", DisputeStatus.ONGOING),
            ("CLOSED", DisputeStatus.RESOLVED),
            ("UNRESOLVED", DisputeStatus.UNRESOLVED),
        ],
    )
    def test_status(self, state: str, status: DisputeStatus) -> None:
        """Legacy statuses map to DisputeStatus."""
        (dispute,) = from_api(disputes={"disputes": [legacy_dispute(status=state)]}).disputes
        assert dispute.status is status

    def test_unknown_status_rejects(self) -> None:
        """A legacy status we do not know is a problem at status."""
        with pytest.raises(LoadError) as excinfo:
            from_api(disputes={"disputes": [legacy_dispute(status="PAUSED")]})
        assert [p.path for p in excinfo.value.problems] == ["disputes$.disputes[0].status"]

    def test_missing_first_message_is_an_error(self) -> None:
        """A legacy dispute without its opening message is a problem at message."""
        body = legacy_dispute()
        del body["message"]
        with pytest.raises(LoadError) as excinfo:
            from_api(disputes={"disputes": [body]})
        assert problems(excinfo) == ["disputes$.disputes[0].message: required field missing"]

    def test_opened_falls_back_to_the_first_message(self) -> None:
        """Without openedDate, the buyer's first message opened the dispute."""
        body = legacy_dispute(opened=None, first_message=at(120))
        (dispute,) = from_api(disputes={"disputes": [body]}).disputes
        assert dispute.opened_at == utc(120)

    def test_first_reply_from_messages(self) -> None:
        """DI-3: the first SELLER message at or after opening, from /messages."""
        body = legacy_dispute(messages_status="SELLER_REPLIED")
        talk = legacy_messages(("BUYER", at(100)), ("SELLER", at(112.5)), ("SELLER", at(130)))
        (dispute,) = from_api(
            disputes={"disputes": [body]}, dispute_messages={"d-1": talk}
        ).disputes
        assert dispute.first_reply_at == utc(112.5)

    def test_no_messages_when_the_seller_wrote_is_an_error(self) -> None:
        """MessagesStatus other than NEW and no messages body: the first reply is unknown."""
        body = legacy_dispute(messages_status="BUYER_REPLIED")
        with pytest.raises(LoadError) as excinfo:
            from_api(disputes={"disputes": [body]})
        assert [p.path for p in excinfo.value.problems] == ["disputes$.disputes[0].messagesStatus"]

    def test_reply_before_opening_is_reported_at_its_message(self) -> None:
        """A seller message at the opening instant is the reply (at or after)."""
        body = legacy_dispute(opened=None, first_message=at(100))
        talk = legacy_messages(("SELLER", at(100)))
        (dispute,) = from_api(
            disputes={"disputes": [body]}, dispute_messages={"d-1": talk}
        ).disputes
        assert dispute.first_reply_at == dispute.opened_at

    def test_issue_and_legacy_share_ids(self) -> None:
        """The same dispute from both endpoints with different content: the second is rejected."""
        activity, rejected = from_api(
            issues={"issues": [issue("x")]},
            disputes={"disputes": [legacy_dispute("x")]},
            strict=False,
        )
        assert [d.id for d in activity.disputes] == ["x"]
        assert [item.path for item in rejected] == ["disputes$.disputes[0]"]


# --- ratings and messages -------------------------------------------------------------------------


class TestRatings:
    def test_rating_with_rates(self) -> None:
        """recommended, the legacy rates, buyer, order and comment are read."""
        body = user_rating(
            comment="Polecam",
            rates={"description": 5, "service": 4, "delivery": 3, "deliveryCost": 2},
        )
        (rating,) = from_api(user_ratings=ratings(body)).ratings
        assert (rating.id, rating.created_at, rating.recommended) == ("r-1", utc(50), True)
        assert (rating.order_id, rating.buyer_id, rating.comment) == ("cf-1", "b-1", "Polecam")
        assert rating.stars == (5, 4, 3, 2)

    def test_rating_without_rates(self) -> None:
        """Without rates (ratings made after the star scale ended) there are no marks."""
        body = user_rating(recommended=False, order=None)
        (rating,) = from_api(user_ratings=ratings(body)).ratings
        assert (rating.recommended, rating.order_id, rating.stars, rating.comment) == (
            False,
            None,
            (),
            "",
        )

    def test_partial_rates(self) -> None:
        """Rates given in part keep the rest None."""
        (rating,) = from_api(user_ratings=ratings(user_rating(rates={"service": 5}))).ratings
        assert (rating.description, rating.service) == (None, 5)

    @pytest.mark.parametrize(
        ("comment", "text"), [({"text": "OK", "language": "pl-PL"}, "OK"), ({"text": None}, "")]
    )
    def test_beta_comment_object(self, comment: dict[str, Any], text: str) -> None:
        """The beta shape's comment object {text, language} is read as its text."""
        (rating,) = from_api(user_ratings=ratings(user_rating(comment=comment))).ratings
        assert rating.comment == text

    def test_bad_comment(self) -> None:
        """A comment that is neither a string nor {text} is a problem at comment."""
        with pytest.raises(LoadError) as excinfo:
            from_api(
                user_ratings=ratings(
                    user_rating(comment=5), user_rating("r-2", comment={"text": 5})
                )
            )
        assert [p.path for p in excinfo.value.problems] == [
            "user_ratings$.ratings[0].comment",
            "user_ratings$.ratings[1].comment",
        ]

    def test_star_out_of_range_points_at_the_rate(self) -> None:
        """A mark outside 1..5 is reported at rates.<field>, in the API's spelling."""
        body = user_rating(rates={"deliveryCost": 6})
        with pytest.raises(LoadError) as excinfo:
            from_api(user_ratings=ratings(body))
        (problem,) = excinfo.value.problems
        assert problem.path == "user_ratings$.ratings[0].rates.deliveryCost"
        assert "outside the star scale" in problem.reason

    def test_recommended_must_be_a_bool(self) -> None:
        """Recommended "true" (a string) is refused, not guessed."""
        with pytest.raises(LoadError) as excinfo:
            from_api(user_ratings=ratings(user_rating(recommended="true")))  # type: ignore[arg-type]
        assert [p.path for p in excinfo.value.problems] == ["user_ratings$.ratings[0].recommended"]

    def test_pages_and_repeats(self) -> None:
        """Pages are read in turn; an item repeated by paging is read once."""
        first, second = user_rating("r-1"), user_rating("r-2", created=at(60))
        activity = from_api(user_ratings=[ratings(first, second), ratings(second)])
        assert [r.id for r in activity.ratings] == ["r-1", "r-2"]


class TestMessages:
    def read(self, *items: dict[str, Any], thread: str = "t-1") -> SellerActivity:
        """The activity of one thread of these messages."""
        return from_api(thread_messages={thread: messages(*items)})

    def test_buyer_message_and_the_sellers_next(self) -> None:
        """Each buyer message is answered by the seller's next message in the thread."""
        activity = self.read(
            message("m-3", at(5), buyer=True),
            message("m-2", at(2), buyer=False),
            message("m-1", at(1), buyer=True),
        )
        assert [(m.id, m.received_at, m.replied_at) for m in activity.messages] == [
            ("m-1", utc(1), utc(2)),
            ("m-3", utc(5), None),
        ]

    def test_consecutive_buyer_messages_share_the_reply(self) -> None:
        """Two buyer messages before one seller reply are both answered by it."""
        activity = self.read(
            message("m-1", at(1), buyer=True),
            message("m-2", at(1.5), buyer=True),
            message("m-3", at(30), buyer=False),
            message("m-4", at(31), buyer=False),
        )
        assert [(m.id, m.replied_at) for m in activity.messages] == [
            ("m-1", utc(30)),
            ("m-2", utc(30)),
        ]

    @pytest.mark.parametrize("status", ["BLOCKED", "VERIFYING", "DISMISSED"])
    def test_undelivered_messages_neither_ask_nor_answer(self, status: str) -> None:
        """A message blocked, being verified or dismissed never reached the other side."""
        activity = self.read(
            message("m-1", at(1), buyer=True, status=status),
            message("m-2", at(2), buyer=True),
            message("m-3", at(3), buyer=False, status=status),
            message("m-4", at(4), buyer=False),
        )
        assert [(m.id, m.replied_at) for m in activity.messages] == [("m-2", utc(4))]

    def test_interacting_counts(self) -> None:
        """INTERACTING is a delivered message."""
        activity = self.read(message("m-1", at(1), buyer=True, status="INTERACTING"))
        assert [m.id for m in activity.messages] == ["m-1"]

    def test_unknown_status_counts_and_is_reported(self) -> None:
        """A message status Allegro adds later is read as delivered, with a warning."""
        with pytest.warns(AllegroApiWarning, match="unknown message status 'ARCHIVED'"):
            activity = self.read(message("m-1", at(1), buyer=True, status="ARCHIVED"))
        assert [m.id for m in activity.messages] == ["m-1"]

    def test_pages_of_a_thread(self) -> None:
        """A thread given as pages is one conversation."""
        pages = [
            messages(message("m-2", at(2), buyer=False)),
            messages(message("m-1", at(1), buyer=True)),
        ]
        activity = from_api(thread_messages={"t-1": pages})
        assert [(m.id, m.replied_at) for m in activity.messages] == [("m-1", utc(2))]

    def test_malformed_message_rejects_its_thread(self) -> None:
        """One message that cannot be read rejects the whole thread (its replies are unsure)."""
        bad = message("m-2", at(2), buyer=False)
        del bad["author"]
        activity, rejected = from_api(
            thread_messages={"t-1": messages(message("m-1", at(1), buyer=True), bad)}, strict=False
        )
        assert activity.messages == ()
        (item,) = rejected
        assert item.path == "thread_messages['t-1']"
        assert [str(p) for p in item.problems] == [
            "thread_messages['t-1']$.messages[1].author: required field missing"
        ]

    def test_malformed_page_rejects_its_thread(self) -> None:
        """A page without messages rejects its thread."""
        _, rejected = from_api(thread_messages={"t-1": [{"offset": 0}]}, strict=False)
        assert [str(p) for item in rejected for p in item.problems] == [
            "thread_messages['t-1'][0]$.messages: required field missing"
        ]

    def test_threads_listed_without_messages_are_reported(self) -> None:
        """A thread in /messaging/threads with no messages body: its messages are unknown."""
        listing = {"threads": [{"id": "t-1", "read": True}, {"id": "t-2", "read": False}]}
        with pytest.warns(AllegroApiWarning, match="no thread_messages body for thread 't-2'"):
            activity = from_api(
                threads=listing,
                thread_messages={"t-1": messages(message("m-1", at(1), buyer=True))},
            )
        assert [m.id for m in activity.messages] == ["m-1"]

    def test_malformed_thread_listing_is_rejected(self) -> None:
        """A thread entry without id is rejected at its path."""
        _, rejected = from_api(threads={"threads": [{"read": True}]}, strict=False)
        assert [item.path for item in rejected] == ["threads$.threads[0]"]


# --- offers ---------------------------------------------------------------------------------------


class TestOffers:
    def read(self, *items: dict[str, Any], **details: Any) -> SellerActivity:
        """The activity of these offers and details."""
        activity: SellerActivity = from_api(offers=offer_page(*items), **details)
        return activity

    def test_active_buy_now_offer(self) -> None:
        """Price, publication start, Buy Now; an active offer has not ended."""
        (offer,) = self.read(listed_offer(amount="129.99", started=at(-5), ended=at(-50))).offers
        assert (offer.id, offer.price, offer.listed_at) == ("o-1", Money("129.99"), utc(-5))
        assert (offer.ended_at, offer.buy_now) == (None, True)

    def test_ended_offer(self) -> None:
        """An ENDED offer ended at publication.endedAt."""
        (offer,) = self.read(listed_offer(status="ENDED", ended=at(5))).offers
        assert offer.ended_at == utc(5)

    def test_ended_without_end_time_is_an_error(self) -> None:
        """An ENDED offer without endedAt: when it ended is unknown, a problem."""
        with pytest.raises(LoadError) as excinfo:
            self.read(listed_offer(status="ENDED"))
        assert problems(excinfo) == [
            "offers$.offers[0].publication.endedAt: required field missing for an ENDED offer"
        ]

    def test_activating_offer_lists_at_its_start(self) -> None:
        """A planned offer (ACTIVATING) is listed from publication.startingAt."""
        (offer,) = self.read(
            listed_offer(status="ACTIVATING", started=None, starting=at(30))
        ).offers
        assert (offer.listed_at, offer.ended_at) == (utc(30), None)

    def test_drafts_are_not_offers(self) -> None:
        """An INACTIVE offer (a draft) is read and makes no record."""
        activity, rejected = from_api(
            offers=offer_page(listed_offer(status="INACTIVE", amount=None)), strict=False
        )
        assert (activity.offers, rejected) == ((), ())

    def test_unknown_publication_status(self) -> None:
        """A status Allegro adds later is read from the dates, with a warning."""
        with pytest.warns(AllegroApiWarning, match="unknown publication status 'PAUSED'"):
            (offer,) = self.read(listed_offer(status="PAUSED", ended=at(3))).offers
        assert (offer.listed_at, offer.ended_at) == (utc(-1000), utc(3))

    @pytest.mark.parametrize(("selling", "buy_now"), [("BUY_NOW", True), ("ADVERTISEMENT", False)])
    def test_buy_now(self, selling: str, buy_now: bool) -> None:
        """Buy Now is sellingMode.format BUY_NOW."""
        (offer,) = self.read(listed_offer(selling=selling)).offers
        assert offer.buy_now is buy_now

    def test_auction_without_buy_now_price(self) -> None:
        """An auction without a Buy Now price is priced at its starting price."""
        body = listed_offer(selling="AUCTION", amount=None, starting_price="1.00")
        (offer,) = self.read(body).offers
        assert (offer.price, offer.buy_now) == (Money("1.00"), False)

    def test_missing_price_is_an_error(self) -> None:
        """A Buy Now offer without sellingMode.price is a problem there."""
        with pytest.raises(LoadError) as excinfo:
            self.read(listed_offer(amount=None))
        assert problems(excinfo) == ["offers$.offers[0].sellingMode.price: required field missing"]

    def test_unknown_format_is_reported(self) -> None:
        """A selling format Allegro adds later is not Buy Now, with a warning."""
        with pytest.warns(AllegroApiWarning, match="unknown selling format 'RAFFLE'"):
            (offer,) = self.read(listed_offer(selling="RAFFLE")).offers
        assert offer.buy_now is False

    @pytest.mark.parametrize(
        ("parameters", "ean"),
        [
            ([parameter("1", ["5901234123457"], options={"isGTIN": True})], "5901234123457"),
            ([parameter("2", [" 4006381333931 "], isGTIN=True)], "4006381333931"),
            ([parameter("225693", ["", "5012345678900"])], "5012345678900"),
            (
                [parameter("248811", ["Marka"]), parameter("3", ["9"], options={"isGTIN": False})],
                None,
            ),
            ([parameter("225693", [])], None),
            ([], None),
        ],
    )
    def test_ean_from_gtin_parameter(
        self, parameters: list[dict[str, Any]], ean: str | None
    ) -> None:
        """EAN/GTIN: a product parameter flagged isGTIN (or Allegro's EAN (GTIN) id 225693)."""
        (offer,) = self.read(
            listed_offer(), product_offers={"o-1": product_offer(parameters=parameters)}
        ).offers
        assert offer.ean == ean

    def test_product_set_without_product(self) -> None:
        """A product-set element without a product has no parameters."""
        detail = {"productSet": [{"quantity": {"value": 1}}]}
        (offer,) = self.read(listed_offer(), product_offers={"o-1": detail}).offers
        assert offer.ean is None

    @pytest.mark.parametrize(
        ("handling", "expected"),
        [("PT0S", timedelta(0)), ("PT24H", timedelta(hours=24)), ("P3D", timedelta(days=3))],
    )
    def test_handling_time(self, handling: str, expected: timedelta) -> None:
        """Handling time is delivery.handlingTime, an ISO 8601 duration."""
        (offer,) = self.read(
            listed_offer(), product_offers={"o-1": product_offer(handling=handling)}
        ).offers
        assert offer.handling_time == expected

    def test_bad_handling_time_rejects_the_offer(self) -> None:
        """A duration in months has no fixed length: a problem in the product offer."""
        with pytest.raises(LoadError) as excinfo:
            self.read(listed_offer(), product_offers={"o-1": product_offer(handling="P1M")})
        assert [p.path for p in excinfo.value.problems] == [
            "product_offers['o-1']$.delivery.handlingTime"
        ]

    def test_handling_time_unknown_without_details(self) -> None:
        """Without the product-offer body, EAN and handling time are unknown."""
        (offer,) = self.read(listed_offer()).offers
        assert (offer.ean, offer.handling_time, offer.smart) == (None, None, False)

    @pytest.mark.parametrize("fulfilled", [True, False])
    def test_smart(self, fulfilled: bool) -> None:
        """Smart! is the offer classification's fulfilled."""
        (offer,) = self.read(
            listed_offer(), offer_smart={"o-1": smart_report(fulfilled=fulfilled)}
        ).offers
        assert offer.smart is fulfilled

    def test_malformed_smart_rejects_the_offer(self) -> None:
        """A Smart! report without classification.fulfilled is a problem."""
        with pytest.raises(LoadError) as excinfo:
            self.read(listed_offer(), offer_smart={"o-1": {"classification": {}}})
        assert problems(excinfo) == [
            "offer_smart['o-1']$.classification.fulfilled: required field missing"
        ]

    def test_delivery_methods(self) -> None:
        """Methods come from the shipping rates; Allegro ones are endorsed, pickup ones by name."""
        methods = delivery_methods(
            ("m-1", "Allegro Paczkomaty InPost", True),
            ("m-2", "Allegro Kurier DPD", True),
            ("m-3", "Odbiór osobisty", False),
            ("m-4", "List polecony priorytetowy", False),
            ("m-5", "Allegro Paczkomaty InPost", True),
        )
        (offer,) = self.read(
            listed_offer(rates="s-1"),
            shipping_rates={"s-1": shipping_rates("m-1", "m-2", "m-3", "m-4", "m-5")},
            delivery_methods=methods,
        ).offers
        assert offer.pickup_methods == {"Allegro Paczkomaty InPost", "Odbiór osobisty"}
        assert offer.allegro_delivery_methods == {"Allegro Paczkomaty InPost", "Allegro Kurier DPD"}

    def test_rates_named_in_the_product_offer(self) -> None:
        """A listing without shipping rates takes them from the product offer."""
        (offer,) = self.read(
            listed_offer(),
            product_offers={"o-1": product_offer(rates="s-1")},
            shipping_rates={"s-1": shipping_rates("m-1")},
            delivery_methods=delivery_methods(("m-1", "Allegro One Box, DPD", True)),
        ).offers
        assert offer.pickup_methods == offer.allegro_delivery_methods == {"Allegro One Box, DPD"}

    @pytest.mark.parametrize(
        ("name", "pickup"),
        [
            ("Allegro Paczkomaty InPost", True),
            ("Allegro Odbiór w Punkcie DPD Pickup", True),
            ("Allegro Automat Pocztex", True),
            ("Allegro One Punkt", True),
            ("Allegro One Box, DPD", True),
            ("Odbior osobisty po przedplacie", True),
            ("Allegro Kurier DPD", False),
            ("List polecony priorytetowy", False),
            ("Allegro MiniKurier24 InPost", False),
        ],
    )
    def test_pickup_names(self, name: str, pickup: bool) -> None:
        """Pickup: collected in person, at a point or a locker, by the method's name."""
        assert is_pickup(name) is pickup

    def test_methods_unknown_without_the_bodies(self) -> None:
        """Without shipping rates or delivery methods, no methods are read."""
        (offer,) = self.read(listed_offer(rates="s-1")).offers
        assert offer.pickup_methods == offer.allegro_delivery_methods == frozenset()
        (offer,) = self.read(
            listed_offer(rates="s-1"), shipping_rates={"s-1": shipping_rates("m-1")}
        ).offers
        assert offer.pickup_methods == frozenset()

    def test_missing_rates_and_methods_are_reported(self) -> None:
        """A shipping rates set or a delivery method not given is reported once."""
        with pytest.warns(AllegroApiWarning) as caught:
            self.read(
                listed_offer("o-1", rates="s-1"),
                listed_offer("o-2", rates="s-1"),
                listed_offer("o-3", rates="s-2"),
                shipping_rates={"s-1": shipping_rates("m-1", "m-9")},
                delivery_methods=delivery_methods(("m-1", "Kurier", False)),
            )
        assert [str(w.message) for w in caught] == [
            "shipping_rates['s-1']$: delivery method 'm-9' is not in delivery_methods",
            "offers$.offers[2]: shipping rates 's-2' not given; no methods read",
        ]

    def test_malformed_shipping_rates_reject_their_offers(self) -> None:
        """A shipping rates set that cannot be read rejects each offer that uses it."""
        _, rejected = from_api(
            offers=offer_page(listed_offer("o-1", rates="s-1"), listed_offer("o-2", rates="s-1")),
            shipping_rates={"s-1": {"rates": [{}]}},
            strict=False,
        )
        assert [item.path for item in rejected] == ["offers$.offers[0]", "offers$.offers[1]"]
        assert [str(p) for p in rejected[0].problems] == [
            "shipping_rates['s-1']$.rates[0].deliveryMethod: required field missing"
        ]

    def test_malformed_delivery_method_is_rejected_alone(self) -> None:
        """A delivery method entry without allegroEndorsed is rejected; the others are read."""
        body = delivery_methods(("m-1", "Kurier", False))
        body["deliveryMethods"].append({"id": "m-2", "name": "Paczkomat"})
        _, rejected = from_api(delivery_methods=body, strict=False)
        assert [str(p) for item in rejected for p in item.problems] == [
            "delivery_methods$.deliveryMethods[1].allegroEndorsed: required field missing"
        ]

    def test_empty_method_name_is_rejected(self) -> None:
        """Methods count by name; an empty name is a problem at name."""
        _, rejected = from_api(delivery_methods=delivery_methods(("m-1", "", True)), strict=False)
        assert [p.path for item in rejected for p in item.problems] == [
            "delivery_methods$.deliveryMethods[0].name"
        ]

    def test_details_of_drafts_are_not_orphans(self) -> None:
        """A draft's product offer and Smart! report belong to it: no warning."""
        activity = self.read(
            listed_offer(status="INACTIVE"),
            product_offers={"o-1": product_offer()},
            offer_smart={"o-1": smart_report(fulfilled=False)},
        )
        assert activity.offers == ()

    def test_orphan_details_are_reported(self) -> None:
        """Product offers and Smart! reports of offers not given are ignored with a warning."""
        with pytest.warns(AllegroApiWarning) as caught:
            from_api(
                product_offers={"o-9": product_offer()},
                offer_smart={"o-8": smart_report(fulfilled=True)},
            )
        assert [str(w.message) for w in caught] == [
            "product_offers['o-9']: belongs to no offer among the offers given; ignored",
            "offer_smart['o-8']: belongs to no offer among the offers given; ignored",
        ]

    def test_ended_before_listed_points_at_the_end(self) -> None:
        """An end before the start is reported at publication.endedAt."""
        with pytest.raises(LoadError) as excinfo:
            self.read(listed_offer(status="ENDED", started=at(5), ended=at(1)))
        assert [p.path for p in excinfo.value.problems] == ["offers$.offers[0].publication.endedAt"]


class TestAccount:
    @pytest.mark.parametrize(
        ("me", "business"),
        [
            ({"id": "1", "company": {"name": "AB sp. z o.o.", "taxId": "5252674798"}}, True),
            ({"id": "1", "company": {"name": None, "taxId": None}}, True),
            ({"id": "1", "company": None}, False),
            ({"id": "1", "features": ["SUPER_SELLER"]}, False),
            (None, False),
        ],
    )
    def test_business_when_company_is_present(
        self, me: dict[str, Any] | None, business: bool
    ) -> None:
        """A business account is one whose /me has a company (not null)."""
        assert from_api(me=me).account.business is business

    def test_malformed_me(self) -> None:
        """A company that is not an object is a problem; leniently the account is private."""
        activity, rejected = from_api(me={"company": "AB"}, strict=False)
        assert activity.account.business is False
        assert [str(p) for item in rejected for p in item.problems] == [
            "me$.company: is the string 'AB'; expected an object"
        ]


# --- decoding and paths ---------------------------------------------------------------------------


class TestDecoding:
    def test_unknown_keys_are_ignored(self) -> None:
        """Fields the API adds later, at any depth, change nothing."""
        form = checkout_form()
        form["newTopLevelField"] = {"x": 1}
        form["lineItems"][0]["newItemField"] = [1, 2]
        form["summary"]["totalToPay"]["exchangeRate"] = "4.3"
        assert one_order(form) == one_order(checkout_form())

    def test_page_index_in_the_path(self) -> None:
        """Pages given as a list are numbered: checkout_forms[1]$.checkoutForms[3]...."""
        bad = checkout_form("d")
        del bad["lineItems"][0]["boughtAt"]
        second = forms(checkout_form("a"), checkout_form("b"), checkout_form("c"), bad)
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=[forms(checkout_form("x")), second])
        assert excinfo.value.problems == (
            PathProblem(
                "checkout_forms[1]$.checkoutForms[3].lineItems[0].boughtAt",
                "required field missing",
            ),
        )

    def test_every_problem_is_listed(self) -> None:
        """Strict mode lists every problem of every item, in input order."""
        one = checkout_form("a")
        one["status"] = 7
        two = checkout_form("b")
        two["summary"] = []
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(one, two), me={"company": 1})
        assert problems(excinfo) == [
            "me$.company: is the number 1; expected an object",
            "checkout_forms$.checkoutForms[0].status: str 7 must be a string",
            "checkout_forms$.checkoutForms[1].summary: is an array; expected an object",
        ]

    @pytest.mark.parametrize(
        ("page", "problem"),
        [
            ({"count": 0}, "checkout_forms$.checkoutForms: required field missing"),
            (
                {"checkoutForms": {}},
                "checkout_forms$.checkoutForms: is an object; expected an array",
            ),
        ],
    )
    def test_pages_that_are_not_pages(self, page: Any, problem: str) -> None:
        """A page of the wrong shape is one rejected item, with its problem."""
        _, rejected = from_api(checkout_forms=page, strict=False)
        assert [str(p) for item in rejected for p in item.problems] == [problem]

    def test_no_pages(self) -> None:
        """An empty list of pages is no data, not an error."""
        assert from_api(checkout_forms=[], strict=False) == (SellerActivity(), ())

    def test_a_page_that_is_not_an_object(self) -> None:
        """A page that is not an object is rejected whole, raw kept."""
        page: Any = [1, 2]
        _, rejected = from_api(checkout_forms=[page], strict=False)
        assert rejected == (
            Rejected(
                "checkout_forms[0]$",
                (PathProblem("checkout_forms[0]$", "is an array; expected an object"),),
                [1, 2],
            ),
        )

    @pytest.mark.parametrize(
        ("arguments", "problem"),
        [
            (
                {"checkout_forms": "forms"},
                "checkout_forms: is the string 'forms'; expected a body or a list of pages",
            ),
            ({"shipments": [1]}, "shipments: is an array; expected a mapping of ids to bodies"),
            (
                {"product_offers": {1: {}}},
                "product_offers[1]: is an object; expected a str key (an id)",
            ),
            ({"issues": 3.5}, "issues: is the number 3.5; expected a body or a list of pages"),
            ({"offers": {1, 2}}, "offers: is a set; expected a body or a list of pages"),
        ],
    )
    def test_arguments_of_the_wrong_shape(self, arguments: dict[str, Any], problem: str) -> None:
        """An argument of the wrong kind is a problem named by the argument."""
        with pytest.raises(LoadError) as excinfo:
            from_api(**arguments)
        assert problems(excinfo) == [problem]

    def test_keyed_paths_name_the_id(self) -> None:
        """Details keyed by id report under argument['id']."""
        with pytest.raises(LoadError) as excinfo:
            from_api(
                checkout_forms=forms(checkout_form()),
                shipments={"cf-1": [shipments(), {"shipments": [{}]}]},
            )
        assert [p.path for p in excinfo.value.problems] == [
            "shipments['cf-1'][1]$.shipments[0].waybill",
            "shipments['cf-1'][1]$.shipments[0].carrierId",
            "shipments['cf-1'][1]$.shipments[0].createdAt",
        ]

    def test_strings_are_not_arrays(self) -> None:
        """A string where an array belongs is refused, not read letter by letter."""
        form = checkout_form()
        form["lineItems"] = "abc"
        with pytest.raises(LoadError) as excinfo:
            from_api(checkout_forms=forms(form))
        assert problems(excinfo) == [
            "checkout_forms$.checkoutForms[0].lineItems: is the string 'abc'; expected an array"
        ]

    def test_items_that_are_not_objects(self) -> None:
        """An item that is not an object is rejected at its index; a long string is cut at 80."""
        with pytest.raises(LoadError) as excinfo:
            from_api(user_ratings={"ratings": [None, 7, "x" * 100, True, False]})
        assert problems(excinfo) == [
            "user_ratings$.ratings[0]: is null; expected an object",
            "user_ratings$.ratings[1]: is the number 7; expected an object",
            (
                f"user_ratings$.ratings[2]: is the string '{'x' * 80}'… (100 characters); "
                "expected an object"
            ),
            "user_ratings$.ratings[3]: is true; expected an object",
            "user_ratings$.ratings[4]: is false; expected an object",
        ]

    def test_errors_are_seller_quality_errors(self) -> None:
        """LoadError is a SellerQualityError and a ValueError."""
        not_a_body: Any = []
        with pytest.raises(SellerQualityError):
            from_api(me=not_a_body)
        assert issubclass(LoadError, ValueError)


class TestLenient:
    def test_accepted_plus_rejected_is_the_input(self) -> None:
        """Each item is read or rejected with its raw value; nothing is silently dropped."""
        good, bad = user_rating("r-1"), user_rating("r-2")
        bad["createdAt"] = "yesterday"
        activity, rejected = from_api(user_ratings=[ratings(good), ratings(bad)], strict=False)
        assert [r.id for r in activity.ratings] == ["r-1"]
        (item,) = rejected
        assert (item.path, item.raw) == ("user_ratings[1]$.ratings[0]", bad)
        assert item.reason == (
            "user_ratings[1]$.ratings[0].createdAt: datetime 'yesterday' is not an ISO 8601 "
            "date and time"
        )

    def test_duplicate_with_other_content_is_rejected(self) -> None:
        """Two items with one id and different content: the second is rejected."""
        first, second = checkout_form("a"), checkout_form("a", total="20.00")
        activity, rejected = from_api(checkout_forms=forms(first, second), strict=False)
        assert [o.total for o in activity.orders] == [Money("10.00")]
        assert [str(p) for item in rejected for p in item.problems] == [
            (
                "checkout_forms$.checkoutForms[1]: duplicate id 'a' with other content; "
                "first at checkout_forms$.checkoutForms[0]"
            )
        ]

    def test_strict_valid_input_has_no_rejections(self) -> None:
        """On valid input, lenient mode returns the same activity and nothing rejected."""
        kwargs: dict[str, Any] = {"checkout_forms": forms(checkout_form())}
        assert from_api(**kwargs, strict=False) == (from_api(**kwargs), ())


# --- the payload files, end to end ----------------------------------------------------------------


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _keyed(folder: str) -> dict[str, Any]:
    return {item.stem: _read(item) for item in sorted((DATA / folder).glob("*.json"))}


def payload_files() -> dict[str, Any]:
    """The payload files as from_api keyword arguments, pages as lists."""
    pages = {
        "checkout_forms": "checkout-forms-*.json",
        "parcel_tracking": "tracking-*.json",
        "issues": "issues-*.json",
        "disputes": "disputes-*.json",
        "user_ratings": "user-ratings-*.json",
        "threads": "threads-*.json",
        "offers": "offers-*.json",
    }
    arguments: dict[str, Any] = {
        name: [_read(path) for path in sorted(DATA.glob(pattern))]
        for name, pattern in pages.items()
    }
    for name, folder in (
        ("shipments", "shipments"),
        ("issue_chats", "issue-chats"),
        ("dispute_messages", "dispute-messages"),
        ("thread_messages", "thread-messages"),
        ("product_offers", "product-offers"),
        ("offer_smart", "offer-smart"),
        ("shipping_rates", "shipping-rates"),
    ):
        arguments[name] = _keyed(folder)
    arguments["me"] = _read(DATA / "me.json")
    arguments["delivery_methods"] = _read(DATA / "delivery-methods.json")
    return arguments


AS_OF = datetime(2025, 6, 21, tzinfo=WARSAW)
A, B, C, D, E = (
    "29738e61-7f6a-11e8-ac45-09db60ede9d6",
    "5d8e2a90-4a1b-11f0-9f2e-1b7c4e2d9a01",
    "7c3f1e22-4a1b-11f0-8d11-3f6a2b9c0e42",
    "94092826-f0e2-47ca-b8d1-94fd7cb82c33",
    "fb6f7b9a-b882-4edf-b994-9dffa6c38530",
)


def z(text: str) -> datetime:
    """A UTC instant from its ISO text."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def activity() -> SellerActivity:
    """The activity of the payload files."""
    files: SellerActivity = from_api(**payload_files())
    return files


class TestPayloadFiles:
    def test_folder_and_arguments_agree(self, activity: SellerActivity) -> None:
        """Reading the folder layout gives what from_api gives for the same bodies."""
        assert read_api_dir(DATA) == activity

    def test_account(self, activity: SellerActivity) -> None:
        """me.json has a company; buyers paid ONLINE, by cash on delivery and by transfer."""
        assert activity.account.business is True
        assert activity.account.payment_methods == {"ONLINE", "CASH_ON_DELIVERY", "WIRE_TRANSFER"}

    def test_orders(self, activity: SellerActivity) -> None:
        """Five checkout forms over two pages, each mapped as worked out from the files."""
        orders = {order.id: order for order in activity.orders}
        assert list(orders) == [E, A, B, C, D]
        a, b, c, d, e = (orders[key] for key in (A, B, C, D, E))
        # A: one parcel, PENDING 10:05, IN_TRANSIT 15:40, ..., DELIVERED 06-04 12:30.
        assert (a.bought_at, a.total, a.dispatch_by) == (
            z("2025-06-02T08:15"),
            Money("141.98"),
            z("2025-06-03T16:00"),
        )
        assert (a.tracking_added_at, a.sent_at, a.delivered_at) == (
            z("2025-06-03T10:02:11"),
            z("2025-06-03T15:40"),
            z("2025-06-04T12:30"),
        )
        assert (a.cancelled, a.promoted) == (False, False)
        # B: two line items (19:20 and 19:18:30), a CAMPAIGN discount, a parcel without history.
        assert (b.bought_at, b.total, b.promoted) == (
            z("2025-06-05T19:18:30"),
            Money("80.98"),
            True,
        )
        assert (b.tracking_added_at, b.sent_at, b.delivered_at) == (
            z("2025-06-10T09:00"),
            None,
            None,
        )
        # C: cancelled, with an empty shipments body.
        assert (c.cancelled, c.tracking_added_at) == (True, None)
        # D: two parcels: sent at the earlier acceptance, delivered at the later delivery.
        assert (d.bought_at, d.total, d.promoted) == (
            z("2025-06-12T07:45:12.345"),
            Money("311.99"),
            True,
        )
        assert (d.tracking_added_at, d.sent_at, d.delivered_at) == (
            z("2025-06-13T09:00"),
            z("2025-06-13T14:00"),
            z("2025-06-15T18:45"),
        )
        # E: no delivery time, no shipments.
        assert (e.dispatch_by, e.tracking_added_at, e.total) == (None, None, Money("19.99"))

    def test_disputes(self, activity: SellerActivity) -> None:
        """Two disputes from /sale/issues (the claim is none) and two legacy ones."""
        got = [
            (d.id[:8], d.opened_at, d.order_id, d.reason, d.status, d.first_reply_at)
            for d in activity.disputes
        ]
        assert got == [
            (
                "a38812fa",
                z("2025-05-25T08:00"),
                E,
                DisputeReason.SHIPPING_COST,
                DisputeStatus.UNRESOLVED,
                z("2025-05-25T20:30"),
            ),
            (
                "c0a8012e",
                z("2025-06-16T09:00"),
                D,
                DisputeReason.NOT_AS_DESCRIBED,
                DisputeStatus.RESOLVED,
                z("2025-06-17T13:00"),
            ),
            (
                "6f552f2e",
                z("2025-06-18T12:12:12.019"),
                B,
                DisputeReason.NOT_RECEIVED,
                DisputeStatus.ONGOING,
                z("2025-06-18T15:40"),
            ),
            (
                "3f1c9b7e",
                z("2025-06-20T21:30"),
                A,
                DisputeReason.OTHER,
                DisputeStatus.ONGOING,
                None,
            ),
        ]

    def test_ratings(self, activity: SellerActivity) -> None:
        """Four ratings over two pages: with rates, without, a beta comment object."""
        got = [(r.id[-2:], r.recommended, r.order_id, r.stars, r.comment) for r in activity.ratings]
        assert got == [
            ("04", True, E, (5, 4, 5, 5), ""),
            ("01", True, A, (5, 5, 5, 5), "Szybka wysyłka, polecam!"),
            ("02", True, B, (), "Wszystko OK"),
            ("03", False, D, (2, 3, 4, 4), "Towar niezgodny z opisem"),
        ]

    def test_messages(self, activity: SellerActivity) -> None:
        """Thread 1: three buyer messages, two answered by one reply; thread 2 in two pages."""
        got = [(m.id[-2:], m.received_at, m.replied_at) for m in activity.messages]
        assert got == [
            ("f1", z("2025-06-10T08:00"), z("2025-06-10T09:30")),
            ("f3", z("2025-06-11T20:00"), z("2025-06-12T22:00")),
            ("f4", z("2025-06-11T20:05"), z("2025-06-12T22:00")),
            ("07", z("2025-06-19T11:00"), z("2025-06-19T11:45")),
        ]

    def test_offers(self, activity: SellerActivity) -> None:
        """Six offers: the draft is none; GTIN by flag, by id, or none; methods by rates."""
        got = {
            o.id[-1]: (
                o.price.amount,
                o.listed_at,
                o.ended_at,
                o.ean,
                o.smart,
                o.handling_time,
                o.buy_now,
            )
            for o in activity.offers
        }
        assert got == {
            "2": (
                Decimal("129.99"),
                z("2025-03-01T10:00"),
                None,
                "5901234123457",
                True,
                timedelta(hours=24),
                True,
            ),
            "3": (
                Decimal("49.00"),
                z("2025-04-15T08:30"),
                None,
                None,
                False,
                timedelta(days=3),
                True,
            ),
            "4": (
                Decimal("19.99"),
                z("2025-01-10T12:00"),
                z("2025-05-01T12:00"),
                "4006381333931",
                False,
                timedelta(hours=24),
                True,
            ),
            "5": (Decimal("1.00"), z("2025-06-15T18:00"), None, None, False, None, False),
            "7": (
                Decimal("59.99"),
                z("2025-07-01T08:00"),
                None,
                "5012345678900",
                True,
                timedelta(0),
                True,
            ),
        }
        kettle = next(o for o in activity.offers if o.id == "7778622952")
        assert kettle.pickup_methods == {
            "Allegro Paczkomaty InPost",
            "Allegro Odbiór w Punkcie DPD Pickup",
        }
        assert kettle.allegro_delivery_methods == {
            "Allegro Paczkomaty InPost",
            "Allegro Odbiór w Punkcie DPD Pickup",
            "Allegro Kurier DPD",
        }
        mug = next(o for o in activity.offers if o.id == "7778622953")
        assert mug.pickup_methods == {"Odbiór osobisty"}
        assert mug.allegro_delivery_methods == frozenset()

    def test_report(self, activity: SellerActivity) -> None:
        """The day's report (edition 2022) from the files, every metric worked out by hand."""
        report = sales_quality(activity, as_of=AS_OF, rulebook=EDITION_2022)
        points = {code: result.points for code, result in report.metrics.items()}
        assert points == {
            "RECOMMENDATION_RATE": -60,  # 2 of 3 recommend (r-04 is before the window)
            "BUYER_SATISFACTION": -50,  # (5+5+5+5 + 2+3+4+4) / 8 = 4.125
            "OPEN_DISPUTES": 0,  # two open at as_of
            "DISPUTE_REPLY_ON_TIME": -30,  # 2 of 3 due (the 28 h reply is late)
            "DISPUTE_REPLY_TIME": 7,  # mean 14h39m: one third of 20, rounded
            "UNRESOLVED_DISPUTES": 0,  # one unresolved
            "MESSAGE_REPLY_ON_TIME": -30,  # 2 of 4 (26 h and 25h55m late)
            "MESSAGE_REPLY_TIME": 20,  # mean 13h32m30s
            "EAN_OFFERS": 15,  # 1 of 3 active
            "SMART_OFFERS": 20,  # 1 of 3
            "FAST_DISPATCH_OFFERS": 20,  # 1 of 3 within 24 h
            "PERSONAL_PICKUP_OFFERS": 0,  # 1 of 3 with two pickup methods
            "ALLEGRO_DELIVERY_OFFERS": 0,  # 1 of 3 with two Allegro methods
            "PROMOTED_REVENUE": 10,  # 392.97 of 534.95
            "PAYMENT_METHODS": 10,  # three
            "BUSINESS_ACCOUNT": 15,
            "COMPLETED_ORDERS": 0,  # 3 (A, D sent; B recommended)
            "TRACKING_ON_TIME": 50,  # A and D on time, B late
            "REVENUE": 0,  # 141.98 + 80.98 + 311.99
            "TOS_VIOLATIONS": 0,
        }
        revenue = report.metrics["REVENUE"].value
        assert revenue == Money("534.95")
        assert report.metrics["DISPUTE_REPLY_TIME"].value == timedelta(
            hours=14, minutes=39, seconds=15, microseconds=993667
        )
        assert (report.score, report.max_score, report.grade.name) == (
            -3,
            500,
            "REQUIRES_IMPROVEMENT",
        )


# --- properties -----------------------------------------------------------------------------------


def _counted(payload: dict[str, Any]) -> dict[str, int]:
    forms_in = [f for page in payload["checkout_forms"] for f in page["checkoutForms"]]
    return {
        "orders": len(forms_in),
        "ratings": sum(len(page["ratings"]) for page in payload["user_ratings"]),
        "disputes": sum(1 for item in payload["issues"]["issues"] if item["type"] == "DISPUTE"),
        "offers": sum(
            1 for item in payload["offers"]["offers"] if item["publication"]["status"] != "INACTIVE"
        ),
    }


class TestProperties:
    @given(api_payloads())
    def test_valid_payloads_decode(self, payload: dict[str, Any]) -> None:
        """Any valid set of bodies reads strictly, one record per item, without warnings."""
        activity = from_api(**payload)
        counts = _counted(payload)
        assert len(activity.orders) == counts["orders"]
        assert len(activity.ratings) == counts["ratings"]
        assert len(activity.disputes) == counts["disputes"]
        assert len(activity.offers) == counts["offers"]

    @given(st.data())
    def test_corruptions_are_read_or_rejected_with_a_path(self, data: st.DataObject) -> None:
        """A corrupted body is read or rejected with paths; no other exception ever escapes."""
        payload = data.draw(api_payloads())
        argument = data.draw(st.sampled_from(sorted(payload)))
        payload[argument] = data.draw(corrupted(payload[argument]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AllegroApiWarning)
            try:
                from_api(**payload)
            except LoadError as exc:
                found = exc.problems
            else:
                found = (PathProblem(argument, "none"),)
            activity, rejected = from_api(**payload, strict=False)
        assert found
        assert all(p.path.split("[")[0].split("$")[0] in payload for p in found)
        assert isinstance(activity, SellerActivity)
        for item in rejected:
            assert item.problems
            assert item.path.split("[")[0].split("$")[0] in payload

    @given(st.data())
    def test_lenient_ratings_add_up(self, data: st.DataObject) -> None:
        """Ratings read + ratings rejected == ratings given, whatever one corruption did."""
        payload = data.draw(api_payloads())
        pages = data.draw(corrupted(payload["user_ratings"]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AllegroApiWarning)
            activity, rejected = from_api(user_ratings=pages, strict=False)
        given_items = 0
        for index, page in enumerate(pages):
            items = page.get("ratings") if isinstance(page, dict) else None
            if isinstance(items, list):
                given_items += len(items)
            else:
                assert any(item.path == f"user_ratings[{index}]$" for item in rejected)
        # One corruption cannot make two ids equal (they are UUIDs), so no item is merged.
        item_rejections = [item for item in rejected if "$." in item.path]
        assert len(activity.ratings) + len(item_rejections) == given_items
