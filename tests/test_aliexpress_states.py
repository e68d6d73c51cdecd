"""AliExpress product states (AE-L6), order states (AE-O1) and order exports (AE-L7)."""

import itertools
import re
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from aliexpress_strategies import ANY_ZONE, PACIFIC, docs_page, page_examples
from sellerquality import Window, aliexpress
from sellerquality.aliexpress import (
    RULEBOOK,
    RULES,
    CancellationReason,
    OrderStatus,
    ProductEvent,
    ProductStatus,
    Transition,
    allowed_events,
    cancellation_counts_against_seller,
    export_windows,
    next_status,
)
from sellerquality.exceptions import (
    IllegalTransitionError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    SellerQualityError,
)

S, E = ProductStatus, ProductEvent

# AE-L6 worked out from the AliExpress seller guide: the seven legal moves.
LEGAL = {
    (S.DRAFT, E.SUBMIT): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, E.APPROVE): S.SELLING,
    (S.UNDER_REVIEW, E.REJECT): S.REJECTED,
    (S.SELLING, E.EDIT): S.UNDER_REVIEW,
    (S.SELLING, E.EXPIRE): S.OFFLINE,
    (S.REJECTED, E.SUBMIT): S.UNDER_REVIEW,
    (S.OFFLINE, E.RELIST): S.SELLING,
}


class TestProductStates:
    def test_the_five_states_and_six_events(self) -> None:
        """AE-L6: selling, draft, under review, rejected, offline; six events move them."""
        assert [status.name for status in ProductStatus] == [
            "SELLING",
            "DRAFT",
            "UNDER_REVIEW",
            "REJECTED",
            "OFFLINE",
        ]
        assert [event.name for event in ProductEvent] == [
            "SUBMIT",
            "APPROVE",
            "REJECT",
            "EDIT",
            "EXPIRE",
            "RELIST",
        ]

    @pytest.mark.parametrize(("move", "target"), list(LEGAL.items()))
    def test_each_legal_move(
        self, move: tuple[ProductStatus, ProductEvent], target: ProductStatus
    ) -> None:
        """AE-L6: submit, pass, fail, edit, expire, resubmit and relist move as the table says."""
        status, event = move
        assert next_status(status, event) is target

    @pytest.mark.parametrize(
        ("status", "event"),
        [move for move in itertools.product(ProductStatus, ProductEvent) if move not in LEGAL],
    )
    def test_every_other_move_is_illegal(self, status: ProductStatus, event: ProductEvent) -> None:
        """AE-L6: the 23 moves not in the table raise, naming the state and the event."""
        with pytest.raises(
            IllegalTransitionError,
            match=rf"^a product in {status.name} cannot take {event.name} \(AE-L6\); allowed: ",
        ):
            next_status(status, event)

    def test_illegal_move_lists_the_allowed_events(self) -> None:
        """The error says what a selling product can do instead."""
        with pytest.raises(IllegalTransitionError) as caught:
            next_status(S.SELLING, E.APPROVE)
        assert str(caught.value) == (
            "a product in SELLING cannot take APPROVE (AE-L6); allowed: EDIT, EXPIRE"
        )
        assert isinstance(caught.value, SellerQualityError)

    def test_a_product_life(self) -> None:
        """Draft, rejected, fixed, approved, edited, approved, expired, relisted: selling."""
        status = S.DRAFT
        for event in (E.SUBMIT, E.REJECT, E.SUBMIT, E.APPROVE, E.EDIT, E.APPROVE, E.EXPIRE):
            status = next_status(status, event)
        assert status is S.OFFLINE
        assert next_status(status, E.RELIST) is S.SELLING

    def test_allowed_events(self) -> None:
        """The events each state can take, in the table's order."""
        assert allowed_events(S.UNDER_REVIEW) == (E.APPROVE, E.REJECT)
        assert allowed_events(S.OFFLINE) == (E.RELIST,)

    def test_state_with_no_moves(self) -> None:
        """A table with no move out of a state reports that nothing is allowed."""
        rules = attrs.evolve(
            RULEBOOK,
            products=attrs.evolve(
                RULEBOOK.products, transitions=(Transition(S.DRAFT, E.SUBMIT, S.SELLING),)
            ),
        )
        assert next_status(S.DRAFT, E.SUBMIT, rulebook=rules) is S.SELLING
        with pytest.raises(IllegalTransitionError, match=r"allowed: nothing$"):
            next_status(S.OFFLINE, E.RELIST, rulebook=rules)

    def test_arguments_must_be_members(self) -> None:
        """A state or event given as text is a type error."""
        with pytest.raises(InvalidTypeError, match=r"status 'DRAFT' is a str"):
            next_status("DRAFT", E.SUBMIT)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="event 'SUBMIT' is a str"):
            next_status(S.DRAFT, "SUBMIT")  # type: ignore[arg-type]

    def test_transition_text(self) -> None:
        """A transition prints as an arrow."""
        assert str(RULEBOOK.products.transitions[0]) == "DRAFT --SUBMIT--> UNDER_REVIEW"


