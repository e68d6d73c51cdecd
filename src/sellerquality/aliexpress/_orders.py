"""AliExpress orders: whose fault a cancellation is (AE-O1) and export spans (AE-L7)."""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta

from .._time import Window, require_aware
from ..exceptions import InvalidTypeError, InvalidValueError
from ._model import CancellationReason, check_count, on_wall_clock
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
    3 calendar months *from its own start*. Each window is
    ``[first, min(first + 3 months, end))`` and the next one starts where it
    ends. Months are counted with ``dateutil.relativedelta`` on the wall clock
    of the rulebook's zone (US Pacific time), whatever zone ``start`` and
    ``end`` are written in, so 31 August + 3 months is 30 November, and
    30 November + 3 months is 29 February in a leap year (28 otherwise).
    Taking each window as long as allowed gives the fewest windows.

    Args:
        start: The first instant to export, timezone-aware.
        end: The first instant not to export, timezone-aware.
        rulebook: The rules to apply; its ``orders.export_max_months`` (at
            least 1) and ``zone``.

    Returns:
        Consecutive half-open windows covering ``[start, end)`` exactly,
        expressed in ``start``'s zone (the last one ends at ``end``); empty if
        ``start == end``.

    Raises:
        NaiveDatetimeError: ``start`` or ``end`` is naive.
        InvalidValueError: ``end`` is before ``start``, or the rulebook's
            ``export_max_months`` is below 1.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from sellerquality.aliexpress import export_windows
        >>> pacific = ZoneInfo("America/Los_Angeles")
        >>> for window in export_windows(
        ...     datetime(2023, 8, 31, tzinfo=pacific), datetime(2024, 6, 1, tzinfo=pacific)
        ... ):
        ...     print(window.start.date(), window.end.date())
        2023-08-31 2023-11-30
        2023-11-30 2024-02-29
        2024-02-29 2024-05-29
        2024-05-29 2024-06-01
    """
    require_aware(start, field="start")
    require_aware(end, field="end")
    if end < start:
        raise InvalidValueError(field="end", value=end, reason=f"is before start {start}")
    months = check_count(
        rulebook.orders.export_max_months, field="orders.export_max_months", minimum=1
    )
    span = relativedelta(months=months)
    windows: list[Window] = []
    first = start
    while first < end:
        last = min(on_wall_clock(first, rulebook.zone, span), end)
        windows.append(Window(first, last))
        first = last
    return tuple(windows)
