"""Metrics of Allegro's sales-quality rules of 2024-08-26, which the rulebooks here do not model.

On 2024-08-26 Allegro rebuilt sales quality (SQ-3): ``GET /sale/quality`` now
reports metrics such as on-time dispatch, fast dispatch and returns, out of a
maximum of 500 points. Allegro has published their codes, names and some of
their maximum points (in the ``allegro/allegro-api`` issue tracker, where it
announced the endpoint and answered questions about it), but not their
thresholds or windows, so no rulebook of this library computes them.
:func:`~sellerquality.allegro.reconcile` names such a metric as one of that
later edition, with Allegro's points, instead of as an unknown code.

The table is data, kept here with its sources; a code Allegro adds later and
that is not in it is still reported, as ``"unmapped"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from .._frozen import FrozenMap

__all__ = ["LATER_EDITION", "LATER_EDITION_METRICS", "LaterEditionMetric"]

LATER_EDITION: Final = "2024-08-26"
"""The day Allegro's rebuilt sales-quality rules took effect (SQ-3)."""

_NEWS = "allegro-api issue #9677 (GET /sale/quality announced, example response)"
_EXAMPLE = "allegro-api issue #12353 (Allegro's example response with maxScore)"
_DELIVERY = "allegro-api issue #11944 (the delivery-efficiency report's two measures)"


@attrs.frozen(kw_only=True)
class LaterEditionMetric:
    """One metric of Allegro's sales-quality rules of 2024-08-26 (SQ-3).

    Attributes:
        code: Allegro's code in ``GET /sale/quality``.
        name: Allegro's Polish name, where Allegro has given it; else ``""``.
        english: Allegro's English name, or the code in words.
        what: What it measures, as far as Allegro has said.
        max_points: The most it can earn, where Allegro has said; else ``None``.
        source: Where Allegro said so.
    """

    code: str
    name: str
    english: str
    what: str
    max_points: int | None
    source: str


def _table(*metrics: LaterEditionMetric) -> Mapping[str, LaterEditionMetric]:
    return FrozenMap({metric.code: metric for metric in metrics})


LATER_EDITION_METRICS: Final[Mapping[str, LaterEditionMetric]] = _table(
    LaterEditionMetric(
        code="DISPATCH_IN_TIME",
        name="Wysyłka w terminie",
        english="On-time dispatch",
        what="the share of parcels sent within the dispatch time the offer declares",
        max_points=40,
        source=f"{_NEWS}; {_EXAMPLE}; {_DELIVERY}",
    ),
    LaterEditionMetric(
        code="FAST_DISPATCH",
        name="Szybka wysyłka",
        english="Fast dispatch",
        what="the share of parcels sent the same day, for offers declaring immediate "
        "or 1-day dispatch",
        max_points=160,
        source=f"{_NEWS}; {_EXAMPLE}; {_DELIVERY}",
    ),
    LaterEditionMetric(
        code="NO_RETURNS",
        name="",
        english="No returns",
        what="returns of the seller's orders (Allegro has not published how it is measured)",
        max_points=None,
        source=_NEWS,
    ),
)
"""The metric codes of Allegro's rules of 2024-08-26 that no rulebook here models (SQ-3).

``BUYER_SATISFACTION``, which that edition also reports, is a metric of ours
and is compared as such.
"""
