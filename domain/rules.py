"""The market's tunable rules, read from config/rules.toml; services enforce them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LadderStep:
    points: int
    suspend_days: int | None  # None: expel


@dataclass(frozen=True)
class Rules:
    binding_durations: tuple[int, ...] = (30, 90, 180, 365)
    binding_reminder_days: int = 7
    evaluation_window_days: int = 90
    reports_per_day: int = 5
    certification_months: int = 12
    renewal_window_days: int = 60  # a certification can be renewed this long before it ends
    renewal_reminders: tuple[int, ...] = (30, 7)  # days before the end the provider is reminded
    appeal_window_days: int = 14
    points_expire_days: int = 180
    ladder: tuple[LadderStep, ...] = field(
        default_factory=lambda: (LadderStep(12, 7), LadderStep(24, 30), LadderStep(48, None))
    )
    max_file_bytes: int = 10 * 1024 * 1024
    markets: tuple[str, ...] = ("US", "UK", "EU", "SEA", "ME", "JPKR", "LATAM", "AU")
    languages: tuple[str, ...] = ("en", "zh", "es", "de", "fr", "ja", "ko", "ar", "id", "th")


def load_rules(path: Path, **overrides: object) -> Rules:
    """Rules from a TOML file; missing keys keep their defaults."""
    data = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    ladder = tuple(
        LadderStep(int(s["points"]), s.get("suspend_days")) for s in data.pop("ladder", [])
    )
    for key in ("binding_durations", "markets", "languages", "renewal_reminders"):
        if key in data:
            data[key] = tuple(data[key])
    if ladder:
        data["ladder"] = tuple(sorted(ladder, key=lambda s: s.points))
    data.update(overrides)
    return Rules(**data)
