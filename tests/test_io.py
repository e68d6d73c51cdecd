"""Our JSON format: load, dump, strict and lenient reading."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerquality import FORMAT, Money, Rejected, dump, load
from sellerquality._serde import format_duration, parse_duration
from sellerquality.aliexpress import load_feedback
from sellerquality.allegro import Offer, Order, SellerActivity
from sellerquality.exceptions import InvalidValueError, LoadError, PathProblem
from strategies import activities

ORDER = {"id": "o-1", "bought_at": "2022-03-01T10:00:00+01:00", "total": {"amount": "99.90"}}
KINDS = ("offers", "orders", "disputes", "ratings", "messages", "violations")


class TestRoundTrip:
    @given(activities())
    def test_load_of_dump_is_identity(self, activity: SellerActivity) -> None:
        """load(dump(x)) == x for any valid activity."""
        assert load(dump(activity)) == activity

    @given(activities())
    def test_dump_is_json_serialisable(self, activity: SellerActivity) -> None:
        """dump() gives plain JSON values that survive json.dumps/loads."""
        text = json.dumps(dump(activity))
        assert load(text) == activity

    def test_formats(self) -> None:
        """Instants carry offsets, money is {amount, currency}, durations are ISO 8601."""
        activity = SellerActivity(
            offers=[
                Offer(
                    id="of-1",
                    price=Money("12.30"),
                    handling_time=timedelta(hours=24),
                    pickup_methods={"b", "a"},
                )
            ],
            orders=[
                Order(id="o-1", bought_at=datetime(2022, 3, 1, 9, tzinfo=UTC), total=Money("5"))
            ],
        )
        data = dump(activity)
        assert data["format"] == FORMAT
        assert data["offers"] == [
            {
                "id": "of-1",
                "price": {"amount": "12.30", "currency": "PLN"},
                "handling_time": "PT24H",
                "pickup_methods": ["a", "b"],
            }
        ]
        assert data["orders"][0]["bought_at"] == "2022-03-01T09:00:00+00:00"


class TestSources:
    def test_path_str_file_text_and_dict(self, tmp_path: Path) -> None:
        """A path, a str path, an open file, JSON text and a dict all load the same."""
        document = {"orders": [ORDER]}
        path = tmp_path / "seller.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        expected = load(document)
        assert load(path) == expected
        assert load(str(path)) == expected
        assert load(json.dumps(document)) == expected
        assert load(io.StringIO(json.dumps(document))) == expected
        with path.open("rb") as handle:
            assert load(handle) == expected

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a LoadError naming the file."""
        with pytest.raises(LoadError, match="cannot read file") as info:
            load(tmp_path / "nope.json")
        assert info.value.source == str(tmp_path / "nope.json")

    def test_not_json(self) -> None:
        """Broken JSON is reported with line and column."""
        with pytest.raises(LoadError, match=r"not JSON.*line 1"):
            load("{not json")

    def test_not_an_object(self) -> None:
        """The top level must be an object; the message says what it is instead."""
        with pytest.raises(LoadError, match=r"\$: is an array; expected an object"):
            load("[1, 2]")

    def test_wrong_format_version(self) -> None:
        """A file of another format version is refused, even leniently."""
        with pytest.raises(LoadError, match=r"\$\.format"):
            load({"format": "sellerquality/99"}, strict=False)

    def test_empty_object_is_an_empty_activity(self) -> None:
        """Every section is optional."""
        assert load({}) == SellerActivity()


