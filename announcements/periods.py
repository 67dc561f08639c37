"""Which period a schedule's run belongs to, and the run that is due now.

An announcement is unique per kind and period, so "due and missing" is a question about the
last fire time of a schedule: its period either has an announcement or it does not.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

LOOKBACK = timedelta(days=40)  # longer than any schedule's gap (monthly at most)


def last_fire(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The latest fire time at or before `now` (None if none in the last 40 days)."""
    fire = trigger.get_next_fire_time(None, now - LOOKBACK)
    last = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return last


def period_of(kind: str, fire: datetime) -> str:
    """Digest: the ISO week of its run ("2026-W49"); spotlight: the month ("2026-12")."""
    if kind == "digest":
        year, week, _ = fire.isocalendar()
        return f"{year}-W{week:02d}"
    return fire.strftime("%Y-%m")


def window(trigger: CronTrigger, fire: datetime) -> tuple[datetime, datetime]:
    """What a digest covers: from the run before this one up to this one."""
    before = last_fire(trigger, fire - timedelta(seconds=1))
    return (before or fire - timedelta(days=7)), fire
