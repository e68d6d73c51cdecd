"""The HTTP side of :func:`~sellerquality.allegro.fetch`: httpx, stamina and OAuth.

Imported only when a fetch runs, so that the core library needs neither
package. Why these two: httpx is a typed, maintained HTTP client whose one
``Client`` is safe to share between the threads of a small pool, with
connection pooling and separate connect/read timeouts; stamina wraps Tenacity
with the retry practice we want by default (exponential backoff with jitter,
a cap on attempts and on total time, retrying only what we name) and lets a
hook give the wait itself, which is how a 429's ``Retry-After`` is honoured.

Authorisation is Allegro's OAuth 2 device flow (RFC 8628): ``POST
/auth/oauth/device`` with the application's client id and secret gives a code
the seller confirms on Allegro's page; ``POST /auth/oauth/token`` with
``grant_type=urn:ietf:params:oauth:grant-type:device_code`` is polled at the
interval the server gives until it answers with tokens. The access token is
refreshed with ``grant_type=refresh_token`` when it expires or an answer is
401. Tokens go only into the token file (mode 0600) and the
``Authorization`` header: never into a URL, a message or a log.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Final, Self

import httpx
import stamina

from ... import __version__
from ._fetch import AllegroClient, Answer, DeviceCode, FetchError, write_atomic

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["Session"]

PUBLIC_MEDIA: Final = "application/vnd.allegro.public.v1+json"
BETA_MEDIA: Final = "application/vnd.allegro.beta.v1+json"
DEVICE_GRANT: Final = "urn:ietf:params:oauth:grant-type:device_code"
#: Refresh a token this long before Allegro says it expires.
_EARLY: Final = timedelta(seconds=60)


class _RateLimitedError(Exception):
    """A 429 answer, retried after its ``Retry-After``."""

    def __init__(self, wait: float | None) -> None:
        super().__init__("HTTP 429 Too Many Requests")
        self.wait = wait


class _ServerError(Exception):
    """A 5xx answer, retried with backoff."""

    def __init__(self, status: int, phrase: str) -> None:
        super().__init__(f"HTTP {status} {phrase}".rstrip())


def _retry_after(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), capped."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), cap)


def _retryable(response: httpx.Response, cap: float) -> httpx.Response:
    """The response, unless it is one to try again: a 429 or a 5xx."""
    if response.status_code == 429:
        raise _RateLimitedError(_retry_after(response.headers.get("Retry-After"), cap))
    if response.status_code >= 500:
        raise _ServerError(response.status_code, response.reason_phrase)
    return response


def _should_retry(exc: Exception) -> bool | float:
    """Stamina's backoff hook: what to retry, and a 429's own wait."""
    if isinstance(exc, _RateLimitedError):
        return exc.wait if exc.wait is not None else True
    return isinstance(exc, _ServerError | httpx.TransportError)


def _message(response: httpx.Response) -> str:
    """Allegro's own words for a refusal (``ErrorsHolder``, OAuth errors), or the status phrase."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            for key in ("userMessage", "message", "code"):
                if isinstance(errors[0].get(key), str) and errors[0][key]:
                    return str(errors[0][key])
        for key in ("error_description", "error"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
    return response.reason_phrase or f"HTTP {response.status_code}"


class _Tokens:
    """The seller's tokens for one application on one Allegro, in memory and in the token file."""

    def __init__(self, client: AllegroClient) -> None:
        self.client = client
        self.path = client.token_path
        self.key = f"{client.auth_base} {client.client_id}"
        self.access: str | None = client.token
        self.refresh: str | None = None
        self.expires: datetime | None = None
        if client.token is None:
            self.load()

    def load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return
        entry = data.get(self.key) if isinstance(data, dict) else None
        if not isinstance(entry, dict):
            return
        access, refresh, expires = (
            entry.get(k) for k in ("access_token", "refresh_token", "expires_at")
        )
        self.access = access if isinstance(access, str) else None
        self.refresh = refresh if isinstance(refresh, str) else None
        try:
            self.expires = datetime.fromisoformat(expires) if isinstance(expires, str) else None
        except ValueError:
            self.expires = None

    def take(self, body: Any) -> None:
        """Keep the tokens of a token-endpoint answer and save them (0600)."""
        access = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(access, str):
            raise FetchError("Allegro's token endpoint answered without an access token")
        self.access = access
        refresh = body.get("refresh_token")
        if isinstance(refresh, str):
            self.refresh = refresh
        lifetime = body.get("expires_in")
        try:
            seconds = int(lifetime) if lifetime is not None else None
        except (TypeError, ValueError):
            seconds = None
        self.expires = datetime.now(UTC) + timedelta(seconds=seconds) if seconds else None
        self.save()

    def save(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        data[self.key] = {
            "access_token": self.access,
            "refresh_token": self.refresh,
            "expires_at": self.expires.isoformat() if self.expires else None,
        }
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=2) + "\n", mode=0o600)
        os.chmod(self.path, 0o600)  # noqa: PTH101 - also when the file existed with wider rights

    def expired(self) -> bool:
        return self.expires is not None and datetime.now(UTC) >= self.expires - _EARLY


