"""The console front end: any number of users in one terminal, and the JSON Lines transcript."""

from __future__ import annotations

import asyncio
import json
import mimetypes
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from domain.markup import shown
from domain.services.outbox import Outbox
from handlers.engine.contract import ButtonPress, FileUpload, Incoming, Reply
from handlers.engine.deferral import UpdateDeferred
from handlers.engine.text_commands import parse_text

from .app import App

if TYPE_CHECKING:  # imported when first used (the console mostly never announces)
    from announcements.service import Announcer

PLATFORM = "console"
STRING_KEYS = ("text", "press", "file", "lang", "id")  # a number here is a script error
MAX_ID_LENGTH = 100  # the dedupe key column holds 128 characters with the platform prefix
MAX_HANDLE_LENGTH = 64  # what accounts.platform_id holds


def handle_problem(handle: str) -> str | None:
    """What is wrong with a console user name, if anything (it becomes the account's id)."""
    if not handle or len(handle) > MAX_HANDLE_LENGTH or not handle.isprintable():
        return (f"a user name is 1 to {MAX_HANDLE_LENGTH} printable characters, "
                f"not {handle[:40]!r}")
    return None


class ScriptError(Exception):
    """A transcript line the console cannot play (bad JSON, no such button)."""


@dataclass
class Console:
    app: App
    languages: dict[str, str] = field(default_factory=dict)
    # The newest message with buttons each user was shown, for `press` and numbered answers.
    menus: dict[str, Reply] = field(default_factory=dict)
    # The interactive chat shows attachments' local paths (operators open them from there);
    # transcripts show names only, so they read the same on every machine.
    show_paths: bool = False
    # Called with every reply as the core made it (tests check each renders on every platform).
    observer: Callable[[str, Reply], None] | None = None
    announcer: Announcer | None = None  # built on first use: wired in bot/announcing.py

    async def send(self, handle: str, *, text: str | None = None, press: str | None = None,
                   file: str | None = None, key: str | None = None) -> list[dict[str, Any]]:
        """One user action in; every message it causes out, to that user and to others."""
        problem = handle_problem(handle)
        if problem is not None:
            raise ScriptError(problem)
        incoming = self._incoming(handle, text, press, file, key or uuid.uuid4().hex)
        replies = await self._handle(incoming)
        out = [self._line(handle, reply) for reply in replies]
        await self._release()
        return out + await self.deliver()

    async def _handle(self, incoming: Incoming) -> list[Reply]:
        """The console has no platform to send a deferred update again: it waits for the
        database and tries again itself (the dedupe key makes a retry safe)."""
        pause = 0.5
        while True:
            try:
                replies = await self.app.dispatcher.handle(incoming)
            except UpdateDeferred as deferred:
                self.app.outage.defer(deferred.cause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)
                continue
            self.app.outage.passed()
            return replies

    async def takes_text(self, handle: str) -> bool:
        """Whether `handle`'s current form step wants typed text (a number is then a number)."""
        return await self.app.dispatcher.takes_text(PLATFORM, handle)
    async def _release(self) -> None:
        """An operator's confirmed announcement goes out at once at the console (elsewhere the
        background job releases it within seconds)."""
        if self.announcer is None:
            from .announcing import build_announcer

            self.announcer = build_announcer(self.app)
        await self.announcer.release()

    def _incoming(self, handle: str, text: str | None, press: str | None, file: str | None,
                  key: str) -> Incoming:
        base = Incoming(platform=PLATFORM, user_id=handle, display_name=handle,
                        language=self.languages.get(handle), dedupe_key=key)
        if press is not None:
            return replace(base, press=ButtonPress(self._payload(handle, press)))
        if file is not None:
            return replace(base, file=_upload(Path(file)))
        body, command = parse_text(text or "")
        return replace(base, text=body, command=command)

    def _payload(self, handle: str, label: str) -> str:
        menu = self.menus.get(handle)
        for row in menu.buttons if menu else ():
            for button in row:
                if button.label == label and button.payload:
                    return button.payload
        raise ScriptError(f"{handle} has no button labelled {label!r}")

    def _line(self, handle: str, reply: Reply) -> dict[str, Any]:
        if self.observer is not None:
            self.observer(handle, reply)
        if reply.buttons:
            self.menus[handle] = reply
        line: dict[str, Any] = {"to": handle, "text": shown(reply.text)}
        if reply.buttons:
            line["buttons"] = [[b.label for b in row] for row in reply.buttons]
        if reply.attachments:
            line["files"] = [a.name for a in reply.attachments]
            if self.show_paths:
                line["paths"] = [a.path for a in reply.attachments]
        return line

    async def deliver(self) -> list[dict[str, Any]]:
        """Hand the outbox's console notices to their recipients (the console never fails)."""
        lines: list[dict[str, Any]] = []
        async with self.app.unit_of_work() as uow:
            outbox = Outbox(uow)
            for due in await outbox.claim(PLATFORM, limit=1000):
                assert due.account is not None
                reply = self.app.dispatcher.render_notice(due.message, due.account.language)
                lines.append(self._line(due.account.platform_id, reply))
                outbox.sent(due.message)
            await uow.commit()
        return lines

    async def play(self, lines: Iterable[str], out: TextIO, err: TextIO) -> int:
        """Transcript mode: JSON Lines in, JSON Lines out. Returns how many lines failed."""
        failures = 0
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                step = _parse_step(raw)
                if "lang" in step:
                    self.languages[step["as"]] = str(step["lang"])
                produced = await self.send(step["as"], text=step.get("text"),
                                           press=step.get("press"), file=step.get("file"),
                                           key=step.get("id"))
            except ScriptError as exc:
                failures += 1
                err.write(f"line {number}: {exc}\n")
                continue
            for line in produced:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
        return failures


def _parse_step(raw: str) -> dict[str, Any]:
    try:
        step = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ScriptError(f"not JSON: {exc}") from exc
    if not isinstance(step, dict) or not isinstance(step.get("as"), str):
        raise ScriptError('each line needs "as": "<user>"')
    if sum(k in step for k in ("text", "press", "file")) != 1:
        raise ScriptError('each line needs exactly one of "text", "press", "file"')
    for key in STRING_KEYS:
        if key in step and not isinstance(step[key], str):
            raise ScriptError(f'"{key}" must be a string, got {json.dumps(step[key])[:40]}')
    if len(step.get("id", "")) > MAX_ID_LENGTH:
        raise ScriptError(f'"id" must be at most {MAX_ID_LENGTH} characters')
    return step


def _upload(path: Path) -> FileUpload:
    if not path.is_file():
        raise ScriptError(f"no such file: {path}")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"

    async def fetch() -> bytes:
        return path.read_bytes()

    return FileUpload(name=path.name, mime_type=mime, size=path.stat().st_size, fetch=fetch)
