"""config/announcements.toml: cron schedules (weekday names) in the configured time zone."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.ranking_config import validated

WEEKDAY = re.compile(r"^(\*|(mon|tue|wed|thu|fri|sat|sun)([-,](mon|tue|wed|thu|fri|sat|sun))*)$")


class Schedules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    digest: str = "0 10 * * mon"
    spotlight: str = "0 10 1 * *"
    ranking: str = "30 3 * * *"  # the daily ranking run, before the spotlight

    @field_validator("digest", "spotlight", "ranking")
    @classmethod
    def _cron(cls, value: str) -> str:
        fields = value.split()
        if len(fields) != 5:
            raise ValueError(f"expects five cron fields (minute hour day month weekday), "
                             f"got {value!r}")
        if not WEEKDAY.match(fields[4].lower()):
            # from_crontab counts Monday as 0, unlike cron: names cannot be misread.
            raise ValueError(f"write weekdays as names (mon, tue, …), got {fields[4]!r}")
        CronTrigger.from_crontab(value)  # raises ValueError on anything else malformed
        return value


class AnnouncementConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schedules: Schedules = Schedules()
    misfire_grace_seconds: int = Field(default=3600, ge=1)
    providers_per_category: int = Field(default=10, ge=1, le=50)
    wechat_text_bytes: int = Field(default=1900, ge=200, le=2000)

    def trigger(self, name: str, timezone: str) -> CronTrigger:
        return CronTrigger.from_crontab(getattr(self.schedules, name), timezone=timezone)


def load_announcement_config(path: Path) -> AnnouncementConfig:
    data = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    return validated(AnnouncementConfig, data, path.name)
