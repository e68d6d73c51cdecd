"""The rows the docs print for the AliExpress rules (docs/_ext/aliexpress_rows.py).

The docs build turns these rows into the tables of the AliExpress pages; the
rows need only the library, so they are checked here with the other tests.
"""

import importlib.util
from pathlib import Path
from types import ModuleType

from sellerquality.aliexpress import RULEBOOK, RULES, Limit

DOCS_EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DOCS_EXT / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rows = _load("aliexpress_rows")


class TestSettingRows:
    def test_every_setting_cites_a_known_rule_and_the_guide(self) -> None:
        """AE-F1 … AE-O1: each setting of each group names a rule in RULES and quotes the guide."""
        for name in rows.GROUPS:
            for row in rows.rule_rows(getattr(RULEBOOK, name)):
                assert row.rule in RULES, row
                assert row.source.startswith("AliExpress seller guide ("), row

    def test_listing_settings_are_listing_rules(self) -> None:
        """AE-L1 … AE-L7: each listing setting names a listing rule (AE-L…)."""
        for row in rows.rule_rows(RULEBOOK.listing):
            assert row.rule.startswith("AE-L"), row

    def test_first_feedback_setting_is_the_rating_period(self) -> None:
        """AE-F1: the first feedback row is the 30-day rating period, written in days."""
        first = rows.rule_rows(RULEBOOK.feedback)[0]
        assert (first.rule, first.value) == ("AE-F1", "30 days")

    def test_groups_are_the_rulebook_groups(self) -> None:
        """Every rule group of the rulebook has a settings table, and nothing else does."""
        assert set(rows.GROUPS) == {
            "feedback",
            "listing",
            "pricing",
            "showcases",
            "products",
            "orders",
        }


class TestChecklistRows:
    def test_checklist_covers_every_check(self) -> None:
        """AE-L1 … AE-L7: the checklist has the 22 automatic checks, then the 7 manual ones."""
        checklist = rows.listing_checklist_rows()
        assert [row.severity for row in checklist].count("manual") == 7
        assert len(checklist) == 22 + 7
        assert checklist[0].limit == "128 characters"
        assert {row.severity for row in checklist[22:]} == {"manual"}
        assert {row.limit for row in checklist[22:]} == {"—"}


class TestShowcaseRows:
    def test_rewards_in_scenario_order(self) -> None:
        """AE-S2 … AE-S5: advanced 3 and high potential 2 a month, silver store 2, tiers 1-3."""
        showcases = rows.showcase_rows()
        assert [(row.rule, row.showcases) for row in showcases] == [
            ("AE-S2", "3"),
            ("AE-S2", "2"),
            ("AE-S3", "2"),
            ("AE-S4", "1"),
            ("AE-S4", "2"),
            ("AE-S4", "3"),
            ("AE-S5", "1 per category"),
        ]


class TestTransitionRows:
    def test_one_row_per_transition(self) -> None:
        """AE-L6: one (from, event, to) row per allowed move, named by the enum members."""
        transitions = rows.transition_rows()
        assert len(transitions) == len(RULEBOOK.products.transitions)
        move = RULEBOOK.products.transitions[0]
        assert transitions[0] == (move.source.name, move.event.name, move.target.name)


class TestFormatValue:
    def test_value_formats(self) -> None:
        """Rule values are written for people: sets sorted, booleans as yes/no, units after."""
        assert rows.format_value(frozenset({"PNG", "JPEG"})) == "JPEG, PNG"
        assert rows.format_value(Limit(value=True)) == "yes"
        assert rows.format_value(5 * 1024 * 1024, "bytes") == "5,242,880 bytes"
