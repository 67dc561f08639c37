"""Request binding (from a provider card): choose the scope and the duration, confirm.

The provider's members are asked through the outbox (answer_binding.py renders that notice
with Accept and Decline); the service re-checks everything the buttons claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain import markup
from domain.names import localized
from domain.services.bindings import Bindings

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, chunk
from ..engine.i18n import Say
from ..engine.presses import Id, Press, one_of
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step


class BindStep(Steps, prefix="bind"):
    scope = step()
    duration = step()
    confirm = step()


@dataclass
class BindForm:
    provider_id: int
    company: str
    cats: list[list[str]]  # [code, en, zh] of the categories offered
    scope: list[str] = field(default_factory=list)
    days: int = 0


class BindPress(Press, prefix="bind"):
    """The buttons of a binding request."""


@dataclass(frozen=True)
class NewRequest(BindPress, tag="new"):
    provider_id: Id


@dataclass(frozen=True)
class Toggle(BindPress, tag="t"):
    code: str


@dataclass(frozen=True)
class Done(BindPress, tag="done"):
    pass


@dataclass(frozen=True)
class Days(BindPress, tag="d"):
    days: int


@dataclass(frozen=True)
class Confirm(BindPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(BindPress, tag="no"):
    object_id: Id
    nonce: str


def names(lang: str, scope: Sequence[Sequence[str]]) -> str:
    """Category names from [code, en, zh] triples, in the reader's language."""
    return markup.join(separator(lang), [localized(lang, en, zh) for _, en, zh in scope]) or "—"


def separator(lang: str) -> str:
    """Chinese lists take the enumeration comma (广告代理、达人营销), not ", "."""
    return "、" if lang == "zh" else ", "


def notice_names(t: Say, scope: Sequence[Sequence[str]]) -> str:
    return names(t.lang, scope)


async def start(ctx: Context, provider_id: int) -> Replies:
    offer = await ctx.use(Bindings).offer(ctx.actor, provider_id)
    cats = [c.as_params() for c in offer.categories]
    form = BindForm(provider_id=offer.provider_id, company=offer.company_name, cats=cats,
                    scope=[cats[0][0]] if len(cats) == 1 else [])
    return await ctx.start(form, BindStep.scope)


async def on_press(ctx: Context, press: BindPress) -> Replies:
    if isinstance(press, NewRequest):
        return await start(ctx, press.provider_id)
    if isinstance(press, Confirm | Cancel):
        stamped.verify(ctx, press, ctx.form(BindForm).provider_id, BindStep.confirm)
        return await finish(ctx) if isinstance(press, Confirm) else _cancel(ctx)
    form = ctx.form(BindForm)
    if isinstance(press, Toggle):
        ctx.expect(BindStep.scope)
        form.scope = w.flip(form.scope, press.code, [c[0] for c in form.cats])
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if isinstance(press, Done):
        ctx.expect(BindStep.scope)
        if not form.scope:
            return [Reply(ctx.t("bind.pick_one")), *await ctx.reprompt()]
        return await ctx.enter(BindStep.duration)
    assert isinstance(press, Days)
    ctx.expect(BindStep.duration)
    form.days = one_of(press.days, ctx.rules.binding_durations)
    return await ctx.enter(BindStep.confirm)


async def finish(ctx: Context) -> Replies:
    form = ctx.form(BindForm)
    binding = await ctx.use(Bindings).request(ctx.actor, form.provider_id, form.scope, form.days)
    ctx.clear()
    return Reply(ctx.t("bind.sent", company=form.company, binding_id=binding.id), replace=True)


def _cancel(ctx: Context) -> Reply:
    ctx.clear()
    return Reply(ctx.t("bind.cancelled"), replace=True)


async def ask_scope(ctx: Context) -> Replies:
    form = ctx.form(BindForm)
    options = [(c[0], names(ctx.lang, [c])) for c in form.cats]
    return w.ask(ctx, "bind.ask_scope", w.toggles(ctx, form.scope, options, Toggle, Done(), 1),
                 company=form.company)


async def ask_duration(ctx: Context) -> Replies:
    buttons = [Days(d).button(ctx.t("bind.days", days=d)) for d in ctx.rules.binding_durations]
    return w.ask(ctx, "bind.ask_duration", chunk(buttons, 2), company=ctx.form(BindForm).company)


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(BindForm)
    chosen = [c for c in form.cats if c[0] in form.scope]
    return w.ask(ctx, "bind.ask_confirm",
                 stamped.confirm_row(ctx, Confirm, Cancel, form.provider_id),
                 company=form.company, scope=names(ctx.lang, chosen), days=form.days)


def register(router: Router) -> None:
    router.press(BindPress, on_press)
    router.step(Step(BindStep.scope, ask_scope))
    router.step(Step(BindStep.duration, ask_duration))
    router.step(Step(BindStep.confirm, ask_confirm))
