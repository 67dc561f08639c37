"""The load generator of bench/workers.py, in a process of its own so that it shares a GIL
with neither the fake Bot API nor the bench's own bookkeeping.

Each simulated user presses the result pages' Next and Previous in turn, one update at a time
(sent again after a 5xx until a worker takes it, as Telegram does), each to the next worker;
all users at once. After a warm-up, the updates acknowledged within the window are counted.

    python -m bench.load --webhooks URL[,URL…] --users 900000 --count 48 --first-id N
           [--warmup 2] [--seconds 10]

prints `window` as the window opens and as it closes, then one JSON line: the updates
acknowledged in the window, its seconds, all acknowledged (warm-up included), latency median
and p99 (s), refused answers by status, and the CPU seconds this process used in the window.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import resource
import statistics
import time
from typing import Any

from bot.loop import run
from handlers.conversations.search_query import Page
from tests.bot.workers import Telegram, press, session


def cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


async def drive(webhooks: list[str], users: list[int], first_id: int, warmup: float,
                seconds: float) -> dict[str, Any]:
    started = time.monotonic()
    window = (started + warmup, started + warmup + seconds)
    cpu: list[float] = []

    async def clock() -> None:
        for moment in window:
            await asyncio.sleep(moment - time.monotonic())
            cpu.append(cpu_seconds())
            print("window", flush=True)  # opens, closes: the bench reads the CPU then

    async with session() as http:
        telegram = Telegram(http, webhooks, ids=itertools.count(first_id))

        async def user(n: int, user_id: int) -> None:
            for k in itertools.count():
                if time.monotonic() >= window[1]:
                    return
                update = telegram.number(user_id, press(user_id, Page((k + 1) % 2).pack()))
                await telegram.deliver(update, (n + k) % len(webhooks))

        await asyncio.gather(clock(), *(user(n, u) for n, u in enumerate(users)))
    taken = [d for d in telegram.acknowledged
             if d.acknowledged_at is not None and window[0] <= d.acknowledged_at < window[1]]
    latencies = sorted(d.acknowledged_at - d.sent_at for d in taken
                       if d.acknowledged_at is not None)
    return {"updates": len(taken), "seconds": seconds, "total": len(telegram.acknowledged),
            "median": statistics.median(latencies) if latencies else None,
            "p99": latencies[int(len(latencies) * 0.99)] if latencies else None,
            "refused": dict(telegram.refused), "cpu": cpu[1] - cpu[0]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webhooks", required=True)
    parser.add_argument("--users", type=int, required=True, help="the first user's id")
    parser.add_argument("--count", type=int, required=True, help="how many users")
    parser.add_argument("--first-id", type=int, required=True, help="the first update_id")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    users = list(range(args.users, args.users + args.count))
    print(json.dumps(run(drive(args.webhooks.split(","), users, args.first_id, args.warmup,
                               args.seconds))), flush=True)
