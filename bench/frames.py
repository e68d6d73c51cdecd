"""Benchmark activity_from_frames against load: the same seller from data frames and from JSON.

For each size N (orders; default 100k, ``--quick`` 10k) the seller of
:mod:`generate` is written once as our JSON file and, from the activity
``load`` reads, once as data frames with ``activity_frames`` (pandas and
polars; not timed). Then, with the clocks and repeats of ``run.py`` (best of
a few runs, wall and CPU time, ``gc.collect()`` before each):

1. ``load(path)``: reading the JSON file into a ``SellerActivity``;
2. ``activity_from_frames(**frames)`` of the pandas frames, and of the polars
   frames: the same seller from one frame per kind of record;
3. for reference, ``activity_frames(activity)`` writing the frames.

Each run checks that the activity read from the frames equals the one read
from the file (exit code 2 if not: the comparison would not be of equals).

Target (set at N >= 100k): ``activity_from_frames`` of the pandas frames
within 2x of ``load`` of the same seller's file.

Needs the ``[dataframe]`` extra with pandas and polars
(``pip install -e ".[dataframe]" pandas polars``).

Usage::

    python bench/frames.py                  # N = 100k; writes bench/results/frames.md
    python bench/frames.py --quick          # N = 10k, prints only
    python bench/frames.py --quick --check  # exit 1 on a missed target (judged at N >= 100k)
    python bench/frames.py --sizes 20000,100000 --no-write
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final

from run import (
    QUICK_REPEAT,
    TARGET_MIN_N,
    Timing,
    both,
    count,
    log,
    machine_info,
    ratio,
    ratios,
    repeats_for,
    timed,
    write_file,
)

from sellerquality import load
from sellerquality.allegro import SellerActivity, activity_frames, activity_from_frames

HERE: Final = Path(__file__).resolve().parent
DEFAULT_SIZES: Final = (100_000,)
QUICK_SIZES: Final = (10_000,)
DEFAULT_OUTPUT: Final = HERE / "results" / "frames.md"
FRAMES_LIMIT: Final = 2.0
"""activity_from_frames (pandas) / load of the same seller's file."""
BACKENDS: Final = ("pandas", "polars")


class MismatchError(Exception):
    """The frames gave another activity than the file: the comparison would not be honest."""


@dataclass
class SizeRun:
    """What was measured on one seller size."""

    n_orders: int
    records: int = 0
    load: Timing = field(default_factory=Timing)
    read: dict[str, Timing] = field(default_factory=dict)
    """activity_from_frames by backend."""
    write: dict[str, Timing] = field(default_factory=dict)
    """activity_frames by backend."""


def measure(n_orders: int, *, seed: int, repeat: int | None, directory: Path) -> SizeRun:
    """Write the seller of ``n_orders`` as a file and as frames; time reading each."""
    runs = repeat or repeats_for(n_orders)
    result = SizeRun(n_orders=n_orders)
    path, result.records = write_file(n_orders, seed, directory)
    result.load, activity = timed(lambda: load(path), runs)
    log(f"  N={n_orders:,}: {result.records:,} records; load {both(result.load)}")
    for backend in BACKENDS:

        def write(backend: Any = backend) -> dict[str, Any]:
            return activity_frames(activity, backend=backend)

        result.write[backend], frames = timed(write, runs)

        def read(frames: dict[str, Any] = frames) -> SellerActivity:
            built: SellerActivity = activity_from_frames(**frames)
            return built

        result.read[backend], built = timed(read, runs)
        if built != activity:
            raise MismatchError(f"N={n_orders:,}: the {backend} frames give another activity")
        log(
            f"    {backend:7} activity_from_frames {both(result.read[backend])}, "
            f"activity_frames {both(result.write[backend])}"
        )
        del frames, built
    return result


