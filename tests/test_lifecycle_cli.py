"""The ``deadlines`` subcommand, run in-process on small files written for each test."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

import pytest

from sellerquality import WARSAW, Money, dump
from sellerquality.allegro import Dispute, Message, Order, SellerActivity
from sellerquality.allegro._lifecycle_cli import add_parser
from sellerquality.exceptions import LoadError

ACTIVITY = SellerActivity(
    disputes=[Dispute(id="d-1", opened_at=datetime(2024, 5, 4, 10, tzinfo=WARSAW))],
    messages=[Message(id="m-1", received_at=datetime(2024, 5, 6, 11, tzinfo=WARSAW))],
    orders=[
        Order(
            id="o-1",
            bought_at=datetime(2024, 5, 3, tzinfo=WARSAW),
            total=Money("25.00"),
            dispatch_by=datetime(2024, 5, 6, 10, tzinfo=WARSAW),
        )
    ],
)


def run(argv: list[str]) -> int:
    """Parse ``argv`` with a parser holding only ``deadlines`` and run its handler."""
    parser = argparse.ArgumentParser(prog="sellerquality")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


@pytest.fixture
def seller_file(tmp_path: Path) -> Path:
    """The activity above as a file in our JSON format."""
    path = tmp_path / "seller.json"
    path.write_text(json.dumps(dump(ACTIVITY)), encoding="utf-8")
    return path


class TestText:
    def test_lists_overdue_first(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """DI-3, SQ-B5, SQ-D2, DI-5: the header counts, then overdue entries marked first."""
        code = run(["deadlines", str(seller_file), "--as-of", "2024-05-06T12:00:00+02:00"])
        assert code == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "Deadlines at 2024-05-06T12:00:00+02:00: 4 open, 2 overdue"
        heads = [line for line in lines[1:] if not line.startswith("          ")]
        assert heads == [
            "OVERDUE 2024-05-05T10:00:00+02:00  DISPUTE_REPLY   d-1",
            "OVERDUE 2024-05-06T10:00:00+02:00  TRACKING_NUMBER o-1",
            "        2024-05-07T11:00:00+02:00  MESSAGE_REPLY   m-1",
            "        2024-06-03T10:00:00+02:00  DISPUTE_EXPIRY  d-1",
        ]
        assert lines[2].startswith("          Reply to the buyer in dispute d-1")
        assert lines[3] == (
            "          protects: DISPUTE_REPLY_ON_TIME, DISPUTE_REPLY_TIME, PR-1.7 (DI-3)"
        )

    def test_due_instants_are_shown_in_warsaw(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An as_of in UTC still shows due instants on the Warsaw clock."""
        run(["deadlines", str(seller_file), "--as-of", "2024-05-06T10:00:00+00:00"])
        out = capsys.readouterr().out
        assert out.startswith("Deadlines at 2024-05-06T10:00:00+00:00: 4 open, 2 overdue\n")
        assert "2024-05-05T10:00:00+02:00  DISPUTE_REPLY" in out

    def test_date_means_warsaw_midnight(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--as-of 2024-05-05 is the Warsaw midnight starting that day."""
        run(["deadlines", str(seller_file), "--as-of", "2024-05-05"])
        out = capsys.readouterr().out
        assert out.startswith("Deadlines at 2024-05-05T00:00:00+02:00: 3 open, 0 overdue\n")

    def test_nothing_due(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An activity with nothing open says so."""
        path = tmp_path / "empty.json"
        path.write_text("{}", encoding="utf-8")
        assert run(["deadlines", str(path), "--as-of", "2024-05-06"]) == 0
        assert capsys.readouterr().out == (
            "Deadlines at 2024-05-06T00:00:00+02:00: 0 open, 0 overdue\nNothing is due.\n"
        )


class TestJson:
    def test_entries(self, seller_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json prints as_of and every entry with all its fields."""
        code = run(
            [
                "deadlines",
                str(seller_file),
                "--as-of",
                "2024-05-06T12:00:00+02:00",
                "--format",
                "json",
            ]
        )
        assert code == 0
        document = json.loads(capsys.readouterr().out)
        assert document["as_of"] == "2024-05-06T12:00:00+02:00"
        assert [(e["kind"], e["record_id"], e["overdue"]) for e in document["deadlines"]] == [
            ("DISPUTE_REPLY", "d-1", True),
            ("TRACKING_NUMBER", "o-1", True),
            ("MESSAGE_REPLY", "m-1", False),
            ("DISPUTE_EXPIRY", "d-1", False),
        ]
        first = document["deadlines"][0]
        assert first["due"] == "2024-05-05T10:00:00+02:00"
        assert first["protects"] == ["DISPUTE_REPLY_ON_TIME", "DISPUTE_REPLY_TIME", "PR-1.7"]
        assert first["rule"] == "DI-3"
        assert set(first) == {"kind", "record_id", "due", "overdue", "action", "protects", "rule"}


class TestArguments:
    def test_source_is_required(self) -> None:
        """FILE or --example must be given."""
        with pytest.raises(SystemExit):
            run(["deadlines"])

    def test_unknown_format_is_refused(self, seller_file: Path) -> None:
        """Only text and json."""
        with pytest.raises(SystemExit):
            run(["deadlines", str(seller_file), "--format", "csv"])

    def test_missing_file_is_a_load_error(self, tmp_path: Path) -> None:
        """A file that cannot be read raises LoadError (the CLI turns it into exit code 2)."""
        with pytest.raises(LoadError, match="cannot read file"):
            run(["deadlines", str(tmp_path / "missing.json"), "--as-of", "2024-05-06"])

    def test_bad_as_of_is_a_load_error(self, seller_file: Path) -> None:
        """An --as-of that is not ISO 8601 raises LoadError naming the option."""
        with pytest.raises(LoadError, match="--as-of"):
            run(["deadlines", str(seller_file), "--as-of", "tomorrow"])
