"""The twenty sales-quality metrics (SQ-A1…SQ-E1), one pure function each.

Each public function evaluates one metric of an activity at ``as_of`` and
returns a :class:`~sellerquality.MetricResult` that explains itself. Every
threshold, point value and window comes from the rulebook; this module holds
the arithmetic and the words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, Protocol, overload

import attrs

from .._i18n import N_, ngettext
from .._i18n import gettext as _
from .._money import Money
from .._results import Distance, DistanceKind, MetricResult, Outcome
from .._text import count, decimal, duration, percent
from .._time import Window, require_aware
from ._editions import DEFAULT_RULEBOOK
from ._engine import (
    Family,
    OfferCulprits,
    OfferSums,
    OpenCulprits,
    OpenSums,
    OrderCulprits,
    OrderSums,
    RatingCulprits,
    RatingSums,
    ReplyCulprits,
    ReplySums,
    Tally,
    UnresolvedCulprits,
    UnresolvedSums,
    ViolationCulprits,
    ViolationSums,
    tally,
)
from ._model import STAR_BEST, STAR_WORST, SellerActivity, ViolationKind
from ._rules import MetricRule, Rulebook

__all__ = [
    "METRIC_FUNCTIONS",
    "Context",
    "allegro_delivery_offers",
    "business_account",
    "buyer_satisfaction",
    "completed_orders",
    "dispute_reply_on_time",
    "dispute_reply_time",
    "ean_offers",
    "evaluate",
    "fast_dispatch_offers",
    "message_reply_on_time",
    "message_reply_time",
    "open_disputes",
    "payment_methods",
    "personal_pickup_offers",
    "promoted_revenue",
    "recommendation_rate",
    "revenue",
    "smart_offers",
    "tos_violations",
    "tracking_on_time",
    "unresolved_disputes",
]

_CENT = Decimal("0.01")
_MICRO = timedelta(microseconds=1)


@attrs.define
class Context:
    """What the metric functions read: the activity's columns and their tallies at ``as_of``."""

    activity: SellerActivity
    as_of: datetime
    rulebook: Rulebook
    window: Window
    tallies: dict[tuple[Family, int], Tally[Any, Any]] = attrs.field(factory=dict)
    windows: dict[int, Window] = attrs.field(factory=dict)

    @classmethod
    def build(cls, activity: SellerActivity, as_of: datetime, rulebook: Rulebook) -> Context:
        """Prepare to evaluate ``activity`` at ``as_of``."""
        require_aware(as_of, field="as_of")
        return cls(
            activity=activity,
            as_of=as_of,
            rulebook=rulebook,
            window=Window.last_days(as_of, rulebook.quality.window_days, rulebook.zone),
        )

    @overload
    def tally(
        self, family: Literal[Family.RATINGS], days: int | None = None
    ) -> Tally[RatingSums, RatingCulprits]: ...
    @overload
    def tally(
        self, family: Literal[Family.MESSAGES, Family.DISPUTES], days: int | None = None
    ) -> Tally[ReplySums, ReplyCulprits]: ...
    @overload
    def tally(
        self, family: Literal[Family.OPEN_DISPUTES], days: int | None = None
    ) -> Tally[OpenSums, OpenCulprits]: ...
    @overload
    def tally(
        self, family: Literal[Family.UNRESOLVED], days: int | None = None
    ) -> Tally[UnresolvedSums, UnresolvedCulprits]: ...
    @overload
    def tally(
        self, family: Literal[Family.ORDERS], days: int | None = None
    ) -> Tally[OrderSums, OrderCulprits]: ...
    @overload
    def tally(
        self, family: Literal[Family.OFFERS], days: int | None = None
    ) -> Tally[OfferSums, OfferCulprits]: ...
    @overload
    def tally(
        self, family: Literal[Family.VIOLATIONS], days: int | None = None
    ) -> Tally[ViolationSums, ViolationCulprits]: ...

    def tally(self, family: Family, days: int | None = None) -> Tally[Any, Any]:
        """The tally of ``family`` with a ``days``-day window at ``as_of``, computed once.

        ``days`` defaults to the report window (``quality.window_days``).
        """
        key = (family, self.rulebook.quality.window_days if days is None else days)
        known = self.tallies.get(key)
        if known is None:
            known = self.tallies[key] = tally(
                family, self.activity.columns, self.rulebook, as_of=self.as_of, days=key[1]
            )
        return known

    def replies(self, family: Family, days: int | None = None) -> Tally[ReplySums, ReplyCulprits]:
        """The reply tally of messages or disputes (the two reply families share a shape)."""
        if family is Family.MESSAGES:
            return self.tally(Family.MESSAGES, days)
        return self.tally(Family.DISPUTES, days)

    def window_of(self, days: int) -> Window:
        """The ``days``-day window ending at ``as_of``, built once per length."""
        if days == self.rulebook.quality.window_days:
            return self.window
        known = self.windows.get(days)
        if known is None:
            known = self.windows[days] = Window.last_days(self.as_of, days, self.rulebook.zone)
        return known

    def rule(self, code: str) -> MetricRule:
        """The rule of metric ``code``."""
        return self.rulebook.quality.metrics[code]


# --- formatting --------------------------------------------------------------------


