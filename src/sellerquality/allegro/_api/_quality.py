"""Allegro's own sales-quality figures (``GET /sale/quality``) and how ours compare.

Allegro's API reports, per day, a score out of a maximum, a grade, and each
metric's score (and usually its maximum). Allegro publishes neither its
weights nor its grade bands (SQ-3), so our report is a model; these functions
read Allegro's figures, list where our computation differs from them, and move
the model's per-metric maximum points onto the ones Allegro reports.

Metric codes: Allegro names each metric by a code. Where that code is one of
ours (the schema's own example, ``BUYER_SATISFACTION``, is), it maps to that
metric. A code of Allegro's rules of 2024-08-26 (``DISPATCH_IN_TIME``,
``FAST_DISPATCH``, ``NO_RETURNS``), which no rulebook here models, is reported
by :func:`reconcile` as ``"later_edition"``, named, with Allegro's points;
another code that is not ours is kept in the day's ``metrics`` and reported as
``"unmapped"``. Pass ``codes={"ALLEGRO_CODE": "OUR_CODE"}`` to map one more.

Grades: the live API writes ``NEEDS_IMPROVEMENT`` where the schema and the
sales-quality page say "requires improvement" (Wymaga poprawy); Allegro
confirmed it in allegro-api issue #9677. It is read as
:attr:`Grade.REQUIRES_IMPROVEMENT <sellerquality.allegro.Grade.REQUIRES_IMPROVEMENT>`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from ..._results import Outcome
from ...exceptions import AllegroApiWarning, InvalidValueError, LoadError, PathProblem
from .._editions import DEFAULT_RULEBOOK
from .._later_edition import LATER_EDITION, LATER_EDITION_METRICS
from .._model import Grade
from .._quality import QualityReport
from .._rules import Rulebook
from ._model import QualityHistory, decode

__all__ = [
    "AllegroQualityDay",
    "AllegroQualityMetric",
    "DifferenceKind",
    "QualityDifference",
    "calibrated_rulebook",
    "parse_quality",
    "reconcile",
]

DifferenceKind = Literal[
    "grade",
    "unknown_grade",
    "score",
    "max_score",
    "points",
    "max_points",
    "only_ours",
    "only_allegro",
    "later_edition",
    "unmapped",
]
"""What a :class:`QualityDifference` is about."""


@attrs.frozen(kw_only=True)
class AllegroQualityMetric:
    """One metric of Allegro's daily result (SQ-3).

    Attributes:
        code: Allegro's code of the metric (``"BUYER_SATISFACTION"``).
        name: Its translated name, as Allegro gives it.
        score: The points Allegro gave it.
        max_score: The most it can earn, where Allegro says.
    """

    code: str
    name: str
    score: int
    max_score: int | None = None


def _metric_map(value: Mapping[str, AllegroQualityMetric]) -> Mapping[str, AllegroQualityMetric]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class AllegroQualityDay:
    """Allegro's sales-quality result for one day (``SalesQualityForDay``, SQ-2, SQ-3).

    Attributes:
        result_for: The Warsaw calendar day the result is for.
        score: The total score.
        max_score: The maximum possible total that day.
        grade: The grade; Allegro's string as given when it is not a grade
            this library knows (reported with an
            :class:`~sellerquality.allegro.AllegroApiWarning`).
        metrics: Each metric by Allegro's code, in Allegro's order.
    """

    result_for: date
    score: int
    max_score: int
    grade: Grade | str
    metrics: Mapping[str, AllegroQualityMetric] = attrs.field(factory=dict, converter=_metric_map)


# Names the live API writes for a grade that differ from ours (SQ-3).
_GRADE_ALIASES: Mapping[str, Grade] = MappingProxyType(
    {
        # GET /sale/quality writes NEEDS_IMPROVEMENT; confirmed by Allegro in
        # allegro-api issue #9677.
        "NEEDS_IMPROVEMENT": Grade.REQUIRES_IMPROVEMENT,
    }
)


def _grade(text: str) -> Grade | None:
    """Allegro's grade string as a :class:`Grade` (SQ-3).

    Our names, ``SUPER+``, the Polish names and the live API's ``NEEDS_IMPROVEMENT``.
    """
    key = text.strip().upper().replace("+", "_PLUS").replace(" ", "_").replace("-", "_")
    if key in Grade.__members__:
        return Grade[key]
    if key in _GRADE_ALIASES:
        return _GRADE_ALIASES[key]
    polish = {grade.polish.casefold(): grade for grade in Grade}
    return polish.get(text.strip().casefold())


def parse_quality(body: Mapping[str, Any]) -> tuple[AllegroQualityDay, ...]:
    """Read the body of ``GET /sale/quality`` (``SalesQualityHistoryResponse``, SQ-3).

    Grades are read as :class:`Grade` by name (``GOOD``), as ``SUPER+``, by
    their Polish names (``Dobry``) or as the live API writes them
    (``NEEDS_IMPROVEMENT`` is ``REQUIRES_IMPROVEMENT``, allegro-api issue
    #9677); another grade string is kept as the string and reported with an
    :class:`~sellerquality.allegro.AllegroApiWarning`.
    Metric codes are kept as Allegro gives them. Unknown keys are ignored.

    Args:
        body: The parsed JSON body, ``{"quality": [...]}``.

    Returns:
        One :class:`AllegroQualityDay` per day, oldest first.

    Raises:
        LoadError: A field we use is missing or malformed (every problem, with
            its JSON path such as ``$.quality[0].maxScore``), a maximum is
            negative, or a day or a metric code appears twice.

    Example:
        >>> from sellerquality.allegro import parse_quality
        >>> (day,) = parse_quality(
        ...     {
        ...         "quality": [
        ...             {
        ...                 "resultFor": "2024-08-07",
        ...                 "score": 140,
        ...                 "grade": "GOOD",
        ...                 "maxScore": 500,
        ...                 "metrics": [
        ...                     {
        ...                         "code": "BUYER_SATISFACTION",
        ...                         "name": "Zadowolenie kupujących",
        ...                         "score": 20,
        ...                         "maxScore": 50,
        ...                     }
        ...                 ],
        ...             }
        ...         ]
        ...     }
        ... )
        >>> day.grade, day.metrics["BUYER_SATISFACTION"].max_score
        (<Grade.GOOD: 'GOOD'>, 50)
    """
    history, problems = decode(body, QualityHistory, "$")
    if history is None:
        raise LoadError(problems)
    days: list[AllegroQualityDay] = []
    seen: dict[date, int] = {}
    for index, raw in enumerate(history.quality):
        path = f"$.quality[{index}]"
        if raw.result_for in seen:
            problems.append(
                PathProblem(
                    f"{path}.resultFor",
                    f"{raw.result_for} appears twice (first at $.quality[{seen[raw.result_for]}])",
                )
            )
            continue
        seen[raw.result_for] = index
        if raw.max_score < 0:
            problems.append(PathProblem(f"{path}.maxScore", "is negative"))
        metrics: dict[str, AllegroQualityMetric] = {}
        for position, metric in enumerate(raw.metrics):
            where = f"{path}.metrics[{position}]"
            if metric.code in metrics:
                problems.append(PathProblem(f"{where}.code", f"{metric.code!r} appears twice"))
            if metric.max_score is not None and metric.max_score < 0:
                problems.append(PathProblem(f"{where}.maxScore", "is negative"))
            metrics[metric.code] = AllegroQualityMetric(
                code=metric.code, name=metric.name, score=metric.score, max_score=metric.max_score
            )
        grade = _grade(raw.grade)
        if grade is None:
            warnings.warn(
                AllegroApiWarning(
                    f"$.quality[{index}].grade",
                    f"{raw.grade!r} is not a grade this library knows; kept as the string",
                ),
                stacklevel=2,
            )
        days.append(
            AllegroQualityDay(
                result_for=raw.result_for,
                score=raw.score,
                max_score=raw.max_score,
                grade=raw.grade if grade is None else grade,
                metrics=metrics,
            )
        )
    if problems:
        raise LoadError(problems)
    return tuple(sorted(days, key=lambda day: day.result_for))


@attrs.frozen(kw_only=True)
class QualityDifference:
    """One place where our report and Allegro's result for the same day differ (SQ-3).

    Attributes:
        kind: What differs: ``"grade"``, ``"unknown_grade"`` (Allegro's grade
            is not one we know), ``"score"``, ``"max_score"``, ``"points"`` and
            ``"max_points"`` (of one metric), ``"only_ours"`` (a metric we
            score that Allegro does not list), ``"only_allegro"`` (a metric
            Allegro lists that is not applicable in ours), ``"later_edition"``
            (a metric of Allegro's rules of 2024-08-26 that this rulebook does
            not model), ``"unmapped"`` (another Allegro metric code that is not
            one of ours).
        subject: ``"grade"``, ``"score"``, ``"max_score"``, or the metric code
            (ours; Allegro's for ``"later_edition"`` and ``"unmapped"``).
        ours: Our value (a grade by name), or ``None`` where we have none.
        allegro: Allegro's value, or ``None`` where Allegro has none.
        delta: ``ours - allegro`` where both are numbers; for ``"grade"``, how
            many grades ours is above Allegro's (negative: below).
        text: The difference in words, on one line.
    """

    kind: DifferenceKind
    subject: str
    ours: int | str | None
    allegro: int | str | None
    delta: int | None
    text: str

    def __str__(self) -> str:
        return self.text


def _ours(report: QualityReport, code: str, codes: Mapping[str, str]) -> str | None:
    ours = codes.get(code, code)
    return ours if ours in report.metrics else None


_COMPARED: Final[Mapping[DifferenceKind, str]] = {
    "score": "{subject}: ours {ours}, Allegro's {allegro} ({delta:+d})",
    "max_score": "{subject}: ours {ours}, Allegro's {allegro} ({delta:+d})",
    "points": "{subject}: ours {ours} points, Allegro's {allegro} ({delta:+d})",
    "max_points": "{subject}: ours at most {ours}, Allegro's at most {allegro} ({delta:+d})",
}
"""How each difference of two numbers reads, by its kind."""


def _compared(
    kind: DifferenceKind, subject: str, ours: int, allegro: int
) -> QualityDifference | None:
    """The difference of two numbers of the same thing, or ``None`` when they agree (SQ-3)."""
    if ours == allegro:
        return None
    delta = ours - allegro
    text = _COMPARED[kind].format(subject=subject, ours=ours, allegro=allegro, delta=delta)
    return QualityDifference(
        kind=kind, subject=subject, ours=ours, allegro=allegro, delta=delta, text=text
    )


def _one_sided(
    kind: DifferenceKind,
    subject: str,
    *,
    text: str,
    ours: int | str | None = None,
    allegro: int | str | None = None,
) -> QualityDifference:
    """Something only one side has, or that cannot be compared: no delta (SQ-3)."""
    return QualityDifference(
        kind=kind, subject=subject, ours=ours, allegro=allegro, delta=None, text=text
    )


def reconcile(
    report: QualityReport, day: AllegroQualityDay, *, codes: Mapping[str, str] | None = None
) -> list[QualityDifference]:
    """List where our report differs from Allegro's result for the same day (SQ-1…SQ-3).

    Compared: the grade; the score and the maximum score (deltas); and, for
    every Allegro metric whose code maps to one of ours, the points and the
    maximum points. A metric Allegro lists that is not applicable in our
    report is ``"only_allegro"``; a metric we score that Allegro does not list
    is ``"only_ours"`` (ours with neither points nor a maximum, such as ToS
    violations when there are none, is left out). An Allegro metric of its
    rules of 2024-08-26 that no rulebook here models (``DISPATCH_IN_TIME``,
    ``FAST_DISPATCH``, ``NO_RETURNS``) is ``"later_edition"``, named with
    Allegro's points and maximum; any other Allegro code that is not ours is
    ``"unmapped"``.

    Args:
        report: Our report for the day, computed at the Warsaw midnight that
            ends it (``as_of = day_start(result_for + 1 day)``, SQ-2).
        day: Allegro's result, from :func:`parse_quality`.
        codes: Allegro metric codes to map onto ours, beyond the codes that
            are ours already.

    Returns:
        Every difference, totals first, then metrics in our report's order,
        then Allegro's metrics that are not ours (later-edition and unmapped)
        in Allegro's order. Empty when the two agree.

    Raises:
        InvalidValueError: The report is for another day than ``day``.
    """
    if report.day != day.result_for:
        raise InvalidValueError(
            field="report",
            value=report.day,
            reason=f"is the result for another day than Allegro's {day.result_for}; compute it "
            "at the Warsaw midnight that ends that day",
        )
    aliases = dict(codes or {})
    found: list[QualityDifference] = []
    if not isinstance(day.grade, Grade):
        found.append(
            _one_sided(
                "unknown_grade",
                "grade",
                ours=report.grade.value,
                allegro=day.grade,
                text=f"grade: ours {report.grade.value}, Allegro's {day.grade!r} is not a grade "
                "this library knows",
            )
        )
    elif day.grade is not report.grade:
        found.append(
            QualityDifference(
                kind="grade",
                subject="grade",
                ours=report.grade.value,
                allegro=day.grade.value,
                delta=report.grade.rank - day.grade.rank,
                text=f"grade: ours {report.grade.value}, Allegro's {day.grade.value}",
            )
        )
    found += filter(
        None,
        (
            _compared("score", "score", report.score, day.score),
            _compared("max_score", "max_score", report.max_score, day.max_score),
        ),
    )

    mapped = {
        code: metric
        for metric in day.metrics.values()
        if (code := _ours(report, metric.code, aliases)) is not None
    }
    for code, result in report.metrics.items():
        applicable = result.outcome is not Outcome.NOT_APPLICABLE
        theirs = mapped.get(code)
        if theirs is None:
            if applicable and (result.points or result.max_points):
                found.append(
                    _one_sided(
                        "only_ours",
                        code,
                        ours=result.points,
                        text=f"{code}: ours {result.points} of {result.max_points}, "
                        "not in Allegro's result",
                    )
                )
        elif not applicable:
            found.append(
                _one_sided(
                    "only_allegro",
                    code,
                    allegro=theirs.score,
                    text=f"{code}: Allegro's {theirs.score}, not applicable in ours "
                    f"({result.explanation})",
                )
            )
        else:
            found += filter(
                None,
                (
                    _compared("points", code, result.points, theirs.score),
                    None
                    if theirs.max_score is None
                    else _compared("max_points", code, result.max_points, theirs.max_score),
                ),
            )
    found.extend(
        _not_ours(metric, report)
        for metric in day.metrics.values()
        if _ours(report, metric.code, aliases) is None
    )
    return found


def _not_ours(metric: AllegroQualityMetric, report: QualityReport) -> QualityDifference:
    """A metric of Allegro's that is not ours: of its later edition, or unmapped (SQ-3)."""
    later = LATER_EDITION_METRICS.get(metric.code)
    if later is None:
        return _one_sided(
            "unmapped",
            metric.code,
            allegro=metric.score,
            text=f"{metric.code}: Allegro's {metric.score}; not a metric of ours "
            "(map it with codes=)",
        )
    most = metric.max_score if metric.max_score is not None else later.max_points
    points = f"{metric.score} of {most}" if most is not None else f"{metric.score}"
    return _one_sided(
        "later_edition",
        metric.code,
        allegro=metric.score,
        text=f"{metric.code}: Allegro's {points} points; {later.english} is a metric of "
        f"Allegro's rules of {LATER_EDITION}, which edition {report.edition} does not model",
    )


def calibrated_rulebook(
    days: Iterable[AllegroQualityDay],
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    *,
    codes: Mapping[str, str] | None = None,
) -> Rulebook:
    """Return ``rulebook`` with each metric's maximum points taken from Allegro (SQ-3).

    For every metric whose Allegro code maps to one of ours and for which
    Allegro reports a ``maxScore``, the metric's bonus becomes that maximum
    (the latest day that gives one wins); a two-sided metric whose penalty
    mirrored its bonus keeps mirroring it. Every other value is unchanged.
    The edition is named ``"<edition>+calibrated"`` and the source says where
    the points came from, so a report shows that it used a calibrated model.

    Args:
        days: Allegro's results, from :func:`parse_quality`.
        rulebook: The rulebook to start from.
        codes: Allegro metric codes to map onto ours, beyond ours.

    Returns:
        The calibrated :class:`Rulebook`; ``rulebook`` itself when no day
        gives a maximum for a metric of ours.
    """
    aliases = dict(codes or {})
    quality = rulebook.quality
    maxima: dict[str, tuple[date, int]] = {}
    for day in days:
        for metric in day.metrics.values():
            ours = aliases.get(metric.code, metric.code)
            if ours not in quality.metrics or metric.max_score is None:
                continue
            if ours not in maxima or maxima[ours][0] <= day.result_for:
                maxima[ours] = (day.result_for, metric.max_score)
    if not maxima:
        return rulebook
    for code, (_, points) in maxima.items():
        rule = quality.metrics[code]
        changes: dict[str, int] = {"bonus": points}
        if rule.penalty and rule.penalty == rule.bonus:
            changes["penalty"] = points
        quality = quality.with_metric(code, **changes)
    latest = max(when for when, _ in maxima.values())
    return attrs.evolve(
        rulebook,
        edition=f"{rulebook.edition}+calibrated",
        source=f"{rulebook.source}; maximum points of {len(maxima)} metric(s) from Allegro's "
        f"/sale/quality (latest day {latest})",
        quality=quality,
    )
