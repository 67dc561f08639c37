"""The fake Bot API in a process of its own, for benchmarks and multi-process tests.

In the client's process, even on its own thread, the fake shares the GIL: when the client is
busy, requests are timestamped late and in bunches, and the fake counts a burst that Telegram,
on another machine, would never see. `python -m tests.bot.telegram.fake_process [--rate 1000]`
prints its URL, then serves until killed; `benchStats` returns what it saw, `benchCalls` every
call in the order it arrived (what the worker tests read replies from).
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from aiohttp import web

from bot.loop import run
from tests.bot.telegram.fake_api import Call, FakeBotApi, _ok

# What a test reads of a call; the rest (uploaded bytes above all) stays in this process.
KEPT = ("chat_id", "message_id", "text", "reply_markup", "callback_query_id", "_ok")


class CountingFakeBotApi(FakeBotApi):
    async def _m_benchStats(self, call: Call) -> web.Response:
        return _ok({"sent": [[c.params["chat_id"], c.at] for c in self.sent],
                    "violations": self.violations, "throttled": self.throttled})

    async def _m_benchCalls(self, call: Call) -> web.Response:
        return _ok([_kept(c) for c in self.calls if not c.method.startswith("bench")])


def _kept(call: Call) -> dict[str, Any]:
    return {"method": call.method, "at": call.at,
            **{k: call.params[k] for k in KEPT if k in call.params}}


async def serve(rate: float | None) -> None:
    fake = CountingFakeBotApi()
    fake.rate_global = rate
    print(await fake.start(), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=None, help="messages/s (default: none)")
    run(serve(parser.parse_args().rate))
