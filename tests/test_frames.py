"""Data frames in and out: activity_from_frames, activity_frames, history_frame, report_frame.

The records these build feed SQ-1 (areas and metrics) through the JSON
loader's rules; the result frames carry SQ-1 … SQ-4's numbers.
"""

from __future__ import annotations

import importlib
import math
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

from sellerquality import Money, Rejected, load
from sellerquality.allegro import (
    Dispute,
    DisputeReason,
    DisputeStatus,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
    activity_frames,
    activity_from_frames,
    history_frame,
    quality_history,
    report_frame,
    sales_quality,
)
from sellerquality.examples import AS_OF, example_path
from sellerquality.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    MissingExtraError,
    PathProblem,
)
from strategies import activities


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


nw: Any = _optional("narwhals")
pd: Any = _optional("pandas")
pl: Any = _optional("polars")
pa: Any = _optional("pyarrow")
np: Any = _optional("numpy")

needs_frames = pytest.mark.skipif(
    nw is None or pd is None or pl is None or pa is None,
    reason="needs the [dataframe] extra with pandas, polars and pyarrow",
)

W = ZoneInfo("Europe/Warsaw")
WARSAW_TIME = "Europe/Warsaw"


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of 2026 in Warsaw time."""
    return datetime(2026, month, day, hour, minute, tzinfo=W)


def stamp(text: str, tz: str = WARSAW_TIME) -> Any:
    """A pandas Timestamp of a Warsaw (or ``tz``) wall time."""
    return pd.Timestamp(text, tz=tz)


def problems_of(error: LoadError) -> list[tuple[str, str]]:
    """Each problem of ``error`` as (path, reason)."""
    return [(problem.path, problem.reason) for problem in error.problems]


# --- reading ----------------------------------------------------------------------------


@needs_frames
class TestReadingPandas:
    def orders(self) -> Any:
        """Three orders in a pandas frame, with numpy and pandas scalars."""
        return pd.DataFrame(
            {
                "id": ["o-1", "o-2", "o-3"],
                "bought_at": [
                    stamp("2026-10-05 18:30"),
                    stamp("2026-10-06 09:00"),
                    stamp("2026-10-26 09:00"),
                ],
                "total": pd.Series([Decimal("129.99"), "15.00", np.int64(40)], dtype=object),
                "cancelled": pd.Series([np.False_, np.True_, np.False_], dtype=object),
                # A column in UTC: the same instants, read in Warsaw time.
                "dispatch_by": [stamp("2026-10-06 16:30", "UTC"), pd.NaT, pd.NaT],
                "sent_at": [stamp("2026-10-06 15:00"), pd.NaT, stamp("2026-10-27 10:00")],
                "promoted": pd.array([True, None, False], dtype="boolean"),
            }
        )

    def test_orders_read_as_what_they_mean(self) -> None:
        """Timestamp, NaT, np.bool_, np.int64, Decimal and a nullable boolean become plain fields.

        NaT and pd.NA leave the field out (its default); 16:30 UTC on 6 October
        is 18:30 in Warsaw (CEST, +02:00); 26 October is after the change to
        CET (+01:00).
        """
        activity = activity_from_frames(orders=self.orders())
        assert activity.orders == (
            Order(
                id="o-1",
                bought_at=at(10, 5, 18, 30),
                total=Money("129.99"),
                dispatch_by=at(10, 6, 18, 30),
                sent_at=at(10, 6, 15),
                promoted=True,
            ),
            Order(id="o-2", bought_at=at(10, 6, 9), total=Money("15.00"), cancelled=True),
            Order(
                id="o-3",
                bought_at=at(10, 26, 9),
                total=Money("40"),
                sent_at=at(10, 27, 10),
                promoted=False,
            ),
        )
        first, second, third = activity.orders
        assert first.dispatch_by is not None
        assert first.dispatch_by.tzinfo is W
        assert first.dispatch_by.utcoffset() == timedelta(hours=2)
        assert third.bought_at.utcoffset() == timedelta(hours=1)
        assert str(second.total.amount) == "15.00"  # an amount keeps its decimals
        assert type(second.cancelled) is bool

    def test_ratings_star_marks(self) -> None:
        """Int64 with <NA>, floats that pandas uses for integers with NaN, and np.int64 objects.

        Star marks are SQ-A2's input: 5, 4 and 3 here; the missing ones are None.
        """
        ratings = pd.DataFrame(
            {
                "id": ["r-1", "r-2"],
                "created_at": [stamp("2026-10-09 12:00"), stamp("2026-10-10 08:15")],
                "recommended": np.array([True, False]),
                "description": pd.array([5, None], dtype="Int64"),
                "service": [4.0, np.nan],
                "delivery": pd.Series([np.int64(3), None], dtype=object),
                "comment": ["Polecam!", None],
            }
        )
        activity = activity_from_frames(ratings=ratings)
        assert activity.ratings == (
            Rating(
                id="r-1",
                created_at=at(10, 9, 12),
                recommended=True,
                description=5,
                service=4,
                delivery=3,
                comment="Polecam!",
            ),
            Rating(id="r-2", created_at=at(10, 10, 8, 15), recommended=False),
        )

    def test_offers_disputes_and_account(self) -> None:
        """Durations, list columns, categoricals of enum names and an account mapping."""
        offers = pd.DataFrame(
            {
                "id": ["of-1", "of-2"],
                "price": ["55.99", "300.99"],
                "price_currency": ["PLN", None],
                "handling_time": pd.to_timedelta(["24h", None]),
                "pickup_methods": [["Orlen Paczka", "DPD Pickup"], None],
                "category": [["Home and garden", "Kitchen"], []],
                "ean": ["5901234123457", None],
            }
        )
        disputes = pd.DataFrame(
            {
                "id": ["d-1"],
                "opened_at": [stamp("2026-10-10 09:00")],
                "reason": pd.Categorical(["NOT_AS_DESCRIBED"]),
                "status": [DisputeStatus.RESOLVED],
                "closed_at": [stamp("2026-10-14 16:00")],
            }
        )
        account = {"business": np.True_, "payment_methods": np.array(["BLIK", "CARD"])}
        activity = activity_from_frames(offers=offers, disputes=disputes, account=account)
        assert activity.account == SellerAccount(
            business=True, payment_methods=frozenset({"BLIK", "CARD"})
        )
        assert activity.offers == (
            Offer(
                id="of-1",
                price=Money("55.99"),
                handling_time=timedelta(hours=24),
                pickup_methods=frozenset({"Orlen Paczka", "DPD Pickup"}),
                category=("Home and garden", "Kitchen"),
                ean="5901234123457",
            ),
            Offer(id="of-2", price=Money("300.99")),
        )
        assert activity.disputes == (
            Dispute(
                id="d-1",
                opened_at=at(10, 10, 9),
                reason=DisputeReason.NOT_AS_DESCRIBED,
                status=DisputeStatus.RESOLVED,
                closed_at=at(10, 14, 16),
            ),
        )

    def test_iso_text_reads_as_in_the_json_format(self) -> None:
        """A text column holds instants as our JSON format writes them, with their offsets."""
        orders = pd.DataFrame(
            {
                "id": ["o-1"],
                "bought_at": ["2026-10-05T16:30:00+00:00"],
                "total": ["10"],
            }
        )
        (order,) = activity_from_frames(orders=orders).orders
        assert order.bought_at == at(10, 5, 18, 30)
        assert order.bought_at.utcoffset() == timedelta(0)  # as load reads "+00:00"

    def test_other_column_names(self) -> None:
        """columns= maps a field to the frame's own column name."""
        orders = pd.DataFrame(
            {"order_no": ["o-1"], "created": [stamp("2026-10-05 18:30")], "paid": ["20.50"]}
        )
        activity = activity_from_frames(
            orders=orders,
            columns={"orders": {"id": "order_no", "bought_at": "created", "total": "paid"}},
        )
        assert activity.orders == (
            Order(id="o-1", bought_at=at(10, 5, 18, 30), total=Money("20.50")),
        )

    def test_account_as_a_record_or_a_frame(self) -> None:
        """The account may be a SellerAccount or a one-row frame."""
        record = SellerAccount(business=True, payment_methods=frozenset({"P24"}))
        frame = pd.DataFrame({"business": [True], "payment_methods": [["P24"]]})
        assert activity_from_frames(account=record).account == record
        assert activity_from_frames(account=frame).account == record
        mapping = {"business": None, "payment_methods": ("P24",)}  # None: the default, False
        assert activity_from_frames(account=mapping).account == SellerAccount(
            payment_methods=frozenset({"P24"})
        )

    def test_no_frames_no_records(self) -> None:
        """Nothing given is an empty activity, and so are frames without rows."""
        empty = pd.DataFrame({"id": [], "bought_at": [], "total": []})
        assert activity_from_frames() == SellerActivity()
        assert activity_from_frames(orders=empty, ratings=pd.DataFrame()) == SellerActivity()


