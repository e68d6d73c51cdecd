"""Dispute timelines, states and events; rating deadlines; the cap on unresolved discussions.

Expected instants are worked out by hand from DI-2…DI-5, RA-1 and Allegro's
Terms and Conditions of 2024-04-15. "Hours" are elapsed time; "days" are
calendar days on the Warsaw wall clock whatever zone an instant is written in
(DST starts 2022-03-27 and 2024-03-31, ends 2022-10-30 and 2024-10-27).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sellerquality import WARSAW, Criterion, Money, Window
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2023_09_04,
    EDITION_2024_04_15,
    Deadline,
    Dispute,
    DisputeEvent,
    DisputeEventKind,
    DisputeReason,
    DisputeStatus,
    DisputeTimeline,
    Message,
    Order,
    Rating,
    Rulebook,
    SellerActivity,
    check_discussion_limit,
    deadlines,
    dispute_events,
    dispute_state,
    dispute_timeline,
    rating_change_deadline,
    rating_window,
    resolution_window,
)
from sellerquality.exceptions import InvalidValueError, NaiveDatetimeError

US = timedelta(microseconds=1)
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
PURCHASED = datetime(2024, 3, 1, 12, tzinfo=WARSAW)
OPENED = datetime(2024, 3, 10, 9, tzinfo=WARSAW)
# Hand-worked from OPENED (CET, +01:00):
REPLY_DUE = datetime(2024, 3, 11, 9, tzinfo=WARSAW)  # + 24 h
UNRESOLVED_FROM = datetime(2024, 3, 24, 9, tzinfo=WARSAW)  # + 14 days
EXPIRES = datetime(2024, 4, 9, 9, tzinfo=WARSAW)  # + 30 days, now CEST (+02:00)


def dispute(**changes: object) -> Dispute:
    """The sample dispute, opened 2024-03-10 09:00 Warsaw, with ``changes``."""
    fields: dict[str, object] = {"id": "d-1", "opened_at": OPENED}
    fields.update(changes)
    return Dispute(**fields)  # type: ignore[arg-type]


def with_lifecycle(rulebook: Rulebook, **changes: Any) -> Rulebook:
    """``rulebook`` with some lifecycle values changed."""
    return attrs.evolve(rulebook, lifecycle=attrs.evolve(rulebook.lifecycle, **changes))


class TestDisputeTimeline:
    def test_edition_2022(self) -> None:
        """DI-2…DI-5: purchase + 1 h, purchase + 180 days, opening + 24 h, + 14 days, + 30 days."""
        timeline = dispute_timeline(dispute(), purchased_at=PURCHASED)
        assert timeline == DisputeTimeline(
            open_from=datetime(2024, 3, 1, 13, tzinfo=WARSAW),
            # 1 March + 180 days: +30 to 31 Mar, +60 to 30 Apr, +91 to 31 May,
            # +121 to 30 Jun, +152 to 31 Jul, +180 to 28 Aug.
            open_until=datetime(2024, 8, 28, 12, tzinfo=WARSAW),
            reply_due=REPLY_DUE,
            unresolved_from=UNRESOLVED_FROM,
            expires_at=EXPIRES,
        )

    def test_days_keep_the_wall_clock_across_dst(self) -> None:
        """DI-5: 30 days after 09:00 CET is 09:00 CEST, 719 elapsed hours."""
        timeline = dispute_timeline(dispute(), purchased_at=PURCHASED)
        assert timeline.expires_at.utcoffset() == timedelta(hours=2)
        elapsed = timeline.expires_at.astimezone(UTC) - OPENED.astimezone(UTC)
        assert elapsed == timedelta(hours=30 * 24 - 1)

    def test_opened_at_open_from_is_allowed(self) -> None:
        """DI-2: a dispute opened exactly 1 hour after the purchase is allowed."""
        opened = datetime(2024, 3, 1, 13, tzinfo=WARSAW)
        timeline = dispute_timeline(dispute(opened_at=opened), purchased_at=PURCHASED)
        assert timeline.open_from == opened

    def test_opened_a_microsecond_before_open_from_is_refused(self) -> None:
        """DI-2: one microsecond before the first hour has passed is an error naming both ends."""
        opened = datetime(2024, 3, 1, 13, tzinfo=WARSAW) - US
        with pytest.raises(InvalidValueError) as caught:
            dispute_timeline(dispute(opened_at=opened), purchased_at=PURCHASED)
        message = str(caught.value)
        assert message.startswith("Dispute 'd-1': opened_at 2024-03-01T12:59:59.999999+01:00")
        assert "[2024-03-01T13:00:00+01:00, 2024-08-28T12:00:00+02:00]" in message
        assert "DI-2" in message
        assert caught.value.field == "opened_at"

    def test_opened_at_open_until_is_allowed(self) -> None:
        """DI-2: a dispute opened exactly 180 days after the purchase is allowed."""
        opened = datetime(2024, 8, 28, 12, tzinfo=WARSAW)
        timeline = dispute_timeline(dispute(opened_at=opened), purchased_at=PURCHASED)
        assert timeline.open_until == opened

    def test_opened_a_microsecond_after_open_until_is_refused(self) -> None:
        """DI-2: one microsecond after the 180 days is an error."""
        opened = datetime(2024, 8, 28, 12, tzinfo=WARSAW) + US
        with pytest.raises(InvalidValueError, match=r"is outside \[2024-03-01T13:00:00\+01:00"):
            dispute_timeline(dispute(opened_at=opened), purchased_at=PURCHASED)

    def test_open_from_is_elapsed_time(self) -> None:
        """DI-2: the first hour is elapsed time, also across the spring DST gap."""
        purchased = datetime(2024, 3, 31, 1, 30, tzinfo=WARSAW)
        opened = datetime(2024, 3, 31, 3, 30, tzinfo=WARSAW)  # 1 h later in real time
        timeline = dispute_timeline(dispute(opened_at=opened), purchased_at=purchased)
        assert timeline.open_from == opened

    def test_edition_2024_not_received(self) -> None:
        """T&C 2024-04-15: 7 days for a parcel that did not arrive; business-hour reply clock."""
        friday = datetime(2024, 4, 19, 15, tzinfo=WARSAW)
        lost = dispute(opened_at=friday, reason=DisputeReason.NOT_RECEIVED)
        timeline = dispute_timeline(
            lost, purchased_at=datetime(2024, 4, 10, tzinfo=WARSAW), rulebook=EDITION_2024_04_15
        )
        assert timeline.reply_due == datetime(2024, 4, 22, 15, tzinfo=WARSAW)
        assert timeline.unresolved_from == datetime(2024, 4, 26, 15, tzinfo=WARSAW)
        assert timeline.expires_at == datetime(2024, 5, 19, 15, tzinfo=WARSAW)

    @pytest.mark.parametrize(
        "reason",
        [DisputeReason.NOT_AS_DESCRIBED, DisputeReason.SHIPPING_COST, DisputeReason.OTHER],
    )
    def test_edition_2024_other_reasons(self, reason: DisputeReason) -> None:
        """T&C 2024-04-15: 14 days for every other reason."""
        friday = datetime(2024, 4, 19, 15, tzinfo=WARSAW)
        timeline = dispute_timeline(
            dispute(opened_at=friday, reason=reason),
            purchased_at=datetime(2024, 4, 10, tzinfo=WARSAW),
            rulebook=EDITION_2024_04_15,
        )
        assert timeline.unresolved_from == datetime(2024, 5, 3, 15, tzinfo=WARSAW)

    def test_edition_2022_not_received_waits_14_days(self) -> None:
        """DI-4, edition 2022: 14 days whatever the reason."""
        timeline = dispute_timeline(
            dispute(reason=DisputeReason.NOT_RECEIVED), purchased_at=PURCHASED
        )
        assert timeline.unresolved_from == UNRESOLVED_FROM

    def test_naive_purchase_is_refused(self) -> None:
        """A naive purchase instant is refused, naming the argument."""
        with pytest.raises(NaiveDatetimeError, match="purchased_at"):
            dispute_timeline(dispute(), purchased_at=datetime(2024, 3, 1, 12))

    def test_invalid_marking_is_refused(self) -> None:
        """DI-4: the timeline of a dispute marked UNRESOLVED too early is an error."""
        early = dispute(status=DisputeStatus.UNRESOLVED, closed_at=UNRESOLVED_FROM - US)
        with pytest.raises(InvalidValueError, match="closed_at"):
            dispute_timeline(early, purchased_at=PURCHASED)


class TestDisputeState:
    @pytest.mark.parametrize(
        ("at", "expected"),
        [
            (OPENED, DisputeStatus.ONGOING),
            (EXPIRES - US, DisputeStatus.ONGOING),
            (EXPIRES, DisputeStatus.RESOLVED),
            (EXPIRES + US, DisputeStatus.RESOLVED),
        ],
    )
    def test_unmarked_dispute_resolves_at_expiry(
        self, at: datetime, expected: DisputeStatus
    ) -> None:
        """DI-5: never marked, ONGOING until 30 days after opening, RESOLVED from that instant."""
        assert dispute_state(dispute(), at=at) is expected

    @pytest.mark.parametrize(
        ("offset", "expected"),
        [(-US, DisputeStatus.ONGOING), (timedelta(0), DisputeStatus.RESOLVED), (US, None)],
    )
    def test_buyer_resolves(self, offset: timedelta, expected: DisputeStatus | None) -> None:
        """DI-5: the buyer's RESOLVED counts from closed_at, inclusive."""
        closed = datetime(2024, 3, 12, 18, tzinfo=WARSAW)
        marked = dispute(status=DisputeStatus.RESOLVED, closed_at=closed)
        assert dispute_state(marked, at=closed + offset) is (expected or DisputeStatus.RESOLVED)

    @pytest.mark.parametrize(
        ("at", "expected"),
        [
            (UNRESOLVED_FROM - US, DisputeStatus.ONGOING),
            (UNRESOLVED_FROM, DisputeStatus.UNRESOLVED),
            (EXPIRES + timedelta(days=400), DisputeStatus.UNRESOLVED),
        ],
    )
    def test_marked_unresolved_at_the_first_allowed_instant(
        self, at: datetime, expected: DisputeStatus
    ) -> None:
        """DI-4: marking UNRESOLVED exactly 14 days after opening is allowed and final."""
        marked = dispute(status=DisputeStatus.UNRESOLVED, closed_at=UNRESOLVED_FROM)
        assert dispute_state(marked, at=at) is expected

    def test_marked_unresolved_a_microsecond_early_is_refused(self) -> None:
        """DI-4: UNRESOLVED before opening + 14 days names the dispute, field and both instants."""
        marked = dispute(status=DisputeStatus.UNRESOLVED, closed_at=UNRESOLVED_FROM - US)
        with pytest.raises(InvalidValueError) as caught:
            dispute_state(marked, at=EXPIRES)
        error = caught.value
        assert (error.record, error.record_id, error.field) == ("Dispute", "d-1", "closed_at")
        assert error.value == UNRESOLVED_FROM - US
        assert str(error) == (
            "Dispute 'd-1': closed_at 2024-03-24T08:59:59.999999+01:00 marks it UNRESOLVED "
            "before 2024-03-24T09:00:00+01:00, the first instant the buyer may (14 days after "
            "opened_at 2024-03-10T09:00:00+01:00, DI-4)"
        )

    def test_marked_unresolved_at_expiry_is_refused(self) -> None:
        """DI-5: at 30 days the dispute is already resolved; a later UNRESOLVED is an error."""
        marked = dispute(status=DisputeStatus.UNRESOLVED, closed_at=EXPIRES)
        with pytest.raises(InvalidValueError, match=r"at or after 2024-04-09T09:00:00\+02:00"):
            dispute_state(marked, at=EXPIRES)

    def test_marked_unresolved_just_before_expiry(self) -> None:
        """DI-4, DI-5: a microsecond before expiry the buyer may still mark it UNRESOLVED."""
        marked = dispute(status=DisputeStatus.UNRESOLVED, closed_at=EXPIRES - US)
        assert dispute_state(marked, at=EXPIRES) is DisputeStatus.UNRESOLVED
        assert dispute_state(marked, at=EXPIRES - 2 * US) is DisputeStatus.ONGOING

    def test_not_received_in_2024_may_be_marked_after_7_days(self) -> None:
        """T&C 2024-04-15: a lost parcel may be marked UNRESOLVED from 7 days; in 2022 not yet."""
        seventh = OPENED + timedelta(days=7)
        lost = dispute(
            reason=DisputeReason.NOT_RECEIVED, status=DisputeStatus.UNRESOLVED, closed_at=seventh
        )
        assert dispute_state(lost, at=seventh, rulebook=EDITION_2024_04_15) is (
            DisputeStatus.UNRESOLVED
        )
        with pytest.raises(InvalidValueError, match="14 days after"):
            dispute_state(lost, at=seventh, rulebook=EDITION_2022)

    @pytest.mark.parametrize("status", [DisputeStatus.RESOLVED, DisputeStatus.UNRESOLVED])
    def test_unknown_closing_time_counts_from_opening(self, status: DisputeStatus) -> None:
        """A final status without closed_at is known from the opening on."""
        assert dispute_state(dispute(status=status), at=OPENED) is status

    def test_resolution_recorded_after_expiry_resolves_at_expiry(self) -> None:
        """DI-5: a RESOLVED recorded after the 30 days does not extend the dispute."""
        late = dispute(status=DisputeStatus.RESOLVED, closed_at=EXPIRES + timedelta(days=2))
        assert dispute_state(late, at=EXPIRES - US) is DisputeStatus.ONGOING
        assert dispute_state(late, at=EXPIRES) is DisputeStatus.RESOLVED

    def test_before_opening_is_refused(self) -> None:
        """There is no state before the dispute was opened."""
        with pytest.raises(InvalidValueError, match="does not exist yet"):
            dispute_state(dispute(), at=OPENED - US)

    def test_naive_instant_is_refused(self) -> None:
        """A naive ``at`` is refused."""
        with pytest.raises(NaiveDatetimeError, match="at"):
            dispute_state(dispute(), at=datetime(2024, 3, 11))

    def test_zones_do_not_matter(self) -> None:
        """The expiry instant in UTC is the same instant."""
        assert dispute_state(dispute(), at=EXPIRES.astimezone(UTC)) is DisputeStatus.RESOLVED
        assert dispute_state(dispute(), at=(EXPIRES - US).astimezone(UTC)) is (
            DisputeStatus.ONGOING
        )

    @given(st.data())
    def test_never_reopens(self, data: st.DataObject) -> None:
        """DI-5: once closed, a dispute never goes back to ONGOING or changes status as at grows."""
        rulebook = data.draw(st.sampled_from([EDITION_2022, EDITION_2024_04_15]))
        status = data.draw(st.sampled_from(DisputeStatus))
        reason = data.draw(st.sampled_from(DisputeReason))
        rules = rulebook.lifecycle
        closed_at = None
        if status is DisputeStatus.UNRESOLVED and data.draw(st.booleans()):
            days = (
                rules.unresolved_after_days_not_received
                if reason is DisputeReason.NOT_RECEIVED
                else rules.unresolved_after_days
            )
            earliest = (OPENED + timedelta(days=days)).astimezone(UTC)
            latest = (OPENED + timedelta(days=rules.expires_after_days)).astimezone(UTC) - US
            span = (latest - earliest) // US
            closed_at = earliest + data.draw(st.integers(0, span)) * US
        elif status is DisputeStatus.RESOLVED and data.draw(st.booleans()):
            closed_at = OPENED + timedelta(seconds=data.draw(st.integers(0, 40 * 24 * 3600)))
        subject = dispute(status=status, reason=reason, closed_at=closed_at)
        seconds = data.draw(st.lists(st.integers(0, 60 * 24 * 3600), min_size=1, max_size=20))
        states = [
            dispute_state(subject, at=OPENED + timedelta(seconds=s), rulebook=rulebook)
            for s in sorted(seconds)
        ]
        closed = [state for state in states if state is not DisputeStatus.ONGOING]
        assert states[len(states) - len(closed) :] == closed
        assert len(set(closed)) <= 1
        if closed:
            expected = DisputeStatus.RESOLVED if status is DisputeStatus.ONGOING else status
            assert closed[0] is expected


