"""The ``sellerquality aliexpress`` command: ``feedback`` and ``price``.

``feedback FILE`` prints the feedback summary and the 1/3/6-month profile
(AE-F1 … AE-F5) of a feedback file; ``price`` prints the retail-price
breakdown (AE-P1, AE-P2). Text output shows rates as percentages with at
most two decimals and averages with two, rounded half up (``_text``); that
is display only, and ``--format json`` gives every rate as an exact
fraction such as ``"5/7"``. ``--as-of`` without an offset is a wall-clock
time in the rulebook's zone (US Pacific time, AE-F5), where AliExpress
counts its months.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Final, overload

from .. import _text
from .._shown import show
from ..aliexpress import (
    RULEBOOK,
    DetailedRating,
    FeedbackProfile,
    FeedbackSummary,
    PriceBreakdown,
    feedback_profile,
    load_feedback,
    price_breakdown,
    shipping_cost,
)
from ..aliexpress._feedback import ASPECTS
from ..exceptions import LoadError, PathProblem
from ._common import (
    add_format_argument,
    add_output_argument,
    as_of_help,
    file_source,
    instant_argument,
    source_label,
)

__all__ = ["add_parser", "run_feedback", "run_price"]

# Bounds on the numbers `price` reads: far beyond any cost, weight or rate, and
# small enough that exact arithmetic on them stays quick and printable.
_LARGEST_DIGITS: Final = 15
_MOST_PLACES: Final = 10


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add the ``aliexpress`` command and its ``feedback`` and ``price`` subcommands.

    Each subcommand sets ``func`` to its handler, which takes the parsed
    arguments, prints to standard output and returns the exit code 0; bad
    input raises a :class:`~sellerquality.exceptions.SellerQualityError`.

    Args:
        subparsers: The main parser's subcommands, from
            :meth:`argparse.ArgumentParser.add_subparsers`.
    """
    parser = subparsers.add_parser(
        "aliexpress",
        help="AliExpress feedback profile and retail prices",
        description="AliExpress rules (AE-F1 … AE-O1): feedback and pricing.",
    )
    commands = parser.add_subparsers(dest="aliexpress_command", metavar="COMMAND", required=True)

    feedback = commands.add_parser(
        "feedback",
        help="feedback summary and 1/3/6-month profile of a feedback file (AE-F1 … AE-F5)",
        description="Print the feedback summary and the 1, 3 and 6-month profile of FILE, "
        'a JSON file {"feedbacks": [...]}. Rates are exact; text output rounds them '
        "to two decimal places, half up, for display.",
    )
    feedback.add_argument(
        "file", metavar="FILE", help="the feedback JSON file; - reads standard input"
    )
    feedback.add_argument(
        "--as-of",
        metavar="ISO-DATETIME",
        help="the evaluation instant: "
        + as_of_help("US Pacific (America/Los_Angeles)", "2024-03-10T02:30", "2024-11-03T01:30")
        + ", the zone AliExpress counts its months in (default: now)",
    )
    add_format_argument(feedback, "text", "json")
    add_output_argument(feedback)
    feedback.set_defaults(func=run_feedback)

    price = commands.add_parser(
        "price",
        help="retail price breakdown (AE-P1, AE-P2)",
        description="Print every step of (cost + shipping + labour) / exchange rate / "
        "(1 - commission) / discount, with shipping = weight × rate per kg and the "
        "8 CNY registration fee above US$5. Numbers are decimals; omitted options take "
        "the rulebook's values.",
    )
    price.add_argument("--cost", required=True, metavar="CNY", help="product cost")
    price.add_argument("--weight-g", required=True, metavar="G", help="packed weight in grams")
    price.add_argument(
        "--rate-per-kg", required=True, metavar="CNY", help="carrier rate per kilogram"
    )
    price.add_argument("--labour", metavar="CNY", help="labour cost (default 1)")
    price.add_argument("--exchange-rate", metavar="CNY", help="CNY per USD (default 6.5)")
    price.add_argument("--commission", metavar="RATE", help="commission (default 0.08)")
    price.add_argument("--discount", metavar="FACTOR", help="discount factor (default 0.8)")
    add_format_argument(price, "text", "json")
    add_output_argument(price)
    price.set_defaults(func=run_price)