class Session:
    """An authorised, patient connection to Allegro's REST API, shared by a pool of threads."""

    def __init__(
        self,
        client: AllegroClient,
        *,
        authorize: Callable[[DeviceCode], None],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.authorize = authorize
        self.sleep = sleep
        self.requests = 0
        self.retries = 0
        self.tokens = _Tokens(client)
        self._lock = threading.Lock()
        self._token_lock = threading.Lock()
        self._next_slot = time.monotonic()
        self._http = httpx.Client(
            timeout=client.timeout,
            headers={"User-Agent": f"sellerquality/{__version__}"},
            limits=httpx.Limits(max_connections=client.concurrency),
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._http.close()

    # -- sending --------------------------------------------------------------------------------

    def _pace(self) -> None:
        """Start at most ``requests_per_second`` requests a second, whatever the threads do."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1 / self.client.requests_per_second
        if slot > now:
            time.sleep(slot - now)

    def _count(self, *, retry: bool) -> None:
        with self._lock:
            self.requests += 1
            if retry:
                self.retries += 1

    def _send(self, method: str, url: str, what: str, **options: Any) -> httpx.Response:
        """Send, retrying a 429 after its Retry-After, and 5xx and lost connections with backoff."""
        client = self.client
        tries = 0
        try:
            for attempt in stamina.retry_context(
                on=_should_retry,
                attempts=client.attempts,
                timeout=client.retry_timeout,
                wait_initial=client.wait_initial,
                wait_max=client.wait_max,
                wait_jitter=client.wait_jitter,
            ):
                tries = attempt.num
                with attempt:
                    self._pace()
                    self._count(retry=attempt.num > 1)
                    response = _retryable(
                        self._http.request(method, url, **options), client.retry_after_max
                    )
        except (_RateLimitedError, _ServerError, httpx.TransportError) as exc:
            reason = str(exc) or type(exc).__name__
            attempts = f"{tries} attempt{'' if tries == 1 else 's'}"
            raise FetchError(f"{what}: {reason}, after {attempts}") from None
        return response

    # -- authorisation --------------------------------------------------------------------------

    def _credentials(self) -> tuple[str, str]:
        client = self.client
        if not client.client_id or not client.client_secret:
            raise FetchError(
                "no usable access token: give the application's client id and secret "
                "(--client-id/--client-secret or ALLEGRO_CLIENT_ID/ALLEGRO_CLIENT_SECRET), "
                "or an access token with --token"
            )
        return client.client_id, client.client_secret

    def _token_request(self, data: dict[str, str], what: str) -> httpx.Response:
        return self._send(
            "POST",
            f"{self.client.auth_base}/auth/oauth/token",
            what,
            data=data,
            auth=self._credentials(),
            headers={"Accept": "application/json"},
        )

    def authenticate(self) -> None:
        """Have an access token: the given one, the saved one, a refreshed one, or a new one."""
        if self.tokens.access is not None and not self.tokens.expired():
            return
        if self.tokens.refresh is not None and self._refresh():
            return
        self._device_flow()

    def _refresh(self) -> bool:
        """Trade the refresh token for new tokens; False when Allegro no longer takes it."""
        assert self.tokens.refresh is not None
        response = self._token_request(
            {"grant_type": "refresh_token", "refresh_token": self.tokens.refresh},
            "refreshing the access token",
        )
        if response.status_code == 200:
            self.tokens.take(response.json())
            return True
        if response.status_code in (400, 401):
            # Expired or revoked (a refresh token lives 3 months): authorise anew.
            self.tokens.refresh = None
            return False
        raise FetchError(f"refreshing the access token: {_message(response)}")

    def _device_flow(self) -> None:
        client_id, _secret = self._credentials()
        response = self._send(
            "POST",
            f"{self.client.auth_base}/auth/oauth/device",
            "starting the device flow",
            data={"client_id": client_id},
            auth=self._credentials(),
            headers={"Accept": "application/json"},
        )
        if response.status_code != 200:
            raise FetchError(f"Allegro would not start the device flow: {_message(response)}")
        body = response.json()
        try:
            code = DeviceCode(
                user_code=str(body["user_code"]),
                verification_uri=str(body["verification_uri"]),
                verification_uri_complete=str(
                    body.get("verification_uri_complete") or body["verification_uri"]
                ),
                # Allegro writes these two numbers as strings.
                expires_in=int(body["expires_in"]),
                interval=int(body.get("interval") or 5),
            )
        except (KeyError, TypeError, ValueError):
            raise FetchError("Allegro's device flow answered without a usable code") from None
        self.authorize(code)
        deadline = time.monotonic() + code.expires_in
        interval = code.interval
        while True:
            self.sleep(interval)
            if time.monotonic() > deadline:
                raise FetchError("the code expired before it was confirmed on Allegro: run again")
            response = self._token_request(
                {"grant_type": DEVICE_GRANT, "device_code": str(body["device_code"])},
                "waiting for the code to be confirmed",
            )
            if response.status_code == 200:
                self.tokens.take(response.json())
                return
            error = _error_code(response)
            if error == "authorization_pending":
                continue
            if error == "slow_down":
                interval += 5  # RFC 8628, 3.5
                continue
            if error == "access_denied":
                raise FetchError("access was refused on Allegro's page")
            raise FetchError(f"the device flow failed: {_message(response)}")

    def _renew(self, refused: str | None) -> None:
        """After a 401 with token ``refused``: refresh once, whichever thread asks first."""
        with self._token_lock:
            if self.tokens.access != refused:
                return  # another thread already renewed it
            if self.client.token is not None and self.tokens.refresh is None:
                raise FetchError(
                    "Allegro refused the access token given with --token (HTTP 401): it may "
                    "have expired; run without --token to authorise"
                )
            if self.tokens.refresh is None or not self._refresh():
                self._device_flow()

    # -- the API --------------------------------------------------------------------------------

    def get(
        self, path: str, params: Sequence[tuple[str, str]] = (), *, beta: bool = False
    ) -> Answer:
        """``GET`` an API path: its JSON body, or the status and reason of a refusal."""
        if self.tokens.expired():
            self._renew(self.tokens.access)
        for _renewal in range(2):
            token = self.tokens.access
            response = self._send(
                "GET",
                f"{self.client.api_base}{path}",
                f"GET {path}",
                params=list(params),
                headers={
                    "Accept": BETA_MEDIA if beta else PUBLIC_MEDIA,
                    "Authorization": f"Bearer {token}",
                },
            )
            if response.status_code != 401:
                break
            self._renew(token)
        else:
            raise FetchError(f"GET {path}: Allegro refused the renewed access token (HTTP 401)")
        if response.is_success:
            try:
                return Answer(response.status_code, response.json())
            except (json.JSONDecodeError, UnicodeDecodeError):
                return Answer(response.status_code, None, "the body is not JSON")
        return Answer(response.status_code, None, _message(response))


def _error_code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else None
