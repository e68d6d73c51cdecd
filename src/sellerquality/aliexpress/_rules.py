"""The AliExpress rulebook: every threshold, limit, point value and tier as data.

Each setting is an attrs field whose metadata names the rule it implements
(``rule``), says what it is (``what``), quotes where the AliExpress seller
guide (速卖通 seller rules on listing, order and feedback management) says it
(``source``) and, where the guide is silent or vague, this library's reading
(``reading``). Evaluation code reads values from a rulebook only, so
``attrs.evolve`` changes any of them::

    >>> import attrs
    >>> from sellerquality.aliexpress import RULEBOOK, Limit
    >>> stricter = attrs.evolve(
    ...     RULEBOOK, listing=attrs.evolve(RULEBOOK.listing, title_max_chars=Limit(100))
    ... )
    >>> stricter.listing.title_max_chars.value
    100

The tables of the documentation are printed from this data when it is built
(by the docs' own Sphinx extension), so the runtime holds only the rules.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

import attrs

from .._frozen import FrozenMap
from .._money import Money
from ._model import (
    CancellationReason,
    ProductEvent,
    ProductStatus,
    Severity,
)

__all__ = [
    "RULEBOOK",
    "RULES",
    "AliExpressRulebook",
    "AspectRange",
    "FeedbackRules",
    "Limit",
    "LimitValue",
    "ListingRules",
    "ManualCheck",
    "NewProductTier",
    "OrderRules",
    "PixelSize",
    "PricingRules",
    "ProductRules",
    "RuleInfo",
    "ShowcaseRules",
    "Transition",
]

LimitValue = TypeVar("LimitValue")
"""The type of a :class:`Limit`'s value."""
LimitValue.__module__ = "sellerquality.aliexpress"

_GUIDE = "AliExpress seller guide"

# US Pacific time, the zone of AliExpress's rules (AE-F1, AE-F4, AE-F5, AE-L7):
# AliExpress's platform rules for sellers (全球速卖通平台规则) state their times in
# it (时间均以美国太平洋时间为准). The seller guide names no zone.
_PACIFIC = ZoneInfo("America/Los_Angeles")


# --- the rule catalogue -----------------------------------------------------------


@attrs.frozen
class RuleInfo:
    """One AliExpress rule (AE-F1 … AE-O1): its ID, what it says, where the guide says it.

    Attributes:
        id: The stable rule ID, e.g. ``"AE-F4"``.
        title: The rule in a few words.
        source: The section of the AliExpress seller guide it comes from.
    """

    id: str
    title: str
    source: str


def _catalogue(*rules: RuleInfo) -> Mapping[str, RuleInfo]:
    return FrozenMap({rule.id: rule for rule in rules})


RULES: Mapping[str, RuleInfo] = _catalogue(
    RuleInfo("AE-F1", "Rating period: 30 days after the order ends", "(四)2(1), (3)①"),
    RuleInfo("AE-F2", "Points per rating: 4-5 stars +1, 3 stars 0, 1-2 stars -1", "(四)2(2)"),
    RuleInfo("AE-F3", "Special items and orders under US$1 are excluded", "(四)2(2), (3)②"),
    RuleInfo("AE-F4", "Positive and negative rate, average stars, detailed ratings", "(四)2(2)"),
    RuleInfo("AE-F5", "Feedback profile for 1, 3 and 6 months", "(四)2(2)"),
    RuleInfo("AE-L1", "Title: at most 128 characters", "(一)2(1)"),
    RuleInfo("AE-L2", "Main images: up to 6, JPEG, <= 5 MB, aspect 1:1 to 1:1.3", "(一)2(2)"),
    RuleInfo("AE-L3", "Marketing image: square, white background", "(一)2(3)"),
    RuleInfo("AE-L4", "Scene image: 3:4, >= 750x1000", "(一)2(3)"),
    RuleInfo("AE-L5", "Dispatch time at most 7 days", "(一)2(9)"),
    RuleInfo("AE-L6", "Product states and their transitions", "(二)1, (二)2"),
    RuleInfo(
        "AE-L7", "Modules, service templates, groups, order export", "(三)1, (三)3, (二)5, (四)1(3)"
    ),
    RuleInfo("AE-P1", "Retail price formula", "(一)2(4)"),
    RuleInfo("AE-P2", "Above US$5: 8 CNY registered-mail fee", "(一)2(4) 注意①"),
    RuleInfo("AE-P3", "Small parcel: <= 2 kg, L+W+H <= 90 cm, no side > 60 cm", "(一)2(4) 注意①"),
    RuleInfo("AE-P4", "Typical gross margin about 15%", "(一)2(4)③"),
    RuleInfo("AE-S1", "A showcase is valid 30 days", "(二)4①"),
    RuleInfo("AE-S2", "Operating level: advanced 3, high potential 2 a month", "(二)4②"),
    RuleInfo("AE-S3", "New silver store: 2 in a month with more than 10 orders", "(二)4②"),
    RuleInfo("AE-S4", "New products: 10/1 -> 1, 30/5 -> 2, 50/10 -> 3", "(二)4②"),
    RuleInfo("AE-S5", "Top 50 in a curated category: 1 per category", "(二)4②"),
    RuleInfo("AE-S6", "Scenarios add up; one scenario never counts twice", "(二)4②"),
    RuleInfo(
        "AE-O1", "Order states; out-of-stock cancellations count against the seller", "(四)1(1)"
    ),
)
"""Every AliExpress rule (AE-F1 … AE-O1) by ID, with where the seller guide states it."""