# How many more (or fewer) records of a kind, by the kind's English unit
# (``Distance.unit``): whole phrases, so that each language can agree its noun
# with the number (Polish has three forms).
_MORE: Mapping[str, Callable[[int], str]] = {
    "recommended ratings": lambda n: ngettext(
        "{n} more recommended rating", "{n} more recommended ratings", n
    ),
    "negative ratings": lambda n: ngettext(
        "{n} more negative rating", "{n} more negative ratings", n
    ),
    "1-star marks": lambda n: ngettext("{n} more 1-star mark", "{n} more 1-star marks", n),
    "5-star marks": lambda n: ngettext("{n} more 5-star mark", "{n} more 5-star marks", n),
    "open disputes": lambda n: ngettext("{n} more open dispute", "{n} more open disputes", n),
    "disputes answered on time": lambda n: ngettext(
        "{n} more dispute answered on time", "{n} more disputes answered on time", n
    ),
    "late dispute replies": lambda n: ngettext(
        "{n} more late dispute reply", "{n} more late dispute replies", n
    ),
    "buyer messages answered on time": lambda n: ngettext(
        "{n} more buyer message answered on time",
        "{n} more buyer messages answered on time",
        n,
    ),
    "late buyer message replies": lambda n: ngettext(
        "{n} more late buyer message reply", "{n} more late buyer message replies", n
    ),
    "unresolved disputes": lambda n: ngettext(
        "{n} more unresolved dispute", "{n} more unresolved disputes", n
    ),
    "completed transactions": lambda n: ngettext(
        "{n} more completed transaction", "{n} more completed transactions", n
    ),
    "offers with an EAN/GTIN": lambda n: ngettext(
        "{n} more offer with an EAN/GTIN", "{n} more offers with an EAN/GTIN", n
    ),
    "offers with Smart! delivery": lambda n: ngettext(
        "{n} more offer with Smart! delivery", "{n} more offers with Smart! delivery", n
    ),
    "offers dispatched within {parameter}": lambda n: ngettext(
        "{n} more offer dispatched within {parameter}",
        "{n} more offers dispatched within {parameter}",
        n,
    ),
    "offers with {parameter}+ pickup methods": lambda n: ngettext(
        "{n} more offer with {parameter}+ pickup methods",
        "{n} more offers with {parameter}+ pickup methods",
        n,
    ),
    "offers with {parameter}+ Allegro delivery methods": lambda n: ngettext(
        "{n} more offer with {parameter}+ Allegro delivery methods",
        "{n} more offers with {parameter}+ Allegro delivery methods",
        n,
    ),
    "offers without it": lambda n: ngettext(
        "{n} more offer without it", "{n} more offers without it", n
    ),
    "payment methods": lambda n: ngettext("{n} more payment method", "{n} more payment methods", n),
    "completed orders": lambda n: ngettext(
        "{n} more completed order", "{n} more completed orders", n
    ),
    "orders with tracking on time": lambda n: ngettext(
        "{n} more order with tracking on time", "{n} more orders with tracking on time", n
    ),
    "late orders": lambda n: ngettext("{n} more late order", "{n} more late orders", n),
}

# A count above its threshold (SQ-C6, SQ-D1), by unit.
_ABOVE: Mapping[str, Callable[[int], str]] = {
    "payment methods": lambda n: ngettext(
        "{n} payment method above the threshold", "{n} payment methods above the threshold", n
    ),
    "completed orders": lambda n: ngettext(
        "{n} completed order above the threshold", "{n} completed orders above the threshold", n
    ),
}


def _more(unit: str, n: int, parameter: object = None) -> str:
    """``"3 more late orders"`` in the current language."""
    return _MORE[unit](n).format(n=count(n), parameter=parameter)


def _room(unit: str, n: int, parameter: object = None) -> str:
    """The margin in words: how many more bad records the bonus survives."""
    return _("room for {more} before the bonus is lost").format(more=_more(unit, n, parameter))


def _wanted(unit: str, n: int, parameter: object = None) -> str:
    """The shortfall in words: how many more good records earn the bonus."""
    return _("{more} would earn the bonus").format(more=_more(unit, n, parameter))


# --- outcome, points and distance ---------------------------------------------------


def _scored(rule: MetricRule, meets: bool) -> tuple[Outcome, int]:
    if meets:
        return Outcome.BONUS, rule.bonus
    if rule.penalty:
        return Outcome.PENALTY, -rule.penalty
    return Outcome.NEUTRAL, 0


def _not_applicable(ctx: Context, rule: MetricRule, why: str) -> MetricResult:
    return MetricResult(
        code=rule.code,
        area=rule.area,
        rule=rule.rule,
        value=None,
        numerator=None,
        denominator=None,
        threshold=rule.threshold,
        outcome=Outcome.NOT_APPLICABLE,
        points=0,
        max_points=0,
        window=ctx.window_of(rule.window_days),
        explanation=_(
            "Not applicable: {why}, so this metric neither adds nor counts towards the maximum."
        ).format(why=why),
    )


def _result(
    ctx: Context,
    rule: MetricRule,
    *,
    value: Any,
    numerator: Any,
    denominator: Any,
    meets: bool,
    explanation: str,
    distance: Distance | None = None,
    culprits: tuple[tuple[str, ...], int] = ((), 0),
    outcome: tuple[Outcome, int] | None = None,
    tip: bool | None = None,
) -> MetricResult:
    result_outcome, points = outcome if outcome is not None else _scored(rule, meets)
    show_tip = result_outcome is not Outcome.BONUS if tip is None else tip
    return MetricResult(
        code=rule.code,
        area=rule.area,
        rule=rule.rule,
        value=value,
        numerator=numerator,
        denominator=denominator,
        threshold=rule.threshold,
        outcome=result_outcome,
        points=points,
        max_points=rule.bonus,
        window=ctx.window_of(rule.window_days),
        explanation=explanation,
        tip=_(rule.tip) if show_tip else None,
        to_threshold=distance,
        culprits=culprits[0],
        culprit_count=culprits[1],
    )


def _share_distance(
    good: int,
    total: int,
    threshold: Fraction,
    *,
    meets: bool,
    good_unit: str,
    bad_unit: str,
    parameter: object = None,
) -> Distance | None:
    """Distance for ``good / total >= threshold`` in whole records (SQ-3, issue: distance)."""
    if meets:
        if threshold == 0:
            return None  # no number of bad records can lose it
        room = math.floor(Fraction(good) / threshold - total)
        return Distance(
            kind=DistanceKind.MARGIN,
            amount=room,
            unit=bad_unit,
            text=_room(bad_unit, room),
        )
    if threshold >= 1:
        return None  # a single bad record keeps it below 100% for ever
    needed = math.ceil((threshold * total - good) / (1 - threshold))
    return Distance(
        kind=DistanceKind.TO_BONUS,
        amount=needed,
        unit=good_unit.format(parameter=parameter),
        text=_wanted(good_unit, needed, parameter),
    )


