"""Each sales-quality metric at, above and below its threshold, at the window edges.

Expected values are worked out by hand from the rules SQ-A1…SQ-E1 and this
library's documented edition-2022 points model.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest

from quality_builders import (
    AS_OF,
    DAY,
    HOUR,
    MICRO,
    RECENT,
    WINDOW_START,
    disputes,
    messages,
    money,
    offers,
    orders,
    ratings,
)
from sellerquality import DistanceKind, Money, Outcome
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2024_04_15,
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
    allegro_delivery_offers,
    business_account,
    buyer_satisfaction,
    completed_orders,
    dispute_reply_on_time,
    dispute_reply_time,
    ean_offers,
    fast_dispatch_offers,
    message_reply_on_time,
    message_reply_time,
    open_disputes,
    payment_methods,
    personal_pickup_offers,
    promoted_revenue,
    quality_history,
    recommendation_rate,
    revenue,
    sales_quality,
    smart_offers,
    tos_violations,
    tracking_on_time,
    unresolved_disputes,
)
from sellerquality.exceptions import NaiveDatetimeError


class TestRecommendationRate:
    """SQ-A1: recommended / all ratings in the window; >= 98% bonus 60, else penalty 60."""

    def test_exactly_at_threshold_earns_bonus(self) -> None:
        """49 of 50 is exactly 98%: bonus, and no room for another negative rating."""
        result = recommendation_rate(SellerActivity(ratings=ratings(49, 1)), as_of=AS_OF)
        assert result.value == Fraction(49, 50)
        assert (result.numerator, result.denominator) == (49, 50)
        assert (result.outcome, result.points, result.max_points) == (Outcome.BONUS, 60, 60)
        assert result.to_threshold is not None
        assert result.to_threshold.kind is DistanceKind.MARGIN
        assert result.to_threshold.amount == 0
        assert result.tip is None

    def test_just_below_is_a_penalty_with_distance(self) -> None:
        """48 of 50 = 96%: penalty; (48 + x) / (50 + x) >= 98% first holds at x = 50."""
        result = recommendation_rate(SellerActivity(ratings=ratings(48, 2)), as_of=AS_OF)
        assert (result.outcome, result.points) == (Outcome.PENALTY, -60)
        assert result.to_threshold is not None
        assert result.to_threshold.kind is DistanceKind.TO_BONUS
        assert result.to_threshold.amount == 50
        assert result.to_threshold.text == "50 more recommended ratings would earn the bonus"
        assert result.explanation == "96% of 50 ratings recommend you; 98% earns the bonus."
        assert result.tip is not None
        assert result.culprits == ("r-bad-0", "r-bad-1")
        assert result.culprit_count == 2

    def test_just_above(self) -> None:
        """50 of 50: bonus; 50/51 = 98.04% still holds, 50/52 does not: room for 1."""
        result = recommendation_rate(SellerActivity(ratings=ratings(50)), as_of=AS_OF)
        assert result.outcome is Outcome.BONUS
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 1

    def test_one_negative_rating_alone(self) -> None:
        """0 of 1: 49 more recommended ratings make 49/50 = 98%."""
        result = recommendation_rate(SellerActivity(ratings=ratings(0, 1)), as_of=AS_OF)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 49

    def test_rounding_never_hides_the_gap(self) -> None:
        """97.96% is shown with enough decimals not to read as 98%."""
        result = recommendation_rate(SellerActivity(ratings=ratings(4801, 100)), as_of=AS_OF)
        assert result.outcome is Outcome.PENALTY
        assert result.explanation.startswith("97.96% of 4,901 ratings")

    def test_no_ratings_is_not_applicable(self) -> None:
        """Nothing to measure: no points and out of the maximum."""
        result = recommendation_rate(SellerActivity(), as_of=AS_OF)
        assert (result.outcome, result.points, result.max_points) == (
            Outcome.NOT_APPLICABLE,
            0,
            0,
        )
        assert result.value is None

    def test_window_edges(self) -> None:
        """A rating at as_of - 30 days counts; a microsecond earlier, or at as_of, does not."""
        activity = SellerActivity(
            ratings=[
                Rating(id="edge", created_at=AS_OF - timedelta(days=30), recommended=False),
                Rating(id="early", created_at=AS_OF - timedelta(days=30) - MICRO, recommended=True),
                Rating(id="late", created_at=AS_OF, recommended=True),
            ]
        )
        result = recommendation_rate(activity, as_of=AS_OF)
        assert result.denominator == 1
        assert result.culprits == ("edge",)

    def test_naive_as_of_is_an_error(self) -> None:
        """as_of must be aware."""
        with pytest.raises(NaiveDatetimeError, match="as_of"):
            recommendation_rate(SellerActivity(), as_of=datetime(2022, 4, 1))


class TestBuyerSatisfaction:
    """SQ-A2: mean of every star mark in the window; >= 4.9 bonus 50, else penalty 50."""

    @staticmethod
    def marks(*stars: int) -> SellerActivity:
        """One rating per star mark, each giving only a service mark."""
        return SellerActivity(
            ratings=[
                Rating(id=f"r{i}", created_at=RECENT, recommended=True, service=s)
                for i, s in enumerate(stars)
            ]
        )

    def test_exactly_at_threshold(self) -> None:
        """Nine 5s and a 4 average exactly 4.9: bonus; (49 + y) / (10 + y) >= 4.9 only for y = 0."""
        result = buyer_satisfaction(self.marks(*[5] * 9, 4), as_of=AS_OF)
        assert result.value == Fraction(49, 10)
        assert (result.outcome, result.points) == (Outcome.BONUS, 50)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 0
        assert result.culprits == ("r9",)

    def test_just_below(self) -> None:
        """Eight 5s and two 4s average 4.8: penalty; 10 more 5-star marks give 98/20 = 4.9."""
        result = buyer_satisfaction(self.marks(*[5] * 8, 4, 4), as_of=AS_OF)
        assert (result.outcome, result.points) == (Outcome.PENALTY, -50)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 10
        assert result.to_threshold.unit == "5-star marks"

    def test_just_above(self) -> None:
        """Ten 5s earn the bonus, but one 1-star mark would give 51/11 = 4.64: no room."""
        result = buyer_satisfaction(self.marks(*[5] * 10), as_of=AS_OF)
        assert result.outcome is Outcome.BONUS
        assert result.to_threshold is not None
        # (50 + y) / (10 + y) >= 4.9  <=>  y <= 1 / 3.9: no room for a 1-star mark.
        assert result.to_threshold.amount == 0

    def test_every_mark_counts_once(self) -> None:
        """A rating's four marks each count: (5 + 5 + 5 + 4) and (5) average 24/5 = 4.8."""
        activity = SellerActivity(
            ratings=[
                Rating(
                    id="a",
                    created_at=RECENT,
                    recommended=True,
                    description=5,
                    service=5,
                    delivery=5,
                    delivery_cost=4,
                ),
                Rating(id="b", created_at=RECENT, recommended=True, service=5),
            ]
        )
        result = buyer_satisfaction(activity, as_of=AS_OF)
        assert result.value == Fraction(24, 5)
        assert (result.numerator, result.denominator) == (24, 5)

    def test_ratings_without_marks_are_not_applicable(self) -> None:
        """Ratings with only a recommendation give no star marks to average."""
        result = buyer_satisfaction(SellerActivity(ratings=ratings(3)), as_of=AS_OF)
        assert result.outcome is Outcome.NOT_APPLICABLE


