"""AliExpress listing checks: title, images, dispatch time, modules (AE-L1 … AE-L5, AE-L7)."""

from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aliexpress_strategies import page_examples
from sellerquality.aliexpress import (
    RULEBOOK,
    AspectRange,
    Image,
    Limit,
    Listing,
    Problem,
    Severity,
    validate_listing,
)
from sellerquality.exceptions import InvalidTypeError, InvalidValueError

FIVE_MB = 5 * 1024 * 1024
PHOTO = Image("JPEG", 400_000, 800, 800)
TITLE = "Wholesale 10pcs Silicone Phone Case Hot Sale"


def listing(**fields: Any) -> Listing:
    """A listing that passes every check, with ``fields`` changed."""
    values: dict[str, Any] = {"title": TITLE, "images": (PHOTO,)}
    values.update(fields)
    return Listing(**values)


def rules_of(problems: tuple[Problem, ...]) -> list[tuple[str, str, Severity]]:
    """Each problem's rule, field and severity."""
    return [(problem.rule, problem.field, problem.severity) for problem in problems]


ERROR, WARNING = Severity.ERROR, Severity.WARNING


class TestImage:
    @pytest.mark.parametrize("given_format", ["jpg", ".JPG", " Jpg "])
    def test_format_is_normalised(self, given_format: str) -> None:
        """The format is upper-cased without a dot or spaces: jpg, .JPG and Jpg are JPG."""
        assert Image(given_format, 1, 1, 1).format == "JPG"

    def test_aspect_is_height_over_width(self) -> None:
        """The aspect is exact: 1000 × 1300 px is 13/10."""
        assert Image("JPEG", 1, 1000, 1300).aspect == Fraction(13, 10)

    @pytest.mark.parametrize(("width", "height"), [(0, 800), (800, 0), (-1, 800)])
    def test_sides_must_be_positive(self, width: int, height: int) -> None:
        """A side of 0 or less pixels is an error naming the field."""
        with pytest.raises(InvalidValueError, match=r"^Image: (width|height) .* is below 1$"):
            Image("JPEG", 1, width, height)

    def test_size_must_not_be_negative(self) -> None:
        """A negative file size is an error; 0 bytes is accepted."""
        with pytest.raises(InvalidValueError, match="size_bytes -1 is below 0"):
            Image("JPEG", -1, 800, 800)
        assert Image("JPEG", 0, 800, 800).size_bytes == 0

    def test_float_size_is_refused(self) -> None:
        """A size in bytes is an int; a float is a type error."""
        with pytest.raises(InvalidTypeError, match=r"Image: size_bytes 1\.5 is a float"):
            Image("JPEG", 1.5, 800, 800)  # type: ignore[arg-type]

    @pytest.mark.parametrize("image_format", ["", " . "])
    def test_format_must_not_be_empty(self, image_format: str) -> None:
        """An empty format is an error."""
        with pytest.raises(InvalidValueError, match=r"format .* is empty"):
            Image(image_format, 1, 1, 1)

    def test_format_must_be_a_string(self) -> None:
        """A format that is not a str is a type error."""
        with pytest.raises(InvalidTypeError, match="Image: format None"):
            Image(None, 1, 1, 1)

    def test_subject_share_must_be_a_fraction_in_zero_to_one(self) -> None:
        """The subject share is an exact Fraction from 0 to 1."""
        with pytest.raises(InvalidTypeError, match=r"subject_share 0\.7 is a float"):
            Image("JPEG", 1, 1, 1, subject_share=0.7)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidValueError, match=r"subject_share Fraction\(3, 2\) is not between 0 and 1"
        ):
            Image("JPEG", 1, 1, 1, subject_share=Fraction(3, 2))
        assert Image("JPEG", 1, 1, 1, subject_share=Fraction(1)).subject_share == 1

    def test_margin_must_not_be_negative(self) -> None:
        """A negative margin is an error."""
        with pytest.raises(InvalidValueError, match="margin_px -5 is below 0"):
            Image("PNG", 1, 1, 1, margin_px=-5)


