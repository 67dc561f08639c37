"""The ranking formula, checked against numbers worked out by hand (see each docstring)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.ranking import ALL_MARKETS, Facts, rank
from domain.ranking_config import ConfigError, RankingConfig, Weights, load_ranking_config

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
AGO_30 = NOW - timedelta(days=30)
# Only the rating and the points count here, so every figure below is a line of arithmetic.
PLAIN = RankingConfig(half_life_days=30, prior_weight=2, featured_per_category=2,
                      min_evaluations=1,
                      weights=Weights(rating=1, bindings=0, responsiveness=0, points=0.1))


def facts(pid: int, *evaluations: tuple[float, datetime], points: int = 0,
          featurable: bool = True, markets: tuple[str, ...] = ("US",),
          bindings: int = 0, answers: tuple[float, ...] = ()) -> Facts:
    return Facts(pid, "advertising", markets, tuple(evaluations), bindings, answers, points,
                 featurable)


def small_market(a_featurable: bool = True) -> list[Facts]:
    """A: 5 today and 3 a month ago; B: 4 today; C: nothing yet; D: 4 today but 2 points."""
    return [facts(1, (5, NOW), (3, AGO_30), featurable=a_featurable), facts(2, (4, NOW)),
            facts(3), facts(4, (4, NOW), points=2)]


def overall(scored: list) -> dict[int, tuple[float, int, bool]]:
    return {s.provider_id: (s.score, s.rank, s.featured) for s in scored
            if s.market == ALL_MARKETS}


def test_recency_and_the_category_prior_by_hand() -> None:
    """The category mean is (5+3+4+4)/4 = 4. A's month-old 3 weighs ½:
    (2·4 + 5 + ½·3) / (2 + 1.5) = 4.142857 → (4.142857 − 1)/4 = 0.785714.
    B: (8 + 4)/3 = 4 → 0.75. C has only the prior: 4 → 0.75. D: 0.75 − 2·0.1 = 0.55."""
    result = overall(rank(small_market(), NOW, PLAIN))
    assert result[1][0] == pytest.approx(0.785714, abs=1e-6)
    assert result[2][0] == result[3][0] == pytest.approx(0.75)
    assert result[4][0] == pytest.approx(0.55)


def test_a_tie_goes_to_the_provider_with_more_evaluations() -> None:
    result = overall(rank(small_market(), NOW, PLAIN))
    assert [result[p][1] for p in (1, 2, 3, 4)] == [1, 2, 3, 4]


def test_the_top_n_with_enough_evaluations_are_featured() -> None:
    result = overall(rank(small_market(), NOW, PLAIN))
    assert [p for p, (_, _, featured) in result.items() if featured] == [1, 2]


def test_a_suspended_provider_is_ranked_but_never_featured() -> None:
    """Without A, the next two are B and C, but C has no evaluation (minimum 1): D instead."""
    result = overall(rank(small_market(a_featurable=False), NOW, PLAIN))
    assert result[1][1] == 1 and not result[1][2]
    assert sorted(p for p, (_, _, featured) in result.items() if featured) == [2, 4]


def test_an_old_evaluation_counts_less_than_a_fresh_one() -> None:
    """Same scores, reversed ages: A' (3 today, 5 a month ago) = (8 + 3 + 2.5)/3.5 = 3.857
    → 0.714, below B and C (0.75): first with the fresh 5, third with the old one."""
    reversed_ages = [facts(1, (3, NOW), (5, AGO_30)), *small_market()[1:]]
    result = overall(rank(reversed_ages, NOW, PLAIN))
    assert result[1][0] == pytest.approx((13.5 / 3.5 - 1) / 4)
    assert (result[1][1], result[2][1], result[3][1]) == (3, 1, 2)


def test_bindings_are_log_scaled_and_answers_count_by_their_median() -> None:
    """One binding against the largest three: ln 2 / ln 4 = ½. Answers in 1, 23 and 100 hours:
    median 23, so 24/(24+23)."""
    config = RankingConfig(weights=Weights(rating=0, bindings=1, responsiveness=1, points=0))
    scored = overall(rank([facts(1, bindings=3), facts(2, bindings=1, answers=(100, 1, 23))],
                          NOW, config))
    assert scored[1][0] == pytest.approx(1.0)
    assert scored[2][0] == pytest.approx(0.5 + 24 / 47)
    assert math.isclose(scored[2][0], 1.010638, abs_tol=1e-6)


def test_each_market_served_is_ranked_and_only_the_overall_ranking_features() -> None:
    market = [facts(1, (5, NOW), markets=("US", "UK")), facts(2, (4, NOW), markets=("UK",))]
    scored = rank(market, NOW, PLAIN)
    assert sorted((s.market, s.provider_id, s.rank) for s in scored) == [
        ("*", 1, 1), ("*", 2, 2), ("UK", 1, 1), ("UK", 2, 2), ("US", 1, 1)]
    assert all(not s.featured for s in scored if s.market != ALL_MARKETS)


def test_the_shipped_config_loads_and_a_misspelt_key_is_one_clear_line(tmp_path: Path) -> None:
    shipped = load_ranking_config(Path(__file__).resolve().parents[2] / "config/ranking.toml")
    assert shipped.featured_per_category == 3 and shipped.weights.points == 0.05
    bad = tmp_path / "ranking.toml"
    bad.write_text("half_life_days = 90\n[weights]\nratings = 1\n")
    with pytest.raises(ConfigError, match=r"^ranking.toml: weights.ratings: unknown key$"):
        load_ranking_config(bad)
    bad.write_text("half_life_days = -1\n")
    with pytest.raises(ConfigError, match="half_life_days: Input should be greater than 0"):
        load_ranking_config(bad)
