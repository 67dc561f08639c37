"""/help (what this user can do, by role) and /cancel (leave any form)."""

from __future__ import annotations

from . import markup
from .context import Context
from .contract import Reply
from .router import Replies, Router


async def show_help(ctx: Context) -> Replies:
    role = ctx.actor.role.value if ctx.actor.role else "guest"
    lines = [ctx.t(f"help.intro.{role}")]
    for spec in ctx.router.commands.values():
        if spec.help_key is None or (spec.operator and not ctx.actor.is_operator):
            continue
        if spec.roles is not None and ctx.actor.role not in spec.roles:
            continue
        lines.append(f"/{spec.name} — " + ctx.t(spec.help_key))
    if ctx.state.step:
        lines.append("")
        lines.append(ctx.t("help.in_form"))
    return Reply(markup.join("\n", lines))


async def cancel(ctx: Context) -> Replies:
    # The dispatcher has already left the form (this command does not keep state).
    return Reply(ctx.t("cancel.done"))


def register(router: Router) -> None:
    router.command("help", show_help, help_key="help.cmd.help", keeps_state=True)
    router.command("cancel", cancel, help_key="help.cmd.cancel")
