"""One update through the core: dedupe, state, the conversation, the reply — one transaction."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, replace

from domain import validation as v
from domain.adapters.outage import is_transient
from domain.adapters.uow import Environment, UnitOfWork
from domain.errors import DomainError
from domain.models import OutboxMessage
from domain.rules import Rules
from domain.services.chat_accounts import actor_for

from . import inbox
from . import navigation as nav
from .context import Context, Links, StaleButton
from .contract import ButtonPress, Command, Incoming, Reply, as_list
from .conversation_store import SqlConversationStore
from .deferral import UpdateDeferred
from .i18n import Translator
from .letters import write
from .router import Router

log = logging.getLogger(__name__)


class NotYourTurn(Exception):
    """An earlier update of the same user is ahead, on another worker: wait, then retry."""


@dataclass
class Dispatcher:
    env: Environment
    router: Router
    translator: Translator
    operators: frozenset[str]
    links: Links = Links()

    @property
    def rules(self) -> Rules:
        return self.env.rules

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Process one update exactly once; a repeated dedupe key gets no reply at all.

        Raises UpdateDeferred when the database is unreachable for now: the front end must
        not acknowledge the update, so that the platform sends it again (no apology, no log
        here: bot/outage.py reports an outage once). A bug still gets the apology.
        """
        return await self.handle_update(incoming) or []

    async def handle_update(self, incoming: Incoming, ticket: inbox.Ticket | None = None
                            ) -> list[Reply] | None:
        """As handle(), but None for a repeat; with the update's inbox `ticket` (turns.py),
        raises NotYourTurn, having changed nothing, while another update is ahead of it."""
        try:
            return await self._handle(cleaned(incoming), ticket)
        except NotYourTurn:
            raise
        except Exception as error:
            # Nothing was committed, not even the dedupe key: a platform retry may succeed.
            if is_transient(error):
                raise UpdateDeferred(incoming.dedupe_key, error) from error
            log.exception("update %s failed", incoming.dedupe_key)
            lang = "zh" if (incoming.language or "").startswith("zh") else "en"
            return [Reply(self.translator(lang, "error.internal"))]

    async def _handle(self, incoming: Incoming, ticket: inbox.Ticket | None
                      ) -> list[Reply] | None:
        async with UnitOfWork(self.env) as uow:
            store = SqlConversationStore(uow)
            arrived = await store.arrive(inbox.key_of(incoming),
                                         incoming.platform, incoming.user_id,
                                         incoming.display_name, incoming.language)
            if arrived is None:  # a repeat
                return None
            account, state = arrived
            # The user's row is locked now: no other worker can pass this check meanwhile.
            if ticket is not None and not await inbox.take_turn(uow.session, ticket, uow.now()):
                raise NotYourTurn()
            ctx = Context(incoming=incoming, actor=actor_for(account, self.operators),
                          lang=account.language, state=state, translator=self.translator,
                          rules=self.rules, links=self.links, router=self.router, _uow=uow)
            replies = await self._run(ctx, uow)
            buttons = [b.payload for r in replies for row in r.buttons for b in row if b.payload]
            if buttons:
                ctx.state.options = buttons
            ctx.keep_form()
            await store.save(account.id, ctx.state)
            await uow.commit()
            return replies

    async def _run(self, ctx: Context, uow: UnitOfWork) -> list[Reply]:
        before = ctx.state.copy()
        try:
            async with uow.attempt():
                return nav.with_navigation(ctx, await self._route(ctx))
        except DomainError as error:
            # The action was refused: its changes are rolled back, the form stays where it was.
            ctx.restore(before)
            return self._refused(ctx, error)

    def _refused(self, ctx: Context, error: DomainError) -> list[Reply]:
        return [Reply(ctx.t(error.code, **self._params(ctx, error.params)))]

    @staticmethod
    def _params(ctx: Context, params: dict) -> dict:
        """Codes in error parameters (a field, a role) are shown by their names."""
        params = dict(params)
        if "field" in params:
            params["field_name"] = ctx.t(f"field.{params['field']}")
        if "role" in params:
            params["role"] = ctx.t(f"role.{params['role']}")
        return params

    async def _route(self, ctx: Context) -> list[Reply]:
        incoming, router = ctx.incoming, self.router
        if incoming.press is None or not nav.is_navigation(incoming.press.payload):
            nav.forget_pending(ctx)
        if incoming.command is not None:
            return await self._command(ctx)
        if incoming.press is not None:
            return await self._press(ctx, incoming.press.payload)
        step = router.steps.get(ctx.state.step or "")
        if incoming.file is not None:
            if step is not None and step.file is not None:
                return as_list(await step.file(ctx))
            return [Reply(ctx.t("error.file_unexpected")), *await self._prompt(ctx)]
        if incoming.text is not None:
            return await self._text(ctx, incoming.text.strip())
        return []  # platform events are front-end business (follow, menu) unless routed

    async def _text(self, ctx: Context, text: str) -> list[Reply]:
        step = self.router.steps.get(ctx.state.step or "")
        # A number answers the numbered options of the last message (WeChat, console),
        # except at a form step that takes text: there a number is the answer (750000).
        # Only ASCII digits count (`²`, `①` pass isdigit() but are not numbers).
        number = v.digits(text, max_digits=3)
        if number is not None and not 0 < number <= len(ctx.state.options):
            number = None
        if step is not None and step.text is not None and not (number and not step.form):
            return as_list(await step.text(ctx, text))
        if number is not None:
            return await self._press(ctx, ctx.state.options[number - 1])
        if step is not None:
            return [Reply(ctx.t("error.use_buttons")), *await self._prompt(ctx)]
        if self.router.free_text is not None:
            return as_list(await self.router.free_text(ctx, text))
        return [Reply(ctx.t("error.not_understood"))]

    async def _press(self, ctx: Context, payload: str) -> list[Reply]:
        prefix, _, rest = payload.partition(":")
        if prefix == nav.NavPress.prefix:
            replies, command = await nav.on_press(ctx, nav.NavPress.unpack(rest))
            return replies if command is None else await self._leave_for(ctx, command)
        route = self.router.presses.get(prefix)
        if route is None:
            raise StaleButton()
        if route.operator:
            ctx.actor.require_operator()  # before the payload: forgers are told plainly
        # Only the payload codec decides that a payload is stale; any other exception here is
        # a bug and goes to handle(), which logs its traceback and answers "error.internal".
        return as_list(await route.handler(ctx, route.family.unpack(rest)))

    async def _command(self, ctx: Context) -> list[Reply]:
        command = ctx.incoming.command
        assert command is not None
        spec = self.router.commands.get(command.name)
        if spec is None:
            replies = [Reply(ctx.t("error.unknown_command", command=command.name))]
            return replies + await self._prompt(ctx)
        if spec.operator and not ctx.actor.is_operator:
            raise DomainError("error.operators_only")
        allowed = spec.roles is None or ctx.actor.role in spec.roles or ctx.actor.is_operator
        if not allowed:
            raise DomainError("error.role_required")
        if not spec.keeps_state:
            if spec.name != "cancel" and self.router.in_form(ctx.state.step):
                return nav.ask_to_leave(ctx, command)
            ctx.clear()
        return as_list(await spec.handler(ctx))

    async def _leave_for(self, ctx: Context, command: Command) -> list[Reply]:
        """Leave pressed: the form is gone; now run the command that interrupted it."""
        ctx.incoming = replace(ctx.incoming, command=command, press=None)
        left = ctx.state.copy()
        try:
            async with ctx.attempt():
                return await self._command(ctx)
        except DomainError as error:
            ctx.restore(left)  # the command was refused, but the form stays left
            return self._refused(ctx, error)

    @staticmethod
    async def _prompt(ctx: Context) -> list[Reply]:
        return await ctx.reprompt()

    async def takes_text(self, platform: str, user_id: str) -> bool:
        """Whether the user's current step reads typed text as its answer, so a number typed
        there is that number (750000 at the GMV step), not a numbered button."""
        async with UnitOfWork(self.env) as uow:
            step = self.router.steps.get(
                await SqlConversationStore(uow).step_of(platform, user_id) or "")
        return step is not None and step.text is not None and step.form

    def render_notice(self, row: OutboxMessage, lang: str) -> Reply:
        """The outbox row's event, decoded from its kind and params, in the reader's words."""
        route = self.router.notices.get(row.kind)
        if route is None:
            raise LookupError(f"no renderer for notice {row.kind!r}")
        return route.reply(self.translator.bind(lang), row.params)

    def write_letter(self, kind: str, params: dict) -> tuple[str, str]:
        """An e-mail's subject and body, from the catalogs (bilingual)."""
        writer = self.router.letters.get(kind)
        if writer is None:
            raise LookupError(f"no writer for e-mail {kind!r}")
        return write(self.translator, writer, params)


def cleaned(incoming: Incoming) -> Incoming:
    """The update without NUL and lone surrogates, before any of it reaches the state.

    Form steps keep raw text in the conversation's JSON (search words, links), which
    PostgreSQL cannot store with NUL in it. The rest of the cleaning — control and invisible
    characters — is the services' business (domain/validation.py), so that they can tell a
    name made only of invisible characters from an empty one.
    """
    clean = v.storable
    text, command, press = incoming.text, incoming.command, incoming.press
    return dataclasses.replace(
        incoming, display_name=v.clean(incoming.display_name, newlines=False),
        text=None if text is None else clean(text),
        command=None if command is None else Command(clean(command.name), clean(command.args)),
        press=None if press is None else ButtonPress(clean(press.payload)))
