"""Charts of sales quality (the optional extra ``[report]``).

Two matplotlib charts: a history's score day by day over the grade bands
(SQ-2, SQ-3), and one report's points metric by metric (SQ-A1 … SQ-E1).
matplotlib is imported when one of them is called, never when
:mod:`sellerquality.allegro` is, and pyplot never: a chart is drawn on a
:class:`~matplotlib.figure.Figure` of its own (or on the caller's Axes), so
no global figure state is touched and no display or backend is needed.

Nothing drawn depends on the clock or the machine: colours, sizes and ticks
are fixed or follow from the data, dates are written as ISO dates in every
language, and the texts follow the current language (:func:`sellerquality.language`).
Saved with ``metadata={"Date": None}`` and a fixed ``svg.hashsalt``, the
same chart gives the same SVG bytes.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from .. import _text
from .._i18n import gettext as _
from .._results import MetricResult, Outcome
from ..exceptions import InvalidTypeError, InvalidValueError, MissingExtraError
from ._editions import DEFAULT_RULEBOOK, OFFICIAL, rulebook_for
from ._model import Grade
from ._quality import QualityReport
from ._rules import GradeBand, Rulebook

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["INSTALL_HINT", "plot_history", "plot_report"]

INSTALL_HINT: Final = 'pip install "sellerquality[report]"'
"""The command that installs what the chart functions need."""

# Pale fills behind the score line, one per grade (SQ-3): greens for the
# good grades, grey for the middle, warm for the bad ones.
_BAND_COLOURS: Final = {
    Grade.SUPER_PLUS: "#c7e9c0",
    Grade.SUPER: "#e5f5e0",
    Grade.GOOD: "#f7fcb9",
    Grade.NEUTRAL: "#f0f0f0",
    Grade.REQUIRES_IMPROVEMENT: "#fdd0a2",
    Grade.UNACCEPTABLE: "#fcbba1",
}

# The outcome colours of the HTML report's table, so that chart and table agree.
_OUTCOME_COLOURS: Final = {
    Outcome.BONUS: "#1f7a3f",
    Outcome.NEUTRAL: "#8a7b12",
    Outcome.PENALTY: "#a3211f",
    Outcome.NOT_APPLICABLE: "#5b6670",
}

_SCORE_COLOUR: Final = "#08519c"
_MAX_COLOUR: Final = "#6b6b6b"

_HISTORY_SIZE: Final = (8.0, 4.5)
"""Inches; wide enough for ISO dates under a month of days."""

_REPORT_WIDTH: Final = 9.0
"""Inches; the metrics' names take almost half of it."""

_MOST_DATE_TICKS: Final = 8
"""More dated ticks than this would overlap on a figure of the default width."""

_HALF_DAY: Final = timedelta(hours=12)

_Y_PAD: Final = Fraction(1, 25)
"""Room above the highest and below the lowest point, as a share of the range."""


def _matplotlib(function: str) -> type[Figure]:
    """Import matplotlib's Figure, or say which extra ``function`` needs."""
    try:
        # matplotlib itself first: a submodule imported earlier would otherwise
        # be found even while matplotlib is hidden (sys.modules["matplotlib"] = None).
        importlib.import_module("matplotlib")
        from matplotlib.figure import Figure  # noqa: PLC0415 - never pyplot: no global state
    except ImportError as exc:
        raise MissingExtraError(
            f"{function} needs the optional extra [report]: {INSTALL_HINT} ({exc})"
        ) from None
    return Figure