def _about(
    *, rule: str, what: str, source: str, unit: str = "", reading: str | None = None
) -> dict[str, str | None]:
    # The metadata every rulebook setting carries; the docs tables print it.
    return {"rule": rule, "what": what, "source": source, "unit": unit, "reading": reading}


# --- small value types used in the rulebook ------------------------------------------


@attrs.frozen
class Limit(Generic[LimitValue]):
    """A listing limit and how much breaking it matters (AE-L1 … AE-L7).

    Attributes:
        value: The limit itself.
        severity: ``Severity.ERROR`` for a hard limit,
            ``Severity.WARNING`` for a recommendation.
    """

    # Generic aliases such as Limit[int] copy the module name when they are
    # created, so the public one is set here rather than later.
    __module__ = "sellerquality.aliexpress"

    value: LimitValue
    severity: Severity = Severity.ERROR


@attrs.frozen
class AspectRange:
    """Allowed image aspects, height divided by width, both ends included (AE-L2).

    Attributes:
        low: The smallest allowed height/width.
        high: The largest allowed height/width.
    """

    low: Fraction
    high: Fraction

    def __contains__(self, aspect: object) -> bool:
        return isinstance(aspect, Fraction | int) and self.low <= aspect <= self.high

    def __str__(self) -> str:
        return f"{self.low} to {self.high} (height/width)"


@attrs.frozen
class PixelSize:
    """A minimum image size in pixels (AE-L4).

    Attributes:
        width: The smallest allowed width.
        height: The smallest allowed height.
    """

    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.width} × {self.height} px"


@attrs.frozen
class ManualCheck:
    """A listing rule no data in :class:`~sellerquality.aliexpress.Listing` can check.

    It stays on the checklist for a person to check (AE-L1 … AE-L7).

    Attributes:
        rule: The rule ID.
        text: What to check.
    """

    rule: str
    text: str


@attrs.frozen
class NewProductTier:
    """One tier of the new-product showcase reward (AE-S4).

    Attributes:
        new_products: The fewest products newly listed in the month.
        tagged: The fewest of them carrying the "new" tag.
        reward: The showcases the tier earns.
    """

    new_products: int
    tagged: int
    reward: int

    def __str__(self) -> str:
        return f"{self.new_products} new with >= {self.tagged} tagged: {self.reward}"


@attrs.frozen
class Transition:
    """One allowed move of a product between states (AE-L6).

    Attributes:
        source: The state before.
        event: What happens.
        target: The state after.
    """

    source: ProductStatus
    event: ProductEvent
    target: ProductStatus

    def __str__(self) -> str:
        return f"{self.source.name} --{self.event.name}--> {self.target.name}"


# --- the rule groups -------------------------------------------------------------------

_FEEDBACK_SECTION = f"{_GUIDE} (四)2 交易评价"


