"""Fetch a seller's Allegro REST API bodies into a folder, incrementally (extra ``[allegro]``).

:func:`fetch` walks every endpoint :func:`~sellerquality.allegro.from_api`
reads and saves each body, as the API returned it, in the folder layout that
:func:`~sellerquality.allegro.read_api_dir` and ``sellerquality report
--from-api DIR`` read. The folder keeps a ``manifest.json`` of what was fetched
and when, so that a second run asks only for what is new or changed and an
interrupted run goes on where it stopped.

This module needs nothing beyond the core: the HTTP side (httpx, stamina) lives
in ``_http`` and is imported only when :func:`fetch` runs, so the
library imports, and says how to install the extra, without them.

How the folder stays right whatever happens:

* every file is written whole: to a hidden temporary file beside it, then
  renamed over it (a reader never sees half a body; hidden files are not part
  of the layout);
* a file whose content did not change is not written again;
* each item of a list (an order, a rating, an offer, …) lives in exactly one
  page file: a page fetched again takes its items out of the older pages first;
* a detail (``shipments/<id>.json``, ``issue-chats/<id>.json``, …) is fetched
  when its file is missing or when the item it belongs to changed since it was
  fetched (the manifest keeps a fingerprint of that item);
* a 404 or 403 for one item is written into the manifest with its reason and
  skipped, never fatal; it is asked again only when its item changes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, Self

import attrs
from dateutil.relativedelta import relativedelta

from ..._time import WARSAW, day_start, require_aware
from ...exceptions import MissingExtraError, SellerQualityError

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "AllegroClient",
    "DeviceCode",
    "FetchError",
    "FetchSummary",
    "Skipped",
    "fetch",
]

INSTALL_HINT: Final = 'pip install "sellerquality[allegro]"'
MANIFEST: Final = "manifest.json"
MANIFEST_SCHEMA: Final = "sellerquality.fetch/1"

PRODUCTION_API: Final = "https://api.allegro.pl"
PRODUCTION_AUTH: Final = "https://allegro.pl"
SANDBOX_API: Final = "https://api.allegro.pl.allegrosandbox.pl"
SANDBOX_AUTH: Final = "https://allegro.pl.allegrosandbox.pl"

#: Parcel statuses after which a carrier's history no longer changes.
_FINAL_PARCEL: Final = frozenset({"DELIVERED", "RETURNED"})
#: ``GET /order/carriers/{carrierId}/tracking`` takes at most 20 waybills a call.
_WAYBILLS_PER_CALL: Final = 20
#: Fields of an offer's listing entry that change all day and say nothing about its details.
_VOLATILE_OFFER_FIELDS: Final = frozenset({"stock", "stats", "saleInfo"})


# --- errors ---------------------------------------------------------------------------------------


class FetchError(SellerQualityError, RuntimeError):
    """A fetch stopped: Allegro refused the authorisation, or kept failing.

    What was fetched before stays in the folder and in its manifest; running
    the same fetch again goes on where this one stopped.

    Attributes:
        summary: What the run did before it stopped, when it had started.
    """

    def __init__(self, message: str, *, summary: FetchSummary | None = None) -> None:
        super().__init__(message)
        self.summary = summary


# --- public values --------------------------------------------------------------------------------


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value > 0:
        raise ValueError(f"AllegroClient.{attribute.name} must be positive, not {value!r}")


def _config_home() -> Path:
    configured = os.environ.get("XDG_CONFIG_HOME")
    return Path(configured) if configured else Path.home() / ".config"


@attrs.frozen(kw_only=True)
class AllegroClient:
    """The application that reads a seller's account, and how it reaches Allegro.

    In OAuth 2 a *client* is the registered application: its client id and
    secret come from Allegro's developer portal (https://apps.developer.allegro.pl,
    or https://apps.developer.allegro.pl.allegrosandbox.pl for the sandbox). This
    value holds them, where to find the seller's tokens, which Allegro to talk to,
    and how patiently: it opens no connection and can be built, compared and
    passed around freely. Secrets never appear in its ``repr``.

    Tokens: with ``token`` the caller's own access token is used as it is (it
    cannot be refreshed). Otherwise the tokens of the device flow are kept in
    ``token_file`` (default ``sellerquality/allegro-token.json`` under
    ``$XDG_CONFIG_HOME`` or ``~/.config``), readable only by the user, and
    refreshed when they expire.

    The defaults keep within Allegro's published limits (9000 requests a
    minute per client id; 50 a second for ``/order/checkout-forms/{id}/shipments``):
    at most ``concurrency`` requests in flight and ``requests_per_second`` a
    second. A 429 answer waits as its ``Retry-After`` says (at most
    ``retry_after_max`` seconds); a connection error, a timeout or a 5xx answer
    is tried again after an exponential backoff with jitter (``wait_initial``
    doubling up to ``wait_max``, plus up to ``wait_jitter``), ``attempts``
    times in all within ``retry_timeout`` seconds.

    Attributes:
        client_id: The application's client id.
        client_secret: The application's client secret.
        token: An access token the caller already has.
        token_file: Where the device flow's tokens are kept.
        sandbox: Talk to Allegro's sandbox instead of production.
        api_url: The REST API's base URL (default: production's or the sandbox's).
        auth_url: The OAuth server's base URL (default: production's or the sandbox's).
        timeout: Seconds to wait for one answer.
        concurrency: Requests in flight at once.
        requests_per_second: Requests started per second at most.
        attempts: Tries of one request in all.
        retry_timeout: Seconds one request may take with its retries.
        wait_initial: Seconds before the first retry.
        wait_max: Seconds between retries at most.
        wait_jitter: Random seconds added to each backoff at most.
        retry_after_max: Seconds a ``Retry-After`` may make us wait at most.
    """

    client_id: str | None = None
    client_secret: str | None = attrs.field(default=None, repr=False)
    token: str | None = attrs.field(default=None, repr=False)
    token_file: Path | None = attrs.field(default=None, converter=attrs.converters.optional(Path))
    sandbox: bool = False
    api_url: str | None = None
    auth_url: str | None = None
    timeout: float = attrs.field(default=30.0, validator=_positive)
    concurrency: int = attrs.field(default=8, validator=_positive)
    requests_per_second: float = attrs.field(default=50.0, validator=_positive)
    attempts: int = attrs.field(default=6, validator=_positive)
    retry_timeout: float = attrs.field(default=300.0, validator=_positive)
    wait_initial: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    wait_max: float = attrs.field(default=30.0, validator=attrs.validators.ge(0))
    wait_jitter: float = attrs.field(default=1.0, validator=attrs.validators.ge(0))
    retry_after_max: float = attrs.field(default=120.0, validator=attrs.validators.ge(0))

    @property
    def api_base(self) -> str:
        """The REST API's base URL, without a trailing slash."""
        default = SANDBOX_API if self.sandbox else PRODUCTION_API
        return (self.api_url or default).rstrip("/")

    @property
    def auth_base(self) -> str:
        """The OAuth server's base URL, without a trailing slash."""
        default = SANDBOX_AUTH if self.sandbox else PRODUCTION_AUTH
        return (self.auth_url or default).rstrip("/")

    @property
    def token_path(self) -> Path:
        """The token file, ``token_file`` or else the default under the user's config folder."""
        if self.token_file is not None:
            return self.token_file
        return _config_home() / "sellerquality" / "allegro-token.json"


