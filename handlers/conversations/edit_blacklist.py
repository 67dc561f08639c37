"""/blacklist (operators): see the blacklist, add a company name or e-mail, remove an entry.

Every change asks for a reason and is audited by the service; entries are matched in
normalized form, so the operator types a name as it is written and respellings are covered.
"""

from __future__ import annotations

from domain import markup
from domain.models import BlacklistEntry
from domain.services.blacklist import KINDS, Blacklist, check_reason

from ..engine import payload
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, chunk, rows
from ..engine.router import Replies, Router, Step

SHOWN = 30  # the newest entries listed; older ones are still enforced


def _line(ctx: Context, entry: BlacklistEntry) -> str:
    return ctx.t("blacklist.line", entry_id=entry.id, kind=ctx.t(f"blacklist.kind.{entry.kind}"),
                 value=entry.shown or entry.value, reason=entry.reason or "—",
                 by=entry.added_by or "—", date=entry.created_at.date().isoformat())


async def show(ctx: Context) -> Replies:
    entries = await ctx.use(Blacklist).entries(ctx.actor)
    newest = sorted(entries, key=lambda e: e.id, reverse=True)[:SHOWN]
    lines = [ctx.t("blacklist.title", count=len(entries), shown=len(newest))]
    lines += [_line(ctx, e) for e in newest] or [ctx.t("blacklist.empty")]
    removes = [Button(ctx.t("blacklist.remove", entry_id=e.id), f"bl:rm:{e.id}") for e in newest]
    return Reply(markup.join("\n", lines), rows(
        [Button(ctx.t("blacklist.add_company"), "bl:add:company"),
         Button(ctx.t("blacklist.add_email"), "bl:add:email")]) + chunk(removes, 3))


async def on_press(ctx: Context, rest: str) -> Replies:
    ctx.actor.require_operator()  # the service checks again; this answers forgers plainly
    action, _, arg = rest.partition(":")
    ctx.clear()
    if action == "add" and arg in KINDS:
        return await ctx.enter("blacklist.value", kind=arg)
    if action == "rm":
        entry_id = payload.ident(arg)
        if not any(e.id == entry_id for e in await ctx.use(Blacklist).entries(ctx.actor)):
            raise StaleButton()
        return await ctx.enter("blacklist.reason", remove=entry_id)
    raise StaleButton()


async def ask_value(ctx: Context) -> Replies:
    return Reply(ctx.t(f"blacklist.ask_{ctx.state.data['kind']}"))


async def take_value(ctx: Context, text: str) -> Replies:
    return await ctx.enter("blacklist.reason", value=text.strip())


async def ask_reason(ctx: Context) -> Replies:
    d = ctx.state.data
    if "remove" in d:
        return Reply(ctx.t("blacklist.ask_remove_reason", entry_id=d["remove"]))
    return Reply(ctx.t("blacklist.ask_add_reason", value=d["value"]))


async def take_reason(ctx: Context, text: str) -> Replies:
    d, service = dict(ctx.state.data), ctx.use(Blacklist)
    reason = check_reason(text)
    if "remove" in d:
        entry = await service.remove(ctx.actor, d["remove"], reason)
        ctx.clear()
        return Reply(ctx.t("blacklist.removed", entry_id=d["remove"],
                           value=entry.shown or entry.value))
    entry = await service.add(ctx.actor, d["kind"], d["value"], reason)
    ctx.clear()
    return Reply(ctx.t("blacklist.added", entry_id=entry.id, value=entry.shown))


def register(router: Router) -> None:
    router.command("blacklist", show, help_key="help.cmd.blacklist", operator=True)
    router.button("bl", on_press)
    router.step(Step("blacklist.value", ask_value, text=take_value))
    router.step(Step("blacklist.reason", ask_reason, text=take_reason))
