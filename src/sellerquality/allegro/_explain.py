"""Why did the grade change? The metrics that moved between two daily results, and the records.

Allegro recomputes the sales-quality result every day over the 30 days before
it (SQ-2): a metric moves because records entered its window, left it, or
changed in between (a reply sent, a dispute closed, a tracking number added).
:func:`explain_change` lists, for each metric whose outcome or points differ
between two days, exactly those records — all of them, not the first 50
culprits — and the score and grade change they add up to.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

import attrs

from .._i18n import Language, language
from .._results import MetricResult
from .._time import Window
from ..exceptions import InvalidValueError
from ._editions import DEFAULT_RULEBOOK
from ._engine import Family
from ._metrics import METRIC_FAMILIES
from ._model import DisputeStatus, Grade, SellerActivity
from ._quality import QualityReport, quality_history
from ._rules import Rulebook

__all__ = ["MetricChange", "Move", "QualityChange", "RecordMove", "explain_change"]


class Move(enum.Enum):
    """How a record moved a metric between two daily results (SQ-2)."""

    ENTERED = "ENTERED"
    """Its instant entered the metric's window (a new rating, order, message...)."""
    LEFT = "LEFT"
    """Its instant left the window: 30 days (or the metric's own window) passed."""
    CHANGED = "CHANGED"
    """It stayed in the window and something happened to it in between: a reply,
    a closing, a tracking number, a dispatch, a delivery, an offer listed or ended."""


@attrs.frozen
class RecordMove:
    """One record that moved a metric (SQ-2).

    Attributes:
        kind: The record kind, as in our JSON format (``"ratings"``, ``"orders"``...).
        record_id: The record's id.
        move: Entered, left or changed.
        at: The instant that moved it: the record's own instant for a record that
            entered or left, the event's instant for one that changed; for an
            offer, when it was listed or ended (``None`` when unknown).
    """

    kind: str
    record_id: str
    move: Move
    at: datetime | None


@attrs.frozen
class MetricChange:
    """One metric whose outcome or points differ between two daily results (SQ-A1…SQ-E1).

    Attributes:
        code: The metric code.
        rule: Its rule ID.
        before: The metric's result on the earlier day.
        after: Its result on the later day.
        moves: Every record that entered or left its window or changed in
            between, in time order (not capped).
    """

    code: str
    rule: str
    before: MetricResult
    after: MetricResult
    moves: tuple[RecordMove, ...]

    @property
    def points(self) -> int:
        """The points gained between the two days, negative when they were lost."""
        return self.after.points - self.before.points


@attrs.frozen
class QualityChange:
    """What changed between two daily sales-quality results, and why (SQ-2, SQ-3).

    Attributes:
        before: The earlier day's report.
        after: The later day's report.
        metrics: One :class:`MetricChange` per metric whose outcome or points
            changed, in rulebook order; their points add up to :attr:`score`.
    """

    before: QualityReport
    after: QualityReport
    metrics: tuple[MetricChange, ...]

    @property
    def score(self) -> int:
        """The score gained between the two days, negative when it was lost."""
        return self.after.score - self.before.score

    @property
    def grade(self) -> tuple[Grade, Grade]:
        """The grades on the two days."""
        return (self.before.grade, self.after.grade)


_Instant = Callable[[object], datetime | None]
_Events = Callable[[object], Iterable[datetime | None]]


def _when(name: str) -> _Instant:
    def read(record: object) -> datetime | None:
        value: datetime | None = getattr(record, name)
        return value

    return read


def _events(*names: str) -> _Events:
    def read(record: object) -> Iterable[datetime | None]:
        return (getattr(record, name) for name in names)

    return read


def _unresolved_at(record: object) -> datetime | None:
    if getattr(record, "status") is DisputeStatus.UNRESOLVED:  # noqa: B009 - one reader for all kinds
        value: datetime | None = getattr(record, "closed_at")  # noqa: B009
        return value
    return None


# Where each family's records are, the instant that places one in a window,
# and the events that change one while it stays (SQ-A1…SQ-E1).
_FAMILIES: dict[Family, tuple[str, _Instant, _Events]] = {
    Family.RATINGS: ("ratings", _when("created_at"), _events()),
    Family.MESSAGES: ("messages", _when("received_at"), _events("replied_at")),
    Family.DISPUTES: ("disputes", _when("opened_at"), _events("first_reply_at")),
    Family.OPEN_DISPUTES: ("disputes", _when("opened_at"), _events("first_reply_at", "closed_at")),
    Family.UNRESOLVED: ("disputes", _unresolved_at, _events()),
    Family.ORDERS: (
        "orders",
        _when("bought_at"),
        _events("tracking_added_at", "sent_at", "delivered_at"),
    ),
    Family.VIOLATIONS: ("violations", _when("at"), _events()),
}


