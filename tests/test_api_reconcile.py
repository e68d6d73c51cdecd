"""Allegro's own figures: parse_quality, reconcile and calibrated_rulebook."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api_strategies import corrupted
from sellerquality import WARSAW
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2024_04_15,
    AllegroApiWarning,
    AllegroQualityDay,
    AllegroQualityMetric,
    Grade,
    QualityDifference,
    SellerAccount,
    SellerActivity,
    calibrated_rulebook,
    parse_quality,
    read_api_dir,
    reconcile,
    sales_quality,
)
from sellerquality.allegro._later_edition import LATER_EDITION, LATER_EDITION_METRICS
from sellerquality.exceptions import InvalidValueError, LoadError

DATA = Path(__file__).parent / "data" / "allegro-api"
AS_OF = datetime(2025, 6, 21, tzinfo=WARSAW)


@pytest.fixture(autouse=True)
def _no_unexpected_warnings() -> Iterator[None]:
    """An AllegroApiWarning a test does not expect with pytest.warns fails it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", AllegroApiWarning)
        yield


def day_body(
    result_for: str = "2025-06-20",
    *,
    score: int = 140,
    grade: str = "GOOD",
    max_score: int = 500,
    metrics: list[tuple[str, int, int | None]] | None = None,
) -> dict[str, Any]:
    """A ``SalesQualityForDay`` of ``(code, score, maxScore)`` metrics."""
    rows = []
    for code, points, most in metrics if metrics is not None else [("BUYER_SATISFACTION", 20, 50)]:
        row: dict[str, Any] = {"code": code, "name": code.title(), "score": points}
        if most is not None:
            row["maxScore"] = most
        rows.append(row)
    return {
        "resultFor": result_for,
        "score": score,
        "grade": grade,
        "maxScore": max_score,
        "metrics": rows,
    }


def quality_file() -> dict[str, Any]:
    """The saved /sale/quality body of the payload files."""
    body: dict[str, Any] = json.loads((DATA / "quality.json").read_text(encoding="utf-8"))
    return body


# --- parse_quality --------------------------------------------------------------------------------


