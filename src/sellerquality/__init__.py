"""How marketplaces judge their sellers, computed exactly, with the reason behind every number.

The shared values live here; marketplace rules live in
:mod:`sellerquality.allegro` and :mod:`sellerquality.aliexpress`, and every
error in :mod:`sellerquality.exceptions`.
"""

from importlib.metadata import PackageNotFoundError, version

from ._i18n import LANGUAGES, Language, current_language, default_language, language
from ._json import FORMAT, Rejected, dump, load
from ._money import Money
from ._public import publish as _publish
from ._results import (
    Criterion,
    Distance,
    DistanceKind,
    Eligibility,
    MetricResult,
    Outcome,
)
from ._results_json import from_json, to_json
from ._time import (
    WARSAW,
    Window,
    add_business_days,
    add_business_time,
    add_days,
    day_start,
    is_business_day,
    local_day,
    next_midnight,
    polish_holidays,
)
from .exceptions import SellerQualityError

try:
    __version__ = version("sellerquality")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "FORMAT",
    "LANGUAGES",
    "WARSAW",
    "Criterion",
    "Distance",
    "DistanceKind",
    "Eligibility",
    "Language",
    "MetricResult",
    "Money",
    "Outcome",
    "Rejected",
    "SellerQualityError",
    "Window",
    "__version__",
    "add_business_days",
    "add_business_time",
    "add_days",
    "current_language",
    "day_start",
    "default_language",
    "dump",
    "from_json",
    "is_business_day",
    "language",
    "load",
    "local_day",
    "next_midnight",
    "polish_holidays",
    "to_json",
]


# Re-exported objects report this public path, not their private module, in
# reprs, tracebacks and the API reference; pickle stores it and imports from it.
_publish(globals(), __all__, __name__)