class TestOpenDisputes:
    """SQ-B1: no dispute open at as_of earns 20; otherwise neutral (one-sided)."""

    def test_no_disputes_earns_the_bonus(self) -> None:
        """Zero open disputes is a measurement: bonus."""
        result = open_disputes(SellerActivity(), as_of=AS_OF)
        assert (result.outcome, result.points, result.value) == (Outcome.BONUS, 20, 0)

    def test_an_ongoing_dispute_is_open(self) -> None:
        """An ONGOING dispute opened yesterday is open: neutral, no points, named."""
        dispute = Dispute(id="d", opened_at=AS_OF - DAY)
        result = open_disputes(SellerActivity(disputes=[dispute]), as_of=AS_OF)
        assert (result.outcome, result.points, result.value) == (Outcome.NEUTRAL, 0, 1)
        assert result.culprits == ("d",)

    def test_closed_before_as_of_is_not_open(self) -> None:
        """Closed a microsecond before as_of: not open; closed at as_of: still open."""
        opened = AS_OF - DAY
        before = Dispute(
            id="d", opened_at=opened, status=DisputeStatus.RESOLVED, closed_at=AS_OF - MICRO
        )
        at = Dispute(id="d", opened_at=opened, status=DisputeStatus.RESOLVED, closed_at=AS_OF)
        assert open_disputes(SellerActivity(disputes=[before]), as_of=AS_OF).value == 0
        assert open_disputes(SellerActivity(disputes=[at]), as_of=AS_OF).value == 1

    def test_expiry_closes_after_30_days(self) -> None:
        """DI-5: opened at as_of - 30 days it expires at as_of (still open).

        Opened a microsecond earlier, it expired a microsecond before as_of.
        """
        edge = Dispute(id="edge", opened_at=AS_OF - timedelta(days=30))
        gone = Dispute(id="gone", opened_at=AS_OF - timedelta(days=30) - MICRO)
        result = open_disputes(SellerActivity(disputes=[edge, gone]), as_of=AS_OF)
        assert result.culprits == ("edge",)

    def test_final_status_without_time_is_never_open(self) -> None:
        """A RESOLVED dispute whose closing time is unknown counts as closed."""
        dispute = Dispute(id="d", opened_at=AS_OF - DAY, status=DisputeStatus.RESOLVED)
        assert open_disputes(SellerActivity(disputes=[dispute]), as_of=AS_OF).value == 0


