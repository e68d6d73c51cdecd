"""Seller programmes (PR-1…PR-4): each criterion at its boundary on both sides."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest

from quality_builders import (
    AS_OF,
    DAY,
    HOUR,
    MICRO,
    RECENT,
    disputes,
    messages,
    orders,
    perfect_seller,
    ratings,
    steady_seller,
)
from sellerquality import WARSAW, Criterion, Eligibility, Money
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2023_09_04,
    EDITION_2024_04_15,
    Dispute,
    DisputeStatus,
    Grade,
    Offer,
    Rating,
    SellerAccount,
    SellerActivity,
    Violation,
    ViolationKind,
    coins_seller,
    deal_zone,
    edition_changes,
    rulebook_for,
    sales_quality,
    smart,
    super_seller,
)
from sellerquality.exceptions import InvalidValueError, NaiveDatetimeError


def criterion(eligibility: Eligibility, code: str) -> Criterion:
    """The criterion with ``code``."""
    (found,) = [c for c in eligibility.criteria if c.code == code]
    return found


def super_2022(activity: SellerActivity) -> Eligibility:
    """Super Seller 2022 at AS_OF."""
    return super_seller(activity, as_of=AS_OF, rulebook=EDITION_2022)


def star_ratings(fives: int, fours: int) -> list[Rating]:
    """Single-mark ratings: ``fives`` 5-star and ``fours`` 4-star service marks."""
    return [
        Rating(id=f"s{i}", created_at=RECENT, recommended=True, service=5 if i < fives else 4)
        for i in range(fives + fours)
    ]


class TestSuperSeller2022:
    def test_a_seller_meeting_every_rule(self) -> None:
        """The perfect seller with 100 ratings and a recent offer meets every computable rule."""
        seller = perfect_seller()
        seller = attrs.evolve(seller, ratings=ratings(100, service=5))
        result = super_2022(seller)
        assert result.eligible
        assert result.failed == ()
        assert [c.code for c in result.undecided] == ["CUSTOMER_SERVICE_REVIEW"]
        assert [c.rule for c in result.criteria] == [
            "PR-1.1", "PR-1.2", "PR-1.3", "PR-1.4", "PR-1.5", "PR-1.6", "PR-1.7",
            "PR-1.8", "PR-1.9", "PR-1.9", "PR-1.10", "PR-1.11",
        ]  # fmt: skip
        assert (result.programme, result.edition, result.as_of) == ("Super Seller", "2022", AS_OF)

    def test_manual_review_never_blocks(self) -> None:
        """PR-1.10 is Allegro's to decide: passed is None."""
        review = criterion(super_2022(SellerActivity()), "CUSTOMER_SERVICE_REVIEW")
        assert review.passed is None

    def test_business_account(self) -> None:
        """PR-1.1: a private account fails."""
        assert criterion(super_2022(SellerActivity()), "BUSINESS_ACCOUNT").passed is False

    def test_ratings_in_12_months(self) -> None:
        """PR-1.2: 100 ratings pass, 99 need one more; ratings 12 months + 1 µs old do not count."""
        year_ago = datetime(2021, 4, 1, tzinfo=WARSAW)
        hundred = SellerActivity(
            ratings=[*ratings(99), Rating(id="edge", created_at=year_ago, recommended=True)]
        )
        assert criterion(super_2022(hundred), "RATINGS_12_MONTHS").passed is True
        older = SellerActivity(
            ratings=[*ratings(99), Rating(id="old", created_at=year_ago - MICRO, recommended=True)]
        )
        found = criterion(super_2022(older), "RATINGS_12_MONTHS")
        assert (found.passed, found.actual, found.shortfall) == (
            False,
            99,
            "needs 1 more rating in the last 12 months",
        )

    def test_completed_transactions(self) -> None:
        """PR-1.3: 20 completed pass; 19 need one more."""
        assert criterion(
            super_2022(SellerActivity(orders=orders(20))), "COMPLETED_TRANSACTIONS"
        ).passed
        found = criterion(super_2022(SellerActivity(orders=orders(19))), "COMPLETED_TRANSACTIONS")
        assert found.passed is False
        assert found.shortfall is not None
        assert found.shortfall.startswith("needs 1 more completed transaction;")

    def test_star_average_rounds_half_up_to_three_places(self) -> None:
        """PR-1.4: 4.9496 rounds to 4.950 and passes; 4.9494 rounds to 4.949 and fails.

        1,187 fives and 63 fours average 5 - 63/1250 = 4.9496; 4,747 fives and
        253 fours average 5 - 253/5000 = 4.9494.
        """
        passing = criterion(
            super_2022(SellerActivity(ratings=star_ratings(1187, 63))), "STAR_AVERAGE"
        )
        assert (passing.passed, passing.actual) == (True, Decimal("4.950"))
        failing = criterion(
            super_2022(SellerActivity(ratings=star_ratings(4747, 253))), "STAR_AVERAGE"
        )
        assert (failing.passed, failing.actual) == (False, Decimal("4.949"))
        # (24747 + 5x) / (5000 + x) >= 4.9495  <=>  x >= 0.5 / 0.0505: 10 more 5-star marks.
        assert failing.shortfall is not None
        assert failing.shortfall.startswith("needs 10 more 5-star marks")

    def test_no_star_marks_fail(self) -> None:
        """PR-1.4: with no star marks there is no average to meet 4.950."""
        assert criterion(super_2022(SellerActivity()), "STAR_AVERAGE").passed is False

    def test_warnings_and_blocks_exclude_reminders_do_not(self) -> None:
        """PR-1.5: a warning blocks until it leaves the window; a reminder never blocks."""
        warning = Violation(
            id="w", kind=ViolationKind.WARNING, at=datetime(2022, 3, 10, 9, tzinfo=WARSAW)
        )
        reminder = Violation(id="r", kind=ViolationKind.REMINDER, at=RECENT)
        found = criterion(
            super_2022(SellerActivity(violations=[warning, reminder])), "NO_WARNINGS_OR_BLOCKS"
        )
        assert (found.passed, found.culprits) == (False, ("w",))
        assert found.shortfall == "a warning on 2022-03-10 blocks until 2022-04-09"
        only_reminder = criterion(
            super_2022(SellerActivity(violations=[reminder])), "NO_WARNINGS_OR_BLOCKS"
        )
        assert only_reminder.passed is True

    @pytest.mark.parametrize(
        "kind",
        [
            ViolationKind.ACCOUNT_BLOCKED,
            ViolationKind.LISTING_BLOCKED,
            ViolationKind.LISTING_AND_ENDING_BLOCKED,
        ],
    )
    def test_blocks_exclude(self, kind: ViolationKind) -> None:
        """PR-1.5: every kind of block excludes."""
        activity = SellerActivity(violations=[Violation(id="b", kind=kind, at=RECENT)])
        assert criterion(super_2022(activity), "NO_WARNINGS_OR_BLOCKS").passed is False

    def test_messages_on_time(self) -> None:
        """PR-1.6: 99 of 100 on time pass; 98 of 100 need 100 more and recover when they leave."""
        assert criterion(
            super_2022(SellerActivity(messages=messages(99, 1))), "MESSAGES_ON_TIME"
        ).passed
        found = criterion(super_2022(SellerActivity(messages=messages(98, 2))), "MESSAGES_ON_TIME")
        assert found.passed is False
        assert found.shortfall is not None
        assert found.shortfall.startswith(
            "98% of 100: needs 100 more buyer messages answered on time"
        )
        # All 100 messages leave the window together (received 29 March 00:00): no
        # messages due is a pass, first in the result for 28 April.
        assert found.shortfall.endswith(
            "passes by itself in the result for 2022-04-28 if no new records arrive"
        )

    def test_disputes_on_time(self) -> None:
        """PR-1.7: 99% of disputes answered within 24 h."""
        assert criterion(
            super_2022(SellerActivity(disputes=disputes(99, 1))), "DISPUTES_ON_TIME"
        ).passed
        assert not criterion(
            super_2022(SellerActivity(disputes=disputes(98, 2))), "DISPUTES_ON_TIME"
        ).passed

    def test_orders_on_time(self) -> None:
        """PR-1.8: 80% of orders with tracking by the deadline; 4 of 5 pass, 3 of 5 fail."""
        late: dict[str, Any] = {"tracking_added_at": RECENT}
        passing = SellerActivity(orders=orders(4) + orders(1, prefix="late", **late))
        failing = SellerActivity(orders=orders(3) + orders(2, prefix="late", **late))
        assert criterion(super_2022(passing), "ORDERS_ON_TIME").passed is True
        found = criterion(super_2022(failing), "ORDERS_ON_TIME")
        assert (found.passed, found.actual) == (False, Fraction(3, 5))

    @staticmethod
    def unresolved(count: int) -> list[Dispute]:
        """``count`` disputes marked unresolved inside the window."""
        return [
            Dispute(
                id=f"u{i}",
                opened_at=RECENT - 20 * DAY,
                status=DisputeStatus.UNRESOLVED,
                closed_at=RECENT,
            )
            for i in range(count)
        ]

    def test_unresolved_share(self) -> None:
        """PR-1.9: 1 unresolved in 5,000 transactions is 0.02% and passes; 2 fail."""
        many = orders(5000)
        one = criterion(
            super_2022(SellerActivity(orders=many, disputes=self.unresolved(1))), "UNRESOLVED_SHARE"
        )
        two = criterion(
            super_2022(SellerActivity(orders=many, disputes=self.unresolved(2))), "UNRESOLVED_SHARE"
        )
        assert (one.passed, one.actual) == (True, Fraction(1, 5000))
        assert (two.passed, two.actual) == (False, Fraction(2, 5000))
        assert two.shortfall is not None
        assert two.shortfall.startswith("2 unresolved of 5000 transactions: needs 5000 more")

    def test_unresolved_cap(self) -> None:
        """PR-1.9: 21 unresolved in 110,000 transactions is within 0.02% but over the cap of 20."""
        activity = SellerActivity(orders=orders(110_000), disputes=self.unresolved(21))
        result = super_2022(activity)
        assert criterion(result, "UNRESOLVED_SHARE").passed is True
        cap = criterion(result, "UNRESOLVED_COUNT")
        assert (cap.passed, cap.actual) == (False, 21)
        assert cap.shortfall is not None
        assert cap.shortfall.startswith("1 unresolved dispute over the cap")

    def test_offer_listed_in_30_days(self) -> None:
        """PR-1.11: an offer listed at as_of - 30 days counts; a microsecond earlier does not."""
        edge = Offer(id="o", price=Money("1"), listed_at=AS_OF - timedelta(days=30))
        old = Offer(id="o", price=Money("1"), listed_at=AS_OF - timedelta(days=30) - MICRO)
        assert criterion(super_2022(SellerActivity(offers=[edge])), "OFFER_LISTED").passed is True
        assert criterion(super_2022(SellerActivity(offers=[old])), "OFFER_LISTED").passed is False

    def test_naive_as_of(self) -> None:
        """as_of must be aware."""
        with pytest.raises(NaiveDatetimeError):
            super_seller(SellerActivity(), as_of=datetime(2022, 4, 1))