def _axes(figure_class: type[Figure], ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new ``figure_class`` of ``size`` inches."""
    if ax is None:
        return figure_class(figsize=size, layout="constrained").add_subplot()
    from matplotlib.axes import Axes  # noqa: PLC0415 - imported by _matplotlib already

    if not isinstance(ax, Axes):
        raise InvalidTypeError(
            field="ax", value=type(ax).__name__, reason="is not a matplotlib Axes"
        )
    return ax


def _rulebook_of(report: QualityReport, rulebook: Rulebook | None) -> Rulebook:
    """The rulebook given, else the official edition the report names, else the day's."""
    if rulebook is not None:
        if not isinstance(rulebook, Rulebook):
            raise InvalidTypeError(
                field="rulebook", value=type(rulebook).__name__, reason="is not a Rulebook"
            )
        return rulebook
    official = OFFICIAL.get(report.edition)
    if official is not None:
        return official
    # A modified or renamed rulebook: its bands are not in the report.
    try:
        return rulebook_for(report.day)
    except InvalidValueError:
        return DEFAULT_RULEBOOK


def _report(value: object, field: str) -> QualityReport:
    if not isinstance(value, QualityReport):
        raise InvalidTypeError(
            field=field, value=type(value).__name__, reason="is not a QualityReport"
        )
    return value


# --- the history -----------------------------------------------------------------------------


def _spans(bands: tuple[GradeBand, ...], bottom: int, top: int) -> list[tuple[Grade, int, int]]:
    """Each grade's ``(grade, low, high)`` points on the chart, best first (SQ-3).

    A band reaches from its ``min_score`` up to the next better band's; the
    best reaches the top of the chart and the last (no ``min_score``) its
    bottom. A band no score earns (its ``min_score`` not below a better
    band's, which :meth:`QualityRules.grade_for` gives first) is left out.
    """
    spans: list[tuple[Grade, int, int]] = []
    high = top
    for band in bands:
        low = bottom if band.min_score is None else band.min_score
        if low < high:
            spans.append((band.grade, low, high))
        high = min(high, low)
    return spans


def _midnight(day: date) -> datetime:
    """The start of ``day`` as matplotlib places a :class:`~datetime.date`: at UTC midnight."""
    return datetime.combine(day, time(), tzinfo=UTC)


def _score_range(history: tuple[QualityReport, ...], rulebook: Rulebook) -> tuple[int, int]:
    """The points the chart spans: every possible score without sanctions, and every one drawn.

    The lowest possible score without ToS sanctions is every two-sided metric's
    penalty (SQ-3); sanctions (SQ-E1) have no floor, so a lower score drawn
    stretches the range. The highest is every bonus. The bands' limits are
    kept inside so that each grade shows.
    """
    rules = rulebook.quality.metrics.values()
    limits = [band.min_score for band in rulebook.quality.grade_bands if band.min_score is not None]
    low = min([-sum(rule.penalty for rule in rules), *limits, *(r.score for r in history)])
    high = max(
        [
            sum(rule.bonus for rule in rules),
            *limits,
            *(r.max_score for r in history),
            *(r.score for r in history),
        ]
    )
    return low, high


def plot_history(
    history: Iterable[QualityReport], *, ax: Axes | None = None, rulebook: Rulebook | None = None
) -> Axes:
    """Chart a sales-quality history: the score day by day over the grade bands (SQ-2, SQ-3).

    The score of each daily result (SQ-2) is a line with a marker per day; a
    dashed line beside it is the day's maximum score (the bonus of every
    applicable metric). Behind them each grade's band of points (SQ-3) is a
    pale horizontal span, named at its right edge in the current language.
    The points axis reaches from the lowest possible score without sanctions
    (every penalty) to the highest (every bonus), further where a score
    drawn lies outside; the days are ticked as ISO dates.

    Needs the ``[report]`` extra (matplotlib); pyplot is not used. The figure
    is not shown: save it (``ax.figure.savefig("history.svg")``) or let a
    notebook display it.

    Args:
        history: The daily reports, such as :func:`quality_history`'s, in day order.
        ax (matplotlib.axes.Axes | None): The Axes to draw on; by default a new
            :class:`~matplotlib.figure.Figure` of its own (8 x 4.5 inches).
        rulebook: Whose grade bands to draw. By default the edition the last
            report names (:attr:`QualityReport.edition`) or, for a modified
            rulebook, the edition in force on its day (:func:`rulebook_for`):
            pass your own rulebook if you changed its bands.

    Returns:
        The Axes drawn on; ``ax.figure`` is its figure.

    Raises:
        InvalidValueError: ``history`` is empty.
        InvalidTypeError: ``history`` holds something other than reports, or
            ``ax`` or ``rulebook`` is of the wrong type.
        MissingExtraError: matplotlib is not installed.

    Example:
        >>> from datetime import date
        >>> from sellerquality.allegro import plot_history, quality_history
        >>> from sellerquality.examples import load_example
        >>> history = quality_history(
        ...     load_example(), start=date(2026, 10, 4), end=date(2026, 10, 13)
        ... )
        >>> ax = plot_history(history)
        >>> [line.get_label() for line in ax.get_lines()]
        ['Maximum score', 'Score']
        >>> ax.get_lines()[1].get_ydata().tolist()
        [358, 358, 358, 358, 358, 358, 378, 378, 328, 215]
        >>> ax.figure.savefig("history.svg")  # doctest: +SKIP
    """
    figure_class = _matplotlib("plot_history")
    reports = tuple(_report(report, "history") for report in history)
    if not reports:
        raise InvalidValueError(field="history", value=(), reason="has no reports to chart")
    book = _rulebook_of(reports[-1], rulebook)
    ax = _axes(figure_class, ax, _HISTORY_SIZE)
    from matplotlib.patches import Rectangle  # noqa: PLC0415 - imported with matplotlib

    low, high = _score_range(reports, book)
    # Whole points, so that every band's limits are exactly the rulebook's.
    pad = math.ceil((high - low) * _Y_PAD)
    bottom, top = low - pad, high + pad
    across = ax.get_yaxis_transform()  # x in axes fractions, y in points
    for grade, span_low, span_high in _spans(book.quality.grade_bands, bottom, top):
        # A Rectangle of our own rather than axhspan, whose patch type changed in matplotlib 3.9.
        ax.add_patch(
            Rectangle(
                (0, span_low),
                1,
                span_high - span_low,
                transform=across,
                facecolor=_BAND_COLOURS[grade],
                edgecolor="none",
                zorder=0,
                gid=f"grade-band-{grade.value}",
            )
        )
        ax.text(
            1.01,
            (span_low + span_high) / 2,
            grade.label,
            transform=across,
            ha="left",
            va="center",
            fontsize="small",
            color="#333333",
        )

    # matplotlib's stubs type x as numbers; its unit converters take the dates.
    days: Any = [report.day for report in reports]
    ax.plot(
        days,
        [report.max_score for report in reports],
        linestyle="--",
        linewidth=1,
        color=_MAX_COLOUR,
        label=_("Maximum score"),
        zorder=2,
    )
    ax.plot(
        days,
        [report.score for report in reports],
        marker="o",
        markersize=4,
        linewidth=1.5,
        color=_SCORE_COLOUR,
        label=_("Score"),
        zorder=3,
    )

    ax.set_ylim(bottom, top)
    # Half a day either side of the first and last, so a single day has an axis too.
    edges: Any = (_midnight(days[0]) - _HALF_DAY, _midnight(days[-1]) + _HALF_DAY)
    ax.set_xlim(*edges)
    ticks = days[:: math.ceil(len(days) / _MOST_DATE_TICKS)]
    ax.set_xticks(
        ticks,
        labels=[day.isoformat() for day in ticks],
        rotation=30,
        ha="right",
    )
    ax.set_xlabel(_("Day"))
    ax.set_ylabel(_("Points"))
    ax.set_title(
        _("Sales quality from {start} to {end}").format(
            start=days[0].isoformat(), end=days[-1].isoformat()
        )
    )
    ax.legend(loc="lower left", fontsize="small")
    return ax


# --- one report --------------------------------------------------------------------------


def _metric_name(metric: MetricResult, rulebook: Rulebook) -> str:
    rule = rulebook.quality.metrics.get(metric.code)
    return metric.code if rule is None else _(rule.name)


def plot_report(
    report: QualityReport, *, ax: Axes | None = None, rulebook: Rulebook | None = None
) -> Axes:
    """Chart one report's points, metric by metric (SQ-A1 … SQ-E1, SQ-3).

    One horizontal bar per metric, in the report's order from the top,
    labelled with the metric's name in the current language: its length is
    the points earned (to the left of zero for a penalty or a ToS deduction),
    its colour the outcome (bonus, neutral, penalty, not applicable), and a
    thin outline around it the most it can earn (its bonus; none when not
    applicable). Each bar is marked with its points and that most ("45 of
    60"); the title gives the day, grade and score.

    Needs the ``[report]`` extra (matplotlib); pyplot is not used.

    Args:
        report: The report, such as :func:`sales_quality`'s.
        ax (matplotlib.axes.Axes | None): The Axes to draw on; by default a new
            :class:`~matplotlib.figure.Figure` of its own, 9 inches wide and
            tall enough for the metrics.
        rulebook: Where the metrics' names come from. By default the edition
            the report names (:attr:`QualityReport.edition`) or, for a
            modified rulebook, the edition in force on its day; a metric the
            rulebook does not have is labelled with its code.

    Returns:
        The Axes drawn on; ``ax.figure`` is its figure.

    Raises:
        InvalidTypeError: ``report`` is not a :class:`QualityReport`, or ``ax``
            or ``rulebook`` is of the wrong type.
        MissingExtraError: matplotlib is not installed.

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW
        >>> from sellerquality.allegro import plot_report, sales_quality
        >>> from sellerquality.examples import load_example
        >>> report = sales_quality(load_example(), as_of=datetime(2026, 10, 14, tzinfo=WARSAW))
        >>> ax = plot_report(report)
        >>> ax.get_title(loc="right")
        'Sales quality on 2026-10-13: Good, 215 of 500 points'
    """
    figure_class = _matplotlib("plot_report")
    report = _report(report, "report")
    book = _rulebook_of(report, rulebook)
    metrics = list(report.metrics.values())
    ax = _axes(figure_class, ax, (_REPORT_WIDTH, 2.0 + 0.3 * len(metrics)))
    from matplotlib.patches import Patch  # noqa: PLC0415 - imported with matplotlib
    from matplotlib.transforms import ScaledTranslation  # noqa: PLC0415 - imported with matplotlib

    rows = range(len(metrics))
    colours = [_OUTCOME_COLOURS[metric.outcome] for metric in metrics]
    ax.barh(
        rows,
        [metric.points for metric in metrics],
        height=0.6,
        color=colours,
        label=_("Points"),
        zorder=2,
    )
    ax.barh(
        rows,
        [metric.max_points for metric in metrics],
        height=0.6,
        fill=False,
        edgecolor=colours,
        linewidth=0.8,
        label=_("Most it can earn"),
        zorder=3,
    )
    ax.axvline(0, color="#333333", linewidth=0.8, zorder=4)
    for row, metric in zip(rows, metrics, strict=True):
        if metric.outcome is Outcome.NOT_APPLICABLE:
            text = _("not applicable")
        elif metric.max_points == 0:  # ToS deductions (SQ-E1): there is nothing to earn
            text = _text.count(metric.points)
        else:
            text = _("{points} of {max_points}").format(
                points=_text.count(metric.points), max_points=_text.count(metric.max_points)
            )
        right = metric.points >= 0
        ax.annotate(
            text,
            (max(metric.points, metric.max_points) if right else metric.points, row),
            xytext=(4 if right else -4, 0),
            textcoords="offset points",
            ha="left" if right else "right",
            va="center",
            fontsize="small",
            color=_OUTCOME_COLOURS[metric.outcome],
        )

    ax.set_yticks(list(rows), labels=[_metric_name(metric, book) for metric in metrics])
    ax.set_ylim(len(metrics) - 0.5, -0.5)  # the report's first metric on top
    ax.margins(x=0.2)
    ax.set_xlabel(_("Points"))
    # Flush right: a long title then reaches over the metrics' names, not off the figure.
    ax.set_title(
        _("Sales quality on {day}: {grade}, {score} of {max_score} points").format(
            day=report.day.isoformat(),
            grade=report.grade.label,
            score=_text.count(report.score),
            max_score=_text.count(report.max_score),
        ),
        loc="right",
    )
    shown = [outcome for outcome in Outcome if any(m.outcome is outcome for m in metrics)]
    ax.legend(
        handles=[
            *(Patch(facecolor=_OUTCOME_COLOURS[outcome], label=outcome.label) for outcome in shown),
            Patch(fill=False, edgecolor="#333333", linewidth=0.8, label=_("Most it can earn")),
        ],
        # Below the axis label, where it hides no bar (half an inch under the axes),
        # flush right like the title.
        loc="upper right",
        bbox_to_anchor=(1, 0),
        bbox_transform=ax.transAxes + ScaledTranslation(0, -0.5, ax.figure.dpi_scale_trans),
        ncols=len(shown) + 1,
        fontsize="small",
        frameon=False,
    )
    return ax