class TestDisputeReplyOnTime:
    """SQ-B2: share of due disputes answered within 24 h; >= 99% bonus 30, else penalty 30."""

    def test_at_threshold(self) -> None:
        """99 of 100 on time is exactly 99%: bonus."""
        result = dispute_reply_on_time(SellerActivity(disputes=disputes(99, 1)), as_of=AS_OF)
        assert (result.value, result.outcome, result.points) == (
            Fraction(99, 100),
            Outcome.BONUS,
            30,
        )

    def test_just_below(self) -> None:
        """98 of 100: penalty; 100 more on-time replies make 198/200 = 99%."""
        result = dispute_reply_on_time(SellerActivity(disputes=disputes(98, 2)), as_of=AS_OF)
        assert (result.outcome, result.points) == (Outcome.PENALTY, -30)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 100
        assert result.culprits == ("d-late-0", "d-late-1")

    def test_reply_deadline_instant(self) -> None:
        """A reply exactly 24 h after opening is on time; a microsecond later is late (DI-3)."""
        opened = RECENT - DAY
        on_time = Dispute(id="a", opened_at=opened, first_reply_at=opened + 24 * HOUR)
        late = Dispute(id="b", opened_at=opened, first_reply_at=opened + 24 * HOUR + MICRO)
        result = dispute_reply_on_time(SellerActivity(disputes=[on_time, late]), as_of=AS_OF)
        assert (result.numerator, result.denominator) == (1, 2)
        assert result.culprits == ("b",)

    def test_unanswered_counts_only_after_its_deadline(self) -> None:
        """Unanswered and due exactly at as_of: not counted yet; due a microsecond earlier: late."""
        young = Dispute(id="young", opened_at=AS_OF - 24 * HOUR)
        old = Dispute(id="old", opened_at=AS_OF - 24 * HOUR - MICRO)
        result = dispute_reply_on_time(SellerActivity(disputes=[young, old]), as_of=AS_OF)
        assert (result.numerator, result.denominator) == (0, 1)
        assert result.culprits == ("old",)

    def test_answered_young_dispute_counts(self) -> None:
        """A dispute answered within the hour counts at once, even before its deadline."""
        opened = AS_OF - 2 * HOUR
        dispute = Dispute(id="d", opened_at=opened, first_reply_at=opened + HOUR)
        result = dispute_reply_on_time(SellerActivity(disputes=[dispute]), as_of=AS_OF)
        assert (result.numerator, result.denominator) == (1, 1)

    def test_reply_after_as_of_has_not_happened(self) -> None:
        """At as_of a later reply does not exist: the overdue dispute is late."""
        opened = AS_OF - 2 * DAY
        dispute = Dispute(id="d", opened_at=opened, first_reply_at=AS_OF + HOUR)
        result = dispute_reply_on_time(SellerActivity(disputes=[dispute]), as_of=AS_OF)
        assert (result.numerator, result.denominator) == (0, 1)

    def test_none_due_is_not_applicable(self) -> None:
        """No dispute due for a reply: not applicable."""
        young = Dispute(id="young", opened_at=AS_OF - HOUR)
        result = dispute_reply_on_time(SellerActivity(disputes=[young]), as_of=AS_OF)
        assert result.outcome is Outcome.NOT_APPLICABLE

    def test_business_clock_of_2024(self) -> None:
        """Under T&C 2024-04-15 a Friday-evening dispute answered Monday morning is on time."""
        friday = datetime(2024, 4, 19, 18, 0, tzinfo=AS_OF.tzinfo)
        dispute = Dispute(id="d", opened_at=friday, first_reply_at=friday + 2 * DAY + 15 * HOUR)
        as_of = datetime(2024, 5, 1, tzinfo=AS_OF.tzinfo)
        activity = SellerActivity(disputes=[dispute])
        assert dispute_reply_on_time(activity, as_of=as_of).numerator == 0
        assert (
            dispute_reply_on_time(activity, as_of=as_of, rulebook=EDITION_2024_04_15).numerator == 1
        )


class TestDisputeReplyTime:
    """SQ-B3: mean first-reply time; 20 at <= 6 h, 2/3 (13) at <= 12 h, 1/3 (7) at <= 24 h."""

    @pytest.mark.parametrize(
        ("reply", "points", "outcome"),
        [
            (6 * HOUR, 20, Outcome.BONUS),
            (6 * HOUR + MICRO, 13, Outcome.BONUS),
            (12 * HOUR, 13, Outcome.BONUS),
            (12 * HOUR + MICRO, 7, Outcome.BONUS),
            (24 * HOUR, 7, Outcome.BONUS),
            (24 * HOUR + MICRO, 0, Outcome.NEUTRAL),
        ],
    )
    def test_tiers(self, reply: timedelta, points: int, outcome: Outcome) -> None:
        """20 x 2/3 = 13.33 rounds half up to 13; 20 x 1/3 = 6.67 to 7."""
        activity = SellerActivity(disputes=disputes(2, reply_after=reply))
        result = dispute_reply_time(activity, as_of=AS_OF)
        assert (result.points, result.outcome, result.value) == (points, outcome, reply)
        assert result.max_points == 20
        assert (result.tip is None) == (points == 20)

    def test_mean_is_exact(self) -> None:
        """Replies after 5 h and 7 h average exactly 6 h: full points."""
        opened = RECENT - DAY
        activity = SellerActivity(
            disputes=[
                Dispute(id="a", opened_at=opened, first_reply_at=opened + 5 * HOUR),
                Dispute(id="b", opened_at=opened, first_reply_at=opened + 7 * HOUR),
                Dispute(id="c", opened_at=opened),
            ]
        )
        result = dispute_reply_time(activity, as_of=AS_OF)
        assert (result.value, result.denominator, result.points) == (6 * HOUR, 2, 20)

    def test_no_answered_dispute_is_not_applicable(self) -> None:
        """Only answered disputes are averaged."""
        activity = SellerActivity(disputes=[Dispute(id="d", opened_at=RECENT)])
        assert dispute_reply_time(activity, as_of=AS_OF).outcome is Outcome.NOT_APPLICABLE


