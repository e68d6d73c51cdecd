"""Argument helpers shared by the command-line subcommands, and the conventions they keep.

Every command that reads a file takes ``-`` for standard input; every command
that prints a result takes ``-o/--output FILE``; every ``--as-of`` reads a
time without an offset on the wall clock of the rules' zone (Europe/Warsaw
for Allegro, SQ-2). The exit codes are in :mod:`sellerquality.cli`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Final

from .._json import STDIN, Rejected, load
from .._serde import CONVERTER
from .._shown import show
from .._time import SUPPORTED_YEARS, WARSAW, day_start, local_day, require_aware
from ..allegro._editions import EDITIONS, rulebook_for
from ..allegro._model import SellerActivity
from ..allegro._rules import Rulebook
from ..examples import AS_OF as EXAMPLE_AS_OF
from ..examples import example_path
from ..exceptions import InvalidValueError, LoadError, PathProblem

__all__ = [
    "STDIN_LABEL",
    "activity_from_args",
    "add_as_of_argument",
    "add_edition_argument",
    "add_format_argument",
    "add_output_argument",
    "add_source_arguments",
    "as_of_from_args",
    "as_of_help",
    "day_argument",
    "file_source",
    "instant_argument",
    "lenient_activity_from_args",
    "print_json",
    "rulebook_from_args",
    "source_label",
]

STDIN_LABEL: Final = "<stdin>"
"""How messages name standard input, read when a FILE argument is ``-``."""


def file_source(text: str) -> str | Path:
    """What to hand a loader for the FILE argument ``text``: ``"-"`` (standard input) or a path.

    A path stays a path even when it starts with ``{``: on the command line,
    FILE is never JSON text.
    """
    return STDIN if text == STDIN else Path(text)


def source_label(text: str) -> str:
    """How messages name the FILE argument ``text``: ``<stdin>`` for ``-``, else the path."""
    return STDIN_LABEL if text == STDIN else text


def add_source_arguments(parser: argparse.ArgumentParser) -> argparse._MutuallyExclusiveGroup:
    """Add ``[FILE | --example]`` to ``parser``; return the group for more sources."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a seller activity in sellerquality's JSON format; - reads standard input",
    )
    group.add_argument(
        "--example", action="store_true", help="use the bundled example seller instead of a file"
    )
    return group


def add_format_argument(parser: argparse.ArgumentParser, *choices: str) -> None:
    """Add ``--format`` with ``choices`` (default: the first)."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default {choices[0]})",
    )


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE``: the result goes to ``FILE`` instead of standard output."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the result to FILE (UTF-8, ending with a newline) instead of standard "
        "output, once the command has run; nothing is written on bad input. - is standard output",
    )


def as_of_help(zone: str, skipped: str, repeated: str) -> str:
    """The help of an ``--as-of`` read in ``zone``, with a skipped and a repeated wall time."""
    return (
        f"ISO 8601 with a UTC offset (2026-11-30T12:00+01:00), or without one: then a "
        f"{zone} wall-clock time (2026-11-30T12:00), and a date alone (2026-11-30) its "
        f"midnight there. A time the spring clock change skips ({skipped}) is refused; "
        f"one the autumn change repeats ({repeated}) is the first of the two, in summer time"
    )


def add_as_of_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of``: an instant, or a Europe/Warsaw wall time (SQ-2)."""
    parser.add_argument(
        "--as-of",
        metavar="ISO-DATETIME",
        help="the instant to evaluate at: "
        + as_of_help("Europe/Warsaw", "2026-03-29T02:30", "2026-10-25T02:30")
        + " (default: the example's 2026-11-01 with --example, else now)",
    )


def activity_from_args(args: argparse.Namespace) -> SellerActivity:
    """Load the activity named by ``FILE`` (``-``: standard input) or ``--example``."""
    if args.example:
        return load(example_path())
    return load(file_source(args.file))


def lenient_activity_from_args(
    args: argparse.Namespace,
) -> tuple[SellerActivity, tuple[Rejected, ...]]:
    """Load ``FILE`` or ``--example`` leniently: what can be read, and every rejected item.

    Raises:
        LoadError: The document cannot be read as a whole (not a file, not
            UTF-8, not JSON, not an object); its problems are listed.
    """
    if args.example:
        return load(example_path(), strict=False)
    return load(file_source(args.file), strict=False)


