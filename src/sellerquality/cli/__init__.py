"""The ``sellerquality`` command line: one module per command group.

The command line imports the library; the library never imports it.

Conventions, the same for every command (``docs/cli.md`` shows them):

- ``-`` as FILE reads standard input; messages call it ``<stdin>``.
- ``-o/--output FILE`` writes the result to FILE (UTF-8, ending with a
  newline) instead of standard output, on every command that prints one.
- ``--as-of`` without a UTC offset is a wall-clock time in the rules' zone
  (Europe/Warsaw for Allegro, SQ-2); a date alone is its midnight.

Exit codes: 0 success; 1 ``programmes --check`` found a programme the seller
is not eligible for (also: ``fetch`` stopped, or the reader of the output went
away); 2 bad input or usage, with one line on stderr naming the file and the
JSON path of the first problem.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from .._i18n import LANGUAGES, default_language, language
from .._json import STDIN
from ..exceptions import LoadError, SellerQualityError
from ._aliexpress import add_parser as add_aliexpress_parser
from ._batch import add_parser as add_batch_parser
from ._common import source_label
from ._diff import add_parser as add_diff_parser
from ._fetch import add_parser as add_fetch_parser
from ._lifecycle import add_parser as add_deadlines_parser
from ._programs import add_parser as add_programmes_parser
from ._reconcile import add_parsers as add_api_parsers
from ._report import add_parsers as add_report_parsers
from ._validate import add_parser as add_validate_parser

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]

# The commands whose pages are written in Polish as well as English (--lang);
# the others (validate, fetch, api, batch, aliexpress) write English.
_TRANSLATED = ("report", "history", "diff", "programmes", "deadlines")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="sellerquality",
        description="How marketplaces judge their sellers, computed from raw records.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"sellerquality {__version__}",
        help="print 'sellerquality' and its version, and exit",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add_validate_parser(commands)

    add_report_parsers(commands)
    add_diff_parser(commands)
    add_batch_parser(commands)
    add_programmes_parser(commands)
    add_api_parsers(commands)
    add_fetch_parser(commands)
    add_deadlines_parser(commands)
    add_aliexpress_parser(commands)
    for name in _TRANSLATED:
        commands.choices[name].add_argument(
            "--lang",
            choices=LANGUAGES,
            default=None,
            help="the language of the page: en or pl (default: from LC_ALL, LC_MESSAGES "
            "or LANG, e.g. LANG=pl_PL.UTF-8; else en); error messages stay in English",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Returns:
        0 on success; 1 when ``programmes --check`` finds a programme the
        seller is not eligible for; 2 on bad input or a usage error, after
        one line on standard error naming the file and the problem.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        # --help, --version and usage errors: argparse has printed what it had to.
        return exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 2
    handler: Handler = args.func
    output: str | None = getattr(args, "output", None)
    try:
        lang = (args.lang or default_language()) if args.command in _TRANSLATED else "en"
        with language(lang):
            if output is None or output == STDIN:
                return handler(args)
            return _run_into(handler, args, output)
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
        file: str | None = getattr(args, "file", None)
        where = source_label(file) if file else getattr(args, "from_api", None)
        prefix = f"{where}: " if where else ""
        first = " ".join(str(exc).splitlines()[:1]) or type(exc).__name__
        print(f"sellerquality: {prefix}{first}", file=sys.stderr)
        return 2


def _run_into(handler: Handler, args: argparse.Namespace, output: str) -> int:
    """Run ``handler`` and write what it prints to the file ``output``; 2 if it cannot."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = handler(args)
    text = printed.getvalue()
    if text and not text.endswith("\n"):
        text += "\n"
    try:
        # newline="": the bytes are what standard output would have had, on every platform.
        with open(output, "w", encoding="utf-8", newline="") as file:  # noqa: PTH123
            file.write(text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(f"sellerquality: {output}: cannot write the output: {reason}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
