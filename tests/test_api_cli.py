"""A folder of saved API bodies, and the reconcile command."""

from __future__ import annotations

import argparse
import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_strategies import at, checkout_form, forms, line_item
from sellerquality.allegro import AllegroApiWarning, SellerActivity, from_api, read_api_dir
from sellerquality.cli._reconcile import (
    _reporting,
    activity_from_args_or_api,
    add_from_api_argument,
    add_parsers,
)
from sellerquality.examples import load_example
from sellerquality.exceptions import LoadError

DATA = Path(__file__).parent / "data" / "allegro-api"


@pytest.fixture(autouse=True)
def _no_unexpected_warnings() -> Iterator[None]:
    """An AllegroApiWarning a test does not expect with pytest.warns fails it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", AllegroApiWarning)
        yield


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the payload files to change."""
    target = tmp_path / "seller"
    shutil.copytree(DATA, target)
    return target


def write(path: Path, data: Any) -> None:
    """Write ``data`` as JSON, making folders as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def run(*argv: str) -> int:
    """Run the reconcile command in this process (the lead wires it into the real CLI)."""
    parser = argparse.ArgumentParser(prog="sellerquality")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


# --- the folder layout ----------------------------------------------------------------------------


class TestFolder:
    def test_the_payload_files(self) -> None:
        """The payload folder reads strictly, without a warning: 5 orders, 4 disputes, ..."""
        activity = read_api_dir(str(DATA))
        counts = [
            len(getattr(activity, kind))
            for kind in ("orders", "disputes", "ratings", "messages", "offers")
        ]
        assert counts == [5, 4, 4, 4, 5]

    def test_problems_are_named_by_file(self, folder: Path) -> None:
        """A problem's path starts with the file's name in the folder; the source is the folder."""
        page = json.loads((folder / "checkout-forms-2.json").read_text(encoding="utf-8"))
        del page["checkoutForms"][1]["lineItems"][0]["boughtAt"]
        write(folder / "checkout-forms-2.json", page)
        with pytest.raises(LoadError) as excinfo:
            read_api_dir(folder)
        assert excinfo.value.source == str(folder)
        assert [str(p) for p in excinfo.value.problems] == [
            "checkout-forms-2.json$.checkoutForms[1].lineItems[0].boughtAt: required field missing"
        ]

    def test_a_file_of_pages(self, tmp_path: Path) -> None:
        """A file holding a JSON array holds pages, numbered after the file's name."""
        bad = checkout_form("b", items=[line_item("never")])
        write(tmp_path / "checkout-forms.json", [forms(checkout_form("a")), forms(bad)])
        activity, rejected = read_api_dir(tmp_path, strict=False)
        assert [o.id for o in activity.orders] == ["a"]
        assert [p.path for item in rejected for p in item.problems] == [
            "checkout-forms.json[1]$.checkoutForms[0].lineItems[0].boughtAt"
        ]

    def test_natural_order(self, tmp_path: Path) -> None:
        """Page files are read -2 before -10: the later one's different repeat is rejected."""
        write(tmp_path / "checkout-forms-10.json", forms(checkout_form("a", total="2.00")))
        write(tmp_path / "checkout-forms-2.json", forms(checkout_form("a", total="1.00")))
        _, rejected = read_api_dir(tmp_path, strict=False)
        assert [item.path for item in rejected] == ["checkout-forms-10.json$.checkoutForms[0]"]

    def test_keyed_folders(self, tmp_path: Path) -> None:
        """shipments/<orderId>.json and the like are keyed by the file's stem."""
        write(tmp_path / "checkout-forms.json", forms(checkout_form("cf-1")))
        write(
            tmp_path / "shipments" / "cf-1.json",
            {"shipments": [{"waybill": "W1", "carrierId": "DPD", "createdAt": at(20)}]},
        )
        (order,) = read_api_dir(tmp_path).orders
        assert order.tracking_added_at is not None

    def test_files_outside_the_layout_are_reported(self, tmp_path: Path) -> None:
        """Files outside the layout are warned about and ignored; dotfiles, quality.json quietly."""
        write(tmp_path / "orders.json", {})
        write(tmp_path / "notes" / "a.json", {})
        write(tmp_path / "shipments" / "readme.txt", {})
        (tmp_path / "shipments" / "nested").mkdir()
        write(tmp_path / ".cache.json", {})
        write(tmp_path / "shipments" / ".DS_Store", {})
        write(tmp_path / "quality.json", {})
        write(tmp_path / "me.json", {"company": None})
        with pytest.warns(AllegroApiWarning) as caught:
            activity = read_api_dir(tmp_path)
        assert activity == SellerActivity()
        assert sorted(str(w.message) for w in caught) == [
            "notes: not a file of the layout; ignored",
            "orders.json: not a file of the layout; ignored",
            "shipments/nested: not a file of the layout; ignored",
            "shipments/readme.txt: not a file of the layout; ignored",
        ]

    def test_files_that_are_not_json(self, tmp_path: Path) -> None:
        """A file that is not JSON, or not UTF-8, is a problem named by the file."""
        (tmp_path / "me.json").write_text("{nope", encoding="utf-8")
        (tmp_path / "product-offers").mkdir()
        (tmp_path / "product-offers" / "1.json").write_bytes(b"\xff\xfe")
        with pytest.raises(LoadError) as excinfo:
            read_api_dir(tmp_path)
        assert [str(p) for p in excinfo.value.problems] == [
            (
                "me.json: not JSON: Expecting property name enclosed in double quotes at line 1 "
                "column 2"
            ),
            "product-offers/1.json: is not UTF-8 text: the byte 0xff at offset 0 cannot be read",
        ]
        activity, rejected = read_api_dir(tmp_path, strict=False)
        assert (activity, [item.raw for item in rejected]) == (SellerActivity(), ["{nope", None])

    def test_broken_file_of_pages(self, tmp_path: Path) -> None:
        """A thread's messages file that is not JSON is rejected by its name."""
        (tmp_path / "thread-messages").mkdir()
        (tmp_path / "thread-messages" / "t-1.json").write_text("[", encoding="utf-8")
        _, rejected = read_api_dir(tmp_path, strict=False)
        assert [item.path for item in rejected] == ["thread-messages/t-1.json"]

    def test_not_a_folder(self, tmp_path: Path) -> None:
        """A path that is not a folder is a LoadError naming it."""
        with pytest.raises(LoadError) as excinfo:
            read_api_dir(tmp_path / "missing")
        assert (
            excinfo.value.first_line == f"{tmp_path / 'missing'}: $: is not a folder of API bodies"
        )


