"""The ``validate`` command: check a seller activity file and say what it holds, or every problem.

The file is read leniently (:func:`sellerquality.load` with ``strict=False``),
so that every problem is listed with its JSON path, not only the first.
"""

from __future__ import annotations

import argparse
import sys

from ..allegro._model import SellerActivity
from ..exceptions import LoadError, PathProblem
from ._common import (
    add_format_argument,
    add_output_argument,
    add_source_arguments,
    lenient_activity_from_args,
    print_json,
    source_label,
)

__all__ = ["add_parser"]


def _summary(activity: SellerActivity) -> dict[str, object]:
    times = [
        moment
        for moment in (
            *(offer.listed_at for offer in activity.offers),
            *(order.bought_at for order in activity.orders),
            *(dispute.opened_at for dispute in activity.disputes),
            *(rating.created_at for rating in activity.ratings),
            *(message.received_at for message in activity.messages),
            *(violation.at for violation in activity.violations),
        )
        if moment is not None
    ]
    return {
        "records": {
            "offers": len(activity.offers),
            "orders": len(activity.orders),
            "disputes": len(activity.disputes),
            "ratings": len(activity.ratings),
            "messages": len(activity.messages),
            "violations": len(activity.violations),
        },
        "first": min(times).isoformat() if times else None,
        "last": max(times).isoformat() if times else None,
        "currency": activity.currency,
        "business_account": activity.account.business,
    }


def _one_line(text: str) -> str:
    # A reason quoting raw text may hold line breaks: one problem, one line.
    return " ".join(text.splitlines())


def _problems(args: argparse.Namespace) -> tuple[SellerActivity | None, list[PathProblem], str]:
    """The activity as far as it reads, every problem, and the name of the input."""
    label = "the bundled example" if args.example else source_label(args.file)
    try:
        activity, rejected = lenient_activity_from_args(args)
    except LoadError as exc:
        # The document as a whole cannot be read (not JSON, not an object, ...).
        return None, list(exc.problems), exc.source or label
    return activity, [problem for item in rejected for problem in item.problems], label


def _validate(args: argparse.Namespace) -> int:
    activity, problems, label = _problems(args)
    if problems or activity is None:
        if args.format == "json":
            print_json(
                {
                    "valid": False,
                    "problems": [{"path": p.path, "reason": _one_line(p.reason)} for p in problems],
                }
            )
        else:
            count = len(problems)
            print(f"{label}: not valid, {count} problem{'s' if count != 1 else ''}")
            for problem in problems:
                print(f"  {problem.path}: {_one_line(problem.reason)}")
        # Like every command's bad input: one line on stderr, and exit code 2.
        print(f"sellerquality: {LoadError(problems, source=label).first_line}", file=sys.stderr)
        return 2
    summary = {"valid": True, "problems": [], **_summary(activity)}
    if args.format == "json":
        print_json(summary)
        return 0
    records = summary["records"]
    assert isinstance(records, dict)
    print(f"{label}: valid")
    for kind, count in records.items():
        print(f"  {kind:<11}{count:>8,}")
    print(f"  span       {summary['first']} .. {summary['last']}")
    print(f"  currency   {summary['currency'] or '(no orders)'}")
    print(f"  business   {'yes' if summary['business_account'] else 'no'}")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate`` to the command line."""
    validate = commands.add_parser(
        "validate",
        help="check a seller activity file and say what it holds, or every problem in it",
        description="Read FILE (- for standard input) or the bundled example and say what "
        "it holds: records per kind, the span of their instants, the currency and the "
        "account type. When it is not valid, list every problem with its JSON path "
        "(such as $.orders[3].bought_at) and exit with code 2.",
    )
    add_source_arguments(validate)
    add_format_argument(validate, "text", "json")
    add_output_argument(validate)
    validate.set_defaults(func=_validate)
