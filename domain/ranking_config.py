"""config/ranking.toml, validated: a misspelt key is one clear line, not a silent default."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .config_file import ConfigError, validated

__all__ = ["ConfigError", "RankingConfig", "Weights", "load_ranking_config", "validated"]


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rating: float = Field(default=1.0, ge=0)
    bindings: float = Field(default=0.5, ge=0)
    responsiveness: float = Field(default=0.3, ge=0)
    points: float = Field(default=0.05, ge=0)  # subtracted per active violation point


class RankingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    period: str = Field(default="month", pattern="^month$")  # calendar months (as "2026-11")
    half_life_days: float = Field(default=90, gt=0)
    prior_weight: float = Field(default=5, ge=0)
    default_prior: float = Field(default=3.5, ge=1, le=5)  # a category with no evaluations
    responsiveness_target_hours: float = Field(default=24, gt=0)
    featured_per_category: int = Field(default=3, ge=0, le=20)
    min_evaluations: int = Field(default=3, ge=0)
    weights: Weights = Weights()


def load_ranking_config(path: Path) -> RankingConfig:
    data = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    return validated(RankingConfig, data, path.name)
