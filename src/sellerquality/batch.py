"""Many sellers at once: one report (or history) per seller, on local processes or a Dask cluster.

:func:`evaluate_many` reads each seller where it is evaluated — a worker
process, or a Dask worker — so a batch sends paths, not records; a seller
that cannot be read or evaluated is reported with its error, and the others
go on. Results pickle, so they come back from any executor.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._json import load
from ._time import day_start, local_day, require_aware
from .allegro import (
    EDITIONS,
    QualityReport,
    Rulebook,
    SellerActivity,
    quality_history,
    read_api_dir,
    rulebook_for,
    sales_quality,
)
from .exceptions import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    MissingExtraError,
    SellerQualityError,
)

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["SellerResult", "Source", "evaluate_many"]

Source = str | os.PathLike[str] | SellerActivity
"""A seller: a JSON file in our format, a folder of Allegro API bodies, or an activity."""

INSTALL_HINT: Final = 'pip install "sellerquality[dask]"'

_TASKS_PER_WORKER: Final = 8
"""Tasks per worker a batch is cut into: few round trips, yet an even finish."""
_MOST_PER_TASK: Final = 64
"""Sellers per task at most, so a worker's results come back (and free memory) as it goes."""
_ONE_DAY: Final = timedelta(days=1)

Progress = Callable[[int, int], object]

_CAPTURE: Final = threading.Lock()
"""One seller at a time per process captures its warnings (``warnings`` state is global)."""


@attrs.frozen(kw_only=True)
class SellerResult:
    """One seller's outcome in a batch: its report (SQ-1…SQ-3) and history (SQ-2), or its error.

    Attributes:
        name: The seller's name: the one given, else the file's name without
            its suffix or the folder's name, else its position
            (``"seller-3"``).
        source: The path it was read from, as given (``None`` for an
            activity given in Python).
        report: The report at ``as_of``, or ``None`` when the seller failed.
        history: One report per Warsaw day when a history was asked for,
            else ``()`` (also when the seller failed).
        error: Why the seller failed, on one line (for a file, the file and
            the JSON path of its first problem, as the command line prints
            it), or ``None``.
        warnings: What reading the seller warned about, such as an
            :class:`~sellerquality.exceptions.AllegroApiWarning` for a value
            of an API body kept as "other" (DI-1, SQ-1), one line each.
    """

    name: str
    source: str | None
    report: QualityReport | None
    history: tuple[QualityReport, ...] = ()
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the seller was read and evaluated."""
        return self.error is None


# --- in the worker ------------------------------------------------------------------------


@attrs.frozen
class _Job:
    """What every seller of a batch is evaluated with (sent once per task)."""

    as_of: datetime
    report_rulebook: Rulebook
    history: tuple[tuple[date, date, Rulebook], ...] | None
    """Runs of days sharing a rulebook, or ``None`` for no history."""


@attrs.frozen
class _Item:
    """One seller as sent to a worker: a path to read there, or the activity itself."""

    name: str
    label: str | None
    source: str | SellerActivity


def _read(source: str | SellerActivity) -> SellerActivity:
    if isinstance(source, SellerActivity):
        return source
    path = Path(source)
    return read_api_dir(path) if path.is_dir() else load(path)


def _one_line(error: SellerQualityError | OSError, item: _Item) -> str:
    """The error on one line, naming the file as it was given (not as made absolute)."""
    if isinstance(error, LoadError):
        line = error.first_line
        absolute = f"{item.source}: "
        if item.label is not None and line.startswith(absolute):
            return f"{item.label}: {line.removeprefix(absolute)}"
        return line
    return " ".join(str(error).splitlines()) or type(error).__name__


def _evaluate(item: _Item, job: _Job) -> SellerResult:
    failed: str | None = None
    with _CAPTURE, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            activity = _read(item.source)
            report = sales_quality(activity, as_of=job.as_of, rulebook=job.report_rulebook)
            days: tuple[QualityReport, ...] = ()
            for first, last, rulebook in job.history or ():
                days += quality_history(activity, start=first, end=last, rulebook=rulebook)
        except (SellerQualityError, OSError) as exc:
            failed = _one_line(exc, item)
    said = tuple(" ".join(str(warning.message).splitlines()) for warning in caught)
    if failed is not None:
        return SellerResult(
            name=item.name, source=item.label, report=None, error=failed, warnings=said
        )
    return SellerResult(
        name=item.name, source=item.label, report=report, history=days, warnings=said
    )


def _evaluate_task(items: Sequence[_Item], job: _Job) -> list[SellerResult]:
    """Evaluate one task's run of sellers (in the worker)."""
    return [_evaluate(item, job) for item in items]


