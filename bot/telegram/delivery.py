"""The Telegram outbox worker: notices to people other than the sender, under Telegram's limits.

A producer leases due rows (short transactions, so chatting users never wait on it), senders
take them through the pacer, and a recorder writes outcomes in batches. It runs as its own
task with its own HTTP session: a broadcast of thousands never delays replies.

- at most `telegram_rate_global` messages a second, spaced evenly;
- one chat gets a message at most every 1/`telegram_rate_chat` s, a group every
  60/`telegram_rate_group_per_minute` s (rows for a busy chat are deferred, not waited on);
- 429: everyone pauses for retry_after, the row is tried again after it;
- 403: the recipient is marked unreachable and nothing more is sent to them;
- 5xx and network errors: retried with exponential backoff; other 4xx: failed, reason kept.

Leases are short (LEASE_SECONDS) and renewed while the rows are in hand: a worker killed
mid-broadcast leaves its rows due again within seconds, for itself after a restart or for
another worker.

`stop()` ends it gracefully (SIGTERM): no new claims, sends already on the wire finish, rows
claimed but not yet sent are released at once instead of waiting out their lease, and every
outcome is recorded before `run()` returns, so a restart repeats nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from domain.services.outbox import Due, Outbox
from handlers.engine.contract import Reply

from ..app import App
from . import translate
from .api import ApiError, BotApi
from .keyboard import inline_keyboard
from .outcomes import Outcomes
from .pacing import ChatSlots, Pacer

log = logging.getLogger(__name__)
# Short, renewed while the rows are in hand (outcomes.py): after a crash, due again in seconds.
LEASE_SECONDS = 6.0


@dataclass(frozen=True)
class Job:
    message_id: int
    chat: int | str  # a user's id, or a channel's "@name" / -100… id
    parts: list[dict[str, Any]]  # sendMessage parameters, one per piece of a long text


def _chat(due: Due) -> int | str:
    """A person's chat id, or the channel a broadcast row is addressed to (telegram:@name)."""
    if due.account is not None:
        return int(due.account.platform_id)
    channel = due.message.channel
    assert channel is not None, "an outbox row goes to an account or to a channel"
    address = channel.split(":", 1)[1]
    body = address.lstrip("-")
    return int(address) if body.isascii() and body.isdigit() else address


class Delivery:
    def __init__(self, app: App, api: BotApi, *, rate: float | None = None,
                 lease_seconds: float = LEASE_SECONDS, batch: int = 50,
                 idle_seconds: float = 1.0) -> None:
        s = app.settings
        self.app, self.api = app, api
        # A hair under the limit: arrival jitter must not push a one-second window over it.
        self.pacer = Pacer((rate or s.telegram_rate_global) * 0.985, window_share=0.975)
        self.chats = ChatSlots(s.telegram_rate_chat, s.telegram_rate_group_per_minute)
        self.lease_seconds, self.batch, self.idle_seconds = lease_seconds, batch, idle_seconds
        self.queue: asyncio.Queue[Job] = asyncio.Queue()
        # Outcomes are written about every 50 sends (0.2–2 s): at Telegram's 30/s, fewer
        # write transactions for chatting users' replies to meet on SQLite's single writer.
        limit = rate or s.telegram_rate_global
        self.outcomes = Outcomes(app, every=max(0.2, min(2.0, 50 / limit)),
                                 lease_seconds=lease_seconds)
        self.senders = max(4, min(100, int(self.pacer.interval ** -1 // 10)))
        self.stopping = asyncio.Event()

    def stop(self) -> None:
        """Ask `run()` to finish gracefully; await the task running it to know when it has."""
        self.stopping.set()

    async def run(self) -> None:
        """Until stop() (graceful) or cancelled: a crash as far as the outbox knows, whose
        leases make the rows due again later."""
        tasks = [asyncio.create_task(self._send_forever()) for _ in range(self.senders)]
        flusher = asyncio.create_task(self.outcomes.flush_forever())
        try:
            await self._produce_until_stopped()
            await self.queue.join()  # each claimed row sent or released
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            flusher.cancel()  # its last flush writes every outcome still held
            await asyncio.gather(flusher, return_exceptions=True)

    async def _produce_until_stopped(self) -> None:
        while not self.stopping.is_set():
            if self.queue.qsize() >= self.batch:
                await self._pause(0.01)
                continue
            try:
                claimed = await asyncio.shield(self._claim())  # never cut a transaction
            except Exception as exc:
                if not self.app.outage.note(exc):  # an outage is logged once, not per round
                    log.exception("claiming outbox rows failed")
                claimed = 0
            if not claimed:
                self.chats.forget_idle()
                await self._pause(self.idle_seconds)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    async def _claim(self) -> int:
        dispatcher = self.app.dispatcher
        async with self.app.unit_of_work() as uow:
            outbox = Outbox(uow)
            jobs = []
            for due in await outbox.lease("telegram", self.batch, self.lease_seconds,
                                          channels=True):
                if due.message.id in self.outcomes.held:
                    continue  # still in hand here (its lease ran out in an outage): not twice
                lang = due.account.language if due.account else "zh"
                try:
                    reply = dispatcher.render_notice(due.message, lang)
                except Exception as exc:  # our bug, not the recipient's: loud, and kept
                    log.exception("rendering outbox row %s (%s) failed", due.message.id,
                                  due.message.kind)
                    await outbox.hold(due.message.id, repr(exc))
                    continue
                jobs.append(self._job(due.message.id, _chat(due), reply))
            await uow.commit()
        self.outcomes.hold([job.message_id for job in jobs])
        for job in jobs:
            self.queue.put_nowait(job)
        return len(jobs)

    @staticmethod
    def _job(message_id: int, chat: int | str, reply: Reply) -> Job:
        texts = translate.pieces(reply.text)
        parts = [{"chat_id": chat, "text": t, "parse_mode": "HTML",
                  "link_preview_options": {"is_disabled": True}} for t in texts]
        markup = inline_keyboard(reply.buttons)
        if markup is not None:
            parts[-1]["reply_markup"] = markup
        return Job(message_id, chat, parts)

    async def _send_forever(self) -> None:
        while True:
            job = await self.queue.get()
            try:
                await self._send(job)
            except Exception as exc:  # never lose the worker to one odd message
                log.exception("sending outbox row %s failed", job.message_id)
                self.outcomes.retry(job.message_id, repr(exc))
            finally:
                self.queue.task_done()

    async def _send(self, job: Job) -> None:
        if self.stopping.is_set():
            self.outcomes.release(job.message_id)
            return
        wait = self.chats.wait_for(job.chat)
        if wait > 0:
            self.outcomes.defer(job.message_id, min(wait, 60.0) if wait < float("inf") else 1.0)
            return
        self.chats.take(job.chat)
        try:
            for number, part in enumerate(job.parts):
                # Until its first part is sent a row can still be released; after, it finishes.
                if not await self.pacer.slot(self.stopping if number == 0 else None):
                    self.outcomes.release(job.message_id)
                    return
                await self.api.call("sendMessage", **part)
        except ApiError as error:
            self._failed(job, error)
        else:
            self.outcomes.sent(job.message_id)
        finally:
            self.chats.sent(job.chat)

    def _failed(self, job: Job, error: ApiError) -> None:
        if error.code == 429:
            seconds = error.retry_after or 1.0
            self.pacer.pause(seconds)
            self.outcomes.defer(job.message_id, seconds)
        elif error.code == 403:
            self.outcomes.unreachable(job.message_id, str(error))
        elif error.transient:
            self.outcomes.retry(job.message_id, str(error))
        else:
            self.outcomes.fail(job.message_id, str(error))
