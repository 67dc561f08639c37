"""/appeals (operators): open appeals, oldest first; uphold the sanction or overturn it."""

from __future__ import annotations

from domain.services.appeals import AppealCase, Appeals, check_reason
from domain.services.reports import ticket

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step
from .decision_queue import Queue
from .review_cases import attachments, file_lines

ACTIONS = ("u", "o")


def card(ctx: Context, case: AppealCase, next_id: int | None) -> Reply:
    a, s = case.appeal, case.sanction
    text = ctx.t("appeals.card", position=case.position, total=case.total, appeal_id=a.id,
                 date=a.created_at.date().isoformat(), company=case.company,
                 sanction_id=s.id, kind=ctx.t(f"sanction.kind.{s.kind.value}"),
                 count=s.points, given=s.created_at.date().isoformat(), by=s.decided_by,
                 reason=s.reason, text=a.text, files=file_lines(ctx, case.files))
    text += _original(ctx, case)
    act = f"appeals:act:{a.id}"
    return Reply(text, attachments=attachments(ctx, [*case.files, *case.evidence]), buttons=rows(
        [Button(ctx.t("appeals.uphold"), f"{act}:u"),
         Button(ctx.t("appeals.overturn"), f"{act}:o")],
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


QUEUE = Queue("appeals", "appeals.empty", Appeals, card, "appeal",
              lambda code: "appeals.reason" if code in ACTIONS else None)


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    return await QUEUE.press(ctx, action, arg, lambda: decide(ctx))


def _outcome(ctx: Context) -> str:
    return ctx.t(f"appeals.outcome_{ctx.state.data['act']}")


async def ask_reason(ctx: Context) -> Replies:
    return w.ask(ctx, "appeals.ask_reason", appeal_id=ctx.state.data["appeal"],
                 outcome=_outcome(ctx))


async def take_reason(ctx: Context, text: str) -> Replies:
    return await ctx.enter("appeals.confirm", reason=check_reason(text))


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    return w.ask(ctx, "appeals.ask_confirm", stamped.confirm_buttons(ctx, "appeals", d["appeal"]),
                 appeal_id=d["appeal"], outcome=_outcome(ctx), reason=d["reason"])


async def decide(ctx: Context) -> Reply:
    d = ctx.state.data
    appeal = await ctx.use(Appeals).decide(ctx.actor, d["appeal"], d["act"] == "o", d["reason"])
    return Reply(ctx.t(f"appeals.done_{d['act']}", appeal_id=appeal.id,
                       sanction_id=appeal.sanction_id))


def register(router: Router) -> None:
    router.command("appeals", QUEUE.first, help_key="help.cmd.appeals", operator=True)
    router.button("appeals", on_press)
    router.step(Step("appeals.reason", ask_reason, text=take_reason))
    router.step(Step("appeals.confirm", ask_confirm))
