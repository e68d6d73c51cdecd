"""Money: exact amounts in one currency."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sellerquality import Money
from sellerquality._money import amount_problem
from sellerquality.exceptions import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    SellerQualityError,
)


class TestConstruction:
    def test_accepts_str_int_and_decimal(self) -> None:
        """str, int and Decimal amounts become the same exact Decimal."""
        assert Money("12.50").amount == Decimal("12.50")
        assert Money(12).amount == Decimal(12)
        assert Money(Decimal("0.10")).amount == Decimal("0.10")

    def test_currency_defaults_to_pln(self) -> None:
        """Allegro amounts are PLN unless said otherwise."""
        assert Money("1").currency == "PLN"

    @pytest.mark.parametrize("amount", [0.1, 1.0, True, False])
    def test_refuses_float_and_bool(self, amount: object) -> None:
        """A float cannot hold 0.10 exactly and a bool is no amount: both are type errors."""
        with pytest.raises(InvalidTypeError, match=r"Money.amount") as info:
            Money(amount)  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, SellerQualityError)

    @pytest.mark.parametrize("amount", ["abc", "", "NaN", "Infinity"])
    def test_refuses_non_numbers(self, amount: str) -> None:
        """Text that is not a finite number is refused, naming the value."""
        with pytest.raises(InvalidValueError, match=r"Money.amount"):
            Money(amount)

    def test_refuses_other_types(self) -> None:
        """A list is not an amount."""
        with pytest.raises(InvalidTypeError):
            Money([1])  # type: ignore[arg-type]

    @pytest.mark.parametrize("currency", ["pln", "PL", "PLNX", "", "12A"])
    def test_refuses_bad_currency_codes(self, currency: str) -> None:
        """Currencies are ISO 4217 codes: three capital letters."""
        with pytest.raises(InvalidValueError, match=r"Money.currency"):
            Money("1", currency)

    def test_negative_money_is_allowed_as_a_value(self) -> None:
        """Differences and refunds may be negative; price fields check sign themselves."""
        assert Money("-5").is_negative


class TestArithmetic:
    def test_add_and_subtract_within_a_currency(self) -> None:
        """Sums are exact: 0.10 + 0.20 is 0.30, not 0.30000000000000004."""
        assert Money("0.10") + Money("0.20") == Money("0.30")
        assert Money("1.00") - Money("0.01") == Money("0.99")
        assert -Money("2") == Money("-2")

    def test_sum_starts_from_zero(self) -> None:
        """The builtin sum() works on a list of Money."""
        assert sum([Money("1.50"), Money("2.25")]) == Money("3.75")

    def test_multiplication_by_int_and_decimal(self) -> None:
        """Scaling by a count or an exact factor."""
        assert Money("2.50") * 3 == Money("7.50")
        assert 2 * Money("1.25") == Money("2.50")
        assert Money("10") * Decimal("0.5") == Money("5.0")

    def test_multiplication_by_float_is_refused(self) -> None:
        """A float factor would make the amount inexact."""
        with pytest.raises(TypeError):
            Money("1") * 0.5  # type: ignore[operator]

    def test_mixing_currencies_raises(self) -> None:
        """PLN and EUR cannot be added or compared."""
        with pytest.raises(CurrencyMismatchError, match="EUR"):
            Money("1") + Money("1", "EUR")
        with pytest.raises(CurrencyMismatchError):
            Money("1") - Money("1", "EUR")
        with pytest.raises(CurrencyMismatchError):
            _ = Money("1") < Money("1", "EUR")

    def test_comparisons(self) -> None:
        """Ordering follows the amount within one currency."""
        assert Money("49.98") < Money("49.99") <= Money("49.99")
        assert Money("100") > Money("99.99") >= Money("99.99")

    def test_operations_with_non_money_are_not_implemented(self) -> None:
        """Adding a bare number is a type error, not a silent conversion."""
        with pytest.raises(TypeError):
            Money("1") + 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            Money("1") - 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Money("1") < 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Money("1") <= 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Money("1") > 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Money("1") >= 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = 5 + Money("1")

    def test_equality_ignores_trailing_zeros(self) -> None:
        """1.5 PLN and 1.50 PLN are the same money."""
        assert Money("1.5") == Money("1.50")
        assert Money("1.5") != Money("1.5", "EUR")

    def test_zero(self) -> None:
        """Money.zero gives 0 in the currency asked for."""
        assert Money.zero("EUR") == Money("0", "EUR")


class TestFormatting:
    @pytest.mark.parametrize(
        ("money", "text"),
        [
            (Money("2340.5"), "2,340.50 PLN"),
            (Money(7), "7.00 PLN"),
            (Money("0.125", "EUR"), "0.125 EUR"),
            (Money("1234567.89"), "1,234,567.89 PLN"),
        ],
    )
    def test_str(self, money: Money, text: str) -> None:
        """Amounts print with thousands separators and at least two decimals, never rounded."""
        assert str(money) == text

    @pytest.mark.parametrize(
        ("money", "text"),
        [
            (Money("1e26"), "100,000,000,000,000,000,000,000,000.00 PLN"),
            (Money("-1e30"), "-1,000,000,000,000,000,000,000,000,000,000.00 PLN"),
            (Money("1e40"), "1E+40 PLN"),
            (Money("1e999999999"), "1E+999999999 PLN"),
            (Money("0e50"), "0.00 PLN"),
        ],
    )
    def test_str_of_huge_amounts(self, money: Money, text: str) -> None:
        """SQ-D3 reports print any amount: every digit up to 40 before the point, else E."""
        assert str(money) == text


class TestAmountBounds:
    @pytest.mark.parametrize(
        "amount", ["0", "12.34", "12.3400", "0.0001", "999999999999999.9999", "-999999999999999"]
    )
    def test_within(self, amount: str) -> None:
        """SQ-D3: below 10^15 with at most 4 decimal places (trailing zeros aside) is fine."""
        assert amount_problem(Decimal(amount)) is None

    @pytest.mark.parametrize(
        ("amount", "reason"),
        [
            ("1000000000000000", "too large"),
            ("-1e15", "too large"),
            ("1e26", "too large"),
            ("0.00001", "more than 4 decimal places"),
            ("1.00005", "more than 4 decimal places"),
            ("NaN", "not a finite number"),
        ],
    )
    def test_outside(self, amount: str, reason: str) -> None:
        """SQ-D3: 10^15 or more, a fifth decimal place, or no number at all is refused."""
        problem = amount_problem(Decimal(amount))
        assert problem is not None
        assert reason in problem
