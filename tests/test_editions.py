"""Which edition applies: by date in the command line, and labelled honestly in every result.

PR-1 (later edition, 2023-09-04) and the T&C of 2024-04-15 replaced rules on
those dates; a result must name the edition it really followed.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from sellerquality import Money, dump
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2023_09_04,
    EDITION_2024_04_15,
    Dispute,
    DisputeStatus,
    Order,
    SellerAccount,
    SellerActivity,
    deal_zone,
    sales_quality,
    super_seller,
)
from sellerquality.cli import main
from sellerquality.examples import AS_OF

WARSAW = AS_OF.tzinfo


class TestLabel:
    """A rulebook changed by the user says so in every result it produces."""

    def test_official_editions_keep_their_names(self) -> None:
        """Each official edition is labelled with its own name."""
        assert [b.label for b in (EDITION_2022, EDITION_2023_09_04, EDITION_2024_04_15)] == [
            "2022",
            "2023-09-04",
            "2024-04-15",
        ]

    def test_with_metric_is_marked_modified(self) -> None:
        """SQ-3: a changed threshold is not edition 2022 any more: the report says "(modified)"."""
        book = EDITION_2022.with_metric("RECOMMENDATION_RATE", threshold=Fraction(9, 10))
        report = sales_quality(SellerActivity(), as_of=AS_OF, rulebook=book)
        assert report.edition == "2022 (modified)"
        assert super_seller(SellerActivity(), as_of=AS_OF, rulebook=book).edition == (
            "2022 (modified)"
        )

    def test_evolve_is_marked_modified(self) -> None:
        """A rulebook changed with attrs.evolve is marked too, and an equal copy is not."""
        changed = attrs.evolve(EDITION_2024_04_15, source="my notes")
        assert changed.label == "2024-04-15 (modified)"
        same = attrs.evolve(EDITION_2024_04_15)
        assert same.label == "2024-04-15"

    def test_own_name_is_kept(self) -> None:
        """A rulebook renamed to a name of the user's own claims no official edition."""
        mine = attrs.evolve(EDITION_2022, edition="shop rules", source="mine")
        assert mine.label == "shop rules"

    def test_deal_zone_of_a_modified_report_uses_the_default(self) -> None:
        """PR-4: a modified report names no official edition; the default rule applies."""
        book = EDITION_2022.with_metric("RECOMMENDATION_RATE", threshold=Fraction(1, 2))
        activity = SellerActivity(account=SellerAccount(business=True))
        result = deal_zone(sales_quality(activity, as_of=AS_OF, rulebook=book))
        assert result.edition == "2022 (modified)"
        assert result.eligible  # business account, 0 or more points: NEUTRAL is enough


