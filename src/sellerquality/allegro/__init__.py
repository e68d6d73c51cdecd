"""Allegro: records, sales quality, programmes, coins and lifecycles.

Rule IDs in the docstrings refer to the rule catalogue (RULES.md), reproduced
in the documentation's rules pages.
"""

from ._clock import reply_due
from ._model import (
    Dispute,
    DisputeReason,
    DisputeStatus,
    Message,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
    Violation,
    ViolationKind,
)
from ._rules import (
    DEFAULT_RULEBOOK,
    EDITION_2022,
    EDITION_2024_04_15,
    DiscussionLimit,
    LifecycleRules,
    ReplyClock,
    Rulebook,
)

__all__ = [
    "DEFAULT_RULEBOOK",
    "EDITION_2022",
    "EDITION_2024_04_15",
    "DiscussionLimit",
    "Dispute",
    "DisputeReason",
    "DisputeStatus",
    "LifecycleRules",
    "Message",
    "Offer",
    "Order",
    "Rating",
    "ReplyClock",
    "Rulebook",
    "SellerAccount",
    "SellerActivity",
    "Violation",
    "ViolationKind",
    "reply_due",
]
