"""The seller's to-do list: every open obligation at an instant, overdue first.

A hand-built activity evaluated on Monday 2024-05-06 12:00 Warsaw (CEST) holds
every kind of entry and the records that must not produce one. Due instants
are worked out by hand: reply 24 h after arrival (edition 2022) or 24 business
hours (T&C 2024-04-15), tracking by ``dispatch_by``, rating change 21 days
after the rating, expiry 30 days after the opening.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from sellerquality import WARSAW, Money
from sellerquality.allegro import (
    EDITION_2024_04_15,
    Deadline,
    DeadlineKind,
    Dispute,
    DisputeStatus,
    Message,
    Order,
    Rating,
    SellerActivity,
    deadlines,
)
from sellerquality.exceptions import InvalidValueError, NaiveDatetimeError

US = timedelta(microseconds=1)
AS_OF = datetime(2024, 5, 6, 12, tzinfo=WARSAW)


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant in 2024, Warsaw wall time."""
    return datetime(2024, month, day, hour, minute, tzinfo=WARSAW)


def order(identifier: str, bought: datetime, **fields: object) -> Order:
    """An order of 10 PLN."""
    return Order(id=identifier, bought_at=bought, total=Money("10"), **fields)  # type: ignore[arg-type]


ACTIVITY = SellerActivity(
    disputes=[
        # Saturday, unanswered: reply overdue since Sunday 10:00; expires 3 June.
        Dispute(id="d-late", opened_at=at(5, 4, 10)),
        # This morning, unanswered: reply due tomorrow 09:00.
        Dispute(id="d-fresh", opened_at=at(5, 6, 9)),
        # Answered: only its expiry (31 May 10:00) is left.
        Dispute(id="d-replied", opened_at=at(5, 1, 10), first_reply_at=at(5, 1, 12)),
        # The reply comes exactly at as_of: not yet happened at as_of.
        Dispute(id="d-reply-at-as-of", opened_at=at(5, 5, 13), first_reply_at=AS_OF),
        # Closed by the buyer: nothing.
        Dispute(
            id="d-closed",
            opened_at=at(4, 20),
            status=DisputeStatus.RESOLVED,
            closed_at=at(4, 25),
        ),
        # Expired on 1 May 10:00 (DI-5): nothing, not even the missing reply.
        Dispute(id="d-expired", opened_at=at(4, 1, 10)),
        # Opened at as_of: does not exist yet.
        Dispute(id="d-future", opened_at=AS_OF),
    ],
    messages=[
        Message(id="m-late", received_at=at(5, 5, 8)),
        Message(id="m-answered", received_at=at(5, 6, 11), replied_at=at(5, 6, 11, 30)),
        Message(id="m-answer-later", received_at=at(5, 6, 11, 59), replied_at=at(5, 6, 13)),
        Message(id="m-future", received_at=AS_OF),
    ],
    orders=[
        order("o-late", at(5, 3), dispatch_by=at(5, 6, 10)),
        order("o-due", at(5, 5), dispatch_by=at(5, 7, 16)),
        order("o-cancelled", at(5, 5), dispatch_by=at(5, 6, 10), cancelled=True),
        order("o-no-deadline", at(5, 5)),
        order("o-tracked", at(5, 5), dispatch_by=at(5, 6, 10), tracking_added_at=at(5, 6, 9)),
        order("o-tracked-at-as-of", at(5, 5), dispatch_by=at(5, 6, 18), tracking_added_at=AS_OF),
        order("o-future", AS_OF, dispatch_by=at(5, 8)),
    ],
    ratings=[
        # 21 days: 11 May 12:00. Stars given, so the star metrics are at stake too.
        Rating(id="r-neg", created_at=at(4, 20, 12), recommended=False, description=2),
        # 21 days end exactly at as_of: still inside, not overdue.
        Rating(id="r-neg-edge", created_at=at(4, 15, 12), recommended=False),
        # Its window closed on 22 April: nothing.
        Rating(id="r-neg-old", created_at=at(4, 1), recommended=False),
        Rating(id="r-pos", created_at=at(5, 1), recommended=True),
        Rating(id="r-future", created_at=AS_OF, recommended=False),
    ],
)


