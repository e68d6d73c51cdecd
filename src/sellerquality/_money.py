"""Money: an exact amount in one currency."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, Final, Self

import attrs

from ._text import localised
from .exceptions import CurrencyMismatchError, InvalidTypeError, InvalidValueError

__all__ = ["AMOUNT_LIMIT", "AMOUNT_PLACES", "Money", "amount_problem"]

_CURRENCY = re.compile(r"[A-Z]{3}")

AMOUNT_LIMIT: Final = Decimal(10) ** 15
"""Amounts read from input are below this in absolute value: under a quadrillion.

No price, order total or month's revenue comes near it, and with at most
:data:`AMOUNT_PLACES` decimal places every such amount has at most 19
significant digits, so that sums of up to a billion of them stay exact in
:mod:`decimal`'s default 28-digit precision.
"""

AMOUNT_PLACES: Final = 4
"""Amounts read from input have at most this many decimal places.

Four is the finest minor unit of any ISO 4217 currency (CLF, UYW); PLN,
USD and EUR use two.
"""

_QUANTUM: Final = Decimal(1).scaleb(-AMOUNT_PLACES)
# Beyond this many digits before the point, str(Money) writes the exponent
# instead of every zero: 1E+999999999 must not become a gigabyte of text.
_WRITTEN_OUT: Final = 40


def amount_problem(amount: Decimal) -> str | None:
    """Why ``amount`` is not one an order total, a price or a file may hold; ``None`` if it is.

    The bound (SQ-C6, SQ-D3, CO-3, AE-F3 read amounts): finite, below
    :data:`AMOUNT_LIMIT` in absolute value, and at most
    :data:`AMOUNT_PLACES` decimal places (trailing zeros do not count:
    ``12.3400`` has two).
    """
    if not amount.is_finite():
        return "is not a finite number"
    if amount != 0 and amount.adjusted() >= AMOUNT_LIMIT.adjusted():
        return "is too large: amounts must be below 1,000,000,000,000,000 (10^15) in absolute value"
    exponent = amount.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and exponent < -AMOUNT_PLACES
        and amount != amount.quantize(_QUANTUM)
    ):
        return (
            f"has more than {AMOUNT_PLACES} decimal places; no currency has a unit "
            f"smaller than {_QUANTUM}"
        )
    return None


def _to_decimal(raw: str | int | Decimal) -> Decimal:
    # Typed narrowly so that type checkers flag Money(0.1); checked at run time
    # too, since not every caller type-checks. bool is an int; True PLN is never meant.
    value: object = raw
    if isinstance(value, bool | float):
        raise InvalidTypeError(
            field="Money.amount",
            value=value,
            reason=f"is a {type(value).__name__}; give a str, int or Decimal "
            "(floats cannot hold amounts like 0.10 exactly)",
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValueError(
                field="Money.amount", value=value, reason="is not a decimal number"
            ) from None
    else:
        raise InvalidTypeError(
            field="Money.amount",
            value=value,
            reason=f"is a {type(value).__name__}; give a str, int or Decimal",
        )
    if not result.is_finite():
        raise InvalidValueError(field="Money.amount", value=value, reason="is not finite")
    return result


def _check_currency(_: object, __: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        raise InvalidValueError(
            field="Money.currency",
            value=value,
            reason="is not an ISO 4217 code of three capital letters",
        )


@attrs.frozen(order=False)
class Money:
    """An exact amount of money in one currency (SQ-C6, SQ-D3, CO-2, CO-3, AE-P1).

    Amounts are :class:`~decimal.Decimal`; a :class:`str`, :class:`int` or
    ``Decimal`` is accepted and a :class:`float` or :class:`bool` is refused,
    because a float cannot hold ``0.10`` exactly. Adding, subtracting and
    comparing work only within one currency; mixing currencies raises
    :class:`~sellerquality.exceptions.CurrencyMismatchError`. Multiplying by
    an ``int`` or ``Decimal`` scales the amount. Nothing is rounded.

    ``Money`` itself may be negative (a difference, a refund); fields that mean
    a price or a total refuse negative amounts.

    Example:
        >>> from sellerquality import Money
        >>> Money("49.99") + Money(1)
        Money(amount=Decimal('50.99'), currency='PLN')
        >>> Money("10.00", "EUR") < Money("9.99", "EUR")
        False

    Attributes:
        amount: The amount, exact.
        currency: ISO 4217 code; PLN unless given.
    """

    amount: Decimal = attrs.field(converter=_to_decimal)
    currency: str = attrs.field(default="PLN", validator=_check_currency)

    @classmethod
    def zero(cls, currency: str = "PLN") -> Self:
        """Return zero in ``currency``."""
        return cls(Decimal(0), currency)

    def _same(self, other: Money, operation: str) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(
                field="currency",
                value=other.currency,
                reason=f"cannot be used in {operation} with {self.currency}; "
                "convert amounts to one currency first",
            )

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "addition")
        return Money(self.amount + other.amount, self.currency)

    def __radd__(self, other: Any) -> Money:
        # Lets the builtin sum() start from 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "subtraction")
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "comparison")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "comparison")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "comparison")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "comparison")
        return self.amount >= other.amount

    def __str__(self) -> str:
        """Format as ``1,234.50 PLN``: thousands separated, at least two decimals.

        The digits are written as the current language writes numbers
        (``1234,50 PLN`` and ``12 345,00 PLN`` in Polish; see
        :func:`sellerquality.language`).

        Every digit is written, whatever the amount's size; an amount of
        more than 40 digits before the point is written with its exponent
        (``1E+50 PLN``).
        """
        amount = self.amount
        if amount != 0 and amount.adjusted() >= _WRITTEN_OUT:
            return f"{amount:E} {self.currency}"
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -2:
            with localcontext() as context:
                # quantize() refuses a result longer than the precision: make room.
                context.prec = max(context.prec, amount.adjusted() + 3)
                amount = amount.quantize(Decimal("0.01"))
        return f"{localised(f'{amount:f}')} {self.currency}"

    @property
    def is_negative(self) -> bool:
        """Whether the amount is below zero."""
        return self.amount < 0
