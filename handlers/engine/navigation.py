"""Moving around inside forms: Back and Cancel on every form step, Continue / Leave when a
command arrives in the middle of a form. The engine (dispatch) calls these, not each form,
so a new form gets them for free."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .context import Context, StaleButton
from .contract import Command, Reply, rows
from .presses import Press

PENDING = "_leave"  # the command waiting for Continue / Leave, in the conversation data


class NavPress(Press, prefix="nav"):
    """The engine's own buttons under every form step."""


@dataclass(frozen=True)
class Back(NavPress, tag="back"):
    pass


@dataclass(frozen=True)
class Cancel(NavPress, tag="cancel"):
    pass


@dataclass(frozen=True)
class Stay(NavPress, tag="stay"):
    pass


@dataclass(frozen=True)
class Leave(NavPress, tag="leave"):
    pass


def with_navigation(ctx: Context, replies: list[Reply]) -> list[Reply]:
    """Add ‹ Back (when there is a previous step) and Cancel under a form step's question."""
    if not replies or not ctx.router.in_form(ctx.state.step) or PENDING in ctx.state.data:
        return replies
    last = replies[-1]
    cancel = ctx.t("common.cancel")
    labels = {b.label for row in last.buttons for b in row}
    extra = []
    if ctx.can_go_back():
        extra.append(Back().button(ctx.t("nav.back")))
    if cancel not in labels:
        extra.append(Cancel().button(cancel))
    if not extra:
        return replies
    return [*replies[:-1], replace(last, buttons=last.buttons + rows(extra))]


def is_navigation(payload: str) -> bool:
    return payload.startswith(f"{NavPress.prefix}:")


def ask_to_leave(ctx: Context, command: Command) -> list[Reply]:
    """A command mid-form: keep the answers until the user says whether to leave."""
    ctx.state.data[PENDING] = {"name": command.name, "args": command.args}
    return [Reply(ctx.t("nav.leave_form", command=command.name),
                  rows([Stay().button(ctx.t("nav.continue")), Leave().button(ctx.t("nav.leave"))]))]


def forget_pending(ctx: Context) -> None:
    """Anything but Continue / Leave answers the form again: the question lapses."""
    ctx.state.data.pop(PENDING, None)


async def on_press(ctx: Context, press: NavPress) -> tuple[list[Reply], Command | None]:
    """Back, Cancel, Continue or Leave; Leave returns the command to run next."""
    if isinstance(press, Back):
        if PENDING in ctx.state.data or not ctx.back():
            raise StaleButton()
        return await ctx.reprompt(), None
    if isinstance(press, Cancel):
        if not ctx.router.in_form(ctx.state.step):
            raise StaleButton()
        ctx.clear()
        return [Reply(ctx.t("cancel.done"), replace=True)], None
    pending = ctx.state.data.pop(PENDING, None)
    if not isinstance(pending, dict):
        raise StaleButton()
    if isinstance(press, Stay):
        return await ctx.reprompt(), None
    ctx.clear()  # Leave
    return [], Command(str(pending["name"]), str(pending.get("args", "")))
