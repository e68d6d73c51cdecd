"""Benchmark the sales-quality engine against a bare pass over the records.

For each size N (orders; default 10k, 100k and 1M) the seller of
:func:`generate.make_activity` is built once (not timed) and then timed with
:func:`time.perf_counter` (wall) and :func:`time.process_time` (CPU of this
process, which other processes on a shared machine do not inflate), best of a
few runs (fewer for large N), with the garbage collector enabled as in normal
use. Every run gets a fresh ``SellerActivity`` of the same records (not
timed), so no cache on the activity can carry over between runs.

* ``report`` -- ``sales_quality(activity, as_of=AS_OF)``;
* ``bare pass`` -- one Python loop reading one attribute of every record of
  every kind (the floor any pure-Python engine has to pay);
* ``history`` -- ``quality_history`` over the 30 Warsaw days ending the day
  before ``AS_OF`` (30 reports, the last one at ``AS_OF``);
* ``growth`` -- report time at 4N over report time at N: 10k -> 40k,
  100k -> 400k, and 250k -> 1M (4N is capped at 1M).

Targets: report <= 5x the bare pass; 30-day history <= 3x one report; growth
linear (ratio about 4, at most 5).

Usage::

    python bench/run.py                       # 10k, 100k, 1M; writes bench/results/latest.{md,json}
    python bench/run.py --sizes 10000,100000  # prints only, unless --output is given
    python bench/run.py --quick               # CI-sized: 2k and 10k, prints only
    python bench/run.py --quick --check       # exit 1 when a target is missed (by CPU time)
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any, Final, Literal

import attrs
from generate import AS_OF, make_activity, record_count

from sellerquality.allegro import SellerActivity, quality_history, sales_quality

DEFAULT_SIZES: Final = (10_000, 100_000, 1_000_000)
QUICK_SIZES: Final = (2_000, 10_000)
GROWTH_CAP: Final = 1_000_000
"""The largest size built for a growth ratio: above it, N/4 -> N is measured instead."""
HISTORY_DAYS: Final = 30
DEFAULT_OUTPUT: Final = Path(__file__).resolve().parent / "results" / "latest"

REPORT_LIMIT: Final = 5.0
HISTORY_LIMIT: Final = 3.0
GROWTH_LIMIT: Final = 5.0


def repeats_for(n_orders: int) -> int:
    """Runs per measurement: best of 5 up to 50k orders, 3 up to 500k, then 2."""
    if n_orders <= 50_000:
        return 5
    if n_orders <= 500_000:
        return 3
    return 2


def growth_pair(n_orders: int) -> tuple[int, int]:
    """The sizes whose report times make N's growth ratio: (N, 4N), or (N/4, N) above the cap."""
    if 4 * n_orders <= GROWTH_CAP:
        return n_orders, 4 * n_orders
    return n_orders // 4, n_orders


Clock = Literal["wall", "cpu"]
CLOCKS: Final[tuple[Clock, ...]] = ("wall", "cpu")


