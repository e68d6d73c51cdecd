"""Benchmark sellerquality side by side with json, msgspec, pandas, polars and a bare pass.

For each size N (orders; default 100k and 1M, ``--quick`` 2k and 10k) the
seller of :mod:`generate` is written once as our JSON file (not timed; about
1.9 records per order), and then, in one process, each of these is timed with
:func:`time.perf_counter` (wall) and :func:`time.process_time` (CPU of the
process, all its threads), best of a few runs, garbage collector on and
``gc.collect()`` before each run:

1. reading the file: ``json.loads`` of its text, a typed msgspec decode
   (if msgspec is installed), and ``sellerquality.load(path)``;
2. file -> report: ``sales_quality(load(path), as_of=AS_OF)`` against the
   pandas and polars scripts ``pandas_baseline.py`` / ``polars_baseline.py``,
   which compute the six core numbers from the same file; the harness checks
   their numbers equal the library's report (and stops if not);
3. ``sales_quality`` on a fresh ``SellerActivity`` (and again on the same
   one) against a bare pass reading each needed field of each record in the
   window once;
4. ``quality_history`` over the 30 days ending the day before ``AS_OF``
   against one report;
5. building the activity, two ways: (a) ``SellerActivity(**records)`` from
   records already in memory, (b) ``load(path)``; and, each in a fresh process
   (``memory.py``), the resident bytes per record (RSS growth over the record
   count) of (a) records made in memory plus their activity and (b) the
   loaded activity, each after one report;
6. growth: report and load at N against N/4.

Targets (set at N >= 100k; smaller runs show them as indicative): load <= 3x
json.loads; file -> report <= 1.0x pandas (polars ratio given); report <= 2x the
bare pass; 30-day history <= 2x one report; at 1M orders the activity built in
<= 10 s (either way) and <= 250 bytes resident per record; t(N)/t(N/4) <= 4.5.

Usage::

    python bench/run.py                 # 100k and 1M; writes bench/results/latest.{md,json}
    python bench/run.py --quick         # 2k and 10k: CI-sized, prints only
    python bench/run.py --quick --check # exit 1 on a missed target (judged at N >= 100k only)
    python bench/run.py --sizes 20000,100000 --output /tmp/bench
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from typing import Any, Final, Literal, TypeVar

from generate import AS_OF, KINDS, make_activity, make_document
from memory import peak_rss_bytes

from sellerquality import Money, Window, load
from sellerquality.allegro import (
    QualityReport,
    SellerActivity,
    quality_history,
    sales_quality,
)

HERE: Final = Path(__file__).resolve().parent
DEFAULT_SIZES: Final = (100_000, 1_000_000)
QUICK_SIZES: Final = (2_000, 10_000)
QUICK_REPEAT: Final = 3
"""Runs per measurement with ``--quick`` (CI keeps the harness working; it judges nothing)."""
DEFAULT_OUTPUT: Final = HERE / "results" / "latest"
WINDOW_DAYS: Final = 30
HISTORY_DAYS: Final = 30
CHECKED_GENERATOR_SIZE: Final = 500
"""The seller on which ``load(make_document(n)) == make_activity(n)`` is checked each run."""

TARGET_MIN_N: Final = 100_000
"""Targets are set for N >= 100k; below it the fixed costs of each step dominate."""
BUILD_TARGET_N: Final = 1_000_000
"""The build-time and memory targets are set for 1M orders."""
LOAD_LIMIT: Final = 3.0
PANDAS_LIMIT: Final = 1.0
REPORT_LIMIT: Final = 2.0
HISTORY_LIMIT: Final = 2.0
BUILD_LIMIT_S: Final = 10.0
BYTES_LIMIT: Final = 250.0
GROWTH_LIMIT: Final = 4.5

SIX: Final = (
    "RECOMMENDATION_RATE",
    "BUYER_SATISFACTION",
    "MESSAGE_REPLY_ON_TIME",
    "TRACKING_ON_TIME",
    "COMPLETED_ORDERS",
    "REVENUE",
)
Numbers = dict[str, tuple[int, int | None]]
Clock = Literal["wall", "cpu"]
CLOCKS: Final[tuple[Clock, ...]] = ("wall", "cpu")


def log(*parts: object) -> None:
    """Progress, on standard error."""
    print(*parts, file=sys.stderr, flush=True)


def optional(name: str) -> ModuleType | None:
    """Import a baseline module whose library may be missing (then ``None``)."""
    try:
        return __import__(name)
    except ImportError as exc:
        log(f"  ({name} left out: {exc})")
        return None


def repeats_for(n_orders: int) -> int:
    """Runs per measurement: best of 5 up to 50k orders, 3 up to 500k, then 2."""
    if n_orders <= 50_000:
        return 5
    if n_orders <= 500_000:
        return 3
    return 2


# --- timing ---------------------------------------------------------------------------


@dataclass
class Timing:
    """Seconds of each run of one measurement, by wall clock and by CPU time."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def best(self, clock: Clock) -> float:
        """The fastest run by ``clock``."""
        return min(self.wall if clock == "wall" else self.cpu)

    @contextmanager
    def run(self) -> Iterator[None]:
        """Time one run of the ``with`` block (after a ``gc.collect()``, not timed)."""
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)


