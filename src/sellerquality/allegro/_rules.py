"""Allegro rulebooks: every threshold, point value, window and date, as data.

A :class:`Rulebook` is an immutable value naming its edition, the date it took
effect and its source. Evaluation code reads every number from the rulebook it
is given; nothing rule-like is written as a literal elsewhere. Change a value
with :func:`attrs.evolve` and pass the result as ``rulebook=``.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

import attrs

from .._money import Money
from .._time import WARSAW as _WARSAW
from .._time import require_aware
from ..exceptions import InvalidValueError
from ._model import ViolationKind

T = TypeVar("T")


def _metric_map(value: Mapping[str, MetricRule]) -> Mapping[str, MetricRule]:
    return MappingProxyType(dict(value))


def _channel_map(value: Mapping[Channel, int]) -> Mapping[Channel, int]:
    return MappingProxyType(dict(value))


def _deduction_map(value: Mapping[ViolationKind, int]) -> Mapping[ViolationKind, int]:
    return MappingProxyType(dict(value))


__all__ = [
    "COINS_2022",
    "DEFAULT_RULEBOOK",
    "EDITIONS",
    "EDITION_2022",
    "EDITION_2023_09_04",
    "EDITION_2024_04_15",
    "PROGRAMMES_2022",
    "QUALITY_2022",
    "Area",
    "Channel",
    "CoinBand",
    "CoinRules",
    "Comparison",
    "DiscussionLimit",
    "ExcludedCategory",
    "Grade",
    "GradeBand",
    "LifecycleRules",
    "MetricRule",
    "ProgrammeRules",
    "QualityRules",
    "ReplyClock",
    "Rulebook",
    "SuperSeller2022",
    "SuperSeller2023",
    "edition_changes",
    "rulebook_for",
]


class ReplyClock(enum.Enum):
    """How a reply deadline counts its hours (DI-3, SQ-B2, SQ-B5)."""

    CALENDAR = "CALENDAR"
    """Elapsed hours, night and weekend included (edition 2022)."""
    BUSINESS = "BUSINESS"
    """Counts hours on Polish business days only; Saturdays, Sundays and public
    holidays do not count (T&C edition 2024-04-15)."""


@attrs.frozen(kw_only=True)
class DiscussionLimit:
    """The cap on unresolved discussions (DI-4, T&C edition 2024-04-15).

    Over the last ``window_days`` days, unresolved discussions may be at most
    ``max_share`` of agreements when there were more than ``large_volume``
    agreements, otherwise at most ``max_count``.
    """

    window_days: int
    max_share: Fraction
    large_volume: int
    max_count: int
    source: str


@attrs.frozen(kw_only=True)
class LifecycleRules:
    """Deadlines of disputes, replies and ratings (DI-1…DI-6, RA-1).

    Attributes:
        reply_within: How long the seller has to reply to a dispute or a
            buyer's message (DI-3).
        reply_clock: How that time is counted.
        dispute_open_after: Earliest opening of a dispute after the purchase (DI-2).
        dispute_open_days: Latest opening, in days after the purchase (DI-2).
        unresolved_after_days: Days after opening from which the buyer may
            mark a dispute unresolved (DI-4).
        unresolved_after_days_not_received: The same for a parcel that did not
            arrive (7 days from T&C 2024-04-15; equal to the above before).
        expires_after_days: Days after opening when an unmarked dispute expires
            and is resolved (DI-5).
        rating_change_days: Days after a negative rating during which the
            seller may ask the buyer to change it (RA-1).
        rating_within_days: Days after the purchase within which buyers may
            rate (T&C 2024-04-15); ``None`` where no limit is stated.
        discussion_limit: The unresolved-discussion cap, where the edition has one.
        source: Where these rules come from.
    """

    reply_within: timedelta
    reply_clock: ReplyClock
    dispute_open_after: timedelta
    dispute_open_days: int
    unresolved_after_days: int
    unresolved_after_days_not_received: int
    expires_after_days: int
    rating_change_days: int
    rating_within_days: int | None
    discussion_limit: DiscussionLimit | None
    source: str


class Area(enum.StrEnum):
    """The five areas of sales quality (SQ-1).

    A string enum: ``MetricResult.area`` holds the member, which also equals
    its name as a plain string (``"BUYER_RATINGS"``).
    """

    BUYER_RATINGS = "BUYER_RATINGS"
    CUSTOMER_SERVICE = "CUSTOMER_SERVICE"
    OFFER_ATTRACTIVENESS = "OFFER_ATTRACTIVENESS"
    ORDER_FULFILMENT = "ORDER_FULFILMENT"
    TOS_VIOLATIONS = "TOS_VIOLATIONS"

    @property
    def label(self) -> str:
        """The area's name in words ("buyer ratings")."""
        return self.name.lower().replace("_", " ").replace("tos", "ToS")


