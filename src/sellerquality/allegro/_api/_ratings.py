"""Ratings: user ratings to Rating records (SQ-A1, SQ-A2)."""

from __future__ import annotations

from .._model import Rating
from ._common import BuilderBase, _Unit
from ._model import UserRating, decode

__all__ = ["RatingMapping"]


class RatingMapping(BuilderBase):
    """Ratings: user ratings to Rating records (SQ-A1, SQ-A2)."""

    # -- ratings -------------------------------------------------------------------------

    def rating(self, unit: _Unit) -> Rating | None:
        """One user rating -> :class:`Rating` (SQ-A1, SQ-A2)."""
        rating, problems = decode(unit.raw, UserRating, unit.path)
        if rating is None:
            unit.problems += problems
            return None
        rates = rating.rates
        for ours, theirs in (
            ("description", "description"),
            ("service", "service"),
            ("delivery", "delivery"),
            ("delivery_cost", "deliveryCost"),
        ):
            unit.origins[ours] = f"{unit.path}.rates.{theirs}"
        unit.origins["created_at"] = f"{unit.path}.createdAt"
        return unit.build(
            lambda: Rating(
                id=rating.id,
                created_at=rating.created_at,
                recommended=rating.recommended,
                order_id=rating.order.id if rating.order is not None else None,
                buyer_id=rating.buyer.id,
                description=rates.description if rates else None,
                service=rates.service if rates else None,
                delivery=rates.delivery if rates else None,
                delivery_cost=rates.delivery_cost if rates else None,
                comment=(rating.comment.text or "") if rating.comment else "",
            )
        )

    def ratings(self) -> list[Rating]:
        made = self.collect(self.inputs.user_ratings, "ratings", self.rating, lambda r: r.id)
        return [rating for _, _, rating in made]
