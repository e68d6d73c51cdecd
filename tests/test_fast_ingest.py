"""Reading our JSON format fast: the direct decoder accepts exactly what the converter accepts.

``load`` builds each record directly with the converter's own field hooks and
the record's constructor, and lets the cattrs converter read only the items
that fail, so that their problems carry JSON paths. The slow path is the
reference: for any document, valid or corrupted, both give the same records and
the same problems.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from api_strategies import corrupted
from sellerquality import dump, load
from sellerquality._serde import decode_each, decode_each_slowly
from sellerquality.allegro import (
    Dispute,
    Message,
    Offer,
    Order,
    Rating,
    SellerActivity,
    Violation,
)
from sellerquality.examples import load_example
from strategies import activities

KINDS: dict[str, type[Any]] = {
    "offers": Offer,
    "orders": Order,
    "disputes": Dispute,
    "ratings": Rating,
    "messages": Message,
    "violations": Violation,
}


def both(document: dict[str, Any]) -> None:
    """Each section decodes to the same records and problems on both paths."""
    for name, cls in KINDS.items():
        items = document.get(name, [])
        fast = list(decode_each(items, cls, f"$.{name}"))
        slow = list(decode_each_slowly(items, cls, f"$.{name}"))
        assert fast == slow, name


class TestSamePathsSameAnswers:
    """Load's fast path is exact: the converter is its reference (the data model's invariants)."""

    def test_the_bundled_example(self) -> None:
        """Every record of the example decodes the same both ways."""
        both(dump(load_example()))

    @settings(max_examples=500)
    @given(activity=activities())
    def test_valid_documents(self, activity: SellerActivity) -> None:
        """Any valid activity's document: the same records both ways."""
        both(dump(activity))

    @settings(max_examples=500)
    @given(data=st.data(), activity=activities(most=3))
    def test_corrupted_documents(self, data: st.DataObject, activity: SellerActivity) -> None:
        """One value replaced, one key removed or one unknown key added: the same both ways.

        A record the fast path cannot build goes through the converter, which
        reports its problems; a record it builds must be one the converter
        would build too.
        """
        document = data.draw(corrupted(dump(activity)))
        if isinstance(document, dict):
            both(document)

    def test_lenient_load_adds_up(self) -> None:
        """A document with one bad order: accepted plus rejected is the input (fast path on)."""
        document = dump(load_example())
        document["orders"][5]["total"] = {"amount": "-1.00"}
        activity, rejected = load(document, strict=False)
        assert len(activity.orders) + len(rejected) == len(document["orders"])
        assert [item.path for item in rejected] == ["$.orders[5]"]

    def test_unknown_key_inside_an_amount(self) -> None:
        """An unknown key inside a money object is an error, even for an amount seen before."""
        document = dump(load_example())
        document["orders"][3]["total"] = {**document["orders"][0]["total"], "cents": 5}
        both(document)
        _, rejected = load(document, strict=False)
        assert [problem.path for item in rejected for problem in item.problems] == [
            "$.orders[3].total.cents"
        ]
