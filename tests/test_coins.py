"""Allegro coins (CO-1…CO-4): earning offers, coins per price, the pool, payments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from quality_builders import AS_OF, MICRO, RECENT, orders
from sellerquality import Money
from sellerquality.allegro import (
    Channel,
    Offer,
    Order,
    SellerActivity,
    coin_pool,
    coins_for_price,
    offer_earns_coins,
    payment_coins_allowed,
)
from sellerquality.exceptions import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
)


def offer(**fields: Any) -> Offer:
    """A Buy Now offer with free delivery in a plain category, changed by ``fields``."""
    base: dict[str, Any] = {
        "id": "o",
        "price": Money("59.99"),
        "free_delivery": True,
        "category": ("Home and garden", "Kitchen"),
    }
    return Offer(**(base | fields))


class TestOfferEarnsCoins:
    """CO-1: Buy Now with free, 1-day or immediate delivery, outside excluded categories."""

    def test_each_delivery_condition_suffices(self) -> None:
        """Free delivery, 1-day delivery and handling time 0 each qualify."""
        assert offer_earns_coins(offer())
        assert offer_earns_coins(offer(free_delivery=False, one_day_delivery=True))
        assert offer_earns_coins(offer(free_delivery=False, handling_time=timedelta(0)))

    def test_none_of_them_does_not(self) -> None:
        """Paid delivery, no 1-day option, handling 1 second or unknown: no coins."""
        assert not offer_earns_coins(offer(free_delivery=False))
        assert not offer_earns_coins(offer(free_delivery=False, handling_time=timedelta(seconds=1)))

    def test_auctions_do_not_earn(self) -> None:
        """Only Buy Now offers earn coins."""
        assert not offer_earns_coins(offer(buy_now=False))

    @pytest.mark.parametrize(
        "category",
        [
            ("Health", "Over-the-counter medicines"),
            ("Health", "Over-the-counter medicines", "Painkillers"),
            ("health", "  over-the-counter   MEDICINES "),
            ("Advertisements and services", "Real estate", "Flats"),
            ("Electronics", "Phones and accessories", "Prepaid", "Starters"),
            ("Zdrowie", "Leki bez recepty"),
            ("Kultura i rozrywka", "Kody i doładowania", "Steam"),
        ],
    )
    def test_excluded_categories_and_their_subcategories(self, category: tuple[str, ...]) -> None:
        """An excluded path (English or Polish) excludes itself and all below it.

        Names compare case- and whitespace-insensitively.
        """
        assert not offer_earns_coins(offer(category=category))

    @pytest.mark.parametrize(
        "category",
        [
            ("Health",),
            ("Health", "Over-the-counter medicines and more"),
            ("Electronics", "Phones and accessories", "Cases"),
            (),
        ],
    )
    def test_other_categories_earn(self, category: tuple[str, ...]) -> None:
        """A parent of an excluded category, a similar name or no category is not excluded."""
        assert offer_earns_coins(offer(category=category))


class TestCoinsForPrice:
    """CO-2: bands start at 49.99, 99.99 and 999.99 PLN."""

    @pytest.mark.parametrize(
        ("price", "app", "browser"),
        [
            ("0.00", 0, 0),
            ("49.98", 0, 0),
            ("49.99", 4, 2),
            ("99.98", 4, 2),
            ("99.99", 8, 2),
            ("999.98", 8, 2),
            ("999.99", 12, 6),
            ("25000", 12, 6),
        ],
    )
    def test_band_edges(self, price: str, app: int, browser: int) -> None:
        """Exact edges: a grosz below a band stays in the band beneath."""
        assert coins_for_price(Money(price), channel=Channel.APP) == app
        assert coins_for_price(Money(price), channel=Channel.BROWSER) == browser

    def test_plain_amounts_are_pln(self) -> None:
        """A Decimal, int or decimal string is read as PLN: 49.99 earns 4 in the app."""
        from decimal import Decimal

        assert coins_for_price(Decimal("49.99"), channel=Channel.APP) == 4
        assert coins_for_price("999.99", channel=Channel.BROWSER) == 6
        assert coins_for_price(49, channel=Channel.APP) == 0

    def test_other_currency_is_an_error(self) -> None:
        """The bands are in PLN."""
        with pytest.raises(CurrencyMismatchError, match="PLN"):
            coins_for_price(Money("100", "EUR"), channel=Channel.APP)

    def test_bad_arguments(self) -> None:
        """Negative prices, non-Money prices and non-Channel channels are refused."""
        with pytest.raises(InvalidValueError):
            coins_for_price(Money("-1"), channel=Channel.APP)
        with pytest.raises(InvalidTypeError):
            coins_for_price(99.99, channel=Channel.APP)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            coins_for_price(Money("100"), channel="APP")  # type: ignore[arg-type]


class TestCoinPool:
    """CO-3: 15 coins per full 75,000 PLN, plus half the self-funded coins, at most 100,000."""

    def test_block_edge(self) -> None:
        """74,999.99 PLN is no full block; 75,000.00 PLN is one: 15 coins."""
        assert coin_pool(SellerActivity(orders=orders(1, total="74999.99")), as_of=AS_OF) == 0
        assert coin_pool(SellerActivity(orders=orders(1, total="75000.00")), as_of=AS_OF) == 15

    def test_excluded_turnover(self) -> None:
        """Cancelled, commission-refunded and advertising sales do not count."""
        activity = SellerActivity(
            orders=[
                *orders(1, total="75000.00", prefix="ok"),
                *orders(1, total="75000.00", prefix="c", cancelled=True),
                *orders(1, total="75000.00", prefix="r", commission_refunded=True),
                *orders(1, total="75000.00", prefix="a", advertising=True),
            ]
        )
        assert coin_pool(activity, as_of=AS_OF) == 15

    def test_window(self) -> None:
        """Turnover from the 30 days before as_of only."""
        edge = Order(id="e", bought_at=AS_OF - timedelta(days=30), total=Money("75000"))
        old = Order(id="x", bought_at=AS_OF - timedelta(days=30) - MICRO, total=Money("75000"))
        assert coin_pool(SellerActivity(orders=[edge, old]), as_of=AS_OF) == 15

    def test_self_funded_half_rounded_down(self) -> None:
        """Half of 101 self-funded coins is 50 (rounded down)."""
        assert coin_pool(SellerActivity(), as_of=AS_OF, self_funded_coins=101) == 50

    def test_cap(self) -> None:
        """15 + 99,985 = 100,000 is at the cap; one more coin is cut off."""
        activity = SellerActivity(orders=orders(1, total="75000.00"))
        assert coin_pool(activity, as_of=AS_OF, self_funded_coins=199_970) == 100_000
        assert coin_pool(activity, as_of=AS_OF, self_funded_coins=199_972) == 100_000
        assert coin_pool(activity, as_of=AS_OF, self_funded_coins=199_968) == 99_999

    def test_bad_arguments(self) -> None:
        """Negative or non-int self-funded coins and a naive as_of are refused."""
        with pytest.raises(InvalidValueError):
            coin_pool(SellerActivity(), as_of=AS_OF, self_funded_coins=-1)
        with pytest.raises(InvalidTypeError):
            coin_pool(SellerActivity(), as_of=AS_OF, self_funded_coins=1.5)  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError):
            coin_pool(SellerActivity(), as_of=RECENT.replace(tzinfo=None))


class TestPaymentCoins:
    """CO-4: one payment uses 10 to 100 coins."""

    @pytest.mark.parametrize(
        ("coins", "allowed"), [(9, False), (10, True), (100, True), (101, False)]
    )
    def test_limits(self, coins: int, allowed: bool) -> None:
        """Both limits are included."""
        assert payment_coins_allowed(coins) is allowed

    def test_non_int(self) -> None:
        """Coins are whole."""
        with pytest.raises(InvalidTypeError):
            payment_coins_allowed(coins=True)