class TestTheList:
    def test_every_kind_sorted_overdue_first(self) -> None:
        """DI-3, DI-5, SQ-B5, SQ-D2, RA-1: overdue first, then by due instant, then by id."""
        result = deadlines(ACTIVITY, as_of=AS_OF)
        assert [(e.kind, e.record_id, e.due, e.overdue) for e in result] == [
            (DeadlineKind.DISPUTE_REPLY, "d-late", at(5, 5, 10), True),
            (DeadlineKind.MESSAGE_REPLY, "m-late", at(5, 6, 8), True),
            (DeadlineKind.TRACKING_NUMBER, "o-late", at(5, 6, 10), True),
            (DeadlineKind.RATING_CHANGE, "r-neg-edge", at(5, 6, 12), False),
            (DeadlineKind.DISPUTE_REPLY, "d-reply-at-as-of", at(5, 6, 13), False),
            (DeadlineKind.TRACKING_NUMBER, "o-tracked-at-as-of", at(5, 6, 18), False),
            (DeadlineKind.DISPUTE_REPLY, "d-fresh", at(5, 7, 9), False),
            (DeadlineKind.MESSAGE_REPLY, "m-answer-later", at(5, 7, 11, 59), False),
            (DeadlineKind.TRACKING_NUMBER, "o-due", at(5, 7, 16), False),
            (DeadlineKind.RATING_CHANGE, "r-neg", at(5, 11, 12), False),
            (DeadlineKind.DISPUTE_EXPIRY, "d-replied", at(5, 31, 10), False),
            (DeadlineKind.DISPUTE_EXPIRY, "d-late", at(6, 3, 10), False),
            (DeadlineKind.DISPUTE_EXPIRY, "d-reply-at-as-of", at(6, 4, 13), False),
            (DeadlineKind.DISPUTE_EXPIRY, "d-fresh", at(6, 5, 9), False),
        ]

    def test_entries_say_what_to_do_and_what_they_protect(self) -> None:
        """Each entry names the record, the action, the metrics and programme rules at stake."""
        by_key = {(e.kind, e.record_id): e for e in deadlines(ACTIVITY, as_of=AS_OF)}
        assert by_key[DeadlineKind.DISPUTE_REPLY, "d-late"] == Deadline(
            kind=DeadlineKind.DISPUTE_REPLY,
            record_id="d-late",
            due=at(5, 5, 10),
            overdue=True,
            action="Reply to the buyer in dispute d-late: the first reply is due within "
            "24 hours of the opening; late replies may also bring a warning or an account "
            "block (DI-6)",
            protects=("DISPUTE_REPLY_ON_TIME", "DISPUTE_REPLY_TIME", "PR-1.7"),
            rule="DI-3",
        )
        message = by_key[DeadlineKind.MESSAGE_REPLY, "m-late"]
        assert message.protects == ("MESSAGE_REPLY_ON_TIME", "MESSAGE_REPLY_TIME", "PR-1.6")
        assert message.rule == "SQ-B5"
        assert message.action.startswith("Reply to the buyer's message m-late")
        tracking = by_key[DeadlineKind.TRACKING_NUMBER, "o-late"]
        assert tracking.protects == ("TRACKING_ON_TIME", "PR-1.8")
        assert tracking.rule == "SQ-D2"
        assert "add its tracking number" in tracking.action
        with_stars = by_key[DeadlineKind.RATING_CHANGE, "r-neg"]
        assert with_stars.protects == (
            "RECOMMENDATION_RATE",
            "PR-3",
            "BUYER_SATISFACTION",
            "PR-1.4",
            "PR-2",
        )
        assert with_stars.rule == "RA-1"
        assert "never pressure them" in with_stars.action
        without_stars = by_key[DeadlineKind.RATING_CHANGE, "r-neg-edge"]
        assert without_stars.protects == ("RECOMMENDATION_RATE", "PR-3")
        expiry = by_key[DeadlineKind.DISPUTE_EXPIRY, "d-late"]
        assert expiry.protects == ("OPEN_DISPUTES", "UNRESOLVED_DISPUTES", "PR-1.9")
        assert expiry.rule == "DI-5"
        assert "may mark it unresolved from 2024-05-18T10:00:00+02:00" in expiry.action

    def test_expiry_after_the_unresolved_instant(self) -> None:
        """DI-4: past 14 days the action says the buyer may already mark it unresolved."""
        old = Dispute(id="d-old", opened_at=at(4, 20, 10), first_reply_at=at(4, 20, 11))
        (entry,) = deadlines(SellerActivity(disputes=[old]), as_of=AS_OF)
        assert entry.due == at(5, 20, 10)
        assert "the buyer may already mark it unresolved;" in entry.action

    def test_nothing_due(self) -> None:
        """No records: an empty list."""
        assert deadlines(SellerActivity(), as_of=AS_OF) == ()

    def test_ties_by_id_then_kind(self) -> None:
        """Equal due instants sort by record id; one record's entries by kind."""
        messages = [
            Message(id="m-b", received_at=at(5, 6, 10)),
            Message(id="m-a", received_at=at(5, 6, 10).astimezone(UTC)),
        ]
        result = deadlines(SellerActivity(messages=messages), as_of=AS_OF)
        assert [e.record_id for e in result] == ["m-a", "m-b"]

    def test_record_order_does_not_matter(self) -> None:
        """The same records in another order give the same list."""
        reordered = SellerActivity(
            disputes=reversed(ACTIVITY.disputes),
            messages=reversed(ACTIVITY.messages),
            orders=reversed(ACTIVITY.orders),
            ratings=reversed(ACTIVITY.ratings),
        )
        assert deadlines(reordered, as_of=AS_OF) == deadlines(ACTIVITY, as_of=AS_OF)

    def test_edition_2024_counts_business_hours(self) -> None:
        """T&C 2024-04-15: a dispute opened on Saturday is due Tuesday 00:00, not yet overdue."""
        result = deadlines(ACTIVITY, as_of=AS_OF, rulebook=EDITION_2024_04_15)
        entry = next(e for e in result if e.record_id == "d-late")
        assert (entry.due, entry.overdue) == (at(5, 7), False)
        assert "24 hours on business days" in entry.action

    def test_naive_as_of_is_refused(self) -> None:
        """A naive as_of is refused."""
        with pytest.raises(NaiveDatetimeError, match="as_of"):
            deadlines(ACTIVITY, as_of=datetime(2024, 5, 6, 12))

    def test_invalid_dispute_is_refused(self) -> None:
        """DI-4: a dispute marked UNRESOLVED after 2 days is invalid input."""
        bad = Dispute(
            id="d-bad",
            opened_at=at(5, 1),
            status=DisputeStatus.UNRESOLVED,
            closed_at=at(5, 3),
        )
        with pytest.raises(InvalidValueError, match="d-bad"):
            deadlines(SellerActivity(disputes=[bad]), as_of=AS_OF)


