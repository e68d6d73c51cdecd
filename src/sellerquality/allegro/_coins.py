"""Allegro coins (Monety): which offers earn them, how many, and the seller's pool (CO-1…CO-4)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from .._money import Money
from .._time import Window, require_aware
from ..exceptions import CurrencyMismatchError, InvalidTypeError, InvalidValueError
from ._editions import DEFAULT_RULEBOOK
from ._model import Channel, Offer, SellerActivity
from ._rules import Rulebook

__all__ = ["coin_pool", "coins_for_price", "offer_earns_coins", "payment_coins_allowed"]


def _segment(name: str) -> str:
    return " ".join(name.split()).casefold()


def _under(path: tuple[str, ...], prefix: tuple[str, ...]) -> bool:
    if len(path) < len(prefix):
        return False
    return all(_segment(a) == _segment(b) for a, b in zip(path, prefix, strict=False))


def offer_earns_coins(offer: Offer, *, rulebook: Rulebook = DEFAULT_RULEBOOK) -> bool:
    """Whether buyers earn coins on ``offer`` (CO-1).

    A Buy Now offer with free delivery, 1-day delivery or immediate dispatch
    (handling time 0), outside the excluded categories. A category is excluded
    with all its subcategories: the offer's path must not start with an
    excluded path, English or Polish, compared case- and whitespace-insensitively.

    Example:
        >>> from sellerquality import Money
        >>> from sellerquality.allegro import Offer, offer_earns_coins
        >>> offer_earns_coins(
        ...     Offer(
        ...         id="o",
        ...         price=Money("59.99"),
        ...         free_delivery=True,
        ...         category=("Health", "Over-the-counter  MEDICINES", "Pain"),
        ...     )
        ... )
        False
    """
    rules = rulebook.coins
    fast = offer.handling_time is not None and offer.handling_time <= rules.immediate_handling
    if not offer.buy_now or not (offer.free_delivery or offer.one_day_delivery or fast):
        return False
    for excluded in rules.excluded_categories:
        if _under(offer.category, excluded.path):
            return False
        if excluded.polish is not None and _under(offer.category, excluded.polish):
            return False
    return True


def coins_for_price(
    price: Money | Decimal | int | str,
    *,
    channel: Channel,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
) -> int:
    """Coins a buyer earns on an offer of ``price`` bought through ``channel`` (CO-2).

    The bands start at their lower edge: 49.98 PLN earns nothing, 49.99 PLN
    earns the second band. A plain amount (``Decimal``, ``int`` or decimal
    string) is taken in the bands' currency, PLN; a float is refused.

    Raises:
        CurrencyMismatchError: ``price`` is not in the bands' currency (PLN).
        InvalidValueError: ``price`` is negative.
        InvalidTypeError: ``price`` is not Money or ``channel`` not a Channel.

    Example:
        >>> from sellerquality import Money
        >>> from sellerquality.allegro import Channel, coins_for_price
        >>> coins_for_price(Money("99.99"), channel=Channel.APP)
        8
    """
    if not isinstance(channel, Channel):
        raise InvalidTypeError(field="channel", value=channel, reason="must be a Channel")
    bands = rulebook.coins.bands
    currency = bands[0].min_price.currency
    if not isinstance(price, Money):
        price = Money(price, currency)
    if price.currency != currency:
        raise CurrencyMismatchError(
            field="price", value=price, reason=f"is not in {currency}, the currency of coin bands"
        )
    if price.is_negative:
        raise InvalidValueError(field="price", value=price, reason="is negative")
    coins = 0
    for band in bands:
        if price >= band.min_price:
            coins = band.coins[channel]
    return coins


def coin_pool(
    activity: SellerActivity,
    *,
    as_of: datetime,
    self_funded_coins: int = 0,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
) -> int:
    """The coins granted to the seller's pool at a Super Seller check at ``as_of`` (CO-3).

    15 coins per full 75,000 PLN of turnover in the 30 days before ``as_of``
    (non-cancelled orders, leaving out those whose commission was refunded and
    sales in advertising categories), plus half the coins the seller funded
    itself, rounded down; at most 100,000.

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
        InvalidValueError: ``self_funded_coins`` is negative.
        CurrencyMismatchError: the orders are not in the block's currency.
    """
    require_aware(as_of, field="as_of")
    if isinstance(self_funded_coins, bool) or not isinstance(self_funded_coins, int):
        raise InvalidTypeError(
            field="self_funded_coins", value=self_funded_coins, reason="must be an int"
        )
    if self_funded_coins < 0:
        raise InvalidValueError(
            field="self_funded_coins", value=self_funded_coins, reason="is negative"
        )
    rules = rulebook.coins
    window = Window.last_days(as_of, rules.pool_window_days, rulebook.zone)
    turnover = Money.zero(rules.pool_block.currency)
    for order in activity.orders_in(window):
        if not (order.cancelled or order.commission_refunded or order.advertising):
            turnover += order.total
    blocks = int(turnover.amount // rules.pool_block.amount)
    own = int(
        Decimal(self_funded_coins)
        * rules.pool_self_funded_share.numerator
        // rules.pool_self_funded_share.denominator
    )
    return min(blocks * rules.pool_coins_per_block + own, rules.pool_cap)


def payment_coins_allowed(coins: int, *, rulebook: Rulebook = DEFAULT_RULEBOOK) -> bool:
    """Whether one payment may use ``coins`` coins: from 10 to 100, both included (CO-4).

    Raises:
        InvalidTypeError: ``coins`` is not an int.
    """
    if isinstance(coins, bool) or not isinstance(coins, int):
        raise InvalidTypeError(field="coins", value=coins, reason="must be an int")
    return rulebook.coins.payment_min <= coins <= rulebook.coins.payment_max
