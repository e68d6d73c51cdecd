"""The HTML report, rendered by a real browser: headless Chromium (Debian's ``chromium``).

Each test writes the page with the command line, opens it in Chromium with
``--dump-dom`` (the DOM after the page has loaded and any script has run) and
reads what a person would see. Without a Chromium on the machine these tests
are skipped, and say so; ``.ci/run`` installs it and sets
``SELLERQUALITY_REQUIRE_BROWSER=1``, which turns that skip into a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from sellerquality import dump
from sellerquality.allegro import sales_quality
from sellerquality.cli import main
from sellerquality.examples import AS_OF, load_example

pytest.importorskip(
    "jinja2", reason="the [report] extra (tests/test_html_page.py covers it missing)"
)

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")

SCRIPT = "<script>document.title='PWNED-SCRIPT'</script>"
ATTRIBUTE = '"><img src=x onerror="document.title=\'PWNED-IMG\'">'
PAYLOAD_COMMENT = f"Nie polecam {SCRIPT}{ATTRIBUTE}"
PAYLOAD_OFFER = f'"><img src=x onerror="document.body.dataset.pwned=\'offer\'">{SCRIPT}'


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    message = "no Chromium to render the page: apt-get install chromium"
    if os.environ.get("SELLERQUALITY_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> str:
    """The Chromium to render with (skip, or fail under CI, without one)."""
    return _browser()


def _chromium(browser: str, profile: Path, *options: str) -> list[str]:
    return [
        browser,
        "--headless",
        "--no-sandbox",  # root in containers; the page itself forbids scripts
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *options,
    ]


def dump_dom(browser: str, page: Path, tmp_path: Path) -> str:
    """The DOM of ``page`` after Chromium has loaded it (and run whatever it would run)."""
    done = subprocess.run(
        [*_chromium(browser, tmp_path / "profile"), "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.startswith("<!DOCTYPE html>"), done.stderr[-2000:]
    return done.stdout


@attrs.define
class Element:
    """An element of the rendered DOM: its tag, attributes and text (children included)."""

    tag: str
    attributes: dict[str, str]
    text: str = ""
    children: list[Element] = attrs.field(factory=list)

    def walk(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, tag: str | None = None, **wanted: str) -> list[Element]:
        """Elements with ``tag`` whose attributes include ``wanted`` (``class_`` for class)."""
        found = []
        for element in self.walk():
            if tag is not None and element.tag != tag:
                continue
            classes = element.attributes.get("class", "").split()
            if "class_" in wanted and wanted["class_"] not in classes:
                continue
            if all(element.attributes.get(k) == v for k, v in wanted.items() if k != "class_"):
                found.append(element)
        return found

    def by_id(self, element_id: str) -> Element:
        """The one element with ``id`` ``element_id``."""
        (element,) = self.find(id=element_id)
        return element


VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "area", "base", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attributes})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attributes}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def parse(dom: str) -> Element:
    """The element tree of a serialised DOM."""
    builder = _Builder()
    builder.feed(dom)
    return builder.root


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled example's report page in English and in Polish, written by the CLI."""
    folder = tmp_path_factory.mktemp("pages")
    written = {}
    for lang in ("en", "pl"):
        page = folder / f"report-{lang}.html"
        code = main(["report", "--example", "--format", "html", "--lang", lang, "-o", str(page)])
        assert code == 0
        written[lang] = page
    return written