# --- in the caller ------------------------------------------------------------------------


def _items(sources: object) -> list[_Item]:
    """Each source with its name; paths made absolute, so any worker reads the same file."""
    if isinstance(sources, str | os.PathLike | SellerActivity):
        raise InvalidTypeError(
            field="sources", value=sources, reason="is one seller; give a list of sources"
        )
    if isinstance(sources, Mapping):
        pairs: list[tuple[str | None, object]] = list(sources.items())
    elif isinstance(sources, Iterable):
        pairs = [
            (entry[0], entry[1]) if isinstance(entry, tuple) and len(entry) == 2 else (None, entry)
            for entry in sources
        ]
    else:
        raise InvalidTypeError(
            field="sources",
            value=sources,
            reason="is not a list or mapping of paths and activities",
        )
    items: list[_Item] = []
    for index, (name, source) in enumerate(pairs):
        if name is not None and not isinstance(name, str):
            raise InvalidTypeError(
                field=f"sources[{index}]", value=name, reason="is not a str, so not a name"
            )
        if isinstance(source, SellerActivity):
            items.append(_Item(name or f"seller-{index}", None, source))
        elif isinstance(source, str | os.PathLike):
            label = os.fspath(source)
            if not isinstance(label, str) or not label:
                raise InvalidValueError(
                    field=f"sources[{index}]", value=source, reason="is no file or folder name"
                )
            path = Path(label)
            items.append(_Item(name or path.stem or path.name, label, str(path.absolute())))
        else:
            raise InvalidTypeError(
                field=f"sources[{index}]",
                value=source,
                reason="is not a path (str or os.PathLike) or a SellerActivity",
            )
    return items


def _in_force(as_of: datetime) -> Rulebook:
    # Before the first edition's day its rules apply: they are the oldest known (as on the
    # command line), and sales_quality's default.
    return EDITIONS[0] if local_day(as_of) < EDITIONS[0].effective_from else rulebook_for(as_of)


def _history_runs(
    history: object, rulebook: Rulebook | None
) -> tuple[tuple[date, date, Rulebook], ...]:
    """Split the days into runs that share a rulebook: ``rulebook``, else each day's edition.

    Day ``D``'s result is evaluated at the midnight starting ``D + 1`` (SQ-2),
    so it gets the edition in force then, as ``sellerquality history`` does.
    """
    if not isinstance(history, tuple | list) or len(history) != 2:
        raise InvalidTypeError(
            field="history", value=history, reason="is not a pair (start, end) of days"
        )
    first, last = _day(history[0], "start"), _day(history[1], "end")
    if last < first:
        raise InvalidValueError(field="history", value=history, reason="ends before it starts")
    if rulebook is not None:
        return ((first, last, rulebook),)
    runs: list[tuple[date, date, Rulebook]] = []
    day = first
    while day <= last:
        book = _in_force(day_start(day + _ONE_DAY))
        end = day
        while end < last and _in_force(day_start(end + 2 * _ONE_DAY)) is book:
            end += _ONE_DAY
        runs.append((day, end, book))
        day = end + _ONE_DAY
    return tuple(runs)


def _day(value: object, name: str) -> date:
    if isinstance(value, datetime):
        return local_day(require_aware(value, field=f"history {name}"))
    if not isinstance(value, date):
        raise InvalidTypeError(field=f"history {name}", value=value, reason="is not a date")
    return value


