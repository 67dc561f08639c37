"""Issues 2 and 14: one update through the whole core — dedupe, state, the search page,
reply — against a no-op command through the same core, and against a plain aiogram +
SQLAlchemy bot doing the same page in one transaction (bench/plain_bot.py), taking turns in
the same process on the same database; with the statements and round trips per update.

The page presses alternate between pages 2 and 1 of `/search advertising` (12,485 of the
100,000 providers): each press edits the results in place and writes the page to the state.
"""

from __future__ import annotations

import itertools
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App
from domain.models import Account, Merchant, Role
from handlers.engine.context import Context
from handlers.engine.contract import ButtonPress, Command, Incoming, Reply
from handlers.engine.dispatch import Dispatcher
from handlers.engine.registry import build_router
from handlers.engine.turns import Turns

from .plain_bot import callback, plain_bot, plain_engine
from .statements import counting

ROUNDS = 500
TURN = 10  # updates per side per turn: both sides see the same load
USER = "bench-merchant"
WORDS = "advertising"
TELEGRAM_USER: dict[str, Any] = {"id": 4242, "is_bot": False, "first_name": "Plain",
                                 "language_code": "en"}


async def noop(ctx: Context) -> Reply:
    return Reply("ok")


def dispatcher(app: App) -> Dispatcher:
    """The app's own core and conversations, plus a no-op command that keeps the search."""
    router = build_router()
    router.command("bench_noop", noop, keeps_state=True)
    core = app.dispatcher
    return Dispatcher(env=app.env, router=router, translator=core.translator,
                      operators=core.operators, links=core.links)


async def merchant(app: App) -> None:
    async with app.unit_of_work() as uow:
        if await uow.session.scalar(select(Account.id).where(Account.platform_id == USER)):
            return
        shop = Merchant(shop_name="Bench Shop", markets=["US"], product_category="beauty",
                        gmv_band="100k_1m", created_at=uow.now())
        uow.session.add(shop)
        await uow.session.flush()
        uow.session.add(Account(platform="console", platform_id=USER, display_name=USER,
                                role=Role.MERCHANT, merchant_id=shop.id, created_at=uow.now()))
        await uow.commit()


SEQUENCE = itertools.count(1)


def update(**kind: object) -> Incoming:
    """With a sequence number, as Telegram's update_id: on PostgreSQL the update goes through
    the inbox that keeps a user's updates in order across workers, as every real one does."""
    return Incoming(platform="console", user_id=USER, display_name=USER, language="en",
                    dedupe_key=uuid.uuid4().hex, sequence=next(SEQUENCE),
                    **kind)  # type: ignore[arg-type]


def page_press(n: int) -> Incoming:
    return update(press=ButtonPress(f"search:page:{(n + 1) % 2}"))


async def _page(core: Turns, n: int) -> None:
    replies = await core.take(page_press(n))
    # A results page, edited in place: not a stale-button answer or an error.
    assert replies and replies[0].replace and WORDS in replies[0].text, replies


async def _timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


async def measure(app: App) -> list[str]:
    await merchant(app)
    core = Turns(dispatcher(app), app.engine)  # the way every front end hands an update in
    await core.take(update(command=Command("search", WORDS)))
    engine = await plain_engine(app.engine)
    try:
        return await _measure(app, core, engine)
    finally:
        await engine.dispose()
        await core.close()


async def _measure(app: App, core: Turns, engine: AsyncEngine) -> list[str]:
    label = "PostgreSQL" if app.env.dialect == "postgresql" else "SQLite"
    plain = await plain_bot(engine, TELEGRAM_USER["id"], WORDS)
    ids = itertools.count(int(time.time() * 1000))

    async def plain_page(n: int) -> None:
        await plain(callback(next(ids), TELEGRAM_USER, f"page:{(n + 1) % 2}"))

    for n in range(20):  # warm up both (statement caches, jieba, the pool)
        await _page(core, n)
        await plain_page(n)
    with counting(app.engine) as ours:
        for n in range(10):
            await _page(core, n)
    with counting(engine) as theirs:
        for n in range(10):
            await plain_page(n)
    page, noop_times, plain_times = [], [], []
    async def nothing() -> None:
        await core.take(update(command=Command("bench_noop")))

    for start in range(0, ROUNDS, TURN):
        for n in range(start, start + TURN):
            noop_times.append(await _timed(nothing))
            page.append(await _timed(partial(_page, core, n)))
        for n in range(start, start + TURN):
            plain_times.append(await _timed(partial(plain_page, n)))
    noop_ms, page_ms = statistics.median(noop_times) * 1000, statistics.median(page) * 1000
    plain_ms = statistics.median(plain_times) * 1000
    ours_rate, plain_rate = ROUNDS / sum(page), ROUNDS / sum(plain_times)
    goal = 1000 if app.env.dialect == "postgresql" else 800
    return [f"core ({label}): no-op update median {noop_ms:.2f} ms; search-page update median "
            f"{page_ms:.2f} ms; ratio {page_ms / noop_ms:.2f} (target <= 3)",
            f"core ({label}): {ours_rate:.0f} search-page updates/s in one process; a plain "
            f"aiogram + SQLAlchemy bot {plain_rate:.0f}/s; ratio {ours_rate / plain_rate:.2f}; "
            f"medians {page_ms:.2f} vs {plain_ms:.2f} ms, ratio {plain_ms / page_ms:.2f} "
            f"(target >= {goal}/s, >= 2.5)",
            f"core ({label}): {ours.per(10)}",
            f"plain bot ({label}): {theirs.per(10)}"]
