"""Conversation tests read like transcripts: `say`, `press`, `send_file`, then what came back."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.console import Console


@dataclass(frozen=True)
class Message:
    to: str
    text: str
    buttons: list[list[str]]
    files: list[str] = field(default_factory=list)  # names of the documents sent with it

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label in row]


class Said(list[Message]):
    """What the bot sent after one action, to the actor and to anyone else."""

    def to(self, user: str) -> Said:
        return Said(m for m in self if m.to == user)

    @property
    def text(self) -> str:
        return "\n---\n".join(m.text for m in self)

    @property
    def last(self) -> Message:
        assert self, "the bot sent nothing"
        return self[-1]

    @property
    def labels(self) -> list[str]:
        return [label for m in self for label in m.labels]


class RunsSteps(ABC):
    """`run`, for every driver: several steps; a step starting with '> ' presses that label."""

    @abstractmethod
    async def say(self, user: str, text: str) -> Said: ...

    @abstractmethod
    async def press(self, user: str, label: str) -> Said: ...

    async def run(self, user: str, *steps: str) -> Said:
        said = Said()
        for step in steps:
            said = await (self.press(user, step[2:]) if step.startswith("> ")
                          else self.say(user, step))
        return said


class Transcript(RunsSteps):
    def __init__(self, console: Console) -> None:
        self.console = console

    def _said(self, lines: list[dict[str, Any]]) -> Said:
        return Said(Message(line["to"], line["text"], line.get("buttons", []),
                            line.get("files", [])) for line in lines)

    async def say(self, user: str, text: str, *, lang: str | None = None,
                  key: str | None = None) -> Said:
        if lang is not None:
            self.console.languages[user] = lang
        return self._said(await self.console.send(user, text=text, key=key))

    async def press(self, user: str, label: str, *, key: str | None = None) -> Said:
        return self._said(await self.console.send(user, press=label, key=key))

    async def send_file(self, user: str, path: Path) -> Said:
        return self._said(await self.console.send(user, file=str(path)))

    async def forge(self, user: str, payload: str) -> Said:
        """Press a button that was never shown: a forged or stale payload."""
        import uuid

        from handlers.engine.contract import ButtonPress, Incoming

        incoming = Incoming(platform="console", user_id=user, display_name=user,
                            language=self.console.languages.get(user, "en"),
                            dedupe_key=uuid.uuid4().hex, press=ButtonPress(payload))
        replies = await self.console.app.dispatcher.handle(incoming)
        lines = [self.console._line(user, r) for r in replies]
        return self._said(lines + await self.console.deliver())
