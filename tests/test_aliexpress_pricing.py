"""AliExpress pricing and parcels: retail price, shipping, small parcels (AE-P1 … AE-P4)."""

from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aliexpress_strategies import docs_page, page_examples
from sellerquality import Money
from sellerquality.aliexpress import (
    RULEBOOK,
    PriceStep,
    Problem,
    is_small_parcel,
    price_breakdown,
    retail_price,
    shipping_cost,
    small_parcel_problems,
)
from sellerquality.aliexpress._model import round_fraction
from sellerquality.exceptions import InvalidTypeError, InvalidValueError

SEED_SHIPPING = Decimal("0.85")
SEED_BREAKDOWN = """\
AE-P1  product cost                                 3 CNY
AE-P1  shipping                                  0.85 CNY
AE-P2  registration fee                             0 CNY
AE-P1  labour                                       1 CNY
AE-P1  total cost                                4.85 CNY
AE-P1  ÷ exchange rate 6.5                 ≈ 0.746154 USD
AE-P1  ÷ (1 - commission 0.08)             ≈ 0.811037 USD
AE-P1  ÷ discount 0.8                      ≈ 1.013796 USD
AE-P1  retail price, to cents, half up           1.01 USD
AE-P2: the price without the fee, ≈ 1.013796 USD, is not above 5 USD: no registration fee"""


class TestShippingCost:
    def test_seed_example(self) -> None:
        """AE-P1: 10 g at 85 CNY/kg is 10/1000 × 85 = 0.85 CNY."""
        assert shipping_cost(weight_g=10, rate_per_kg=85) == Decimal("0.85")

    @pytest.mark.parametrize(
        ("weight", "rate", "expected"),
        [
            (2500, 40, "100"),
            (1, "0.5", "0.0005"),
            (0, 85, "0"),
            ("125.5", "80", "10.04"),
        ],
    )
    def test_exact_products(self, weight: int | str, rate: int | str, expected: str) -> None:
        """Weight in grams times rate per kilogram, exactly: 2500 g × 40 = 100 CNY."""
        cost = shipping_cost(weight_g=weight, rate_per_kg=rate)
        assert cost == Decimal(expected)
        assert str(cost) == expected

    def test_float_is_refused(self) -> None:
        """A float weight is a type error: floats are not exact."""
        with pytest.raises(InvalidTypeError, match=r"weight_g 10\.0 is a float"):
            shipping_cost(weight_g=10.0, rate_per_kg=85)  # type: ignore[arg-type]

    def test_negative_rate_is_refused(self) -> None:
        """A negative rate is an error naming the argument."""
        with pytest.raises(InvalidValueError, match="rate_per_kg -1 is negative"):
            shipping_cost(weight_g=10, rate_per_kg=-1)

    @pytest.mark.parametrize("text", ["ten", "NaN", "Infinity"])
    def test_text_must_be_a_finite_number(self, text: str) -> None:
        """A decimal string must be a finite number."""
        with pytest.raises(InvalidValueError, match="weight_g"):
            shipping_cost(weight_g=text, rate_per_kg=85)


