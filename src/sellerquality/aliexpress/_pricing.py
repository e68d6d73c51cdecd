"""Retail price, shipping cost and small-parcel limits (AE-P1 … AE-P4).

Every step is exact: amounts are :class:`~decimal.Decimal`, quotients are
:class:`~fractions.Fraction`. The only rounding is of the final retail price,
to cents, half up (the rulebook's ``price_quantum`` and ``price_rounding``).
Text output shows inexact intermediate quotients to six decimal places,
half up, marked with ``≈``; that is display only.
"""

from collections.abc import Iterator
from decimal import MAX_PREC, ROUND_HALF_UP, Decimal, Inexact, localcontext
from fractions import Fraction

import attrs

from ..exceptions import InvalidTypeError, InvalidValueError
from ._model import Problem, Severity, round_fraction
from ._rules import RULEBOOK, AliExpressRulebook, PricingRules

__all__ = [
    "Number",
    "PriceBreakdown",
    "PriceStep",
    "is_small_parcel",
    "price_breakdown",
    "retail_price",
    "shipping_cost",
    "small_parcel_problems",
]

Number = Decimal | int | str
"""An exact number: a ``Decimal``, an ``int`` or a decimal string; floats are refused."""

Rate = Decimal | int | str | float
"""A rate (exchange rate, commission, discount): a float is read through its repr."""

_SHOWN = Decimal("0.000001")
_GRAMS_PER_KG_EXPONENT = 3  # 1 kg = 10**3 g


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidTypeError(
            field=field,
            value=value,
            reason=f"is a {type(value).__name__}; give a Decimal, int or decimal string "
            "(floats are not exact)",
        )
    try:
        result = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except ArithmeticError:
        raise InvalidValueError(field=field, value=value, reason="is not a number") from None
    if not result.is_finite():
        raise InvalidValueError(field=field, value=value, reason="is not finite")
    return result


def _rate(value: object, field: str) -> Decimal:
    """A rate such as ``commission=0.08``: floats are read through their shortest repr.

    Callers write these rates as float literals; ``repr(0.08)`` is
    ``'0.08'``, so the Decimal is exactly the number the caller typed. Money
    (cost, shipping, labour) stays float-free.
    """
    if isinstance(value, float):
        return _decimal(repr(value), field)
    return _decimal(value, field)


def _non_negative(value: object, field: str) -> Decimal:
    result = _decimal(value, field)
    if result < 0:
        raise InvalidValueError(field=field, value=value, reason="is negative")
    return result


def _tidy(value: Decimal) -> Decimal:
    # Drop trailing zeros (0.850 -> 0.85) without turning 100 into 1E+2.
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    return normal if isinstance(exponent, int) and exponent < 0 else normal.quantize(Decimal(1))


def shipping_cost(*, weight_g: Number, rate_per_kg: Number) -> Decimal:
    """Return the shipping cost in CNY: packed weight × the carrier's rate per kg.

    Implements the shipping term of AE-P1. The weight is the packed weight
    (the product plus its packaging). The result is exact.

    Args:
        weight_g: The packed weight in grams.
        rate_per_kg: The carrier's price in CNY per kilogram.

    Returns:
        The cost in CNY, exact, without trailing zeros.

    Raises:
        InvalidTypeError: An argument is a float or not a number.
        InvalidValueError: An argument is negative or not finite.

    Example:
        The AliExpress seller guide's example, 10 g at 85 CNY/kg:

        >>> from sellerquality.aliexpress import shipping_cost
        >>> shipping_cost(weight_g=10, rate_per_kg=85)
        Decimal('0.85')
    """
    weight = _non_negative(weight_g, "weight_g")
    rate = _non_negative(rate_per_kg, "rate_per_kg")
    with localcontext() as context:
        context.prec = MAX_PREC
        context.traps[Inexact] = True
        return _tidy((weight * rate).scaleb(-_GRAMS_PER_KG_EXPONENT))


@attrs.frozen
class PriceStep:
    """One line of a :class:`PriceBreakdown` (AE-P1, AE-P2).

    Attributes:
        rule: The rule the step implements.
        label: What the step is, e.g. ``"÷ exchange rate 6.5"``.
        value: The running value after the step, exact.
        unit: ``"CNY"`` or ``"USD"``.
    """

    rule: str
    label: str
    value: Fraction
    unit: str

    @property
    def shown(self) -> str:
        """The value as text, exact if it is a finite decimal, else ``≈`` six places."""
        return _show(self.value)


def _exact_decimal(value: Fraction) -> Decimal | None:
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    with localcontext() as context:
        context.prec = MAX_PREC
        context.traps[Inexact] = True
        return _tidy(Decimal(value.numerator) / Decimal(value.denominator))


