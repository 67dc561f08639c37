"""/report (or Report on a provider card): violation type, description, evidence, confirm.

The reporter stays anonymous: nobody is told at filing; operators find it in /cases.
"""

from __future__ import annotations

from domain import markup
from domain.models import Role, StoredFile, ViolationType
from domain.services.reports import MAX_EVIDENCE, ReportForm, Reports, check_description, ticket

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step, as_list
from .request_binding import separator as list_separator


async def command(ctx: Context) -> Replies:
    """The anti-scam warning first: the same line the cards and announcements end with."""
    await ctx.use(Reports).check_quota(ctx.actor)
    words = ctx.incoming.command.args.strip() if ctx.incoming.command else ""
    ctx.goto("report.who")
    warning = Reply(ctx.t("card.warning"))
    return [warning, *as_list(await find(ctx, words) if words else await ctx.reprompt())]


async def find(ctx: Context, text: str) -> Replies:
    found = await ctx.use(Reports).find_providers(ctx.actor, text)
    if not found:
        return Reply(ctx.t("report.none_found", text=text[:60]))
    return Reply(ctx.t("report.pick_provider"),
                 tuple((Button(p.company_name, f"report:new:{p.id}"),) for p in found))


async def start(ctx: Context, provider_id: int) -> Replies:
    provider = await ctx.use(Reports).target(ctx.actor, provider_id)
    ctx.clear()
    return await ctx.enter("report.type", provider_id=provider.id, company=provider.company_name)


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "new":
        return await start(ctx, payload.ident(arg))
    if action == "v":
        ctx.expect("report.type")
        violation = payload.member(arg, ViolationType)
        return await ctx.enter("report.describe", violation=violation.value)
    if action == "done":
        ctx.expect("report.evidence")
        if not ctx.state.data.get("files") and not ctx.state.data.get("links"):
            return [Reply(ctx.t("report.need_evidence")), *await ctx.reprompt()]
        return await ctx.enter("report.confirm")
    if action in ("yes", "no"):
        stamped.check(ctx, arg, ctx.state.data.get("provider_id"), "report.confirm")
        return await finish(ctx) if action == "yes" else _cancel(ctx)
    raise StaleButton()


async def take_description(ctx: Context, text: str) -> Replies:
    return await ctx.enter("report.evidence", description=check_description(text),
                           files=[], names=[], links=[])


def _count(ctx: Context) -> int:
    return len(ctx.state.data["files"]) + len(ctx.state.data["links"])


async def take_links(ctx: Context, text: str) -> Replies:
    return [*keep_links(ctx, text), _added(ctx)]


def keep_links(ctx: Context, text: str) -> list[Reply]:
    """Keep the valid links of a message; name the rest (also add_evidence.py)."""
    links, invalid = ctx.use(Reports).add_links(ctx.actor, _count(ctx), text)
    ctx.state.data["links"] = ctx.state.data["links"] + links
    if not invalid:
        return []
    named = markup.join(list_separator(ctx.lang), (f"“{word}”" for word in invalid))
    return [Reply(ctx.t("report.some_links_invalid", count=len(links), invalid=named))]


async def keep_file(ctx: Context) -> StoredFile:
    """Store the file just sent as evidence of the form in progress (also add_evidence.py)."""
    upload = ctx.incoming.file
    assert upload is not None
    row = await ctx.use(Reports).add_file(ctx.actor, _count(ctx), upload.name, upload.mime_type,
                                          upload.size, upload.fetch,
                                          already=ctx.state.data["files"])
    ctx.state.data["files"] = ctx.state.data["files"] + [row.id]
    ctx.state.data["names"] = ctx.state.data["names"] + [row.name]
    return row


async def take_file(ctx: Context) -> Replies:
    await keep_file(ctx)
    return _added(ctx)


def _added(ctx: Context) -> Reply:
    return w.ask(ctx, "report.evidence_added", _done(ctx), count=_count(ctx), maximum=MAX_EVIDENCE)


def _done(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    return rows([Button(ctx.t("common.done"), "report:done")])


async def finish(ctx: Context) -> Replies:
    d = ctx.state.data
    report = await ctx.use(Reports).file(ctx.actor, ReportForm(
        d["provider_id"], d["violation"], d["description"], d["files"], d["links"]))
    ctx.clear()
    return Reply(ctx.t("report.filed", ticket=ticket(report.id), company=d["company"]),
                 replace=True)


def _cancel(ctx: Context) -> Reply:
    ctx.clear()
    return Reply(ctx.t("report.cancelled"), replace=True)


async def ask_who(ctx: Context) -> Replies:
    return w.ask(ctx, "report.ask_who")


async def ask_type(ctx: Context) -> Replies:
    options = [(v.value, ctx.t(f"report.v.{v.value}")) for v in ViolationType]
    return w.ask(ctx, "report.ask_type", w.pick_buttons(options, "report:v", 1),
                 company=ctx.state.data["company"])


async def ask_description(ctx: Context) -> Replies:
    return w.ask(ctx, "report.ask_description")


async def ask_evidence(ctx: Context) -> Replies:
    return w.ask(ctx, "report.ask_evidence", _done(ctx), count=_count(ctx), maximum=MAX_EVIDENCE)


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    evidence = markup.join(list_separator(ctx.lang), d["names"] + d["links"])
    buttons = stamped.confirm_buttons(ctx, "report", d["provider_id"])
    return w.ask(ctx, "report.ask_confirm", buttons,
                 company=d["company"], violation=ctx.t(f"report.v.{d['violation']}"),
                 description=d["description"], evidence=evidence)


def register(router: Router) -> None:
    router.command("report", command, help_key="help.cmd.report", roles=frozenset({Role.MERCHANT}))
    router.button("report", on_press)
    router.step(Step("report.who", ask_who, text=find))
    router.step(Step("report.type", ask_type))
    router.step(Step("report.describe", ask_description, text=take_description))
    router.step(Step("report.evidence", ask_evidence, text=take_links, file=take_file))
    router.step(Step("report.confirm", ask_confirm))
