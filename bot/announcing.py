"""Wiring announcements to the app, and `python -m bot announce list|preview|send`."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime

from announcements.config import load_announcement_config
from announcements.fanout import Channels
from announcements.jobs import ScheduledJob, build_jobs
from announcements.periods import last_fire
from announcements.service import Announcer

from .app import App
from .progress import Progress


def build_announcer(app: App) -> Announcer:
    """Links are the Telegram deep links once the bot's username is known (else /start p_N)."""
    s = app.settings
    config = load_announcement_config(s.config_dir / "announcements.toml")
    channels = Channels(telegram_channel=s.telegram_channel, wechat_account=s.wechat_account,
                        timezone=s.timezone, wechat_enabled=s.wechat_app_id is not None)

    def link(provider_id: int) -> str:
        return app.dispatcher.links.start(f"p_{provider_id}") or f"/start p_{provider_id}"

    return Announcer(app.env, config, app.ranking, channels, link)


def jobs_for(app: App) -> list[ScheduledJob]:
    """The scheduled jobs for the leader's scheduler (digest, spotlight, daily ranking).

    Each waits, at most briefly, for the Telegram front end to learn the bot's username:
    a catch-up at start-up must link cards with t.me deep links, not bare commands.
    """
    def after_links(work: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[object]]:
        async def run() -> object:
            await links_ready(app)
            return await work()

        return run

    jobs = [dataclasses.replace(job, run=after_links(job.run), catch_up=None
                                if job.catch_up is None else after_links(job.catch_up))
            for job in build_jobs(build_announcer(app))]
    if app.settings.wechat_app_id is not None:
        from .wechat.mass import mass_send_job

        jobs.append(mass_send_job(app))
    return jobs


async def links_ready(app: App, timeout: float = 30.0) -> None:
    if app.settings.telegram_token is None or app.dispatcher.links.telegram_bot:
        return
    for _ in range(int(timeout * 10)):
        if app.dispatcher.links.telegram_bot:
            return
        await asyncio.sleep(0.1)


async def learn_links(app: App) -> None:
    """The CLI has no running front end: ask Telegram for the bot's username (getMe)."""
    if app.settings.telegram_token is None or app.dispatcher.links.telegram_bot:
        return
    from handlers.engine.context import Links

    from .telegram.api import BotApi

    api = BotApi(app.settings.telegram_api_url, app.settings.telegram_token.get_secret_value(),
                 timeout=10)
    try:
        me = await api.call("getMe")
        app.dispatcher.links = Links(telegram_bot=me.get("username") or None)
    except Exception as exc:  # the text still works with /start p_N links
        print(f"announce: Telegram's getMe failed ({exc}); cards linked as /start p_N",
              file=sys.stderr)
    finally:
        await api.close()


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("announce", help="official announcements: list, preview, send")
    action = p.add_subparsers(dest="action", required=True)
    action.add_parser("list", help="schedules, next runs, the last announcements and counts")
    for name in ("preview", "send"):
        a = action.add_parser(name, help=f"{name} the digest or the spotlight")
        a.add_argument("kind", choices=["digest", "spotlight"])
        a.add_argument("--period", help="2026-W49 (digest) or 2026-12 (spotlight); "
                                        "default: the last one due")
        if name == "preview":
            a.add_argument("--lang", choices=["en", "zh"], default="en")
            a.add_argument("--wechat", action="store_true", help="the WeChat text instead")


async def cmd_announce(app: App, args: argparse.Namespace) -> int:
    if args.action != "list":
        await learn_links(app)
    announcer = build_announcer(app)
    try:
        if args.action == "preview":
            print(await announcer.preview(args.kind, args.period, args.lang, args.wechat))
        elif args.action == "send":
            outcome = await announcer.send(args.kind, args.period, Progress("enqueuing"))
            if not outcome.created:
                print(f"the {outcome.kind} of {outcome.period} was already announced "
                      f"(#{outcome.announcement_id}); nothing sent")
            else:
                print(f"announced {outcome.kind} {outcome.period} (#{outcome.announcement_id}): "
                      f"queued {_pairs(outcome.queued)}; skipped {_pairs(outcome.skipped)}")
        else:
            await _list(app, announcer)
    except ValueError as exc:
        print(f"announce: {exc}", file=sys.stderr)
        return 2
    return 0


def _pairs(values: dict) -> str:
    return ", ".join(f"{k}: {v}" for k, v in values.items()) or "none"


async def _list(app: App, announcer: Announcer) -> None:
    now = app.env.clock()
    for job in jobs_for(app):
        if job.id == "adhoc":
            continue  # not a schedule: operators' announcements go out as they are confirmed
        last = last_fire(job.trigger, now)
        upcoming: datetime | None = job.trigger.get_next_fire_time(last, now)
        print(f"{job.id:<10} {getattr(announcer.config.schedules, job.id)!r:<16} "
              f"next {upcoming:%Y-%m-%d %H:%M %Z}" if upcoming else f"{job.id}: never")
    print()
    for ann in await announcer.recent():
        print(f"#{ann.id} {ann.kind} {ann.period} {ann.status} ({ann.at} UTC)")
        for channel, tally in sorted(ann.counts.items()):
            print(f"    {channel}: {_pairs(tally)}")
