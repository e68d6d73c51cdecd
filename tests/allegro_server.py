"""A real HTTP server on 127.0.0.1 that answers as Allegro's REST API and OAuth server do.

It serves the payload files of ``tests/data/allegro-api`` in the official
shapes: list endpoints page by ``offset`` (a page of the files is served as it
is; a filtered list is cut into pages of the requested ``limit``), apply the
date filters the API documents (``lineItems.boughtAt``, ``updatedAt``,
``lastChangedAt``), check the ``Accept`` media type (``/sale/issues`` is beta)
and the bearer token, and answer 404 with an ``ErrorsHolder`` for an id the
files do not hold. The OAuth side runs the device flow and refresh grants.

Tests script faults per path (a 429 with ``Retry-After``, a 500, a slow
answer), expire the tokens after some requests, and read the log of what was
asked.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

import attrs

DATA = Path(__file__).parent / "data" / "allegro-api"
PUBLIC = "application/vnd.allegro.public.v1+json"
BETA = "application/vnd.allegro.beta.v1+json"
CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret"  # noqa: S105 - the local server's own test secret


@attrs.frozen
class Fault:
    """What to do instead of (or before) answering one request to a path."""

    status: int | None = None
    headers: dict[str, str] = attrs.Factory(dict)
    delay: float = 0.0


@attrs.frozen
class Logged:
    """One request the server received."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    at: float
    form: dict[str, str]
    status: int

    def param(self, name: str) -> str | None:
        """The value of query parameter ``name``."""
        return next((value for key, value in self.query if key == name), None)


def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _pages(prefix: str) -> list[Any]:
    return [_read(path.name) for path in sorted(DATA.glob(f"{prefix}-*.json"))]


def _keyed(folder: str) -> dict[str, list[Any]]:
    found = {}
    for path in sorted((DATA / folder).glob("*.json")):
        data = _read(f"{folder}/{path.name}")
        found[path.stem] = data if isinstance(data, list) else [data]
    return found


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


_LISTS = {
    "/order/checkout-forms": ("checkout-forms", "checkoutForms", 100, PUBLIC),
    "/sale/user-ratings": ("user-ratings", "ratings", 100, PUBLIC),
    "/sale/issues": ("issues", "issues", 100, BETA),
    "/sale/disputes": ("disputes", "disputes", 100, PUBLIC),
    "/messaging/threads": ("threads", "threads", 20, PUBLIC),
    "/sale/offers": ("offers", "offers", 1000, PUBLIC),
}
_PAGED_DETAILS = [
    (re.compile(r"/sale/issues/([^/]+)/chat"), "issue-chats", "chat", 100, BETA),
    (re.compile(r"/sale/disputes/([^/]+)/messages"), "dispute-messages", "messages", 100, PUBLIC),
    (re.compile(r"/messaging/threads/([^/]+)/messages"), "thread-messages", "messages", 20, PUBLIC),
]
_DETAILS = [
    (re.compile(r"/order/checkout-forms/([^/]+)/shipments"), "shipments"),
    (re.compile(r"/sale/product-offers/([^/]+)"), "product-offers"),
    (re.compile(r"/sale/offers/([^/]+)/smart"), "offer-smart"),
    (re.compile(r"/sale/shipping-rates/([^/]+)"), "shipping-rates"),
]
_SINGLE = {
    "/me": "me.json",
    "/sale/delivery-methods": "delivery-methods.json",
    "/sale/quality": "quality.json",
}


