# ruff: noqa: INP001  (a Sphinx extension loaded from sys.path, not part of a package)
"""Tables of Allegro's programme, coin and edition rules, generated at build time.

The programme pages must never drift from the code, so none of their rule
tables is written by hand. Each directive below reads the rulebook editions of
:mod:`sellerquality.allegro` and builds a docutils table from their data; the
criteria tables go one step further and are made by running the programme
checks themselves on an empty seller, so that every criterion's code, rule ID,
wording and required value is exactly what the library reports.

Directives (MyST syntax)::

    ```{super-seller-criteria} 2022
    ```

    ```{programme-criteria} smart
    :edition: 2022
    ```

    ```{coin-bands}
    ```

    ```{excluded-categories}
    ```

    ```{coin-rules}
    ```

    ```{rulebook-editions}
    ```

    ```{edition-changes}
    :from: 2022
    :to: 2023-09-04
    ```

``programme-criteria`` takes one of ``super-seller``, ``smart``,
``coins-seller`` and ``deal-zone``. ``:edition:`` (and the argument of
``super-seller-criteria``) names an edition of
:data:`sellerquality.allegro.EDITIONS`; the default is the library's default
rulebook. ``edition-changes`` without options shows one table per pair of
consecutive editions; ``:from:`` and ``:to:`` pick one pair. Every directive
accepts ``:caption:`` to replace its generated caption.
"""

from __future__ import annotations

import enum
import inspect
import itertools
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, cast

import attrs
import doc_tables
from docutils import nodes  # type: ignore[import-untyped]
from docutils.parsers.rst import directives  # type: ignore[import-untyped]
from sphinx.util.docutils import SphinxDirective

from sellerquality import WARSAW, Criterion, Eligibility, Money
from sellerquality.allegro import (
    DEFAULT_RULEBOOK,
    EDITIONS,
    Rulebook,
    SellerActivity,
    SuperSeller2022,
    coins_for_price,
    coins_seller,
    deal_zone,
    edition_changes,
    sales_quality,
    smart,
    super_seller,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Cell = doc_tables.Cell

_SOURCES = (Rulebook, super_seller, coins_for_price, sales_quality)
"""Objects whose modules' change must rebuild the pages that use these directives."""

_GROSZ = Decimal("0.01")


# --- rendering values ----------------------------------------------------------------------


def _exact_decimal(value: Fraction) -> str | None:
    """The fraction as a finite decimal, or ``None`` if it has none."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return None
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(value: Fraction) -> str:
    exact = _exact_decimal(value * 100)
    return f"{exact}%" if exact is not None else f"{value.numerator}/{value.denominator}"


def _duration(value: timedelta) -> str:
    if not value:
        return "0 (immediate)"
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        f"{amount} {unit}"
        for amount, unit in ((days, "days"), (hours, "h"), (minutes, "min"))
        if amount
    ]
    return " ".join(parts)


def render(value: object) -> str:
    """Render a rule value the way the rules state it (98%, 4.950, 75,000.00 PLN)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, Fraction):
        # Shares are at most 1 (98%); a star average is above it (4.8).
        if value <= 1:
            return _percent(value)
        return _exact_decimal(value) or f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal | Money | str):
        return str(value)
    if isinstance(value, timedelta):
        return _duration(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(render(item) for item in value))
    if isinstance(value, tuple):
        return "; ".join(render(item) for item in value)
    if attrs.has(type(value)):
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(value)))
        shown = (f"{field.name}={render(getattr(value, field.name))}" for field in fields)
        return f"{type(value).__name__}({', '.join(shown)})"
    if isinstance(value, Mapping):
        return ", ".join(f"{render(key)}: {render(item)}" for key, item in value.items())
    return repr(value)


# --- building tables -----------------------------------------------------------------------


def build_table(
    title: str | None,
    header: list[str],
    rows: list[list[Cell]],
    widths: list[int],
    classes: list[str],
) -> nodes.table:
    """Build a table of this extension's style (see :mod:`doc_tables`)."""
    return doc_tables.build_table(title, header, rows, widths, ["programme-table", *classes])


# --- the data ------------------------------------------------------------------------------


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=WARSAW)


def _super_seller(book: Rulebook) -> Eligibility:
    return super_seller(SellerActivity(), as_of=_midnight(book.effective_from), rulebook=book)


def _smart(book: Rulebook) -> Eligibility:
    return smart(SellerActivity(), as_of=_midnight(book.effective_from), rulebook=book)


def _coins_seller(book: Rulebook) -> Eligibility:
    return coins_seller(SellerActivity(), as_of=_midnight(book.effective_from), rulebook=book)


