"""A slow, obvious oracle for Allegro sales quality (SQ-1…SQ-3, SQ-A1…SQ-E1).

Every metric is computed here the plain way, straight from the rules: take the
records, keep those of the window with ordinary comparisons on the UTC time
line, count them, divide with :class:`~fractions.Fraction`. Thresholds, points,
windows, the reply clock and the zone are read from the
:class:`~sellerquality.allegro.Rulebook` passed in; the *logic* is written here
independently of the library's evaluation code (nothing is imported from its
tallies, metrics or report modules), so the property tests in
``test_reference.py`` compare two separate readings of the same rules.

Readings where the rules leave room follow the ``reading`` of each metric rule
and the documented choices of the library (docs/allegro/quality.md):

* "N days" are calendar days on the wall clock of ``rulebook.zone`` (Europe/
  Warsaw), whatever zone an instant is written in; a wall time that a DST
  change repeats is its first occurrence, one that a DST change skips is read
  with the offset in force before the change. "24 hours" is elapsed time,
  or business time under a rulebook whose reply clock is ``BUSINESS``
  (counted with the public :func:`sellerquality.add_business_time`).
* Nothing at or after ``as_of`` has happened yet: records and events (replies,
  closings, tracking numbers, dispatch, ends of offers) count only before it.
* SQ-B4: unresolved disputes with no completed transaction in the window are
  NEUTRAL (something to measure, and "none" is not met), with no share.

:func:`reference_report` also takes ``known_at``: the instant after which
nothing is known (the forecast's "no new records arrive", SQ-2). Records and
events at or after it are left out, while deadlines keep passing up to
``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any, TypeAlias
from zoneinfo import ZoneInfo

from sellerquality import Money, Outcome, add_business_time
from sellerquality.allegro import (
    EDITION_2022,
    Comparison,
    Dispute,
    DisputeStatus,
    Grade,
    MetricRule,
    Order,
    ReplyClock,
    Rulebook,
    SellerActivity,
)

__all__ = [
    "RefMetric",
    "RefReport",
    "add_zone_days",
    "daily_as_of",
    "reference_report",
    "wall_instant",
]

Number: TypeAlias = Fraction | timedelta | int | bool | Money | None
"""What a reference metric measures."""


# --- time --------------------------------------------------------------------------------


def utc(moment: datetime) -> datetime:
    """The instant on the UTC time line: the only form compared here."""
    return moment.astimezone(UTC)


def wall_instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant a naive wall time of ``zone`` denotes (SQ-2 days).

    A repeated wall time (autumn) is its first occurrence; a skipped one
    (spring) is read with the offset in force before the change.
    """
    assert wall.tzinfo is None
    offsets = {wall.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)}  # at most two
    found = []
    for offset in offsets:
        assert offset is not None
        candidate = (wall - offset).replace(tzinfo=UTC)
        if candidate.astimezone(zone).replace(tzinfo=None) == wall:
            found.append(candidate)
    if found:
        return min(found)
    # In a gap: the offset of a day earlier is the one before the change.
    before = (wall - timedelta(days=1)).replace(tzinfo=zone).utcoffset()
    assert before is not None
    return (wall - before).replace(tzinfo=UTC)


