"""`python -m bench`: every benchmark, figures printed (progress goes to stderr).

Options: --providers N (100000), --sqlite PATH (kept between runs), --pg URL (a schema of
its own, dropped afterwards; --pg "" skips PostgreSQL), --no-telegram (skips the Telegram
dispatch, delivery and announcement benchmarks, also runnable alone as
`python -m bench.telegram_dispatch`, `python -m bench.telegram_delivery` and
`python -m bench.announcement_fanout`), --no-wechat (skips the WeChat callback benchmark,
also runnable alone as `python -m bench.wechat_callback`), --workers (adds the updates per
second through 1, 2 and 3 webhook worker processes on PostgreSQL, some minutes; also runnable
alone as `python -m bench.workers --pg URL`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.loop import run

from . import (
    announcement_fanout,
    core_speed,
    search_speed,
    telegram_delivery,
    telegram_dispatch,
    wechat_callback,
    workers,
)
from .market import postgres_market, sqlite_market

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


async def main(args: argparse.Namespace) -> list[str]:
    lines = [f"market: {args.providers} providers"]
    async with sqlite_market(Path(args.sqlite), args.providers) as app:
        lines += await core_speed.measure(app)
        lines += search_speed.report("SQLite", await search_speed.measure(app))
    print("\n".join(lines), flush=True)
    if args.pg:
        async with postgres_market(args.pg, args.providers) as app:
            pg = await core_speed.measure(app)
            pg += search_speed.report("PostgreSQL", await search_speed.measure(app))
        print("\n".join(pg), flush=True)
        lines += pg
    if args.telegram:
        await telegram_dispatch.main(providers=2000, rounds=300, query="advertising")
        await telegram_delivery.main(messages=10_000, rate=1000)
        await announcement_fanout.main(100_000, rate=1000, deliver=10_000)
    if args.wechat:
        await wechat_callback.main(providers=2000, rounds=300, query="advertising")
    if args.workers and args.pg:
        lines += await workers.main(args.pg, providers=3000, users=48, seconds=5, turns=2)
    return lines


def cli() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--sqlite", default="var/bench/market.sqlite3")
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--no-telegram", dest="telegram", action="store_false")
    parser.add_argument("--no-wechat", dest="wechat", action="store_false")
    parser.add_argument("--workers", action="store_true")
    run(main(parser.parse_args()))


cli()