def single(activity: SellerActivity, as_of: datetime) -> list[tuple[DeadlineKind, bool]]:
    """The (kind, overdue) pairs of the list at ``as_of``."""
    return [(entry.kind, entry.overdue) for entry in deadlines(activity, as_of=as_of)]


class TestExactInstants:
    """Each deadline at its exact instant and one microsecond either side."""

    DISPUTE = SellerActivity(
        disputes=[Dispute(id="d", opened_at=at(5, 4, 10), first_reply_at=at(6, 30))]
    )

    @pytest.mark.parametrize(
        ("offset", "overdue"), [(-US, False), (timedelta(0), False), (US, True)]
    )
    def test_dispute_reply(self, offset: timedelta, overdue: bool) -> None:
        """DI-3: due 24 h after opening; a reply at the due instant is on time."""
        assert single(self.DISPUTE, at(5, 5, 10) + offset)[0] == (
            DeadlineKind.DISPUTE_REPLY,
            overdue,
        )

    @pytest.mark.parametrize(("offset", "listed"), [(-US, True), (timedelta(0), True), (US, False)])
    def test_dispute_expiry(self, offset: timedelta, listed: bool) -> None:
        """DI-5: listed up to its expiry instant (not yet happened at as_of), gone after it."""
        entries = single(self.DISPUTE, at(6, 3, 10) + offset)
        assert ((DeadlineKind.DISPUTE_EXPIRY, False) in entries) is listed
        # Once expired, not even the unanswered reply is listed.
        assert ((DeadlineKind.DISPUTE_REPLY, True) in entries) is listed

    @pytest.mark.parametrize(("offset", "listed"), [(-US, True), (timedelta(0), True), (US, False)])
    def test_buyer_closing(self, offset: timedelta, listed: bool) -> None:
        """DI-5: a buyer's marking at as_of has not happened yet; a microsecond later it has."""
        closed = at(5, 8, 10)
        resolved = SellerActivity(
            disputes=[
                Dispute(
                    id="d",
                    opened_at=at(5, 4, 10),
                    status=DisputeStatus.RESOLVED,
                    closed_at=closed,
                )
            ]
        )
        expected = [(DeadlineKind.DISPUTE_REPLY, True), (DeadlineKind.DISPUTE_EXPIRY, False)]
        assert single(resolved, closed + offset) == (expected if listed else [])

    @pytest.mark.parametrize(
        ("offset", "overdue"), [(-US, False), (timedelta(0), False), (US, True)]
    )
    def test_message_reply(self, offset: timedelta, overdue: bool) -> None:
        """SQ-B5: due 24 h after arrival; at the due instant not yet overdue."""
        messages = SellerActivity(messages=[Message(id="m", received_at=at(5, 5, 8))])
        assert single(messages, at(5, 6, 8) + offset) == [(DeadlineKind.MESSAGE_REPLY, overdue)]

    @pytest.mark.parametrize(
        ("offset", "overdue"), [(-US, False), (timedelta(0), False), (US, True)]
    )
    def test_tracking(self, offset: timedelta, overdue: bool) -> None:
        """SQ-D2: due at dispatch_by; at that instant not yet overdue."""
        orders = SellerActivity(orders=[order("o", at(5, 3), dispatch_by=at(5, 6, 10))])
        assert single(orders, at(5, 6, 10) + offset) == [(DeadlineKind.TRACKING_NUMBER, overdue)]

    @pytest.mark.parametrize(("offset", "listed"), [(-US, True), (timedelta(0), True), (US, False)])
    def test_rating_change(self, offset: timedelta, listed: bool) -> None:
        """RA-1: listed up to and including 21 days after the rating, never overdue."""
        ratings = SellerActivity(
            ratings=[Rating(id="r", created_at=at(4, 15, 12), recommended=False)]
        )
        expected = [(DeadlineKind.RATING_CHANGE, False)] if listed else []
        assert single(ratings, at(5, 6, 12) + offset) == expected

    @pytest.mark.parametrize(
        ("make", "moment"),
        [
            (lambda t: Dispute(id="x", opened_at=t), at(5, 6, 9)),
            (lambda t: Message(id="x", received_at=t), at(5, 6, 9)),
            (lambda t: order("x", t, dispatch_by=t + timedelta(days=1)), at(5, 6, 9)),
            (lambda t: Rating(id="x", created_at=t, recommended=False), at(5, 6, 9)),
        ],
    )
    def test_records_exist_from_their_instant(
        self, make: Callable[[datetime], object], moment: datetime
    ) -> None:
        """A record created at as_of does not exist yet; a microsecond later it does."""
        record = make(moment)
        kind = type(record).__name__.lower() + "s"
        activity = SellerActivity(**{kind: [record]})  # type: ignore[arg-type]
        assert deadlines(activity, as_of=moment) == ()
        assert deadlines(activity, as_of=moment + US) != ()

    @pytest.mark.parametrize(("offset", "listed"), [(-US, True), (timedelta(0), True), (US, False)])
    def test_reply_happens_at_its_instant(self, offset: timedelta, listed: bool) -> None:
        """A reply at as_of has not happened yet at as_of; a microsecond later nothing is owed."""
        replied = at(5, 5, 20)
        messages = SellerActivity(
            messages=[Message(id="m", received_at=at(5, 5, 8), replied_at=replied)]
        )
        assert bool(deadlines(messages, as_of=replied + offset)) is listed