class TestStrict:
    def test_lists_every_problem_with_its_path(self) -> None:
        """Strict loading raises one error listing each problem with a JSON path."""
        document = {
            "orders": [
                ORDER,
                {**ORDER, "id": "o-2", "bought_at": "2022-03-01T10:00:00"},
                {**ORDER, "id": "o-3", "total": {"amount": 9.99}},
                {**ORDER, "id": "o-4", "sent_at": "2022-02-01T10:00:00+01:00"},
            ],
            "ratings": [
                {
                    "id": "r-1",
                    "created_at": "2022-03-01T10:00:00Z",
                    "recommended": True,
                    "service": 6,
                }
            ],
        }
        with pytest.raises(LoadError) as info:
            load(document)
        paths = [problem.path for problem in info.value.problems]
        assert paths == [
            "$.orders[1].bought_at",
            "$.orders[2].total.amount",
            "$.orders[3].sent_at",
            "$.ratings[0].service",
        ]
        assert "naive" in info.value.problems[0].reason
        assert "floats are refused" in info.value.problems[1].reason
        assert "before bought_at" in info.value.problems[2].reason
        assert "outside the star scale" in info.value.problems[3].reason
        assert info.value.first_line.startswith("$.orders[1].bought_at: ")
        assert info.value.first_line.endswith("(and 3 more)")

    def test_missing_and_unknown_fields(self) -> None:
        """Missing required fields and unknown (misspelt) fields are both reported."""
        with pytest.raises(LoadError) as info:
            load(
                {
                    "orders": [
                        {"id": "o-1", "bought_ad": "2022-03-01T10:00:00Z", "total": {"amount": "1"}}
                    ]
                }
            )
        assert set(info.value.problems) == {
            PathProblem("$.orders[0].bought_at", "required field missing"),
            PathProblem("$.orders[0].bought_ad", "unknown field"),
        }

    def test_bad_values_of_each_kind(self) -> None:
        """Enums, durations, money objects and sets are checked with paths."""
        document = {
            "offers": [
                {"id": "a", "price": {"amount": "1"}, "handling_time": "24h"},
                {"id": "b", "price": "1.00"},
                {"id": "c", "price": {"amount": "1", "cents": 3}},
                {"id": "d", "price": {"currency": "PLN"}},
                {"id": "e", "price": {"amount": "x"}},
                {"id": "f", "price": {"amount": "1"}, "pickup_methods": "InPost"},
                {"id": "g", "price": {"amount": "1"}, "handling_time": 24},
            ],
            "disputes": [{"id": "d", "opened_at": "2022-03-01T10:00:00Z", "reason": "LATE"}],
            "violations": [{"id": "v", "kind": "WARNING", "at": 5}],
        }
        with pytest.raises(LoadError) as info:
            load(document)
        paths = [problem.path for problem in info.value.problems]
        assert paths == [
            "$.offers[0].handling_time",
            "$.offers[1].price",
            "$.offers[2].price.cents",
            "$.offers[3].price",
            "$.offers[4].price.amount",
            "$.offers[5].pickup_methods",
            "$.offers[6].handling_time",
            "$.disputes[0].reason",
            "$.violations[0].at",
        ]

    def test_section_that_is_not_a_list(self) -> None:
        """A section must be an array; the message says what it is instead."""
        with pytest.raises(LoadError, match=r"\$\.orders: is an object; expected an array"):
            load({"orders": {"id": "o-1"}})

    def test_duplicates_and_currency(self) -> None:
        """Duplicate ids and foreign-currency orders are reported at the later record."""
        document = {
            "orders": [
                ORDER,
                {**ORDER, "total": {"amount": "2"}},
                {**ORDER, "id": "o-2", "total": {"amount": "1", "currency": "EUR"}},
            ]
        }
        with pytest.raises(LoadError) as info:
            load(document)
        assert [str(p) for p in info.value.problems] == [
            "$.orders[1].id: duplicate id 'o-1'; first at $.orders[0]",
            "$.orders[2].total: total is in EUR; the seller's orders are in PLN",
        ]


class TestLenient:
    def test_keeps_the_good_and_returns_the_bad(self) -> None:
        """strict=False returns what it accepted and what it rejected, with paths."""
        document = {
            "account": {"business": "yes"},
            "orders": [ORDER, {**ORDER, "id": "o-2", "bought_at": "yesterday"}],
            "extra": 1,
        }
        activity, rejected = load(document, strict=False)
        assert [o.id for o in activity.orders] == ["o-1"]
        assert [item.path for item in rejected] == ["$.account", "$.orders[1]", "$.extra"]
        assert rejected[1].raw == document["orders"][1]  # type: ignore[index]
        assert "$.orders[1].bought_at" in rejected[1].reason

    def test_majority_currency_wins(self) -> None:
        """The most common order currency is kept; orders in others are rejected."""
        document = {
            "orders": [
                {**ORDER, "id": "e-1", "total": {"amount": "1", "currency": "EUR"}},
                {**ORDER, "id": "p-1"},
                {**ORDER, "id": "p-2"},
            ]
        }
        activity, rejected = load(document, strict=False)
        assert activity.currency == "PLN"
        assert [item.path for item in rejected] == ["$.orders[0]"]

    @given(activities(), st.data())
    def test_never_loses_a_record(self, activity: SellerActivity, data: st.DataObject) -> None:
        """Accepted + rejected == input, however records are corrupted."""
        document: dict[str, Any] = dump(activity)
        corruptions = [
            lambda r: {**r, "id": None},
            lambda r: {key: value for key, value in r.items() if key != "id"},
            lambda r: {**r, "surprise": True},
            lambda r: 42,
            lambda r: r,
        ]
        total = 0
        for kind in KINDS:
            items = document[kind]
            for index, record in enumerate(items):
                items[index] = data.draw(st.sampled_from(corruptions))(record)
            total += len(items)
        accepted, rejected = load(document, strict=False)
        record_rejections = [item for item in rejected if item.path.split("[")[0][2:] in KINDS]
        assert sum(len(getattr(accepted, kind)) for kind in KINDS) + len(record_rejections) == total


