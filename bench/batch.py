"""Benchmark evaluate_many: many sellers on local processes and on a Dask LocalCluster.

M sellers (default 500; ``--quick`` 20) of N orders each (default 2,000;
``--quick`` 1,000) are drawn with :mod:`generate` (seller ``i`` from seed
``seed + i``, so each is different and every run the same) and written as
our JSON files, one per seller (not timed). Then, timed by wall clock
(:func:`time.perf_counter`; the work happens in other processes, so the CPU
time of this one says nothing), with ``gc.collect()`` before each:

1. **serial**: one seller's ``sales_quality(load(path), as_of=AS_OF,
   rulebook=...)`` in this process, x M: timed over a sample of 50 sellers
   (every M/50th) one after another, per seller, times M;
2. **local**: ``evaluate_many(paths, as_of=AS_OF, workers=W)`` on W local
   processes (default 2), pool start-up included;
3. **dask**: the same batch with ``client=`` a ``distributed.Client`` of a
   ``LocalCluster(n_workers=W, threads_per_worker=1, processes=True)``; the
   cluster is started before the clock starts (a batch job runs on a cluster
   that is already up) and its start-up time is shown on its own.

Each run checks that every seller of the local and Dask runs succeeded, that
the sampled sellers' reports equal the serial ones and that the Dask results
equal the local ones (exit code 2 if not: the comparison would not be of
equals).

Figures: sellers per second of each run; the parallel efficiency of the
local run, serial / (W x local); Dask / local.

Targets (judged on the full run only, W = 2 on a machine with at least 2
CPUs): parallel efficiency >= 0.8; Dask within 1.5x the local run.

Needs the ``[dask]`` extra (``pip install -e ".[dask]"``).

Usage::

    python bench/batch.py                  # 500 x 2,000; writes bench/results/batch.md
    python bench/batch.py --quick          # 20 x 1,000, prints only
    python bench/batch.py --quick --check  # what CI runs: exit 2 if the results differ
    python bench/batch.py --sellers 100 --orders 5000 --no-write
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final, TypeVar

from generate import AS_OF, make_document
from run import count, load_average, log, machine_info

from sellerquality import load
from sellerquality.allegro import QualityReport, rulebook_for, sales_quality
from sellerquality.batch import SellerResult, evaluate_many

HERE: Final = Path(__file__).resolve().parent
DEFAULT_OUTPUT: Final = HERE / "results" / "batch.md"
SELLERS: Final = 500
ORDERS: Final = 2_000
QUICK_SELLERS: Final = 20
QUICK_ORDERS: Final = 1_000
WORKERS: Final = 2
EFFICIENCY_TARGET: Final = 0.8
"""serial time / (workers x local-process time), at least."""
DASK_LIMIT: Final = 1.5
"""Dask LocalCluster time / local-process time, at most."""
SAMPLE: Final = 50
"""Sellers timed one after another in this process, for the serial time per seller."""

T = TypeVar("T")


class MismatchError(Exception):
    """A batch gave other results than the serial run: the comparison would not be honest."""


@dataclass
class Measured:
    """What one benchmark run measured (seconds, wall clock)."""

    sellers: int
    orders: int
    workers: int
    records: int
    megabytes: float
    serial: float
    local: float
    dask: float
    dask_start: float
    load_average: tuple[float | None, float | None]
    """Before and after the timed runs."""

    @property
    def efficiency(self) -> float:
        """The local run's parallel efficiency: serial / (workers x local)."""
        return self.serial / (self.workers * self.local)

    @property
    def dask_ratio(self) -> float:
        """Dask / local."""
        return self.dask / self.local

    def judged(self, *, full: bool) -> tuple[bool | None, bool | None]:
        """Whether each target is met; ``None`` when this run does not judge them."""
        if not full or self.workers != WORKERS or (os.cpu_count() or 1) < WORKERS:
            return None, None
        return self.efficiency >= EFFICIENCY_TARGET, self.dask_ratio <= DASK_LIMIT