class TestListingRecord:
    def test_defaults(self) -> None:
        """A listing has no images, one dispatch day and no modules unless given."""
        plain = Listing(TITLE)
        assert (plain.images, plain.dispatch_days, plain.related_products) == ((), 1, ())
        assert (plain.marketing_image, plain.scene_image, plain.service_template_name) == (
            None,
            None,
            None,
        )
        assert plain.category_dispatch_exception is False

    def test_sequences_become_tuples(self) -> None:
        """Images and related products given as lists are kept as tuples."""
        made = Listing(TITLE, images=[PHOTO], related_products=["p1", "p2"])
        assert (made.images, made.related_products) == ((PHOTO,), ("p1", "p2"))

    def test_title_must_be_a_string(self) -> None:
        """A title that is not a str is a type error naming the listing."""
        with pytest.raises(InvalidTypeError, match="Listing 'p-1': title 7"):
            Listing(7, product_id="p-1")  # type: ignore[arg-type]

    def test_images_must_be_images(self) -> None:
        """A main image that is not an Image is a type error naming its index."""
        with pytest.raises(InvalidTypeError, match=r"Listing: images\[1\] 'a\.jpg' is a str"):
            Listing(TITLE, images=(PHOTO, "a.jpg"))

    def test_marketing_image_must_be_an_image(self) -> None:
        """A marketing image that is not an Image is a type error."""
        with pytest.raises(InvalidTypeError, match=r"Listing: marketing_image 'm\.png' is a str"):
            Listing(TITLE, marketing_image="m.png")  # type: ignore[arg-type]

    @pytest.mark.parametrize("images", ["a.jpg", 5])
    def test_images_must_be_a_sequence(self, images: object) -> None:
        """A str or a number is not a sequence of images."""
        with pytest.raises(InvalidTypeError, match="is not a sequence of Image"):
            Listing(TITLE, images=images)

    def test_related_products_must_be_a_sequence_of_strings(self) -> None:
        """Related products are product ids (str), given as a sequence."""
        with pytest.raises(InvalidTypeError, match="is not a sequence of product ids"):
            Listing(TITLE, related_products="p1")
        with pytest.raises(InvalidTypeError, match=r"related_products\[0\] 1 is a int"):
            Listing(TITLE, related_products=(1,))

    def test_dispatch_days_must_not_be_negative(self) -> None:
        """A negative dispatch time is an error naming the listing."""
        with pytest.raises(InvalidValueError, match="Listing 'p-1': dispatch_days -1 is below 0"):
            Listing(TITLE, dispatch_days=-1, product_id="p-1")

    def test_exception_flag_must_be_a_bool(self) -> None:
        """The dispatch exception is a flag."""
        with pytest.raises(InvalidTypeError, match="category_dispatch_exception 1 is a int"):
            Listing(TITLE, category_dispatch_exception=1)  # type: ignore[arg-type]

    def test_service_template_name_must_be_a_string(self) -> None:
        """The service template name is a str or None."""
        with pytest.raises(InvalidTypeError, match="service_template_name 3"):
            Listing(TITLE, service_template_name=3)  # type: ignore[arg-type]


class TestValidateListing:
    def test_valid_listing_has_no_problems(self) -> None:
        """A listing within every limit gives an empty tuple."""
        assert validate_listing(listing()) == ()

    def test_listing_must_be_a_listing(self) -> None:
        """Anything else is a type error."""
        with pytest.raises(InvalidTypeError, match="listing 'x' is a str"):
            validate_listing("x")  # type: ignore[arg-type]

    def test_problem_text(self) -> None:
        """A problem prints as severity, rule, field and message."""
        assert str(Problem("AE-L5", "dispatch_days", "too slow", WARNING)) == (
            "WARNING AE-L5 dispatch_days: too slow"
        )