def _tasks(items: list[_Item], workers: int) -> list[list[_Item]]:
    size = min(_MOST_PER_TASK, max(1, -(-len(items) // (_TASKS_PER_WORKER * workers))))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _in_order(
    futures: Sequence[Any], done: Iterator[Any], total: int, progress: Progress | None
) -> Iterator[SellerResult]:
    """Yield the tasks' results in input order as the tasks finish in any order."""
    position = {id(future): index for index, future in enumerate(futures)}
    waiting: dict[int, list[SellerResult]] = {}
    next_index = finished = 0
    for future in done:
        results: list[SellerResult] = future.result()
        waiting[position[id(future)]] = results
        finished += len(results)
        if progress is not None:
            progress(finished, total)
        while next_index in waiting:
            yield from waiting.pop(next_index)
            next_index += 1


def _results(
    sources: object,
    *,
    as_of: datetime,
    history: tuple[date, date] | None,
    rulebook: Rulebook | None,
    workers: int | None,
    executor: Executor | None,
    client: Client | str | None,
    progress: Progress | None,
) -> Iterator[SellerResult]:
    """Check the arguments, then yield one result per seller, in input order, as they come."""
    require_aware(as_of, field="as_of")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)):
        raise InvalidTypeError(field="workers", value=workers, reason="is not an int")
    if workers is not None and workers < 1:
        raise InvalidValueError(field="workers", value=workers, reason="is not at least 1")
    if executor is not None and client is not None:
        raise InvalidValueError(
            field="executor", value=executor, reason="cannot be given with client"
        )
    job = _Job(
        as_of=as_of,
        report_rulebook=rulebook if rulebook is not None else _in_force(as_of),
        history=None if history is None else _history_runs(history, rulebook),
    )
    items = _items(sources)
    return _run(items, job, workers=workers, executor=executor, client=client, progress=progress)


def _run(
    items: list[_Item],
    job: _Job,
    *,
    workers: int | None,
    executor: Executor | None,
    client: Client | str | None,
    progress: Progress | None,
) -> Iterator[SellerResult]:
    total = len(items)
    if not items:
        return
    if client is not None:
        yield from _on_dask(client, items, job, progress)
        return
    count = workers or os.cpu_count() or 1
    if executor is None and count == 1:
        for done, item in enumerate(items, start=1):
            yield _evaluate(item, job)
            if progress is not None:
                progress(done, total)
        return
    if executor is not None:
        yield from _on_executor(executor, _tasks(items, count), job, total, progress)
        return
    # forkserver where there is one: forking a process that runs threads (a Dask
    # client, a notebook's) can copy a lock some thread holds, and hang the child.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    tasks = _tasks(items, count)
    with ProcessPoolExecutor(max_workers=min(count, len(tasks)), mp_context=context) as pool:
        yield from _on_executor(pool, tasks, job, total, progress)


def _on_executor(
    executor: Executor,
    tasks: list[list[_Item]],
    job: _Job,
    total: int,
    progress: Progress | None,
) -> Iterator[SellerResult]:
    futures: list[Future[list[SellerResult]]] = [
        executor.submit(_evaluate_task, task, job) for task in tasks
    ]
    try:
        yield from _in_order(futures, as_completed(futures), total, progress)
    finally:
        for future in futures:
            future.cancel()


def _distributed(what: str) -> Any:
    """Import ``distributed``, or say which extra ``what`` needs."""
    try:
        import distributed  # noqa: PLC0415 - the [dask] extra, imported on use
    except ImportError as exc:
        raise MissingExtraError(
            f"{what} needs the optional extra [dask]: {INSTALL_HINT} ({exc})"
        ) from None
    return distributed


def _on_dask(
    client: Client | str, items: list[_Item], job: _Job, progress: Progress | None
) -> Iterator[SellerResult]:
    distributed = _distributed("a Dask cluster")
    own = isinstance(client, str)
    if own:
        try:
            client = distributed.Client(client, timeout="10s")
        except (OSError, ValueError) as exc:
            reason = " ".join(str(exc).splitlines()) or type(exc).__name__
            raise InvalidValueError(
                field="client", value=client, reason=f"is no Dask scheduler to reach: {reason}"
            ) from None
    cluster: Any = client  # distributed's Client methods are not annotated
    try:
        workers = max(1, sum(cluster.nthreads().values()))
        tasks = _tasks(items, workers)
        # pure=False: no hashing of the sellers for a key; each task runs once.
        futures = cluster.map(_evaluate_task, tasks, job=job, pure=False)
        try:
            yield from _in_order(futures, distributed.as_completed(futures), len(items), progress)
        finally:
            cluster.cancel(futures)
    finally:
        if own:
            cluster.close()


