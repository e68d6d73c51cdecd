"""The command line called in-process through ``main()``: every branch, fast."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sellerquality import dump
from sellerquality._results_json import to_data
from sellerquality.allegro import SellerActivity
from sellerquality.cli import main


class TestMain:
    def test_validate_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The validate command on a file names the file and its counts."""
        assert main(["validate", "--example"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("the bundled example: valid\n")
        assert " .. 2026-10-31T23:57:00+01:00\n" in out

    def test_validate_empty_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An empty activity has no span and no currency."""
        path = tmp_path / "empty.json"
        path.write_text(json.dumps(dump(SellerActivity())), encoding="utf-8")
        assert main(["validate", str(path)]) == 0
        out = capsys.readouterr().out
        assert f"{path}: valid" in out
        assert "  span       None .. None" in out
        assert "  currency   (no orders)" in out
        assert main(["validate", str(path), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["first"] is None

    def test_report_json_and_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The report command prints text by default and the stable schema with --format json."""
        assert main(["report", "--example", "--as-of", "2026-10-20"]) == 0
        text = capsys.readouterr().out
        assert "as of 2026-10-20T00:00:00+02:00" in text
        assert main(["report", "--example", "--format", "json", "--edition", "2024-04-15"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["edition"] == "2024-04-15"

    def test_history_formats(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The history command in text, CSV and JSON."""
        for fmt in ("text", "csv", "json"):
            args = ["history", "--example", "--start", "2026-10-31", "--end", "2026-10-31"]
            assert main([*args, "--format", fmt]) == 0
            assert "2026-10-31" in capsys.readouterr().out

    def test_programmes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The programmes command prints text or JSON."""
        assert main(["programmes", "--example"]) == 0
        assert capsys.readouterr().out.startswith("Programmes:")
        assert main(["programmes", "--example", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)[3]["programme"] == "Deal Zone"

    def test_bad_input_is_one_line_and_exit_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A LoadError prints the file and its first JSON path; exit code 2."""
        path = tmp_path / "bad.json"
        path.write_text('{"orders": [{"id": 1}]}', encoding="utf-8")
        assert main(["report", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"sellerquality: {path}: $.orders[0].id: ")
        assert err.count("\n") == 1

    def test_other_errors_name_the_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A SellerQualityError that is not a LoadError is one line too."""
        assert main(["history", "--example", "--start", "2026-10-31", "--end", "2026-10-01"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("sellerquality: end 2026-10-01 is before start 2026-10-31")

    def test_other_errors_name_the_api_folder(self, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-2: with --from-api DIR, an error that is not a LoadError names the folder."""
        folder = str(Path(__file__).parent / "data" / "allegro-api")
        argv = ["history", "--from-api", folder, "--start", "2025-06-10", "--end", "2025-06-01"]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"sellerquality: {folder}: end 2025-06-01 is before start")
        assert err.count("\n") == 1

    def test_as_of_default_for_files_is_now(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --as-of a file is evaluated now (its records are old: nothing applies)."""
        path = tmp_path / "empty.json"
        path.write_text("{}", encoding="utf-8")
        assert main(["report", str(path), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["score"] == 20


class TestJsonValue:
    def test_decimals_are_strings(self) -> None:
        """Decimals keep every digit as a string."""
        from decimal import Decimal

        assert to_data(Decimal("4.950")) == "4.950"
        assert to_data(3) == 3
