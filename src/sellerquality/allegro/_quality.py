"""Sales quality: the report, its daily history and its forecast (SQ-1…SQ-3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from html import escape

import attrs

from .._frozen import FrozenMap
from .._i18n import Language, language
from .._i18n import gettext as _
from .._results import Criterion, MetricResult, Outcome
from .._time import WARSAW, Window, day_start, iter_days, local_day, next_midnight, require_aware
from ..exceptions import InvalidTypeError, InvalidValueError
from ._editions import DEFAULT_RULEBOOK
from ._engine import tally_days
from ._lifecycle import check_discussion_limit
from ._metrics import Context, evaluate, tallies_needed
from ._model import Area, Dispute, DisputeStatus, Grade, Message, Offer, Order, SellerActivity
from ._rules import Rulebook

__all__ = [
    "AreaScore",
    "Forecast",
    "MetricForecast",
    "QualityReport",
    "forecast",
    "quality_history",
    "sales_quality",
]

_ONE_DAY = timedelta(days=1)


@attrs.frozen
class AreaScore:
    """The points of one area (SQ-1).

    Attributes:
        area: The area.
        points: Points earned by its metrics (negative when penalties outweigh).
        max_points: The most its applicable metrics can earn.
        metrics: The codes of its metrics, in report order.
    """

    area: Area
    points: int
    max_points: int
    metrics: tuple[str, ...]


@attrs.frozen(repr=False)
class QualityReport:
    """The sales-quality result at one instant (SQ-1…SQ-3).

    Attributes:
        as_of: The evaluation instant; records at or after it do not count.
        window: The 30 days before ``as_of``.
        score: The total of every metric's points.
        max_score: The total of the applicable metrics' bonus points.
        grade: The grade the score earns under the rulebook's bands.
        areas: Points per area.
        metrics: Every metric's result by code, in rulebook order.
        tips: Advice for the metrics that do not earn their full bonus (SQ-4),
            without repeats, in metric order.
        edition: The rulebook edition applied (its
            :attr:`~sellerquality.allegro.Rulebook.label`).
        discussion_limit: The cap on unresolved discussions (DI-4, T&C
            2024-04-15) as a criterion with its margin, for editions that have
            the cap; ``None`` for the others. It is a condition of selling on
            Allegro, not part of the score.

    Its ``repr`` is one line (day, grade, score, edition); a notebook shows
    one table row per metric (``_repr_html_``).
    """

    as_of: datetime
    window: Window
    score: int
    max_score: int
    grade: Grade
    areas: Mapping[Area, AreaScore]
    metrics: Mapping[str, MetricResult]
    tips: tuple[str, ...]
    edition: str
    discussion_limit: Criterion | None = None

    @property
    def day(self) -> date:
        """The Warsaw calendar day whose daily result this is (SQ-2).

        That is the day just before ``as_of``: the result at the midnight
        starting 1 April is the result of 31 March.
        """
        return local_day(self.as_of - timedelta(microseconds=1), WARSAW)

    def __repr__(self) -> str:
        return (
            f"QualityReport(day={self.day.isoformat()}, grade={self.grade.value}, "
            f"score={self.score}/{self.max_score}, metrics={len(self.metrics)}, "
            f"edition={self.edition!r})"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(result.code)}</td><td>{escape(result.rule)}</td>"
            f"<td>{result.outcome.value}</td><td>{result.points}/{result.max_points}</td>"
            f"<td>{escape(result.explanation)}</td></tr>"
            for result in self.metrics.values()
        )
        return (
            f"<table><caption>Sales quality on {self.day.isoformat()}: "
            f"{self.grade.value} ({escape(self.grade.polish)}), "
            f"{self.score} of {self.max_score} points</caption>"
            "<thead><tr><th>metric</th><th>rule</th><th>outcome</th><th>points</th>"
            f"<th>why</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def _report(ctx: Context) -> QualityReport:
    metrics = evaluate(ctx)
    rules = ctx.rulebook.quality
    score = sum(result.points for result in metrics.values())
    max_score = sum(result.max_points for result in metrics.values())
    areas: dict[Area, AreaScore] = {}
    for area in Area:
        members = [r for r in metrics.values() if r.area == area]
        areas[area] = AreaScore(
            area=area,
            points=sum(r.points for r in members),
            max_points=sum(r.max_points for r in members),
            metrics=tuple(r.code for r in members),
        )
    tips = tuple(dict.fromkeys(r.tip for r in metrics.values() if r.tip))
    return QualityReport(
        as_of=ctx.as_of,
        window=ctx.window,
        score=score,
        max_score=max_score,
        grade=rules.grade_for(score),
        areas=FrozenMap(areas),
        metrics=FrozenMap(metrics),
        tips=tips,
        edition=ctx.rulebook.label,
        discussion_limit=_discussion_limit(ctx),
    )


def _discussion_limit(ctx: Context) -> Criterion | None:
    """The DI-4 cap of the T&C 2024-04-15, where the edition has it.

    The standalone check refuses a dispute marked unresolved before the buyer
    could mark it; a report states that the cap cannot be checked instead of
    failing the whole report.
    """
    if ctx.rulebook.lifecycle.discussion_limit is None:
        return None
    try:
        return check_discussion_limit(ctx.activity, as_of=ctx.as_of, rulebook=ctx.rulebook)
    except InvalidValueError as problem:
        return Criterion(
            code="UNRESOLVED_DISCUSSIONS",
            rule="DI-4 (T&C 2024-04-15)",
            description="unresolved discussions against agreements (the cap cannot be checked)",
            actual="not computable from data",
            required="the cap",
            passed=None,
            shortfall=str(problem),
        )


def sales_quality(
    activity: SellerActivity,
    *,
    as_of: datetime,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> QualityReport:
    """Compute every metric, the score and the grade at ``as_of`` (SQ-1…SQ-E1).

    Records at or after ``as_of`` do not exist yet; the window is the 30 days
    before it (see :meth:`sellerquality.Window.last_days`). Allegro's daily
    result for a Warsaw day uses ``as_of`` = the next local midnight (SQ-2).
    The result does not depend on the order of the records.

    Args:
        activity: The seller's records.
        as_of: The evaluation instant; must be timezone-aware.
        rulebook: The edition of the rules.
        lang: The language of the texts (explanations, distances, tips):
            ``"en"`` or ``"pl"``; ``None`` keeps the current one (English
            unless inside :func:`sellerquality.language`).

    Returns:
        The :class:`QualityReport`.

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW
        >>> from sellerquality.allegro import SellerActivity, SellerAccount, sales_quality
        >>> report = sales_quality(
        ...     SellerActivity(account=SellerAccount(business=True)),
        ...     as_of=datetime(2026, 11, 1, tzinfo=WARSAW),
        ... )
        >>> report.score, report.max_score, report.grade.name
        (35, 115, 'NEUTRAL')
    """
    with language(lang):
        return _report(Context.build(activity, as_of, rulebook))


def _as_day(value: date, field: str, zone: tzinfo) -> date:
    if isinstance(value, datetime):
        return local_day(require_aware(value, field=field), zone)
    if not isinstance(value, date):
        raise InvalidTypeError(field=field, value=value, reason="must be a date")
    return value


def _daily(
    activity: SellerActivity, snapshots: list[datetime], rulebook: Rulebook
) -> tuple[QualityReport, ...]:
    columns = activity.columns
    slid = {
        (family, days): tally_days(family, columns, rulebook, as_ofs=snapshots, days=days)
        for family, days in tallies_needed(rulebook)
    }
    reports = []
    for step, as_of in enumerate(snapshots):
        ctx = Context(
            activity=activity,
            as_of=as_of,
            rulebook=rulebook,
            window=Window.last_days(as_of, rulebook.quality.window_days, rulebook.zone),
            tallies={key: tallies[step] for key, tallies in slid.items()},
        )
        reports.append(_report(ctx))
    return tuple(reports)


def quality_history(
    activity: SellerActivity,
    *,
    start: date,
    end: date,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> tuple[QualityReport, ...]:
    """One report per Warsaw calendar day from ``start`` to ``end``, both included (SQ-2).

    The report of day ``D`` equals ``sales_quality(activity, as_of=<midnight
    starting D + 1 in Warsaw>)``. It is computed by sliding the window from day
    to day — records entering and leaving update running counts — rather than
    recomputing each day, so 30 days cost little more than one report.

    Args:
        activity: The seller's records.
        start: The first day (a :class:`~datetime.date`; an aware datetime means its Warsaw day).
        end: The last day.
        rulebook: The edition of the rules.
        lang: The language of the texts (explanations, distances, tips):
            ``"en"`` or ``"pl"``; ``None`` keeps the current one (English
            unless inside :func:`sellerquality.language`).

    Returns:
        The reports in day order (empty when ``end`` is before ``start``).

    Raises:
        InvalidValueError: ``end`` is before ``start``.
    """
    with language(lang):
        return _quality_history(activity, start=start, end=end, rulebook=rulebook)


def _quality_history(
    activity: SellerActivity, *, start: date, end: date, rulebook: Rulebook
) -> tuple[QualityReport, ...]:
    zone = rulebook.zone
    first, last = _as_day(start, "start", zone), _as_day(end, "end", zone)
    if last < first:
        raise InvalidValueError(field="end", value=last, reason=f"is before start {first}")
    snapshots = [day_start(day + _ONE_DAY, zone) for day in iter_days(first, last)]
    return _daily(activity, snapshots, rulebook)


# --- forecast ---------------------------------------------------------------------------


@attrs.frozen
class MetricForecast:
    """When a metric that is not earning its bonus would recover by waiting (SQ-2).

    Attributes:
        code: The metric code.
        outcome: Its outcome now.
        recovers_on: The first Warsaw day whose daily result shows it earning
            the bonus (or, for a penalty, no longer a penalty) if no new
            records arrive; ``None`` if waiting alone does not fix it within
            the forecast's horizon.
        recovers_at: That day's evaluation instant (its next midnight).
        outcome_then: The outcome on that day.
        explanation: The forecast in words.
    """

    code: str
    outcome: Outcome
    recovers_on: date | None
    recovers_at: datetime | None
    outcome_then: Outcome | None
    explanation: str


@attrs.frozen
class Forecast:
    """What waiting alone would do to the report (SQ-2).

    Attributes:
        as_of: The instant forecast from.
        days: How many daily results ahead were looked at.
        grade: The grade now.
        grade_changes_on: The first day whose result shows another grade, or ``None``.
        grade_then: That grade.
        metrics: One :class:`MetricForecast` per metric not earning its bonus.
    """

    as_of: datetime
    days: int
    grade: Grade
    grade_changes_on: date | None
    grade_then: Grade | None
    metrics: Mapping[str, MetricForecast]


def _known_at(activity: SellerActivity, as_of: datetime) -> SellerActivity:
    """The activity as it stood at ``as_of``: later records and later events removed."""

    def before(moment: datetime | None) -> datetime | None:
        return moment if moment is not None and moment < as_of else None

    def order(o: Order) -> Order:
        return attrs.evolve(
            o,
            tracking_added_at=before(o.tracking_added_at),
            sent_at=before(o.sent_at),
            delivered_at=before(o.delivered_at) if before(o.sent_at) else None,
        )

    def dispute(d: Dispute) -> Dispute:
        if d.closed_at is not None and d.closed_at >= as_of:
            return attrs.evolve(
                d,
                first_reply_at=before(d.first_reply_at),
                status=DisputeStatus.ONGOING,
                closed_at=None,
            )
        return attrs.evolve(d, first_reply_at=before(d.first_reply_at))

    def offer(o: Offer) -> Offer:
        return attrs.evolve(o, ended_at=before(o.ended_at))

    def message(m: Message) -> Message:
        return attrs.evolve(m, replied_at=before(m.replied_at))

    return SellerActivity(
        account=activity.account,
        offers=[offer(o) for o in activity.offers if o.listed_at is None or o.listed_at < as_of],
        orders=[order(o) for o in activity.orders if o.bought_at < as_of],
        disputes=[dispute(d) for d in activity.disputes if d.opened_at < as_of],
        ratings=[r for r in activity.ratings if r.created_at < as_of],
        messages=[message(m) for m in activity.messages if m.received_at < as_of],
        violations=[v for v in activity.violations if v.at < as_of],
    )


def forecast(
    activity: SellerActivity,
    *,
    as_of: datetime,
    days: int = 30,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> Forecast:
    """Forecast recovery by waiting: old records leave the window, nothing new arrives (SQ-2).

    The activity is taken as it stood at ``as_of`` (later records and events,
    such as replies written after ``as_of``, are ignored), then evaluated at each
    of the next ``days`` daily evaluations (Warsaw midnights after ``as_of``).
    For every metric not earning its bonus now, the first day it would earn it
    (a penalty: the first day it is no longer a penalty) is reported, and so is
    the first day the grade would change. Waiting can also make things worse
    (a message left unanswered becomes late); the forecast shows that too.

    Args:
        activity: The seller's records.
        as_of: The instant to forecast from (aware).
        days: How many daily results to look ahead (at least 1).
        rulebook: The edition of the rules.
        lang: The language of the texts (explanations, distances, tips):
            ``"en"`` or ``"pl"``; ``None`` keeps the current one (English
            unless inside :func:`sellerquality.language`).

    Returns:
        The :class:`Forecast`.

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
        InvalidValueError: ``days`` is less than 1.
    """
    with language(lang):
        return _forecast(activity, as_of=as_of, days=days, rulebook=rulebook)


def _forecast(
    activity: SellerActivity, *, as_of: datetime, days: int, rulebook: Rulebook
) -> Forecast:
    require_aware(as_of, field="as_of")
    if days < 1:
        raise InvalidValueError(field="days", value=days, reason="must be at least 1")
    frozen = _known_at(activity, as_of)
    now = _report(Context.build(frozen, as_of, rulebook))
    zone = rulebook.zone
    first = local_day(next_midnight(as_of, zone), zone)
    snapshots = [day_start(first + step * _ONE_DAY, zone) for step in range(days)]
    future = _daily(frozen, snapshots, rulebook)

    grade_day: date | None = None
    grade_then: Grade | None = None
    for report in future:
        if report.grade != now.grade:
            grade_day, grade_then = report.day, report.grade
            break

    forecasts: dict[str, MetricForecast] = {}
    for code, result in now.metrics.items():
        if result.outcome is Outcome.BONUS:
            continue
        for report in future:
            then = report.metrics[code].outcome
            if then is Outcome.BONUS or (
                result.outcome is Outcome.PENALTY and then is not Outcome.PENALTY
            ):
                forecasts[code] = MetricForecast(
                    code=code,
                    outcome=result.outcome,
                    recovers_on=report.day,
                    recovers_at=report.as_of,
                    outcome_then=then,
                    explanation=_(
                        "{code} turns {outcome} in the result for {day} if no new records arrive."
                    ).format(code=code, outcome=then.value, day=report.day),
                )
                break
        else:
            forecasts[code] = MetricForecast(
                code=code,
                outcome=result.outcome,
                recovers_on=None,
                recovers_at=None,
                outcome_then=None,
                explanation=_(
                    "{code} does not recover by waiting alone within {days} days; "
                    "it needs new records or changes."
                ).format(code=code, days=days),
            )
    return Forecast(
        as_of=as_of,
        days=days,
        grade=now.grade,
        grade_changes_on=grade_day,
        grade_then=grade_then,
        metrics=FrozenMap(forecasts),
    )
