"""The comprehensive ranking: one score per provider, category, market and period.

Pure arithmetic over facts read elsewhere (domain/services/ranking.py), so that the formula
can be checked by hand. The parts, each in 0..1 before weighting:

- rating: a Bayesian average of the provider's evaluations in the category, each weighted
  by recency (halved every `half_life_days`), pulled towards the category's mean by
  `prior_weight` pseudo-evaluations — three fresh 5s do not beat forty steady 4.8s;
- bindings: active bindings, log-scaled against the group's largest — reach counts, but a
  giant does not drown everyone else;
- responsiveness: target / (target + median hours to answer a binding request);
- minus `points` for every active violation point.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .ranking_config import RankingConfig

ALL_MARKETS = "*"  # the category's ranking over every market: featured and search use it


@dataclass(frozen=True)
class Facts:
    """What the ranking knows of one provider in one category."""

    provider_id: int
    category: str
    markets: tuple[str, ...]
    evaluations: tuple[tuple[float, datetime], ...] = ()  # (score 1..5, when)
    active_bindings: int = 0
    answer_hours: tuple[float, ...] = ()  # request → accept/decline, per answered request
    points: int = 0
    featurable: bool = True  # False while suspended (expelled providers are not ranked)


@dataclass(frozen=True)
class Scored:
    provider_id: int
    category: str
    market: str
    score: float
    rank: int
    featured: bool = False
    parts: dict[str, float] = field(default_factory=dict, compare=False)


def decayed(evaluations: Iterable[tuple[float, datetime]], now: datetime,
            half_life_days: float) -> tuple[float, float]:
    """(sum of weights, sum of weighted scores); an evaluation half_life_days old counts ½."""
    weight = total = 0.0
    for score, at in evaluations:
        w = 0.5 ** (max((now - at).total_seconds(), 0.0) / 86400 / half_life_days)
        weight, total = weight + w, total + w * score
    return weight, total


def category_mean(group: Sequence[Facts], default: float) -> float:
    """The plain mean of every evaluation in the group: the prior of each provider in it."""
    scores = [s for f in group for s, _ in f.evaluations]
    return sum(scores) / len(scores) if scores else default


def score_parts(f: Facts, prior: float, largest: int, now: datetime,
                config: RankingConfig) -> dict[str, float]:
    weight, total = decayed(f.evaluations, now, config.half_life_days)
    m = config.prior_weight
    bayes = (m * prior + total) / (m + weight) if m + weight else prior
    bindings = math.log1p(f.active_bindings) / math.log1p(largest) if largest else 0.0
    target = config.responsiveness_target_hours
    responsive = target / (target + statistics.median(f.answer_hours)) if f.answer_hours \
        else 0.0
    return {"rating": (bayes - 1) / 4, "bindings": bindings, "responsiveness": responsive,
            "points": float(f.points)}


def combine(parts: dict[str, float], config: RankingConfig) -> float:
    w = config.weights
    return round(w.rating * parts["rating"] + w.bindings * parts["bindings"]
                 + w.responsiveness * parts["responsiveness"] - w.points * parts["points"], 6)


def rank_group(group: Sequence[Facts], market: str, now: datetime,
               config: RankingConfig) -> list[Scored]:
    """Rank one (category, market). Ties go to more evaluations, then the older provider."""
    prior = category_mean(group, config.default_prior)
    largest = max((f.active_bindings for f in group), default=0)
    scored = []
    for f in group:
        parts = score_parts(f, prior, largest, now, config)
        scored.append((combine(parts, config), f, parts))
    scored.sort(key=lambda t: (-t[0], -len(t[1].evaluations), t[1].provider_id))
    out, featured, top = [], 0, config.featured_per_category
    for position, (score, f, parts) in enumerate(scored, start=1):
        feature = (market == ALL_MARKETS and f.featurable and featured < top
                   and len(f.evaluations) >= config.min_evaluations)
        featured += feature
        out.append(Scored(f.provider_id, f.category, market, score, position, feature, parts))
    return out


def rank(facts: Iterable[Facts], now: datetime, config: RankingConfig) -> list[Scored]:
    """Every (category, market) group: each market a provider serves, and all markets."""
    groups: dict[tuple[str, str], list[Facts]] = defaultdict(list)
    for f in facts:
        for market in (ALL_MARKETS, *f.markets):
            groups[(f.category, market)].append(f)
    return [s for (_, market), group in sorted(groups.items())
            for s in rank_group(group, market, now, config)]
