"""Issue 2: one update through the whole core — dedupe, state, service call, reply — for a
search-page turn, against a no-op command through the same core, with 100k providers."""

from __future__ import annotations

import statistics
import time
import uuid

from sqlalchemy import select

from bot.app import App
from domain.models import Account, Merchant, Role
from handlers.engine.context import Context
from handlers.engine.contract import ButtonPress, Command, Incoming, Reply
from handlers.engine.dispatch import Dispatcher
from handlers.engine.registry import build_router

ROUNDS = 300
USER = "bench-merchant"


async def noop(ctx: Context) -> Reply:
    return Reply("ok")


def dispatcher(app: App) -> Dispatcher:
    """The app's own core and conversations, plus a no-op command for the baseline."""
    router = build_router()
    router.command("bench_noop", noop)
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


def update(**kind: object) -> Incoming:
    return Incoming(platform="console", user_id=USER, display_name=USER, language="en",
                    dedupe_key=uuid.uuid4().hex, **kind)  # type: ignore[arg-type]


async def _time(core: Dispatcher, incoming: Incoming) -> float:
    started = time.perf_counter()
    replies = await core.handle(incoming)
    elapsed = time.perf_counter() - started
    assert replies, "the core answered nothing"
    return elapsed


async def measure(app: App) -> list[str]:
    await merchant(app)
    core = dispatcher(app)
    await core.handle(update(command=Command("search", "advertising")))
    page, noop_times = [], []
    for n in range(ROUNDS):
        noop_times.append(await _time(core, update(command=Command("bench_noop"))))
        page.append(await _time(core, update(press=ButtonPress(f"search:page:{(n + 1) % 2}"))))
    noop_ms, page_ms = statistics.median(noop_times) * 1000, statistics.median(page) * 1000
    return [f"core: no-op update median {noop_ms:.2f} ms; search-page update median "
            f"{page_ms:.2f} ms; ratio {page_ms / noop_ms:.2f} (target <= 3)",
            f"core: {ROUNDS / sum(page):.0f} search-page updates/s, {ROUNDS / sum(noop_times):.0f}"
            " no-op updates/s, one process (target >= 400/s)"]
