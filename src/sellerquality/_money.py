"""Money: an exact amount in one currency."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Self

import attrs

from .exceptions import CurrencyMismatchError, InvalidTypeError, InvalidValueError

__all__ = ["Money"]

_CURRENCY = re.compile(r"[A-Z]{3}")


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
        """Format as ``1,234.50 PLN``: thousands separated, at least two decimals."""
        amount = self.amount
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -2:
            amount = amount.quantize(Decimal("0.01"))
        return f"{amount:,f} {self.currency}"

    @property
    def is_negative(self) -> bool:
        """Whether the amount is below zero."""
        return self.amount < 0