@attrs.frozen
class FeedbackRules:
    """The feedback rules AE-F1 … AE-F5 as data.

    Each attribute is documented in the rules table of the feedback page; its
    field metadata names the rule, the seller guide's words and any reading.
    """

    rating_period: timedelta = attrs.field(
        default=timedelta(days=30),
        metadata=_about(
            rule="AE-F1",
            what="A rating must be given within this time after the order ended",
            source=f"{_FEEDBACK_SECTION}: 在交易结束30天内买卖双方均可评价",
            reading="Calendar days on the wall clock of the rulebook's zone (US Pacific "
            "time), whatever zone the order's end is written in; a rating exactly "
            "30 days after it is on time. The buyer's rating counts from the moment it "
            "is given (the mutual-rating rule governs the seller's rating of the buyer, "
            "which this library does not model).",
        ),
    )
    min_stars: int = attrs.field(
        default=1,
        metadata=_about(
            rule="AE-F2", what="The lowest star mark", source=f"{_FEEDBACK_SECTION}: 一星"
        ),
    )
    max_stars: int = attrs.field(
        default=5,
        metadata=_about(
            rule="AE-F2", what="The highest star mark", source=f"{_FEEDBACK_SECTION}: 五星"
        ),
    )
    positive_min_stars: int = attrs.field(
        default=4,
        metadata=_about(
            rule="AE-F2",
            what="A rating with at least this many stars is positive",
            source=f"{_FEEDBACK_SECTION}: 四星、五星加1分",
        ),
    )
    negative_max_stars: int = attrs.field(
        default=2,
        metadata=_about(
            rule="AE-F2",
            what="A rating with at most this many stars is negative; between is neutral",
            source=f"{_FEEDBACK_SECTION}: 一星和二星扣1分",
        ),
    )
    positive_points: int = attrs.field(
        default=1,
        metadata=_about(
            rule="AE-F2",
            what="Points for a positive rating, whatever the order amount",
            source=f"{_FEEDBACK_SECTION}: 不论订单金额,都统一为:四星、五星加1分",
        ),
    )
    neutral_points: int = attrs.field(
        default=0,
        metadata=_about(
            rule="AE-F2",
            what="Points for a neutral rating",
            source=f"{_FEEDBACK_SECTION}: 三星不加分",
        ),
    )
    negative_points: int = attrs.field(
        default=-1,
        metadata=_about(
            rule="AE-F2",
            what="Points for a negative rating",
            source=f"{_FEEDBACK_SECTION}: 一星和二星扣1分",
        ),
    )
    min_order_amount: Money = attrs.field(
        default=Money("1.00", "USD"),
        metadata=_about(
            rule="AE-F3",
            what="Orders under this amount do not count",
            source=f"{_FEEDBACK_SECTION}: 成交金额低于1美元的订单不计入好评率、商品分数",
            reading="An order of exactly US$1.00 counts; only amounts below it are excluded.",
        ),
    )
    exclude_special_items: bool = attrs.field(
        default=True,
        metadata=_about(
            rule="AE-F3",
            what="Special items (top-ups, price differences, gifts, customised goods) do not count",
            source=f"{_FEEDBACK_SECTION}: 补运费/差价、赠品类目、定制化商品等特殊商品的评价"
            "不计入好评率和商品分数",
            reading="An excluded rating counts towards nothing in the summary (no count, "
            "rate, average, detailed rating or score) and is listed among the exclusions.",
        ),
    )
    summary_months: int = attrs.field(
        default=6,
        metadata=_about(
            rule="AE-F4",
            what="Months back from as_of that the positive rate covers",
            source=f"{_FEEDBACK_SECTION}: 好评率=6个月内好评数量/(6个月内好评数量+6个月内差评数量)",
            unit="months",
            reading="Calendar months counted with dateutil.relativedelta on the wall "
            "clock of the rulebook's zone (US Pacific time), whatever zone as_of is "
            "written in; the window is [as_of - months, as_of).",
        ),
    )
    neutral_rate_over_all: bool = attrs.field(
        default=True,
        metadata=_about(
            rule="AE-F5",
            what="The neutral rate divides by all counted ratings "
            "(if off: by positive + negative, like the other two rates)",
            source=f"{_FEEDBACK_SECTION}: 评价历史(…好评率、中评率、差评率、评价数量)",
            reading="The guide defines only the positive and negative rates; the neutral "
            "rate is the neutral share of all counted ratings.",
        ),
    )
    detailed_quantum: Decimal = attrs.field(
        default=Decimal("0.1"),
        metadata=_about(
            rule="AE-F4",
            what="Detailed seller ratings are rounded to this step",
            source=f"{_FEEDBACK_SECTION}: 各单项平均评分=买家对该分项评分总和/评价次数(四舍五入)",
            reading="The guide says 'rounded' without a precision; we round to one decimal "
            "place, as the ratings are shown (e.g. 4.8), over the ratings that carry a mark "
            "for that aspect.",
        ),
    )
    detailed_rounding: str = attrs.field(
        default=ROUND_HALF_UP,
        metadata=_about(
            rule="AE-F4",
            what="How detailed seller ratings are rounded",
            source=f"{_FEEDBACK_SECTION}: 四舍五入",
            reading="四舍五入 is round half up: 4.45 becomes 4.5.",
        ),
    )
    profile_months: tuple[int, ...] = attrs.field(
        default=(1, 3, 6),
        metadata=_about(
            rule="AE-F5",
            what="The periods of the feedback profile",
            source=f"{_FEEDBACK_SECTION}: 过去1个月、3个月、6个月",
            unit="months",
        ),
    )


