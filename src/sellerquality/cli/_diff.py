"""The ``diff`` command: why the daily result changed between two days (SQ-2, SQ-3)."""

from __future__ import annotations

import argparse
import json
import sys

from .._i18n import gettext as _
from .._i18n import ngettext
from .._results_json import to_data
from .._text import count
from .._time import WARSAW, day_start
from ..allegro import QualityChange, explain_change
from ._common import (
    activity_from_args,
    add_edition_argument,
    add_format_argument,
    add_output_argument,
    add_source_arguments,
    day_argument,
    rulebook_from_args,
)

__all__ = ["add_parser", "change_text"]


def _signed(points: int) -> str:
    return f"{points:+d}"


def change_text(change: QualityChange) -> str:
    """The change as text: the grade and score, then each metric with every record that moved it."""
    before, after = change.before, change.after
    lines = [
        _(
            "{before} -> {after}: grade {grade_before} -> {grade_after}, "
            "score {score_before} -> {score_after} ({change})"
        ).format(
            before=before.day,
            after=after.day,
            grade_before=before.grade.value,
            grade_after=after.grade.value,
            score_before=before.score,
            score_after=after.score,
            change=_signed(change.score),
        ),
    ]
    if not change.metrics:
        lines.append(_("No metric changed its outcome or points."))
    for metric in change.metrics:
        lines += [
            "",
            (
                f"{metric.code} ({metric.rule}): {metric.before.outcome.value} "
                f"{metric.before.points} -> {metric.after.outcome.value} {metric.after.points} "
                f"({_signed(metric.points)})"
            ),
            "  " + _("before: {explanation}").format(explanation=metric.before.explanation),
            "  " + _("after:  {explanation}").format(explanation=metric.after.explanation),
            "  "
            + ngettext("{n} record moved it:", "{n} records moved it:", len(metric.moves)).format(
                n=count(len(metric.moves))
            ),
        ]
        for move in metric.moves:
            at = move.at.astimezone(WARSAW).isoformat() if move.at else "-"
            lines.append(f"    {move.move.value:<8} {move.kind:<10} {move.record_id:<16} {at}")
    return "\n".join(lines)


def _diff(args: argparse.Namespace) -> int:
    activity = activity_from_args(args)
    before = day_argument(args.from_day, "--from")
    after = day_argument(args.to_day, "--to")
    rulebook = rulebook_from_args(args, day_start(after))
    change = explain_change(activity, before=before, after=after, rulebook=rulebook)
    if args.format == "json":
        json.dump(to_data(change), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(change_text(change) + "\n")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``diff [FILE | --example] --from DAY --to DAY`` (SQ-2, SQ-3)."""
    parser = commands.add_parser(
        "diff",
        help="why the grade or score changed between two days, record by record",
        description="Compare the daily results of two Warsaw days (SQ-2): each metric whose "
        "outcome or points changed, with every record that entered or left its window or "
        "changed in between (not capped), and the grade and score change they add up to. "
        "Without --edition the edition in force on the --to day applies to both days.",
    )
    add_source_arguments(parser)
    parser.add_argument(
        "--from", dest="from_day", required=True, metavar="DAY", help="the earlier day, YYYY-MM-DD"
    )
    parser.add_argument(
        "--to", dest="to_day", required=True, metavar="DAY", help="the later day, YYYY-MM-DD"
    )
    add_edition_argument(parser)
    add_format_argument(parser, "text", "json")
    add_output_argument(parser)
    parser.set_defaults(func=_diff)