def add_zone_days(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """``days`` calendar days after ``moment`` on ``zone``'s wall clock, as a UTC instant."""
    wall = utc(moment).astimezone(zone).replace(tzinfo=None)
    return wall_instant(wall + timedelta(days=days), zone)


def daily_as_of(day: date, zone: ZoneInfo) -> datetime:
    """The evaluation instant of day ``day``'s result: the midnight that starts the next day."""
    return wall_instant(datetime.combine(day + timedelta(days=1), time(0)), zone)


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RefMetric:
    """One metric as the oracle computes it (SQ-A1…SQ-E1)."""

    code: str
    value: Number
    numerator: int | Money | timedelta | None
    denominator: int | Money | None
    outcome: Outcome
    points: int
    max_points: int
    window_start: datetime
    window_end: datetime


@dataclass(frozen=True)
class RefReport:
    """The whole report as the oracle computes it (SQ-3)."""

    as_of: datetime
    score: int
    max_score: int
    grade: Grade
    metrics: dict[str, RefMetric]


# --- the evaluation ----------------------------------------------------------------------


class _Eval:
    """One evaluation at ``as_of``, knowing only what happened before ``known``."""

    def __init__(
        self,
        activity: SellerActivity,
        as_of: datetime,
        rulebook: Rulebook,
        known_at: datetime | None,
    ) -> None:
        self.activity = activity
        self.as_of = utc(as_of)
        self.known = self.as_of if known_at is None else min(self.as_of, utc(known_at))
        self.rulebook = rulebook
        self.zone = rulebook.zone
        self.starts = {
            days: add_zone_days(self.as_of, -days, self.zone)
            for days in {rule.window_days for rule in rulebook.quality.metrics.values()}
        }

    # What has happened, and when windows start.

    def happened(self, moment: datetime | None) -> bool:
        """Whether an event at ``moment`` has happened and is known."""
        return moment is not None and utc(moment) < self.known

    def start(self, rule: MetricRule) -> datetime:
        """The first instant of the rule's window: ``window_days`` zone days before as_of."""
        return self.starts[rule.window_days]

    def in_window(self, moment: datetime, rule: MetricRule) -> bool:
        return self.start(rule) <= utc(moment) and self.happened(moment)

    def reply_deadline(self, received: datetime) -> datetime:
        """DI-3: 24 elapsed hours, or 24 business hours under the 2024 T&C clock."""
        lifecycle = self.rulebook.lifecycle
        if lifecycle.reply_clock is ReplyClock.BUSINESS:
            return utc(add_business_time(received, lifecycle.reply_within, self.zone))
        return utc(received) + lifecycle.reply_within

    # Building results.

    def metric(
        self,
        rule: MetricRule,
        *,
        value: Number,
        numerator: int | Money | timedelta | None,
        denominator: int | Money | None,
        outcome: Outcome,
        points: int,
    ) -> RefMetric:
        applicable = outcome is not Outcome.NOT_APPLICABLE
        return RefMetric(
            code=rule.code,
            value=value,
            numerator=numerator,
            denominator=denominator,
            outcome=outcome,
            points=points,
            max_points=rule.bonus if applicable else 0,
            window_start=self.start(rule),
            window_end=self.as_of,
        )

    def not_applicable(self, rule: MetricRule) -> RefMetric:
        return self.metric(
            rule,
            value=None,
            numerator=None,
            denominator=None,
            outcome=Outcome.NOT_APPLICABLE,
            points=0,
        )

    def judged(
        self,
        rule: MetricRule,
        *,
        meets: bool,
        value: Number,
        numerator: int | Money | timedelta | None,
        denominator: int | Money | None,
    ) -> RefMetric:
        """BONUS when met; else PENALTY on a two-sided metric, NEUTRAL on a one-sided one."""
        if meets:
            outcome, points = Outcome.BONUS, rule.bonus
        elif rule.penalty:
            outcome, points = Outcome.PENALTY, -rule.penalty
        else:
            outcome, points = Outcome.NEUTRAL, 0
        return self.metric(
            rule,
            value=value,
            numerator=numerator,
            denominator=denominator,
            outcome=outcome,
            points=points,
        )

    @staticmethod
    def holds(rule: MetricRule, value: Any, threshold: Any) -> bool:
        """Whether ``value`` earns the bonus: at least, or at most, the threshold."""
        if rule.comparison is Comparison.AT_LEAST:
            return bool(value >= threshold)
        return bool(value <= threshold)

    @staticmethod
    def share_threshold(rule: MetricRule) -> Fraction:
        """The threshold of a rate metric, exact."""
        value = rule.threshold
        assert isinstance(value, Fraction | int)
        return Fraction(value)

    def share(self, rule: MetricRule, good: int, total: int) -> RefMetric:
        """A rate ``good / total`` against the rule's share threshold; none counted: N/A."""
        if total == 0:
            return self.not_applicable(rule)
        rate = Fraction(good, total)
        threshold = self.share_threshold(rule)
        return self.judged(
            rule,
            meets=self.holds(rule, rate, threshold),
            value=rate,
            numerator=good,
            denominator=total,
        )

    def rule(self, code: str) -> MetricRule:
        return self.rulebook.quality.metrics[code]

    # A. Buyer ratings.

    def recommendation_rate(self, rule: MetricRule) -> RefMetric:
        """SQ-A1: recommending ratings / all ratings in the window."""
        ratings = [r for r in self.activity.ratings if self.in_window(r.created_at, rule)]
        good = len([r for r in ratings if r.recommended])
        return self.share(rule, good, len(ratings))

    def buyer_satisfaction(self, rule: MetricRule) -> RefMetric:
        """SQ-A2: mean of every star mark given in the window, unrounded."""
        marks: list[int] = []
        for rating in self.activity.ratings:
            if self.in_window(rating.created_at, rule):
                given = (rating.description, rating.service, rating.delivery, rating.delivery_cost)
                marks.extend(mark for mark in given if mark is not None)
        if not marks:
            return self.not_applicable(rule)
        mean = Fraction(sum(marks), len(marks))
        threshold = self.share_threshold(rule)
        return self.judged(
            rule,
            meets=self.holds(rule, mean, threshold),
            value=mean,
            numerator=sum(marks),
            denominator=len(marks),
        )

    # B. Customer service.

    def is_open(self, dispute: Dispute) -> bool:
        """SQ-B1, DI-5: opened, not closed by the buyer, not expired, all before as_of."""
        if not self.happened(dispute.opened_at):
            return False
        closed = dispute.closed_at is None or self.happened(dispute.closed_at)
        if dispute.status is not DisputeStatus.ONGOING and closed:
            return False  # closed by the buyer, at a known time or an unknown one
        expires = add_zone_days(
            dispute.opened_at, self.rulebook.lifecycle.expires_after_days, self.zone
        )
        return not expires < self.as_of

    def open_disputes(self, rule: MetricRule) -> RefMetric:
        count = len([d for d in self.activity.disputes if self.is_open(d)])
        return self.judged(
            rule,
            meets=self.holds(rule, count, rule.threshold),
            value=count,
            numerator=count,
            denominator=None,
        )

    def replies_on_time(
        self, rule: MetricRule, items: list[tuple[datetime, datetime | None]]
    ) -> RefMetric:
        """SQ-B2, SQ-B5: (received, first reply) pairs of the window; late = after the deadline.

        Unanswered past the deadline is late; unanswered and not yet due is left out.
        """
        counted = on_time = 0
        for received, reply in items:
            if not self.in_window(received, rule):
                continue
            deadline = self.reply_deadline(received)
            if self.happened(reply):
                assert reply is not None
                counted += 1
                if utc(reply) <= deadline:
                    on_time += 1
            elif deadline < self.as_of:
                counted += 1
        return self.share(rule, on_time, counted)

    def answered_times(
        self, rule: MetricRule, items: list[tuple[datetime, datetime | None]]
    ) -> list[timedelta]:
        """Elapsed reply times of the items of the window answered before as_of."""
        times = []
        for received, reply in items:
            if self.in_window(received, rule) and self.happened(reply):
                assert reply is not None
                times.append(utc(reply) - utc(received))
        return times

    def dispute_items(self) -> list[tuple[datetime, datetime | None]]:
        return [(d.opened_at, d.first_reply_at) for d in self.activity.disputes]

    def message_items(self) -> list[tuple[datetime, datetime | None]]:
        return [(m.received_at, m.replied_at) for m in self.activity.messages]

    def dispute_reply_on_time(self, rule: MetricRule) -> RefMetric:
        return self.replies_on_time(rule, self.dispute_items())

    def dispute_reply_time(self, rule: MetricRule) -> RefMetric:
        """SQ-B3: the mean first-reply time earns the share of the first tier it fits in."""
        times = self.answered_times(rule, self.dispute_items())
        if not times:
            return self.not_applicable(rule)
        total = sum(times, timedelta(0))
        share = Fraction(0)
        for limit, tier_share in rule.tiers:
            if Fraction(total // timedelta(microseconds=1), len(times)) <= Fraction(
                limit // timedelta(microseconds=1)
            ):
                share = tier_share
                break
        exact = rule.bonus * share
        wide = Context(prec=60)
        points = int(
            wide.divide(Decimal(exact.numerator), Decimal(exact.denominator)).quantize(
                Decimal(1), rounding=self.rulebook.quality.tier_rounding
            )
        )
        return self.metric(
            rule,
            value=total / len(times),
            numerator=total,
            denominator=len(times),
            outcome=Outcome.BONUS if points > 0 else Outcome.NEUTRAL,
            points=points,
        )

    def unresolved_disputes(self, rule: MetricRule) -> RefMetric:
        """SQ-B4: disputes marked unresolved in the window / completed transactions."""
        unresolved = 0
        for dispute in self.activity.disputes:
            if dispute.status is DisputeStatus.UNRESOLVED:
                marked = dispute.closed_at if dispute.closed_at is not None else dispute.opened_at
                if self.in_window(marked, rule):
                    unresolved += 1
        completed = len(self.completed(rule))
        if completed == 0:
            if unresolved == 0:
                return self.not_applicable(rule)
            return self.judged(rule, meets=False, value=None, numerator=unresolved, denominator=0)
        rate = Fraction(unresolved, completed)
        threshold = self.share_threshold(rule)
        return self.judged(
            rule,
            meets=self.holds(rule, rate, threshold),
            value=rate,
            numerator=unresolved,
            denominator=completed,
        )

    def message_reply_on_time(self, rule: MetricRule) -> RefMetric:
        return self.replies_on_time(rule, self.message_items())

    def message_reply_time(self, rule: MetricRule) -> RefMetric:
        """SQ-B6: mean elapsed reply time of answered messages, at most the threshold."""
        times = self.answered_times(rule, self.message_items())
        if not times:
            return self.not_applicable(rule)
        total = sum(times, timedelta(0))
        limit = rule.threshold
        assert isinstance(limit, timedelta)
        exact_mean = Fraction(total // timedelta(microseconds=1), len(times))
        return self.judged(
            rule,
            meets=self.holds(rule, exact_mean, Fraction(limit // timedelta(microseconds=1))),
            value=total / len(times),
            numerator=total,
            denominator=len(times),
        )

    # C. Offer attractiveness.

    def offer_share(self, rule: MetricRule, feature: str) -> RefMetric:
        """SQ-C1…SQ-C5: share of offers active at as_of that have the feature."""
        active = []
        for offer in self.activity.offers:
            listed = offer.listed_at is None or self.happened(offer.listed_at)
            ended = offer.ended_at is not None and self.happened(offer.ended_at)
            if listed and not ended:
                active.append(offer)
        good = 0
        for offer in active:
            if feature == "ean":
                ok = offer.ean is not None
            elif feature == "smart":
                ok = offer.smart
            elif feature == "handling":
                assert isinstance(rule.parameter, timedelta)
                ok = offer.handling_time is not None and offer.handling_time <= rule.parameter
            elif feature == "pickup":
                assert isinstance(rule.parameter, int)
                ok = len(offer.pickup_methods) >= rule.parameter
            else:
                assert isinstance(rule.parameter, int)
                ok = len(offer.allegro_delivery_methods) >= rule.parameter
            if ok:
                good += 1
        return self.share(rule, good, len(active))

    def revenue_orders(self, rule: MetricRule) -> list[Order]:
        """Non-cancelled orders bought in the window (revenue, SQ-C6, SQ-D3)."""
        return [
            o for o in self.activity.orders if self.in_window(o.bought_at, rule) and not o.cancelled
        ]

    def currency(self, fallback: str) -> str:
        """The seller's currency: that of its orders so far (all share one), else ``fallback``.

        Orders bought at or after as_of do not exist yet, so they cannot make
        the revenue of an earlier day "in another currency".
        """
        for order in self.activity.orders:
            if self.happened(order.bought_at):
                return order.total.currency
        return fallback

    def promoted_revenue(self, rule: MetricRule) -> RefMetric:
        """SQ-C6: promoted revenue / revenue of the window."""
        orders = self.revenue_orders(rule)
        revenue = sum((o.total.amount for o in orders), Decimal(0))
        promoted = sum((o.total.amount for o in orders if o.promoted), Decimal(0))
        if revenue == 0:
            return self.not_applicable(rule)
        rate = Fraction(promoted) / Fraction(revenue)
        currency = self.currency("PLN")
        threshold = self.share_threshold(rule)
        return self.judged(
            rule,
            meets=self.holds(rule, rate, threshold),
            value=rate,
            numerator=Money(promoted, currency),
            denominator=Money(revenue, currency),
        )

    def payment_methods(self, rule: MetricRule) -> RefMetric:
        """SQ-C7 (reading: at least 2 distinct payment methods)."""
        count = len(self.activity.account.payment_methods)
        return self.judged(
            rule,
            meets=self.holds(rule, count, rule.threshold),
            value=count,
            numerator=count,
            denominator=None,
        )

    def business_account(self, rule: MetricRule) -> RefMetric:
        """SQ-C8: a business account earns the bonus."""
        business = self.activity.account.business
        return self.judged(
            rule, meets=business == rule.threshold, value=business, numerator=None, denominator=None
        )

    # D. Order fulfilment.

    def completed(self, rule: MetricRule) -> list[Order]:
        """Completed transactions of the window (SQ-D1): not cancelled; sent or recommended."""
        recommended = {
            r.order_id
            for r in self.activity.ratings
            if r.recommended and r.order_id is not None and self.happened(r.created_at)
        }
        return [
            o
            for o in self.activity.orders
            if self.in_window(o.bought_at, rule)
            and not o.cancelled
            and (self.happened(o.sent_at) or o.id in recommended)
        ]

    def completed_orders(self, rule: MetricRule) -> RefMetric:
        count = len(self.completed(rule))
        return self.judged(
            rule,
            meets=self.holds(rule, count, rule.threshold),
            value=count,
            numerator=count,
            denominator=None,
        )

    def tracking_on_time(self, rule: MetricRule) -> RefMetric:
        """SQ-D2: tracking added by the dispatch deadline; counted once added or overdue."""
        counted = on_time = 0
        for order in self.activity.orders:
            if not self.in_window(order.bought_at, rule) or order.cancelled:
                continue
            if order.dispatch_by is None:
                continue
            if self.happened(order.tracking_added_at):
                assert order.tracking_added_at is not None
                counted += 1
                if utc(order.tracking_added_at) <= utc(order.dispatch_by):
                    on_time += 1
            elif utc(order.dispatch_by) < self.as_of:
                counted += 1
        return self.share(rule, on_time, counted)

    def revenue(self, rule: MetricRule) -> RefMetric:
        """SQ-D3: revenue of the window against a threshold in its own currency."""
        threshold = rule.threshold
        assert isinstance(threshold, Money)
        currency = self.currency(threshold.currency)
        if currency != threshold.currency:
            return self.not_applicable(rule)
        total = Money(
            sum((o.total.amount for o in self.revenue_orders(rule)), Decimal(0)), currency
        )
        return self.judged(
            rule,
            meets=self.holds(rule, total, threshold),
            value=total,
            numerator=total,
            denominator=None,
        )

    # E. ToS violations.

    def tos_violations(self, rule: MetricRule) -> RefMetric:
        """SQ-E1: each violation of the window deducts its kind's points."""
        found = [v for v in self.activity.violations if self.in_window(v.at, rule)]
        deducted = sum(self.rulebook.quality.deductions[v.kind] for v in found)
        return self.metric(
            rule,
            value=len(found),
            numerator=len(found),
            denominator=None,
            outcome=Outcome.PENALTY if found else Outcome.NEUTRAL,
            points=-deducted,
        )

    def evaluate(self, code: str, rule: MetricRule) -> RefMetric:
        offers = {
            "EAN_OFFERS": "ean",
            "SMART_OFFERS": "smart",
            "FAST_DISPATCH_OFFERS": "handling",
            "PERSONAL_PICKUP_OFFERS": "pickup",
            "ALLEGRO_DELIVERY_OFFERS": "delivery",
        }
        if code in offers:
            return self.offer_share(rule, offers[code])
        by_code = {
            "RECOMMENDATION_RATE": self.recommendation_rate,
            "BUYER_SATISFACTION": self.buyer_satisfaction,
            "OPEN_DISPUTES": self.open_disputes,
            "DISPUTE_REPLY_ON_TIME": self.dispute_reply_on_time,
            "DISPUTE_REPLY_TIME": self.dispute_reply_time,
            "UNRESOLVED_DISPUTES": self.unresolved_disputes,
            "MESSAGE_REPLY_ON_TIME": self.message_reply_on_time,
            "MESSAGE_REPLY_TIME": self.message_reply_time,
            "PROMOTED_REVENUE": self.promoted_revenue,
            "PAYMENT_METHODS": self.payment_methods,
            "BUSINESS_ACCOUNT": self.business_account,
            "COMPLETED_ORDERS": self.completed_orders,
            "TRACKING_ON_TIME": self.tracking_on_time,
            "REVENUE": self.revenue,
            "TOS_VIOLATIONS": self.tos_violations,
        }
        return by_code[code](rule)


def reference_report(
    activity: SellerActivity,
    *,
    as_of: datetime,
    rulebook: Rulebook = EDITION_2022,
    known_at: datetime | None = None,
) -> RefReport:
    """Every metric, the score, the maximum and the grade at ``as_of`` (SQ-1…SQ-3).

    ``known_at`` (default ``as_of``) hides every record and event at or after it.
    """
    run = _Eval(activity, as_of, rulebook, known_at)
    metrics = {code: run.evaluate(code, rule) for code, rule in rulebook.quality.metrics.items()}
    score = sum(m.points for m in metrics.values())
    max_score = sum(m.max_points for m in metrics.values())
    grade = rulebook.quality.grade_bands[-1].grade
    for band in rulebook.quality.grade_bands:
        if band.min_score is None or score >= band.min_score:
            grade = band.grade
            break
    return RefReport(
        as_of=run.as_of, score=score, max_score=max_score, grade=grade, metrics=metrics
    )