@needs_frames
class TestReadingPolarsAndArrow:
    def orders(self) -> Any:
        """The orders of TestReadingPandas in a polars frame."""
        return pl.DataFrame(
            {
                "id": ["o-1", "o-2", "o-3"],
                "bought_at": [at(10, 5, 18, 30), at(10, 6, 9), at(10, 26, 9)],
                "total": pl.Series(
                    [Decimal("129.99"), Decimal("15.00"), Decimal(40)], dtype=pl.Decimal(10, 2)
                ),
                "cancelled": [False, True, False],
                "dispatch_by": pl.Series(
                    [datetime(2026, 10, 6, 16, 30, tzinfo=UTC), None, None],
                    dtype=pl.Datetime("us", "UTC"),
                ),
                "sent_at": [at(10, 6, 15), None, at(10, 27, 10)],
                "promoted": [True, None, False],
            },
        )

    def expected(self) -> tuple[Order, ...]:
        """The orders, worked out by hand (a Decimal(10, 2) column keeps two places)."""
        return (
            Order(
                id="o-1",
                bought_at=at(10, 5, 18, 30),
                total=Money("129.99"),
                dispatch_by=at(10, 6, 18, 30),
                sent_at=at(10, 6, 15),
                promoted=True,
            ),
            Order(id="o-2", bought_at=at(10, 6, 9), total=Money("15.00"), cancelled=True),
            Order(
                id="o-3",
                bought_at=at(10, 26, 9),
                total=Money("40.00"),
                sent_at=at(10, 27, 10),
                promoted=False,
            ),
        )

    def test_polars_orders(self) -> None:
        """A polars frame with zoned datetimes, a Decimal column and a nullable Boolean."""
        assert activity_from_frames(orders=self.orders()).orders == self.expected()

    def test_pyarrow_orders(self) -> None:
        """The same rows as a pyarrow Table."""
        assert activity_from_frames(orders=self.orders().to_arrow()).orders == self.expected()