_LISTING_SECTION = f"{_GUIDE} (一)2 发布产品"
_MODULE_SECTION = f"{_GUIDE} (三) 模块管理"
_FIVE_MB = 5 * 1024 * 1024
_FIVE_MB_READING = (
    "5 MB read as 5 MiB = 5 × 1024 × 1024 = 5,242,880 bytes; 以内 (within) "
    "includes the limit itself."
)


@attrs.frozen
class ListingRules:
    """The listing rules AE-L1 … AE-L5 and AE-L7 as data (AE-L6 is :class:`ProductRules`).

    Every check is a :class:`Limit`, so its severity can be changed as well
    as its value. The checklist on the listings page is printed from these
    fields and ``manual_checks``.
    """

    title_max_chars: Limit[int] = attrs.field(
        default=Limit(128),
        metadata=_about(
            rule="AE-L1",
            what="Title length",
            source=f"{_LISTING_SECTION} (1): 产品标题应该满足上限128个字符",
            unit="characters",
            reading="Characters are Unicode code points (len(title)), not bytes.",
        ),
    )
    title_min_chars: Limit[int] = attrs.field(
        default=Limit(1),
        metadata=_about(
            rule="AE-L1",
            what="Title present",
            source=f"{_LISTING_SECTION}: 红色星号为必填项 (the title is a required field)",
            unit="characters",
            reading="A blank title (only spaces) counts as missing.",
        ),
    )
    main_images_min: Limit[int] = attrs.field(
        default=Limit(1),
        metadata=_about(
            rule="AE-L2",
            what="Main images, at least",
            source=f"{_LISTING_SECTION} (2): 平台对于6张橱窗图的具体要求",
            unit="images",
            reading="A product needs at least one main image to be shown; the guide "
            "lists requirements for the images, not a minimum count.",
        ),
    )
    main_images_max: Limit[int] = attrs.field(
        default=Limit(6),
        metadata=_about(
            rule="AE-L2",
            what="Main images, at most",
            source=f"{_LISTING_SECTION} (2): 6张橱窗图",
            unit="images",
        ),
    )
    main_image_formats: Limit[frozenset[str]] = attrs.field(
        default=Limit(frozenset({"JPEG", "JPG"})),
        metadata=_about(
            rule="AE-L2",
            what="Main image format",
            source=f"{_LISTING_SECTION} (2)①: 图片格式:JPEG",
            reading="JPG is the same format as JPEG (a file-name spelling).",
        ),
    )
    main_image_max_bytes: Limit[int] = attrs.field(
        default=Limit(_FIVE_MB),
        metadata=_about(
            rule="AE-L2",
            what="Main image file size, at most",
            source=f"{_LISTING_SECTION} (2)②: 文件大小:5 MB以内",
            unit="bytes",
            reading=_FIVE_MB_READING,
        ),
    )
    main_image_min_side: Limit[int] = attrs.field(
        default=Limit(800, Severity.WARNING),
        metadata=_about(
            rule="AE-L2",
            what="Main image width and height, at least (recommended)",
            source=f"{_LISTING_SECTION} (2)③: 建议大于等于800*800",
            unit="px",
        ),
    )
    main_image_aspect: Limit[AspectRange] = attrs.field(
        default=Limit(AspectRange(Fraction(1), Fraction(13, 10))),
        metadata=_about(
            rule="AE-L2",
            what="Main image aspect",
            source=f"{_LISTING_SECTION} (2)④: 横向和纵向比例:建议1∶1到1∶1.3之间",
            reading="Width : height from 1:1 to 1:1.3, both ends included, compared "
            "exactly. This library checks it as a requirement (an error); the guide "
            "says 建议 (recommended).",
        ),
    )
    main_image_min_subject_share: Limit[Fraction] = attrs.field(
        default=Limit(Fraction(7, 10), Severity.WARNING),
        metadata=_about(
            rule="AE-L2",
            what="Share of the image the product covers, at least (recommended)",
            unit="of the image",
            source=f"{_LISTING_SECTION} (2)⑤: 图片中产品主体占比:建议大于70%",
            reading="Checked only when Image.subject_share is given; 70% itself passes "
            "(this library's reading of AE-L2: >= 70%; the guide says 大于, more than).",
        ),
    )
    marketing_image_formats: Limit[frozenset[str]] = attrs.field(
        default=Limit(frozenset({"JPEG", "JPG", "PNG"})),
        metadata=_about(
            rule="AE-L3",
            what="Marketing image format",
            source=f"{_LISTING_SECTION} (3)①: 图片格式:JPEG、JPG、PNG",
        ),
    )
    marketing_image_max_bytes: Limit[int] = attrs.field(
        default=Limit(_FIVE_MB),
        metadata=_about(
            rule="AE-L3",
            what="Marketing image file size, at most",
            source=f"{_LISTING_SECTION} (3)②: 文件大小:5 MB以内",
            unit="bytes",
            reading=_FIVE_MB_READING,
        ),
    )
    marketing_image_min_side: Limit[int] = attrs.field(
        default=Limit(800),
        metadata=_about(
            rule="AE-L3",
            what="Marketing image width and height, at least",
            source=f"{_LISTING_SECTION} (3)③: 建议大于等于800*800",
            unit="px",
            reading="This library checks it as a requirement (an error); the guide says "
            "建议 (recommended).",
        ),
    )
    marketing_image_aspect: Limit[AspectRange] = attrs.field(
        default=Limit(AspectRange(Fraction(1), Fraction(1))),
        metadata=_about(
            rule="AE-L3",
            what="Marketing image aspect (square)",
            source=f"{_LISTING_SECTION} (3)④: 正方形(宽高比1∶1)",
        ),
    )
    marketing_image_min_margin_px: Limit[int] = attrs.field(
        default=Limit(50),
        metadata=_about(
            rule="AE-L3",
            what="Margin between the product and each edge, at least",
            source=f"{_LISTING_SECTION} (3)⑤: 与四边保持一定间距,建议图片不小于50 px",
            unit="px",
            reading="Checked only when Image.margin_px is given; this library checks it "
            "as a requirement (an error); the guide says 建议 (recommended).",
        ),
    )
    scene_image_formats: Limit[frozenset[str]] = attrs.field(
        default=Limit(frozenset({"JPEG", "JPG", "PNG"})),
        metadata=_about(
            rule="AE-L4",
            what="Scene image format",
            source=f"{_LISTING_SECTION} (3) 场景图①: 图片格式:JPEG、JPG、PNG",
        ),
    )
    scene_image_max_bytes: Limit[int] = attrs.field(
        default=Limit(_FIVE_MB),
        metadata=_about(
            rule="AE-L4",
            what="Scene image file size, at most",
            source=f"{_LISTING_SECTION} (3) 场景图②: 文件大小:5 MB以内",
            unit="bytes",
            reading=_FIVE_MB_READING,
        ),
    )
    scene_image_min_size: Limit[PixelSize] = attrs.field(
        default=Limit(PixelSize(750, 1000)),
        metadata=_about(
            rule="AE-L4",
            what="Scene image size, at least",
            source=f"{_LISTING_SECTION} (3) 场景图③: 建议大于等于750*1 000",
            reading="This library checks it as a requirement (an error); the guide says "
            "建议 (recommended).",
        ),
    )
    scene_image_aspect: Limit[AspectRange] = attrs.field(
        default=Limit(AspectRange(Fraction(4, 3), Fraction(4, 3))),
        metadata=_about(
            rule="AE-L4",
            what="Scene image aspect (3:4, portrait)",
            source=f"{_LISTING_SECTION} (3) 场景图④: 长方形(宽高比3∶4)",
            reading="Width : height = 3 : 4 exactly, so height/width = 4/3.",
        ),
    )
    dispatch_max_days: Limit[int] = attrs.field(
        default=Limit(7),
        metadata=_about(
            rule="AE-L5",
            what="Dispatch time, at most (unless the category is marked as an exception)",
            source=f"{_LISTING_SECTION} (9): 除标红类目外,其他所有类目发货期最长设定限制均为7天",
            unit="days",
        ),
    )
    related_products_max: Limit[int] = attrs.field(
        default=Limit(8),
        metadata=_about(
            rule="AE-L7",
            what="Products in the related-products module, at most",
            source=f"{_MODULE_SECTION} 1: 关联模块最多可以选择8个关联产品",
            unit="products",
        ),
    )
    related_title_ascii: Limit[bool] = attrs.field(
        default=Limit(value=True),
        metadata=_about(
            rule="AE-L7",
            what="Related-products module title in English only",
            source=f"{_MODULE_SECTION} 1: 模块标题(只能英文输入)",
            reading="'English only' is read as ASCII characters only.",
        ),
    )
    service_template_name_max_chars: Limit[int] = attrs.field(
        default=Limit(100),
        metadata=_about(
            rule="AE-L7",
            what="Service template name length",
            source=f"{_MODULE_SECTION} 3: 为该服务模板设置一个名称(不超过100个字符)",
            unit="characters",
        ),
    )
    manual_checks: tuple[ManualCheck, ...] = (
        ManualCheck(
            "AE-L1",
            "Title reads: sales mode + key attributes + product name + core word + marketing word",
        ),
        ManualCheck("AE-L2", "Main images: white or plain background, one style"),
        ManualCheck("AE-L2", "Main images: logo top-left only, not too large"),
        ManualCheck(
            "AE-L2",
            "Main images: no size text, promotions, watermarks, Chinese "
            "text, borders, multi-colour SKUs or collages",
        ),
        ManualCheck(
            "AE-L3",
            "Marketing image: subject centred, pure white or transparent "
            "background, no logo, watermark or border",
        ),
        ManualCheck(
            "AE-L4", "Scene image: plain colour or real scene, no logo, watermark or border"
        ),
        ManualCheck("AE-L7", "Promotion product groups: at most 3 recommended"),
    )
    """Checklist items that need a person, for what no field of a listing records."""


