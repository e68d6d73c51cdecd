"""AliExpress showcase rewards (AE-S1 … AE-S6)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aliexpress_strategies import page_examples
from sellerquality.aliexpress import (
    RULEBOOK,
    NewProductTier,
    OperatingLevel,
    ShowcaseLine,
    ShowcaseRewards,
    ShowcaseScenario,
    showcase_rewards,
)
from sellerquality.exceptions import InvalidTypeError, InvalidValueError, NaiveDatetimeError

GRANTED = datetime(2024, 3, 1, 8, tzinfo=UTC)


def count(scenario: ShowcaseScenario, **arguments: Any) -> int:
    """The showcases one scenario earns for ``arguments``."""
    return showcase_rewards(**arguments)[scenario].count


class TestOperatingLevel:
    @pytest.mark.parametrize(
        ("level", "expected"),
        [(OperatingLevel.ADVANCED, 3), (OperatingLevel.HIGH_POTENTIAL, 2), (None, 0)],
    )
    def test_showcases_per_level(self, level: OperatingLevel | None, expected: int) -> None:
        """AE-S2: advanced 3 a month, high potential 2, no level 0."""
        assert count(ShowcaseScenario.OPERATING_LEVEL, operating_level=level) == expected

    def test_level_must_be_an_operating_level(self) -> None:
        """A level given as text is a type error."""
        with pytest.raises(InvalidTypeError, match="operating_level 'ADVANCED' is a str"):
            showcase_rewards(operating_level="ADVANCED")  # type: ignore[arg-type]


class TestNewSilverStore:
    def test_month_6_with_11_orders_earns_two(self) -> None:
        """AE-S3: the 6th month is still in the support period; 11 orders is more than 10."""
        rewards = showcase_rewards(silver_store_month=6, monthly_orders=11)
        assert rewards[ShowcaseScenario.NEW_SILVER_STORE] == ShowcaseLine(
            "AE-S3",
            ShowcaseScenario.NEW_SILVER_STORE,
            2,
            "11 orders in month 6 of a new silver store (more than 10): 2, once for the month",
            timedelta(days=30),
        )

    def test_month_7_earns_nothing(self) -> None:
        """AE-S3: support lasts 6 months; month 7 earns nothing even with 11 orders."""
        line = showcase_rewards(silver_store_month=7, monthly_orders=11)[
            ShowcaseScenario.NEW_SILVER_STORE
        ]
        assert (line.count, line.reason) == (
            0,
            "month 7 as a silver store is after the 6-month support period",
        )

    def test_ten_orders_earn_nothing(self) -> None:
        """AE-S3: more than 10 orders are needed; exactly 10 earn nothing."""
        line = showcase_rewards(silver_store_month=1, monthly_orders=10)[
            ShowcaseScenario.NEW_SILVER_STORE
        ]
        assert (line.count, line.reason) == (
            0,
            "10 orders in month 1; more than 10 are needed",
        )

    def test_not_a_silver_store(self) -> None:
        """AE-S3: a store that is not a new silver store earns nothing, whatever its orders."""
        line = showcase_rewards(monthly_orders=500)[ShowcaseScenario.NEW_SILVER_STORE]
        assert (line.count, line.reason) == (0, "not a new silver store")

    def test_month_is_one_based(self) -> None:
        """Month 0 does not exist: the first month as a silver store is 1."""
        with pytest.raises(InvalidValueError, match="silver_store_month 0 is below 1"):
            showcase_rewards(silver_store_month=0)


class TestNewProducts:
    @pytest.mark.parametrize(
        ("new", "tagged", "expected"),
        [
            (10, 1, 1),
            (9, 1, 0),
            (10, 0, 0),
            (30, 5, 2),
            (29, 5, 1),
            (30, 4, 1),
            (50, 10, 3),
            (49, 10, 2),
            (50, 9, 2),
            (0, 0, 0),
            (200, 200, 3),
        ],
    )
    def test_tiers_at_and_just_below_each_boundary(
        self, new: int, tagged: int, expected: int
    ) -> None:
        """AE-S4: 10/1 -> 1, 30/5 -> 2, 50/10 -> 3, highest tier only; one short drops a tier."""
        assert count(ShowcaseScenario.NEW_PRODUCTS, new_products=new, new_tagged=tagged) == expected

    def test_reasons_name_the_tier(self) -> None:
        """The reason says which tier was reached, or the lowest one missed."""
        reached = showcase_rewards(new_products=49, new_tagged=10)[ShowcaseScenario.NEW_PRODUCTS]
        assert reached.reason == (
            "49 new products with 10 tagged 'new' reach the tier 30 with 5 tagged: 2 "
            "(highest tier only)"
        )
        missed = showcase_rewards(new_products=9, new_tagged=1)[ShowcaseScenario.NEW_PRODUCTS]
        assert missed.reason == (
            "9 new products with 1 tagged 'new' is below the lowest tier (10 with 1 tagged)"
        )

    def test_more_tagged_than_new_is_refused(self) -> None:
        """Tagged products are among the new ones, so there cannot be more of them."""
        with pytest.raises(InvalidValueError, match="new_tagged 6 is more than new_products 5"):
            showcase_rewards(new_products=5, new_tagged=6)

    def test_tiers_come_from_the_rulebook(self) -> None:
        """A rulebook tier of 5 new with 1 tagged worth 1 showcase applies at 5/1."""
        rules = attrs.evolve(
            RULEBOOK,
            showcases=attrs.evolve(
                RULEBOOK.showcases, new_product_tiers=(NewProductTier(5, 1, 1),)
            ),
        )
        rewards = showcase_rewards(new_products=5, new_tagged=1, rulebook=rules)
        assert rewards.total == 1


class TestTop50:
    @pytest.mark.parametrize(("categories", "expected"), [(0, 0), (1, 1), (2, 2), (13, 13)])
    def test_one_per_category(self, categories: int, expected: int) -> None:
        """AE-S5: one showcase per curated category where the store is top 50."""
        assert count(ShowcaseScenario.TOP50_CATEGORY, top50_categories=categories) == expected

    def test_more_than_the_curated_categories_is_refused(self) -> None:
        """AE-S5 reading: there are 13 curated categories, so 14 is impossible."""
        with pytest.raises(
            InvalidValueError, match="top50_categories 14 is more than the 13 curated categories"
        ):
            showcase_rewards(top50_categories=14)


class TestShowcaseRewards:
    def test_scenarios_add_up(self) -> None:
        """AE-S6: 3 (advanced) + 2 (silver store) + 3 (50/10) + 2 (two categories) = 10."""
        rewards = showcase_rewards(
            operating_level=OperatingLevel.ADVANCED,
            silver_store_month=3,
            monthly_orders=40,
            new_products=60,
            new_tagged=12,
            top50_categories=2,
        )
        assert rewards.total == 10
        assert [(line.rule, line.count) for line in rewards.lines] == [
            ("AE-S2", 3),
            ("AE-S3", 2),
            ("AE-S4", 3),
            ("AE-S5", 2),
        ]

    def test_nothing_earned(self) -> None:
        """With no scenario met, every line is there with 0 and a reason."""
        rewards = showcase_rewards()
        assert rewards.total == 0
        assert [line.reason for line in rewards.lines] == [
            "no operating level that earns showcases",
            "not a new silver store",
            "0 new products with 0 tagged 'new' is below the lowest tier (10 with 1 tagged)",
            "not in the top 50 of any curated category",
        ]

    def test_each_reward_expires_30_days_after_it_is_granted(self) -> None:
        """AE-S1: granted 1 March 08:00 UTC, valid until 31 March 08:00 UTC."""
        rewards = showcase_rewards(
            operating_level=OperatingLevel.HIGH_POTENTIAL, granted_at=GRANTED
        )
        level = rewards[ShowcaseScenario.OPERATING_LEVEL]
        assert (level.valid_for, level.expires_at) == (
            timedelta(days=30),
            datetime(2024, 3, 31, 8, tzinfo=UTC),
        )
        assert rewards[ShowcaseScenario.NEW_PRODUCTS].expires_at is None

    def test_no_expiry_without_a_grant_instant(self) -> None:
        """Without granted_at, lines carry how long they last but no expiry instant."""
        line = showcase_rewards(operating_level=OperatingLevel.ADVANCED).lines[0]
        assert (line.valid_for, line.expires_at) == (timedelta(days=30), None)

    def test_naive_grant_instant_is_refused(self) -> None:
        """A naive granted_at is an error."""
        with pytest.raises(NaiveDatetimeError, match="granted_at"):
            showcase_rewards(granted_at=datetime(2024, 3, 1))

    @pytest.mark.parametrize(
        "argument", ["monthly_orders", "new_products", "new_tagged", "top50_categories"]
    )
    def test_counts_must_not_be_negative(self, argument: str) -> None:
        """A negative count is an error naming the argument."""
        arguments: dict[str, Any] = {argument: -1}
        with pytest.raises(InvalidValueError, match=f"{argument} -1 is below 0"):
            showcase_rewards(**arguments)

    def test_bool_is_not_a_count(self) -> None:
        """True is not a number of orders."""
        with pytest.raises(InvalidTypeError, match="monthly_orders True is a bool"):
            showcase_rewards(monthly_orders=True)

    def test_lookup_of_a_missing_scenario(self) -> None:
        """Looking up a scenario without a line is a KeyError."""
        with pytest.raises(KeyError):
            ShowcaseRewards(total=0, lines=())[ShowcaseScenario.NEW_PRODUCTS]

    @given(
        st.sampled_from([None, OperatingLevel.ADVANCED, OperatingLevel.HIGH_POTENTIAL]),
        st.none() | st.integers(min_value=1, max_value=24),
        st.integers(min_value=0, max_value=100),
        st.integers(min_value=0, max_value=120).flatmap(
            lambda new: st.tuples(st.just(new), st.integers(min_value=0, max_value=new))
        ),
        st.integers(min_value=0, max_value=13),
    )
    def test_total_is_the_sum_of_the_lines(
        self,
        level: OperatingLevel | None,
        month: int | None,
        orders: int,
        products: tuple[int, int],
        categories: int,
    ) -> None:
        """AE-S6: the total is the lines' sum; each scenario has one line and counts once."""
        new, tagged = products
        rewards = showcase_rewards(
            operating_level=level,
            silver_store_month=month,
            monthly_orders=orders,
            new_products=new,
            new_tagged=tagged,
            top50_categories=categories,
        )
        assert rewards.total == sum(line.count for line in rewards.lines)
        assert [line.scenario for line in rewards.lines] == list(ShowcaseScenario)
        assert rewards.total <= 3 + 2 + 3 + 13


class TestShowcaseDocs:
    def test_page_examples_run(self) -> None:
        """Every example on the showcases page gives the output shown."""
        assert page_examples("showcases.md").failed == 0