# --- T&C 2024-04-15: the rating window and the cap on unresolved discussions ---------------

BOOK = EDITION_2024_04_15


def of_kind(kind: DeadlineKind, activity: SellerActivity, as_of: datetime) -> list[Deadline]:
    """The entries of ``kind`` in the list at ``as_of`` under the T&C of 2024-04-15."""
    return [e for e in deadlines(activity, as_of=as_of, rulebook=BOOK) if e.kind is kind]


class TestRatingWindow:
    """T&C 2024-04-15: an order not yet rated, until its buyer's chance to rate closes."""

    # Bought 15 January 2024 10:00 CET; 90 Warsaw days later is 14 April 10:00 CEST.
    BOUGHT = at(1, 15, 10)
    CLOSES = at(4, 14, 10)
    ORDER = order("o-1", BOUGHT)

    def test_entry(self) -> None:
        """T&C 2024-04-15: due when the 90 days end; what to ask and what a rating counts for."""
        assert of_kind(
            DeadlineKind.RATING_WINDOW, SellerActivity(orders=[self.ORDER]), at(4, 1)
        ) == [
            Deadline(
                kind=DeadlineKind.RATING_WINDOW,
                record_id="o-1",
                due=self.CLOSES,
                overdue=False,
                action="Order o-1 has no rating yet: once the buyer has the item, you may ask "
                "them to rate it; Allegro rejects ratings given more than 90 days after the "
                "purchase (Terms and Conditions of 2024-04-15); never pressure them or offer "
                "anything for a rating",
                protects=("RECOMMENDATION_RATE", "BUYER_SATISFACTION", "PR-1.2", "PR-2", "PR-3"),
                rule="T&C 2024-04-15",
            )
        ]

    @pytest.mark.parametrize(("offset", "listed"), [(-US, True), (timedelta(0), True), (US, False)])
    def test_listed_up_to_the_closing_instant(self, offset: timedelta, listed: bool) -> None:
        """T&C 2024-04-15: listed, never overdue, up to and including 14 April 10:00 CEST."""
        entries = of_kind(
            DeadlineKind.RATING_WINDOW, SellerActivity(orders=[self.ORDER]), self.CLOSES + offset
        )
        assert [(e.record_id, e.overdue) for e in entries] == ([("o-1", False)] if listed else [])

    @pytest.mark.parametrize(
        ("as_of", "listed"),
        [
            (datetime(2024, 4, 14, 8, tzinfo=UTC), True),
            (datetime(2024, 4, 14, 8, tzinfo=UTC) + US, False),
            (datetime(2024, 4, 14, 8, 30, tzinfo=UTC), False),
        ],
    )
    def test_in_utc_closes_at_the_warsaw_instant(self, as_of: datetime, listed: bool) -> None:
        """T&C 2024-04-15: bought at 09:00 UTC, the window closes at 08:00 UTC (10:00 CEST).

        Counted in UTC days it would stay open until 09:00 UTC.
        """
        activity = SellerActivity(orders=[order("o-1", datetime(2024, 1, 15, 9, tzinfo=UTC))])
        entries = of_kind(DeadlineKind.RATING_WINDOW, activity, as_of)
        assert [e.due for e in entries] == ([self.CLOSES] if listed else [])

    @pytest.mark.parametrize(("offset", "listed"), [(-US, True), (timedelta(0), True), (US, False)])
    def test_a_rating_ends_it_once_given(self, offset: timedelta, listed: bool) -> None:
        """A rating naming the order ends the entry; a rating at as_of is not given yet."""
        given = at(2, 1, 12)
        activity = SellerActivity(
            orders=[self.ORDER],
            ratings=[Rating(id="r-1", created_at=given, recommended=True, order_id="o-1")],
        )
        entries = of_kind(DeadlineKind.RATING_WINDOW, activity, given + offset)
        assert [e.record_id for e in entries] == (["o-1"] if listed else [])

    def test_one_entry_per_order_not_yet_rated(self) -> None:
        """One entry per order inside its window with no rating, soonest closing first.

        A rated order, a rating naming no order, a cancelled order, an order
        whose window has closed and one not yet bought add none.
        """
        activity = SellerActivity(
            orders=[
                self.ORDER,
                order("o-2", at(2, 1)),
                order("o-rated", at(2, 1)),
                order("o-cancelled", at(2, 1), cancelled=True),
                order("o-old", at(1, 1)),  # closed 31 March 00:00
                order("o-future", at(4, 1)),
            ],
            ratings=[
                Rating(id="r-1", created_at=at(2, 5), recommended=False, order_id="o-rated"),
                Rating(id="r-2", created_at=at(2, 5), recommended=True),
            ],
        )
        entries = of_kind(DeadlineKind.RATING_WINDOW, activity, at(4, 1))
        # 1 February + 90 days: 29 in February, 31 in March (60), 30 in April (90): 1 May.
        assert [(e.record_id, e.due) for e in entries] == [
            ("o-1", self.CLOSES),
            ("o-2", at(5, 1)),
        ]

    def test_repeated_autumn_hour(self) -> None:
        """T&C 2024-04-15: 90 days after 29 July 2024 02:30 CEST is the first 02:30 of 27 October.

        The clocks go back that night, so 02:30 comes twice: the window closes
        at the first (CEST, 00:30 UTC). At the second (CET, 01:30 UTC) the
        order was bought exactly 90 Warsaw days before, yet its window has
        closed: no entry. An hour earlier, at the first 02:30, it is listed.
        """
        activity = SellerActivity(orders=[order("o-1", at(7, 29, 2, 30))])
        first, second = (datetime(2024, 10, 27, hour, 30, tzinfo=UTC) for hour in (0, 1))
        assert [e.due for e in of_kind(DeadlineKind.RATING_WINDOW, activity, first)] == [first]
        assert of_kind(DeadlineKind.RATING_WINDOW, activity, second) == []

    def test_not_in_editions_without_the_limit(self) -> None:
        """Edition 2022 states no rating limit: no entry."""
        kinds = {e.kind for e in deadlines(SellerActivity(orders=[self.ORDER]), as_of=at(4, 1))}
        assert DeadlineKind.RATING_WINDOW not in kinds