def graded_days(activity: SellerActivity, as_of: datetime) -> list[Grade]:
    """The grades of the 30 daily results before ``as_of``."""
    from sellerquality.allegro import quality_history

    last = as_of.date() - timedelta(days=1)
    return [r.grade for r in quality_history(activity, start=last - timedelta(days=29), end=last)]


class TestSuperSeller2023:
    """The 2023-09-04 edition judges the daily grades of the last 30 results."""

    def test_steady_seller_passes(self) -> None:
        """SUPER_PLUS on all 30 daily results and 60 completed orders: eligible."""
        seller = steady_seller()
        assert set(graded_days(seller, AS_OF)) == {Grade.SUPER_PLUS}
        result = super_seller(seller, as_of=AS_OF, rulebook=EDITION_2023_09_04)
        assert [c.code for c in result.criteria] == [
            "BUSINESS_ACCOUNT",
            "TOP_GRADE_DAYS",
            "GRADE_EVERY_DAY",
            "COMPLETED_TRANSACTIONS",
        ]
        assert result.eligible, [c.shortfall for c in result.failed]
        assert criterion(result, "TOP_GRADE_DAYS").actual == 30

    def test_too_few_top_days(self) -> None:
        """Records only from 22 March 01:00: 10 top days of 30, 4 short of 14.

        The results for 22..31 March include every record (all settled within
        hours): 500 points, SUPER_PLUS. The 20 earlier results see only the
        offers and the account: open disputes 20 + offers 85 + payment methods
        10 + business 15 = 130 points, GOOD, so the every-day floor holds.
        """
        recent = AS_OF - 10 * DAY + HOUR
        seller = perfect_seller()
        moved = SellerActivity(
            account=seller.account,
            offers=seller.offers,
            orders=[*orders(60, at=recent), *orders(2, at=recent, prefix="p", promoted=True)],
            ratings=ratings(30, at=recent, service=5),
            messages=messages(10, at=recent),
            disputes=disputes(2, at=recent),
        )
        result = super_seller(moved, as_of=AS_OF, rulebook=EDITION_2023_09_04)
        days = criterion(result, "TOP_GRADE_DAYS")
        assert (days.passed, days.actual) == (False, 10)
        assert days.shortfall == "needs 4 more days at SUPER or SUPER_PLUS"
        floor = criterion(result, "GRADE_EVERY_DAY")
        assert (floor.passed, floor.actual) == (True, Grade.GOOD)
        assert criterion(result, "COMPLETED_TRANSACTIONS").passed is True
        assert not result.eligible

    def test_completed_orders_50(self) -> None:
        """49 completed orders fail the 2023 rule of 50; 50 pass."""
        for count, passed in ((49, False), (50, True)):
            activity = SellerActivity(orders=orders(count))
            found = criterion(
                super_seller(activity, as_of=AS_OF, rulebook=EDITION_2023_09_04),
                "COMPLETED_TRANSACTIONS",
            )
            assert found.passed is passed

    def test_a_single_low_day_blocks(self) -> None:
        """One day below GOOD among 30 fails the every-day rule and names the day."""
        seller = perfect_seller()
        # An account block on 20 March deducts 150 for 30 days: 500 - 150 = 350, still SUPER;
        # two blocks deduct 300: 200 is GOOD; three deduct 450: 50 is NEUTRAL.
        at = datetime(2022, 3, 31, 12, tzinfo=WARSAW)
        blocks = [
            Violation(id=f"b{i}", kind=ViolationKind.ACCOUNT_BLOCKED, at=at) for i in range(3)
        ]
        activity = attrs.evolve(seller, violations=blocks)
        result = super_seller(activity, as_of=AS_OF, rulebook=EDITION_2023_09_04)
        floor = criterion(result, "GRADE_EVERY_DAY")
        assert floor.passed is False
        assert floor.culprits == ("2022-03-31",)
        assert floor.shortfall == (
            "1 day below GOOD; the last, 2022-03-31 (NEUTRAL), "
            "blocks until the result for 2022-04-30"
        )


