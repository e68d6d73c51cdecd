"""Dispute timelines, states and events; rating deadlines; the cap on unresolved discussions.

Expected instants are worked out by hand from DI-2…DI-5, RA-1 and the T&C of
2024-04-15. "Hours" are elapsed time; "days" are calendar days on the Warsaw
wall clock (DST starts 2024-03-31 and 2022-03-27).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerquality import WARSAW, Criterion, Money, Window
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2024_04_15,
    Dispute,
    DisputeEvent,
    DisputeEventKind,
    DisputeReason,
    DisputeStatus,
    DisputeTimeline,
    Order,
    Rating,
    Rulebook,
    SellerActivity,
    check_discussion_limit,
    dispute_events,
    dispute_state,
    dispute_timeline,
    rating_change_deadline,
    resolution_window,
)
from sellerquality.exceptions import InvalidValueError, NaiveDatetimeError

US = timedelta(microseconds=1)
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
        """RA-1: in UTC, 21 calendar days are 504 hours."""
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
            "agreements when there were more than 1000, else at most 2",
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
            "1 unresolved discussion more than the 2 allowed with 1000 agreements in 60 days; "
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
            "1 unresolved discussion more than the 2 allowed with 1001 agreements in 60 days"
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
        assert "with 1000 agreements" in (result.shortfall or "")

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
        assert "with 1 agreements" not in str(result)

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
