"""Showcase (橱窗) rewards for a month (AE-S1 … AE-S6)."""

from datetime import datetime, timedelta

import attrs

from .._time import require_aware
from ..exceptions import InvalidTypeError, InvalidValueError
from ._model import OperatingLevel, ShowcaseScenario, check_count
from ._rules import RULEBOOK, AliExpressRulebook, NewProductTier, ShowcaseRules

__all__ = ["ShowcaseLine", "ShowcaseRewards", "showcase_rewards"]


@attrs.frozen
class ShowcaseLine:
    """What one scenario earns in the month, and why (AE-S1 … AE-S5).

    Attributes:
        rule: The rule of the scenario, e.g. ``"AE-S4"``.
        scenario: The scenario.
        count: The showcases it earns; 0 when it earns none.
        reason: Why, in words.
        valid_for: How long each of these showcases is valid (AE-S1).
        expires_at: When they expire, if a grant instant was given and
            ``count`` is not 0.
    """

    rule: str
    scenario: ShowcaseScenario
    count: int
    reason: str
    valid_for: timedelta
    expires_at: datetime | None = None


@attrs.frozen
class ShowcaseRewards:
    """The showcases a store earns in a month: a total and one line per scenario.

    Implements AE-S6: the scenarios add up, and each scenario counts once.

    Attributes:
        total: The sum of the lines' counts.
        lines: One line per scenario, in the order AE-S2, AE-S3, AE-S4, AE-S5.
    """

    total: int
    lines: tuple[ShowcaseLine, ...]

    def __getitem__(self, scenario: ShowcaseScenario) -> ShowcaseLine:
        """Return the line of ``scenario``."""
        for line in self.lines:
            if line.scenario is scenario:
                return line
        raise KeyError(scenario)


def _operating_level(level: OperatingLevel | None, rules: ShowcaseRules) -> tuple[int, str]:
    if level is None:
        return 0, "no operating level that earns showcases"
    count = {
        OperatingLevel.ADVANCED: rules.advanced_monthly,
        OperatingLevel.HIGH_POTENTIAL: rules.high_potential_monthly,
    }[level]
    return count, f"operating level {level.name} earns {count} a month"


def _silver_store(month: int | None, orders: int, rules: ShowcaseRules) -> tuple[int, str]:
    if month is None:
        return 0, "not a new silver store"
    if month > rules.silver_store_months:
        return 0, (
            f"month {month} as a silver store is after the {rules.silver_store_months}-month "
            "support period"
        )
    if orders <= rules.silver_store_orders_above:
        return 0, (
            f"{orders} orders in month {month}; more than {rules.silver_store_orders_above} "
            "are needed"
        )
    return rules.silver_store_monthly, (
        f"{orders} orders in month {month} of a new silver store (more than "
        f"{rules.silver_store_orders_above}): {rules.silver_store_monthly}, once for the month"
    )


def _new_products(new: int, tagged: int, rules: ShowcaseRules) -> tuple[int, str]:
    reached = [
        tier
        for tier in rules.new_product_tiers
        if new >= tier.new_products and tagged >= tier.tagged
    ]
    if not reached:
        lowest = min(rules.new_product_tiers, key=lambda tier: tier.reward)
        return 0, (
            f"{new} new products with {tagged} tagged 'new' is below the lowest tier "
            f"({lowest.new_products} with {lowest.tagged} tagged)"
        )
    best: NewProductTier = max(reached, key=lambda tier: tier.reward)
    return best.reward, (
        f"{new} new products with {tagged} tagged 'new' reach the tier "
        f"{best.new_products} with {best.tagged} tagged: {best.reward} (highest tier only)"
    )


def _top50(categories: int, rules: ShowcaseRules) -> tuple[int, str]:
    if categories == 0:
        return 0, "not in the top 50 of any curated category"
    count = categories * rules.top50_per_category
    return count, (
        f"top 50 in {categories} curated categories: {rules.top50_per_category} per category"
    )