class TestRetailPrice:
    def test_seed_example(self) -> None:
        """AE-P1: (3 + 0.85 + 1) / 6.5 / 0.92 / 0.8 = 2425/2392 ≈ 1.0138 -> US$1.01."""
        assert retail_price(cost=3, shipping=SEED_SHIPPING) == Decimal("1.01")

    def test_seed_breakdown_steps(self) -> None:
        """AE-P1: every step of the seller guide's example, exact, worked by hand.

        4.85 / 6.5 = 97/130; / 0.92 = 485/598; / 0.8 = 2425/2392.
        """
        breakdown = price_breakdown(cost=3, shipping=SEED_SHIPPING)
        assert [step.value for step in breakdown.steps] == [
            Fraction(3),
            Fraction(17, 20),
            Fraction(0),
            Fraction(1),
            Fraction(97, 20),
            Fraction(97, 130),
            Fraction(485, 598),
            Fraction(2425, 2392),
            Fraction(101, 100),
        ]
        assert breakdown.exact == breakdown.first_pass == Fraction(2425, 2392)
        assert (breakdown.registered, breakdown.registration_fee) == (False, Decimal(0))
        assert breakdown.price == Decimal("1.01")
        assert (breakdown.exchange_rate, breakdown.commission, breakdown.discount) == (
            Decimal("6.5"),
            Decimal("0.08"),
            Decimal("0.8"),
        )

    def test_seed_breakdown_text(self) -> None:
        """AE-P1: the printed breakdown of the guide's example, as the pricing page shows it."""
        assert str(price_breakdown(cost=3, shipping=SEED_SHIPPING)) == SEED_BREAKDOWN

    def test_exactly_five_dollars_ships_unregistered(self) -> None:
        """AE-P2: 23.92 CNY / 4.784 = US$5 exactly is not above US$5: no fee."""
        breakdown = price_breakdown(cost="22.92", shipping=0)
        assert breakdown.first_pass == Fraction(5)
        assert (breakdown.registered, breakdown.price) == (False, Decimal("5.00"))

    def test_just_above_five_dollars_adds_the_fee_and_recomputes(self) -> None:
        """AE-P2: 23.93 / 4.784 > 5, so (23.93 + 8) / 4.784 = 6.6743… -> US$6.67."""
        breakdown = price_breakdown(cost="22.93", shipping=0)
        assert breakdown.first_pass == Fraction("23.93") / Fraction("4.784")
        assert (breakdown.registered, breakdown.registration_fee) == (True, Decimal(8))
        assert breakdown.exact == Fraction("31.93") / Fraction("4.784")
        assert breakdown.price == Decimal("6.67")
        assert str(breakdown).endswith(
            "AE-P2: the price without the fee, ≈ 5.002090 USD, is above 5 USD: "
            "the 8 CNY registration fee is added to shipping"
        )

    def test_unrounded_price_decides_the_fee(self) -> None:
        """AE-P2 reading: 23.91 / 4.784 = 4.9979… rounds to 5.00 but is not above 5."""
        breakdown = price_breakdown(cost="22.91", shipping=0)
        assert (breakdown.registered, breakdown.price) == (False, Decimal("5.00"))

    def test_rounding_is_half_up_to_cents(self) -> None:
        """AE-P1 reading: an exact 1.005 rounds half up to 1.01 (half even would give 1.00)."""

        def price(cost: str) -> Decimal:
            return retail_price(
                cost=cost, shipping=0, labour=0, exchange_rate=1, commission=0, discount=1
            )

        assert price("1.005") == Decimal("1.01")
        assert price("1.0049") == Decimal("1.00")

    def test_five_percent_commission(self) -> None:
        """AE-P1: with 5% commission the divisor is 0.95: 4.85 / 4.94 = 0.9818 -> US$0.98."""
        assert retail_price(cost=3, shipping=SEED_SHIPPING, commission="0.05") == Decimal("0.98")

    def test_defaults_come_from_the_rulebook(self) -> None:
        """An exchange rate of 7 in the rulebook: 4.85 / 7 / 0.92 / 0.8 = 0.9414 -> US$0.94."""
        rules = attrs.evolve(
            RULEBOOK, pricing=attrs.evolve(RULEBOOK.pricing, exchange_rate=Decimal(7))
        )
        assert retail_price(cost=3, shipping=SEED_SHIPPING, rulebook=rules) == Decimal("0.94")

    def test_threshold_and_fee_come_from_the_rulebook(self) -> None:
        """AE-P2: a US$1 threshold and 10 CNY fee make the example (14.85) / 4.784 -> 3.10."""
        rules = attrs.evolve(
            RULEBOOK,
            pricing=attrs.evolve(
                RULEBOOK.pricing,
                registered_mail_above=Money("1", "USD"),
                registration_fee=Decimal(10),
            ),
        )
        assert retail_price(cost=3, shipping=SEED_SHIPPING, rulebook=rules) == Decimal("3.10")

    @pytest.mark.parametrize(
        ("argument", "value", "message"),
        [
            ("commission", 1, "commission 1 is not from 0 up to"),
            ("commission", "-0.01", "commission '-0.01' is not from 0 up to"),
            ("discount", 0, "discount 0 is not above 0 and at most 1"),
            ("discount", "1.01", "discount '1.01' is not above 0 and at most 1"),
            ("exchange_rate", 0, "exchange_rate 0 is not positive"),
            ("labour", -1, "labour -1 is negative"),
        ],
    )
    def test_arguments_out_of_range_are_refused(
        self, argument: str, value: int | str, message: str
    ) -> None:
        """Commission in [0, 1), discount in (0, 1], a positive rate, no negative cost."""
        arguments: dict[str, int | str] = {argument: value}
        with pytest.raises(InvalidValueError, match=message.replace("(", r"\(")):
            price_breakdown(cost=3, shipping=SEED_SHIPPING, **arguments)  # type: ignore[arg-type]

    def test_full_price_and_no_commission_are_allowed(self) -> None:
        """Discount 1 (no discount) and commission 0 are at the ends of their ranges."""
        price = retail_price(
            cost="5.5", shipping=0, labour=1, exchange_rate="6.5", commission=0, discount=1
        )
        assert price == Decimal("1.00")

    def test_float_rates_are_read_as_written(self) -> None:
        """AE-P1 with float literals: 6.5, 0.08 and 0.8 are read exactly.

        (3 + 0.85 + 1) / 6.5 / 0.92 / 0.8 = 1.013796... -> 1.01, as with Decimals.
        """
        price = retail_price(
            cost=3, shipping=SEED_SHIPPING, exchange_rate=6.5, commission=0.08, discount=0.8
        )
        assert price == Decimal("1.01")
        steps = price_breakdown(cost=3, shipping=SEED_SHIPPING, commission=0.08)
        assert steps.commission == Decimal("0.08")

    def test_float_money_is_refused(self) -> None:
        """A float cost is a type error: money is never a float."""
        with pytest.raises(InvalidTypeError, match=r"cost 3\.5 is a float"):
            retail_price(cost=3.5, shipping=SEED_SHIPPING)  # type: ignore[arg-type]

    def test_negative_cost_is_refused(self) -> None:
        """A negative product cost is an error."""
        with pytest.raises(InvalidValueError, match="cost -3 is negative"):
            retail_price(cost=-3, shipping=SEED_SHIPPING)

    def test_step_shows_exact_or_approximate(self) -> None:
        """A finite decimal is shown exactly, anything else to six places after ≈."""
        assert PriceStep("AE-P1", "x", Fraction(17, 20), "CNY").shown == "0.85"
        assert PriceStep("AE-P1", "x", Fraction(1, 3), "USD").shown == "≈ 0.333333"
        assert PriceStep("AE-P1", "x", Fraction(2, 3), "USD").shown == "≈ 0.666667"

    @given(
        st.decimals(min_value=0, max_value=500, places=2),
        st.decimals(min_value=0, max_value=60, places=2),
        st.sampled_from([Decimal("0.05"), Decimal("0.08")]),
        st.decimals(min_value=Decimal("0.5"), max_value=Decimal("0.8"), places=2),
    )
    def test_price_is_the_exact_value_to_the_nearest_cent(
        self, cost: Decimal, shipping: Decimal, commission: Decimal, discount: Decimal
    ) -> None:
        """The price is within half a cent of the exact value; the fee iff above US$5."""
        breakdown = price_breakdown(
            cost=cost, shipping=shipping, commission=commission, discount=discount
        )
        assert abs(Fraction(breakdown.price) - breakdown.exact) <= Fraction(1, 200)
        assert breakdown.registered == (breakdown.first_pass > 5)
        assert breakdown.exact >= breakdown.first_pass

    @given(st.decimals(min_value=0, max_value=500, places=2), st.integers(1, 10_000))
    def test_more_cost_never_lowers_the_price(self, cost: Decimal, extra_fen: int) -> None:
        """Raising the cost never lowers the exact retail price."""
        more = cost + Decimal(extra_fen) / 100
        low = price_breakdown(cost=cost, shipping=SEED_SHIPPING).exact
        high = price_breakdown(cost=more, shipping=SEED_SHIPPING).exact
        assert high > low