class TestUnresolvedDisputes:
    """SQ-B4: unresolved disputes / completed transactions; none earns 30."""

    def test_none_unresolved(self) -> None:
        """10 completed orders and no unresolved dispute: bonus."""
        result = unresolved_disputes(SellerActivity(orders=orders(10)), as_of=AS_OF)
        assert (result.outcome, result.points, result.value) == (Outcome.BONUS, 30, Fraction(0))

    def test_one_unresolved(self) -> None:
        """One unresolved dispute against 10 completed: neutral, named."""
        dispute = Dispute(
            id="u", opened_at=RECENT - 20 * DAY, status=DisputeStatus.UNRESOLVED, closed_at=RECENT
        )
        activity = SellerActivity(orders=orders(10), disputes=[dispute])
        result = unresolved_disputes(activity, as_of=AS_OF)
        assert (result.outcome, result.points, result.value) == (
            Outcome.NEUTRAL,
            0,
            Fraction(1, 10),
        )
        assert result.culprits == ("u",)

    def test_marked_before_the_window_does_not_count(self) -> None:
        """Marked unresolved a microsecond before the window: not counted."""
        dispute = Dispute(
            id="u",
            opened_at=WINDOW_START - 20 * DAY,
            status=DisputeStatus.UNRESOLVED,
            closed_at=WINDOW_START - MICRO,
        )
        activity = SellerActivity(orders=orders(10), disputes=[dispute])
        assert unresolved_disputes(activity, as_of=AS_OF).outcome is Outcome.BONUS

    def test_no_completed_transactions(self) -> None:
        """Nothing to set disputes against: not applicable."""
        assert unresolved_disputes(SellerActivity(), as_of=AS_OF).outcome is Outcome.NOT_APPLICABLE

    def test_unresolved_without_completed_transactions_is_neutral(self) -> None:
        """SQ-B4: one unresolved dispute and no completed transaction is not "none".

        There is something to measure, and the bonus condition (no unresolved
        dispute) is not met: NEUTRAL, 0 of 30 points, counted in the maximum.
        """
        dispute = Dispute(
            id="u", opened_at=RECENT - 20 * DAY, status=DisputeStatus.UNRESOLVED, closed_at=RECENT
        )
        activity = SellerActivity(disputes=[dispute])
        result = unresolved_disputes(activity, as_of=AS_OF)
        assert (result.outcome, result.points, result.max_points) == (Outcome.NEUTRAL, 0, 30)
        assert (result.value, result.numerator, result.denominator) == (None, 1, 0)
        assert result.culprits == ("u",)
        assert result.to_threshold is None  # threshold 0: no number of sales earns it back
        report = sales_quality(activity, as_of=AS_OF)
        assert report.metrics["UNRESOLVED_DISPUTES"].max_points == 30


class TestMessageReplyOnTime:
    """SQ-B5: messages answered within 24 h / messages due; >= 95% bonus 30, else penalty 30."""

    def test_at_threshold(self) -> None:
        """19 of 20 = 95%: bonus with no room left."""
        result = message_reply_on_time(SellerActivity(messages=messages(19, 1)), as_of=AS_OF)
        assert (result.outcome, result.points) == (Outcome.BONUS, 30)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 0

    def test_just_below(self) -> None:
        """18 of 20 = 90%: penalty; (18 + x) / (20 + x) >= 95% needs x = 20."""
        result = message_reply_on_time(SellerActivity(messages=messages(18, 2)), as_of=AS_OF)
        assert (result.outcome, result.points) == (Outcome.PENALTY, -30)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 20

    def test_unanswered_young_message_is_not_yet_due(self) -> None:
        """Unanswered at as_of - 24 h: due exactly at as_of, not counted; older: late."""
        activity = SellerActivity(
            messages=[
                Message(id="young", received_at=AS_OF - 24 * HOUR),
                Message(id="old", received_at=AS_OF - 24 * HOUR - MICRO),
                Message(id="ok", received_at=RECENT, replied_at=RECENT + 24 * HOUR),
            ]
        )
        result = message_reply_on_time(activity, as_of=AS_OF)
        assert (result.numerator, result.denominator) == (1, 2)
        assert result.culprits == ("old",)

    def test_reply_counted_across_dst(self) -> None:
        """Received Saturday 12:00 before the spring change, due Sunday 13:00: 12:59 is on time."""
        saturday = datetime(2022, 3, 26, 12, tzinfo=AS_OF.tzinfo)
        activity = SellerActivity(
            messages=[
                Message(
                    id="a",
                    received_at=saturday,
                    replied_at=datetime(2022, 3, 27, 13, tzinfo=AS_OF.tzinfo),
                ),
                Message(
                    id="b",
                    received_at=saturday,
                    replied_at=datetime(2022, 3, 27, 13, tzinfo=AS_OF.tzinfo) + MICRO,
                ),
            ]
        )
        result = message_reply_on_time(activity, as_of=AS_OF)
        assert result.culprits == ("b",)


