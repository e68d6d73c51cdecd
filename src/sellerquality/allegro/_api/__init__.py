"""The Allegro REST API adapter: bodies in, records out; Allegro's own figures; fetching.

One module per part: ``_build`` maps the bodies to records (``from_api``)
with one module per record kind (``_orders``, ``_disputes``, ``_ratings``,
``_messages``, ``_offers``) on the shared ``_common``,
``_model`` holds the shapes of Allegro's OpenAPI description the mapping
reads, ``_folder`` reads a folder of saved bodies (``read_api_dir``),
``_quality`` reads ``GET /sale/quality`` and reconciles it with a report,
``_fetch`` and ``_http`` fetch the bodies (``_http`` needs the ``[allegro]``
extra and is imported only when a fetch runs). Evaluation never imports
this package.
"""

from ._build import ApiBodies, from_api
from ._fetch import (
    INSTALL_HINT,
    MANIFEST,
    AllegroClient,
    DeviceCode,
    FetchError,
    FetchSummary,
    Skipped,
    fetch,
)
from ._folder import QUALITY_FILE, read_api_dir
from ._quality import (
    AllegroQualityDay,
    AllegroQualityMetric,
    QualityDifference,
    calibrated_rulebook,
    parse_quality,
    reconcile,
)

__all__ = [
    "INSTALL_HINT",
    "MANIFEST",
    "QUALITY_FILE",
    "AllegroClient",
    "AllegroQualityDay",
    "AllegroQualityMetric",
    "ApiBodies",
    "DeviceCode",
    "FetchError",
    "FetchSummary",
    "QualityDifference",
    "Skipped",
    "calibrated_rulebook",
    "fetch",
    "from_api",
    "parse_quality",
    "read_api_dir",
    "reconcile",
]
