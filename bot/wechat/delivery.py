"""The WeChat outbox worker: notices and reply pieces as customer-service messages.

A row is sent only while the recipient's window is open and its count allows every piece
of it; otherwise it is held (windows.py) and shown at the user's next message. WeChat's own
verdict wins: 45015 (window closed) and 45047 (count used up) hold the row too; 43004 (the
user unfollowed) marks the account unreachable; other refusals are retried with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.models import OutboxMessage
from domain.services.outbox import Outbox
from handlers.engine.conversation_store import SqlConversationStore

from ..app import App
from . import windows
from .api import ApiError, WeChatApi
from .frontend import WeChatFrontend
from .render import render

if TYPE_CHECKING:
    from ..app import App

log = logging.getLogger(__name__)
HOLD_CODES = {45015, 45047}
GONE_CODES = {43004, 40003}  # unfollowed, or not an OpenID of this account
LEASE_SECONDS = 6.0  # renewed while the round sends: a crash lets its rows go within seconds


@dataclass(frozen=True)
class Job:
    message_id: int
    openid: str
    account_id: int
    pieces: list[str]


class Delivery:
    def __init__(self, app: App, api: WeChatApi, frontend: WeChatFrontend, *,
                 batch: int = 20, lease_seconds: float = LEASE_SECONDS,
                 idle_seconds: float = 1.0) -> None:
        self.app, self.api, self.frontend = app, api, frontend
        self.batch, self.lease_seconds, self.idle_seconds = batch, lease_seconds, idle_seconds
        self._stop = asyncio.Event()
        self._held: set[int] = set()  # leased rows of the round not yet recorded
        self._writing = asyncio.Lock()  # a renewal never overwrites an outcome being written

    def stop(self) -> None:
        """End after the round in hand (its messages are sent and recorded, nothing leased)."""
        self._stop.set()

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                sent = await self.round()
            except Exception as exc:
                if not self.app.outage.note(exc):  # an outage is logged once, not per round
                    log.exception("WeChat delivery round failed")
                sent = 0
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self.idle_seconds)

    async def round(self) -> int:
        """Claim due rows, send those whose window allows them, hold the others; returns how
        many rows were taken (sent or held)."""
        taken, jobs = await asyncio.shield(self._claim())
        self._held = {job.message_id for job in jobs}
        renewing = asyncio.create_task(self._renew_forever())
        try:
            for job in jobs:
                await asyncio.shield(self._send(job))
        finally:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)
        return taken

    async def _renew_forever(self) -> None:
        """Renew the round's short lease while its messages go out one by one."""
        while self._held:
            await asyncio.sleep(self.lease_seconds / 3)
            try:
                async with self._writing, self.app.unit_of_work() as uow:
                    await Outbox(uow).renew(self._held, self.lease_seconds)
                    await uow.commit()
            except Exception as exc:
                if not self.app.outage.note(exc):
                    log.exception("renewing WeChat delivery leases failed")

    async def _claim(self) -> tuple[int, list[Job]]:
        jobs, taken = [], 0
        async with self.app.unit_of_work() as uow:
            outbox = Outbox(uow)
            for due in await outbox.lease("wechat", self.batch, self.lease_seconds):
                taken += 1
                account = due.account
                assert account is not None
                reply = self.frontend.notice_reply(due.message, account.language)
                rendered = render([reply], self.app.dispatcher.translator.bind(account.language))
                if not await windows.take_allowance(uow, account.id, len(rendered.pieces)):
                    windows.hold(uow, due.message)
                    continue
                if rendered.payloads:  # the numbers in this notice now answer its options
                    await SqlConversationStore(uow).set_options(account.id, rendered.payloads)
                jobs.append(Job(due.message.id, account.platform_id, account.id,
                                rendered.pieces))
            await uow.commit()
        return taken, jobs

    async def _send(self, job: Job) -> None:
        error: ApiError | Exception | None = None
        try:
            for piece in job.pieces:
                await self.api.send_text(job.openid, piece)
        except ApiError as exc:
            error = exc
        except Exception as exc:  # network: try again later
            error = exc
        async with self._writing, self.app.unit_of_work() as uow:
            outbox = Outbox(uow)
            if error is None:
                await outbox.sent_many([job.message_id])
            elif isinstance(error, ApiError) and error.code in HOLD_CODES:
                await windows.close_window(uow, job.account_id)
                row = await uow.session.get(OutboxMessage, job.message_id)
                if row is not None:
                    windows.hold(uow, row)
            elif isinstance(error, ApiError) and error.code in GONE_CODES:
                await outbox.unreachable_by_id(job.message_id, str(error))
            else:
                await outbox.later(job.message_id, None, str(error))
            await uow.commit()
            self._held.discard(job.message_id)

