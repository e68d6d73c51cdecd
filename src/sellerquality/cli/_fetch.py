"""The ``fetch`` command: a seller's Allegro REST API bodies into a folder (extra ``[allegro]``).

Exit codes: 0 when the fetch finished; 1 when it stopped (Allegro refused the
authorisation, or kept failing: running the same command again goes on where
it stopped); 2 on bad arguments or without the extra; 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from typing import TextIO

from .._text import count, plural
from ..allegro import AllegroClient, FetchError, FetchSummary, MissingExtraError, fetch
from ..allegro._api import INSTALL_HINT, MANIFEST

__all__ = ["add_parser", "summary_text"]


class _Progress:
    """One line on a terminal, rewritten as the run goes on."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, line: str) -> None:
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def summary_text(summary: FetchSummary, folder: str) -> str:
    """The summary at the end of a run: bodies, files written, skips and why, retries, time."""
    fetched = sum(summary.bodies.values())
    seconds = summary.elapsed.total_seconds()
    head = (
        f"fetched {plural(fetched, 'body', 'bodies')} in {seconds:.1f} s "
        f"({plural(summary.requests, 'request')}, {count(summary.retries)} retried): "
        f"{plural(summary.written, 'file')} written, {count(summary.unchanged)} unchanged"
    )
    lines = [head]
    if summary.bodies:
        lines.append(
            "  " + ", ".join(f"{entry} {count(number)}" for entry, number in summary.bodies.items())
        )
    if summary.skipped:
        lines.append(
            f"skipped {count(len(summary.skipped))} (recorded in {os.path.join(folder, MANIFEST)}):"  # noqa: PTH118
        )
        lines += [f"  {item.path}: {item.status} {item.reason}" for item in summary.skipped]
    return "\n".join(lines)


def _fetch(args: argparse.Namespace) -> int:
    since: date | None = None
    if args.since is not None:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            print(
                f"sellerquality: --since {args.since!r} is not a date (YYYY-MM-DD)", file=sys.stderr
            )
            return 2
    client = AllegroClient(
        client_id=args.client_id or os.environ.get("ALLEGRO_CLIENT_ID") or None,
        client_secret=args.client_secret or os.environ.get("ALLEGRO_CLIENT_SECRET") or None,
        token=args.token,
        token_file=args.token_file,
        sandbox=args.sandbox,
        api_url=args.api_url,
        auth_url=args.auth_url,
    )
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        summary = fetch(
            args.out,
            client=client,
            since=since,
            legacy_disputes=args.legacy_disputes,
            progress=progress,
        )
    except MissingExtraError:
        print(f"sellerquality: fetch needs the optional extra: {INSTALL_HINT}", file=sys.stderr)
        return 2
    except FetchError as exc:
        if progress is not None:
            progress.done()
        if exc.summary is not None:
            print(summary_text(exc.summary, args.out))
        print(
            f"sellerquality: fetch stopped: {exc}; run the same command again to go on",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        if progress is not None:
            progress.done()
        print(
            "sellerquality: fetch interrupted; run the same command again to go on",
            file=sys.stderr,
        )
        return 130
    if progress is not None:
        progress.done()
    print(summary_text(summary, args.out))
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``fetch`` to the command line."""
    command = commands.add_parser(
        "fetch",
        help="save a seller's Allegro REST API bodies into a folder, fetching only what changed",
        description=(
            "Fetch every body 'report --from-api DIR' reads from Allegro's REST API into DIR, "
            "authorising with the OAuth device flow (a link and a code to confirm on Allegro). "
            "A second run fetches only new or changed orders, ratings, disputes and messages; "
            "an interrupted run goes on where it stopped. Needs the extra: "
            f"{INSTALL_HINT}."
        ),
    )
    command.add_argument(
        "--out", required=True, metavar="DIR", help="the folder to fetch into (made if missing)"
    )
    command.add_argument(
        "--since",
        metavar="DATE",
        help=(
            "first day of orders and ratings to fetch, YYYY-MM-DD (default: the folder's, or "
            "12 months back on a first run: Super Seller's look-back, PR-1.2)"
        ),
    )
    command.add_argument(
        "--sandbox", action="store_true", help="use Allegro's sandbox instead of production"
    )
    command.add_argument(
        "--client-id",
        metavar="ID",
        help="the application's client id (default: $ALLEGRO_CLIENT_ID)",
    )
    command.add_argument(
        "--client-secret",
        metavar="SECRET",
        help="the application's client secret (default: $ALLEGRO_CLIENT_SECRET)",
    )
    command.add_argument(
        "--token",
        metavar="TOKEN",
        help="an access token you already have (used as is, never saved or refreshed)",
    )
    command.add_argument(
        "--token-file",
        metavar="PATH",
        help=(
            "where the device flow's tokens are kept, readable only by you (default: "
            "sellerquality/allegro-token.json under $XDG_CONFIG_HOME or ~/.config)"
        ),
    )
    command.add_argument(
        "--api-url", metavar="URL", help="the REST API's base URL (default: Allegro's)"
    )
    command.add_argument(
        "--auth-url", metavar="URL", help="the OAuth server's base URL (default: Allegro's)"
    )
    command.add_argument(
        "--legacy-disputes",
        action="store_true",
        help="also fetch the legacy GET /sale/disputes (replaced by /sale/issues)",
    )
    command.set_defaults(func=_fetch)
