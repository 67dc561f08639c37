"""/appeals (operators): open appeals, oldest first; uphold the sanction or overturn it."""

from __future__ import annotations

from domain.services.appeals import AppealCase, Appeals, check_reason

from . import widgets as w
from .context import Context, StaleButton
from .contract import Button, Reply, rows
from .review_cases import file_lines
from .router import Replies, Router, Step, as_list

ACTIONS = ("u", "o")


def card(ctx: Context, case: AppealCase, next_id: int | None) -> Reply:
    a, s = case.appeal, case.sanction
    text = ctx.t("appeals.card", position=case.position, total=case.total, appeal_id=a.id,
                 date=a.created_at.date().isoformat(), company=case.company,
                 sanction_id=s.id, kind=ctx.t(f"sanction.kind.{s.kind.value}"),
                 points=s.points, given=s.created_at.date().isoformat(), by=s.decided_by,
                 reason=s.reason, text=a.text, files=file_lines(ctx, case.files))
    act = f"appeals:act:{a.id}"
    return Reply(text, rows(
        [Button(ctx.t("appeals.uphold"), f"{act}:u"),
         Button(ctx.t("appeals.overturn"), f"{act}:o")],
        [Button(ctx.t("common.next"), f"appeals:open:{next_id}")] if next_id else []))


async def show_appeal(ctx: Context, appeal_id: int | None = None) -> Replies:
    appeals = ctx.use(Appeals)
    queue = await appeals.queue(ctx.actor)
    if not queue:
        return Reply(ctx.t("appeals.empty"))
    appeal_id = appeal_id if appeal_id is not None else queue[0]
    case = await appeals.case(ctx.actor, appeal_id)
    later = queue[queue.index(appeal_id) + 1:]
    return card(ctx, case, later[0] if later else None)


async def list_appeals(ctx: Context) -> Replies:
    return await show_appeal(ctx)


async def on_press(ctx: Context, rest: str) -> Replies:
    ctx.actor.require_operator()  # the service checks again; this answers forgers plainly
    action, _, arg = rest.partition(":")
    if action == "open":
        return await show_appeal(ctx, int(arg))
    if action == "act":
        appeal_id, _, code = arg.partition(":")
        if code not in ACTIONS:
            raise StaleButton()
        await ctx.use(Appeals).case(ctx.actor, int(appeal_id))
        ctx.clear()
        return await ctx.enter("appeals.reason", appeal=int(appeal_id), act=code)
    if action in ("yes", "no"):
        ctx.expect("appeals.confirm")
        return await decide(ctx) if action == "yes" else _cancel(ctx)
    raise StaleButton()


def _outcome(ctx: Context) -> str:
    return ctx.t(f"appeals.outcome_{ctx.state.data['act']}")


async def ask_reason(ctx: Context) -> Replies:
    return w.ask(ctx, "appeals.ask_reason", appeal_id=ctx.state.data["appeal"],
                 outcome=_outcome(ctx))


async def take_reason(ctx: Context, text: str) -> Replies:
    return await ctx.enter("appeals.confirm", reason=check_reason(text))


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    return w.ask(ctx, "appeals.ask_confirm", w.confirm_buttons(ctx, "appeals"),
                 appeal_id=d["appeal"], outcome=_outcome(ctx), reason=d["reason"])


async def decide(ctx: Context) -> Replies:
    d = ctx.state.data
    appeal = await ctx.use(Appeals).decide(ctx.actor, d["appeal"], d["act"] == "o", d["reason"])
    done = Reply(ctx.t(f"appeals.done_{d['act']}", appeal_id=appeal.id,
                       sanction_id=appeal.sanction_id))
    ctx.clear()
    return [done, *as_list(await show_appeal(ctx))]


def _cancel(ctx: Context) -> Replies:
    ctx.clear()
    return Reply(ctx.t("appeals.cancelled"))


def register(router: Router) -> None:
    router.command("appeals", list_appeals, help_key="help.cmd.appeals", operator=True)
    router.button("appeals", on_press)
    router.step(Step("appeals.reason", ask_reason, text=take_reason))
    router.step(Step("appeals.confirm", ask_confirm))