class TestTitle:
    def test_128_characters_pass_and_129_do_not(self) -> None:
        """AE-L1: at most 128 characters."""
        assert validate_listing(listing(title="x" * 128)) == ()
        assert validate_listing(listing(title="x" * 129)) == (
            Problem("AE-L1", "title", "the title has 129 characters; at most 128 are allowed"),
        )

    def test_characters_are_counted_not_bytes(self) -> None:
        """AE-L1 reading: 128 Chinese characters (384 UTF-8 bytes) pass."""
        title = "手机壳" * 42 + "硅胶"
        assert (len(title), len(title.encode())) == (128, 384)
        assert validate_listing(listing(title=title)) == ()

    @pytest.mark.parametrize("title", ["", "   "])
    def test_blank_title_is_missing(self, title: str) -> None:
        """AE-L1 reading: a blank title is a missing required field."""
        assert validate_listing(listing(title=title)) == (
            Problem("AE-L1", "title", "the title is missing"),
        )


class TestMainImages:
    def test_six_images_pass_and_seven_do_not(self) -> None:
        """AE-L2: up to 6 main images."""
        assert validate_listing(listing(images=(PHOTO,) * 6)) == ()
        assert validate_listing(listing(images=(PHOTO,) * 7)) == (
            Problem("AE-L2", "images", "the listing has 7 main images; at most 6 are allowed"),
        )

    def test_no_image_is_an_error(self) -> None:
        """AE-L2 reading: a listing needs at least one main image."""
        assert rules_of(validate_listing(listing(images=()))) == [("AE-L2", "images", ERROR)]

    @pytest.mark.parametrize(
        ("image_format", "ok"), [("JPEG", True), ("JPG", True), ("PNG", False)]
    )
    def test_main_images_are_jpeg(self, image_format: str, ok: bool) -> None:
        """AE-L2: main images are JPEG (JPG is the same format); PNG is refused."""
        problems = validate_listing(listing(images=(Image(image_format, 1, 800, 800),)))
        expected = [] if ok else [("AE-L2", "images[0].format", ERROR)]
        assert rules_of(problems) == expected

    def test_five_mb_exactly_passes_and_one_byte_more_does_not(self) -> None:
        """AE-L2: 5 MB = 5,242,880 bytes is allowed; 5,242,881 is not."""
        assert validate_listing(listing(images=(Image("JPEG", FIVE_MB, 800, 800),))) == ()
        problems = validate_listing(listing(images=(Image("JPEG", FIVE_MB + 1, 800, 800),)))
        assert problems == (
            Problem(
                "AE-L2",
                "images[0].size_bytes",
                "the main image 1 has 5,242,881 bytes; at most 5,242,880 are allowed",
            ),
        )

    def test_below_800_pixels_is_a_warning(self) -> None:
        """AE-L2: 800 × 800 px is recommended; 799 px wide is a warning, not an error."""
        problems = validate_listing(listing(images=(Image("JPEG", 1, 799, 799),)))
        assert problems == (
            Problem(
                "AE-L2",
                "images[0].width",
                "the main image 1 is 799 × 799 px; at least 800 × 800 px is asked for",
                WARNING,
            ),
        )

    def test_aspect_1_3_exactly_passes(self) -> None:
        """AE-L2: width : height 1 : 1.3 is the limit itself (1000 × 1300 px) and passes."""
        assert validate_listing(listing(images=(Image("JPEG", 1, 1000, 1300),))) == ()

    def test_aspect_just_over_1_3_is_refused(self) -> None:
        """AE-L2: 1000 × 1301 px is taller than 1 : 1.3."""
        problems = validate_listing(listing(images=(Image("JPEG", 1, 1000, 1301),)))
        assert problems == (
            Problem(
                "AE-L2",
                "images[0].height",
                "the main image 1 is 1000 × 1301 px (height/width 1301/1000); the aspect "
                "must be 1 to 13/10 (height/width)",
            ),
        )

    def test_landscape_image_is_refused(self) -> None:
        """AE-L2: a wider-than-tall image (1000 × 999 px) is below 1 : 1."""
        problems = validate_listing(listing(images=(Image("JPEG", 1, 1000, 999),)))
        assert rules_of(problems) == [("AE-L2", "images[0].height", ERROR)]

    def test_subject_share_of_70_percent_passes(self) -> None:
        """AE-L2: the product covering 70% of the image passes; 69% is a warning."""
        at_limit = Image("JPEG", 1, 800, 800, subject_share=Fraction(7, 10))
        below = Image("JPEG", 1, 800, 800, subject_share=Fraction(69, 100))
        assert validate_listing(listing(images=(at_limit,))) == ()
        assert validate_listing(listing(images=(below,))) == (
            Problem(
                "AE-L2",
                "images[0].subject_share",
                "the product covers 69/100 of main image 1; at least 7/10 is asked for",
                WARNING,
            ),
        )

    def test_each_image_is_checked_with_its_index(self) -> None:
        """Problems name the image they are about: images[2] is the third."""
        images = (PHOTO, PHOTO, Image("GIF", FIVE_MB + 1, 800, 800))
        assert rules_of(validate_listing(listing(images=images))) == [
            ("AE-L2", "images[2].format", ERROR),
            ("AE-L2", "images[2].size_bytes", ERROR),
        ]


