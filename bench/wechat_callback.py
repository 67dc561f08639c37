"""Issue 11: a search-page update through the WeChat callback (plain and safe mode), against
the same update through the console front end.

The callback is served over real HTTP on loopback, and each push is signed (and in safe
mode AES-encrypted) the way WeChat does it; the reply is read (and decrypted) by the client.
Pushes go one after another, so updates/s is the inverse of the mean latency, and the p99 is
that of the passive reply as WeChat would wait for it (target: under 1 s, far below 5 s).

    python -m bench.wechat_callback [--providers 2000] [--rounds 300]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import statistics
import time
from pathlib import Path

import aiohttp
from wechatpy.crypto import WeChatCrypto

from bot.app import App
from bot.console import Console
from bot.http_server import base_app, serve
from bot.loop import run
from bot.wechat.run import add_routes, build_wechat
from domain.models import Account, Merchant, Role

from .market import say, sqlite_market

APP_ID, TOKEN = "wxbench0000000001", "BenchToken1"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


async def merchant(app: App, platform: str, platform_id: str) -> None:
    async with app.unit_of_work() as uow:
        row = Merchant(shop_name="Bench Shop", markets=["US"], product_category="beauty",
                       gmv_band="100k_1m", created_at=uow.now())
        uow.session.add(row)
        await uow.session.flush()
        uow.session.add(Account(platform=platform, platform_id=platform_id, language="en",
                                display_name="bench", role=Role.MERCHANT, merchant_id=row.id,
                                created_at=uow.now()))
        await uow.commit()


def signed(text: str, openid: str, msg_id: int, crypto: WeChatCrypto | None
           ) -> tuple[dict[str, str], bytes]:
    stamp, nonce = str(int(time.time())), str(msg_id)
    query = {"timestamp": stamp, "nonce": nonce,
             "signature": hashlib.sha1("".join(sorted([TOKEN, stamp, nonce])).encode()
                                       ).hexdigest()}
    xml = (f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
           f"</FromUserName><CreateTime>{stamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>")
    if crypto is None:
        return query, xml.encode()
    envelope = crypto.encrypt_message(xml, nonce, stamp)
    encrypted = envelope.split("<Encrypt><![CDATA[", 1)[1].split("]]>", 1)[0]
    query |= {"encrypt_type": "aes", "msg_signature": hashlib.sha1(
        "".join(sorted([TOKEN, stamp, nonce, encrypted])).encode()).hexdigest()}
    return query, f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()


class Callback:
    """One WeChat front end (plain or safe mode) served over HTTP, and a client pushing to it."""

    def __init__(self, app: App, mode: str) -> None:
        self.app, self.mode = app, mode
        self.aes = AES_KEY if mode == "safe" else None
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID) if self.aes else None
        self.openid = f"obench{mode}{int(time.time())}"

    async def start(self) -> None:
        app = self.app
        app.settings = app.settings.model_validate({
            **app.settings.model_dump(), "wechat_app_id": APP_ID, "wechat_app_secret": "x" * 32,
            "wechat_token": TOKEN, "wechat_aes_key": self.aes,
            "wechat_api_url": "http://127.0.0.1:9"})  # a known user: no API call is made
        self.frontend = build_wechat(app)
        web_app = base_app(app)
        add_routes(web_app, self.frontend, None)
        self.runner = await serve(web_app, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/wechat"
        self.http = aiohttp.ClientSession()
        await merchant(app, "wechat", self.openid)

    async def push(self, text: str, msg_id: int) -> str:
        query, body = signed(text, self.openid, msg_id, self.crypto)
        async with self.http.post(self.url, params=query, data=body) as response:
            answer = await response.text()
        assert response.status == 200, answer
        if self.crypto is not None:
            answer = self.crypto.decrypt_message(answer, *_signature_of(answer))
        return answer

    async def close(self) -> None:
        await self.http.close()
        await self.frontend.close()
        await self.frontend.api.close()
        await self.runner.cleanup()


def _signature_of(xml: str) -> tuple[str, str, str]:
    def field(name: str) -> str:
        rest = xml.split(f"<{name}>", 1)[1].split(f"</{name}>", 1)[0]
        return rest.removeprefix("<![CDATA[").removesuffix("]]>")

    return field("MsgSignature"), field("TimeStamp"), field("Nonce")


async def main(providers: int, rounds: int, query: str) -> None:
    """Console, plain and safe mode take turns, update by update, so that a busy machine
    slows all three alike and the ratios stay fair."""
    async with sqlite_market(Path("var/bench/wechat.sqlite3"), providers) as app:
        ids = itertools.count(int(time.time() * 1000))
        text = f"/search {query}"
        say(f"update: '{text}' (page one of the market search), {rounds} rounds")
        handle = f"bench{int(time.time())}"
        await merchant(app, "console", handle)
        console = Console(app)
        callbacks = [Callback(app, "plain"), Callback(app, "safe")]
        for callback in callbacks:
            await callback.start()
        times: dict[str, list[float]] = {"console": [], "plain": [], "safe": []}
        try:
            for _ in range(rounds + 10):
                started = time.perf_counter()
                await console.send(handle, text=text)
                times["console"].append(time.perf_counter() - started)
                for callback in callbacks:
                    started = time.perf_counter()
                    answer = await callback.push(text, next(ids))
                    times[callback.mode].append(time.perf_counter() - started)
                    assert "[1]" in answer, answer  # the search page, options numbered
        finally:
            for callback in callbacks:
                await callback.close()
        report({name: spent[10:] for name, spent in times.items()})


def report(times: dict[str, list[float]]) -> None:
    console = len(times["console"]) / sum(times["console"])
    print(f"console        search page {console:6.0f} updates/s")
    for mode in ("plain", "safe"):
        rate = len(times[mode]) / sum(times[mode])
        p99 = statistics.quantiles(times[mode], n=100)[98]
        print(f"wechat ({mode:5s}) search page {rate:6.0f} updates/s   ratio to the console "
              f"{console / rate:4.2f}   passive reply p99 {p99 * 1000:6.1f} ms "
              "(target < 1000 ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--query", default="advertising")
    args = parser.parse_args()
    run(main(args.providers, args.rounds, args.query))