def instant_argument(text: str, zone: tzinfo, option: str = "--as-of") -> datetime:
    """Read the instant ``text`` of ``option``; a time without an offset is ``zone``'s wall time.

    A date alone is the midnight that starts it in ``zone``. A wall time that
    the spring clock change skips does not exist and is refused; one that the
    autumn change repeats is the earlier of its two instants (``fold=0``).

    Raises:
        LoadError: At ``option``: not ISO 8601, a wall time that does not
            exist in ``zone``, or outside the years 1900 to 2999.
    """
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise LoadError(
            [PathProblem(option, f"{show(text)} is not an ISO 8601 date or date-time")]
        ) from None
    naive = value.tzinfo is None
    try:
        # Within the supported years (1900 to 2999) before any zone arithmetic.
        require_aware(value.replace(tzinfo=zone) if naive else value, field=option)
    except InvalidValueError as exc:
        raise LoadError([PathProblem(option, f"{show(text)} {exc.reason}")]) from None
    if not naive:
        return value
    if _is_date(text):
        return day_start(value.date(), zone)
    wall = value.replace(tzinfo=zone)
    if wall.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        start, end = _skipped(value, zone)
        reason = (
            f"{show(text)} is not a time in {zone}: the clocks go forward from {start} to "
            f"{end} that night and skip it; give a time outside the gap, or an offset"
        )
        raise LoadError([PathProblem(option, reason)])
    return wall


def _skipped(wall: datetime, zone: tzinfo) -> tuple[str, str]:
    """The wall times (``"02:00"``, ``"03:00"``) between which ``zone``'s clocks skip ``wall``.

    zoneinfo does not list its transitions, so the instant of the change is
    found by halving the span of instants it lies in, to the second.
    """
    before = wall.replace(tzinfo=zone, fold=0).utcoffset()
    after = wall.replace(tzinfo=zone, fold=1).utcoffset()
    assert before is not None
    assert after is not None
    low, high = wall - after, wall - before  # in UTC: the old offset at low, the new at high
    while high - low > _SECOND:
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle.replace(tzinfo=UTC).astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    return _clock(high + before), _clock(high + after)


_SECOND: Final = timedelta(seconds=1)


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def as_of_from_args(args: argparse.Namespace) -> datetime:
    """Read ``--as-of`` (a Warsaw wall time without an offset, SQ-2).

    Without it: the example's date with ``--example``, else now.
    """
    text: str | None = args.as_of
    if text is None:
        return EXAMPLE_AS_OF if getattr(args, "example", False) else datetime.now(WARSAW)
    return instant_argument(text, WARSAW)


def day_argument(text: str, option: str) -> date:
    """Read the date ``text`` of ``option`` (``--start``): YYYY-MM-DD in the supported years.

    Raises:
        LoadError: At the option: not a date, or outside the years 1900 to
            2999 (SQ-2: days are counted around it).
    """
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise LoadError([PathProblem(option, f"{show(text)} is not a date (YYYY-MM-DD)")]) from None
    first, last = SUPPORTED_YEARS
    if not first <= day.year <= last:
        reason = (
            f"{show(text)} is outside the supported years {first} to {last}: days are "
            "counted around every day, and near the ends of the calendar (years 1 and "
            "9999) there is no room for that"
        )
        raise LoadError([PathProblem(option, reason)])
    return day


def add_edition_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--edition`` (default: the edition in force on the ``--as-of`` day)."""
    parser.add_argument(
        "--edition",
        choices=[book.edition for book in EDITIONS],
        default=None,
        help="rulebook edition (default: the edition in force on the Warsaw day of --as-of)",
    )


def rulebook_from_args(args: argparse.Namespace, as_of: datetime) -> Rulebook:
    """The rulebook named by ``--edition``, else the one in force at ``as_of``.

    Before the first edition's day the first edition applies: its rules are
    the oldest this library knows.
    """
    name = getattr(args, "edition", None)
    if name is not None:
        return next(book for book in EDITIONS if book.edition == name)
    if local_day(as_of) < EDITIONS[0].effective_from:
        return EDITIONS[0]
    return rulebook_for(as_of)


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON, unstructured with the library converter."""
    json.dump(CONVERTER.unstructure(value), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