def _windowed(
    family: Family, activity: SellerActivity, before: Window, after: Window, span: Window
) -> list[RecordMove]:
    kind, instant, events = _FAMILIES[family]
    moves: list[RecordMove] = []
    for record in getattr(activity, kind):
        at = instant(record)
        if at is None:
            continue
        was, now = at in before, at in after
        if now and not was:
            moves.append(RecordMove(kind, record.id, Move.ENTERED, at))
        elif was and not now:
            moves.append(RecordMove(kind, record.id, Move.LEFT, at))
        elif was and now:
            happened = [e for e in events(record) if e is not None and e in span]
            if happened:
                moves.append(RecordMove(kind, record.id, Move.CHANGED, min(happened)))
    return moves


def _offers(activity: SellerActivity, before: datetime, after: datetime) -> list[RecordMove]:
    moves: list[RecordMove] = []
    for offer in activity.offers:
        was, now = offer.is_active(before), offer.is_active(after)
        if now and not was:
            moves.append(RecordMove("offers", offer.id, Move.ENTERED, offer.listed_at))
        elif was and not now:
            moves.append(RecordMove("offers", offer.id, Move.LEFT, offer.ended_at))
    return moves


def _moves(
    families: Sequence[Family],
    activity: SellerActivity,
    before: QualityReport,
    after: QualityReport,
    windows: tuple[Window, Window],
) -> tuple[RecordMove, ...]:
    span = Window(before.as_of, after.as_of)
    found: list[RecordMove] = []
    for family in families:
        if family is Family.OFFERS:
            found += _offers(activity, before.as_of, after.as_of)
        elif family is Family.ORDERS and len(families) > 1:
            # An unresolved share is out of the window's transactions: those that
            # entered or left count; a dispatch in between does not move it.
            found += [
                move
                for move in _windowed(family, activity, *windows, span)
                if move.move is not Move.CHANGED
            ]
        else:
            found += _windowed(family, activity, *windows, span)
    unique = {(m.kind, m.record_id, m.move): m for m in found}
    return tuple(
        sorted(
            unique.values(),
            key=lambda m: (m.at is None, m.at or before.as_of, m.kind, m.record_id),
        )
    )


def explain_change(
    activity: SellerActivity,
    *,
    before: date,
    after: date,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> QualityChange:
    """Why the daily result of ``after`` differs from that of ``before`` (SQ-2, SQ-3).

    Both are Warsaw calendar days; each day's result is the report at the
    midnight that ends it, as :func:`quality_history` computes it. For each
    metric whose outcome or points changed, the result lists every record
    that entered or left the metric's window in between, and every record
    that stayed in it but changed (a reply sent, a dispute closed or marked
    unresolved, a tracking number added, an order sent or delivered; for
    offer metrics, offers listed or ended). The metrics' point changes add
    up to the score change. ``lang`` (``"en"`` or ``"pl"``; ``None`` keeps
    the current one) is the language of the two reports' texts (see
    :func:`sellerquality.language`).

    Raises:
        InvalidValueError: ``after`` is not later than ``before``.

    Example:
        >>> from datetime import date
        >>> from sellerquality.allegro import explain_change
        >>> from sellerquality.examples import load_example
        >>> change = explain_change(
        ...     load_example(), before=date(2026, 10, 9), after=date(2026, 10, 10)
        ... )
        >>> change.score == sum(metric.points for metric in change.metrics)
        True
    """
    with language(lang):
        if after <= before:
            raise InvalidValueError(
                field="after", value=after, reason=f"must be a day after before ({before})"
            )
        first, second = (
            quality_history(activity, start=day, end=day, rulebook=rulebook)[0]
            for day in (before, after)
        )
        changes = []
        for code, result in second.metrics.items():
            earlier = first.metrics.get(code)
            if earlier is None or (earlier.outcome, earlier.points) == (
                result.outcome,
                result.points,
            ):
                continue
            changes.append(
                MetricChange(
                    code=code,
                    rule=result.rule,
                    before=earlier,
                    after=result,
                    moves=_moves(
                        METRIC_FAMILIES[code],
                        activity,
                        first,
                        second,
                        (earlier.window, result.window),
                    ),
                )
            )
        return QualityChange(before=first, after=second, metrics=tuple(changes))
