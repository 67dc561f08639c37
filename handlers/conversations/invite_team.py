"""/invite: a provider's team joins through an invite code or a `/start join_<code>` link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.models import Role
from domain.notices import TeamMemberJoined
from domain.services.team import Team

from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router


class InvitePress(Press, prefix="invite"):
    """The invite's button."""


@dataclass(frozen=True)
class Renew(InvitePress, tag="renew"):
    pass


async def show_invite(ctx: Context, renew: bool = False) -> Replies:
    code = await ctx.use(Team).invite_code(ctx.actor, renew=renew)
    payload = f"join_{code}"
    link = ctx.links.start(payload)
    text = ctx.t("invite.code", code=code, command=f"/start {payload}")
    if link:
        text += "\n" + ctx.t("invite.link", link=link)
    return Reply(text, rows([Renew().button(ctx.t("invite.renew"))]))


async def on_press(ctx: Context, press: InvitePress) -> Replies:
    assert isinstance(press, Renew)
    reply = await show_invite(ctx, renew=True)
    assert isinstance(reply, Reply)
    return [Reply(ctx.t("invite.renewed")), reply]


async def join(ctx: Context, code: str) -> Replies:
    ctx.actor, provider = await ctx.use(Team).join(ctx.actor, code)
    ctx.clear()
    return Reply(ctx.t("invite.joined", company=provider.company_name))


def joined(t: Callable[..., str], n: TeamMemberJoined) -> Reply:
    return Reply(t("invite.notice.joined", member=n.member))


def register(router: Router) -> None:
    router.command("invite", show_invite, help_key="help.cmd.invite",
                   roles=frozenset({Role.PROVIDER}))
    router.press(InvitePress, on_press)
    router.deep_link("join", join)
    router.notice(TeamMemberJoined, joined)