@attrs.frozen(kw_only=True)
class DeviceCode:
    """What the seller must do to let the application read the account (OAuth device flow).

    Attributes:
        user_code: The code the seller confirms on Allegro's page.
        verification_uri: The page where the code is typed in.
        verification_uri_complete: The same page with the code filled in.
        expires_in: Seconds the code stays valid.
        interval: Seconds between two polls of the token endpoint.
    """

    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int

    def prompt(self) -> str:
        """The instruction to show the seller, one line."""
        minutes = max(1, self.expires_in // 60)
        return (
            f"To let sellerquality read your Allegro account, open "
            f"{self.verification_uri_complete} and confirm the code {self.user_code} "
            f"(valid for {minutes} minutes)."
        )


@attrs.frozen
class Skipped:
    """One body the API would not give: recorded in the manifest, never fatal.

    Attributes:
        path: The file it would have been, relative to the folder
            (``product-offers/7778622955.json``).
        status: The HTTP status (404, 403, …).
        reason: Allegro's message, or the status's phrase.
    """

    path: str
    status: int
    reason: str


@attrs.frozen(kw_only=True)
class FetchSummary:
    """What one :func:`fetch` run did.

    Attributes:
        bodies: Bodies received, by folder entry (``"checkout-forms"``,
            ``"shipments"``, ``"me.json"``, …).
        written: Files written because they were new or changed.
        unchanged: Bodies fetched again that matched their file.
        skipped: Bodies the API would not give in this run.
        requests: HTTP requests sent (retries included).
        retries: Requests sent again after a 429, a 5xx, a timeout or a connection error.
        elapsed: Wall time of the run.
    """

    bodies: Mapping[str, int]
    written: int
    unchanged: int
    skipped: tuple[Skipped, ...]
    requests: int
    retries: int
    elapsed: timedelta


# --- the HTTP side, as the crawler sees it --------------------------------------------------------


@attrs.frozen
class Answer:
    """One answer of the API: a JSON body, or the status and reason it was refused."""

    status: int
    body: Any = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """The request gave a JSON body."""
        return 200 <= self.status < 300 and not self.reason


class Transport(Protocol):
    """What the crawler needs from the HTTP session (``_http.Session``)."""

    requests: int
    retries: int

    def get(
        self, path: str, params: Sequence[tuple[str, str]] = (), *, beta: bool = False
    ) -> Answer:
        """``GET`` an API path: a body, or a refusal (4xx other than 401 and 429)."""
        ...


# --- files ----------------------------------------------------------------------------------------


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str, *, mode: int = 0o644) -> None:
    """Write ``text`` to ``path`` whole: a hidden temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _natural(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


class _Folder:
    """The data folder: whole-file writes, written only when changed, and the run's counts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written = 0
        self.unchanged = 0
        root.mkdir(parents=True, exist_ok=True)
        for leftover in root.rglob(".*.tmp"):
            # Temporary files of a run that was killed between write and rename.
            with contextlib.suppress(OSError):
                leftover.unlink()

    def read(self, name: str) -> Any:
        """The JSON of a file, or ``None`` when it is missing or unreadable."""
        try:
            return json.loads((self.root / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None

    def write(self, name: str, data: Any, *, count: bool = True) -> bool:
        """Write ``data`` unless the file already holds it; True when written."""
        path = self.root / name
        if path.exists() and self.read(name) == data:
            if count:
                self.unchanged += 1
            return False
        write_atomic(path, _dump(data))
        if count:
            self.written += 1
        return True

    def remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / name).unlink()

    def exists(self, name: str) -> bool:
        return (self.root / name).is_file()

    def lists(self, prefix: str) -> list[str]:
        """The files of a list in the layout: ``prefix.json`` and ``prefix-*.json``."""
        names = [
            path.name
            for path in self.root.glob(f"{prefix}*.json")
            if path.name == f"{prefix}.json" or path.name.startswith(f"{prefix}-")
        ]
        return sorted(names, key=_natural)


def _pages_of(data: Any) -> list[Any]:
    """A file of the layout holds one body or an array of pages."""
    return list(data) if isinstance(data, list) else [data]


def _items(body: Any, key: str) -> list[Any]:
    items = body.get(key) if isinstance(body, dict) else None
    return items if isinstance(items, list) else []


def _object(item: Any, key: str) -> dict[str, Any]:
    """``item[key]`` when both are JSON objects, else an empty one."""
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, dict) else {}


