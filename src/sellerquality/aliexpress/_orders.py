"""AliExpress orders: whose fault a cancellation is (AE-O1) and export spans (AE-L7)."""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta

from .._time import Window, require_aware
from ..exceptions import InvalidTypeError, InvalidValueError
from ._model import CancellationReason
from ._rules import RULEBOOK, AliExpressRulebook

__all__ = ["cancellation_counts_against_seller", "export_windows"]


def cancellation_counts_against_seller(
    reason: CancellationReason, *, rulebook: AliExpressRulebook = RULEBOOK
) -> bool:
    """Whether a buyer's cancellation for ``reason`` counts against the seller.

    Implements AE-O1: a cancellation because the seller lacks stock is the
    seller's fault, a sale not honoured (成交不卖), and is penalised; a
    cancellation for the buyer's own reason is not.

    Args:
        reason: The reason the buyer ticked.
        rulebook: The rules to apply.

    Returns:
        ``True`` if it counts against the seller.

    Raises:
        InvalidTypeError: ``reason`` is not a :class:`CancellationReason`.

    Example:
        >>> from sellerquality.aliexpress import (
        ...     CancellationReason,
        ...     cancellation_counts_against_seller,
        ... )
        >>> cancellation_counts_against_seller(CancellationReason.SELLER_OUT_OF_STOCK)
        True
        >>> cancellation_counts_against_seller(CancellationReason.BUYER_RESPONSIBILITY)
        False
    """
    if not isinstance(reason, CancellationReason):
        raise InvalidTypeError(
            field="reason",
            value=reason,
            reason=f"is a {type(reason).__name__}; give a CancellationReason",
        )
    return reason in rulebook.orders.seller_fault_cancellations


def export_windows(
    start: datetime, end: datetime, *, rulebook: AliExpressRulebook = RULEBOOK
) -> tuple[Window, ...]:
    """Split ``[start, end)`` into the fewest order exports the platform allows.

    Implements the order-export limit of AE-L7: one export spans at most
    3 calendar months. Window ``k`` starts ``3k`` months after ``start``
    (counted with ``dateutil.relativedelta`` from
    ``start`` itself, so a month-end start does not drift); the last one
    ends at ``end``.

    Args:
        start: The first instant to export, timezone-aware.
        end: The first instant not to export, timezone-aware.
        rulebook: The rules to apply.

    Returns:
        Consecutive half-open windows covering ``[start, end)`` exactly;
        empty if ``start == end``.

    Raises:
        NaiveDatetimeError: ``start`` or ``end`` is naive.
        InvalidValueError: ``end`` is before ``start``.

    Example:
        >>> from datetime import UTC, datetime
        >>> from sellerquality.aliexpress import export_windows
        >>> for window in export_windows(
        ...     datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 8, 1, tzinfo=UTC)
        ... ):
        ...     print(window.start.date(), window.end.date())
        2024-01-01 2024-04-01
        2024-04-01 2024-07-01
        2024-07-01 2024-08-01
    """
    require_aware(start, field="start")
    require_aware(end, field="end")
    if end < start:
        raise InvalidValueError(field="end", value=end, reason=f"is before start {start}")
    span = rulebook.orders.export_max_months
    windows: list[Window] = []
    index = 0
    while True:
        first = start + relativedelta(months=span * index)
        if first >= end:
            return tuple(windows)
        last = min(start + relativedelta(months=span * (index + 1)), end)
        windows.append(Window(first, last))
        index += 1