class TestSmallParcel:
    def test_2000_grams_is_a_small_parcel_and_2001_is_not(self) -> None:
        """AE-P3: at most 2 kg; the limit itself is allowed."""
        assert is_small_parcel(weight_g=2000, length_cm=30, width_cm=20, height_cm=10)
        assert not is_small_parcel(weight_g=2001, length_cm=30, width_cm=20, height_cm=10)

    def test_90_centimetres_in_total_is_allowed_and_91_is_not(self) -> None:
        """AE-P3: length + width + height at most 90 cm."""
        assert is_small_parcel(weight_g=500, length_cm=40, width_cm=30, height_cm=20)
        assert small_parcel_problems(weight_g=500, length_cm=40, width_cm=30, height_cm=21) == (
            Problem(
                "AE-P3",
                "length_cm",
                "length + width + height is 91 cm; a small parcel has at most 90 cm",
            ),
        )

    def test_60_centimetre_side_is_allowed_and_61_is_not(self) -> None:
        """AE-P3: no side over 60 cm, even when the total is within 90 cm."""
        assert is_small_parcel(weight_g=500, length_cm=60, width_cm=20, height_cm=10)
        assert small_parcel_problems(weight_g=500, length_cm=20, width_cm=9, height_cm=61) == (
            Problem(
                "AE-P3",
                "length_cm",
                "the longest side is 61 cm; a small parcel has no side over 60 cm",
            ),
        )

    def test_every_broken_limit_is_listed(self) -> None:
        """A heavy, long parcel breaks all three limits, each listed once."""
        problems = small_parcel_problems(weight_g=2001, length_cm=61, width_cm=20, height_cm=10)
        assert [problem.message for problem in problems] == [
            "the parcel weighs 2001 g; a small parcel weighs at most 2000 g",
            "length + width + height is 91 cm; a small parcel has at most 90 cm",
            "the longest side is 61 cm; a small parcel has no side over 60 cm",
        ]

    def test_decimal_measures(self) -> None:
        """Measures may be decimals: 2000.0 g passes, 2000.01 g does not."""
        assert is_small_parcel(weight_g="2000.0", length_cm="29.9", width_cm=20, height_cm=10)
        assert not is_small_parcel(weight_g="2000.01", length_cm=30, width_cm=20, height_cm=10)

    def test_negative_side_is_refused(self) -> None:
        """A negative side is an error naming the argument."""
        with pytest.raises(InvalidValueError, match="height_cm -1 is negative"):
            is_small_parcel(weight_g=1, length_cm=1, width_cm=1, height_cm=-1)

    def test_limits_come_from_the_rulebook(self) -> None:
        """With a 3 kg limit, 2,500 g is a small parcel."""
        rules = attrs.evolve(
            RULEBOOK,
            pricing=attrs.evolve(RULEBOOK.pricing, small_parcel_max_weight_g=Decimal(3000)),
        )
        assert is_small_parcel(
            weight_g=2500, length_cm=30, width_cm=20, height_cm=10, rulebook=rules
        )