@dataclass
class Timing:
    """Seconds of each run of one measurement, by wall clock and by CPU time."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def best(self, clock: Clock) -> float:
        """The fastest run by ``clock``."""
        return min(self.wall if clock == "wall" else self.cpu)


def timed(run: Callable[[SellerActivity], object], activity: SellerActivity, repeat: int) -> Timing:
    """Time ``repeat`` runs of ``run``, each on a fresh copy of ``activity``.

    Each run gets a new :class:`SellerActivity` holding the same records (made
    with :func:`attrs.evolve`, not timed), so nothing the engine might cache on
    an activity carries over from one run to the next; garbage is collected
    before each run. Wall time is :func:`time.perf_counter`; CPU time is
    :func:`time.process_time`, which other processes on the machine do not inflate.
    """
    timing = Timing()
    for _ in range(repeat):
        fresh = attrs.evolve(activity)
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        run(fresh)
        timing.wall.append(time.perf_counter() - wall)
        timing.cpu.append(time.process_time() - cpu)
        del fresh
    return timing


def bare_pass(activity: SellerActivity) -> None:
    """Read one attribute of every record of every kind, and nothing else."""
    for offer in activity.offers:
        _ = offer.listed_at
    for order in activity.orders:
        _ = order.bought_at
    for dispute in activity.disputes:
        _ = dispute.opened_at
    for rating in activity.ratings:
        _ = rating.created_at
    for message in activity.messages:
        _ = message.received_at
    for violation in activity.violations:
        _ = violation.at


def history_span() -> tuple[date, date]:
    """The first and last day of the timed history: the 30 days ending the day before AS_OF."""
    return AS_OF.date() - timedelta(days=HISTORY_DAYS), AS_OF.date() - timedelta(days=1)


@dataclass
class SizeRun:
    """Everything measured on one activity."""

    n_orders: int
    records: int
    build_s: float
    report: Timing
    bare: Timing | None = None
    history: Timing | None = None
    peak_rss_mib: float | None = None
    load: list[float] = field(default_factory=list)
    """The 1-minute load average before and after the measurements."""


@dataclass
class Row:
    """One line of a table: a main size, its ratios and its growth, by one clock."""

    n_orders: int
    records: int
    report_s: float
    bare_s: float
    report_ratio: float
    history_s: float
    history_ratio: float
    growth_from: int
    growth_to: int
    growth_ratio: float
    peak_rss_mib: float | None


def peak_rss_mib() -> float | None:
    """The process's peak resident memory so far, in MiB (None where unknown)."""
    try:
        import resource  # noqa: PLC0415 - Unix only
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_model() -> str:
    """The processor's name: platform.processor(), else /proc/cpuinfo's model name."""
    name = platform.processor()
    if name and name != platform.machine():
        return name
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return name or "unknown"


def machine_info() -> dict[str, Any]:
    """Where and with what the benchmark ran."""
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": platform.machine(),
        "processor": cpu_model(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "sellerquality": version("sellerquality"),
    }


def load_average() -> float | None:
    """The 1-minute load average (None where unknown)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return None


def measure(n_orders: int, *, seed: int, full: bool, repeat: int | None) -> SizeRun:
    """Build the activity of ``n_orders`` and time the report (and, if ``full``, the rest)."""
    runs = repeat or repeats_for(n_orders)
    began = time.perf_counter()
    activity = make_activity(n_orders, seed=seed)
    build = time.perf_counter() - began
    log = functools.partial(print, file=sys.stderr, flush=True)
    log(f"  N={n_orders:,}: {record_count(activity):,} records built in {build:.1f} s")
    before = load_average()
    result = SizeRun(
        n_orders=n_orders,
        records=record_count(activity),
        build_s=build,
        report=timed(lambda fresh: sales_quality(fresh, as_of=AS_OF), activity, runs),
    )
    log(f"    report  {_both(result.report)} (best of {runs})")
    if full:
        result.bare = timed(bare_pass, activity, max(runs, 5))
        log(f"    bare    {_both(result.bare)}")
        first, last = history_span()
        result.history = timed(
            lambda fresh: quality_history(fresh, start=first, end=last), activity, runs
        )
        log(f"    history {_both(result.history)}")
    result.peak_rss_mib = peak_rss_mib()
    result.load = [load for load in (before, load_average()) if load is not None]
    return result


def run_all(sizes: Sequence[int], *, seed: int, repeat: int | None) -> dict[int, SizeRun]:
    """Measure every size and its growth partner, smallest first, one activity at a time."""
    needed = sorted({*sizes, *(n for size in sizes for n in growth_pair(size))})
    runs: dict[int, SizeRun] = {}
    for n in needed:
        runs[n] = measure(n, seed=seed, full=n in sizes, repeat=repeat)
        gc.collect()  # the activity is gone: free it before building the next
    return runs


def table_rows(runs: dict[int, SizeRun], sizes: Sequence[int], clock: Clock) -> list[Row]:
    """The table's rows for ``sizes`` by ``clock``."""
    rows = []
    for n in sizes:
        run = runs[n]
        assert run.bare is not None
        assert run.history is not None
        small, large = growth_pair(n)
        report, bare, history = (
            run.report.best(clock),
            run.bare.best(clock),
            run.history.best(clock),
        )
        rows.append(
            Row(
                n_orders=n,
                records=run.records,
                report_s=report,
                bare_s=bare,
                report_ratio=report / bare,
                history_s=history,
                history_ratio=history / report,
                growth_from=small,
                growth_to=large,
                growth_ratio=runs[large].report.best(clock) / runs[small].report.best(clock),
                peak_rss_mib=run.peak_rss_mib,
            )
        )
    return rows