_PRICING_SECTION = f"{_GUIDE} (一)2(4) 零售价"


@attrs.frozen
class PricingRules:
    """The pricing and parcel rules AE-P1 … AE-P4 as data."""

    labour: Decimal = attrs.field(
        default=Decimal(1),
        metadata=_about(
            rule="AE-P1",
            what="Labour cost added to every item",
            source=f"{_PRICING_SECTION}: +1元(人工成本)",
            unit="CNY",
        ),
    )
    exchange_rate: Decimal = attrs.field(
        default=Decimal("6.5"),
        metadata=_about(
            rule="AE-P1",
            what="CNY per USD",
            source=f"{_PRICING_SECTION}: /汇率(6.5)",
            unit="CNY/USD",
        ),
    )
    commission: Decimal = attrs.field(
        default=Decimal("0.08"),
        metadata=_about(
            rule="AE-P1",
            what="Platform commission (5% or 8%); the price is divided by 1 - commission",
            source=f"{_PRICING_SECTION}: /平台佣金率(0.92~0.95); 一般平台佣金率分为5%和8%两种",
            reading="The default is 8% (divisor 0.92), as in the guide's worked example.",
        ),
    )
    discount: Decimal = attrs.field(
        default=Decimal("0.8"),
        metadata=_about(
            rule="AE-P1",
            what="Discount factor (0.5-0.8; 0.8 = 20% off); the price is divided by it",
            source=f"{_PRICING_SECTION}: /折扣率(0.5~0.8)",
        ),
    )
    registered_mail_above: Money = attrs.field(
        default=Money("5", "USD"),
        metadata=_about(
            rule="AE-P2",
            what="A price above this ships by registered mail",
            source=f"{_PRICING_SECTION} 注意①: 一般售价超过5美元的发挂号",
            reading="'Above' is strict and compares the exact, unrounded retail price "
            "computed without the fee; US$5 itself ships unregistered.",
        ),
    )
    registration_fee: Decimal = attrs.field(
        default=Decimal(8),
        metadata=_about(
            rule="AE-P2",
            what="Registration fee added to shipping, then the price is recomputed",
            source=f"{_PRICING_SECTION} 注意①: 运费中就要加上挂号费,一般是8元挂号费",
            unit="CNY",
        ),
    )
    price_quantum: Decimal = attrs.field(
        default=Decimal("0.01"),
        metadata=_about(
            rule="AE-P1",
            what="The retail price is rounded to this step",
            source=f"{_PRICING_SECTION} (the price is quoted in US dollars and cents)",
            unit="USD",
            reading="Only the final price is rounded; every step before it is exact.",
        ),
    )
    price_rounding: str = attrs.field(
        default=ROUND_HALF_UP,
        metadata=_about(
            rule="AE-P1",
            what="How the retail price is rounded to cents",
            source=f"{_PRICING_SECTION} (the guide names no rounding)",
            reading="Half up, the usual commercial rounding: 1.005 becomes 1.01.",
        ),
    )
    small_parcel_max_weight_g: Decimal = attrs.field(
        default=Decimal(2000),
        metadata=_about(
            rule="AE-P3",
            what="Small parcel weight, at most",
            source=f"{_PRICING_SECTION} 注意①: 产品重量超过2 kg的…不能发小包",
            unit="g",
            reading="2 kg = 2,000 g; exactly 2,000 g is still a small parcel.",
        ),
    )
    small_parcel_max_girth_cm: Decimal = attrs.field(
        default=Decimal(90),
        metadata=_about(
            rule="AE-P3",
            what="Small parcel length + width + height, at most",
            source=f"{_PRICING_SECTION} 注意①: 长+宽+高超过90 cm…不能发小包",
            unit="cm",
        ),
    )
    small_parcel_max_side_cm: Decimal = attrs.field(
        default=Decimal(60),
        metadata=_about(
            rule="AE-P3",
            what="Small parcel longest side, at most",
            source=f"{_PRICING_SECTION} 注意①: 单边超过60 cm的不能发小包",
            unit="cm",
        ),
    )
    typical_gross_margin: Decimal = attrs.field(
        default=Decimal("0.15"),
        metadata=_about(
            rule="AE-P4",
            what="Typical gross margin target of an ordinary store (guidance only)",
            source=f"{_PRICING_SECTION} ③: 成本毛利润率要求:普通店铺一般为15%左右",
        ),
    )


