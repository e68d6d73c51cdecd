"""Bad input, one class per kind found by fuzzing: each is a SellerQualityError with a path.

Through the command line each is exit code 2 and one line on stderr naming
the file and the JSON path; in lenient reading each is a rejected item, so
that accepted + rejected is still the input.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from api_strategies import at, checkout_form, forms, issue, legacy_dispute, line_item, message
from api_strategies import messages as thread_page
from sellerquality import Money, Rejected, Window, day_start, load
from sellerquality.aliexpress import load_feedback
from sellerquality.allegro import (
    AllegroApiWarning,
    Order,
    SellerActivity,
    from_api,
    read_api_dir,
    sales_quality,
)
from sellerquality.cli import main
from sellerquality.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    PathProblem,
    SellerQualityError,
)

API_DIR = Path(__file__).parent / "data" / "allegro-api"
ORDER = {"id": "o-1", "bought_at": "2022-03-01T10:00:00+01:00", "total": {"amount": "99.90"}}
LONG = "1" * 4301  # one digit more than Python reads as an int
LONG_SHOWN = "11111111111111111111… (4,301 digits)"
LONG_REASON = "is too long to read: Python reads whole numbers of at most 4,300 digits"
YEARS = (
    "is outside the supported years 1900 to 2999: days are counted around every instant, "
    "and near the ends of the calendar (years 1 and 9999) there is no room for that"
)
CALENDAR_ENDS = (
    "is too close to the ends of the calendar (years 1 and 9999) to count days around it"
)


@pytest.fixture(autouse=True)
def _no_unexpected_warnings() -> Iterator[None]:
    """An AllegroApiWarning a test does not expect with pytest.warns fails it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", AllegroApiWarning)
        yield


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    """Run the command line in-process; return the exit code and the lines on stderr."""
    code = main(list(argv))
    return code, capsys.readouterr().err.splitlines()