def _ident(item: Any) -> str | None:
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) else None


class _DatedPages:
    """The page files of a list fetched in passes: each item in exactly one file.

    A new page is written to the next free number (``checkout-forms-3.json``),
    after its items were taken out of the older pages, so an item changed since
    the last run is read once, in its newer form.
    """

    def __init__(self, folder: _Folder, prefix: str, key: str) -> None:
        self.folder = folder
        self.prefix = prefix
        self.key = key
        self.where: dict[str, str] = {}
        self.numbers: list[int] = []
        for name in folder.lists(prefix):
            number = re.fullmatch(rf"{re.escape(prefix)}-(\d+)\.json", name)
            if number:
                self.numbers.append(int(number.group(1)))
            for page in _pages_of(folder.read(name)):
                for item in _items(page, key):
                    if (ident := _ident(item)) is not None:
                        self.where[ident] = name

    def add(self, body: Any) -> None:
        items = _items(body, self.key)
        idents = {ident for item in items if (ident := _ident(item)) is not None}
        if not items and (self.numbers or self.where):
            return
        for name in sorted({self.where[ident] for ident in idents if ident in self.where}):
            self._take_out(name, idents)
        number = max(self.numbers, default=0) + 1
        name = f"{self.prefix}-{number}.json"
        self.folder.write(name, body)
        self.numbers.append(number)
        for ident in idents:
            self.where[ident] = name

    def _take_out(self, name: str, idents: set[str]) -> None:
        pages = []
        for page in _pages_of(self.folder.read(name)):
            if isinstance(page, dict) and isinstance(page.get(self.key), list):
                kept = [item for item in page[self.key] if _ident(item) not in idents]
                pruned = {**page, self.key: kept}
                if isinstance(page.get("count"), int):
                    pruned["count"] = len(kept)
                pages.append(pruned)
            else:
                pages.append(page)
        if not any(_items(page, self.key) for page in pages):
            self.folder.remove(name)
            self.where = {key: value for key, value in self.where.items() if value != name}
            return
        data = pages[0] if len(pages) == 1 else pages
        # Taking items out is bookkeeping, not a body fetched: not counted.
        self.folder.write(name, data, count=False)


class _FullListing:
    """The page files of a list fetched whole each run (issues, threads, offers).

    Pages are staged in hidden files while the listing runs and replace the old
    pages only once it is complete, so that an interruption never leaves a mix
    of old and new pages in which one item could appear twice.
    """

    def __init__(self, folder: _Folder, prefix: str) -> None:
        self.folder = folder
        self.prefix = prefix
        self.staged: list[str] = []
        for leftover in folder.root.glob(f".staged-{prefix}-*.json"):
            leftover.unlink()

    def stage(self, body: Any) -> None:
        name = f".staged-{self.prefix}-{len(self.staged) + 1}.json"
        write_atomic(self.folder.root / name, _dump(body))
        self.staged.append(name)

    def commit(self) -> None:
        finals = []
        for number, staged in enumerate(self.staged, 1):
            final = f"{self.prefix}-{number}.json"
            self.folder.write(final, self.folder.read(staged))
            self.folder.remove(staged)
            finals.append(final)
        for name in self.folder.lists(self.prefix):
            if name not in finals:
                self.folder.remove(name)


# --- the manifest ---------------------------------------------------------------------------------


