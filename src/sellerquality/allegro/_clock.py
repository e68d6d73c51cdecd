"""The reply clock shared by disputes, buyer messages and the quality metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timezone

from .._time import add_business_time, require_aware
from ._editions import DEFAULT_RULEBOOK
from ._rules import ReplyClock, Rulebook

__all__ = ["due_instant", "reply_due", "unambiguous"]


def unambiguous(moment: datetime) -> datetime:
    """``moment``, written with its fixed UTC offset if its wall time is in a DST fold.

    A result expressed in a zone such as Europe/Warsaw can land in the hour the
    clocks repeat in autumn (2024-10-27 02:30 happens twice). Python compares
    such a datetime as unequal to every datetime of another zone, even the
    same instant; with a fixed offset it compares by instant. Records are
    pinned the same way when they are built.
    """
    offset = moment.utcoffset()
    if offset is not None and moment.replace(fold=1 - moment.fold).utcoffset() != offset:
        return moment.astimezone(timezone(offset))
    return moment


def reply_due(received_at: datetime, *, rulebook: Rulebook = DEFAULT_RULEBOOK) -> datetime:
    """Return the instant by which a dispute or buyer message must be answered.

    Implements DI-3 (and the reply rules of SQ-B2, SQ-B5, PR-1.6, PR-1.7). The
    edition decides how the 24 hours run: edition 2022 counts elapsed hours
    (:attr:`ReplyClock.CALENDAR`); the T&C edition of 2024-04-15 counts only
    hours on Polish business days (:attr:`ReplyClock.BUSINESS`), the days
    being calendar days in the rulebook's ``zone`` (Europe/Warsaw) whatever
    zone ``received_at`` is written in. A reply *at* the returned instant is
    on time; one a microsecond later is late.

    Args:
        received_at: When the dispute was opened or the message arrived.
        rulebook: The edition whose reply clock applies.

    Returns:
        The deadline, expressed in ``received_at``'s zone (with a fixed UTC
        offset if that wall time comes twice, when the clocks go back).

    Raises:
        NaiveDatetimeError: ``received_at`` has no time zone.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from sellerquality.allegro import reply_due
        >>> saturday = datetime(2022, 3, 26, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
        >>> reply_due(saturday).isoformat()  # 24 elapsed hours across the DST change
        '2022-03-27T13:00:00+02:00'
    """
    require_aware(received_at, field="received_at")
    return unambiguous(due_instant(received_at, rulebook).astimezone(received_at.tzinfo))


def due_instant(received_at: datetime, rulebook: Rulebook) -> datetime:
    """The reply deadline as an aware instant in whatever zone is cheapest (DI-3).

    The one implementation of the reply clock: :func:`reply_due` presents its
    result in the caller's zone, and the metrics compare it as it is. The
    business clock counts Polish business days in ``rulebook.zone``.
    """
    rules = rulebook.lifecycle
    if rules.reply_clock is ReplyClock.BUSINESS:
        return add_business_time(received_at, rules.reply_within, rulebook.zone)
    return received_at.astimezone(UTC) + rules.reply_within