def _deal_zone(book: Rulebook) -> Eligibility:
    report = sales_quality(SellerActivity(), as_of=_midnight(book.effective_from), rulebook=book)
    return deal_zone(report, rulebook=book)


def _super_seller_source(book: Rulebook) -> str:
    return book.programmes.super_seller.source


def _programmes_source(book: Rulebook) -> str:
    return book.programmes.source


Checker: TypeAlias = Callable[[Rulebook], Eligibility]

PROGRAMMES: dict[str, tuple[Checker, Callable[[Rulebook], str]]] = {
    "super-seller": (_super_seller, _super_seller_source),
    "smart": (_smart, _programmes_source),
    "coins-seller": (_coins_seller, _programmes_source),
    "deal-zone": (_deal_zone, _programmes_source),
}
"""Each programme's check and where its rules come from."""


def _edition(name: str) -> Rulebook:
    for book in EDITIONS:
        if book.edition == name:
            return book
    known = ", ".join(book.edition for book in EDITIONS)
    msg = f"unknown edition {name!r}; known: {known}"
    raise ValueError(msg)


_STEP = re.compile(r"\[([^\]]+)\]|([^.\[\]]+)")


def lookup(root: object, path: str) -> tuple[bool, object]:
    """Follow an :func:`~sellerquality.allegro.edition_changes` path into ``root``.

    Returns ``(True, value)`` when the path exists and ``(False, None)`` when the
    edition has no such rule (a field of another rule type, or of a rule that is
    ``None`` in this edition).
    """
    value = root
    for match in _STEP.finditer(path):
        key, name = match.groups()
        if name is not None:
            if not attrs.has(type(value)) or not hasattr(value, name):
                return False, None
            value = getattr(value, name)
        else:
            if not isinstance(value, Mapping):
                return False, None
            found = [
                item
                for candidate, item in value.items()
                if (candidate.name if isinstance(candidate, enum.Enum) else str(candidate)) == key
            ]
            if not found:
                return False, None
            value = found[0]
    return True, value


_RULE_OF_PATH: tuple[tuple[str, str], ...] = (
    ("programmes.super_seller.", "PR-1"),
    ("programmes.coins_", "PR-2"),
    ("programmes.smart_", "PR-3"),
    ("programmes.deal_zone_", "PR-4"),
    ("coins.immediate_handling", "CO-1"),
    ("coins.excluded_categories", "CO-1"),
    ("coins.bands", "CO-2"),
    ("coins.pool_", "CO-3"),
    ("coins.payment_", "CO-4"),
    ("lifecycle.reply_", "DI-3, SQ-B2, SQ-B5"),
    ("lifecycle.dispute_open", "DI-2"),
    ("lifecycle.unresolved_after_days", "DI-4"),
    ("lifecycle.expires_after_days", "DI-5"),
    ("lifecycle.rating_change_days", "RA-1"),
    ("lifecycle.rating_within_days", "ratings (T&C 2024-04-15)"),
    ("lifecycle.discussion_limit.", "disputes (T&C 2024-04-15)"),
    ("quality.deductions", "SQ-E1"),
    ("quality.grade_bands", "SQ-3"),
    ("quality.window_days", "SQ-2"),
)


def rule_of(path: str, book: Rulebook) -> str:
    """The rule ID a changed value belongs to, or ``"—"`` where none is recorded."""
    metric = re.match(r"quality\.metrics\[([^\]]+)\]", path)
    if metric and metric.group(1) in book.quality.metrics:
        return book.quality.metrics[metric.group(1)].rule
    for prefix, rule in _RULE_OF_PATH:
        if path.startswith(prefix):
            return rule
    return "—"


# --- directives ----------------------------------------------------------------------------


def _note_sources(directive: SphinxDirective) -> None:
    """Rebuild the page when the rules or the checks change."""
    for obj in _SOURCES:
        source = inspect.getsourcefile(obj)
        if source:
            directive.env.note_dependency(source)