def evaluate_many(
    sources: Mapping[str, Source] | Iterable[Source | tuple[str, Source]],
    *,
    as_of: datetime,
    history: tuple[date, date] | None = None,
    rulebook: Rulebook | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    client: Client | str | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> tuple[SellerResult, ...]:
    """Evaluate many sellers: one :class:`SellerResult` per seller, in input order (SQ-1…SQ-3).

    Each seller's report equals ``sales_quality(activity, as_of=as_of,
    rulebook=...)`` (SQ-1…SQ-3) and its history ``quality_history`` (SQ-2), as
    if called one seller at a time. Files are read where the seller is
    evaluated (a worker process, a Dask worker), so only paths and results
    travel; sellers are sent in tasks of several each, so 500 small sellers
    do not cost 500 round trips.

    Args:
        sources: The sellers: paths to JSON files in our format
            (:func:`~sellerquality.load`) or to folders of Allegro REST API
            bodies (:func:`~sellerquality.allegro.read_api_dir`), or
            activities; ``(name, source)`` pairs, or a mapping of names to
            sources, name them.
        as_of: The evaluation instant of every report.
        history: ``(start, end)``, Warsaw days both included: also one report
            per day (:func:`~sellerquality.allegro.quality_history`).
        rulebook: The rules. By default the edition in force at ``as_of``
            (:func:`~sellerquality.allegro.rulebook_for`; before 2022 the
            oldest, 2022), and for each day of a history the edition in force
            when that day's result is evaluated, as the command line does.
        workers: Local processes (default: the CPU count); ``1`` evaluates in
            this process. With ``executor`` or ``client``, only how finely
            the batch is cut into tasks.
        executor (concurrent.futures.Executor | None): Any executor to use
            instead (it is not shut down).
        client (distributed.Client | str | None): A Dask client, or a
            scheduler's address (``"tcp://HOST:8786"``, for which a client
            is opened and closed): the sellers are evaluated on that Dask
            cluster (extra ``[dask]``). Files are read on the workers, so their paths must
            be reachable there; a relative path is made absolute here first.
        progress: Called as ``progress(done, total)`` in this thread each
            time sellers come back.

    Returns:
        One result per seller, in input order. A seller that cannot be read
        or evaluated (a bad file, bad data: any
        :class:`~sellerquality.exceptions.SellerQualityError` or :class:`OSError`)
        carries its error, and the others go on; any other exception is a
        bug and stops the batch.

    Raises:
        InvalidValueError: ``as_of`` is naive, the history ends before it
            starts, ``workers`` is below 1, both ``executor`` and ``client``
            are given, or ``client`` is an address no scheduler answers at.
        InvalidTypeError: A source is not a path or an activity, a name is
            not a string, or ``sources`` is one source instead of a list.
        sellerquality.exceptions.MissingExtraError: ``client`` is given
            without the ``[dask]`` extra.

    Example:
        >>> from sellerquality.batch import evaluate_many
        >>> from sellerquality.examples import AS_OF, example_path
        >>> shop, missing = evaluate_many(
        ...     [("shop", example_path()), "no-such-file.json"], as_of=AS_OF, workers=1
        ... )
        >>> shop.name, shop.report.grade.value, shop.report.score
        ('shop', 'GOOD', 183)
        >>> missing.name, missing.error
        ('no-such-file', 'no-such-file.json: $: cannot read file: No such file or directory')
    """
    return tuple(
        _results(
            sources,
            as_of=as_of,
            history=history,
            rulebook=rulebook,
            workers=workers,
            executor=executor,
            client=client,
            progress=progress,
        )
    )
