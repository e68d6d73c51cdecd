"""Buyer feedback: the record, its points, the summary and the 1/3/6-month profile.

Implements AE-F1 … AE-F5.
"""

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .._money import Money
from .._time import Window, require_aware
from ..exceptions import DuplicateIdError, InvalidTypeError, InvalidValueError
from ._model import ExclusionReason, check_count, check_text, on_wall_clock, round_fraction
from ._rules import RULEBOOK, AliExpressRulebook, FeedbackRules

__all__ = [
    "ASPECTS",
    "DetailedRating",
    "Exclusion",
    "Feedback",
    "FeedbackProfile",
    "FeedbackSummary",
    "feedback_points",
    "feedback_profile",
    "feedback_summary",
]

ASPECTS = ("as_described", "communication", "shipping_speed")
"""The detailed seller ratings a buyer may give besides the stars (AE-F4)."""

_RECORD = "Feedback"


def _record_id(instance: "Feedback") -> str | None:
    # Validators run after every field is set, so order_id may still be bad here.
    order_id: object = instance.order_id
    return order_id if isinstance(order_id, str) and order_id else None


def _check_stars(
    value: object,
    *,
    field: str,
    rules: FeedbackRules,
    record: str | None = None,
    record_id: str | None = None,
) -> int:
    stars = check_count(value, field=field, record=record, record_id=record_id, minimum=None)
    if not rules.min_stars <= stars <= rules.max_stars:
        raise InvalidValueError(
            record=record,
            record_id=record_id,
            field=field,
            value=value,
            reason=f"is outside {rules.min_stars}..{rules.max_stars}",
        )
    return stars


def _order_id(_instance: "Feedback", attribute: "attrs.Attribute[str]", value: object) -> None:
    if not check_text(value, field=attribute.name, record=_RECORD).strip():
        raise InvalidValueError(
            record=_RECORD, field=attribute.name, value=value, reason="is blank"
        )