class _RulebookDirective(SphinxDirective):
    """Common part: find the edition and note the dependency on the rules' source."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "edition": directives.unchanged,
        "caption": directives.unchanged,
    }

    def note_sources(self) -> None:
        """Rebuild the page when the rules or the checks change."""
        _note_sources(self)

    def book(self, name: str | None = None) -> Rulebook:
        """The edition called ``name``, else the one of ``:edition:``, else the default."""
        self.note_sources()
        chosen = name or self.options.get("edition") or DEFAULT_RULEBOOK.edition
        try:
            return _edition(str(chosen).strip())
        except ValueError as exc:
            raise self.error(str(exc)) from exc

    def caption(self, default: str) -> str:
        """The caption given as an option, else ``default``."""
        return str(self.options.get("caption", default))


def _label(book: Rulebook) -> str:
    return f"edition {book.edition} (in force from {book.effective_from.isoformat()})"


def _decided_by(criterion: Criterion) -> str:
    if criterion.passed is None:
        return "Allegro (not computable: never blocks eligible)"
    return "computed"


class ProgrammeCriteria(_RulebookDirective):
    """One row per criterion a programme check reports, as the library reports it."""

    required_arguments = 1
    optional_arguments = 0

    def programme(self) -> str:
        """The programme named by the argument."""
        name = str(self.arguments[0]).strip()
        if name not in PROGRAMMES:
            msg = f"unknown programme {name!r}; known: {', '.join(PROGRAMMES)}"
            raise self.error(msg)
        return name

    def run(self) -> list[nodes.Node]:
        """Build the criteria table."""
        name = self.programme()
        return [self.table(name, self.book())]

    def table(self, name: str, book: Rulebook) -> nodes.table:
        """The criteria of programme ``name`` under ``book``."""
        check, source = PROGRAMMES[name]
        result = check(book)
        rows: list[list[Cell]] = [
            [
                criterion.rule,
                doc_tables.literal(criterion.code),
                criterion.description,
                render(criterion.required),
                _decided_by(criterion),
            ]
            for criterion in result.criteria
        ]
        return build_table(
            self.caption(f"{result.programme} criteria, {_label(book)}; source: {source(book)}"),
            ["rule", "criterion", "what it asks", "required", "decided by"],
            rows,
            [10, 18, 40, 10, 14],
            ["programme-criteria"],
        )


class SuperSellerCriteria(ProgrammeCriteria):
    """The Super Seller criteria of the edition given as the argument (default: 2022)."""

    required_arguments = 0
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Build the Super Seller criteria table."""
        name = self.arguments[0] if self.arguments else None
        book = self.book(name)
        return [self.table("super-seller", book)]


def _price_range(low: Money, high: Money | None) -> str:
    if high is None:
        return f"{low} and above"
    top = Money(high.amount - _GROSZ, high.currency)
    if not low.amount:
        return f"below {high} (up to {top})"
    return f"{low} to {top}"


class CoinBands(_RulebookDirective):
    """One row per price band: the price range and the coins per channel (CO-2)."""

    def run(self) -> list[nodes.Node]:
        """Build the band table."""
        book = self.book()
        bands = book.coins.bands
        channels = list(bands[0].coins)
        rows: list[list[Cell]] = []
        for index, band in enumerate(bands):
            high = bands[index + 1].min_price if index + 1 < len(bands) else None
            rows.append(
                [
                    _price_range(band.min_price, high),
                    *(str(band.coins[channel]) for channel in channels),
                ]
            )
        header = ["price", *(f"coins, {channel.name}" for channel in channels)]
        return [
            build_table(
                self.caption(f"Coins per offer price (CO-2), {_label(book)}"),
                header,
                rows,
                [30, *(12 for _ in channels)],
                ["coin-bands"],
            )
        ]


class ExcludedCategories(_RulebookDirective):
    """One row per excluded category: its English and Polish paths (CO-1)."""

    def run(self) -> list[nodes.Node]:
        """Build the excluded-category table."""
        book = self.book()
        rows: list[list[Cell]] = [
            [
                " > ".join(category.path),
                " > ".join(category.polish) if category.polish else "—",
            ]
            for category in book.coins.excluded_categories
        ]
        return [
            build_table(
                self.caption(
                    f"Categories whose offers never earn coins (CO-1), with all their "
                    f"subcategories, {_label(book)}"
                ),
                ["category (English)", "category (Polish)"],
                rows,
                [40, 40],
                ["excluded-categories"],
            )
        ]