def _count_distance(value: int, threshold: int, meets: bool, unit: str) -> Distance:
    """Distance for ``value >= threshold`` with counts."""
    if meets:
        room = value - threshold
        return Distance(
            kind=DistanceKind.MARGIN,
            amount=room,
            unit=unit,
            text=_ABOVE[unit](room).format(n=count(room)),
        )
    needed = threshold - value
    return Distance(
        kind=DistanceKind.TO_BONUS,
        amount=needed,
        unit=unit,
        text=_wanted(unit, needed),
    )


def _ceil_cents(value: Fraction) -> Decimal:
    cents = math.ceil(value * 100)
    return Decimal(cents).scaleb(-2)


def _floor_cents(value: Fraction) -> Decimal:
    cents = math.floor(value * 100)
    return Decimal(cents).scaleb(-2)


def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def _share_metric(
    ctx: Context,
    rule: MetricRule,
    good: int,
    total: int,
    *,
    says: Callable[[str, str], str],
    good_unit: str,
    bad_unit: str,
    culprits: tuple[tuple[str, ...], int],
    parameter: object = None,
) -> MetricResult:
    """A metric that is a share ``good / total`` compared with ``rule.share``.

    ``says(rate, threshold)`` words the explanation from the two percentages.
    """
    threshold = rule.share
    rate = Fraction(good, total)
    meets = rule.comparison.holds(rate, threshold)
    return _result(
        ctx,
        rule,
        value=rate,
        numerator=good,
        denominator=total,
        meets=meets,
        explanation=says(percent(rate, against=threshold), percent(threshold)),
        distance=_share_distance(
            good,
            total,
            threshold,
            meets=meets,
            good_unit=good_unit,
            bad_unit=bad_unit,
            parameter=parameter,
        ),
        culprits=culprits,
    )


# --- A. buyer ratings ----------------------------------------------------------------


def _recommendation_rate(ctx: Context) -> MetricResult:
    rule = ctx.rule("RECOMMENDATION_RATE")
    sums = ctx.tally(Family.RATINGS, rule.window_days).sums
    recommended, total = sums.recommended, sums.ratings
    if not total:
        return _not_applicable(
            ctx, rule, _("no ratings in the last {days} days").format(days=rule.window_days)
        )
    return _share_metric(
        ctx,
        rule,
        recommended,
        total,
        says=lambda rate, bar: ngettext(
            "{rate} of {n} rating recommend you; {bar} earns the bonus.",
            "{rate} of {n} ratings recommend you; {bar} earns the bonus.",
            total,
        ).format(rate=rate, n=count(total), bar=bar),
        good_unit="recommended ratings",
        bad_unit="negative ratings",
        culprits=ctx.tally(Family.RATINGS, rule.window_days).culprits.negative,
    )


def _buyer_satisfaction(ctx: Context) -> MetricResult:
    rule = ctx.rule("BUYER_SATISFACTION")
    sums = ctx.tally(Family.RATINGS, rule.window_days).sums
    marks, total = sums.marks, sums.mark_sum
    if not marks:
        return _not_applicable(
            ctx, rule, _("no star marks in the last {days} days").format(days=rule.window_days)
        )
    threshold = rule.share
    mean = Fraction(total, marks)
    meets = rule.comparison.holds(mean, threshold)
    if meets:
        room = (
            math.floor((total - threshold * marks) / (threshold - STAR_WORST))
            if threshold > STAR_WORST
            else None
        )
        distance = (
            None
            if room is None
            else Distance(
                kind=DistanceKind.MARGIN,
                amount=room,
                unit="1-star marks",
                text=_room("1-star marks", room),
            )
        )
    elif threshold < STAR_BEST:
        needed = math.ceil((threshold * marks - total) / (STAR_BEST - threshold))
        distance = Distance(
            kind=DistanceKind.TO_BONUS,
            amount=needed,
            unit="5-star marks",
            text=_wanted("5-star marks", needed),
        )
    else:
        distance = None
    return _result(
        ctx,
        rule,
        value=mean,
        numerator=total,
        denominator=marks,
        meets=meets,
        explanation=ngettext(
            "Your {n} star mark average {mean}; {bar} earns the bonus.",
            "Your {n} star marks average {mean}; {bar} earns the bonus.",
            marks,
        ).format(n=count(marks), mean=decimal(mean, 2), bar=decimal(threshold, 2)),
        distance=distance,
        culprits=ctx.tally(Family.RATINGS, rule.window_days).culprits.low_marks,
    )


# --- B. customer service -------------------------------------------------------------


def _open_disputes(ctx: Context) -> MetricResult:
    rule = ctx.rule("OPEN_DISPUTES")
    open_now = ctx.tally(Family.OPEN_DISPUTES, rule.window_days).sums.open
    limit = rule.count
    meets = rule.comparison.holds(open_now, limit)
    allowed = (
        _("none open earns the bonus")
        if limit == 0
        else _("at most {limit} open earns the bonus").format(limit=count(limit))
    )
    at = ctx.as_of.isoformat()
    explanation = (
        _("No dispute is open at {at}; {allowed}.").format(at=at, allowed=allowed)
        if not open_now
        else ngettext(
            "{n} dispute open at {at}; {allowed}.",
            "{n} disputes open at {at}; {allowed}.",
            open_now,
        ).format(n=count(open_now), at=at, allowed=allowed)
    )
    distance = (
        Distance(
            kind=DistanceKind.MARGIN,
            amount=limit - open_now,
            unit="open disputes",
            text=_room("open disputes", limit - open_now),
        )
        if meets
        else None
    )
    return _result(
        ctx,
        rule,
        value=open_now,
        numerator=open_now,
        denominator=None,
        meets=meets,
        explanation=explanation,
        distance=distance,
        culprits=ctx.tally(Family.OPEN_DISPUTES, rule.window_days).culprits.open,
    )


