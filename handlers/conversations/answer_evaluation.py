"""A provider answers an evaluation once, publicly (the provider card shows the answer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.notices import EvaluationAnswered, EvaluationPosted
from domain.services.evaluations import Evaluations

from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step


class EvalAnswerStep(Steps, prefix="evans"):
    text = step()


@dataclass
class EvalAnswerForm:
    evaluation_id: int


class EvalAnswerPress(Press, prefix="evans"):
    """The button that opens the answer to an evaluation."""


@dataclass(frozen=True)
class AnswerEvaluation(EvalAnswerPress, tag="new"):
    evaluation_id: Id


async def on_press(ctx: Context, press: EvalAnswerPress) -> Replies:
    assert isinstance(press, AnswerEvaluation)
    evaluation = await ctx.use(Evaluations).answerable(ctx.actor, press.evaluation_id)
    return await ctx.start(EvalAnswerForm(evaluation.id), EvalAnswerStep.text)


async def take_answer(ctx: Context, text: str) -> Replies:
    await ctx.use(Evaluations).answer(ctx.actor, ctx.form(EvalAnswerForm).evaluation_id, text)
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
    return Reply(text, rows([AnswerEvaluation(n.evaluation_id).button(t("evans.answer"))]))


def render_answered(t: Callable[..., str], n: EvaluationAnswered) -> Reply:
    return Reply(t("evans.notice_answered", company=n.company, answer=n.answer))


def register(router: Router) -> None:
    router.press(EvalAnswerPress, on_press)
    router.step(Step(EvalAnswerStep.text, ask_answer, text=take_answer))
    router.notice(EvaluationPosted, render_posted)
    router.notice(EvaluationAnswered, render_answered)
