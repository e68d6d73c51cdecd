"""The six core sales-quality numbers from our JSON file, the obvious polars way.

The same six numbers, readings and result shape as ``bench/pandas_baseline.py``
(see its docstring), computed with polars: the file is read with
:func:`json.load` and each record kind made a DataFrame with
:func:`polars.from_dicts`, given the schema of the fields the numbers need
(our files leave fields at their default out, so the schema also makes a
field no record has a column of nulls). Instants are parsed to UTC with
``str.to_datetime``; the rest is filters and sums over expressions. Only the
standard library and polars are used.

Run it on a file::

    python bench/polars_baseline.py seller.json
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import polars as pl

__all__ = ["six_numbers"]

WARSAW: Final = ZoneInfo("Europe/Warsaw")
STARS: Final = ("description", "service", "delivery", "delivery_cost")
REPLY_WITHIN: Final = timedelta(hours=24)
ISO: Final = "%Y-%m-%dT%H:%M:%S%.f%z"

Numbers = dict[str, tuple[int, int | None]]

ORDERS: Final = {
    "id": pl.String,
    "bought_at": pl.String,
    "total": pl.Struct({"amount": pl.String}),
    "cancelled": pl.Boolean,
    "dispatch_by": pl.String,
    "tracking_added_at": pl.String,
    "sent_at": pl.String,
}
RATINGS: Final = {
    "created_at": pl.String,
    "recommended": pl.Boolean,
    "order_id": pl.String,
    **dict.fromkeys(STARS, pl.Int64),
}
MESSAGES: Final = {"received_at": pl.String, "replied_at": pl.String}


def window_start(as_of: datetime, days: int) -> datetime:
    """``days`` Warsaw calendar days before ``as_of``, at the same wall-clock time."""
    local = as_of.astimezone(WARSAW)
    return (local.replace(tzinfo=None) - timedelta(days=days)).replace(tzinfo=WARSAW)


def _frame(records: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.from_dicts(records, schema=schema)


def _instant(name: str) -> pl.Expr:
    return pl.col(name).str.to_datetime(ISO, time_zone="UTC")


def six_numbers(path: str | Path, as_of: datetime, days: int = 30) -> Numbers:
    """Compute the six numbers for the seller in the JSON file at ``path``."""
    with Path(path).open(encoding="utf-8") as file:
        data = json.load(file)
    end = as_of.astimezone(UTC)
    start = window_start(as_of, days).astimezone(UTC)

    orders = _frame(data.get("orders", []), ORDERS).with_columns(
        _instant("bought_at"),
        _instant("dispatch_by"),
        _instant("tracking_added_at"),
        _instant("sent_at"),
        pl.col("cancelled").fill_null(value=False),
        pl.col("total").struct.field("amount").cast(pl.Decimal(18, 2)).alias("amount"),
    )
    ratings = _frame(data.get("ratings", []), RATINGS).with_columns(_instant("created_at"))
    messages = _frame(data.get("messages", []), MESSAGES).with_columns(
        _instant("received_at"), _instant("replied_at")
    )

    rated = ratings.filter(pl.col("created_at").is_between(start, end, closed="left"))
    stars = rated.select(
        pl.sum_horizontal(pl.col(name).sum() for name in STARS).alias("sum"),
        pl.sum_horizontal(pl.col(name).count() for name in STARS).alias("count"),
    ).row(0)

    due = pl.col("received_at") + REPLY_WITHIN
    answered = pl.col("replied_at").fill_null(end) < end
    replies = (
        messages.filter(pl.col("received_at").is_between(start, end, closed="left"))
        .select(
            (answered & (pl.col("replied_at") <= due)).sum().alias("on_time"),
            (answered | (due < end)).sum().alias("counted"),
        )
        .row(0)
    )

    recommending = ratings.filter(pl.col("recommended") & (pl.col("created_at") < end))
    tracked = pl.col("tracking_added_at").fill_null(end) < end
    due_tracking = pl.col("dispatch_by").is_not_null() & (tracked | (pl.col("dispatch_by") < end))
    live = orders.filter(
        pl.col("bought_at").is_between(start, end, closed="left") & ~pl.col("cancelled")
    )
    totals = live.select(
        (due_tracking & tracked & (pl.col("tracking_added_at") <= pl.col("dispatch_by")))
        .sum()
        .alias("on_time"),
        due_tracking.sum().alias("due"),
        (
            (pl.col("sent_at").fill_null(end) < end)
            | pl.col("id").is_in(recommending.get_column("order_id").implode())
        )
        .sum()
        .alias("completed"),
        pl.col("amount").sum().alias("revenue"),
    ).row(0)
    on_time, due_count, completed, revenue = totals

    return {
        "RECOMMENDATION_RATE": (int(rated.get_column("recommended").sum()), rated.height),
        "BUYER_SATISFACTION": (int(stars[0]), int(stars[1])),
        "MESSAGE_REPLY_ON_TIME": (int(replies[0]), int(replies[1])),
        "TRACKING_ON_TIME": (int(on_time), int(due_count)),
        "COMPLETED_ORDERS": (int(completed), None),
        "REVENUE": (int((revenue or 0) * 100), None),
    }


if __name__ == "__main__":
    from generate import AS_OF

    for code, number in six_numbers(sys.argv[1], AS_OF).items():
        print(code, *number)