# --- output ---------------------------------------------------------------------------


def _count(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


def _seconds(value: float) -> str:
    """A duration with its unit: s from 1 s, ms from 1 ms, else µs."""
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def _both(timing: Timing) -> str:
    return f"{_seconds(timing.best('wall'))} wall, {_seconds(timing.best('cpu'))} CPU"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


Target = tuple[str, str, str, bool]


def targets(rows: Sequence[Row]) -> list[Target]:
    """(target, limit, worst result, met) for each target."""
    worst_report = max(rows, key=lambda row: row.report_ratio)
    worst_history = max(rows, key=lambda row: row.history_ratio)
    worst_growth = max(rows, key=lambda row: row.growth_ratio)
    return [
        (
            "report / bare pass",
            f"<= {REPORT_LIMIT:g}x",
            f"{worst_report.report_ratio:.1f}x at N={_count(worst_report.n_orders)}",
            worst_report.report_ratio <= REPORT_LIMIT,
        ),
        (
            f"history of {HISTORY_DAYS} days / one report",
            f"<= {HISTORY_LIMIT:g}x",
            f"{worst_history.history_ratio:.2f}x at N={_count(worst_history.n_orders)}",
            worst_history.history_ratio <= HISTORY_LIMIT,
        ),
        (
            "growth t(4N) / t(N)",
            f"<= {GROWTH_LIMIT:g} (linear: about 4)",
            (
                f"{worst_growth.growth_ratio:.2f} for "
                f"{_count(worst_growth.growth_from)} -> {_count(worst_growth.growth_to)}"
            ),
            worst_growth.growth_ratio <= GROWTH_LIMIT,
        ),
    ]


def _table(rows: Sequence[Row], *, rss: bool) -> list[str]:
    lines = [
        "| N orders | records | report | bare pass | report / bare | "
        "history 30 d | history / report | t(4N) / t(N) |" + (" peak RSS |" if rss else ""),
        "|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if rss else ""),
    ]
    for row in rows:
        memory = "" if row.peak_rss_mib is None else f" {row.peak_rss_mib:,.0f} MiB |"
        lines.append(
            f"| {_count(row.n_orders)} | {row.records:,} | {_seconds(row.report_s)} | "
            f"{_seconds(row.bare_s)} | {row.report_ratio:.1f}x | {_seconds(row.history_s)} | "
            f"{row.history_ratio:.2f}x | {row.growth_ratio:.2f} "
            f"({_count(row.growth_from)} -> {_count(row.growth_to)}) |" + (memory if rss else "")
        )
    return lines


def contention(runs: dict[int, SizeRun]) -> float:
    """The largest wall / CPU time of a measurement: well above 1 when other processes competed."""
    timings = [
        timing
        for run in runs.values()
        for timing in (run.report, run.history)
        if timing is not None
    ]
    return max(timing.best("wall") / timing.best("cpu") for timing in timings)


def markdown(
    runs: dict[int, SizeRun], sizes: Sequence[int], info: dict[str, Any], settings: dict[str, Any]
) -> str:
    """The results as Markdown: machine and settings, the tables, the targets."""
    first, last = history_span()
    wall, cpu = table_rows(runs, sizes, "wall"), table_rows(runs, sizes, "cpu")
    loads = [load for run in runs.values() for load in run.load]
    load = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "unknown"
    lines = [
        f"Run on {info['date']} (UTC) with `{settings['command']}`.",
        "",
        (
            f"- **Machine:** {info['processor']} ({info['machine']}), "
            f"{info['cpu_count']} CPUs, {info['platform']}"
        ),
        f"- **Python:** {info['python']}; sellerquality {info['sellerquality']}",
        (
            f"- **Seller:** `make_activity(N, seed={settings['seed']})` evaluated at "
            f"{AS_OF.isoformat()}; history {first} to {last}"
        ),
        "- **Timing:** best of "
        + ", ".join(f"{runs} at N={_count(n)}" for n, runs in settings["repeats"].items())
        + " (growth partners likewise by size); each run on a fresh `SellerActivity` "
        "of the same records; GC enabled, `gc.collect()` before each run",
        (
            f"- **Load average (1 min) around the measurements:** {load}; largest wall / CPU "
            f"time of a report or history: {contention(runs):.2f}"
        ),
        "",
        "Wall time (`time.perf_counter`):",
        "",
        *_table(wall, rss=True),
        "",
        "CPU time of the process (`time.process_time`; not inflated by other processes):",
        "",
        *_table(cpu, rss=False),
        "",
        "| target | limit | worst (wall) | met | worst (CPU) | met |",
        "|---|---|---|---|---|---|",
    ]
    for (name, limit, by_wall, wall_ok), (*_, by_cpu, cpu_ok) in zip(
        targets(wall), targets(cpu), strict=True
    ):
        lines.append(
            f"| {name} | {limit} | {by_wall} | {_met(wall_ok)} | {by_cpu} | {_met(cpu_ok)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks, print the tables, write the results; return the exit code."""
    parser = argparse.ArgumentParser(description="Benchmark sellerquality's report and history.")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part.replace("_", "")) for part in text.split(",")),
        help="comma-separated order counts (default: 10000,100000,1000000)",
    )
    parser.add_argument("--quick", action="store_true", help="CI-sized run: 2k and 10k orders")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default 0)")
    parser.add_argument("--repeat", type=int, help="runs per measurement (default: by size)")
    parser.add_argument(
        "--output",
        type=Path,
        help="write OUTPUT.md and OUTPUT.json (default: bench/results/latest for a default run)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target is missed (by CPU time)"
    )
    args = parser.parse_args(argv)
    sizes: tuple[int, ...] = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if any(n < 1 for n in sizes) or (args.repeat is not None and args.repeat < 1):
        parser.error("sizes and --repeat must be positive")
    output: Path | None = args.output
    if output is None and sizes == DEFAULT_SIZES and not args.quick:
        output = DEFAULT_OUTPUT
    if args.no_write:
        output = None

    info = machine_info()
    print(
        f"sellerquality {info['sellerquality']} on {info['python']}, {info['processor']}, "
        f"{info['cpu_count']} CPUs",
        file=sys.stderr,
    )
    runs = run_all(sizes, seed=args.seed, repeat=args.repeat)
    shown = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    settings: dict[str, Any] = {
        "command": shown,
        "seed": args.seed,
        "sizes": list(sizes),
        "repeats": {n: args.repeat or repeats_for(n) for n in sizes},
        "as_of": AS_OF.isoformat(),
        "history_days": HISTORY_DAYS,
        "limits": {"report": REPORT_LIMIT, "history": HISTORY_LIMIT, "growth": GROWTH_LIMIT},
    }
    text = markdown(runs, sizes, info, settings)
    print()
    print(text)
    verdicts = {clock: targets(table_rows(runs, sizes, clock)) for clock in CLOCKS}
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.with_suffix(".md").write_text(
            "# Benchmark results\n\nWritten by `bench/run.py`; see `docs/benchmarks.md`.\n\n"
            + text,
            encoding="utf-8",
        )
        raw = {
            "machine": info,
            "settings": settings,
            "rows": {
                clock: [asdict(row) for row in table_rows(runs, sizes, clock)] for clock in CLOCKS
            },
            "runs": [asdict(run) for run in runs.values()],
            "targets": {
                clock: [
                    {"target": name, "limit": limit, "worst": worst, "met": ok}
                    for name, limit, worst, ok in verdicts[clock]
                ]
                for clock in CLOCKS
            },
        }
        output.with_suffix(".json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
        print(
            f"wrote {output.with_suffix('.md')} and {output.with_suffix('.json')}", file=sys.stderr
        )
    return 1 if args.check and not all(ok for *_, ok in verdicts["cpu"]) else 0


if __name__ == "__main__":
    sys.exit(main())
