"""A provider answers an evaluation once, publicly (the provider card shows the answer)."""

from __future__ import annotations

from collections.abc import Callable

from domain.notices import EvaluationAnswered, EvaluationPosted
from domain.services.evaluations import Evaluations

from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action != "new":
        raise StaleButton()
    evaluation = await ctx.use(Evaluations).answerable(ctx.actor, payload.ident(arg))
    ctx.clear()
    return await ctx.enter("evans.text", evaluation_id=evaluation.id)


async def take_answer(ctx: Context, text: str) -> Replies:
    await ctx.use(Evaluations).answer(ctx.actor, ctx.state.data["evaluation_id"], text)
    ctx.clear()
    return Reply(ctx.t("evans.done"))


async def ask_answer(ctx: Context) -> Replies:
    return w.ask(ctx, "evans.ask")


def render_posted(t: Callable[..., str], n: EvaluationPosted) -> Reply:
    key = "evans.notice_edited" if n.edited else "evans.notice_posted"
    text = t(key, shop=n.shop, quality=n.quality, communication=n.communication,
             timeliness=n.timeliness, comment=n.comment or "—")
    if n.answered:
        return Reply(text)
    return Reply(text, rows([Button(t("evans.answer"), f"evans:new:{n.evaluation_id}")]))


def render_answered(t: Callable[..., str], n: EvaluationAnswered) -> Reply:
    return Reply(t("evans.notice_answered", company=n.company, answer=n.answer))


def register(router: Router) -> None:
    router.button("evans", on_press)
    router.step(Step("evans.text", ask_answer, text=take_answer))
    router.notice(EvaluationPosted, render_posted)
    router.notice(EvaluationAnswered, render_answered)