class TestResolutionWindow:
    def test_not_received_2024_is_7_days(self) -> None:
        """T&C 2024-04-15: the seller has 7 days to resolve a parcel that did not arrive."""
        lost = dispute(reason=DisputeReason.NOT_RECEIVED)
        window = resolution_window(lost, rulebook=EDITION_2024_04_15)
        assert window == Window(OPENED, datetime(2024, 3, 17, 9, tzinfo=WARSAW))
        assert window.contains(window.end - US)
        assert not window.contains(window.end)

    def test_other_2024_is_14_days(self) -> None:
        """T&C 2024-04-15: 14 days for any other reason."""
        window = resolution_window(dispute(), rulebook=EDITION_2024_04_15)
        assert window == Window(OPENED, UNRESOLVED_FROM)

    def test_edition_2022_is_14_days_whatever_the_reason(self) -> None:
        """DI-4, edition 2022: the window is implied by the 14 days before a buyer may mark."""
        lost = dispute(reason=DisputeReason.NOT_RECEIVED)
        assert resolution_window(lost) == Window(OPENED, UNRESOLVED_FROM)


def kinds_and_times(events: tuple[DisputeEvent, ...]) -> list[tuple[DisputeEventKind, datetime]]:
    """The events as (kind, instant) pairs."""
    return [(event.kind, event.at) for event in events]


