"""Allegro's rule editions, as data: every threshold, point, window and date with its source.

The classes that hold these values are in ``_rules``; this module is only the
editions themselves (2022, Super Seller 2023-09-04, T&C 2024-04-15) and the
choice of the edition in force on a day. Every value carries the public source
it comes from.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs

from .._i18n import N_
from .._money import Money
from .._time import WARSAW as _WARSAW
from .._time import require_aware
from ..exceptions import InvalidValueError
from ._model import Area, Channel, Grade, ViolationKind
from ._rules import (
    CoinBand,
    CoinRules,
    Comparison,
    DiscussionLimit,
    ExcludedCategory,
    GradeBand,
    LifecycleRules,
    MetricRule,
    ProgrammeRules,
    QualityRules,
    ReplyClock,
    Rulebook,
    SuperSeller2022,
    SuperSeller2023,
)

__all__ = [
    "COINS_2022",
    "DEFAULT_RULEBOOK",
    "EDITIONS",
    "EDITION_2022",
    "EDITION_2023_09_04",
    "EDITION_2024_04_15",
    "LIFECYCLE_2022",
    "LIFECYCLE_2024_04_15",
    "OFFICIAL",
    "PROGRAMMES_2022",
    "QUALITY_2022",
    "rulebook_for",
]

_MY_SALES_QUALITY = "Allegro help pages on 'My sales quality' (Moja jakość sprzedaży), as of 2022"

LIFECYCLE_2022 = LifecycleRules(
    reply_within=timedelta(hours=24),
    reply_clock=ReplyClock.CALENDAR,
    dispute_open_after=timedelta(hours=1),
    dispute_open_days=180,
    unresolved_after_days=14,
    unresolved_after_days_not_received=14,
    expires_after_days=30,
    rating_change_days=21,
    rating_within_days=None,
    discussion_limit=None,
    source=_MY_SALES_QUALITY + ": DI-1…DI-6, RA-1",
)

_MY_SALES_QUALITY_METRICS = _MY_SALES_QUALITY + ", metrics table"
_MODEL = "points: this library's documented model; Allegro publishes no weights"


def _metric(**fields: Any) -> MetricRule:
    fields.setdefault("source", _MY_SALES_QUALITY_METRICS)
    return MetricRule(**fields)


_PCT = Fraction(1, 100)
_HOURS_24 = timedelta(hours=24)

QUALITY_2022 = QualityRules(
    metrics={
        rule.code: rule
        for rule in (
            _metric(
                code="RECOMMENDATION_RATE",
                area=Area.BUYER_RATINGS,
                rule="SQ-A1",
                name=N_("recommendation rate"),
                threshold=98 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=60,
                penalty=60,
                tip=N_(
                    "Review your offers so that what buyers receive matches the description, "
                    "notify buyers of delays, and refund or resend when you cannot deliver."
                ),
            ),
            _metric(
                code="BUYER_SATISFACTION",
                area=Area.BUYER_RATINGS,
                rule="SQ-A2",
                name=N_("buyer satisfaction (average star mark)"),
                threshold=Fraction(49, 10),
                comparison=Comparison.AT_LEAST,
                bonus=50,
                penalty=50,
                reading="every star mark given in the window counts once (description, service, "
                "delivery time, delivery cost); the mean is compared unrounded",
                tip=N_(
                    "Review your offers (description, photos, delivery cost) and notify buyers "
                    "of delays: every star mark counts."
                ),
            ),
            _metric(
                code="OPEN_DISPUTES",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B1",
                name=N_("open disputes"),
                threshold=0,
                comparison=Comparison.AT_MOST,
                bonus=20,
                reading="a dispute is open at as_of when it was opened before as_of and neither "
                "closed by the buyer nor expired before as_of",
                tip=N_("Resolve open disputes: refund or resend when you cannot deliver."),
            ),
            _metric(
                code="DISPUTE_REPLY_ON_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B2",
                name=N_("disputes answered within 24 hours"),
                threshold=99 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=30,
                penalty=30,
                reading="share of disputes opened in the window whose first reply came by the "
                "reply deadline, >= 99% earns the bonus; an unanswered dispute past its deadline "
                "is late; one still inside its deadline is not counted yet",
                tip=N_("Answer every dispute within 24 hours of its opening."),
            ),
            _metric(
                code="DISPUTE_REPLY_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B3",
                name=N_("average first reply time to disputes"),
                threshold=timedelta(hours=6),
                comparison=Comparison.AT_MOST,
                bonus=20,
                tiers=(
                    (timedelta(hours=6), Fraction(1)),
                    (timedelta(hours=12), Fraction(2, 3)),
                    (timedelta(hours=24), Fraction(1, 3)),
                ),
                reading="mean time to the first reply over disputes opened in the window and "
                "answered before as_of; full points at <= 6 h, two thirds at <= 12 h, one third "
                "at <= 24 h (rounded half up to whole points), none above",
                tip=N_("Answer disputes quickly: a first reply within 6 hours earns full points."),
            ),
            _metric(
                code="UNRESOLVED_DISPUTES",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B4",
                name=N_("unresolved disputes"),
                threshold=Fraction(0),
                comparison=Comparison.AT_MOST,
                bonus=30,
                reading="disputes the buyer marked unresolved in the window (at closed_at, or at "
                "opening when the time is unknown) over completed transactions in the window",
                tip=N_(
                    "Refund or resend when you cannot deliver, so that buyers do not mark "
                    "disputes unresolved."
                ),
            ),
            _metric(
                code="MESSAGE_REPLY_ON_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B5",
                name=N_("buyer messages answered within 24 hours"),
                threshold=95 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=30,
                penalty=30,
                reading="messages received in the window; unanswered past the deadline = late; "
                "unanswered inside it = not yet due",
                tip=N_("Answer every buyer message within 24 hours, even repeated ones."),
            ),
            _metric(
                code="MESSAGE_REPLY_TIME",
                area=Area.CUSTOMER_SERVICE,
                rule="SQ-B6",
                name=N_("average reply time to buyer messages"),
                threshold=_HOURS_24,
                comparison=Comparison.AT_MOST,
                bonus=20,
                reading="only messages answered before as_of count",
                tip=N_(
                    "Answer buyer messages sooner, even repeated ones: the average must stay "
                    "within 24 hours."
                ),
            ),
            _metric(
                code="EAN_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C1",
                name=N_("offers with an EAN/GTIN"),
                threshold=10 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                reading="share of offers active at as_of (listed before it, not ended before it)",
                tip=N_("Review your offers and add the EAN/GTIN where the product has one."),
            ),
            _metric(
                code="SMART_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C2",
                name=N_("offers with Allegro Smart! delivery"),
                threshold=10 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=20,
                tip=N_("Offer Allegro Smart! delivery on more offers."),
            ),
            _metric(
                code="FAST_DISPATCH_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C3",
                name=N_("offers dispatched within 24 hours"),
                threshold=30 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=20,
                parameter=_HOURS_24,
                reading="an offer qualifies when its handling time is known and at most 24 hours",
                tip=N_(
                    "Set a handling time of 24 hours or less on offers you can dispatch that "
                    "fast, and lengthen it only where orders outgrow you."
                ),
            ),
            _metric(
                code="PERSONAL_PICKUP_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C4",
                name=N_("offers with at least 2 personal-pickup methods"),
                threshold=65 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                parameter=2,
                tip=N_("Offer at least two different personal-pickup methods."),
            ),
            _metric(
                code="ALLEGRO_DELIVERY_OFFERS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C5",
                name=N_("offers with at least 2 Allegro delivery methods"),
                threshold=80 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                parameter=2,
                tip=N_("Offer at least two different Allegro delivery methods."),
            ),
            _metric(
                code="PROMOTED_REVENUE",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C6",
                name=N_("revenue from promoted sales"),
                threshold=1 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=10,
                reading="promoted revenue over revenue (non-cancelled orders bought in the window)",
                tip=N_("Take part in promotions so that promoted sales reach 1% of revenue."),
            ),
            _metric(
                code="PAYMENT_METHODS",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C7",
                name=N_("payment methods offered"),
                threshold=2,
                comparison=Comparison.AT_LEAST,
                bonus=10,
                reading="at least 2 distinct active payment methods",
                tip=N_("Offer at least two payment methods."),
            ),
            _metric(
                code="BUSINESS_ACCOUNT",
                area=Area.OFFER_ATTRACTIVENESS,
                rule="SQ-C8",
                name=N_("business account"),
                threshold=True,
                comparison=Comparison.AT_LEAST,
                bonus=15,
                tip=N_("Sell from a business (company) account."),
            ),
            _metric(
                code="COMPLETED_ORDERS",
                area=Area.ORDER_FULFILMENT,
                rule="SQ-D1",
                name=N_("completed orders"),
                threshold=20,
                comparison=Comparison.AT_LEAST,
                bonus=30,
                reading="orders bought in the window, not cancelled, and sent (carrier status) or "
                "recommended by the buyer before as_of (the completed transaction of Allegro's "
                "Super Seller help pages)",
                tip=N_("Give tracking and proof of dispatch so that orders count as completed."),
            ),
            _metric(
                code="TRACKING_ON_TIME",
                area=Area.ORDER_FULFILMENT,
                rule="SQ-D2",
                name=N_("tracking numbers added by the dispatch deadline"),
                threshold=49 * _PCT,
                comparison=Comparison.AT_LEAST,
                bonus=50,
                penalty=50,
                reading="non-cancelled orders bought in the window with a known dispatch deadline; "
                "counted once tracking is added or the deadline has passed",
                tip=N_(
                    "Add tracking numbers by the dispatch deadline; lengthen the handling time "
                    "when orders outgrow you, and notify buyers of delays."
                ),
            ),
            _metric(
                code="REVENUE",
                area=Area.ORDER_FULFILMENT,
                rule="SQ-D3",
                name=N_("revenue"),
                threshold=Money("10000"),
                comparison=Comparison.AT_LEAST,
                bonus=40,
                reading="sum of totals of non-cancelled orders bought in the window",
                tip=N_("Grow sales: revenue in the last 30 days must reach the threshold."),
            ),
            _metric(
                code="TOS_VIOLATIONS",
                area=Area.TOS_VIOLATIONS,
                rule="SQ-E1",
                name=N_("Terms-of-Service violations"),
                threshold=0,
                comparison=Comparison.AT_MOST,
                bonus=0,
                reading="each violation in the window deducts the points of its kind",
                tip=N_(
                    "Follow the Terms and Conditions: each sanction deducts points for 30 days."
                ),
            ),
        )
    },
    deductions={
        ViolationKind.ACCOUNT_BLOCKED: 150,
        ViolationKind.LISTING_AND_ENDING_BLOCKED: 100,
        ViolationKind.LISTING_BLOCKED: 75,
        ViolationKind.WARNING: 50,
        ViolationKind.OFFER_REMOVED: 20,
        ViolationKind.REMINDER: 5,
    },
    grade_bands=(
        GradeBand(grade=Grade.SUPER_PLUS, min_score=400),
        GradeBand(grade=Grade.SUPER, min_score=230),
        GradeBand(grade=Grade.GOOD, min_score=101),
        GradeBand(grade=Grade.NEUTRAL, min_score=0),
        GradeBand(grade=Grade.REQUIRES_IMPROVEMENT, min_score=-100),
        GradeBand(grade=Grade.UNACCEPTABLE, min_score=None),
    ),
    window_days=30,
    tier_rounding=ROUND_HALF_UP,
    model_note=_MODEL + "; bands SUPER_PLUS >= 400, SUPER >= 230, GOOD >= 101, NEUTRAL >= 0, "
    "REQUIRES_IMPROVEMENT >= -100 (SQ-3)",
)
"""Edition 2022 sales-quality rules: Allegro's 2022 thresholds, this library's points model."""

_SUPER_SELLER_AND_COINS = (
    "Allegro help pages on Super Seller (Super Sprzedawca) and Allegro coins (Monety), as of 2022"
)

PROGRAMMES_2022 = ProgrammeRules(
    super_seller=SuperSeller2022(
        ratings_months=12,
        min_ratings=100,
        window_days=30,
        min_completed=20,
        min_star_average=Decimal("4.950"),
        star_average_places=3,
        excluding_violations=frozenset(
            {
                ViolationKind.WARNING,
                ViolationKind.ACCOUNT_BLOCKED,
                ViolationKind.LISTING_BLOCKED,
                ViolationKind.LISTING_AND_ENDING_BLOCKED,
            }
        ),
        min_messages_on_time=Fraction(99, 100),
        min_disputes_on_time=Fraction(99, 100),
        min_orders_on_time=Fraction(80, 100),
        max_unresolved_share=Fraction(2, 10000),
        max_unresolved_count=20,
        source=_SUPER_SELLER_AND_COINS + "; 4.95 also on the 'My sales quality' pages",
    ),
    smart_months=12,
    smart_min_rate=Fraction(98, 100),
    smart_min_positive=5,
    coins_window_days=30,
    coins_min_star_average=Fraction(48, 10),
    coins_min_ratings=5,
    deal_zone_min_grade=Grade.NEUTRAL,
    source=_MY_SALES_QUALITY + " (PR-2…PR-4); " + _SUPER_SELLER_AND_COINS + " (PR-1)",
)
"""Programme rules of edition 2022."""

_ADS = "Advertisements and services"
_ADS_PL = "Ogłoszenia i usługi"

COINS_2022 = CoinRules(
    immediate_handling=timedelta(0),
    excluded_categories=(
        ExcludedCategory(path=(_ADS, "Real estate"), polish=(_ADS_PL, "Nieruchomości")),
        ExcludedCategory(path=(_ADS, "Holidays"), polish=(_ADS_PL, "Wakacje")),
        ExcludedCategory(path=(_ADS, "Cars"), polish=(_ADS_PL, "Samochody")),
        ExcludedCategory(path=(_ADS, "Services"), polish=(_ADS_PL, "Usługi")),
        ExcludedCategory(path=(_ADS, "Animals"), polish=(_ADS_PL, "Zwierzęta")),
        ExcludedCategory(
            path=(
                "Electronics",
                "Consoles and slot machines",
                "Microsoft Xbox 360",
                "Scratch cards",
            ),
            polish=("Elektronika", "Konsole i automaty", "Microsoft Xbox 360", "Karty zdrapki"),
        ),
        ExcludedCategory(
            path=("Electronics", "Computers", "Internet"),
            polish=("Elektronika", "Komputery", "Internet"),
        ),
        ExcludedCategory(
            path=("Electronics", "Phones and accessories", "Prepaid"),
            polish=("Elektronika", "Telefony i Akcesoria", "Prepaid"),
        ),
        ExcludedCategory(
            path=("Electronics", "Computers", "Cryptocurrencies"),
            polish=("Elektronika", "Komputery", "Kryptowaluty"),
        ),
        ExcludedCategory(
            path=("Baby", "Feeding", "Baby food", "Formula milk", "Starter milk"),
            polish=(
                "Dziecko",
                "Karmienie",
                "Żywność dla dzieci",
                "Mleko modyfikowane",
                "Mleko początkowe",
            ),
        ),
        ExcludedCategory(
            path=("Culture and entertainment", "Codes and top-ups"),
            polish=("Kultura i rozrywka", "Kody i doładowania"),
        ),
        ExcludedCategory(
            path=("Culture and entertainment", "Games", "Online games (MMO)"),
            polish=("Kultura i rozrywka", "Gry", "Gry online (MMO)"),
        ),
        ExcludedCategory(
            path=("Health", "Over-the-counter medicines"),
            polish=("Zdrowie", "Leki bez recepty"),
        ),
    ),
    bands=(
        CoinBand(min_price=Money("0"), coins={Channel.APP: 0, Channel.BROWSER: 0}),
        CoinBand(min_price=Money("49.99"), coins={Channel.APP: 4, Channel.BROWSER: 2}),
        # Allegro's coins help page gives browser 2 here too (not 4); CO-2 keeps it as stated.
        CoinBand(min_price=Money("99.99"), coins={Channel.APP: 8, Channel.BROWSER: 2}),
        CoinBand(min_price=Money("999.99"), coins={Channel.APP: 12, Channel.BROWSER: 6}),
    ),
    pool_window_days=30,
    pool_block=Money("75000"),
    pool_coins_per_block=15,
    pool_self_funded_share=Fraction(1, 2),
    pool_cap=100_000,
    payment_min=10,
    payment_max=100,
    source=_SUPER_SELLER_AND_COINS
    + " (CO-1…CO-4); Polish category names are this library's translation",
)
"""Coin rules of edition 2022."""

EDITION_2022 = Rulebook(
    edition="2022",
    effective_from=date(2022, 1, 1),
    source="Allegro help pages as of 2022: 'My sales quality' (Moja jakość sprzedaży), "
    "Super Seller (Super Sprzedawca) and coins (Monety)",
    lifecycle=LIFECYCLE_2022,
    quality=QUALITY_2022,
    programmes=PROGRAMMES_2022,
    coins=COINS_2022,
)
"""The rules as Allegro's help pages stated them in 2022; the default everywhere."""

