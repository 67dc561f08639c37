"""/team: a provider's members; the owner removes a member or hands ownership over (with a
confirmation, since both are hard to undo). Removed members and new owners are told."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain import markup
from domain.models import Role
from domain.notices import TeamMemberRemoved, TeamOwnershipReceived
from domain.services.membership import Membership

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .request_binding import separator


class TeamStep(Steps, prefix="team"):
    confirm = step()


@dataclass
class TeamForm:
    act: str  # "rm" (remove the member) or "own" (hand ownership over)
    account: int
    name: str


class TeamPress(Press, prefix="team"):
    """The buttons of /team."""


@dataclass(frozen=True)
class RemoveMember(TeamPress, tag="rm"):
    account: Id


@dataclass(frozen=True)
class MakeOwner(TeamPress, tag="own"):
    account: Id


@dataclass(frozen=True)
class Yes(TeamPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class No(TeamPress, tag="no"):
    object_id: Id
    nonce: str


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
            buttons.append((RemoveMember(m.account_id).button(
                                ctx.t("team.b_remove", name=m.name)[:60]),
                            MakeOwner(m.account_id).button(
                                ctx.t("team.b_owner", name=m.name)[:60])))
    lines.append(ctx.t("team.invite_hint"))
    return Reply(markup.join("\n", lines), tuple(buttons))


async def on_press(ctx: Context, press: TeamPress) -> Replies:
    if isinstance(press, RemoveMember | MakeOwner):
        member = await ctx.use(Membership).candidate(ctx.actor, press.account)
        form = TeamForm(press.tag, member.account_id, member.name)
        return await ctx.start(form, TeamStep.confirm)
    assert isinstance(press, Yes | No)
    form = ctx.form(TeamForm)
    stamped.verify(ctx, press, form.account, TeamStep.confirm)
    ctx.clear()
    if isinstance(press, No):
        return Reply(ctx.t("cancel.done"), replace=True)
    service = ctx.use(Membership)
    if form.act == "rm":
        await service.remove(ctx.actor, form.account)
        return Reply(ctx.t("team.removed", name=form.name), replace=True)
    await service.hand_over(ctx.actor, form.account)
    return Reply(ctx.t("team.handed_over", name=form.name), replace=True)


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(TeamForm)
    key = "team.ask_remove" if form.act == "rm" else "team.ask_owner"
    return w.ask(ctx, key, stamped.confirm_row(ctx, Yes, No, form.account), name=form.name)


def removed(t: Callable[..., str], n: TeamMemberRemoved) -> Reply:
    return Reply(t("team.notice.removed", company=n.company))


def made_owner(t: Callable[..., str], n: TeamOwnershipReceived) -> Reply:
    return Reply(t("team.notice.owner", company=n.company))


def register(router: Router) -> None:
    router.command("team", show, help_key="help.cmd.team", roles=frozenset({Role.PROVIDER}))
    router.press(TeamPress, on_press)
    router.step(Step(TeamStep.confirm, ask_confirm))
    router.notice(TeamMemberRemoved, removed)
    router.notice(TeamOwnershipReceived, made_owner)