class TestDisputeEvents:
    def test_ongoing_dispute_with_a_reply(self) -> None:
        """DI-1…DI-5: purchase, opening, reply, reply due, may mark unresolved, expiry."""
        replied = datetime(2024, 3, 10, 20, tzinfo=WARSAW)
        events = dispute_events(dispute(first_reply_at=replied), purchased_at=PURCHASED)
        assert kinds_and_times(events) == [
            (DisputeEventKind.PURCHASED, PURCHASED),
            (DisputeEventKind.OPENED, OPENED),
            (DisputeEventKind.REPLIED, replied),
            (DisputeEventKind.REPLY_DUE, REPLY_DUE),
            (DisputeEventKind.MAY_MARK_UNRESOLVED, UNRESOLVED_FROM),
            (DisputeEventKind.EXPIRED, EXPIRES),
        ]
        assert [event.rule for event in events] == ["DI-2", "DI-1", "DI-3", "DI-3", "DI-4", "DI-5"]
        assert events[2].description == "The seller replies for the first time (on time)"
        assert events[3].description == "The seller's first reply is due (24 hours after opening)"
        assert events[0].description == (
            "Purchase; a dispute may be opened from 2024-03-01T13:00:00+01:00 "
            "to 2024-08-28T12:00:00+02:00"
        )
        assert events[1].description == "The buyer opens the dispute (other reason)"
        assert events[5].description == (
            "Unmarked, the dispute expires and is resolved (30 days after opening)"
        )

    def test_reply_at_the_deadline_is_on_time_and_listed_first(self) -> None:
        """DI-3: a reply at the due instant is on time; at equal instants REPLIED comes first."""
        events = dispute_events(dispute(first_reply_at=REPLY_DUE), purchased_at=PURCHASED)
        assert kinds_and_times(events)[2:4] == [
            (DisputeEventKind.REPLIED, REPLY_DUE),
            (DisputeEventKind.REPLY_DUE, REPLY_DUE),
        ]
        assert "(on time)" in events[2].description

    def test_reply_a_microsecond_late(self) -> None:
        """DI-3: a microsecond after the due instant is late."""
        events = dispute_events(dispute(first_reply_at=REPLY_DUE + US), purchased_at=PURCHASED)
        replied = next(event for event in events if event.kind is DisputeEventKind.REPLIED)
        assert replied.description == "The seller replies for the first time (late)"

    def test_resolved_early_by_the_buyer(self) -> None:
        """DI-5: closed by the buyer within a day; only the reply deadline follows."""
        closed = datetime(2024, 3, 10, 21, tzinfo=WARSAW)
        events = dispute_events(
            dispute(status=DisputeStatus.RESOLVED, closed_at=closed), purchased_at=PURCHASED
        )
        assert kinds_and_times(events) == [
            (DisputeEventKind.PURCHASED, PURCHASED),
            (DisputeEventKind.OPENED, OPENED),
            (DisputeEventKind.MARKED_RESOLVED, closed),
            (DisputeEventKind.REPLY_DUE, REPLY_DUE),
        ]
        assert events[2].description == "The buyer marks the dispute resolved"

    def test_marked_unresolved(self) -> None:
        """DI-4: the option appears at 14 days and the marking at its instant."""
        closed = datetime(2024, 3, 30, 10, tzinfo=WARSAW)
        events = dispute_events(
            dispute(status=DisputeStatus.UNRESOLVED, closed_at=closed), purchased_at=PURCHASED
        )
        assert kinds_and_times(events)[-2:] == [
            (DisputeEventKind.MAY_MARK_UNRESOLVED, UNRESOLVED_FROM),
            (DisputeEventKind.MARKED_UNRESOLVED, closed),
        ]
        assert events[-1].rule == "DI-4"
        assert events[-2].description == (
            "From now the buyer may mark the dispute unresolved (14 days after opening)"
        )

    def test_marked_unresolved_at_the_first_instant(self) -> None:
        """DI-4: at the very instant the option opens, both rows show, option first."""
        events = dispute_events(
            dispute(status=DisputeStatus.UNRESOLVED, closed_at=UNRESOLVED_FROM),
            purchased_at=PURCHASED,
        )
        assert kinds_and_times(events)[-2:] == [
            (DisputeEventKind.MAY_MARK_UNRESOLVED, UNRESOLVED_FROM),
            (DisputeEventKind.MARKED_UNRESOLVED, UNRESOLVED_FROM),
        ]

    @pytest.mark.parametrize(
        ("status", "kind"),
        [
            (DisputeStatus.RESOLVED, DisputeEventKind.MARKED_RESOLVED),
            (DisputeStatus.UNRESOLVED, DisputeEventKind.MARKED_UNRESOLVED),
        ],
    )
    def test_unknown_marking_time_is_shown_at_opening(
        self, status: DisputeStatus, kind: DisputeEventKind
    ) -> None:
        """A marking without closed_at is shown at the opening and says so."""
        events = dispute_events(dispute(status=status), purchased_at=PURCHASED)
        assert kinds_and_times(events) == [
            (DisputeEventKind.PURCHASED, PURCHASED),
            (DisputeEventKind.OPENED, OPENED),
            (kind, OPENED),
            (DisputeEventKind.REPLY_DUE, REPLY_DUE),
        ]
        assert events[2].description.endswith("(time unknown; counted from the opening)")

    def test_resolution_recorded_after_expiry_shows_the_expiry(self) -> None:
        """DI-5: a RESOLVED recorded after the 30 days is shown as the expiry."""
        late = dispute(status=DisputeStatus.RESOLVED, closed_at=EXPIRES + timedelta(hours=5))
        events = dispute_events(late, purchased_at=PURCHASED)
        assert kinds_and_times(events)[-1] == (DisputeEventKind.EXPIRED, EXPIRES)

    def test_business_clock_is_described(self) -> None:
        """T&C 2024-04-15: the reply row names the business-hour clock and the 7 days."""
        friday = datetime(2024, 4, 19, 15, tzinfo=WARSAW)
        lost = dispute(opened_at=friday, reason=DisputeReason.NOT_RECEIVED)
        events = dispute_events(
            lost, purchased_at=datetime(2024, 4, 10, tzinfo=WARSAW), rulebook=EDITION_2024_04_15
        )
        due = next(event for event in events if event.kind is DisputeEventKind.REPLY_DUE)
        assert due.at == datetime(2024, 4, 22, 15, tzinfo=WARSAW)
        assert due.description == (
            "The seller's first reply is due (24 hours on business days (weekends and Polish "
            "public holidays excluded) after opening)"
        )
        option = next(e for e in events if e.kind is DisputeEventKind.MAY_MARK_UNRESOLVED)
        assert option.description.endswith("(7 days after opening)")
        assert "(parcel not received)" in events[1].description

    def test_fractional_reply_hours_are_described(self) -> None:
        """A rulebook with a 90-minute reply time says "1.5 hours"."""
        quick = with_lifecycle(EDITION_2022, reply_within=timedelta(minutes=90))
        events = dispute_events(dispute(), purchased_at=PURCHASED, rulebook=quick)
        due = next(event for event in events if event.kind is DisputeEventKind.REPLY_DUE)
        assert due.at == OPENED + timedelta(minutes=90)
        assert "(1.5 hours after opening)" in due.description

    def test_opening_outside_the_window_is_refused(self) -> None:
        """DI-2: events of a dispute opened before the purchase are an error."""
        with pytest.raises(InvalidValueError, match="opened_at"):
            dispute_events(dispute(), purchased_at=OPENED)


