"""The HTML page without a browser: the extra, the command line's options, reproducibility.

The page as a browser renders it is tested in tests/test_html_report.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from sellerquality.allegro import quality_history, render_html, sales_quality
from sellerquality.cli import main
from sellerquality.examples import AS_OF, load_example
from sellerquality.exceptions import MissingExtraError


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja2 missing: MissingExtraError with the pip command of the [report] extra."""
    report = sales_quality(load_example(), as_of=AS_OF)
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingExtraError, match=r'pip install "sellerquality\[report\]"'):
        render_html(report)


def test_the_command_line_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report command with --format html, without the extra: exit 2 and one line naming it."""
    monkeypatch.setitem(sys.modules, "jinja2", None)
    assert main(["report", "--example", "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert 'pip install "sellerquality[report]"' in err


needs_report = pytest.mark.skipif(
    importlib.util.find_spec("jinja2") is None or importlib.util.find_spec("matplotlib") is None,
    reason="the [report] extra is not installed (the tests above cover it missing)",
)


@needs_report
def test_same_input_same_bytes() -> None:
    """The SVG carries no date and stable ids: two renderings are identical."""
    activity = load_example()
    report = sales_quality(activity, as_of=AS_OF)
    history = quality_history(activity, start=report.day.replace(day=25), end=report.day)
    first = render_html(report, history=history, activity=activity)
    assert render_html(report, history=history, activity=activity) == first


@needs_report
def test_no_script_and_a_policy_that_forbids_one() -> None:
    """Nothing to run and nothing to fetch (issue 15: one self-contained file)."""
    page = render_html(sales_quality(load_example(), as_of=AS_OF))
    assert "<script" not in page
    assert "default-src 'none'" in page
    assert page.count("<svg") == 1  # the points chart; no history was given


@needs_report
def test_lang_writes_the_page_in_polish() -> None:
    """lang="pl": the page's own words and Allegro's grade name (SQ-3)."""
    report = sales_quality(load_example(), as_of=AS_OF, lang="pl")
    page = render_html(report, lang="pl")
    assert '<html lang="pl">' in page
    assert "<title>Jakość sprzedaży 2026-10-31: Dobry</title>" in page


def test_history_html_of_an_empty_range_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An empty range is refused before any page is made (end before start)."""
    code = main(
        ["history", "--example", "--start", "2026-10-05", "--end", "2026-10-04", "--format", "html"]
    )
    assert code == 2
    assert "end 2026-10-04 is before start 2026-10-05" in capsys.readouterr().err


@needs_report
def test_history_html(tmp_path: Path) -> None:
    """The history command as a page: the last day, one table row per day (SQ-2)."""
    page = tmp_path / "history.html"
    code = main(
        [
            "history",
            "--example",
            "--start",
            "2026-10-11",
            "--end",
            "2026-10-14",
            "--format",
            "html",
            "-o",
            str(page),
        ]
    )
    assert code == 0
    text = page.read_text(encoding="utf-8")
    days = [line for line in text.splitlines() if '<tr class="day"' in line]
    assert len(days) == 4
    # 2026-10-13 and 14 are GOOD, 215 and 208 points (docs/cli.md's history example).
    assert 'data-grade="GOOD" data-score="208"' in text