# --- problems ---------------------------------------------------------------------------


@needs_frames
class TestProblems:
    def test_each_problem_names_frame_row_and_column(self) -> None:
        """A float amount, a naive instant, a star mark of 6 (SQ-A2) and a reply before its message.

        Rows are counted by position from 0, whatever the frame's index.
        """
        orders = pd.DataFrame(
            {
                "id": ["o-1", "o-2"],
                "bought_at": [stamp("2026-10-05 18:30"), stamp("2026-10-06 09:00")],
                "total": [12.5, 10.0],
            },
            index=[100, 200],
        )
        ratings = pd.DataFrame(
            {
                "id": ["r-1"],
                "created_at": pd.to_datetime(["2026-10-09 12:00"]),
                "recommended": [True],
            }
        )
        messages = pd.DataFrame(
            {
                "id": ["m-1", "m-2"],
                "received_at": [stamp("2026-10-06 08:00"), stamp("2026-10-06 08:00")],
                "replied_at": [stamp("2026-10-06 09:00"), stamp("2026-10-06 07:00")],
            }
        )
        with pytest.raises(LoadError) as caught:
            activity_from_frames(orders=orders, ratings=ratings, messages=messages)
        float_reason = (
            "amount {} is a float; amounts must be exact: give Decimal values or strings "
            "such as '12.34' (from SQL, read the column as DECIMAL or text)"
        )
        naive = (
            "datetime 2026-10-09T12:00:00 is a naive datetime (no time zone); give the column "
            "one, such as pandas `.dt.tz_localize('Europe/Warsaw')` or polars "
            "`.dt.replace_time_zone('Europe/Warsaw')`"
        )
        assert problems_of(caught.value) == [
            ("orders[0].total", float_reason.format("12.5")),
            ("orders[1].total", float_reason.format("10.0")),
            ("ratings[0].created_at", naive),
            (
                "messages[1].replied_at",
                (
                    "Message 'm-2': replied_at 2026-10-06T07:00:00+02:00 "
                    "is before received_at 2026-10-06T08:00:00+02:00"
                ),
            ),
        ]

    def test_the_rules_of_the_loader(self) -> None:
        """Duplicate ids, mixed currencies and a dispute before its purchase (DI-2), by row."""
        orders = pd.DataFrame(
            {
                "id": ["o-1", "o-2", "o-1"],
                "bought_at": [stamp("2026-10-05 18:00")] * 3,
                "total": ["90", "20", "30"],
                "total_currency": ["PLN", "EUR", None],
            }
        )
        disputes = pd.DataFrame(
            {"id": ["d-1"], "opened_at": [stamp("2026-10-05 17:00")], "order_id": ["o-1"]}
        )
        with pytest.raises(LoadError) as caught:
            activity_from_frames(orders=orders, disputes=disputes)
        assert problems_of(caught.value) == [
            ("orders[1].total_currency", "total is in EUR; the seller's orders are in PLN"),
            ("orders[2].id", "duplicate id 'o-1'; first at orders[0]"),
            (
                "disputes[0].opened_at",
                (
                    "Dispute 'd-1': opened_at 2026-10-05T17:00:00+02:00 is before the purchase "
                    "of order 'o-1' at 2026-10-05T18:00:00+02:00"
                ),
            ),
        ]

    def test_a_currency_problem_is_the_currency_columns(self) -> None:
        """A currency that is no ISO 4217 code is reported at the frame's currency column."""
        orders = pd.DataFrame(
            {
                "id": ["o-1"],
                "bought_at": [stamp("2026-10-05 18:30")],
                "paid": ["20"],
                "currency": ["zł"],
            }
        )
        with pytest.raises(LoadError) as caught:
            activity_from_frames(
                orders=orders, columns={"orders": {"total": "paid", "total_currency": "currency"}}
            )
        assert problems_of(caught.value) == [
            (
                "orders[0].currency",
                "Money.currency 'zł' is not an ISO 4217 code of three capital letters",
            )
        ]

    def test_paths_use_the_frames_own_column_names(self) -> None:
        """With columns=, a problem names the column as the frame has it."""
        orders = pd.DataFrame(
            {"id": ["o-1"], "created": [stamp("2026-10-05 18:30")], "paid": ["-1"]}
        )
        with pytest.raises(LoadError) as caught:
            activity_from_frames(
                orders=orders, columns={"orders": {"bought_at": "created", "total": "paid"}}
            )
        assert [problem.path for problem in caught.value.problems] == ["orders[0].paid"]

    def test_every_problem_of_a_row(self) -> None:
        """A row with a value that has no meaning has its other problems listed too."""
        orders = pd.DataFrame(
            {
                "id": ["o-1"],
                "bought_at": pd.to_datetime(["2026-10-05 18:30"]),
                "total": ["1e999"],
            }
        )
        with pytest.raises(LoadError) as caught:
            activity_from_frames(orders=orders)
        assert [problem.path for problem in caught.value.problems] == [
            "orders[0].bought_at",
            "orders[0].total",
        ]
        assert caught.value.problems[1].reason.startswith("Money: amount '1e999' is too large")

    def test_nanoseconds_are_refused(self) -> None:
        """Python's datetime holds microseconds: a nanosecond would be lost silently."""
        orders = pd.DataFrame(
            {
                "id": ["o-1", "o-2"],
                "bought_at": pd.to_datetime(
                    ["2026-10-05 18:30:00.000000001", "2026-10-05 18:30:00.000000000"]
                ).tz_localize(WARSAW_TIME),
                "total": ["1", "2"],
            }
        )
        with pytest.raises(LoadError) as caught:
            activity_from_frames(orders=orders)
        ((path, reason),) = problems_of(caught.value)
        assert path == "orders[0].bought_at"
        assert reason.endswith(
            "has nanoseconds, which Python's datetime cannot hold; round the column to "
            "microseconds (pandas `.dt.floor('us')`, polars `.dt.truncate('1us')`)"
        )

    def test_whole_frame_problems_raise_in_either_mode(self) -> None:
        """An unknown column, a missing required column, a two-row account."""
        orders = pd.DataFrame({"id": ["o-1"], "total": ["1"], "colour": ["red"]})
        account = pd.DataFrame({"business": [True, False]})
        for strict in (True, False):
            with pytest.raises(LoadError) as caught:
                activity_from_frames(orders=orders, account=account, strict=strict)
            assert [problem.path for problem in caught.value.problems] == [
                "account",
                "orders.colour",
                "orders",
            ]
            assert caught.value.problems[2].reason == "has no column bought_at (required)"

    def test_a_mapped_column_that_is_not_there(self) -> None:
        """columns= naming a column the frame does not have is a problem of the whole frame."""
        orders = pd.DataFrame({"id": ["o-1"], "total": ["1"]})
        with pytest.raises(LoadError) as caught:
            activity_from_frames(orders=orders, columns={"orders": {"bought_at": "created"}})
        assert problems_of(caught.value) == [
            ("orders", "has no column 'created' (mapped to bought_at by columns=)")
        ]

    def test_a_misspelt_frame_name_is_refused(self) -> None:
        """A keyword that names no kind of record is Python's own TypeError, not ignored."""
        orders = pd.DataFrame({"id": ["o-1"], "total": ["1"]})
        with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\): order$"):
            activity_from_frames(order=orders)  # type: ignore[call-overload]

    def test_an_account_mapping_with_unknown_keys(self) -> None:
        """An account mapping is read like a one-row frame: its keys are the columns."""
        with pytest.raises(LoadError) as caught:
            activity_from_frames(account={"business": True, "vat": "PL1", 5: "x"})
        assert [problem.path for problem in caught.value.problems] == [
            "account.vat",
            "account[5]",
        ]

    def test_bad_arguments(self) -> None:
        """Something that is not a frame, an unknown frame or column in columns=, a backend."""
        with pytest.raises(InvalidTypeError, match="orders 'list' is not a data frame"):
            activity_from_frames(orders=[{"id": "o-1"}])
        with pytest.raises(InvalidValueError, match="columns 'order' is not a frame"):
            activity_from_frames(columns={"order": {}})
        with pytest.raises(InvalidValueError, match=r"columns\['orders'\] 'created' is not a"):
            activity_from_frames(columns={"orders": {"created": "bought_at"}})
        with pytest.raises(InvalidValueError, match="is mapped to both id and bought_at"):
            activity_from_frames(columns={"orders": {"id": "x", "bought_at": "x"}})
        with pytest.raises(InvalidTypeError, match=r"columns\['orders'\]\['id'\] 5 is not a str"):
            activity_from_frames(columns={"orders": {"id": 5}})  # type: ignore[dict-item]
        with pytest.raises(InvalidValueError, match="backend 'spark' is not one of"):
            activity_frames(SellerActivity(), backend="spark")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="activity 'dict' is not a SellerActivity"):
            activity_frames({})  # type: ignore[arg-type]

    def test_a_backend_that_is_not_installed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Writing polars frames without polars says which package to install."""
        monkeypatch.setattr(importlib.util, "find_spec", lambda _: None)
        with pytest.raises(MissingExtraError, match=r"needs polars: pip install polars"):
            activity_frames(SellerActivity(), backend="polars")


@needs_frames
class TestValuesInObjectColumns:
    def test_instants(self) -> None:
        """Aware objects and ISO text are read; naive ones, dates, nanoseconds and year 9999 not."""
        messages = pd.DataFrame(
            {
                "id": [f"m-{row}" for row in range(7)],
                "received_at": pd.Series(
                    [
                        datetime(2026, 10, 6, 6, tzinfo=UTC),
                        datetime(2026, 10, 6, 8),
                        np.datetime64("2026-10-06T08:00"),
                        date(2026, 10, 6),
                        pd.Timestamp("2026-10-06 08:00:00.000000001", tz=WARSAW_TIME),
                        "2026-10-06T08:00:00+02:00",
                        datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=5))),
                    ],
                    dtype=object,
                ),
            }
        )
        activity, rejected = activity_from_frames(messages=messages, strict=False)
        assert [(m.id, m.received_at) for m in activity.messages] == [
            ("m-0", at(10, 6, 8)),
            ("m-5", at(10, 6, 8)),
        ]
        assert activity.messages[0].received_at.tzinfo is W
        reasons = {item.path: item.reason for item in rejected}
        assert list(reasons) == [
            "messages[1]",
            "messages[2]",
            "messages[3]",
            "messages[4]",
            "messages[6]",
        ]
        assert reasons["messages[1]"].startswith(
            "messages[1].received_at: datetime 2026-10-06T08:00:00 is a naive datetime"
        )
        assert reasons["messages[2]"].startswith(
            "messages[2].received_at: datetime np.datetime64('2026-10-06T08:00') is a naive"
        )
        assert reasons["messages[3]"] == (
            "messages[3].received_at: date 2026-10-06 has no time of day; an instant needs "
            "a date, a time and a zone"
        )
        assert reasons["messages[4]"].startswith(
            "messages[4].received_at: datetime 2026-10-06T08:00:00.000000001+02:00 has nanoseconds"
        )
        assert reasons["messages[6]"].startswith(
            "messages[6].received_at: datetime 9999-12-31T23:00:00-05:00 is outside the "
            "supported years 1900 to 2999"
        )

    def test_a_naive_column_with_missing_values(self) -> None:
        """In a column without a time zone, each value is refused and each NaT left out."""
        messages = pd.DataFrame(
            {
                "id": ["m-1", "m-2"],
                "received_at": [stamp("2026-10-06 08:00")] * 2,
                "replied_at": pd.to_datetime(["2026-10-06 09:00", None]),
            }
        )
        activity, rejected = activity_from_frames(messages=messages, strict=False)
        assert [message.id for message in activity.messages] == ["m-2"]
        assert [problem.path for item in rejected for problem in item.problems] == [
            "messages[0].replied_at"
        ]

    def test_a_zoned_column_beyond_pythons_calendar(self) -> None:
        """A polars instant after the year 9999 cannot be a Python datetime: it is refused."""
        beyond = pl.Series([3 * 10**17], dtype=pl.Int64).cast(pl.Datetime("us", "UTC"))
        violations = pl.DataFrame({"id": ["v-1"], "kind": ["WARNING"], "at": beyond})
        activity, (item,) = activity_from_frames(violations=violations, strict=False)
        assert activity.violations == ()
        ((path, reason),) = [(problem.path, problem.reason) for problem in item.problems]
        assert path == "violations[0].at"
        assert reason.startswith("datetime is outside the supported years 1900 to 2999")
        assert item.raw["id"] == "v-1"
        assert item.raw["at"].equals(beyond)  # the value Python cannot hold, as given

    def test_durations(self) -> None:
        """timedelta, np.timedelta64 and ISO text are read; negative ones and nanoseconds not."""
        offers = pd.DataFrame(
            {
                "id": [f"of-{row}" for row in range(5)],
                "price": ["10"] * 5,
                "handling_time": pd.Series(
                    [
                        timedelta(hours=-1),
                        np.timedelta64(2, "h"),
                        np.timedelta64(1, "ns"),
                        pd.Timedelta("1ns"),
                        "PT24H",
                    ],
                    dtype=object,
                ),
            }
        )
        activity, rejected = activity_from_frames(offers=offers, strict=False)
        assert [(offer.id, offer.handling_time) for offer in activity.offers] == [
            ("of-1", timedelta(hours=2)),
            ("of-4", timedelta(hours=24)),
        ]
        nanoseconds = (
            "has nanoseconds, which Python's datetime cannot hold; round the column to "
            "microseconds (pandas `.dt.floor('us')`, polars `.dt.truncate('1us')`)"
        )
        assert [item.reason for item in rejected] == [
            (
                "offers[0].handling_time: duration datetime.timedelta(days=-1, seconds=82800) "
                "is negative"
            ),
            f"offers[2].handling_time: duration np.timedelta64(1,'ns') {nanoseconds}",
            (
                "offers[3].handling_time: duration Timedelta('0 days 00:00:00.000000001') "
                + nanoseconds
            ),
        ]

    def test_an_account_frame_without_columns(self) -> None:
        """A one-row account frame with no columns is the default account."""
        assert activity_from_frames(account=pd.DataFrame(index=[0])).account == SellerAccount()


@needs_frames
class TestLenient:
    def test_accepted_plus_rejected_is_every_row(self) -> None:
        """strict=False keeps the good rows and returns the others with their rows as given."""
        orders = pd.DataFrame(
            {
                "id": ["o-1", "o-2", "o-3", "o-4", "o-5"],
                "bought_at": [stamp("2026-10-05 18:00")] * 5,
                "total": pd.Series(["90", 1.5, "30", "-4", "5"], dtype=object),
            }
        )
        activity, rejected = activity_from_frames(orders=orders, strict=False)
        assert [order.id for order in activity.orders] == ["o-1", "o-3", "o-5"]
        assert [item.path for item in rejected] == ["orders[1]", "orders[3]"]
        assert [item.index for item in rejected] == [1, 3]
        assert rejected[1] == Rejected(
            "orders[3]",
            (
                PathProblem(
                    "orders[3].total",
                    "Order 'o-4': total -4.00 PLN is negative; a price or total cannot be",
                ),
            ),
            {"id": "o-4", "bought_at": stamp("2026-10-05 18:00"), "total": "-4"},
        )
        assert [problem.path for problem in rejected[0].problems] == ["orders[1].total"]
        assert rejected[0].raw["total"] == 1.5
        assert len(activity.orders) + len(rejected) == len(orders)

    def test_a_bad_account_is_rejected(self) -> None:
        """A lenient read rejects an account it cannot read and uses the default one."""
        activity, rejected = activity_from_frames(account={"business": 1}, strict=False)
        assert activity.account == SellerAccount()
        assert [(item.path, item.problems[0].path) for item in rejected] == [
            ("account", "account.business")
        ]


# --- round trips ------------------------------------------------------------------------


@needs_frames
class TestRoundTrip:
    @given(activities())
    def test_pandas(self, activity: SellerActivity) -> None:
        """activity_from_frames(**activity_frames(a)) == a through pandas (equal instants)."""
        assert activity_from_frames(**activity_frames(activity)) == activity

    @given(activities())
    def test_polars(self, activity: SellerActivity) -> None:
        """The same through polars."""
        assert activity_from_frames(**activity_frames(activity, backend="polars")) == activity

    def test_pyarrow_and_the_example(self) -> None:
        """The bundled example seller through each backend."""
        activity = load(example_path())
        for backend in ("pandas", "polars", "pyarrow"):
            frames = activity_frames(activity, backend=backend)
            assert activity_from_frames(**frames) == activity

    def test_columns_and_types(self) -> None:
        """Exactly the columns the reader reads; Warsaw instants, exact amounts, nullable stars."""
        frames = activity_frames(load(example_path()))
        assert list(frames) == [
            "account",
            "offers",
            "orders",
            "disputes",
            "ratings",
            "messages",
            "violations",
        ]
        assert list(frames["orders"].columns) == [
            "id",
            "bought_at",
            "total",
            "total_currency",
            "cancelled",
            "dispatch_by",
            "tracking_added_at",
            "sent_at",
            "delivered_at",
            "promoted",
            "commission_refunded",
            "advertising",
        ]
        assert str(frames["orders"]["bought_at"].dtype) == "datetime64[us, Europe/Warsaw]"
        assert str(frames["ratings"]["service"].dtype) == "Int64"
        assert frames["orders"]["total"].iloc[0] == str(load(example_path()).orders[0].total.amount)
        assert len(frames["account"]) == 1


# --- results as frames ------------------------------------------------------------------


@needs_frames
class TestResultFrames:
    def test_report_frame_carries_the_reports_numbers(self) -> None:
        """One row per metric: points, outcome, rule and area as in the report (SQ-1 … SQ-3)."""
        report = sales_quality(load(example_path()), as_of=AS_OF)
        frame = report_frame(report)
        assert list(frame.columns) == [
            "day",
            "as_of",
            "code",
            "area",
            "rule",
            "outcome",
            "points",
            "max_points",
            "value",
            "value_exact",
            "unit",
            "threshold",
            "threshold_exact",
            "score",
            "max_score",
            "grade",
        ]
        assert list(frame["code"]) == list(report.metrics)
        for row in frame.itertuples():
            metric = report.metrics[row.code]
            assert row.points == metric.points
            assert row.max_points == metric.max_points
            assert row.outcome == metric.outcome.name
            assert row.rule == metric.rule
            assert row.area == metric.area
        assert set(frame["score"]) == {report.score}
        assert set(frame["grade"]) == {report.grade.name}
        assert set(frame["day"]) == {date(2026, 10, 31)}
        assert str(frame["value"].dtype) == "float64"
        assert frame["points"].sum() == report.score

    def test_values_plain_and_exact(self) -> None:
        """SQ-A1's 361/371 of the example, SQ-B3's reply time in seconds, SQ-D3's revenue."""
        report = sales_quality(load(example_path()), as_of=AS_OF)
        frame = report_frame(report).set_index("code")
        rate = frame.loc["RECOMMENDATION_RATE"]
        assert (rate["value"], rate["value_exact"], rate["unit"]) == (
            361 / 371,
            "361/371",
            "fraction",
        )
        assert (rate["threshold"], rate["threshold_exact"]) == (0.98, "49/50")
        reply = frame.loc["DISPUTE_REPLY_TIME"]
        assert reply["value"] == report.metrics["DISPUTE_REPLY_TIME"].value.total_seconds()  # type: ignore[union-attr]
        assert (reply["unit"], reply["threshold"], reply["threshold_exact"]) == (
            "seconds",
            6 * 3600.0,
            "PT6H",
        )
        revenue = frame.loc["REVENUE"]
        assert (revenue["value_exact"], revenue["unit"], revenue["threshold_exact"]) == (
            "148007.78",
            "PLN",
            "10000",
        )
        business = frame.loc["BUSINESS_ACCOUNT"]
        assert (business["value"], business["value_exact"], business["unit"]) == (
            1.0,
            "true",
            "flag",
        )

    def test_not_applicable_is_nan(self) -> None:
        """A metric with nothing to measure (SQ-3's NOT_APPLICABLE) has value NaN and no text."""
        report = sales_quality(SellerActivity(), as_of=AS_OF)
        frame = report_frame(report, backend="polars")
        rows = frame.filter(pl.col("outcome") == "NOT_APPLICABLE")
        assert rows.height > 0
        assert all(math.isnan(value) for value in rows["value"].to_list())
        assert rows["value_exact"].to_list() == [None] * rows.height

    def test_history_long_and_wide(self) -> None:
        """One row per day and metric, or one per day with each metric's points (SQ-2)."""
        activity = load(example_path())
        history = quality_history(activity, start=date(2026, 10, 29), end=date(2026, 10, 31))
        long = history_frame(history)
        assert len(long) == sum(len(report.metrics) for report in history)
        wide = history_frame(history, wide=True, backend="polars")
        assert wide["day"].to_list() == [date(2026, 10, 29), date(2026, 10, 30), date(2026, 10, 31)]
        assert wide["score"].to_list() == [report.score for report in history]
        for code in history[0].metrics:
            assert wide[f"{code}_points"].to_list() == [
                report.metrics[code].points for report in history
            ]
        assert wide.columns[:5] == ["day", "as_of", "score", "max_score", "grade"]

    def test_pyarrow_backend(self) -> None:
        """The long form as a pyarrow Table."""
        report = sales_quality(load(example_path()), as_of=AS_OF)
        table = report_frame(report, backend="pyarrow")
        assert table.column("points").to_pylist() == [m.points for m in report.metrics.values()]

    def test_not_a_report(self) -> None:
        """Anything else than reports is refused."""
        with pytest.raises(InvalidTypeError, match="is not a QualityReport"):
            report_frame("report")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="holds something other than a QualityReport"):
            history_frame([1])  # type: ignore[list-item]


# --- without the extra -------------------------------------------------------------------


class TestWithoutTheExtra:
    @pytest.fixture
    def no_narwhals(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Python as it is without the extra: narwhals cannot be imported."""
        monkeypatch.setitem(sys.modules, "narwhals", None)

    @pytest.mark.usefixtures("no_narwhals")
    def test_each_function_names_the_extra(self) -> None:
        """Each frame function raises MissingExtraError with the pip command."""
        report = sales_quality(SellerActivity(), as_of=AS_OF)
        calls = (
            activity_from_frames,
            lambda: activity_frames(SellerActivity()),
            lambda: history_frame([report]),
            lambda: report_frame(report),
        )
        for call in calls:
            with pytest.raises(
                MissingExtraError,
                match=r"needs the optional extra \[dataframe\]: pip install "
                r'"sellerquality\[dataframe\]"',
            ):
                call()

    def test_importing_the_library_imports_no_frame_library(self) -> None:
        """Importing sellerquality.allegro loads no narwhals, pandas, polars, pyarrow or numpy."""
        code = (
            "import sys, sellerquality, sellerquality.allegro; "
            "print(sorted(m for m in ('narwhals', 'pandas', 'polars', 'pyarrow', 'numpy') "
            "if m in sys.modules))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]"
