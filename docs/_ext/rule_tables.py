# ruff: noqa: INP001  (a Sphinx extension loaded from sys.path, not part of a package)
"""Tables of the sales-quality rules, generated from a rulebook at build time.

The "How the score is computed" page must never drift from the code, so its
tables are not written by hand: each directive below reads a rulebook
(:data:`sellerquality.allegro.EDITION_2022` unless told otherwise) and builds a
docutils table from its data.

Directives (MyST syntax)::

    ```{quality-metrics}
    :rulebook: sellerquality.allegro.EDITION_2022
    ```

    ```{quality-deductions}
    ```

    ```{quality-grade-bands}
    ```

``:rulebook:`` names any importable object that is a ``Rulebook`` or a
``QualityRules`` (``module.attribute``), so a page can show a user's own
edition as well.
"""

from __future__ import annotations

import importlib
import inspect
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import doc_tables
from docutils import nodes  # type: ignore[import-untyped]
from docutils.parsers.rst import directives  # type: ignore[import-untyped]
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DEFAULT_RULEBOOK = "sellerquality.allegro.EDITION_2022"

Cell = doc_tables.Cell


# --- rendering values ----------------------------------------------------------------


def _percent(value: Fraction) -> str:
    scaled = Decimal(value.numerator * 100) / Decimal(value.denominator)
    text = f"{scaled.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{hours} h"


def render(value: Any) -> str:
    """Render a threshold or parameter the way the rules state it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Fraction):
        # Shares are at most 1 (98%); a mean of star marks is above it (4.9).
        if value <= 1:
            return _percent(value)
        return f"{Decimal(value.numerator) / Decimal(value.denominator):f}"
    if isinstance(value, timedelta):
        return _duration(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _share(value: Fraction) -> str:
    return "full" if value == 1 else f"{value.numerator}/{value.denominator}"


# --- building tables -----------------------------------------------------------------


def build_table(
    title: str | None,
    header: list[str],
    rows: list[list[Cell]],
    widths: list[int],
    classes: list[str],
) -> nodes.table:
    """Build a table of this extension's style (see :mod:`doc_tables`)."""
    return doc_tables.build_table(title, header, rows, widths, ["rule-table", *classes])


# --- directives ------------------------------------------------------------------------


class _RulebookDirective(SphinxDirective):
    """Common part: find the rulebook and note the dependency on its source."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "rulebook": directives.unchanged,
        "caption": directives.unchanged,
    }

    def rulebook(self) -> tuple[Any, str]:
        """Return the ``QualityRules`` to show and a caption naming its edition."""
        path = self.options.get("rulebook", DEFAULT_RULEBOOK).strip()
        module_name, _, attribute = path.rpartition(".")
        try:
            module = importlib.import_module(module_name)
            value = getattr(module, attribute)
        except (ImportError, AttributeError, ValueError) as exc:
            msg = f"cannot import rulebook {path!r}: {exc}"
            raise self.error(msg) from exc
        source = inspect.getsourcefile(type(value))
        if source:
            self.env.note_dependency(source)
        quality = getattr(value, "quality", value)
        if not hasattr(quality, "metrics"):
            msg = f"{path!r} is neither a Rulebook nor QualityRules"
            raise self.error(msg)
        edition = getattr(value, "edition", None)
        effective = getattr(value, "effective_from", None)
        label = (
            f"edition {edition} (in force from {effective.isoformat()})"
            if edition and effective
            else path
        )
        return quality, label

    def caption(self, default: str) -> str:
        """The caption given as an option, else ``default``."""
        return str(self.options.get("caption", default))


class QualityMetrics(_RulebookDirective):
    """One row per metric: area, metric, rule, threshold, points, reading, source."""

    def run(self) -> list[nodes.Node]:
        """Build the metric table."""
        quality, label = self.rulebook()
        header = [
            "area",
            "metric",
            "rule",
            "threshold",
            "bonus when",
            "bonus",
            "penalty",
            "reading",
            "source",
        ]
        rows: list[list[Cell]] = []
        total = 0
        for rule in quality.metrics.values():
            total += rule.bonus
            threshold: list[nodes.Node] = [nodes.paragraph(text=render(rule.threshold))]
            if rule.parameter is not None:
                threshold.append(
                    nodes.paragraph(text=f"qualifying parameter: {render(rule.parameter)}")
                )
            if rule.tiers:
                tiers = ", ".join(
                    f"≤ {render(limit)}: {_share(share)}" for limit, share in rule.tiers
                )
                threshold.append(nodes.paragraph(text=f"graded points: {tiers}"))
            if rule.bonus == 0 and rule.penalty == 0:
                bonus: Cell = "—"
                penalty: Cell = "per violation (see deductions)"
            else:
                bonus = str(rule.bonus)
                penalty = str(-rule.penalty) if rule.penalty else "— (neutral)"
            rows.append(
                [
                    rule.area.label,
                    [doc_tables.literal(rule.code), nodes.paragraph(text=rule.name)],
                    rule.rule,
                    threshold,
                    f"value {rule.comparison.value} threshold",
                    bonus,
                    penalty,
                    rule.reading or "—",
                    rule.source,
                ]
            )
        rows.append(["", "total", "", "", "", str(total), "", "", ""])
        window = f"window: the last {quality.window_days} days"
        return [
            build_table(
                self.caption(f"Sales-quality metrics, {label}; {window}"),
                header,
                rows,
                [8, 14, 5, 10, 8, 5, 7, 26, 14],
                ["quality-metrics"],
            )
        ]


class QualityDeductions(_RulebookDirective):
    """One row per ToS violation kind: the points each occurrence deducts (SQ-E1)."""

    def run(self) -> list[nodes.Node]:
        """Build the deductions table."""
        quality, label = self.rulebook()
        rows: list[list[Cell]] = [
            [doc_tables.literal(kind.name), str(-points)]
            for kind, points in sorted(quality.deductions.items(), key=lambda item: -item[1])
        ]
        return [
            build_table(
                self.caption(f"ToS violation deductions per occurrence, {label}"),
                ["violation kind", "points"],
                rows,
                [30, 10],
                ["quality-deductions"],
            )
        ]


class QualityGradeBands(_RulebookDirective):
    """One row per grade: its Polish name and its score range (SQ-3)."""

    def run(self) -> list[nodes.Node]:
        """Build the grade-band table."""
        quality, label = self.rulebook()
        rows: list[list[Cell]] = []
        above: int | None = None
        for band in quality.grade_bands:
            low = band.min_score
            if low is None:
                scores = f"below {above:,}" if above is not None else "any score"
            elif above is None:
                scores = f"{low:,} and above"
            else:
                scores = f"{low:,} to {above - 1:,}"
            if low is not None:
                above = low
            rows.append([doc_tables.literal(band.grade.name), band.grade.polish, scores])
        return [
            build_table(
                self.caption(f"Grade bands, {label}"),
                ["grade", "Polish name", "score"],
                rows,
                [20, 16, 16],
                ["quality-grade-bands"],
            )
        ]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("quality-metrics", QualityMetrics)
    app.add_directive("quality-deductions", QualityDeductions)
    app.add_directive("quality-grade-bands", QualityGradeBands)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
