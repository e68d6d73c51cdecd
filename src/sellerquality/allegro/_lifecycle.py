"""Lifecycles: a dispute's timeline and state, rating deadlines, and the seller's to-do list.

Implements DI-1…DI-6 and RA-1, with Allegro's Terms and Conditions of
2024-04-15 (business-day reply clock, 7-day resolution for parcels that did
not arrive, the cap on unresolved discussions, ratings within 90 days of the
purchase). Every length of time comes from the rulebook's
:class:`~sellerquality.allegro.LifecycleRules`; "hours" are elapsed time and
"days" are calendar days on the wall clock of the rulebook's ``zone``
(Europe/Warsaw), whatever zone an instant is written in: the same instants
give the same deadlines, shown in the zone the caller used (with a fixed UTC
offset when that wall time comes twice, in the hour the clocks go back, so
that it compares by instant). A deadline instant itself is still on time.
"""

from __future__ import annotations

import enum
import math
from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from fractions import Fraction

import attrs

from .. import _text
from .._i18n import N_, Language, language, ngettext
from .._i18n import gettext as _
from .._results import Criterion
from .._text import localised, percent
from .._time import Window, add_days, add_elapsed, require_aware
from ..exceptions import InvalidValueError
from ._clock import reply_due, unambiguous
from ._columns import micros
from ._editions import DEFAULT_RULEBOOK, EDITION_2024_04_15
from ._model import Dispute, DisputeReason, DisputeStatus, Order, Rating, SellerActivity
from ._rules import DiscussionLimit, LifecycleRules, ReplyClock, Rulebook

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
    "rating_window",
    "resolution_window",
]


# --- the dispute's own instants -----------------------------------------------------


def _utc(moment: datetime) -> datetime:
    # Two datetimes of the same ZoneInfo compare by wall clock, ignoring
    # ``fold``; on the UTC time line an hour repeated in autumn cannot mislead.
    return moment.astimezone(UTC)


def _unresolved_days(dispute: Dispute, rules: LifecycleRules) -> int:
    if dispute.reason is DisputeReason.NOT_RECEIVED:
        return rules.unresolved_after_days_not_received
    return rules.unresolved_after_days


def _days_after(moment: datetime, days: int, zone: tzinfo) -> datetime:
    """``days`` calendar days after ``moment`` in ``zone``, shown in ``moment``'s zone."""
    return unambiguous(add_days(moment, days, zone))


def _unresolved_from(dispute: Dispute, rulebook: Rulebook) -> datetime:
    days = _unresolved_days(dispute, rulebook.lifecycle)
    return _days_after(dispute.opened_at, days, rulebook.zone)


def _expires_at(dispute: Dispute, rulebook: Rulebook) -> datetime:
    return _days_after(dispute.opened_at, rulebook.lifecycle.expires_after_days, rulebook.zone)


def _check_marking(dispute: Dispute, rulebook: Rulebook) -> None:
    """Reject an UNRESOLVED marking the rules do not allow at its time (DI-4, DI-5)."""
    closed_at = dispute.closed_at
    if dispute.status is not DisputeStatus.UNRESOLVED or closed_at is None:
        return
    rules = rulebook.lifecycle
    unresolved_from = _unresolved_from(dispute, rulebook)
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
    expires_at = _expires_at(dispute, rulebook)
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