def _instant(moment: datetime) -> str:
    """An instant as the API writes them: UTC, milliseconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.astimezone(UTC).microsecond // 1000:03d}Z"
    )


def _parse_instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def fingerprint(item: Any, *, leave_out: Iterable[str] = ()) -> str:
    """A short hash of an item's JSON, to tell whether it changed since a detail was fetched."""
    if isinstance(item, dict) and leave_out:
        dropped = frozenset(leave_out)
        item = {key: value for key, value in item.items() if key not in dropped}
    text = json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _Manifest:
    """``DIR/manifest.json``: what was fetched and when, and where an interrupted run stood.

    ``lists`` holds, per list fetched in passes, the ``watermark`` (the instant
    up to which it is complete) and the ``pass`` under way (its query and the
    offset reached); ``details`` holds, per detail file, the fingerprint of the
    item it was fetched for, its status and when; ``runs`` the last runs.
    """

    def __init__(self, folder: _Folder) -> None:
        self.folder = folder
        data = folder.read(MANIFEST)
        if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
            data = {"schema": MANIFEST_SCHEMA}
        self.data: dict[str, Any] = data
        self.data.setdefault("lists", {})
        self.data.setdefault("details", {})
        self.data.setdefault("runs", [])
        self.saved_at = time.monotonic()

    @property
    def lists(self) -> dict[str, Any]:
        lists: dict[str, Any] = self.data["lists"]
        return lists

    @property
    def details(self) -> dict[str, Any]:
        details: dict[str, Any] = self.data["details"]
        return details

    def needs(self, name: str, of: str) -> bool:
        """Whether detail ``name`` must be fetched for an item with fingerprint ``of``."""
        entry = self.details.get(name)
        if not isinstance(entry, dict) or entry.get("of") != of:
            return True
        return entry.get("status") == 200 and not self.folder.exists(name)

    def record(self, name: str, of: str | None, answer: Answer, at: datetime) -> None:
        entry: dict[str, Any] = {"status": answer.status, "at": _instant(at)}
        if of is not None:
            entry["of"] = of
        if not answer.ok:
            entry["reason"] = answer.reason
        self.details[name] = entry

    def save(self) -> None:
        write_atomic(self.folder.root / MANIFEST, _dump(self.data))
        self.saved_at = time.monotonic()

    def checkpoint(self) -> None:
        """Save now and then during a run: a stale manifest only costs asking again."""
        if time.monotonic() - self.saved_at >= 1.0:
            self.save()


# --- the crawler ----------------------------------------------------------------------------------

_PUBLIC: Final = False
_BETA: Final = True


@attrs.frozen
class _List:
    """One paged list endpoint."""

    prefix: str
    path: str
    key: str
    limit: int
    beta: bool = _PUBLIC


_ORDERS: Final = _List("checkout-forms", "/order/checkout-forms", "checkoutForms", 100)
_RATINGS: Final = _List("user-ratings", "/sale/user-ratings", "ratings", 100)
_ISSUES: Final = _List("issues", "/sale/issues", "issues", 100, _BETA)
_DISPUTES: Final = _List("disputes", "/sale/disputes", "disputes", 100)
_THREADS: Final = _List("threads", "/messaging/threads", "threads", 20)
_OFFERS: Final = _List("offers", "/sale/offers", "offers", 1000)


@attrs.frozen
class _Job:
    """One detail to fetch: its file, the fingerprint of its item, and how to get it."""

    name: str
    of: str
    get: Callable[[], Answer]