class TestMessageReplyTime:
    """SQ-B6: mean reply time of answered messages; <= 24 h earns 20."""

    def test_at_and_above_24_hours(self) -> None:
        """A mean of exactly 24 h earns the bonus; a microsecond more does not."""
        at = message_reply_time(
            SellerActivity(messages=messages(2, reply_after=24 * HOUR)), as_of=AS_OF
        )
        above = message_reply_time(
            SellerActivity(messages=messages(2, reply_after=24 * HOUR + MICRO)), as_of=AS_OF
        )
        assert (at.outcome, at.points, at.value) == (Outcome.BONUS, 20, 24 * HOUR)
        assert (above.outcome, above.points) == (Outcome.NEUTRAL, 0)
        assert above.culprits == ("m-ok-0", "m-ok-1")

    def test_unanswered_messages_are_left_out(self) -> None:
        """Only answered messages count; none answered means not applicable."""
        activity = SellerActivity(messages=[Message(id="m", received_at=RECENT)])
        assert message_reply_time(activity, as_of=AS_OF).outcome is Outcome.NOT_APPLICABLE


class TestOfferShares:
    """SQ-C1…SQ-C5: shares of active offers with a feature; one-sided bonuses."""

    def test_ean_at_and_below_ten_percent(self) -> None:
        """1 of 10 offers with an EAN is 10%: bonus 15; 1 of 11 (9.09%) is neutral."""
        at = SellerActivity(offers=offers(1, ean="5901234123457") + offers(9, prefix="x"))
        below = SellerActivity(offers=offers(1, ean="5901234123457") + offers(10, prefix="x"))
        assert (ean_offers(at, as_of=AS_OF).outcome, ean_offers(at, as_of=AS_OF).points) == (
            Outcome.BONUS,
            15,
        )
        result = ean_offers(below, as_of=AS_OF)
        assert (result.outcome, result.points) == (Outcome.NEUTRAL, 0)
        # (1 + x) / (11 + x) >= 10%  <=>  x >= 1/9: one more offer with an EAN.
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 1
        assert result.culprit_count == 10

    def test_smart(self) -> None:
        """1 of 10 Smart! offers is 10%: bonus 20."""
        activity = SellerActivity(offers=offers(1, smart=True) + offers(9, prefix="x"))
        assert smart_offers(activity, as_of=AS_OF).points == 20

    def test_fast_dispatch_limit(self) -> None:
        """Handling time 24 h qualifies, 24 h + 1 s and unknown do not; 3 of 10 = 30% earns 20."""
        activity = SellerActivity(
            offers=offers(3, handling_time=24 * HOUR)
            + offers(6, prefix="slow", handling_time=24 * HOUR + timedelta(seconds=1))
            + offers(1, prefix="unknown")
        )
        result = fast_dispatch_offers(activity, as_of=AS_OF)
        assert (result.value, result.points) == (Fraction(3, 10), 20)
        below = SellerActivity(offers=list(activity.offers)[:2] + list(activity.offers)[3:])
        assert fast_dispatch_offers(below, as_of=AS_OF).outcome is Outcome.NEUTRAL

    def test_pickup_needs_two_methods(self) -> None:
        """13 of 20 with two pickup methods = 65%: bonus 15; 12 of 20 is neutral."""
        two = frozenset({"InPost", "Orlen"})
        activity = SellerActivity(
            offers=offers(13, pickup_methods=two)
            + offers(7, prefix="one", pickup_methods=frozenset({"InPost"}))
        )
        assert personal_pickup_offers(activity, as_of=AS_OF).points == 15
        fewer = SellerActivity(
            offers=offers(12, pickup_methods=two)
            + offers(8, prefix="one", pickup_methods=frozenset({"InPost"}))
        )
        assert personal_pickup_offers(fewer, as_of=AS_OF).outcome is Outcome.NEUTRAL

    def test_allegro_delivery_needs_two_methods(self) -> None:
        """4 of 5 = 80%: bonus 15; 3 of 5 is neutral."""
        two = frozenset({"Allegro One Box", "Allegro Kurier DPD"})
        at = SellerActivity(offers=offers(4, allegro_delivery_methods=two) + offers(1, prefix="x"))
        below = SellerActivity(
            offers=offers(3, allegro_delivery_methods=two) + offers(2, prefix="x")
        )
        assert allegro_delivery_offers(at, as_of=AS_OF).points == 15
        assert allegro_delivery_offers(below, as_of=AS_OF).points == 0

    def test_active_means_listed_before_and_not_ended_before_as_of(self) -> None:
        """Listed at as_of: not yet active; ended at as_of: still active; ended before: gone."""
        base = Money("1")
        activity = SellerActivity(
            offers=[
                Offer(id="future", price=base, listed_at=AS_OF, ean="1"),
                Offer(id="ending", price=base, listed_at=RECENT, ended_at=AS_OF),
                Offer(id="ended", price=base, listed_at=RECENT, ended_at=AS_OF - MICRO, ean="1"),
                Offer(id="always", price=base),
            ]
        )
        result = ean_offers(activity, as_of=AS_OF)
        assert (result.numerator, result.denominator) == (0, 2)

    def test_no_active_offer_is_not_applicable(self) -> None:
        """No active offers: not applicable."""
        assert ean_offers(SellerActivity(), as_of=AS_OF).outcome is Outcome.NOT_APPLICABLE


