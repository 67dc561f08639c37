"""A provider accepts or declines a binding request; the merchant hears the answer."""

from __future__ import annotations

from collections.abc import Callable

from domain.notices import BindingAccepted, BindingDeclined, BindingRequested
from domain.services.bindings import Bindings

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step
from .request_binding import notice_names


def answer_buttons(t: Callable[..., str], binding_id: int,
                   numbered: bool = False) -> tuple[tuple[Button, ...], ...]:
    suffix = f" #{binding_id}" if numbered else ""
    return rows([Button(t("bindans.accept") + suffix, f"bindans:acc:{binding_id}"),
                 Button(t("bindans.decline") + suffix, f"bindans:dec:{binding_id}")])


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "acc":
        binding = await ctx.use(Bindings).answer(ctx.actor, payload.ident(arg), accept=True)
        assert binding.ends_at is not None
        return Reply(ctx.t("bindans.accepted", binding_id=binding.id,
                           ends=binding.ends_at.date().isoformat()), replace=True)
    if action == "dec":  # first an optional reason, which the merchant reads
        binding = await ctx.use(Bindings).answerable(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter("bindans.reason", binding_id=binding.id)
    binding_id = ctx.state.data.get("binding_id")
    if action == stamped.YES:  # declined without a reason
        stamped.check(ctx, arg, binding_id, "bindans.reason")
        return await decline(ctx, "")
    if action == stamped.NO:
        stamped.check(ctx, arg, binding_id, "bindans.reason")
        ctx.clear()
        return Reply(ctx.t("bindans.decline_cancelled", binding_id=binding_id), replace=True)
    raise StaleButton()


async def ask_reason(ctx: Context) -> Replies:
    binding_id = ctx.state.data["binding_id"]
    return Reply(ctx.t("bindans.ask_reason", binding_id=binding_id), rows(
        [stamped.button(ctx, ctx.t("bindans.decline_no_reason"), "bindans", stamped.YES,
                        binding_id)],
        [stamped.button(ctx, ctx.t("common.cancel"), "bindans", stamped.NO, binding_id)]))


async def decline(ctx: Context, reason: str) -> Replies:
    binding_id = int(ctx.state.data["binding_id"])
    binding = await ctx.use(Bindings).answer(ctx.actor, binding_id, accept=False, reason=reason)
    ctx.clear()
    return Reply(ctx.t("bindans.declined", binding_id=binding.id), replace=True)


def render_requested(t: Callable[..., str], n: BindingRequested) -> Reply:
    return Reply(t("bindans.notice_requested", shop=n.shop, days=n.days,
                   scope=notice_names(t, n.scope), binding_id=n.binding_id),
                 answer_buttons(t, n.binding_id))


def render_accepted(t: Callable[..., str], n: BindingAccepted) -> Reply:
    return Reply(t("bindans.notice_accepted", company=n.company, ends=n.ends,
                   binding_id=n.binding_id))


def render_declined(t: Callable[..., str], n: BindingDeclined) -> Reply:
    text = t("bindans.notice_declined", company=n.company, binding_id=n.binding_id)
    if n.reason:
        text += "\n" + t("bindans.notice_declined_reason", reason=n.reason)
    return Reply(text)


def register(router: Router) -> None:
    router.button("bindans", on_press)
    router.step(Step("bindans.reason", ask_reason, text=decline))
    router.notice(BindingRequested, render_requested)
    router.notice(BindingAccepted, render_accepted)
    router.notice(BindingDeclined, render_declined)