class TestDurations:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("PT24H", timedelta(hours=24)),
            ("P2D", timedelta(days=2)),
            ("P1W", timedelta(weeks=1)),
            ("PT0S", timedelta(0)),
            ("PT1.5S", timedelta(seconds=1, microseconds=500_000)),
            ("P1DT2H3M4S", timedelta(days=1, hours=2, minutes=3, seconds=4)),
            ("PT72H", timedelta(days=3)),
        ],
    )
    def test_parse(self, text: str, value: timedelta) -> None:
        """ISO 8601 durations of weeks..seconds parse exactly."""
        assert parse_duration(text) == value

    @pytest.mark.parametrize("text", ["", "P", "PT", "P1Y", "P1M", "24h", "P1DT"])
    def test_parse_refuses(self, text: str) -> None:
        """Years and months (no fixed length) and malformed text are refused."""
        with pytest.raises(InvalidValueError, match="ISO 8601 duration"):
            parse_duration(text)

    @given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
    def test_format_round_trips(self, value: timedelta) -> None:
        """format_duration and parse_duration are inverse."""
        assert parse_duration(format_duration(value)) == value

    def test_format_refuses_negative(self) -> None:
        """Negative durations have no ISO 8601 form here."""
        with pytest.raises(InvalidValueError):
            format_duration(timedelta(seconds=-1))


class TestInstantsReadBack:
    def test_warsaw_offsets_come_back_as_warsaw(self) -> None:
        """An offset that is Warsaw's at that instant is read as Europe/Warsaw.

        So a dispute opened 2026-10-10 12:00 (+02:00) still expires, 30 calendar
        days later, at 12:00 Warsaw time (+01:00 after the autumn change).
        """
        from sellerquality import WARSAW

        activity = load({"disputes": [{"id": "d", "opened_at": "2026-10-10T12:00:00+02:00"}]})
        opened = activity.disputes[0].opened_at
        assert opened.tzinfo is WARSAW
        assert (opened + timedelta(days=30)).isoformat() == "2026-11-09T12:00:00+01:00"

    def test_other_offsets_stay_fixed(self) -> None:
        """UTC (Z) and foreign offsets are kept as written."""
        activity = load(
            {
                "messages": [
                    {"id": "a", "received_at": "2026-10-10T12:00:00Z"},
                    {"id": "b", "received_at": "2026-10-10T12:00:00+08:00"},
                ]
            }
        )
        offsets = sorted(str(m.received_at.utcoffset()) for m in activity.messages)
        assert offsets == ["0:00:00", "8:00:00"]


class TestProblemOrder:
    def test_strict_problems_follow_the_input(self) -> None:
        """Strict errors list problems in input order: sections as written, records by index."""
        document = {
            "orders": [
                {**ORDER, "id": "o-1"},
                {**ORDER, "id": "o-2", "total": {"amount": "1", "currency": "EUR"}},
            ],
            "zzz": 1,
            "ratings": [{"id": "r"}],
        }
        with pytest.raises(LoadError) as info:
            load(document)
        assert [p.path for p in info.value.problems][:2] == ["$.orders[1].total", "$.zzz"]


class TestOneReader:
    """Every loader reads through one reader: paths, ``-`` for stdin, text, files, mappings."""

    def test_dash_reads_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``load("-")`` reads standard input, as command-line tools write it."""
        text = (
            '{"orders": [{"id": "o-1", "bought_at": "2022-03-01T10:00:00+01:00",'
            ' "total": {"amount": "99.90"}}]}'
        )
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        activity = load("-")
        assert [order.id for order in activity.orders] == ["o-1"]

    def test_errors_from_standard_input_name_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A problem in standard input's JSON is reported against ``<stdin>``."""
        monkeypatch.setattr(sys, "stdin", io.StringIO('{"orders": [{"id": 1}]}'))
        with pytest.raises(LoadError) as caught:
            load("-")
        assert caught.value.source == "<stdin>"
        assert caught.value.first_line.startswith("<stdin>: $.orders[0]")

    def test_aliexpress_feedback_reads_standard_input_too(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The AliExpress reader shares the reader: ``-`` is stdin there as well."""
        text = (
            '{"feedbacks": [{"order_id": "1", "rated_at": "2024-05-01T10:00:00+00:00",'
            ' "stars": 5, "order_amount": {"amount": "9.90", "currency": "USD"}}]}'
        )
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        (feedback,) = load_feedback("-")
        assert feedback.order_id == "1"

    def test_aliexpress_feedback_reads_json_text(self) -> None:
        """A str starting with ``{`` is JSON text for every loader, not a file name."""
        text = (
            '{"feedbacks": [{"order_id": "7", "rated_at": "2024-05-01T10:00:00+00:00",'
            ' "stars": 4, "order_amount": {"amount": "1.00", "currency": "USD"}}]}'
        )
        (feedback,) = load_feedback(text)
        assert (feedback.order_id, feedback.stars) == ("7", 4)

    def test_rejected_knows_its_index(self) -> None:
        """A rejected item's index is read off its path; a section has none."""
        assert Rejected("$.orders[17]", (), None).index == 17
        assert Rejected("$.account", (), None).index is None
        assert Rejected("orders/page-2.json$.checkoutForms[3]", (), None).index == 3