def _reply_on_time(ctx: Context, code: str, family: Family) -> MetricResult:
    rule = ctx.rule(code)
    sums = ctx.replies(family, rule.window_days).sums
    counted, on_time = sums.due, sums.on_time
    disputes = family is Family.DISPUTES
    if not counted:
        none_due = (
            _("no disputes were due for a reply in the last {days} days")
            if disputes
            else _("no buyer messages were due for a reply in the last {days} days")
        )
        return _not_applicable(ctx, rule, none_due.format(days=rule.window_days))
    within = _due_words(ctx)

    def says(rate: str, bar: str) -> str:
        sentence = (
            ngettext(
                "{rate} of {n} dispute due were answered {within}; {bar} earns the bonus.",
                "{rate} of {n} disputes due were answered {within}; {bar} earns the bonus.",
                counted,
            )
            if disputes
            else ngettext(
                "{rate} of {n} buyer message due were answered {within}; {bar} earns the bonus.",
                "{rate} of {n} buyer messages due were answered {within}; {bar} earns the bonus.",
                counted,
            )
        )
        return sentence.format(rate=rate, n=count(counted), within=within, bar=bar)

    noun = "dispute" if disputes else "buyer message"
    return _share_metric(
        ctx,
        rule,
        on_time,
        counted,
        says=says,
        good_unit=f"{noun}s answered on time",
        bad_unit=f"late {noun} replies",
        culprits=ctx.replies(family, rule.window_days).culprits.late,
    )


def _due_words(ctx: Context) -> str:
    lifecycle = ctx.rulebook.lifecycle
    hours = duration(lifecycle.reply_within)
    if lifecycle.reply_clock.value == "BUSINESS":
        return _("within {hours} of business time").format(hours=hours)
    return _("within {hours}").format(hours=hours)


def _dispute_reply_on_time(ctx: Context) -> MetricResult:
    return _reply_on_time(ctx, "DISPUTE_REPLY_ON_TIME", Family.DISPUTES)


def _message_reply_on_time(ctx: Context) -> MetricResult:
    return _reply_on_time(ctx, "MESSAGE_REPLY_ON_TIME", Family.MESSAGES)


def _mean_duration(total_micros: int, count: int) -> timedelta:
    # Exact mean in microseconds, rounded half to even to the microsecond for display;
    # comparisons with thresholds use the exact integers.
    return timedelta(microseconds=round(Fraction(total_micros, count)))