class TestOrderStates:
    def test_the_five_order_states(self) -> None:
        """AE-O1: awaiting payment, awaiting shipment, cancellation requested, dispute, receipt."""
        assert [status.name for status in OrderStatus] == [
            "AWAITING_PAYMENT",
            "AWAITING_SHIPMENT",
            "CANCELLATION_REQUESTED",
            "IN_DISPUTE",
            "AWAITING_RECEIPT",
        ]

    def test_out_of_stock_cancellation_counts_against_the_seller(self) -> None:
        """AE-O1: the seller's lack of stock is a sale not honoured; the buyer's reason is not."""
        assert cancellation_counts_against_seller(CancellationReason.SELLER_OUT_OF_STOCK)
        assert not cancellation_counts_against_seller(CancellationReason.BUYER_RESPONSIBILITY)

    def test_reason_must_be_a_member(self) -> None:
        """A reason given as text is a type error."""
        with pytest.raises(InvalidTypeError, match="reason 'stock' is a str"):
            cancellation_counts_against_seller("stock")  # type: ignore[arg-type]

    def test_order_states_are_documented(self) -> None:
        """The states page's order table lists every state."""
        page = docs_page("states.md")
        for status in OrderStatus:
            assert f"| ``{status.name}`` |" in page


def pacific(year: int, month: int, day: int) -> datetime:
    """Midnight on a day in US Pacific time, the zone of AliExpress's rules."""
    return datetime(year, month, day, tzinfo=PACIFIC)


def three_months_on(start: datetime) -> datetime:
    """AE-L7's limit for an export starting at ``start``: 3 months on the Pacific wall clock."""
    return (start.astimezone(PACIFIC) + relativedelta(months=3)).astimezone(UTC)