class TestPromotedRevenue:
    """SQ-C6: promoted revenue >= 1% of revenue earns 10."""

    def test_at_threshold(self) -> None:
        """100 of 10,000 PLN = 1%: bonus."""
        activity = SellerActivity(
            orders=orders(99, total="100.00") + orders(1, total="100.00", prefix="p", promoted=True)
        )
        assert promoted_revenue(activity, as_of=AS_OF).points == 10

    def test_just_below_in_money(self) -> None:
        """99.99 of 10,000 PLN: 0.02 PLN more promoted revenue reaches 1% (0.01 does not)."""
        activity = SellerActivity(
            orders=orders(1, total="9900.01") + orders(1, total="99.99", prefix="p", promoted=True)
        )
        result = promoted_revenue(activity, as_of=AS_OF)
        assert result.outcome is Outcome.NEUTRAL
        assert result.to_threshold is not None
        assert result.to_threshold.amount == money("0.02")
        assert result.numerator == money("99.99")
        assert result.denominator == money("10000.00")

    def test_cancelled_orders_are_not_revenue(self) -> None:
        """Cancelled orders are left out of both sums; no revenue: not applicable."""
        activity = SellerActivity(orders=orders(2, cancelled=True, promoted=True))
        assert promoted_revenue(activity, as_of=AS_OF).outcome is Outcome.NOT_APPLICABLE


class TestAccountMetrics:
    """SQ-C7 (at least 2 payment methods: 10) and SQ-C8 (business account: 15)."""

    def test_payment_methods(self) -> None:
        """Two methods earn the bonus; one is neutral, one short."""
        two = SellerActivity(account=SellerAccount(payment_methods=frozenset({"BLIK", "CARD"})))
        one = SellerActivity(account=SellerAccount(payment_methods=frozenset({"BLIK"})))
        assert payment_methods(two, as_of=AS_OF).points == 10
        result = payment_methods(one, as_of=AS_OF)
        assert (result.outcome, result.value) == (Outcome.NEUTRAL, 1)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 1

    def test_business_account(self) -> None:
        """A business account earns 15; a private one is neutral with a tip."""
        yes = business_account(SellerActivity(account=SellerAccount(business=True)), as_of=AS_OF)
        no = business_account(SellerActivity(), as_of=AS_OF)
        assert (yes.points, yes.value, yes.tip) == (15, True, None)
        assert (no.points, no.value, no.outcome) == (0, False, Outcome.NEUTRAL)
        assert no.tip is not None


class TestCompletedOrders:
    """SQ-D1: >= 20 completed orders in the window earns 30."""

    def test_at_and_below(self) -> None:
        """20 sent orders earn the bonus; 19 are neutral, one short."""
        assert completed_orders(SellerActivity(orders=orders(20)), as_of=AS_OF).points == 30
        result = completed_orders(SellerActivity(orders=orders(19)), as_of=AS_OF)
        assert (result.outcome, result.value) == (Outcome.NEUTRAL, 19)
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 1

    def test_what_completes_an_order(self) -> None:
        """SQ-D1: sent or recommended before as_of; not cancelled (Super Seller help pages)."""
        at = RECENT
        activity = SellerActivity(
            orders=[
                Order(id="sent", bought_at=at, total=Money("1"), sent_at=at + HOUR),
                Order(id="sent-later", bought_at=at, total=Money("1"), sent_at=AS_OF),
                Order(id="rated", bought_at=at, total=Money("1")),
                Order(id="rated-bad", bought_at=at, total=Money("1")),
                Order(
                    id="cancelled",
                    bought_at=at,
                    total=Money("1"),
                    sent_at=at + HOUR,
                    cancelled=True,
                ),
            ],
            ratings=[
                Rating(id="r1", created_at=at + DAY, recommended=True, order_id="rated"),
                Rating(id="r2", created_at=at + DAY, recommended=False, order_id="rated-bad"),
            ],
        )
        result = completed_orders(activity, as_of=AS_OF)
        assert result.value == 2
        # Same purchase time: ties are in id order.
        assert result.culprits == ("rated-bad", "sent-later")


