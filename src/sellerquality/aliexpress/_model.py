"""AliExpress value types: enums, listing records and the problems a check reports.

The feedback record lives in :mod:`._feedback` because its construction checks
read the rulebook (star scale, AE-F1 rating period), which itself refers to the
enums defined here.
"""

import enum
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ..exceptions import InvalidTypeError, InvalidValueError

__all__ = [
    "CancellationReason",
    "ExclusionReason",
    "Image",
    "Listing",
    "OperatingLevel",
    "OrderStatus",
    "Problem",
    "ProductEvent",
    "ProductStatus",
    "Severity",
    "ShowcaseScenario",
    "check_count",
    "check_text",
    "on_wall_clock",
    "round_fraction",
]


# --- shared checks ------------------------------------------------------------


def _name(record: str, record_id: str | None, field: str) -> str:
    # InvalidTypeError has no record slot; fold the record into the field name
    # so that its message still names the record, the field and the value.
    return f"{record} {record_id!r}: {field}" if record_id else f"{record}: {field}"


def check_count(
    value: object,
    *,
    field: str,
    record: str | None = None,
    record_id: str | None = None,
    minimum: int | None = 0,
) -> int:
    """Return ``value`` if it is an ``int`` (not a ``bool``) of at least ``minimum``.

    ``minimum=None`` checks the type only.

    Raises:
        InvalidTypeError: ``value`` is not an ``int``.
        InvalidValueError: ``value`` is below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            field=field if record is None else _name(record, record_id, field),
            value=value,
            reason=f"is a {type(value).__name__}; give an int",
        )
    if minimum is not None and value < minimum:
        raise InvalidValueError(
            record=record,
            record_id=record_id,
            field=field,
            value=value,
            reason=f"is below {minimum}",
        )
    return value


def check_text(value: object, *, field: str, record: str, record_id: str | None = None) -> str:
    """Return ``value`` if it is a ``str``.

    Raises:
        InvalidTypeError: ``value`` is not a ``str``.
    """
    if not isinstance(value, str):
        raise InvalidTypeError(
            field=_name(record, record_id, field),
            value=value,
            reason=f"is a {type(value).__name__}; give a str",
        )
    return value


def round_fraction(value: Fraction, quantum: Decimal, rounding: str) -> Decimal:
    """Round an exact fraction to a multiple of ``quantum`` with a :mod:`decimal` mode.

    The rounding is exact: the fraction is never first turned into a
    (possibly inexact) decimal, so a value just below a half can never be
    mistaken for the half.

    Example:
        >>> from decimal import ROUND_HALF_UP
        >>> round_fraction(Fraction(89, 20), Decimal("0.1"), ROUND_HALF_UP)
        Decimal('4.5')
        >>> round_fraction(Fraction(4, 3), Decimal("0.01"), ROUND_HALF_UP)
        Decimal('1.33')
    """
    steps = value / Fraction(quantum)
    whole, rest = divmod(steps.numerator, steps.denominator)
    remainder = Fraction(rest, steps.denominator)
    # A stand-in with the same integer part that sits on the same side of the
    # half (or on it) rounds the same way under every decimal rounding mode.
    half = Fraction(1, 2)
    if remainder == 0:
        offset = Decimal(0)
    elif remainder < half:
        offset = Decimal("0.25")
    elif remainder == half:
        offset = Decimal("0.5")
    else:
        offset = Decimal("0.75")
    with localcontext() as context:
        # Enough digits that neither the sum nor the product is rounded.
        context.prec = len(str(abs(whole))) + len(quantum.as_tuple().digits) + 4
        return (Decimal(whole) + offset).quantize(Decimal(1), rounding=rounding) * quantum


def on_wall_clock(instant: datetime, zone: tzinfo, step: timedelta | relativedelta) -> datetime:
    """Move ``instant`` by calendar days or months on ``zone``'s wall clock (AE-F1, AE-F4, AE-L7).

    The rules' "30 days", "6 months" and "3 months" are counted on the wall
    clock of the rulebook's zone, whatever zone ``instant`` is written in:
    ``instant`` is read in ``zone``, ``step`` is added there (months with
    ``dateutil.relativedelta``: 31 August + 3 months is 30 November), and the
    result is expressed in ``instant``'s own zone. The same instant written
    in any zone gives the same result. A wall time that a DST change skips is
    read with the offset before the change.

    Example:
        >>> from datetime import UTC, datetime
        >>> from zoneinfo import ZoneInfo
        >>> pacific = ZoneInfo("America/Los_Angeles")
        >>> start = datetime(2024, 1, 1, tzinfo=UTC)  # 31 Dec 2023, 16:00 in Los Angeles
        >>> on_wall_clock(start, pacific, relativedelta(months=3)).isoformat()
        '2024-03-31T23:00:00+00:00'
    """
    local = instant.astimezone(zone) + step
    return local.astimezone(UTC).astimezone(instant.tzinfo)


# --- enums ---------------------------------------------------------------------


class Severity(enum.Enum):
    """How much a listing :class:`Problem` matters (AE-L1 … AE-L7, AE-P3).

    Attributes:
        ERROR: A hard limit; the platform refuses the listing or the parcel.
        WARNING: A recommendation: the listing is accepted but shown less well.
    """

    ERROR = "ERROR"
    WARNING = "WARNING"


class ExclusionReason(enum.Enum):
    """Why a feedback does not count towards the rates and the score (AE-F3).

    Attributes:
        SPECIAL_ITEM: A shipping-fee top-up or price-difference item, a gift category or customised
            goods.
        UNDER_MINIMUM_AMOUNT: The order amount is under the minimum (US$1).
    """

    SPECIAL_ITEM = "SPECIAL_ITEM"
    UNDER_MINIMUM_AMOUNT = "UNDER_MINIMUM_AMOUNT"


class ProductStatus(enum.Enum):
    """The five states of a product in the seller's product manager (AE-L6).

    Attributes:
        SELLING: 正在销售 — on sale and visible to buyers.
        DRAFT: 草稿箱 — saved, never submitted.
        UNDER_REVIEW: 审核中 — submitted; the review takes about one working day.
        REJECTED: 审核不通过 — failed the review.
        OFFLINE: 已下架 — taken off sale when its validity expired; can be relisted.
    """

    SELLING = "SELLING"
    DRAFT = "DRAFT"
    UNDER_REVIEW = "UNDER_REVIEW"
    REJECTED = "REJECTED"
    OFFLINE = "OFFLINE"


class ProductEvent(enum.Enum):
    """What can happen to a product (AE-L6).

    Attributes:
        SUBMIT: The seller submits the product (提交) for review.
        APPROVE: The review passes.
        REJECT: The review fails.
        EDIT: The seller edits the product and submits the change (编辑 … 提交).
        EXPIRE: The product's validity period ends (过了有效期).
        RELIST: The seller puts an offline product back on sale (重新上架).
    """

    SUBMIT = "SUBMIT"
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    EDIT = "EDIT"
    EXPIRE = "EXPIRE"
    RELIST = "RELIST"


class OperatingLevel(enum.Enum):
    """A store's operating-ability level (运营能力模型层级) that earns showcases (AE-S2).

    Attributes:
        ADVANCED: 高级 — three showcases a month.
        HIGH_POTENTIAL: 高潜 — two showcases a month.
    """

    ADVANCED = "ADVANCED"
    HIGH_POTENTIAL = "HIGH_POTENTIAL"


class ShowcaseScenario(enum.Enum):
    """The ways a store earns showcases (橱窗) in a month (AE-S2 … AE-S5).

    Attributes:
        OPERATING_LEVEL: AE-S2 — by operating level.
        NEW_SILVER_STORE: AE-S3 — a new silver store's first months.
        NEW_PRODUCTS: AE-S4 — new products with the "new" tag.
        TOP50_CATEGORY: AE-S5 — top 50 by listing count in a curated category.
    """

    OPERATING_LEVEL = "OPERATING_LEVEL"
    NEW_SILVER_STORE = "NEW_SILVER_STORE"
    NEW_PRODUCTS = "NEW_PRODUCTS"
    TOP50_CATEGORY = "TOP50_CATEGORY"


class OrderStatus(enum.Enum):
    """The states an AliExpress order is listed under in "all orders" (AE-O1).

    Attributes:
        AWAITING_PAYMENT: 等待买家付款 — ordered, not paid; the seller may remind the
            buyer to pay.
        AWAITING_SHIPMENT: 发货未完成 — paid, not yet shipped; closes on timeout if no
            shipping notice is filed.
        CANCELLATION_REQUESTED: 买家申请取消订单 — the buyer asked to cancel; the seller
            must accept or refuse.
        IN_DISPUTE: 纠纷中 — a dispute is open (item not received, not as described, …).
        AWAITING_RECEIPT: 等待确认收货 — shipped, waiting for the buyer to confirm receipt.
    """

    AWAITING_PAYMENT = "AWAITING_PAYMENT"
    AWAITING_SHIPMENT = "AWAITING_SHIPMENT"
    CANCELLATION_REQUESTED = "CANCELLATION_REQUESTED"
    IN_DISPUTE = "IN_DISPUTE"
    AWAITING_RECEIPT = "AWAITING_RECEIPT"


class CancellationReason(enum.Enum):
    """Why a buyer's cancellation request was made, as the buyer ticks it (AE-O1).

    Attributes:
        SELLER_OUT_OF_STOCK: The seller lacks stock: the seller's fault, a sale not honoured
            (成交不卖).
        BUYER_RESPONSIBILITY: The buyer's own reason (买家责任).
    """

    SELLER_OUT_OF_STOCK = "SELLER_OUT_OF_STOCK"
    BUYER_RESPONSIBILITY = "BUYER_RESPONSIBILITY"


# --- problems ------------------------------------------------------------------


@attrs.frozen
class Problem:
    """One thing a check found wrong with a listing or a parcel.

    Implements the reporting side of AE-L1 … AE-L7 and AE-P3.

    Attributes:
        rule: The rule ID, e.g. ``"AE-L1"``.
        field: Where the problem is, e.g. ``"images[2].size_bytes"``.
        message: What is wrong and what the rule asks for.
        severity: ``Severity.ERROR`` for a hard limit,
            ``Severity.WARNING`` for a recommendation.
    """

    rule: str
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.severity.value} {self.rule} {self.field}: {self.message}"


# --- listings ------------------------------------------------------------------


def _format(value: object) -> str:
    text = check_text(value, field="format", record="Image").strip().lstrip(".").upper()
    if not text:
        raise InvalidValueError(record="Image", field="format", value=value, reason="is empty")
    return text


def _pixels(_instance: "Image", attribute: "attrs.Attribute[int]", value: int) -> None:
    check_count(value, field=attribute.name, record="Image", minimum=1)


def _bytes(_instance: "Image", attribute: "attrs.Attribute[int]", value: int) -> None:
    check_count(value, field=attribute.name, record="Image")


def _share(_instance: "Image", attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Fraction):
        raise InvalidTypeError(
            field=_name("Image", None, attribute.name),
            value=value,
            reason=f"is a {type(value).__name__}; give a Fraction such as Fraction(3, 4)",
        )
    if not 0 <= value <= 1:
        raise InvalidValueError(
            record="Image", field=attribute.name, value=value, reason="is not between 0 and 1"
        )


def _margin(_instance: "Image", attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None:
        check_count(value, field=attribute.name, record="Image")


@attrs.frozen
class Image:
    """An image attached to a listing, as far as the listing rules can check it.

    Used by AE-L2 (main images), AE-L3 (marketing image) and AE-L4 (scene
    image). The format is normalised to upper case without a leading dot, so
    ``"jpg"``, ``".JPG"`` and ``"JPG"`` are the same.

    Example:
        >>> from sellerquality.aliexpress import Image
        >>> Image("jpg", 420_000, 800, 800).format
        'JPG'

    Attributes:
        format: The file format, e.g. ``"JPEG"``, ``"JPG"`` or ``"PNG"``.
        size_bytes: The file size in bytes.
        width: Width in pixels.
        height: Height in pixels.
        subject_share: The share of the image the product covers, if measured.
        margin_px: The smallest distance in pixels between the product and
            the image's edges, if measured.

    Raises:
        InvalidTypeError: A field has the wrong type (a float size, a str width).
        InvalidValueError: A size is negative, a side is not positive, or
            ``subject_share`` is outside 0..1.
    """

    format: str = attrs.field(converter=_format)
    size_bytes: int = attrs.field(validator=_bytes)
    width: int = attrs.field(validator=_pixels)
    height: int = attrs.field(validator=_pixels)
    subject_share: Fraction | None = attrs.field(default=None, validator=_share, kw_only=True)
    margin_px: int | None = attrs.field(default=None, validator=_margin, kw_only=True)

    @property
    def aspect(self) -> Fraction:
        """Height divided by width, exactly (1 for a square, 4/3 for a 3-by-4 portrait)."""
        return Fraction(self.height, self.width)


def _images(value: object) -> tuple[Image, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidTypeError(
            field="Listing: images",
            value=value,
            reason="is not a sequence of Image",
        )
    return tuple(value)


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidTypeError(
            field="Listing: related_products",
            value=value,
            reason="is not a sequence of product ids",
        )
    return tuple(value)


def _listing_id(instance: "Listing") -> str | None:
    return instance.product_id


def _title(instance: "Listing", attribute: "attrs.Attribute[str]", value: object) -> None:
    check_text(value, field=attribute.name, record="Listing", record_id=_listing_id(instance))


def _optional_text(instance: "Listing", attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None:
        check_text(value, field=attribute.name, record="Listing", record_id=_listing_id(instance))


def _each_image(instance: "Listing", attribute: "attrs.Attribute[Any]", value: object) -> None:
    items = value if isinstance(value, tuple) else (value,)
    for index, item in enumerate(items):
        if item is not None and not isinstance(item, Image):
            name = f"{attribute.name}[{index}]" if isinstance(value, tuple) else attribute.name
            raise InvalidTypeError(
                field=_name("Listing", _listing_id(instance), name),
                value=item,
                reason=f"is a {type(item).__name__}; give an Image",
            )


def _each_text(
    instance: "Listing", attribute: "attrs.Attribute[Any]", value: tuple[Any, ...]
) -> None:
    for index, item in enumerate(value):
        check_text(
            item,
            field=f"{attribute.name}[{index}]",
            record="Listing",
            record_id=_listing_id(instance),
        )


def _dispatch(instance: "Listing", attribute: "attrs.Attribute[int]", value: object) -> None:
    check_count(value, field=attribute.name, record="Listing", record_id=_listing_id(instance))


def _flag(instance: "Listing", attribute: "attrs.Attribute[bool]", value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            field=_name("Listing", _listing_id(instance), attribute.name),
            value=value,
            reason=f"is a {type(value).__name__}; give True or False",
        )


@attrs.frozen
class Listing:
    """A product listing as the listing checks see it (AE-L1 … AE-L7).

    Only shape is checked here (types, no negative counts); the rules
    themselves are applied by :func:`~sellerquality.aliexpress.validate_listing`,
    which reports each breach as a :class:`Problem` instead of raising.

    Example:
        >>> from sellerquality.aliexpress import Listing
        >>> listing = Listing("Wholesale 10pcs Phone Case Silicone Hot Sale")
        >>> listing.dispatch_days
        1

    Attributes:
        title: The product title (AE-L1).
        images: The main images, in display order (AE-L2).
        dispatch_days: The dispatch time (发货期) in days (AE-L5).
        marketing_image: The white-background marketing image, if any (AE-L3).
        scene_image: The scene image, if any (AE-L4).
        category_dispatch_exception: Whether the category is one the
            platform marks (in red) as exempt from the dispatch limit (AE-L5).
        related_products: The products in the related-products module (AE-L7).
        related_module_title: The related-products module's title (AE-L7).
        service_template_name: The name of the service template applied (AE-L7).
        product_id: The product's id, if it has one; used in error messages.

    Raises:
        InvalidTypeError: A field has the wrong type.
        InvalidValueError: ``dispatch_days`` is negative.
    """

    title: str = attrs.field(validator=_title)
    images: tuple[Image, ...] = attrs.field(default=(), converter=_images, validator=_each_image)
    dispatch_days: int = attrs.field(default=1, validator=_dispatch)
    marketing_image: Image | None = attrs.field(default=None, validator=_each_image)
    scene_image: Image | None = attrs.field(default=None, validator=_each_image)
    category_dispatch_exception: bool = attrs.field(default=False, validator=_flag)
    related_products: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_each_text
    )
    related_module_title: str | None = attrs.field(default=None, validator=_optional_text)
    service_template_name: str | None = attrs.field(default=None, validator=_optional_text)
    product_id: str | None = attrs.field(default=None, validator=_optional_text)
