"""Results that explain themselves: metric results, programme criteria, eligibility."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from ._i18n import N_
from ._i18n import gettext as _
from ._money import Money
from ._time import Window, require_aware
from .exceptions import InvalidValueError

__all__ = [
    "MAX_CULPRITS",
    "Criterion",
    "Distance",
    "Eligibility",
    "MetricResult",
    "Outcome",
    "Value",
]

Value = Fraction | Decimal | timedelta | int | bool | Money | None
"""What a metric or criterion measures: exact rates, durations, counts, flags, money."""

MAX_CULPRITS = 50
"""At most this many culprit ids are listed; ``culprit_count`` holds the total."""


class Outcome(enum.Enum):
    """What a metric earns (SQ-3).

    ``NOT_APPLICABLE`` means there was nothing to measure: no points, and the
    metric's points are left out of the maximum score.
    """

    BONUS = "BONUS"
    PENALTY = "PENALTY"
    NEUTRAL = "NEUTRAL"
    NOT_APPLICABLE = "NOT_APPLICABLE"

    @property
    def label(self) -> str:
        """The outcome in words in the current language ("bonus"; "premia" in Polish)."""
        return _(_OUTCOME_LABELS[self])


_OUTCOME_LABELS = {
    Outcome.BONUS: N_("bonus"),
    Outcome.PENALTY: N_("penalty"),
    Outcome.NEUTRAL: N_("neutral"),
    Outcome.NOT_APPLICABLE: N_("not applicable"),
}


class DistanceKind(enum.Enum):
    """Which way a :class:`Distance` points (SQ-A1…SQ-D3)."""

    TO_BONUS = "TO_BONUS"
    """How much more good data earns the bonus."""
    MARGIN = "MARGIN"
    """How much more bad data the bonus survives."""


@attrs.frozen
class Distance:
    """How far a metric is from flipping, in exact units of its own records (SQ-A1…SQ-D3).

    Attributes:
        kind: ``TO_BONUS`` for a metric short of its bonus: the fewest additional
            good records (or money) that would earn it, with nothing else
            changing. ``MARGIN`` for a metric earning its bonus: how many more
            bad records it can take and still keep it.
        amount: The count of records (``int``) or the money (``Money``).
        unit: What is counted, in plural words ("recommended ratings").
        text: The whole thing in one phrase ("7 more recommended ratings").
    """

    kind: DistanceKind
    amount: int | Money
    unit: str
    text: str


@attrs.frozen
class MetricResult:
    """One sales-quality metric, evaluated, with everything behind it (SQ-A1…SQ-E1).

    Attributes:
        code: The stable metric code, such as ``"RECOMMENDATION_RATE"``.
        area: The area the metric belongs to (SQ-1).
        rule: The rule ID, such as ``"SQ-A1"``.
        value: What was measured, exact: a ``Fraction`` for rates, a
            ``timedelta`` for reply times, an ``int`` for counts, ``Money`` for
            revenue, a ``bool`` for yes/no metrics; ``None`` when not applicable.
        numerator: The count (or money) on top of a rate; for non-rates, the value.
        denominator: What the rate is out of; ``None`` for non-rates.
        threshold: The value the rule compares against.
        outcome: BONUS, PENALTY, NEUTRAL or NOT_APPLICABLE.
        points: Points earned (negative for a penalty).
        max_points: The most this metric can earn; 0 when NOT_APPLICABLE.
        window: The span of records the metric looked at.
        explanation: One plain sentence with the numbers.
        tip: Advice (SQ-4) when the metric does not earn its bonus, else ``None``.
        to_threshold: Distance to the bonus, or margin before losing it.
        culprits: Ids of the records that count against the metric, at most
            50 (``MAX_CULPRITS``), in time order.
        culprit_count: How many records count against it in all.
    """

    code: str
    area: str
    rule: str
    value: Value
    numerator: int | Money | timedelta | None
    denominator: int | Money | None
    threshold: Value
    outcome: Outcome
    points: int
    max_points: int
    window: Window
    explanation: str
    tip: str | None = None
    to_threshold: Distance | None = None
    culprits: tuple[str, ...] = ()
    culprit_count: int = 0


@attrs.frozen
class Criterion:
    """One rule of a programme, checked (PR-1…PR-4, CO-…, DI-…).

    Attributes:
        code: A stable code such as ``"BUSINESS_ACCOUNT"``.
        rule: The rule ID, such as ``"PR-1.1"``.
        actual: What the seller has.
        required: What the rule asks for.
        passed: ``True`` or ``False``; ``None`` when it cannot be computed from
            data (Allegro decides it, for instance by manual review).
        shortfall: For a failed criterion, what is missing, with an exact
            number, and when it could pass by itself ("needs 3 more completed
            orders"); ``None`` otherwise.
        description: The rule in words.
        culprits: Ids of the records that make it fail.
    """

    code: str
    rule: str
    actual: Value | str | enum.Enum
    required: Value | str | enum.Enum
    passed: bool | None
    shortfall: str | None = None
    description: str = ""
    culprits: tuple[str, ...] = ()


def _check_eligible(instance: Eligibility, _: attrs.Attribute[bool], value: bool) -> None:
    expected = all(criterion.passed is not False for criterion in instance.criteria)
    if value != expected:
        raise InvalidValueError(
            record="Eligibility",
            field="eligible",
            value=value,
            reason=f"contradicts the criteria (no criterion failed is {expected})",
        )


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


def _check_as_of(_: Eligibility, __: attrs.Attribute[datetime], value: datetime) -> None:
    require_aware(value, field="as_of", record="Eligibility")


@attrs.frozen
class Eligibility:
    """Whether a seller meets a programme's rules, criterion by criterion (PR-1…PR-4).

    ``eligible`` is ``True`` exactly when no criterion has ``passed is False``:
    criteria that cannot be computed (``passed is None``) never block it, since
    they are Allegro's to decide. ``eligible`` therefore means "meets every rule
    that can be computed from the data".

    Attributes:
        programme: The programme's name ("Super Seller").
        eligible: See above.
        criteria: One :class:`Criterion` per rule.
        as_of: The instant evaluated.
        edition: The rulebook edition whose rules were applied.
    """

    programme: str
    eligible: bool = attrs.field(validator=_check_eligible)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    as_of: datetime = attrs.field(validator=_check_as_of)
    edition: str

    @classmethod
    def from_criteria(
        cls, programme: str, criteria: Iterable[Criterion], *, as_of: datetime, edition: str
    ) -> Eligibility:
        """Build an eligibility whose ``eligible`` follows from ``criteria``."""
        items = tuple(criteria)
        return cls(
            programme=programme,
            eligible=all(c.passed is not False for c in items),
            criteria=items,
            as_of=as_of,
            edition=edition,
        )

    @property
    def failed(self) -> tuple[Criterion, ...]:
        """The criteria that failed."""
        return tuple(c for c in self.criteria if c.passed is False)

    @property
    def undecided(self) -> tuple[Criterion, ...]:
        """The criteria that cannot be computed from data (Allegro decides them)."""
        return tuple(c for c in self.criteria if c.passed is None)
