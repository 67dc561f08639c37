"""Drivers with the Transcript API (say, press, forge, run) for every front end.

The Telegram drivers play a user against the fake Bot API: an update goes in (getUpdates or
a webhook POST), and the messages the bot sent or edited come back as transcript lines, with
the HTML turned back into the reply markup so they compare with the console's.
"""

from __future__ import annotations

import asyncio
import itertools
import mimetypes
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp

from bot.telegram.run import Frontend
from bot.telegram.translate import from_html
from bot.telegram.webhook import SECRET_HEADER
from tests.transcript import Message, RunsSteps, Said
from tests.waiting import until

from .fake_api import FakeBotApi

SECRET = "s3cret-token_for-tests"


class TelegramDriver(RunsSteps):
    def __init__(self, fake: FakeBotApi, frontend: Frontend, webhook: str | None = None) -> None:
        self.fake, self.frontend, self.webhook = fake, frontend, webhook
        self.users: dict[str, int] = {}
        self.languages: dict[str, str] = {}
        self.menus: dict[str, tuple[int, dict[str, Any]]] = {}
        self.uploads: list[tuple[str, str, bytes]] = []  # (method, file name, bytes) sent
        self._waiting: dict[int, asyncio.Future[None]] = {}
        self._ids = itertools.count(1)
        self._delivered: set[int] = set()  # update_ids pushed to the poller so far
        frontend.bridge.on_done = self._done

    def _done(self, update_id: int) -> None:
        future = self._waiting.pop(update_id, None)
        if future is not None and not future.done():
            future.set_result(None)

    def user(self, handle: str) -> dict[str, Any]:
        uid = self.users.setdefault(handle, 5000 + len(self.users))
        return {"id": uid, "is_bot": False, "first_name": handle,
                "language_code": self.languages.get(handle, "en")}

    async def say(self, handle: str, text: str, *, lang: str | None = None,
                  key: str | None = None) -> Said:
        if lang is not None:
            self.languages[handle] = lang
        sender = self.user(handle)
        message: dict[str, Any] = {"message_id": next(self._ids), "date": int(time.time()),
                                   "chat": {"id": sender["id"], "type": "private"},
                                   "from": sender, "text": text}
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self.send(handle, {"message": message}, key)

    async def press(self, handle: str, label: str, *, key: str | None = None) -> Said:
        message_id, markup = self.menus[handle]
        payloads = [b.get("callback_data") for row in markup["inline_keyboard"] for b in row
                    if b["text"] == label]
        assert payloads, f"{handle} has no button labelled {label!r}"
        return await self._callback(handle, payloads[0], message_id, key)

    async def send_file(self, handle: str, path: Path, *, name: str | None = None) -> Said:
        """The file as a Telegram document: type guessed from the name as the console does,
        size declared from the file; the fake serves the bytes through getFile. `name`: the
        document's file_name instead of the path's (Telegram's may be longer than a disk's)."""
        name = path.name if name is None else name
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        file_id = self._serve(path.read_bytes())
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                    "mime_type": mime, "file_size": path.stat().st_size}
        return await self.send(handle, {"message": self._message(handle, document=document)}, None)

    async def send_photo(self, handle: str, path: Path) -> Said:
        """The image as a Telegram photo: two smaller sizes first, the file itself largest.
        `photo_X.jpg` goes with file_unique_id X, so Telegram names it as the console does."""
        unique = path.stem.removeprefix("photo_")
        data = path.read_bytes()
        sizes = []
        for side, body, uid in ((90, data[:16], f"{unique}_s"), (320, data[:64], f"{unique}_m"),
                                (1280, data, unique)):
            sizes.append({"file_id": self._serve(body), "file_unique_id": uid, "width": side,
                          "height": side, "file_size": len(body)})
        return await self.send(handle, {"message": self._message(handle, photo=sizes)}, None)

    def _serve(self, data: bytes) -> str:
        file_id = f"f{next(self._ids)}"
        self.fake.files[file_id] = data
        return file_id

    def _message(self, handle: str, **content: Any) -> dict[str, Any]:
        sender = self.user(handle)
        return {"message_id": next(self._ids), "date": int(time.time()),
                "chat": {"id": sender["id"], "type": "private"}, "from": sender, **content}

    async def forge(self, handle: str, payload: str) -> Said:
        return await self._callback(handle, payload, self.menus.get(handle, (1, {}))[0], None)

    async def _callback(self, handle: str, data: str, message_id: int, key: str | None) -> Said:
        sender = self.user(handle)
        query_id = f"q{next(self._ids)}"
        query = {"id": query_id, "from": sender, "chat_instance": "ci", "data": data,
                 "message": {"message_id": message_id, "date": int(time.time()),
                             "chat": {"id": sender["id"], "type": "private"}, "text": "…"}}
        said = await self.send(handle, {"callback_query": query}, key)
        answered = [c for c in self.fake.called("answerCallbackQuery")
                    if c.params["callback_query_id"] == query_id]
        assert answered, "a callback query was left unanswered"
        return said

    async def send(self, handle: str, update: dict[str, Any], key: str | None) -> Said:
        """Deliver one update (a repeated `key` repeats the update_id); return what came back."""
        update_id = int(key) if key is not None else self.fake.next_update_id()
        before = len(self.fake.calls)
        await self._deliver({"update_id": update_id, **update})
        return self._said(handle, self.fake.calls[before:])

    async def _deliver(self, update: dict[str, Any]) -> None:
        if self.webhook is not None:
            async with aiohttp.ClientSession() as http, http.post(
                    self.webhook, json=update, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200, await response.text()
            return
        update_id = update["update_id"]
        if update_id in self._delivered:
            # A repeat: Telegram redelivers only what the poller has not confirmed. Sent while
            # the first is still in hand, it would be the same update, skipped and confirmed
            # with it; so it goes once the poller has moved its offset past the first.
            await until(lambda: self._confirmed(update_id), timeout=10)
        self._delivered.add(update_id)
        future = asyncio.get_running_loop().create_future()
        self._waiting[update_id] = future
        self.fake.push(update)
        await asyncio.wait_for(future, 10)

    def _confirmed(self, update_id: int) -> bool:
        return any(int(c.params.get("offset") or 0) > update_id
                   for c in self.fake.called("getUpdates"))

    def _said(self, handle: str, calls: list[Any]) -> Said:
        said = Said()
        for call in calls:
            if call.method in ("sendDocument", "sendPhoto") and said:
                upload = _upload(call.params, "document" if call.method == "sendDocument"
                                 else "photo")
                # A card's documents follow it: the transcript lists them on the card.
                said[-1] = replace(said[-1], files=[*said[-1].files, upload["filename"]])
                self.uploads.append((call.method, upload["filename"], upload["data"]))
                continue
            if call.method not in ("sendMessage", "editMessageText") or not call.params.get("_ok"):
                continue  # what Telegram refused never reached the user
            markup = call.params.get("reply_markup") or {}
            rows = markup.get("inline_keyboard", [])
            if rows:
                self.menus[handle] = (call.params["_message_id"], markup)
            said.append(Message(handle, from_html(call.params["text"]),
                                [[b["text"] for b in row] for row in rows]))
        return said


def _upload(params: dict[str, Any], key: str) -> dict[str, Any]:
    """The multipart file of a send call; aiogram names it by reference (`attach://…`)."""
    value = params[key]
    if isinstance(value, str) and value.startswith("attach://"):
        value = params[value.removeprefix("attach://")]
    return value
