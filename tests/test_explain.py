"""Why did the grade change? explain_change and ``sellerquality diff`` (SQ-2, SQ-3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from sellerquality import WARSAW, from_json, local_day, to_json
from sellerquality.allegro import (
    Move,
    QualityChange,
    RecordMove,
    SellerAccount,
    SellerActivity,
    Violation,
    ViolationKind,
    explain_change,
    quality_history,
    rulebook_for,
)
from sellerquality.cli import main
from sellerquality.examples import load_example
from sellerquality.exceptions import InvalidValueError

EXAMPLE = load_example()
BEFORE, AFTER = date(2026, 10, 12), date(2026, 10, 13)


class TestTheExample:
    """The bundled seller drops from SUPER to GOOD in the result for 2026-10-13."""

    CHANGE = explain_change(EXAMPLE, before=BEFORE, after=AFTER)

    def test_the_reports_are_the_two_daily_results(self) -> None:
        """SQ-2: each day's result is the report at the midnight ending it."""
        expected = quality_history(EXAMPLE, start=BEFORE, end=AFTER)
        assert (self.CHANGE.before, self.CHANGE.after) == expected

    def test_the_metric_changes_add_up_to_the_score_change(self) -> None:
        """SQ-3: the score is the sum of the points; unchanged metrics are left out."""
        change = self.CHANGE
        assert change.grade == (change.before.grade, change.after.grade)
        assert [g.value for g in change.grade] == ["SUPER", "GOOD"]
        assert change.score == change.after.score - change.before.score
        assert change.score == sum(metric.points for metric in change.metrics)
        listed = {metric.code for metric in change.metrics}
        for code, result in change.after.metrics.items():
            earlier = change.before.metrics[code]
            moved = (earlier.outcome, earlier.points) != (result.outcome, result.points)
            assert (code in listed) == moved, code

    def test_the_ratings_that_moved_the_recommendation_rate(self) -> None:
        """SQ-A1 over 30 Warsaw days: the 13 September ratings left, the 13 October ones entered."""
        (rate,) = [m for m in self.CHANGE.metrics if m.code == "RECOMMENDATION_RATE"]
        left = {
            r.id for r in EXAMPLE.ratings if local_day(r.created_at, WARSAW) == date(2026, 9, 13)
        }
        entered = {r.id for r in EXAMPLE.ratings if local_day(r.created_at, WARSAW) == AFTER}
        assert {m.record_id for m in rate.moves if m.move is Move.LEFT} == left
        assert {m.record_id for m in rate.moves if m.move is Move.ENTERED} == entered
        assert all(m.kind == "ratings" for m in rate.moves)
        # Every rating counted once: the denominators move by exactly those records.
        assert rate.after.denominator == rate.before.denominator - len(left) + len(entered)  # type: ignore[operator]
        assert [m.at for m in rate.moves] == sorted(m.at for m in rate.moves if m.at is not None)

    def test_it_travels(self) -> None:
        """The change pickles to JSON and back equal, like every result."""
        assert from_json(to_json(self.CHANGE), QualityChange) == self.CHANGE


class TestByHand:
    """A seller with one warning: SQ-E1 deducts 50 points for a WARNING."""

    WARNED_AT = datetime(2026, 10, 5, 12, 0, tzinfo=WARSAW)
    ACTIVITY = SellerActivity(
        account=SellerAccount(business=True),
        violations=[Violation(id="v1", kind=ViolationKind.WARNING, at=WARNED_AT)],
    )

    def test_a_warning_entering_the_window(self) -> None:
        """SQ-E1: the warning of 5 October counts from that day's result on."""
        change = explain_change(self.ACTIVITY, before=date(2026, 10, 4), after=date(2026, 10, 5))
        (tos,) = change.metrics
        assert tos.code == "TOS_VIOLATIONS"
        assert (tos.before.points, tos.after.points, tos.points) == (0, -50, -50)
        assert tos.moves == (RecordMove("violations", "v1", Move.ENTERED, self.WARNED_AT),)
        assert change.score == -50

    def test_a_warning_leaving_the_window(self) -> None:
        """SQ-E1 over 30 days: 30 Warsaw days later it leaves, and the points come back."""
        left_on = date(2026, 10, 5) + timedelta(days=30)
        change = explain_change(self.ACTIVITY, before=left_on - timedelta(days=1), after=left_on)
        (tos,) = change.metrics
        assert tos.points == 50
        assert tos.moves == (RecordMove("violations", "v1", Move.LEFT, self.WARNED_AT),)

    def test_nothing_changed(self) -> None:
        """SQ-2: between two days when no record moves, no metric is listed."""
        change = explain_change(self.ACTIVITY, before=date(2026, 10, 6), after=date(2026, 10, 8))
        assert change.metrics == ()
        assert change.score == 0

    def test_after_must_be_later(self) -> None:
        """The earlier day comes first."""
        with pytest.raises(InvalidValueError, match="must be a day after"):
            explain_change(self.ACTIVITY, before=date(2026, 10, 5), after=date(2026, 10, 5))


class TestCommand:
    """``sellerquality diff``."""

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The grade line, each metric with its records, every record listed (not capped)."""
        code = main(["diff", "--example", "--from", "2026-10-12", "--to", "2026-10-13"])
        out = capsys.readouterr().out
        assert code == 0
        change = explain_change(
            EXAMPLE,
            before=BEFORE,
            after=AFTER,
            rulebook=rulebook_for(AFTER),
        )
        first = out.splitlines()[0]
        assert first == (
            f"2026-10-12 -> 2026-10-13: grade {change.before.grade.value} -> "
            f"{change.after.grade.value}, score {change.before.score} -> {change.after.score} "
            f"({change.score:+d})"
        )
        for metric in change.metrics:
            assert f"{metric.code} ({metric.rule})" in out
            for move in metric.moves:
                assert move.record_id in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json is the change as to_json writes it."""
        assert (
            main(
                [
                    "diff",
                    "--example",
                    "--from",
                    "2026-10-12",
                    "--to",
                    "2026-10-13",
                    "--format",
                    "json",
                ]
            )
            == 0
        )
        change = from_json(capsys.readouterr().out, QualityChange)
        assert change.score == sum(metric.points for metric in change.metrics)

    def test_bad_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A day that is not a date exits 2 with one line naming the option."""
        assert main(["diff", "--example", "--from", "12.10.2026", "--to", "2026-10-13"]) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1
        assert "--from" in err