def showcase_rewards(
    *,
    operating_level: OperatingLevel | None = None,
    silver_store_month: int | None = None,
    monthly_orders: int = 0,
    new_products: int = 0,
    new_tagged: int = 0,
    top50_categories: int = 0,
    granted_at: datetime | None = None,
    rulebook: AliExpressRulebook = RULEBOOK,
) -> ShowcaseRewards:
    """Return the showcases a store earns in a month, scenario by scenario.

    Implements AE-S1 (each showcase is valid 30 days), AE-S2 (operating
    level: advanced 3, high potential 2), AE-S3 (a new silver store, in its
    months 1 to 6, earns 2 in a month with more than 10 orders), AE-S4 (new
    products, highest tier only: 10 with 1 tagged 1, 30 with 5 tagged 2,
    50 with 10 tagged 3), AE-S5 (1 per curated category where the store is
    top 50 by listing count) and AE-S6 (scenarios add up; each counts once).

    Args:
        operating_level: The store's operating level, or ``None`` for one
            that earns nothing.
        silver_store_month: The 1-based month since the store became a silver
            store, or ``None`` if it is not a new silver store.
        monthly_orders: The orders in the month (AE-S3).
        new_products: The products newly listed in the month (AE-S4).
        new_tagged: How many of them carry the "new" tag.
        top50_categories: The curated categories where the store is top 50 by
            listing count (AE-S5).
        granted_at: When the showcases are granted; if given, each line
            carries its expiry.
        rulebook: The rules to apply.

    Returns:
        The total and one line per scenario.

    Raises:
        InvalidTypeError: An argument has the wrong type.
        InvalidValueError: A count is negative, ``silver_store_month`` is
            below 1, ``new_tagged`` exceeds ``new_products``,
            ``top50_categories`` exceeds the 13 curated categories, or
            ``granted_at`` is naive.

    Example:
        >>> from sellerquality.aliexpress import OperatingLevel, showcase_rewards
        >>> rewards = showcase_rewards(
        ...     operating_level=OperatingLevel.ADVANCED,
        ...     silver_store_month=2,
        ...     monthly_orders=11,
        ...     new_products=30,
        ...     new_tagged=5,
        ... )
        >>> rewards.total
        7
        >>> [(line.rule, line.count) for line in rewards.lines]
        [('AE-S2', 3), ('AE-S3', 2), ('AE-S4', 2), ('AE-S5', 0)]
    """
    rules = rulebook.showcases
    if operating_level is not None and not isinstance(operating_level, OperatingLevel):
        raise InvalidTypeError(
            field="operating_level",
            value=operating_level,
            reason=f"is a {type(operating_level).__name__}; give an OperatingLevel or None",
        )
    if silver_store_month is not None:
        check_count(silver_store_month, field="silver_store_month", minimum=1)
    orders = check_count(monthly_orders, field="monthly_orders")
    new = check_count(new_products, field="new_products")
    tagged = check_count(new_tagged, field="new_tagged")
    if tagged > new:
        raise InvalidValueError(
            field="new_tagged", value=new_tagged, reason=f"is more than new_products {new}"
        )
    categories = check_count(top50_categories, field="top50_categories")
    if categories > rules.curated_categories:
        raise InvalidValueError(
            field="top50_categories",
            value=top50_categories,
            reason=f"is more than the {rules.curated_categories} curated categories",
        )
    if granted_at is not None:
        require_aware(granted_at, field="granted_at")

    def line(rule: str, scenario: ShowcaseScenario, outcome: tuple[int, str]) -> ShowcaseLine:
        count, reason = outcome
        expires = granted_at + rules.validity if granted_at is not None and count else None
        return ShowcaseLine(rule, scenario, count, reason, rules.validity, expires)

    lines = (
        line("AE-S2", ShowcaseScenario.OPERATING_LEVEL, _operating_level(operating_level, rules)),
        line(
            "AE-S3",
            ShowcaseScenario.NEW_SILVER_STORE,
            _silver_store(silver_store_month, orders, rules),
        ),
        line("AE-S4", ShowcaseScenario.NEW_PRODUCTS, _new_products(new, tagged, rules)),
        line("AE-S5", ShowcaseScenario.TOP50_CATEGORY, _top50(categories, rules)),
    )
    return ShowcaseRewards(total=sum(item.count for item in lines), lines=lines)
