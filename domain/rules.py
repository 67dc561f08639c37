"""The market's tunable rules, read from config/rules.toml; services enforce them.

The file is read through the `Rules` model: a value of the wrong type or a misspelt key stops
start-up with one line naming it, instead of a silent default or a bare TypeError later.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .config_file import display_name, read_toml, validated

FROZEN = ConfigDict(extra="forbid", frozen=True)


class LadderStep(BaseModel):
    model_config = FROZEN

    points: int = Field(gt=0)
    suspend_days: int | None = Field(default=None, gt=0)  # None: expel


class Rules(BaseModel):
    model_config = FROZEN

    binding_durations: tuple[int, ...] = Field(default=(30, 90, 180, 365), min_length=1)
    binding_reminder_days: int = Field(default=7, ge=0)
    evaluation_window_days: int = Field(default=90, ge=0)
    reports_per_day: int = Field(default=5, ge=0)
    certification_months: int = Field(default=12, gt=0)
    renewal_window_days: int = Field(default=60, ge=0)  # renewable this long before the end
    renewal_reminders: tuple[int, ...] = (30, 7)  # days before the end the provider is reminded
    appeal_window_days: int = Field(default=14, ge=0)
    points_expire_days: int = Field(default=180, gt=0)
    ladder: tuple[LadderStep, ...] = (LadderStep(points=12, suspend_days=7),
                                      LadderStep(points=24, suspend_days=30),
                                      LadderStep(points=48))
    max_file_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    markets: tuple[str, ...] = ("US", "UK", "EU", "SEA", "ME", "JPKR", "LATAM", "AU")
    languages: tuple[str, ...] = ("en", "zh", "es", "de", "fr", "ja", "ko", "ar", "id", "th")

    @field_validator("binding_durations")
    @classmethod
    def _positive_durations(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(days <= 0 for days in value):
            raise ValueError("expects days greater than 0")
        return value

    @field_validator("ladder")
    @classmethod
    def _by_points(cls, value: tuple[LadderStep, ...]) -> tuple[LadderStep, ...]:
        return tuple(sorted(value, key=lambda step: step.points))


def load_rules(path: Path, **overrides: object) -> Rules:
    """Rules from a TOML file; missing keys keep their defaults, `overrides` (from settings)
    win over the file."""
    name = display_name(path)
    return validated(Rules, {**read_toml(path, name), **overrides}, name)
