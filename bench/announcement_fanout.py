"""Issue 12: one announcement to 100,000 Telegram followers.

- enqueue: the digest composed and fanned out to 100,000 followers in one transaction
  (target < 10 s), against the floor of bulk-inserting the same number of bare outbox rows;
- delivery: the rate the fake Bot API (its own process) sees, against the configured limit;
- replies: the p99 of replies to people chatting while the broadcast is delivered, against
  the same replies with no broadcast (target ≤ 1.5×).

    python -m bench.announcement_fanout [--followers 100000] [--rate 1000] [--deliver 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import func, insert, select

from bot.announcing import build_announcer
from bot.app import App, build_app
from bot.loop import run
from bot.settings import load_settings
from bot.telegram.run import delivery_for
from domain.models import (
    Account,
    Category,
    Certification,
    OutboxMessage,
    OutboxStatus,
    Provider,
    Subscription,
)
from handlers.engine.contract import Command, Incoming
from tests.bot.telegram.fake_api import TOKEN

from .telegram_delivery import fake_server, stats

MONDAY_1003 = datetime(2026, 11, 30, 2, 3, tzinfo=UTC)


class Clock:
    """Fixed at Monday 10:03 in Shanghai for the enqueue; real time moves after it."""

    def __init__(self) -> None:
        self.offset = MONDAY_1003 - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def followers(app: App, n: int) -> None:
    async with app.unit_of_work() as uow:
        now = uow.now()
        await uow.session.execute(insert(Account), [
            dict(platform="telegram", platform_id=str(200_000 + i), display_name="", language=
                 "zh" if i % 3 else "en", language_chosen=False, created_at=now)
            for i in range(n)])
        ids = list(await uow.session.scalars(select(Account.id).where(
            Account.platform == "telegram")))
        await uow.session.execute(insert(Subscription), [
            dict(account_id=i, platform="telegram", categories=[], active=True,
                 kinds=["digest", "spotlight"], created_at=now) for i in ids])
        category = await uow.session.scalar(select(Category.id).where(
            Category.code == "advertising"))
        for k in range(12):
            provider = Provider(company_name=f"Bench Ads {k}", contact_email=f"b{k}@x.example",
                                markets=["US"], languages=["en"], created_at=now)
            uow.session.add(provider)
            await uow.session.flush()
            uow.session.add(Certification(provider_id=provider.id, category_id=category,
                                          granted_at=now - timedelta(days=2),
                                          expires_at=now + timedelta(days=365)))
        await uow.commit()


async def floor(app: App, n: int) -> float:
    """The same number of bare outbox rows, bulk-inserted and rolled back."""
    async with app.unit_of_work() as uow:
        started = time.perf_counter()
        now = uow.now()
        rows = [dict(account_id=None, channel=None, kind="bench", params={}, attempts=0,
                     status=OutboxStatus.PENDING, next_attempt_at=now, created_at=now)
                for _ in range(n)]
        for i in range(0, n, 5000):
            await uow.session.execute(insert(OutboxMessage), rows[i:i + 5000])
        await uow.session.flush()
        return time.perf_counter() - started


async def replies(app: App, rounds: int) -> list[float]:
    """One user after another sends /subscriptions (a read and a state write each)."""
    times = []
    for i in range(rounds):
        incoming = Incoming(platform="telegram", user_id=str(900_000 + i % 50),
                            display_name="chatter", language="en",
                            dedupe_key=uuid.uuid4().hex, command=Command("subscriptions"))
        started = time.perf_counter()
        await app.dispatcher.handle(incoming)
        times.append(time.perf_counter() - started)
        await asyncio.sleep(0.005)  # people type; the worker gets the loop between updates
    return times


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


async def sent(app: App) -> int:
    async with app.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(OutboxMessage)
                                            .where(OutboxMessage.status == OutboxStatus.SENT)))


async def broadcast(app: App, rate: float, deliver: int, rounds: int) -> tuple[float, list]:
    """Deliver at `rate` (the fake server in its own process enforcing it) while people chat;
    returns the rate the server saw and the reply times during the broadcast."""
    process, url = await fake_server(rate)
    app.settings = app.settings.model_copy(update={"telegram_api_url": url})
    before = await sent(app)
    delivery = delivery_for(app, rate=rate)
    worker = asyncio.create_task(delivery.run())
    await asyncio.sleep(1.0)  # the broadcast is under way
    busy = await replies(app, rounds)
    while await sent(app) < before + deliver:
        await asyncio.sleep(0.1)
    worker.cancel()
    await asyncio.gather(worker, return_exceptions=True)
    await delivery.api.close()
    seen = await stats(url)
    process.terminate()
    await process.wait()
    times = sorted(at for _, at in seen["sent"])
    achieved = (len(times) - 1) / (times[-1] - times[0])
    print(f"delivery at a {rate:.0f}/s limit: {len(times)} messages at {achieved:.1f}/s = "
          f"{100 * achieved / rate:.1f}% (target ≥ 95%); 429 answered: "
          f"{seen['violations'] + seen['throttled']}")
    return achieved, busy


async def main(n: int, rate: float, deliver: int, rounds: int = 600) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'f.sqlite3'}",
                                 storage_dir=Path(tmp) / "s")
        settings = settings.model_copy(update={"telegram_token": SecretStr(TOKEN)})
        app = await build_app(settings, clock=Clock())
        await followers(app, n)
        base = await floor(app, n)
        started = time.perf_counter()
        outcome = await build_announcer(app).send("digest")
        enqueue = time.perf_counter() - started
        print(f"fan-out: {outcome.queued.get('followers', 0)} followers enqueued in "
              f"{enqueue:.2f}s (target < 10 s); bare bulk insert of as many rows "
              f"{base:.2f}s, ratio {enqueue / base:.2f}")
        # Quiet replies before and after each broadcast: the machine's own drift cancels out.
        quiet = await replies(app, rounds // 2)
        configured = settings.telegram_rate_global
        _, busy = await broadcast(app, configured, int(configured * 20), rounds)
        quiet += await replies(app, rounds // 2)
        _, stressed = await broadcast(app, rate, deliver, rounds)
        quiet += await replies(app, rounds // 2)
        await app.close()
    for label, times in ((f"the configured {configured:.0f}/s", busy),
                         (f"a {rate:.0f}/s stress", stressed)):
        print(f"replies during a broadcast at {label}: p99 {1000 * p99(times):.2f} ms vs "
              f"{1000 * p99(quiet):.2f} ms without, ratio {p99(times) / p99(quiet):.2f} "
              f"(target ≤ 1.5); medians {1000 * statistics.median(times):.2f} / "
              f"{1000 * statistics.median(quiet):.2f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--deliver", type=int, default=10_000)
    args = parser.parse_args()
    run(main(args.followers, args.rate, args.deliver))
