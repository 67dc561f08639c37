"""Evaluate a provider (from /bindings): three 1–5 scores, an optional comment, confirm.

The service decides who may evaluate (an active binding, or one ended within the window);
pressing Evaluate again edits the same evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.services.evaluations import Evaluations, Scores, check_comment

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.presses import Id, Press, one_of
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step


class EvalStep(Steps, prefix="eval"):
    quality = step()
    communication = step()
    timeliness = step()
    comment = step()
    confirm = step()


SCORES = ("quality", "communication", "timeliness")  # the form's fields, in the order asked
STEPS = (EvalStep.quality, EvalStep.communication, EvalStep.timeliness)


@dataclass
class EvalForm:
    binding_id: int
    company: str
    quality: int = 0
    communication: int = 0
    timeliness: int = 0
    comment: str = ""


class EvalPress(Press, prefix="eval"):
    """The buttons of an evaluation."""


@dataclass(frozen=True)
class Evaluate(EvalPress, tag="new"):
    binding_id: Id


@dataclass(frozen=True)
class Score(EvalPress, tag="s"):
    score: int


@dataclass(frozen=True)
class Skip(EvalPress, tag="skip"):
    pass


@dataclass(frozen=True)
class Confirm(EvalPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(EvalPress, tag="no"):
    object_id: Id
    nonce: str


async def start(ctx: Context, binding_id: int) -> Replies:
    target = await ctx.use(Evaluations).target(ctx.actor, binding_id)
    replies = []
    if target.existing is not None:
        replies.append(Reply(ctx.t("eval.editing", company=target.company_name)))
    return replies + await ctx.start(EvalForm(target.binding_id, target.company_name), STEPS[0])


async def on_press(ctx: Context, press: EvalPress) -> Replies:
    if isinstance(press, Evaluate):
        return await start(ctx, press.binding_id)
    if isinstance(press, Score):
        ctx.expect(*STEPS)
        score = one_of(press.score, range(1, 6))
        asked = STEPS.index(ctx.state.step)
        setattr(ctx.form(EvalForm), SCORES[asked], score)
        following = asked + 1
        return await ctx.enter(STEPS[following] if following < len(STEPS) else EvalStep.comment)
    if isinstance(press, Skip):
        ctx.expect(EvalStep.comment)
        ctx.form(EvalForm).comment = ""
        return await ctx.enter(EvalStep.confirm)
    assert isinstance(press, Confirm | Cancel)
    stamped.verify(ctx, press, ctx.form(EvalForm).binding_id, EvalStep.confirm)
    return await finish(ctx) if isinstance(press, Confirm) else _cancel(ctx)


async def take_comment(ctx: Context, text: str) -> Replies:
    ctx.form(EvalForm).comment = check_comment(text)
    return await ctx.enter(EvalStep.confirm)


async def finish(ctx: Context) -> Replies:
    form = ctx.form(EvalForm)
    await ctx.use(Evaluations).submit(ctx.actor, form.binding_id, Scores(
        form.quality, form.communication, form.timeliness, form.comment))
    ctx.clear()
    return Reply(ctx.t("eval.saved", company=form.company), replace=True)


def _cancel(ctx: Context) -> Reply:
    ctx.clear()
    return Reply(ctx.t("eval.cancelled"), replace=True)


async def ask_score(ctx: Context) -> Replies:
    buttons = [Score(n).button(str(n)) for n in range(1, 6)]
    return w.ask(ctx, f"{ctx.state.step}_ask", rows(buttons), company=ctx.form(EvalForm).company)


async def ask_comment(ctx: Context) -> Replies:
    return w.ask(ctx, "eval.ask_comment", rows([Skip().button(ctx.t("eval.skip"))]))


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(EvalForm)
    return w.ask(ctx, "eval.ask_confirm",
                 stamped.confirm_row(ctx, Confirm, Cancel, form.binding_id),
                 company=form.company, quality=form.quality, communication=form.communication,
                 timeliness=form.timeliness, comment=form.comment or "—")


def register(router: Router) -> None:
    router.press(EvalPress, on_press)
    for score_step in STEPS:
        router.step(Step(score_step, ask_score))
    router.step(Step(EvalStep.comment, ask_comment, text=take_comment))
    router.step(Step(EvalStep.confirm, ask_confirm))
