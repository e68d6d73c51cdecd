"""Charts: plot_history (SQ-2, SQ-3) and plot_report (SQ-A1 … SQ-E1, SQ-3)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from sellerquality import WARSAW, Outcome, language
from sellerquality.allegro import (
    EDITION_2022,
    Grade,
    GradeBand,
    QualityReport,
    SellerActivity,
    Violation,
    ViolationKind,
    plot_history,
    plot_report,
    quality_history,
    sales_quality,
)
from sellerquality.examples import load_example
from sellerquality.exceptions import InvalidTypeError, InvalidValueError, MissingExtraError

# The charts need the [report] extra; without matplotlib there is nothing to draw
# (TestWithoutTheExtra below hides an installed matplotlib to check the error).
mpl = pytest.importorskip("matplotlib", reason="the [report] extra is not installed")

import numpy as np  # noqa: E402 - matplotlib's own dependency, there when it is
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

EXAMPLE = load_example()
FIRST, LAST = date(2026, 10, 4), date(2026, 10, 13)
HISTORY = quality_history(EXAMPLE, start=FIRST, end=LAST)
"""Ten daily results of the bundled seller, SUPER until it drops to GOOD on 2026-10-13."""
REPORT = HISTORY[-1]

# Edition 2022's bands (SQ-3), from its rulebook data: SUPER_PLUS from 400,
# SUPER from 230, GOOD from 101, NEUTRAL from 0, REQUIRES_IMPROVEMENT from -100,
# UNACCEPTABLE below.
BANDS_2022 = (
    (Grade.SUPER_PLUS, 400),
    (Grade.SUPER, 230),
    (Grade.GOOD, 101),
    (Grade.NEUTRAL, 0),
    (Grade.REQUIRES_IMPROVEMENT, -100),
    (Grade.UNACCEPTABLE, None),
)
# Without sanctions the score lies between minus the five two-sided penalties
# (SQ-A1 60, SQ-A2 50, SQ-B2 30, SQ-B5 30, SQ-D2 50) and every bonus (500).
LOWEST_2022, HIGHEST_2022 = -(60 + 50 + 30 + 30 + 50), 500


def _ys(line: Line2D) -> list[float]:
    return list(np.asarray(line.get_ydata()).tolist())


def _day_number(day: date) -> float:
    """Where matplotlib places a day: days since its epoch (rcParams["date.epoch"])."""
    epoch = datetime.fromisoformat(mpl.rcParams["date.epoch"]).date()
    return float((day - epoch).days)


def _line(ax: Axes, label: str) -> Line2D:
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def _bands(ax: Axes) -> dict[str, tuple[float, float]]:
    """Each grade band drawn: its (low, high) points, by grade code."""
    found: dict[str, tuple[float, float]] = {}
    for patch in ax.patches:
        gid = patch.get_gid()
        if gid is not None and gid.startswith("grade-band-"):
            assert isinstance(patch, Rectangle)
            found[gid.removeprefix("grade-band-")] = (
                patch.get_y(),
                patch.get_y() + patch.get_height(),
            )
    return found


def _bars(ax: Axes, label: str) -> BarContainer:
    (bars,) = [c for c in ax.containers if c.get_label() == label]
    assert isinstance(bars, BarContainer)
    return bars


def _svg(ax: Axes) -> bytes:
    buffer = io.BytesIO()
    assert isinstance(ax.figure, Figure)
    with mpl.rc_context({"svg.hashsalt": "sellerquality-tests"}):
        ax.figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


class TestPlotHistory:
    def test_a_new_figure_without_pyplot(self) -> None:
        """With no ax the chart gets a Figure of its own (no pyplot figure manager)."""
        ax = plot_history(HISTORY)
        assert isinstance(ax, Axes)
        assert type(ax.figure) is Figure
        assert ax.figure.canvas.manager is None

    def test_draws_on_the_axes_given(self) -> None:
        """With ax= the chart is drawn on it, and that Axes is returned."""
        figure = Figure()
        given = figure.add_subplot()
        assert plot_history(HISTORY, ax=given) is given
        assert _ys(_line(given, "Score")) == [r.score for r in HISTORY]

    def test_the_line_is_the_score_of_each_day(self) -> None:
        """SQ-2: one point per daily result, at its day, at exactly its score."""
        ax = plot_history(HISTORY)
        score = _line(ax, "Score")
        assert np.asarray(score.get_xdata(), dtype=object).tolist() == [
            FIRST + timedelta(days=i) for i in range(10)
        ]
        assert _ys(score) == [r.score for r in HISTORY]
        assert score.get_marker() == "o"
        maximum = _line(ax, "Maximum score")
        assert _ys(maximum) == [r.max_score for r in HISTORY]

    def test_the_bands_are_the_rulebooks(self) -> None:
        """SQ-3: each band reaches from its min_score to the next better band's."""
        ax = plot_history(HISTORY)
        bottom, top = ax.get_ylim()
        assert _bands(ax) == {
            "SUPER_PLUS": (400, top),
            "SUPER": (230, 400),
            "GOOD": (101, 230),
            "NEUTRAL": (0, 101),
            "REQUIRES_IMPROVEMENT": (-100, 0),
            "UNACCEPTABLE": (bottom, -100),
        }
        assert [band.min_score for band in EDITION_2022.quality.grade_bands] == [
            limit for _, limit in BANDS_2022
        ]

    def test_the_points_axis_holds_every_score_possible_without_sanctions(self) -> None:
        """SQ-3: from minus every penalty (-220) to every bonus (500)."""
        bottom, top = plot_history(HISTORY).get_ylim()
        assert bottom < LOWEST_2022
        assert top > HIGHEST_2022

    def test_sanctions_stretch_the_axis(self) -> None:
        """SQ-E1: three blocked accounts deduct 450 points, with no floor; the axis follows."""
        sanctions = [
            Violation(
                id=f"v{i}",
                kind=ViolationKind.ACCOUNT_BLOCKED,
                at=datetime(2026, 10, 1, tzinfo=WARSAW),
            )
            for i in range(3)
        ]
        history = quality_history(
            SellerActivity(violations=sanctions), start=date(2026, 10, 5), end=date(2026, 10, 5)
        )
        # -3 x 150 (SQ-E1), +20 for no open dispute (SQ-B1); nothing else applies or scores.
        assert history[0].score == -430
        ax = plot_history(history)
        bottom, _ = ax.get_ylim()
        assert bottom < -430
        assert _bands(ax)["UNACCEPTABLE"] == (bottom, -100)

    def test_the_band_names_are_at_their_right_edge(self) -> None:
        """SQ-3: each band is named at the middle of its height, just right of the axes."""
        ax = plot_history(HISTORY)
        bands = _bands(ax)
        names = {text.get_text(): text for text in ax.texts}
        assert set(names) == {
            "Super+",
            "Super",
            "Good",
            "Neutral",
            "Requires improvement",
            "Unacceptable",
        }
        good = names["Good"]
        assert good.get_position() == (1.01, (101 + 230) / 2)
        assert good.get_transform() == ax.get_yaxis_transform()
        assert bands["GOOD"] == (101, 230)

    def test_the_days_are_iso_dates(self) -> None:
        """Days are written as ISO dates, from the first day, within the days drawn."""
        ax = plot_history(HISTORY)
        labels = [label.get_text() for label in ax.get_xticklabels()]
        days = {r.day.isoformat() for r in HISTORY}
        assert labels[0] == "2026-10-04"
        assert set(labels) <= days
        assert ax.get_xlim() == (_day_number(FIRST) - 0.5, _day_number(LAST) + 0.5)

    def test_one_day(self) -> None:
        """A history of one day is one point, with half a day either side."""
        ax = plot_history(HISTORY[-1:])
        assert _ys(_line(ax, "Score")) == [REPORT.score]
        assert ax.get_xlim() == (_day_number(LAST) - 0.5, _day_number(LAST) + 0.5)

    def test_a_rulebook_of_ones_own(self) -> None:
        """SQ-3: rulebook= draws that rulebook's bands; a band off the chart is left out."""
        bands = (
            GradeBand(grade=Grade.SUPER, min_score=300),
            GradeBand(grade=Grade.GOOD, min_score=-300),
            GradeBand(grade=Grade.NEUTRAL, min_score=-1000),
            GradeBand(grade=Grade.UNACCEPTABLE, min_score=None),
        )
        mine = attrs.evolve(
            EDITION_2022, quality=attrs.evolve(EDITION_2022.quality, grade_bands=bands)
        )
        ax = plot_history(HISTORY, rulebook=mine)
        bottom, top = ax.get_ylim()
        # -1000 is below every score and possible score, so it is brought into view.
        assert bottom < -1000
        assert _bands(ax) == {
            "SUPER": (300, top),
            "GOOD": (-300, 300),
            "NEUTRAL": (-1000, -300),
            "UNACCEPTABLE": (bottom, -1000),
        }

    def test_a_band_no_score_earns_is_left_out(self) -> None:
        """SQ-3: the first band reached gives the grade, so GOOD from 300 after SUPER is unused."""
        bands = (
            GradeBand(grade=Grade.SUPER, min_score=230),
            GradeBand(grade=Grade.GOOD, min_score=300),
            GradeBand(grade=Grade.NEUTRAL, min_score=0),
            GradeBand(grade=Grade.UNACCEPTABLE, min_score=None),
        )
        mine = attrs.evolve(
            EDITION_2022, quality=attrs.evolve(EDITION_2022.quality, grade_bands=bands)
        )
        assert mine.quality.grade_for(300) is Grade.SUPER
        ax = plot_history(HISTORY, rulebook=mine)
        bottom, top = ax.get_ylim()
        assert _bands(ax) == {
            "SUPER": (230, top),
            "NEUTRAL": (0, 230),
            "UNACCEPTABLE": (bottom, 0),
        }
        assert "Good" not in {text.get_text() for text in ax.texts}

    def test_a_renamed_rulebook_gets_the_bands_in_force(self) -> None:
        """SQ-3: a report of a rulebook not official shows the bands of the edition in force."""
        renamed = attrs.evolve(EDITION_2022, edition="mine")
        history = quality_history(EXAMPLE, start=LAST, end=LAST, rulebook=renamed)
        assert history[0].edition == "mine"
        ax = plot_history(history)
        assert _bands(ax)["GOOD"] == (101, 230)

    def test_before_the_first_edition_the_default_bands(self) -> None:
        """SQ-3: a day before 2022 has no edition in force; the default rulebook's bands show."""
        early = attrs.evolve(REPORT, edition="mine", as_of=datetime(2021, 6, 1, tzinfo=UTC))
        assert _bands(plot_history([early]))["SUPER"] == (230, 400)

    def test_no_history(self) -> None:
        """An empty history has nothing to chart: InvalidValueError naming it."""
        with pytest.raises(InvalidValueError, match=r"history .* has no reports to chart"):
            plot_history(())

    def test_wrong_types(self) -> None:
        """Something other than reports, an Axes or a Rulebook: InvalidTypeError naming it."""
        with pytest.raises(InvalidTypeError, match=r"history 'int' is not a QualityReport"):
            plot_history([1])  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match=r"ax 'str' is not a matplotlib Axes"):
            plot_history(HISTORY, ax="axes")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match=r"rulebook 'str' is not a Rulebook"):
            plot_history(HISTORY, rulebook="2022")  # type: ignore[arg-type]

    def test_in_polish(self) -> None:
        """Under language("pl") the grades have Allegro's Polish names; dates stay ISO."""
        with language("pl"):
            ax = plot_history(HISTORY)
        names = {text.get_text() for text in ax.texts}
        assert names == {
            "Super+",
            "Super",
            "Dobry",
            "Neutralny",
            "Wymaga poprawy",
            "Nieakceptowalny",
        }
        assert ax.get_xticklabels()[0].get_text() == "2026-10-04"

    def test_polish_titles(self) -> None:
        """Under language("pl") the title, axes and legend are Polish (needs the merged catalog)."""
        with language("pl"):
            ax = plot_history(HISTORY)
        assert ax.get_title() == "Jakość sprzedaży od 2026-10-04 do 2026-10-13"
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("Dzień", "Punkty")
        legend = ax.get_legend()
        assert legend is not None
        assert [t.get_text() for t in legend.get_texts()] == ["Maksymalny wynik", "Wynik"]


