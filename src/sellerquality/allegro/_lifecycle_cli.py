"""The ``deadlines`` subcommand: the seller's to-do list at an instant."""

from __future__ import annotations

import argparse
import sys

from .._cli_common import (
    activity_from_args,
    add_as_of_argument,
    add_format_argument,
    add_source_arguments,
    as_of_from_args,
    print_json,
)
from .._time import WARSAW
from ._lifecycle import Deadline, deadlines

__all__ = ["add_parser"]


def _text(entry: Deadline) -> str:
    mark = "OVERDUE " if entry.overdue else "        "
    due = entry.due.astimezone(WARSAW).isoformat()
    return (
        f"{mark}{due}  {entry.kind.name:<15} {entry.record_id}\n"
        f"          {entry.action}\n"
        f"          protects: {', '.join(entry.protects)} ({entry.rule})"
    )


def _handler(args: argparse.Namespace) -> int:
    activity = activity_from_args(args)
    as_of = as_of_from_args(args)
    entries = deadlines(activity, as_of=as_of)
    if args.format == "json":
        print_json({"as_of": as_of, "deadlines": list(entries)})
        return 0
    overdue = sum(1 for entry in entries if entry.overdue)
    lines = [f"Deadlines at {as_of.isoformat()}: {len(entries)} open, {overdue} overdue"]
    lines.extend(_text(entry) for entry in entries)
    if not entries:
        lines.append("Nothing is due.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``deadlines [FILE | --example] [--as-of ...] [--format text|json]`` to ``subparsers``.

    Implements the command-line view of :func:`~sellerquality.allegro.deadlines`
    (DI-3, DI-5, SQ-B5, SQ-D2, RA-1): every open obligation, overdue first,
    with its due instant in Europe/Warsaw time, what to do and what it protects.
    """
    parser = subparsers.add_parser(
        "deadlines",
        help="list what the seller must do, and by when (overdue first)",
        description="The seller's to-do list at an instant: disputes and messages awaiting "
        "a reply, orders awaiting a tracking number, negative ratings still open to change, "
        "and ongoing disputes until they expire.",
    )
    add_source_arguments(parser)
    add_as_of_argument(parser)
    add_format_argument(parser, "text", "json")
    parser.set_defaults(func=_handler)