_SHOWCASE_SECTION = f"{_GUIDE} (二)4 橱窗推荐产品"


@attrs.frozen
class ShowcaseRules:
    """The showcase (橱窗) rules AE-S1 … AE-S6 as data."""

    validity: timedelta = attrs.field(
        default=timedelta(days=30),
        metadata=_about(
            rule="AE-S1",
            what="How long a showcase is valid after it is granted",
            source=f"{_SHOWCASE_SECTION} ①: 使用期限为30天(1个自然月)",
            reading="30 days, not a calendar month (months differ in length).",
        ),
    )
    advanced_monthly: int = attrs.field(
        default=3,
        metadata=_about(
            rule="AE-S2",
            what="Showcases a month for operating level 'advanced'",
            source=f"{_SHOWCASE_SECTION} ②: 层级为“高级”的店铺,每月可以获得3个橱窗的奖励",
            unit="showcases",
        ),
    )
    high_potential_monthly: int = attrs.field(
        default=2,
        metadata=_about(
            rule="AE-S2",
            what="Showcases a month for operating level 'high potential'",
            source=f"{_SHOWCASE_SECTION} ②: 层级为“高潜”的店铺,每月可以获得2个橱窗的奖励",
            unit="showcases",
        ),
    )
    silver_store_months: int = attrs.field(
        default=6,
        metadata=_about(
            rule="AE-S3",
            what="Months of support for a new silver store",
            source=f"{_SHOWCASE_SECTION} ②: 对新晋的银牌店铺…为期6个月的橱窗奖励扶持",
            unit="months",
            reading="Months 1 to 6 since the store became silver qualify; month 7 does not.",
        ),
    )
    silver_store_orders_above: int = attrs.field(
        default=10,
        metadata=_about(
            rule="AE-S3",
            what="A new silver store needs more than this many orders in the month",
            source=f"{_SHOWCASE_SECTION} ②: 一个月销售累计超过10单",
            unit="orders",
            reading="超过 is strict: 10 orders earn nothing, 11 do.",
        ),
    )
    silver_store_monthly: int = attrs.field(
        default=2,
        metadata=_about(
            rule="AE-S3",
            what="Showcases for a qualifying month of a new silver store (not cumulative)",
            source=f"{_SHOWCASE_SECTION} ②: 该月平台奖励该店铺2个橱窗(一次性发放,不可累计)",
            unit="showcases",
        ),
    )
    new_product_tiers: tuple[NewProductTier, ...] = attrs.field(
        default=(NewProductTier(10, 1, 1), NewProductTier(30, 5, 2), NewProductTier(50, 10, 3)),
        metadata=_about(
            rule="AE-S4",
            what="New-product tiers; only the highest tier reached counts",
            source=f"{_SHOWCASE_SECTION} ②: 新发10款商品,且有1款被打“new”标…1个橱窗; "
            "30款…5款…2个; 50款…10款…3个 (取最高奖励)",
            reading="'10 new with 1 tagged' means at least 10 and at least 1.",
        ),
    )
    top50_per_category: int = attrs.field(
        default=1,
        metadata=_about(
            rule="AE-S5",
            what="Showcases per curated category where the store is top 50 by listing count",
            source=f"{_SHOWCASE_SECTION} ②: 每个类目“铺货数量”前50的商家可获得一个橱窗奖励",
            unit="showcases",
        ),
    )
    curated_categories: int = attrs.field(
        default=13,
        metadata=_about(
            rule="AE-S5",
            what="Curated categories (小二精选) that can earn a top-50 showcase",
            source=f"{_SHOWCASE_SECTION} ②: 小二精选项目(13个类目)",
            unit="categories",
            reading="A store cannot be top 50 in more categories than there are.",
        ),
    )