class TestPlotReport:
    def test_a_new_figure(self) -> None:
        """With no ax the chart gets a Figure of its own."""
        ax = plot_report(REPORT)
        assert isinstance(ax, Axes)
        assert type(ax.figure) is Figure

    def test_draws_on_the_axes_given(self) -> None:
        """With ax= the chart is drawn on it, and that Axes is returned."""
        given = Figure().add_subplot()
        assert plot_report(REPORT, ax=given) is given
        assert len(_bars(given, "Points")) == 20

    def test_one_bar_per_metric_as_long_as_its_points(self) -> None:
        """SQ-A1 … SQ-E1: a bar per metric, as wide as its points, adding up to the score (SQ-3)."""
        ax = plot_report(REPORT)
        widths = [bar.get_width() for bar in _bars(ax, "Points")]
        assert widths == [metric.points for metric in REPORT.metrics.values()]
        assert sum(widths) == REPORT.score
        # SQ-A1 misses 98% on 2026-10-13: a penalty of 60, drawn left of zero.
        assert widths[0] == -60
        outlines = [bar.get_width() for bar in _bars(ax, "Most it can earn")]
        assert outlines == [metric.max_points for metric in REPORT.metrics.values()]
        assert sum(outlines) == REPORT.max_score == 500

    def test_the_report_order_from_the_top(self) -> None:
        """The report's first metric is the top bar; each is labelled by its rule's name."""
        ax = plot_report(REPORT)
        centres = [bar.get_y() + bar.get_height() / 2 for bar in _bars(ax, "Points")]
        assert centres == list(range(20))
        assert ax.yaxis_inverted()
        labels = [label.get_text() for label in ax.get_yticklabels()]
        assert labels == [EDITION_2022.quality.metrics[code].name for code in REPORT.metrics]
        assert labels[0] == "recommendation rate"

    def test_coloured_by_outcome(self) -> None:
        """SQ-3: bars of one outcome share a colour; each outcome has its own."""
        ax = plot_report(REPORT)
        colours: dict[Outcome, set[str]] = {}
        for bar, metric in zip(_bars(ax, "Points"), REPORT.metrics.values(), strict=True):
            colours.setdefault(metric.outcome, set()).add(to_hex(bar.get_facecolor()))
        assert set(colours) == {Outcome.BONUS, Outcome.NEUTRAL, Outcome.PENALTY}
        assert all(len(found) == 1 for found in colours.values())
        assert len({found.pop() for found in colours.values()}) == 3
        outlines = _bars(ax, "Most it can earn")
        assert all(not bar.get_fill() for bar in outlines)

    def test_the_title_has_the_grade_and_score(self) -> None:
        """SQ-3: the day, the grade and the score out of the maximum."""
        ax = plot_report(REPORT)
        assert ax.get_title(loc="right") == (
            f"Sales quality on 2026-10-13: Good, {REPORT.score} of 500 points"
        )

    def test_marks(self) -> None:
        """Each bar is marked with its points of its most; deductions and n/a in words (SQ-E1)."""
        empty = sales_quality(SellerActivity(), as_of=datetime(2026, 10, 14, tzinfo=WARSAW))
        ax = plot_report(empty)
        marks = [a.get_text() for a in ax.texts if isinstance(a, Annotation)]
        expected = [
            "not applicable"
            if metric.outcome is Outcome.NOT_APPLICABLE
            else f"{metric.points}"
            if metric.max_points == 0
            else f"{metric.points} of {metric.max_points}"
            for metric in empty.metrics.values()
        ]
        assert marks == expected
        # SQ-B1: no open dispute earns 20 of 20; SQ-A1 has no rating to measure.
        assert marks[2] == "20 of 20"
        assert marks[0] == "not applicable"
        assert marks[-1] == "0"

    def test_a_metric_the_rulebook_lacks_is_named_by_code(self) -> None:
        """A metric the rulebook has no rule for is labelled with its code."""
        metrics = dict(EDITION_2022.quality.metrics)
        del metrics["REVENUE"]
        fewer = attrs.evolve(
            EDITION_2022, quality=attrs.evolve(EDITION_2022.quality, metrics=metrics)
        )
        ax = plot_report(REPORT, rulebook=fewer)
        labels = [label.get_text() for label in ax.get_yticklabels()]
        assert labels[-2] == "REVENUE"
        assert labels[-1] == "Terms-of-Service violations"

    def test_wrong_types(self) -> None:
        """Something other than a report: InvalidTypeError naming it."""
        with pytest.raises(InvalidTypeError, match=r"report 'list' is not a QualityReport"):
            plot_report(list(HISTORY))  # type: ignore[arg-type]

    def test_in_polish(self) -> None:
        """Under language("pl") the metrics have their Polish names (SQ-A1 … SQ-E1)."""
        with language("pl"):
            ax = plot_report(REPORT)
        labels = [label.get_text() for label in ax.get_yticklabels()]
        assert labels[0] == "odsetek poleceń"
        assert labels[-1] == "naruszenia Regulaminu"

    def test_polish_title(self) -> None:
        """Under language("pl") the title is Polish (needs the merged catalog)."""
        with language("pl"):
            ax = plot_report(REPORT)
        assert ax.get_title(loc="right") == (
            f"Jakość sprzedaży za 2026-10-13: Dobry, {REPORT.score} z 500 pkt"
        )