DEFAULT_RULEBOOK = EDITION_2022
"""The rulebook used when none is given."""

_SUPER_2023 = "Allegro Super Seller rules from 2023-09-04 (PR-1, later edition)"

EDITION_2023_09_04 = attrs.evolve(
    EDITION_2022,
    edition="2023-09-04",
    effective_from=date(2023, 9, 4),
    source=_SUPER_2023,
    programmes=attrs.evolve(
        PROGRAMMES_2022,
        super_seller=SuperSeller2023(
            window_days=30,
            top_grades=frozenset({Grade.SUPER, Grade.SUPER_PLUS}),
            min_top_days=14,
            floor_grade=Grade.GOOD,
            min_completed=50,
            source=_SUPER_2023,
        ),
    ),
)
"""Super Seller judged from the daily sales-quality grade; everything else as 2022."""

_TC_2024 = "Allegro Terms and Conditions (Regulamin Allegro) in force from 2024-04-15"

LIFECYCLE_2024_04_15 = attrs.evolve(
    LIFECYCLE_2022,
    reply_clock=ReplyClock.BUSINESS,
    unresolved_after_days_not_received=7,
    rating_within_days=90,
    discussion_limit=DiscussionLimit(
        window_days=60,
        max_share=Fraction(2, 1000),
        large_volume=1000,
        max_count=2,
        source=_TC_2024,
    ),
    source=_TC_2024 + "; other deadlines as " + _MY_SALES_QUALITY,
)

