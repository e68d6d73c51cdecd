"""Argument helpers shared by the command-line subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .._json import load
from .._money import Money
from .._results import Value
from .._serde import CONVERTER, format_duration
from .._shown import show
from .._time import SUPPORTED_YEARS, WARSAW, local_day, require_aware
from ..allegro._editions import EDITIONS, rulebook_for
from ..allegro._model import SellerActivity
from ..allegro._rules import Rulebook
from ..examples import AS_OF as EXAMPLE_AS_OF
from ..examples import example_path
from ..exceptions import InvalidValueError, LoadError, PathProblem

__all__ = [
    "activity_from_args",
    "add_as_of_argument",
    "add_edition_argument",
    "add_format_argument",
    "add_source_arguments",
    "as_of_from_args",
    "day_argument",
    "json_value",
    "print_json",
    "rulebook_from_args",
]


def add_source_arguments(parser: argparse.ArgumentParser) -> argparse._MutuallyExclusiveGroup:
    """Add ``[FILE | --example]`` to ``parser``; return the group for more sources."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("file", nargs="?", help="a seller activity in sellerquality's JSON format")
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


def add_as_of_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of``."""
    parser.add_argument(
        "--as-of",
        metavar="ISO-DATETIME",
        help="the instant to evaluate at, ISO 8601 with an offset, or a date meaning its "
        "Warsaw midnight (default: the example's date with --example, else now)",
    )


def activity_from_args(args: argparse.Namespace) -> SellerActivity:
    """Load the activity named by ``FILE`` or ``--example``."""
    if args.example:
        return load(example_path())
    return load(args.file)


def as_of_from_args(args: argparse.Namespace) -> datetime:
    """Read ``--as-of``; without it, the example's date (with ``--example``) or now."""
    text: str | None = args.as_of
    if text is None:
        return EXAMPLE_AS_OF if getattr(args, "example", False) else datetime.now(WARSAW)
    try:
        value = datetime.fromisoformat(text)
        if len(text) == len("2022-03-01"):
            value = value.replace(tzinfo=WARSAW)
    except ValueError:
        raise LoadError(
            [PathProblem("--as-of", f"{show(text)} is not an ISO 8601 date or date-time")]
        ) from None
    try:
        # Aware, and within the supported years (1900 to 2999).
        return require_aware(value, field="--as-of")
    except InvalidValueError as exc:
        raise LoadError([PathProblem("--as-of", f"{show(text)} {exc.reason}")]) from None


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


def json_value(value: Value | str) -> Any:
    """An exact JSON rendering: fractions as "n/d", durations ISO 8601, money as an object."""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal):
        return str(value)
    return value


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON, unstructured with the library converter."""
    json.dump(CONVERTER.unstructure(value), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