_PRODUCT_SECTION = f"{_GUIDE} (二)1-2 产品管理"


@attrs.frozen
class ProductRules:
    """The product-state rule AE-L6 as data."""

    transitions: tuple[Transition, ...] = attrs.field(
        default=(
            Transition(ProductStatus.DRAFT, ProductEvent.SUBMIT, ProductStatus.UNDER_REVIEW),
            Transition(ProductStatus.UNDER_REVIEW, ProductEvent.APPROVE, ProductStatus.SELLING),
            Transition(ProductStatus.UNDER_REVIEW, ProductEvent.REJECT, ProductStatus.REJECTED),
            Transition(ProductStatus.SELLING, ProductEvent.EDIT, ProductStatus.UNDER_REVIEW),
            Transition(ProductStatus.SELLING, ProductEvent.EXPIRE, ProductStatus.OFFLINE),
            Transition(ProductStatus.REJECTED, ProductEvent.SUBMIT, ProductStatus.UNDER_REVIEW),
            Transition(ProductStatus.OFFLINE, ProductEvent.RELIST, ProductStatus.SELLING),
        ),
        metadata=_about(
            rule="AE-L6",
            what="The allowed moves between product states",
            source=f"{_PRODUCT_SECTION}: 提交…进入审核阶段; 过了有效期…转为“已下架”; "
            "也可以将已下架商品重新上架",
            reading="A rejected product is fixed and submitted again (back to review); "
            "relisting an offline product puts it straight back on sale.",
        ),
    )
    review_business_days: int = attrs.field(
        default=1,
        metadata=_about(
            rule="AE-L6",
            what="Typical review time (guidance only)",
            source=f"{_PRODUCT_SECTION}: 一般一个工作日审核完成",
            unit="working days",
        ),
    )