class _Crawler:
    """Walks the endpoints in order, fetching what is new or changed."""

    def __init__(
        self,
        transport: Transport,
        folder: _Folder,
        manifest: _Manifest,
        *,
        since: datetime,
        until: datetime,
        legacy_disputes: bool,
        concurrency: int,
        progress: Callable[[str], None] | None,
    ) -> None:
        self.http = transport
        self.folder = folder
        self.manifest = manifest
        self.since = since
        self.until = until
        self.legacy_disputes = legacy_disputes
        self.concurrency = concurrency
        self.progress = progress
        self.bodies: dict[str, int] = {}
        self.skipped: list[Skipped] = []

    # -- plumbing ----------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        if self.progress is not None:
            self.progress(text)

    def received(self, entry: str) -> None:
        self.bodies[entry] = self.bodies.get(entry, 0) + 1

    def skip(self, name: str, answer: Answer) -> None:
        self.skipped.append(Skipped(name, answer.status, answer.reason))

    def now(self) -> datetime:
        return datetime.now(UTC)

    def pages(
        self,
        spec: _List,
        params: Sequence[tuple[str, str]],
        *,
        offset: int = 0,
        expected: int | None = None,
        stop: Callable[[list[Any]], bool] | None = None,
    ) -> Iterator[tuple[int, Answer]]:
        """Yield ``(offset, answer)`` for each page of a list, then stop.

        A page is the last when the body says so: ``totalCount`` reached, fewer
        items than the ``limit`` it echoes, ``expected`` items read in all, or
        ``stop`` (a date bound) says so; otherwise an empty page ends the list,
        since a server may give fewer items than asked on any page. A refused
        page is yielded too, and ends the list.
        """
        read = 0
        while True:
            query = [*params, ("offset", str(offset)), ("limit", str(spec.limit))]
            answer = self.http.get(spec.path, query, beta=spec.beta)
            if not answer.ok or not isinstance(answer.body, dict):
                if answer.ok:
                    answer = Answer(answer.status, None, f"the body is not a {spec.key} page")
                yield offset, answer
                return
            items = _items(answer.body, spec.key)
            yield offset, answer
            offset += len(items)
            read += len(items)
            total = answer.body.get("totalCount")
            echoed = answer.body.get("limit")
            if (
                not items
                or (isinstance(total, int) and offset >= total)
                or (isinstance(echoed, int) and len(items) < echoed)
                or (expected is not None and read >= expected)
                or (stop is not None and stop(items))
            ):
                return

    def paged_body(self, spec: _List, *, expected: int | None = None) -> Answer:
        """All pages of a detail list, as the file holds them: one body, or an array of pages."""
        bodies: list[Any] = []
        for _offset, answer in self.pages(spec, (), expected=expected):
            if not answer.ok:
                return answer
            if bodies and not _items(answer.body, spec.key):
                break
            bodies.append(answer.body)
        return Answer(200, bodies[0] if len(bodies) == 1 else bodies)

    def details(self, jobs: Sequence[_Job], executor: ThreadPoolExecutor) -> None:
        """Fetch the jobs whose items changed, at most ``concurrency`` at once, and write them."""
        wanted = [job for job in jobs if self.manifest.needs(job.name, job.of)]
        futures: list[tuple[_Job, Future[Answer]]] = [
            (job, executor.submit(job.get)) for job in wanted
        ]
        for job, future in futures:
            answer = future.result()
            entry = job.name.split("/", 1)[0]
            if answer.ok:
                self.received(entry)
                self.folder.write(job.name, answer.body)
            else:
                self.skip(job.name, answer)
            self.manifest.record(job.name, job.of, answer, self.now())
        self.manifest.checkpoint()

    def single(self, name: str, path: str) -> Any:
        answer = self.http.get(path)
        if answer.ok:
            self.received(name)
            self.folder.write(name, answer.body)
        else:
            self.skip(name, answer)
        self.manifest.record(name, None, answer, self.now())
        return answer.body if answer.ok else None

    # -- the run -----------------------------------------------------------------------------------

    def run(self) -> None:
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="sellerquality-fetch") as pool:
            try:
                self.account()
                self.say("delivery methods and sales quality")
                self.single("delivery-methods.json", "/sale/delivery-methods")
                self.single("quality.json", "/sale/quality")
                self.orders(pool)
                self.tracking()
                self.ratings()
                self.issues(pool)
                if self.legacy_disputes:
                    self.disputes(pool)
                self.threads(pool)
                self.offers(pool)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise

    def account(self) -> None:
        self.say("account")
        me = self.single("me.json", "/me")
        ident = me.get("id") if isinstance(me, dict) else None
        if not isinstance(ident, str):
            return
        known = self.manifest.data.get("account")
        if known is not None and known != ident:
            raise FetchError(
                f"{self.folder.root} holds the bodies of Allegro account {known}; these "
                f"credentials are for account {ident}: fetch into another folder"
            )
        self.manifest.data["account"] = ident

    def dated(
        self,
        spec: _List,
        filters: Callable[[datetime | None, datetime], list[tuple[str, str]]],
        jobs: Callable[[list[Any]], list[_Job]],
        executor: ThreadPoolExecutor | None,
        noun: str,
    ) -> None:
        """A list with date filters: passes from the watermark to this run's start (resumable)."""
        state = self.manifest.lists.setdefault(spec.prefix, {"watermark": None, "pass": None})
        pages = _DatedPages(self.folder, spec.prefix, spec.key)
        count = 0
        while True:
            current = state.get("pass")
            if current is None:
                watermark = state.get("watermark")
                lower = _parse_instant(watermark) if watermark else None
                if lower is not None and lower >= self.until:
                    return
                current = {
                    "params": filters(lower, self.until),
                    "until": _instant(self.until),
                    "offset": 0,
                }
                state["pass"] = current
            params = [(key, value) for key, value in current["params"]]
            for offset, answer in self.pages(spec, params, offset=current["offset"]):
                if not answer.ok:
                    self.skip(f"{spec.prefix}*.json", answer)
                    self.manifest.save()
                    return
                self.received(spec.prefix)
                items = _items(answer.body, spec.key)
                if executor is not None:
                    self.details(jobs(items), executor)
                pages.add(answer.body)
                current["offset"] = offset + len(items)
                count += len(items)
                self.say(f"{noun}: {count} new or changed")
                self.manifest.checkpoint()
            state["watermark"] = current["until"]
            state["pass"] = None
            self.manifest.save()

    def full(
        self,
        spec: _List,
        jobs: Callable[[list[Any]], list[_Job]],
        executor: ThreadPoolExecutor,
        noun: str,
        *,
        stop: Callable[[list[Any]], bool] | None = None,
    ) -> list[Any]:
        """A list without date filters, read whole; details only for items that changed."""
        listing = _FullListing(self.folder, spec.prefix)
        everything: list[Any] = []
        for _offset, answer in self.pages(spec, (), stop=stop):
            if not answer.ok:
                self.skip(f"{spec.prefix}*.json", answer)
                return everything
            self.received(spec.prefix)
            items = _items(answer.body, spec.key)
            self.details(jobs(items), executor)
            if items or not listing.staged:
                listing.stage(answer.body)
            everything += items
            self.say(f"{noun}: {len(everything)} listed")
        listing.commit()
        return everything

    # -- orders, parcels, ratings ------------------------------------------------------------------

    def orders(self, executor: ThreadPoolExecutor) -> None:
        since = _instant(self.since)

        def filters(lower: datetime | None, until: datetime) -> list[tuple[str, str]]:
            if lower is None:
                return [
                    ("lineItems.boughtAt.gte", since),
                    ("lineItems.boughtAt.lte", _instant(until)),
                ]
            return [
                ("lineItems.boughtAt.gte", since),
                ("updatedAt.gte", _instant(lower)),
                ("updatedAt.lte", _instant(until)),
            ]

        def jobs(forms: list[Any]) -> list[_Job]:
            return [
                _Job(
                    f"shipments/{ident}.json",
                    fingerprint(form),
                    functools.partial(self.http.get, f"/order/checkout-forms/{ident}/shipments"),
                )
                for form in forms
                if (ident := _ident(form)) is not None and _safe(ident)
            ]

        self.dated(_ORDERS, filters, jobs, executor, "orders")

    def tracking(self) -> None:
        """Parcel histories: every waybill not yet known to be delivered or returned."""
        waybills: dict[str, list[str]] = {}
        shipments = self.folder.root / "shipments"
        for path in sorted(shipments.glob("*.json")) if shipments.is_dir() else []:
            for page in _pages_of(self.folder.read(f"shipments/{path.name}")):
                for shipment in _items(page, "shipments"):
                    carrier = shipment.get("carrierId") if isinstance(shipment, dict) else None
                    number = shipment.get("waybill") if isinstance(shipment, dict) else None
                    if isinstance(carrier, str) and isinstance(number, str):
                        known = waybills.setdefault(carrier, [])
                        if number not in known:
                            known.append(number)
        saved: dict[str, list[Any]] = {}
        sources: set[str] = set()
        for name in self.folder.lists("tracking"):
            sources.add(name)
            for page in _pages_of(self.folder.read(name)):
                carrier = page.get("carrierId") if isinstance(page, dict) else None
                if isinstance(carrier, str):
                    saved.setdefault(carrier, []).extend(_items(page, "waybills"))
        self.say("parcel tracking")
        written: set[str] = set()
        for carrier in sorted(set(waybills) | set(saved)):
            entries = saved.get(carrier, [])
            final = {
                entry["waybill"]
                for entry in entries
                if isinstance(entry, dict) and _last_status(entry) in _FINAL_PARCEL
            }
            wanted = sorted(number for number in waybills.get(carrier, []) if number not in final)
            name = f"tracking-{_slug(carrier)}.json"
            for start in range(0, len(wanted), _WAYBILLS_PER_CALL):
                batch = wanted[start : start + _WAYBILLS_PER_CALL]
                answer = self.http.get(
                    f"/order/carriers/{carrier}/tracking", [("waybill", number) for number in batch]
                )
                if not answer.ok:
                    self.skip(name, answer)
                    self.manifest.record(name, None, answer, self.now())
                    continue
                self.received("tracking")
                entries = _merge_waybills(entries, _items(answer.body, "waybills"))
            if not entries:
                continue
            pages = [
                {"carrierId": carrier, "waybills": entries[start : start + _WAYBILLS_PER_CALL]}
                for start in range(0, len(entries), _WAYBILLS_PER_CALL)
            ]
            self.folder.write(name, pages[0] if len(pages) == 1 else pages)
            written.add(name)
        for name in sources - written:
            self.folder.remove(name)

    def ratings(self) -> None:
        def filters(lower: datetime | None, until: datetime) -> list[tuple[str, str]]:
            return [
                ("lastChangedAt.gte", _instant(lower or self.since)),
                ("lastChangedAt.lte", _instant(until)),
            ]

        self.dated(_RATINGS, filters, lambda _items: [], None, "ratings")

    # -- disputes and messages ---------------------------------------------------------------------

    def issues(self, executor: ThreadPoolExecutor) -> None:
        def jobs(issues: list[Any]) -> list[_Job]:
            found = []
            for issue in issues:
                ident = _ident(issue)
                if ident is None or not _safe(ident) or issue.get("type") != "DISPUTE":
                    continue
                chat = _object(issue, "chat")
                if _object(chat, "lastMessage").get("status") == "NEW":
                    continue  # the seller never wrote: the listing says all there is (DI-3)
                expected = chat.get("messagesCount")
                spec = _List("issue-chats", f"/sale/issues/{ident}/chat", "chat", 100, _BETA)
                found.append(
                    _Job(
                        f"issue-chats/{ident}.json",
                        fingerprint(issue),
                        functools.partial(
                            self.paged_body,
                            spec,
                            expected=expected if isinstance(expected, int) else None,
                        ),
                    )
                )
            return found

        self.full(_ISSUES, jobs, executor, "disputes", stop=self.opened_before("openedDate"))

    def disputes(self, executor: ThreadPoolExecutor) -> None:
        def jobs(disputes: list[Any]) -> list[_Job]:
            found = []
            for dispute in disputes:
                ident = _ident(dispute)
                if ident is None or not _safe(ident) or dispute.get("messagesStatus") == "NEW":
                    continue
                expected = dispute.get("messagesCount")
                spec = _List(
                    "dispute-messages", f"/sale/disputes/{ident}/messages", "messages", 100
                )
                found.append(
                    _Job(
                        f"dispute-messages/{ident}.json",
                        fingerprint(dispute),
                        functools.partial(
                            self.paged_body,
                            spec,
                            expected=expected if isinstance(expected, int) else None,
                        ),
                    )
                )
            return found

        self.full(_DISPUTES, jobs, executor, "legacy disputes")

    def threads(self, executor: ThreadPoolExecutor) -> None:
        def jobs(threads: list[Any]) -> list[_Job]:
            found = []
            for thread in threads:
                ident = _ident(thread)
                if ident is None or not _safe(ident):
                    continue
                spec = _List(
                    "thread-messages", f"/messaging/threads/{ident}/messages", "messages", 20
                )
                found.append(
                    _Job(
                        f"thread-messages/{ident}.json",
                        # Reading a thread changes its `read` flag, not its messages.
                        fingerprint(thread, leave_out=("read",)),
                        functools.partial(self.paged_body, spec),
                    )
                )
            return found

        self.full(
            _THREADS,
            jobs,
            executor,
            "message threads",
            stop=self.opened_before("lastMessageDateTime"),
        )

    def opened_before(self, field: str) -> Callable[[list[Any]], bool]:
        """A page of a newest-first list is the last when its oldest item is before ``since``."""

        def stop(items: list[Any]) -> bool:
            last = items[-1] if items else None
            text = last.get(field) if isinstance(last, dict) else None
            if not isinstance(text, str):
                return False
            try:
                return _parse_instant(text) < self.since
            except ValueError:
                return False

        return stop

    # -- offers ------------------------------------------------------------------------------------

    def offers(self, executor: ThreadPoolExecutor) -> None:
        rates: dict[str, list[str]] = {}

        def jobs(offers: list[Any]) -> list[_Job]:
            found = []
            for offer in offers:
                ident = _ident(offer)
                status = _object(offer, "publication").get("status")
                if ident is None or not _safe(ident) or status == "INACTIVE":
                    continue  # drafts were never published: from_api leaves them out
                of = fingerprint(offer, leave_out=_VOLATILE_OFFER_FIELDS)
                rate = _object(_object(offer, "delivery"), "shippingRates").get("id")
                if isinstance(rate, str) and _safe(rate):
                    rates.setdefault(rate, []).append(of)
                found += [
                    _Job(
                        f"product-offers/{ident}.json",
                        of,
                        functools.partial(self.http.get, f"/sale/product-offers/{ident}"),
                    ),
                    _Job(
                        f"offer-smart/{ident}.json",
                        of,
                        functools.partial(self.http.get, f"/sale/offers/{ident}/smart"),
                    ),
                ]
            return found

        self.full(_OFFERS, jobs, executor, "offers")
        self.say("shipping rates")
        self.details(
            [
                _Job(
                    f"shipping-rates/{ident}.json",
                    # Asked again when any offer using it changed.
                    fingerprint(sorted(offers)),
                    functools.partial(self.http.get, f"/sale/shipping-rates/{ident}"),
                )
                for ident, offers in sorted(rates.items())
            ],
            executor,
        )