class TestWarsawDays:
    """DI-2, DI-4, DI-5, RA-1: days are Warsaw calendar days, whatever zone an instant is in.

    The old code counted days on the wall clock of the instant's own zone, so
    the same instant written in UTC gave deadlines an hour later across a DST
    change than written in Warsaw time.
    """

    @pytest.mark.parametrize("zone", [WARSAW, UTC, NEW_YORK, TOKYO])
    def test_expiry_across_spring_dst(self, zone: tzinfo) -> None:
        """DI-5: opened 1 March 2022 23:30 CET (22:30 UTC), it expires 31 March 23:30 CEST.

        30 Warsaw calendar days later is 31 March 23:30 on the Warsaw clock,
        now summer time: 21:30 UTC, 719 elapsed hours later. Counting 30 UTC
        days from 22:30 UTC gave 22:30 UTC.
        """
        opened = datetime(2022, 3, 1, 23, 30, tzinfo=WARSAW).astimezone(zone)
        purchased = datetime(2022, 2, 27, 12, tzinfo=WARSAW).astimezone(zone)
        timeline = dispute_timeline(dispute(opened_at=opened), purchased_at=purchased)
        assert timeline.expires_at == datetime(2022, 3, 31, 21, 30, tzinfo=UTC)
        assert timeline.expires_at.tzinfo is zone  # shown in the zone the caller used
        # 14 days: 15 March 23:30 CET, before the change, 22:30 UTC.
        assert timeline.unresolved_from == datetime(2022, 3, 15, 22, 30, tzinfo=UTC)

    @pytest.mark.parametrize("zone", [UTC, TOKYO])
    def test_expiry_state_at_the_instant(self, zone: tzinfo) -> None:
        """DI-5: written in UTC, the dispute is ongoing until 21:30 UTC and resolved from then."""
        opened = datetime(2022, 3, 1, 22, 30, tzinfo=UTC)
        subject = dispute(opened_at=opened)
        expiry = datetime(2022, 3, 31, 21, 30, tzinfo=UTC)
        states = [
            dispute_state(subject, at=(expiry + offset).astimezone(zone))
            for offset in (-US, timedelta(0), US)
        ]
        assert states == [DisputeStatus.ONGOING, DisputeStatus.RESOLVED, DisputeStatus.RESOLVED]

    def test_expiry_across_autumn_dst(self) -> None:
        """DI-5: opened 10 October 2022 12:00 UTC (14:00 CEST): expires 9 November 14:00 CET.

        That is 13:00 UTC, 721 elapsed hours later; 30 UTC days gave 12:00 UTC.
        """
        opened = datetime(2022, 10, 10, 12, tzinfo=UTC)
        timeline = dispute_timeline(
            dispute(opened_at=opened), purchased_at=datetime(2022, 10, 1, tzinfo=UTC)
        )
        assert timeline.expires_at == datetime(2022, 11, 9, 13, tzinfo=UTC)
        assert dispute_state(dispute(opened_at=opened), at=timeline.expires_at - US) is (
            DisputeStatus.ONGOING
        )

    def test_unresolved_from_across_spring_dst(self) -> None:
        """DI-4: opened 20 March 2022 22:30 UTC (23:30 CET): may be marked from 3 April 21:30 UTC.

        14 Warsaw days later is 3 April 23:30 CEST, 21:30 UTC. A marking at
        that instant is valid, one a microsecond earlier is refused; counting
        14 UTC days, the first allowed instant was 22:30 UTC.
        """
        opened = datetime(2022, 3, 20, 22, 30, tzinfo=UTC)
        first = datetime(2022, 4, 3, 21, 30, tzinfo=UTC)
        marked = dispute(opened_at=opened, status=DisputeStatus.UNRESOLVED, closed_at=first)
        assert dispute_state(marked, at=first) is DisputeStatus.UNRESOLVED
        early = dispute(opened_at=opened, status=DisputeStatus.UNRESOLVED, closed_at=first - US)
        with pytest.raises(InvalidValueError, match=r"before 2022-04-03T21:30:00\+00:00"):
            dispute_state(early, at=first)

    def test_open_until_across_spring_dst(self) -> None:
        """DI-2: bought 31 January 2022 23:30 UTC (1 February, CET): open until 30 July 22:30 UTC.

        1 February + 180 days is 31 July (28 + 31 + 30 + 31 + 30 + 30 days to
        31 July), 00:30 CEST, which is 30 July 22:30 UTC; 180 UTC days gave
        30 July 23:30 UTC.
        """
        purchased = datetime(2022, 1, 31, 23, 30, tzinfo=UTC)
        last = datetime(2022, 7, 30, 22, 30, tzinfo=UTC)
        timeline = dispute_timeline(dispute(opened_at=last), purchased_at=purchased)
        assert timeline.open_until == last
        with pytest.raises(InvalidValueError, match="DI-2"):
            dispute_timeline(dispute(opened_at=last + US), purchased_at=purchased)

    def test_rating_change_deadline_across_spring_dst(self) -> None:
        """RA-1: rated 10 March 2022 23:30 UTC (11 March 00:30 CET): ask by 31 March 22:30 UTC.

        21 Warsaw days after 11 March 00:30 is 1 April 00:30 CEST, which is
        31 March 22:30 UTC; 21 UTC days gave 31 March 23:30 UTC.
        """
        created = datetime(2022, 3, 10, 23, 30, tzinfo=UTC)
        for written in (created, created.astimezone(WARSAW), created.astimezone(NEW_YORK)):
            bad = Rating(id="r", created_at=written, recommended=False)
            deadline = rating_change_deadline(bad)
            assert deadline == datetime(2022, 3, 31, 22, 30, tzinfo=UTC)
            assert deadline.tzinfo is written.tzinfo

    def test_expiry_in_the_repeated_autumn_hour(self) -> None:
        """DI-5: opened 27 September 2024 02:30 CEST, it expires at the first 02:30 of 27 October.

        The clocks go back that night, so 02:30 comes twice; the deadline is
        the first (CEST, 00:30 UTC). It is written with its fixed offset, so it
        equals the same instant in UTC.
        """
        subject = dispute(opened_at=datetime(2024, 9, 27, 2, 30, tzinfo=WARSAW))
        timeline = dispute_timeline(subject, purchased_at=datetime(2024, 9, 20, tzinfo=WARSAW))
        expiry = datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
        assert timeline.expires_at == expiry
        assert timeline.expires_at.utcoffset() == timedelta(hours=2)
        assert dispute_state(subject, at=expiry - US) is DisputeStatus.ONGOING
        assert dispute_state(subject, at=expiry) is DisputeStatus.RESOLVED

    def test_days_count_in_the_rulebook_zone(self) -> None:
        """DI-5: the zone is rulebook data; a rulebook counting UTC days expires at 22:30 UTC."""
        in_utc = attrs.evolve(EDITION_2022, zone=ZoneInfo("UTC"))
        opened = datetime(2022, 3, 1, 23, 30, tzinfo=WARSAW)
        timeline = dispute_timeline(
            dispute(opened_at=opened),
            purchased_at=datetime(2022, 2, 27, tzinfo=WARSAW),
            rulebook=in_utc,
        )
        assert timeline.expires_at == datetime(2022, 3, 31, 22, 30, tzinfo=UTC)


