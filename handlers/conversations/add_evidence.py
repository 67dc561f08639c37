"""A reporter adds the evidence an operator asked for, to the same report.

The request arrives as a notice with an Add evidence button; files and links are collected
as in /report, then Send puts the report back in the operators' queue (reports.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.notices import EvidenceRequested
from domain.services.reports import MAX_EVIDENCE, Reports, ticket

from ..engine import form_stamp as stamped
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .file_report import keep_file, keep_links

T = Callable[..., str]


class MoreEvidenceStep(Steps, prefix="moreev"):
    collect = step()


@dataclass
class MoreEvidenceForm:
    report: int  # the report's id
    request: str  # what the operator asked for
    files: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class MoreEvidencePress(Press, prefix="moreev"):
    """The buttons of adding evidence to a report."""


@dataclass(frozen=True)
class AddEvidence(MoreEvidencePress, tag="new"):
    report_id: Id


@dataclass(frozen=True)
class Send(MoreEvidencePress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(MoreEvidencePress, tag="no"):
    object_id: Id
    nonce: str


async def on_press(ctx: Context, press: MoreEvidencePress) -> Replies:
    if isinstance(press, AddEvidence):
        report = await ctx.use(Reports).waiting_for_evidence(ctx.actor, press.report_id)
        form = MoreEvidenceForm(report.id, report.evidence_request or "")
        return await ctx.start(form, MoreEvidenceStep.collect)
    assert isinstance(press, Send | Cancel)
    report_id = ctx.form(MoreEvidenceForm).report
    stamped.verify(ctx, press, report_id, MoreEvidenceStep.collect)
    if isinstance(press, Send):
        return await send(ctx)
    ctx.clear()
    return Reply(ctx.t("moreev.cancelled", ticket=ticket(report_id)))


def _count(form: MoreEvidenceForm) -> int:
    return len(form.files) + len(form.links)


async def ask(ctx: Context) -> Replies:
    form = ctx.form(MoreEvidenceForm)
    send = [stamped.decide(ctx, Send, form.report).button(ctx.t("moreev.send"))] \
        if _count(form) else []
    return Reply(ctx.t("moreev.ask", ticket=ticket(form.report), request=form.request,
                       count=_count(form), maximum=MAX_EVIDENCE), rows(
        send, [stamped.decide(ctx, Cancel, form.report).button(ctx.t("common.cancel"))]))


async def take_links(ctx: Context, text: str) -> Replies:
    return [*keep_links(ctx, ctx.form(MoreEvidenceForm), text), *await ctx.reprompt()]


async def take_file(ctx: Context) -> Replies:
    row = await keep_file(ctx, ctx.form(MoreEvidenceForm))
    return [Reply(ctx.t("moreev.kept", name=row.name)), *await ctx.reprompt()]


async def send(ctx: Context) -> Replies:
    form = ctx.form(MoreEvidenceForm)
    await ctx.use(Reports).add_evidence(ctx.actor, form.report, form.files, form.links)
    ctx.clear()
    return Reply(ctx.t("moreev.sent", ticket=ticket(form.report), count=_count(form)))


def render_requested(t: T, n: EvidenceRequested) -> Reply:
    return Reply(t("moreev.notice", ticket=ticket(n.report_id), company=n.company,
                   request=n.request),
                 rows([AddEvidence(n.report_id).button(t("moreev.add"))]))


def register(router: Router) -> None:
    router.press(MoreEvidencePress, on_press)
    router.step(Step(MoreEvidenceStep.collect, ask, text=take_links, file=take_file))
    router.notice(EvidenceRequested, render_requested)