class TestMarketingImage:
    def test_square_png_of_800_pixels_passes(self) -> None:
        """AE-L3: a square JPEG, JPG or PNG of 800 × 800 px within 5 MB passes."""
        for image_format in ("JPEG", "JPG", "PNG"):
            image = Image(image_format, FIVE_MB, 800, 800, margin_px=50)
            assert validate_listing(listing(marketing_image=image)) == ()

    def test_other_formats_are_refused(self) -> None:
        """AE-L3: a GIF is not an accepted format."""
        problems = validate_listing(listing(marketing_image=Image("GIF", 1, 800, 800)))
        assert problems == (
            Problem(
                "AE-L3",
                "marketing_image.format",
                "the marketing image is GIF; it must be one of JPEG, JPG, PNG",
            ),
        )

    def test_over_5_mb_is_refused(self) -> None:
        """AE-L3: one byte over 5 MB is refused."""
        problems = validate_listing(listing(marketing_image=Image("PNG", FIVE_MB + 1, 800, 800)))
        assert rules_of(problems) == [("AE-L3", "marketing_image.size_bytes", ERROR)]

    def test_not_square_is_refused(self) -> None:
        """AE-L3: 800 × 801 px is not square."""
        problems = validate_listing(listing(marketing_image=Image("PNG", 1, 800, 801)))
        assert rules_of(problems) == [("AE-L3", "marketing_image.height", ERROR)]

    def test_below_800_pixels_is_an_error(self) -> None:
        """AE-L3 as this library checks it (an error): 799 × 799 px is refused."""
        problems = validate_listing(listing(marketing_image=Image("PNG", 1, 799, 799)))
        assert rules_of(problems) == [("AE-L3", "marketing_image.width", ERROR)]

    def test_margin_of_49_pixels_is_refused(self) -> None:
        """AE-L3: the product keeps at least 50 px from the edges; 49 px is refused."""
        problems = validate_listing(
            listing(marketing_image=Image("PNG", 1, 800, 800, margin_px=49))
        )
        assert problems == (
            Problem(
                "AE-L3",
                "marketing_image.margin_px",
                "the product is 49 px from an edge of the marketing image; at least 50 px "
                "is asked for",
            ),
        )


class TestSceneImage:
    def test_750_by_1000_passes(self) -> None:
        """AE-L4: a 3:4 image of 750 × 1000 px within 5 MB passes."""
        assert validate_listing(listing(scene_image=Image("JPG", FIVE_MB, 750, 1000))) == ()

    def test_smaller_than_750_by_1000_is_refused(self) -> None:
        """AE-L4: 600 × 800 px is 3:4 but too small."""
        problems = validate_listing(listing(scene_image=Image("PNG", 1, 600, 800)))
        assert problems == (
            Problem(
                "AE-L4",
                "scene_image.width",
                "the scene image is 600 × 800 px; at least 750 × 1000 px is asked for",
            ),
        )

    def test_not_3_to_4_is_refused(self) -> None:
        """AE-L4: 750 × 1001 px is not exactly 3:4."""
        problems = validate_listing(listing(scene_image=Image("PNG", 1, 750, 1001)))
        assert rules_of(problems) == [("AE-L4", "scene_image.height", ERROR)]

    def test_format_and_size(self) -> None:
        """AE-L4: a BMP over 5 MB breaks two limits."""
        problems = validate_listing(listing(scene_image=Image("BMP", FIVE_MB + 1, 750, 1000)))
        assert rules_of(problems) == [
            ("AE-L4", "scene_image.format", ERROR),
            ("AE-L4", "scene_image.size_bytes", ERROR),
        ]