class TestParseQuality:
    def test_the_schema_example(self) -> None:
        """The schema's example: 140 of 500, GOOD; one metric 20 of 50."""
        (day,) = parse_quality({"quality": [day_body()]})
        assert day == AllegroQualityDay(
            result_for=date(2025, 6, 20),
            score=140,
            max_score=500,
            grade=Grade.GOOD,
            metrics={
                "BUYER_SATISFACTION": AllegroQualityMetric(
                    code="BUYER_SATISFACTION", name="Buyer_Satisfaction", score=20, max_score=50
                )
            },
        )

    def test_days_oldest_first(self) -> None:
        """Days come back oldest first, whatever the body's order."""
        days = parse_quality({"quality": [day_body("2025-06-20"), day_body("2025-06-18")]})
        assert [day.result_for for day in days] == [date(2025, 6, 18), date(2025, 6, 20)]

    def test_no_days(self) -> None:
        """A seller without results has an empty history."""
        assert parse_quality({"quality": []}) == ()

    @pytest.mark.parametrize(
        ("text", "grade"),
        [
            ("SUPER_PLUS", Grade.SUPER_PLUS),
            ("SUPER+", Grade.SUPER_PLUS),
            ("Super+", Grade.SUPER_PLUS),
            ("super", Grade.SUPER),
            ("Dobry", Grade.GOOD),
            ("neutralny", Grade.NEUTRAL),
            ("Wymaga poprawy", Grade.REQUIRES_IMPROVEMENT),
            ("requires improvement", Grade.REQUIRES_IMPROVEMENT),
            ("Nieakceptowalny", Grade.UNACCEPTABLE),
        ],
    )
    def test_grades(self, text: str, grade: Grade) -> None:
        """Grades read by our names, with + for PLUS, and by Allegro's Polish names."""
        (day,) = parse_quality({"quality": [day_body(grade=text)]})
        assert day.grade is grade

    @pytest.mark.parametrize(
        "text", ["NEEDS_IMPROVEMENT", "needs_improvement", "Needs improvement"]
    )
    def test_the_live_apis_needs_improvement(self, text: str) -> None:
        """SQ-3: the live API's NEEDS_IMPROVEMENT (allegro-api #9677) is REQUIRES_IMPROVEMENT.

        It is a grade this library knows, so no warning is given (the autouse
        fixture turns one into a failure).
        """
        (day,) = parse_quality({"quality": [day_body(grade=text, score=-5)]})
        assert day.grade is Grade.REQUIRES_IMPROVEMENT

    def test_needs_improvement_is_compared_as_a_grade(self) -> None:
        """SQ-3: a day graded NEEDS_IMPROVEMENT is compared grade to grade, not as unknown.

        Ours is NEUTRAL (rank 2), Allegro's REQUIRES_IMPROVEMENT (rank 1): ours
        is one grade above.
        """
        (allegro,) = parse_quality(
            {"quality": [day_body(grade="NEEDS_IMPROVEMENT", score=35, max_score=115, metrics=[])]}
        )
        (difference,) = [d for d in reconcile(empty_report(), allegro) if d.subject == "grade"]
        assert (difference.kind, difference.ours, difference.allegro, difference.delta) == (
            "grade",
            "NEUTRAL",
            "REQUIRES_IMPROVEMENT",
            1,
        )

    def test_unknown_grade_is_kept_and_reported(self) -> None:
        """A grade this library does not know is kept as the string, with a warning."""
        with pytest.warns(AllegroApiWarning, match=r"\$\.quality\[0\]\.grade: 'EXCELLENT'"):
            (day,) = parse_quality({"quality": [day_body(grade="EXCELLENT")]})
        assert day.grade == "EXCELLENT"

    def test_unknown_codes_and_fields_are_kept_or_ignored(self) -> None:
        """Metric codes are kept as given; keys the API adds are ignored."""
        body = day_body(metrics=[("SHIPPING_TIME_COMPLIANCE", 5, None)])
        body["trend"] = "UP"
        (day,) = parse_quality({"quality": [body], "updatedAt": "2025-06-21T03:00:00Z"})
        assert list(day.metrics) == ["SHIPPING_TIME_COMPLIANCE"]
        assert day.metrics["SHIPPING_TIME_COMPLIANCE"].max_score is None

    def test_missing_and_malformed_fields(self) -> None:
        """Every problem is listed with its JSON path."""
        broken = day_body()
        del broken["maxScore"]
        broken["score"] = "140"
        broken["metrics"][0]["score"] = 2.5
        with pytest.raises(LoadError) as excinfo:
            parse_quality({"quality": [day_body("2025-06-19"), broken]})
        assert [p.path for p in excinfo.value.problems] == [
            "$.quality[1].score",
            "$.quality[1].maxScore",
            "$.quality[1].metrics[0].score",
        ]

    @pytest.mark.parametrize(
        ("body", "problem"),
        [
            ({}, "$.quality: required field missing"),
            ([], "$: is an array; expected an object"),
            (
                {"quality": [day_body(), day_body()]},
                "$.quality[1].resultFor: 2025-06-20 appears twice (first at $.quality[0])",
            ),
            ({"quality": [day_body(max_score=-1)]}, "$.quality[0].maxScore: is negative"),
            (
                {"quality": [day_body(metrics=[("REVENUE", 0, -40)])]},
                "$.quality[0].metrics[0].maxScore: is negative",
            ),
            (
                {"quality": [day_body(metrics=[("REVENUE", 0, 40), ("REVENUE", 0, 40)])]},
                "$.quality[0].metrics[1].code: 'REVENUE' appears twice",
            ),
        ],
    )
    def test_invalid_bodies(self, body: Any, problem: str) -> None:
        """Shapes, repeats and negative maxima are problems at their paths."""
        with pytest.raises(LoadError) as excinfo:
            parse_quality(body)
        assert [str(p) for p in excinfo.value.problems] == [problem]

    @given(st.data())
    def test_corruptions_raise_only_load_errors(self, data: st.DataObject) -> None:
        """A corrupted body parses or raises a LoadError with paths, nothing else."""
        body = data.draw(corrupted(quality_file()))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AllegroApiWarning)
            try:
                parse_quality(body)
            except LoadError as exc:
                found = exc.problems
            else:
                found = ()
        assert all(p.path.startswith("$") for p in found)


# --- reconcile ------------------------------------------------------------------------------------


def empty_report() -> Any:
    """Our report for a business account with no records, at 2025-06-21 (the day 06-20)."""
    activity = SellerActivity(account=SellerAccount(business=True))
    return sales_quality(activity, as_of=AS_OF, rulebook=EDITION_2022)


