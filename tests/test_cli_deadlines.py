"""The ``deadlines`` subcommand, run in-process on small files written for each test."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

import pytest

from sellerquality import WARSAW, Money, dump
from sellerquality.allegro import Dispute, DisputeStatus, Message, Order, SellerActivity
from sellerquality.cli._lifecycle import add_parser
from sellerquality.exceptions import LoadError

ACTIVITY = SellerActivity(
    disputes=[
        # Saturday 4 May 2024, unanswered.
        Dispute(id="d-1", opened_at=datetime(2024, 5, 4, 10, tzinfo=WARSAW)),
        # Marked unresolved on 20 April: counts towards the cap until 19 June 10:00.
        Dispute(
            id="d-2",
            opened_at=datetime(2024, 4, 1, 10, tzinfo=WARSAW),
            status=DisputeStatus.UNRESOLVED,
            closed_at=datetime(2024, 4, 20, 10, tzinfo=WARSAW),
        ),
    ],
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


def heads(out: str) -> list[str]:
    """The header and the first line of each entry."""
    return [line for line in out.splitlines() if not line.startswith("          ")]


@pytest.fixture
def seller_file(tmp_path: Path) -> Path:
    """The activity above as a file in our JSON format."""
    path = tmp_path / "seller.json"
    path.write_text(json.dumps(dump(ACTIVITY)), encoding="utf-8")
    return path


class TestText:
    def test_edition_in_force_by_default(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The T&C of 2024-04-15 apply on 6 May 2024: business-hour replies, rating window, cap.

        Hand-worked: the dispute opened on Saturday is due Tuesday 00:00 (the
        business clock starts on Monday); the message of Monday 11:00 is due
        Tuesday 11:00; tracking is due at dispatch_by, overdue; the dispute
        expires 30 days after opening; d-2 counts towards the cap until 60 days
        after its marking (20 April + 60 days = 19 June); the order bought on
        3 May may be rated for 90 days (3 May + 90 days = 1 August).
        """
        code = run(["deadlines", str(seller_file), "--as-of", "2024-05-06T12:00:00+02:00"])
        assert code == 0
        out = capsys.readouterr().out
        assert heads(out) == [
            "Deadlines at 2024-05-06T12:00:00+02:00 (edition 2024-04-15): 6 open, 1 overdue",
            "OVERDUE 2024-05-06T10:00:00+02:00  TRACKING_NUMBER  o-1",
            "        2024-05-07T00:00:00+02:00  DISPUTE_REPLY    d-1",
            "        2024-05-07T11:00:00+02:00  MESSAGE_REPLY    m-1",
            "        2024-06-03T10:00:00+02:00  DISPUTE_EXPIRY   d-1",
            "        2024-06-19T10:00:00+02:00  DISCUSSION_LIMIT d-2",
            "        2024-08-01T00:00:00+02:00  RATING_WINDOW    o-1",
        ]
        lines = out.splitlines()
        limit = lines.index("        2024-06-19T10:00:00+02:00  DISCUSSION_LIMIT d-2")
        assert lines[limit + 1] == (
            "          Unresolved discussions in the last 60 days: 1 of the 2 allowed with "
            "1 agreement, so 1 more allowed. Solve every open dispute before its buyer may mark "
            "it unresolved; the oldest counted, d-2, stops counting after the due instant"
        )
        assert lines[limit + 2] == (
            "          protects: UNRESOLVED_DISCUSSIONS, UNRESOLVED_DISPUTES, PR-1.9 "
            "(DI-4 (T&C 2024-04-15))"
        )

    def test_edition_2022_lists_overdue_first(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """DI-3, SQ-B5, SQ-D2, DI-5, edition 2022: 24 elapsed hours; no rating window, no cap."""
        argv = ["deadlines", str(seller_file), "--as-of", "2024-05-06T12:00:00+02:00"]
        code = run([*argv, "--edition", "2022"])
        assert code == 0
        lines = capsys.readouterr().out.splitlines()
        assert heads("\n".join(lines)) == [
            "Deadlines at 2024-05-06T12:00:00+02:00 (edition 2022): 4 open, 2 overdue",
            "OVERDUE 2024-05-05T10:00:00+02:00  DISPUTE_REPLY    d-1",
            "OVERDUE 2024-05-06T10:00:00+02:00  TRACKING_NUMBER  o-1",
            "        2024-05-07T11:00:00+02:00  MESSAGE_REPLY    m-1",
            "        2024-06-03T10:00:00+02:00  DISPUTE_EXPIRY   d-1",
        ]
        assert lines[2].startswith("          Reply to the buyer in dispute d-1")
        assert lines[3] == (
            "          protects: DISPUTE_REPLY_ON_TIME, DISPUTE_REPLY_TIME, PR-1.7 (DI-3)"
        )

    def test_edition_before_2024_04_15(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """PR-1 (2023-09-04), DI-3, DI-5: on 14 April 2024 the 2023-09-04 edition is in force.

        Only d-2 exists then, still ongoing: its reply was due 2 April 10:00
        (24 elapsed hours), and it expires 1 May 10:00.
        """
        run(["deadlines", str(seller_file), "--as-of", "2024-04-14"])
        assert heads(capsys.readouterr().out) == [
            "Deadlines at 2024-04-14T00:00:00+02:00 (edition 2023-09-04): 2 open, 1 overdue",
            "OVERDUE 2024-04-02T10:00:00+02:00  DISPUTE_REPLY    d-2",
            "        2024-05-01T10:00:00+02:00  DISPUTE_EXPIRY   d-2",
        ]

    def test_due_instants_are_shown_in_warsaw(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An as_of in UTC still shows due instants on the Warsaw clock."""
        run(["deadlines", str(seller_file), "--as-of", "2024-05-06T10:00:00+00:00"])
        out = capsys.readouterr().out
        assert out.startswith(
            "Deadlines at 2024-05-06T10:00:00+00:00 (edition 2024-04-15): 6 open, 1 overdue\n"
        )
        assert "OVERDUE 2024-05-06T10:00:00+02:00  TRACKING_NUMBER  o-1" in out

    def test_date_means_warsaw_midnight(
        self, seller_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--as-of 2024-05-05 is the Warsaw midnight starting that day; m-1 does not exist yet."""
        run(["deadlines", str(seller_file), "--as-of", "2024-05-05"])
        out = capsys.readouterr().out
        assert out.startswith(
            "Deadlines at 2024-05-05T00:00:00+02:00 (edition 2024-04-15): 5 open, 0 overdue\n"
        )

    def test_nothing_due(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An activity with nothing open says so."""
        path = tmp_path / "empty.json"
        path.write_text("{}", encoding="utf-8")
        assert run(["deadlines", str(path), "--as-of", "2024-05-06"]) == 0
        assert capsys.readouterr().out == (
            "Deadlines at 2024-05-06T00:00:00+02:00 (edition 2024-04-15): 0 open, 0 overdue\n"
            "Nothing is due.\n"
        )

    def test_many_rating_windows_are_counted_not_listed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """T&C 2024-04-15: of 12 orders not yet rated the text lists the 10 closing first.

        Bought on 1 May 2024 at 00:00, 01:00, … 11:00; 90 days later is
        30 July at the same hour. The last two are counted in one line.
        """
        orders = [
            Order(
                id=f"o-{n:02d}",
                bought_at=datetime(2024, 5, 1, n, tzinfo=WARSAW),
                total=Money("10"),
            )
            for n in range(12)
        ]
        path = tmp_path / "many.json"
        path.write_text(json.dumps(dump(SellerActivity(orders=orders))), encoding="utf-8")
        run(["deadlines", str(path), "--as-of", "2024-05-06"])
        lines = heads(capsys.readouterr().out)
        assert lines[0] == (
            "Deadlines at 2024-05-06T00:00:00+02:00 (edition 2024-04-15): 12 open, 0 overdue"
        )
        assert lines[1] == "        2024-07-30T00:00:00+02:00  RATING_WINDOW    o-00"
        assert lines[10] == "        2024-07-30T09:00:00+02:00  RATING_WINDOW    o-09"
        assert lines[11:] == [
            (
                "... and 2 more RATING_WINDOW entries: orders not yet rated whose buyers may "
                "rate them until 2024-07-30T11:00:00+02:00 at the latest (--format json lists "
                "them all)"
            )
        ]
        run(["deadlines", str(path), "--as-of", "2024-05-06", "--format", "json"])
        assert len(json.loads(capsys.readouterr().out)["deadlines"]) == 12


class TestJson:
    def test_entries(self, seller_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json prints as_of, the edition used and every entry with all its fields."""
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
        assert document["edition"] == "2024-04-15"
        assert [(e["kind"], e["record_id"], e["overdue"]) for e in document["deadlines"]] == [
            ("TRACKING_NUMBER", "o-1", True),
            ("DISPUTE_REPLY", "d-1", False),
            ("MESSAGE_REPLY", "m-1", False),
            ("DISPUTE_EXPIRY", "d-1", False),
            ("DISCUSSION_LIMIT", "d-2", False),
            ("RATING_WINDOW", "o-1", False),
        ]
        first = document["deadlines"][0]
        assert first["due"] == "2024-05-06T10:00:00+02:00"
        assert first["protects"] == ["TRACKING_ON_TIME", "PR-1.8"]
        assert first["rule"] == "SQ-D2"
        assert set(first) == {"kind", "record_id", "due", "overdue", "action", "protects", "rule"}
        limit = document["deadlines"][4]
        assert limit["due"] == "2024-06-19T10:00:00+02:00"
        assert limit["rule"] == "DI-4 (T&C 2024-04-15)"
        assert "1 of the 2 allowed with 1 agreement, so 1 more allowed" in limit["action"]
        window = document["deadlines"][5]
        assert (window["due"], window["rule"]) == ("2024-08-01T00:00:00+02:00", "T&C 2024-04-15")

    def test_edition_option(self, seller_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--edition 2022 names that edition and applies it: no cap, no rating window."""
        run(
            [
                "deadlines",
                str(seller_file),
                "--as-of",
                "2024-05-06",
                "--edition",
                "2022",
                "--format",
                "json",
            ]
        )
        document = json.loads(capsys.readouterr().out)
        assert document["edition"] == "2022"
        kinds = {e["kind"] for e in document["deadlines"]}
        assert kinds == {"DISPUTE_REPLY", "DISPUTE_EXPIRY", "TRACKING_NUMBER"}


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
