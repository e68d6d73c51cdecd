"""sellerquality fetch: Allegro's REST API into a folder, against a real local HTTP server.

Every test talks to ``allegro_server.AllegroServer`` on 127.0.0.1, which serves
the payload files of tests/data/allegro-api in the official shapes; none
touches the internet. The folder fetched is compared with those files: they
are what the API gave, so a complete fetch reproduces them.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import stamina

from allegro_server import CLIENT_ID, CLIENT_SECRET, DATA, AllegroServer, Fault, every_file
from sellerquality import allegro
from sellerquality.allegro import (
    AllegroApiWarning,
    AllegroClient,
    DeviceCode,
    FetchError,
    FetchSummary,
    MissingExtraError,
    Skipped,
    fetch,
    read_api_dir,
)
from sellerquality.allegro._api import _http as _fetch_http
from sellerquality.cli import main

#: An access token a caller brings along (never valid: nothing is asked with it).
GIVEN = "given-token"

#: A local port nothing listens on (the discard port).
UNREACHABLE = "http://127.0.0.1:9"

#: The first day of the payloads' data: everything in them is fetched from it.
SINCE = date(2025, 1, 1)

#: Bodies the payload folder lacks: the server answers 404, the fetch records and skips them.
#: The fifth order has no shipments body; offer 7778622955 has no details; the ended offer
#: 7778622954 has no Smart! report. The draft 7778622956 is never asked for.
NOT_FOUND = [
    "shipments/fb6f7b9a-b882-4edf-b994-9dffa6c38530.json",
    "offer-smart/7778622954.json",
    "product-offers/7778622955.json",
    "offer-smart/7778622955.json",
]

DETAIL_PREFIXES = (
    "/order/checkout-forms/",
    "/sale/issues/",
    "/sale/disputes/",
    "/messaging/threads/",
    "/sale/product-offers/",
    "/sale/offers/",
    "/sale/shipping-rates/",
)


@pytest.fixture(autouse=True)
def _no_unexpected_warnings() -> Iterator[None]:
    """An AllegroApiWarning while reading a fetched folder fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", AllegroApiWarning)
        yield


@pytest.fixture
def server() -> Iterator[AllegroServer]:
    """The local Allegro, running for one test."""
    with AllegroServer() as running:
        yield running


def client_for(server: AllegroServer, tmp_path: Path, **options: Any) -> AllegroClient:
    """An application pointed at the local server, with tiny waits between retries."""
    settings: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "api_url": server.url,
        "auth_url": server.url,
        "token_file": tmp_path / "config" / "allegro-token.json",
        "wait_initial": 0.01,
        "wait_max": 0.02,
        "wait_jitter": 0.0,
        "attempts": 3,
        "requests_per_second": 1000.0,
    }
    settings.update(options)
    return AllegroClient(**settings)


def fetch_all(server: AllegroServer, tmp_path: Path, **options: Any) -> FetchSummary:
    """A fetch of everything the payloads hold, legacy disputes included."""
    return fetch(
        tmp_path / "out",
        client=client_for(server, tmp_path, **options),
        since=SINCE,
        legacy_disputes=True,
        authorize=lambda code: None,
    )


def differences(out: Path) -> list[str]:
    """Payload files missing from ``out`` or different there, and files ``out`` has beyond them."""
    found = []
    expected = {path.relative_to(DATA).as_posix() for path in every_file(DATA)}
    for name in sorted(expected):
        target = out / name
        if not target.is_file():
            found.append(f"missing {name}")
        elif json.loads(target.read_text(encoding="utf-8")) != json.loads(
            (DATA / name).read_text(encoding="utf-8")
        ):
            found.append(f"differs {name}")
    for path in every_file(out):
        name = path.relative_to(out).as_posix()
        if name not in expected and name != "manifest.json":
            found.append(f"extra {name}")
    return found


def manifest(out: Path) -> dict[str, Any]:
    """The folder's manifest.json."""
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def cli(*argv: str) -> int:
    """Run the command line in this process."""
    return main(list(argv))


