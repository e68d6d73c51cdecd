"""The ``sellerquality`` command line: one module per command group.

The command line imports the library; the library never imports it.

Exit codes: 0 on success; 2 on bad input, with one line on stderr naming the
file and the JSON path of the first problem.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from ..exceptions import LoadError, SellerQualityError
from ._aliexpress import add_parser as add_aliexpress_parser
from ._fetch import add_parser as add_fetch_parser
from ._lifecycle import add_parser as add_deadlines_parser
from ._programs import add_parser as add_programmes_parser
from ._reconcile import add_parsers as add_api_parsers
from ._report import add_parsers as add_report_parsers
from ._validate import add_parser as add_validate_parser

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="sellerquality",
        description="How marketplaces judge their sellers, computed from raw records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add_validate_parser(commands)

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