def _dispute_reply_time(ctx: Context) -> MetricResult:
    rule = ctx.rule("DISPUTE_REPLY_TIME")
    sums = ctx.tally(Family.DISPUTES, rule.window_days).sums
    answered, total = sums.answered, sums.reply_micros
    if not answered:
        return _not_applicable(
            ctx,
            rule,
            _("no dispute opened in the last {days} days was answered").format(
                days=rule.window_days
            ),
        )
    share = Fraction(0)
    for limit, tier_share in rule.tiers:
        if total <= (limit // _MICRO) * answered:
            share = tier_share
            break
    points = int(
        (Decimal(rule.bonus) * share.numerator / share.denominator).quantize(
            Decimal(1), rounding=ctx.rulebook.quality.tier_rounding
        )
    )
    outcome = (Outcome.BONUS, points) if points > 0 else (Outcome.NEUTRAL, 0)
    mean = _mean_duration(total, answered)
    tiers = ", ".join(
        _("full points up to {limit}").format(limit=duration(limit))
        if s == 1
        else _("{share} of them up to {limit}").format(
            share=f"{s.numerator}/{s.denominator}", limit=duration(limit)
        )
        for limit, s in rule.tiers
    )
    return _result(
        ctx,
        rule,
        value=mean,
        numerator=timedelta(microseconds=total),
        denominator=answered,
        meets=points == rule.bonus,
        explanation=ngettext(
            "The first reply to {n} answered dispute took {mean} on average, "
            "earning {points} of {bonus} points ({tiers}).",
            "The first reply to {n} answered disputes took {mean} on average, "
            "earning {points} of {bonus} points ({tiers}).",
            answered,
        ).format(
            n=count(answered),
            mean=duration(mean),
            points=count(points),
            bonus=count(rule.bonus),
            tiers=tiers,
        ),
        culprits=ctx.tally(Family.DISPUTES, rule.window_days).culprits.slow,
        outcome=outcome,
        tip=points < rule.bonus,
    )


def _message_reply_time(ctx: Context) -> MetricResult:
    rule = ctx.rule("MESSAGE_REPLY_TIME")
    sums = ctx.tally(Family.MESSAGES, rule.window_days).sums
    answered, total = sums.answered, sums.reply_micros
    if not answered:
        return _not_applicable(
            ctx,
            rule,
            _("no buyer message of the last {days} days was answered").format(
                days=rule.window_days
            ),
        )
    limit = rule.duration
    meets = total <= (limit // _MICRO) * answered
    mean = _mean_duration(total, answered)
    return _result(
        ctx,
        rule,
        value=mean,
        numerator=timedelta(microseconds=total),
        denominator=answered,
        meets=meets,
        explanation=ngettext(
            "{n} answered buyer message took {mean} on average to answer; "
            "up to {limit} earns the bonus.",
            "{n} answered buyer messages took {mean} on average to answer; "
            "up to {limit} earns the bonus.",
            answered,
        ).format(n=count(answered), mean=duration(mean), limit=duration(limit)),
        culprits=ctx.tally(Family.MESSAGES, rule.window_days).culprits.slow,
    )


def _unresolved_distance(
    unresolved: int, completed: int, threshold: Fraction, *, meets: bool = False
) -> Distance | None:
    """How far ``unresolved / completed`` is from the SQ-B4 threshold, in whole records."""
    if meets:
        room = math.floor(threshold * completed - unresolved)
        return Distance(
            kind=DistanceKind.MARGIN,
            amount=room,
            unit="unresolved disputes",
            text=_room("unresolved disputes", room),
        )
    if threshold > 0:
        needed = math.ceil(unresolved / threshold - completed)
        return Distance(
            kind=DistanceKind.TO_BONUS,
            amount=needed,
            unit="completed transactions",
            text=_wanted("completed transactions", needed),
        )
    return None


def _unresolved_disputes(ctx: Context) -> MetricResult:
    rule = ctx.rule("UNRESOLVED_DISPUTES")
    unresolved = ctx.tally(Family.UNRESOLVED, rule.window_days).sums.unresolved
    completed = ctx.tally(Family.ORDERS, rule.window_days).sums.completed
    threshold = rule.share
    if not completed:
        if not unresolved:
            return _not_applicable(
                ctx,
                rule,
                _("no completed transactions in the last {days} days").format(
                    days=rule.window_days
                ),
            )
        # Unresolved disputes against no completed transaction: there is something
        # to measure, and it is not "none", so the bonus is missed (SQ-B4).
        return _result(
            ctx,
            rule,
            value=None,
            numerator=unresolved,
            denominator=0,
            meets=False,
            explanation=ngettext(
                "{n} dispute marked unresolved and no completed transaction in the last "
                "{days} days, so no share can be taken and the bonus is missed.",
                "{n} disputes marked unresolved and no completed transaction in the last "
                "{days} days, so no share can be taken and the bonus is missed.",
                unresolved,
            ).format(n=count(unresolved), days=rule.window_days),
            distance=_unresolved_distance(unresolved, 0, threshold),
            culprits=ctx.tally(Family.UNRESOLVED, rule.window_days).culprits.unresolved,
        )
    share = Fraction(unresolved, completed)
    meets = rule.comparison.holds(share, threshold)
    distance = _unresolved_distance(unresolved, completed, threshold, meets=meets)
    limit = (
        _("none earns the bonus")
        if threshold == 0
        else _("at most {share} earns the bonus").format(share=percent(threshold))
    )
    disputes = ngettext(
        "{n} dispute marked unresolved", "{n} disputes marked unresolved", unresolved
    ).format(n=count(unresolved))
    transactions = ngettext(
        "{n} completed transaction", "{n} completed transactions", completed
    ).format(n=count(completed))
    return _result(
        ctx,
        rule,
        value=share,
        numerator=unresolved,
        denominator=completed,
        meets=meets,
        explanation=_("{disputes} against {transactions}; {limit}.").format(
            disputes=disputes, transactions=transactions, limit=limit
        ),
        distance=distance,
        culprits=ctx.tally(Family.UNRESOLVED, rule.window_days).culprits.unresolved,
    )


# --- C. offer attractiveness -----------------------------------------------------------

_OFFER_FEATURES: Mapping[str, tuple[int, str, str]] = {
    # code: (slot in the offers tally, what qualifying offers do, unit)
    "EAN_OFFERS": (1, N_("have an EAN/GTIN"), "offers with an EAN/GTIN"),
    "SMART_OFFERS": (2, N_("offer Allegro Smart! delivery"), "offers with Smart! delivery"),
    "FAST_DISPATCH_OFFERS": (
        3,
        N_("dispatch within {parameter}"),
        "offers dispatched within {parameter}",
    ),
    "PERSONAL_PICKUP_OFFERS": (
        4,
        N_("offer at least {parameter} personal-pickup methods"),
        "offers with {parameter}+ pickup methods",
    ),
    "ALLEGRO_DELIVERY_OFFERS": (
        5,
        N_("offer at least {parameter} Allegro delivery methods"),
        "offers with {parameter}+ Allegro delivery methods",
    ),
}


def _offer_share(ctx: Context, code: str) -> MetricResult:
    rule = ctx.rule(code)
    slot, does, unit = _OFFER_FEATURES[code]
    parameter: str | int | None = None
    if isinstance(rule.parameter, timedelta):
        parameter = duration(rule.duration_parameter)
    elif rule.parameter is not None:
        parameter = rule.count_parameter
    does = _(does).format(parameter=parameter)
    offers = ctx.tally(Family.OFFERS, rule.window_days)
    active, qualifying = offers.sums.active, offers.sums[slot]
    if not active:
        return _not_applicable(ctx, rule, _("no offer is active"))
    return _share_metric(
        ctx,
        rule,
        qualifying,
        active,
        says=lambda rate, bar: _(
            "{rate} of your active offers ({qualifying} of {active}) {does}; {bar} earns the bonus."
        ).format(rate=rate, qualifying=count(qualifying), active=count(active), does=does, bar=bar),
        good_unit=unit,
        bad_unit="offers without it",
        culprits=offers.culprits[slot - 1],
        parameter=parameter,
    )


def _ean_offers(ctx: Context) -> MetricResult:
    return _offer_share(ctx, "EAN_OFFERS")


def _smart_offers(ctx: Context) -> MetricResult:
    return _offer_share(ctx, "SMART_OFFERS")


def _fast_dispatch_offers(ctx: Context) -> MetricResult:
    return _offer_share(ctx, "FAST_DISPATCH_OFFERS")


def _personal_pickup_offers(ctx: Context) -> MetricResult:
    return _offer_share(ctx, "PERSONAL_PICKUP_OFFERS")


def _allegro_delivery_offers(ctx: Context) -> MetricResult:
    return _offer_share(ctx, "ALLEGRO_DELIVERY_OFFERS")


def _revenue_sums(ctx: Context, rule: MetricRule) -> tuple[Decimal, Decimal]:
    sums = ctx.tally(Family.ORDERS, rule.window_days).sums
    return sums.revenue, sums.promoted_revenue


def _currency(ctx: Context, fallback: str) -> str:
    """The orders' currency as known at ``as_of`` (records after it do not exist yet)."""
    orders = ctx.activity.orders
    if orders and orders[0].bought_at < ctx.as_of:
        return orders[0].total.currency
    return fallback


def _promoted_revenue(ctx: Context) -> MetricResult:
    rule = ctx.rule("PROMOTED_REVENUE")
    revenue, promoted = _revenue_sums(ctx, rule)
    if not revenue:
        return _not_applicable(
            ctx, rule, _("no revenue in the last {days} days").format(days=rule.window_days)
        )
    currency = _currency(ctx, "PLN")
    threshold = rule.share
    share = _fraction(promoted) / _fraction(revenue)
    meets = rule.comparison.holds(share, threshold)
    if meets:
        room = (
            _floor_cents(_fraction(promoted) / threshold - _fraction(revenue))
            if threshold > 0
            else None
        )
        distance = (
            None
            if room is None
            else Distance(
                kind=DistanceKind.MARGIN,
                amount=Money(room, currency),
                unit="revenue without promotion",
                text=_(
                    "room for {amount} more revenue without promotion before the bonus is lost"
                ).format(amount=Money(room, currency)),
            )
        )
    elif threshold < 1:
        needed = _ceil_cents(
            (threshold * _fraction(revenue) - _fraction(promoted)) / (1 - threshold)
        )
        distance = Distance(
            kind=DistanceKind.TO_BONUS,
            amount=Money(needed, currency),
            unit="promoted revenue",
            text=_("{amount} more promoted revenue would earn the bonus").format(
                amount=Money(needed, currency)
            ),
        )
    else:
        distance = None
    return _result(
        ctx,
        rule,
        value=share,
        numerator=Money(promoted, currency),
        denominator=Money(revenue, currency),
        meets=meets,
        explanation=_(
            "Promoted sales bring {share} of {revenue} revenue; {bar} earns the bonus."
        ).format(
            share=percent(share, against=threshold),
            revenue=Money(revenue, currency),
            bar=percent(threshold),
        ),
        distance=distance,
    )


def _payment_methods(ctx: Context) -> MetricResult:
    rule = ctx.rule("PAYMENT_METHODS")
    methods = len(ctx.activity.account.payment_methods)
    threshold = rule.count
    meets = rule.comparison.holds(methods, threshold)
    return _result(
        ctx,
        rule,
        value=methods,
        numerator=methods,
        denominator=None,
        meets=meets,
        explanation=ngettext(
            "You offer {n} payment method; {bar} or more earn the bonus.",
            "You offer {n} payment methods; {bar} or more earn the bonus.",
            methods,
        ).format(n=count(methods), bar=count(threshold)),
        distance=_count_distance(methods, threshold, meets, "payment methods"),
    )


def _business_account(ctx: Context) -> MetricResult:
    rule = ctx.rule("BUSINESS_ACCOUNT")
    business = ctx.activity.account.business
    meets = business == rule.threshold
    return _result(
        ctx,
        rule,
        value=business,
        numerator=None,
        denominator=None,
        meets=meets,
        explanation=_("Your account is a business account; that earns the bonus.")
        if business
        else _("Your account is not a business account; a business account earns the bonus."),
    )


# --- D. order fulfilment -------------------------------------------------------------


def _completed_orders(ctx: Context) -> MetricResult:
    rule = ctx.rule("COMPLETED_ORDERS")
    completed = ctx.tally(Family.ORDERS, rule.window_days).sums.completed
    threshold = rule.count
    meets = rule.comparison.holds(completed, threshold)
    return _result(
        ctx,
        rule,
        value=completed,
        numerator=completed,
        denominator=None,
        meets=meets,
        explanation=ngettext(
            "{n} order bought in the last {days} days was completed "
            "(sent, or recommended by the buyer); {bar} earn the bonus.",
            "{n} orders bought in the last {days} days were completed "
            "(sent, or recommended by the buyer); {bar} earn the bonus.",
            completed,
        ).format(n=count(completed), days=rule.window_days, bar=count(threshold)),
        distance=_count_distance(completed, threshold, meets, "completed orders"),
        culprits=ctx.tally(Family.ORDERS, rule.window_days).culprits.not_completed,
    )


def _tracking_on_time(ctx: Context) -> MetricResult:
    rule = ctx.rule("TRACKING_ON_TIME")
    sums = ctx.tally(Family.ORDERS, rule.window_days).sums
    counted, on_time = sums.due, sums.on_time
    if not counted:
        return _not_applicable(ctx, rule, _("no order was due for a tracking number"))
    return _share_metric(
        ctx,
        rule,
        on_time,
        counted,
        says=lambda rate, bar: ngettext(
            "{rate} of {n} order due had a tracking number by the dispatch deadline; "
            "{bar} earns the bonus.",
            "{rate} of {n} orders due had a tracking number by the dispatch deadline; "
            "{bar} earns the bonus.",
            counted,
        ).format(rate=rate, n=count(counted), bar=bar),
        good_unit="orders with tracking on time",
        bad_unit="late orders",
        culprits=ctx.tally(Family.ORDERS, rule.window_days).culprits.late,
    )


def _revenue(ctx: Context) -> MetricResult:
    rule = ctx.rule("REVENUE")
    threshold = rule.money
    currency = _currency(ctx, threshold.currency)
    if currency != threshold.currency:
        return _not_applicable(
            ctx,
            rule,
            _(
                "the orders are in {currency} and the rulebook's threshold is in "
                "{threshold} (give a rulebook with a {currency} threshold)"
            ).format(currency=currency, threshold=threshold.currency),
        )
    total = Money(_revenue_sums(ctx, rule)[0], currency)
    meets = rule.comparison.holds(total, threshold)
    gap = total - threshold if meets else threshold - total
    distance = Distance(
        kind=DistanceKind.MARGIN if meets else DistanceKind.TO_BONUS,
        amount=gap,
        unit="revenue",
        text=_("{amount} above the threshold").format(amount=gap)
        if meets
        else _("{amount} more revenue would earn the bonus").format(amount=gap),
    )
    return _result(
        ctx,
        rule,
        value=total,
        numerator=total,
        denominator=None,
        meets=meets,
        explanation=_("Revenue in the last {days} days is {total}; {bar} earns the bonus.").format(
            days=rule.window_days, total=total, bar=threshold
        ),
        distance=distance,
    )


# --- E. ToS violations ---------------------------------------------------------------


def _tos_violations(ctx: Context) -> MetricResult:
    rule = ctx.rule("TOS_VIOLATIONS")
    violations_tally = ctx.tally(Family.VIOLATIONS, rule.window_days)
    count, deducted = violations_tally.sums
    culprits = violations_tally.culprits.violations
    if not count:
        explanation = _("No ToS violations in the last {days} days; nothing is deducted.").format(
            days=rule.window_days
        )
    else:
        kinds: dict[ViolationKind, int] = {}
        window = ctx.window_of(rule.window_days)
        violations = {v.id: v for v in ctx.activity.violations_in(window)}
        for violation in violations.values():
            kinds[violation.kind] = kinds.get(violation.kind, 0) + 1
        deductions = ctx.rulebook.quality.deductions
        parts = ", ".join(
            _("{violations} (-{points} each)").format(
                violations=_VIOLATIONS[kind](n).format(n=n), points=deductions[kind]
            )
            for kind, n in sorted(kinds.items(), key=lambda item: -deductions[item[0]])
        )
        explanation = ngettext(
            "{violations} in the last {days} days deducts {points} points.",
            "{violations} in the last {days} days deduct {points} points.",
            count,
        ).format(violations=parts, days=rule.window_days, points=deducted)
    return _result(
        ctx,
        rule,
        value=count,
        numerator=count,
        denominator=None,
        meets=not count,
        explanation=explanation,
        culprits=culprits,
        outcome=(Outcome.PENALTY, -deducted) if count else (Outcome.NEUTRAL, 0),
        tip=bool(count),
    )


# A number of ToS violations of each kind (SQ-E1).
_VIOLATIONS: Mapping[ViolationKind, Callable[[int], str]] = {
    ViolationKind.ACCOUNT_BLOCKED: lambda n: ngettext("{n} account block", "{n} account blocks", n),
    ViolationKind.LISTING_AND_ENDING_BLOCKED: lambda n: ngettext(
        "{n} listing-and-ending block", "{n} listing-and-ending blocks", n
    ),
    ViolationKind.LISTING_BLOCKED: lambda n: ngettext("{n} listing block", "{n} listing blocks", n),
    ViolationKind.WARNING: lambda n: ngettext("{n} warning", "{n} warnings", n),
    ViolationKind.OFFER_REMOVED: lambda n: ngettext("{n} offer removal", "{n} offer removals", n),
    ViolationKind.REMINDER: lambda n: ngettext("{n} reminder", "{n} reminders", n),
}


# --- public functions ------------------------------------------------------------------

Finalizer = Callable[[Context], MetricResult]

FINALIZERS: Mapping[str, Finalizer] = {
    "RECOMMENDATION_RATE": _recommendation_rate,
    "BUYER_SATISFACTION": _buyer_satisfaction,
    "OPEN_DISPUTES": _open_disputes,
    "DISPUTE_REPLY_ON_TIME": _dispute_reply_on_time,
    "DISPUTE_REPLY_TIME": _dispute_reply_time,
    "UNRESOLVED_DISPUTES": _unresolved_disputes,
    "MESSAGE_REPLY_ON_TIME": _message_reply_on_time,
    "MESSAGE_REPLY_TIME": _message_reply_time,
    "EAN_OFFERS": _ean_offers,
    "SMART_OFFERS": _smart_offers,
    "FAST_DISPATCH_OFFERS": _fast_dispatch_offers,
    "PERSONAL_PICKUP_OFFERS": _personal_pickup_offers,
    "ALLEGRO_DELIVERY_OFFERS": _allegro_delivery_offers,
    "PROMOTED_REVENUE": _promoted_revenue,
    "PAYMENT_METHODS": _payment_methods,
    "BUSINESS_ACCOUNT": _business_account,
    "COMPLETED_ORDERS": _completed_orders,
    "TRACKING_ON_TIME": _tracking_on_time,
    "REVENUE": _revenue,
    "TOS_VIOLATIONS": _tos_violations,
}
"""The finalizer of each metric code: tallies at as_of -> MetricResult."""


METRIC_FAMILIES: Mapping[str, tuple[Family, ...]] = {
    "RECOMMENDATION_RATE": (Family.RATINGS,),
    "BUYER_SATISFACTION": (Family.RATINGS,),
    "OPEN_DISPUTES": (Family.OPEN_DISPUTES,),
    "DISPUTE_REPLY_ON_TIME": (Family.DISPUTES,),
    "DISPUTE_REPLY_TIME": (Family.DISPUTES,),
    "UNRESOLVED_DISPUTES": (Family.UNRESOLVED, Family.ORDERS),
    "MESSAGE_REPLY_ON_TIME": (Family.MESSAGES,),
    "MESSAGE_REPLY_TIME": (Family.MESSAGES,),
    "EAN_OFFERS": (Family.OFFERS,),
    "SMART_OFFERS": (Family.OFFERS,),
    "FAST_DISPATCH_OFFERS": (Family.OFFERS,),
    "PERSONAL_PICKUP_OFFERS": (Family.OFFERS,),
    "ALLEGRO_DELIVERY_OFFERS": (Family.OFFERS,),
    "PROMOTED_REVENUE": (Family.ORDERS,),
    "PAYMENT_METHODS": (),
    "BUSINESS_ACCOUNT": (),
    "COMPLETED_ORDERS": (Family.ORDERS,),
    "TRACKING_ON_TIME": (Family.ORDERS,),
    "REVENUE": (Family.ORDERS,),
    "TOS_VIOLATIONS": (Family.VIOLATIONS,),
}
"""The record families each metric reads."""


def tallies_needed(rulebook: Rulebook) -> set[tuple[Family, int]]:
    """Every (family, window days) pair the rulebook's metrics read."""
    return {
        (family, rule.window_days)
        for code, rule in rulebook.quality.metrics.items()
        for family in METRIC_FAMILIES[code]
    }


def evaluate(ctx: Context) -> dict[str, MetricResult]:
    """Every metric of the rulebook, in its order."""
    return {code: FINALIZERS[code](ctx) for code in ctx.rulebook.quality.metrics}


class MetricFunction(Protocol):
    """The signature every metric function shares (SQ-A1…SQ-E1)."""

    def __call__(
        self, activity: SellerActivity, *, as_of: datetime, rulebook: Rulebook = ...
    ) -> MetricResult:
        """Evaluate one metric of ``activity`` at ``as_of`` under ``rulebook``."""
        ...


def _rule_words(rule: MetricRule) -> str:
    """The default rule in words, from the rulebook's own numbers."""
    threshold = rule.threshold
    if isinstance(threshold, bool):
        shown = "yes" if threshold else "no"
    elif isinstance(threshold, Fraction):
        shown = percent(threshold)
    elif isinstance(threshold, timedelta):
        shown = duration(threshold)
    else:
        shown = str(threshold)
    words = "at least" if rule.comparison.value == ">=" else "at most"
    penalty = f", else a penalty of {rule.penalty}" if rule.penalty else ""
    return (
        f"In edition {DEFAULT_RULEBOOK.edition} a value of {words} {shown} earns "
        f"{rule.bonus} points{penalty}."
    )


def _public(code: str, rule_id: str, doc: str) -> MetricFunction:
    def metric(
        activity: SellerActivity, *, as_of: datetime, rulebook: Rulebook = DEFAULT_RULEBOOK
    ) -> MetricResult:
        return FINALIZERS[code](Context.build(activity, as_of, rulebook))

    rule = DEFAULT_RULEBOOK.quality.metrics[code]
    parameter = rule.parameter
    shown = duration(parameter) if isinstance(parameter, timedelta) else parameter
    metric.__name__ = metric.__qualname__ = code.lower()
    metric.__doc__ = f"""{doc.format(parameter=shown)}

    Implements {rule_id}. {_rule_words(rule)} The threshold, points and window
    come from ``rulebook.quality.metrics[{code!r}]``.

    Args:
        activity: The seller's records.
        as_of: The evaluation instant (aware); the window is the days before it.
        rulebook: The edition of the rules to apply.

    Returns:
        The metric's :class:`~sellerquality.MetricResult` (code ``{code}``).

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    return metric


recommendation_rate: MetricFunction = _public(
    "RECOMMENDATION_RATE", "SQ-A1", "Share of ratings in the window that recommend the seller."
)
buyer_satisfaction: MetricFunction = _public(
    "BUYER_SATISFACTION", "SQ-A2", "Mean of every star mark given in the window."
)
open_disputes: MetricFunction = _public(
    "OPEN_DISPUTES", "SQ-B1", "Disputes open at ``as_of`` (none earns the bonus)."
)
dispute_reply_on_time: MetricFunction = _public(
    "DISPUTE_REPLY_ON_TIME", "SQ-B2", "Share of disputes due whose first reply came in time."
)
dispute_reply_time: MetricFunction = _public(
    "DISPUTE_REPLY_TIME", "SQ-B3", "Mean time to the first reply to disputes, with graded points."
)
unresolved_disputes: MetricFunction = _public(
    "UNRESOLVED_DISPUTES", "SQ-B4", "Disputes marked unresolved per completed transaction."
)
message_reply_on_time: MetricFunction = _public(
    "MESSAGE_REPLY_ON_TIME", "SQ-B5", "Share of buyer messages due that were answered in time."
)
message_reply_time: MetricFunction = _public(
    "MESSAGE_REPLY_TIME", "SQ-B6", "Mean reply time to answered buyer messages."
)
ean_offers: MetricFunction = _public(
    "EAN_OFFERS", "SQ-C1", "Share of active offers with an EAN/GTIN."
)
smart_offers: MetricFunction = _public(
    "SMART_OFFERS", "SQ-C2", "Share of active offers with Allegro Smart! delivery."
)
fast_dispatch_offers: MetricFunction = _public(
    "FAST_DISPATCH_OFFERS",
    "SQ-C3",
    "Share of active offers with a handling time of {parameter} or less.",
)
personal_pickup_offers: MetricFunction = _public(
    "PERSONAL_PICKUP_OFFERS",
    "SQ-C4",
    "Share of active offers with {parameter}+ personal-pickup methods.",
)
allegro_delivery_offers: MetricFunction = _public(
    "ALLEGRO_DELIVERY_OFFERS",
    "SQ-C5",
    "Share of active offers with {parameter}+ Allegro delivery methods.",
)
promoted_revenue: MetricFunction = _public(
    "PROMOTED_REVENUE", "SQ-C6", "Share of revenue from promoted sales."
)
payment_methods: MetricFunction = _public(
    "PAYMENT_METHODS", "SQ-C7", "Number of distinct payment methods offered."
)
business_account: MetricFunction = _public(
    "BUSINESS_ACCOUNT", "SQ-C8", "Whether the seller has a business account."
)
completed_orders: MetricFunction = _public(
    "COMPLETED_ORDERS", "SQ-D1", "Orders bought in the window that were completed."
)
tracking_on_time: MetricFunction = _public(
    "TRACKING_ON_TIME", "SQ-D2", "Share of orders due whose tracking came by the dispatch deadline."
)
revenue: MetricFunction = _public(
    "REVENUE", "SQ-D3", "Revenue from non-cancelled orders bought in the window."
)
tos_violations: MetricFunction = _public(
    "TOS_VIOLATIONS", "SQ-E1", "Points deducted for ToS violations in the window."
)

METRIC_FUNCTIONS: Mapping[str, MetricFunction] = {
    "RECOMMENDATION_RATE": recommendation_rate,
    "BUYER_SATISFACTION": buyer_satisfaction,
    "OPEN_DISPUTES": open_disputes,
    "DISPUTE_REPLY_ON_TIME": dispute_reply_on_time,
    "DISPUTE_REPLY_TIME": dispute_reply_time,
    "UNRESOLVED_DISPUTES": unresolved_disputes,
    "MESSAGE_REPLY_ON_TIME": message_reply_on_time,
    "MESSAGE_REPLY_TIME": message_reply_time,
    "EAN_OFFERS": ean_offers,
    "SMART_OFFERS": smart_offers,
    "FAST_DISPATCH_OFFERS": fast_dispatch_offers,
    "PERSONAL_PICKUP_OFFERS": personal_pickup_offers,
    "ALLEGRO_DELIVERY_OFFERS": allegro_delivery_offers,
    "PROMOTED_REVENUE": promoted_revenue,
    "PAYMENT_METHODS": payment_methods,
    "BUSINESS_ACCOUNT": business_account,
    "COMPLETED_ORDERS": completed_orders,
    "TRACKING_ON_TIME": tracking_on_time,
    "REVENUE": revenue,
    "TOS_VIOLATIONS": tos_violations,
}
"""The public function of each metric code."""