class TestFirstRun:
    def test_the_folder_is_the_payload_folder(self, server: AllegroServer, tmp_path: Path) -> None:
        """Every body from_api reads is fetched, paged as the API pages it (SQ-1's five areas)."""
        summary = fetch_all(server, tmp_path)
        assert differences(tmp_path / "out") == []
        assert summary.written == len(list(every_file(DATA)))
        assert summary.unchanged == 0

    def test_missing_items_are_recorded_and_skipped(
        self, server: AllegroServer, tmp_path: Path
    ) -> None:
        """A 404 for one item never stops the run; the manifest says what and why."""
        summary = fetch_all(server, tmp_path)
        assert sorted(item.path for item in summary.skipped) == sorted(NOT_FOUND)
        assert {item.status for item in summary.skipped} == {404}
        details = manifest(tmp_path / "out")["details"]
        for name in NOT_FOUND:
            assert details[name]["status"] == 404
            assert details[name]["reason"] == "The resource was not found"

    def test_the_media_types(self, server: AllegroServer, tmp_path: Path) -> None:
        """Every request is accepted: /sale/issues as beta, the rest as public v1 (else 406)."""
        fetch_all(server, tmp_path)
        statuses = {entry.status for entry in server.requests() if entry.status != 404}
        assert statuses == {200}

    def test_date_filters_and_page_sizes(self, server: AllegroServer, tmp_path: Path) -> None:
        """Orders from --since (Warsaw midnight) to the run's start; lists at their largest page."""
        fetch_all(server, tmp_path)
        first = next(e for e in server.requests() if e.path == "/order/checkout-forms")
        assert first.param("lineItems.boughtAt.gte") == "2024-12-31T23:00:00.000Z"
        assert first.param("limit") == "100"
        offers = [e.param("offset") for e in server.requests() if e.path == "/sale/offers"]
        assert offers == ["0", "3"]
        tracking = [e for e in server.requests() if e.path.endswith("/tracking")]
        assert sorted((e.path, e.query) for e in tracking) == [
            (
                "/order/carriers/DPD/tracking",
                (("waybill", "0000123456789A"), ("waybill", "0000987654321B")),
            ),
            (
                "/order/carriers/INPOST/tracking",
                (("waybill", "620000000000000000001"), ("waybill", "620000000000000000002")),
            ),
        ]

    def test_bounded_concurrency(self, server: AllegroServer, tmp_path: Path) -> None:
        """Details are fetched in parallel, never more than `concurrency` at once."""
        for ident in ("7778622952", "7778622953", "7778622954", "7778622957"):
            server.script(f"/sale/product-offers/{ident}", Fault(delay=0.2))
        fetch_all(server, tmp_path, concurrency=3)
        assert 2 <= server.most_in_flight <= 3


