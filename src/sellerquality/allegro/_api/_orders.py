"""Orders: checkout forms, shipments and tracking to Order records (SQ-C6, SQ-D1…SQ-D3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..._shown import show
from ...exceptions import PathProblem
from .._model import Order
from ._common import (
    _DISCOUNTS,
    _FULFILMENT_STATUSES,
    _ORDER_STATUSES,
    _PAYMENT_TYPES,
    _PROMOTING_DISCOUNTS,
    ACCEPTED_PARCEL_STATUSES,
    PARCEL_STATUS_ORDER,
    BuilderBase,
    _Track,
    _Unit,
    _waybill_of,
)
from ._model import CheckoutForm, Shipments, TrackingHead, WaybillHistory, decode

__all__ = ["OrderMapping"]


class OrderMapping(BuilderBase):
    """Orders: checkout forms, shipments and tracking to Order records (SQ-C6, SQ-D1…SQ-D3)."""

    # -- orders ------------------------------------------------------------------------

    def tracking(self) -> dict[tuple[str, str], _Track]:
        """Index every waybill's status history by (carrierId, waybill)."""
        index: dict[tuple[str, str], _Track] = {}
        for source in self.inputs.parcel_tracking:
            head, problems = decode(source.data, TrackingHead, source.at())
            if head is None:
                self.reject(source.at(), problems, source.data)
                continue
            for path, raw in self.items([source], "waybills"):
                history, problems = decode(raw, WaybillHistory, path)
                waybill = history.waybill if history is not None else _waybill_of(raw)
                if waybill is None:
                    self.reject(path, problems, raw)
                    continue
                track = index.setdefault((head.carrier_id, waybill), _Track())
                track.items.append((path, raw))
                track.problems += problems
                if history is None or history.tracking_details is None:
                    continue
                for position, status in enumerate(history.tracking_details.statuses):
                    if status.code not in PARCEL_STATUS_ORDER:
                        self.note(
                            f"{path}.trackingDetails.statuses[{position}].code",
                            f"unknown parcel status {show(status.code)}; read as neither sent "
                            "nor delivered",
                        )
                    track.statuses.append((status.occurred_at, status.code))
        return index

    def order(self, unit: _Unit, tracks: Mapping[tuple[str, str], _Track]) -> Order | None:
        """One checkout form -> :class:`Order` (SQ-C6, SQ-D1…SQ-D3)."""
        form, problems = decode(unit.raw, CheckoutForm, unit.path)
        if form is None:
            unit.problems += problems
            return None
        # Purchase time: there is none at the top level; the earliest line item's boughtAt.
        if not form.line_items:
            unit.problem(".lineItems", "is empty; the purchase time is the earliest boughtAt")
            return None
        first = min(range(len(form.line_items)), key=lambda i: form.line_items[i].bought_at)
        unit.origins["bought_at"] = f"{unit.path}.lineItems[{first}].boughtAt"
        unit.origins["total"] = f"{unit.path}.summary.totalToPay"
        unit.origins["dispatch_by"] = f"{unit.path}.delivery.time.dispatch.to"
        total = self.money(unit, form.summary.total_to_pay, ".summary.totalToPay")

        # Cancelled: the buyer's status or the seller's fulfilment status says CANCELLED.
        if form.status not in _ORDER_STATUSES:
            self.note(
                f"{unit.path}.status",
                f"unknown order status {show(form.status)}; not read as cancelled",
            )
        fulfilment = form.fulfillment.status if form.fulfillment is not None else None
        if fulfilment is not None and fulfilment not in _FULFILMENT_STATUSES:
            self.note(
                f"{unit.path}.fulfillment.status",
                f"unknown fulfilment status {show(fulfilment)}; not read as cancelled",
            )
        cancelled = "CANCELLED" in (form.status, fulfilment)

        # Dispatch deadline: the latest dispatch the delivery time allows.
        time = form.delivery.time if form.delivery is not None else None
        dispatch_by = time.dispatch.to if time is not None and time.dispatch is not None else None

        # Promoted: a campaign or coupon discount, or a price below the original price.
        promoted = False
        for index, item in enumerate(form.line_items):
            for position, discount in enumerate(item.discounts):
                if discount.type is not None and discount.type not in _DISCOUNTS:
                    self.note(
                        f"{unit.path}.lineItems[{index}].discounts[{position}].type",
                        f"unknown discount type {show(discount.type)}; not read as a promotion",
                    )
            if any(d.type in _PROMOTING_DISCOUNTS for d in item.discounts):
                promoted = True
            if item.price.amount < item.original_price.amount:
                promoted = True

        if form.payment is not None and not form.payment.type.strip():
            unit.problem(".payment.type", "is empty; a payment type names a method")
        elif form.payment is not None:
            if form.payment.type not in _PAYMENT_TYPES:
                self.note(
                    f"{unit.path}.payment.type",
                    f"unknown payment type {show(form.payment.type)}; kept as a payment method",
                )
            self.payments[form.id] = form.payment.type

        added, sent, delivered = self.shipping(unit, form.id, tracks)
        if total is None:
            return None
        return unit.build(
            lambda: Order(
                id=form.id,
                bought_at=form.line_items[first].bought_at,
                total=total,
                cancelled=cancelled,
                dispatch_by=dispatch_by,
                tracking_added_at=added,
                sent_at=sent,
                delivered_at=delivered,
                promoted=promoted,
            )
        )

    def shipping(
        self, unit: _Unit, order_id: str, tracks: Mapping[tuple[str, str], _Track]
    ) -> tuple[datetime | None, datetime | None, datetime | None]:
        """Tracking added, sent and delivered, from shipments and carrier histories (SQ-D2).

        Without a shipments body, or without a carrier history, these stay
        unknown (``None``); nothing is guessed.
        """
        pages = self.pages(self.inputs.shipments.get(order_id), "shipments", order_id)
        added: list[tuple[datetime, str]] = []
        parcels: dict[tuple[str, str], str] = {}
        for source in pages or ():
            body, problems = decode(source.data, Shipments, source.at())
            unit.problems += problems
            for index, shipment in enumerate(body.shipments if body is not None else ()):
                added.append((shipment.created_at, source.at(f".shipments[{index}].createdAt")))
                parcels.setdefault(
                    (shipment.carrier_id, shipment.waybill), source.at(f".shipments[{index}]")
                )
        if not added:
            return None, None, None
        # Tracking added: the first tracking number registered on the order.
        tracking_added_at, unit.origins["tracking_added_at"] = min(added)
        sent: list[tuple[datetime, str]] = []
        delivered: list[tuple[datetime, str] | None] = []
        for key, where in parcels.items():
            track = tracks.get(key)
            if track is None:
                delivered.append(None)
                continue
            track.used = True
            unit.problems += track.problems
            history = sorted(track.statuses)
            # Sent: the carrier's first status saying it has the parcel (IN_TRANSIT or later).
            sent += [(at, where) for at, code in history if code in ACCEPTED_PARCEL_STATUSES][:1]
            # Delivered: the parcel's first DELIVERED status.
            delivered.append(
                next(((at, where) for at, code in history if code == "DELIVERED"), None)
            )
        sent_at = None
        if sent:
            sent_at, unit.origins["sent_at"] = min(sent)
        # Delivered when the last parcel is; unknown while any parcel is not known to be.
        delivered_at = None
        if all(delivered):
            delivered_at, unit.origins["delivered_at"] = max(d for d in delivered if d is not None)
        return tracking_added_at, sent_at, delivered_at

    def orders(self) -> list[Order]:
        tracks = self.tracking()
        made = self.collect(
            self.inputs.checkout_forms,
            "checkoutForms",
            lambda unit: self.order(unit, tracks),
            lambda order: order.id,
        )
        for (carrier, waybill), track in tracks.items():
            if track.used:
                continue
            if track.problems:
                for path, raw in track.items:
                    mine = [p for p in track.problems if p.path.startswith(path)]
                    if mine:
                        self.reject(path, mine, raw)
            else:
                self.note(
                    track.items[0][0],
                    f"waybill {show(waybill)} ({carrier}) is on no shipment given; ignored",
                )
        return [order for _, _, order in self.one_currency(made)]

    def one_currency(self, orders: list[tuple[str, Any, Order]]) -> list[tuple[str, Any, Order]]:
        """Keep the orders in the most common currency (the first seen on a tie)."""
        if not orders:
            return orders
        counts = Counter(order.total.currency for _, _, order in orders)
        first_seen: dict[str, int] = {}
        for position, (_, _, order) in enumerate(orders):
            first_seen.setdefault(order.total.currency, position)
        currency = max(counts, key=lambda code: (counts[code], -first_seen[code]))
        kept = []
        for path, raw, order in orders:
            if order.total.currency == currency:
                kept.append((path, raw, order))
            else:
                reason = f"is in {order.total.currency}; the seller's orders are in {currency}"
                self.reject(path, [PathProblem(f"{path}.summary.totalToPay", reason)], raw)
        return kept
