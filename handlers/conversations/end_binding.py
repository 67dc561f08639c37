"""A provider ends an active binding from /bindings: the reason, a confirmation, and the
merchant is told why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.models import BindingStatus
from domain.notices import BindingEndedByProvider
from domain.services.binding_end import ProviderEnds, check_reason
from domain.services.binding_views import BindingView

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Button, Reply
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step


class EndStep(Steps, prefix="endb"):
    reason = step()
    confirm = step()


@dataclass
class EndForm:
    binding_id: int
    reason: str = ""


class EndPress(Press, prefix="endb"):
    """The buttons of a provider ending a binding."""


@dataclass(frozen=True)
class EndBinding(EndPress, tag="new"):
    binding_id: Id


@dataclass(frozen=True)
class Confirm(EndPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(EndPress, tag="no"):
    object_id: Id
    nonce: str


def end_button(ctx: Context, view: BindingView) -> list[Button]:
    if view.status is not BindingStatus.ACTIVE:
        return []
    return [EndBinding(view.id).button(ctx.t("endb.b_end", binding_id=view.id))]


async def on_press(ctx: Context, press: EndPress) -> Replies:
    if isinstance(press, EndBinding):
        binding = await ctx.use(ProviderEnds).endable(ctx.actor, press.binding_id)
        return await ctx.start(EndForm(binding.id), EndStep.reason)
    assert isinstance(press, Confirm | Cancel)
    form = ctx.form(EndForm)
    stamped.verify(ctx, press, form.binding_id, EndStep.confirm)
    ctx.clear()
    if isinstance(press, Cancel):
        return Reply(ctx.t("bindings.kept", binding_id=form.binding_id), replace=True)
    await ctx.use(ProviderEnds).end(ctx.actor, form.binding_id, form.reason)
    return Reply(ctx.t("endb.done", binding_id=form.binding_id), replace=True)


async def ask_reason(ctx: Context) -> Replies:
    return w.ask(ctx, "endb.ask_reason", binding_id=ctx.form(EndForm).binding_id)


async def take_reason(ctx: Context, text: str) -> Replies:
    ctx.form(EndForm).reason = check_reason(text)
    return await ctx.enter(EndStep.confirm)


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(EndForm)
    return w.ask(ctx, "endb.ask_confirm",
                 stamped.confirm_row(ctx, Confirm, Cancel, form.binding_id),
                 binding_id=form.binding_id, reason=form.reason)


def render_ended(t: Callable[..., str], n: BindingEndedByProvider) -> Reply:
    return Reply(t("endb.notice", binding_id=n.binding_id, company=n.company, reason=n.reason))


def register(router: Router) -> None:
    router.press(EndPress, on_press)
    router.step(Step(EndStep.reason, ask_reason, text=take_reason))
    router.step(Step(EndStep.confirm, ask_confirm))
    router.notice(BindingEndedByProvider, render_ended)