def day(**fields: Any) -> AllegroQualityDay:
    """Allegro's day 2025-06-20, matching empty_report() unless told otherwise."""
    values: dict[str, Any] = {
        "result_for": date(2025, 6, 20),
        "score": 35,
        "max_score": 115,
        "grade": Grade.NEUTRAL,
        "metrics": {},
    }
    values.update(fields)
    return AllegroQualityDay(**values)


def metric(code: str, score: int, max_score: int | None = None) -> dict[str, AllegroQualityMetric]:
    """One metric of Allegro's day, keyed by its code."""
    return {code: AllegroQualityMetric(code=code, name=code, score=score, max_score=max_score)}


class TestReconcile:
    def test_the_empty_report(self) -> None:
        """The baseline: no records, business account: 35 of 115, NEUTRAL."""
        report = empty_report()
        applicable = {
            code: (r.points, r.max_points)
            for code, r in report.metrics.items()
            if r.outcome.value != "NOT_APPLICABLE"
        }
        assert applicable == {
            "OPEN_DISPUTES": (20, 20),
            "PAYMENT_METHODS": (0, 10),
            "BUSINESS_ACCOUNT": (15, 15),
            "COMPLETED_ORDERS": (0, 30),
            "REVENUE": (0, 40),
            "TOS_VIOLATIONS": (0, 0),
        }

    def test_agreement_has_no_differences(self) -> None:
        """Same grade, score, maximum and metrics: an empty list."""
        allegro = day(
            metrics={
                **metric("OPEN_DISPUTES", 20, 20),
                **metric("PAYMENT_METHODS", 0, 10),
                **metric("BUSINESS_ACCOUNT", 15, 15),
                **metric("COMPLETED_ORDERS", 0, 30),
                **metric("REVENUE", 0),
            }
        )
        assert reconcile(empty_report(), allegro) == []

    def test_totals(self) -> None:
        """Grade (by how many grades), score and maximum differences, ours minus Allegro's."""
        differences = reconcile(empty_report(), day(score=140, max_score=500, grade=Grade.GOOD))
        assert differences[:3] == [
            QualityDifference(
                kind="grade",
                subject="grade",
                ours="NEUTRAL",
                allegro="GOOD",
                delta=-1,
                text="grade: ours NEUTRAL, Allegro's GOOD",
            ),
            QualityDifference(
                kind="score",
                subject="score",
                ours=35,
                allegro=140,
                delta=-105,
                text="score: ours 35, Allegro's 140 (-105)",
            ),
            QualityDifference(
                kind="max_score",
                subject="max_score",
                ours=115,
                allegro=500,
                delta=-385,
                text="max_score: ours 115, Allegro's 500 (-385)",
            ),
        ]

    def test_unknown_grade(self) -> None:
        """Allegro's grade string that is not ours is reported, not compared."""
        (difference,) = [
            d for d in reconcile(empty_report(), day(grade="EXCELLENT")) if d.subject == "grade"
        ]
        assert (difference.kind, difference.ours, difference.allegro, difference.delta) == (
            "unknown_grade",
            "NEUTRAL",
            "EXCELLENT",
            None,
        )
        assert str(difference) == (
            "grade: ours NEUTRAL, Allegro's 'EXCELLENT' is not a grade this library knows"
        )

    def test_metric_points_and_maximum(self) -> None:
        """Per metric: points and maximum points that differ."""
        allegro = day(metrics=metric("BUSINESS_ACCOUNT", 10, 10))
        got = [
            (d.kind, d.subject, d.ours, d.allegro, d.delta)
            for d in reconcile(empty_report(), allegro)
        ]
        assert ("points", "BUSINESS_ACCOUNT", 15, 10, 5) in got
        assert ("max_points", "BUSINESS_ACCOUNT", 15, 10, 5) in got

    def test_one_side_only(self) -> None:
        """A metric only Allegro lists (not applicable in ours), and ours Allegro lacks."""
        allegro = day(metrics=metric("RECOMMENDATION_RATE", 60, 60))
        got = [(d.kind, d.subject, d.ours, d.allegro) for d in reconcile(empty_report(), allegro)]
        assert got == [
            ("only_allegro", "RECOMMENDATION_RATE", None, 60),
            ("only_ours", "OPEN_DISPUTES", 20, None),
            ("only_ours", "PAYMENT_METHODS", 0, None),
            ("only_ours", "BUSINESS_ACCOUNT", 15, None),
            ("only_ours", "COMPLETED_ORDERS", 0, None),
            ("only_ours", "REVENUE", 0, None),
        ]  # TOS_VIOLATIONS, with neither points nor a maximum, is left out

    def test_unmapped_codes(self) -> None:
        """An Allegro code that is not ours is reported; codes= maps it."""
        allegro = day(metrics={**metric("OPEN_DISPUTES", 20, 20), **metric("CONVERSATIONS", 20)})
        report = empty_report()
        unmapped = [d for d in reconcile(report, allegro) if d.kind == "unmapped"]
        assert [(d.subject, d.allegro) for d in unmapped] == [("CONVERSATIONS", 20)]
        mapped = reconcile(report, allegro, codes={"CONVERSATIONS": "PAYMENT_METHODS"})
        assert [
            (d.kind, d.subject) for d in mapped if d.subject in {"CONVERSATIONS", "PAYMENT_METHODS"}
        ] == [("points", "PAYMENT_METHODS")]

    def test_later_edition_codes(self) -> None:
        """SQ-3: codes of Allegro's rules of 2024-08-26 are named, with Allegro's points.

        The body is built by hand like a live response (allegro-api #9677,
        #12353): BUYER_SATISFACTION is ours and compared as ours (not applicable
        in the empty report: "only_allegro"); DISPATCH_IN_TIME 0 of 40,
        FAST_DISPATCH 120 of 160 and NO_RETURNS 30 (no maximum given, none
        published) are metrics of the later edition; CONVERSATIONS is unknown.
        """
        body = day_body(
            grade="NEEDS_IMPROVEMENT",
            score=150,
            max_score=500,
            metrics=[
                ("BUYER_SATISFACTION", 0, 50),
                ("DISPATCH_IN_TIME", 0, 40),
                ("FAST_DISPATCH", 120, 160),
                ("NO_RETURNS", 30, None),
                ("CONVERSATIONS", 5, 10),
            ],
        )
        (allegro,) = parse_quality({"quality": [body]})
        got = [
            (d.kind, d.subject, d.ours, d.allegro, d.delta)
            for d in reconcile(empty_report(), allegro)
            if d.subject not in {"grade", "score", "max_score"} and d.kind != "only_ours"
        ]
        assert got == [
            ("only_allegro", "BUYER_SATISFACTION", None, 0, None),
            ("later_edition", "DISPATCH_IN_TIME", None, 0, None),
            ("later_edition", "FAST_DISPATCH", None, 120, None),
            ("later_edition", "NO_RETURNS", None, 30, None),
            ("unmapped", "CONVERSATIONS", None, 5, None),
        ]

    def test_later_edition_texts(self) -> None:
        """SQ-3: the text names the metric, Allegro's points of its maximum and the edition.

        Where the day gives no maximum, the one Allegro has published is shown
        (FAST_DISPATCH: 160); where none is known, the points alone (NO_RETURNS).
        """
        allegro = day(
            metrics={
                **metric("DISPATCH_IN_TIME", 38, 40),
                **metric("FAST_DISPATCH", 80),
                **metric("NO_RETURNS", 12),
            }
        )
        texts = [str(d) for d in reconcile(empty_report(), allegro) if d.kind == "later_edition"]
        later = "is a metric of Allegro's rules of 2024-08-26, which edition 2022 does not model"
        assert texts == [
            f"DISPATCH_IN_TIME: Allegro's 38 of 40 points; On-time dispatch {later}",
            f"FAST_DISPATCH: Allegro's 80 of 160 points; Fast dispatch {later}",
            f"NO_RETURNS: Allegro's 12 points; No returns {later}",
        ]

    def test_codes_map_a_later_edition_code(self) -> None:
        """SQ-3: codes= still maps a later-edition code onto one of ours, and it is compared."""
        allegro = day(metrics=metric("DISPATCH_IN_TIME", 10, 10))
        got = [
            (d.kind, d.subject, d.ours, d.allegro)
            for d in reconcile(
                empty_report(), allegro, codes={"DISPATCH_IN_TIME": "PAYMENT_METHODS"}
            )
            if d.subject in {"DISPATCH_IN_TIME", "PAYMENT_METHODS"}
        ]
        assert got == [("points", "PAYMENT_METHODS", 0, 10)]

    def test_later_edition_table(self) -> None:
        """SQ-3: the later-edition table holds the codes and maxima Allegro has published."""
        assert {code: m.max_points for code, m in LATER_EDITION_METRICS.items()} == {
            "DISPATCH_IN_TIME": 40,
            "FAST_DISPATCH": 160,
            "NO_RETURNS": None,
        }
        assert all("allegro-api issue #9677" in m.source for m in LATER_EDITION_METRICS.values())
        assert LATER_EDITION == "2024-08-26"

    def test_other_day_is_refused(self) -> None:
        """Comparing a report with another day's result is a mistake: an error."""
        with pytest.raises(InvalidValueError, match="another day than Allegro's 2025-06-19"):
            reconcile(empty_report(), day(result_for=date(2025, 6, 19)))

    def test_payload_files(self) -> None:
        """The payload files against their quality.json (edition 2022), worked out by hand."""
        activity = read_api_dir(DATA)
        days = parse_quality(quality_file())
        report = sales_quality(activity, as_of=AS_OF, rulebook=EDITION_2022)
        assert [str(d) for d in reconcile(report, days[-1])] == [
            "score: ours -3, Allegro's -5 (+2)",
            "max_score: ours 500, Allegro's 480 (+20)",
            "OPEN_DISPUTES: ours 0 of 20, not in Allegro's result",
            "DISPUTE_REPLY_TIME: ours 7 points, Allegro's 10 (-3)",
            "TRACKING_ON_TIME: ours 50 points, Allegro's 40 (+10)",
            "TRACKING_ON_TIME: ours at most 50, Allegro's at most 40 (+10)",
            "SHIPPING_TIME_COMPLIANCE: Allegro's 5; not a metric of ours (map it with codes=)",
        ]