class TestSmart:
    """PR-3: recommendation rate >= 98% and >= 5 positive ratings over 12 months."""

    def test_boundaries(self) -> None:
        """49 of 50 (98%) passes; 48 of 50 fails; 4 positive of 4 fails the count."""
        assert smart(SellerActivity(ratings=ratings(49, 1)), as_of=AS_OF).eligible
        rate = criterion(
            smart(SellerActivity(ratings=ratings(48, 2)), as_of=AS_OF), "RECOMMENDATION_RATE"
        )
        assert (rate.passed, rate.shortfall) == (False, "96%: needs 50 more recommending ratings")
        few = smart(SellerActivity(ratings=ratings(4)), as_of=AS_OF)
        assert criterion(few, "POSITIVE_RATINGS").shortfall == "needs 1 more recommending rating"
        assert not few.eligible

    def test_no_ratings(self) -> None:
        """No ratings: no rate to meet."""
        assert (
            criterion(smart(SellerActivity(), as_of=AS_OF), "RECOMMENDATION_RATE").passed is False
        )


class TestCoinsSeller:
    """PR-2: star average >= 4.8 and >= 5 ratings over 30 days."""

    def test_boundaries(self) -> None:
        """Four 5s and a 4 average 4.8 and pass; three 5s and two 4s (4.6) fail; 4 ratings fail."""
        assert coins_seller(SellerActivity(ratings=star_ratings(4, 1)), as_of=AS_OF).eligible
        low = coins_seller(SellerActivity(ratings=star_ratings(3, 2)), as_of=AS_OF)
        assert criterion(low, "STAR_AVERAGE").passed is False
        few = coins_seller(SellerActivity(ratings=star_ratings(4, 0)), as_of=AS_OF)
        assert criterion(few, "RATINGS").shortfall == "needs 1 more rating"

    def test_no_marks(self) -> None:
        """Ratings without star marks give no average."""
        found = criterion(
            coins_seller(SellerActivity(ratings=ratings(5)), as_of=AS_OF), "STAR_AVERAGE"
        )
        assert (found.passed, found.actual) == (False, "no star marks")


