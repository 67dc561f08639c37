"""/team: a provider's members; the owner removes a member or hands ownership over (with a
confirmation, since both are hard to undo). Removed members and new owners are told."""

from __future__ import annotations

from collections.abc import Callable

from domain import markup
from domain.models import Role
from domain.notices import TeamMemberRemoved, TeamOwnershipReceived
from domain.services.membership import Membership

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply
from ..engine.router import Replies, Router, Step
from .request_binding import separator

CONFIRM = "team.confirm"


async def show(ctx: Context) -> Replies:
    members = await ctx.use(Membership).members(ctx.actor)
    lines = [ctx.t("team.title", count=len(members))]
    owner = any(m.owner and m.me for m in members)
    buttons = []
    for m in members:
        tags = [ctx.t("team.owner")] if m.owner else []
        tags += [ctx.t("team.you")] if m.me else []
        mark = " (" + markup.join(separator(ctx.lang), tags) + ")" if tags else ""
        lines.append(markup.escape(f"• {m.name}") + mark)
        if owner and not m.me:
            buttons.append((Button(ctx.t("team.b_remove", name=m.name)[:60],
                                   f"team:rm:{m.account_id}"),
                            Button(ctx.t("team.b_owner", name=m.name)[:60],
                                   f"team:own:{m.account_id}")))
    lines.append(ctx.t("team.invite_hint"))
    return Reply(markup.join("\n", lines), tuple(buttons))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action in ("rm", "own"):
        member = await ctx.use(Membership).candidate(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter(CONFIRM, act=action, account=member.account_id, name=member.name)
    if action in (stamped.YES, stamped.NO):
        stamped.check(ctx, arg, ctx.state.data.get("account"), CONFIRM)
        d = ctx.state.data
        ctx.clear()
        if action == "no":
            return Reply(ctx.t("cancel.done"), replace=True)
        service = ctx.use(Membership)
        if d["act"] == "rm":
            await service.remove(ctx.actor, int(d["account"]))
            return Reply(ctx.t("team.removed", name=d["name"]), replace=True)
        await service.hand_over(ctx.actor, int(d["account"]))
        return Reply(ctx.t("team.handed_over", name=d["name"]), replace=True)
    raise StaleButton()


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    key = "team.ask_remove" if d["act"] == "rm" else "team.ask_owner"
    return w.ask(ctx, key, stamped.confirm_buttons(ctx, "team", d["account"]), name=d["name"])


def removed(t: Callable[..., str], n: TeamMemberRemoved) -> Reply:
    return Reply(t("team.notice.removed", company=n.company))


def made_owner(t: Callable[..., str], n: TeamOwnershipReceived) -> Reply:
    return Reply(t("team.notice.owner", company=n.company))


def register(router: Router) -> None:
    router.command("team", show, help_key="help.cmd.team", roles=frozenset({Role.PROVIDER}))
    router.button("team", on_press)
    router.step(Step(CONFIRM, ask_confirm))
    router.notice(TeamMemberRemoved, removed)
    router.notice(TeamOwnershipReceived, made_owner)


