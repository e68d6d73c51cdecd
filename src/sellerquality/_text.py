"""Wording: how numbers read in explanations, tips, criteria and the command line.

One module, so that a rate reads the same in a metric's explanation, a
programme's criterion and a table row, and rounds the same way everywhere:
half up, as people round, on the exact :class:`~fractions.Fraction`. Nothing
here knows a rule, the rules hand it their numbers; :func:`metric_value`
knows one thing more, that the star mean (SQ-A2) is a mean and not a share.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final, NamedTuple

from ._i18n import current_language
from ._i18n import gettext as _

__all__ = [
    "count",
    "decimal",
    "duration",
    "localised",
    "metric_value",
    "more",
    "percent",
    "plural",
]

_MOST_PLACES: Final = 6

_SINGULAR: Final = {
    "ratings": "rating",
    "offers": "offer",
    "orders": "order",
    "marks": "mark",
    "replies": "reply",
    "disputes": "dispute",
    "transactions": "transaction",
    "messages": "message",
    "methods": "method",
    "agreements": "agreement",
}


class _Numbers(NamedTuple):
    """How a language writes numbers (CLDR's symbols for it)."""

    point: str
    group: str
    # A number is grouped only with at least this many digits before the point
    # beyond the first group: CLDR's minimumGroupingDigits (Polish: 2, so 1000
    # but 12 345).
    min_grouping: int


_NUMBERS: Final = {
    "en": _Numbers(point=".", group=",", min_grouping=1),
    "pl": _Numbers(point=",", group="\u00a0", min_grouping=2),
}


def localised(text: str) -> str:
    """A plain ``-1234.5`` written with the current language's point and grouping.

    Example:
        >>> localised("-1234567.50")
        '-1,234,567.50'
    """
    numbers = _NUMBERS[current_language()]
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, point, fraction = digits.partition(".")
    if len(whole) >= 3 + numbers.min_grouping:
        head = len(whole) % 3 or 3
        groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        whole = numbers.group.join(groups)
    return f"{sign}{whole}{numbers.point if point else ''}{fraction}"


def decimal(value: Fraction, places: int) -> str:
    """``value`` rounded half up to ``places`` decimals, trailing zeros kept (``"4.50"``).

    Written as the current language writes numbers (``"4,50"`` in Polish).
    """
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return localised(f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}")


def _percent_places(value: Fraction, places: int) -> str:
    text = decimal(value * 100, places)
    point = _NUMBERS[current_language()].point
    if point in text:
        text = text.rstrip("0").rstrip(point)
    return f"{text}%"


def percent(value: Fraction, *, against: Fraction | None = None, places: int = 1) -> str:
    """A share as a percentage: ``places`` decimals at most, trailing zeros dropped.

    With ``against`` (the threshold it is compared with), more decimals are
    shown when fewer would make a share that misses the threshold read as
    equal to it: ``percent(Fraction(979, 1000), against=Fraction(98, 100))``
    is ``"97.9%"``, and a share of 0.97999 against 98% reads ``"97.999%"``,
    never ``"98%"``. A share that is not zero never reads ``"0%"`` either:
    ``percent(Fraction(1, 5000))`` is ``"0.02%"``.

    Example:
        >>> from fractions import Fraction
        >>> percent(Fraction(361, 371))
        '97.3%'
        >>> percent(Fraction(1, 40))
        '2.5%'
        >>> percent(Fraction(97999, 100000), against=Fraction(49, 50))
        '97.999%'
        >>> percent(Fraction(1, 5000))
        '0.02%'
    """
    for shown in range(places, _MOST_PLACES + 1):
        text = _percent_places(value, shown)
        reads_zero = value != 0 and text in {"0%", "-0%"}
        misread = (
            against is not None and value != against and text == _percent_places(against, shown)
        )
        if not reads_zero and not misread:
            return text
    return _percent_places(value, _MOST_PLACES)


def count(value: int) -> str:
    """A whole number with thousands separators: ``"12,345"`` (``"12 345"`` in Polish)."""
    return localised(str(value))


def plural(number: int, one: str, many: str | None = None) -> str:
    """``"1 rating"``, ``"3 ratings"``; ``many`` for irregular plurals (``"replies"``)."""
    return f"{count(number)} {one if number == 1 else (many or one + 's')}"


def more(number: int, unit: str) -> str:
    """``"3 more late orders"``, or ``"1 more late order"``: the first plural noun agrees."""
    if number == 1:
        words = unit.split(" ")
        for index, word in enumerate(words):
            if word in _SINGULAR:
                words[index] = _SINGULAR[word]
                break
        unit = " ".join(words)
    return f"{count(number)} more {unit}"


def duration(value: timedelta) -> str:
    """A duration in hours and minutes as a person writes it: ``"8 h 13 min"``, ``"45 s"``.

    Rounded to the nearest second first, then minutes are whole (never rounded up
    into an hour that has not passed).
    """
    seconds = round(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours and minutes:
        return _("{hours} h {minutes} min").format(hours=count(hours), minutes=minutes)
    if hours:
        return _("{hours} h").format(hours=count(hours))
    if minutes:
        return _("{minutes} min").format(minutes=minutes)
    return _("{seconds} s").format(seconds=seconds)


def metric_value(code: str, value: object, *, against: object = None) -> str:
    """A metric's value or threshold as the report pages show it (SQ-A1…SQ-E1).

    Rates read as percentages; with ``against`` (the threshold), a rate that
    misses it never reads as equal to it (``97.999%`` against ``98%``). The
    star mean (SQ-A2) reads with two decimals, durations in hours and
    minutes, counts with thousands separators, yes/no in words; a value that
    is not there reads ``-``. In the current language's words and digits.
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Fraction):
        if code == "BUYER_SATISFACTION":
            return decimal(value, 2)
        return percent(value, against=against if isinstance(against, Fraction) else None)
    if isinstance(value, timedelta):
        return duration(value)
    if isinstance(value, int):
        return count(value)
    return str(value)