class TestRatingChangeDeadline:
    def test_21_days_across_dst(self) -> None:
        """RA-1: 21 calendar days after a negative rating; 18:00 CET becomes 18:00 CEST."""
        bad = Rating(
            id="r-1", created_at=datetime(2022, 3, 20, 18, tzinfo=WARSAW), recommended=False
        )
        deadline = rating_change_deadline(bad)
        assert deadline == datetime(2022, 4, 10, 18, tzinfo=WARSAW)
        assert deadline.utcoffset() == timedelta(hours=2)

    def test_in_utc_is_21_times_24_hours(self) -> None:
        """RA-1: with no DST change in May, 21 Warsaw days are 504 hours, written in UTC too."""
        created = datetime(2024, 5, 1, 8, 15, tzinfo=UTC)
        bad = Rating(id="r-2", created_at=created, recommended=False)
        assert rating_change_deadline(bad) - created == timedelta(hours=504)

    def test_positive_rating_is_an_error(self) -> None:
        """RA-1: a recommended rating has nothing to change: a clear error naming it."""
        good = Rating(id="r-3", created_at=datetime(2024, 5, 1, tzinfo=WARSAW), recommended=True)
        with pytest.raises(InvalidValueError) as caught:
            rating_change_deadline(good)
        assert str(caught.value).startswith("Rating 'r-3': recommended True means a positive")
        assert caught.value.field == "recommended"

    def test_rulebook_value_is_used(self) -> None:
        """RA-1: the window comes from the rulebook."""
        bad = Rating(id="r-4", created_at=datetime(2024, 5, 1, tzinfo=WARSAW), recommended=False)
        shorter = with_lifecycle(EDITION_2022, rating_change_days=14)
        assert rating_change_deadline(bad, rulebook=shorter) == datetime(2024, 5, 15, tzinfo=WARSAW)


def bought(moment: datetime, identifier: str = "o-1") -> Order:
    """An order of 20 PLN bought at ``moment``."""
    return Order(id=identifier, bought_at=moment, total=Money("20"))


