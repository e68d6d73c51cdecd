"""The ``reconcile`` command, and ``--from-api DIR`` for ``report`` and ``history``.

The folder of saved API bodies is read by
:func:`~sellerquality.allegro.read_api_dir` (its layout is documented there and
in docs/allegro/from-api.md); this module holds only command-line code.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from .. import _text
from .._json import read_source
from .._shown import show
from .._time import day_start
from ..allegro import (
    EDITIONS,
    AllegroApiWarning,
    AllegroQualityDay,
    Rulebook,
    SellerActivity,
    calibrated_rulebook,
    parse_quality,
    read_api_dir,
    reconcile,
    rulebook_for,
    sales_quality,
)
from ..allegro._api import QUALITY_FILE
from ..exceptions import LoadError, PathProblem
from ._common import (
    activity_from_args,
    add_format_argument,
    add_output_argument,
    file_source,
)

__all__ = [
    "QUALITY_FILE",
    "activity_from_args_or_api",
    "add_from_api_argument",
    "add_parsers",
]

RECONCILE_SCHEMA: Final = "sellerquality.reconcile/1"


def _reporting(run: Callable[[], Any]) -> Any:
    """Run ``run``, printing each AllegroApiWarning it issues as one line on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AllegroApiWarning)
        result = run()
    for item in caught:
        if isinstance(item.message, AllegroApiWarning):
            print(f"sellerquality: warning: {item.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return result


def add_from_api_argument(container: argparse._ActionsContainer) -> None:
    """Add ``--from-api DIR`` to a parser or to its ``[FILE | --example]`` group."""
    container.add_argument(
        "--from-api",
        metavar="DIR",
        help="a folder of saved Allegro REST API bodies (see the docs for its layout)",
    )


def activity_from_args_or_api(args: argparse.Namespace) -> SellerActivity:
    """The activity of ``--from-api DIR`` when given, else of ``FILE`` or ``--example``."""
    folder: str | None = getattr(args, "from_api", None)
    if folder is None:
        return activity_from_args(args)
    activity: SellerActivity = _reporting(lambda: read_api_dir(folder))
    return activity


def _read_quality(source: str | Path) -> tuple[tuple[AllegroQualityDay, ...], str]:
    """The days of a saved ``/sale/quality`` body, and the name of the file (or ``<stdin>``)."""
    body, label = read_source(source)
    label = label or str(source)
    try:
        days: tuple[AllegroQualityDay, ...] = _reporting(lambda: parse_quality(body))
    except LoadError as exc:
        raise LoadError(exc.problems, source=label) from None
    if not days:
        raise LoadError([PathProblem("$.quality", "holds no day")], source=label)
    return days, label


def _pick(days: tuple[AllegroQualityDay, ...], text: str | None, source: str) -> AllegroQualityDay:
    if text is None:
        return days[-1]
    try:
        wanted = date.fromisoformat(text)
    except ValueError:
        raise LoadError(
            [PathProblem("--day", f"{show(text)} is not a date (YYYY-MM-DD)")]
        ) from None
    for day in days:
        if day.result_for == wanted:
            return day
    have = ", ".join(str(day.result_for) for day in days)
    raise LoadError(
        [PathProblem("--day", f"{wanted} is not in the file (it has {have})")], source=source
    )


def _difference_json(difference: Any) -> dict[str, Any]:
    return {
        "kind": difference.kind,
        "subject": difference.subject,
        "ours": difference.ours,
        "allegro": difference.allegro,
        "delta": difference.delta,
        "text": difference.text,
    }


def _reconcile(args: argparse.Namespace) -> int:
    folder = Path(args.from_api)
    quality = file_source(args.quality) if args.quality is not None else folder / QUALITY_FILE
    days, label = _read_quality(quality)
    day = _pick(days, args.day, label)
    rulebook: Rulebook = (
        rulebook_for(day.result_for)
        if args.edition is None
        else next(book for book in EDITIONS if book.edition == args.edition)
    )
    if args.calibrate:
        rulebook = calibrated_rulebook(days, rulebook)
    activity: SellerActivity = _reporting(lambda: read_api_dir(folder))
    as_of = day_start(day.result_for + timedelta(days=1))
    report = sales_quality(activity, as_of=as_of, rulebook=rulebook)
    differences = reconcile(report, day)
    grade = day.grade if isinstance(day.grade, str) else day.grade.value
    if args.format == "json":
        document = {
            "schema": RECONCILE_SCHEMA,
            "day": day.result_for.isoformat(),
            "as_of": as_of.isoformat(),
            "edition": report.edition,
            "allegro": {"grade": grade, "score": day.score, "max_score": day.max_score},
            "ours": {
                "grade": report.grade.value,
                "score": report.score,
                "max_score": report.max_score,
            },
            "differences": [_difference_json(item) for item in differences],
        }
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    lines = [
        f"Allegro's result for {day.result_for}: {grade}, {day.score} of {day.max_score} points",
        (
            f"ours (edition {report.edition}, as of {as_of.isoformat()}): "
            f"{report.grade.value}, {report.score} of {report.max_score} points"
        ),
    ]
    if differences:
        lines.append(f"{_text.plural(len(differences), 'difference')}:")
        lines += [f"  {item.text}" for item in differences]
    else:
        lines.append("no differences")
    print("\n".join(lines))
    return 0


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``reconcile`` to the command line."""
    command = commands.add_parser(
        "reconcile", help="compare our sales-quality report with Allegro's own /sale/quality"
    )
    command.add_argument(
        "--from-api",
        required=True,
        metavar="DIR",
        help="a folder of saved Allegro REST API bodies (see the docs for its layout)",
    )
    command.add_argument(
        "--quality",
        metavar="FILE",
        help=f"the saved GET /sale/quality body; - reads standard input (default: "
        f"DIR/{QUALITY_FILE})",
    )
    command.add_argument(
        "--day", metavar="DATE", help="the day to compare, YYYY-MM-DD (default: the latest)"
    )
    command.add_argument(
        "--edition",
        choices=[book.edition for book in EDITIONS],
        help="rulebook edition (default: the edition in force on the day)",
    )
    command.add_argument(
        "--calibrate",
        action="store_true",
        help="take each metric's maximum points from Allegro's figures first",
    )
    add_format_argument(command, "text", "json")
    add_output_argument(command)
    command.set_defaults(func=_reconcile)
