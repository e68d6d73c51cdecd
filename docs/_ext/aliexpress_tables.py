# ruff: noqa: INP001  (a Sphinx extension loaded from sys.path, not part of a package)
"""Tables of the AliExpress rules, printed from the rulebook at build time.

The AliExpress pages show every rule and every rulebook setting; the tables are
read from :data:`sellerquality.aliexpress.RULES` and
:data:`sellerquality.aliexpress.RULEBOOK` when the docs are built, so they
cannot drift from the code. The runtime package holds only the data: each
setting's ``attrs`` metadata names its rule, says what it is, quotes where the
seller guide says it and, where the guide is silent or vague, this library's
reading.

Directives (MyST syntax)::

    ```{aliexpress-rules}
    ```

    ```{aliexpress-settings} feedback
    ```

    ```{aliexpress-listing-checklist}
    ```

    ```{aliexpress-showcases}
    ```

    ```{aliexpress-transitions}
    ```

``aliexpress-settings`` takes the rule group: ``feedback``, ``listing``,
``pricing``, ``showcases``, ``products`` or ``orders``.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

import doc_tables
from aliexpress_rows import (
    GROUPS,
    listing_checklist_rows,
    rule_rows,
    showcase_rows,
    transition_rows,
)
from docutils import nodes  # type: ignore[import-untyped]
from sphinx.util.docutils import SphinxDirective

from sellerquality.aliexpress import RULEBOOK, RULES

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# --- directives ---------------------------------------------------------------------


def _table(header: list[str], rows: list[list[doc_tables.Cell]], name: str) -> nodes.table:
    widths = [10] * len(header)
    return doc_tables.build_table(None, header, rows, widths, ["aliexpress-table", name])


class _AliExpressDirective(SphinxDirective):
    """Common part: rebuild the page when the rules change."""

    has_content = False

    def note_rules(self) -> None:
        """Rebuild the page when the module holding the rules changes."""
        source = inspect.getsourcefile(type(RULEBOOK))
        if source:
            self.env.note_dependency(source)


class AliExpressRules(_AliExpressDirective):
    """Every AliExpress rule ID with its title and where the seller guide states it."""

    def run(self) -> list[nodes.Node]:
        """Build the catalogue table."""
        self.note_rules()
        rows: list[list[doc_tables.Cell]] = [
            [rule.id, rule.title, rule.source] for rule in RULES.values()
        ]
        return [_table(["Rule", "Title", "AliExpress seller guide"], rows, "aliexpress-rules")]


class AliExpressSettings(_AliExpressDirective):
    """Every setting of one rule group: rule, field, value, meaning, source, reading."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Build the settings table of the group named by the argument."""
        self.note_rules()
        name = self.arguments[0]
        if name not in GROUPS:
            msg = f"unknown rule group {name!r}; one of {', '.join(GROUPS)}"
            raise self.error(msg)
        rows: list[list[doc_tables.Cell]] = []
        for row in rule_rows(getattr(RULEBOOK, name)):
            if row.rule not in RULES or not row.source.startswith("AliExpress seller guide ("):
                msg = f"setting {name}.{row.setting} must name a rule of RULES and cite the guide"
                raise self.error(msg)
            rows.append(
                [
                    row.rule,
                    doc_tables.literal(row.setting),
                    row.value,
                    row.what,
                    row.source,
                    row.reading,
                ]
            )
        header = ["Rule", "Setting", "Value", "What", "Source", "Reading"]
        return [_table(header, rows, "aliexpress-settings")]


class AliExpressListingChecklist(_AliExpressDirective):
    """The listing checklist (AE-L1 … AE-L7): automatic checks, then manual ones."""

    def run(self) -> list[nodes.Node]:
        """Build the checklist table."""
        self.note_rules()
        rows: list[list[doc_tables.Cell]] = [
            [row.rule, row.check, row.limit, row.severity] for row in listing_checklist_rows()
        ]
        header = ["Rule", "Check", "Limit", "Severity"]
        return [_table(header, rows, "aliexpress-listing-checklist")]


class AliExpressShowcases(_AliExpressDirective):
    """The ways to earn showcases (AE-S2 … AE-S5) and how many each earns."""

    def run(self) -> list[nodes.Node]:
        """Build the showcase table."""
        self.note_rules()
        rows: list[list[doc_tables.Cell]] = [
            [row.rule, row.scenario.name, row.condition, row.showcases] for row in showcase_rows()
        ]
        header = ["Rule", "Scenario", "Condition", "Showcases"]
        return [_table(header, rows, "aliexpress-showcases")]


class AliExpressTransitions(_AliExpressDirective):
    """The allowed product-state moves (AE-L6)."""

    def run(self) -> list[nodes.Node]:
        """Build the transition table."""
        self.note_rules()
        rows: list[list[doc_tables.Cell]] = [list(row) for row in transition_rows()]
        return [_table(["From", "Event", "To"], rows, "aliexpress-transitions")]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("aliexpress-rules", AliExpressRules)
    app.add_directive("aliexpress-settings", AliExpressSettings)
    app.add_directive("aliexpress-listing-checklist", AliExpressListingChecklist)
    app.add_directive("aliexpress-showcases", AliExpressShowcases)
    app.add_directive("aliexpress-transitions", AliExpressTransitions)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
