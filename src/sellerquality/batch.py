"""Many sellers at once: one report (or history) per seller, on local processes or a Dask cluster.

:func:`evaluate_many` reads each seller where it is evaluated — a worker
process, or a Dask worker — so a batch sends paths, not records; a seller
that cannot be read or evaluated is reported with its error, and the others
go on. Results pickle, so they come back from any executor.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs

from ._json import load
from ._time import require_aware
from .allegro import (
    QualityReport,
    Rulebook,
    SellerActivity,
    read_api_dir,
    rulebook_for,
    sales_quality,
)
from .allegro import quality_history as _quality_history
from .exceptions import InvalidValueError, LoadError, MissingExtraError, SellerQualityError

__all__ = ["SellerResult", "Source", "evaluate_many"]

Source = str | os.PathLike[str] | SellerActivity
"""A seller: a JSON file in our format, a folder of Allegro API bodies, or an activity."""

_MOST_PER_TASK = 32
"""Sellers per task at most, so that many small sellers do not cost a round trip each."""


@attrs.frozen
class SellerResult:
    """One seller's outcome in a batch (SQ-1…SQ-3).

    Attributes:
        name: The seller's name: the one given, else the file or folder name,
            else its position (``"seller-3"``).
        source: Where it was read from (``None`` for an activity given in Python).
        report: The report at ``as_of``, or ``None`` when the seller failed.
        history: One report per day when a history was asked for, else ``()``.
        error: Why the seller failed (one line), or ``None``.
    """

    name: str
    source: str | None
    report: QualityReport | None
    history: tuple[QualityReport, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the seller was read and evaluated."""
        return self.error is None


def _read(source: Source) -> SellerActivity:
    if isinstance(source, SellerActivity):
        return source
    path = Path(source)
    return read_api_dir(path) if path.is_dir() else load(path)


def _one(
    name: str,
    source: Source,
    as_of: datetime,
    history: tuple[date, date] | None,
    rulebook: Rulebook | None,
) -> SellerResult:
    label = None if isinstance(source, SellerActivity) else os.fspath(source)
    try:
        activity = _read(source)
        book = rulebook if rulebook is not None else rulebook_for(as_of)
        report = sales_quality(activity, as_of=as_of, rulebook=book)
        days = (
            _quality_history(activity, start=history[0], end=history[1], rulebook=book)
            if history is not None
            else ()
        )
    except (SellerQualityError, OSError) as exc:
        first = (
            exc.first_line
            if isinstance(exc, LoadError)
            else " ".join(str(exc).splitlines()[:1]) or type(exc).__name__
        )
        return SellerResult(name=name, source=label, report=None, error=first)
    return SellerResult(name=name, source=label, report=report, history=days)


def _chunk(
    items: Sequence[tuple[str, Source]],
    as_of: datetime,
    history: tuple[date, date] | None,
    rulebook: Rulebook | None,
) -> list[SellerResult]:
    """Evaluate a run of sellers in one task (runs in the worker)."""
    return [_one(name, source, as_of, history, rulebook) for name, source in items]


def _named(sources: Mapping[str, Source] | Iterable[Source]) -> list[tuple[str, Source]]:
    if isinstance(sources, Mapping):
        return list(sources.items())
    named: list[tuple[str, Source]] = []
    for index, source in enumerate(sources):
        if isinstance(source, SellerActivity):
            named.append((f"seller-{index}", source))
        else:
            named.append((Path(source).stem or f"seller-{index}", source))
    return named


def _chunks(items: list[tuple[str, Source]], workers: int) -> list[list[tuple[str, Source]]]:
    size = max(1, min(_MOST_PER_TASK, -(-len(items) // (4 * workers))))
    return [items[start : start + size] for start in range(0, len(items), size)]


def evaluate_many(
    sources: Mapping[str, Source] | Iterable[Source],
    *,
    as_of: datetime,
    history: tuple[date, date] | None = None,
    rulebook: Rulebook | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    client: Any = None,
) -> tuple[SellerResult, ...]:
    """Evaluate many sellers: one :class:`SellerResult` per seller, in input order (SQ-1…SQ-3).

    Args:
        sources: The sellers: paths to JSON files in our format or to folders
            of Allegro API bodies (read where they are evaluated), or
            activities; a mapping gives each a name.
        as_of: The evaluation instant of every report.
        history: ``(start, end)`` Warsaw days: also one report per day
            (:func:`~sellerquality.allegro.quality_history`).
        rulebook: The rules; by default the edition in force at ``as_of``
            (:func:`~sellerquality.allegro.rulebook_for`), as the command line does.
        workers: Local processes (default: the CPU count); ``1`` evaluates in
            this process.
        executor: Any ``concurrent.futures.Executor`` to use instead.
        client: A ``distributed.Client``: the sellers are evaluated on its
            Dask cluster (extra ``[dask]``); files are read on the workers,
            so their paths must be reachable there.

    Returns:
        One result per seller; a seller that fails carries its error and the
        others go on.

    Raises:
        InvalidValueError: ``as_of`` is naive, or both ``executor`` and
            ``client`` are given.
        sellerquality.exceptions.MissingExtraError: ``client`` is given
            without the ``[dask]`` extra.
    """
    require_aware(as_of, field="as_of")
    if executor is not None and client is not None:
        raise InvalidValueError(
            field="executor", value=executor, reason="cannot be given with client"
        )
    items = _named(sources)
    if not items:
        return ()
    if client is not None:
        return _on_dask(client, items, as_of, history, rulebook)
    count = workers or os.cpu_count() or 1
    if executor is None and count == 1:
        return tuple(_chunk(items, as_of, history, rulebook))
    chunks = _chunks(items, count)
    if executor is not None:
        return _gather(executor, chunks, as_of, history, rulebook)
    with ProcessPoolExecutor(max_workers=count) as pool:
        return _gather(pool, chunks, as_of, history, rulebook)


def _gather(
    executor: Executor,
    chunks: list[list[tuple[str, Source]]],
    as_of: datetime,
    history: tuple[date, date] | None,
    rulebook: Rulebook | None,
) -> tuple[SellerResult, ...]:
    futures = [executor.submit(_chunk, chunk, as_of, history, rulebook) for chunk in chunks]
    return tuple(result for future in futures for result in future.result())


def _on_dask(
    client: Any,
    items: list[tuple[str, Source]],
    as_of: datetime,
    history: tuple[date, date] | None,
    rulebook: Rulebook | None,
) -> tuple[SellerResult, ...]:
    try:
        import distributed  # noqa: F401, PLC0415 - the extra is optional
    except ImportError:
        raise MissingExtraError(
            'a Dask cluster needs the optional extra: pip install "sellerquality[dask]"'
        ) from None
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    chunks = _chunks(items, workers)
    futures = client.map(
        _chunk, chunks, as_of=as_of, history=history, rulebook=rulebook, pure=False
    )
    return tuple(result for chunk in client.gather(futures) for result in chunk)
