"""The ``sellerquality aliexpress`` command: ``feedback`` and ``price``."""

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sellerquality.cli._aliexpress import add_parser
from sellerquality.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    SellerQualityError,
)

EXAMPLE = str(Path(__file__).resolve().parent / "data" / "aliexpress" / "feedback-example.json")
AS_OF = "2024-07-01T00:00:00+08:00"


def parse(*arguments: str) -> argparse.Namespace:
    """Parse ``sellerquality aliexpress …`` with a parser built like the main CLI's."""
    parser = argparse.ArgumentParser(prog="sellerquality")
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["aliexpress", *arguments])


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    """Run a subcommand's handler in-process; return what it printed."""
    args = parse(*arguments)
    assert args.func(args) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


class TestParser:
    def test_subcommand_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``aliexpress`` alone is a usage error (exit 2)."""
        with pytest.raises(SystemExit) as caught:
            parse()
        assert caught.value.code == 2
        assert "COMMAND" in capsys.readouterr().err

    def test_feedback_defaults(self) -> None:
        """``feedback FILE`` defaults to text output and the current time."""
        args = parse("feedback", EXAMPLE)
        assert (args.file, args.as_of, args.format) == (EXAMPLE, None, "text")

    def test_price_requires_cost_weight_and_rate(self) -> None:
        """``price`` without --rate-per-kg is a usage error."""
        with pytest.raises(SystemExit):
            parse("price", "--cost", "3", "--weight-g", "10")

    def test_unknown_format_is_refused(self) -> None:
        """Only text and json are formats."""
        with pytest.raises(SystemExit):
            parse("feedback", EXAMPLE, "--format", "xml")


class TestFeedbackCommand:
    def test_text_profile_of_the_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        """AE-F5 rows worked by hand: 1 month 1/0/1; 3 months 2/1/2; 6 months 5/1/2.

        Rates 5/7 = 71.43%, 2/7 = 28.57%, 1/8 = 12.5%; average 30/8 = 3.75;
        score 5 - 2 = 3 (display: rates half up to at most two places, trailing
        zeros dropped as every rate of the CLI reads; averages with two places).
        """
        out = run(capsys, "feedback", EXAMPLE, "--as-of", AS_OF)
        lines = out.splitlines()
        assert lines[0] == "AliExpress feedback profile as of 2024-07-01T00:00:00+08:00 (AE-F5)"
        assert lines[1] == f"file: {EXAMPLE} (12 ratings)"
        assert lines[3].split() == [
            "period",
            "positive",
            "neutral",
            "negative",
            "positive",
            "rate",
            "negative",
            "rate",
            "neutral",
            "rate",
            "avg",
            "stars",
            "score",
        ]
        assert lines[4].split() == [
            "1",
            "month",
            "1",
            "0",
            "1",
            "50%",
            "50%",
            "0%",
            "3.50",
            "0",
        ]
        assert lines[5].split() == [
            "3",
            "months",
            "2",
            "1",
            "2",
            "50%",
            "50%",
            "20%",
            "3.20",
            "0",
        ]
        assert lines[6].split() == [
            "6",
            "months",
            "5",
            "1",
            "2",
            "71.43%",
            "28.57%",
            "12.5%",
            "3.75",
            "3",
        ]
        # Months count in US Pacific time (AE-F4): as_of is 30 June 09:00 PDT, six
        # months earlier is 30 December 09:00 PST, 31 December 01:00 at +08:00.
        assert "6 months: [2023-12-31T01:00:00+08:00, 2024-07-01T00:00:00+08:00)" in lines
        assert (
            "  detailed ratings (AE-F4): as described 3.5 (6 marks), communication 3.8 "
            "(6 marks), shipping speed 3.3 (6 marks)"
        ) in lines
        assert (
            "    order '8106': special item (top-up, price difference, gift or customised goods)"
            in lines
        )
        assert "    order '8103': order amount 0.99 USD is under the minimum" in lines
        assert "  negative ratings: '8107', '8102'" in lines
        assert lines[-1] == "  outside the window: 2"

    def test_json_profile_of_the_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON output gives exact fractions: 6-month positive rate 5/7, average 15/4."""
        document = json.loads(
            run(capsys, "feedback", EXAMPLE, "--as-of", AS_OF, "--format", "json")
        )
        assert (document["as_of"], document["ratings"]) == (AS_OF, 12)
        assert list(document["profile"]) == ["1", "3", "6"]
        six = document["profile"]["6"]
        assert six["window"] == {"start": "2023-12-31T01:00:00+08:00", "end": AS_OF}
        assert (six["positive"], six["neutral"], six["negative"], six["counted"]) == (5, 1, 2, 8)
        assert (six["positive_rate"], six["negative_rate"], six["neutral_rate"]) == (
            "5/7",
            "2/7",
            "1/8",
        )
        assert (six["average_stars"], six["score"], six["outside_window"]) == ("15/4", 3, 2)
        assert six["detailed"]["communication"] == {
            "count": 6,
            "total": 23,
            "exact": "23/6",
            "rounded": "3.8",
        }
        assert six["excluded"][0] == {
            "order_id": "8106",
            "rule": "AE-F3",
            "reasons": ["SPECIAL_ITEM"],
            "explanation": "order '8106': special item (top-up, price difference, gift or "
            "customised goods)",
        }
        assert six["negative_order_ids"] == ["8107", "8102"]

    def test_empty_period_shows_dashes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """With nothing to divide, rates and averages print as a dash, and JSON as null."""
        path = tmp_path / "none.json"
        path.write_text('{"feedbacks": []}', encoding="utf-8")
        out = run(capsys, "feedback", str(path), "--as-of", AS_OF)
        assert out.splitlines()[4].split() == ["1", "month", "0", "0", "0", "—", "—", "—", "—", "0"]
        assert "  detailed ratings (AE-F4): none" in out
        assert "  negative ratings: none" in out
        document = json.loads(
            run(capsys, "feedback", str(path), "--as-of", AS_OF, "--format", "json")
        )
        assert document["profile"]["1"]["positive_rate"] is None
        assert document["profile"]["1"]["detailed"]["as_described"] is None

    def test_as_of_defaults_to_now(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --as-of the profile is as of the current time."""
        before = datetime.now(UTC)
        document = json.loads(run(capsys, "feedback", EXAMPLE, "--format", "json"))
        after = datetime.now(UTC)
        as_of = datetime.fromisoformat(document["as_of"])
        assert before <= as_of <= after + timedelta(seconds=1)

    def test_unparsable_as_of_is_refused(self) -> None:
        """A --as-of that is not ISO 8601 is a LoadError at the option (exit 2 from main)."""
        args = parse("feedback", EXAMPLE, "--as-of", "yesterday")
        with pytest.raises(LoadError) as caught:
            args.func(args)
        assert (
            caught.value.first_line == "--as-of: 'yesterday' is not an ISO 8601 date or date-time"
        )

    def test_as_of_without_offset_is_pacific_wall_time(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """AE-F5: a --as-of without an offset is read on the US Pacific clock of the rules.

        1 July 2024 is in daylight saving time there: UTC-07:00.
        """
        document = json.loads(
            run(capsys, "feedback", EXAMPLE, "--as-of", "2024-07-01T00:00:00", "--format", "json")
        )
        assert document["as_of"] == "2024-07-01T00:00:00-07:00"
        by_date = json.loads(
            run(capsys, "feedback", EXAMPLE, "--as-of", "2024-07-01", "--format", "json")
        )
        assert by_date["as_of"] == "2024-07-01T00:00:00-07:00"

    def test_as_of_in_the_spring_gap_is_refused(self) -> None:
        """AE-F5: 2024-03-10 02:30 never shows on Pacific clocks (02:00 jumps to 03:00)."""
        args = parse("feedback", EXAMPLE, "--as-of", "2024-03-10T02:30")
        with pytest.raises(LoadError) as caught:
            args.func(args)
        assert caught.value.first_line == (
            "--as-of: '2024-03-10T02:30' is not a time in America/Los_Angeles: the clocks go "
            "forward from 02:00 to 03:00 that night and skip it; give a time outside the gap, "
            "or an offset"
        )

    def test_missing_file_is_a_load_error(self, tmp_path: Path) -> None:
        """A missing file raises a LoadError whose first line names the file."""
        missing = str(tmp_path / "missing.json")
        args = parse("feedback", missing)
        with pytest.raises(LoadError) as caught:
            args.func(args)
        assert caught.value.first_line.startswith(f"{missing}: $: cannot read file: ")

    def test_bad_record_is_a_load_error_with_its_path(self, tmp_path: Path) -> None:
        """A bad record is reported with its JSON path."""
        path = tmp_path / "bad.json"
        item = {
            "order_id": "1",
            "rated_at": "2024-05-01T10:00:00+08:00",
            "stars": 9,
            "order_amount": {"amount": "1.00", "currency": "USD"},
        }
        path.write_text(json.dumps({"feedbacks": [item]}), encoding="utf-8")
        args = parse("feedback", str(path), "--as-of", AS_OF)
        with pytest.raises(LoadError) as caught:
            args.func(args)
        assert caught.value.first_line == (
            f"{path}: $.feedbacks[0].stars: Feedback '1': stars 9 is outside 1..5"
        )


class TestPriceCommand:
    def test_seed_example_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """AE-P1 seed example: 10 g × 85 CNY/kg = 0.85 CNY; (3 + 0.85 + 1)/6.5/0.92/0.8 = 1.01."""
        out = run(capsys, "price", "--cost", "3", "--weight-g", "10", "--rate-per-kg", "85")
        assert out == (
            "shipping: 10 g × 85 CNY/kg = 0.85 CNY (AE-P1)\n"
            "AE-P1  product cost                                 3 CNY\n"
            "AE-P1  shipping                                  0.85 CNY\n"
            "AE-P2  registration fee                             0 CNY\n"
            "AE-P1  labour                                       1 CNY\n"
            "AE-P1  total cost                                4.85 CNY\n"
            "AE-P1  ÷ exchange rate 6.5                 ≈ 0.746154 USD\n"
            "AE-P1  ÷ (1 - commission 0.08)             ≈ 0.811037 USD\n"
            "AE-P1  ÷ discount 0.8                      ≈ 1.013796 USD\n"
            "AE-P1  retail price, to cents, half up           1.01 USD\n"
            "AE-P2: the price without the fee, ≈ 1.013796 USD, is not above 5 USD: "
            "no registration fee\n"
        )

    def test_registered_mail_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """AE-P2 in JSON: cost 30 gives 31.85/4.784 > 5, so (39.85)/4.784 = 19925/2392 -> 8.33."""
        out = run(
            capsys,
            "price",
            "--cost",
            "30",
            "--weight-g",
            "10",
            "--rate-per-kg",
            "85",
            "--format",
            "json",
        )
        document = json.loads(out)
        assert (document["price"], document["currency"], document["registered"]) == (
            "8.33",
            "USD",
            True,
        )
        assert (document["first_pass"], document["exact"]) == ("1225/184", "19925/2392")
        assert document["registration_fee"] == "8"
        assert document["inputs"]["shipping"] == "0.85"
        assert document["steps"][4] == {
            "rule": "AE-P1",
            "label": "total cost",
            "exact": "797/20",
            "shown": "39.85",
            "unit": "CNY",
        }

    def test_options_override_the_rulebook(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Labour 0, rate 7, commission 0.05, discount 0.5: 3.85/7/0.95/0.5 = 1.1579 -> 1.16."""
        out = run(
            capsys,
            "price",
            "--cost",
            "3",
            "--weight-g",
            "10",
            "--rate-per-kg",
            "85",
            "--labour",
            "0",
            "--exchange-rate",
            "7",
            "--commission",
            "0.05",
            "--discount",
            "0.5",
            "--format",
            "json",
        )
        document = json.loads(out)
        assert document["inputs"] == {
            "cost": "3",
            "shipping": "0.85",
            "labour": "0",
            "exchange_rate": "7",
            "commission": "0.05",
            "discount": "0.5",
        }
        assert document["price"] == "1.16"

    @pytest.mark.parametrize(
        ("option", "value", "error"),
        [
            ("--cost", "three", InvalidValueError),
            ("--discount", "0", InvalidValueError),
            ("--weight-g", "-10", InvalidValueError),
        ],
    )
    def test_bad_numbers_raise_seller_quality_errors(
        self, option: str, value: str, error: type[SellerQualityError]
    ) -> None:
        """Bad input raises a SellerQualityError for the main CLI to report (exit 2)."""
        arguments = {"--cost": "3", "--weight-g": "10", "--rate-per-kg": "85", option: value}
        args = parse("price", *[part for pair in arguments.items() for part in pair])
        with pytest.raises(error):
            args.func(args)

    def test_errors_are_not_type_errors_for_text(self) -> None:
        """Numbers on the command line are text, so a bad one is a value error, not a type error."""
        args = parse("price", "--cost", "1e", "--weight-g", "10", "--rate-per-kg", "85")
        with pytest.raises(InvalidValueError) as caught:
            args.func(args)
        assert not isinstance(caught.value, InvalidTypeError)
