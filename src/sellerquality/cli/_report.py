"""The ``report`` and ``history`` commands: text, JSON and CSV renderings of reports.

The JSON (``sellerquality.report/1``) is what ``sellerquality.to_json``
writes, with a JSON Schema shipped in the package; fields are only ever added.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date, timedelta
from fractions import Fraction

from .. import _text
from .._i18n import gettext as _
from .._i18n import ngettext
from .._results_json import to_data
from .._time import day_start
from ..allegro._editions import EDITIONS, rulebook_for
from ..allegro._html import render_html
from ..allegro._lifecycle import deadlines
from ..allegro._model import Area, SellerActivity
from ..allegro._quality import Forecast, QualityReport, forecast, quality_history, sales_quality
from ..allegro._rules import Rulebook
from ._common import (
    add_as_of_argument,
    add_edition_argument,
    add_format_argument,
    add_output_argument,
    add_source_arguments,
    as_of_from_args,
    day_argument,
    rulebook_from_args,
)
from ._programs import programmes, programmes_text
from ._reconcile import activity_from_args_or_api, add_from_api_argument

_ONE_DAY = timedelta(days=1)

__all__ = [
    "add_parsers",
    "report_text",
]


def report_text(report: QualityReport, outlook: Forecast | None = None) -> str:
    """The report as a plain-text page: grade and score first, then one table per area.

    Written in the current language (``sellerquality.language``).
    """
    lines = [
        _("Sales quality {grade} ({polish}): {score} of {max_score} points").format(
            grade=report.grade.value,
            polish=report.grade.polish,
            score=_text.count(report.score),
            max_score=_text.count(report.max_score),
        ),
        _("as of {as_of}, window {window}, edition {edition}").format(
            as_of=report.as_of.isoformat(), window=report.window, edition=report.edition
        ),
    ]
    # Column headings; outside the f-strings, where the message extractor sees them.
    metric, value, threshold = _("metric"), _("value"), _("threshold")
    outcome, points = _("outcome"), _("points")
    for area, score in report.areas.items():
        title = area.label[:1].upper() + area.label[1:]
        lines += [
            "",
            _("{area}: {points} of {max_points}").format(
                area=title, points=score.points, max_points=score.max_points
            ),
        ]
        lines.append(f"  {metric:<25} {value:>14} {threshold:>14} {outcome:<15} {points:>6}")
        for code in score.metrics:
            result = report.metrics[code]
            shown = _text.metric_value(code, result.value, against=result.threshold)
            bar = _text.metric_value(code, result.threshold)
            lines.append(
                f"  {code:<25} {shown:>14} {bar:>14} {result.outcome.value:<15} {result.points:>6}"
            )
    failing = [r for r in report.metrics.values() if r.outcome.value != "BONUS" or r.tip]
    if failing:
        lines += ["", _("Why:")]
        for result in failing:
            lines.append(f"  {result.code}: {result.explanation}")
            if result.to_threshold is not None:
                lines.append("    " + _("distance: {text}").format(text=result.to_threshold.text))
            if result.culprits:
                more = result.culprit_count - len(result.culprits)
                shown = ", ".join(result.culprits[:10])
                lines.append(
                    "    "
                    + (
                        _("culprits: {shown} (+{more} more)").format(shown=shown, more=more)
                        if more
                        else _("culprits: {shown}").format(shown=shown)
                    )
                )
    if report.discussion_limit is not None:
        check = report.discussion_limit
        state = _("within the cap") if check.passed else _("OVER THE CAP")
        lines += [
            "",
            _("Unresolved discussions ({rule}): {state}").format(rule=check.rule, state=state),
            f"  {check.description}",
        ]
        actual, allowed = (
            _text.metric_value("", value) if isinstance(value, int | Fraction) else str(value)
            for value in (check.actual, check.required)
        )
        lines.append(
            "  " + _("actual {actual}, allowed {allowed}").format(actual=actual, allowed=allowed)
        )
        if check.shortfall:
            lines.append(f"  {check.shortfall}")
    if report.tips:
        lines += ["", _("Tips:")]
        lines += [f"  - {tip}" for tip in report.tips]
    if outlook is not None:
        lines += [
            "",
            ngettext(
                "Forecast (no new records, next {days} day):",
                "Forecast (no new records, next {days} days):",
                outlook.days,
            ).format(days=outlook.days),
        ]
        if outlook.grade_changes_on is not None and outlook.grade_then is not None:
            lines.append(
                "  "
                + _("grade becomes {grade} in the result for {day}").format(
                    grade=outlook.grade_then.value, day=outlook.grade_changes_on
                )
            )
        else:
            lines.append("  " + _("grade stays {grade}").format(grade=outlook.grade.value))
        for item in outlook.metrics.values():
            when = (
                _("{outcome} on {day}").format(
                    outcome=item.outcome_then.value if item.outcome_then else "",
                    day=item.recovers_on,
                )
                if item.recovers_on
                else _("not by waiting alone")
            )
            lines.append(f"  {item.code}: {item.outcome.value} -> {when}")
    return "\n".join(lines)


def _report(args: argparse.Namespace) -> int:
    activity = activity_from_args_or_api(args)
    as_of = as_of_from_args(args)
    rulebook = rulebook_from_args(args, as_of)
    report = sales_quality(activity, as_of=as_of, rulebook=rulebook)
    outlook = forecast(activity, as_of=as_of, rulebook=rulebook)
    eligibility = programmes(activity, as_of, rulebook)
    if args.format == "html":
        # The score chart: the daily results of as many days as the window
        # has (SQ-2), ending on the report's day.
        last = report.day
        first = last - timedelta(days=rulebook.quality.window_days - 1)
        history = _daily_reports(activity, first, last, args)
        sys.stdout.write(
            render_html(
                report,
                history=history,
                forecast=outlook,
                programmes=eligibility,
                deadlines=deadlines(activity, as_of=as_of, rulebook=rulebook),
                activity=activity,
            )
        )
        return 0
    if args.format == "json":
        # The report as sellerquality.to_json writes it, with what the text shows beside it.
        document = to_data(report) | {
            "forecast": to_data(outlook),
            "programmes": to_data(eligibility),
        }
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(report_text(report, outlook) + "\n\n" + programmes_text(eligibility))
    return 0


def _day(text: str, option: str) -> date:
    return day_argument(text, option)


def _daily_reports(
    activity: SellerActivity, first: date, last: date, args: argparse.Namespace
) -> tuple[QualityReport, ...]:
    """One report per day; without ``--edition`` each under the edition in force at its ``as_of``.

    Day ``D``'s result is evaluated at the midnight starting ``D + 1`` (SQ-2),
    so, as for ``report --as-of``, the edition is the one in force on ``D + 1``.
    """
    if args.edition is not None or last < first:
        book = rulebook_from_args(args, day_start(last + _ONE_DAY))
        return quality_history(activity, start=first, end=last, rulebook=book)
    reports: list[QualityReport] = []
    for start, end, book in _edition_spans(first, last):
        reports += quality_history(activity, start=start, end=end, rulebook=book)
    return tuple(reports)


def _edition_spans(first: date, last: date) -> list[tuple[date, date, Rulebook]]:
    """Split ``first..last`` into runs of days whose results share the edition in force."""
    spans: list[tuple[date, date, Rulebook]] = []
    day = first
    while day <= last:
        evaluated = day + _ONE_DAY
        book = EDITIONS[0] if evaluated < EDITIONS[0].effective_from else rulebook_for(evaluated)
        later = [
            b.effective_from for b in EDITIONS if evaluated < b.effective_from <= last + _ONE_DAY
        ]
        end = min(later) - 2 * _ONE_DAY if later else last
        spans.append((day, end, book))
        day = end + _ONE_DAY
    return spans


def _history(args: argparse.Namespace) -> int:
    activity = activity_from_args_or_api(args)
    reports = _daily_reports(activity, _day(args.start, "--start"), _day(args.end, "--end"), args)
    if args.format == "html":
        # quality_history has refused an empty range: there is a last day.
        sys.stdout.write(render_html(reports[-1], history=reports, activity=activity))
        return 0
    if args.format == "json":
        json.dump(to_data(reports), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    codes = list(reports[0].metrics) if reports else []
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(
            ["day", "grade", "score", "max_score", *(f"{c}_points" for c in codes), "edition"]
        )
        for report in reports:
            writer.writerow(
                [
                    report.day.isoformat(),
                    report.grade.value,
                    report.score,
                    report.max_score,
                    *(report.metrics[c].points for c in codes),
                    report.edition,
                ]
            )
        return 0
    day, grade, score, most = _("day"), _("grade"), _("score"), _("max")
    print(f"{day:<10}  {grade:<20} {score:>5} {most:>5}  " + "  ".join(a.name[:8] for a in Area))
    for report in reports:
        areas = "  ".join(f"{report.areas[a].points:>8}" for a in Area)
        print(
            f"{report.day.isoformat():<10}  {report.grade.value:<20} {report.score:>5} "
            f"{report.max_score:>5}  {areas}"
        )
    return 0


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` and ``history`` to the command line."""
    report = commands.add_parser(
        "report", help="the sales-quality report: every metric, the score, grade, tips, forecast"
    )
    add_from_api_argument(add_source_arguments(report))
    add_as_of_argument(report)
    add_format_argument(report, "text", "json", "html")
    add_edition_argument(report)
    add_output_argument(report)
    report.set_defaults(func=_report)

    history = commands.add_parser("history", help="one sales-quality result per Warsaw day")
    add_from_api_argument(add_source_arguments(history))
    history.add_argument("--start", required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    history.add_argument("--end", required=True, metavar="DATE", help="last day, YYYY-MM-DD")
    add_format_argument(history, "text", "json", "csv", "html")
    add_edition_argument(history)
    add_output_argument(history)
    history.set_defaults(func=_history)