def _show(value: Fraction) -> str:
    exact = _exact_decimal(value)
    if exact is not None:
        return str(exact)
    return f"≈ {round_fraction(value, _SHOWN, ROUND_HALF_UP)}"


@attrs.frozen
class PriceBreakdown:
    """Every step of the retail-price formula (AE-P1) and the surcharge (AE-P2).

    Attributes:
        cost: The product cost, CNY.
        shipping: The shipping cost before any registration fee, CNY.
        labour: The labour cost, CNY.
        registration_fee: The registered-mail fee added to shipping, CNY;
            zero when the first price was not above US$5.
        exchange_rate: CNY per USD.
        commission: The platform commission; the price is divided by ``1 - commission``.
        discount: The discount factor; the price is divided by it.
        first_pass: The exact price without a registration fee, USD; AE-P2
            compares it with US$5.
        registered: Whether the parcel goes by registered mail (AE-P2).
        registered_mail_above: The AE-P2 threshold, USD.
        exact: The exact retail price, USD, fee included when registered.
        price: ``exact`` rounded to cents, half up: the retail price.
        steps: The lines of the final computation, in order.
    """

    cost: Decimal
    shipping: Decimal
    labour: Decimal
    registration_fee: Decimal
    exchange_rate: Decimal
    commission: Decimal
    discount: Decimal
    first_pass: Fraction
    registered: bool
    registered_mail_above: Decimal
    exact: Fraction
    price: Decimal
    steps: tuple[PriceStep, ...]

    def __str__(self) -> str:
        """The breakdown as aligned lines, ending with the AE-P2 decision."""
        lines = [
            f"{step.rule}  {step.label:<32}{step.shown:>14} {step.unit}" for step in self.steps
        ]
        first = f"the price without the fee, {_show(self.first_pass)} USD,"
        limit = f"{self.registered_mail_above} USD"
        if self.registered:
            verdict = (
                f"{first} is above {limit}: the {self.registration_fee} CNY "
                "registration fee is added to shipping"
            )
        else:
            verdict = f"{first} is not above {limit}: no registration fee"
        lines.append(f"AE-P2: {verdict}")
        return "\n".join(lines)


def _quotient(
    total: Decimal, exchange_rate: Decimal, commission: Decimal, discount: Decimal
) -> Fraction:
    return (
        Fraction(total) / Fraction(exchange_rate) / (1 - Fraction(commission)) / Fraction(discount)
    )


