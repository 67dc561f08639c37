"""/appeals (operators): open appeals, oldest first; uphold the sanction or overturn it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.services.appeals import AppealCase, Appeals, check_reason
from domain.services.reports import ticket

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .decision_queue import ActOnItem, DecideItem, OpenItem, Queue
from .review_cases import attachments, file_lines

ACTIONS = ("u", "o")  # uphold the sanction, overturn it


class AppealStep(Steps, prefix="appeals"):
    reason = step()
    confirm = step()


@dataclass
class AppealForm:
    appeal: int
    act: str  # one of ACTIONS
    reason: str = ""

    @property
    def item_id(self) -> int:
        return self.appeal


class AppealPress(Press, prefix="appeals"):
    """The buttons of /appeals."""


@dataclass(frozen=True)
class Open(OpenItem, AppealPress, tag="open"):
    pass


@dataclass(frozen=True)
class Act(ActOnItem, AppealPress, tag="act"):
    pass


@dataclass(frozen=True)
class Yes(DecideItem, AppealPress, tag="yes"):
    pass


@dataclass(frozen=True)
class No(DecideItem, AppealPress, tag="no"):
    pass


def card(ctx: Context, case: AppealCase, next_id: int | None) -> Reply:
    a, s = case.appeal, case.sanction
    text = ctx.t("appeals.card", position=case.position, total=case.total, appeal_id=a.id,
                 date=a.created_at.date().isoformat(), company=case.company,
                 sanction_id=s.id, kind=ctx.t(f"sanction.kind.{s.kind.value}"),
                 count=s.points, given=s.created_at.date().isoformat(), by=s.decided_by,
                 reason=s.reason, text=a.text, files=file_lines(ctx, case.files))
    text += _original(ctx, case)
    return Reply(text, attachments=attachments(ctx, [*case.files, *case.evidence]), buttons=rows(
        [QUEUE.act_button(ctx.t("appeals.uphold"), a.id, "u"),
         QUEUE.act_button(ctx.t("appeals.overturn"), a.id, "o")],
        QUEUE.next_button(ctx, next_id)))


def _original(ctx: Context, case: AppealCase) -> str:
    """The report the sanction came from, with its evidence: the appeal answers it."""
    r = case.report
    if r is None:
        return ""
    links = ctx.t("cases.links", links="\n".join(r.links)) if r.links else ""
    return "\n\n" + ctx.t("appeals.original", ticket=ticket(r.id),
                            date=r.created_at.date().isoformat(),
                            violation=ctx.t(f"cases.violation.{r.violation.value}"),
                            description=r.description, links=links,
                            files=file_lines(ctx, list(case.evidence)))


QUEUE = Queue("appeals.empty", Appeals, card, Open, Act, Yes, No, AppealForm,
              lambda code: AppealStep.reason if code in ACTIONS else None,
              AppealStep.confirm, "appeals.cancelled")


async def on_press(ctx: Context, press: AppealPress) -> Replies:
    return await QUEUE.press(ctx, press, lambda: decide(ctx))


def _outcome(ctx: Context) -> str:
    return ctx.t(f"appeals.outcome_{ctx.form(AppealForm).act}")


async def ask_reason(ctx: Context) -> Replies:
    return w.ask(ctx, "appeals.ask_reason", appeal_id=ctx.form(AppealForm).appeal,
                 outcome=_outcome(ctx))


async def take_reason(ctx: Context, text: str) -> Replies:
    ctx.form(AppealForm).reason = check_reason(text)
    return await ctx.enter(AppealStep.confirm)


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(AppealForm)
    return w.ask(ctx, "appeals.ask_confirm", stamped.confirm_row(ctx, Yes, No, form.appeal),
                 appeal_id=form.appeal, outcome=_outcome(ctx), reason=form.reason)


async def decide(ctx: Context) -> Reply:
    form = ctx.form(AppealForm)
    appeal = await ctx.use(Appeals).decide(ctx.actor, form.appeal, form.act == "o", form.reason)
    return Reply(ctx.t(f"appeals.done_{form.act}", appeal_id=appeal.id,
                       sanction_id=appeal.sanction_id))


def register(router: Router) -> None:
    router.command("appeals", QUEUE.first, help_key="help.cmd.appeals", operator=True)
    router.press(AppealPress, on_press, operator=True)
    router.step(Step(AppealStep.reason, ask_reason, text=take_reason))
    router.step(Step(AppealStep.confirm, ask_confirm))
