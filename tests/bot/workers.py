"""Many `python -m bot run` webhook workers on one database, the fake Bot API in a process of
its own, and Telegram's side of the webhook played over real HTTP: the harness of the
many-workers chaos test (tests/bot/telegram/test_many_workers.py) and of bench/workers.py.

Telegram is played as it behaves: each update is POSTed with the secret header and sent
again, to the next worker (as through a load balancer), after a 5xx or a broken connection
until a worker answers 200; only then is it acknowledged. One user's updates may be in flight
on several workers at once, and one update may arrive twice (same update_id, two workers).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import random
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.settings import ROOT
from bot.telegram.webhook import SECRET_HEADER
from tests.bot.processes import BotProcess, bot_env
from tests.bot.telegram.drivers import SECRET
from tests.bot.telegram.fake_api import TOKEN
from tests.smtp import free_port

PATH = "/tg"
REPLIES = ("sendMessage", "editMessageText")
ERRORS = ("Traceback", "ERROR", "CRITICAL")  # a worker's log line that means trouble


# --- the fake Bot API ----------------------------------------------------------------
class FakeProcess:
    """tests/bot/telegram/fake_process.py: it answers the workers without sharing a GIL
    with whoever drives the load, and hands over every call it saw when asked."""

    def __init__(self, process: asyncio.subprocess.Process, url: str) -> None:
        self.process, self.url = process, url

    @classmethod
    async def start(cls, rate: float | None = None) -> FakeProcess:
        limit = ["--rate", str(rate)] if rate is not None else []
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.bot.telegram.fake_process", *limit,
            stdout=asyncio.subprocess.PIPE, cwd=ROOT)
        assert process.stdout is not None
        return cls(process, (await process.stdout.readline()).decode().strip())

    async def _ask(self, method: str) -> Any:
        async with aiohttp.ClientSession() as http, http.post(
                f"{self.url}/bot{TOKEN}/{method}") as answer:
            return (await answer.json())["result"]

    async def calls(self) -> list[dict[str, Any]]:
        """Every call in the order it arrived: method, `at` (the fake's clock) and params."""
        return list(await self._ask("benchCalls"))

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()


@asynccontextmanager
async def fake_process(rate: float | None = None) -> AsyncIterator[FakeProcess]:
    fake = await FakeProcess.start(rate)
    try:
        yield fake
    finally:
        await fake.stop()


def replies_by_chat(calls: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """The messages sent or edited that the fake accepted, per chat, in arrival order."""
    chats: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
    for call in calls:
        if call["method"] in REPLIES and call.get("_ok"):
            chats[int(call["chat_id"])].append(call)
    return chats


# --- the workers ---------------------------------------------------------------------
@dataclass
class Workers:
    processes: list[BotProcess]
    webhooks: list[str]

    def problems(self) -> list[str]:
        """Lines of any worker's log that report an error or a traceback."""
        return [f"worker {n}: {line}" for n, p in enumerate(self.processes)
                for line in p.lines if line.startswith(ERRORS)]

    @property
    def output(self) -> str:
        return "\n".join(f"--- worker {n}\n{p.output}" for n, p in enumerate(self.processes))

    async def stop(self, timeout: float = 30) -> list[int]:
        """SIGTERM to each (they finish what they hold), and their exit codes."""
        for process in self.processes:
            if process.process is not None and process.process.returncode is None:
                process.signal(signal.SIGTERM)
        return [await p.wait(timeout) for p in self.processes]


@asynccontextmanager
async def webhook_workers(tmp: Path, database_url: str, fake_url: str, count: int,
                          **settings: object) -> AsyncIterator[Workers]:
    """`count` webhook workers on one database, each on a port of its own, started at once
    (one migrates, the others wait for it); ready when each has registered its webhook."""
    env = bot_env(tmp, database_url, telegram_token=TOKEN, telegram_api_url=fake_url,
                  telegram_webhook_secret=SECRET, http_host="127.0.0.1", **settings)
    ports = [free_port() for _ in range(count)]
    webhooks = [f"http://127.0.0.1:{port}{PATH}" for port in ports]
    workers = Workers([BotProcess(env | {"SMBOT_HTTP_PORT": str(port),
                                         "SMBOT_TELEGRAM_WEBHOOK_URL": url}, tmp)
                       for port, url in zip(ports, webhooks, strict=True)], webhooks)
    try:
        for process in workers.processes:
            await process.start()
        for process, url in zip(workers.processes, webhooks, strict=True):
            await process.wait_for_line(f"webhook {url}", timeout=120)
        yield workers
    finally:
        with contextlib.suppress(Exception):
            await workers.stop()
        for process in workers.processes:
            await process.kill()


# --- Telegram's side -----------------------------------------------------------------
def message(user: int, text: str) -> dict[str, Any]:
    """A private message (a command when it starts with /), without its update_id."""
    sender = {"id": user, "is_bot": False, "first_name": f"u{user}", "language_code": "en"}
    body: dict[str, Any] = {"message_id": 1, "date": int(time.time()), "text": text,
                            "chat": {"id": user, "type": "private"}, "from": sender}
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0,
                             "length": len(text.split()[0])}]
    return {"message": body}


def press(user: int, data: str, message_id: int = 1) -> dict[str, Any]:
    """A button press under the bot's message `message_id`, without its update_id."""
    sender = {"id": user, "is_bot": False, "first_name": f"u{user}", "language_code": "en"}
    under = {"message_id": message_id, "date": int(time.time()), "text": "…",
             "chat": {"id": user, "type": "private"}}
    return {"callback_query": {"id": "", "from": sender, "message": under,
                               "chat_instance": str(user), "data": data}}


