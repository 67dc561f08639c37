"""/report (or Report on a provider card): violation type, description, evidence, confirm.

The reporter stays anonymous: nobody is told at filing; operators find it in /cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from domain import markup
from domain.models import Role, StoredFile, ViolationType
from domain.services.reports import MAX_EVIDENCE, ReportForm, Reports, check_description, ticket

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Button, Reply, as_list, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .request_binding import separator as list_separator


class ReportStep(Steps, prefix="report"):
    who = step()
    type = step()
    describe = step()
    evidence = step()
    confirm = step()


class Evidence(Protocol):
    """What a form collecting evidence keeps (this one and add_evidence.py's)."""

    files: list[int]  # stored file ids
    names: list[str]  # their names, for the confirmation
    links: list[str]


@dataclass
class ReportDraft:
    """The answers of /report so far (ReportForm is what the service files)."""

    provider_id: int
    company: str
    violation: str = ""  # a ViolationType value
    description: str = ""
    files: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class ReportPress(Press, prefix="report"):
    """The buttons of a report."""


@dataclass(frozen=True)
class ReportOn(ReportPress, tag="new"):
    provider_id: Id


@dataclass(frozen=True)
class Violation(ReportPress, tag="v"):
    kind: ViolationType


@dataclass(frozen=True)
class Done(ReportPress, tag="done"):
    pass


@dataclass(frozen=True)
class Confirm(ReportPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(ReportPress, tag="no"):
    object_id: Id
    nonce: str


async def command(ctx: Context) -> Replies:
    """The anti-scam warning first: the same line the cards and announcements end with."""
    await ctx.use(Reports).check_quota(ctx.actor)
    words = ctx.incoming.command.args.strip() if ctx.incoming.command else ""
    ctx.goto(ReportStep.who)
    warning = Reply(ctx.t("card.warning"))
    return [warning, *as_list(await find(ctx, words) if words else await ctx.reprompt())]


async def find(ctx: Context, text: str) -> Replies:
    found = await ctx.use(Reports).find_providers(ctx.actor, text)
    if not found:
        return Reply(ctx.t("report.none_found", text=text[:60]))
    return Reply(ctx.t("report.pick_provider"),
                 tuple((ReportOn(p.id).button(p.company_name),) for p in found))


async def start(ctx: Context, provider_id: int) -> Replies:
    provider = await ctx.use(Reports).target(ctx.actor, provider_id)
    return await ctx.start(ReportDraft(provider.id, provider.company_name), ReportStep.type)


async def on_press(ctx: Context, press: ReportPress) -> Replies:
    if isinstance(press, ReportOn):
        return await start(ctx, press.provider_id)
    if isinstance(press, Violation):
        ctx.expect(ReportStep.type)
        ctx.form(ReportDraft).violation = press.kind.value
        return await ctx.enter(ReportStep.describe)
    if isinstance(press, Done):
        ctx.expect(ReportStep.evidence)
        form = ctx.form(ReportDraft)
        if not form.files and not form.links:
            return [Reply(ctx.t("report.need_evidence")), *await ctx.reprompt()]
        return await ctx.enter(ReportStep.confirm)
    assert isinstance(press, Confirm | Cancel)
    stamped.verify(ctx, press, ctx.form(ReportDraft).provider_id, ReportStep.confirm)
    return await finish(ctx) if isinstance(press, Confirm) else _cancel(ctx)


async def take_description(ctx: Context, text: str) -> Replies:
    form = ctx.form(ReportDraft)
    form.description = check_description(text)
    form.files, form.names, form.links = [], [], []
    return await ctx.enter(ReportStep.evidence)


def _count(form: Evidence) -> int:
    return len(form.files) + len(form.links)


async def take_links(ctx: Context, text: str) -> Replies:
    return [*keep_links(ctx, ctx.form(ReportDraft), text), _added(ctx)]


def keep_links(ctx: Context, form: Evidence, text: str) -> list[Reply]:
    """Keep the valid links of a message; name the rest (also add_evidence.py)."""
    links, invalid = ctx.use(Reports).add_links(ctx.actor, _count(form), text)
    form.links = form.links + links
    if not invalid:
        return []
    named = markup.join(list_separator(ctx.lang), (f"“{word}”" for word in invalid))
    return [Reply(ctx.t("report.some_links_invalid", count=len(links), invalid=named))]


async def keep_file(ctx: Context, form: Evidence) -> StoredFile:
    """Store the file just sent as evidence of the form in progress (also add_evidence.py)."""
    upload = ctx.incoming.file
    assert upload is not None
    row = await ctx.use(Reports).add_file(ctx.actor, _count(form), upload.name, upload.mime_type,
                                          upload.size, upload.fetch, already=form.files)
    form.files = form.files + [row.id]
    form.names = form.names + [row.name]
    return row


async def take_file(ctx: Context) -> Replies:
    await keep_file(ctx, ctx.form(ReportDraft))
    return _added(ctx)


def _added(ctx: Context) -> Reply:
    return w.ask(ctx, "report.evidence_added", _done(ctx), count=_count(ctx.form(ReportDraft)),
                 maximum=MAX_EVIDENCE)


def _done(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    return rows([Done().button(ctx.t("common.done"))])


async def finish(ctx: Context) -> Replies:
    form = ctx.form(ReportDraft)
    report = await ctx.use(Reports).file(ctx.actor, ReportForm(
        form.provider_id, form.violation, form.description, form.files, form.links))
    ctx.clear()
    return Reply(ctx.t("report.filed", ticket=ticket(report.id), company=form.company),
                 replace=True)


def _cancel(ctx: Context) -> Reply:
    ctx.clear()
    return Reply(ctx.t("report.cancelled"), replace=True)


async def ask_who(ctx: Context) -> Replies:
    return w.ask(ctx, "report.ask_who")


async def ask_type(ctx: Context) -> Replies:
    options = [(v.value, ctx.t(f"report.v.{v.value}")) for v in ViolationType]
    return w.ask(ctx, "report.ask_type",
                 w.picks(options, lambda code: Violation(ViolationType(code)), 1),
                 company=ctx.form(ReportDraft).company)


async def ask_description(ctx: Context) -> Replies:
    return w.ask(ctx, "report.ask_description")


async def ask_evidence(ctx: Context) -> Replies:
    return w.ask(ctx, "report.ask_evidence", _done(ctx), count=_count(ctx.form(ReportDraft)),
                 maximum=MAX_EVIDENCE)


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(ReportDraft)
    evidence = markup.join(list_separator(ctx.lang), form.names + form.links)
    buttons = stamped.confirm_row(ctx, Confirm, Cancel, form.provider_id)
    return w.ask(ctx, "report.ask_confirm", buttons,
                 company=form.company, violation=ctx.t(f"report.v.{form.violation}"),
                 description=form.description, evidence=evidence)


def register(router: Router) -> None:
    router.command("report", command, help_key="help.cmd.report", roles=frozenset({Role.MERCHANT}))
    router.press(ReportPress, on_press)
    router.step(Step(ReportStep.who, ask_who, text=find))
    router.step(Step(ReportStep.type, ask_type))
    router.step(Step(ReportStep.describe, ask_description, text=take_description))
    router.step(Step(ReportStep.evidence, ask_evidence, text=take_links, file=take_file))
    router.step(Step(ReportStep.confirm, ask_confirm))
