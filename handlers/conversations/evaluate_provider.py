"""Evaluate a provider (from /bindings): three 1–5 scores, an optional comment, confirm.

The service decides who may evaluate (an active binding, or one ended within the window);
pressing Evaluate again edits the same evaluation.
"""

from __future__ import annotations

from domain.services.evaluations import Evaluations, Scores, check_comment

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step

SCORES = ("quality", "communication", "timeliness")
STEPS = tuple(f"eval.{s}" for s in SCORES)


async def start(ctx: Context, binding_id: int) -> Replies:
    target = await ctx.use(Evaluations).target(ctx.actor, binding_id)
    ctx.clear()
    replies = []
    if target.existing is not None:
        replies.append(Reply(ctx.t("eval.editing", company=target.company_name)))
    return replies + await ctx.enter(STEPS[0], binding_id=target.binding_id,
                                     company=target.company_name)


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "new":
        return await start(ctx, payload.ident(arg))
    if action == "s":
        ctx.expect(*STEPS)
        score = payload.number_in(arg, range(1, 6))
        step = ctx.state.step or ""
        ctx.state.data[step.removeprefix("eval.")] = score
        following = STEPS.index(step) + 1
        return await ctx.enter(STEPS[following] if following < len(STEPS) else "eval.comment")
    if action == "skip":
        ctx.expect("eval.comment")
        return await ctx.enter("eval.confirm", comment="")
    if action in ("yes", "no"):
        stamped.check(ctx, arg, ctx.state.data.get("binding_id"), "eval.confirm")
        return await finish(ctx) if action == "yes" else _cancel(ctx)
    raise StaleButton()


async def take_comment(ctx: Context, text: str) -> Replies:
    return await ctx.enter("eval.confirm", comment=check_comment(text))


async def finish(ctx: Context) -> Replies:
    d = ctx.state.data
    await ctx.use(Evaluations).submit(ctx.actor, d["binding_id"], Scores(
        d["quality"], d["communication"], d["timeliness"], d["comment"]))
    ctx.clear()
    return Reply(ctx.t("eval.saved", company=d["company"]), replace=True)


def _cancel(ctx: Context) -> Reply:
    ctx.clear()
    return Reply(ctx.t("eval.cancelled"), replace=True)


async def ask_score(ctx: Context) -> Replies:
    buttons = [Button(str(n), f"eval:s:{n}") for n in range(1, 6)]
    return w.ask(ctx, f"{ctx.state.step}_ask", rows(buttons), company=ctx.state.data["company"])


async def ask_comment(ctx: Context) -> Replies:
    return w.ask(ctx, "eval.ask_comment", rows([Button(ctx.t("eval.skip"), "eval:skip")]))


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    return w.ask(ctx, "eval.ask_confirm", stamped.confirm_buttons(ctx, "eval", d["binding_id"]),
                 company=d["company"],
                 quality=d["quality"], communication=d["communication"],
                 timeliness=d["timeliness"], comment=d["comment"] or "—")


def register(router: Router) -> None:
    router.button("eval", on_press)
    for step in STEPS:
        router.step(Step(step, ask_score))
    router.step(Step("eval.comment", ask_comment, text=take_comment))
    router.step(Step("eval.confirm", ask_confirm))
