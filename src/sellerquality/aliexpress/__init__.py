"""AliExpress rules: feedback, listings, pricing and parcels, product states, showcases.

Implements the AliExpress rules AE-F1 … AE-O1 of the AliExpress seller guide
(速卖通 seller rules on listing, order and feedback management). Every rule value
lives in :data:`~sellerquality.aliexpress.RULEBOOK` (an :class:`AliExpressRulebook`); every function
takes ``rulebook=`` to apply changed values.
"""

from .._public import publish as _publish
from ._feedback import (
    DetailedRating,
    Exclusion,
    Feedback,
    FeedbackProfile,
    FeedbackSummary,
    feedback_points,
    feedback_profile,
    feedback_summary,
)
from ._io import RejectedFeedback, dump_feedback, load_feedback
from ._listing import allowed_events, next_status, validate_listing
from ._model import (
    CancellationReason,
    ExclusionReason,
    Image,
    Listing,
    OperatingLevel,
    OrderStatus,
    Problem,
    ProductEvent,
    ProductStatus,
    Severity,
    ShowcaseScenario,
)
from ._orders import cancellation_counts_against_seller, export_windows
from ._pricing import (
    PriceBreakdown,
    PriceStep,
    is_small_parcel,
    price_breakdown,
    retail_price,
    shipping_cost,
    small_parcel_problems,
)
from ._rules import (
    RULEBOOK,
    RULES,
    AliExpressRulebook,
    AspectRange,
    FeedbackRules,
    Limit,
    LimitValue,
    ListingRules,
    ManualCheck,
    NewProductTier,
    OrderRules,
    PixelSize,
    PricingRules,
    ProductRules,
    RuleInfo,
    ShowcaseRules,
    Transition,
)
from ._showcase import ShowcaseLine, ShowcaseRewards, showcase_rewards

__all__ = [
    "RULEBOOK",
    "RULES",
    "AliExpressRulebook",
    "AspectRange",
    "CancellationReason",
    "DetailedRating",
    "Exclusion",
    "ExclusionReason",
    "Feedback",
    "FeedbackProfile",
    "FeedbackRules",
    "FeedbackSummary",
    "Image",
    "Limit",
    "LimitValue",
    "Listing",
    "ListingRules",
    "ManualCheck",
    "NewProductTier",
    "OperatingLevel",
    "OrderRules",
    "OrderStatus",
    "PixelSize",
    "PriceBreakdown",
    "PriceStep",
    "PricingRules",
    "Problem",
    "ProductEvent",
    "ProductRules",
    "ProductStatus",
    "RejectedFeedback",
    "RuleInfo",
    "Severity",
    "ShowcaseLine",
    "ShowcaseRewards",
    "ShowcaseRules",
    "ShowcaseScenario",
    "Transition",
    "allowed_events",
    "cancellation_counts_against_seller",
    "dump_feedback",
    "export_windows",
    "feedback_points",
    "feedback_profile",
    "feedback_summary",
    "is_small_parcel",
    "load_feedback",
    "next_status",
    "price_breakdown",
    "retail_price",
    "shipping_cost",
    "showcase_rewards",
    "small_parcel_problems",
    "validate_listing",
]


# Re-exported objects report this public path, not their private module, in
# reprs, tracebacks and the API reference; pickle stores it and imports from it.
_publish(globals(), __all__, __name__)
