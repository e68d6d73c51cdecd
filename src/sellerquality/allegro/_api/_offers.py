"""Offers: listed offers with their details to Offer records (SQ-C1…SQ-C5)."""

from __future__ import annotations

from collections.abc import Mapping

from ..._shown import show
from .._model import Offer
from ._common import (
    _FORMATS,
    _GTIN_PARAMETER,
    _OFFER_STATUSES,
    _SKIP,
    BuilderBase,
    _Skip,
    _Unit,
    is_pickup,
)
from ._model import DeliveryMethod, ListedOffer, ProductOffer, ShippingRatesSet, SmartReport, decode

__all__ = ["OfferMapping"]


class OfferMapping(BuilderBase):
    """Offers: listed offers with their details to Offer records (SQ-C1…SQ-C5)."""

    # -- offers --------------------------------------------------------------------------

    def delivery_methods(self) -> dict[str, DeliveryMethod]:
        source = self.inputs.delivery_methods
        if source is None:
            return {}
        made = self.collect([source], "deliveryMethods", self.delivery_method, lambda m: m.id)
        return {method.id: method for _, _, method in made}

    def delivery_method(self, unit: _Unit) -> DeliveryMethod | None:
        method, problems = decode(unit.raw, DeliveryMethod, unit.path)
        unit.problems += problems
        if method is not None and not method.name.strip():
            unit.problem(".name", "is empty; methods count by name")
            return None
        return method

    def offer(
        self, unit: _Unit, methods: Mapping[str, DeliveryMethod], sets: dict[str, tuple[str, ...]]
    ) -> Offer | _Skip | None:
        """One offer, with its details -> :class:`Offer` (SQ-C1…SQ-C5, CO-1)."""
        listed, problems = decode(unit.raw, ListedOffer, unit.path)
        if listed is None:
            unit.problems += problems
            return None
        publication = listed.publication
        if publication.status == "INACTIVE":
            # A draft: never published, not an offer buyers saw; its details are read with it.
            self.used |= {("product_offers", listed.id), ("offer_smart", listed.id)}
            return _SKIP
        if publication.status not in _OFFER_STATUSES:
            self.note(
                f"{unit.path}.publication.status",
                f"unknown publication status {show(publication.status)}; read from its dates",
            )
        # Listed: when it was activated (a planned activation while ACTIVATING).
        listed_at = publication.started_at
        unit.origins["listed_at"] = f"{unit.path}.publication.startedAt"
        if listed_at is None and publication.status == "ACTIVATING":
            listed_at = publication.starting_at
            unit.origins["listed_at"] = f"{unit.path}.publication.startingAt"
        # Ended: when it last ended, for an offer that is not active now.
        ended_at = None if publication.status in {"ACTIVE", "ACTIVATING"} else publication.ended_at
        unit.origins["ended_at"] = f"{unit.path}.publication.endedAt"
        if ended_at is None and publication.status == "ENDED":
            unit.problem(".publication.endedAt", "required field missing for an ENDED offer")

        mode = listed.selling_mode
        if mode.format not in _FORMATS:
            self.note(
                f"{unit.path}.sellingMode.format",
                f"unknown selling format {show(mode.format)}; not read as Buy Now",
            )
        price, where = mode.price, ".sellingMode.price"
        if price is None and mode.format == "AUCTION":
            price, where = mode.starting_price, ".sellingMode.startingPrice"
        unit.origins["price"] = unit.path + where
        amount = None
        if price is None:
            unit.problem(".sellingMode.price", "required field missing")
        else:
            amount = self.money(unit, price, where)

        ean, handling_time, rates_id = None, None, None
        if listed.delivery is not None and listed.delivery.shipping_rates is not None:
            rates_id = listed.delivery.shipping_rates.id
        detail = self.inputs.product_offers.get(listed.id)
        if detail is not None:
            self.used.add(("product_offers", listed.id))
            product, problems = decode(detail.data, ProductOffer, detail.at())
            unit.problems += problems
            if product is not None:
                ean = _gtin(product)
                if product.delivery is not None:
                    handling_time = product.delivery.handling_time
                    unit.origins["handling_time"] = detail.at(".delivery.handlingTime")
                    if rates_id is None and product.delivery.shipping_rates is not None:
                        rates_id = product.delivery.shipping_rates.id
        smart = False
        report = self.inputs.offer_smart.get(listed.id)
        if report is not None:
            self.used.add(("offer_smart", listed.id))
            classified, problems = decode(report.data, SmartReport, report.at())
            unit.problems += problems
            smart = classified is not None and classified.classification.fulfilled
        pickup, allegro = self.methods(unit, rates_id, methods, sets)
        if amount is None:
            return None
        return unit.build(
            lambda: Offer(
                id=listed.id,
                price=amount,
                listed_at=listed_at,
                ended_at=ended_at,
                ean=ean,
                smart=smart,
                handling_time=handling_time,
                pickup_methods=pickup,
                allegro_delivery_methods=allegro,
                buy_now=mode.format == "BUY_NOW",
            )
        )

    def methods(
        self,
        unit: _Unit,
        rates_id: str | None,
        methods: Mapping[str, DeliveryMethod],
        sets: dict[str, tuple[str, ...]],
    ) -> tuple[frozenset[str], frozenset[str]]:
        """Pickup and Allegro delivery methods of the offer's shipping rates (SQ-C4, SQ-C5).

        Allegro delivery: a method Allegro endorses (``allegroEndorsed``);
        pickup: a method whose name says so (:data:`PICKUP_WORDS`). Methods
        count by name, so two entries of one name count once.
        """
        if rates_id is None:
            return frozenset(), frozenset()
        if rates_id not in sets:
            source = self.inputs.shipping_rates.get(rates_id)
            if source is None:
                if self.inputs.shipping_rates:
                    self.note(
                        unit.path, f"shipping rates {show(rates_id)} not given; no methods read"
                    )
                sets[rates_id] = ()
            else:
                body, problems = decode(source.data, ShippingRatesSet, source.at())
                if body is None:
                    unit.problems += problems
                    return frozenset(), frozenset()
                sets[rates_id] = tuple(rate.delivery_method.id for rate in body.rates)
                for ident in sets[rates_id]:
                    if methods and ident not in methods:
                        self.note(
                            source.at(), f"delivery method {show(ident)} is not in delivery_methods"
                        )
        named = [methods[ident] for ident in sets[rates_id] if ident in methods]
        pickup = frozenset(m.name for m in named if is_pickup(m.name))
        allegro = frozenset(m.name for m in named if m.allegro_endorsed)
        return pickup, allegro

    def offers(self) -> list[Offer]:
        methods = self.delivery_methods()
        sets: dict[str, tuple[str, ...]] = {}
        made = self.collect(
            self.inputs.offers,
            "offers",
            lambda unit: self.offer(unit, methods, sets),
            lambda offer: offer.id,
        )
        return [offer for _, _, offer in made]


def _gtin(product: ProductOffer) -> str | None:
    """The EAN/GTIN: the value of a product parameter flagged ``isGTIN`` (SQ-C1).

    The flag is read as ``isGTIN`` or ``options.isGTIN``; bodies without it
    are read by Allegro's "EAN (GTIN)" parameter id, 225693.
    """
    for element in product.product_set:
        for parameter in element.product.parameters if element.product is not None else ():
            flagged = parameter.is_gtin or (
                parameter.options is not None and parameter.options.is_gtin
            )
            if flagged or parameter.id == _GTIN_PARAMETER:
                for value in parameter.values:
                    if value.strip():
                        return value.strip()
    return None
