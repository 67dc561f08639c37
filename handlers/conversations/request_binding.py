"""Request binding (from a provider card): choose the scope and the duration, confirm.

The provider's members are asked through the outbox (answer_binding.py renders that notice
with Accept and Decline); the service re-checks everything the buttons claim.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain import markup
from domain.names import localized
from domain.services.bindings import Bindings

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, chunk
from ..engine.i18n import Say
from ..engine.router import Replies, Router, Step


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
    ctx.clear()
    return await ctx.enter("bind.scope", provider_id=offer.provider_id,
                           company=offer.company_name, cats=cats,
                           scope=[cats[0][0]] if len(cats) == 1 else [])


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "new":
        return await start(ctx, payload.ident(arg))
    if action == "t":
        ctx.expect("bind.scope")
        w.toggle(ctx, "scope", arg, [c[0] for c in ctx.state.data["cats"]])
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if action == "done":
        ctx.expect("bind.scope")
        if not ctx.state.data.get("scope"):
            return [Reply(ctx.t("bind.pick_one")), *await ctx.reprompt()]
        return await ctx.enter("bind.duration")
    if action == "d":
        ctx.expect("bind.duration")
        days = payload.number_in(arg, ctx.rules.binding_durations)
        return await ctx.enter("bind.confirm", days=days)
    if action in ("yes", "no"):
        stamped.check(ctx, arg, ctx.state.data.get("provider_id"), "bind.confirm")
        return await finish(ctx) if action == "yes" else _cancel(ctx)
    raise StaleButton()


async def finish(ctx: Context) -> Replies:
    d = ctx.state.data
    binding = await ctx.use(Bindings).request(ctx.actor, d["provider_id"], d["scope"], d["days"])
    ctx.clear()
    return Reply(ctx.t("bind.sent", company=d["company"], binding_id=binding.id), replace=True)


def _cancel(ctx: Context) -> Reply:
    ctx.clear()
    return Reply(ctx.t("bind.cancelled"), replace=True)


async def ask_scope(ctx: Context) -> Replies:
    options = [(c[0], names(ctx.lang, [c])) for c in ctx.state.data["cats"]]
    return w.ask(ctx, "bind.ask_scope", w.toggle_buttons(ctx, "scope", options, "bind", 1),
                 company=ctx.state.data["company"])


async def ask_duration(ctx: Context) -> Replies:
    buttons = [Button(ctx.t("bind.days", days=d), f"bind:d:{d}")
               for d in ctx.rules.binding_durations]
    return w.ask(ctx, "bind.ask_duration", chunk(buttons, 2), company=ctx.state.data["company"])


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    chosen = [c for c in d["cats"] if c[0] in d["scope"]]
    return w.ask(ctx, "bind.ask_confirm", stamped.confirm_buttons(ctx, "bind", d["provider_id"]),
                 company=d["company"], scope=names(ctx.lang, chosen), days=d["days"])


def register(router: Router) -> None:
    router.button("bind", on_press)
    router.step(Step("bind.scope", ask_scope))
    router.step(Step("bind.duration", ask_duration))
    router.step(Step("bind.confirm", ask_confirm))