@functools.total_ordering
class Grade(enum.Enum):
    """The sales-quality grade (SQ-3), comparable: ``Grade.SUPER_PLUS`` is the highest.

    Allegro's Polish names: Super+, Super, Dobry, Neutralny, Wymaga poprawy,
    Nieakceptowalny. The Chinese translation of Allegro's "My sales quality" help
    pages calls ``NEUTRAL`` "medium" (中等).
    """

    SUPER_PLUS = "SUPER_PLUS"
    SUPER = "SUPER"
    GOOD = "GOOD"
    NEUTRAL = "NEUTRAL"
    REQUIRES_IMPROVEMENT = "REQUIRES_IMPROVEMENT"
    UNACCEPTABLE = "UNACCEPTABLE"

    @property
    def rank(self) -> int:
        """0 for UNACCEPTABLE up to 5 for SUPER_PLUS."""
        return len(_GRADE_ORDER) - 1 - _GRADE_ORDER.index(self)

    @property
    def polish(self) -> str:
        """Allegro's Polish name of the grade."""
        return _POLISH_GRADES[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank < other.rank


_GRADE_ORDER = tuple(Grade)
_POLISH_GRADES = {
    Grade.SUPER_PLUS: "Super+",
    Grade.SUPER: "Super",
    Grade.GOOD: "Dobry",
    Grade.NEUTRAL: "Neutralny",
    Grade.REQUIRES_IMPROVEMENT: "Wymaga poprawy",
    Grade.UNACCEPTABLE: "Nieakceptowalny",
}


class Comparison(enum.Enum):
    """How a metric's value is compared with its threshold to earn the bonus (SQ-A1…SQ-D3)."""

    AT_LEAST = ">="
    AT_MOST = "<="

    def holds(self, value: Any, threshold: Any) -> bool:
        """Whether ``value`` earns the bonus against ``threshold``."""
        if self is Comparison.AT_LEAST:
            return bool(value >= threshold)
        return bool(value <= threshold)


Threshold = Fraction | int | timedelta | Money | bool


@attrs.frozen(kw_only=True)
class MetricRule:
    """One sales-quality metric's rule (SQ-A1…SQ-E1).

    Attributes:
        code: The stable metric code (``"RECOMMENDATION_RATE"``).
        area: Its area.
        rule: The rule ID (``"SQ-A1"``).
        name: Its name in words.
        threshold: The value that earns the bonus.
        comparison: How the value is compared with the threshold.
        bonus: Points for meeting the threshold.
        penalty: Points taken when it is missed (0 for one-sided metrics,
            which are then NEUTRAL).
        window_days: The days of records it looks at.
        parameter: A qualifying condition of the records counted, where the
            rule has one (at least 2 pickup methods; handling time of at most
            24 hours).
        tiers: Graded points (SQ-B3): ``(limit, share of the bonus)``, best
            first; the first tier whose limit the value does not exceed applies.
        source: Where the rule comes from.
        reading: The reading chosen where the source is vague, if any.
        tip: The advice shown when the bonus is not earned (SQ-4).
    """

    code: str
    area: Area
    rule: str
    name: str
    threshold: Threshold
    comparison: Comparison
    bonus: int
    penalty: int = 0
    window_days: int = 30
    parameter: int | timedelta | None = None
    tiers: tuple[tuple[timedelta, Fraction], ...] = ()
    source: str
    reading: str | None = None
    tip: str

    def _typed(self, field: str, value: object, kind: type[T]) -> T:
        if isinstance(value, bool) and kind is not bool:
            value = None
        if not isinstance(value, kind):
            raise InvalidValueError(
                record="MetricRule",
                record_id=self.code,
                field=field,
                value=value,
                reason=f"must be a {kind.__name__} for this metric",
            )
        return value

    @property
    def share(self) -> Fraction:
        """The threshold as an exact share (rate metrics)."""
        value = self.threshold
        if isinstance(value, int) and not isinstance(value, bool):
            if value not in {0, 1}:
                # 97 would mean 9,700%: almost certainly a percentage given by mistake.
                raise InvalidValueError(
                    record="MetricRule",
                    record_id=self.code,
                    field="threshold",
                    value=value,
                    reason="is a share: give Fraction(97, 100) for 97%",
                )
            return Fraction(value)
        return self._typed("threshold", value, Fraction)

    @property
    def count(self) -> int:
        """The threshold as a count (count metrics)."""
        return self._typed("threshold", self.threshold, int)

    @property
    def duration(self) -> timedelta:
        """The threshold as a duration (reply-time metrics)."""
        return self._typed("threshold", self.threshold, timedelta)

    @property
    def money(self) -> Money:
        """The threshold as money (SQ-D3)."""
        return self._typed("threshold", self.threshold, Money)

    @property
    def count_parameter(self) -> int:
        """The qualifying parameter as a count (SQ-C4, SQ-C5)."""
        return self._typed("parameter", self.parameter, int)

    @property
    def duration_parameter(self) -> timedelta:
        """The qualifying parameter as a duration (SQ-C3)."""
        return self._typed("parameter", self.parameter, timedelta)


@attrs.frozen(kw_only=True)
class GradeBand:
    """The lowest score that earns a grade (SQ-3)."""

    grade: Grade
    min_score: int | None
    """``None`` for the last band, which takes every lower score."""


@attrs.frozen(kw_only=True)
class QualityRules:
    """Everything that sales quality (SQ-1…SQ-E1) is computed from.

    Attributes:
        metrics: Each metric's rule by code, in report order.
        deductions: Points deducted per ToS violation of each kind (SQ-E1).
        grade_bands: Score bands, best grade first (SQ-3).
        window_days: The length of the evaluation window in days (SQ-2).
        tier_rounding: Rounding of graded points to whole points (SQ-B3).
        model_note: What the points are: a documented model, since Allegro
            publishes neither its weights nor its bands.
    """

    metrics: Mapping[str, MetricRule] = attrs.field(converter=_metric_map)
    deductions: Mapping[ViolationKind, int] = attrs.field(converter=_deduction_map)
    grade_bands: tuple[GradeBand, ...]
    window_days: int
    tier_rounding: str
    model_note: str

    def grade_for(self, score: int) -> Grade:
        """Return the grade a score earns under these bands."""
        for band in self.grade_bands:
            if band.min_score is None or score >= band.min_score:
                return band.grade
        return self.grade_bands[-1].grade

    def with_metric(self, code: str, **changes: Any) -> QualityRules:
        """Return a copy with one metric's rule changed (``threshold=...``, ``bonus=...``)."""
        if code not in self.metrics:
            raise InvalidValueError(
                field="code",
                value=code,
                reason=f"is not a metric; known: {', '.join(self.metrics)}",
            )
        metrics = dict(self.metrics)
        metrics[code] = attrs.evolve(metrics[code], **changes)
        return attrs.evolve(self, metrics=metrics)


class Channel(enum.Enum):
    """Where the buyer shops: the coins per price differ (CO-2)."""

    APP = "APP"
    """The Allegro mobile app."""
    BROWSER = "BROWSER"
    """A web browser."""


@attrs.frozen(kw_only=True)
class SuperSeller2022:
    """Super Seller rules, edition 2022 (PR-1.1…PR-1.11, Allegro help pages as of 2022).

    Attributes:
        ratings_months: The months counted for ratings (PR-1.2).
        min_ratings: Ratings needed in those months.
        window_days: The days of the 30-day rules.
        min_completed: Completed transactions needed in the window (PR-1.3).
        min_star_average: The star average needed (PR-1.4), after rounding.
        star_average_places: Decimal places of that rounding (half up).
        excluding_violations: Sanction kinds that exclude (PR-1.5); reminders do not.
        min_messages_on_time: Share of buyer messages answered in time (PR-1.6).
        min_disputes_on_time: Share of disputes answered in time (PR-1.7).
        min_orders_on_time: Share of orders fulfilled on time (PR-1.8).
        max_unresolved_share: Unresolved disputes per transaction (PR-1.9).
        max_unresolved_count: Unresolved disputes at most (PR-1.9).
        source: Where the rules come from.
    """

    ratings_months: int
    min_ratings: int
    window_days: int
    min_completed: int
    min_star_average: Decimal
    star_average_places: int
    excluding_violations: frozenset[ViolationKind]
    min_messages_on_time: Fraction
    min_disputes_on_time: Fraction
    min_orders_on_time: Fraction
    max_unresolved_share: Fraction
    max_unresolved_count: int
    source: str


@attrs.frozen(kw_only=True)
class SuperSeller2023:
    """Super Seller rules from 2023-09-04 (PR-1, later edition), checked from the quality history.

    Attributes:
        window_days: The days of daily results looked at.
        top_grades: The grades that count as a top day.
        min_top_days: Top days needed.
        floor_grade: The grade every day must reach.
        min_completed: Completed orders needed in the window.
        source: Where the rules come from.
    """

    window_days: int
    top_grades: frozenset[Grade]
    min_top_days: int
    floor_grade: Grade
    min_completed: int
    source: str


@attrs.frozen(kw_only=True)
class ProgrammeRules:
    """Eligibility rules of Allegro's seller programmes (PR-1…PR-4).

    Attributes:
        super_seller: The Super Seller rules of this edition.
        smart_months: Months of ratings counted for Smart! (PR-3, reading).
        smart_min_rate: Recommendation rate needed for Smart!.
        smart_min_positive: Positive ratings needed for Smart!.
        coins_window_days: Days counted for the coins seller rules (PR-2).
        coins_min_star_average: Star average needed for coins (unrounded).
        coins_min_ratings: Ratings needed for coins.
        deal_zone_min_grade: Grade needed for Deal Zone (PR-4).
        source: Where the rules come from.
    """

    super_seller: SuperSeller2022 | SuperSeller2023
    smart_months: int
    smart_min_rate: Fraction
    smart_min_positive: int
    coins_window_days: int
    coins_min_star_average: Fraction
    coins_min_ratings: int
    deal_zone_min_grade: Grade
    source: str


@attrs.frozen(kw_only=True)
class CoinBand:
    """Coins for a price from ``min_price`` up to the next band (CO-2)."""

    min_price: Money
    coins: Mapping[Channel, int] = attrs.field(converter=_channel_map)


@attrs.frozen(kw_only=True)
class ExcludedCategory:
    """A category whose offers never earn coins (CO-1), with its subcategories.

    Attributes:
        path: The category path in English, top level first.
        polish: The same path in Polish where established, else ``None``.
    """

    path: tuple[str, ...]
    polish: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class CoinRules:
    """Allegro coins (Monety): which offers earn them, how many, and the pool (CO-1…CO-4).

    Attributes:
        immediate_handling: The handling time that counts as immediate dispatch (CO-1).
        excluded_categories: Categories (and their subcategories) that never earn coins.
        bands: Coins per price band, lowest band first (CO-2).
        pool_window_days: Days of turnover counted for the pool (CO-3).
        pool_block: Turnover per block of pool coins.
        pool_coins_per_block: Coins per full block.
        pool_self_funded_share: Share of self-funded coins added to the pool.
        pool_cap: The most coins a pool can hold.
        payment_min: Fewest coins one payment can use (CO-4).
        payment_max: Most coins one payment can use (CO-4).
        source: Where the rules come from.
    """

    immediate_handling: timedelta
    excluded_categories: tuple[ExcludedCategory, ...]
    bands: tuple[CoinBand, ...]
    pool_window_days: int
    pool_block: Money
    pool_coins_per_block: int
    pool_self_funded_share: Fraction
    pool_cap: int
    payment_min: int
    payment_max: int
    source: str


@attrs.frozen(kw_only=True)
class Rulebook:
    """One edition of Allegro's rules, complete: SQ-…, PR-…, CO-…, DI-… and RA-… as data.

    Attributes:
        edition: The edition's name (``"2022"``).
        effective_from: The first day the edition applies.
        source: Where its rules come from.
        lifecycle: Dispute, reply and rating deadlines.
        quality: Sales-quality metrics, points and grade bands.
        programmes: Super Seller, Smart!, coins seller and Deal Zone rules.
        coins: Coin earning, amounts and pool.
        zone: The zone whose calendar days every "N days" of these rules
            counts (SQ-2): Europe/Warsaw, Allegro's home, whatever zone an
            instant is written in.
    """

    edition: str
    effective_from: date
    source: str
    lifecycle: LifecycleRules
    quality: QualityRules
    programmes: ProgrammeRules
    coins: CoinRules
    zone: ZoneInfo = _WARSAW

    @property
    def label(self) -> str:
        """The edition's name, with ``" (modified)"`` when these rules differ from it.

        A rulebook made with :meth:`with_metric` or :func:`attrs.evolve` keeps
        its ``edition`` name, but a report must not claim an official edition
        it does not follow, so results carry this label instead. A rulebook
        renamed to a name that is not an official edition's keeps that name.

        Example:
            >>> from fractions import Fraction
            >>> from sellerquality.allegro import EDITION_2022
            >>> EDITION_2022.label
            '2022'
            >>> EDITION_2022.with_metric("REVENUE", threshold=Fraction(1, 2)).label
            '2022 (modified)'
        """
        official = _OFFICIAL.get(self.edition)
        if official is None or official == self:
            # An edition name of the user's own (such as "2022+calibrated") claims nothing.
            return self.edition
        return f"{self.edition} (modified)"

    def with_metric(self, code: str, **changes: Any) -> Rulebook:
        """Return a copy with one sales-quality metric's rule changed.

        Example:
            >>> from fractions import Fraction
            >>> from sellerquality.allegro import EDITION_2022
            >>> lenient = EDITION_2022.with_metric(
            ...     "RECOMMENDATION_RATE", threshold=Fraction(95, 100)
            ... )
            >>> lenient.quality.metrics["RECOMMENDATION_RATE"].threshold
            Fraction(19, 20)
        """
        return attrs.evolve(self, quality=self.quality.with_metric(code, **changes))


_MY_SALES_QUALITY = "Allegro help pages on 'My sales quality' (Moja jakość sprzedaży), as of 2022"

LIFECYCLE_2022 = LifecycleRules(
    reply_within=timedelta(hours=24),
    reply_clock=ReplyClock.CALENDAR,
    dispute_open_after=timedelta(hours=1),
    dispute_open_days=180,
    unresolved_after_days=14,
    unresolved_after_days_not_received=14,
    expires_after_days=30,
    rating_change_days=21,
    rating_within_days=None,
    discussion_limit=None,
    source=_MY_SALES_QUALITY + ": DI-1…DI-6, RA-1",
)

_MY_SALES_QUALITY_METRICS = _MY_SALES_QUALITY + ", metrics table"
_MODEL = "points: this library's documented model; Allegro publishes no weights"


def _metric(**fields: Any) -> MetricRule:
    fields.setdefault("source", _MY_SALES_QUALITY_METRICS)
    return MetricRule(**fields)


_PCT = Fraction(1, 100)
_HOURS_24 = timedelta(hours=24)

QUALITY_2022 = QualityRules(
    metrics={
        rule.code: rule
        for rule in (
            _metric(
                code="RECOMMENDATION_RATE",
                area=Area.BUYER_RATINGS,
                rule="SQ-A1",
                name="recommendation rate",
                threshold=98 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=60,
                penalty=60,
                tip="Review your offers so that what buyers receive matches the description, "
                "notify buyers of delays, and refund or resend when you cannot deliver.",
            ),
            _metric(
                code="BUYER_SATISFACTION",
                area=Area.BUYER_RATINGS,
                rule="SQ-A2",
                name="buyer satisfaction (average star mark)",
                threshold=Fraction(49, 10),
                comparison=Comparison.AT_LEAST,
                bonus=50,
                penalty=50,
                reading="every star mark given in the window counts once (description, service, "
                "delivery time, delivery cost); the mean is compared unrounded",
                tip="Review your offers (description, photos, delivery cost) and notify buyers "
                "of delays: every star mark counts.",
            ),
            _metric(
                code="OPEN_DISPUTES",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B1",
                name="open disputes",
                threshold=0,
                comparison=Comparison.AT_MOST,
                bonus=20,
                reading="a dispute is open at as_of when it was opened before as_of and neither "
                "closed by the buyer nor expired before as_of",
                tip="Resolve open disputes: refund or resend when you cannot deliver.",
            ),
            _metric(
                code="DISPUTE_REPLY_ON_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B2",
                name="disputes answered within 24 hours",
                threshold=99 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=30,
                penalty=30,
                reading="share of disputes opened in the window whose first reply came by the "
                "reply deadline, >= 99% earns the bonus; an unanswered dispute past its deadline "
                "is late; one still inside its deadline is not counted yet",
                tip="Answer every dispute within 24 hours of its opening.",
            ),
            _metric(
                code="DISPUTE_REPLY_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B3",
                name="average first reply time to disputes",
                threshold=timedelta(hours=6),
                comparison=Comparison.AT_MOST,
                bonus=20,
                tiers=(
                    (timedelta(hours=6), Fraction(1)),
                    (timedelta(hours=12), Fraction(2, 3)),
                    (timedelta(hours=24), Fraction(1, 3)),
                ),
                reading="mean time to the first reply over disputes opened in the window and "
                "answered before as_of; full points at <= 6 h, two thirds at <= 12 h, one third "
                "at <= 24 h (rounded half up to whole points), none above",
                tip="Answer disputes quickly: a first reply within 6 hours earns full points.",
            ),
            _metric(
                code="UNRESOLVED_DISPUTES",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B4",
                name="unresolved disputes",
                threshold=Fraction(0),
                comparison=Comparison.AT_MOST,
                bonus=30,
                reading="disputes the buyer marked unresolved in the window (at closed_at, or at "
                "opening when the time is unknown) over completed transactions in the window",
                tip="Refund or resend when you cannot deliver, so that buyers do not mark "
                "disputes unresolved.",
            ),
            _metric(
                code="MESSAGE_REPLY_ON_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B5",
                name="buyer messages answered within 24 hours",
                threshold=95 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=30,
                penalty=30,
                reading="messages received in the window; unanswered past the deadline = late; "
                "unanswered inside it = not yet due",
                tip="Answer every buyer message within 24 hours, even repeated ones.",
            ),
            _metric(
                code="MESSAGE_REPLY_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B6",
                name="average reply time to buyer messages",
                threshold=_HOURS_24,
                comparison=Comparison.AT_MOST,
                bonus=20,
                reading="only messages answered before as_of count",
                tip="Answer buyer messages sooner, even repeated ones: the average must stay "
                "within 24 hours.",
            ),
            _metric(
                code="EAN_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C1",
                name="offers with an EAN/GTIN",
                threshold=10 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                reading="share of offers active at as_of (listed before it, not ended before it)",
                tip="Review your offers and add the EAN/GTIN where the product has one.",
            ),
            _metric(
                code="SMART_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C2",
                name="offers with Allegro Smart! delivery",
                threshold=10 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=20,
                tip="Offer Allegro Smart! delivery on more offers.",
            ),
            _metric(
                code="FAST_DISPATCH_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C3",
                name="offers dispatched within 24 hours",
                threshold=30 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=20,
                parameter=_HOURS_24,
                reading="an offer qualifies when its handling time is known and at most 24 hours",
                tip="Set a handling time of 24 hours or less on offers you can dispatch that "
                "fast, and lengthen it only where orders outgrow you.",
            ),
            _metric(
                code="PERSONAL_PICKUP_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C4",
                name="offers with at least 2 personal-pickup methods",
                threshold=65 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                parameter=2,
                tip="Offer at least two different personal-pickup methods.",
            ),
            _metric(
                code="ALLEGRO_DELIVERY_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C5",
                name="offers with at least 2 Allegro delivery methods",
                threshold=80 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                parameter=2,
                tip="Offer at least two different Allegro delivery methods.",
            ),
            _metric(
                code="PROMOTED_REVENUE",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C6",
                name="revenue from promoted sales",
                threshold=1 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=10,
                reading="promoted revenue over revenue (non-cancelled orders bought in the window)",
                tip="Take part in promotions so that promoted sales reach 1% of revenue.",
            ),
            _metric(
                code="PAYMENT_METHODS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C7",
                name="payment methods offered",
                threshold=2,
                comparison=Comparison.AT_LEAST,
                bonus=10,
                reading="at least 2 distinct active payment methods",
                tip="Offer at least two payment methods.",
            ),
            _metric(
                code="BUSINESS_ACCOUNT",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C8",
                name="business account",
                threshold=True,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                tip="Sell from a business (company) account.",
            ),
            _metric(
                code="COMPLETED_ORDERS",
                area=Area.ORDER_FULFILMENT,
                rule="SQ-D1",
                name="completed orders",
                threshold=20,
                comparison=Comparison.AT_LEAST,
                bonus=30,
                reading="orders bought in the window, not cancelled, and sent (carrier status) or "
                "recommended by the buyer before as_of (the completed transaction of Allegro's "
                "Super Seller help pages)",
                tip="Give tracking and proof of dispatch so that orders count as completed.",
            ),
            _metric(
                code="TRACKING_ON_TIME",
                area=Area.ORDER_FULFILMENT,
                rule="SQ-D2",
                name="tracking numbers added by the dispatch deadline",
                threshold=49 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=50,
                penalty=50,
                reading="non-cancelled orders bought in the window with a known dispatch deadline; "
                "counted once tracking is added or the deadline has passed",
                tip="Add tracking numbers by the dispatch deadline; lengthen the handling time "
                "when orders outgrow you, and notify buyers of delays.",
            ),
            _metric(
                code="REVENUE",
                area=Area.ORDER_FULFILMENT,
                rule="SQ-D3",
                name="revenue",
                threshold=Money("10000"),
                comparison=Comparison.AT_LEAST,
                bonus=40,
                reading="sum of totals of non-cancelled orders bought in the window",
                tip="Grow sales: revenue in the last 30 days must reach the threshold.",
            ),
            _metric(
                code="TOS_VIOLATIONS",
                area=Area.TOS_VIOLATIONS,
                rule="SQ-E1",
                name="Terms-of-Service violations",
                threshold=0,
                comparison=Comparison.AT_MOST,
                bonus=0,
                reading="each violation in the window deducts the points of its kind",
                tip="Follow the Terms and Conditions: each sanction deducts points for 30 days.",
            ),
        )
    },
    deductions={
        ViolationKind.ACCOUNT_BLOCKED: 150,
        ViolationKind.LISTING_AND_ENDING_BLOCKED: 100,
        ViolationKind.LISTING_BLOCKED: 75,
        ViolationKind.WARNING: 50,
        ViolationKind.OFFER_REMOVED: 20,
        ViolationKind.REMINDER: 5,
    },
    grade_bands=(
        GradeBand(grade=Grade.SUPER_PLUS, min_score=400),
        GradeBand(grade=Grade.SUPER, min_score=230),
        GradeBand(grade=Grade.GOOD, min_score=101),
        GradeBand(grade=Grade.NEUTRAL, min_score=0),
        GradeBand(grade=Grade.REQUIRES_IMPROVEMENT, min_score=-100),
        GradeBand(grade=Grade.UNACCEPTABLE, min_score=None),
    ),
    window_days=30,
    tier_rounding=ROUND_HALF_UP,
    model_note=_MODEL + "; bands SUPER_PLUS >= 400, SUPER >= 230, GOOD >= 101, NEUTRAL >= 0, "
    "REQUIRES_IMPROVEMENT >= -100 (SQ-3)",
)
"""Edition 2022 sales-quality rules: Allegro's 2022 thresholds, this library's points model."""

_SUPER_SELLER_AND_COINS = (
    "Allegro help pages on Super Seller (Super Sprzedawca) and Allegro coins (Monety), as of 2022"
)

PROGRAMMES_2022 = ProgrammeRules(
    super_seller=SuperSeller2022(
        ratings_months=12,
        min_ratings=100,
        window_days=30,
        min_completed=20,
        min_star_average=Decimal("4.950"),
        star_average_places=3,
        excluding_violations=frozenset(
            {
                ViolationKind.WARNING,
                ViolationKind.ACCOUNT_BLOCKED,
                ViolationKind.LISTING_BLOCKED,
                ViolationKind.LISTING_AND_ENDING_BLOCKED,
            }
        ),
        min_messages_on_time=Fraction(99, 100),
        min_disputes_on_time=Fraction(99, 100),
        min_orders_on_time=Fraction(80, 100),
        max_unresolved_share=Fraction(2, 10000),
        max_unresolved_count=20,
        source=_SUPER_SELLER_AND_COINS + "; 4.95 also on the 'My sales quality' pages",
    ),
    smart_months=12,
    smart_min_rate=Fraction(98, 100),
    smart_min_positive=5,
    coins_window_days=30,
    coins_min_star_average=Fraction(48, 10),
    coins_min_ratings=5,
    deal_zone_min_grade=Grade.NEUTRAL,
    source=_MY_SALES_QUALITY + " (PR-2…PR-4); " + _SUPER_SELLER_AND_COINS + " (PR-1)",
)
"""Programme rules of edition 2022."""

_ADS = "Advertisements and services"
_ADS_PL = "Ogłoszenia i usługi"

COINS_2022 = CoinRules(
    immediate_handling=timedelta(0),
    excluded_categories=(
        ExcludedCategory(path=(_ADS, "Real estate"), polish=(_ADS_PL, "Nieruchomości")),
        ExcludedCategory(path=(_ADS, "Holidays"), polish=(_ADS_PL, "Wakacje")),
        ExcludedCategory(path=(_ADS, "Cars"), polish=(_ADS_PL, "Samochody")),
        ExcludedCategory(path=(_ADS, "Services"), polish=(_ADS_PL, "Usługi")),
        ExcludedCategory(path=(_ADS, "Animals"), polish=(_ADS_PL, "Zwierzęta")),
        ExcludedCategory(
            path=(
                "Electronics",
                "Consoles and slot machines",
                "Microsoft Xbox 360",
                "Scratch cards",
            ),
            polish=("Elektronika", "Konsole i automaty", "Microsoft Xbox 360", "Karty zdrapki"),
        ),
        ExcludedCategory(
            path=("Electronics", "Computers", "Internet"),
            polish=("Elektronika", "Komputery", "Internet"),
        ),
        ExcludedCategory(
            path=("Electronics", "Phones and accessories", "Prepaid"),
            polish=("Elektronika", "Telefony i Akcesoria", "Prepaid"),
        ),
        ExcludedCategory(
            path=("Electronics", "Computers", "Cryptocurrencies"),
            polish=("Elektronika", "Komputery", "Kryptowaluty"),
        ),
        ExcludedCategory(
            path=("Baby", "Feeding", "Baby food", "Formula milk", "Starter milk"),
            polish=(
                "Dziecko",
                "Karmienie",
                "Żywność dla dzieci",
                "Mleko modyfikowane",
                "Mleko początkowe",
            ),
        ),
        ExcludedCategory(
            path=("Culture and entertainment", "Codes and top-ups"),
            polish=("Kultura i rozrywka", "Kody i doładowania"),
        ),
        ExcludedCategory(
            path=("Culture and entertainment", "Games", "Online games (MMO)"),
            polish=("Kultura i rozrywka", "Gry", "Gry online (MMO)"),
        ),
        ExcludedCategory(
            path=("Health", "Over-the-counter medicines"),
            polish=("Zdrowie", "Leki bez recepty"),
        ),
    ),
    bands=(
        CoinBand(min_price=Money("0"), coins={Channel.APP: 0, Channel.BROWSER: 0}),
        CoinBand(min_price=Money("49.99"), coins={Channel.APP: 4, Channel.BROWSER: 2}),
        # Allegro's coins help page gives browser 2 here too (not 4); CO-2 keeps it as stated.
        CoinBand(min_price=Money("99.99"), coins={Channel.APP: 8, Channel.BROWSER: 2}),
        CoinBand(min_price=Money("999.99"), coins={Channel.APP: 12, Channel.BROWSER: 6}),
    ),
    pool_window_days=30,
    pool_block=Money("75000"),
    pool_coins_per_block=15,
    pool_self_funded_share=Fraction(1, 2),
    pool_cap=100_000,
    payment_min=10,
    payment_max=100,
    source=_SUPER_SELLER_AND_COINS
    + " (CO-1…CO-4); Polish category names are this library's translation",
)
"""Coin rules of edition 2022."""

EDITION_2022 = Rulebook(
    edition="2022",
    effective_from=date(2022, 1, 1),
    source="Allegro help pages as of 2022: 'My sales quality' (Moja jakość sprzedaży), "
    "Super Seller (Super Sprzedawca) and coins (Monety)",
    lifecycle=LIFECYCLE_2022,
    quality=QUALITY_2022,
    programmes=PROGRAMMES_2022,
    coins=COINS_2022,
)
"""The rules as Allegro's help pages stated them in 2022; the default everywhere."""

DEFAULT_RULEBOOK = EDITION_2022
"""The rulebook used when none is given."""

_SUPER_2023 = "Allegro Super Seller rules from 2023-09-04 (PR-1, later edition)"

EDITION_2023_09_04 = attrs.evolve(
    EDITION_2022,
    edition="2023-09-04",
    effective_from=date(2023, 9, 4),
    source=_SUPER_2023,
    programmes=attrs.evolve(
        PROGRAMMES_2022,
        super_seller=SuperSeller2023(
            window_days=30,
            top_grades=frozenset({Grade.SUPER, Grade.SUPER_PLUS}),
            min_top_days=14,
            floor_grade=Grade.GOOD,
            min_completed=50,
            source=_SUPER_2023,
        ),
    ),
)
"""Super Seller judged from the daily sales-quality grade; everything else as 2022."""

_TC_2024 = "Allegro Terms and Conditions (Regulamin Allegro) in force from 2024-04-15"

LIFECYCLE_2024_04_15 = attrs.evolve(
    LIFECYCLE_2022,
    reply_clock=ReplyClock.BUSINESS,
    unresolved_after_days_not_received=7,
    rating_within_days=90,
    discussion_limit=DiscussionLimit(
        window_days=60,
        max_share=Fraction(2, 1000),
        large_volume=1000,
        max_count=2,
        source=_TC_2024,
    ),
    source=_TC_2024 + "; other deadlines as " + _MY_SALES_QUALITY,
)

EDITION_2024_04_15 = attrs.evolve(
    EDITION_2023_09_04,
    edition="2024-04-15",
    effective_from=date(2024, 4, 15),
    source=_TC_2024,
    lifecycle=LIFECYCLE_2024_04_15,
)
"""The T&C of 2024-04-15: business-day reply clock, 7/14-day resolution, discussion cap."""

EDITIONS: tuple[Rulebook, ...] = (EDITION_2022, EDITION_2023_09_04, EDITION_2024_04_15)
"""Every edition, oldest first."""

_OFFICIAL: dict[str, Rulebook] = {book.edition: book for book in EDITIONS}


def rulebook_for(day: date) -> Rulebook:
    """Return the edition in force on ``day`` (PR-1 and DI-3 later editions).

    That is the latest edition whose ``effective_from`` is not after ``day``.

    An aware datetime stands for its Europe/Warsaw calendar day.

    Raises:
        InvalidValueError: ``day`` is before the first edition (2022-01-01), whose rules
            are the oldest this library knows.

    Example:
        >>> from datetime import date
        >>> from sellerquality.allegro import rulebook_for
        >>> rulebook_for(date(2023, 9, 3)).edition, rulebook_for(date(2023, 9, 4)).edition
        ('2022', '2023-09-04')
    """
    if isinstance(day, datetime):
        # An instant means its Warsaw calendar day: Allegro's rules change at Warsaw midnight.
        day = require_aware(day, field="day").astimezone(_WARSAW).date()
    in_force = [book for book in EDITIONS if book.effective_from <= day]
    if not in_force:
        raise InvalidValueError(
            field="day",
            value=day,
            reason=f"is before the first known edition ({EDITIONS[0].effective_from})",
        )
    return in_force[-1]


def _leaves(value: object, path: str) -> dict[str, object]:
    if attrs.has(type(value)):
        found: dict[str, object] = {}
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
            if field.name == "source":
                continue
            found |= _leaves(
                getattr(value, field.name), f"{path}.{field.name}" if path else field.name
            )
        return found
    if isinstance(value, Mapping):
        found = {}
        for key, item in value.items():
            name = key.name if isinstance(key, enum.Enum) else str(key)
            found |= _leaves(item, f"{path}[{name}]")
        return found
    return {path: value}


def edition_changes(old: Rulebook, new: Rulebook) -> tuple[tuple[str, object, object], ...]:
    """List every rule value that differs between two editions: ``(path, old, new)``.

    This is how the later editions of PR-1 (2023-09-04) and DI-3/DI-4
    (2024-04-15) differ from the 2022 rules of Allegro's help pages.

    Sources are left out; the edition name and date are included. Rules are
    compared field by field, so a rule replaced by another kind (Super Seller
    2022 by 2023) shows each field it drops (new value ``None``) and each it adds
    (old value ``None``).
    """
    before, after = _leaves(old, ""), _leaves(new, "")

    def differs(path: str) -> bool:
        was, now = before.get(path, _MISSING), after.get(path, _MISSING)
        # A rule that appears or disappears whole shows in its own fields.
        return was != now and not (None in (was, now) and _MISSING in (was, now))

    return tuple(
        (path, before.get(path), after.get(path))
        for path in dict.fromkeys([*before, *after])
        if differs(path)
    )


_MISSING = object()