def price_breakdown(
    *,
    cost: Number,
    shipping: Number,
    labour: Number | None = None,
    exchange_rate: Rate | None = None,
    commission: Rate | None = None,
    discount: Rate | None = None,
    rulebook: AliExpressRulebook = RULEBOOK,
) -> PriceBreakdown:
    """Work out the retail price step by step.

    Implements AE-P1: (product cost + shipping + labour) / exchange rate /
    (1 - commission) / discount, and AE-P2: if that price is above US$5,
    the 8 CNY registration fee is added to shipping and the price computed
    again. All steps are exact; only the final price is rounded, to cents,
    half up. Arguments left as ``None`` take the rulebook's values: labour
    1 CNY, exchange rate 6.5, commission 0.08, discount 0.8. Values outside
    the seller guide's usual ranges (commission 5% or 8%, discount 0.5 to 0.8) are
    accepted.

    Args:
        cost: The product cost, CNY.
        shipping: The shipping cost, CNY (see :func:`shipping_cost`).
        labour: The labour cost, CNY.
        exchange_rate: CNY per USD.
        commission: The platform commission, from 0 up to (not including) 1.
        discount: The discount factor, above 0 and at most 1 (0.8 = 20% off).
        rulebook: The rules to apply.

    Returns:
        Every step, the exact price and the price in cents.

    Raises:
        InvalidTypeError: An argument is a float or not a number.
        InvalidValueError: A cost is negative, the exchange rate is not
            positive, the commission is not in [0, 1) or the discount not in (0, 1].

    Example:
        The seller guide's worked example: cost 3 CNY, 10 g at 85 CNY/kg, 20% off,
        that is (3 + 0.85 + 1) / 6.5 / 0.92 / 0.8:

        >>> from sellerquality.aliexpress import price_breakdown, shipping_cost
        >>> shipping = shipping_cost(weight_g=10, rate_per_kg=85)
        >>> print(price_breakdown(cost=3, shipping=shipping, discount="0.8"))
        AE-P1  product cost                                 3 CNY
        AE-P1  shipping                                  0.85 CNY
        AE-P2  registration fee                             0 CNY
        AE-P1  labour                                       1 CNY
        AE-P1  total cost                                4.85 CNY
        AE-P1  ÷ exchange rate 6.5                 ≈ 0.746154 USD
        AE-P1  ÷ (1 - commission 0.08)             ≈ 0.811037 USD
        AE-P1  ÷ discount 0.8                      ≈ 1.013796 USD
        AE-P1  retail price, to cents, half up           1.01 USD
        AE-P2: the price without the fee, ≈ 1.013796 USD, is not above 5 USD: no registration fee
    """
    rules: PricingRules = rulebook.pricing
    cost_ = _non_negative(cost, "cost")
    shipping_ = _non_negative(shipping, "shipping")
    labour_ = _non_negative(rules.labour if labour is None else labour, "labour")
    rate = _rate(rules.exchange_rate if exchange_rate is None else exchange_rate, "exchange_rate")
    if rate <= 0:
        raise InvalidValueError(
            field="exchange_rate", value=exchange_rate, reason="is not positive"
        )
    commission_ = _rate(rules.commission if commission is None else commission, "commission")
    if not 0 <= commission_ < 1:
        raise InvalidValueError(
            field="commission", value=commission, reason="is not from 0 up to (not including) 1"
        )
    discount_ = _rate(rules.discount if discount is None else discount, "discount")
    if not 0 < discount_ <= 1:
        raise InvalidValueError(
            field="discount", value=discount, reason="is not above 0 and at most 1"
        )

    first_pass = _quotient(cost_ + shipping_ + labour_, rate, commission_, discount_)
    threshold = rules.registered_mail_above.amount
    registered = first_pass > threshold
    fee = rules.registration_fee if registered else Decimal(0)
    total = cost_ + shipping_ + fee + labour_
    in_usd = Fraction(total) / Fraction(rate)
    after_commission = in_usd / (1 - Fraction(commission_))
    exact = after_commission / Fraction(discount_)
    price = round_fraction(exact, rules.price_quantum, rules.price_rounding)
    rounding = "half up" if rules.price_rounding == ROUND_HALF_UP else rules.price_rounding
    steps = (
        PriceStep("AE-P1", "product cost", Fraction(cost_), "CNY"),
        PriceStep("AE-P1", "shipping", Fraction(shipping_), "CNY"),
        PriceStep("AE-P2", "registration fee", Fraction(fee), "CNY"),
        PriceStep("AE-P1", "labour", Fraction(labour_), "CNY"),
        PriceStep("AE-P1", "total cost", Fraction(total), "CNY"),
        PriceStep("AE-P1", f"÷ exchange rate {rate}", in_usd, "USD"),
        PriceStep("AE-P1", f"÷ (1 - commission {commission_})", after_commission, "USD"),
        PriceStep("AE-P1", f"÷ discount {discount_}", exact, "USD"),
        PriceStep("AE-P1", f"retail price, to cents, {rounding}", Fraction(price), "USD"),
    )
    return PriceBreakdown(
        cost=cost_,
        shipping=shipping_,
        labour=labour_,
        registration_fee=fee,
        exchange_rate=rate,
        commission=commission_,
        discount=discount_,
        first_pass=first_pass,
        registered=registered,
        registered_mail_above=threshold,
        exact=exact,
        price=price,
        steps=steps,
    )


def retail_price(
    *,
    cost: Number,
    shipping: Number,
    labour: Number | None = None,
    exchange_rate: Rate | None = None,
    commission: Rate | None = None,
    discount: Rate | None = None,
    rulebook: AliExpressRulebook = RULEBOOK,
) -> Decimal:
    """Return the retail price in US dollars, rounded to cents, half up.

    Implements AE-P1 and AE-P2 (the registration fee is added, and the price
    recomputed, when the price without it is above US$5). Takes the same
    arguments as :func:`price_breakdown`, which shows every step.

    Args:
        cost: The product cost, CNY.
        shipping: The shipping cost, CNY.
        labour: The labour cost, CNY; ``None``: the rulebook's 1.
        exchange_rate: CNY per USD; ``None``: the rulebook's 6.5.
        commission: The platform commission; ``None``: the rulebook's 0.08.
        discount: The discount factor; ``None``: the rulebook's 0.8.
        rulebook: The rules to apply.

    Returns:
        The price in USD, to cents.

    Raises:
        InvalidTypeError: An argument is a float or not a number.
        InvalidValueError: An argument is out of its range (see :func:`price_breakdown`).

    Example:
        The seller guide's worked example, (3 + 0.85 + 1) / 6.5 / 0.92 / 0.8:

        >>> from sellerquality.aliexpress import retail_price, shipping_cost
        >>> retail_price(cost=3, shipping=shipping_cost(weight_g=10, rate_per_kg=85))
        Decimal('1.01')

        Above US$5 the 8 CNY registration fee is added and the price recomputed:
        (30 + 0.85 + 8 + 1) / 6.5 / 0.92 / 0.8:

        >>> retail_price(cost=30, shipping="0.85")
        Decimal('8.33')
    """
    return price_breakdown(
        cost=cost,
        shipping=shipping,
        labour=labour,
        exchange_rate=exchange_rate,
        commission=commission,
        discount=discount,
        rulebook=rulebook,
    ).price


