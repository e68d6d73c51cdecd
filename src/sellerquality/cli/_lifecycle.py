"""The ``deadlines`` subcommand: the seller's to-do list at an instant."""

from __future__ import annotations

import argparse
import sys
from datetime import tzinfo

from .._i18n import gettext as _
from .._i18n import ngettext
from .._text import count
from ..allegro import Deadline, DeadlineKind, deadlines
from ._common import (
    activity_from_args,
    add_as_of_argument,
    add_edition_argument,
    add_format_argument,
    add_output_argument,
    add_source_arguments,
    as_of_from_args,
    print_json,
    rulebook_from_args,
)

__all__ = ["add_parser"]

# A seller with many orders has one RATING_WINDOW entry for each order not yet
# rated; the text shows the ones closing soonest and counts the rest, so that
# they do not bury the other entries. JSON lists them all.
RATING_WINDOWS_SHOWN = 10


def _text(entry: Deadline, zone: tzinfo) -> str:
    overdue = _("OVERDUE")
    mark = f"{overdue} " if entry.overdue else " " * (len(overdue) + 1)
    due = entry.due.astimezone(zone).isoformat()
    protects = _("protects: {what} ({rule})").format(
        what=", ".join(entry.protects), rule=entry.rule
    )
    return (
        f"{mark}{due}  {entry.kind.name:<16} {entry.record_id}\n"
        f"          {entry.action}\n"
        f"          {protects}"
    )


def _handler(args: argparse.Namespace) -> int:
    activity = activity_from_args(args)
    as_of = as_of_from_args(args)
    rulebook = rulebook_from_args(args, as_of)
    entries = deadlines(activity, as_of=as_of, rulebook=rulebook)
    if args.format == "json":
        print_json({"as_of": as_of, "edition": rulebook.label, "deadlines": list(entries)})
        return 0
    overdue = sum(1 for entry in entries if entry.overdue)
    header = _("Deadlines at {as_of} (edition {edition}): {open} open, {overdue} overdue").format(
        as_of=as_of.isoformat(),
        edition=rulebook.label,
        open=count(len(entries)),
        overdue=count(overdue),
    )
    lines = [header]
    windows = 0
    hidden: list[Deadline] = []
    for entry in entries:
        if entry.kind is DeadlineKind.RATING_WINDOW:
            windows += 1
            if windows > RATING_WINDOWS_SHOWN:
                hidden.append(entry)
                continue
        lines.append(_text(entry, rulebook.zone))
    if hidden:
        last = hidden[-1].due.astimezone(rulebook.zone).isoformat()
        lines.append(
            ngettext(
                "... and {n} more RATING_WINDOW entry: orders not yet rated whose buyers may "
                "rate them until {last} at the latest (--format json lists them all)",
                "... and {n} more RATING_WINDOW entries: orders not yet rated whose buyers may "
                "rate them until {last} at the latest (--format json lists them all)",
                len(hidden),
            ).format(n=count(len(hidden)), last=last)
        )
    if not entries:
        lines.append(_("Nothing is due."))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``deadlines [FILE | --example] [--as-of ...] [--edition ...] [--format text|json]``.

    Implements the command-line view of :func:`~sellerquality.allegro.deadlines`
    (DI-3…DI-5, SQ-B5, SQ-D2, RA-1 and, from Allegro's Terms and Conditions of
    2024-04-15, the rating limit and the cap on unresolved discussions): every
    open entry, overdue first, with its due instant in Europe/Warsaw time, what
    to do and what it protects. Without ``--edition`` the edition in force on
    the Warsaw day of ``--as-of`` applies, and the output names it.
    """
    parser = subparsers.add_parser(
        "deadlines",
        help="list what the seller must do, and by when (overdue first)",
        description="The seller's to-do list at an instant: disputes and messages awaiting "
        "a reply (DI-3, SQ-B5), orders awaiting a tracking number (SQ-D2), negative ratings "
        "still open to change (RA-1), ongoing disputes until they expire (DI-5) and, under "
        "Allegro's Terms and Conditions of 2024-04-15, orders whose buyer may still rate "
        "them and the margin left under the cap on unresolved discussions (DI-4).",
    )
    add_source_arguments(parser)
    add_as_of_argument(parser)
    add_edition_argument(parser)
    add_format_argument(parser, "text", "json")
    add_output_argument(parser)
    parser.set_defaults(func=_handler)
