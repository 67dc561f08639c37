"""A provider ends an active binding from /bindings: the reason, a confirmation, and the
merchant is told why."""

from __future__ import annotations

from collections.abc import Callable

from domain.models import BindingStatus
from domain.notices import BindingEndedByProvider
from domain.services.binding_end import ProviderEnds, check_reason
from domain.services.binding_views import BindingView

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply
from ..engine.router import Replies, Router, Step

REASON, CONFIRM = "endb.reason", "endb.confirm"


def end_button(ctx: Context, view: BindingView) -> list[Button]:
    if view.status is not BindingStatus.ACTIVE:
        return []
    return [Button(ctx.t("endb.b_end", binding_id=view.id), f"endb:new:{view.id}")]


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "new":
        binding = await ctx.use(ProviderEnds).endable(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter(REASON, binding_id=binding.id)
    if action in (stamped.YES, stamped.NO):
        stamped.check(ctx, arg, ctx.state.data.get("binding_id"), CONFIRM)
        d = dict(ctx.state.data)
        ctx.clear()
        if action == "no":
            return Reply(ctx.t("bindings.kept", binding_id=d["binding_id"]), replace=True)
        await ctx.use(ProviderEnds).end(ctx.actor, int(d["binding_id"]), d["reason"])
        return Reply(ctx.t("endb.done", binding_id=d["binding_id"]), replace=True)
    raise StaleButton()


async def ask_reason(ctx: Context) -> Replies:
    return w.ask(ctx, "endb.ask_reason", binding_id=ctx.state.data["binding_id"])


async def take_reason(ctx: Context, text: str) -> Replies:
    return await ctx.enter(CONFIRM, reason=check_reason(text))


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    return w.ask(ctx, "endb.ask_confirm", stamped.confirm_buttons(ctx, "endb", d["binding_id"]),
                 binding_id=d["binding_id"], reason=d["reason"])


def render_ended(t: Callable[..., str], n: BindingEndedByProvider) -> Reply:
    return Reply(t("endb.notice", binding_id=n.binding_id, company=n.company, reason=n.reason))


def register(router: Router) -> None:
    router.button("endb", on_press)
    router.step(Step(REASON, ask_reason, text=take_reason))
    router.step(Step(CONFIRM, ask_confirm))
    router.notice(BindingEndedByProvider, render_ended)