class TestTrackingOnTime:
    """SQ-D2: tracking added by the dispatch deadline; >= 49% bonus 50, else penalty 50."""

    def test_at_threshold_and_below(self) -> None:
        """49 of 100 on time earns 50; 48 of 100 costs 50 and needs 4 more on-time orders."""
        late: dict[str, Any] = {"tracking_added_at": RECENT - 2 * DAY + 2 * DAY}
        at = SellerActivity(orders=orders(49) + orders(51, prefix="late", **late))
        below = SellerActivity(orders=orders(48) + orders(52, prefix="late", **late))
        assert tracking_on_time(at, as_of=AS_OF).points == 50
        result = tracking_on_time(below, as_of=AS_OF)
        assert (result.outcome, result.points) == (Outcome.PENALTY, -50)
        # (48 + x) / (100 + x) >= 49/100  <=>  x >= 100/51: 2 more.
        assert result.to_threshold is not None
        assert result.to_threshold.amount == 2
        assert result.culprit_count == 52

    def test_deadline_instant(self) -> None:
        """Tracking exactly at the deadline is on time; a microsecond later is late."""
        bought = RECENT - DAY
        deadline = bought + DAY
        activity = SellerActivity(
            orders=[
                Order(
                    id="a",
                    bought_at=bought,
                    total=Money("1"),
                    dispatch_by=deadline,
                    tracking_added_at=deadline,
                ),
                Order(
                    id="b",
                    bought_at=bought,
                    total=Money("1"),
                    dispatch_by=deadline,
                    tracking_added_at=deadline + MICRO,
                ),
            ]
        )
        result = tracking_on_time(activity, as_of=AS_OF)
        assert (result.numerator, result.denominator, result.culprits) == (1, 2, ("b",))

    def test_orders_not_yet_due(self) -> None:
        """Deadline still ahead and no tracking: not counted; no deadline: never counted."""
        bought = AS_OF - HOUR
        activity = SellerActivity(
            orders=[
                Order(id="a", bought_at=bought, total=Money("1"), dispatch_by=AS_OF + DAY),
                Order(id="b", bought_at=bought, total=Money("1")),
            ]
        )
        assert tracking_on_time(activity, as_of=AS_OF).outcome is Outcome.NOT_APPLICABLE


class TestRevenue:
    """SQ-D3: revenue in the window >= 10,000 PLN earns 40."""

    def test_at_and_a_grosz_below(self) -> None:
        """10,000.00 PLN earns the bonus; 9,999.99 PLN is 0.01 PLN short."""
        assert revenue(SellerActivity(orders=orders(1, total="10000.00")), as_of=AS_OF).points == 40
        result = revenue(SellerActivity(orders=orders(1, total="9999.99")), as_of=AS_OF)
        assert (result.outcome, result.value) == (Outcome.NEUTRAL, money("9999.99"))
        assert result.to_threshold is not None
        assert result.to_threshold.amount == money("0.01")
        assert result.to_threshold.text == "0.01 PLN more revenue would earn the bonus"

    def test_no_orders_is_zero_revenue(self) -> None:
        """Revenue is always measurable: no orders means 0.00 PLN, neutral."""
        result = revenue(SellerActivity(), as_of=AS_OF)
        assert (result.outcome, result.value) == (Outcome.NEUTRAL, money(0))

    def test_other_currency_is_not_applicable(self) -> None:
        """A EUR seller cannot be compared with a PLN threshold: not applicable, and says why."""
        activity = SellerActivity(
            orders=[Order(id="o", bought_at=RECENT, total=Money("20000", "EUR"))]
        )
        result = revenue(activity, as_of=AS_OF)
        assert result.outcome is Outcome.NOT_APPLICABLE
        assert "EUR" in result.explanation


