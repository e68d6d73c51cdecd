"""The ``programmes`` command, and the programmes section of ``report``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Collection
from datetime import datetime
from typing import Any, Final

from .._i18n import gettext as _
from .._results import Eligibility
from .._results_json import to_data
from ..allegro._model import SellerActivity
from ..allegro._programs import coins_seller, deal_zone, smart, super_seller
from ..allegro._quality import sales_quality
from ..allegro._rules import Rulebook
from ._common import (
    activity_from_args,
    add_as_of_argument,
    add_edition_argument,
    add_format_argument,
    add_output_argument,
    add_source_arguments,
    as_of_from_args,
    rulebook_from_args,
)

__all__ = ["PROGRAMMES", "add_parser", "programmes", "programmes_json", "programmes_text"]


PROGRAMMES: Final = ("super-seller", "smart", "coins", "deal-zone")
"""The programmes' names on the command line (``--programme``), in the order they are shown."""


def programmes(
    activity: SellerActivity,
    as_of: datetime,
    rulebook: Rulebook,
    names: Collection[str] = PROGRAMMES,
) -> tuple[Eligibility, ...]:
    """The eligibility for each programme in ``names`` at ``as_of``, in :data:`PROGRAMMES` order."""
    results: list[Eligibility] = []
    for name in PROGRAMMES:
        if name not in names:
            continue
        if name == "super-seller":
            results.append(super_seller(activity, as_of=as_of, rulebook=rulebook))
        elif name == "smart":
            results.append(smart(activity, as_of=as_of, rulebook=rulebook))
        elif name == "coins":
            results.append(coins_seller(activity, as_of=as_of, rulebook=rulebook))
        else:
            report = sales_quality(activity, as_of=as_of, rulebook=rulebook)
            results.append(deal_zone(report, rulebook=rulebook))
    return tuple(results)


def programmes_json(results: tuple[Eligibility, ...]) -> list[Any]:
    """The programmes as JSON: each eligibility as :func:`sellerquality.to_json` writes it."""
    result: list[Any] = to_data(results)
    return result


def programmes_text(results: tuple[Eligibility, ...]) -> str:
    """The programmes as text: eligible or not, with failing criteria and their shortfall."""
    lines = [_("Programmes:")]
    for result in results:
        state = _("eligible") if result.eligible else _("not eligible")
        lines.append(
            "  "
            + _("{programme} (edition {edition}): {state}").format(
                programme=_(result.programme), edition=result.edition, state=state
            )
        )
        for c in result.criteria:
            if c.passed is False:
                lines.append(f"    x {c.rule} {c.code}: {c.shortfall}")
            elif c.passed is None:
                decides = _("Allegro decides")
                lines.append(f"    ? {c.rule} {c.code}: {c.description} ({decides})")
    return "\n".join(lines)


def _command(args: argparse.Namespace) -> int:
    activity = activity_from_args(args)
    as_of = as_of_from_args(args)
    results = programmes(
        activity, as_of, rulebook_from_args(args, as_of), args.programme or PROGRAMMES
    )
    if args.format == "json":
        json.dump(programmes_json(results), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(programmes_text(results))
    if args.check and not all(result.eligible for result in results):
        return 1
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``programmes`` to the command line."""
    parser = commands.add_parser(
        "programmes",
        help="Super Seller, Smart!, coins and Deal Zone eligibility",
        description="Eligibility for Allegro's seller programmes, criterion by criterion "
        "(PR-1 to PR-4): each programme, eligible or not, with every "
        "criterion that fails and its shortfall. Criteria Allegro decides by hand never "
        "make a seller ineligible.",
    )
    add_source_arguments(parser)
    add_as_of_argument(parser)
    add_edition_argument(parser)
    parser.add_argument(
        "--programme",
        action="append",
        choices=PROGRAMMES,
        metavar="NAME",
        help=f"show only this programme ({', '.join(PROGRAMMES)}); repeat for more "
        "(default: all four)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with code 1 unless the seller is eligible for every programme shown "
        "(those named by --programme, else all four); the output is the same",
    )
    add_format_argument(parser, "text", "json")
    add_output_argument(parser)
    parser.set_defaults(func=_command)