class TestRenderedPage:
    """`sellerquality report --example --format html` as Chromium renders it (SQ-1…SQ-4)."""

    def test_grade_score_and_every_metric(
        self, browser: str, pages: dict[str, Path], tmp_path: Path
    ) -> None:
        """The example at 2026-11-01: GOOD, 183 of 500 points (SQ-3), one row per metric."""
        dom = parse(dump_dom(browser, pages["en"], tmp_path))
        grade = dom.by_id("grade")
        assert grade.attributes["data-grade"] == "GOOD"
        assert grade.attributes["data-score"] == "183"
        assert grade.attributes["data-max-score"] == "500"
        assert "Good" in grade.text
        rows = dom.find("tr", class_="metric")
        codes = list(sales_quality(load_example(), as_of=AS_OF).metrics)
        assert len(codes) == 20  # edition 2022's twenty metrics (SQ-A1…SQ-E1)
        assert [row.attributes["data-code"] for row in rows] == codes
        recommendation = dom.find("tr", class_="metric", **{"data-code": "RECOMMENDATION_RATE"})[0]
        assert "97.3% of 371 ratings recommend you; 98% earns the bonus." in _words(
            recommendation.text
        )
        assert "129 more recommended ratings would earn the bonus" in _words(recommendation.text)
        assert "-60 / 60" in _words(recommendation.text)

    def test_charts_are_inline_svg(
        self, browser: str, pages: dict[str, Path], tmp_path: Path
    ) -> None:
        """Both charts are <svg> in the page; nothing is loaded from elsewhere."""
        source = pages["en"].read_text(encoding="utf-8")
        dom = parse(dump_dom(browser, pages["en"], tmp_path))
        for chart in ("report-chart", "history-chart"):
            assert dom.by_id(chart).find("svg"), chart
        assert "http://" not in source.replace("http://www.w3.org/", "")
        assert "https://" not in source
        assert "<script" not in source
        assert "<link" not in source

    def test_history_forecast_programmes_and_deadlines(
        self, browser: str, pages: dict[str, Path], tmp_path: Path
    ) -> None:
        """The 30 daily results (SQ-2), the forecast's days, four programmes, the to-do list."""
        dom = parse(dump_dom(browser, pages["en"], tmp_path))
        days = [row.attributes["data-day"] for row in dom.by_id("history").find("tr", class_="day")]
        assert (len(days), days[0], days[-1]) == (30, "2026-10-02", "2026-10-31")
        assert dom.by_id("forecast").find("li")
        programmes = dom.by_id("programmes").find("h3", class_="programme")
        assert len(programmes) == 4
        deadlines = dom.by_id("deadlines").find("tr", class_="deadline")
        overdue = [row for row in deadlines if "overdue" in row.attributes["class"].split()]
        assert len(overdue) == 5  # `sellerquality deadlines --example`: 5 overdue
        assert len(deadlines) == 5 + 50

    def test_in_polish(self, browser: str, pages: dict[str, Path], tmp_path: Path) -> None:
        """--lang pl: Allegro's grade name, Polish headings and numbers (issue 15)."""
        dom = parse(dump_dom(browser, pages["pl"], tmp_path))
        (html,) = dom.find("html")
        assert html.attributes["lang"] == "pl"
        assert "Dobry" in dom.by_id("grade").text
        headings = [_words(h.text) for h in dom.find("h2")]
        assert headings[:2] == ["Punkty w obszarach", "Wskaźniki"]
        row = dom.find("tr", class_="metric", **{"data-code": "RECOMMENDATION_RATE"})[0]
        assert "97,3% z 371 ocen to polecenia; premię daje 98%." in _words(row.text)

    def test_screenshot(self, browser: str, pages: dict[str, Path], tmp_path: Path) -> None:
        """Chromium draws the page: a PNG of the size asked for (docs/_static shows one)."""
        shot = tmp_path / "report.png"
        subprocess.run(
            [
                *_chromium(browser, tmp_path / "profile"),
                f"--screenshot={shot}",
                "--window-size=1280,1600",
                "--hide-scrollbars",
                pages["en"].as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (1280, 1600)
        assert len(data) > 50_000  # a drawn page, not a blank one


class TestEscaping:
    """Seller-supplied strings are text on the page, never markup or script."""

    def test_no_script_from_data_runs(self, browser: str, tmp_path: Path) -> None:
        """A rating comment and an offer id carrying <script> and an onerror attribute.

        The rating is the example's first negative one of the window, so it is a
        culprit of RECOMMENDATION_RATE (SQ-A1) and its comment is quoted; the
        offer has no pickup method, so it is a culprit of PERSONAL_PICKUP_OFFERS
        (SQ-C4) and its id sorts first.
        """
        example = load_example()
        report_day_negative = next(
            r for r in example.ratings if not r.recommended and r.id == "r-00273"
        )
        ratings = [
            attrs.evolve(r, comment=PAYLOAD_COMMENT) if r is report_day_negative else r
            for r in example.ratings
        ]
        template = example.offers[0]
        offers = [
            *example.offers,
            attrs.evolve(
                template,
                id=PAYLOAD_OFFER,
                pickup_methods=frozenset(),
                allegro_delivery_methods=frozenset(),
            ),
        ]
        activity = attrs.evolve(example, ratings=tuple(ratings), offers=tuple(offers))
        data = tmp_path / "seller.json"
        data.write_text(json.dumps(dump(activity)), encoding="utf-8")
        page = tmp_path / "page.html"
        code = main(
            ["report", str(data), "--as-of", "2026-11-01", "--format", "html", "-o", str(page)]
        )
        assert code == 0

        rendered = dump_dom(browser, page, tmp_path)
        dom = parse(rendered)
        (title,) = dom.find("title")
        assert "PWNED" not in title.text
        assert not dom.find("img")
        assert not dom.find("script")
        (body,) = dom.find("body")
        assert "data-pwned" not in body.attributes
        # The strings are there, as text.
        rating_row = dom.find("tr", class_="metric", **{"data-code": "RECOMMENDATION_RATE"})[0]
        (quoted,) = [q for q in rating_row.find("q") if "Nie polecam" in q.text]
        assert quoted.text == PAYLOAD_COMMENT
        (code_element,) = [c for c in rating_row.find("code") if c.text == "r-00273"]
        assert code_element.attributes["title"] == PAYLOAD_COMMENT
        pickup = dom.find("tr", class_="metric", **{"data-code": "PERSONAL_PICKUP_OFFERS"})[0]
        assert pickup.find("code")[0].text == PAYLOAD_OFFER
