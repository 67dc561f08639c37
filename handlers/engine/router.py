"""The router: which function answers which command, button, form step and notice, and which
writes which e-mail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from domain.models import Role
from domain.notices import Notice

from .contract import InlineResult, Replies, Reply
from .i18n import Say
from .letters import LetterWriter
from .presses import Press, check_family

if TYPE_CHECKING:
    from .context import Context

Handler = Callable[["Context"], Awaitable[Replies]]
ArgHandler = Callable[["Context", str], Awaitable[Replies]]
Prompt = Callable[["Context"], Awaitable[Replies]]
N = TypeVar("N", bound=Notice)
NoticeRenderer = Callable[[Say, N], Reply]
PressHandler = Callable[["Context", Any], Awaitable[Replies]]
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


@dataclass(frozen=True)
class PressRoute:
    family: type[Press]
    handler: PressHandler
    operator: bool = False  # operators' buttons: others are told so, whatever the payload


@dataclass(frozen=True)
class NoticeRoute(Generic[N]):
    """A notice event and the function that words it for one reader."""

    event: type[N]
    render: NoticeRenderer[N]

    def reply(self, say: Say, params: Mapping[str, Any]) -> Reply:
        """Decode an outbox row's params as this event (NoticeError if they do not fit)."""
        return self.render(say, self.event.from_params(params))


@dataclass
class Router:
    commands: dict[str, CommandSpec] = field(default_factory=dict)
    presses: dict[str, PressRoute] = field(default_factory=dict)
    steps: dict[str, Step] = field(default_factory=dict)
    deep_links: dict[str, ArgHandler] = field(default_factory=dict)
    notices: dict[str, NoticeRoute[Any]] = field(default_factory=dict)  # by the event's KIND
    letters: dict[str, LetterWriter] = field(default_factory=dict)
    free_text: ArgHandler | None = None
    inline: InlineHandler | None = None  # inline queries (handlers/engine/inline.py)

    def in_form(self, step: str | None) -> bool:
        """Whether `step` is part of a multi-step form (so leaving it loses answers)."""
        found = self.steps.get(step or "")
        return found is not None and found.form

    def command(self, name: str, handler: Handler, *, help_key: str | None = None,
                roles: frozenset[Role | None] | None = None, operator: bool = False,
                keeps_state: bool = False, guest: bool = True) -> None:
        """Register a command; the options are CommandSpec's."""
        self._unique(self.commands, name)
        self.commands[name] = CommandSpec(name, handler, help_key, roles, operator,
                                          keeps_state, guest)

    def press(self, family: type[Press], handler: PressHandler, *,
              operator: bool = False) -> None:
        """A conversation's buttons: the dispatcher unpacks the payload into one of `family`'s
        kinds (or refuses it as stale) and the handler gets the typed value."""
        check_family(family)
        self._unique(self.presses, family.prefix)
        self.presses[family.prefix] = PressRoute(family, handler, operator)

    def step(self, step: Step) -> None:
        self._unique(self.steps, step.name)
        self.steps[step.name] = step

    def deep_link(self, prefix: str, handler: ArgHandler) -> None:
        """`/start prefix_rest` (Telegram's ?start=) lands here with `rest`."""
        self._unique(self.deep_links, prefix)
        self.deep_links[prefix] = handler

    def notice(self, event: type[N], renderer: NoticeRenderer[N]) -> None:
        """`renderer` words `event` for its reader when the outbox delivers it."""
        self._unique(self.notices, event.KIND)
        self.notices[event.KIND] = NoticeRoute(event, renderer)

    def letter(self, kind: str, writer: LetterWriter) -> None:
        self._unique(self.letters, kind)
        self.letters[kind] = writer

    def inline_query(self, handler: InlineHandler) -> None:
        """The one function that answers inline queries: it gets the words typed."""
        if self.inline is not None:
            raise ValueError("the inline query handler is registered twice")
        self.inline = handler

    @staticmethod
    def _unique(table: dict, key: str) -> None:
        if key in table:
            raise ValueError(f"{key!r} is registered twice")