class TestSvg:
    @pytest.mark.parametrize("chart", ["history", "report"])
    def test_the_same_svg_every_time(self, chart: str) -> None:
        """With no date and a fixed hash salt, two drawings give the same SVG bytes."""

        def draw() -> Axes:
            return plot_history(HISTORY) if chart == "history" else plot_report(REPORT)

        first, second = _svg(draw()), _svg(draw())
        assert b"<svg" in first
        assert first == second


class TestWithoutTheExtra:
    @pytest.fixture
    def no_matplotlib(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Python as it is without the extra: matplotlib cannot be imported."""
        monkeypatch.setitem(sys.modules, "matplotlib", None)

    @pytest.mark.usefixtures("no_matplotlib")
    def test_each_function_names_the_extra(self) -> None:
        """Each chart function raises MissingExtraError with the pip command."""
        calls: tuple[Callable[[], Axes], ...] = (
            lambda: plot_history(HISTORY),
            lambda: plot_report(REPORT),
        )
        for call in calls:
            with pytest.raises(
                MissingExtraError,
                match=r'needs the optional extra \[report\]: pip install "sellerquality\[report\]"',
            ):
                call()

    def test_no_matplotlib_on_import_and_no_pyplot_ever(self) -> None:
        """Importing sellerquality.allegro loads no matplotlib; charting never loads pyplot."""
        code = (
            "import sys, datetime, sellerquality.allegro as a; "
            "from sellerquality.examples import load_example; "
            "print('matplotlib' in sys.modules); "
            "d = datetime.date(2026, 10, 13); "
            "h = a.quality_history(load_example(), start=d, end=d); "
            "a.plot_history(h); a.plot_report(h[0]); "
            "print('matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["False", "True", "False"]


def test_history_reports_are_reports() -> None:
    """The fixture is what quality_history returns: ten daily reports (SQ-2)."""
    assert len(HISTORY) == 10
    assert all(isinstance(report, QualityReport) for report in HISTORY)
    assert [report.day for report in HISTORY] == [FIRST + timedelta(days=i) for i in range(10)]