def _instant(instance: "Feedback", attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None and attribute.name == "order_ended_at":
        return
    if not isinstance(value, datetime):
        raise InvalidTypeError(
            field=f"{_RECORD} {_record_id(instance)!r}: {attribute.name}",
            value=value,
            reason=f"is a {type(value).__name__}; give a timezone-aware datetime",
        )
    require_aware(value, field=attribute.name, record=_RECORD, record_id=_record_id(instance))


def _stars(instance: "Feedback", attribute: "attrs.Attribute[int]", value: object) -> None:
    _check_stars(
        value,
        field=attribute.name,
        rules=RULEBOOK.feedback,
        record=_RECORD,
        record_id=_record_id(instance),
    )


def _mark(instance: "Feedback", attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None:
        _check_stars(
            value,
            field=attribute.name,
            rules=RULEBOOK.feedback,
            record=_RECORD,
            record_id=_record_id(instance),
        )


def _amount(instance: "Feedback", attribute: "attrs.Attribute[Money]", value: object) -> None:
    record_id = _record_id(instance)
    if not isinstance(value, Money):
        raise InvalidTypeError(
            field=f"{_RECORD} {record_id!r}: {attribute.name}",
            value=value,
            reason=f"is a {type(value).__name__}; give Money(amount, 'USD')",
        )
    currency = RULEBOOK.feedback.min_order_amount.currency
    if value.currency != currency:
        raise InvalidValueError(
            record=_RECORD,
            record_id=record_id,
            field=attribute.name,
            value=value,
            reason=f"is not in {currency}; AliExpress order amounts are in {currency}",
        )
    if value.is_negative:
        raise InvalidValueError(
            record=_RECORD,
            record_id=record_id,
            field=attribute.name,
            value=value,
            reason="is negative",
        )


def _flag(instance: "Feedback", attribute: "attrs.Attribute[bool]", value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            field=f"{_RECORD} {_record_id(instance)!r}: {attribute.name}",
            value=value,
            reason=f"is a {type(value).__name__}; give True or False",
        )


def _buyer(instance: "Feedback", attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None:
        check_text(value, field=attribute.name, record=_RECORD, record_id=_record_id(instance))


def _ended(instance: "Feedback", attribute: "attrs.Attribute[Any]", value: object) -> None:
    _instant(instance, attribute, value)
    if value is None:
        return
    assert isinstance(value, datetime)
    period = RULEBOOK.feedback.rating_period
    # Calendar days on the wall clock of the rulebook's zone, whatever zone the
    # order's end is written in: one instant, one deadline (AE-F1).
    deadline = on_wall_clock(value, RULEBOOK.zone, period)
    if instance.rated_at > deadline:
        raise InvalidValueError(
            record=_RECORD,
            record_id=_record_id(instance),
            field="rated_at",
            value=instance.rated_at,
            reason=f"is more than {period.days} days after order_ended_at "
            f"{value.isoformat()} (AE-F1: ratings are given within {period.days} days "
            "of the order's end)",
        )


@attrs.frozen
class Feedback:
    """A buyer's rating of the seller for one order (AE-F1 … AE-F3).

    Implements the record side of AE-F1: a rating given more than 30 days
    after the order ended is refused (calendar days on the US Pacific wall
    clock of the default rulebook, whatever zone the instants are written
    in), and the buyer's rating counts from the moment it is given
    (``rated_at``).

    Example:
        >>> from datetime import UTC, datetime
        >>> from sellerquality import Money
        >>> from sellerquality.aliexpress import Feedback
        >>> Feedback("8001", datetime(2024, 5, 2, tzinfo=UTC), 5, Money("12.50", "USD")).stars
        5

    Attributes:
        order_id: The order rated; at most one rating per order.
        rated_at: When the buyer rated; timezone-aware.
        stars: 1 to 5 stars.
        order_amount: The order amount, in US dollars.
        special: Whether the item is a shipping-fee top-up or price-difference
            item, in a gift category, or customised goods (AE-F3).
        buyer_id: The buyer, if known.
        as_described: The detailed mark for "item as described", 1 to 5, if given.
        communication: The detailed mark for communication, 1 to 5, if given.
        shipping_speed: The detailed mark for shipping speed, 1 to 5, if given.
        order_ended_at: When the order was completed or closed, if known.

    Raises:
        InvalidTypeError: A field has the wrong type (a float for stars, a
            naive value where a datetime is meant).
        InvalidValueError: Stars or a detailed mark outside 1..5, a naive
            datetime, an amount that is negative or not in USD, a blank order
            id, or ``rated_at`` more than 30 days after ``order_ended_at``.
    """

    order_id: str = attrs.field(validator=_order_id)
    rated_at: datetime = attrs.field(validator=_instant)
    stars: int = attrs.field(validator=_stars)
    order_amount: Money = attrs.field(validator=_amount)
    special: bool = attrs.field(default=False, validator=_flag)
    buyer_id: str | None = attrs.field(default=None, validator=_buyer)
    as_described: int | None = attrs.field(default=None, validator=_mark)
    communication: int | None = attrs.field(default=None, validator=_mark)
    shipping_speed: int | None = attrs.field(default=None, validator=_mark)
    order_ended_at: datetime | None = attrs.field(default=None, validator=_ended)


def feedback_points(stars: int, *, rulebook: AliExpressRulebook = RULEBOOK) -> int:
    """Return the points one rating earns, whatever the order amount.

    Implements AE-F2: 4 or 5 stars earn +1, 3 stars 0, 1 or 2 stars -1.

    Args:
        stars: The rating's stars, 1 to 5.
        rulebook: The rules to apply.

    Returns:
        The points, ``1``, ``0`` or ``-1`` under the default rulebook.

    Raises:
        InvalidTypeError: ``stars`` is not an ``int``.
        InvalidValueError: ``stars`` is outside 1..5.

    Example:
        >>> from sellerquality.aliexpress import feedback_points
        >>> [feedback_points(stars) for stars in (1, 2, 3, 4, 5)]
        [-1, -1, 0, 1, 1]
    """
    rules = rulebook.feedback
    return _points(_kind(_check_stars(stars, field="stars", rules=rules), rules), rules)


_POSITIVE, _NEUTRAL, _NEGATIVE = "positive", "neutral", "negative"


def _kind(stars: int, rules: FeedbackRules) -> str:
    if stars >= rules.positive_min_stars:
        return _POSITIVE
    if stars <= rules.negative_max_stars:
        return _NEGATIVE
    return _NEUTRAL


def _points(kind: str, rules: FeedbackRules) -> int:
    return {
        _POSITIVE: rules.positive_points,
        _NEUTRAL: rules.neutral_points,
        _NEGATIVE: rules.negative_points,
    }[kind]


@attrs.frozen
class Exclusion:
    """A rating left out of the rates and the score, and why (AE-F3).

    Attributes:
        feedback: The rating left out.
        reasons: Every reason that applies, in a fixed order.
        rule: The rule that excludes it.
    """

    feedback: Feedback
    reasons: tuple[ExclusionReason, ...]
    rule: str = "AE-F3"

    @property
    def explanation(self) -> str:
        """The reasons in words, naming the order."""
        words = {
            ExclusionReason.SPECIAL_ITEM: "special item (top-up, price difference, gift "
            "or customised goods)",
            ExclusionReason.UNDER_MINIMUM_AMOUNT: f"order amount {self.feedback.order_amount} "
            "is under the minimum",
        }
        return f"order {self.feedback.order_id!r}: " + "; ".join(
            words[reason] for reason in self.reasons
        )


@attrs.frozen
class DetailedRating:
    """The average of one detailed seller rating (AE-F4).

    Attributes:
        count: How many counted ratings carry a mark for this aspect.
        total: The sum of those marks.
        exact: ``total / count``, exactly.
        rounded: ``exact`` rounded as the rulebook says (default: to one
            decimal place, half up: 4.45 becomes 4.5).
    """

    count: int
    total: int
    exact: Fraction
    rounded: Decimal


@attrs.frozen
class FeedbackSummary:
    """Feedback over a number of calendar months before ``as_of`` (AE-F2 … AE-F5).

    Only ratings inside ``window`` that are not excluded by AE-F3 are
    counted. Rates are exact fractions, ``None`` when there is nothing to
    divide. Nothing is dropped silently: for any input,
    ``counted + len(excluded) + outside_window`` is the number of ratings given.

    Attributes:
        as_of: The evaluation instant.
        months: The calendar months covered.
        window: ``[as_of - months, as_of)``, months counted with
            ``dateutil.relativedelta`` on the wall clock of the rulebook's
            zone (US Pacific time), whatever zone ``as_of`` is written in;
            shown in ``as_of``'s zone.
        positive: Counted ratings with 4 or 5 stars.
        neutral: Counted ratings with 3 stars.
        negative: Counted ratings with 1 or 2 stars.
        positive_rate: ``positive / (positive + negative)``; neutral left out.
        negative_rate: ``negative / (positive + negative)``.
        neutral_rate: ``neutral / counted`` (a reading; see the rulebook).
        average_stars: The star total divided by ``counted``, exactly.
        as_described: The detailed "as described" average, if any mark was given.
        communication: The detailed communication average, if any mark was given.
        shipping_speed: The detailed shipping-speed average, if any mark was given.
        score: The sum of the counted ratings' points (AE-F2).
        excluded: The ratings in the window left out by AE-F3, oldest first.
        outside_window: How many ratings given were outside the window.
        negative_order_ids: The orders with a counted negative rating, oldest first.
    """

    as_of: datetime
    months: int
    window: Window
    positive: int
    neutral: int
    negative: int
    positive_rate: Fraction | None
    negative_rate: Fraction | None
    neutral_rate: Fraction | None
    average_stars: Fraction | None
    as_described: DetailedRating | None
    communication: DetailedRating | None
    shipping_speed: DetailedRating | None
    score: int
    excluded: tuple[Exclusion, ...]
    outside_window: int
    negative_order_ids: tuple[str, ...]

    @property
    def counted(self) -> int:
        """The number of ratings counted, ``positive + neutral + negative``."""
        return self.positive + self.neutral + self.negative


def _chronological(feedback: Feedback) -> tuple[datetime, str]:
    return feedback.rated_at.astimezone(UTC), feedback.order_id


def _collect(feedbacks: Iterable[Feedback]) -> tuple[Feedback, ...]:
    if isinstance(feedbacks, str | bytes | Mapping):
        raise InvalidTypeError(
            field="feedbacks", value=feedbacks, reason="is not a sequence of Feedback"
        )
    records = tuple(feedbacks)
    seen: set[str] = set()
    for index, record in enumerate(records):
        if not isinstance(record, Feedback):
            raise InvalidTypeError(
                field=f"feedbacks[{index}]",
                value=record,
                reason=f"is a {type(record).__name__}; give a Feedback",
            )
        if record.order_id in seen:
            raise DuplicateIdError(
                record=_RECORD,
                record_id=record.order_id,
                field="order_id",
                value=record.order_id,
                reason="is rated twice; an order has at most one rating of the seller",
            )
        seen.add(record.order_id)
    # Sorting once makes every result independent of the input order.
    return tuple(sorted(records, key=_chronological))


def _exclusion_reasons(feedback: Feedback, rules: FeedbackRules) -> tuple[ExclusionReason, ...]:
    reasons: list[ExclusionReason] = []
    if rules.exclude_special_items and feedback.special:
        reasons.append(ExclusionReason.SPECIAL_ITEM)
    if feedback.order_amount < rules.min_order_amount:
        reasons.append(ExclusionReason.UNDER_MINIMUM_AMOUNT)
    return tuple(reasons)


def _detailed(marks: list[int], rules: FeedbackRules) -> DetailedRating | None:
    if not marks:
        return None
    exact = Fraction(sum(marks), len(marks))
    return DetailedRating(
        count=len(marks),
        total=sum(marks),
        exact=exact,
        rounded=round_fraction(exact, rules.detailed_quantum, rules.detailed_rounding),
    )


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _summarise(
    records: tuple[Feedback, ...], *, as_of: datetime, months: int, rulebook: AliExpressRulebook
) -> FeedbackSummary:
    rules = rulebook.feedback
    # Months on the wall clock of the rulebook's zone, whatever zone as_of is
    # written in (AE-F4, AE-F5).
    window = Window(on_wall_clock(as_of, rulebook.zone, relativedelta(months=-months)), as_of)
    counts = dict.fromkeys((_POSITIVE, _NEUTRAL, _NEGATIVE), 0)
    score = 0
    star_total = 0
    excluded: list[Exclusion] = []
    outside = 0
    negatives: list[str] = []
    marks: dict[str, list[int]] = {aspect: [] for aspect in ASPECTS}
    for record in records:
        if not window.contains(record.rated_at):
            outside += 1
            continue
        reasons = _exclusion_reasons(record, rules)
        if reasons:
            excluded.append(Exclusion(record, reasons))
            continue
        kind = _kind(record.stars, rules)
        counts[kind] += 1
        score += _points(kind, rules)
        star_total += record.stars
        if kind == _NEGATIVE:
            negatives.append(record.order_id)
        for aspect in ASPECTS:
            mark = getattr(record, aspect)
            if mark is not None:
                marks[aspect].append(mark)
    positive, neutral, negative = counts[_POSITIVE], counts[_NEUTRAL], counts[_NEGATIVE]
    counted = positive + neutral + negative
    decided = positive + negative
    return FeedbackSummary(
        as_of=as_of,
        months=months,
        window=window,
        positive=positive,
        neutral=neutral,
        negative=negative,
        positive_rate=_share(positive, decided),
        negative_rate=_share(negative, decided),
        neutral_rate=_share(neutral, counted if rules.neutral_rate_over_all else decided),
        average_stars=_share(star_total, counted),
        as_described=_detailed(marks["as_described"], rules),
        communication=_detailed(marks["communication"], rules),
        shipping_speed=_detailed(marks["shipping_speed"], rules),
        score=score,
        excluded=tuple(excluded),
        outside_window=outside,
        negative_order_ids=tuple(negatives),
    )


def _months(value: object) -> int:
    return check_count(value, field="months", minimum=1)


def feedback_summary(
    feedbacks: Iterable[Feedback],
    *,
    as_of: datetime,
    months: int | None = None,
    rulebook: AliExpressRulebook = RULEBOOK,
) -> FeedbackSummary:
    """Summarise the ratings given in the calendar months before ``as_of``.

    Implements AE-F2 (points), AE-F3 (exclusions, reported in
    ``FeedbackSummary.excluded``), AE-F4 (positive and negative rate
    over positive + negative, average stars, detailed ratings rounded half up
    to one decimal place) over the window ``[as_of - months, as_of)``.
    Months are calendar months on the wall clock of the rulebook's zone (US
    Pacific time, in which AliExpress states the times of its rules), so the
    same instants written in any zone give the same numbers.

    Args:
        feedbacks: The ratings, in any order; at most one per order.
        as_of: The evaluation instant, timezone-aware; ratings at or after it
            do not exist yet.
        months: Calendar months back from ``as_of``; ``None`` means the
            rulebook's 6 (AE-F4).
        rulebook: The rules to apply.

    Returns:
        The summary; the same whatever the order of ``feedbacks``.

    Raises:
        InvalidTypeError: An item is not a :class:`Feedback`, or ``as_of`` is
            not a datetime.
        NaiveDatetimeError: ``as_of`` is naive.
        InvalidValueError: ``months`` is below 1.
        DuplicateIdError: Two ratings share an order id.

    Example:
        >>> from datetime import UTC, datetime
        >>> from sellerquality import Money
        >>> from sellerquality.aliexpress import Feedback, feedback_summary
        >>> usd = Money("20.00", "USD")
        >>> ratings = [
        ...     Feedback("a", datetime(2024, 5, 1, tzinfo=UTC), 5, usd),
        ...     Feedback("b", datetime(2024, 5, 2, tzinfo=UTC), 3, usd),
        ...     Feedback("c", datetime(2024, 5, 3, tzinfo=UTC), 1, usd),
        ...     Feedback("d", datetime(2024, 5, 4, tzinfo=UTC), 4, Money("0.99", "USD")),
        ... ]
        >>> summary = feedback_summary(ratings, as_of=datetime(2024, 6, 1, tzinfo=UTC))
        >>> summary.positive, summary.neutral, summary.negative, summary.score
        (1, 1, 1, 0)
        >>> summary.positive_rate
        Fraction(1, 2)
        >>> summary.excluded[0].explanation
        "order 'd': order amount 0.99 USD is under the minimum"
    """
    as_of = require_aware(as_of, field="as_of")
    return _summarise(
        _collect(feedbacks),
        as_of=as_of,
        months=_months(rulebook.feedback.summary_months if months is None else months),
        rulebook=rulebook,
    )


@attrs.frozen
class FeedbackProfile(Mapping[int, FeedbackSummary]):
    """A read-only mapping from months to :class:`FeedbackSummary` (AE-F5).

    ``profile[3]`` is the summary of the three calendar months before
    ``as_of``. Iterating yields the months in increasing order.

    Attributes:
        as_of: The evaluation instant.
        summaries: One summary per period, shortest first.
    """

    as_of: datetime
    summaries: tuple[FeedbackSummary, ...]

    def __getitem__(self, months: int) -> FeedbackSummary:
        for summary in self.summaries:
            if summary.months == months:
                return summary
        raise KeyError(months)

    def __iter__(self) -> Iterator[int]:
        return (summary.months for summary in self.summaries)

    def __len__(self) -> int:
        return len(self.summaries)


def feedback_profile(
    feedbacks: Iterable[Feedback],
    *,
    as_of: datetime,
    rulebook: AliExpressRulebook = RULEBOOK,
) -> FeedbackProfile:
    """Return the feedback profile: a summary for each of 1, 3 and 6 months.

    Implements AE-F5 (with AE-F2 … AE-F4 inside each summary).

    Args:
        feedbacks: The ratings, in any order; at most one per order.
        as_of: The evaluation instant, timezone-aware.
        rulebook: The rules to apply; its ``feedback.profile_months`` are the periods.

    Returns:
        A read-only mapping ``{1: …, 3: …, 6: …}``.

    Raises:
        InvalidTypeError: An item is not a :class:`Feedback`.
        NaiveDatetimeError: ``as_of`` is naive.
        DuplicateIdError: Two ratings share an order id.

    Example:
        >>> from datetime import UTC, datetime
        >>> from sellerquality import Money
        >>> from sellerquality.aliexpress import Feedback, feedback_profile
        >>> rating = Feedback("a", datetime(2024, 4, 15, tzinfo=UTC), 5, Money(3, "USD"))
        >>> profile = feedback_profile([rating], as_of=datetime(2024, 6, 1, tzinfo=UTC))
        >>> sorted(profile)
        [1, 3, 6]
        >>> profile[1].positive, profile[3].positive
        (0, 1)
    """
    as_of = require_aware(as_of, field="as_of")
    records = _collect(feedbacks)
    periods = sorted({_months(months) for months in rulebook.feedback.profile_months})
    return FeedbackProfile(
        as_of=as_of,
        summaries=tuple(
            _summarise(records, as_of=as_of, months=months, rulebook=rulebook) for months in periods
        ),
    )
