"""The router: which function answers which command, button, form step and notice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.models import Role

from .contract import InlineResult, Reply
from .i18n import Say

if TYPE_CHECKING:
    from .context import Context

Replies = Reply | Sequence[Reply] | None
Handler = Callable[["Context"], Awaitable[Replies]]
ArgHandler = Callable[["Context", str], Awaitable[Replies]]
Prompt = Callable[["Context"], Awaitable[Replies]]
NoticeRenderer = Callable[[Say, dict], Reply]
InlineHandler = Callable[["Context", str], Awaitable[list[InlineResult]]]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: Handler
    help_key: str | None = None  # listed in /help when set
    roles: frozenset[Role | None] | None = None  # None: everyone
    operator: bool = False
    keeps_state: bool = False  # /help and friends answer without leaving the current form
    guest: bool = True  # listed in a guest's /help (False: needs a profile to mean anything)


@dataclass(frozen=True)
class Step:
    """A form step. `prompt` asks again; `text`/`file` take the answer (None: buttons only).

    `form` is False for steps that only show something (search results): they get no
    Back/Cancel row, a command there simply moves on, and /help does not call them a form.
    """

    name: str
    prompt: Prompt
    text: ArgHandler | None = None
    file: Handler | None = None
    form: bool = True


@dataclass
class Router:
    commands: dict[str, CommandSpec] = field(default_factory=dict)
    buttons: dict[str, ArgHandler] = field(default_factory=dict)
    steps: dict[str, Step] = field(default_factory=dict)
    deep_links: dict[str, ArgHandler] = field(default_factory=dict)
    notices: dict[str, NoticeRenderer] = field(default_factory=dict)
    free_text: ArgHandler | None = None
    inline: InlineHandler | None = None  # inline queries (handlers/engine/inline.py)

    def in_form(self, step: str | None) -> bool:
        """Whether `step` is part of a multi-step form (so leaving it loses answers)."""
        found = self.steps.get(step or "")
        return found is not None and found.form

    def command(self, name: str, handler: Handler, **options: object) -> None:
        self._unique(self.commands, name)
        self.commands[name] = CommandSpec(name=name, handler=handler, **options)  # type: ignore[arg-type]

    def button(self, prefix: str, handler: ArgHandler) -> None:
        """Payloads look like `prefix:rest`; the handler gets `rest` and must re-check it."""
        self._unique(self.buttons, prefix)
        self.buttons[prefix] = handler

    def step(self, step: Step) -> None:
        self._unique(self.steps, step.name)
        self.steps[step.name] = step

    def deep_link(self, prefix: str, handler: ArgHandler) -> None:
        """`/start prefix_rest` (Telegram's ?start=) lands here with `rest`."""
        self._unique(self.deep_links, prefix)
        self.deep_links[prefix] = handler

    def notice(self, kind: str, renderer: NoticeRenderer) -> None:
        self._unique(self.notices, kind)
        self.notices[kind] = renderer

    def inline_query(self, handler: InlineHandler) -> None:
        """The one function that answers inline queries: it gets the words typed."""
        if self.inline is not None:
            raise ValueError("the inline query handler is registered twice")
        self.inline = handler

    @staticmethod
    def _unique(table: dict, key: str) -> None:
        if key in table:
            raise ValueError(f"{key!r} is registered twice")


def as_list(replies: Replies) -> list[Reply]:
    if replies is None:
        return []
    if isinstance(replies, Reply):
        return [replies]
    return list(replies)
