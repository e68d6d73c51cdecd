"""Many sellers at once: evaluate_many on processes, executors and a Dask LocalCluster (SQ-1)."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from sellerquality import from_json
from sellerquality.allegro import QualityReport, quality_history, rulebook_for, sales_quality
from sellerquality.batch import SellerResult, evaluate_many
from sellerquality.cli import main
from sellerquality.examples import AS_OF, example_path, load_example
from sellerquality.exceptions import InvalidValueError, MissingExtraError

EXAMPLE = load_example()
RULEBOOK = rulebook_for(AS_OF)
REPORT = sales_quality(EXAMPLE, as_of=AS_OF, rulebook=RULEBOOK)
DAYS = (date(2026, 10, 29), date(2026, 10, 31))
HISTORY = quality_history(EXAMPLE, start=DAYS[0], end=DAYS[1], rulebook=RULEBOOK)


@pytest.fixture(scope="module")
def sellers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bundled example copied 20 times, and one broken file in the middle."""
    folder = tmp_path_factory.mktemp("sellers")
    paths = []
    for index in range(20):
        path = folder / f"seller-{index:02d}.json"
        shutil.copyfile(example_path(), path)
        paths.append(path)
    broken = folder / "broken.json"
    broken.write_text('{"format": "sellerquality/1", "orders": [{"id": 1}]}', encoding="utf-8")
    paths.insert(7, broken)
    return paths


def _check(results: tuple[SellerResult, ...], paths: list[Path], *, history: bool) -> None:
    """Every copy equals a single report of the example; the broken file says why."""
    assert [r.name for r in results] == [p.stem for p in paths]
    for result, path in zip(results, paths, strict=True):
        assert result.source == str(path)
        if path.stem == "broken":
            assert not result.ok
            assert result.report is None
            assert result.error is not None
            assert "orders[0]" in result.error
        else:
            assert result.ok, result.error
            assert result.report == REPORT
            assert result.history == (HISTORY if history else ())


class TestLocal:
    """Local processes and executors."""

    def test_processes(self, sellers: list[Path]) -> None:
        """20 copies on 2 processes equal 20 single reports; the broken one is reported."""
        _check(evaluate_many(sellers, as_of=AS_OF, workers=2), sellers, history=False)

    def test_in_this_process_with_history(self, sellers: list[Path]) -> None:
        """SQ-2: with a history, each seller's days equal quality_history."""
        results = evaluate_many(sellers, as_of=AS_OF, history=DAYS, workers=1)
        _check(results, sellers, history=True)

    def test_any_executor_and_activities_by_name(self) -> None:
        """Activities given in Python, named by a mapping, on a thread pool."""
        with ThreadPoolExecutor(2) as pool:
            results = evaluate_many({"a": EXAMPLE, "b": EXAMPLE}, as_of=AS_OF, executor=pool)
        assert [(r.name, r.source, r.report) for r in results] == [
            ("a", None, REPORT),
            ("b", None, REPORT),
        ]

    def test_nothing_to_do(self) -> None:
        """No sellers, no results."""
        assert evaluate_many([], as_of=AS_OF) == ()

    def test_bad_arguments(self) -> None:
        """A naive as_of, or both an executor and a client, are refused."""
        with pytest.raises(InvalidValueError):
            evaluate_many([EXAMPLE], as_of=AS_OF.replace(tzinfo=None))
        with pytest.raises(InvalidValueError, match="client"):
            evaluate_many([EXAMPLE], as_of=AS_OF, executor=ThreadPoolExecutor(1), client=object())

    def test_without_the_dask_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cluster without the [dask] extra names the pip command."""
        monkeypatch.setitem(sys.modules, "distributed", None)
        with pytest.raises(MissingExtraError, match=r'pip install "sellerquality\[dask\]"'):
            evaluate_many([EXAMPLE], as_of=AS_OF, client=object())


@pytest.fixture(scope="module")
def cluster_client() -> Iterator[object]:
    """A real Dask scheduler and two worker processes on this machine."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


class TestDask:
    """The same batch on a dask.distributed LocalCluster equals the local run."""

    def test_cluster_equals_local(self, sellers: list[Path], cluster_client: object) -> None:
        """SQ-1…SQ-3: files read on the workers; results equal the local ones."""
        on_cluster = evaluate_many(sellers, as_of=AS_OF, history=DAYS, client=cluster_client)
        _check(on_cluster, sellers, history=True)
        assert on_cluster == evaluate_many(sellers, as_of=AS_OF, history=DAYS, workers=1)


class TestCommand:
    """``sellerquality batch``: JSON lines, CSV and Parquet with the same numbers."""

    def test_jsonl(self, sellers: list[Path], tmp_path: Path) -> None:
        """One line per seller with its full report; a failed seller makes the exit code 1."""
        out = tmp_path / "results.jsonl"
        paths = [str(p) for p in sellers[:3] + sellers[7:9]]
        code = main(
            ["batch", *paths, "--as-of", AS_OF.isoformat(), "--workers", "1", "-o", str(out)]
        )
        assert code == 1  # broken.json is among them
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [line["name"] for line in lines] == [Path(p).stem for p in paths]
        broken = next(line for line in lines if line["name"] == "broken")
        assert broken["report"] is None
        assert "orders[0]" in broken["error"]
        good = next(line for line in lines if line["error"] is None)
        assert from_json(json.dumps(good["report"]), QualityReport) == REPORT

    def test_csv_and_parquet_rows(self, sellers: list[Path], tmp_path: Path) -> None:
        """SQ-2: one row per seller and day, points per metric, equal in CSV and Parquet."""
        paths = [str(p) for p in sellers[:2]]
        args = ["batch", *paths, "--as-of", AS_OF.isoformat(), "--workers", "1", "--history"]
        args += [DAYS[0].isoformat(), DAYS[1].isoformat()]
        assert main([*args, "-o", str(tmp_path / "r.csv")]) == 0
        assert main([*args, "-o", str(tmp_path / "r.parquet")]) == 0
        with (tmp_path / "r.csv").open(encoding="utf-8") as file:
            table = list(csv.DictReader(file))
        assert len(table) == 2 * len(HISTORY)
        for row, report in zip(table, HISTORY + HISTORY, strict=True):
            assert row["day"] == report.day.isoformat()
            assert int(row["score"]) == report.score
            assert row["grade"] == report.grade.value
            assert (
                int(row["RECOMMENDATION_RATE_points"])
                == report.metrics["RECOMMENDATION_RATE"].points
            )
        parquet = pq.read_table(tmp_path / "r.parquet").to_pylist()
        assert [int(r["score"]) for r in parquet] == [int(r["score"]) for r in table]
        assert [r["day"] for r in parquet] == [r["day"] for r in table]

    def test_unknown_format(
        self, sellers: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output whose format is unknown exits 2 with one line."""
        code = main(
            ["batch", str(sellers[0]), "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "r.xlsx")]
        )
        assert code == 2
        assert len(capsys.readouterr().err.splitlines()) == 1