def unresolved(identifier: str, marked: datetime) -> Dispute:
    """A dispute opened 20 days before ``marked`` and marked UNRESOLVED then."""
    return Dispute(
        id=identifier,
        opened_at=marked - timedelta(days=20),
        status=DisputeStatus.UNRESOLVED,
        closed_at=marked,
    )


def ten_orders() -> list[Order]:
    """Ten agreements bought on 1 May 2024."""
    return [order(f"o-{n}", at(5, 1, 10)) for n in range(10)]


class TestDiscussionLimit:
    """DI-4 (T&C 2024-04-15): the cap on unresolved discussions, with its margin."""

    AS_OF = at(6, 1)  # the 60-day window starts on 2 April 00:00 CEST

    def marked(self, count: int) -> list[Dispute]:
        """``count`` disputes marked UNRESOLVED one a day from 5 May 12:00 CEST."""
        return [unresolved(f"d-{n}", at(5, 5 + n, 12)) for n in range(count)]

    def test_entry_at_the_cap(self) -> None:
        """DI-4 (T&C 2024-04-15): 2 of 2 used; due when d-0 leaves, 60 days after 5 May 12:00.

        5 May + 60 days: 26 more in May, 30 in June (56), 4 in July (60).
        """
        activity = SellerActivity(orders=ten_orders(), disputes=self.marked(2))
        assert of_kind(DeadlineKind.DISCUSSION_LIMIT, activity, self.AS_OF) == [
            Deadline(
                kind=DeadlineKind.DISCUSSION_LIMIT,
                record_id="d-0",
                due=at(7, 4, 12),
                overdue=False,
                action="Unresolved discussions in the last 60 days: 2 of the 2 allowed with 10 "
                "agreements, so the next one breaks the cap. Solve every open dispute before "
                "its buyer may mark it unresolved; the oldest counted, d-0, stops counting after "
                "the due instant",
                protects=("UNRESOLVED_DISCUSSIONS", "UNRESOLVED_DISPUTES", "PR-1.9"),
                rule="DI-4 (T&C 2024-04-15)",
            )
        ]

    def test_margin_left(self) -> None:
        """DI-4 (T&C 2024-04-15): with one counted, one more is allowed."""
        activity = SellerActivity(orders=ten_orders(), disputes=self.marked(1))
        (entry,) = of_kind(DeadlineKind.DISCUSSION_LIMIT, activity, self.AS_OF)
        assert entry.action.startswith(
            "Unresolved discussions in the last 60 days: 1 of the 2 allowed with 10 agreements, "
            "so 1 more allowed. "
        )

    @pytest.mark.parametrize(("count", "holds"), [(3, at(7, 4, 12)), (4, at(7, 5, 12))])
    def test_broken_cap_says_when_it_holds_again(self, count: int, holds: datetime) -> None:
        """DI-4 (T&C 2024-04-15): over the cap, the action says when it holds with no new ones.

        With 3 the oldest must leave (4 July 12:00); with 4 the second oldest
        too (5 July 12:00). The entry stays due when the oldest leaves.
        """
        activity = SellerActivity(orders=ten_orders(), disputes=self.marked(count))
        (entry,) = of_kind(DeadlineKind.DISCUSSION_LIMIT, activity, self.AS_OF)
        assert entry.due == at(7, 4, 12)
        assert entry.action.startswith(
            f"Unresolved discussions in the last 60 days: {count} of the 2 allowed with 10 "
            f"agreements, so the cap is broken; with no new ones it holds again after "
            f"{holds.isoformat()}. "
        )

    def test_share_above_1000_agreements(self) -> None:
        """DI-4 (T&C 2024-04-15): 0.2% of 1,500 agreements are 3; with 1 counted, 2 more."""
        many = [order(f"o-{n:04d}", at(5, 1, 10)) for n in range(1500)]
        activity = SellerActivity(orders=many, disputes=self.marked(1))
        (entry,) = of_kind(DeadlineKind.DISCUSSION_LIMIT, activity, self.AS_OF)
        assert "1 of the 3 allowed with 1,500 agreements, so 2 more allowed. " in entry.action

    @pytest.mark.parametrize(("offset", "listed"), [(-US, True), (timedelta(0), True), (US, False)])
    def test_listed_while_the_oldest_counts(self, offset: timedelta, listed: bool) -> None:
        """DI-4 (T&C 2024-04-15): at 4 July 12:00 the window starts at 5 May 12:00 and counts it.

        A microsecond later the only discussion is out of the window: no entry.
        """
        activity = SellerActivity(disputes=self.marked(1))
        entries = of_kind(DeadlineKind.DISCUSSION_LIMIT, activity, at(7, 4, 12) + offset)
        assert [(e.due, e.overdue) for e in entries] == ([(at(7, 4, 12), False)] if listed else [])

    @pytest.mark.parametrize(
        ("as_of", "listed"),
        [
            (datetime(2024, 4, 30, 21, 30, tzinfo=UTC), True),
            (datetime(2024, 4, 30, 21, 30, tzinfo=UTC) + US, False),
        ],
    )
    def test_warsaw_days_across_dst(self, as_of: datetime, listed: bool) -> None:
        """DI-4 (T&C 2024-04-15): marked 1 March 2024 22:30 UTC, it counts until 21:30 UTC 30 April.

        The marking is at 23:30 CET; 60 Warsaw days later is 30 April 23:30
        CEST, 21:30 UTC. Counted in UTC days it would count until 22:30 UTC.
        """
        marked = datetime(2024, 3, 1, 22, 30, tzinfo=UTC)
        activity = SellerActivity(disputes=[unresolved("d-1", marked)])
        entries = of_kind(DeadlineKind.DISCUSSION_LIMIT, activity, as_of)
        assert [e.due for e in entries] == (
            [datetime(2024, 4, 30, 21, 30, tzinfo=UTC)] if listed else []
        )

    def test_nothing_counted_nothing_listed(self) -> None:
        """DI-4 (T&C 2024-04-15): with no unresolved discussion the margin is whole: no entry."""
        resolved = Dispute(
            id="d-ok", opened_at=at(5, 1), status=DisputeStatus.RESOLVED, closed_at=at(5, 2)
        )
        activity = SellerActivity(orders=ten_orders(), disputes=[resolved])
        assert of_kind(DeadlineKind.DISCUSSION_LIMIT, activity, self.AS_OF) == []

    def test_not_in_editions_without_the_cap(self) -> None:
        """Edition 2022 has no cap: no entry, whatever was marked."""
        activity = SellerActivity(disputes=self.marked(3))
        assert deadlines(activity, as_of=self.AS_OF) == ()