# --- wiring for `report --from-api DIR` -----------------------------------------------------------


class TestWiring:
    def parser(self) -> argparse.ArgumentParser:
        """A parser shaped like `report`: [FILE | --example | --from-api DIR]."""
        parser = argparse.ArgumentParser()
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("file", nargs="?")
        group.add_argument("--example", action="store_true")
        add_from_api_argument(group)
        return parser

    def test_from_api_reads_the_folder(self) -> None:
        """--from-api DIR reads the folder."""
        args = self.parser().parse_args(["--from-api", str(DATA)])
        assert activity_from_args_or_api(args) == read_api_dir(DATA)

    def test_without_from_api_reads_file_or_example(self) -> None:
        """Without --from-api, FILE or --example is read as before."""
        args = self.parser().parse_args(["--example"])
        assert activity_from_args_or_api(args) == load_example()

    def test_exclusive(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--from-api and --example together are refused by argparse."""
        with pytest.raises(SystemExit):
            self.parser().parse_args(["--example", "--from-api", "x"])
        assert "not allowed with argument" in capsys.readouterr().err

    def test_warnings_are_one_line_each(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Warnings are printed as "sellerquality: warning: path: reason" on stderr."""
        write(tmp_path / "orders.json", {})
        args = self.parser().parse_args(["--from-api", str(tmp_path)])
        assert activity_from_args_or_api(args) == SellerActivity()
        assert capsys.readouterr().err == (
            "sellerquality: warning: orders.json: not a file of the layout; ignored\n"
        )

    def test_other_warnings_pass_through(self) -> None:
        """Warnings other than AllegroApiWarning are issued again, untouched."""

        def noisy() -> int:
            warnings.warn("something else", DeprecationWarning, stacklevel=1)
            return 1

        with pytest.warns(DeprecationWarning, match="something else"):
            assert _reporting(noisy) == 1

    def test_same_records_as_from_api(self) -> None:
        """The folder and from_api agree on one small body too."""
        assert from_api(checkout_forms=forms(checkout_form())).orders[0].id == "cf-1"


# --- the reconcile command ------------------------------------------------------------------------

HEADER = "Allegro's result for 2025-06-20: REQUIRES_IMPROVEMENT, -5 of 480 points"


class TestReconcileCommand:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Text: Allegro's figures, ours, then each difference on its own line."""
        assert run("reconcile", "--from-api", str(DATA), "--edition", "2022") == 0
        assert capsys.readouterr().out == (
            f"{HEADER}\n"
            "ours (edition 2022, as of 2025-06-21T00:00:00+02:00): REQUIRES_IMPROVEMENT, "
            "-3 of 500 points\n"
            "7 differences:\n"
            "  score: ours -3, Allegro's -5 (+2)\n"
            "  max_score: ours 500, Allegro's 480 (+20)\n"
            "  OPEN_DISPUTES: ours 0 of 20, not in Allegro's result\n"
            "  DISPUTE_REPLY_TIME: ours 7 points, Allegro's 10 (-3)\n"
            "  TRACKING_ON_TIME: ours 50 points, Allegro's 40 (+10)\n"
            "  TRACKING_ON_TIME: ours at most 50, Allegro's at most 40 (+10)\n"
            "  SHIPPING_TIME_COMPLIANCE: Allegro's 5; not a metric of ours (map it with codes=)\n"
        )

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON: the day, both totals and every difference with kind, values and delta."""
        assert (
            run("reconcile", "--from-api", str(DATA), "--edition", "2022", "--format", "json") == 0
        )
        document = json.loads(capsys.readouterr().out)
        assert {key: document[key] for key in ("schema", "day", "as_of", "edition")} == {
            "schema": "sellerquality.reconcile/1",
            "day": "2025-06-20",
            "as_of": "2025-06-21T00:00:00+02:00",
            "edition": "2022",
        }
        assert document["allegro"] == {
            "grade": "REQUIRES_IMPROVEMENT",
            "score": -5,
            "max_score": 480,
        }
        assert document["ours"] == {"grade": "REQUIRES_IMPROVEMENT", "score": -3, "max_score": 500}
        assert document["differences"][3] == {
            "kind": "points",
            "subject": "DISPUTE_REPLY_TIME",
            "ours": 7,
            "allegro": 10,
            "delta": -3,
            "text": "DISPUTE_REPLY_TIME: ours 7 points, Allegro's 10 (-3)",
        }
        assert len(document["differences"]) == 7

    def test_day_and_default_edition(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--day picks a day; the default edition is the one in force on it (2024-04-15)."""
        assert run("reconcile", "--from-api", str(DATA), "--day", "2025-06-19") == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "Allegro's result for 2025-06-19: REQUIRES_IMPROVEMENT, -2 of 480 points"
        assert lines[1].startswith("ours (edition 2024-04-15, as of 2025-06-20T00:00:00+02:00)")

    def test_calibrate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--calibrate takes the maximum points from Allegro's figures first."""
        assert run("reconcile", "--from-api", str(DATA), "--edition", "2022", "--calibrate") == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[1] == (
            "ours (edition 2022+calibrated, as of 2025-06-21T00:00:00+02:00): "
            "REQUIRES_IMPROVEMENT, -13 of 490 points"
        )
        assert "TRACKING_ON_TIME" not in "\n".join(lines)

    def test_quality_elsewhere(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--quality FILE reads Allegro's body from another place."""
        shutil.copy(DATA / "quality.json", tmp_path / "q.json")
        assert run("reconcile", "--from-api", str(DATA), "--quality", str(tmp_path / "q.json")) == 0
        assert capsys.readouterr().out.startswith(HEADER)

    def test_no_differences(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """When the two agree, the command says so."""
        write(tmp_path / "me.json", {"company": {"name": "AB"}})
        metrics = [
            ("OPEN_DISPUTES", 20, 20),
            ("PAYMENT_METHODS", 0, 10),
            ("BUSINESS_ACCOUNT", 15, 15),
            ("COMPLETED_ORDERS", 0, 30),
            ("REVENUE", 0, 40),
        ]
        day = {
            "resultFor": "2025-06-20",
            "score": 35,
            "grade": "NEUTRAL",
            "maxScore": 115,
            "metrics": [{"code": c, "name": c, "score": s, "maxScore": m} for c, s, m in metrics],
        }
        write(tmp_path / "quality.json", {"quality": [day]})
        assert run("reconcile", "--from-api", str(tmp_path), "--edition", "2022") == 0
        assert capsys.readouterr().out.splitlines()[-1] == "no differences"

    def test_one_difference(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """One difference is counted in the singular."""
        metrics = [
            ("OPEN_DISPUTES", 20, 20),
            ("PAYMENT_METHODS", 0, 10),
            ("BUSINESS_ACCOUNT", 0, 15),
            ("COMPLETED_ORDERS", 0, 30),
            ("REVENUE", 0, 40),
        ]
        day = {
            "resultFor": "2025-06-20",
            "score": 20,
            "grade": "NEUTRAL",
            "maxScore": 116,
            "metrics": [{"code": c, "name": c, "score": s, "maxScore": m} for c, s, m in metrics],
        }
        write(tmp_path / "quality.json", {"quality": [day]})
        write(tmp_path / "me.json", {})
        assert run("reconcile", "--from-api", str(tmp_path), "--edition", "2022") == 0
        assert capsys.readouterr().out.splitlines()[2:] == [
            "1 difference:",
            "  max_score: ours 115, Allegro's 116 (-1)",
        ]

    def test_unknown_grade_is_a_warning(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Allegro's grade we do not know: a one-line warning, and the grade is shown as given."""
        day = {
            "resultFor": "2025-06-20",
            "score": 0,
            "grade": "EXCELLENT",
            "maxScore": 0,
            "metrics": [],
        }
        write(tmp_path / "quality.json", {"quality": [day]})
        assert run("reconcile", "--from-api", str(tmp_path), "--edition", "2022") == 0
        captured = capsys.readouterr()
        assert captured.err == (
            "sellerquality: warning: $.quality[0].grade: 'EXCELLENT' is not a grade this "
            "library knows; kept as the string\n"
        )
        assert captured.out.startswith("Allegro's result for 2025-06-20: EXCELLENT, 0 of 0 points")

    @pytest.mark.parametrize(
        ("content", "line"),
        [
            (None, "$: cannot read file: No such file or directory"),
            (
                "{",
                "$: not JSON: Expecting property name enclosed in double quotes at line 1 column 2",
            ),
            ('{"quality": []}', "$.quality: holds no day"),
            ('{"quality": [{}]}', "$.quality[0].resultFor: required field missing (and 4 more)"),
        ],
    )
    def test_bad_quality_files(self, tmp_path: Path, content: str | None, line: str) -> None:
        """A quality file that cannot be used is a LoadError naming the file."""
        path = tmp_path / "quality.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(LoadError) as excinfo:
            run("reconcile", "--from-api", str(DATA), "--quality", str(path))
        assert excinfo.value.first_line == f"{path}: {line}"

    @pytest.mark.parametrize(
        ("day", "line"),
        [
            ("June", "--day: 'June' is not a date (YYYY-MM-DD)"),
            ("2025-06-01", "--day: 2025-06-01 is not in the file (it has 2025-06-19, 2025-06-20)"),
        ],
    )
    def test_bad_day(self, day: str, line: str) -> None:
        """--day must be a date the file holds."""
        with pytest.raises(LoadError) as excinfo:
            run("reconcile", "--from-api", str(DATA), "--day", day)
        assert excinfo.value.first_line.endswith(line)

    def test_bad_folder(self, tmp_path: Path) -> None:
        """A folder with a broken body fails with the file and path of the problem."""
        shutil.copy(DATA / "quality.json", tmp_path / "quality.json")
        write(tmp_path / "user-ratings.json", {"ratings": [{"id": "r"}]})
        with pytest.raises(LoadError) as excinfo:
            run("reconcile", "--from-api", str(tmp_path))
        assert excinfo.value.first_line == (
            f"{tmp_path}: user-ratings.json$.ratings[0].createdAt: required field missing "
            "(and 2 more)"
        )
