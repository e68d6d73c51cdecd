"""Static checks of the public API's types: run by mypy, never executed.

Each ``assert_type`` pins what a user's type checker sees, so a signature
change that would break users' code fails CI here first.
"""

# ruff: noqa: INP001 - checked by mypy only, not a package

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, assert_type

from sellerquality import (
    WARSAW,
    Criterion,
    Eligibility,
    MetricResult,
    Money,
    Outcome,
    Rejected,
    Window,
    dump,
    load,
)
from sellerquality.aliexpress import (
    Feedback,
    FeedbackSummary,
    ProductEvent,
    ProductStatus,
    ShowcaseRewards,
    feedback_profile,
    feedback_summary,
    next_status,
    retail_price,
    showcase_rewards,
)
from sellerquality.allegro import (
    ApiBodies,
    Channel,
    DisputeStatus,
    Forecast,
    Grade,
    QualityReport,
    RecordFrames,
    RemovalGround,
    SellerActivity,
    activity_from_frames,
    coin_pool,
    coins_for_price,
    deal_zone,
    dispute_state,
    forecast,
    from_api,
    quality_history,
    read_api_dir,
    recommendation_rate,
    removal_grounds,
    rulebook_for,
    sales_quality,
    super_seller,
)

AS_OF = datetime(2026, 11, 1, tzinfo=WARSAW)


def shared_values() -> None:
    """Money, windows and loading."""
    price = Money("49.99")
    assert_type(price + Money(1), Money)
    assert_type(price.amount, Decimal)
    window = Window.last_days(AS_OF, 30)
    assert_type(window, Window)
    assert_type(window.contains(AS_OF), bool)
    assert_type(window.duration, timedelta)
    assert_type(load("seller.json"), SellerActivity)
    assert_type(load("seller.json", strict=False), tuple[SellerActivity, tuple[Rejected, ...]])
    assert_type(dump(SellerActivity()), dict[str, Any])


def allegro(activity: SellerActivity) -> None:
    """Reports, programmes, coins and lifecycles."""
    report = sales_quality(activity, as_of=AS_OF)
    assert_type(report, QualityReport)
    assert_type(report.grade, Grade)
    assert_type(report.metrics, Mapping[str, MetricResult])
    assert_type(report.metrics["REVENUE"].outcome, Outcome)
    assert_type(
        quality_history(activity, start=date(2026, 10, 1), end=date(2026, 10, 31)),
        tuple[QualityReport, ...],
    )
    assert_type(forecast(activity, as_of=AS_OF), Forecast)
    assert_type(recommendation_rate(activity, as_of=AS_OF), MetricResult)
    # The metric functions have real signatures: mypy rejects wrong calls (strict mode
    # warns about unused ignores, so each ignore below proves an error is reported).
    recommendation_rate(activity, as_of=AS_OF, bogus=1)  # type: ignore[call-arg]
    recommendation_rate(42, as_of=AS_OF)  # type: ignore[arg-type]
    recommendation_rate(activity)  # type: ignore[call-arg]
    eligibility = super_seller(activity, as_of=AS_OF, rulebook=rulebook_for(date(2024, 1, 1)))
    assert_type(eligibility, Eligibility)
    assert_type(eligibility.criteria, tuple[Criterion, ...])
    assert_type(deal_zone(report), Eligibility)
    assert_type(coins_for_price(Money("99.99"), channel=Channel.APP), int)
    assert_type(coin_pool(activity, as_of=AS_OF), int)
    assert_type(dispute_state(activity.disputes[0], at=AS_OF), DisputeStatus)
    assert_type(removal_grounds("Polecam!"), frozenset[RemovalGround])


def allegro_api_bodies(bodies: ApiBodies) -> None:
    """from_api: the body names are checked, strict and lenient overloads."""
    assert_type(from_api(**bodies), SellerActivity)
    assert_type(from_api(me={"id": "1"}, strict=False), tuple[SellerActivity, tuple[Rejected, ...]])
    from_api(checkout_form={})  # type: ignore[call-overload]


def allegro_frames(frames: RecordFrames) -> None:
    """activity_from_frames: the frame names are checked, strict and lenient overloads."""
    assert_type(activity_from_frames(**frames), SellerActivity)
    assert_type(
        activity_from_frames(orders=None, strict=False),
        tuple[SellerActivity, tuple[Rejected, ...]],
    )
    activity_from_frames(order=None)  # type: ignore[call-overload]


def allegro_api_folder() -> None:
    """A folder of saved Allegro API bodies, strict and lenient."""
    assert_type(read_api_dir("seller-api"), SellerActivity)
    assert_type(
        read_api_dir(Path("seller-api"), strict=False),
        tuple[SellerActivity, tuple[Rejected, ...]],
    )


def aliexpress(feedbacks: list[Feedback]) -> None:
    """Feedback, pricing, product states and showcases."""
    assert_type(feedback_summary(feedbacks, as_of=AS_OF), FeedbackSummary)
    assert_type(feedback_profile(feedbacks, as_of=AS_OF)[3], FeedbackSummary)
    assert_type(retail_price(cost=Decimal(3), shipping=Decimal("0.85")), Decimal)
    assert_type(next_status(ProductStatus.DRAFT, ProductEvent.SUBMIT), ProductStatus)
    assert_type(showcase_rewards(monthly_orders=11), ShowcaseRewards)
    rate = feedback_summary(feedbacks, as_of=AS_OF).positive_rate
    assert_type(rate, Fraction | None)
