"""/blacklist (operators): see the blacklist, add a company name or e-mail, remove an entry.

Every change asks for a reason and is audited by the service; entries are matched in
normalized form, so the operator types a name as it is written and respellings are covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import markup
from domain.models import BlacklistEntry
from domain.services.blacklist import KINDS, Blacklist, check_reason

from ..engine.context import Context, StaleButton
from ..engine.contract import Reply, chunk, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step

SHOWN = 30  # the newest entries listed; older ones are still enforced


class BlacklistStep(Steps, prefix="blacklist"):
    value = step()
    reason = step()


@dataclass
class BlacklistForm:
    """Either a new entry (kind and value) or the id of one to remove."""

    kind: str = ""
    value: str = ""
    remove: int | None = None


class BlacklistPress(Press, prefix="bl"):
    """The buttons of /blacklist."""


@dataclass(frozen=True)
class Add(BlacklistPress, tag="add"):
    kind: str  # one of the service's KINDS


@dataclass(frozen=True)
class Remove(BlacklistPress, tag="rm"):
    entry_id: Id


def _line(ctx: Context, entry: BlacklistEntry) -> str:
    return ctx.t("blacklist.line", entry_id=entry.id, kind=ctx.t(f"blacklist.kind.{entry.kind}"),
                 value=entry.shown or entry.value, reason=entry.reason or "—",
                 by=entry.added_by or "—", date=entry.created_at.date().isoformat())


async def show(ctx: Context) -> Replies:
    entries = await ctx.use(Blacklist).entries(ctx.actor)
    newest = sorted(entries, key=lambda e: e.id, reverse=True)[:SHOWN]
    lines = [ctx.t("blacklist.title", count=len(entries), shown=len(newest))]
    lines += [_line(ctx, e) for e in newest] or [ctx.t("blacklist.empty")]
    removes = [Remove(e.id).button(ctx.t("blacklist.remove", entry_id=e.id)) for e in newest]
    return Reply(markup.join("\n", lines), rows(
        [Add("company").button(ctx.t("blacklist.add_company")),
         Add("email").button(ctx.t("blacklist.add_email"))]) + chunk(removes, 3))


async def on_press(ctx: Context, press: BlacklistPress) -> Replies:
    ctx.clear()
    if isinstance(press, Add) and press.kind in KINDS:
        return await ctx.start(BlacklistForm(kind=press.kind), BlacklistStep.value)
    if isinstance(press, Remove):
        if not any(e.id == press.entry_id for e in await ctx.use(Blacklist).entries(ctx.actor)):
            raise StaleButton()
        return await ctx.start(BlacklistForm(remove=press.entry_id), BlacklistStep.reason)
    raise StaleButton()


async def ask_value(ctx: Context) -> Replies:
    return Reply(ctx.t(f"blacklist.ask_{ctx.form(BlacklistForm).kind}"))


async def take_value(ctx: Context, text: str) -> Replies:
    ctx.form(BlacklistForm).value = text.strip()
    return await ctx.enter(BlacklistStep.reason)


async def ask_reason(ctx: Context) -> Replies:
    form = ctx.form(BlacklistForm)
    if form.remove is not None:
        return Reply(ctx.t("blacklist.ask_remove_reason", entry_id=form.remove))
    return Reply(ctx.t("blacklist.ask_add_reason", value=form.value))


async def take_reason(ctx: Context, text: str) -> Replies:
    form, service = ctx.form(BlacklistForm), ctx.use(Blacklist)
    reason = check_reason(text)
    if form.remove is not None:
        entry = await service.remove(ctx.actor, form.remove, reason)
        ctx.clear()
        return Reply(ctx.t("blacklist.removed", entry_id=form.remove,
                           value=entry.shown or entry.value))
    entry = await service.add(ctx.actor, form.kind, form.value, reason)
    ctx.clear()
    return Reply(ctx.t("blacklist.added", entry_id=entry.id, value=entry.shown))


def register(router: Router) -> None:
    router.command("blacklist", show, help_key="help.cmd.blacklist", operator=True)
    router.press(BlacklistPress, on_press, operator=True)
    router.step(Step(BlacklistStep.value, ask_value, text=take_value))
    router.step(Step(BlacklistStep.reason, ask_reason, text=take_reason))
