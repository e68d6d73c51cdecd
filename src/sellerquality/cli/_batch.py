"""The ``batch`` command: many sellers at once, one row per seller (and day)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from .._results_json import to_data
from ..allegro import EDITIONS, QualityReport
from ..batch import SellerResult, evaluate_many
from ..exceptions import LoadError, MissingExtraError, PathProblem
from ._common import add_as_of_argument, as_of_from_args, day_argument

__all__ = ["add_parser", "rows"]

_FORMATS = ("jsonl", "csv", "parquet")


def _row(result: SellerResult, report: QualityReport | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": result.name,
        "source": result.source,
        "day": None if report is None else report.day.isoformat(),
        "as_of": None if report is None else report.as_of.isoformat(),
        "edition": None if report is None else report.edition,
        "grade": None if report is None else report.grade.value,
        "score": None if report is None else report.score,
        "max_score": None if report is None else report.max_score,
        "error": result.error,
    }
    if report is not None:
        row.update({f"{code}_points": m.points for code, m in report.metrics.items()})
    return row


def rows(results: tuple[SellerResult, ...]) -> list[dict[str, Any]]:
    """One flat row per seller, or per seller and day when a history was computed (SQ-2)."""
    found: list[dict[str, Any]] = []
    for result in results:
        if result.history:
            found += [_row(result, report) for report in result.history]
        else:
            found.append(_row(result, result.report))
    return found


def _columns(table: list[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for row in table:
        names.update(dict.fromkeys(row))
    return list(names)


def _write(results: tuple[SellerResult, ...], kind: str, target: str | None) -> None:
    if kind == "parquet":
        try:
            import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415 - optional
            import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415
        except ImportError:
            raise MissingExtraError(
                'parquet output needs pyarrow: pip install "sellerquality[dataframe]" pyarrow'
            ) from None
        if target is None:
            raise LoadError([PathProblem("--output", "parquet needs a file, not standard output")])
        table = rows(results)
        columns = _columns(table)
        pq.write_table(
            pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in table]), target
        )
        return
    text = io.StringIO()
    if kind == "csv":
        table = rows(results)
        writer = csv.DictWriter(text, fieldnames=_columns(table), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    else:
        for result in results:
            line = {
                "name": result.name,
                "source": result.source,
                "error": result.error,
                "report": None if result.report is None else to_data(result.report),
                "history": to_data(result.history),
            }
            text.write(json.dumps(line, ensure_ascii=False) + "\n")
    if target is None or target == "-":
        sys.stdout.write(text.getvalue())
    else:
        Path(target).write_text(text.getvalue(), encoding="utf-8")


def _batch(args: argparse.Namespace) -> int:
    as_of = as_of_from_args(args)
    history = None
    if args.history is not None:
        history = (
            day_argument(args.history[0], "--history"),
            day_argument(args.history[1], "--history"),
        )
    kind = args.format or (
        Path(args.results).suffix.lstrip(".") if args.results not in (None, "-") else "jsonl"
    )
    if kind not in _FORMATS:
        reason = (
            f"{kind!r} is not one of {', '.join(_FORMATS)} (name the file .jsonl, .csv or .parquet)"
        )
        raise LoadError([PathProblem("--output", reason)])
    rulebook = next((b for b in EDITIONS if b.edition == args.edition), None)
    client = None
    if args.scheduler is not None:
        try:
            from distributed import Client  # noqa: PLC0415 - optional
        except ImportError:
            raise MissingExtraError(
                'a Dask cluster needs the optional extra: pip install "sellerquality[dask]"'
            ) from None
        client = Client(args.scheduler)  # type: ignore[no-untyped-call]
    try:
        results = evaluate_many(
            args.sources,
            as_of=as_of,
            history=history,
            rulebook=rulebook,
            workers=args.workers,
            client=client,
        )
    finally:
        if client is not None:
            client.close()  # type: ignore[no-untyped-call]
    _write(results, kind, args.results)
    failed = [r for r in results if not r.ok]
    for result in failed:
        print(f"sellerquality: {result.name}: {result.error}", file=sys.stderr)
    return 1 if failed else 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``batch SOURCES... [--as-of ...] [--history START END] [-o FILE]`` (SQ-1…SQ-3)."""
    parser = commands.add_parser(
        "batch",
        help="many sellers at once: one row per seller (and day)",
        description="Evaluate many sellers (JSON files in our format or folders of Allegro API "
        "bodies), each read where it is evaluated: local processes by default, or a Dask "
        "cluster with --scheduler. A seller that fails is a row with its error, named on "
        "standard error too, and the others go on; the exit code is then 1.",
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="a JSON file or an API folder")
    add_as_of_argument(parser)
    parser.add_argument(
        "--history",
        nargs=2,
        metavar=("START", "END"),
        help="also one row per Warsaw day from START to END (YYYY-MM-DD, both included)",
    )
    parser.add_argument(
        "--edition",
        choices=[book.edition for book in EDITIONS],
        default=None,
        help="rulebook edition (default: the edition in force on the Warsaw day of --as-of)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, metavar="N", help="local processes (default: CPUs)"
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a Dask scheduler such as tcp://HOST:8786 (extra [dask]); files must be readable "
        "at the same paths on its workers",
    )
    parser.add_argument(
        "-o",
        "--output",
        dest="results",
        metavar="FILE",
        help="where the rows go: .jsonl (one seller a line, the full reports), .csv or "
        ".parquet (one row per seller and day, points per metric); default: JSON lines on "
        "standard output",
    )
    parser.add_argument("--format", choices=_FORMATS, help="the format, if not the file's suffix")
    parser.set_defaults(func=_batch)
