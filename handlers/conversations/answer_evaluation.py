"""A provider answers an evaluation once, publicly (the provider card shows the answer)."""

from __future__ import annotations

from collections.abc import Callable

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


def render_posted(t: Callable[..., str], params: dict) -> Reply:
    key = "evans.notice_edited" if params.get("edited") else "evans.notice_posted"
    text = t(key, shop=params["shop"], quality=params["quality"],
             communication=params["communication"], timeliness=params["timeliness"],
             comment=params["comment"] or "—")
    if params.get("answered"):
        return Reply(text)
    return Reply(text, rows([Button(t("evans.answer"), f"evans:new:{params['evaluation_id']}")]))


def render_answered(t: Callable[..., str], params: dict) -> Reply:
    return Reply(t("evans.notice_answered", company=params["company"], answer=params["answer"]))


def register(router: Router) -> None:
    router.button("evans", on_press)
    router.step(Step("evans.text", ask_answer, text=take_answer))
    router.notice("evaluation.posted", render_posted)
    router.notice("evaluation.answered", render_answered)