def _safe(ident: str) -> bool:
    """An id usable as a file name and a path segment (Allegro's are UUIDs and digits)."""
    return re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._=-]*", ident) is not None


def _slug(carrier: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", carrier.lower()).strip("-") or "carrier"


def _last_status(entry: dict[str, Any]) -> str | None:
    details = entry.get("trackingDetails")
    statuses = details.get("statuses") if isinstance(details, dict) else None
    if not isinstance(statuses, list) or not statuses:
        return None
    last = statuses[-1]
    code = last.get("code") if isinstance(last, dict) else None
    return code if isinstance(code, str) else None


def _merge_waybills(saved: list[Any], fetched: list[Any]) -> list[Any]:
    """Saved histories with the fetched ones in their place; new waybills at the end."""
    fresh = {
        entry["waybill"]: entry
        for entry in fetched
        if isinstance(entry, dict) and isinstance(entry.get("waybill"), str)
    }
    merged = []
    for entry in saved:
        number = entry.get("waybill") if isinstance(entry, dict) else None
        merged.append(fresh.pop(number, entry) if isinstance(number, str) else entry)
    return merged + list(fresh.values())


# --- the entry point ------------------------------------------------------------------------------


def _start(since: date | datetime | None, manifest: _Manifest, now: datetime) -> datetime:
    """The lower bound of the date-filtered lists: ``since``, the folder's, or 12 months back."""
    if isinstance(since, datetime):
        wanted: datetime | None = require_aware(since, field="since").astimezone(UTC)
    elif isinstance(since, date):
        wanted = day_start(since).astimezone(UTC)
    else:
        wanted = None
    recorded = manifest.data.get("since")
    if isinstance(recorded, str):
        known = _parse_instant(recorded)
        if wanted is None or wanted >= known:
            return known
        # An earlier start than the folder's: the dated lists are read again from it.
        for prefix in (_ORDERS.prefix, _RATINGS.prefix):
            manifest.lists.pop(prefix, None)
    if wanted is None:
        # Super Seller looks back 12 months (PR-1.2): that is what a first run fetches.
        today = now.astimezone(WARSAW).date()
        wanted = day_start(today - relativedelta(months=12)).astimezone(UTC)
    manifest.data["since"] = _instant(wanted)
    return wanted


def _print_prompt(code: DeviceCode) -> None:
    print(code.prompt(), file=sys.stderr, flush=True)  # noqa: T201


class _Run:
    """Times a run and keeps its record in the manifest."""

    def __init__(self, manifest: _Manifest, now: datetime) -> None:
        self.manifest = manifest
        self.started = time.monotonic()
        self.record: dict[str, Any] = {"started": _instant(now), "finished": None}
        runs: list[Any] = manifest.data["runs"]
        runs.append(self.record)
        del runs[:-20]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.record["finished"] = _instant(datetime.now(UTC))
        self.record["complete"] = exc is None
        self.manifest.save()


def fetch(
    out: str | os.PathLike[str],
    *,
    client: AllegroClient,
    since: date | datetime | None = None,
    legacy_disputes: bool = False,
    progress: Callable[[str], None] | None = None,
    authorize: Callable[[DeviceCode], None] | None = None,
) -> FetchSummary:
    """Fetch a seller's Allegro REST API bodies into the folder ``out``, incrementally.

    Writes every body :func:`~sellerquality.allegro.from_api` reads, in the
    layout :func:`~sellerquality.allegro.read_api_dir` and ``sellerquality
    report --from-api DIR`` read: ``/me``, ``/sale/delivery-methods``,
    ``/sale/quality``, the checkout forms bought since ``since`` with their
    shipments and the carriers' parcel histories, the ratings, ``/sale/issues``
    with each dispute's chat (and the legacy ``/sale/disputes`` with
    ``legacy_disputes``), the message threads and their messages, and the offers
    with their product-offer details, Smart! reports and shipping rates.

    ``out/manifest.json`` records what was fetched and when. A second run asks
    for the orders changed since the last (``updatedAt``), the ratings changed
    since (``lastChangedAt``), and lists the disputes, threads and offers again
    to fetch the details of those that changed; an interrupted run goes on
    where it stopped. Tokens are never written into ``out``.

    Args:
        out: The folder (created when missing).
        client: The application and how to reach Allegro.
        since: The first day (Europe/Warsaw) or instant of orders and ratings to
            fetch; default: what the folder was started with, or 12 months back
            (Super Seller's look-back, PR-1.2) on a first run.
        legacy_disputes: Also fetch the legacy ``/sale/disputes`` (Allegro
            replaced it with ``/sale/issues``; older accounts may still have it).
        progress: Called with a short line as the run goes on.
        authorize: Called with the :class:`DeviceCode` when the seller must
            confirm access on Allegro's page; default: print it on stderr.

    Returns:
        What the run did.

    Raises:
        MissingExtraError: httpx or stamina is not installed.
        FetchError: Authorisation failed, or a request kept failing; run again
            to go on.
    """
    try:
        from . import _http  # noqa: PLC0415 - the extra is optional
    except ImportError as exc:
        raise MissingExtraError(
            f"sellerquality fetch needs the optional extra: {INSTALL_HINT} ({exc})"
        ) from None
    root = Path(out)
    token_path = client.token_path.resolve()
    if token_path.is_relative_to(root.resolve()):
        raise FetchError(f"the token file {token_path} must not be inside the data folder {root}")
    folder = _Folder(root)
    manifest = _Manifest(folder)
    now = datetime.now(UTC)
    # The manifest keeps instants to the millisecond, as the API writes them.
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    start = _start(since, manifest, now)
    manifest.data["api"] = client.api_base
    started = time.monotonic()
    crawler: _Crawler | None = None
    session = _http.Session(client, authorize=authorize or _print_prompt)

    def summary() -> FetchSummary:
        return FetchSummary(
            bodies=dict(crawler.bodies) if crawler else {},
            written=folder.written,
            unchanged=folder.unchanged,
            skipped=tuple(crawler.skipped) if crawler else (),
            requests=session.requests,
            retries=session.retries,
            elapsed=timedelta(seconds=round(time.monotonic() - started, 3)),
        )

    with session, _Run(manifest, now):
        try:
            session.authenticate()
            crawler = _Crawler(
                session,
                folder,
                manifest,
                since=start,
                until=now,
                legacy_disputes=legacy_disputes,
                concurrency=client.concurrency,
                progress=progress,
            )
            crawler.run()
        except FetchError as exc:
            raise FetchError(str(exc), summary=summary()) from exc.__cause__
    return summary()