class TestCommandLineEdition:
    """Without --edition, the command line applies the edition in force on the --as-of day."""

    def test_report_on_the_example_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example is as of 2026-11-01: edition 2024-04-15 in every section."""
        assert main(["report", "--example"]) == 0
        text = capsys.readouterr().out
        assert ", edition 2024-04-15\n" in text
        assert "  Super Seller (edition 2024-04-15): " in text
        assert "edition 2022" not in text

    @pytest.mark.parametrize(
        ("as_of", "edition"),
        [
            ("2023-09-03T23:59:59.999999+02:00", "2022"),
            ("2023-09-04", "2023-09-04"),
            ("2023-09-03T22:00:00+00:00", "2023-09-04"),  # Warsaw midnight of 4 September, in UTC
            ("2024-04-14", "2023-09-04"),
            ("2024-04-15", "2024-04-15"),
            ("2021-06-01", "2022"),  # before every edition: the oldest known rules
        ],
    )
    def test_edition_changes_at_warsaw_midnight(
        self, as_of: str, edition: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """PR-1 (2023-09-04), T&C 2024-04-15: the edition changes at Warsaw midnight."""
        assert main(["programmes", "--example", "--as-of", as_of, "--format", "json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert {p["edition"] for p in document} == {edition}

    def test_explicit_edition_wins(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--edition 2022 applies the 2022 rules even on a later date."""
        assert main(["report", "--example", "--edition", "2022", "--format", "json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["edition"] == "2022"
        assert {p["edition"] for p in document["programmes"]} == {"2022"}

    def test_history_switches_edition_on_its_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """SQ-2 + PR-1 (2023-09-04): day D's result is evaluated at D+1 00:00.

        The result of 3 September 2023 is evaluated at 4 September 00:00, when
        the 2023-09-04 edition is in force; 2 September's is still 2022's.
        """
        assert main(["history", "--example", "--start", "2023-09-01", "--end", "2023-09-05",
                     "--format", "csv"]) == 0  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert [(r["day"], r["edition"]) for r in rows] == [
            ("2023-09-01", "2022"),
            ("2023-09-02", "2022"),
            ("2023-09-03", "2023-09-04"),
            ("2023-09-04", "2023-09-04"),
            ("2023-09-05", "2023-09-04"),
        ]

    def test_history_across_two_changes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Three editions in one history, each day labelled with its own."""
        assert main(["history", "--example", "--start", "2023-09-02", "--end", "2024-04-15",
                     "--format", "json"]) == 0  # fmt: skip
        reports = json.loads(capsys.readouterr().out)
        editions = [r["edition"] for r in reports]
        assert editions[:2] == ["2022", "2023-09-04"]
        assert editions[-2:] == ["2024-04-15", "2024-04-15"]
        assert editions.count("2022") == 1
        assert len(reports) == 227
        days = [datetime.fromisoformat(r["as_of"]).astimezone(WARSAW).date() for r in reports]
        assert days[editions.index("2024-04-15")].isoformat() == "2024-04-15"


class TestDiscussionLimitInReport:
    """DI-4 (T&C 2024-04-15): the cap on unresolved discussions appears in the 2024 report."""

    @staticmethod
    def activity(unresolved: int) -> SellerActivity:
        """10 agreements in October 2026 and ``unresolved`` disputes marked unresolved."""
        bought = datetime(2026, 10, 1, 12, tzinfo=WARSAW)
        orders = [Order(id=f"o{i}", bought_at=bought, total=Money("50.00")) for i in range(10)]
        disputes = [
            Dispute(
                id=f"d{i}",
                order_id=f"o{i}",
                opened_at=datetime(2026, 10, 5, 12, tzinfo=WARSAW),
                status=DisputeStatus.UNRESOLVED,
                closed_at=datetime(2026, 10, 20, 12, tzinfo=WARSAW),
            )
            for i in range(unresolved)
        ]
        return SellerActivity(orders=orders, disputes=disputes)

    def test_over_the_cap(self) -> None:
        """3 unresolved with 10 agreements (not above 1,000): at most 2 allowed, so it fails."""
        report = sales_quality(self.activity(3), as_of=AS_OF, rulebook=EDITION_2024_04_15)
        check = report.discussion_limit
        assert check is not None
        assert (check.code, check.actual, check.required, check.passed) == (
            "UNRESOLVED_DISCUSSIONS",
            3,
            2,
            False,
        )
        assert check.culprits == ("d0", "d1", "d2")

    def test_at_the_cap(self) -> None:
        """2 unresolved with 10 agreements: exactly the 2 allowed, inclusive, so it passes."""
        report = sales_quality(self.activity(2), as_of=AS_OF, rulebook=EDITION_2024_04_15)
        assert report.discussion_limit is not None
        assert (report.discussion_limit.actual, report.discussion_limit.passed) == (2, True)

    def test_not_in_editions_without_the_cap(self) -> None:
        """Edition 2022 has no cap: the report has none."""
        assert sales_quality(self.activity(3), as_of=AS_OF).discussion_limit is None

    def test_command_line_shows_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The report command prints the check in text and JSON for the 2024 edition."""
        path = tmp_path / "seller.json"
        path.write_text(json.dumps(dump(self.activity(3))), encoding="utf-8")
        assert main(["report", str(path), "--as-of", "2026-11-01", "--format", "json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["discussion_limit"]["passed"] is False
        assert document["discussion_limit"]["actual"] == 3
        assert main(["report", str(path), "--as-of", "2026-11-01"]) == 0
        assert "Unresolved discussions (DI-4 (T&C 2024-04-15)): OVER THE CAP" in (
            capsys.readouterr().out
        )
