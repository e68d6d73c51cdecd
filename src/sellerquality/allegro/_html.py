"""The report as one self-contained HTML page with its charts (SQ-1…SQ-4).

The page is a Jinja2 template with autoescaping on, so every string that
comes from the seller's records (ids, comments, offer names, culprits) is
escaped; the charts are matplotlib figures saved as SVG and written inline.
Nothing is fetched: no script, no external style sheet, font or image, and a
Content-Security-Policy that forbids scripts altogether. Both libraries come
with the ``[report]`` extra and are imported only here, when a page is made.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from .._i18n import Language, current_language, language, ngettext
from .._i18n import gettext as _
from .._results import Criterion, Eligibility, MetricResult, Outcome, Value
from .._text import count, metric_value, percent
from .._time import WARSAW
from ..exceptions import MissingExtraError
from ._editions import OFFICIAL
from ._lifecycle import Deadline
from ._model import Grade, SellerActivity
from ._plot import INSTALL_HINT, plot_history, plot_report
from ._quality import Forecast, QualityReport
from ._rules import Rulebook

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["render_html"]

# How many upcoming deadlines the page lists after the overdue ones; the rest
# are counted (``sellerquality deadlines`` lists them all).
DEADLINES_SHOWN: Final = 50
# How many culprit ids a metric row shows; the rest are counted.
CULPRITS_SHOWN: Final = 20


_METADATA: Final = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def _require(function: str, module: str) -> Any:
    """Import ``module`` of the ``[report]`` extra, or say which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{function} needs the optional extra [report]: {INSTALL_HINT} ({exc})"
        ) from None


def _svg(axes: Axes) -> str:
    """The figure of ``axes`` as an inline ``<svg>``: glyphs as paths, stable ids, no metadata."""
    matplotlib = _require("render_html", "matplotlib")
    # The plots were drawn on a new Figure of their own (ax=None), never a SubFigure.
    figure = cast("Figure", axes.figure)
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "sellerquality"}):
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    # The RDF block names the creator and licence vocabularies by URL; the page needs none.
    return _METADATA.sub("", text[text.index("<svg") :])


def _value(result: MetricResult, value: Value, *, against: Value = None) -> str:
    """A metric's value (``against`` its threshold) or its threshold, as the page shows it."""
    return "–" if value is None else metric_value(result.code, value, against=against)


def _criterion_value(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Fraction):
        return percent(value)
    if isinstance(value, int):
        return count(value)
    if isinstance(value, Grade):
        return value.label
    if hasattr(value, "value") and not isinstance(value, str):
        return str(value.value)
    return str(value)


@attrs.frozen
class _Row:
    """One metric row of the page."""

    result: MetricResult
    name: str
    value: str
    threshold: str
    culprits: tuple[tuple[str, str], ...]
    """Shown culprits: (record id, what the buyer wrote, if anything)."""
    more_culprits: int


@attrs.frozen
class _Step:
    """One day of the forecast's timeline."""

    day: date
    grade: Grade | None
    metrics: tuple[tuple[str, str, Outcome], ...]


def _rows(
    report: QualityReport, book: Rulebook | None, notes: Mapping[str, str] | None = None
) -> Iterator[_Row]:
    notes = notes or {}
    for code, result in report.metrics.items():
        rule = book.quality.metrics.get(code) if book is not None else None
        yield _Row(
            result=result,
            name=_(rule.name) if rule is not None else code,
            value=_value(result, result.value, against=result.threshold),
            threshold=_value(result, result.threshold),
            culprits=tuple((c, notes.get(c, "")) for c in result.culprits[:CULPRITS_SHOWN]),
            more_culprits=result.culprit_count - min(len(result.culprits), CULPRITS_SHOWN),
        )


def _timeline(outlook: Forecast, rows: Sequence[_Row]) -> list[_Step]:
    """The forecast by day: when each metric recovers and when the grade changes."""
    days: dict[date, list[tuple[str, str, Outcome]]] = {}
    names = {row.result.code: row.name for row in rows}
    for item in outlook.metrics.values():
        if item.recovers_on is not None and item.outcome_then is not None:
            days.setdefault(item.recovers_on, []).append(
                (item.code, names.get(item.code, item.code), item.outcome_then)
            )
    if outlook.grade_changes_on is not None:
        days.setdefault(outlook.grade_changes_on, [])
    return [
        _Step(
            day=day,
            grade=outlook.grade_then if day == outlook.grade_changes_on else None,
            metrics=tuple(days[day]),
        )
        for day in sorted(days)
    ]