class TestRounding:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Fraction(89, 20), "4.5"),
            (Fraction(-89, 20), "-4.5"),
            (Fraction(4449, 1000), "4.4"),
            (Fraction(13, 3), "4.3"),
            (Fraction(14, 3), "4.7"),
            (Fraction(5), "5.0"),
        ],
    )
    def test_half_up_to_one_place(self, value: Fraction, expected: str) -> None:
        """Round half up away from zero, exactly: 4.45 -> 4.5, 4.449 -> 4.4, -4.45 -> -4.5."""
        assert round_fraction(value, Decimal("0.1"), "ROUND_HALF_UP") == Decimal(expected)

    def test_other_modes_apply_exactly(self) -> None:
        """The decimal mode is applied to the exact value: 4.45 half even is 4.4."""
        assert round_fraction(Fraction(89, 20), Decimal("0.1"), "ROUND_HALF_EVEN") == Decimal("4.4")

    @given(st.fractions(min_value=-1000, max_value=1000))
    def test_rounding_stays_within_half_a_step(self, value: Fraction) -> None:
        """Half-up rounding to cents moves a value by at most half a cent."""
        rounded = round_fraction(value, Decimal("0.01"), "ROUND_HALF_UP")
        assert abs(Fraction(rounded) - value) <= Fraction(1, 200)


class TestPricingDocs:
    def test_page_shows_the_seed_breakdown(self) -> None:
        """AE-P1: the pricing page shows the seller guide's example in full."""
        assert SEED_BREAKDOWN in docs_page("pricing.md")

    def test_page_examples_run(self) -> None:
        """Every example on the pricing page gives the output shown."""
        assert page_examples("pricing.md").failed == 0