def clocked(action: Callable[[], T]) -> tuple[float, T]:
    """Run ``action`` once after a ``gc.collect()``; its wall time and result."""
    gc.collect()
    began = time.perf_counter()
    result = action()
    return time.perf_counter() - began, result


def write_sellers(sellers: int, orders: int, seed: int, folder: Path) -> tuple[list[Path], int]:
    """Write each seller's JSON file; their paths and the total record count."""
    paths: list[Path] = []
    records = 0
    for index in range(sellers):
        document = make_document(orders, seed=seed + index)
        records += sum(len(value) for value in document.values() if isinstance(value, list))
        path = folder / f"seller-{index:04d}.json"
        with path.open("w", encoding="utf-8") as file:
            json.dump(document, file, ensure_ascii=False)
        paths.append(path)
    return paths, records


def check(
    name: str, results: Sequence[SellerResult], sample: list[Path], serial: list[QualityReport]
) -> None:
    """Stop when a seller failed, or a sampled seller's report is not the serial one."""
    failed = [result for result in results if result.error is not None]
    if failed:
        raise MismatchError(f"{name}: {len(failed)} sellers failed, first: {failed[0].error}")
    by_source = {result.source: result.report for result in results}
    if [by_source[str(path)] for path in sample] != serial:
        raise MismatchError(f"{name}: the reports differ from the serial run's")


