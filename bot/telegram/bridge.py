"""What both Telegram front ends share: one update through the core, each Reply rendered.

A library front end supplies a `Surface` (how to send, edit, answer and download with that
library's Bot object) and calls `Bridge.handle` from its own dispatch. Everything else —
translation, per-user ordering (handlers/engine/turns.py), which message to edit, answering
callback queries — is here, so aiogram and python-telegram-bot behave the same by construction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from handlers.engine.contract import Attachment, Reply
from handlers.engine.deferral import UpdateDeferred

from ..app import App
from . import translate
from .inline import Article, inline_results
from .keyboard import Keyboard

log = logging.getLogger(__name__)
PHOTOS = frozenset({"image/jpeg", "image/png"})  # shown inline; other types go as documents


class Surface(Protocol):
    """The Bot API calls a library front end makes on the bridge's behalf."""

    async def send(self, chat_id: int, text: str, buttons: Keyboard) -> None: ...

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> bool:
        """False when the message cannot be edited (too old, deleted): the bridge sends anew."""
        ...

    async def send_file(self, chat_id: int, attachment: Attachment, photo: bool) -> None:
        """A stored document (or, `photo`, an image shown inline) from its local path."""
        ...

    async def answer_callback(self, query_id: str) -> None: ...

    async def answer_inline(self, query_id: str, results: list[Article]) -> None: ...

    async def download(self, file_id: str) -> bytes: ...


@dataclass
class Bridge:
    app: App
    surface: Surface
    on_done: Callable[[int], None] | None = None  # tests wait on this
    busy: int = 0  # updates being handled now
    _idle: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self._idle.set()

    async def idle(self) -> None:
        """Returns once no update is being handled: a stopping bot lets those finish."""
        await self._idle.wait()

    async def handle(self, update: Any) -> None:
        """Raises UpdateDeferred when the database is unreachable: the caller must not
        acknowledge the update (webhook 503, polling offset held) so that it comes again."""
        self.busy += 1
        self._idle.clear()
        outage = self.app.outage
        try:
            if update.inline_query is not None:
                await self._inline(update.inline_query)
            else:
                await self._converse(update)
        except UpdateDeferred as deferred:
            outage.defer(deferred.cause)
            raise
        else:
            outage.passed()
        finally:
            self.busy -= 1
            if not self.busy:
                self._idle.set()
            if self.on_done is not None:
                self.on_done(update.update_id)

    async def _converse(self, update: Any) -> None:
        query = update.callback_query
        answer = query is not None
        try:
            incoming = translate.incoming(update, self.surface.download)
            chat_id = translate.chat_of(update)
            if incoming is None or chat_id is None:
                return
            editable = query.message.message_id if query and query.message else None

            async def deliver(replies: list[Reply]) -> None:
                await self.render(chat_id, replies, editable)

            # In its turn: after the user's earlier updates, here or on another worker.
            await self.app.turns.take(incoming, deliver)
        except UpdateDeferred:
            answer = False  # the spinner keeps turning until the update comes again
            raise
        finally:
            if answer:  # always otherwise, so the client's spinner stops
                await self.surface.answer_callback(query.id)

    async def render(self, chat_id: int, replies: list[Reply], editable: int | None) -> None:
        """Send each reply; the first `replace` reply edits the message whose button was pressed."""
        for reply in replies:
            parts = translate.pieces(reply.text)
            if reply.replace and editable is not None and len(parts) == 1:
                message_id, editable = editable, None
                if await self.surface.edit(chat_id, message_id, parts[0], reply.buttons):
                    continue
            for part in parts[:-1]:
                await self.surface.send(chat_id, part, ())
            await self.surface.send(chat_id, parts[-1], reply.buttons)
            await self._files(chat_id, reply)

    async def _files(self, chat_id: int, reply: Reply) -> None:
        """The documents a card is about, after its text: the operator opens them in the chat.

        A file missing from the store is logged and skipped; the card itself already went out.
        """
        for attachment in reply.attachments:
            if not Path(attachment.path).is_file():
                log.warning("attachment %s missing at %s", attachment.name, attachment.path)
                continue
            await self.surface.send_file(chat_id, attachment, attachment.mime_type in PHOTOS)

    async def _inline(self, query: Any) -> None:
        try:
            results = await inline_results(self.app, str(query.from_user.id), query.query or "")
        except Exception as exc:
            if not self.app.outage.note(exc):
                raise
            return  # a search while the database is away: no results, nothing to keep
        await self.surface.answer_inline(query.id, results)
