"""Lifecycles: a dispute's timeline and state, rating deadlines, and the seller's to-do list.

Implements DI-1…DI-6 and RA-1, with the T&C edition of 2024-04-15 (business-day
reply clock, 7-day resolution for parcels that did not arrive, the cap on
unresolved discussions). Every length of time comes from the rulebook's
:class:`~sellerquality.allegro.LifecycleRules`; "hours" are elapsed time and
"days" are calendar days on the wall clock of the instant's own zone
(:mod:`sellerquality` time conventions). A deadline instant itself is still on
time.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from .._results import Criterion
from .._time import Window, add_days, add_elapsed, require_aware
from ..exceptions import InvalidValueError
from ._clock import reply_due
from ._model import Dispute, DisputeReason, DisputeStatus, Rating, SellerActivity
from ._rules import DEFAULT_RULEBOOK, EDITION_2024_04_15, LifecycleRules, ReplyClock, Rulebook

__all__ = [
    "Deadline",
    "DeadlineKind",
    "DisputeEvent",
    "DisputeEventKind",
    "DisputeTimeline",
    "check_discussion_limit",
    "deadlines",
    "dispute_events",
    "dispute_state",
    "dispute_timeline",
    "rating_change_deadline",
    "resolution_window",
]


# --- the dispute's own instants -----------------------------------------------------


def _unresolved_days(dispute: Dispute, rules: LifecycleRules) -> int:
    if dispute.reason is DisputeReason.NOT_RECEIVED:
        return rules.unresolved_after_days_not_received
    return rules.unresolved_after_days


def _unresolved_from(dispute: Dispute, rules: LifecycleRules) -> datetime:
    return add_days(dispute.opened_at, _unresolved_days(dispute, rules))


def _expires_at(dispute: Dispute, rules: LifecycleRules) -> datetime:
    return add_days(dispute.opened_at, rules.expires_after_days)


def _check_marking(dispute: Dispute, rules: LifecycleRules) -> None:
    """Reject an UNRESOLVED marking the rules do not allow at its time (DI-4, DI-5)."""
    closed_at = dispute.closed_at
    if dispute.status is not DisputeStatus.UNRESOLVED or closed_at is None:
        return
    unresolved_from = _unresolved_from(dispute, rules)
    if closed_at < unresolved_from:
        raise InvalidValueError(
            record="Dispute",
            record_id=dispute.id,
            field="closed_at",
            value=closed_at,
            reason=f"marks it UNRESOLVED before {unresolved_from.isoformat()}, the first "
            f"instant the buyer may ({_unresolved_days(dispute, rules)} days after opened_at "
            f"{dispute.opened_at.isoformat()}, DI-4)",
        )
    expires_at = _expires_at(dispute, rules)
    if closed_at >= expires_at:
        raise InvalidValueError(
            record="Dispute",
            record_id=dispute.id,
            field="closed_at",
            value=closed_at,
            reason=f"marks it UNRESOLVED at or after {expires_at.isoformat()}, when it "
            f"expired and was resolved ({rules.expires_after_days} days after opened_at "
            f"{dispute.opened_at.isoformat()}, DI-5)",
        )


def _closing(dispute: Dispute, rules: LifecycleRules) -> tuple[datetime, DisputeStatus]:
    """When the dispute stops being ONGOING, and the status it takes then (DI-4, DI-5)."""
    _check_marking(dispute, rules)
    expires_at = _expires_at(dispute, rules)
    if dispute.status is DisputeStatus.ONGOING:
        return expires_at, DisputeStatus.RESOLVED
    if dispute.closed_at is None:
        # The buyer's marking is known but not its time: known from opening.
        return dispute.opened_at, dispute.status
    if dispute.status is DisputeStatus.RESOLVED:
        # A later record of a resolution does not undo the expiry (DI-5).
        return min(dispute.closed_at, expires_at), DisputeStatus.RESOLVED
    return dispute.closed_at, DisputeStatus.UNRESOLVED


# --- timeline -------------------------------------------------------------------------


@attrs.frozen
class DisputeTimeline:
    """The fixed instants of one dispute (DI-2…DI-5).

    Attributes:
        open_from: The earliest instant the buyer may open a dispute about the
            purchase: the purchase plus ``dispute_open_after`` (1 hour, DI-2).
        open_until: The latest instant, inclusive: the purchase plus
            ``dispute_open_days`` calendar days (180, DI-2).
        reply_due: The last instant for the seller's first reply, on time
            (DI-3; 24 hours on the edition's reply clock).
        unresolved_from: The first instant the buyer may mark the dispute
            unresolved: opening plus ``unresolved_after_days`` (14, DI-4), or
            ``unresolved_after_days_not_received`` for a parcel that did not
            arrive (7 from T&C 2024-04-15).
        expires_at: The instant an unmarked dispute expires and is resolved:
            opening plus ``expires_after_days`` (30, DI-5).
    """

    open_from: datetime
    open_until: datetime
    reply_due: datetime
    unresolved_from: datetime
    expires_at: datetime


def dispute_timeline(
    dispute: Dispute, *, purchased_at: datetime, rulebook: Rulebook = DEFAULT_RULEBOOK
) -> DisputeTimeline:
    """Return the deadlines of ``dispute``, a dispute about a purchase made at ``purchased_at``.

    Implements DI-2, DI-3, DI-4 and DI-5.

    Args:
        dispute: The dispute.
        purchased_at: When the purchase it is about was made.
        rulebook: The edition whose deadlines apply.

    Returns:
        The timeline. Instants counted in days are in ``purchased_at``'s or
        ``opened_at``'s zone; ``reply_due`` is as :func:`reply_due` gives it.

    Raises:
        NaiveDatetimeError: ``purchased_at`` has no time zone.
        InvalidValueError: The dispute was opened outside
            ``[open_from, open_until]`` (both instants are named), or it is
            marked UNRESOLVED before ``unresolved_from`` or after it expired.

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW
        >>> from sellerquality.allegro import Dispute, dispute_timeline
        >>> dispute = Dispute(id="d-1", opened_at=datetime(2022, 3, 4, 9, 30, tzinfo=WARSAW))
        >>> timeline = dispute_timeline(
        ...     dispute, purchased_at=datetime(2022, 3, 1, 12, 0, tzinfo=WARSAW)
        ... )
        >>> timeline.reply_due.isoformat(), timeline.expires_at.isoformat()
        ('2022-03-05T09:30:00+01:00', '2022-04-03T09:30:00+02:00')
    """
    require_aware(purchased_at, field="purchased_at")
    rules = rulebook.lifecycle
    open_from = add_elapsed(purchased_at, rules.dispute_open_after)
    open_until = add_days(purchased_at, rules.dispute_open_days)
    if not open_from <= dispute.opened_at <= open_until:
        raise InvalidValueError(
            record="Dispute",
            record_id=dispute.id,
            field="opened_at",
            value=dispute.opened_at,
            reason=f"is outside [{open_from.isoformat()}, {open_until.isoformat()}], when a "
            f"buyer may open a dispute about a purchase made at {purchased_at.isoformat()} (DI-2)",
        )
    _check_marking(dispute, rules)
    return DisputeTimeline(
        open_from=open_from,
        open_until=open_until,
        reply_due=reply_due(dispute.opened_at, rulebook=rulebook),
        unresolved_from=_unresolved_from(dispute, rules),
        expires_at=_expires_at(dispute, rules),
    )


def resolution_window(dispute: Dispute, *, rulebook: Rulebook = DEFAULT_RULEBOOK) -> Window:
    """Return the span in which the seller should resolve ``dispute`` before the buyer may mark it.

    Implements the resolution windows of the T&C edition of 2024-04-15 (7 days
    for a parcel that did not arrive, 14 days otherwise) and DI-4 in edition
    2022, where the window is implied: 14 days whatever the reason. The window
    is half-open, ``[opened_at, unresolved_from)``: from its end the buyer may
    mark the dispute unresolved.

    Args:
        dispute: The dispute.
        rulebook: The edition whose windows apply.

    Returns:
        The window.

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW
        >>> from sellerquality.allegro import (
        ...     EDITION_2024_04_15,
        ...     Dispute,
        ...     DisputeReason,
        ...     resolution_window,
        ... )
        >>> lost = Dispute(
        ...     id="d-2",
        ...     opened_at=datetime(2024, 5, 6, 10, 0, tzinfo=WARSAW),
        ...     reason=DisputeReason.NOT_RECEIVED,
        ... )
        >>> resolution_window(lost, rulebook=EDITION_2024_04_15).end.isoformat()
        '2024-05-13T10:00:00+02:00'
    """
    return Window(dispute.opened_at, _unresolved_from(dispute, rulebook.lifecycle))


# --- state ------------------------------------------------------------------------------


def dispute_state(
    dispute: Dispute, *, at: datetime, rulebook: Rulebook = DEFAULT_RULEBOOK
) -> DisputeStatus:
    """Return the status of ``dispute`` as it stands at the instant ``at``.

    Implements DI-4 and DI-5. ``Dispute.status`` is the buyer's final marking
    and ``Dispute.closed_at`` when it was made:

    * before the buyer's marking the dispute is ONGOING; from ``closed_at``
      (inclusive) it has the buyer's status;
    * a dispute the buyer never marked (status ONGOING) is RESOLVED from its
      expiry instant on (DI-5); so is a RESOLVED one whose ``closed_at`` is
      recorded after the expiry;
    * when ``closed_at`` is ``None`` for a RESOLVED or UNRESOLVED dispute, the
      time of the marking is unknown and the status counts from the opening.

    Once closed, a dispute never becomes ONGOING again as ``at`` grows.

    Args:
        dispute: The dispute.
        at: The instant asked about; not before the opening.
        rulebook: The edition whose deadlines apply.

    Returns:
        ONGOING, RESOLVED or UNRESOLVED.

    Raises:
        NaiveDatetimeError: ``at`` has no time zone.
        InvalidValueError: ``at`` is before the dispute was opened; or the
            dispute is marked UNRESOLVED before the buyer may
            (``closed_at`` earlier than opening plus the unresolved days,
            DI-4) or at or after its expiry, when it was already resolved (DI-5).

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW
        >>> from sellerquality.allegro import Dispute, dispute_state
        >>> dispute = Dispute(id="d-1", opened_at=datetime(2022, 3, 4, 9, 30, tzinfo=WARSAW))
        >>> dispute_state(dispute, at=datetime(2022, 4, 3, 9, 30, tzinfo=WARSAW)).name
        'RESOLVED'
    """
    require_aware(at, field="at")
    if at < dispute.opened_at:
        raise InvalidValueError(
            record="Dispute",
            record_id=dispute.id,
            field="at",
            value=at,
            reason=f"is before opened_at {dispute.opened_at.isoformat()}; "
            "the dispute does not exist yet",
        )
    closes_at, status = _closing(dispute, rulebook.lifecycle)
    return DisputeStatus.ONGOING if at < closes_at else status


# --- events -----------------------------------------------------------------------------


class DisputeEventKind(enum.Enum):
    """What happens in a dispute's life (DI-1…DI-5); in display order for equal instants."""

    PURCHASED = "PURCHASED"
    """The purchase the dispute is about."""
    OPENED = "OPENED"
    """The buyer opened the dispute (DI-1, DI-2)."""
    REPLIED = "REPLIED"
    """The seller's first reply (DI-3)."""
    REPLY_DUE = "REPLY_DUE"
    """The last instant for a first reply on time (DI-3)."""
    MAY_MARK_UNRESOLVED = "MAY_MARK_UNRESOLVED"
    """From here the buyer may mark the dispute unresolved (DI-4)."""
    MARKED_RESOLVED = "MARKED_RESOLVED"
    """The buyer marked it resolved (DI-5)."""
    MARKED_UNRESOLVED = "MARKED_UNRESOLVED"
    """The buyer marked it unresolved (DI-4)."""
    EXPIRED = "EXPIRED"
    """Unmarked, it expired and was resolved (DI-5)."""


_EVENT_ORDER = {kind: position for position, kind in enumerate(DisputeEventKind)}


@attrs.frozen
class DisputeEvent:
    """One row of a dispute's timeline, for display (DI-1…DI-5).

    Attributes:
        at: When it happens.
        kind: What happens.
        rule: The rule ID behind it, such as ``"DI-3"``.
        description: The event in plain words.
    """

    at: datetime
    kind: DisputeEventKind
    rule: str
    description: str


def _duration_words(rules: LifecycleRules) -> str:
    hours = Fraction(rules.reply_within / timedelta(hours=1))
    amount = f"{hours.numerator}" if hours.denominator == 1 else f"{float(hours):g}"
    if rules.reply_clock is ReplyClock.BUSINESS:
        return f"{amount} hours on business days (weekends and Polish public holidays excluded)"
    return f"{amount} hours"


_REASON_WORDS = {
    DisputeReason.NOT_RECEIVED: "parcel not received",
    DisputeReason.NOT_AS_DESCRIBED: "item not as described",
    DisputeReason.SHIPPING_COST: "shipping cost not as on the offer page",
    DisputeReason.OTHER: "other reason",
}


def dispute_events(
    dispute: Dispute, *, purchased_at: datetime, rulebook: Rulebook = DEFAULT_RULEBOOK
) -> tuple[DisputeEvent, ...]:
    """Return what happens in ``dispute``'s life, and when, in time order.

    Implements DI-1…DI-5, for display. The rows: the purchase, the opening,
    the seller's first reply (if any) and when it was due, the instant from
    which the buyer may mark the dispute unresolved (only if it is still
    ongoing then), and how it closes: the buyer's marking or, failing that,
    the expiry that resolves it. A marking whose time is unknown
    (``closed_at`` is ``None``) is shown at the opening, from which its status
    counts (see :func:`dispute_state`). Rows at the same instant keep the
    order of :class:`DisputeEventKind`.

    Args:
        dispute: The dispute.
        purchased_at: When the purchase it is about was made.
        rulebook: The edition whose deadlines apply.

    Returns:
        The events, earliest first.

    Raises:
        NaiveDatetimeError: ``purchased_at`` has no time zone.
        InvalidValueError: As :func:`dispute_timeline`.
    """
    rules = rulebook.lifecycle
    timeline = dispute_timeline(dispute, purchased_at=purchased_at, rulebook=rulebook)
    closes_at, status = _closing(dispute, rules)
    events = [
        DisputeEvent(
            purchased_at,
            DisputeEventKind.PURCHASED,
            "DI-2",
            f"Purchase; a dispute may be opened from {timeline.open_from.isoformat()} "
            f"to {timeline.open_until.isoformat()}",
        ),
        DisputeEvent(
            dispute.opened_at,
            DisputeEventKind.OPENED,
            "DI-1",
            f"The buyer opens the dispute ({_REASON_WORDS[dispute.reason]})",
        ),
        DisputeEvent(
            timeline.reply_due,
            DisputeEventKind.REPLY_DUE,
            "DI-3",
            f"The seller's first reply is due ({_duration_words(rules)} after opening)",
        ),
    ]
    if dispute.first_reply_at is not None:
        on_time = "on time" if dispute.first_reply_at <= timeline.reply_due else "late"
        events.append(
            DisputeEvent(
                dispute.first_reply_at,
                DisputeEventKind.REPLIED,
                "DI-3",
                f"The seller replies for the first time ({on_time})",
            )
        )
    # The buyer's option is shown while the dispute is still ongoing then, and
    # at the very instant the buyer takes it.
    if timeline.unresolved_from < closes_at or (
        status is DisputeStatus.UNRESOLVED and timeline.unresolved_from == closes_at
    ):
        events.append(
            DisputeEvent(
                timeline.unresolved_from,
                DisputeEventKind.MAY_MARK_UNRESOLVED,
                "DI-4",
                f"From now the buyer may mark the dispute unresolved "
                f"({_unresolved_days(dispute, rules)} days after opening)",
            )
        )
    unknown = " (time unknown; counted from the opening)" if dispute.closed_at is None else ""
    if status is DisputeStatus.UNRESOLVED:
        events.append(
            DisputeEvent(
                closes_at,
                DisputeEventKind.MARKED_UNRESOLVED,
                "DI-4",
                f"The buyer marks the dispute unresolved{unknown}",
            )
        )
    elif closes_at == timeline.expires_at:
        events.append(
            DisputeEvent(
                closes_at,
                DisputeEventKind.EXPIRED,
                "DI-5",
                f"Unmarked, the dispute expires and is resolved "
                f"({rules.expires_after_days} days after opening)",
            )
        )
    else:
        events.append(
            DisputeEvent(
                closes_at,
                DisputeEventKind.MARKED_RESOLVED,
                "DI-5",
                f"The buyer marks the dispute resolved{unknown}",
            )
        )
    return tuple(sorted(events, key=lambda event: (event.at, _EVENT_ORDER[event.kind])))


# --- ratings ------------------------------------------------------------------------------


def rating_change_deadline(rating: Rating, *, rulebook: Rulebook = DEFAULT_RULEBOOK) -> datetime:
    """Return the last instant the seller may ask the buyer to change a negative rating.

    Implements RA-1: the seller has ``rating_change_days`` calendar days (21)
    from a negative (not recommended) rating to ask the buyer to withdraw it,
    after solving the problem and without pressure. The deadline instant
    itself is still inside the window.

    A positive (recommended) rating has nothing to change, so asking for its
    deadline is an error rather than ``None``: the return type stays
    :class:`~datetime.datetime`, and a mix-up shows at once.

    Args:
        rating: A negative rating.
        rulebook: The edition whose window applies.

    Returns:
        ``created_at`` plus the window, in ``created_at``'s zone.

    Raises:
        InvalidValueError: ``rating`` is recommended (positive).

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW
        >>> from sellerquality.allegro import Rating, rating_change_deadline
        >>> bad = Rating(
        ...     id="r-1", created_at=datetime(2022, 3, 20, 18, 0, tzinfo=WARSAW), recommended=False
        ... )
        >>> rating_change_deadline(bad).isoformat()  # 21 calendar days, across the DST change
        '2022-04-10T18:00:00+02:00'
    """
    if rating.recommended:
        raise InvalidValueError(
            record="Rating",
            record_id=rating.id,
            field="recommended",
            value=rating.recommended,
            reason="means a positive rating, which has nothing to change; only a negative "
            "(not recommended) rating has a change window (RA-1)",
        )
    return add_days(rating.created_at, rulebook.lifecycle.rating_change_days)


# --- the cap on unresolved discussions ----------------------------------------------------


def _percent(share: Fraction) -> str:
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return f"{value.normalize():f}%"


def _marked_at(dispute: Dispute) -> datetime:
    return dispute.opened_at if dispute.closed_at is None else dispute.closed_at


def check_discussion_limit(
    activity: SellerActivity, *, as_of: datetime, rulebook: Rulebook = EDITION_2024_04_15
) -> Criterion:
    """Check the cap on unresolved discussions of the T&C edition of 2024-04-15.

    Implements the later-edition note of section C (rule ``"DI-4 (T&C
    2024-04-15)"``): over the last ``window_days`` days (60), unresolved
    discussions must be at most ``max_share`` (0.2%) of agreements when there
    were more than ``large_volume`` (1,000), otherwise at most ``max_count`` (2).

    Readings: an *agreement* is an order bought in the window and not
    cancelled; an *unresolved discussion* is a dispute the buyer marked
    UNRESOLVED in the window (at ``closed_at``, or at the opening when the
    time of the marking is unknown). The share is exact and inclusive.

    The default rulebook here is ``EDITION_2024_04_15``, the first edition
    with the cap.

    Args:
        activity: The seller's records.
        as_of: The instant evaluated; the window is the days before it.
        rulebook: An edition with a ``discussion_limit``.

    Returns:
        A criterion with code ``UNRESOLVED_DISCUSSIONS``: ``actual`` and
        ``required`` are counts (``int``), or shares (``Fraction``) above the
        volume threshold; ``culprits`` are the unresolved disputes.

    Raises:
        InvalidValueError: The rulebook's edition has no cap (edition 2022),
            or a dispute is marked UNRESOLVED when it could not be.
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    limit = rulebook.lifecycle.discussion_limit
    if limit is None:
        raise InvalidValueError(
            field="rulebook",
            value=rulebook.edition,
            reason="has no cap on unresolved discussions; it came with the T&C of "
            "2024-04-15 (EDITION_2024_04_15)",
        )
    window = Window.last_days(as_of, limit.window_days)
    agreements = sum(1 for order in activity.orders_in(window) if not order.cancelled)
    unresolved: list[Dispute] = []
    for dispute in activity.disputes:
        if dispute.status is DisputeStatus.UNRESOLVED:
            _check_marking(dispute, rulebook.lifecycle)
            if window.contains(_marked_at(dispute)):
                unresolved.append(dispute)
    unresolved.sort(key=lambda dispute: (_marked_at(dispute), dispute.id))
    count = len(unresolved)
    actual: int | Fraction
    required: int | Fraction
    if agreements > limit.large_volume:
        actual, required = Fraction(count, agreements), limit.max_share
        allowed = math.floor(limit.max_share * agreements)
    else:
        actual, required = count, limit.max_count
        allowed = limit.max_count
    passed = actual <= required
    shortfall = None
    if not passed:
        excess = count - allowed
        shortfall = (
            f"{excess} unresolved discussion{'s' if excess != 1 else ''} more than the "
            f"{allowed} allowed with {agreements} agreements in {limit.window_days} days"
        )
        if agreements <= limit.large_volume:
            leaves = add_days(_marked_at(unresolved[excess - 1]), limit.window_days)
            shortfall += (
                f"; with no new ones it passes by itself once {leaves.isoformat()} has passed"
            )
    return Criterion(
        code="UNRESOLVED_DISCUSSIONS",
        rule="DI-4 (T&C 2024-04-15)",
        description=f"unresolved discussions in the last {limit.window_days} days: at most "
        f"{_percent(limit.max_share)} of agreements when there were more than "
        f"{limit.large_volume}, else at most {limit.max_count}",
        actual=actual,
        required=required,
        passed=passed,
        shortfall=shortfall,
        culprits=tuple(dispute.id for dispute in unresolved),
    )


# --- the seller's to-do list ---------------------------------------------------------------


class DeadlineKind(enum.Enum):
    """Kinds of open obligation in the seller's to-do list (DI-3, DI-5, SQ-B5, SQ-D2, RA-1)."""

    DISPUTE_REPLY = "DISPUTE_REPLY"
    """A dispute awaiting the seller's first reply (DI-3)."""
    MESSAGE_REPLY = "MESSAGE_REPLY"
    """A buyer's message awaiting a reply (SQ-B5)."""
    TRACKING_NUMBER = "TRACKING_NUMBER"
    """An order awaiting its tracking number by its dispatch deadline (SQ-D2)."""
    RATING_CHANGE = "RATING_CHANGE"
    """A negative rating the seller may still ask the buyer to change (RA-1)."""
    DISPUTE_EXPIRY = "DISPUTE_EXPIRY"
    """An ongoing dispute, until it expires and is resolved (DI-4, DI-5)."""


@attrs.frozen(kw_only=True)
class Deadline:
    """One open obligation of the seller at an instant (DI-3, DI-5, SQ-B5, SQ-D2, RA-1).

    Attributes:
        kind: What kind of obligation.
        record_id: The id of the dispute, message, order or rating.
        due: When it is due; doing it at this instant is still on time.
        overdue: Whether ``due`` had passed at the evaluated instant.
        action: What to do, in plain words.
        protects: The metric codes (``"DISPUTE_REPLY_ON_TIME"``) and programme
            rule IDs (``"PR-1.7"``) that doing it in time protects.
        rule: The rule ID that sets the deadline.
    """

    kind: DeadlineKind
    record_id: str
    due: datetime
    overdue: bool
    action: str
    protects: tuple[str, ...]
    rule: str


_DISPUTE_REPLY_PROTECTS = ("DISPUTE_REPLY_ON_TIME", "DISPUTE_REPLY_TIME", "PR-1.7")
_MESSAGE_REPLY_PROTECTS = ("MESSAGE_REPLY_ON_TIME", "MESSAGE_REPLY_TIME", "PR-1.6")
_TRACKING_PROTECTS = ("TRACKING_ON_TIME", "PR-1.8")
_RATING_PROTECTS = ("RECOMMENDATION_RATE", "PR-3")
_RATING_STARS_PROTECTS = ("BUYER_SATISFACTION", "PR-1.4", "PR-2")
_DISPUTE_EXPIRY_PROTECTS = ("OPEN_DISPUTES", "UNRESOLVED_DISPUTES", "PR-1.9")


def _entry(
    kind: DeadlineKind,
    record_id: str,
    due: datetime,
    *,
    as_of: datetime,
    action: str,
    protects: tuple[str, ...],
    rule: str,
) -> Deadline:
    return Deadline(
        kind=kind,
        record_id=record_id,
        due=due,
        overdue=due < as_of,
        action=action,
        protects=protects,
        rule=rule,
    )


def _not_yet(moment: datetime | None, as_of: datetime) -> bool:
    """Whether something at ``moment`` has not happened by ``as_of`` (half-open)."""
    return moment is None or moment >= as_of


def _dispute_deadlines(
    activity: SellerActivity, as_of: datetime, rulebook: Rulebook
) -> Iterable[Deadline]:
    rules = rulebook.lifecycle
    for dispute in activity.disputes:
        if dispute.opened_at >= as_of:
            break
        # Like a reply, a closing or an expiry at as_of has not happened yet.
        if _closing(dispute, rules)[0] < as_of:
            continue
        if _not_yet(dispute.first_reply_at, as_of):
            yield _entry(
                DeadlineKind.DISPUTE_REPLY,
                dispute.id,
                reply_due(dispute.opened_at, rulebook=rulebook),
                as_of=as_of,
                action=f"Reply to the buyer in dispute {dispute.id}: the first reply is due within "
                f"{_duration_words(rules)} of the opening; late replies may also bring a "
                "warning or an account block (DI-6)",
                protects=_DISPUTE_REPLY_PROTECTS,
                rule="DI-3",
            )
        unresolved_from = _unresolved_from(dispute, rules)
        may_mark = (
            "may already mark it unresolved"
            if unresolved_from <= as_of
            else f"may mark it unresolved from {unresolved_from.isoformat()}"
        )
        yield _entry(
            DeadlineKind.DISPUTE_EXPIRY,
            dispute.id,
            _expires_at(dispute, rules),
            as_of=as_of,
            action=f"Solve the buyer's problem in dispute {dispute.id} (refund or resend if you "
            f"cannot deliver): the buyer {may_mark}; unmarked, it expires and is resolved "
            "at the due instant",
            protects=_DISPUTE_EXPIRY_PROTECTS,
            rule="DI-5",
        )


def deadlines(
    activity: SellerActivity, *, as_of: datetime, rulebook: Rulebook = DEFAULT_RULEBOOK
) -> tuple[Deadline, ...]:
    """Return the seller's to-do list: every obligation open at ``as_of``, with its due instant.

    Implements DI-3, DI-5, SQ-B5, SQ-D2 and RA-1 as one list:

    * :attr:`~DeadlineKind.DISPUTE_REPLY`: an ongoing dispute with no first
      reply yet, due :func:`reply_due` of its opening (DI-3);
    * :attr:`~DeadlineKind.MESSAGE_REPLY`: a buyer's message with no reply
      yet, due :func:`reply_due` of its arrival (SQ-B5);
    * :attr:`~DeadlineKind.TRACKING_NUMBER`: an order not cancelled, with a
      known dispatch deadline and no tracking number yet, due ``dispatch_by``
      (SQ-D2);
    * :attr:`~DeadlineKind.RATING_CHANGE`: a negative rating still inside its
      change window, due :func:`rating_change_deadline` (RA-1);
    * :attr:`~DeadlineKind.DISPUTE_EXPIRY`: an ongoing dispute, due when it
      expires (DI-5); the action says from when the buyer may mark it
      unresolved (DI-4).

    The instant ``as_of`` is the end of a half-open span: records created at
    or after it do not exist yet, and replies, tracking numbers, a buyer's
    marking or an expiry at or after it have not happened yet (so a dispute
    expiring exactly at ``as_of`` is still listed, due that instant). This
    differs from :func:`dispute_state`, which answers for the instant itself,
    closings at it included. An entry is overdue when its due instant is
    before ``as_of``. Overdue entries come first, then by due instant, then
    by record id (then kind).

    Args:
        activity: The seller's records.
        as_of: The instant evaluated.
        rulebook: The edition whose deadlines and reply clock apply.

    Returns:
        The entries, sorted.

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
        InvalidValueError: A dispute is marked UNRESOLVED when it could not be.
    """
    require_aware(as_of, field="as_of")
    rules = rulebook.lifecycle
    entries = list(_dispute_deadlines(activity, as_of, rulebook))
    for message in activity.messages:
        if message.received_at >= as_of:
            break
        if _not_yet(message.replied_at, as_of):
            entries.append(
                _entry(
                    DeadlineKind.MESSAGE_REPLY,
                    message.id,
                    reply_due(message.received_at, rulebook=rulebook),
                    as_of=as_of,
                    action=f"Reply to the buyer's message {message.id}, even if it repeats an "
                    f"earlier question ({_duration_words(rules)} to reply)",
                    protects=_MESSAGE_REPLY_PROTECTS,
                    rule="SQ-B5",
                )
            )
    for order in activity.orders:
        if order.bought_at >= as_of:
            break
        if (
            not order.cancelled
            and order.dispatch_by is not None
            and _not_yet(order.tracking_added_at, as_of)
        ):
            entries.append(
                _entry(
                    DeadlineKind.TRACKING_NUMBER,
                    order.id,
                    order.dispatch_by,
                    as_of=as_of,
                    action=f"Dispatch order {order.id} and add its tracking number by the dispatch "
                    "deadline; if you cannot, tell the buyer at once",
                    protects=_TRACKING_PROTECTS,
                    rule="SQ-D2",
                )
            )
    for rating in activity.ratings:
        if rating.created_at >= as_of:
            break
        if rating.recommended:
            continue
        due = rating_change_deadline(rating, rulebook=rulebook)
        if as_of <= due:
            protects = _RATING_PROTECTS + (_RATING_STARS_PROTECTS if rating.stars else ())
            entries.append(
                _entry(
                    DeadlineKind.RATING_CHANGE,
                    rating.id,
                    due,
                    as_of=as_of,
                    action=f"Contact the buyer of negative rating {rating.id}, solve the problem, "
                    "then you may ask them to change the rating; never pressure them",
                    protects=protects,
                    rule="RA-1",
                )
            )
    kinds = list(DeadlineKind)
    return tuple(
        sorted(
            entries,
            key=lambda entry: (
                not entry.overdue,
                entry.due,
                entry.record_id,
                kinds.index(entry.kind),
            ),
        )
    )
