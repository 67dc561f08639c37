"""Issue 5: one search-page update through each library's dispatch, against its bare echo.

No network: aiogram gets a session and PTB a request object that answer every call at once.
"Ours" is the whole path (translation, the core's transaction, the search, rendering);
"echo" is the same library answering the text back with nothing behind it. The ratio is the
cost of everything the bot does per update, measured in units of the library's own overhead.

    python -m bench.telegram_dispatch [--providers 2000] [--rounds 300]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.types import Message, Update
from telegram import Update as PtbUpdate
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bot.app import App
from bot.loop import run
from bot.telegram.aiogram_frontend import AiogramFrontend
from bot.telegram.ptb_frontend import PtbFrontend
from domain.models import Account, Merchant, Role

from .market import say, sqlite_market

TOKEN = "42:BENCH"
USER = {"id": 777, "is_bot": False, "first_name": "Bench", "language_code": "en"}
BOT = {"id": 42, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
MESSAGE = {"message_id": 1, "date": 0, "chat": {"id": 777, "type": "private"}, "text": "ok"}


class NullSession(BaseSession):
    """aiogram without the network: every call succeeds at once."""

    async def make_request(self, bot: Bot, method: Any, timeout: int | None = None) -> Any:
        return True

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    async def close(self) -> None:
        return None


class NullRequest(BaseRequest):
    """python-telegram-bot without the network: canned JSON per method."""

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: Any = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        result = BOT if name == "getMe" else MESSAGE if "Message" in name else True
        return 200, json.dumps({"ok": True, "result": result}).encode()


def update(update_id: int, text: str) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "chat": {"id": 777, "type": "private"},
        "from": USER, "text": text}}


async def registered_merchant(app: App) -> None:
    async with app.unit_of_work() as uow:
        merchant = Merchant(shop_name="Bench Shop", markets=["US"], product_category="beauty",
                            gmv_band="100k_1m", created_at=uow.now())
        uow.session.add(merchant)
        await uow.session.flush()
        uow.session.add(Account(platform="telegram", platform_id=str(777 + int(time.time())),
                                display_name="bench", role=Role.MERCHANT,
                                merchant_id=merchant.id, created_at=uow.now()))
        await uow.commit()
    USER["id"] = 777 + int(time.time())  # a fresh user each run: no old conversation state


async def rate(feed: Any, text: str, rounds: int, ids: itertools.count) -> float:
    """Updates per second, after a warm-up."""
    for _ in range(10):
        await feed(update(next(ids), text))
    started = time.perf_counter()
    for _ in range(rounds):
        await feed(update(next(ids), text))
    return rounds / (time.perf_counter() - started)


async def aiogram_pair(app: App) -> tuple[Any, Any]:
    frontend = AiogramFrontend(app, "http://unused", TOKEN, session=NullSession())
    echo_bot, echo = Bot(TOKEN, session=NullSession()), Dispatcher()

    async def answer(message: Message) -> None:
        await message.answer(message.text or "")

    echo.message.register(answer)

    async def ours(data: dict[str, Any]) -> None:
        await frontend.dispatcher.feed_update(frontend.bot, Update.model_validate(data))

    async def bare(data: dict[str, Any]) -> None:
        await echo.feed_update(echo_bot, Update.model_validate(data))

    return ours, bare


async def ptb_pair(app: App) -> tuple[Any, Any]:
    frontend = PtbFrontend(app, "http://unused", TOKEN, request=NullRequest())
    await frontend.application.initialize()
    echo = Application.builder().token(TOKEN).request(NullRequest()).get_updates_request(
        NullRequest()).build()

    async def answer(update: PtbUpdate, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    echo.add_handler(TypeHandler(PtbUpdate, answer))
    await echo.initialize()

    async def ours(data: dict[str, Any]) -> None:
        await frontend.application.process_update(
            PtbUpdate.de_json(data, frontend.application.bot))

    async def bare(data: dict[str, Any]) -> None:
        await echo.process_update(PtbUpdate.de_json(data, echo.bot))

    return ours, bare


def _core(app: App) -> Any:
    """The same update straight into the core, for the front end's share of the cost."""
    from aiogram.types import Update as Parsed

    from bot.telegram import translate

    async def fetch(file_id: str) -> bytes:
        return b""

    async def core(data: dict[str, Any]) -> None:
        incoming = translate.incoming(Parsed.model_validate(data), fetch)
        assert incoming is not None
        await app.dispatcher.handle(incoming)

    return core


async def main(providers: int, rounds: int, query: str) -> None:
    async with sqlite_market(Path("var/bench/telegram.sqlite3"), providers) as app:
        await registered_merchant(app)
        ids = itertools.count(int(time.time() * 1000))
        say(f"update: '/search {query}' (page one of the market search), {rounds} rounds")
        for name, pair in (("aiogram", aiogram_pair), ("ptb", ptb_pair)):
            ours, bare = await pair(app)
            echo_rate = await rate(bare, "hello", rounds * 5, ids)
            our_rate = await rate(ours, f"/search {query}", rounds, ids)
            core_rate = await rate(_core(app), f"/search {query}", rounds, ids)
            print(f"{name:8s} front end's own share: {100 * (1 - our_rate / core_rate):4.1f}% "
                  f"(the core alone: {core_rate:.0f} updates/s)")
            print(f"{name:8s} search page {our_rate:8.0f} updates/s   bare echo "
                  f"{echo_rate:8.0f} updates/s   ratio {echo_rate / our_rate:5.1f} (target ≤ 3)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--query", default="advertising")
    args = parser.parse_args()
    run(main(args.providers, args.rounds, args.query))
