"""The ``batch`` command: many sellers at once, one row per seller (and day).

Rows are written as the sellers come back, in input order, into a temporary
file beside the output, which takes the output's name once every seller is
done: bad arguments or a stopped run never leave a half-written file.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any, Final, Literal

from .._json import STDIN
from .._results_json import to_data
from .._time import day_start
from ..allegro._editions import EDITIONS
from ..allegro._quality import QualityReport
from ..batch import SellerResult, _results
from ..exceptions import LoadError, MissingExtraError, PathProblem
from ._common import (
    add_as_of_argument,
    add_edition_argument,
    as_of_from_args,
    day_argument,
    rulebook_from_args,
)

__all__ = ["COLUMNS", "add_parser", "table_rows"]

Format = Literal["jsonl", "csv", "parquet"]
_FORMATS: Final[tuple[Format, ...]] = ("jsonl", "csv", "parquet")
_SUFFIXES: Final[dict[str, Format]] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}
PARQUET_HINT: Final = "pip install pyarrow (or polars)"
_ONE_DAY: Final = timedelta(days=1)

_CODES: Final = tuple(dict.fromkeys(code for book in EDITIONS for code in book.quality.metrics))
"""Every edition's metric codes, in rulebook order: one points column each."""

COLUMNS: Final = (
    "name",
    "source",
    "day",
    "as_of",
    "edition",
    "grade",
    "score",
    "max_score",
    *(f"{code}_points" for code in _CODES),
    "error",
    "warnings",
)
"""The columns of the CSV and Parquet output, in order."""


# --- rows ---------------------------------------------------------------------------------


def _reports(result: SellerResult, daily: bool) -> list[QualityReport | None]:
    """The reports that make the seller's rows: its days, or its report; ``[None]`` if failed."""
    if not result.ok:
        return [None]
    if daily:
        return list(result.history)
    return [result.report]


def table_rows(result: SellerResult, *, daily: bool) -> Iterator[dict[str, Any]]:
    """The seller's CSV/Parquet rows: one per day with ``daily``, else one (SQ-1…SQ-3)."""
    for report in _reports(result, daily):
        row: dict[str, Any] = dict.fromkeys(COLUMNS)
        row |= {"name": result.name, "source": result.source, "error": result.error}
        row["warnings"] = list(result.warnings)
        if report is not None:
            row |= {
                "day": report.day,
                "as_of": report.as_of,
                "edition": report.edition,
                "grade": report.grade.value,
                "score": report.score,
                "max_score": report.max_score,
            }
            row |= {f"{code}_points": metric.points for code, metric in report.metrics.items()}
        yield row


def _json_lines(result: SellerResult, *, daily: bool) -> Iterator[str]:
    for report in _reports(result, daily):
        line = {
            "name": result.name,
            "source": result.source,
            "error": result.error,
            "warnings": list(result.warnings),
            "report": None if report is None else to_data(report),
        }
        yield json.dumps(line, ensure_ascii=False) + "\n"


def _csv_cell(column: str, value: Any) -> Any:
    if column == "warnings":
        return "\n".join(value)
    if isinstance(value, date):  # a day, or an instant with its UTC offset
        return value.isoformat()
    return value


# --- writers ------------------------------------------------------------------------------


def _write_text(
    results: Iterable[SellerResult], kind: Format, daily: bool, file: IO[str]
) -> list[SellerResult]:
    failed: list[SellerResult] = []
    writer = csv.writer(file, lineterminator="\n")
    if kind == "csv":
        writer.writerow(COLUMNS)
    for result in results:
        if not result.ok:
            failed.append(result)
        if kind == "jsonl":
            file.writelines(_json_lines(result, daily=daily))
            continue
        for row in table_rows(result, daily=daily):
            writer.writerow([_csv_cell(column, row[column]) for column in COLUMNS])
    return failed


def _parquet_library() -> Literal["pyarrow", "polars"]:
    """The library that writes Parquet: pyarrow, else polars (imported here, before any work)."""
    for name in ("pyarrow", "polars"):
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return "pyarrow" if name == "pyarrow" else "polars"
    raise MissingExtraError(f"--format parquet needs pyarrow or polars: {PARQUET_HINT}")


def _write_parquet(
    results: Iterable[SellerResult], daily: bool, target: str, library: str
) -> list[SellerResult]:
    failed: list[SellerResult] = []
    columns: dict[str, list[Any]] = {column: [] for column in COLUMNS}
    for result in results:
        if not result.ok:
            failed.append(result)
        for row in table_rows(result, daily=daily):
            for column in COLUMNS:
                columns[column].append(row[column])
    if library == "pyarrow":
        import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415 - optional
        import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415

        types = {
            "day": pa.date32(),
            "as_of": pa.timestamp("us", tz="Europe/Warsaw"),
            "warnings": pa.list_(pa.string()),
        }
        fields = [
            pa.field(column, types.get(column, _arrow_type(pa, column))) for column in COLUMNS
        ]
        pq.write_table(pa.table(columns, schema=pa.schema(fields)), target)
    else:
        import polars as pl  # noqa: PLC0415 - optional

        schema: dict[str, Any] = {
            column: pl.Int64 if _is_count(column) else pl.String for column in COLUMNS
        }
        schema |= {
            "day": pl.Date,
            "as_of": pl.Datetime("us", "Europe/Warsaw"),
            "warnings": pl.List(pl.String),
        }
        pl.DataFrame(columns, schema=schema).write_parquet(target)
    return failed