class TestWarsawDays:
    """DI-5, RA-1: the list's instants are the same whatever zone the records are written in."""

    def test_dispute_expiry_across_dst(self) -> None:
        """DI-5: opened 1 March 2022 23:30 CET, written in UTC, still listed at 31 March 21:30 UTC.

        30 Warsaw days later is 31 March 23:30 CEST, 21:30 UTC: listed, due
        then; a microsecond later it has expired. In UTC days it was 22:30 UTC.
        """
        opened = datetime(2022, 3, 1, 22, 30, tzinfo=UTC)
        activity = SellerActivity(
            disputes=[Dispute(id="d", opened_at=opened, first_reply_at=opened)]
        )
        expiry = datetime(2022, 3, 31, 21, 30, tzinfo=UTC)
        (entry,) = deadlines(activity, as_of=expiry.astimezone(WARSAW))
        assert (entry.kind, entry.due, entry.due.tzinfo) == (
            DeadlineKind.DISPUTE_EXPIRY,
            expiry,
            UTC,
        )
        assert deadlines(activity, as_of=expiry + US) == ()

    def test_rating_change_across_dst(self) -> None:
        """RA-1: rated 10 March 2022 23:30 UTC, it may be changed until 31 March 22:30 UTC."""
        rating = Rating(
            id="r", created_at=datetime(2022, 3, 10, 23, 30, tzinfo=UTC), recommended=False
        )
        last = datetime(2022, 3, 31, 22, 30, tzinfo=UTC)
        assert [e.due for e in deadlines(SellerActivity(ratings=[rating]), as_of=last)] == [last]
        assert deadlines(SellerActivity(ratings=[rating]), as_of=last + US) == ()