def _closing(dispute: Dispute, rulebook: Rulebook) -> tuple[datetime, DisputeStatus]:
    """When the dispute stops being ONGOING, and the status it takes then (DI-4, DI-5)."""
    _check_marking(dispute, rulebook)
    expires_at = _expires_at(dispute, rulebook)
    if dispute.status is DisputeStatus.ONGOING:
        return expires_at, DisputeStatus.RESOLVED
    if dispute.closed_at is None:
        # The buyer's marking is known but not its time: known from opening.
        return dispute.opened_at, dispute.status
    if dispute.status is DisputeStatus.RESOLVED:
        # A later record of a resolution does not undo the expiry (DI-5).
        return min(dispute.closed_at, expires_at, key=_utc), DisputeStatus.RESOLVED
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
        The timeline. Days are calendar days in the rulebook's ``zone``
        (Europe/Warsaw) whatever zone the instants are written in; results
        counted from the purchase are expressed in ``purchased_at``'s zone,
        the others in ``opened_at``'s.

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
    open_from = unambiguous(add_elapsed(purchased_at, rules.dispute_open_after))
    open_until = _days_after(purchased_at, rules.dispute_open_days, rulebook.zone)
    if not open_from <= dispute.opened_at <= open_until:
        raise InvalidValueError(
            record="Dispute",
            record_id=dispute.id,
            field="opened_at",
            value=dispute.opened_at,
            reason=f"is outside [{open_from.isoformat()}, {open_until.isoformat()}], when a "
            f"buyer may open a dispute about a purchase made at {purchased_at.isoformat()} (DI-2)",
        )
    _check_marking(dispute, rulebook)
    return DisputeTimeline(
        open_from=open_from,
        open_until=open_until,
        reply_due=reply_due(dispute.opened_at, rulebook=rulebook),
        unresolved_from=_unresolved_from(dispute, rulebook),
        expires_at=_expires_at(dispute, rulebook),
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
    return Window(dispute.opened_at, _unresolved_from(dispute, rulebook))


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
    closes_at, status = _closing(dispute, rulebook)
    return DisputeStatus.ONGOING if _utc(at) < _utc(closes_at) else status


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
    whole = hours.denominator == 1
    amount = localised(f"{hours.numerator}" if whole else f"{float(hours):g}")
    # A fractional number of hours takes the plural that 2 takes, in English
    # ("1.5 hours") as in Polish ("1,5 godziny").
    n = hours.numerator if whole else 2
    if rules.reply_clock is ReplyClock.BUSINESS:
        return ngettext(
            "{hours} hour on business days (weekends and Polish public holidays excluded)",
            "{hours} hours on business days (weekends and Polish public holidays excluded)",
            n,
        ).format(hours=amount)
    return ngettext("{hours} hour", "{hours} hours", n).format(hours=amount)


_REASON_WORDS = {
    DisputeReason.NOT_RECEIVED: N_("parcel not received"),
    DisputeReason.NOT_AS_DESCRIBED: N_("item not as described"),
    DisputeReason.SHIPPING_COST: N_("shipping cost not as on the offer page"),
    DisputeReason.OTHER: N_("other reason"),
}


def dispute_events(
    dispute: Dispute,
    *,
    purchased_at: datetime,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
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
        lang: The language of the texts: ``"en"`` or ``"pl"``; ``None``
            keeps the current one (see :func:`sellerquality.language`).

    Returns:
        The events, earliest first.

    Raises:
        NaiveDatetimeError: ``purchased_at`` has no time zone.
        InvalidValueError: As :func:`dispute_timeline`.
    """
    with language(lang):
        rules = rulebook.lifecycle
        timeline = dispute_timeline(dispute, purchased_at=purchased_at, rulebook=rulebook)
        closes_at, status = _closing(dispute, rulebook)
        events = [
            DisputeEvent(
                purchased_at,
                DisputeEventKind.PURCHASED,
                "DI-2",
                _("Purchase; a dispute may be opened from {start} to {end}").format(
                    start=timeline.open_from.isoformat(), end=timeline.open_until.isoformat()
                ),
            ),
            DisputeEvent(
                dispute.opened_at,
                DisputeEventKind.OPENED,
                "DI-1",
                _("The buyer opens the dispute ({reason})").format(
                    reason=_(_REASON_WORDS[dispute.reason])
                ),
            ),
            DisputeEvent(
                timeline.reply_due,
                DisputeEventKind.REPLY_DUE,
                "DI-3",
                _("The seller's first reply is due ({within} after opening)").format(
                    within=_duration_words(rules)
                ),
            ),
        ]
        if dispute.first_reply_at is not None:
            on_time = (
                _("The seller replies for the first time (on time)")
                if _utc(dispute.first_reply_at) <= _utc(timeline.reply_due)
                else _("The seller replies for the first time (late)")
            )
            events.append(
                DisputeEvent(
                    dispute.first_reply_at,
                    DisputeEventKind.REPLIED,
                    "DI-3",
                    on_time,
                )
            )
        # The buyer's option is shown while the dispute is still ongoing then, and
        # at the very instant the buyer takes it.
        unresolved_from, closes = _utc(timeline.unresolved_from), _utc(closes_at)
        unresolved_days = _unresolved_days(dispute, rules)
        if unresolved_from < closes or (
            status is DisputeStatus.UNRESOLVED and unresolved_from == closes
        ):
            events.append(
                DisputeEvent(
                    timeline.unresolved_from,
                    DisputeEventKind.MAY_MARK_UNRESOLVED,
                    "DI-4",
                    ngettext(
                        "From now the buyer may mark the dispute unresolved "
                        "({days} day after opening)",
                        "From now the buyer may mark the dispute unresolved "
                        "({days} days after opening)",
                        unresolved_days,
                    ).format(days=unresolved_days),
                )
            )
        unknown = (
            " " + _("(time unknown; counted from the opening)") if dispute.closed_at is None else ""
        )
        if status is DisputeStatus.UNRESOLVED:
            events.append(
                DisputeEvent(
                    closes_at,
                    DisputeEventKind.MARKED_UNRESOLVED,
                    "DI-4",
                    _("The buyer marks the dispute unresolved") + unknown,
                )
            )
        elif closes == _utc(timeline.expires_at):
            events.append(
                DisputeEvent(
                    closes_at,
                    DisputeEventKind.EXPIRED,
                    "DI-5",
                    ngettext(
                        "Unmarked, the dispute expires and is resolved ({days} day after opening)",
                        "Unmarked, the dispute expires and is resolved ({days} days after opening)",
                        rules.expires_after_days,
                    ).format(days=rules.expires_after_days),
                )
            )
        else:
            events.append(
                DisputeEvent(
                    closes_at,
                    DisputeEventKind.MARKED_RESOLVED,
                    "DI-5",
                    _("The buyer marks the dispute resolved") + unknown,
                )
            )
        return tuple(sorted(events, key=lambda event: (_utc(event.at), _EVENT_ORDER[event.kind])))


# --- ratings ------------------------------------------------------------------------------


def rating_change_deadline(rating: Rating, *, rulebook: Rulebook = DEFAULT_RULEBOOK) -> datetime:
    """Return the last instant the seller may ask the buyer to change a negative rating.

    Implements RA-1: the seller has ``rating_change_days`` calendar days (21)
    from a negative (not recommended) rating to ask the buyer to withdraw it,
    after solving the problem and without pressure. The days are calendar days
    in the rulebook's ``zone`` (Europe/Warsaw), whatever zone ``created_at``
    is written in. The deadline instant itself is still inside the window.

    A positive (recommended) rating has nothing to change, so asking for its
    deadline is an error rather than ``None``: the return type stays
    :class:`~datetime.datetime`, and a mix-up shows at once.

    Args:
        rating: A negative rating.
        rulebook: The edition whose window applies.

    Returns:
        ``created_at`` plus the window, expressed in ``created_at``'s zone.

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
    return _days_after(rating.created_at, rulebook.lifecycle.rating_change_days, rulebook.zone)


_RATING_WINDOW_RULE = "T&C 2024-04-15"


def _rating_days(rulebook: Rulebook) -> int:
    days = rulebook.lifecycle.rating_within_days
    if days is None:
        raise InvalidValueError(
            field="rulebook",
            value=rulebook.edition,
            reason="states no limit on when buyers may rate; the 90-day limit came with "
            "Allegro's Terms and Conditions of 2024-04-15 (EDITION_2024_04_15)",
        )
    return days


def rating_window(order: Order, *, rulebook: Rulebook = EDITION_2024_04_15) -> datetime:
    """Return the last instant the buyer of ``order`` may rate it.

    Implements the rating limit of Allegro's Terms and Conditions of
    2024-04-15: buyers rate within ``rating_within_days`` calendar days (90)
    of the purchase, and Allegro rejects ratings given later. The days are
    calendar days in the rulebook's ``zone`` (Europe/Warsaw), whatever zone
    ``bought_at`` is written in. The window runs from ``bought_at`` to the
    returned instant, both included: like every deadline of this module the
    instant itself is still inside (a rating given then is accepted, one a
    microsecond later is not), which is why this returns that instant rather
    than a half-open :class:`~sellerquality.Window`.

    An edition that states no limit (2022, 2023-09-04) is an error rather
    than ``None``: ``None`` would read as "the buyer may rate forever", which
    those rules do not say, and the return type stays
    :class:`~datetime.datetime`. The default rulebook is
    ``EDITION_2024_04_15``, the first edition with the limit.

    Args:
        order: The purchase.
        rulebook: An edition with ``rating_within_days``.

    Returns:
        ``bought_at`` plus the limit, expressed in ``bought_at``'s zone.

    Raises:
        InvalidValueError: The rulebook's edition states no limit.

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW, Money
        >>> from sellerquality.allegro import Order, rating_window
        >>> order = Order(
        ...     id="o-1", bought_at=datetime(2024, 1, 15, 10, 0, tzinfo=WARSAW), total=Money("20")
        ... )
        >>> rating_window(order).isoformat()  # 90 calendar days, across the DST change
        '2024-04-14T10:00:00+02:00'
    """
    return _days_after(order.bought_at, _rating_days(rulebook), rulebook.zone)


# --- the cap on unresolved discussions ----------------------------------------------------

_DISCUSSION_RULE = "DI-4 (T&C 2024-04-15)"


def _marked_at(dispute: Dispute) -> datetime:
    return dispute.opened_at if dispute.closed_at is None else dispute.closed_at


@attrs.frozen
class _Discussions:
    """The unresolved discussions counted at an instant, and how many the cap allows."""

    limit: DiscussionLimit
    zone: tzinfo
    agreements: int
    unresolved: tuple[Dispute, ...]  # oldest marking first
    allowed: int

    @property
    def count(self) -> int:
        return len(self.unresolved)

    @property
    def large(self) -> bool:
        return self.agreements > self.limit.large_volume

    def leaves(self, dispute: Dispute) -> datetime:
        """The last instant ``dispute`` still counts: its marking plus the window's days."""
        return _days_after(_marked_at(dispute), self.limit.window_days, self.zone)

    def margin(self) -> str:
        """How much of the cap is used, and what one more unresolved discussion would do."""
        used = ngettext(
            "{count} of the {allowed} allowed with {n} agreement",
            "{count} of the {allowed} allowed with {n} agreements",
            self.agreements,
        ).format(count=self.count, allowed=self.allowed, n=_text.count(self.agreements))
        if self.count < self.allowed:
            return _("{used}, so {more} more allowed").format(
                used=used, more=self.allowed - self.count
            )
        if self.count == self.allowed:
            return _("{used}, so the next one breaks the cap").format(used=used)
        return _("{used}, so the cap is broken").format(used=used)

    def passes_by_itself(self) -> datetime | None:
        """When a broken cap holds again with no new discussions (small volume only)."""
        if self.count <= self.allowed or self.large:
            return None
        return self.leaves(self.unresolved[self.count - self.allowed - 1])


def _discussions(activity: SellerActivity, as_of: datetime, rulebook: Rulebook) -> _Discussions:
    limit = rulebook.lifecycle.discussion_limit
    if limit is None:
        raise InvalidValueError(
            field="rulebook",
            value=rulebook.edition,
            reason="has no cap on unresolved discussions; it came with Allegro's Terms and "
            "Conditions of 2024-04-15 (EDITION_2024_04_15)",
        )
    window = Window.last_days(as_of, limit.window_days, rulebook.zone)
    # From the activity's columns: a 2024 history asks this every day, and a scan
    # of the orders' records each time would cost more than the day's report.
    orders = activity.columns.orders
    first = bisect_left(orders.times, micros(window.start))
    last = bisect_left(orders.times, micros(window.end))
    agreements = (last - first) - sum(orders.cancelled[first:last])
    unresolved: list[Dispute] = []
    for dispute in activity.disputes:
        if dispute.status is DisputeStatus.UNRESOLVED:
            _check_marking(dispute, rulebook)
            if window.contains(_marked_at(dispute)):
                unresolved.append(dispute)
    unresolved.sort(key=lambda dispute: (_utc(_marked_at(dispute)), dispute.id))
    large = agreements > limit.large_volume
    return _Discussions(
        limit=limit,
        zone=rulebook.zone,
        agreements=agreements,
        unresolved=tuple(unresolved),
        allowed=math.floor(limit.max_share * agreements) if large else limit.max_count,
    )


def check_discussion_limit(
    activity: SellerActivity,
    *,
    as_of: datetime,
    rulebook: Rulebook = EDITION_2024_04_15,
    lang: Language | None = None,
) -> Criterion:
    """Check the cap on unresolved discussions of Allegro's Terms and Conditions of 2024-04-15.

    Implements rule ``"DI-4 (T&C 2024-04-15)"``: over the last
    ``window_days`` days (60, calendar days in the rulebook's ``zone``),
    unresolved discussions must be at most ``max_share`` (0.2%) of agreements
    when there were more than ``large_volume`` (1,000), otherwise at most
    ``max_count`` (2).

    Readings: an *agreement* is an order bought in the window and not
    cancelled; an *unresolved discussion* is a dispute the buyer marked
    UNRESOLVED in the window (at ``closed_at``, or at the opening when the
    time of the marking is unknown). The share is exact and inclusive, so
    the number allowed above 1,000 agreements is 0.2% of them rounded down.

    The criterion's ``description`` ends with the margin at ``as_of``: how
    many of the allowed discussions are used and how many more are allowed
    before the cap is broken ("so the next one breaks the cap"). A failed
    criterion's ``shortfall`` says how many are too many and, at 1,000
    agreements or fewer, when the cap holds again with no new ones.

    The default rulebook here is ``EDITION_2024_04_15``, the first edition
    with the cap.

    Args:
        activity: The seller's records.
        as_of: The instant evaluated; the window is the days before it.
        rulebook: An edition with a ``discussion_limit``.
        lang: The language of the texts: ``"en"`` or ``"pl"``; ``None``
            keeps the current one (see :func:`sellerquality.language`).

    Returns:
        A criterion with code ``UNRESOLVED_DISCUSSIONS``: ``actual`` and
        ``required`` are counts (``int``), or shares (``Fraction``) above the
        volume threshold; ``culprits`` are the unresolved disputes, oldest
        marking first.

    Raises:
        InvalidValueError: The rulebook's edition has no cap (2022,
            2023-09-04), or a dispute is marked UNRESOLVED when it could not be.
        NaiveDatetimeError: ``as_of`` has no time zone.

    Example:
        >>> from datetime import datetime
        >>> from sellerquality import WARSAW
        >>> from sellerquality.allegro import SellerActivity, check_discussion_limit
        >>> result = check_discussion_limit(
        ...     SellerActivity(), as_of=datetime(2024, 6, 1, tzinfo=WARSAW)
        ... )
        >>> result.passed, result.description.rpartition("; ")[2]
        (True, 'now 0 of the 2 allowed with 0 agreements, so 2 more allowed')
    """
    with language(lang):
        require_aware(as_of, field="as_of")
        counted = _discussions(activity, as_of, rulebook)
        limit = counted.limit
        actual: int | Fraction
        required: int | Fraction
        if counted.large:
            actual, required = Fraction(counted.count, counted.agreements), limit.max_share
        else:
            actual, required = counted.count, limit.max_count
        passed = actual <= required
        shortfall = None
        if not passed:
            excess = counted.count - counted.allowed
            shortfall = ngettext(
                "{n} unresolved discussion more than the {allowed} allowed with {agreements} in "
                "{days} days",
                "{n} unresolved discussions more than the {allowed} allowed with {agreements} in "
                "{days} days",
                excess,
            ).format(
                n=excess,
                allowed=counted.allowed,
                agreements=ngettext("{n} agreement", "{n} agreements", counted.agreements).format(
                    n=_text.count(counted.agreements)
                ),
                days=limit.window_days,
            )
            holds = counted.passes_by_itself()
            if holds is not None:
                shortfall += "; " + _(
                    "with no new ones it passes by itself once {instant} has passed"
                ).format(instant=holds.isoformat())
        return Criterion(
            code="UNRESOLVED_DISCUSSIONS",
            rule=_DISCUSSION_RULE,
            description=ngettext(
                "unresolved discussions in the last {days} day: at most {share} of agreements "
                "when there were more than {large}, else at most {most}; now {margin}",
                "unresolved discussions in the last {days} days: at most {share} of agreements "
                "when there were more than {large}, else at most {most}; now {margin}",
                limit.window_days,
            ).format(
                days=limit.window_days,
                share=percent(limit.max_share),
                large=limit.large_volume,
                most=limit.max_count,
                margin=counted.margin(),
            ),
            actual=actual,
            required=required,
            passed=passed,
            shortfall=shortfall,
            culprits=tuple(dispute.id for dispute in counted.unresolved),
        )


# --- the seller's to-do list ---------------------------------------------------------------


class DeadlineKind(enum.Enum):
    """Kinds of entry in the seller's to-do list (DI-3…DI-5, SQ-B5, SQ-D2, RA-1, T&C 2024-04-15)."""

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
    RATING_WINDOW = "RATING_WINDOW"
    """An order not yet rated, until its buyer's chance to rate closes (T&C 2024-04-15)."""
    DISCUSSION_LIMIT = "DISCUSSION_LIMIT"
    """The cap on unresolved discussions and its margin, until the oldest one counted
    leaves the window (DI-4, T&C 2024-04-15)."""


@attrs.frozen(kw_only=True)
class Deadline:
    """One entry of the seller's to-do list at an instant (DI-3…DI-5, SQ-B5, SQ-D2, RA-1).

    Attributes:
        kind: What kind of obligation.
        record_id: The id of the dispute, message, order or rating; for
            :attr:`~DeadlineKind.DISCUSSION_LIMIT`, the oldest unresolved
            dispute counted.
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
# What one more rating counts towards: the rating metrics and the programme
# rules that need a number of ratings (PR-1.2: 100 in 12 months, PR-2: 5 in
# 30 days, PR-3: 5 positive).
_RATING_WINDOW_PROTECTS = ("RECOMMENDATION_RATE", "BUYER_SATISFACTION", "PR-1.2", "PR-2", "PR-3")
_DISCUSSION_PROTECTS = ("UNRESOLVED_DISCUSSIONS", "UNRESOLVED_DISPUTES", "PR-1.9")


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
        overdue=_utc(due) < as_of,
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
        if _utc(_closing(dispute, rulebook)[0]) < as_of:
            continue
        if _not_yet(dispute.first_reply_at, as_of):
            yield _entry(
                DeadlineKind.DISPUTE_REPLY,
                dispute.id,
                reply_due(dispute.opened_at, rulebook=rulebook),
                as_of=as_of,
                action=_(
                    "Reply to the buyer in dispute {id}: the first reply is due within "
                    "{within} of the opening; late replies may also bring a "
                    "warning or an account block (DI-6)"
                ).format(id=dispute.id, within=_duration_words(rules)),
                protects=_DISPUTE_REPLY_PROTECTS,
                rule="DI-3",
            )
        unresolved_from = _unresolved_from(dispute, rulebook)
        # Two whole sentences rather than a clause glued in: the clause's verb
        # agrees with "the buyer" and its pronoun with "dispute".
        solve = (
            _(
                "Solve the buyer's problem in dispute {id} (refund or resend if you "
                "cannot deliver): the buyer may already mark it unresolved; unmarked, it "
                "expires and is resolved at the due instant"
            )
            if _utc(unresolved_from) <= as_of
            else _(
                "Solve the buyer's problem in dispute {id} (refund or resend if you "
                "cannot deliver): the buyer may mark it unresolved from {instant}; unmarked, "
                "it expires and is resolved at the due instant"
            )
        )
        yield _entry(
            DeadlineKind.DISPUTE_EXPIRY,
            dispute.id,
            _expires_at(dispute, rulebook),
            as_of=as_of,
            action=solve.format(id=dispute.id, instant=unresolved_from.isoformat()),
            protects=_DISPUTE_EXPIRY_PROTECTS,
            rule="DI-5",
        )


def _message_deadlines(
    activity: SellerActivity, as_of: datetime, rulebook: Rulebook
) -> Iterable[Deadline]:
    for message in activity.messages:
        if message.received_at >= as_of:
            break
        if _not_yet(message.replied_at, as_of):
            yield _entry(
                DeadlineKind.MESSAGE_REPLY,
                message.id,
                reply_due(message.received_at, rulebook=rulebook),
                as_of=as_of,
                action=_(
                    "Reply to the buyer's message {id}, even if it repeats an "
                    "earlier question ({within} to reply)"
                ).format(id=message.id, within=_duration_words(rulebook.lifecycle)),
                protects=_MESSAGE_REPLY_PROTECTS,
                rule="SQ-B5",
            )


def _tracking_deadlines(activity: SellerActivity, as_of: datetime) -> Iterable[Deadline]:
    for order in activity.orders:
        if order.bought_at >= as_of:
            break
        if (
            not order.cancelled
            and order.dispatch_by is not None
            and _not_yet(order.tracking_added_at, as_of)
        ):
            yield _entry(
                DeadlineKind.TRACKING_NUMBER,
                order.id,
                order.dispatch_by,
                as_of=as_of,
                action=_(
                    "Dispatch order {id} and add its tracking number by the dispatch "
                    "deadline; if you cannot, tell the buyer at once"
                ).format(id=order.id),
                protects=_TRACKING_PROTECTS,
                rule="SQ-D2",
            )


def _rating_change_deadlines(
    activity: SellerActivity, as_of: datetime, rulebook: Rulebook
) -> Iterable[Deadline]:
    for rating in activity.ratings:
        if rating.created_at >= as_of:
            break
        if rating.recommended:
            continue
        due = rating_change_deadline(rating, rulebook=rulebook)
        if as_of <= _utc(due):
            protects = _RATING_PROTECTS + (_RATING_STARS_PROTECTS if rating.stars else ())
            yield _entry(
                DeadlineKind.RATING_CHANGE,
                rating.id,
                due,
                as_of=as_of,
                action=_(
                    "Contact the buyer of negative rating {id}, solve the problem, "
                    "then you may ask them to change the rating; never pressure them"
                ).format(id=rating.id),
                protects=protects,
                rule="RA-1",
            )


def _rating_window_deadlines(
    activity: SellerActivity, as_of: datetime, rulebook: Rulebook
) -> Iterable[Deadline]:
    days = rulebook.lifecycle.rating_within_days
    if days is None:
        return
    rated = set()
    for rating in activity.ratings:
        if rating.created_at >= as_of:
            break
        if rating.order_id is not None:
            rated.add(rating.order_id)
    # Only orders bought within the last ``days`` days can still be inside their window.
    for order in activity.orders_in(Window.last_days(as_of, days, rulebook.zone)):
        if order.cancelled or order.id in rated:
            continue
        due = rating_window(order, rulebook=rulebook)
        if as_of <= _utc(due):
            yield _entry(
                DeadlineKind.RATING_WINDOW,
                order.id,
                due,
                as_of=as_of,
                action=ngettext(
                    "Order {id} has no rating yet: once the buyer has the item, you "
                    "may ask them to rate it; Allegro rejects ratings given more than {days} day "
                    "after the purchase (Terms and Conditions of 2024-04-15); never pressure them "
                    "or offer anything for a rating",
                    "Order {id} has no rating yet: once the buyer has the item, you "
                    "may ask them to rate it; Allegro rejects ratings given more than {days} days "
                    "after the purchase (Terms and Conditions of 2024-04-15); never pressure them "
                    "or offer anything for a rating",
                    days,
                ).format(id=order.id, days=days),
                protects=_RATING_WINDOW_PROTECTS,
                rule=_RATING_WINDOW_RULE,
            )


def _discussion_deadline(
    activity: SellerActivity, as_of: datetime, rulebook: Rulebook
) -> Iterable[Deadline]:
    if rulebook.lifecycle.discussion_limit is None:
        return
    counted = _discussions(activity, as_of, rulebook)
    if not counted.unresolved:
        return
    oldest = counted.unresolved[0]
    holds = counted.passes_by_itself()
    again = (
        ""
        if holds is None
        else "; "
        + _("with no new ones it holds again after {instant}").format(instant=holds.isoformat())
    )
    yield _entry(
        DeadlineKind.DISCUSSION_LIMIT,
        oldest.id,
        counted.leaves(oldest),
        as_of=as_of,
        action=ngettext(
            "Unresolved discussions in the last {days} day: {margin}{again}. Solve every "
            "open dispute before its buyer may mark it unresolved; the oldest counted, {id}, "
            "stops counting after the due instant",
            "Unresolved discussions in the last {days} days: {margin}{again}. Solve every "
            "open dispute before its buyer may mark it unresolved; the oldest counted, {id}, "
            "stops counting after the due instant",
            counted.limit.window_days,
        ).format(
            days=counted.limit.window_days, margin=counted.margin(), again=again, id=oldest.id
        ),
        protects=_DISCUSSION_PROTECTS,
        rule=_DISCUSSION_RULE,
    )


def deadlines(
    activity: SellerActivity,
    *,
    as_of: datetime,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> tuple[Deadline, ...]:
    """Return the seller's to-do list: every obligation open at ``as_of``, with its due instant.

    Implements DI-3, DI-5, SQ-B5, SQ-D2, RA-1 and, for editions that have
    them, the rating limit and the cap on unresolved discussions of Allegro's
    Terms and Conditions of 2024-04-15, as one list:

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
      unresolved (DI-4);
    * :attr:`~DeadlineKind.RATING_WINDOW` (T&C 2024-04-15): an order, not
      cancelled, that no rating names (``Rating.order_id``) and whose
      buyer may still rate it, due :func:`rating_window`; one entry per such
      order, never overdue;
    * :attr:`~DeadlineKind.DISCUSSION_LIMIT` (DI-4, T&C 2024-04-15): one
      entry while any unresolved discussion counts towards the cap. Its
      action gives the margin of :func:`check_discussion_limit` ("2 of the 2
      allowed …, so the next one breaks the cap"); it is due when the oldest
      counted discussion (``record_id``) stops counting, after which one more
      is allowed. With none counted the margin is whole and nothing is listed.

    The instant ``as_of`` is the end of a half-open span: records created at
    or after it do not exist yet, and replies, tracking numbers, ratings, a
    buyer's marking or an expiry at or after it have not happened yet (so a
    dispute expiring exactly at ``as_of`` is still listed, due that instant).
    This differs from :func:`dispute_state`, which answers for the instant
    itself, closings at it included. An entry is overdue when its due instant
    is before ``as_of``. Overdue entries come first, then by due instant, then
    by record id (then kind). Days are counted in the rulebook's ``zone``, so
    the same instants written in any zone give the same list.

    Args:
        activity: The seller's records.
        as_of: The instant evaluated.
        rulebook: The edition whose deadlines and reply clock apply.
        lang: The language of the texts: ``"en"`` or ``"pl"``; ``None``
            keeps the current one (see :func:`sellerquality.language`).

    Returns:
        The entries, sorted.

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
        InvalidValueError: A dispute is marked UNRESOLVED when it could not be.
    """
    with language(lang):
        require_aware(as_of, field="as_of")
        moment = _utc(as_of)
        entries = [
            *_dispute_deadlines(activity, moment, rulebook),
            *_message_deadlines(activity, moment, rulebook),
            *_tracking_deadlines(activity, moment),
            *_rating_change_deadlines(activity, moment, rulebook),
            *_rating_window_deadlines(activity, moment, rulebook),
            *_discussion_deadline(activity, moment, rulebook),
        ]
        kinds = list(DeadlineKind)
        return tuple(
            sorted(
                entries,
                key=lambda entry: (
                    not entry.overdue,
                    _utc(entry.due),
                    entry.record_id,
                    kinds.index(entry.kind),
                ),
            )
        )