# --- calibrated_rulebook --------------------------------------------------------------------------


class TestCalibratedRulebook:
    def test_maximum_points_from_allegro(self) -> None:
        """A metric's bonus becomes Allegro's maxScore; a mirrored penalty follows it."""
        book = calibrated_rulebook(
            [day(metrics={**metric("TRACKING_ON_TIME", 40, 40), **metric("REVENUE", 0, 30)})],
            EDITION_2022,
        )
        tracking, revenue = (
            book.quality.metrics["TRACKING_ON_TIME"],
            book.quality.metrics["REVENUE"],
        )
        assert (tracking.bonus, tracking.penalty) == (40, 40)
        assert (revenue.bonus, revenue.penalty) == (30, 0)
        assert (
            book.quality.metrics["BUYER_SATISFACTION"]
            == EDITION_2022.quality.metrics["BUYER_SATISFACTION"]
        )
        assert book.edition == "2022+calibrated"
        assert book.source.endswith(
            "maximum points of 2 metric(s) from Allegro's /sale/quality (latest day 2025-06-20)"
        )
        assert (book.lifecycle, book.programmes) == (
            EDITION_2022.lifecycle,
            EDITION_2022.programmes,
        )

    def test_latest_day_wins(self) -> None:
        """Where days disagree, the latest day's maximum is taken."""
        days = [
            day(result_for=date(2025, 6, 20), metrics=metric("REVENUE", 0, 35)),
            day(result_for=date(2025, 6, 18), metrics=metric("REVENUE", 0, 25)),
            day(result_for=date(2025, 6, 19), metrics=metric("REVENUE", 0, 45)),
        ]
        assert calibrated_rulebook(days, EDITION_2022).quality.metrics["REVENUE"].bonus == 35

    def test_unmapped_and_missing_maxima_change_nothing(self) -> None:
        """Codes not ours and metrics without maxScore leave the rulebook as it is."""
        days = [day(metrics={**metric("CONVERSATIONS", 5, 10), **metric("REVENUE", 0)})]
        assert calibrated_rulebook(days, EDITION_2024_04_15) is EDITION_2024_04_15
        assert calibrated_rulebook([]) is EDITION_2022

    def test_codes_map_more(self) -> None:
        """codes= maps an Allegro code onto ours for calibration too."""
        days = [day(metrics=metric("CONVERSATIONS", 5, 12))]
        book = calibrated_rulebook(
            days, EDITION_2022, codes={"CONVERSATIONS": "MESSAGE_REPLY_TIME"}
        )
        assert book.quality.metrics["MESSAGE_REPLY_TIME"].bonus == 12

    def test_payload_files_move_closer(self) -> None:
        """Calibrated on quality.json, our maximum moves from 500 to 490 (TRACKING_ON_TIME 40)."""
        days = parse_quality(quality_file())
        book = calibrated_rulebook(days, EDITION_2022)
        report = sales_quality(read_api_dir(DATA), as_of=AS_OF, rulebook=book)
        assert (report.score, report.max_score) == (-13, 490)
        kinds = [d.subject for d in reconcile(report, days[-1])]
        assert "TRACKING_ON_TIME" not in kinds