T = TypeVar("T")


def timed(action: Callable[[], T], repeat: int) -> tuple[Timing, T]:
    """Time ``repeat`` runs of ``action``; return the timing and the last run's result."""
    timing = Timing()
    results: list[T] = []
    for _ in range(repeat):
        results.clear()  # let the previous result go before the next run
        with timing.run():
            results.append(action())
    return timing, results[0]


# --- what is measured -----------------------------------------------------------------


def library_numbers(report: QualityReport) -> Numbers:
    """The six core numbers of a report, in the baselines' form (revenue in grosze)."""
    numbers: Numbers = {}
    for code in SIX:
        metric = report.metrics[code]
        top, bottom = metric.numerator, metric.denominator
        if isinstance(top, Money):  # revenue: exact grosze
            numbers[code] = (int(top.amount * 100), None)
            continue
        assert isinstance(top, int), (code, top)
        assert bottom is None or isinstance(bottom, int), (code, bottom)
        numbers[code] = (top, bottom)
    return numbers


class MismatchError(Exception):
    """A baseline's numbers differ from the library's: the comparison would not be honest."""


def check_same(name: str, theirs: Numbers, ours: Numbers, n_orders: int) -> None:
    """Stop the run when ``theirs`` differs from the library's numbers."""
    wrong = {code: (theirs.get(code), ours[code]) for code in SIX if theirs.get(code) != ours[code]}
    if wrong:
        lines = [f"  {code}: {name} {got} != library {want}" for code, (got, want) in wrong.items()]
        raise MismatchError(
            f"N={n_orders:,}: {name} disagrees with sales_quality:\n" + "\n".join(lines)
        )


def bare_pass(activity: SellerActivity) -> None:
    """Read each field the six areas need of each record in the window, once, and nothing else.

    Records in the window are found by bisection (``orders_in(window)`` and so
    on); offers are all read (they count by being active, not by a window).
    """
    window = Window.last_days(AS_OF, WINDOW_DAYS)
    for order in activity.orders_in(window):
        order.bought_at  # noqa: B018 - the read is the point
        order.cancelled  # noqa: B018
        order.total  # noqa: B018
        order.promoted  # noqa: B018
        order.sent_at  # noqa: B018
        order.dispatch_by  # noqa: B018
        order.tracking_added_at  # noqa: B018
    for rating in activity.ratings_in(window):
        rating.created_at  # noqa: B018
        rating.recommended  # noqa: B018
        rating.description  # noqa: B018
        rating.service  # noqa: B018
        rating.delivery  # noqa: B018
        rating.delivery_cost  # noqa: B018
        rating.order_id  # noqa: B018
    for message in activity.messages_in(window):
        message.received_at  # noqa: B018
        message.replied_at  # noqa: B018
    for dispute in activity.disputes_in(window):
        dispute.opened_at  # noqa: B018
        dispute.first_reply_at  # noqa: B018
        dispute.status  # noqa: B018
        dispute.closed_at  # noqa: B018
    for offer in activity.offers:
        offer.listed_at  # noqa: B018
        offer.ended_at  # noqa: B018
        offer.ean  # noqa: B018
        offer.smart  # noqa: B018
        offer.handling_time  # noqa: B018
        offer.pickup_methods  # noqa: B018
        offer.allegro_delivery_methods  # noqa: B018
    for violation in activity.violations_in(window):
        violation.at  # noqa: B018
        violation.kind  # noqa: B018