def measure(
    sellers: int, orders: int, *, workers: int, seed: int, folder: Path
) -> tuple[Measured, dict[str, str]]:
    """Write the sellers and time the three runs; the figures and the libraries' versions."""
    from distributed import Client, LocalCluster  # noqa: PLC0415 - the [dask] extra

    began = time.perf_counter()
    paths, records = write_sellers(sellers, orders, seed, folder)
    megabytes = sum(path.stat().st_size for path in paths) / 2**20
    log(
        f"  {sellers:,} sellers x {orders:,} orders: {records:,} records, {megabytes:,.0f} MiB "
        f"written in {time.perf_counter() - began:.1f} s"
    )
    rulebook = rulebook_for(AS_OF)
    before = load_average()
    sample = paths[:: max(1, len(paths) // SAMPLE)]

    def serially() -> list[QualityReport]:
        return [sales_quality(load(path), as_of=AS_OF, rulebook=rulebook) for path in sample]

    sampled, reports = clocked(serially)
    serial = sampled / len(sample) * sellers
    log(
        f"    serial      {serial:8.2f} s  {sellers / serial:7.1f} sellers/s "
        f"({sampled:.2f} s for {len(sample)} of them)"
    )
    local, results = clocked(lambda: evaluate_many(paths, as_of=AS_OF, workers=workers))
    check("local processes", results, sample, reports)
    log(f"    local x{workers}    {local:8.2f} s  {sellers / local:7.1f} sellers/s")
    local_results = results
    started = time.perf_counter()
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        client.wait_for_workers(workers)
        dask_start = time.perf_counter() - started
        dask, results = clocked(lambda: evaluate_many(paths, as_of=AS_OF, client=client))
    check("Dask LocalCluster", results, sample, reports)
    if results != local_results:
        raise MismatchError("the Dask LocalCluster's results differ from the local processes'")
    log(
        f"    dask x{workers}     {dask:8.2f} s  {sellers / dask:7.1f} sellers/s "
        f"(cluster up in {dask_start:.1f} s)"
    )
    measured = Measured(
        sellers=sellers,
        orders=orders,
        workers=workers,
        records=records,
        megabytes=megabytes,
        serial=serial,
        local=local,
        dask=dask,
        dask_start=dask_start,
        load_average=(before, load_average()),
    )
    versions = {}
    for name in ("distributed", "dask"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - the import above needs them
            versions[name] = "not installed"
    return measured, versions


def _met(value: bool | None) -> str:
    return "—" if value is None else ("yes" if value else "**no**")


def _load(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}"


def markdown(measured: Measured, info: dict[str, Any], command: str, *, full: bool) -> str:
    """The results as the Markdown docs/benchmarks.md includes."""
    packages = ", ".join(f"{name} {number}" for name, number in info["packages"].items())
    m = measured
    efficiency_met, dask_met = m.judged(full=full)
    lines = [
        "# Many sellers: benchmark results",
        "",
        "Written by `bench/batch.py`; what it measures is in `docs/benchmarks.md`.",
        "",
        "<!-- results -->",
        f"Run on {info['date']} (UTC) with `{command}`.",
        "",
        (
            f"- **Machine:** {info['processor']} ({info['machine']}), {info['cpu_count']} CPUs; "
            f"load average {_load(m.load_average[0])} before, {_load(m.load_average[1])} after"
        ),
        f"- **Software:** {info['python']}; {packages}; commit {info['revision']}",
        (
            f"- **Batch:** {m.sellers:,} sellers x {count(m.orders)} orders, {m.records:,} records "
            f"in all, {m.megabytes:,.0f} MiB of JSON files; one run each, wall clock"
        ),
        "",
        "| run | time | sellers per second | against serial |",
        "|---|---:|---:|---:|",
        (
            f"| serial: one seller's `sales_quality(load(path))` x {m.sellers:,} "
            f"(timed on {min(m.sellers, SAMPLE)} sellers) | {m.serial:.2f} s "
            f"| {m.sellers / m.serial:.1f} | 1.00x |"
        ),
        (
            f"| `evaluate_many`, {m.workers} local processes | {m.local:.2f} s "
            f"| {m.sellers / m.local:.1f} | {m.serial / m.local:.2f}x |"
        ),
        (
            f"| `evaluate_many`, Dask LocalCluster of {m.workers} worker processes "
            f"| {m.dask:.2f} s | {m.sellers / m.dask:.1f} | {m.serial / m.dask:.2f}x |"
        ),
        "",
        f"The LocalCluster took {m.dask_start:.1f} s to start, before the batch's clock.",
        "",
        "| target | limit | measured | met |",
        "|---|---|---|---|",
        (
            f"| parallel efficiency of the local run, serial / ({m.workers} x local) "
            f"| >= {EFFICIENCY_TARGET:.2f} | {m.efficiency:.2f} | {_met(efficiency_met)} |"
        ),
        (
            f"| Dask LocalCluster / local processes | <= {DASK_LIMIT:.2f}x "
            f"| {m.dask_ratio:.2f}x | {_met(dask_met)} |"
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table, write it; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sellers", type=int, help=f"how many sellers (default {SELLERS})")
    parser.add_argument("--orders", type=int, help=f"orders per seller (default {ORDERS:,})")
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"processes (default {WORKERS})"
    )
    parser.add_argument("--quick", action="store_true", help="CI-sized run: 20 x 1,000")
    parser.add_argument("--seed", type=int, default=0, help="the first seller's seed (default 0)")
    parser.add_argument("--output", type=Path, help="write the Markdown table to OUTPUT")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target is missed (full run only)"
    )
    args = parser.parse_args(argv)
    sellers: int = args.sellers or (QUICK_SELLERS if args.quick else SELLERS)
    orders: int = args.orders or (QUICK_ORDERS if args.quick else ORDERS)
    if sellers < 1 or orders < 4 or args.workers < 1:
        parser.error("--sellers and --workers must be positive, --orders at least 4")
    full = sellers == SELLERS and orders == ORDERS and not args.quick
    output: Path | None = args.output
    if output is None and full:
        output = DEFAULT_OUTPUT
    if args.no_write:
        output = None

    info = machine_info()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sellerquality-batch-") as folder:
        try:
            measured, versions = measure(
                sellers, orders, workers=args.workers, seed=args.seed, folder=Path(folder)
            )
        except MismatchError as exc:
            log(f"error: {exc}")
            return 2
    info["packages"] = {"sellerquality": info["packages"]["sellerquality"], **versions}
    log(f"  ({time.perf_counter() - began:.1f} s in all)")
    command = " ".join(["python bench/batch.py", *(argv if argv is not None else sys.argv[1:])])
    text = markdown(measured, info, command, full=full)
    print(text)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        log(f"  written to {output}")
    missed = [met for met in measured.judged(full=full) if met is False]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