class TestRatingWindow:
    """T&C 2024-04-15: buyers rate within 90 days of the purchase; later ratings are rejected."""

    def test_90_days_across_spring_dst(self) -> None:
        """T&C 2024-04-15: bought 15 January 2024 10:00 CET, rated until 14 April 10:00 CEST.

        15 January + 90 days: 16 to 31 January, 29 in February, 31 in March
        (76), 14 in April (90). The wall time stays 10:00 across the DST change.
        """
        closes = rating_window(bought(datetime(2024, 1, 15, 10, tzinfo=WARSAW)))
        assert closes == datetime(2024, 4, 14, 10, tzinfo=WARSAW)
        assert closes.utcoffset() == timedelta(hours=2)

    def test_written_in_utc_counts_warsaw_days(self) -> None:
        """T&C 2024-04-15: the same purchase written in UTC (09:00) closes at 08:00 UTC.

        Counting 90 UTC days would give 14 April 09:00 UTC, an hour late.
        """
        closes = rating_window(bought(datetime(2024, 1, 15, 9, tzinfo=UTC)))
        assert closes == datetime(2024, 4, 14, 8, tzinfo=UTC)
        assert closes.tzinfo is UTC

    def test_90_days_across_autumn_dst(self) -> None:
        """T&C 2024-04-15: bought 1 September 2024 12:00 CEST, rated until 30 November 12:00 CET.

        1 September + 90 days: 29 more in September, 31 in October (60),
        30 in November (90); 12:00 CET is 11:00 UTC, 2161 elapsed hours.
        """
        purchase = datetime(2024, 9, 1, 10, tzinfo=UTC)
        closes = rating_window(bought(purchase))
        assert closes == datetime(2024, 11, 30, 11, tzinfo=UTC)
        assert closes - purchase == timedelta(hours=90 * 24 + 1)

    @pytest.mark.parametrize("rulebook", [EDITION_2022, EDITION_2023_09_04])
    def test_editions_without_the_limit_are_an_error(self, rulebook: Rulebook) -> None:
        """Before the T&C of 2024-04-15 no limit is stated: an error naming the edition."""
        with pytest.raises(InvalidValueError) as caught:
            rating_window(bought(datetime(2024, 1, 15, tzinfo=WARSAW)), rulebook=rulebook)
        assert str(caught.value) == (
            f"rulebook {rulebook.edition!r} states no limit on when buyers may rate; the 90-day "
            "limit came with Allegro's Terms and Conditions of 2024-04-15 (EDITION_2024_04_15)"
        )

    def test_rulebook_value_is_used(self) -> None:
        """T&C 2024-04-15: the number of days comes from the rulebook (30 here)."""
        shorter = with_lifecycle(EDITION_2024_04_15, rating_within_days=30)
        closes = rating_window(bought(datetime(2024, 3, 15, 10, tzinfo=WARSAW)), rulebook=shorter)
        assert closes == datetime(2024, 4, 14, 10, tzinfo=WARSAW)


AS_OF = datetime(2024, 6, 1, tzinfo=WARSAW)
WINDOW_START = datetime(2024, 4, 2, tzinfo=WARSAW)  # 1 June - 60 days (31 of May, 29 of April)


def orders(count: int, *, cancelled: int = 0) -> list[Order]:
    """``count`` orders bought on 1 May 2024, the last ``cancelled`` of them cancelled."""
    bought = datetime(2024, 5, 1, 10, tzinfo=WARSAW)
    return [
        Order(
            id=f"o-{n:04d}", bought_at=bought, total=Money("10"), cancelled=n >= count - cancelled
        )
        for n in range(count)
    ]


def unresolved(identifier: str, closed_at: datetime | None) -> Dispute:
    """A dispute marked UNRESOLVED at ``closed_at`` (opened 20 days before)."""
    opened = (closed_at or datetime(2024, 5, 10, tzinfo=WARSAW)) - timedelta(days=20)
    return Dispute(
        id=identifier, opened_at=opened, status=DisputeStatus.UNRESOLVED, closed_at=closed_at
    )


def marked(count: int) -> list[Dispute]:
    """``count`` disputes marked UNRESOLVED in May 2024, one a day from 5 May."""
    return [unresolved(f"d-{n}", datetime(2024, 5, 5 + n, 12, tzinfo=WARSAW)) for n in range(count)]