class CoinRulesTable(_RulebookDirective):
    """The remaining coin numbers: immediate dispatch, the pool and payments (CO-1, CO-3, CO-4)."""

    def run(self) -> list[nodes.Node]:
        """Build the coin-rules table."""
        book = self.book()
        coins = book.coins
        share = coins.pool_self_funded_share
        rows: list[list[Cell]] = [
            [
                "CO-1",
                doc_tables.literal("immediate_handling"),
                "handling time that counts as immediate dispatch",
                render(coins.immediate_handling),
            ],
            [
                "CO-3",
                doc_tables.literal("pool_window_days"),
                "days of turnover before the check",
                render(coins.pool_window_days),
            ],
            [
                "CO-3",
                doc_tables.literal("pool_block"),
                "turnover per block of pool coins",
                render(coins.pool_block),
            ],
            [
                "CO-3",
                doc_tables.literal("pool_coins_per_block"),
                "coins per full block",
                render(coins.pool_coins_per_block),
            ],
            [
                "CO-3",
                doc_tables.literal("pool_self_funded_share"),
                "share of the self-funded coins added (rounded down)",
                f"{render(share)} ({share.numerator}/{share.denominator})",
            ],
            [
                "CO-3",
                doc_tables.literal("pool_cap"),
                "most coins one grant can make",
                render(coins.pool_cap),
            ],
            [
                "CO-4",
                doc_tables.literal("payment_min"),
                "fewest coins one payment can use",
                render(coins.payment_min),
            ],
            [
                "CO-4",
                doc_tables.literal("payment_max"),
                "most coins one payment can use",
                render(coins.payment_max),
            ],
        ]
        return [
            build_table(
                self.caption(f"Coin rules, {_label(book)}; source: {coins.source}"),
                ["rule", "field", "what it is", "value"],
                rows,
                [8, 22, 40, 16],
                ["coin-rules"],
            )
        ]


class RulebookEditions(SphinxDirective):
    """One row per edition: its dates, its source and the sources of its programme rules."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Build the editions table."""
        _note_sources(self)
        rows: list[list[Cell]] = []
        for index, book in enumerate(EDITIONS):
            later = EDITIONS[index + 1] if index + 1 < len(EDITIONS) else None
            until = (
                (later.effective_from - timedelta(days=1)).isoformat()
                if later is not None
                else "in force"
            )
            super_rules = book.programmes.super_seller
            kind = "2022 rules" if isinstance(super_rules, SuperSeller2022) else "daily grades"
            rows.append(
                [
                    doc_tables.literal(book.edition),
                    book.effective_from.isoformat(),
                    until,
                    book.source,
                    f"{kind}; {super_rules.source}",
                    book.lifecycle.source,
                    "(the default)" if book is DEFAULT_RULEBOOK else "",
                ]
            )
        caption = str(self.options.get("caption", "Rulebook editions, oldest first"))
        return [
            build_table(
                caption,
                [
                    "edition",
                    "in force from",
                    "last day",
                    "source",
                    "Super Seller rules",
                    "lifecycle rules",
                    "note",
                ],
                rows,
                [10, 10, 10, 24, 24, 24, 8],
                ["rulebook-editions"],
            )
        ]


_ABSENT = "—"


class EditionChanges(SphinxDirective):
    """One table per pair of editions: every rule value that differs, from ``edition_changes``."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "from": directives.unchanged,
        "to": directives.unchanged,
        "caption": directives.unchanged,
    }

    def pairs(self) -> list[tuple[Rulebook, Rulebook]]:
        """The pairs of editions to compare."""
        start, end = self.options.get("from"), self.options.get("to")
        if (start is None) != (end is None):
            msg = ":from: and :to: go together"
            raise self.error(msg)
        if start is None or end is None:
            return list(itertools.pairwise(EDITIONS))
        try:
            return [(_edition(start.strip()), _edition(end.strip()))]
        except ValueError as exc:
            raise self.error(str(exc)) from exc

    def run(self) -> list[nodes.Node]:
        """Build the change tables."""
        _note_sources(self)
        tables: list[nodes.Node] = []
        for old, new in self.pairs():
            rows: list[list[Cell]] = []
            for path, _, _ in edition_changes(old, new):
                if path in {"edition", "effective_from"}:
                    continue
                had, before = lookup(old, path)
                has, after = lookup(new, path)
                rows.append(
                    [
                        doc_tables.literal(path),
                        rule_of(path, new if has else old),
                        render(before) if had else _ABSENT,
                        render(after) if has else _ABSENT,
                    ]
                )
            default = (
                f"From edition {old.edition} to edition {new.edition}, in force from "
                f"{new.effective_from.isoformat()} ({_ABSENT}: the edition has no such rule)"
            )
            caption = str(self.options.get("caption", default))
            tables.append(
                build_table(
                    caption,
                    ["rulebook value", "rule", f"edition {old.edition}", f"edition {new.edition}"],
                    rows,
                    [40, 14, 24, 24],
                    ["edition-changes"],
                )
            )
        return tables


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("programme-criteria", ProgrammeCriteria)
    app.add_directive("super-seller-criteria", SuperSellerCriteria)
    app.add_directive("coin-bands", CoinBands)
    app.add_directive("excluded-categories", ExcludedCategories)
    app.add_directive("coin-rules", CoinRulesTable)
    app.add_directive("rulebook-editions", RulebookEditions)
    app.add_directive("edition-changes", EditionChanges)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