class AllegroServer:
    """The server and its state; start it with ``with AllegroServer() as server``."""

    def __init__(
        self,
        *,
        interval: int = 0,
        pending_polls: int = 0,
        poll_error: str = "authorization_pending",
    ) -> None:
        self.lists = {path: _pages(prefix) for path, (prefix, *_rest) in _LISTS.items()}
        self.details = {folder: _keyed(folder) for _pattern, folder in _DETAILS}
        self.paged = {folder: _keyed(folder) for _p, folder, *_rest in _PAGED_DETAILS}
        self.single = {path: _read(name) for path, name in _SINGLE.items()}
        self.tracking: dict[str, list[Any]] = {}
        for path in sorted(DATA.glob("tracking-*.json")):
            body = _read(path.name)
            self.tracking.setdefault(body["carrierId"], []).extend(body["waybills"])
        self.interval = interval
        self.pending_polls = pending_polls
        self.poll_error = poll_error
        self.polls = 0
        self.faults: dict[str, list[Fault | None]] = {}
        self.log: list[Logged] = []
        self.access: set[str] = set()
        self.refresh: set[str] = set()
        self.issued: list[str] = []
        self.expire_after: int | None = None
        self.api_requests = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self._counter = itertools.count(1)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The server's base URL, for both the API and OAuth."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- what tests do -----------------------------------------------------------------------

    def script(self, path: str, *faults: Fault | None) -> None:
        """The next requests to ``path`` get these faults in turn (None: answer normally)."""
        self.faults.setdefault(path, []).extend(faults)

    def requests(self, since: int = 0) -> list[Logged]:
        """The requests received, from the ``since``-th on."""
        with self.lock:
            return list(self.log[since:])

    def api_paths(self, since: int = 0) -> list[str]:
        """The REST API paths asked, from the ``since``-th request on."""
        return [entry.path for entry in self.requests(since) if not entry.path.startswith("/auth")]

    def grant(self) -> tuple[str, str]:
        """Issue a pair of tokens."""
        number = next(self._counter)
        access = f"access-{number:04d}-6b1f0c2e9d"
        refresh = f"refresh-{number:04d}-a7c3e5f1b9"
        self.access.add(access)
        self.refresh.add(refresh)
        self.issued += [access, refresh]
        return access, refresh

    # -- answering ---------------------------------------------------------------------------

    def answer(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Any,
        form: dict[str, str],
    ) -> tuple[int, dict[str, str], Any]:
        """Status, headers and JSON body for a request: a scripted fault, OAuth, or the API."""
        with self.lock:
            queue = self.faults.get(path)
            fault = queue.pop(0) if queue else None
        if fault is not None:
            time.sleep(fault.delay)
            if fault.status is not None:
                body = {"errors": [{"code": "Scripted", "message": f"scripted {fault.status}"}]}
                return fault.status, fault.headers, body
        if path.startswith("/auth/oauth/"):
            return self.oauth(path, headers, form)
        with self.lock:
            self.api_requests += 1
            if self.expire_after is not None and self.api_requests > self.expire_after:
                self.expire_after = None
                self.access.clear()
        token = str(headers.get("Authorization", ""))
        if not token.startswith("Bearer ") or token.removeprefix("Bearer ") not in self.access:
            return 401, {}, {"error": "invalid_token", "error_description": "Access token expired"}
        return self.api(path, dict(query), query, str(headers.get("Accept", "")))

    def oauth(
        self, path: str, headers: Any, form: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        """The device flow and the token endpoint (device-code and refresh grants)."""
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if headers.get("Authorization") != f"Basic {expected}":
            return 401, {}, {"error": "unauthorized", "error_description": "Bad credentials"}
        if path == "/auth/oauth/device":
            if form.get("client_id") != CLIENT_ID:
                return 400, {}, {"error": "invalid_request"}
            return (
                200,
                {},
                {
                    "device_code": "device-code-3f9a",
                    "expires_in": "3600",
                    "user_code": "cbt3zdu4g",
                    "interval": str(self.interval),
                    "verification_uri": f"{self.url}/skojarz-aplikacje",
                    "verification_uri_complete": f"{self.url}/skojarz-aplikacje?code=cbt3zdu4g",
                },
            )
        grant = form.get("grant_type")
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            if form.get("device_code") != "device-code-3f9a":
                return 400, {}, {"error": "invalid_grant"}
            with self.lock:
                self.polls += 1
                pending = self.polls <= self.pending_polls
            if pending:
                return 400, {}, {"error": self.poll_error}
        elif grant == "refresh_token":
            refresh = form.get("refresh_token", "")
            if refresh not in self.refresh:
                return (
                    400,
                    {},
                    {"error": "invalid_grant", "error_description": "Invalid refresh token"},
                )
            self.refresh.discard(refresh)
        else:
            return 400, {}, {"error": "unsupported_grant_type"}
        access, refresh = self.grant()
        return (
            200,
            {},
            {
                "access_token": access,
                "token_type": "bearer",
                "refresh_token": refresh,
                "expires_in": 43199,
                "scope": "allegro:api:orders:read allegro:api:sale:offers:read",
                "allegro_api": True,
            },
        )

    def api(
        self, path: str, params: dict[str, str], query: list[tuple[str, str]], accept: str
    ) -> tuple[int, dict[str, str], Any]:
        """One REST API request with a valid token."""
        if path in _LISTS:
            _prefix, key, limit, media = _LISTS[path]
            if accept != media:
                return 406, {}, {"errors": [{"code": "NotAcceptable", "message": accept}]}
            return self.page(path, key, limit, params)
        for pattern, folder, key, _limit, media in _PAGED_DETAILS:
            if match := pattern.fullmatch(path):
                if accept != media:
                    return 406, {}, {"errors": [{"code": "NotAcceptable", "message": accept}]}
                pages = self.paged[folder].get(match.group(1))
                if pages is None:
                    return _not_found(path)
                return 200, {}, _page_at(pages, key, int(params.get("offset", 0)))
        if accept != PUBLIC:
            return 406, {}, {"errors": [{"code": "NotAcceptable", "message": accept}]}
        if path in self.single:
            return 200, {}, self.single[path]
        if match := re.fullmatch(r"/order/carriers/([^/]+)/tracking", path):
            known = self.tracking.get(match.group(1))
            wanted = [value for key, value in query if key == "waybill"]
            if known is None or not 1 <= len(wanted) <= 20:
                return 400, {}, {"errors": [{"code": "BadRequest", "message": "bad waybills"}]}
            entries = [entry for entry in known if entry["waybill"] in wanted]
            return 200, {}, {"carrierId": match.group(1), "waybills": entries}
        for pattern, folder in _DETAILS:
            if match := pattern.fullmatch(path):
                found = self.details[folder].get(match.group(1))
                return (200, {}, found[0]) if found is not None else _not_found(path)
        return _not_found(path)

    def page(
        self, path: str, key: str, limit: int, params: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        """One page of a list, by ``offset`` and ``limit``, after the date filters."""
        asked = int(params.get("limit", limit))
        if not 1 <= asked <= limit:
            return 422, {}, {"errors": [{"code": "Unprocessable", "message": "limit"}]}
        offset = int(params.get("offset", 0))
        pages = self.lists[path]
        items = [item for page in pages for item in page[key]]
        kept = [item for item in items if _matches(path, item, params)]
        if kept == items:
            return 200, {}, _page_at(pages, key, offset)
        body = {**copy.deepcopy(pages[0]), key: kept[offset : offset + asked]}
        if "count" in body:
            body["count"] = len(body[key])
        if "totalCount" in body:
            body["totalCount"] = len(kept)
        if "offset" in body:
            body["offset"], body["limit"] = offset, asked
        return 200, {}, body


def _not_found(path: str) -> tuple[int, dict[str, str], Any]:
    return (
        404,
        {},
        {
            "errors": [
                {
                    "code": "NotFoundException",
                    "message": f"{path} not found",
                    "userMessage": "The resource was not found",
                }
            ]
        },
    )


def _page_at(pages: list[Any], key: str, offset: int) -> Any:
    """The page of the files that starts at ``offset``; an empty one past the end."""
    start = 0
    for page in pages:
        if start == offset:
            return page
        start += len(page[key])
    empty = {**copy.deepcopy(pages[-1]), key: []}
    if "count" in empty:
        empty["count"] = 0
    return empty


def _matches(path: str, item: Any, params: dict[str, str]) -> bool:
    def within(value: str | None, name: str) -> bool:
        if value is None:
            return True
        low, high = params.get(f"{name}.gte"), params.get(f"{name}.lte")
        moment = _instant(value)
        return (low is None or moment >= _instant(low)) and (
            high is None or moment <= _instant(high)
        )

    if path == "/order/checkout-forms":
        bought = max((line["boughtAt"] for line in item["lineItems"]), key=_instant)
        return within(bought, "lineItems.boughtAt") and within(item.get("updatedAt"), "updatedAt")
    if path == "/sale/user-ratings":
        return within(item.get("lastChangedAt"), "lastChangedAt")
    return True


def _handler(server: AllegroServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms stalls

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: the tests read ``server.log``."""

        def handle_any(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = parse_qsl(parts.query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            form = dict(parse_qsl(raw))
            with server.lock:
                server.in_flight += 1
                server.most_in_flight = max(server.most_in_flight, server.in_flight)
            try:
                status, headers, body = server.answer(method, parts.path, query, self.headers, form)
            finally:
                with server.lock:
                    server.in_flight -= 1
            with server.lock:
                server.log.append(
                    Logged(method, parts.path, tuple(query), time.monotonic(), form, status)
                )
            data = json.dumps(body).encode()
            media = BETA if parts.path.startswith("/sale/issues") else PUBLIC
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json" if method == "POST" else media)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up waiting (a timeout test)
                self.wfile.write(data)

        def do_GET(self) -> None:
            self.handle_any("GET")

        def do_POST(self) -> None:
            self.handle_any("POST")

    return Handler


def every_file(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, hidden ones included."""
    return (path for path in sorted(folder.rglob("*")) if path.is_file())