_ORDER_SECTION = f"{_GUIDE} (四)1 管理订单"


@attrs.frozen
class OrderRules:
    """The order rules AE-O1 and the order-export limit of AE-L7 as data."""

    seller_fault_cancellations: frozenset[CancellationReason] = attrs.field(
        default=frozenset({CancellationReason.SELLER_OUT_OF_STOCK}),
        metadata=_about(
            rule="AE-O1",
            what="Cancellation reasons that count against the seller",
            source=f"{_ORDER_SECTION} (1): 如果买家勾选取消的原因是卖家缺货,那就是卖家的原因,"
            "这个订单依然属于成交不卖,卖家就会被平台惩罚",
        ),
    )
    export_max_months: int = attrs.field(
        default=3,
        metadata=_about(
            rule="AE-L7",
            what="An order export spans at most this many months",
            source=f"{_ORDER_SECTION} (3): 可以导出时间跨度最长为3个月的订单",
            unit="months",
            reading="Calendar months counted with dateutil.relativedelta on the wall "
            "clock of the rulebook's zone (US Pacific time), each export from its own "
            "start: [start, start + 3 months), the next from where it ends.",
        ),
    )


@attrs.frozen
class AliExpressRulebook:
    """Every AliExpress rule value, grouped by area, with its edition.

    Implements the data side of AE-F1 … AE-O1. Use
    :data:`~sellerquality.aliexpress.RULEBOOK` for the rules of the AliExpress
    seller guide; change
    any value with :func:`attrs.evolve`.

    Attributes:
        edition: The edition name; ``"2022"`` is the guide's rules as of 2022.
        effective_from: The latest rule date the guide cites (showcases granted
            from 1 April 2019).
        source: Where the rules come from.
        feedback: AE-F1 … AE-F5.
        listing: AE-L1 … AE-L5 and AE-L7.
        pricing: AE-P1 … AE-P4.
        showcases: AE-S1 … AE-S6.
        products: AE-L6.
        orders: AE-O1 and the order-export limit of AE-L7.
        zone: The zone on whose wall clock every period of these rules is
            counted — the 30 days of AE-F1, the months of AE-F4/AE-F5 and the
            3-month exports of AE-L7 — whatever zone an instant is written
            in: US Pacific time (``America/Los_Angeles``), in which
            AliExpress's platform rules for sellers (全球速卖通平台规则) state
            their times (时间均以美国太平洋时间为准).
    """

    edition: str = "2022"
    effective_from: date = date(2019, 4, 1)
    source: str = (
        "AliExpress seller guide (速卖通 seller rules on listing, order and feedback "
        "management); "
        "times in US Pacific time (America/Los_Angeles), as AliExpress's platform "
        "rules for sellers (全球速卖通平台规则) state them: 时间均以美国太平洋时间为准"
    )
    feedback: FeedbackRules = FeedbackRules()
    listing: ListingRules = ListingRules()
    pricing: PricingRules = PricingRules()
    showcases: ShowcaseRules = ShowcaseRules()
    products: ProductRules = ProductRules()
    orders: OrderRules = OrderRules()
    zone: ZoneInfo = _PACIFIC


RULEBOOK = AliExpressRulebook()
"""The AliExpress seller guide's rules (edition ``"2022"``), the default everywhere."""
