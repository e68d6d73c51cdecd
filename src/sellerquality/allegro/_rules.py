"""Allegro rulebooks: every threshold, point value, window and date, as data.

A :class:`Rulebook` is an immutable value naming its edition, the date it took
effect and its source. Evaluation code reads every number from the rulebook it
is given; nothing rule-like is written as a literal elsewhere. Change a value
with :func:`attrs.evolve` and pass the result as ``rulebook=``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

import attrs

from .._frozen import FrozenMap
from .._money import Money
from .._time import WARSAW as _WARSAW
from ..exceptions import InvalidValueError
from ._model import Area, Channel, Grade, ViolationKind

T = TypeVar("T")


def _metric_map(value: Mapping[str, MetricRule]) -> Mapping[str, MetricRule]:
    return FrozenMap(dict(value))


def _channel_map(value: Mapping[Channel, int]) -> Mapping[Channel, int]:
    return FrozenMap(dict(value))


def _deduction_map(value: Mapping[ViolationKind, int]) -> Mapping[ViolationKind, int]:
    return FrozenMap(dict(value))


__all__ = [
    "CoinBand",
    "CoinRules",
    "Comparison",
    "DiscussionLimit",
    "ExcludedCategory",
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
        from ._editions import OFFICIAL  # noqa: PLC0415 - the editions are built from this class

        official = OFFICIAL.get(self.edition)
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
