"""Allegro rulebooks: every threshold, point value, window and date, as data.

A :class:`Rulebook` is an immutable value naming its edition, the date it took
effect and its source. Evaluation code reads every number from the rulebook it
is given; nothing rule-like is written as a literal elsewhere. Change a value
with :func:`attrs.evolve` and pass the result as ``rulebook=``.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from fractions import Fraction

import attrs

__all__ = [
    "DEFAULT_RULEBOOK",
    "EDITION_2022",
    "EDITION_2024_04_15",
    "DiscussionLimit",
    "LifecycleRules",
    "ReplyClock",
    "Rulebook",
]


class ReplyClock(enum.Enum):
    """How a reply deadline counts its hours (DI-3, SQ-B2, SQ-B5)."""

    CALENDAR = "CALENDAR"
    """Elapsed hours, night and weekend included (edition 2022)."""
    BUSINESS = "BUSINESS"
    """Hours on Polish business days only: Saturdays, Sundays and public
    holidays do not count (T&C edition 2024-04-15)."""


@attrs.frozen(kw_only=True)
class DiscussionLimit:
    """The cap on unresolved discussions (T&C edition 2024-04-15).

    Over the last ``window_days`` days, unresolved discussions may be at most
    ``max_share`` of agreements when there were more than ``large_volume``
    agreements, otherwise at most ``max_count``.
    """

    window_days: int
    max_share: Fraction
    large_volume: int
    max_count: int
    source: str


@attrs.frozen(kw_only=True)
class LifecycleRules:
    """Deadlines of disputes, replies and ratings (DI-1…DI-6, RA-1).

    Attributes:
        reply_within: How long the seller has to reply to a dispute or a
            buyer's message (DI-3).
        reply_clock: How that time is counted.
        dispute_open_after: Earliest opening of a dispute after the purchase (DI-2).
        dispute_open_days: Latest opening, in days after the purchase (DI-2).
        unresolved_after_days: Days after opening from which the buyer may
            mark a dispute unresolved (DI-4).
        unresolved_after_days_not_received: The same for a parcel that did not
            arrive (7 days from T&C 2024-04-15; equal to the above before).
        expires_after_days: Days after opening when an unmarked dispute expires
            and is resolved (DI-5).
        rating_change_days: Days after a negative rating during which the
            seller may ask the buyer to change it (RA-1).
        rating_within_days: Days after the purchase within which buyers may
            rate (T&C 2024-04-15); ``None`` where no limit is stated.
        discussion_limit: The unresolved-discussion cap, where the edition has one.
        source: Where these rules come from.
    """

    reply_within: timedelta
    reply_clock: ReplyClock
    dispute_open_after: timedelta
    dispute_open_days: int
    unresolved_after_days: int
    unresolved_after_days_not_received: int
    expires_after_days: int
    rating_change_days: int
    rating_within_days: int | None
    discussion_limit: DiscussionLimit | None
    source: str


@attrs.frozen(kw_only=True)
class Rulebook:
    """One edition of Allegro's rules, complete.

    Attributes:
        edition: The edition's name (``"2022"``).
        effective_from: The first day the edition applies.
        source: Where its rules come from.
        lifecycle: Dispute, reply and rating deadlines.
    """

    edition: str
    effective_from: date
    source: str
    lifecycle: LifecycleRules


_SEED_000 = "seed 000: Allegro 'My sales quality' (Chinese translation of Allegro's help pages)"

LIFECYCLE_2022 = LifecycleRules(
    reply_within=timedelta(hours=24),
    reply_clock=ReplyClock.CALENDAR,
    dispute_open_after=timedelta(hours=1),
    dispute_open_days=180,
    unresolved_after_days=14,
    unresolved_after_days_not_received=14,
    expires_after_days=30,
    rating_change_days=21,
    rating_within_days=None,
    discussion_limit=None,
    source=_SEED_000 + ": DI-1…DI-6, RA-1",
)

EDITION_2022 = Rulebook(
    edition="2022",
    effective_from=date(2022, 1, 1),
    source="seeds 000 and 001 (Allegro help pages as of 2022)",
    lifecycle=LIFECYCLE_2022,
)
"""The rules as the seeds state them; the default everywhere."""

DEFAULT_RULEBOOK = EDITION_2022
"""The rulebook used when none is given."""

_TC_2024 = "Allegro Terms and Conditions in force from 2024-04-15 (RULES.md, later-edition notes)"

LIFECYCLE_2024_04_15 = attrs.evolve(
    LIFECYCLE_2022,
    reply_clock=ReplyClock.BUSINESS,
    unresolved_after_days_not_received=7,
    rating_within_days=90,
    discussion_limit=DiscussionLimit(
        window_days=60,
        max_share=Fraction(2, 1000),
        large_volume=1000,
        max_count=2,
        source=_TC_2024,
    ),
    source=_TC_2024 + "; other deadlines as seed 000",
)

EDITION_2024_04_15 = attrs.evolve(
    EDITION_2022,
    edition="2024-04-15",
    effective_from=date(2024, 4, 15),
    source=_TC_2024,
    lifecycle=LIFECYCLE_2024_04_15,
)
"""The T&C of 2024-04-15: business-day reply clock, 7/14-day resolution, discussion cap."""
