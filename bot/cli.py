"""The command line. Every command migrates the database it is pointed at before using it."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from domain.ranking_config import ConfigError

from .announcing import add_parser as add_announce_parser
from .announcing import cmd_announce
from .app import App, build_app, one_line
from .locks import AlreadyRunning, FileLock, claim_database
from .loop import run
from .settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from .console import Console

log = logging.getLogger(__name__)

Runner = Callable[[App, argparse.Namespace], Coroutine[Any, Any, int]]
BESIDE = ("(a bot is running on this database: it sends the e-mails and runs the scheduled "
          "jobs; this chat shares its data)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Service Market Bot")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the bot (Telegram and/or WeChat when configured, "
                               "else the console)")
    chat = sub.add_parser("chat", help="chat in the terminal as any number of users")
    chat.add_argument("--script", metavar="FILE", help="play a JSON Lines transcript ('-': stdin)")
    chat.add_argument("--as", dest="user", default="me", help="who you are at first")
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"])
    demo = sub.add_parser("demo", help="seed deterministic demo data")
    demo.add_argument("--providers", type=int, default=300)
    demo.add_argument("--bulk", type=int, default=0, help="also add this many bulk providers")
    audit = sub.add_parser("audit", help="print the audit log as CSV")
    audit.add_argument("--since", required=True, type=_date, metavar="DATE",
                       help="first day to print, YYYY-MM-DD (UTC)")
    wechat = sub.add_parser("wechat", help="WeChat Official Account tasks")
    wechat.add_argument("action", choices=["menu"], help="menu: publish config/wechat_menu.toml")
    rank = sub.add_parser("rank", help="compute the period's rankings and featured providers")
    rank.add_argument("--period", help="YYYY-MM (default: the current month)")
    add_announce_parser(sub)
    return p


def _date(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expects a date like 2026-11-01, got {value!r}") from None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    runner = COMMANDS[args.command]
    try:  # before the database is touched: a second bot stops at once, having changed nothing
        args.owner = claim_database(settings.database_url) if args.command == "run" else None
    except AlreadyRunning as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:  # the lock file beside the database cannot be made
        print(f"Start-up error: {_cannot_open(exc)}", file=sys.stderr)
        return 2
    try:
        return run(_with_app(settings, runner, args))
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except SettingsError as exc:  # a setting that is well formed but does not work
        print(f"Start-up error: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.owner is not None:
            args.owner.release()


def _cannot_open(error: BaseException) -> SettingsError:
    return SettingsError(f"SMBOT_DATABASE_URL: cannot open the database: {one_line(error)}")


async def _with_app(settings: Settings, runner: Runner, args: argparse.Namespace) -> int:
    try:
        app = await build_app(settings, name=f"smbot {args.command}")
    except (OSError, SQLAlchemyError) as exc:
        log.debug("opening the database failed", exc_info=True)
        raise _cannot_open(exc) from None
    try:
        return await runner(app, args)
    finally:
        await app.close()


async def cmd_run(app: App, args: argparse.Namespace) -> int:
    from .frontends import platforms_configured, run_platforms

    if platforms_configured(app):
        from .stopping import stop_on_signals

        with stop_on_signals(app.settings.stop_seconds) as stop:
            return await _with_background(app, lambda: run_platforms(app, stop), args.owner)
    await _seed(app, providers=300, quiet=False)
    args.user, args.script = "me", None
    return await cmd_chat(app, args)


async def _with_background(app: App, work: Callable[[], Coroutine[Any, Any, int]],
                           owner: FileLock | None) -> int:
    """The mailer and the scheduled jobs run while the bot does (not in transcript mode).

    `run` has claimed a SQLite file already (`owner`). A `chat` beside a bot running on the
    same SQLite file leaves the mailer and the jobs to that bot (the file has one scheduler)
    and chats through short transactions of its own, as a transcript does.
    """
    from .announcing import jobs_for
    from .background import Background

    background = Background(app, jobs_for(app), owner=owner)
    try:
        background.start()
    except AlreadyRunning:
        print(BESIDE)
        return await work()
    try:
        return await work()
    finally:
        await background.close()


async def cmd_chat(app: App, args: argparse.Namespace) -> int:
    from .console import Console

    console = Console(app)
    if args.script is None:
        return await _with_background(app, lambda: _chat_then_zero(console, args.user),
                                      args.owner)
    stream = sys.stdin if args.script == "-" else open(args.script, encoding="utf-8")  # noqa: SIM115
    with stream:
        failures = await console.play(stream, sys.stdout, sys.stderr)
    return 1 if failures else 0


async def _chat_then_zero(console: Console, user: str) -> int:
    from .chat_terminal import chat

    await chat(console, user)
    return 0


async def cmd_db(app: App, args: argparse.Namespace) -> int:
    print("database is at the newest schema")  # build_app has migrated it
    return 0


async def cmd_demo(app: App, args: argparse.Namespace) -> int:
    await _seed(app, providers=args.providers, quiet=False, bulk=args.bulk)
    return 0


async def _seed(app: App, *, providers: int, quiet: bool, bulk: int = 0) -> None:
    from demo.seed import bulk_providers, seed_demo
    from domain.adapters.search_index import reindex_all

    from .progress import Progress

    async with app.unit_of_work() as uow:
        summary = await seed_demo(uow, providers=providers,
                                  progress=None if quiet else Progress("demo data"))
        if bulk:
            await bulk_providers(uow, bulk, progress=Progress("bulk providers"))
            await reindex_all(uow, progress=Progress("search index"))
        await uow.commit()
    if not quiet and summary.providers:
        print(f"seeded {summary.providers} providers and {summary.merchants} merchants",
              file=sys.stderr)


async def cmd_audit(app: App, args: argparse.Namespace) -> int:
    """Every decision since the date, as CSV on standard output (header line first)."""
    from domain.actor import SYSTEM
    from domain.services.audit import AuditLog, to_csv

    async with app.unit_of_work() as uow:  # rendered inside: leaving rolls back and expires
        sys.stdout.write(to_csv(await AuditLog(uow).since(SYSTEM, args.since)))
    return 0


async def cmd_wechat(app: App, args: argparse.Namespace) -> int:
    from .frontends import wechat_menu

    return await wechat_menu(app)


async def cmd_rank(app: App, args: argparse.Namespace) -> int:
    """Rank every category for the period; prints how many providers and featured ones."""
    from domain.services.ranking import Rankings

    from .progress import Progress

    async with app.unit_of_work() as uow:
        try:
            scored = await Rankings(uow, app.ranking).compute(args.period, Progress("ranking"))
        except ValueError as exc:
            print(f"rank: {exc}", file=sys.stderr)
            return 2
        await uow.commit()
    overall = [s for s in scored if s.market == "*"]
    print(f"ranked {len(overall)} provider-categories ({len(scored)} rows with markets); "
          f"featured {sum(s.featured for s in overall)}")
    return 0


COMMANDS: dict[str, Runner] = {"run": cmd_run, "chat": cmd_chat, "db": cmd_db, "demo": cmd_demo,
                               "audit": cmd_audit, "wechat": cmd_wechat, "rank": cmd_rank,
                               "announce": cmd_announce}