def verdict(runs: Sequence[SizeRun]) -> tuple[str, bool | None]:
    """The worst pandas / load ratio by CPU time, and whether it meets the target."""
    judged = [run for run in runs if run.n_orders >= TARGET_MIN_N]
    shown = judged or list(runs)
    worst = max(shown, key=lambda run: ratio(run.read["pandas"], run.load, "cpu") or 0.0)
    value = ratio(worst.read["pandas"], worst.load, "cpu")
    assert value is not None
    met = value <= FRAMES_LIMIT if judged else None
    return f"{value:.2f}x at {count(worst.n_orders)}", met


def markdown(runs: Sequence[SizeRun], info: dict[str, Any], command: str) -> str:
    """The results as the Markdown docs/benchmarks.md includes."""
    packages = ", ".join(f"{name} {number}" for name, number in info["packages"].items())
    lines = [
        "# Data frames: benchmark results",
        "",
        "Written by `bench/frames.py`; what it measures is in `docs/benchmarks.md`.",
        "",
        "<!-- results -->",
        f"Run on {info['date']} (UTC) with `{command}`.",
        "",
        f"- **Machine:** {info['processor']} ({info['machine']}), {info['cpu_count']} CPUs",
        f"- **Software:** {info['python']}; {packages}; commit {info['revision']}",
        "- **Timing:** best of the runs; wall time with the process's CPU time in brackets",
        "",
        (
            "| N orders | records | `load(file)` | from pandas frames | from polars frames "
            "| pandas / load | polars / load | writing pandas frames | writing polars frames |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {count(run.n_orders)} | {run.records:,} | {both(run.load)} "
        f"| {both(run.read['pandas'])} | {both(run.read['polars'])} "
        f"| {ratios(run.read['pandas'], run.load)} | {ratios(run.read['polars'], run.load)} "
        f"| {both(run.write['pandas'])} | {both(run.write['polars'])} |"
        for run in runs
    )
    worst, met = verdict(runs)
    judged = "—" if met is None else ("yes" if met else "**no**")
    lines += [
        "",
        "| target | limit | worst (CPU) | met |",
        "|---|---|---|---|",
        (
            f"| `activity_from_frames` (pandas) / `load(file)` | <= {FRAMES_LIMIT:.2f}x "
            f"| {worst} | {judged} |"
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table, write it; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part.replace("_", "")) for part in text.split(",")),
        help="comma-separated order counts (default: 100000)",
    )
    parser.add_argument("--quick", action="store_true", help="CI-sized run: 10k orders")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default 0)")
    parser.add_argument("--repeat", type=int, help="runs per measurement (default as run.py)")
    parser.add_argument("--output", type=Path, help="write the Markdown table to OUTPUT")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the target is missed (N >= 100k only)"
    )
    args = parser.parse_args(argv)
    sizes: tuple[int, ...] = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if any(n < 4 for n in sizes) or (args.repeat is not None and args.repeat < 1):
        parser.error("sizes must be at least 4 orders and --repeat positive")
    output: Path | None = args.output
    if output is None and sizes == DEFAULT_SIZES and not args.quick:
        output = DEFAULT_OUTPUT
    if args.no_write:
        output = None
    repeat: int | None = args.repeat or (QUICK_REPEAT if args.quick else None)

    info = machine_info()
    for name in ("narwhals", "pyarrow"):
        try:
            info["packages"][name] = version(name)
        except PackageNotFoundError:
            info["packages"][name] = "not installed"
    began = time.perf_counter()
    runs: list[SizeRun] = []
    with tempfile.TemporaryDirectory(prefix="sellerquality-frames-") as directory:
        try:
            runs.extend(
                measure(n, seed=args.seed, repeat=repeat, directory=Path(directory)) for n in sizes
            )
        except MismatchError as exc:
            log(f"error: {exc}")
            return 2
    log(f"  ({time.perf_counter() - began:.1f} s in all)")
    command = " ".join(["python bench/frames.py", *(argv if argv is not None else sys.argv[1:])])
    text = markdown(runs, info, command)
    print(text)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        log(f"  written to {output}")
    _, met = verdict(runs)
    return 1 if args.check and met is False else 0


if __name__ == "__main__":
    sys.exit(main())