def _is_count(column: str) -> bool:
    return column in {"score", "max_score"} or column.endswith("_points")


def _arrow_type(pa: Any, column: str) -> Any:
    return pa.int64() if _is_count(column) else pa.string()


# --- the command --------------------------------------------------------------------------


class _Progress:
    """``12 of 500 sellers`` on one line of a terminal's standard error."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        sys.stderr.write(f"\rsellerquality batch: {done:,} of {total:,} sellers")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _format(args: argparse.Namespace) -> Format:
    if args.format is not None:
        chosen: Format = args.format
        return chosen
    if args.results in (None, STDIN):
        return "jsonl"
    suffix = Path(args.results).suffix.lower()
    if suffix not in _SUFFIXES:
        reason = (
            f"{args.results!r} ends in neither .jsonl, .csv nor .parquet; "
            "name the format with --format"
        )
        raise LoadError([PathProblem("--output", reason)])
    return _SUFFIXES[suffix]


def _history(args: argparse.Namespace) -> tuple[date, date] | None:
    if args.history is None:
        return None
    if args.as_of is not None:
        reason = "goes without --history, whose days are each evaluated at their next midnight"
        raise LoadError([PathProblem("--as-of", reason)])
    start, end = (day_argument(text, "--history") for text in args.history)
    if end < start:
        reason = f"ends ({end}) before it starts ({start})"
        raise LoadError([PathProblem("--history", reason)])
    return start, end


def _partial(target: Path) -> Path:
    """Open (create) the temporary file beside ``target`` that becomes it at the end.

    Raises:
        LoadError: It cannot be made there (no such folder, no permission).
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        partial.open("x").close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise LoadError([PathProblem(str(target), f"cannot write the output: {reason}")]) from None
    return partial


def _write_file(
    results: Iterable[SellerResult],
    *,
    kind: Format,
    daily: bool,
    target: Path,
    partial: Path,
    library: str | None,
) -> list[SellerResult]:
    try:
        if library is not None:
            failed = _write_parquet(results, daily, str(partial), library)
        else:
            # newline="": the bytes are what standard output would have had, on every platform.
            with partial.open("w", encoding="utf-8", newline="") as file:
                failed = _write_text(results, kind, daily, file)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return failed


def _batch(args: argparse.Namespace) -> int:
    kind = _format(args)
    history = _history(args)
    # With --history, the report beside the days is the last day's (SQ-2: at its next midnight).
    as_of = as_of_from_args(args) if history is None else day_start(history[1] + _ONE_DAY)
    target = None if args.results in (None, STDIN) else Path(args.results)
    if kind == "parquet" and target is None:
        raise LoadError([PathProblem("--output", "Parquet is written to a file; give -o FILE")])
    library = _parquet_library() if kind == "parquet" else None
    progress = _Progress() if sys.stderr.isatty() else None
    # Checks the arguments now; the sellers are evaluated as the rows are written.
    results = _results(
        args.sources,
        as_of=as_of,
        history=history,
        rulebook=rulebook_from_args(args, as_of) if args.edition is not None else None,
        workers=args.workers,
        executor=None,
        client=args.scheduler,
        progress=progress,
    )
    daily = history is not None
    try:
        if target is None:
            failed = _write_text(results, kind, daily, sys.stdout)
        else:
            failed = _write_file(
                results,
                kind=kind,
                daily=daily,
                target=target,
                partial=_partial(target),
                library=library,
            )
    finally:
        if progress is not None:
            progress.close()
    for result in failed:
        print(f"sellerquality: {result.name}: {result.error}", file=sys.stderr)
    return 1 if failed else 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``batch SOURCE... [--as-of ...] [--history START END] [-o FILE]`` (SQ-1…SQ-3)."""
    parser = commands.add_parser(
        "batch",
        help="many sellers at once: one row per seller (and day)",
        description=(
            "Evaluate many sellers (JSON files in sellerquality's format or folders of "
            "Allegro API bodies), each read where it is evaluated: local processes by "
            "default, or a Dask cluster with --scheduler. One row per seller, or per seller "
            "and day with --history. A seller that fails is a row with its error, and a line "
            "on standard error, and the others go on. Exit code 0 when every seller was "
            "evaluated, 1 when any failed, 2 on bad arguments."
        ),
    )
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a JSON file in sellerquality's format, or a folder of Allegro API bodies",
    )
    add_as_of_argument(parser)
    parser.add_argument(
        "--history",
        nargs=2,
        metavar=("START", "END"),
        help="one row per Warsaw day from START to END (YYYY-MM-DD, both included) "
        "instead of one at --as-of",
    )
    add_edition_argument(parser)
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="local processes (default: the CPU count; 1 runs in this process)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a Dask scheduler such as tcp://HOST:8786 (extra [dask]): the sellers are "
        "evaluated on its workers, which must see the files at the same paths",
    )
    parser.add_argument(
        "-o",
        "--output",
        dest="results",
        metavar="FILE",
        help="write the rows to FILE: .jsonl (each seller's full report), .csv or .parquet "
        "(points per metric); written once every seller is done. Default: JSON lines on "
        "standard output; - is standard output",
    )
    parser.add_argument(
        "--format", choices=_FORMATS, help="jsonl, csv or parquet (default: from FILE's suffix)"
    )
    parser.set_defaults(func=_batch)