# --- feedback ---------------------------------------------------------------------


def _as_of(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    return instant_argument(text, RULEBOOK.zone)


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _percent(value: Fraction | None) -> str:
    return "—" if value is None else _text.percent(value, places=2)


def _decimal_text(value: Fraction | None) -> str:
    return "—" if value is None else _text.decimal(value, 2)


def _detailed_json(rating: DetailedRating | None) -> dict[str, Any] | None:
    if rating is None:
        return None
    return {
        "count": rating.count,
        "total": rating.total,
        "exact": str(rating.exact),
        "rounded": str(rating.rounded),
    }


def _summary_json(summary: FeedbackSummary) -> dict[str, Any]:
    return {
        "months": summary.months,
        "window": {
            "start": summary.window.start.isoformat(),
            "end": summary.window.end.isoformat(),
        },
        "positive": summary.positive,
        "neutral": summary.neutral,
        "negative": summary.negative,
        "counted": summary.counted,
        "positive_rate": _fraction(summary.positive_rate),
        "negative_rate": _fraction(summary.negative_rate),
        "neutral_rate": _fraction(summary.neutral_rate),
        "average_stars": _fraction(summary.average_stars),
        "detailed": {aspect: _detailed_json(getattr(summary, aspect)) for aspect in ASPECTS},
        "score": summary.score,
        "excluded": [
            {
                "order_id": item.feedback.order_id,
                "rule": item.rule,
                "reasons": [reason.name for reason in item.reasons],
                "explanation": item.explanation,
            }
            for item in summary.excluded
        ],
        "outside_window": summary.outside_window,
        "negative_order_ids": list(summary.negative_order_ids),
    }


def _months_label(months: int) -> str:
    return f"{months} month" if months == 1 else f"{months} months"


def _profile_text(profile: FeedbackProfile, *, file: str, count: int) -> str:
    header = (
        f"{'period':<10}{'positive':>9}{'neutral':>9}{'negative':>9}"
        f"{'positive rate':>15}{'negative rate':>15}{'neutral rate':>14}"
        f"{'avg stars':>11}{'score':>7}"
    )
    lines = [
        f"AliExpress feedback profile as of {profile.as_of.isoformat()} (AE-F5)",
        f"file: {file} ({_text.plural(count, 'rating')})",
        "",
        header,
    ]
    lines.extend(
        f"{_months_label(summary.months):<10}{summary.positive:>9}{summary.neutral:>9}"
        f"{summary.negative:>9}{_percent(summary.positive_rate):>15}"
        f"{_percent(summary.negative_rate):>15}{_percent(summary.neutral_rate):>14}"
        f"{_decimal_text(summary.average_stars):>11}{summary.score:>7}"
        for summary in profile.summaries
    )
    for summary in profile.summaries:
        lines.extend(("", f"{_months_label(summary.months)}: {summary.window}"))
        marks = [
            f"{aspect.replace('_', ' ')} {rating.rounded} ({rating.count} marks)"
            for aspect in ASPECTS
            if (rating := getattr(summary, aspect)) is not None
        ]
        lines.append(f"  detailed ratings (AE-F4): {', '.join(marks) or 'none'}")
        lines.append(f"  excluded (AE-F3): {len(summary.excluded)}")
        lines.extend(f"    {item.explanation}" for item in summary.excluded)
        negatives = ", ".join(repr(order) for order in summary.negative_order_ids)
        lines.append(f"  negative ratings: {negatives or 'none'}")
        lines.append(f"  outside the window: {summary.outside_window}")
    return "\n".join(lines)


def run_feedback(args: argparse.Namespace) -> int:
    """Print the feedback profile of ``args.file`` (AE-F1 … AE-F5).

    Args:
        args: ``file`` (a path, or ``-`` for standard input), ``as_of``
            (ISO 8601 text, a US Pacific wall time without an offset, or
            ``None`` for now) and ``format`` (``"text"`` or ``"json"``).

    Returns:
        0.

    Raises:
        LoadError: The file cannot be read or has a bad record; or
            ``--as-of`` is not ISO 8601, is a wall time the clocks skip, or
            lies outside the years 1900 to 2999.
    """
    as_of = _as_of(args.as_of)
    records = load_feedback(file_source(args.file))
    profile = feedback_profile(records, as_of=as_of)
    label = source_label(args.file)
    if args.format == "json":
        document = {
            "as_of": as_of.isoformat(),
            "file": label,
            "ratings": len(records),
            "profile": {str(months): _summary_json(summary) for months, summary in profile.items()},
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(_profile_text(profile, file=label, count=len(records)))
    return 0


# --- price ------------------------------------------------------------------------


def _breakdown_json(breakdown: PriceBreakdown, shipping: Decimal) -> dict[str, Any]:
    return {
        "inputs": {
            "cost": str(breakdown.cost),
            "shipping": str(shipping),
            "labour": str(breakdown.labour),
            "exchange_rate": str(breakdown.exchange_rate),
            "commission": str(breakdown.commission),
            "discount": str(breakdown.discount),
        },
        "steps": [
            {
                "rule": step.rule,
                "label": step.label,
                "exact": str(step.value),
                "shown": step.shown,
                "unit": step.unit,
            }
            for step in breakdown.steps
        ],
        "first_pass": str(breakdown.first_pass),
        "registered": breakdown.registered,
        "registration_fee": str(breakdown.registration_fee),
        "exact": str(breakdown.exact),
        "price": str(breakdown.price),
        "currency": "USD",
    }


@overload
def _bounded(text: str, option: str) -> str: ...


@overload
def _bounded(text: None, option: str) -> None: ...


def _bounded(text: str | None, option: str) -> str | None:
    """``text`` if it is no decimal number or one within the bounds; else a LoadError.

    Text that is not a number is left to the pricing functions, which say so.
    """
    if text is None:
        return None
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if number != 0 and number.adjusted() >= _LARGEST_DIGITS:
        reason = f"{show(text)} is too large: numbers here are below 10^{_LARGEST_DIGITS}"
    elif number != 0 and number.adjusted() < -_MOST_PLACES:
        reason = (
            f"{show(text)} is too small: numbers here have at most {_MOST_PLACES} decimal places"
        )
    elif number != number.quantize(Decimal(1).scaleb(-_MOST_PLACES)):
        reason = f"{show(text)} has more than {_MOST_PLACES} decimal places"
    else:
        return text
    raise LoadError([PathProblem(option, reason)])


def run_price(args: argparse.Namespace) -> int:
    """Print the retail-price breakdown for the given cost and parcel (AE-P1, AE-P2).

    Args:
        args: ``cost``, ``weight_g``, ``rate_per_kg`` and optionally
            ``labour``, ``exchange_rate``, ``commission``, ``discount`` (all
            decimal text), and ``format``.

    Returns:
        0.

    Raises:
        InvalidValueError: A number is not a decimal or is out of range.
        LoadError: A number is 10^15 or more, or has more than 10 decimal
            places (the path is the option, such as ``--cost``).
    """
    shipping = shipping_cost(
        weight_g=_bounded(args.weight_g, "--weight-g"),
        rate_per_kg=_bounded(args.rate_per_kg, "--rate-per-kg"),
    )
    breakdown = price_breakdown(
        cost=_bounded(args.cost, "--cost"),
        shipping=shipping,
        labour=_bounded(args.labour, "--labour"),
        exchange_rate=_bounded(args.exchange_rate, "--exchange-rate"),
        commission=_bounded(args.commission, "--commission"),
        discount=_bounded(args.discount, "--discount"),
    )
    if args.format == "json":
        text = json.dumps(_breakdown_json(breakdown, shipping), indent=2, ensure_ascii=False)
    else:
        text = (
            f"shipping: {args.weight_g} g × {args.rate_per_kg} CNY/kg = {shipping} CNY (AE-P1)\n"
            f"{breakdown}"
        )
    print(text)
    return 0