class TestExportWindows:
    def test_seven_months_in_three_exports(self) -> None:
        """AE-L7: January to August 2024 is three exports of at most 3 months."""
        windows = export_windows(pacific(2024, 1, 1), pacific(2024, 8, 1))
        assert windows == (
            Window(pacific(2024, 1, 1), pacific(2024, 4, 1)),
            Window(pacific(2024, 4, 1), pacific(2024, 7, 1)),
            Window(pacific(2024, 7, 1), pacific(2024, 8, 1)),
        )

    def test_exactly_three_months_is_one_export(self) -> None:
        """AE-L7: a span of exactly 3 months fits one export."""
        start = pacific(2024, 1, 1)
        assert export_windows(start, pacific(2024, 4, 1)) == (Window(start, pacific(2024, 4, 1)),)

    @pytest.mark.parametrize(
        ("start", "end", "bounds"),
        [
            # From the 31st: 31 Aug + 3 = 30 Nov (no 31st); 30 Nov + 3 = 29 Feb (leap
            # year); 29 Feb + 3 = 29 May; then the end. Counting every window from the
            # first start instead would end the third on 31 May, two days over.
            (
                pacific(2023, 8, 31),
                pacific(2024, 6, 1),
                ["2023-08-31", "2023-11-30", "2024-02-29", "2024-05-29", "2024-06-01"],
            ),
            # From 31 January of a leap year: 30 April, then 30 July, then the end.
            (
                pacific(2024, 1, 31),
                pacific(2024, 9, 1),
                ["2024-01-31", "2024-04-30", "2024-07-30", "2024-09-01"],
            ),
            # From the 30th in a common year: 30 Nov + 3 = 28 Feb 2023, then 28 May.
            (
                pacific(2022, 11, 30),
                pacific(2023, 7, 1),
                ["2022-11-30", "2023-02-28", "2023-05-28", "2023-07-01"],
            ),
            # From 29 February: 29 May, 29 August, 29 November, then the end.
            (
                pacific(2024, 2, 29),
                pacific(2024, 12, 1),
                ["2024-02-29", "2024-05-29", "2024-08-29", "2024-11-29", "2024-12-01"],
            ),
            # From 31 December: 31 March, 30 June (no 31st), then the end.
            (
                pacific(2023, 12, 31),
                pacific(2024, 7, 1),
                ["2023-12-31", "2024-03-31", "2024-06-30", "2024-07-01"],
            ),
            # Leap years by the century rule: 2000 is one, 2100 is not.
            (
                pacific(1999, 11, 30),
                pacific(2000, 3, 1),
                ["1999-11-30", "2000-02-29", "2000-03-01"],
            ),
            (
                pacific(2099, 11, 30),
                pacific(2100, 3, 1),
                ["2099-11-30", "2100-02-28", "2100-03-01"],
            ),
        ],
    )
    def test_each_export_counts_from_its_own_start(
        self, start: datetime, end: datetime, bounds: list[str]
    ) -> None:
        """AE-L7: each export is [start, start + 3 months), the next from where it ends."""
        windows = export_windows(start, end)
        assert [window.start.date().isoformat() for window in windows] == bounds[:-1]
        assert [window.end.date().isoformat() for window in windows] == bounds[1:]
        # Every bound is midnight on the Pacific wall clock, in DST or not.
        assert all(window.end.time() == time(0) for window in windows)

    def test_months_count_in_pacific_time_whatever_the_zone(self) -> None:
        """AE-L7: months count on the Pacific clock; windows keep the caller's zone.

        1 January 00:00 UTC is 31 December 16:00 PST; 3 months later on the
        Pacific clock is 31 March 16:00 PDT, which is 23:00 UTC.
        """
        windows = export_windows(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC))
        assert windows == (
            Window(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 3, 31, 23, tzinfo=UTC)),
            Window(datetime(2024, 3, 31, 23, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC)),
        )
        assert windows[0].end.tzinfo is UTC

    def test_the_zone_comes_from_the_rulebook(self) -> None:
        """AE-L7: with the rulebook's zone set to UTC, months count on the UTC clock."""
        in_utc = attrs.evolve(RULEBOOK, zone=ZoneInfo("UTC"))
        start = datetime(2024, 1, 1, tzinfo=UTC)
        windows = export_windows(start, datetime(2024, 5, 1, tzinfo=UTC), rulebook=in_utc)
        assert windows[0] == Window(start, datetime(2024, 4, 1, tzinfo=UTC))

    def test_empty_span_has_no_export(self) -> None:
        """An empty span needs no export."""
        start = datetime(2024, 1, 1, tzinfo=UTC)
        assert export_windows(start, start) == ()

    def test_end_before_start_is_refused(self) -> None:
        """An end before the start is an error."""
        with pytest.raises(InvalidValueError, match=r"end .* is before start"):
            export_windows(datetime(2024, 2, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC))

    def test_naive_start_is_refused(self) -> None:
        """A naive start is an error."""
        with pytest.raises(NaiveDatetimeError, match="start"):
            export_windows(datetime(2024, 1, 1), datetime(2024, 2, 1, tzinfo=UTC))

    def test_a_span_of_no_months_is_refused(self) -> None:
        """AE-L7: a rulebook allowing exports of 0 months is refused, not looped on forever."""
        rules = attrs.evolve(RULEBOOK, orders=attrs.evolve(RULEBOOK.orders, export_max_months=0))
        with pytest.raises(InvalidValueError, match=r"orders\.export_max_months 0 is below 1"):
            export_windows(pacific(2024, 1, 1), pacific(2024, 2, 1), rulebook=rules)

    @given(
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2025, 1, 1)),
        st.integers(min_value=0, max_value=3 * 366 * 24),
        st.sampled_from([UTC, timezone(timedelta(hours=8)), PACIFIC]),
    )
    def test_exports_cover_the_span_exactly(
        self, start: datetime, hours: int, zone: tzinfo
    ) -> None:
        """AE-L7: consecutive exports cover [start, end), each at most 3 Pacific months.

        Each but the last spans exactly 3 months on the Pacific clock, which
        gives the fewest exports.
        """
        first = start.replace(tzinfo=zone)
        end = first + timedelta(hours=hours)
        windows = export_windows(first, end)
        if hours == 0:
            assert windows == ()
            return
        assert windows[0].start == first
        assert windows[-1].end == end
        for before, after in itertools.pairwise(windows):
            assert before.end == after.start
            assert before.end == three_months_on(before.start)
        assert windows[-1].end <= three_months_on(windows[-1].start)

    @settings(max_examples=200)
    @given(
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2025, 1, 1)),
        st.integers(min_value=0, max_value=3 * 366 * 24 * 60),
        ANY_ZONE,
        ANY_ZONE,
        ANY_ZONE,
    )
    def test_the_same_instants_in_any_zone_give_the_same_exports(
        self, start: datetime, minutes: int, zone: tzinfo, start_zone: tzinfo, end_zone: tzinfo
    ) -> None:
        """AE-L7: writing start and end in other zones changes no window's instants."""
        first = start.replace(tzinfo=zone)
        end = first + timedelta(minutes=minutes)
        expected = export_windows(first, end)
        moved = export_windows(first.astimezone(start_zone), end.astimezone(end_zone))
        assert [(w.start, w.end) for w in moved] == [(w.start, w.end) for w in expected]


