"""The ``sellerquality`` command line.

Exit codes: 0 on success; 2 on bad input, with one line on stderr naming the
file and the JSON path of the first problem.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from ..allegro._model import SellerActivity
from ..exceptions import LoadError, SellerQualityError
from ._aliexpress import add_parser as add_aliexpress_parser
from ._common import activity_from_args, add_format_argument, add_source_arguments, print_json
from ._fetch import add_parser as add_fetch_parser
from ._lifecycle import add_parser as add_deadlines_parser
from ._programs import add_parser as add_programmes_parser
from ._reconcile import add_parsers as add_api_parsers
from ._report import add_parsers as add_report_parsers

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


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


def _validate(args: argparse.Namespace) -> int:
    summary = _summary(activity_from_args(args))
    if args.format == "json":
        print_json(summary)
        return 0
    records = summary["records"]
    assert isinstance(records, dict)
    source = "the bundled example" if args.example else args.file
    print(f"{source}: valid")
    for kind, count in records.items():
        print(f"  {kind:<11}{count:>8,}")
    print(f"  span       {summary['first']} .. {summary['last']}")
    print(f"  currency   {summary['currency'] or '(no orders)'}")
    print(f"  business   {'yes' if summary['business_account'] else 'no'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="sellerquality",
        description="How marketplaces judge their sellers, computed from raw records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check a seller activity file and say what it holds"
    )
    add_source_arguments(validate)
    add_format_argument(validate, "text", "json")
    validate.set_defaults(func=_validate)

    add_report_parsers(commands)
    add_programmes_parser(commands)
    add_api_parsers(commands)
    add_fetch_parser(commands)
    add_deadlines_parser(commands)
    add_aliexpress_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.func
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Python's docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except LoadError as exc:
        print(f"sellerquality: {exc.first_line}", file=sys.stderr)
        return 2
    except SellerQualityError as exc:
        # The input named on the command line: FILE, or the folder of --from-api.
        where = getattr(args, "file", None) or getattr(args, "from_api", None)
        prefix = f"{where}: " if where else ""
        first = " ".join(str(exc).splitlines()[:1]) or type(exc).__name__
        print(f"sellerquality: {prefix}{first}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