class TestDispatch:
    def test_seven_days_pass_and_eight_do_not(self) -> None:
        """AE-L5: at most 7 days."""
        assert validate_listing(listing(dispatch_days=7)) == ()
        assert validate_listing(listing(dispatch_days=8)) == (
            Problem(
                "AE-L5",
                "dispatch_days",
                "the dispatch time is 8 days; at most 7 unless the category is marked as an "
                "exception",
            ),
        )

    def test_marked_category_may_take_longer(self) -> None:
        """AE-L5: categories marked by the platform are exempt."""
        assert validate_listing(listing(dispatch_days=30, category_dispatch_exception=True)) == ()


class TestModules:
    def test_eight_related_products_pass_and_nine_do_not(self) -> None:
        """AE-L7: the related-products module holds at most 8 products."""
        eight = tuple(f"p{n}" for n in range(8))
        assert validate_listing(listing(related_products=eight)) == ()
        assert validate_listing(listing(related_products=(*eight, "p8"))) == (
            Problem(
                "AE-L7",
                "related_products",
                "the related-products module has 9 products; at most 8 are allowed",
            ),
        )

    def test_module_title_in_english_only(self) -> None:
        """AE-L7: the module title is English (ASCII); a Chinese title is refused."""
        assert validate_listing(listing(related_module_title="You May Also Like")) == ()
        problems = validate_listing(listing(related_module_title="相关产品"))
        assert rules_of(problems) == [("AE-L7", "related_module_title", ERROR)]

    def test_service_template_name_of_100_characters_passes(self) -> None:
        """AE-L7: the service template name has at most 100 characters; 101 is refused."""
        assert validate_listing(listing(service_template_name="s" * 100)) == ()
        assert validate_listing(listing(service_template_name="s" * 101)) == (
            Problem(
                "AE-L7",
                "service_template_name",
                "the service template name has 101 characters; at most 100 are allowed",
            ),
        )


class TestListingRulebook:
    def test_severity_is_rule_data(self) -> None:
        """Making the aspect a warning (the seller guide's 建议) changes the problem's severity."""
        rules = attrs.evolve(
            RULEBOOK,
            listing=attrs.evolve(
                RULEBOOK.listing,
                main_image_aspect=Limit(AspectRange(Fraction(1), Fraction(13, 10)), WARNING),
            ),
        )
        problems = validate_listing(listing(images=(Image("JPEG", 1, 1000, 1400),)), rulebook=rules)
        assert rules_of(problems) == [("AE-L2", "images[0].height", WARNING)]

    def test_ascii_check_can_be_switched_off(self) -> None:
        """With related_title_ascii off, a Chinese module title passes."""
        rules = attrs.evolve(
            RULEBOOK, listing=attrs.evolve(RULEBOOK.listing, related_title_ascii=Limit(value=False))
        )
        assert validate_listing(listing(related_module_title="相关产品"), rulebook=rules) == ()

    @given(st.integers(min_value=1, max_value=3000), st.integers(min_value=1, max_value=3000))
    def test_aspect_range_holds_its_ends(self, width: int, height: int) -> None:
        """An aspect is in the main-image range exactly when 1 <= height/width <= 13/10."""
        aspect = Fraction(height, width)
        assert (aspect in RULEBOOK.listing.main_image_aspect.value) == (
            1 <= aspect <= Fraction(13, 10)
        )

    def test_aspect_range_refuses_non_numbers(self) -> None:
        """Only exact numbers can be in an aspect range."""
        assert "1" not in RULEBOOK.listing.main_image_aspect.value


class TestListingDocs:
    def test_page_examples_run(self) -> None:
        """Every example on the listings page gives the output shown."""
        assert page_examples("listings.md").failed == 0

    def test_index_examples_run(self) -> None:
        """Every example on the AliExpress index page gives the output shown."""
        assert page_examples("index.md").failed == 0