@dataclass
class Delivery:
    """One update's fate at the webhook: when it was first sent, when a worker took it."""

    update_id: int
    user: int
    sent_at: float
    acknowledged_at: float | None = None
    attempts: int = 0


@dataclass
class Telegram:
    """Sends updates to the workers' webhooks until each is acknowledged (HTTP 200)."""

    http: aiohttp.ClientSession
    webhooks: Sequence[str]
    retry_after: float = 0.3
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    deliveries: dict[int, Delivery] = field(default_factory=dict)
    refused: collections.Counter[int] = field(default_factory=collections.Counter)  # 0: no answer
    # Whether a worker has recorded the update's arrival (its inbox row, or it is processed):
    # with it, a burst's next update goes only once the one before has arrived.
    arrived: Callable[[int], Awaitable[bool]] | None = None

    def number(self, user: int, body: dict[str, Any]) -> dict[str, Any]:
        """The update with the next update_id: Telegram numbers them in arrival order."""
        update = {"update_id": next(self.ids), **body}
        if "callback_query" in body:  # a press's id names its update in answerCallbackQuery
            update["callback_query"] = {**body["callback_query"], "id": str(update["update_id"])}
        self.deliveries[update["update_id"]] = Delivery(update["update_id"], user, 0.0)
        return update

    @property
    def acknowledged(self) -> list[Delivery]:
        return [d for d in self.deliveries.values() if d.acknowledged_at is not None]

    async def deliver(self, update: dict[str, Any], worker: int,
                      taken: asyncio.Event | None = None) -> None:
        """POST to worker `worker`, then to the next ones, until one answers 200. `taken` is
        set once a worker has taken the update in hand (see `post_taken`)."""
        delivery = self.deliveries[update["update_id"]]
        delivery.sent_at = delivery.sent_at or time.monotonic()
        body = json.dumps(update).encode()
        for attempt in itertools.count(worker):
            delivery.attempts += 1
            url = self.webhooks[attempt % len(self.webhooks)]
            if taken is None:
                status = await self._post(url, body)
            else:
                status = await post_taken(url, body, taken)
            if status == 200:
                delivery.acknowledged_at = delivery.acknowledged_at or time.monotonic()
                return
            self.refused[status] += 1
            await asyncio.sleep(self.retry_after)

    async def _post(self, url: str, body: bytes) -> int:
        headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        try:
            async with self.http.post(url, data=body, headers=headers) as answer:
                await answer.read()
                return answer.status
        except aiohttp.ClientError:
            return 0

    async def burst(self, updates: Sequence[tuple[dict[str, Any], Sequence[int]]],
                    stagger: float) -> None:
        """One user's updates in flight at once: each to its workers (two: a duplicate, sent
        at the same moment); the next `stagger` seconds after a worker has taken the one
        before in hand, without waiting for its answer. Returns once all are acknowledged."""
        sending: list[asyncio.Task[None]] = []
        for update, workers in updates:
            taken = asyncio.Event()
            sending += [asyncio.create_task(self.deliver(update, w, taken)) for w in workers]
            done = asyncio.create_task(taken.wait())
            await asyncio.wait([done, *sending[-len(workers):]],
                               return_when=asyncio.FIRST_COMPLETED)
            done.cancel()
            while self.arrived is not None and not await self.arrived(update["update_id"]):
                await asyncio.sleep(0.01)
            await asyncio.sleep(stagger)
        await asyncio.gather(*sending)


async def in_bursts(telegram: Telegram, user: int, updates: Sequence[dict[str, Any]],
                    rng: random.Random, *, bursts: int = 3, stagger: float = 0.02,
                    duplicates: float = 0.0, pause: float = 0.3) -> None:
    """One user's updates (numbered), cut at random into `bursts` bursts sent one after the
    other with up to `pause` seconds between them; within a burst each update goes to the next
    worker, and with probability `duplicates` also to the one after at the same moment."""
    cuts = sorted(rng.sample(range(1, len(updates)), min(bursts, len(updates)) - 1))
    count = len(telegram.webhooks)
    for start, end in zip([0, *cuts], [*cuts, len(updates)], strict=True):
        burst = []
        for n in range(start, end):
            worker = (user + n) % count
            twice = [worker, (worker + 1) % count] if rng.random() < duplicates else [worker]
            burst.append((updates[n], twice))
        await telegram.burst(burst, stagger)
        await asyncio.sleep(rng.uniform(0, pause))


async def post_taken(url: str, body: bytes, taken: asyncio.Event) -> int:
    """POST a JSON `body`; the answer's status, 0 when the connection breaks.

    The headers ask the worker to confirm that it has the request in hand before the body goes
    (`Expect: 100-continue`; aiohttp answers it as the request reaches its handler), and
    `taken` is set then: the update has arrived, whatever the worker's own queue. aiohttp's
    client does the same handshake but does not tell when it happened.
    """
    parts = urlsplit(url)
    try:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    except OSError:
        return 0
    try:
        writer.write(f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                     f"{SECRET_HEADER}: {SECRET}\r\nExpect: 100-continue\r\n"
                     "Connection: close\r\n\r\n".encode())
        status = await _status(reader)
        if status == 100:
            taken.set()
            writer.write(body)
            status = await _status(reader)
        return status
    except (OSError, ValueError, asyncio.IncompleteReadError):
        return 0
    finally:
        writer.close()


async def _status(reader: asyncio.StreamReader) -> int:
    """The status of the next answer on the wire; its headers are read and dropped."""
    status = int((await reader.readuntil(b"\r\n")).split()[1])
    while await reader.readuntil(b"\r\n") != b"\r\n":
        pass
    return status


def session(connections: int = 0) -> aiohttp.ClientSession:
    """An HTTP client without a connection limit (0), as many parallel posts as asked."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections),
                                 timeout=aiohttp.ClientTimeout(total=120))