def _first_upper(text: str) -> str:
    """``text`` with its first letter in upper case and the rest as written ("ToS")."""
    return text[:1].upper() + text[1:]


def _criterion_state(criterion: Criterion) -> str:
    if criterion.passed is None:
        return _("Allegro decides")
    return _("met") if criterion.passed else _("not met")


def _environment() -> Any:
    jinja2 = _require("render_html", "jinja2")
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("sellerquality.allegro", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(_, ngettext, newstyle=False)
    return environment


def render_html(
    report: QualityReport,
    *,
    history: Sequence[QualityReport] = (),
    forecast: Forecast | None = None,
    programmes: Sequence[Eligibility] = (),
    deadlines: Sequence[Deadline] = (),
    activity: SellerActivity | None = None,
    rulebook: Rulebook | None = None,
    lang: Language | None = None,
) -> str:
    """The report as one self-contained HTML page with charts (SQ-1…SQ-4, SQ-2's forecast).

    The page shows the grade and score, the points of each area, every metric
    against its threshold with its explanation, distance and culprits, and,
    when given, the daily ``history`` as a chart with the grade bands behind
    it (:func:`plot_history`), the ``forecast`` as a timeline of the days
    metrics recover or the grade changes, the ``programmes`` checklist and the
    ``deadlines`` to-do list (overdue first, then the next 50). Charts are
    inline SVG; there is no script and nothing is loaded from elsewhere, and
    every string from the seller's records is escaped.

    Needs the ``[report]`` extra (Jinja2 and matplotlib).

    Args:
        report: The report the page is about.
        history: Daily reports, oldest first, for the score chart (SQ-2).
        forecast: What waiting alone would do (:func:`forecast`).
        programmes: Eligibilities to list (:func:`super_seller`, :func:`smart`, ...).
        deadlines: The to-do list (:func:`deadlines`).
        activity: The seller's records, to quote beside each culprit rating
            what its buyer wrote.
        rulebook: The rulebook the report was computed with, for the
            metrics' names and the grade bands; by default the official
            edition the report names (a metric of an unknown edition is
            shown by its code).
        lang: ``"en"`` or ``"pl"``; ``None`` keeps the current language.
            The texts inside ``report`` and the others are written in the
            language they were computed in: compute them in the same one.

    Returns:
        The page, a complete HTML document.

    Raises:
        MissingExtraError: Jinja2 or matplotlib is not installed.
    """
    from .. import __version__  # noqa: PLC0415 - the package imports this module first

    with language(lang):
        environment = _environment()
        book = rulebook if rulebook is not None else OFFICIAL.get(report.edition)
        rows = list(_rows(report, book, _comments(activity)))
        report_chart = _svg(plot_report(report))
        history_chart = _svg(plot_history(tuple(history), rulebook=rulebook)) if history else None
        overdue = [entry for entry in deadlines if entry.overdue]
        upcoming = [entry for entry in deadlines if not entry.overdue]
        template = environment.get_template("report.html")
        return str(
            template.render(
                lang=current_language(),
                report=report,
                areas=report.areas,
                rows=rows,
                report_chart=_markup(report_chart),
                history=tuple(history),
                history_chart=_markup(history_chart) if history_chart else None,
                forecast=forecast,
                timeline=_timeline(forecast, rows) if forecast is not None else [],
                programmes=tuple(programmes),
                overdue=overdue,
                upcoming=upcoming[:DEADLINES_SHOWN],
                more_deadlines=max(len(upcoming) - DEADLINES_SHOWN, 0),
                zone=WARSAW,
                criterion_state=_criterion_state,
                criterion_value=_criterion_value,
                count=count,
                first_upper=_first_upper,
                version=__version__,
            )
        )


def _comments(activity: SellerActivity | None) -> dict[str, str]:
    """What buyers wrote, by rating id (ratings with a comment)."""
    if activity is None:
        return {}
    return {rating.id: rating.comment for rating in activity.ratings if rating.comment}


def _markup(svg: str) -> Any:
    """Our own chart, trusted as markup (matplotlib escapes the text it writes)."""
    markupsafe = _require("render_html", "markupsafe")
    return markupsafe.Markup(svg)
