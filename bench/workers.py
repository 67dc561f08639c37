"""Issue 14: search-page updates per second through 1, 2 and 3 webhook worker processes on one
PostgreSQL database.

Real processes over real HTTP: `python -m bot run` workers in webhook mode (tests/bot/workers.py),
the fake Bot API in a process of its own, and the load generator (bench/load.py) in another,
so that neither shares a GIL with a worker or with the other. Registered merchants page through
the results of `/search advertising` in a market of a few thousand providers, each user one
update at a time, each update to the next worker. Three workers run throughout; a round loads
the first 1, 2 or 3 of them, the rounds taking turns. The figure is the updates acknowledged
per second after each round's warm-up; the CPU used per update within that window by the
workers, by PostgreSQL's processes, by the fake, by the load and by this process shows where
the time goes (bench/cpu.py). On a 2-core machine they all share the two cores: the goal is
2 workers ≥ 1.5× one, and the cores divided by the CPU an update costs bound what any number
of workers could reach.

    python -m bench.workers [--pg URL] [--providers 3000] [--users 48] [--seconds 5] [--turns 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bot.app import build_app
from bot.loop import run
from bot.settings import ROOT, load_settings
from domain.models import Account, Merchant, Role
from tests.bot.workers import (
    FakeProcess,
    Telegram,
    Workers,
    fake_process,
    message,
    session,
    webhook_workers,
)

from .cpu import (
    Stat,
    family_seconds,
    in_seconds,
    machine_seconds,
    other_seconds,
    process_seconds,
    processes,
)
from .market import populate, postgres_database, say

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
FIRST_USER = 900_000
COUNTS = (1, 2, 3)
# The CPU seconds read around each window: "server" is PostgreSQL's backends for the bench's
# database, "postgres" all its server's processes (its writers, other databases' backends too;
# not another cluster's, such as a test's throwaway one), "bench" this process; "busy" and
# "all" the machine's.
PARTS = ("workers", "server", "fake", "postgres", "bench", "busy", "all")


async def market(url: str, tmp: Path, providers: int, users: int) -> None:
    """Providers, their search index and this period's ranking (else the first worker to
    lead ranks them while the load runs: populate does it), and `users` registered merchants
    on Telegram."""
    app = await build_app(load_settings(database_url=url, storage_dir=tmp / "storage"))
    try:
        await populate(app, providers)  # this period's rankings included
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


def server_processes(database: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend on this machine serving `database` (the
    server's writers are left out: they work for every database, other runs' too)."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres: ") and f" {database} " in command:
            found[int(proc.name)] = process_seconds(int(proc.name))
    return found


@asynccontextmanager
async def server_cpu(database: str) -> AsyncIterator[dict[str, float]]:
    """`used["server"]`: the CPU seconds PostgreSQL spent for `database` during the block. Its
    processes are read every 0.2 s, so a backend that exits meanwhile (a pool's overflow
    connection given back) counts what it had used by its last reading."""
    start, last = server_processes(database), {}
    used: dict[str, float] = {}

    async def read() -> None:
        while True:
            last.update(server_processes(database))
            await asyncio.sleep(0.2)

    reading = asyncio.create_task(read())
    try:
        yield used
    finally:
        reading.cancel()
        last.update(server_processes(database))
        used["server"] = sum(cpu - start.get(pid, 0.0) for pid, cpu in last.items())


async def quiet(pids: list[int], timeout: float = 120) -> None:
    """Until the workers have finished what they do on starting (the leader's catch-up): less
    than 5% of a core between them over a second."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        before = sum(process_seconds(pid) for pid in pids)
        await asyncio.sleep(1.0)
        if sum(process_seconds(pid) for pid in pids) - before < 0.05:
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


async def load(webhooks: list[str], users: int, first_id: int, seconds: float, database: str,
               pids: list[int], fake: int) -> tuple[dict[str, Any], dict[str, float]]:
    """The load generator's figures, and the CPU seconds of each part within its window."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.load", "--webhooks", ",".join(webhooks),
        "--users", str(FIRST_USER), "--count", str(users), "--first-id", str(first_id),
        "--seconds", str(seconds), stdout=asyncio.subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None
    await process.stdout.readline()  # the window opens
    first = processes()
    server = next(first[pid].parent for pid in server_processes(database) if pid in first)
    before = cpu_by_part(first, pids, fake, server)
    async with server_cpu(database) as used:
        await process.stdout.readline()  # it closes
    last = processes()
    after = cpu_by_part(last, pids, fake, server)
    out = await process.stdout.read()
    assert await process.wait() == 0, "the load generator failed"
    others = other_seconds(first, last, {*pids, fake, process.pid, os.getpid(), server})
    return dict(json.loads(out)), (used | {part: after[part] - before[part] for part in after}
                                   | {f"other {comm}": cpu for comm, cpu in others.items()})


def cpu_by_part(stats: dict[int, Stat], workers: list[int], fake: int, server: int
                ) -> dict[str, float]:
    """CPU seconds so far of each part (bench/cpu.py), and of the machine."""
    busy, every = machine_seconds()

    def of(pid: int) -> float:
        return in_seconds(stats[pid].ticks) if pid in stats else 0.0

    return {"workers": sum(of(pid) for pid in workers), "fake": of(fake),
            "postgres": family_seconds(stats, server), "bench": of(os.getpid()), "busy": busy,
            "all": every}


@dataclass
class Tally:
    """What the rounds with one number of workers added up to."""

    count: int
    updates: int = 0  # acknowledged within the windows
    seconds: float = 0.0
    load_cpu: float = 0.0  # the load generator's, within the windows
    used: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PARTS, 0.0))
    medians: list[float] = field(default_factory=list)
    p99: float = 0.0
    refused: int = 0

    def add(self, result: dict[str, Any], used: dict[str, float]) -> None:
        self.updates += result["updates"]
        self.seconds += result["seconds"]
        self.load_cpu += result["cpu"]
        self.used = {part: self.used.get(part, 0.0) + used.get(part, 0.0)
                     for part in self.used.keys() | used.keys()}
        self.medians.append(result["median"] or 0.0)
        self.p99 = max(self.p99, result["p99"] or 0.0)
        self.refused += sum(result["refused"].values())

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    def per_update(self) -> dict[str, float]:
        """CPU milliseconds per update within the windows, by part."""
        return {part: 1000 * cpu / max(self.updates, 1)
                for part, cpu in {**self.used, "load": self.load_cpu}.items()}

    @property
    def cpu_per_update(self) -> float:
        """CPU seconds per update of every part: PostgreSQL's processes, all of them."""
        per = self.per_update()
        return sum(per[part] for part in ("workers", "postgres", "fake", "load", "bench")) / 1000

    @property
    def bound(self) -> float:
        """The updates per second if every core were busy at this CPU cost per update."""
        return (os.cpu_count() or 1) / self.cpu_per_update if self.cpu_per_update else 0.0

    def report(self) -> str:
        per = self.per_update()
        return (f"workers: {self.count} worker(s) {self.rate:6.0f} search-page updates/s "
                f"(latency median {1000 * statistics.median(self.medians):.0f} ms, p99 "
                f"{1000 * self.p99:.0f} ms, {self.refused} refused); CPU per update: workers "
                f"{per['workers']:.1f} ms, PostgreSQL {per['server']:.1f} ms, fake Bot API "
                f"{per['fake']:.1f} ms, load {per['load']:.1f} ms")

    def cpu_report(self) -> str:
        per, total = self.per_update(), 1000 * self.cpu_per_update
        others = sorted(((cpu, part.removeprefix("other ")) for part, cpu in per.items()
                         if part.startswith("other ")), reverse=True)[:3]
        return (f"workers: {self.count} worker(s) {self.rate:6.0f} updates/s; CPU ms per update: "
                f"workers {per['workers']:.2f}, PostgreSQL (all its server's processes) "
                f"{per['postgres']:.2f}, fake Bot API {per['fake']:.2f}, load {per['load']:.2f}, "
                f"bench {per['bench']:.2f}, total {total:.2f}; machine busy "
                f"{100 * self.used['busy'] / max(self.used['all'], 1e-9):.0f}% of "
                f"{os.cpu_count()} cores (unaccounted {per['busy'] - total:.2f} ms per update; "
                "other processes: " + ", ".join(f"{comm} {cpu:.2f}" for cpu, comm in others)
                + "); "
                f"bound {os.cpu_count()} cores / {total:.2f} ms = {self.bound:.0f} updates/s")


async def measure(url: str, tmp: Path, fake: FakeProcess, users: int, seconds: float,
                  counts: tuple[int, ...], turns: int) -> dict[int, Tally]:
    """Workers started once, as many as the most asked for; then rounds that load the first n
    of them, taking turns (1, 2, 3, 3, 2, 1, …) so that a drift in what else the machine does
    falls on every count alike. Idle workers cost under 1% of a core."""
    database = make_url(url).database or ""
    tallies = {count: Tally(count) for count in counts}
    order = [*counts, *reversed(counts)] * turns
    async with webhook_workers(tmp, url, fake.url, max(counts)) as workers:
        pids = [p.process.pid for p in workers.processes if p.process is not None]
        await search_first(workers, users, 10_000_000)
        await quiet(pids)
        for n, count in enumerate(order):
            tallies[count].add(*await load(workers.webhooks[:count], users,
                                           (n + 2) * 10_000_000, seconds, database, pids,
                                           fake.process.pid))
        problems = workers.problems()
        await workers.stop()
    for problem in problems[:5]:
        say(f"  {problem}")
    return tallies


async def main(pg: str, providers: int, users: int, seconds: float,
               counts: tuple[int, ...] = COUNTS, turns: int = 1) -> list[str]:
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        async with postgres_database(pg) as url:
            await market(url, tmp, providers, users)
            async with fake_process() as fake:
                tallies = await measure(url, tmp, fake, users, seconds, counts, turns)
    lines = [tally.report() for tally in tallies.values()]
    more = [(count, tally) for count, tally in tallies.items() if count != 1]
    if 1 in tallies:
        lines.append("workers: " + ", ".join(
            f"{count} / 1 = {tally.rate / tallies[1].rate:.2f}" for count, tally in more)
            + f" (goal: 2 / 1 >= 1.5); machine load average {os.getloadavg()[0]:.1f}")
    lines += [tally.cpu_report() for tally in tallies.values()]
    if 1 in tallies:
        lines.append("workers: with every core busy at the CPU per update measured, at best "
                     + ", ".join(f"{count} / 1 = {tally.bound / tallies[1].rate:.2f}"
                                 f" (measured {tally.rate / tallies[1].rate:.2f})"
                                 for count, tally in more))
    print("\n".join(lines), flush=True)
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--providers", type=int, default=3000)
    parser.add_argument("--users", type=int, default=48)
    parser.add_argument("--seconds", type=float, default=5.0, help="measured, per round")
    parser.add_argument("--turns", type=int, default=2, help="rounds per count: twice this")
    args = parser.parse_args()
    run(main(args.pg, args.providers, args.users, args.seconds, turns=args.turns))