def history_span() -> tuple[date, date]:
    """The first and last day of the timed history: the 30 days ending the day before AS_OF."""
    return AS_OF.date() - timedelta(days=HISTORY_DAYS), AS_OF.date() - timedelta(days=1)


def load_average() -> float | None:
    """The 1-minute load average (None where unknown)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return None


@dataclass
class SizeRun:
    """Everything measured on one seller size."""

    n_orders: int
    records: int = 0
    file_bytes: int = 0
    main: bool = True
    """A size of the table (else only a growth partner: file -> report and report)."""
    json_loads: Timing | None = None
    msgspec: Timing | None = None
    pandas: Timing | None = None
    polars: Timing | None = None
    load: Timing = field(default_factory=Timing)
    end_to_end: Timing = field(default_factory=Timing)
    build: Timing | None = None
    report: Timing = field(default_factory=Timing)
    report_again: Timing | None = None
    bare: Timing | None = None
    history: Timing | None = None
    memory: dict[str, dict[str, Any]] = field(default_factory=dict)
    """What ``memory.py`` measured in fresh processes: ``"records"`` (a) and ``"load"`` (b)."""
    numbers: Numbers = field(default_factory=dict)
    load_average: list[float] = field(default_factory=list)


def write_file(n_orders: int, seed: int, directory: Path) -> tuple[Path, int]:
    """Write the seller of ``n_orders`` as our JSON file; return its path and record count."""
    path = directory / f"seller-{n_orders}.json"
    document = make_document(n_orders, seed=seed)
    records = sum(len(document[kind]) for kind in KINDS)
    with path.open("w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False)
    return path, records


def run_memory_probe(*args: str) -> dict[str, Any]:
    """Run ``memory.py ARGS`` in a fresh process and return what it measured."""
    done = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [sys.executable, str(HERE / "memory.py"), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(
    n_orders: int,
    *,
    seed: int,
    main: bool,
    repeat: int | None,
    directory: Path,
    baselines: dict[str, ModuleType | None],
) -> SizeRun:
    """Write the file of ``n_orders`` and time every step on it (only some for a partner)."""
    runs = repeat or repeats_for(n_orders)
    result = SizeRun(n_orders=n_orders, main=main)
    result.load_average.extend(v for v in [load_average()] if v is not None)
    began = time.perf_counter()
    path, result.records = write_file(n_orders, seed, directory)
    result.file_bytes = path.stat().st_size
    log(
        f"  N={n_orders:,}: {result.records:,} records, {result.file_bytes / 2**20:,.0f} MiB "
        f"file written in {time.perf_counter() - began:.1f} s"
    )
    try:
        if main:
            result.json_loads, _ = timed(lambda: json.loads(path.read_text(encoding="utf-8")), runs)
            log(f"    json.loads       {both(result.json_loads)}")
            if (decoder := baselines["msgspec_decode"]) is not None:
                result.msgspec, _ = timed(lambda: decoder.decode(path), runs)
                log(f"    msgspec          {both(result.msgspec)}")
        baseline_numbers: dict[str, Numbers] = {}
        for name in ("pandas", "polars"):
            module = baselines[f"{name}_baseline"]
            if main and module is not None:
                compute: Callable[[Path, datetime], Numbers] = module.six_numbers
                timing, numbers = timed(lambda: compute(path, AS_OF), runs)  # noqa: B023
                setattr(result, name, timing)
                baseline_numbers[name] = numbers
                log(f"    {name:<16} {both(timing)}")

        # File -> report; the load part of each run is the load measurement.
        activity: SellerActivity | None = None
        report: QualityReport | None = None
        for _ in range(runs):
            activity = report = None
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            activity = load(path)
            loaded_wall, loaded_cpu = time.perf_counter(), time.process_time()
            report = sales_quality(activity, as_of=AS_OF)
            done_wall, done_cpu = time.perf_counter(), time.process_time()
            result.load.wall.append(loaded_wall - wall)
            result.load.cpu.append(loaded_cpu - cpu)
            result.end_to_end.wall.append(done_wall - wall)
            result.end_to_end.cpu.append(done_cpu - cpu)
        assert activity is not None
        assert report is not None
        log(f"    load(file)       {both(result.load)}")
        log(f"    file -> report   {both(result.end_to_end)}")
        result.numbers = library_numbers(report)
        for name, numbers in baseline_numbers.items():
            check_same(name, numbers, result.numbers, n_orders)

        records: dict[str, Any] = {"account": activity.account}
        records.update((kind, list(getattr(activity, kind))) for kind in KINDS)
        activity = report = None
        time_evaluation(result, records, runs)
        records.clear()
        gc.collect()
        if main:
            result.memory["records"] = run_memory_probe("records", str(n_orders), str(seed))
            result.memory["load"] = run_memory_probe("load", str(path))
            log(
                "    resident         "
                + ", ".join(
                    f"{per_record(probe['resident_per_record'])}/record ({way})"
                    for way, probe in result.memory.items()
                )
            )
    finally:
        path.unlink()
    result.load_average.extend(v for v in [load_average()] if v is not None)
    return result


def time_evaluation(result: SizeRun, records: dict[str, Any], runs: int) -> None:
    """Time building, reporting, the bare pass and the history on ``records`` into ``result``.

    Each report and history runs on a fresh activity of the same records
    (built untimed), so nothing the engine caches on an activity carries over;
    "again" is a second report on the same activity.
    """

    def fresh() -> SellerActivity:
        gc.collect()
        return SellerActivity(**records)

    if result.main:
        result.build, _ = timed(lambda: SellerActivity(**records), runs)
        log(f"    build            {both(result.build)}")
    for _ in range(runs):
        activity = fresh()
        with result.report.run():
            sales_quality(activity, as_of=AS_OF)
    log(f"    report           {both(result.report)}")
    if not result.main:
        return
    result.report_again, _ = timed(lambda: sales_quality(activity, as_of=AS_OF), runs)
    log(f"    report again     {both(result.report_again)}")
    result.bare, _ = timed(lambda: bare_pass(activity), max(runs, 5))
    log(f"    bare pass        {both(result.bare)}")
    first, last = history_span()
    result.history = Timing()
    for _ in range(runs):
        activity = fresh()
        with result.history.run():
            quality_history(activity, start=first, end=last)
    log(f"    history          {both(result.history)}")


def check_generator() -> None:
    """The file and the records are the same seller: ``load(make_document) == make_activity``."""
    document = make_document(CHECKED_GENERATOR_SIZE)
    if load(document) != make_activity(CHECKED_GENERATOR_SIZE):
        raise MismatchError("generate.py: make_document and make_activity give different sellers")


def run_all(sizes: Sequence[int], *, seed: int, repeat: int | None) -> dict[int, SizeRun]:
    """Measure every size and its growth partner (N/4), smallest first."""
    baselines = {
        name: optional(name) for name in ("msgspec_decode", "pandas_baseline", "polars_baseline")
    }
    check_generator()
    needed = sorted({*sizes, *(n // 4 for n in sizes)} - {0})
    runs: dict[int, SizeRun] = {}
    with tempfile.TemporaryDirectory(prefix="sellerquality-bench-") as directory:
        for n in needed:
            runs[n] = measure(
                n,
                seed=seed,
                main=n in sizes,
                repeat=repeat,
                directory=Path(directory),
                baselines=baselines,
            )
            gc.collect()
    return runs


# --- output -----------------------------------------------------------------------------


def count(n: int) -> str:
    """1M, 250k, 2.5k or 1,234."""
    for unit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n >= unit and (n * 10) % unit == 0:
            return f"{n / unit:g}{suffix}"
    return f"{n:,}"


def seconds(value: float) -> str:
    """A duration with its unit: s from 1 s, ms from 1 ms, else µs."""
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def both(timing: Timing | None) -> str:
    """``wall (CPU)``, or a dash when not measured."""
    if timing is None:
        return "—"
    return f"{seconds(timing.best('wall'))} ({seconds(timing.best('cpu'))})"


def ratio(top: Timing | None, bottom: Timing | None, clock: Clock) -> float | None:
    """best(top) / best(bottom) by ``clock``, or None when either is missing."""
    if top is None or bottom is None:
        return None
    return top.best(clock) / bottom.best(clock)


def ratios(top: Timing | None, bottom: Timing | None, digits: int = 2) -> str:
    """``wall ratio (CPU ratio)``."""
    wall, cpu = ratio(top, bottom, "wall"), ratio(top, bottom, "cpu")
    if wall is None or cpu is None:
        return "—"
    return f"{wall:.{digits}f}x ({cpu:.{digits}f}x)"


def mib(value: float | None) -> str:
    """Bytes as MiB, or a dash."""
    return "—" if value is None else f"{value / 2**20:,.0f} MiB"


def per_record(value: float | None) -> str:
    """Bytes per record, or a dash."""
    return "—" if value is None else f"{value:,.0f} B"


@dataclass
class Verdict:
    """One target: its limit, the worst result by each clock, and whether it is met."""

    name: str
    limit: str
    worst: dict[str, str]
    met: dict[str, bool | None]
    """None: not judged (no size the target is set for was run)."""


Found = dict[Clock, list[tuple[float, str, bool]]]
"""Per clock: (value, where it was measured, whether the target is set for that size)."""


def _found() -> Found:
    return {clock: [] for clock in CLOCKS}


def _judge(name: str, limit: float | None, show: Callable[[float], str], found: Found) -> Verdict:
    """The worst value per clock, judged against ``limit`` (``None``: reported only)."""
    worst: dict[str, str] = {}
    met: dict[str, bool | None] = {}
    for clock in CLOCKS:
        values = found[clock]
        if not values:
            worst[clock], met[clock] = "not measured", None
            continue
        judged = [item for item in values if item[2]]
        value, where, _ = max(judged or values)
        worst[clock] = f"{show(value)} {where}"
        met[clock] = (value <= limit) if judged and limit is not None else None
    return Verdict(name, "—" if limit is None else f"<= {show(limit)}", worst, met)


def _times(value: float) -> str:
    return f"{value:.2f}x"


def _plain(value: float) -> str:
    return f"{value:.2f}"


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


def _bytes(value: float) -> str:
    return f"{value:,.0f} B"


def verdicts(runs: dict[int, SizeRun]) -> list[Verdict]:
    """Every target, judged at the sizes it is set for (N >= 100k; build and memory at 1M)."""
    mains = [run for run in runs.values() if run.main]

    def per_size(top: str, bottom: str) -> Found:
        found = _found()
        for run in mains:
            for clock in CLOCKS:
                value = ratio(getattr(run, top), getattr(run, bottom), clock)
                if value is not None:
                    where = f"at {count(run.n_orders)}"
                    found[clock].append((value, where, run.n_orders >= TARGET_MIN_N))
        return found

    def growth(attribute: str) -> Found:
        found = _found()
        for run in mains:
            small = runs.get(run.n_orders // 4)
            if small is None:
                continue
            for clock in CLOCKS:
                value = ratio(getattr(run, attribute), getattr(small, attribute), clock)
                assert value is not None
                where = f"for {count(small.n_orders)} -> {count(run.n_orders)}"
                found[clock].append((value, where, run.n_orders >= TARGET_MIN_N))
        return found

    def build(attribute: str) -> Found:
        found = _found()
        for run in mains:
            timing = getattr(run, attribute)
            if timing is not None:
                for clock in CLOCKS:
                    where = f"at {count(run.n_orders)}"
                    found[clock].append((timing.best(clock), where, run.n_orders >= BUILD_TARGET_N))
        return found

    def memory(way: str) -> Found:
        found = _found()
        for run in mains:
            per = run.memory.get(way, {}).get("resident_per_record")
            if per is not None:
                for clock in CLOCKS:
                    where = f"at {count(run.n_orders)}"
                    found[clock].append((per, where, run.n_orders >= BUILD_TARGET_N))
        return found

    history = f"history of {HISTORY_DAYS} days / one report"
    return [
        _judge("load(file) / json.loads", LOAD_LIMIT, _times, per_size("load", "json_loads")),
        _judge("file -> report / pandas", PANDAS_LIMIT, _times, per_size("end_to_end", "pandas")),
        _judge("file -> report / polars", None, _times, per_size("end_to_end", "polars")),
        _judge("sales_quality / bare pass", REPORT_LIMIT, _times, per_size("report", "bare")),
        _judge(history, HISTORY_LIMIT, _times, per_size("history", "report")),
        _judge("build: SellerActivity(**records)", BUILD_LIMIT_S, _seconds, build("build")),
        _judge("build: load(file)", BUILD_LIMIT_S, _seconds, build("load")),
        _judge("resident per record: records + activity", BYTES_LIMIT, _bytes, memory("records")),
        _judge("resident per record: after load(file)", BYTES_LIMIT, _bytes, memory("load")),
        _judge("growth of the report, t(N) / t(N/4)", GROWTH_LIMIT, _plain, growth("report")),
        _judge("growth of load(file), t(N) / t(N/4)", GROWTH_LIMIT, _plain, growth("load")),
    ]


def _met(value: bool | None) -> str:
    if value is None:
        return "—"
    return "yes" if value else "**no**"


def markdown(runs: dict[int, SizeRun], info: dict[str, Any], settings: dict[str, Any]) -> str:
    """The results as Markdown: setting, tables, targets."""
    mains = [run for run in runs.values() if run.main]
    first, last = history_span()
    loads = [load for run in runs.values() for load in run.load_average]
    load_text = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "unknown"
    library = [
        timing
        for run in runs.values()
        for timing in (run.load, run.report, run.bare, run.history, run.build)
        if timing is not None
    ]
    contention = max(timing.best("wall") / timing.best("cpu") for timing in library)
    peak = settings["peak_rss"]
    lines = [
        (
            f"Run on {info['date']} (UTC) with `{settings['command']}`: "
            f"{settings['elapsed_s'] / 60:.1f} minutes in all; peak resident memory "
            f"{mib(peak['harness'])} (the harness), {mib(peak['probe'])} (the largest "
            "memory probe)."
        ),
        "",
        (
            f"- **Machine:** {info['processor']} ({info['machine']}), {info['cpu_count']} CPUs, "
            f"{info['platform']}"
        ),
        f"- **Software:** {info['python']}; "
        + ", ".join(f"{name} {ver}" for name, ver in info["packages"].items())
        + f"; commit {info['revision']}",
        (
            f"- **Seller:** `make_document(N, seed={settings['seed']})` written as our JSON file, "
            f"evaluated at {AS_OF.isoformat()} (window of {WINDOW_DAYS} days); history "
            f"{first} to {last}"
        ),
        "- **Timing:** best of "
        + ", ".join(f"{r} at N={count(n)}" for n, r in settings["repeats"].items())
        + "; wall time (`perf_counter`) with the process's CPU time (`process_time`, "
        "all threads) in brackets; GC on, `gc.collect()` before each run",
        (
            f"- **Load average (1 min) around the measurements:** {load_text}; the largest "
            f"wall / CPU time of the library's measurements: {contention:.2f}"
        ),
        "",
        "### Reading the file",
        "",
        (
            "| N orders | records | file | `json.loads` | msgspec (typed) | `load(file)` "
            "| load / json.loads | load / msgspec |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {count(run.n_orders)} | {run.records:,} | {mib(run.file_bytes)} | "
        f"{both(run.json_loads)} | {both(run.msgspec)} | {both(run.load)} | "
        f"{ratios(run.load, run.json_loads)} | {ratios(run.load, run.msgspec)} |"
        for run in mains
    )
    lines += [
        "",
        "### From the file to the six core numbers",
        "",
        (
            "| N orders | library: `load` + `sales_quality` | pandas | polars "
            "| library / pandas | library / polars |"
        ),
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for run in mains:
        lines.append(
            f"| {count(run.n_orders)} | {both(run.end_to_end)} | {both(run.pandas)} | "
            f"{both(run.polars)} | {ratios(run.end_to_end, run.pandas)} | "
            f"{ratios(run.end_to_end, run.polars)} |"
        )
    lines += [
        "",
        "### Evaluation",
        "",
        (
            "| N orders | bare pass | `sales_quality` | again, same activity | report / bare "
            f"| history {HISTORY_DAYS} d | history / report |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in mains:
        lines.append(
            f"| {count(run.n_orders)} | {both(run.bare)} | {both(run.report)} | "
            f"{both(run.report_again)} | {ratios(run.report, run.bare, 1)} | "
            f"{both(run.history)} | {ratios(run.history, run.report)} |"
        )
    lines += [
        "",
        "### Building the activity, and memory",
        "",
        (
            "| N orders | (a) `SellerActivity(**records)` | (b) `load(file)` "
            "| (a) resident per record | activity beyond its records "
            "| (b) resident per record | peak RSS (a) / (b) |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in mains:
        made, loaded = run.memory.get("records", {}), run.memory.get("load", {})
        lines.append(
            f"| {count(run.n_orders)} | {both(run.build)} | {both(run.load)} | "
            f"{per_record(made.get('resident_per_record'))} | "
            f"{per_record(made.get('activity_per_record'))} | "
            f"{per_record(loaded.get('resident_per_record'))} | "
            f"{mib(made.get('peak_rss'))} / {mib(loaded.get('peak_rss'))} |"
        )
    lines += [
        "",
        "### Growth",
        "",
        "| N/4 -> N | report t(N) / t(N/4) | load t(N) / t(N/4) | file -> report |",
        "|---|---:|---:|---:|",
    ]
    for run in mains:
        small = runs.get(run.n_orders // 4)
        if small is None:
            continue
        lines.append(
            f"| {count(small.n_orders)} -> {count(run.n_orders)} | "
            f"{ratios(run.report, small.report)} | {ratios(run.load, small.load)} | "
            f"{ratios(run.end_to_end, small.end_to_end)} |"
        )
    judged = any(run.n_orders >= TARGET_MIN_N for run in mains)
    lines += [
        "",
        "### Targets",
        "",
        (
            "Judged at N >= 100k (build time and memory at 1M); the worst size shown."
            if judged
            else "**Indicative only:** the targets are set for N >= 100k (build time and "
            "memory at 1M), and no such size was run; the worst size shown."
        ),
        "",
        "| target | limit | worst (wall) | met | worst (CPU) | met |",
        "|---|---|---|---|---|---|",
    ]
    for verdict in verdicts(runs):
        lines.append(
            f"| {verdict.name} | {verdict.limit} | {verdict.worst['wall']} | "
            f"{_met(verdict.met['wall'])} | {verdict.worst['cpu']} | {_met(verdict.met['cpu'])} |"
        )
    return "\n".join(lines) + "\n"


# --- the machine ------------------------------------------------------------------------


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


def revision() -> str:
    """The git commit of the tree measured, marked when ``src`` has uncommitted changes."""
    root = HERE.parent

    def git(*args: str) -> str:
        done = subprocess.run(  # noqa: S603 - a fixed git command
            ["git", *args],  # noqa: S607 - git from PATH, as a developer runs it
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown"
    return commit + (
        " with uncommitted changes in src/" if git("status", "--porcelain", "src") else ""
    )


def machine_info() -> dict[str, Any]:
    """Where and with what the benchmark ran."""
    packages = {}
    for name in ("sellerquality", "pandas", "polars", "msgspec"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "not installed"
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": platform.machine(),
        "processor": cpu_model(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": packages,
        "revision": revision(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks, print the tables, write the results; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part.replace("_", "")) for part in text.split(",")),
        help="comma-separated order counts (default: 100000,1000000)",
    )
    parser.add_argument("--quick", action="store_true", help="CI-sized run: 2k and 10k orders")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default 0)")
    parser.add_argument(
        "--repeat",
        type=int,
        help="runs per measurement (default: 5 up to 50k orders, 3 to 500k, then 2; --quick: 3)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="write OUTPUT.md and OUTPUT.json (default: bench/results/latest for a default run)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a target is missed by CPU time (targets are judged at N >= 100k only)",
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
    log(
        f"sellerquality {info['packages']['sellerquality']} on {info['python']}, "
        f"{info['processor']}, {info['cpu_count']} CPUs"
    )
    began = time.perf_counter()
    try:
        runs = run_all(sizes, seed=args.seed, repeat=repeat)
    except MismatchError as exc:
        log(f"error: {exc}")
        return 2
    shown = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    settings: dict[str, Any] = {
        "command": shown,
        "seed": args.seed,
        "sizes": list(sizes),
        "repeats": {n: repeat or repeats_for(n) for n in sizes},
        "as_of": AS_OF.isoformat(),
        "window_days": WINDOW_DAYS,
        "history_days": HISTORY_DAYS,
        "elapsed_s": time.perf_counter() - began,
        "peak_rss": {
            "harness": peak_rss_bytes(),
            "probe": max(
                (
                    probe["peak_rss"]
                    for run in runs.values()
                    for probe in run.memory.values()
                    if probe.get("peak_rss") is not None
                ),
                default=None,
            ),
        },
        "limits": {
            "load_over_json_loads": LOAD_LIMIT,
            "report_file_over_pandas": PANDAS_LIMIT,
            "report_over_bare_pass": REPORT_LIMIT,
            "history_over_report": HISTORY_LIMIT,
            "build_s_at_1m": BUILD_LIMIT_S,
            "resident_bytes_per_record_at_1m": BYTES_LIMIT,
            "growth": GROWTH_LIMIT,
        },
    }
    text = markdown(runs, info, settings)
    print()
    print(text)
    judged = verdicts(runs)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.with_suffix(".md").write_text(
            "# Benchmark results\n\nWritten by `bench/run.py`; what it measures is in "
            "`docs/benchmarks.md`.\n\n<!-- results -->\n" + text,
            encoding="utf-8",
        )
        raw = {
            "machine": info,
            "settings": settings,
            "runs": [asdict(run) for run in runs.values()],
            "targets": [asdict(verdict) for verdict in judged],
        }
        output.with_suffix(".json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
        log(f"wrote {output.with_suffix('.md')} and {output.with_suffix('.json')}")
    missed = [verdict.name for verdict in judged if verdict.met["cpu"] is False]
    if args.check and missed:
        log("targets missed (by CPU time): " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