class TestDiscussionLimit:
    def test_edition_2022_has_no_cap(self) -> None:
        """The cap came with the T&C of 2024-04-15; edition 2022 is an error naming it."""
        with pytest.raises(InvalidValueError, match="rulebook '2022' has no cap"):
            check_discussion_limit(SellerActivity(), as_of=AS_OF, rulebook=EDITION_2022)

    def test_two_with_1000_agreements_pass(self) -> None:
        """T&C 2024-04-15: at most 2 when there were not more than 1,000 agreements."""
        activity = SellerActivity(orders=orders(1000), disputes=marked(2))
        assert check_discussion_limit(activity, as_of=AS_OF) == Criterion(
            code="UNRESOLVED_DISCUSSIONS",
            rule="DI-4 (T&C 2024-04-15)",
            description="unresolved discussions in the last 60 days: at most 0.2% of "
            "agreements when there were more than 1000, else at most 2; now 2 of the 2 allowed "
            "with 1,000 agreements, so the next one breaks the cap",
            actual=2,
            required=2,
            passed=True,
            shortfall=None,
            culprits=("d-0", "d-1"),
        )

    def test_three_with_1000_agreements_fail(self) -> None:
        """T&C 2024-04-15: 3 > 2; the first leaves the window 60 days after 5 May."""
        activity = SellerActivity(orders=orders(1000), disputes=marked(3))
        result = check_discussion_limit(activity, as_of=AS_OF)
        assert (result.actual, result.required, result.passed) == (3, 2, False)
        assert result.shortfall == (
            "1 unresolved discussion more than the 2 allowed with 1,000 agreements in 60 days; "
            "with no new ones it passes by itself once 2024-07-04T12:00:00+02:00 has passed"
        )
        assert result.culprits == ("d-0", "d-1", "d-2")

    def test_two_too_many(self) -> None:
        """The shortfall counts in plural, and the second oldest decides when it passes."""
        activity = SellerActivity(orders=orders(10), disputes=marked(4))
        result = check_discussion_limit(activity, as_of=AS_OF)
        assert result.shortfall == (
            "2 unresolved discussions more than the 2 allowed with 10 agreements in 60 days; "
            "with no new ones it passes by itself once 2024-07-05T12:00:00+02:00 has passed"
        )

    @pytest.mark.parametrize(
        ("count", "margin"),
        [
            (0, "0 of the 2 allowed with 10 agreements, so 2 more allowed"),
            (1, "1 of the 2 allowed with 10 agreements, so 1 more allowed"),
            (2, "2 of the 2 allowed with 10 agreements, so the next one breaks the cap"),
            (3, "3 of the 2 allowed with 10 agreements, so the cap is broken"),
        ],
    )
    def test_margin_at_1000_agreements_or_fewer(self, count: int, margin: str) -> None:
        """T&C 2024-04-15: at most 2, so the description says how many more are allowed."""
        result = check_discussion_limit(
            SellerActivity(orders=orders(10), disputes=marked(count)), as_of=AS_OF
        )
        assert result.description.endswith(f"; now {margin}")
        assert result.passed is (count <= 2)

    @pytest.mark.parametrize(
        ("agreements", "count", "margin"),
        [
            # 0.2% of 1,001 is 2.002: 2 allowed.
            (1001, 2, "2 of the 2 allowed with 1,001 agreements, so the next one breaks the cap"),
            # 0.2% of 1,500 is exactly 3.
            (1500, 1, "1 of the 3 allowed with 1,500 agreements, so 2 more allowed"),
            (1500, 4, "4 of the 3 allowed with 1,500 agreements, so the cap is broken"),
            # 0.2% of 1,999 is 3.998: still 3.
            (1999, 3, "3 of the 3 allowed with 1,999 agreements, so the next one breaks the cap"),
        ],
    )
    def test_margin_above_1000_agreements(self, agreements: int, count: int, margin: str) -> None:
        """T&C 2024-04-15: above 1,000 agreements 0.2% of them, rounded down, are allowed."""
        result = check_discussion_limit(
            SellerActivity(orders=orders(agreements), disputes=marked(count)), as_of=AS_OF
        )
        assert result.description.endswith(f"; now {margin}")

    def test_share_above_1000_agreements(self) -> None:
        """T&C 2024-04-15: with 1,001 agreements the share rule applies: 2/1001 <= 0.2%."""
        result = check_discussion_limit(
            SellerActivity(orders=orders(1001), disputes=marked(2)), as_of=AS_OF
        )
        assert (result.actual, result.required, result.passed) == (
            Fraction(2, 1001),
            Fraction(1, 500),
            True,
        )

    def test_share_fails_above(self) -> None:
        """T&C 2024-04-15: 3/1001 > 0.2%; only 2 are allowed (0.2% of 1001 = 2.002)."""
        result = check_discussion_limit(
            SellerActivity(orders=orders(1001), disputes=marked(3)), as_of=AS_OF
        )
        assert result.passed is False
        assert result.shortfall == (
            "1 unresolved discussion more than the 2 allowed with 1,001 agreements in 60 days"
        )

    def test_share_is_inclusive(self) -> None:
        """T&C 2024-04-15: 3 of 1,500 is exactly 0.2% and passes; 4 does not."""
        passing = check_discussion_limit(
            SellerActivity(orders=orders(1500), disputes=marked(3)), as_of=AS_OF
        )
        assert (passing.actual, passing.passed) == (Fraction(1, 500), True)
        failing = check_discussion_limit(
            SellerActivity(orders=orders(1500), disputes=marked(4)), as_of=AS_OF
        )
        assert failing.passed is False

    def test_cancelled_orders_are_not_agreements(self) -> None:
        """Reading: cancelled orders are no agreements; 1,001 with one cancelled are 1,000."""
        result = check_discussion_limit(
            SellerActivity(orders=orders(1001, cancelled=1), disputes=marked(3)), as_of=AS_OF
        )
        assert (result.actual, result.required) == (3, 2)
        assert "with 1,000 agreements" in (result.shortfall or "")

    def test_window_boundaries(self) -> None:
        """Half-open 60-day window: its start counts, a microsecond earlier or as_of does not."""
        disputes = [
            unresolved("d-start", WINDOW_START),
            unresolved("d-before", WINDOW_START - US),
            unresolved("d-last", AS_OF - US),
            unresolved("d-as-of", AS_OF),
        ]
        window_orders = [
            Order(id="o-start", bought_at=WINDOW_START, total=Money("1")),
            Order(id="o-before", bought_at=WINDOW_START - US, total=Money("1")),
            Order(id="o-as-of", bought_at=AS_OF, total=Money("1")),
        ]
        result = check_discussion_limit(
            SellerActivity(orders=window_orders, disputes=disputes), as_of=AS_OF
        )
        assert result.culprits == ("d-start", "d-last")
        assert result.passed is True
        assert result.description.endswith(
            "now 2 of the 2 allowed with 1 agreement, so the next one breaks the cap"
        )

    def test_window_is_warsaw_days_with_as_of_in_utc(self) -> None:
        """T&C 2024-04-15: 60 Warsaw days before 30 April 2024 22:00 UTC start 1 March 23:00 UTC.

        ``as_of`` is 1 May 00:00 CEST; 60 days earlier is 2 March 00:00 CET,
        which is 1 March 23:00 UTC (the spring change lies between). Counting
        60 UTC days, the window started an hour earlier, at 22:00 UTC.
        """
        start = datetime(2024, 3, 1, 23, tzinfo=UTC)
        disputes = [unresolved("d-start", start), unresolved("d-before", start - US)]
        result = check_discussion_limit(
            SellerActivity(disputes=disputes), as_of=datetime(2024, 4, 30, 22, tzinfo=UTC)
        )
        assert result.culprits == ("d-start",)

    def test_unknown_marking_time_uses_the_opening(self) -> None:
        """A marking without closed_at counts at the opening instant."""
        inside = unresolved("d-in", None)  # opened 20 April
        outside = Dispute(
            id="d-out",
            opened_at=WINDOW_START - US,
            status=DisputeStatus.UNRESOLVED,
        )
        result = check_discussion_limit(SellerActivity(disputes=[inside, outside]), as_of=AS_OF)
        assert result.culprits == ("d-in",)

    def test_resolved_and_ongoing_do_not_count(self) -> None:
        """Only disputes marked UNRESOLVED count."""
        others = [
            Dispute(id="d-ok", opened_at=datetime(2024, 5, 1, tzinfo=WARSAW)),
            Dispute(
                id="d-res",
                opened_at=datetime(2024, 5, 1, tzinfo=WARSAW),
                status=DisputeStatus.RESOLVED,
                closed_at=datetime(2024, 5, 2, tzinfo=WARSAW),
            ),
        ]
        result = check_discussion_limit(SellerActivity(disputes=others), as_of=AS_OF)
        assert (result.actual, result.culprits) == (0, ())

    def test_invalid_marking_is_refused(self) -> None:
        """DI-4: an UNRESOLVED marked 3 days after opening is invalid input."""
        early = Dispute(
            id="d-early",
            opened_at=datetime(2024, 5, 1, tzinfo=WARSAW),
            status=DisputeStatus.UNRESOLVED,
            closed_at=datetime(2024, 5, 4, tzinfo=WARSAW),
        )
        with pytest.raises(InvalidValueError, match="d-early"):
            check_discussion_limit(SellerActivity(disputes=[early]), as_of=AS_OF)

    def test_naive_as_of_is_refused(self) -> None:
        """A naive as_of is refused."""
        with pytest.raises(NaiveDatetimeError):
            check_discussion_limit(SellerActivity(), as_of=datetime(2024, 6, 1))


# --- zone invariance ---------------------------------------------------------------------

# Every zone the system knows, and fixed offsets from -12:00 to +14:00.
ZONES: list[tzinfo] = [ZoneInfo(key) for key in sorted(available_timezones())] + [
    timezone(timedelta(minutes=minutes)) for minutes in (-720, -570, -300, 0, 60, 120, 345, 840)
]
zones = st.sampled_from(ZONES)
# Warsaw's DST changes; ``as_of`` falls within 45 days of one of them.
DST_CHANGES = [
    datetime(2022, 3, 27, 1, tzinfo=UTC),
    datetime(2022, 10, 30, 1, tzinfo=UTC),
    datetime(2024, 3, 31, 1, tzinfo=UTC),
    datetime(2024, 10, 27, 1, tzinfo=UTC),
]
DAY_COUNTS = (7, 14, 21, 30, 60, 90, 180)
HOUR = timedelta(hours=1)


def seconds(low: float, high: float) -> st.SearchStrategy[timedelta]:
    """An elapsed time from ``low`` to ``high`` seconds, at times with a microsecond."""
    return st.builds(
        lambda whole, micro: timedelta(seconds=whole, microseconds=micro),
        st.integers(int(low), int(high)),
        st.sampled_from([0, 0, 1, 999_999]),
    )


