"""config/rules.toml and config/categories.toml are read through models: the shipped files
load as before, and a wrong value or a misspelt key is one line naming the file and key."""

from pathlib import Path

import pytest

from domain.catalog import read_catalog
from domain.config_file import ConfigError
from domain.rules import LadderStep, Rules, load_rules

ROOT = Path(__file__).resolve().parents[2]
CATEGORY = '[[category]]\ncode = "ads"\nen = "Ads"\nzh = "广告"\n'


def test_the_shipped_rules_load_with_settings_overriding_the_file() -> None:
    rules = load_rules(ROOT / "config/rules.toml", max_file_bytes=1024, binding_reminder_days=3)
    assert rules.binding_durations == (30, 90, 180, 365)
    assert rules.ladder == (LadderStep(points=12, suspend_days=7),
                            LadderStep(points=24, suspend_days=30), LadderStep(points=48))
    assert (rules.max_file_bytes, rules.binding_reminder_days) == (1024, 3)


def test_no_rules_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_rules(tmp_path / "rules.toml") == Rules()


def test_the_ladder_is_kept_in_order_of_points(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[[ladder]]\npoints = 30\n\n[[ladder]]\npoints = 10\nsuspend_days = 3\n")
    assert [step.points for step in load_rules(path).ladder] == [10, 30]


@pytest.mark.parametrize(("text", "expected"), [
    ('reports_per_day = "five"', "reports_per_day: Input should be a valid integer"),
    ("binding_durations = 30", "binding_durations: Input should be a valid tuple"),
    ("binding_durations = [30, 0]", "binding_durations: expects days greater than 0"),
    ("report_per_day = 5", "report_per_day: unknown key"),
    ("[[ladder]]\npoint = 12", "ladder.0.point: unknown key"),
    ("reports_per_day = ", "Invalid value"),
])
def test_a_wrong_rule_is_one_line_naming_the_key(
        tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "config" / "rules.toml"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as refused:
        load_rules(path)
    assert str(refused.value).startswith(f"config/rules.toml: {expected}")
    assert "\n" not in str(refused.value)


def test_the_shipped_categories_load() -> None:
    specs = read_catalog(ROOT / "config/categories.toml")
    assert specs[0].code == "advertising" and specs[0].min_gmv_usd == 500000
    assert all(isinstance(spec.keywords, tuple) for spec in specs)


@pytest.mark.parametrize(("text", "expected"), [
    (CATEGORY + 'min_merchants = "many"', "category #1: min_merchants: Input should be a valid"),
    (CATEGORY + "keyword = []", "category #1: keyword: unknown key"),
    (CATEGORY + CATEGORY, "category code 'ads' appears twice"),
    ('[[category]]\ncode = "ads"\nen = "Ads"', "category #1: zh: Field required"),
    ("categry = []", "categry: unknown key"),
])
def test_a_wrong_category_is_one_line_naming_it(
        tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "config" / "categories.toml"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as refused:
        read_catalog(path)
    assert str(refused.value).startswith(f"config/categories.toml: {expected}")


def test_a_missing_category_file_is_refused_not_an_empty_market(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="categories.toml"):
        read_catalog(tmp_path / "categories.toml")
