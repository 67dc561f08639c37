"""Issue 14: search-page updates per second through 1, 2 and 3 webhook worker processes on one
PostgreSQL database.

Real processes over real HTTP: `python -m bot run` workers in webhook mode (tests/bot/workers.py),
the fake Bot API in a process of its own, and the load generator (bench/load.py) in another,
so that neither shares a GIL with a worker or with the other. Registered merchants page through
the results of `/search advertising` in a market of a few thousand providers, each user one
update at a time, each update to the next worker. The figure is the updates acknowledged per
second after a warm-up; the CPU each process used per update shows where the time goes (the
database server's share is the rest). On a 2-core machine PostgreSQL, the fake, the load and
the workers share the two cores: the goal is 2 workers ≥ 1.5× one.

    python -m bench.workers [--pg URL] [--providers 3000] [--users 48] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bot.app import build_app
from bot.loop import run
from bot.settings import ROOT, load_settings
from domain.models import Account, Merchant, Role
from domain.services.ranking import Rankings
from tests.bot.workers import (
    FakeProcess,
    Telegram,
    Workers,
    fake_process,
    message,
    session,
    webhook_workers,
)

from .market import populate, postgres_database, say

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
FIRST_USER = 900_000
COUNTS = (1, 2, 3)


async def market(url: str, tmp: Path, providers: int, users: int) -> None:
    """Providers, their search index and this period's ranking (else the first worker to
    lead ranks them while the load runs), and `users` registered merchants on Telegram."""
    app = await build_app(load_settings(database_url=url, storage_dir=tmp / "storage"))
    try:
        await populate(app, providers)
        async with app.unit_of_work() as uow:
            await Rankings(uow, app.ranking).compute()
            await uow.commit()
        async with app.unit_of_work() as uow:
            for user in range(FIRST_USER, FIRST_USER + users):
                shop = Merchant(shop_name=f"Bench Shop {user}", markets=["US"],
                                product_category="beauty", gmv_band="100k_1m",
                                created_at=uow.now())
                uow.session.add(shop)
                await uow.session.flush()
                uow.session.add(Account(platform="telegram", platform_id=str(user),
                                        language="en", display_name="bench", role=Role.MERCHANT,
                                        merchant_id=shop.id, created_at=uow.now()))
            await uow.commit()
    finally:
        await app.close()


def cpu_seconds(pid: int) -> float:
    """User and system time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(database: str) -> float:
    """CPU seconds so far of the PostgreSQL backends serving `database` on this machine (and
    of the server's own background processes, which work for whoever writes)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres: ") and (f" {database} " in command
                                                 or "writer" in command):
            total += cpu_seconds(int(proc.name))
    return total


async def quiet(pids: list[int], timeout: float = 120) -> None:
    """Until the workers have finished what they do on starting (the leader's catch-up): less
    than 5% of a core between them over a second."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        before = sum(cpu_seconds(pid) for pid in pids)
        await asyncio.sleep(1.0)
        if sum(cpu_seconds(pid) for pid in pids) - before < 0.05:
            return
    say("  the workers never went quiet: measuring anyway")


async def search_first(workers: Workers, users: int, first_id: int) -> None:
    """Each user's `/search advertising`: the results whose pages the load turns."""
    async with session() as http:
        telegram = Telegram(http, workers.webhooks, ids=iter(range(first_id, first_id + users)))
        await asyncio.gather(*(
            telegram.deliver(telegram.number(user, message(user, "/search advertising")),
                             n % len(workers.webhooks))
            for n, user in enumerate(range(FIRST_USER, FIRST_USER + users))))


async def load(webhooks: list[str], users: int, first_id: int, seconds: float
               ) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.load", "--webhooks", ",".join(webhooks),
        "--users", str(FIRST_USER), "--count", str(users), "--first-id", str(first_id),
        "--seconds", str(seconds), stdout=asyncio.subprocess.PIPE, cwd=ROOT)
    out, _ = await process.communicate()
    assert process.returncode == 0, "the load generator failed"
    return dict(json.loads(out))


def cpu_by_part(workers: list[int], fake: int, database: str) -> dict[str, float]:
    return {"workers": sum(cpu_seconds(pid) for pid in workers), "fake": cpu_seconds(fake),
            "server": server_cpu(database)}


async def measure(url: str, tmp: Path, fake: FakeProcess, count: int, users: int,
                  seconds: float, first_id: int) -> dict[str, Any]:
    """One round: `count` workers started afresh, the searches, then the load."""
    database = make_url(url).database or ""
    async with webhook_workers(tmp, url, fake.url, count) as workers:
        pids = [p.process.pid for p in workers.processes if p.process is not None]
        await search_first(workers, users, first_id)
        await quiet(pids)
        before = cpu_by_part(pids, fake.process.pid, database)
        result = await load(workers.webhooks, users, first_id + users, seconds)
        after = cpu_by_part(pids, fake.process.pid, database)
        problems = workers.problems()
        await workers.stop()
    result.update(count=count, problems=problems,
                  used={part: after[part] - before[part] for part in after})
    return result


def report(result: dict[str, Any]) -> str:
    rate = result["updates"] / result["seconds"]
    used = {part: 1000 * cpu / max(result["total"], 1)  # over the whole run: per update
            for part, cpu in result["used"].items()}
    load = 1000 * result["cpu"] / max(result["updates"], 1)  # the load's: the window
    return (f"workers: {result['count']} worker(s) {rate:6.0f} search-page updates/s "
            f"(latency median {1000 * (result['median'] or 0):.0f} ms, p99 "
            f"{1000 * (result['p99'] or 0):.0f} ms; refused {result['refused'] or 0}); CPU per "
            f"update: workers {used['workers']:.1f} ms, PostgreSQL {used['server']:.1f} ms, "
            f"fake Bot API {used['fake']:.1f} ms, load {load:.1f} ms")


async def main(pg: str, providers: int, users: int, seconds: float,
               counts: tuple[int, ...] = COUNTS) -> list[str]:
    lines, rates = [], {}
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        async with postgres_database(pg) as url:
            await market(url, tmp, providers, users)
            async with fake_process() as fake:
                for n, count in enumerate(counts):
                    say(f"  {count} worker(s)…")
                    result = await measure(url, tmp, fake, count, users, seconds,
                                           first_id=(n + 1) * 10_000_000)
                    rates[count] = result["updates"] / result["seconds"]
                    lines.append(report(result))
                    lines += [f"  {problem}" for problem in result["problems"][:5]]
                    print(lines[-1 - min(5, len(result["problems"]))], flush=True)
    if 1 in rates:
        lines.append("workers: " + ", ".join(
            f"{count} / 1 = {rates[count] / rates[1]:.2f}" for count in rates if count != 1)
            + " (goal: 2 / 1 >= 1.5)")
        print(lines[-1], flush=True)
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--providers", type=int, default=3000)
    parser.add_argument("--users", type=int, default=48)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    run(main(args.pg, args.providers, args.users, args.seconds))
