"""AliExpress product states (AE-L6), order states (AE-O1) and order exports (AE-L7)."""

import itertools
import re
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aliexpress_strategies import docs_page, page_examples
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
from sellerquality.aliexpress._rules import (
    catalogue_table,
    rule_rows,
    rules_table,
    transition_table,
)
from sellerquality.exceptions import (
    IllegalTransitionError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    SellerQualityError,
)

S, E = ProductStatus, ProductEvent

# AE-L6 worked out from the seed: the seven legal moves.
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


class TestExportWindows:
    def test_seven_months_in_three_exports(self) -> None:
        """AE-L7: January to August 2024 is three exports of at most 3 months."""
        windows = export_windows(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 8, 1, tzinfo=UTC))
        assert windows == (
            Window(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC)),
            Window(datetime(2024, 4, 1, tzinfo=UTC), datetime(2024, 7, 1, tzinfo=UTC)),
            Window(datetime(2024, 7, 1, tzinfo=UTC), datetime(2024, 8, 1, tzinfo=UTC)),
        )

    def test_exactly_three_months_is_one_export(self) -> None:
        """AE-L7: a span of exactly 3 months fits one export."""
        start = datetime(2024, 1, 1, tzinfo=UTC)
        assert export_windows(start, datetime(2024, 4, 1, tzinfo=UTC)) == (
            Window(start, datetime(2024, 4, 1, tzinfo=UTC)),
        )

    def test_month_end_start_does_not_drift(self) -> None:
        """From 31 January: 30 April (clipped), then 31 July, counted from the start each time."""
        start = datetime(2024, 1, 31, tzinfo=UTC)
        windows = export_windows(start, datetime(2024, 9, 1, tzinfo=UTC))
        assert [window.end.date().isoformat() for window in windows] == [
            "2024-04-30",
            "2024-07-31",
            "2024-09-01",
        ]

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

    @given(
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2025, 1, 1)),
        st.integers(min_value=0, max_value=3 * 366 * 24),
        st.sampled_from([UTC, timezone(timedelta(hours=8))]),
    )
    def test_exports_cover_the_span_exactly(
        self, start: datetime, hours: int, zone: timezone
    ) -> None:
        """Exports are consecutive, cover [start, end) and none is longer than 3 months."""
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
        for window in windows:
            assert window.duration <= timedelta(days=92)


class TestRuleCatalogue:
    def test_every_rule_of_section_d_is_listed(self) -> None:
        """RULES lists the 23 rule IDs of RULES.md section D."""
        expected = (
            [f"AE-F{n}" for n in range(1, 6)]
            + [f"AE-L{n}" for n in range(1, 8)]
            + [f"AE-P{n}" for n in range(1, 5)]
            + [f"AE-S{n}" for n in range(1, 7)]
            + ["AE-O1"]
        )
        assert list(RULES) == expected

    def test_every_setting_cites_a_known_rule_and_the_seed(self) -> None:
        """Each rulebook setting names a rule in RULES and quotes seed 004."""
        groups = (
            RULEBOOK.feedback,
            RULEBOOK.listing,
            RULEBOOK.pricing,
            RULEBOOK.showcases,
            RULEBOOK.products,
            RULEBOOK.orders,
        )
        for group in groups:
            for row in rule_rows(group):
                assert row.rule in RULES, row
                assert row.source.startswith("seed 004"), row

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
        """The default rulebook is the seeds' edition 2022."""
        assert RULEBOOK.edition == "2022"


class TestStatesDocs:
    def test_transition_table_matches_the_rulebook(self) -> None:
        """The states page's transition table is the one printed from the rulebook."""
        assert transition_table() in docs_page("states.md")

    def test_settings_tables_match_the_rulebook(self) -> None:
        """The states page's settings tables are the ones printed from the rulebook."""
        page = docs_page("states.md")
        assert rules_table(RULEBOOK.products) in page
        assert rules_table(RULEBOOK.orders) in page

    def test_catalogue_matches_the_rules(self) -> None:
        """The AliExpress index lists every rule as RULES has it."""
        assert catalogue_table() in docs_page("index.md")

    def test_page_examples_run(self) -> None:
        """Every example on the states page gives the output shown."""
        assert page_examples("states.md").failed == 0
