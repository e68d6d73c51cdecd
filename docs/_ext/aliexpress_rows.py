# ruff: noqa: INP001  (a docs helper loaded from sys.path, not part of a package)
"""The rows of the AliExpress rule tables, read from the rulebook's data.

:mod:`aliexpress_tables` turns these rows into the tables of the AliExpress
pages; they live apart from it, without Sphinx, so the tests can check them
with only the library installed.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from sellerquality.aliexpress import (
    RULEBOOK,
    CancellationReason,
    Limit,
    ListingRules,
    OperatingLevel,
    ProductRules,
    ShowcaseRules,
    ShowcaseScenario,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

GROUPS = ("feedback", "listing", "pricing", "showcases", "products", "orders")
"""The rulebook's rule groups, by field name of ``AliExpressRulebook``."""


# --- rows ---------------------------------------------------------------------------


def format_value(value: object, unit: str = "") -> str:
    """Write a rule value the way the tables show it.

    Example:
        >>> format_value(5 * 1024 * 1024, "bytes")
        '5,242,880 bytes'
        >>> format_value(Fraction(13, 10))
        '13/10'
        >>> format_value(timedelta(days=30))
        '30 days'
    """
    if isinstance(value, Limit):
        return format_value(value.value, unit)
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, Fraction):
        text = str(value)
    elif isinstance(value, timedelta):
        text = f"{value.days} days"
    elif isinstance(value, frozenset):
        text = ", ".join(sorted(format_value(item) for item in value))
    elif isinstance(value, tuple):
        text = "; ".join(format_value(item) for item in value)
    elif isinstance(value, CancellationReason | OperatingLevel | ShowcaseScenario):
        text = value.name
    else:
        text = str(value)
    return f"{text} {unit}" if unit else text


@attrs.frozen
class RuleRow:
    """One row of a settings table: a rulebook setting with its provenance."""

    rule: str
    setting: str
    value: str
    what: str
    source: str
    reading: str


def _rule_fields(group: attrs.AttrsInstance) -> Iterator[tuple[attrs.Attribute[Any], Any]]:
    for field in attrs.fields(type(group)):
        if "rule" in field.metadata:
            yield field, getattr(group, field.name)


def rule_rows(group: attrs.AttrsInstance) -> tuple[RuleRow, ...]:
    """Return one row per setting of a rule group (``RULEBOOK.feedback``), in field order."""
    return tuple(
        RuleRow(
            rule=field.metadata["rule"],
            setting=field.name,
            value=format_value(value, field.metadata["unit"]),
            what=field.metadata["what"],
            source=field.metadata["source"],
            reading=field.metadata["reading"] or "",
        )
        for field, value in _rule_fields(group)
    )


@attrs.frozen
class ChecklistRow:
    """One line of the listing checklist (AE-L1 … AE-L7); a manual check's limit is ``"—"``."""

    rule: str
    check: str
    limit: str
    severity: str


def listing_checklist_rows(rules: ListingRules = RULEBOOK.listing) -> tuple[ChecklistRow, ...]:
    """Return the listing checklist: each automatic check, then each manual one."""
    automatic = tuple(
        ChecklistRow(
            rule=field.metadata["rule"],
            check=field.metadata["what"],
            limit=format_value(value, field.metadata["unit"]),
            severity=value.severity.value.lower(),
        )
        for field, value in _rule_fields(rules)
    )
    manual = tuple(
        ChecklistRow(item.rule, item.text, "—", "manual") for item in rules.manual_checks
    )
    return automatic + manual


@attrs.frozen
class ShowcaseRow:
    """One line of the showcase table (AE-S2 … AE-S5)."""

    rule: str
    scenario: ShowcaseScenario
    condition: str
    showcases: str


def showcase_rows(rules: ShowcaseRules = RULEBOOK.showcases) -> tuple[ShowcaseRow, ...]:
    """Return one row per way to earn showcases, in scenario order, tiers lowest first."""
    level = ShowcaseScenario.OPERATING_LEVEL
    rows = [
        ShowcaseRow("AE-S2", level, "operating level ADVANCED", f"{rules.advanced_monthly}"),
        ShowcaseRow(
            "AE-S2", level, "operating level HIGH_POTENTIAL", f"{rules.high_potential_monthly}"
        ),
        ShowcaseRow(
            "AE-S3",
            ShowcaseScenario.NEW_SILVER_STORE,
            f"months 1-{rules.silver_store_months} as a silver store, "
            f"more than {rules.silver_store_orders_above} orders in the month",
            f"{rules.silver_store_monthly}",
        ),
    ]
    rows.extend(
        ShowcaseRow(
            "AE-S4",
            ShowcaseScenario.NEW_PRODUCTS,
            f">= {tier.new_products} new products, >= {tier.tagged} tagged 'new'",
            f"{tier.reward}",
        )
        for tier in rules.new_product_tiers
    )
    rows.append(
        ShowcaseRow(
            "AE-S5",
            ShowcaseScenario.TOP50_CATEGORY,
            f"top 50 by listing count in a curated category (of {rules.curated_categories})",
            f"{rules.top50_per_category} per category",
        )
    )
    return tuple(rows)


def transition_rows(rules: ProductRules = RULEBOOK.products) -> tuple[tuple[str, str, str], ...]:
    """Return ``(from, event, to)`` per allowed product move (AE-L6), in rulebook order."""
    return tuple(
        (move.source.name, move.event.name, move.target.name) for move in rules.transitions
    )
