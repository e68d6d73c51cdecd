"""Conventions every command keeps: stdin, --output, --version, --as-of, exit codes, layout.

Run in-process through ``main()`` (which returns the exit code), except one
run of ``python -m sellerquality --version`` in a subprocess.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import sellerquality
from sellerquality import __version__, dump
from sellerquality.cli import _run_into, main
from sellerquality.examples import load_example

DATA = Path(__file__).parent / "data"
API_DIR = str(DATA / "allegro-api")
FEEDBACK = str(DATA / "aliexpress" / "feedback-example.json")

# One order, one recommending rating: a small activity to pipe in.
SMALL = {
    "orders": [
        {"id": "o-1", "bought_at": "2026-10-01T10:00:00+02:00", "total": {"amount": "99.90"}}
    ],
    "ratings": [{"id": "r-1", "created_at": "2026-10-03T09:00:00+02:00", "recommended": True}],
}

# Four problems, each worked out from the format's rules (docs/data-model.md):
# a repeated order id, an order in another currency than the seller's (PLN, the
# most common), a rating without its required created_at, an unknown section.
FOUR_PROBLEMS = {
    "orders": [
        {"id": "o-1", "bought_at": "2026-10-01T10:00:00+02:00", "total": {"amount": "10.00"}},
        {"id": "o-1", "bought_at": "2026-10-01T11:00:00+02:00", "total": {"amount": "12.00"}},
        {
            "id": "o-3",
            "bought_at": "2026-10-01T12:00:00+02:00",
            "total": {"amount": "5.00", "currency": "EUR"},
        },
    ],
    "ratings": [{"id": "r-1", "recommended": True}],
    "offerz": [],
}
FOUR_PROBLEMS_LISTED = [
    {"path": "$.orders[1].id", "reason": "duplicate id 'o-1'; first at $.orders[0]"},
    {"path": "$.orders[2].total", "reason": "total is in EUR; the seller's orders are in PLN"},
    {"path": "$.ratings[0].created_at", "reason": "required field missing"},
    {"path": "$.offerz", "reason": "unknown section"},
]


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Make standard input read ``text``."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def write(tmp_path: Path, document: object, name: str = "seller.json") -> Path:
    """Write ``document`` as a JSON file under ``tmp_path``."""
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


class TestStdin:
    def test_dash_reads_standard_input(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """FILE ``-`` reads the activity from standard input; the summary names <stdin>."""
        stdin(monkeypatch, json.dumps(SMALL))
        assert main(["validate", "-"]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[:3] == [
            "<stdin>: valid",
            "  offers            0",
            "  orders            1",
        ]

    def test_report_from_stdin_equals_report_from_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The same bytes give the same report whether they come from a file or a pipe."""
        text = json.dumps(dump(load_example()))
        path = tmp_path / "seller.json"
        path.write_text(text, encoding="utf-8")
        argv = ["--as-of", "2026-11-01", "--format", "json"]
        assert main(["report", str(path), *argv]) == 0
        from_file = capsys.readouterr().out
        stdin(monkeypatch, text)
        assert main(["report", "-", *argv]) == 0
        assert capsys.readouterr().out == from_file

    def test_errors_name_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad input on standard input: exit 2, one line naming <stdin> and the JSON path."""
        stdin(monkeypatch, '{"orders": [{"id": 1}]}')
        assert main(["report", "-"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("sellerquality: <stdin>: $.orders[0].id: ")
        assert err.count("\n") == 1

    def test_other_errors_name_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An error that is not the file's own (an end before the start) names <stdin>, not -."""
        stdin(monkeypatch, json.dumps(SMALL))
        assert main(["history", "-", "--start", "2026-10-31", "--end", "2026-10-01"]) == 2
        err = capsys.readouterr().err
        assert err == "sellerquality: <stdin>: end 2026-10-01 is before start 2026-10-31\n"

    def test_aliexpress_feedback_from_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """AE-F5: the feedback profile reads standard input too, and says so."""
        stdin(monkeypatch, Path(FEEDBACK).read_text(encoding="utf-8"))
        assert main(["aliexpress", "feedback", "-", "--as-of", "2024-07-01T00:00:00+08:00"]) == 0
        assert capsys.readouterr().out.splitlines()[1] == "file: <stdin> (12 ratings)"

    def test_reconcile_quality_from_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQ-3: --quality - reads Allegro's /sale/quality body from standard input."""
        stdin(monkeypatch, (DATA / "allegro-api" / "quality.json").read_text(encoding="utf-8"))
        assert main(["reconcile", "--from-api", API_DIR, "--quality", "-"]) == 0
        assert capsys.readouterr().out.splitlines()[0] == (
            "Allegro's result for 2025-06-20: REQUIRES_IMPROVEMENT, -5 of 480 points"
        )

    def test_a_path_starting_with_a_brace_is_a_path(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """On the command line FILE is a path or -, never JSON text, whatever it starts with."""
        path = write(tmp_path, SMALL, name="{seller}.json")
        assert main(["validate", str(path)]) == 0
        assert capsys.readouterr().out.startswith(f"{path}: valid\n")


# Each command that prints a result, with arguments that make its output fixed.
PRINTING = [
    ["validate", "--example"],
    ["report", "--example"],
    ["report", "--example", "--format", "json"],
    ["history", "--example", "--start", "2026-10-30", "--end", "2026-10-31", "--format", "csv"],
    ["programmes", "--example"],
    ["deadlines", "--example", "--format", "json"],
    ["reconcile", "--from-api", API_DIR],
    ["aliexpress", "feedback", FEEDBACK, "--as-of", "2024-07-01T00:00:00+08:00"],
    ["aliexpress", "price", "--cost", "3", "--weight-g", "10", "--rate-per-kg", "50"],
]


class TestOutput:
    @pytest.mark.parametrize("argv", PRINTING, ids=lambda argv: "-".join(argv[:2]))
    def test_output_file_holds_what_stdout_would(
        self, argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o FILE: nothing on stdout, and FILE holds exactly what stdout would, in UTF-8."""
        assert main(argv) == 0
        printed = capsys.readouterr().out
        target = tmp_path / "out.txt"
        assert main([*argv, "-o", str(target)]) == 0
        assert capsys.readouterr() == ("", "")
        assert target.read_bytes() == printed.encode("utf-8")
        assert printed.endswith("\n")

    def test_utf8_whatever_the_locale(self, tmp_path: Path) -> None:
        """The file is UTF-8: the price breakdown's × and ÷ are their UTF-8 bytes."""
        target = tmp_path / "price.txt"
        argv = ["aliexpress", "price", "--cost", "3", "--weight-g", "10", "--rate-per-kg", "50"]
        assert main([*argv, "--output", str(target)]) == 0
        written = target.read_bytes()
        assert written.splitlines()[0] == "shipping: 10 g × 50 CNY/kg = 0.5 CNY (AE-P1)".encode()
        assert "AE-P1  ÷ exchange rate 6.5".encode() in written

    def test_the_file_always_ends_with_a_newline(self, tmp_path: Path) -> None:
        """A result printed without a final newline gets one in the file; the code is kept."""

        def handler(_: argparse.Namespace) -> int:
            sys.stdout.write("no newline")
            return 1

        target = tmp_path / "out.txt"
        assert _run_into(handler, argparse.Namespace(), str(target)) == 1
        assert target.read_bytes() == b"no newline\n"

    def test_dash_is_standard_output(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o - writes to standard output, as without -o."""
        assert main(["validate", "--example", "-o", "-"]) == 0
        assert capsys.readouterr().out.startswith("the bundled example: valid\n")

    @pytest.mark.parametrize("where", ["missing-folder/out.txt", "."])
    def test_unwritable_path_exits_2_with_one_line(
        self, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file in a missing folder, or a folder: exit 2, one stderr line naming it."""
        target = tmp_path / where
        assert main(["validate", "--example", "-o", str(target)]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        reason = "No such file or directory" if where != "." else "Is a directory"
        assert err == f"sellerquality: {target}: cannot write the output: {reason}\n"

    def test_nothing_is_written_on_bad_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad input: exit 2 and no output file, so an old result is never half replaced."""
        target = tmp_path / "report.json"
        bad = write(tmp_path, {"orders": [{"id": 1}]})
        assert main(["report", str(bad), "-o", str(target)]) == 2
        assert not target.exists()
        assert capsys.readouterr().err.startswith(f"sellerquality: {bad}: $.orders[0].id: ")

    def test_fetch_has_no_output_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Fetch's result is its folder (--out DIR); it prints only a summary, so no -o."""
        assert main(["fetch", "--out", "x", "-o", "y"]) == 2
        assert "unrecognized arguments: -o y" in capsys.readouterr().err


class TestVersion:
    def test_in_process(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints 'sellerquality X.Y.Z' from sellerquality.__version__; exit 0."""
        assert main(["--version"]) == 0
        assert capsys.readouterr().out == f"sellerquality {__version__}\n"

    def test_python_dash_m(self) -> None:
        """Python -m sellerquality --version, as a user runs it."""
        done = subprocess.run(
            [sys.executable, "-m", "sellerquality", "--version"],
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
        )
        assert (done.returncode, done.stdout, done.stderr) == (
            0,
            f"sellerquality {sellerquality.__version__}\n",
            "",
        )


class TestValidateLists:
    def test_json_lists_every_problem_with_its_path(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQ-1 input: every problem, in input order, with its JSON path; exit 2."""
        path = write(tmp_path, FOUR_PROBLEMS)
        assert main(["validate", str(path), "--format", "json"]) == 2
        out, err = capsys.readouterr()
        assert json.loads(out) == {"valid": False, "problems": FOUR_PROBLEMS_LISTED}
        assert err == (
            f"sellerquality: {path}: $.orders[1].id: duplicate id 'o-1'; first at "
            "$.orders[0] (and 3 more)\n"
        )

    def test_text_lists_every_problem_one_per_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Text: a header naming the file, then each problem on its own line."""
        path = write(tmp_path, FOUR_PROBLEMS)
        assert main(["validate", str(path)]) == 2
        assert capsys.readouterr().out.splitlines() == [
            f"{path}: not valid, 4 problems",
            *(f"  {item['path']}: {item['reason']}" for item in FOUR_PROBLEMS_LISTED),
        ]

    def test_an_instant_without_offset_in_a_file_asks_for_an_offset(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQ-2: a file's time without an offset is refused with the offset to write, not tzinfo=.

        1 October 2026 is in Warsaw summer time, so the example is +02:00.
        """
        order = {"id": "o-1", "bought_at": "2026-10-01T10:00:00", "total": {"amount": "9.99"}}
        path = write(tmp_path, {"orders": [order]})
        assert main(["validate", str(path), "--format", "json"]) == 2
        out, err = capsys.readouterr()
        reason = (
            "datetime '2026-10-01T10:00:00' has no UTC offset (a naive time); write one, "
            "such as '2026-10-01T10:00:00+02:00'"
        )
        assert json.loads(out)["problems"] == [{"path": "$.orders[0].bought_at", "reason": reason}]
        assert err == f"sellerquality: {path}: $.orders[0].bought_at: {reason}\n"
        assert "tzinfo" not in out + err

    def test_a_document_that_cannot_be_read(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Not an object at all: the one problem is at $."""
        stdin(monkeypatch, "[]")
        assert main(["validate", "-", "--format", "json"]) == 2
        document = json.loads(capsys.readouterr().out)
        assert document["valid"] is False
        assert [problem["path"] for problem in document["problems"]] == ["$"]

    def test_valid_json_says_valid(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A valid file: valid true, no problems, then the summary; exit 0."""
        path = write(tmp_path, SMALL)
        assert main(["validate", str(path), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out) == {
            "valid": True,
            "problems": [],
            "records": {
                "offers": 0,
                "orders": 1,
                "disputes": 0,
                "ratings": 1,
                "messages": 0,
                "violations": 0,
            },
            "first": "2026-10-01T10:00:00+02:00",
            "last": "2026-10-03T09:00:00+02:00",
            "currency": "PLN",
            "business_account": False,
        }


def as_of_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The as_of the deadlines command reports for ``--as-of`` ``argv``."""
    assert main(["deadlines", "--example", "--format", "json", "--as-of", *argv]) == 0
    as_of: str = json.loads(capsys.readouterr().out)["as_of"]
    return as_of


class TestAsOf:
    @pytest.mark.parametrize(
        ("text", "instant"),
        [
            # Summer time (CEST, +02:00) until the last Sunday of October.
            ("2026-10-15T00:00", "2026-10-15T00:00:00+02:00"),
            # A date alone is its Warsaw midnight; winter time (CET, +01:00).
            ("2026-11-30", "2026-11-30T00:00:00+01:00"),
            ("2026-11-30T12:00", "2026-11-30T12:00:00+01:00"),
            # 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice;
            # the first, still in summer time, is taken (fold=0).
            ("2026-10-25T02:30", "2026-10-25T02:30:00+02:00"),
            # With an offset the instant is as written, in any zone.
            ("2026-10-25T02:30+01:00", "2026-10-25T02:30:00+01:00"),
            ("2026-11-30T11:00Z", "2026-11-30T11:00:00+00:00"),
        ],
    )
    def test_without_offset_is_warsaw_wall_time(
        self, text: str, instant: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQ-2: an --as-of without an offset is a Europe/Warsaw wall-clock time."""
        assert as_of_of([text], capsys) == instant

    def test_spring_gap_exits_2_with_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-2: 29 March 2026, Warsaw clocks go from 02:00 to 03:00; 02:30 does not exist."""
        assert main(["report", "--example", "--as-of", "2026-03-29T02:30"]) == 2
        assert capsys.readouterr().err == (
            "sellerquality: --as-of: '2026-03-29T02:30' is not a time in Europe/Warsaw: the "
            "clocks go forward from 02:00 to 03:00 that night and skip it; give a time outside "
            "the gap, or an offset\n"
        )

    def test_the_gap_ends_at_three(self, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-2: 01:59:59 is the last winter-time second, 03:00 the first summer-time one."""
        assert as_of_of(["2026-03-29T01:59:59"], capsys) == "2026-03-29T01:59:59+01:00"
        assert as_of_of(["2026-03-29T03:00"], capsys) == "2026-03-29T03:00:00+02:00"

    @pytest.mark.parametrize("text", ["yesterday", "2026-03-29T02:30", "1899-12-31T23:00", ""])
    def test_messages_never_ask_for_python(
        self, text: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A shell user is never told to pass tzinfo= or datetime.UTC; each is one line."""
        assert main(["programmes", "--example", "--as-of", text]) == 2
        err = capsys.readouterr().err
        assert err.startswith("sellerquality: --as-of: ")
        assert err.count("\n") == 1
        assert "tzinfo" not in err
        assert "datetime." not in err

    @pytest.mark.parametrize(
        "command",
        [["report"], ["programmes"], ["deadlines"], ["aliexpress", "feedback"]],
    )
    def test_help_says_how_a_time_without_offset_reads(
        self, command: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each --as-of help names the zone, the skipped and the repeated hour."""
        assert main([*command, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "without one: then a" in text
        assert "wall-clock time (2026-11-30T12:00), and a date alone (2026-11-30)" in text
        assert "is refused; one the autumn change repeats" in text
        assert "is the first of the two, in summer time" in text
        zone = "US Pacific" if command[0] == "aliexpress" else "Europe/Warsaw"
        assert f"then a {zone}" in text


class TestCheck:
    def test_not_eligible_for_every_programme_exits_1(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """PR-1: on 2026-11-01 the example misses Super Seller, so --check alone exits 1.

        The output is the same as without --check.
        """
        assert main(["programmes", "--example"]) == 0
        plain = capsys.readouterr().out
        assert main(["programmes", "--example", "--check"]) == 1
        assert capsys.readouterr().out == plain
        assert "  Super Seller (edition 2024-04-15): not eligible" in plain.splitlines()

    def test_named_programme_eligible_exits_0(self, capsys: pytest.CaptureFixture[str]) -> None:
        """PR-4: the example's grade is GOOD, at least NEUTRAL, so Deal Zone passes: exit 0."""
        assert main(["programmes", "--example", "--programme", "deal-zone", "--check"]) == 0
        assert capsys.readouterr().out == (
            "Programmes:\n  Deal Zone (edition 2024-04-15): eligible\n"
        )

    def test_one_named_programme_failing_exits_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        """PR-1, PR-4: Deal Zone passes, Super Seller does not: --check exits 1."""
        argv = ["programmes", "--example", "--check", "--format", "json"]
        assert main([*argv, "--programme", "deal-zone", "--programme", "super-seller"]) == 1
        shown = json.loads(capsys.readouterr().out)
        assert [(p["programme"], p["eligible"]) for p in shown] == [
            ("Super Seller", False),
            ("Deal Zone", True),
        ]

    def test_check_still_writes_the_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o with --check: the result is written, and the exit code still says 1."""
        target = tmp_path / "programmes.txt"
        assert main(["programmes", "--example", "--check", "-o", str(target)]) == 1
        assert target.read_text(encoding="utf-8").startswith("Programmes:\n")
        assert capsys.readouterr() == ("", "")


class TestLayout:
    def test_the_library_never_imports_the_cli(self) -> None:
        """Imports point down only: no module outside sellerquality.cli imports it.

        ``__main__`` is the entry point, not the library, and may.
        """
        package = Path(sellerquality.__file__).parent
        importers = []
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(package)
            if relative.parts[0] == "cli" or relative.name == "__main__.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""] + [alias.name for alias in node.names]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                if any("cli" in name.split(".") for name in names):
                    importers.append(str(relative))
        assert importers == []

    def test_usage_error_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown option is a usage error: exit 2, the usage on stderr."""
        assert main(["report", "--example", "--no-such-option"]) == 2
        assert capsys.readouterr().err.endswith(
            "sellerquality: error: unrecognized arguments: --no-such-option\n"
        )
