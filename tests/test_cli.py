"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sellerquality import dump
from sellerquality.examples import load_example


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sellerquality ARGS`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "sellerquality", *args],
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
    )


class TestValidate:
    def test_example(self) -> None:
        """Validate --example says what the example holds: counts, span, currency."""
        done = run("validate", "--example")
        assert done.returncode == 0, done.stderr
        assert "the bundled example: valid" in done.stdout
        assert "orders        2,000" in done.stdout
        assert "currency   PLN" in done.stdout

    def test_json(self, tmp_path: Path) -> None:
        """--format json gives the counts as numbers."""
        path = tmp_path / "seller.json"
        path.write_text(json.dumps(dump(load_example())), encoding="utf-8")
        done = run("validate", str(path), "--format", "json")
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert summary["records"]["orders"] == 2000
        assert summary["currency"] == "PLN"

    def test_bad_file_exits_2_with_one_line(self, tmp_path: Path) -> None:
        """Bad input: exit code 2 and one stderr line naming the file and the JSON path."""
        path = tmp_path / "bad.json"
        path.write_text(
            json.dumps(
                {
                    "orders": [
                        {"id": "o", "bought_at": "2022-03-01T10:00:00", "total": {"amount": "1"}}
                    ]
                }
            ),
            encoding="utf-8",
        )
        done = run("validate", str(path))
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"sellerquality: {path}: $.orders[0].bought_at: ")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is bad input too."""
        done = run("validate", str(tmp_path / "nope.json"))
        assert done.returncode == 2
        assert "cannot read file" in done.stderr

    def test_source_is_required(self) -> None:
        """Neither FILE nor --example: argparse's usage error (exit 2)."""
        assert run("validate").returncode == 2


class TestReport:
    def test_text(self) -> None:
        """The text report starts with the grade and score, then tables, tips and forecast."""
        done = run("report", "--example")
        assert done.returncode == 0, done.stderr
        first = done.stdout.splitlines()[0]
        assert first == "Sales quality GOOD (Dobry): 183 of 500 points"
        assert "RECOMMENDATION_RATE" in done.stdout
        assert "Tips:" in done.stdout
        assert "Forecast (no new records, next 30 days):" in done.stdout

    def test_json_schema(self) -> None:
        """--format json follows sellerquality.report/1 with exact values."""
        done = run("report", "--example", "--format", "json")
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        assert document["schema"] == "sellerquality.report/1"
        assert (document["grade"], document["score"], document["max_score"]) == ("GOOD", 183, 500)
        rate = next(m for m in document["metrics"] if m["code"] == "RECOMMENDATION_RATE")
        assert rate["value"] == "361/371"
        assert rate["threshold"] == "49/50"
        assert rate["outcome"] == "PENALTY"
        revenue = next(m for m in document["metrics"] if m["code"] == "REVENUE")
        assert revenue["value"] == {"amount": "148007.78", "currency": "PLN"}
        assert document["forecast"]["grade_changes_on"] == "2026-11-11"

    def test_as_of(self) -> None:
        """--as-of takes a date (its Warsaw midnight) or an aware date-time."""
        by_date = run("report", "--example", "--as-of", "2026-10-15", "--format", "json")
        by_time = run(
            "report", "--example", "--as-of", "2026-10-15T00:00:00+02:00", "--format", "json"
        )
        assert json.loads(by_date.stdout)["as_of"] == "2026-10-15T00:00:00+02:00"
        assert json.loads(by_date.stdout)["score"] == json.loads(by_time.stdout)["score"]

    @pytest.mark.parametrize("value", ["yesterday", "2026-03-29T02:30"])
    def test_bad_as_of(self, value: str) -> None:
        """Unreadable --as-of, or a Warsaw wall time the clocks skip (SQ-2): exit 2 naming it."""
        done = run("report", "--example", "--as-of", value)
        assert done.returncode == 2
        assert "--as-of" in done.stderr


class TestHistory:
    def test_csv(self) -> None:
        """One CSV row per day with the grade, score and each metric's points."""
        done = run(
            "history",
            "--example",
            "--start",
            "2026-10-30",
            "--end",
            "2026-10-31",
            "--format",
            "csv",
        )
        assert done.returncode == 0, done.stderr
        rows = done.stdout.strip().splitlines()
        assert rows[0].startswith("day,grade,score,max_score,RECOMMENDATION_RATE_points")
        assert rows[2].startswith("2026-10-31,GOOD,183,500,-60,")
        assert len(rows) == 3

    def test_text_and_json(self) -> None:
        """Text has a row per day; JSON a report per day."""
        text = run("history", "--example", "--start", "2026-10-30", "--end", "2026-10-31")
        assert text.stdout.splitlines()[2].startswith("2026-10-31  GOOD")
        data = run(
            "history",
            "--example",
            "--start",
            "2026-10-31",
            "--end",
            "2026-10-31",
            "--format",
            "json",
        )
        assert [r["day"] for r in json.loads(data.stdout)] == ["2026-10-31"]

    def test_bad_dates(self) -> None:
        """An unreadable date or an end before the start: exit 2."""
        assert (
            run("history", "--example", "--start", "31.10.2026", "--end", "2026-10-31").returncode
            == 2
        )
        done = run("history", "--example", "--start", "2026-10-31", "--end", "2026-10-30")
        assert done.returncode == 2
        assert "before start" in done.stderr


class TestBadInput:
    def test_deep_nesting_in_a_fresh_process(self, tmp_path: Path) -> None:
        """SQ-1 input: JSON nested 100,000 deep exits 2 with one line, whatever the stack."""
        path = tmp_path / "deep.json"
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        done = run("validate", str(path))
        assert done.returncode == 2
        assert done.stderr == (
            f"sellerquality: {path}: $: is nested too deeply to read (arrays and objects "
            "within each other about a thousand levels deep)\n"
        )

    def test_not_utf8_in_a_fresh_process(self, tmp_path: Path) -> None:
        """SQ-1 input: a Latin-1 file exits 2 naming the file and the first bad byte."""
        path = tmp_path / "latin1.json"
        path.write_bytes(b'{"orders": [], "x": "\xe9"}')
        done = run("validate", str(path))
        assert done.returncode == 2
        assert done.stderr == (
            f"sellerquality: {path}: $: is not UTF-8 text: the byte 0xe9 at offset 21 "
            "cannot be read\n"
        )


class TestVersion:
    def test_version(self) -> None:
        """--version prints the installed version."""
        from sellerquality import __version__

        done = run("--version")
        assert done.stdout.strip() == f"sellerquality {__version__}"


class TestProgrammes:
    def test_text(self) -> None:
        """Programmes lists each programme with its failing criteria and shortfalls."""
        done = run("programmes", "--example", "--edition", "2022")
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0] == "Programmes:"
        assert "  Super Seller (edition 2022): not eligible" in lines
        assert (
            "    x PR-1.5 NO_WARNINGS_OR_BLOCKS: a warning on 2026-10-12 blocks until 2026-11-11"
            in lines
        )
        assert "  Deal Zone (edition 2022): eligible" in lines

    def test_json_and_edition(self) -> None:
        """JSON lists every criterion; --edition picks the 2023 Super Seller rules."""
        done = run("programmes", "--example", "--edition", "2023-09-04", "--format", "json")
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        super_seller = document[0]
        assert (super_seller["programme"], super_seller["edition"]) == (
            "Super Seller",
            "2023-09-04",
        )
        codes = [c["code"] for c in super_seller["criteria"]]
        assert codes == [
            "BUSINESS_ACCOUNT",
            "TOP_GRADE_DAYS",
            "GRADE_EVERY_DAY",
            "COMPLETED_TRANSACTIONS",
        ]

    def test_report_has_a_programmes_section(self) -> None:
        """Report shows the programmes after the forecast, in text and JSON."""
        text = run("report", "--example")
        assert "\nProgrammes:\n  Super Seller (edition 2024-04-15): not eligible" in text.stdout
        document = json.loads(run("report", "--example", "--format", "json").stdout)
        assert [p["programme"] for p in document["programmes"]] == [
            "Super Seller",
            "Smart!",
            "Coins",
            "Deal Zone",
        ]


API_DIR = str(Path(__file__).resolve().parent / "data" / "allegro-api")


class TestFromApi:
    def test_report_from_api_folder(self) -> None:
        """The report command reads a folder of saved Allegro API bodies (issue 7)."""
        done = run("report", "--from-api", API_DIR, "--as-of", "2025-06-21", "--format", "json")
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        assert (document["score"], document["max_score"]) == (-3, 500)

    def test_reconcile(self) -> None:
        """Reconcile lists where our report and Allegro's /sale/quality differ."""
        done = run("reconcile", "--from-api", API_DIR)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0] == "Allegro's result for 2025-06-20: REQUIRES_IMPROVEMENT, -5 of 480 points"
        assert "  score: ours -3, Allegro's -5 (+2)" in lines

    def test_not_a_folder(self) -> None:
        """A missing folder is bad input: exit 2 with one line."""
        done = run("report", "--from-api", "/nonexistent/folder")
        assert done.returncode == 2
        assert done.stderr.strip() == (
            "sellerquality: /nonexistent/folder: $: is not a folder of API bodies"
        )