class TestDealZone:
    """PR-4: at least NEUTRAL."""

    def test_neutral_passes_below_fails(self) -> None:
        """An empty seller scores 20 (NEUTRAL) and passes; a blocked one scores -130 and fails."""
        assert deal_zone(sales_quality(SellerActivity(), as_of=AS_OF)).eligible
        blocked = SellerActivity(
            violations=[Violation(id="b", kind=ViolationKind.ACCOUNT_BLOCKED, at=RECENT)]
        )
        result = deal_zone(sales_quality(blocked, as_of=AS_OF))
        assert not result.eligible
        assert result.criteria[0].shortfall == "grade UNACCEPTABLE (-130 points) is below NEUTRAL"


class TestEditions:
    def test_rulebook_for(self) -> None:
        """The edition in force on a day: each takes effect on its own date."""
        assert rulebook_for(date(2022, 1, 1)) is EDITION_2022
        assert rulebook_for(date(2023, 9, 3)) is EDITION_2022
        assert rulebook_for(date(2023, 9, 4)) is EDITION_2023_09_04
        assert rulebook_for(date(2024, 4, 14)) is EDITION_2023_09_04
        assert rulebook_for(date(2024, 4, 15)) is EDITION_2024_04_15
        assert rulebook_for(datetime(2026, 1, 1, tzinfo=WARSAW)) is EDITION_2024_04_15

    def test_before_the_first_edition(self) -> None:
        """No known rules before 2022: an error, not a guess."""
        with pytest.raises(InvalidValueError, match="before the first known edition"):
            rulebook_for(date(2021, 12, 31))

    def test_changes_between_editions(self) -> None:
        """The 2024 T&C changed the reply clock and added the discussion cap."""
        paths = [path for path, _, _ in edition_changes(EDITION_2023_09_04, EDITION_2024_04_15)]
        assert paths[:2] == ["edition", "effective_from"]
        assert "lifecycle.reply_clock" in paths
        assert "lifecycle.discussion_limit.max_share" in paths
        assert "lifecycle.discussion_limit" not in paths
        changed = {p: (a, b) for p, a, b in edition_changes(EDITION_2022, EDITION_2023_09_04)}
        assert changed["programmes.super_seller.min_completed"] == (20, 50)

    def test_eligibility_is_consistent(self) -> None:
        """Eligible must agree with the criteria."""
        failing = Criterion(
            code="X", rule="PR-1.1", description="x", actual=1, required=2, passed=False
        )
        with pytest.raises(InvalidValueError, match="contradicts"):
            Eligibility(
                programme="P", eligible=True, criteria=(failing,), as_of=AS_OF, edition="2022"
            )

    def test_business_account_shortfall(self) -> None:
        """A private account says what it needs."""
        found = criterion(super_2022(SellerActivity(account=SellerAccount())), "BUSINESS_ACCOUNT")
        assert found.shortfall == "needs a business account"
