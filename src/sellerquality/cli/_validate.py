"""The ``validate`` command: check a seller activity file and say what it holds."""

from __future__ import annotations

import argparse

from ..allegro._model import SellerActivity
from ._common import activity_from_args, add_format_argument, add_source_arguments, print_json

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


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate`` to the command line."""
    validate = commands.add_parser(
        "validate", help="check a seller activity file and say what it holds"
    )
    add_source_arguments(validate)
    add_format_argument(validate, "text", "json")
    validate.set_defaults(func=_validate)