EDITION_2024_04_15 = attrs.evolve(
    EDITION_2023_09_04,
    edition="2024-04-15",
    effective_from=date(2024, 4, 15),
    source=_TC_2024,
    lifecycle=LIFECYCLE_2024_04_15,
)
"""The T&C of 2024-04-15: business-day reply clock, 7/14-day resolution, discussion cap."""

EDITIONS: tuple[Rulebook, ...] = (EDITION_2022, EDITION_2023_09_04, EDITION_2024_04_15)
"""Every edition, oldest first."""

OFFICIAL: dict[str, Rulebook] = {book.edition: book for book in EDITIONS}


def rulebook_for(day: date) -> Rulebook:
    """Return the edition in force on ``day`` (PR-1 and DI-3 later editions).

    That is the latest edition whose ``effective_from`` is not after ``day``.

    An aware datetime stands for its Europe/Warsaw calendar day.

    Raises:
        InvalidValueError: ``day`` is before the first edition (2022-01-01), whose rules
            are the oldest this library knows.

    Example:
        >>> from datetime import date
        >>> from sellerquality.allegro import rulebook_for
        >>> rulebook_for(date(2023, 9, 3)).edition, rulebook_for(date(2023, 9, 4)).edition
        ('2022', '2023-09-04')
    """
    if isinstance(day, datetime):
        # An instant means its Warsaw calendar day: Allegro's rules change at Warsaw midnight.
        day = require_aware(day, field="day").astimezone(_WARSAW).date()
    in_force = [book for book in EDITIONS if book.effective_from <= day]
    if not in_force:
        raise InvalidValueError(
            field="day",
            value=day,
            reason=f"is before the first known edition ({EDITIONS[0].effective_from})",
        )
    return in_force[-1]
