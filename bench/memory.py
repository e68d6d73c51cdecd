"""How much memory a seller's activity takes, measured in a fresh process.

``bench/run.py`` runs this script in a new Python process, twice for each main
size, so that nothing the benchmark allocated before skews the numbers::

    python bench/memory.py records 1000000   # (a) records made in memory, then the activity
    python bench/memory.py load seller.json  # (b) the activity loaded from our JSON file

Resident bytes are the process's RSS (``/proc/self/statm``), read after
``gc.collect()``; every reading is taken after one ``sales_quality`` on the
activity (the report itself dropped), so that anything the engine builds on
first use and keeps is counted. It prints one JSON object:

* ``records``: the activity's record count;
* ``build_s``, ``build_cpu_s``: one ``SellerActivity(**records)`` (``records``)
  or one ``load(path)`` (``load``), wall and CPU seconds;
* ``rss_before``: resident bytes after the imports;
* ``rss_records`` (``records`` only): once the records are made
  (:func:`generate.make_records`), before the activity;
* ``rss_after``: with the activity built (or loaded) and reported on;
* ``resident_per_record``: ``(rss_after - rss_before) / records``: the bytes
  each record keeps resident, the records and everything the activity holds
  included (for ``load``, also what the loader leaves behind: memory the
  parsed JSON used that the allocator keeps);
* ``activity_per_record`` (``records`` only): what the activity adds to
  records already in memory, per record: the bytes :mod:`tracemalloc` sees
  still allocated after a second ``SellerActivity(**records)`` and a report on
  it (RSS differences cannot tell, as the activity reuses memory the
  generator freed);
* ``peak_rss``: the process's peak resident bytes (``ru_maxrss``): the memory
  building or loading that seller needs.

Byte counts are ``null`` where the platform cannot tell (no ``/proc``).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from generate import AS_OF, KINDS, make_records

from sellerquality import load
from sellerquality.allegro import SellerActivity, sales_quality

__all__ = ["peak_rss_bytes", "probe_load", "probe_records", "rss_bytes"]


def rss_bytes() -> int | None:
    """The process's resident bytes now (Linux ``/proc/self/statm``), else ``None``."""
    try:
        pages = Path("/proc/self/statm").read_text(encoding="ascii").split()[1]
    except OSError:
        return None
    return int(pages) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int | None:
    """The peak resident bytes of this process (Linux ``VmHWM``, else ``ru_maxrss``).

    ``VmHWM`` is preferred: ``ru_maxrss`` of a process started by another one
    also counts the parent's memory at the time it was started (Linux carries
    it over the ``exec``), which would make every probe as large as the harness.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import resource  # noqa: PLC0415 - Unix only
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _per(value: int | None, base: int | None, count: int) -> float | None:
    if value is None or base is None or count == 0:
        return None
    return (value - base) / count


def _reported(activity: SellerActivity) -> int | None:
    """Report on ``activity`` once, drop the report, collect, and read the RSS."""
    report = sales_quality(activity, as_of=AS_OF)
    del report
    gc.collect()
    return rss_bytes()


def probe_records(n_orders: int, seed: int = 0) -> dict[str, Any]:
    """(a) Make the records of ``n_orders`` in memory, then build and report on the activity."""
    gc.collect()
    before = rss_bytes()
    records = make_records(n_orders, seed=seed)
    gc.collect()
    made = rss_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    activity = SellerActivity(**records)
    build_s, build_cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    after = _reported(activity)
    count = sum(len(getattr(activity, kind)) for kind in KINDS)
    peak = peak_rss_bytes()
    del activity
    gc.collect()
    tracemalloc.start()
    again = SellerActivity(**records)
    _reported(again)
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return {
        "records": count,
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "rss_before": before,
        "rss_records": made,
        "rss_after": after,
        "resident_per_record": _per(after, before, count),
        "activity_per_record": traced / count if count else None,
        "peak_rss": peak,
    }


def probe_load(path: Path) -> dict[str, Any]:
    """(b) Load the activity from ``path`` and report on it."""
    gc.collect()
    before = rss_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    activity = load(path)
    build_s, build_cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    gc.collect()
    after = _reported(activity)
    count = sum(len(getattr(activity, kind)) for kind in KINDS)
    return {
        "records": count,
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "rss_before": before,
        "rss_after": after,
        "resident_per_record": _per(after, before, count),
        "peak_rss": peak_rss_bytes(),
    }


def main(argv: list[str]) -> int:
    """``records N [SEED]`` or ``load PATH``: print the probe's JSON."""
    if len(argv) >= 2 and argv[0] == "records":
        seed = int(argv[2]) if len(argv) > 2 else 0
        print(json.dumps(probe_records(int(argv[1]), seed)))
        return 0
    if len(argv) == 2 and argv[0] == "load":
        print(json.dumps(probe_load(Path(argv[1]))))
        return 0
    print("usage: memory.py records N [SEED] | memory.py load PATH", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