class TestRuleCatalogue:
    def test_every_rule_of_section_d_is_listed(self) -> None:
        """RULES lists the 23 AliExpress rule IDs, AE-F1 … AE-O1."""
        expected = (
            [f"AE-F{n}" for n in range(1, 6)]
            + [f"AE-L{n}" for n in range(1, 8)]
            + [f"AE-P{n}" for n in range(1, 5)]
            + [f"AE-S{n}" for n in range(1, 7)]
            + ["AE-O1"]
        )
        assert list(RULES) == expected

    def test_every_public_name_cites_its_rule(self) -> None:
        """Every public function and class docstring names a rule ID (AE-…)."""
        for name in aliexpress.__all__:
            item = getattr(aliexpress, name)
            if callable(item):
                assert re.search(r"AE-[FLPSO]\d", item.__doc__ or ""), name

    def test_public_names_are_sorted(self) -> None:
        """``__all__`` is sorted, constants first, as ruff sorts it."""
        names = aliexpress.__all__
        constants = [name for name in names if name.isupper()]
        assert names[: len(constants)] == sorted(constants)
        assert names[len(constants) :] == sorted(names[len(constants) :])

    def test_default_edition(self) -> None:
        """AE-F1 … AE-O1: the default rulebook is the seller guide's edition 2022."""
        assert RULEBOOK.edition == "2022"


class TestStatesDocs:
    def test_page_examples_run(self) -> None:
        """Every example on the states page gives the output shown."""
        assert page_examples("states.md").failed == 0