class TestEndToEnd:
    def test_fetch_then_report_is_the_report_of_the_payloads(
        self, server: AllegroServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`fetch --out DIR` then `report --from-api DIR`: the payloads' report (SQ-1…SQ-3)."""
        out = tmp_path / "out"
        code = cli(
            "fetch", "--out", str(out), "--since", "2025-01-01", "--legacy-disputes",
            "--api-url", server.url, "--auth-url", server.url,
            "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
            "--token-file", str(tmp_path / "config" / "token.json"),
        )  # fmt: skip
        fetched = capsys.readouterr()
        assert code == 0
        assert fetched.out.startswith("fetched ")
        assert "skipped 4 (recorded in" in fetched.out
        as_of = ("--as-of", "2025-06-21T00:00:00+02:00", "--format", "json")
        assert cli("report", "--from-api", str(out), *as_of) == 0
        ours = capsys.readouterr()
        assert cli("report", "--from-api", str(DATA), *as_of) == 0
        theirs = capsys.readouterr()
        assert ours.out == theirs.out
        assert ours.err == theirs.err == ""
        assert json.loads(ours.out)["metrics"]

    def test_the_activity_is_the_payloads_activity(
        self, server: AllegroServer, tmp_path: Path
    ) -> None:
        """read_api_dir reads the fetched folder into the same records as the payloads."""
        fetch_all(server, tmp_path)
        assert read_api_dir(tmp_path / "out") == read_api_dir(DATA)


class TestAuthorisation:
    def test_device_flow(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The link and code are shown; the token endpoint is polled at the server's interval."""
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
        with AllegroServer(interval=1, pending_polls=1) as server:
            client = client_for(server, tmp_path, token_file=None)
            fetch(tmp_path / "out", client=client, since=SINCE)
            polls = [e for e in server.requests() if e.path == "/auth/oauth/token"]
        shown = capsys.readouterr().err
        assert f"open {server.url}/skojarz-aplikacje?code=cbt3zdu4g" in shown
        assert "confirm the code cbt3zdu4g (valid for 60 minutes)" in shown
        assert [e.form["grant_type"] for e in polls] == [
            "urn:ietf:params:oauth:grant-type:device_code"
        ] * 2
        assert polls[1].at - polls[0].at >= 0.95
        token_file = tmp_path / "xdg" / "sellerquality" / "allegro-token.json"
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        saved = json.loads(token_file.read_text(encoding="utf-8"))
        assert saved[f"{server.url} {CLIENT_ID}"]["access_token"] == server.issued[0]

    def test_slow_down_lengthens_the_interval(self, tmp_path: Path) -> None:
        """A `slow_down` answer adds 5 s to the polling interval (RFC 8628, 3.5)."""
        with AllegroServer(pending_polls=1, poll_error="slow_down") as server:
            waits: list[float] = []
            session = _fetch_http.Session(
                client_for(server, tmp_path), authorize=lambda code: None, sleep=waits.append
            )
            with session:
                session.authenticate()
        assert waits == [0, 5]

    def test_access_denied(self, tmp_path: Path) -> None:
        """The seller refuses on Allegro's page: the fetch stops and says so."""
        with AllegroServer(pending_polls=1, poll_error="access_denied") as server:
            with pytest.raises(FetchError, match="access was refused on Allegro's page"):
                fetch(tmp_path / "out", client=client_for(server, tmp_path), authorize=print)
            assert server.api_paths() == []

    def test_saved_tokens_are_used_again(self, server: AllegroServer, tmp_path: Path) -> None:
        """A second run asks for no new authorisation."""
        fetch_all(server, tmp_path)
        before = len(server.log)
        fetch_all(server, tmp_path)
        assert [e for e in server.requests(before) if e.path.startswith("/auth")] == []

    def test_an_expired_saved_token_is_refreshed_first(
        self, server: AllegroServer, tmp_path: Path
    ) -> None:
        """A saved access token past its expiry is refreshed before any API call."""
        access, refresh = server.grant()
        token_file = tmp_path / "config" / "allegro-token.json"
        token_file.parent.mkdir()
        token_file.write_text(
            json.dumps(
                {
                    f"{server.url} {CLIENT_ID}": {
                        "access_token": access,
                        "refresh_token": refresh,
                        "expires_at": "2025-01-01T00:00:00+00:00",
                    }
                }
            ),
            encoding="utf-8",
        )
        fetch_all(server, tmp_path)
        first = server.requests()[0]
        assert (first.path, first.form["grant_type"]) == ("/auth/oauth/token", "refresh_token")
        assert first.form["refresh_token"] == refresh

    def test_a_401_refreshes_the_token(self, server: AllegroServer, tmp_path: Path) -> None:
        """The token expires mid-run: the 401 is answered by one refresh, and the run completes."""
        server.expire_after = 6
        summary = fetch_all(server, tmp_path)
        grants = [e.form["grant_type"] for e in server.requests() if e.path == "/auth/oauth/token"]
        assert grants == ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"]
        assert [e.status for e in server.requests()].count(401) >= 1
        assert differences(tmp_path / "out") == []
        assert summary.retries == 0

    def test_no_token_in_the_folder_or_the_output(
        self, server: AllegroServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Tokens live only in the token file: never in DIR, its manifest, or what is printed."""
        server.expire_after = 6
        out = tmp_path / "out"
        assert cli(
            "fetch", "--out", str(out), "--since", "2025-01-01",
            "--api-url", server.url, "--auth-url", server.url,
            "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
            "--token-file", str(tmp_path / "config" / "token.json"),
        ) == 0  # fmt: skip
        printed = capsys.readouterr()
        secrets = [*server.issued, CLIENT_SECRET, "device-code-3f9a"]
        assert len(server.issued) == 4  # two pairs: the device flow's and the refresh's
        for path in every_file(out):
            text = path.read_text(encoding="utf-8")
            assert [secret for secret in secrets if secret in text] == [], path
        assert [secret for secret in secrets if secret in printed.out + printed.err] == []
        assert CLIENT_SECRET not in repr(client_for(server, tmp_path))

    def test_a_given_token_is_used_as_it_is(self, server: AllegroServer, tmp_path: Path) -> None:
        """--token: no device flow, no token file."""
        access, _refresh = server.grant()
        fetch_all(server, tmp_path, token=access, client_id=None, client_secret=None)
        assert [e for e in server.requests() if e.path.startswith("/auth")] == []
        assert not (tmp_path / "config").exists()
        assert differences(tmp_path / "out") == []

    def test_a_refused_given_token(
        self, server: AllegroServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An expired --token stops the run with exit code 1 and says what to do."""
        code = cli(
            "fetch", "--out", str(tmp_path / "out"), "--api-url", server.url,
            "--auth-url", server.url, "--token", "expired-token-value",
        )  # fmt: skip
        err = capsys.readouterr().err
        assert code == 1
        assert "refused the access token given with --token (HTTP 401)" in err
        assert "expired-token-value" not in err

    def test_no_credentials(
        self, server: AllegroServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without client id and secret nor token, the run says which options to give."""
        code = cli(
            "fetch", "--out", str(tmp_path / "out"), "--api-url", server.url,
            "--auth-url", server.url, "--token-file", str(tmp_path / "t.json"),
        )  # fmt: skip
        assert code == 1
        assert "ALLEGRO_CLIENT_ID/ALLEGRO_CLIENT_SECRET" in capsys.readouterr().err

    def test_credentials_from_the_environment(
        self, server: AllegroServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ALLEGRO_CLIENT_ID and ALLEGRO_CLIENT_SECRET stand for the options."""
        monkeypatch.setenv("ALLEGRO_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("ALLEGRO_CLIENT_SECRET", CLIENT_SECRET)
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
        code = cli(
            "fetch", "--out", str(tmp_path / "out"), "--since", "2025-01-01",
            "--api-url", server.url, "--auth-url", server.url,
        )  # fmt: skip
        assert code == 0
        assert (tmp_path / "xdg" / "sellerquality" / "allegro-token.json").is_file()

    def test_the_token_file_may_not_be_in_the_folder(
        self, server: AllegroServer, tmp_path: Path
    ) -> None:
        """A token file inside DIR is refused before anything is asked."""
        client = client_for(server, tmp_path, token_file=tmp_path / "out" / "token.json")
        with pytest.raises(FetchError, match="must not be inside the data folder"):
            fetch(tmp_path / "out", client=client)
        assert server.requests() == []


class TestRobustness:
    def test_429_waits_as_retry_after_says(self, server: AllegroServer, tmp_path: Path) -> None:
        """A 429 is asked again after its Retry-After (1 s here), not after the tiny backoff."""
        server.script("/sale/delivery-methods", Fault(429, {"Retry-After": "1"}))
        summary = fetch_all(server, tmp_path)
        asked = [e for e in server.requests() if e.path == "/sale/delivery-methods"]
        assert [e.status for e in asked] == [429, 200]
        assert asked[1].at - asked[0].at >= 0.95
        assert summary.retries == 1
        assert differences(tmp_path / "out") == []

    def test_a_500_is_retried(self, server: AllegroServer, tmp_path: Path) -> None:
        """A 500 for one body succeeds on the next attempt; the retry is counted."""
        server.script("/sale/offers/7778622952/smart", Fault(500), Fault(503))
        summary = fetch_all(server, tmp_path)
        asked = [e.status for e in server.requests() if e.path == "/sale/offers/7778622952/smart"]
        assert asked == [500, 503, 200]
        assert summary.retries == 2
        assert differences(tmp_path / "out") == []

    def test_a_slow_answer_times_out_and_is_retried(
        self, server: AllegroServer, tmp_path: Path
    ) -> None:
        """An answer slower than the client's timeout is given up and asked again."""
        path = "/order/checkout-forms/94092826-f0e2-47ca-b8d1-94fd7cb82c33/shipments"
        server.script(path, Fault(delay=1.5))
        summary = fetch_all(server, tmp_path, timeout=0.5)
        deadline = time.monotonic() + 3
        while [e.path for e in server.requests()].count(path) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # the slow answer is logged when its handler ends
        assert [e.path for e in server.requests()].count(path) == 2
        assert summary.retries == 1
        assert differences(tmp_path / "out") == []

    def test_requests_are_paced(self, server: AllegroServer, tmp_path: Path) -> None:
        """At most requests_per_second requests start each second (Allegro: 9000 a minute)."""
        summary = fetch_all(server, tmp_path, requests_per_second=100.0)
        assert summary.requests == len(server.requests()) == 42
        assert summary.elapsed.total_seconds() >= 41 / 100

    def test_retry_after_as_a_date(self) -> None:
        """Retry-After may be seconds or an HTTP date; the wait is capped."""
        assert _fetch_http._retry_after("7", 120) == 7
        assert _fetch_http._retry_after("600", 120) == 120
        assert _fetch_http._retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 120) == 0
        assert _fetch_http._retry_after("soon", 120) is None
        assert _fetch_http._retry_after(None, 120) is None

    def test_a_403_on_an_endpoint_is_skipped(self, server: AllegroServer, tmp_path: Path) -> None:
        """A 403 for /sale/quality (no scope, say) is recorded; everything else is fetched."""
        server.script("/sale/quality", Fault(403))
        summary = fetch_all(server, tmp_path)
        assert Skipped("quality.json", 403, "scripted 403") in summary.skipped
        assert differences(tmp_path / "out") == ["missing quality.json"]
        assert manifest(tmp_path / "out")["details"]["quality.json"]["status"] == 403

    def test_no_half_written_file(self, server: AllegroServer, tmp_path: Path) -> None:
        """Files are written whole through a hidden temporary file: none is left behind."""
        fetch_all(server, tmp_path)
        assert [p for p in every_file(tmp_path / "out") if p.name.startswith(".")] == []


class TestResume:
    def test_an_interrupted_run_goes_on_where_it_stopped(
        self, server: AllegroServer, tmp_path: Path
    ) -> None:
        """The API fails on the second page of orders: a second run asks from that page on."""
        server.script("/order/checkout-forms", None, *[Fault(503)] * 2)
        with stamina.set_testing(True, attempts=2), pytest.raises(FetchError) as caught:
            fetch_all(server, tmp_path)
        assert "GET /order/checkout-forms: HTTP 503" in str(caught.value)
        assert caught.value.summary is not None
        assert caught.value.summary.written == 7  # me, 2 singles, 3 shipments, 1 page
        first_run = len(server.log)
        fetch_all(server, tmp_path)
        again = server.requests(first_run)
        orders = [e.param("offset") for e in again if e.path == "/order/checkout-forms"]
        assert orders[0] == "3"
        shipments = [e.path for e in again if e.path.endswith("/shipments")]
        assert shipments == [
            "/order/checkout-forms/29738e61-7f6a-11e8-ac45-09db60ede9d6/shipments",
            "/order/checkout-forms/fb6f7b9a-b882-4edf-b994-9dffa6c38530/shipments",
        ]
        assert differences(tmp_path / "out") == []

    def test_an_interrupt_keeps_the_manifest(self, server: AllegroServer, tmp_path: Path) -> None:
        """Ctrl-C mid-run: what was fetched is in the manifest, and the next run finishes."""

        def stop_at_offers(line: str) -> None:
            if line.startswith("message threads"):
                raise KeyboardInterrupt

        client = client_for(server, tmp_path)
        out = tmp_path / "out"
        with pytest.raises(KeyboardInterrupt):
            fetch(out, client=client, since=SINCE, legacy_disputes=True, progress=stop_at_offers)
        record = manifest(out)
        assert record["runs"][-1]["complete"] is False
        assert "shipments/94092826-f0e2-47ca-b8d1-94fd7cb82c33.json" in record["details"]
        before = len(server.log)
        fetch(out, client=client, legacy_disputes=True)
        paths = server.api_paths(before)
        assert not [p for p in paths if p.endswith(("/shipments", "/chat", "/messages"))]
        assert "/sale/product-offers/7778622952" in paths
        assert differences(out) == []
        assert manifest(out)["runs"][-1]["complete"] is True


class TestIncremental:
    def test_a_second_run_fetches_nothing_new(self, server: AllegroServer, tmp_path: Path) -> None:
        """Nothing changed: only the lists are asked again, no detail, and no file is written."""
        fetch_all(server, tmp_path)
        before = len(server.log)
        summary = fetch_all(server, tmp_path)
        assert summary.written == 0
        assert summary.skipped == ()
        paths = server.api_paths(before)
        assert [p for p in paths if p.startswith(DETAIL_PREFIXES)] == []
        # The one waybill whose carrier has no history yet is asked again; delivered ones are not.
        tracking = [e for e in server.requests(before) if e.path.endswith("/tracking")]
        assert [(e.path, e.query) for e in tracking] == [
            ("/order/carriers/DPD/tracking", (("waybill", "0000987654321B"),))
        ]
        orders = next(e for e in server.requests(before) if e.path == "/order/checkout-forms")
        assert orders.param("updatedAt.gte") == manifest(tmp_path / "out")["runs"][0]["started"]
        assert differences(tmp_path / "out") == []

    def test_changed_items_are_fetched_again(self, server: AllegroServer, tmp_path: Path) -> None:
        """A changed order, a new rating, a thread with news: those alone (SQ-A1, SQ-B5)."""
        fetch_all(server, tmp_path)
        now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        page = server.lists["/order/checkout-forms"][1]
        order = page["checkoutForms"][0]
        order["updatedAt"], order["fulfillment"]["status"] = now, "PICKED_UP"
        rating = dict(server.lists["/sale/user-ratings"][0]["ratings"][0])
        rating.update(id="66425d1ef437e00255572a09", createdAt=now, lastChangedAt=now)
        server.lists["/sale/user-ratings"][0]["ratings"].insert(0, rating)
        thread = server.lists["/messaging/threads"][0]["threads"][1]
        thread["lastMessageDateTime"] = now
        before = len(server.log)
        summary = fetch_all(server, tmp_path)
        paths = server.api_paths(before)
        assert [p for p in paths if p.startswith(DETAIL_PREFIXES)] == [
            f"/order/checkout-forms/{order['id']}/shipments",
            f"/messaging/threads/{thread['id']}/messages",
        ]
        out = tmp_path / "out"
        assert json.loads((out / "checkout-forms-3.json").read_text())["checkoutForms"] == [order]
        assert [f["id"] for f in json.loads((out / "checkout-forms-2.json").read_text())[
            "checkoutForms"]] == ["fb6f7b9a-b882-4edf-b994-9dffa6c38530"]  # fmt: skip
        assert json.loads((out / "user-ratings-3.json").read_text())["ratings"] == [rating]
        assert json.loads((out / "threads-1.json").read_text()) == server.lists[
            "/messaging/threads"][0]  # fmt: skip
        # checkout-forms-3, user-ratings-3, threads-1 (and checkout-forms-2, bookkeeping).
        assert summary.written == 3
        activity = read_api_dir(out)
        assert len(activity.orders) == 5
        assert len(activity.ratings) == 5

    def test_another_account_is_refused(self, server: AllegroServer, tmp_path: Path) -> None:
        """A folder holds one seller: another account's credentials are refused, nothing mixed."""
        fetch_all(server, tmp_path)
        server.single["/me"] = {**server.single["/me"], "id": "99999999"}
        with pytest.raises(FetchError, match="holds the bodies of Allegro account 46968690"):
            fetch_all(server, tmp_path)
        assert json.loads((tmp_path / "out" / "me.json").read_text())["id"] == "99999999"


class TestCommand:
    def test_a_bad_since(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--since must be a date: exit code 2 and one line."""
        assert cli("fetch", "--out", str(tmp_path / "out"), "--since", "June") == 2
        assert capsys.readouterr().err == (
            "sellerquality: --since 'June' is not a date (YYYY-MM-DD)\n"
        )

    def test_progress_on_a_terminal(
        self, server: AllegroServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal, stderr shows one progress line rewritten in place, per endpoint."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        assert cli(
            "fetch", "--out", str(tmp_path / "out"), "--since", "2025-01-01",
            "--api-url", server.url, "--auth-url", server.url,
            "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
            "--token-file", str(tmp_path / "token.json"),
        ) == 0  # fmt: skip
        shown = terminal.getvalue()
        assert "\r\x1b[Korders: 3 new or changed\r\x1b[Korders: 5 new or changed" in shown
        assert shown.endswith("\r\x1b[K")

    def test_a_stopped_run_prints_what_it_did(
        self, server: AllegroServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A run that stops prints its summary, says why, and exits with code 1."""
        server.script("/sale/offers", *[Fault(503)] * 2)
        with stamina.set_testing(True, attempts=2):
            code = cli(
                "fetch", "--out", str(tmp_path / "out"), "--since", "2025-01-01",
                "--api-url", server.url, "--auth-url", server.url,
                "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                "--token-file", str(tmp_path / "token.json"),
            )  # fmt: skip
        printed = capsys.readouterr()
        assert code == 1
        assert printed.out.startswith("fetched ")
        assert printed.err.endswith(
            "sellerquality: fetch stopped: GET /sale/offers: HTTP 503 Service Unavailable, "
            "after 2 attempts; run the same command again to go on\n"
        )


class TestClient:
    def test_hosts(self) -> None:
        """Production and sandbox hosts, each overridable."""
        assert (AllegroClient().api_base, AllegroClient().auth_base) == (
            "https://api.allegro.pl",
            "https://allegro.pl",
        )
        sandbox = AllegroClient(sandbox=True)
        assert (sandbox.api_base, sandbox.auth_base) == (
            "https://api.allegro.pl.allegrosandbox.pl",
            "https://allegro.pl.allegrosandbox.pl",
        )
        proxied = AllegroClient(sandbox=True, api_url="http://proxy/api/", auth_url="http://a")
        assert (proxied.api_base, proxied.auth_base) == ("http://proxy/api", "http://a")

    def test_token_path(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The token file: --token-file, else under $XDG_CONFIG_HOME, else ~/.config."""
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
        assert AllegroClient().token_path == tmp_path / "sellerquality" / "allegro-token.json"
        monkeypatch.delenv("XDG_CONFIG_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        expected = tmp_path / "home" / ".config" / "sellerquality" / "allegro-token.json"
        assert AllegroClient().token_path == expected
        assert AllegroClient(token_file=Path("t.json")).token_path == Path("t.json")

    def test_secrets_stay_out_of_repr(self) -> None:
        """The repr shows the client id, never the secret or a token."""
        secret, token = "s3cr3t", "t0k3n"
        text = repr(AllegroClient(client_id="id-1", client_secret=secret, token=token))
        assert "id-1" in text
        assert "s3cr3t" not in text
        assert "t0k3n" not in text

    def test_limits_must_be_positive(self) -> None:
        """A concurrency of 0 would never fetch anything."""
        with pytest.raises(ValueError, match="concurrency must be positive"):
            AllegroClient(concurrency=0)

    def test_device_code_prompt(self) -> None:
        """The prompt names the page with the code filled in, the code, and its lifetime."""
        code = DeviceCode(
            user_code="abc",
            verification_uri="https://allegro.pl/skojarz-aplikacje",
            verification_uri_complete="https://allegro.pl/skojarz-aplikacje?code=abc",
            expires_in=3600,
            interval=5,
        )
        assert code.prompt() == (
            "To let sellerquality read your Allegro account, open "
            "https://allegro.pl/skojarz-aplikacje?code=abc and confirm the code abc "
            "(valid for 60 minutes)."
        )


class TestWithoutTheExtra:
    @pytest.fixture
    def no_httpx(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Python as it is without the extra: httpx cannot be imported."""
        monkeypatch.setitem(sys.modules, "httpx", None)
        monkeypatch.delitem(sys.modules, "sellerquality.allegro._api._http", raising=False)
        monkeypatch.delattr(allegro._api, "_http", raising=False)

    @pytest.mark.usefixtures("no_httpx")
    def test_fetch_says_how_to_install_it(self, tmp_path: Path) -> None:
        """sellerquality.allegro.fetch raises MissingExtraError naming the pip command."""
        with pytest.raises(MissingExtraError, match=r'pip install "sellerquality\[allegro\]"'):
            # Were the extra found after all, this host answers nothing: no request leaves.
            fetch(tmp_path / "out", client=AllegroClient(token=GIVEN, api_url=UNREACHABLE))
        assert issubclass(MissingExtraError, ImportError)

    @pytest.mark.usefixtures("no_httpx")
    def test_the_command_exits_2_with_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The fetch command without the extra: exit code 2 and one line on stderr."""
        argv = ("fetch", "--out", str(tmp_path / "out"), "--token", "t", "--api-url", UNREACHABLE)
        assert cli(*argv) == 2
        printed = capsys.readouterr()
        assert printed.err == (
            'sellerquality: fetch needs the optional extra: pip install "sellerquality[allegro]"\n'
        )
        assert printed.out == ""

    def test_the_library_imports_without_it(self) -> None:
        """The core, the allegro package and the command line import with neither package."""
        code = (
            "import sys; sys.modules['httpx'] = None; sys.modules['stamina'] = None; "
            "import sellerquality, sellerquality.allegro, sellerquality.cli; "
            "print(sellerquality.cli.main(['report', '--example']))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.rstrip().endswith("0")