def _parcel(
    rules: PricingRules, weight: Decimal, sides: tuple[Decimal, Decimal, Decimal]
) -> Iterator[Problem]:
    if weight > rules.small_parcel_max_weight_g:
        yield Problem(
            "AE-P3",
            "weight_g",
            f"the parcel weighs {weight} g; a small parcel weighs at most "
            f"{rules.small_parcel_max_weight_g} g",
            Severity.ERROR,
        )
    girth = sum(sides, Decimal(0))
    if girth > rules.small_parcel_max_girth_cm:
        yield Problem(
            "AE-P3",
            "length_cm",
            f"length + width + height is {girth} cm; a small parcel has at most "
            f"{rules.small_parcel_max_girth_cm} cm",
            Severity.ERROR,
        )
    longest = max(sides)
    if longest > rules.small_parcel_max_side_cm:
        yield Problem(
            "AE-P3",
            "length_cm",
            f"the longest side is {longest} cm; a small parcel has no side over "
            f"{rules.small_parcel_max_side_cm} cm",
            Severity.ERROR,
        )


def small_parcel_problems(
    *,
    weight_g: Number,
    length_cm: Number,
    width_cm: Number,
    height_cm: Number,
    rulebook: AliExpressRulebook = RULEBOOK,
) -> tuple[Problem, ...]:
    """Return why a parcel cannot go as a small parcel; empty if it can.

    Implements AE-P3: at most 2,000 g, length + width + height at most
    90 cm, no side over 60 cm; each limit itself is allowed.

    Args:
        weight_g: The packed weight in grams.
        length_cm: The length in centimetres.
        width_cm: The width in centimetres.
        height_cm: The height in centimetres.
        rulebook: The rules to apply.

    Returns:
        One :class:`Problem` per limit broken.

    Raises:
        InvalidTypeError: An argument is a float or not a number.
        InvalidValueError: An argument is negative or not finite.

    Example:
        >>> from sellerquality.aliexpress import small_parcel_problems
        >>> for problem in small_parcel_problems(
        ...     weight_g=2001, length_cm=61, width_cm=20, height_cm=10
        ... ):
        ...     print(problem.message)
        the parcel weighs 2001 g; a small parcel weighs at most 2000 g
        length + width + height is 91 cm; a small parcel has at most 90 cm
        the longest side is 61 cm; a small parcel has no side over 60 cm
    """
    weight = _non_negative(weight_g, "weight_g")
    sides = (
        _non_negative(length_cm, "length_cm"),
        _non_negative(width_cm, "width_cm"),
        _non_negative(height_cm, "height_cm"),
    )
    return tuple(_parcel(rulebook.pricing, weight, sides))


def is_small_parcel(
    *,
    weight_g: Number,
    length_cm: Number,
    width_cm: Number,
    height_cm: Number,
    rulebook: AliExpressRulebook = RULEBOOK,
) -> bool:
    """Whether a parcel may go as a small parcel (小包) rather than express.

    Implements AE-P3: at most 2 kg (2,000 g), length + width + height at
    most 90 cm and no side over 60 cm, each limit itself allowed. See
    :func:`small_parcel_problems` for the reasons when it may not.

    Args:
        weight_g: The packed weight in grams.
        length_cm: The length in centimetres.
        width_cm: The width in centimetres.
        height_cm: The height in centimetres.
        rulebook: The rules to apply.

    Returns:
        ``True`` if no limit is broken.

    Raises:
        InvalidTypeError: An argument is a float or not a number.
        InvalidValueError: An argument is negative or not finite.

    Example:
        >>> from sellerquality.aliexpress import is_small_parcel
        >>> is_small_parcel(weight_g=2000, length_cm=60, width_cm=20, height_cm=10)
        True
        >>> is_small_parcel(weight_g=2001, length_cm=30, width_cm=20, height_cm=10)
        False
    """
    return not small_parcel_problems(
        weight_g=weight_g,
        length_cm=length_cm,
        width_cm=width_cm,
        height_cm=height_cm,
        rulebook=rulebook,
    )
