"""Hypothesis strategies for the AliExpress records, and helpers for the docs pages."""

import doctest
import re
import zoneinfo
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from sellerquality import Money
from sellerquality.aliexpress import Feedback

AS_OF = datetime(2024, 7, 1, tzinfo=UTC)
"""The evaluation instant the properties use; ratings are drawn around it."""

ZONES = st.sampled_from([UTC, timezone(timedelta(hours=8)), ZoneInfo("Asia/Shanghai")])

PACIFIC = ZoneInfo("America/Los_Angeles")
"""US Pacific time, the zone of AliExpress's rules (the rulebook's ``zone``)."""

# Every IANA zone this Python knows (from the tzdata package or the system), in
# a fixed order so that derandomized runs draw the same ones.
IANA_ZONES = sorted(zoneinfo.available_timezones())

ANY_ZONE: st.SearchStrategy[tzinfo] = st.one_of(
    st.sampled_from(IANA_ZONES).map(ZoneInfo),
    st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    ),
)
"""A zone to re-express an instant in: any IANA zone, or any fixed offset under a day."""

instants = st.datetimes(
    min_value=datetime(2023, 11, 1),
    max_value=datetime(2024, 8, 1),
    timezones=ZONES,
)

amounts = st.decimals(
    min_value=Decimal(0), max_value=Decimal(50), places=2, allow_nan=False, allow_infinity=False
).map(lambda amount: Money(amount, "USD"))

marks = st.none() | st.integers(min_value=1, max_value=5)


@st.composite
def feedbacks(draw: st.DrawFn, order_id: str) -> Feedback:
    """A valid rating of order ``order_id``, sometimes with the order's end."""
    rated_at = draw(instants)
    # Up to 29 days: 30 days on the Pacific wall clock (AE-F1) are 719 hours
    # across the spring DST change, so 720 hours could be one hour too late.
    ended_before = draw(st.none() | st.integers(min_value=0, max_value=29 * 24))
    return Feedback(
        order_id=order_id,
        rated_at=rated_at,
        stars=draw(st.integers(min_value=1, max_value=5)),
        order_amount=draw(amounts),
        special=draw(st.booleans()),
        buyer_id=draw(st.none() | st.text(min_size=1, max_size=6)),
        as_described=draw(marks),
        communication=draw(marks),
        shipping_speed=draw(marks),
        order_ended_at=None if ended_before is None else rated_at - timedelta(hours=ended_before),
    )


@st.composite
def feedback_lists(draw: st.DrawFn, max_size: int = 25) -> list[Feedback]:
    """Ratings of distinct orders, in no particular order."""
    ids = draw(st.lists(st.integers(min_value=0, max_value=99_999), unique=True, max_size=max_size))
    return [draw(feedbacks(f"o-{number}")) for number in ids]


DOCS = Path(__file__).resolve().parents[1] / "docs" / "aliexpress"


def docs_page(name: str) -> str:
    """The text of a page of the AliExpress docs."""
    return (DOCS / name).read_text(encoding="utf-8")


def page_examples(name: str) -> doctest.TestResults:
    """Run the ``>>>`` examples of a docs page, in order, as one doctest."""
    # Fence lines would otherwise be read as expected output.
    text = re.sub(r"^```.*$", "", docs_page(name), flags=re.MULTILINE)
    test = doctest.DocTestParser().get_doctest(text, {}, name, str(DOCS / name), 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    return runner.summarize(verbose=False)