@st.composite
def near_as_of(draw: st.DrawFn, as_of: datetime) -> datetime:
    """An instant a whole number of rule days before ``as_of``, give or take two hours.

    Across a DST change Warsaw days and elapsed days differ by an hour, so
    these instants put deadlines right next to ``as_of``.
    """
    days = draw(st.sampled_from(DAY_COUNTS))
    return as_of - timedelta(days=days) + draw(seconds(-7200, 7200))


@st.composite
def moments(draw: st.DrawFn, as_of: datetime) -> datetime:
    """An instant in the 100 days before ``as_of`` (or a little after), often near a deadline."""
    if draw(st.booleans()):
        return draw(near_as_of(as_of))
    return as_of + draw(seconds(-100 * 86_400, 3 * 86_400))


@st.composite
def lifecycle_activities(draw: st.DrawFn, as_of: datetime) -> SellerActivity:
    """A small valid activity around ``as_of``, each instant written in a zone of its own."""

    def zoned(moment: datetime) -> datetime:
        return moment.astimezone(draw(zones))

    def later(moment: datetime, most: float) -> datetime | None:
        return zoned(moment + draw(seconds(0, most))) if draw(st.booleans()) else None

    orders: list[Order] = []
    for n in range(draw(st.integers(0, 3))):
        purchase = draw(moments(as_of))
        orders.append(
            Order(
                id=f"o{n}",
                bought_at=zoned(purchase),
                total=Money("10"),
                cancelled=draw(st.booleans()),
                dispatch_by=later(purchase, 4 * 86_400),
                tracking_added_at=later(purchase, 4 * 86_400),
            )
        )
    disputes: list[Dispute] = []
    for n in range(draw(st.integers(0, 3))):
        order = draw(st.sampled_from([None, *orders]))
        if order is None:
            opened = draw(moments(as_of))
        else:
            opened = order.bought_at.astimezone(UTC) + draw(seconds(3601, 170 * 86_400))
        status = draw(st.sampled_from(DisputeStatus))
        closed = None
        if status is DisputeStatus.UNRESOLVED and draw(st.booleans()):
            # Inside [14 Warsaw days, 30 Warsaw days) after opening in every edition.
            closed = zoned(opened + timedelta(days=15) + draw(seconds(0, 13 * 86_400)))
        elif status is DisputeStatus.RESOLVED:
            closed = later(opened, 40 * 86_400)
        disputes.append(
            Dispute(
                id=f"d{n}",
                opened_at=zoned(opened),
                order_id=None if order is None else order.id,
                reason=draw(st.sampled_from(DisputeReason)),
                first_reply_at=later(opened, 60 * 3600),
                status=status,
                closed_at=closed,
            )
        )
    ratings: list[Rating] = []
    for n in range(draw(st.integers(0, 3))):
        order = draw(st.sampled_from([None, *orders]))
        if order is None:
            created = draw(moments(as_of))
        else:
            created = order.bought_at.astimezone(UTC) + draw(seconds(0, 95 * 86_400))
        ratings.append(
            Rating(
                id=f"r{n}",
                created_at=zoned(created),
                recommended=draw(st.booleans()),
                order_id=None if order is None else order.id,
                description=draw(st.sampled_from([None, 2, 5])),
            )
        )
    messages: list[Message] = []
    for n in range(draw(st.integers(0, 3))):
        received = draw(moments(as_of))
        messages.append(
            Message(id=f"m{n}", received_at=zoned(received), replied_at=later(received, 60 * 3600))
        )
    return SellerActivity(orders=orders, disputes=disputes, ratings=ratings, messages=messages)


def reexpress(record: Any, zone_of: Callable[[st.SearchStrategy[tzinfo]], tzinfo]) -> Any:
    """``record`` with every instant written in a zone drawn for it."""
    changes = {
        field.name: value.astimezone(zone_of(zones))
        for field in attrs.fields(type(record))
        if isinstance(value := getattr(record, field.name), datetime)
    }
    return attrs.evolve(record, **changes)


def utc(moment: datetime) -> datetime:
    """``moment`` on the UTC time line, so that instants compare as instants."""
    return moment.astimezone(UTC)


def lifecycle_numbers(activity: SellerActivity, as_of: datetime) -> list[object]:
    """Every instant (in UTC) and count of the lifecycle results at ``as_of``."""
    numbers: list[object] = []
    bought = {order.id: order.bought_at for order in activity.orders}
    for book in (EDITION_2022, EDITION_2024_04_15):
        entries: tuple[Deadline, ...] = deadlines(activity, as_of=as_of, rulebook=book)
        numbers.append(
            [(e.kind, e.record_id, utc(e.due), e.overdue, e.protects, e.rule) for e in entries]
        )
        for subject in activity.disputes:
            purchased = bought.get(subject.order_id or "", utc(subject.opened_at) - 2 * HOUR)
            timeline = dispute_timeline(subject, purchased_at=purchased, rulebook=book)
            numbers.append([utc(moment) for moment in attrs.astuple(timeline)])
            events = dispute_events(subject, purchased_at=purchased, rulebook=book)
            numbers.append([(utc(e.at), e.kind, e.rule) for e in events])
            if utc(subject.opened_at) <= utc(as_of):
                numbers.append(dispute_state(subject, at=as_of, rulebook=book))
        numbers.extend(
            utc(rating_change_deadline(rating, rulebook=book))
            for rating in activity.ratings
            if not rating.recommended
        )
    cap = check_discussion_limit(activity, as_of=as_of)
    numbers.append((cap.actual, cap.required, cap.passed, cap.culprits, cap.description))
    numbers.extend(utc(rating_window(order)) for order in activity.orders)
    return numbers


class TestZoneInvariance:
    """DI-2…DI-5, RA-1, T&C 2024-04-15: the same instants in other zones give the same answers."""

    @settings(max_examples=500)
    @given(
        data=st.data(),
        change=st.sampled_from(DST_CHANGES),
        shift=seconds(-45 * 86_400, 45 * 86_400),
    )
    def test_every_instant_in_another_zone(
        self, data: st.DataObject, change: datetime, shift: timedelta
    ) -> None:
        """Re-expressing every record instant and ``as_of`` in random zones changes nothing.

        Compared as instants: the deadlines list (both editions), each
        dispute's timeline, events and state, the rating deadlines, the
        discussion cap and the rating windows.
        """
        as_of = change + shift
        activity = data.draw(lifecycle_activities(as_of))
        moved = SellerActivity(
            orders=[reexpress(r, data.draw) for r in activity.orders],
            disputes=[reexpress(r, data.draw) for r in activity.disputes],
            ratings=[reexpress(r, data.draw) for r in activity.ratings],
            messages=[reexpress(r, data.draw) for r in activity.messages],
        )
        before = lifecycle_numbers(activity, as_of.astimezone(data.draw(zones)))
        after = lifecycle_numbers(moved, as_of.astimezone(data.draw(zones)))
        assert before == after
