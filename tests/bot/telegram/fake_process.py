"""The fake Bot API in a process of its own, for the delivery benchmark.

In the client's process, even on its own thread, the fake shares the GIL: when the client is
busy, requests are timestamped late and in bunches, and the fake counts a burst that Telegram,
on another machine, would never see. `python -m tests.bot.telegram.fake_process --rate 1000`
prints its URL, then serves until killed; `benchStats` returns what it saw.
"""

from __future__ import annotations

import argparse
import asyncio

from aiohttp import web

from tests.bot.telegram.fake_api import Call, FakeBotApi, _ok


class CountingFakeBotApi(FakeBotApi):
    async def _m_benchStats(self, call: Call) -> web.Response:
        return _ok({"sent": [[c.params["chat_id"], c.at] for c in self.sent],
                    "violations": self.violations, "throttled": self.throttled})


async def serve(rate: float) -> None:
    fake = CountingFakeBotApi()
    fake.rate_global = rate
    print(await fake.start(), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, required=True)
    asyncio.run(serve(parser.parse_args().rate))
