"""What a conversation function gets for one update: typed, no database session in sight."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from domain.actor import Actor
from domain.adapters.uow import UnitOfWork
from domain.rules import Rules

from . import forms
from .contract import Incoming, as_list
from .conversation_store import State
from .i18n import Translator
from .stale import StaleButton

if TYPE_CHECKING:
    from .contract import Reply
    from .router import Router

S = TypeVar("S")
F = TypeVar("F")
TRAIL = "_trail"  # form steps walked so far, in the conversation data (for Back)


@dataclass(frozen=True)
class Links:
    """How to build share links: Telegram deep links when the bot's username is known."""

    telegram_bot: str | None = None

    def start(self, payload: str) -> str | None:
        return f"https://t.me/{self.telegram_bot}?start={payload}" if self.telegram_bot else None


@dataclass
class Context:
    incoming: Incoming
    actor: Actor
    lang: str
    state: State
    translator: Translator
    rules: Rules
    links: Links
    router: Router
    _uow: UnitOfWork
    _form: Any = None  # the typed answers of the current form, loaded on first use

    def form(self, kind: type[F]) -> F:
        """This form's answers as a typed object (see forms.py); changes are kept when the
        update succeeds. Stored answers that do not fit the form are stale."""
        if isinstance(self._form, kind):
            return self._form
        self.keep_form()
        self._form = forms.load(kind, self.state.data)
        return self._form

    def keep_form(self) -> None:
        """Write the typed answers back into the conversation data (the dispatcher calls it)."""
        if self._form is not None:
            self.state.data.update(forms.dump(self._form))

    def restore(self, state: State) -> None:
        """Go back to a saved state (an action was refused): typed answers reload from it."""
        self.state, self._form = state, None

    async def start(self, form: object, step: str) -> list[Reply]:
        """Begin a form afresh with its first answers, at its first step."""
        self.clear()
        self._form = form
        return await self.enter(step)

    def begin(self, form: F, step: str) -> F:
        """Like `start`, but without asking the step's question: for a screen whose caller
        answers itself (a new search replies with the page it found, or with "nothing")."""
        self.clear()
        self._form = form
        self.goto(step)
        return form

    def t(self, key: str, **params: Any) -> str:
        return self.translator(self.lang, key, **params)

    def now(self) -> datetime:
        """The unit of work's clock (tests move it), for dates said in a reply."""
        return self._uow.now()

    def use(self, service: Callable[[UnitOfWork], S]) -> S:
        """A service bound to this update's unit of work."""
        return service(self._uow)

    def attempt(self):  # noqa: ANN201 - an async context manager (a savepoint)
        """Undo only what happens inside, if it is refused (see UnitOfWork.attempt)."""
        return self._uow.attempt()

    def goto(self, step: str | None) -> None:
        """Move to a step; a form's answers live in its typed form (`form`), not here."""
        if step != self.state.step:
            self._remember(step)
        self.state.step = step

    def _remember(self, step: str | None) -> None:
        """Keep the trail of form steps walked, so Back can return to the previous one."""
        trail: list[str] = list(self.state.data.get(TRAIL, []))
        current = self.state.step
        if step is None:
            trail = []
        elif step in trail:
            trail = trail[:trail.index(step)]  # walked back to an earlier step
        elif current is not None and self.router.in_form(current):
            trail.append(current)
        if trail:
            self.state.data[TRAIL] = trail
        else:
            self.state.data.pop(TRAIL, None)

    def back(self) -> bool:
        """Return to the previous form step, keeping every answer; False if there is none."""
        trail: list[str] = list(self.state.data.get(TRAIL, []))
        if not trail:
            return False
        self.state.step = trail.pop()
        if trail:
            self.state.data[TRAIL] = trail
        else:
            self.state.data.pop(TRAIL, None)
        return True

    def can_go_back(self) -> bool:
        return bool(self.state.data.get(TRAIL))

    def clear(self) -> None:
        self.state.step, self.state.data, self._form = None, {}, None

    def expect(self, *steps: str) -> None:
        """Buttons of a form only count while the user is on that form's step."""
        if self.state.step not in steps:
            raise StaleButton()

    async def enter(self, step: str) -> list[Reply]:
        """Move to a form step and ask its question."""
        self.goto(step)
        return as_list(await self.router.steps[step].prompt(self))

    async def reprompt(self) -> list[Reply]:
        """Ask the current step's question again, so the user sees where they are."""
        step = self.router.steps.get(self.state.step or "")
        return as_list(await step.prompt(self)) if step is not None else []
