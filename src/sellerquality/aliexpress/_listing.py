"""Listing checks (AE-L1 … AE-L5, AE-L7) and product states (AE-L6)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..exceptions import IllegalTransitionError, InvalidTypeError
from ._model import Image, Listing, Problem, ProductEvent, ProductStatus
from ._rules import RULEBOOK, AliExpressRulebook, AspectRange, Limit, ListingRules, PixelSize

__all__ = ["allowed_events", "next_status", "validate_listing"]


def _problem(rule: str, limit: Limit[Any], field: str, message: str) -> Problem:
    return Problem(rule=rule, field=field, message=message, severity=limit.severity)


def _title(listing: Listing, rules: ListingRules) -> Iterator[Problem]:
    length = len(listing.title.strip())
    if length < rules.title_min_chars.value:
        yield _problem("AE-L1", rules.title_min_chars, "title", "the title is missing")
    length = len(listing.title)
    if length > rules.title_max_chars.value:
        yield _problem(
            "AE-L1",
            rules.title_max_chars,
            "title",
            f"the title has {length} characters; at most {rules.title_max_chars.value} are allowed",
        )


def _format(
    rule: str, image: Image, field: str, label: str, formats: Limit[frozenset[str]]
) -> Iterator[Problem]:
    if image.format not in formats.value:
        allowed = ", ".join(sorted(formats.value))
        yield _problem(
            rule,
            formats,
            f"{field}.format",
            f"the {label} is {image.format}; it must be one of {allowed}",
        )


def _size(
    rule: str, image: Image, field: str, label: str, max_bytes: Limit[int]
) -> Iterator[Problem]:
    if image.size_bytes > max_bytes.value:
        yield _problem(
            rule,
            max_bytes,
            f"{field}.size_bytes",
            f"the {label} has {image.size_bytes:,} bytes; at most {max_bytes.value:,} are allowed",
        )


def _min_side(
    rule: str, image: Image, field: str, label: str, min_side: Limit[int]
) -> Iterator[Problem]:
    side = min_side.value
    if image.width < side or image.height < side:
        yield _problem(
            rule,
            min_side,
            f"{field}.width",
            f"the {label} is {image.width} × {image.height} px; "
            f"at least {side} × {side} px is asked for",
        )


def _min_size(
    rule: str, image: Image, field: str, label: str, min_size: Limit[PixelSize]
) -> Iterator[Problem]:
    size = min_size.value
    if image.width < size.width or image.height < size.height:
        yield _problem(
            rule,
            min_size,
            f"{field}.width",
            f"the {label} is {image.width} × {image.height} px; at least {size} is asked for",
        )


def _aspect(
    rule: str, image: Image, field: str, label: str, aspect: Limit[AspectRange]
) -> Iterator[Problem]:
    if image.aspect not in aspect.value:
        yield _problem(
            rule,
            aspect,
            f"{field}.height",
            f"the {label} is {image.width} × {image.height} px (height/width "
            f"{image.aspect}); the aspect must be {aspect.value}",
        )


def _main_images(listing: Listing, rules: ListingRules) -> Iterator[Problem]:
    count = len(listing.images)
    if count < rules.main_images_min.value:
        yield _problem(
            "AE-L2",
            rules.main_images_min,
            "images",
            f"the listing has {count} main images; at least {rules.main_images_min.value} "
            "is needed",
        )
    if count > rules.main_images_max.value:
        yield _problem(
            "AE-L2",
            rules.main_images_max,
            "images",
            f"the listing has {count} main images; at most {rules.main_images_max.value} "
            "are allowed",
        )
    for index, image in enumerate(listing.images):
        field = f"images[{index}]"
        label = f"main image {index + 1}"
        yield from _format("AE-L2", image, field, label, rules.main_image_formats)
        yield from _size("AE-L2", image, field, label, rules.main_image_max_bytes)
        yield from _min_side("AE-L2", image, field, label, rules.main_image_min_side)
        yield from _aspect("AE-L2", image, field, label, rules.main_image_aspect)
        share = rules.main_image_min_subject_share
        if image.subject_share is not None and image.subject_share < share.value:
            yield _problem(
                "AE-L2",
                share,
                f"{field}.subject_share",
                f"the product covers {image.subject_share} of {label}; "
                f"at least {share.value} is asked for",
            )


def _marketing_image(listing: Listing, rules: ListingRules) -> Iterator[Problem]:
    image = listing.marketing_image
    if image is None:
        return
    field, label = "marketing_image", "marketing image"
    yield from _format("AE-L3", image, field, label, rules.marketing_image_formats)
    yield from _size("AE-L3", image, field, label, rules.marketing_image_max_bytes)
    yield from _min_side("AE-L3", image, field, label, rules.marketing_image_min_side)
    yield from _aspect("AE-L3", image, field, label, rules.marketing_image_aspect)
    margin = rules.marketing_image_min_margin_px
    if image.margin_px is not None and image.margin_px < margin.value:
        yield _problem(
            "AE-L3",
            margin,
            f"{field}.margin_px",
            f"the product is {image.margin_px} px from an edge of the {label}; "
            f"at least {margin.value} px is asked for",
        )


def _scene_image(listing: Listing, rules: ListingRules) -> Iterator[Problem]:
    image = listing.scene_image
    if image is None:
        return
    field, label = "scene_image", "scene image"
    yield from _format("AE-L4", image, field, label, rules.scene_image_formats)
    yield from _size("AE-L4", image, field, label, rules.scene_image_max_bytes)
    yield from _min_size("AE-L4", image, field, label, rules.scene_image_min_size)
    yield from _aspect("AE-L4", image, field, label, rules.scene_image_aspect)


def _dispatch(listing: Listing, rules: ListingRules) -> Iterator[Problem]:
    limit = rules.dispatch_max_days
    if not listing.category_dispatch_exception and listing.dispatch_days > limit.value:
        yield _problem(
            "AE-L5",
            limit,
            "dispatch_days",
            f"the dispatch time is {listing.dispatch_days} days; at most {limit.value} "
            "unless the category is marked as an exception",
        )


def _modules(listing: Listing, rules: ListingRules) -> Iterator[Problem]:
    related = len(listing.related_products)
    if related > rules.related_products_max.value:
        yield _problem(
            "AE-L7",
            rules.related_products_max,
            "related_products",
            f"the related-products module has {related} products; at most "
            f"{rules.related_products_max.value} are allowed",
        )
    title = listing.related_module_title
    if rules.related_title_ascii.value and title is not None and not title.isascii():
        yield _problem(
            "AE-L7",
            rules.related_title_ascii,
            "related_module_title",
            f"the related-products module title {title!r} is not in English "
            "(ASCII characters only)",
        )
    name = listing.service_template_name
    limit = rules.service_template_name_max_chars
    if name is not None and len(name) > limit.value:
        yield _problem(
            "AE-L7",
            limit,
            "service_template_name",
            f"the service template name has {len(name)} characters; at most "
            f"{limit.value} are allowed",
        )


def validate_listing(
    listing: Listing, *, rulebook: AliExpressRulebook = RULEBOOK
) -> tuple[Problem, ...]:
    """Check a listing against the listing rules and report every problem.

    Implements AE-L1 (title), AE-L2 (main images), AE-L3 (marketing image),
    AE-L4 (scene image), AE-L5 (dispatch time) and AE-L7 (related-products
    module, service template name). Hard limits are reported as errors,
    recommendations (main images of at least 800 × 800 px, the product
    covering at least 70% of a main image) as warnings. "5 MB" is 5 MiB,
    5,242,880 bytes, the limit itself allowed. Titles are counted in
    characters (code points), not bytes.

    Args:
        listing: The listing to check.
        rulebook: The rules to apply.

    Returns:
        Every problem found, in the order above; an empty tuple means valid.

    Raises:
        InvalidTypeError: ``listing`` is not a :class:`Listing`.

    Example:
        >>> from sellerquality.aliexpress import Image, Listing, validate_listing
        >>> photo = Image("JPEG", 900_000, 800, 1000)
        >>> validate_listing(Listing("Hot Sale 3pcs Silicone Phone Case", images=(photo,)))
        ()
        >>> for problem in validate_listing(Listing("x" * 129, images=(photo,), dispatch_days=8)):
        ...     print(problem)
        ERROR AE-L1 title: the title has 129 characters; at most 128 are allowed
        ERROR AE-L5 dispatch_days: the dispatch time is 8 days; at most 7 unless the category is marked as an exception
    """  # noqa: E501 - a doctest output line cannot be wrapped
    if not isinstance(listing, Listing):
        raise InvalidTypeError(
            field="listing",
            value=listing,
            reason=f"is a {type(listing).__name__}; give a Listing",
        )
    rules = rulebook.listing
    return (
        *_title(listing, rules),
        *_main_images(listing, rules),
        *_marketing_image(listing, rules),
        *_scene_image(listing, rules),
        *_dispatch(listing, rules),
        *_modules(listing, rules),
    )


def _check_member(value: object, enum: type[ProductStatus | ProductEvent], name: str) -> None:
    if not isinstance(value, enum):
        raise InvalidTypeError(
            field=name, value=value, reason=f"is a {type(value).__name__}; give a {enum.__name__}"
        )


def allowed_events(
    status: ProductStatus, *, rulebook: AliExpressRulebook = RULEBOOK
) -> tuple[ProductEvent, ...]:
    """Return the events a product in ``status`` can take, in the table's order.

    Implements AE-L6.

    Args:
        status: The product's state.
        rulebook: The rules whose transition table applies.

    Returns:
        The events with a move from ``status``; empty if there is none.

    Raises:
        InvalidTypeError: ``status`` is not a :class:`ProductStatus`.

    Example:
        >>> from sellerquality.aliexpress import ProductStatus, allowed_events
        >>> [event.name for event in allowed_events(ProductStatus.SELLING)]
        ['EDIT', 'EXPIRE']
    """
    _check_member(status, ProductStatus, "status")
    return tuple(move.event for move in rulebook.products.transitions if move.source is status)


def next_status(
    status: ProductStatus, event: ProductEvent, *, rulebook: AliExpressRulebook = RULEBOOK
) -> ProductStatus:
    """Return the state a product moves to when ``event`` happens in ``status``.

    Implements AE-L6: submitting sends a product to review; the review passes
    it to selling or fails it to rejected; editing a selling product sends it
    back to review; expiry takes a selling product offline; an offline product
    can be relisted. Readings: a rejected product is submitted again after
    fixing; relisting puts it straight back on sale.

    Args:
        status: The product's state now.
        event: What happens.
        rulebook: The rules whose transition table applies.

    Returns:
        The new state.

    Raises:
        IllegalTransitionError: The table has no move for ``event`` from ``status``.
        InvalidTypeError: ``status`` or ``event`` is of the wrong type.

    Example:
        >>> from sellerquality.aliexpress import ProductEvent, ProductStatus, next_status
        >>> next_status(ProductStatus.DRAFT, ProductEvent.SUBMIT)
        <ProductStatus.UNDER_REVIEW: 'UNDER_REVIEW'>
        >>> next_status(ProductStatus.DRAFT, ProductEvent.APPROVE)
        Traceback (most recent call last):
        ...
        sellerquality.exceptions.IllegalTransitionError: a product in DRAFT cannot take APPROVE (AE-L6); allowed: SUBMIT
    """  # noqa: E501 - a doctest output line cannot be wrapped
    _check_member(status, ProductStatus, "status")
    _check_member(event, ProductEvent, "event")
    for move in rulebook.products.transitions:
        if move.source is status and move.event is event:
            return move.target
    allowed = ", ".join(item.name for item in allowed_events(status, rulebook=rulebook))
    raise IllegalTransitionError(
        f"a product in {status.name} cannot take {event.name} (AE-L6); "
        f"allowed: {allowed or 'nothing'}"
    )