class TestTosViolations:
    """SQ-E1: each violation in the window deducts its kind's points."""

    def test_deductions_add_up(self) -> None:
        """A warning (50) and a reminder (5) deduct 55; the maximum stays 0."""
        activity = SellerActivity(
            violations=[
                Violation(id="w", kind=ViolationKind.WARNING, at=RECENT),
                Violation(id="r", kind=ViolationKind.REMINDER, at=RECENT + HOUR),
            ]
        )
        result = tos_violations(activity, as_of=AS_OF)
        assert (result.outcome, result.points, result.max_points) == (Outcome.PENALTY, -55, 0)
        assert result.culprits == ("w", "r")
        assert result.explanation == (
            "1 warning (-50 each), 1 reminder (-5 each) in the last 30 days deduct 55 points."
        )

    @pytest.mark.parametrize(
        ("kind", "points"),
        [
            (ViolationKind.ACCOUNT_BLOCKED, -150),
            (ViolationKind.LISTING_AND_ENDING_BLOCKED, -100),
            (ViolationKind.LISTING_BLOCKED, -75),
            (ViolationKind.WARNING, -50),
            (ViolationKind.OFFER_REMOVED, -20),
            (ViolationKind.REMINDER, -5),
        ],
    )
    def test_each_kind(self, kind: ViolationKind, points: int) -> None:
        """Deductions per kind, as the edition-2022 model sets them."""
        activity = SellerActivity(violations=[Violation(id="v", kind=kind, at=RECENT)])
        assert tos_violations(activity, as_of=AS_OF).points == points

    def test_window_edges(self) -> None:
        """At as_of - 30 days it deducts; a microsecond earlier it has left the window."""
        activity = SellerActivity(
            violations=[
                Violation(id="in", kind=ViolationKind.WARNING, at=AS_OF - timedelta(days=30)),
                Violation(
                    id="out", kind=ViolationKind.WARNING, at=AS_OF - timedelta(days=30) - MICRO
                ),
            ]
        )
        assert tos_violations(activity, as_of=AS_OF).points == -50

    def test_none(self) -> None:
        """No violations: neutral, nothing deducted, no tip."""
        result = tos_violations(SellerActivity(), as_of=AS_OF)
        assert (result.outcome, result.points, result.tip) == (Outcome.NEUTRAL, 0, None)


class TestRulebookOverrides:
    """Every number comes from the rulebook: changing it changes the result."""

    def test_threshold_change(self) -> None:
        """At 97% the 48-of-50 seller (96%) still fails; at 96% it earns the bonus."""
        activity = SellerActivity(ratings=ratings(48, 2))
        strict = EDITION_2022.with_metric("RECOMMENDATION_RATE", threshold=Fraction(97, 100))
        assert recommendation_rate(activity, as_of=AS_OF, rulebook=strict).points == -60
        lenient = EDITION_2022.with_metric("RECOMMENDATION_RATE", threshold=Fraction(96, 100))
        assert recommendation_rate(activity, as_of=AS_OF, rulebook=lenient).points == 60

    def test_window_change(self) -> None:
        """A 7-day window for SQ-A1 leaves out a rating 10 days old; others keep 30 days."""
        activity = SellerActivity(
            ratings=[
                Rating(id="old", created_at=AS_OF - timedelta(days=10), recommended=False),
                Rating(id="new", created_at=AS_OF - timedelta(days=2), recommended=True),
            ]
        )
        week = EDITION_2022.with_metric("RECOMMENDATION_RATE", window_days=7)
        result = recommendation_rate(activity, as_of=AS_OF, rulebook=week)
        assert (result.numerator, result.denominator) == (1, 1)
        assert result.window.start == AS_OF - timedelta(days=7)
        assert recommendation_rate(activity, as_of=AS_OF).denominator == 2
        # The report and its sliding history use the metric's own window too.
        report = sales_quality(activity, as_of=AS_OF, rulebook=week)
        assert report.metrics["RECOMMENDATION_RATE"] == result
        (day,) = quality_history(
            activity, start=date(2022, 3, 31), end=date(2022, 3, 31), rulebook=week
        )
        assert day == report

    def test_points_change(self) -> None:
        """A bonus of 7 for the business account gives 7 points."""
        rulebook = EDITION_2022.with_metric("BUSINESS_ACCOUNT", bonus=7)
        activity = SellerActivity(account=SellerAccount(business=True))
        assert business_account(activity, as_of=AS_OF, rulebook=rulebook).points == 7


class TestRuleTypes:
    def test_percentages_given_as_ints_are_refused(self) -> None:
        """A share threshold of 97 (meaning 9,700%) is refused with a hint; 0 and 1 are shares."""
        from sellerquality.exceptions import InvalidValueError

        wrong = EDITION_2022.with_metric("RECOMMENDATION_RATE", threshold=97)
        with pytest.raises(InvalidValueError, match=r"Fraction\(97, 100\)"):
            recommendation_rate(SellerActivity(ratings=ratings(1)), as_of=AS_OF, rulebook=wrong)
        everything = EDITION_2022.with_metric("RECOMMENDATION_RATE", threshold=1)
        result = recommendation_rate(
            SellerActivity(ratings=ratings(1)), as_of=AS_OF, rulebook=everything
        )
        assert result.outcome is Outcome.BONUS

    def test_wrongly_typed_thresholds_are_refused(self) -> None:
        """A count where a duration is meant names the metric and field."""
        from sellerquality.exceptions import InvalidValueError

        wrong = EDITION_2022.with_metric("MESSAGE_REPLY_TIME", threshold=24)
        with pytest.raises(InvalidValueError, match="MetricRule 'MESSAGE_REPLY_TIME': threshold"):
            message_reply_time(SellerActivity(), as_of=AS_OF, rulebook=wrong)
        with pytest.raises(InvalidValueError, match="is not a metric"):
            EDITION_2022.with_metric("NOPE", bonus=1)
