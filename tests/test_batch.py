"""Many sellers at once: evaluate_many and ``sellerquality batch`` (SQ-1…SQ-3).

The expected results are the single-seller functions' own: a batch must give,
for each seller, exactly ``sales_quality`` (SQ-1…SQ-3) and ``quality_history``
(SQ-2) of that seller, whatever runs it — this process, local processes, any
executor, or the worker processes of a real Dask ``LocalCluster``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from distributed import Client, LocalCluster

from sellerquality import WARSAW, from_json
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2023_09_04,
    AllegroApiWarning,
    QualityReport,
    SellerActivity,
    quality_history,
    read_api_dir,
    rulebook_for,
    sales_quality,
)
from sellerquality.batch import SellerResult, evaluate_many
from sellerquality.cli import main
from sellerquality.cli._batch import COLUMNS
from sellerquality.examples import AS_OF, example_path, load_example
from sellerquality.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    MissingExtraError,
    PathProblem,
)

API_DATA = Path(__file__).parent / "data" / "allegro-api"
EXAMPLE = load_example()
RULEBOOK = rulebook_for(AS_OF)
REPORT = sales_quality(EXAMPLE, as_of=AS_OF, rulebook=RULEBOOK)
DAYS = (date(2026, 10, 29), date(2026, 10, 31))
HISTORY = quality_history(EXAMPLE, start=DAYS[0], end=DAYS[1], rulebook=RULEBOOK)
BROKEN_AT = 7
"""Where the broken file sits among the copies."""


@pytest.fixture(scope="module")
def sellers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bundled example copied 20 times, and a broken file among them."""
    folder = tmp_path_factory.mktemp("sellers")
    paths = []
    for index in range(20):
        path = folder / f"seller-{index:02d}.json"
        shutil.copyfile(example_path(), path)
        paths.append(path)
    broken = folder / "broken.json"
    # The second order's id is a number: the loader names its path.
    broken.write_text(
        json.dumps(
            {
                "orders": [
                    {
                        "id": "o-1",
                        "bought_at": "2026-10-01T10:00:00+02:00",
                        "total": {"amount": "1"},
                    },
                    {"id": 2, "bought_at": "2026-10-01T11:00:00+02:00", "total": {"amount": "1"}},
                ]
            }
        ),
        encoding="utf-8",
    )
    paths.insert(BROKEN_AT, broken)
    return paths


def check(results: tuple[SellerResult, ...], paths: list[Path], *, history: bool) -> None:
    """Each copy's result is the example's single report (and history); the broken one says why."""
    assert [result.name for result in results] == [path.stem for path in paths]
    assert [result.source for result in results] == [str(path) for path in paths]
    for index, result in enumerate(results):
        if index == BROKEN_AT:
            assert result.error is not None
            assert result.error.startswith(f"{paths[index]}: $.orders[1].id: ")
            assert (result.ok, result.report, result.history) == (False, None, ())
        else:
            assert result.ok, result.error
            assert result.report == REPORT
            assert result.history == (HISTORY if history else ())
            assert result.warnings == ()