def write(path: Path, data: Any) -> Path:
    """Write ``data`` as JSON (or ``str`` as is), making folders as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def order_text(amount: str) -> str:
    """Our format with one order whose total amount is the JSON text ``amount``."""
    return (
        '{"orders": [{"id": "o-1", "bought_at": "2022-03-01T10:00:00+01:00", '
        f'"total": {{"amount": {amount}}}}}]}}'
    )


class TestLongIntegers:
    """A JSON integer of 4,301 digits: Python's int-string limit."""

    def test_strict_names_the_amount(self) -> None:
        """SQ-D3 amounts: an over-long total is a problem at its path, with its size."""
        with pytest.raises(LoadError) as caught:
            load(order_text(LONG))
        assert caught.value.problems == (
            PathProblem("$.orders[0].total.amount", f"Money: amount {LONG_SHOWN} {LONG_REASON}"),
        )

    def test_lenient_rejects_only_its_record(self) -> None:
        """SQ-D3: the order holding it is rejected; the other order is kept."""
        document = json.loads(order_text('"1.00"'))
        document["orders"].append({**ORDER, "id": "o-2"})
        text = json.dumps(document).replace('"1.00"', LONG)
        activity, rejected = load(text, strict=False)
        assert [order.id for order in activity.orders] == ["o-2"]
        assert [item.path for item in rejected] == ["$.orders[0]"]

    def test_anywhere_in_a_record(self) -> None:
        """SQ-A2 star marks: an over-long mark is refused at its field."""
        text = (
            '{"ratings": [{"id": "r-1", "created_at": "2022-03-01T10:00:00Z", '
            f'"recommended": true, "service": {LONG}}}]}}'
        )
        with pytest.raises(LoadError) as caught:
            load(text)
        assert caught.value.problems == (
            PathProblem("$.ratings[0].service", f"int {LONG_SHOWN} {LONG_REASON}"),
        )

    def test_a_huge_python_int_is_named_by_its_digits(self) -> None:
        """SQ-A2: an int too long to print is named by its number of digits."""
        rating = {"id": "r-1", "created_at": "2022-03-01T10:00:00Z", "recommended": True}
        with pytest.raises(LoadError) as caught:
            load({"ratings": [{**rating, "service": 10**5000}]})
        assert caught.value.problems == (
            PathProblem(
                "$.ratings[0].service",
                "int a whole number of 5,001 digits is too large: whole numbers here are "
                "below 10^18",
            ),
        )

    def test_cli_report(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-D3: report exits 2 with one line naming the file and the path."""
        path = write(tmp_path / "seller.json", order_text(LONG))
        code, lines = cli(capsys, "report", str(path), "--as-of", "2022-03-02")
        assert (code, lines) == (
            2,
            [
                (
                    f"sellerquality: {path}: $.orders[0].total.amount: Money: amount {LONG_SHOWN} "
                    f"{LONG_REASON}"
                )
            ],
        )

    def test_feedback_file(self, tmp_path: Path) -> None:
        """AE-F3 order amounts: an over-long amount in a feedback file is refused by path."""
        text = (
            '{"feedbacks": [{"order_id": "1", "rated_at": "2024-05-01T10:00:00+00:00", '
            f'"stars": 5, "order_amount": {{"amount": {LONG}, "currency": "USD"}}}}]}}'
        )
        with pytest.raises(LoadError) as caught:
            load_feedback(write(tmp_path / "feedback.json", text))
        assert [problem.path for problem in caught.value.problems] == [
            "$.feedbacks[0].order_amount.amount"
        ]

    def test_api_folder_file(self, tmp_path: Path) -> None:
        """SQ-D3: in an API folder the path starts with the file's name."""
        body = json.dumps(forms(checkout_form("cf-1", total="1.00")))
        write(tmp_path / "checkout-forms.json", body.replace('"1.00"', LONG, 1))
        with pytest.raises(LoadError) as caught:
            read_api_dir(tmp_path)
        assert caught.value.problems == (
            PathProblem(
                "checkout-forms.json$.checkoutForms[0].summary.totalToPay.amount",
                f"decimal {LONG_SHOWN} {LONG_REASON}",
            ),
        )

    def test_from_api_body_with_a_huge_int(self) -> None:
        """SQ-D3: a body given as Python data with a 5,001-digit total is refused by path."""
        form = checkout_form("cf-1")
        form["summary"] = {"totalToPay": {"amount": 10**5000, "currency": "PLN"}}
        _, rejected = from_api(checkout_forms=forms(form), strict=False)
        (problem,) = rejected[0].problems
        assert problem.path == "checkout_forms$.checkoutForms[0].summary.totalToPay.amount"
        assert "is too large" in problem.reason
        assert len(problem.reason) < 300

    def test_aliexpress_price_cost(self, capsys: pytest.CaptureFixture[str]) -> None:
        """AE-P1: price --cost of 4,301 digits exits 2 with one line naming the option."""
        code, lines = cli(
            capsys, "aliexpress", "price", "--cost", LONG, "--weight-g", "10",
            "--rate-per-kg", "85",
        )  # fmt: skip
        assert (code, lines) == (
            2,
            [
                (
                    f"sellerquality: --cost: '{'1' * 80}'… (4,301 characters) is too large: "
                    "numbers here are below 10^15"
                )
            ],
        )

    def test_aliexpress_price_tiny(self, capsys: pytest.CaptureFixture[str]) -> None:
        """AE-P1: a weight with an exponent of a million is refused before any arithmetic."""
        code, lines = cli(
            capsys, "aliexpress", "price", "--cost", "3", "--weight-g", "1e-999999",
            "--rate-per-kg", "85",
        )  # fmt: skip
        assert (code, lines) == (
            2,
            [
                (
                    "sellerquality: --weight-g: '1e-999999' is too small: numbers here have "
                    "at most 10 decimal places"
                )
            ],
        )


class TestDeepNesting:
    """JSON nested a thousand deep: Python's parser gives up (RecursionError)."""

    DEEP = "[" * 1000 + "]" * 1000
    REASON = (
        "is nested too deeply to read (arrays and objects within each other about a "
        "thousand levels deep)"
    )

    def test_load(self) -> None:
        """SQ-1 input: the document is refused at $, in lenient reading too."""
        with pytest.raises(LoadError) as caught:
            load('{"orders": ' + self.DEEP + "}", strict=False)
        assert caught.value.problems == (PathProblem("$", self.REASON),)

    def test_cli(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-1 input: report exits 2 with one line."""
        path = write(tmp_path / "deep.json", self.DEEP)
        assert cli(capsys, "report", str(path)) == (
            2,
            [f"sellerquality: {path}: $: {self.REASON}"],
        )

    def test_api_folder_file_is_rejected_by_name(self, tmp_path: Path) -> None:
        """SQ-B5 input: a threads file nested too deeply is one rejected file."""
        write(tmp_path / "threads.json", self.DEEP)
        activity, rejected = read_api_dir(tmp_path, strict=False)
        assert activity == SellerActivity()
        assert [(item.path, item.reason) for item in rejected] == [
            ("threads.json", f"threads.json: {self.REASON}")
        ]


class TestNotUtf8:
    """A file that is not UTF-8."""

    TEXT = b'{"x": "\xe9"}'  # é in Latin-1, at offset 7
    REASON = "$: is not UTF-8 text: the byte 0xe9 at offset 7 cannot be read"

    def test_report(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-1 input: report exits 2 with one line naming the file and the byte."""
        path = tmp_path / "latin1.json"
        path.write_bytes(self.TEXT)
        assert cli(capsys, "report", str(path)) == (2, [f"sellerquality: {path}: {self.REASON}"])

    def test_reconcile_quality(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-3: reconcile --quality FILE that is not UTF-8 exits 2 naming it."""
        path = tmp_path / "quality.json"
        path.write_bytes(self.TEXT)
        code, lines = cli(capsys, "reconcile", "--from-api", str(API_DIR), "--quality", str(path))
        assert (code, lines) == (2, [f"sellerquality: {path}: {self.REASON}"])

    def test_aliexpress_feedback(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """AE-F5: aliexpress feedback FILE that is not UTF-8 exits 2 naming it."""
        path = tmp_path / "feedback.json"
        path.write_bytes(self.TEXT)
        code, lines = cli(capsys, "aliexpress", "feedback", str(path))
        assert (code, lines) == (2, [f"sellerquality: {path}: {self.REASON}"])

    def test_binary_file_object(self) -> None:
        """SQ-1 input: an open binary file of Latin-1 is a LoadError, not UnicodeDecodeError."""
        with pytest.raises(LoadError) as caught:
            load(io.BytesIO(self.TEXT))
        assert [str(problem) for problem in caught.value.problems] == [self.REASON]


class TestOddKeys:
    """Top-level keys that are not plain section names."""

    def test_key_with_a_bracket(self) -> None:
        """SQ-1 input: {"a[b": 1} is an unknown section, quoted in its path."""
        document = {"orders": [ORDER], "a[b": 1}
        activity, rejected = load(document, strict=False)
        assert len(activity.orders) == 1
        assert rejected == (Rejected("$['a[b']", (PathProblem("$['a[b']", "unknown section"),), 1),)

    def test_rejected_items_keep_input_order(self) -> None:
        """SQ-1 input: problems follow the input whatever the keys look like."""
        document = {"z[0]": 1, "orders": [{"id": "o"}], "a[b": 2}
        with pytest.raises(LoadError) as caught:
            load(document)
        assert [problem.path for problem in caught.value.problems] == [
            "$['z[0]']",
            "$.orders[0].bought_at",
            "$.orders[0].total",
            "$['a[b']",
        ]

    def test_key_that_is_not_a_string(self) -> None:
        """SQ-1 input: load({1: 2}) rejects the key, saying keys are strings."""
        activity, rejected = load({1: 2}, strict=False)  # type: ignore[call-overload]
        assert activity == SellerActivity()
        assert rejected == (
            Rejected(
                "$[1]",
                (
                    PathProblem(
                        "$[1]", "is not a section name: the keys of a JSON object are strings"
                    ),
                ),
                2,
            ),
        )


class TestRepeatedKeys:
    """A key repeated within one JSON object: json.loads keeps the last value silently."""

    REASON = (
        "appears more than once in one object; a key may appear only once, or all but one "
        "of its values would be silently lost"
    )

    def test_top_level(self) -> None:
        """SQ-1 input: {"orders": [A], "orders": []} is refused, in lenient reading too."""
        text = '{"orders": [' + json.dumps(ORDER) + '], "orders": []}'
        with pytest.raises(LoadError) as caught:
            load(text, strict=False)
        assert caught.value.problems == (PathProblem("$.orders", self.REASON),)

    def test_within_a_record(self) -> None:
        """SQ-1 input: a record with its id twice is refused at that id."""
        text = '{"orders": [{"id": "a", "id": "b", "bought_at": "2022-03-01T10:00:00Z"}]}'
        with pytest.raises(LoadError) as caught:
            load(text)
        assert caught.value.problems == (PathProblem("$.orders[0].id", self.REASON),)

    def test_every_repeat_in_document_order(self) -> None:
        """SQ-1 input: each repeated key is listed, in the order of the document."""
        text = '{"offers": [{"x": 1, "x": 2}], "orders": [], "orders": [], "a b": 1, "a b": 2}'
        with pytest.raises(LoadError) as caught:
            load(text)
        assert [problem.path for problem in caught.value.problems] == [
            "$.offers[0].x",
            "$.orders",
            "$['a b']",
        ]

    def test_api_folder_file(self, tmp_path: Path) -> None:
        """SQ-C8 input: me.json with its id twice is a rejected file with the key's path."""
        write(tmp_path / "me.json", '{"id": "1", "id": "2"}')
        activity, rejected = read_api_dir(tmp_path, strict=False)
        assert activity == SellerActivity()
        assert [str(problem) for item in rejected for problem in item.problems] == [
            f"me.json$.id: {self.REASON}"
        ]

    def test_feedback_file(self, tmp_path: Path) -> None:
        """AE-F1 input: a feedback file with a repeated key is refused by path."""
        path = write(tmp_path / "feedback.json", '{"feedbacks": [], "feedbacks": []}')
        with pytest.raises(LoadError) as caught:
            load_feedback(path, strict=False)
        assert caught.value.problems == (PathProblem("$.feedbacks", self.REASON),)


class TestAmounts:
    """Amounts that load but would break the report: bounded at load time."""

    TOO_LARGE = (
        "is too large: amounts must be below 1,000,000,000,000,000 (10^15) in absolute value"
    )

    @pytest.mark.parametrize("amount", ["1e26", "1e999999999", "-1e30", "1000000000000000"])
    def test_too_large(self, amount: str) -> None:
        """SQ-D3: a total of 10^15 or more is refused with a sentence, never a decimal signal."""
        activity, rejected = load(
            {"orders": [{**ORDER, "total": {"amount": amount}}]}, strict=False
        )
        assert activity == SellerActivity()
        assert [str(problem) for item in rejected for problem in item.problems] == [
            f"$.orders[0].total.amount: Money: amount {amount!r} {self.TOO_LARGE}"
        ]

    def test_too_many_places(self) -> None:
        """SQ-D3: 0.00001 has five decimal places; no currency has a unit that small."""
        with pytest.raises(LoadError) as caught:
            load({"orders": [{**ORDER, "total": {"amount": "0.00001"}}]})
        assert caught.value.problems == (
            PathProblem(
                "$.orders[0].total.amount",
                "Money: amount '0.00001' has more than 4 decimal places; no currency has a "
                "unit smaller than 0.0001",
            ),
        )

    def test_largest_amount_reports(self) -> None:
        """SQ-D3: 999,999,999,999,999.9999 PLN, the largest amount read, gives a report."""
        total = {"amount": "999999999999999.9999"}
        activity = load({"orders": [{**ORDER, "total": total}]})
        report = sales_quality(activity, as_of=datetime(2022, 3, 2, tzinfo=UTC))
        assert report.metrics["REVENUE"].value == Money("999999999999999.9999")
        assert "999,999,999,999,999.9999 PLN" in report.metrics["REVENUE"].explanation

    def test_trailing_zeros_do_not_count(self) -> None:
        """SQ-D3: 12.3400 has two decimal places and is read as written."""
        activity = load({"orders": [{**ORDER, "total": {"amount": "12.3400"}}]})
        assert activity.orders[0].total.amount.as_tuple() == Decimal("12.3400").as_tuple()

    def test_from_api_total(self) -> None:
        """SQ-D3: an API totalToPay of 1e26 is refused at its path."""
        form = checkout_form("cf-1", total="1e26")
        _, rejected = from_api(checkout_forms=forms(form), strict=False)
        assert [str(problem) for item in rejected for problem in item.problems] == [
            (
                "checkout_forms$.checkoutForms[0].summary.totalToPay.amount: "
                f"amount 1E+26 {self.TOO_LARGE}"
            )
        ]


class TestCrossRecordChecks:
    """Checks across records never raise in lenient reading."""

    def test_load_dispute_before_purchase(self) -> None:
        """DI-2: a dispute opened before its order's purchase is rejected; the rest is kept."""
        document = {
            "orders": [{**ORDER, "bought_at": "2022-03-05T10:00:00+00:00"}],
            "disputes": [
                {"id": "d-1", "opened_at": "2022-03-01T10:00:00+00:00", "order_id": "o-1"},
                {"id": "d-2", "opened_at": "2022-03-06T10:00:00+00:00", "order_id": "o-1"},
            ],
        }
        activity, rejected = load(document, strict=False)
        assert [dispute.id for dispute in activity.disputes] == ["d-2"]
        assert [str(problem) for item in rejected for problem in item.problems] == [
            (
                "$.disputes[0].opened_at: Dispute 'd-1': opened_at 2022-03-01T10:00:00+00:00 is "
                "before the purchase of order 'o-1' at 2022-03-05T10:00:00+00:00"
            )
        ]
        with pytest.raises(LoadError) as caught:
            load(document)
        assert [problem.path for problem in caught.value.problems] == ["$.disputes[0].opened_at"]

    def test_load_duplicate_ids(self) -> None:
        """SQ-1 input: a repeated order id is a rejected item naming the first one."""
        activity, rejected = load({"orders": [ORDER, ORDER]}, strict=False)
        assert len(activity.orders) == 1
        assert [str(problem) for item in rejected for problem in item.problems] == [
            "$.orders[1].id: duplicate id 'o-1'; first at $.orders[0]"
        ]

    def test_from_api_issue_before_purchase(self) -> None:
        """DI-2: an issue opened 5 h after T0, before its purchase at 10 h, is rejected."""
        form = checkout_form("cf-1", items=[line_item(at(10))])
        activity, rejected = from_api(
            checkout_forms=forms(form), issues={"issues": [issue(opened=at(5))]}, strict=False
        )
        assert (len(activity.orders), activity.disputes) == (1, ())
        assert [item.path for item in rejected] == ["issues$.issues[0]"]
        assert [problem.path for problem in rejected[0].problems] == [
            "issues$.issues[0].openedDate"
        ]

    def test_from_api_legacy_dispute_opened_by_its_message(self) -> None:
        """DI-2: a legacy dispute without openedDate is placed by its first message's time."""
        form = checkout_form("cf-1", items=[line_item(at(10))])
        with pytest.raises(LoadError) as caught:
            from_api(
                checkout_forms=forms(form),
                disputes={"disputes": [legacy_dispute(opened=None, first_message=at(5))]},
            )
        assert [problem.path for problem in caught.value.problems] == [
            "disputes$.disputes[0].message.createdAt"
        ]

    def test_from_api_empty_message_id(self) -> None:
        """SQ-B5: a thread whose message has an empty id is rejected, not raised."""
        page = thread_page(message("", at(1), buyer=True))
        activity, rejected = from_api(thread_messages={"t-1": page}, strict=False)
        assert activity == SellerActivity()
        assert [str(problem) for item in rejected for problem in item.problems] == [
            "thread_messages['t-1']$.messages[0].id: Message '': id '' must be a non-empty string"
        ]

    def test_cli_from_api_names_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQ-B5: through --from-api the line names the folder and the file."""
        write(
            tmp_path / "thread-messages" / "t-1.json", thread_page(message("", at(1), buyer=True))
        )
        code, lines = cli(capsys, "report", "--from-api", str(tmp_path), "--as-of", "2025-06-02")
        assert (code, lines) == (
            2,
            [
                (
                    f"sellerquality: {tmp_path}: thread-messages/t-1.json$.messages[0].id: "
                    "Message '': id '' must be a non-empty string"
                )
            ],
        )


class TestCalendarEnds:
    """Instants near the ends of Python's calendar (years 1 and 9999)."""

    @pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
    def test_cli_as_of(self, as_of: str, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-2: --as-of outside the supported years exits 2 with one line."""
        assert cli(capsys, "report", "--example", "--as-of", as_of) == (
            2,
            [f"sellerquality: --as-of: {as_of!r} {YEARS}"],
        )

    @pytest.mark.parametrize(
        ("start", "end"), [("0001-01-01", "0001-01-03"), ("9999-12-30", "9999-12-31")]
    )
    def test_cli_history_start(
        self, start: str, end: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQ-2: history --start in year 1 or 9999 exits 2 with one line naming --start."""
        code, lines = cli(capsys, "history", "--example", "--start", start, "--end", end)
        assert (code, lines) == (
            2,
            [
                (
                    f"sellerquality: --start: {start!r} is outside the supported years 1900 to "
                    "2999: days are counted around every day, and near the ends of the calendar "
                    "(years 1 and 9999) there is no room for that"
                )
            ],
        )

    @pytest.mark.parametrize(
        "instant",
        ["0001-01-01T10:00:00+00:00", "9999-12-31T10:00:00+00:00", "1899-12-31T23:59:59+00:00"],
    )
    def test_records_outside_the_years(self, instant: str) -> None:
        """SQ-2: a record dated outside 1900..2999 is rejected with the reason in words."""
        _, rejected = load({"orders": [{**ORDER, "bought_at": instant}]}, strict=False)
        assert [str(problem) for item in rejected for problem in item.problems] == [
            f"$.orders[0].bought_at: datetime {instant} {YEARS}"
        ]

    @pytest.mark.parametrize("instant", ["1900-01-01T00:00:00+00:00", "2999-12-31T23:59:59+00:00"])
    def test_the_first_and_last_supported_instants(self, instant: str) -> None:
        """SQ-2: the first and last instants of 1900..2999 load and give a report."""
        activity = load({"orders": [{**ORDER, "bought_at": instant}]})
        as_of = datetime.fromisoformat(instant)
        assert sales_quality(activity, as_of=as_of).as_of == as_of

    @pytest.mark.parametrize("year", [1, 9999])
    def test_library_as_of(self, year: int) -> None:
        """SQ-2: sales_quality at an as_of in year 1 or 9999 raises a SellerQualityError."""
        with pytest.raises(SellerQualityError, match="outside the supported years 1900 to 2999"):
            sales_quality(SellerActivity(), as_of=datetime(year, 1, 1, tzinfo=UTC))

    def test_window_and_day_start(self) -> None:
        """SQ-2: a window or a day in year 1 says it is too close to the calendar's end."""
        with pytest.raises(InvalidValueError) as caught:
            Window(datetime(1, 1, 1, tzinfo=UTC), datetime(2022, 1, 1, tzinfo=UTC))
        assert str(caught.value) == f"Window: start 0001-01-01T00:00:00+00:00 {CALENDAR_ENDS}"
        with pytest.raises(InvalidValueError) as caught:
            day_start(date(9999, 12, 31))
        assert str(caught.value) == f"day 9999-12-31 {CALENDAR_ENDS}"


class TestLongValues:
    """A megabyte of text in one place makes a short error line."""

    BIG = "x" * 1_000_000
    SHOWN = f"'{'x' * 80}'… (1,000,000 characters)"

    def test_bad_value(self) -> None:
        """SQ-2: a megabyte-long instant is quoted to 80 characters with its length."""
        with pytest.raises(LoadError) as caught:
            load({"orders": [{**ORDER, "bought_at": self.BIG}]})
        assert caught.value.first_line == (
            f"$.orders[0].bought_at: datetime {self.SHOWN} is not an ISO 8601 date and time"
        )

    def test_bad_key(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-1 input: a megabyte-long unknown key is cut in the path, through the CLI too."""
        path = write(tmp_path / "seller.json", {self.BIG: 1})
        assert cli(capsys, "report", str(path)) == (
            2,
            [f"sellerquality: {path}: $[{self.SHOWN}]: unknown section"],
        )

    def test_unknown_field_and_duplicate_id(self) -> None:
        """SQ-1 input: an unknown field and a repeated id are cut too."""
        order = {**ORDER, "id": self.BIG}
        with pytest.raises(LoadError) as caught:
            load({"offers": [{self.BIG: 1}], "orders": [order, order]})
        lines = [str(problem) for problem in caught.value.problems]
        assert f"$.offers[0][{self.SHOWN}]: unknown field" in lines
        assert lines[-1] == f"$.orders[1].id: duplicate id {self.SHOWN}; first at $.orders[0]"
        assert max(len(line) for line in lines) < 200

    def test_line_breaks_stay_on_one_line(self) -> None:
        """SQ-1 input: a value with a line break is quoted with the break escaped."""
        with pytest.raises(LoadError) as caught:
            load({"orders": [{**ORDER, "bought_at": "2022\n03"}]})
        assert caught.value.first_line == (
            "$.orders[0].bought_at: datetime '2022\\n03' is not an ISO 8601 date and time"
        )


class TestSources:
    """What load() is given instead of a document."""

    EXPECTED = (
        'give a file\'s path, "-" for standard input, JSON text (a str), an open file'
        " or a parsed dict"
    )

    def test_bytes(self) -> None:
        """SQ-1 input: load(b"{}") says what it takes instead of AttributeError."""
        with pytest.raises(InvalidTypeError) as caught:
            load(b"{}")  # type: ignore[call-overload]
        assert str(caught.value) == (
            f"source b'{{}}' is of type bytes; {self.EXPECTED} (decode bytes first)"
        )

    def test_other_objects(self) -> None:
        """SQ-1 input: load(123) says what it takes."""
        with pytest.raises(InvalidTypeError) as caught:
            load(123)  # type: ignore[call-overload]
        assert str(caught.value) == f"source 123 is of type int; {self.EXPECTED}"

    @pytest.mark.parametrize("text", ["", "  \n"])
    def test_empty_string(self, text: str) -> None:
        """SQ-1 input: load("") refuses instead of reading the current folder."""
        with pytest.raises(InvalidValueError) as caught:
            load(text)
        assert str(caught.value) == f"source {text!r} is empty; {self.EXPECTED}"

    @pytest.mark.parametrize(
        ("value", "shown"), [("x", "the string 'x'"), (7, "the number 7"), ([], "an array")]
    )
    def test_records_that_are_not_objects(self, value: object, shown: str) -> None:
        """SQ-1 input: a record or account that is not an object says what was expected."""
        _, rejected = load({"account": value, "orders": [value]}, strict=False)
        expected = f"is {shown}; expected an object (a JSON {{...}})"
        assert [str(problem) for item in rejected for problem in item.problems] == [
            f"$.account: {expected}",
            f"$.orders[0]: {expected}",
        ]

    def test_a_folder(self, tmp_path: Path) -> None:
        """SQ-1 input: a folder given as a file is refused before reading."""
        with pytest.raises(LoadError) as caught:
            load(tmp_path)
        assert caught.value.first_line == f"{tmp_path}: $: is a folder, not a file"


class TestNonRegularFiles:
    """Devices, pipes and links out of an API folder are never read."""

    @pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
    def test_dev_zero(self, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-1 input: report /dev/zero exits 2 at once instead of reading forever."""
        assert cli(capsys, "report", "/dev/zero") == (
            2,
            ["sellerquality: /dev/zero: $: is a device, pipe or socket, not a file"],
        )

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
    def test_pipe_in_api_folder(self, tmp_path: Path) -> None:
        """SQ-C8 input: a pipe named me.json is refused without being opened."""
        os.mkfifo(tmp_path / "me.json")
        _, rejected = read_api_dir(tmp_path, strict=False)
        assert [str(problem) for item in rejected for problem in item.problems] == [
            "me.json: is a device, pipe or socket, not a file"
        ]

    def test_subfolder_linked_to_root(self, tmp_path: Path) -> None:
        """SQ-D2 input: shipments/ linked to / is refused; nothing outside is read."""
        (tmp_path / "shipments").symlink_to("/", target_is_directory=True)
        with pytest.raises(LoadError) as caught:
            read_api_dir(tmp_path)
        assert caught.value.problems == (
            PathProblem("shipments", "is a link that leads out of the folder; not read"),
        )

    def test_file_linked_out_of_the_folder(self, tmp_path: Path) -> None:
        """SQ-C8 input: me.json linked to a file outside the folder is refused."""
        outside = write(tmp_path / "outside.json", {"id": "1", "company": {"name": "X"}})
        folder = tmp_path / "seller"
        (folder / "product-offers").mkdir(parents=True)
        (folder / "me.json").symlink_to(outside)
        (folder / "product-offers" / "1.json").symlink_to(outside)
        activity, rejected = read_api_dir(folder, strict=False)
        assert not activity.account.business
        assert [item.path for item in rejected] == ["me.json", "product-offers/1.json"]

    def test_links_inside_the_folder_are_read(self, tmp_path: Path) -> None:
        """SQ-C8: a link to a file inside the folder is read like the file."""
        folder = tmp_path / "seller"
        shutil.copytree(API_DIR, folder)
        (folder / "me.json").rename(folder / ".me-saved.json")
        (folder / "me.json").symlink_to(folder / ".me-saved.json")
        assert read_api_dir(folder) == read_api_dir(API_DIR)

    def test_empty_path(self) -> None:
        """SQ-1 input: read_api_dir("") refuses instead of reading the current folder."""
        with pytest.raises(InvalidValueError, match="is empty"):
            read_api_dir("")


class TestModelBounds:
    """The same bounds hold for records built in code."""

    def test_order_total(self) -> None:
        """SQ-D3: Order(total=Money("1e26")) is refused like the file would be."""
        with pytest.raises(InvalidValueError) as caught:
            Order(id="o", bought_at=datetime(2022, 3, 1, tzinfo=UTC), total=Money("1e26"))
        assert str(caught.value) == (
            f"Order 'o': total 100,000,000,000,000,000,000,000,000.00 PLN {TestAmounts.TOO_LARGE}"
        )
