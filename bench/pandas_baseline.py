"""The six core sales-quality numbers from our JSON file, the obvious pandas way.

The baseline ``bench/run.py`` compares ``sales_quality(load(path))`` with: it
reads the same file with :func:`json.load`, makes one DataFrame per record
kind (:func:`pandas.json_normalize` for the orders' nested ``total``), and
computes, over the 30 Warsaw calendar days before ``as_of``
(``[as_of - 30 days, as_of)``), what the library's readings say
(docs/allegro/quality.md, edition 2022: replies and tracking on elapsed time):

* ``RECOMMENDATION_RATE`` (SQ-A1): recommending ratings / ratings created in
  the window;
* ``BUYER_SATISFACTION`` (SQ-A2): the sum of every star mark given in the
  window's ratings / how many marks were given (each of the four counts once);
* ``MESSAGE_REPLY_ON_TIME`` (SQ-B5): messages received in the window and
  answered before ``as_of`` within 24 h / those answered before ``as_of`` or
  unanswered with the 24 h already past at ``as_of``;
* ``TRACKING_ON_TIME`` (SQ-D2): non-cancelled orders bought in the window with
  a ``dispatch_by``, tracked before ``as_of`` by that deadline / those tracked
  before ``as_of`` or whose deadline passed before it;
* ``COMPLETED_ORDERS`` (SQ-D1): non-cancelled orders bought in the window,
  sent before ``as_of`` or recommended by a rating created before it;
* ``REVENUE`` (SQ-D3): the totals of the non-cancelled orders bought in the
  window, in grosze.

Each number is ``(numerator, denominator)`` of ints (denominator ``None`` for
a count or a sum), so that ``bench/run.py`` can check it equals the library's
exactly. Only the standard library and pandas are used.

Run it on a file::

    python bench/pandas_baseline.py seller.json
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["six_numbers"]

WARSAW: Final = ZoneInfo("Europe/Warsaw")
STARS: Final = ["description", "service", "delivery", "delivery_cost"]
REPLY_WITHIN: Final = pd.Timedelta(hours=24)

Numbers = dict[str, tuple[int, int | None]]


def window_start(as_of: datetime, days: int) -> datetime:
    """``days`` Warsaw calendar days before ``as_of``, at the same wall-clock time."""
    local = as_of.astimezone(WARSAW)
    return (local.replace(tzinfo=None) - timedelta(days=days)).replace(tzinfo=WARSAW)


def _frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    # json_normalize flattens {"total": {"amount": ...}} to "total.amount"; fields
    # left out of a record (our files omit defaults) are NaN, and a column no
    # record has is added empty.
    return pd.json_normalize(records).reindex(columns=columns)


def _instants(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, utc=True, format="ISO8601")


def six_numbers(path: str | Path, as_of: datetime, days: int = 30) -> Numbers:
    """Compute the six numbers for the seller in the JSON file at ``path``."""
    with Path(path).open(encoding="utf-8") as file:
        data = json.load(file)
    end = pd.Timestamp(as_of).tz_convert("UTC")
    start = pd.Timestamp(window_start(as_of, days)).tz_convert("UTC")

    orders = _frame(
        data.get("orders", []),
        [
            "id",
            "bought_at",
            "total.amount",
            "cancelled",
            "dispatch_by",
            "tracking_added_at",
            "sent_at",
        ],
    )
    ratings = _frame(data.get("ratings", []), ["created_at", "recommended", "order_id", *STARS])
    messages = _frame(data.get("messages", []), ["received_at", "replied_at"])

    # --- ratings -------------------------------------------------------------
    created = _instants(ratings["created_at"])
    recommended = ratings["recommended"].eq(True)  # noqa: FBT003 - NaN is not True
    rated = ratings[(created >= start) & (created < end)]
    marks = rated[STARS]

    # --- messages ------------------------------------------------------------
    received = _instants(messages["received_at"])
    replied = _instants(messages["replied_at"])
    in_window = (received >= start) & (received < end)
    answered = replied < end  # NaT compares False: unanswered
    on_time = answered & (replied <= received + REPLY_WITHIN)
    counted = answered | (received + REPLY_WITHIN < end)

    # --- orders --------------------------------------------------------------
    bought = _instants(orders["bought_at"])
    live = (bought >= start) & (bought < end) & ~orders["cancelled"].eq(True)  # noqa: FBT003
    dispatch_by = _instants(orders["dispatch_by"])
    tracking = _instants(orders["tracking_added_at"])
    tracked = tracking < end
    due = live & dispatch_by.notna() & (tracked | (dispatch_by < end))
    tracked_on_time = due & tracked & (tracking <= dispatch_by)
    recommending = ratings.loc[recommended & (created < end), "order_id"]
    completed = live & ((_instants(orders["sent_at"]) < end) | orders["id"].isin(recommending))
    grosze = (pd.to_numeric(orders.loc[live, "total.amount"]) * 100).round().astype("int64")

    return {
        "RECOMMENDATION_RATE": (int(recommended[rated.index].sum()), len(rated)),
        "BUYER_SATISFACTION": (int(marks.sum().sum()), int(marks.count().sum())),
        "MESSAGE_REPLY_ON_TIME": (
            int((in_window & on_time).sum()),
            int((in_window & counted).sum()),
        ),
        "TRACKING_ON_TIME": (int(tracked_on_time.sum()), int(due.sum())),
        "COMPLETED_ORDERS": (int(completed.sum()), None),
        "REVENUE": (int(grosze.sum()), None),
    }


if __name__ == "__main__":
    from generate import AS_OF

    for code, number in six_numbers(sys.argv[1], AS_OF).items():
        print(code, *number)