class TestLocal:
    """In this process, on local processes and on any executor."""

    def test_twenty_copies_on_two_processes(self, sellers: list[Path]) -> None:
        """SQ-1…SQ-3: 20 copies give 20 single reports (GOOD, 183 of 500); the broken one fails."""
        results = evaluate_many(sellers, as_of=AS_OF, workers=2)
        check(results, sellers, history=False)
        assert (REPORT.grade.value, REPORT.score, REPORT.max_score) == ("GOOD", 183, 500)

    def test_history_in_this_process(self, sellers: list[Path]) -> None:
        """SQ-2: with a history, each seller's days equal quality_history's, day by day."""
        results = evaluate_many(sellers, as_of=AS_OF, history=DAYS, workers=1)
        check(results, sellers, history=True)
        assert [report.day for report in HISTORY] == [date(2026, 10, d) for d in (29, 30, 31)]

    def test_history_on_processes(self, sellers: list[Path]) -> None:
        """SQ-2: the same history from worker processes (reports pickle both ways)."""
        check(evaluate_many(sellers, as_of=AS_OF, history=DAYS, workers=2), sellers, history=True)

    def test_any_executor_named_activities(self) -> None:
        """Activities given in Python, named by a mapping, on a thread pool; none is shut down."""
        with ThreadPoolExecutor(2) as pool:
            results = evaluate_many({"a": EXAMPLE, "b": EXAMPLE}, as_of=AS_OF, executor=pool)
            assert pool.submit(lambda: 1).result() == 1
        assert results == (
            SellerResult(name="a", source=None, report=REPORT),
            SellerResult(name="b", source=None, report=REPORT),
        )

    def test_names(self, sellers: list[Path]) -> None:
        """A pair names its seller; else a file's stem, and an activity its position."""
        results = evaluate_many(
            [("shop", str(sellers[0])), sellers[1], EXAMPLE], as_of=AS_OF, workers=1
        )
        assert [(r.name, r.source) for r in results] == [
            ("shop", str(sellers[0])),
            ("seller-01", str(sellers[1])),
            ("seller-2", None),
        ]

    def test_relative_paths(self, sellers: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
        """A relative path is read from this directory and reported as given."""
        monkeypatch.chdir(sellers[0].parent)
        (result,) = evaluate_many(["seller-00.json"], as_of=AS_OF, workers=2)
        assert (result.source, result.report) == ("seller-00.json", REPORT)
        (missing,) = evaluate_many(["nowhere.json"], as_of=AS_OF, workers=1)
        assert missing.error == "nowhere.json: $: cannot read file: No such file or directory"

    def test_an_api_folder_with_its_warnings(self, tmp_path: Path) -> None:
        """SQ-1: a folder of API bodies is read with read_api_dir; its warnings are kept."""
        folder = tmp_path / "api-seller"
        shutil.copytree(API_DATA, folder)
        (folder / "orders.json").write_text("{}", encoding="utf-8")
        with pytest.warns(AllegroApiWarning, match="orders.json"):
            expected = sales_quality(read_api_dir(folder), as_of=AS_OF, rulebook=RULEBOOK)
        for workers in (1, 2):
            (result,) = evaluate_many([folder], as_of=AS_OF, workers=workers)
            assert result == SellerResult(
                name="api-seller",
                source=str(folder),
                report=expected,
                warnings=("orders.json: not a file of the layout; ignored",),
            )

    @pytest.mark.parametrize("workers", [1, 2])
    def test_progress(self, sellers: list[Path], workers: int) -> None:
        """progress(done, total) is called as sellers come back, up to all of them."""
        calls: list[tuple[int, int]] = []
        evaluate_many(
            sellers[:6], as_of=AS_OF, workers=workers, progress=lambda *c: calls.append(c)
        )
        assert calls[-1] == (6, 6)
        assert [done for done, _ in calls] == sorted({done for done, _ in calls})
        assert {total for _, total in calls} == {6}

    @pytest.mark.parametrize(
        ("error", "line"),
        [
            (
                InvalidValueError(field="at", value=1, reason="is wrong\nand more"),
                "at 1 is wrong and more",
            ),
            (PermissionError(13, "Permission denied"), "[Errno 13] Permission denied"),
            (LoadError([PathProblem("$.x", "bad")], source="elsewhere"), "elsewhere: $.x: bad"),
        ],
    )
    def test_any_error_of_bad_input_is_reported(
        self,
        sellers: list[Path],
        monkeypatch: pytest.MonkeyPatch,
        error: Exception,
        line: str,
    ) -> None:
        """Every SellerQualityError or OSError of a seller is its error, on one line."""

        def fail(_: object) -> SellerActivity:
            raise error

        monkeypatch.setattr("sellerquality.batch._read", fail)
        (result,) = evaluate_many(sellers[:1], as_of=AS_OF, workers=1)
        assert (result.error, result.report) == (line, None)

    def test_a_bug_stops_the_batch(
        self, sellers: list[Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Any other exception is not bad input but a bug: it is raised, not hidden."""

        def fail(_: object) -> SellerActivity:
            raise ZeroDivisionError

        monkeypatch.setattr("sellerquality.batch._read", fail)
        with pytest.raises(ZeroDivisionError):
            evaluate_many(sellers[:1], as_of=AS_OF, workers=1)

    def test_history_of_instants(self) -> None:
        """SQ-2: aware datetimes in the history stand for their Warsaw days."""
        days = (datetime(2026, 10, 29, 12, tzinfo=WARSAW), datetime(2026, 10, 31, tzinfo=WARSAW))
        (result,) = evaluate_many([EXAMPLE], as_of=AS_OF, history=days, workers=1)
        assert result.history == HISTORY

    def test_nothing_to_do(self) -> None:
        """No sellers, no results."""
        assert evaluate_many([], as_of=AS_OF) == ()


class TestEditions:
    """Without a rulebook, the edition in force (PR-1 and DI-3 later editions), as the CLI."""

    def test_history_across_an_edition_change(self) -> None:
        """SQ-2: day D is evaluated at D+1's midnight, so 2 Sept 2023 is 2022's, 3 Sept the next."""
        days = (date(2023, 9, 2), date(2023, 9, 4))
        (result,) = evaluate_many([EXAMPLE], as_of=AS_OF, history=days, workers=1)
        assert [report.edition for report in result.history] == [
            "2022",
            "2023-09-04",
            "2023-09-04",
        ]
        assert result.history == (
            quality_history(EXAMPLE, start=days[0], end=days[0], rulebook=EDITION_2022)
            + quality_history(
                EXAMPLE, start=date(2023, 9, 3), end=days[1], rulebook=EDITION_2023_09_04
            )
        )

    def test_a_given_rulebook_for_every_day(self) -> None:
        """A rulebook given applies to the report and every day."""
        days = (date(2023, 9, 2), date(2023, 9, 3))
        (result,) = evaluate_many(
            [EXAMPLE], as_of=AS_OF, history=days, rulebook=EDITION_2022, workers=1
        )
        assert result.report == sales_quality(EXAMPLE, as_of=AS_OF, rulebook=EDITION_2022)
        assert [report.edition for report in result.history] == ["2022", "2022"]

    def test_before_the_first_edition(self) -> None:
        """Before 2022 the oldest known rules, edition 2022, apply (as on the command line)."""
        as_of = datetime(2021, 6, 1, tzinfo=WARSAW)
        (result,) = evaluate_many([EXAMPLE], as_of=as_of, workers=1)
        assert result.report == sales_quality(EXAMPLE, as_of=as_of, rulebook=EDITION_2022)


class TestBadArguments:
    """Arguments that cannot make a batch raise before any seller is read."""

    def test_refused(self) -> None:
        """Naive as_of, workers below 1, a reversed history, executor with client."""
        with pytest.raises(InvalidValueError, match="as_of"):
            evaluate_many([EXAMPLE], as_of=AS_OF.replace(tzinfo=None))
        with pytest.raises(InvalidValueError, match="workers 0 is not at least 1"):
            evaluate_many([EXAMPLE], as_of=AS_OF, workers=0)
        with pytest.raises(InvalidValueError, match="ends before it starts"):
            evaluate_many([EXAMPLE], as_of=AS_OF, history=(DAYS[1], DAYS[0]))
        with (
            ThreadPoolExecutor(1) as pool,
            pytest.raises(InvalidValueError, match="cannot be given with client"),
        ):
            evaluate_many([EXAMPLE], as_of=AS_OF, executor=pool, client="tcp://127.0.0.1:1")

    def test_wrong_types(self) -> None:
        """One path instead of a list, a number as a source or a name, a history not a pair."""
        with pytest.raises(InvalidTypeError, match="is one seller; give a list"):
            evaluate_many("seller.json", as_of=AS_OF)
        with pytest.raises(InvalidTypeError, match=r"sources\[1\] 3 is not a path"):
            evaluate_many([EXAMPLE, 3], as_of=AS_OF)  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match=r"sources\[0\] 3 is not a str"):
            evaluate_many([(3, EXAMPLE)], as_of=AS_OF)  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match="history"):
            evaluate_many([EXAMPLE], as_of=AS_OF, history=(DAYS[0],))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="history end '2026-10-31' is not a date"):
            evaluate_many([EXAMPLE], as_of=AS_OF, history=(DAYS[0], "2026-10-31"))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="sources 3 is not a list or mapping"):
            evaluate_many(3, as_of=AS_OF)  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match=r"sources\[1\] '' is no file or folder name"):
            evaluate_many([EXAMPLE, ""], as_of=AS_OF)
        with pytest.raises(InvalidTypeError, match=r"workers 2\.0 is not an int"):
            evaluate_many([EXAMPLE], as_of=AS_OF, workers=2.0)  # type: ignore[arg-type]

    def test_without_the_dask_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cluster without the [dask] extra: MissingExtraError naming the pip command."""
        monkeypatch.setitem(sys.modules, "distributed", None)
        with pytest.raises(MissingExtraError, match=r'pip install "sellerquality\[dask\]"'):
            evaluate_many([EXAMPLE], as_of=AS_OF, client="tcp://127.0.0.1:8786")

    def test_an_unknown_scheduler_address(self) -> None:
        """An address Dask cannot use is refused, naming it."""
        with pytest.raises(InvalidValueError, match="'nonsense://x' is no Dask scheduler"):
            evaluate_many([EXAMPLE], as_of=AS_OF, client="nonsense://x")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Client]:
    """A real Dask scheduler and two worker processes on this machine."""
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            host="127.0.0.1",
        ) as local,
        Client(local) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


class TestDask:
    """The same batch on a dask.distributed LocalCluster equals the local run."""

    def test_cluster_equals_local(self, sellers: list[Path], cluster: Client) -> None:
        """SQ-1…SQ-3: files read on the worker processes; results equal this process's run."""
        handful = sellers[5:10]  # the broken file among them
        on_cluster = evaluate_many(handful, as_of=AS_OF, history=DAYS, client=cluster)
        assert on_cluster == evaluate_many(handful, as_of=AS_OF, history=DAYS, workers=1)
        assert [result.ok for result in on_cluster] == [True, True, False, True, True]
        assert on_cluster[0].history == HISTORY

    def test_by_address_with_activities(self, cluster: Client) -> None:
        """A scheduler's address opens (and closes) a client; activities travel to it."""
        address = cluster.scheduler.address  # type: ignore[union-attr]
        assert isinstance(address, str)
        calls: list[tuple[int, int]] = []
        results = evaluate_many(
            [("x", EXAMPLE)], as_of=AS_OF, client=address, progress=lambda *c: calls.append(c)
        )
        assert results == (SellerResult(name="x", source=None, report=REPORT),)
        assert calls == [(1, 1)]

    def test_command_line(self, sellers: list[Path], cluster: Client, tmp_path: Path) -> None:
        """``--scheduler`` gives the rows of a local run."""
        address = cluster.scheduler.address  # type: ignore[union-attr]
        assert isinstance(address, str)
        paths = [str(path) for path in sellers[:2]]
        out, local = tmp_path / "dask.csv", tmp_path / "local.csv"
        as_of = ["--as-of", "2026-11-01"]
        assert run("batch", *paths, *as_of, "--scheduler", address, "-o", str(out)) == (0, "")
        assert run("batch", *paths, *as_of, "--workers", "1", "-o", str(local)) == (0, "")
        assert out.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def run(*argv: str) -> tuple[int, str]:
    """Run the command line; its exit code and standard error."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


def points(report: QualityReport) -> dict[str, int]:
    """The report's points per metric, as the table columns name them."""
    return {f"{code}_points": metric.points for code, metric in report.metrics.items()}


class TestCommand:
    """``sellerquality batch``: JSON lines, CSV and Parquet with the same numbers."""

    def test_jsonl(self, sellers: list[Path], tmp_path: Path) -> None:
        """One line per seller with its full report; a failed seller makes the exit code 1."""
        out = tmp_path / "results.jsonl"
        paths = [str(path) for path in sellers[BROKEN_AT - 1 : BROKEN_AT + 2]]
        code, err = run("batch", *paths, "--as-of", "2026-11-01", "--workers", "2", "-o", str(out))
        assert code == 1
        assert err == f"sellerquality: broken: {paths[1]}: $.orders[1].id: str 2 must be a string\n"
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [list(line) for line in lines] == [
            ["name", "source", "error", "warnings", "report"]
        ] * 3
        assert [(line["name"], line["source"]) for line in lines] == [
            (Path(path).stem, path) for path in paths
        ]
        assert lines[1]["report"] is None
        assert lines[1]["error"] == err.removeprefix("sellerquality: broken: ").rstrip("\n")
        for line in (lines[0], lines[2]):
            assert line["error"] is None
            assert from_json(json.dumps(line["report"]), QualityReport) == REPORT

    def test_jsonl_history_on_standard_output(
        self, sellers: list[Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQ-2: without -o, JSON lines go to standard output, one per seller and day."""
        code = main(["batch", str(sellers[0]), "--history", "2026-10-29", "2026-10-31"])
        assert code == 0
        lines = capsys.readouterr().out.splitlines()
        reports = [
            from_json(json.dumps(json.loads(line)["report"]), QualityReport) for line in lines
        ]
        assert tuple(reports) == HISTORY

    def test_csv_and_parquet_read_back_the_same_numbers(
        self, sellers: list[Path], tmp_path: Path
    ) -> None:
        """SQ-2: one row per seller and day, points per metric, equal in CSV and Parquet."""
        paths = [str(sellers[0]), str(sellers[BROKEN_AT])]
        args = ["batch", *paths, "--workers", "1", "--history", "2026-10-29", "2026-10-31"]
        assert run(*args, "-o", str(tmp_path / "r.csv"))[0] == 1
        assert run(*args, "-o", str(tmp_path / "r.parquet"))[0] == 1
        with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as file:
            table = list(csv.DictReader(file))
        parquet = pq.read_table(tmp_path / "r.parquet").to_pylist()
        assert list(table[0]) == list(parquet[0]) == list(COLUMNS)
        assert len(table) == len(parquet) == len(HISTORY) + 1
        for row, saved, report in zip(table, parquet, HISTORY, strict=False):
            expected: dict[str, Any] = {
                "name": "seller-00",
                "source": paths[0],
                "day": report.day,
                "as_of": report.as_of,
                "edition": "2024-04-15",
                "grade": report.grade.value,
                "score": report.score,
                "max_score": 500,
                **points(report),
                "error": None,
                "warnings": [],
            }
            assert saved == expected
            assert row == {
                key: ""
                if value in (None, [])
                else str(value)
                if not isinstance(value, date)
                else value.isoformat()
                for key, value in expected.items()
            }
        failed = parquet[-1]
        assert failed["name"] == table[-1]["name"] == "broken"
        assert failed["error"] == table[-1]["error"]
        assert failed["error"].startswith(f"{paths[1]}: $.orders[1].id")
        assert failed["score"] is None
        assert table[-1]["score"] == ""

    def test_parquet_with_polars_when_pyarrow_is_missing(
        self, sellers: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Parquet falls back to polars; it reads back the same numbers (SQ-1)."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        out = tmp_path / "r.parquet"
        argv = ["batch", str(sellers[0]), "--as-of", "2026-11-01", "--workers", "1"]
        assert run(*argv, "-o", str(out)) == (0, "")
        (saved,) = pl.read_parquet(out).to_dicts()
        assert saved["day"] == REPORT.day
        assert saved["as_of"] == REPORT.as_of
        assert (saved["grade"], saved["score"]) == ("GOOD", 183)
        assert {key: saved[key] for key in points(REPORT)} == points(REPORT)

    def test_parquet_without_a_writer(
        self, sellers: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without pyarrow or polars, Parquet exits 2 naming what to install; nothing is written."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        monkeypatch.setitem(sys.modules, "polars", None)
        out = tmp_path / "r.parquet"
        message = "--format parquet needs pyarrow or polars: pip install pyarrow (or polars)"
        assert run("batch", str(sellers[0]), "-o", str(out)) == (2, f"sellerquality: {message}\n")
        assert list(tmp_path.iterdir()) == []

    def test_scheduler_without_the_dask_extra(
        self, sellers: list[Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--scheduler without the [dask] extra exits 2 with the pip command."""
        monkeypatch.setitem(sys.modules, "distributed", None)
        code, err = run("batch", str(sellers[0]), "--scheduler", "tcp://127.0.0.1:8786")
        assert code == 2
        hint = 'the optional extra [dask]: pip install "sellerquality[dask]"'
        assert err.startswith(f"sellerquality: a Dask cluster needs {hint}")

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["-o", "r.xlsx"], "--output: 'r.xlsx' ends in neither .jsonl, .csv nor .parquet"),
            (["--format", "parquet"], "--output: Parquet is written to a file; give -o FILE"),
            (["--history", "2026-10-31", "2026-10-29"], "--history: ends (2026-10-29) before"),
            (["--workers", "0"], "workers 0 is not at least 1"),
            (
                ["--as-of", "2026-11-01", "--history", "2026-10-29", "2026-10-31"],
                "--as-of: goes without --history",
            ),
            (["-o", "/nonexistent/r.csv"], "/nonexistent/r.csv: cannot write the output"),
        ],
    )
    def test_bad_arguments(
        self, sellers: list[Path], tmp_path: Path, argv: list[str], message: str
    ) -> None:
        """Bad arguments exit 2 with one line, before any seller is read."""
        code, err = run("batch", str(sellers[0]), *argv)
        assert code == 2
        assert err.startswith(f"sellerquality: {message}")
        assert err.count("\n") == 1

    def test_the_format_names_the_rows_not_the_suffix(
        self, sellers: list[Path], tmp_path: Path
    ) -> None:
        """--format csv writes CSV into any file name; -o - is standard output."""
        out = tmp_path / "rows.txt"
        assert run("batch", str(sellers[0]), "--format", "csv", "-o", str(out)) == (0, "")
        assert out.read_text(encoding="utf-8").startswith(",".join(COLUMNS[:4]))

    def test_progress_on_a_terminal(
        self, sellers: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal, standard error counts the sellers on one line; elsewhere nothing."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        paths = [str(path) for path in sellers[:2]]
        assert main(["batch", *paths, "--workers", "1", "-o", str(tmp_path / "r.csv")]) == 0
        assert terminal.getvalue() == (
            "\rsellerquality batch: 1 of 2 sellers\rsellerquality batch: 2 of 2 sellers\n"
        )
        terminal.seek(0)
        terminal.truncate()
        assert main(["batch", *paths, "--scheduler", "nonsense://x"]) == 2
        assert terminal.getvalue().startswith("sellerquality: client 'nonsense://x' is no Dask")

    def test_the_output_appears_whole(
        self, sellers: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A run stopped half-way leaves neither the output nor its temporary file."""
        out = tmp_path / "r.csv"

        def stop(*_: object) -> SellerActivity:
            raise KeyboardInterrupt

        monkeypatch.setattr("sellerquality.batch._read", stop)
        with pytest.raises(KeyboardInterrupt):
            main(["batch", str(sellers[0]), "--workers", "1", "-o", str(out)])
        assert list(tmp_path.iterdir()) == []
