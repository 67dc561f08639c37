"""/help (what this user can do, by role) and /cancel (leave any form)."""

from __future__ import annotations

from domain import markup

from ..engine.context import Context
from ..engine.contract import Reply
from ..engine.router import Replies, Router


def _intro(ctx: Context) -> str:
    """Operators are not told to register; guests are, and see only what a guest can do."""
    if ctx.actor.role is not None:
        return ctx.t(f"help.intro.{ctx.actor.role.value}")
    return ctx.t("help.intro.operator" if ctx.actor.is_operator else "help.intro.guest")


async def show_help(ctx: Context) -> Replies:
    lines = [_intro(ctx)]
    for spec in ctx.router.commands.values():
        if spec.help_key is None or (spec.operator and not ctx.actor.is_operator):
            continue
        if spec.roles is not None and ctx.actor.role not in spec.roles:
            continue
        if not spec.guest and ctx.actor.role is None:
            continue
        lines.append(f"/{spec.name} — " + ctx.t(spec.help_key))
    if ctx.router.in_form(ctx.state.step):
        lines.append("")
        lines.append(ctx.t("help.in_form"))
    return Reply(markup.join("\n", lines))


async def cancel(ctx: Context) -> Replies:
    # The dispatcher has already left the form (this command does not keep state).
    return Reply(ctx.t("cancel.done"))


def register(router: Router) -> None:
    router.command("help", show_help, help_key="help.cmd.help", keeps_state=True)
    router.command("cancel", cancel, help_key="help.cmd.cancel")
