"""A reporter adds the evidence an operator asked for, to the same report.

The request arrives as a notice with an Add evidence button; files and links are collected
as in /report, then Send puts the report back in the operators' queue (reports.py).
"""

from __future__ import annotations

from collections.abc import Callable

from domain.notices import EvidenceRequested
from domain.services.reports import MAX_EVIDENCE, Reports, ticket

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step
from .file_report import keep_file, keep_links

T = Callable[..., str]


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "new":
        report = await ctx.use(Reports).waiting_for_evidence(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter("moreev.collect", report=report.id, request=report.evidence_request
                               or "", files=[], names=[], links=[])
    report_id = ctx.state.data.get("report")
    if action == stamped.YES:
        stamped.check(ctx, arg, report_id, "moreev.collect")
        return await send(ctx)
    if action == stamped.NO:
        stamped.check(ctx, arg, report_id, "moreev.collect")
        ctx.clear()
        return Reply(ctx.t("moreev.cancelled", ticket=ticket(int(report_id))))
    raise StaleButton()


def _count(ctx: Context) -> int:
    return len(ctx.state.data["files"]) + len(ctx.state.data["links"])


async def ask(ctx: Context) -> Replies:
    d = ctx.state.data
    buttons = [stamped.button(ctx, ctx.t("moreev.send"), "moreev", stamped.YES, d["report"])] \
        if _count(ctx) else []
    return Reply(ctx.t("moreev.ask", ticket=ticket(d["report"]), request=d["request"],
                       count=_count(ctx), maximum=MAX_EVIDENCE), rows(
        buttons, [stamped.button(ctx, ctx.t("common.cancel"), "moreev", stamped.NO,
                                 d["report"])]))


async def take_links(ctx: Context, text: str) -> Replies:
    return [*keep_links(ctx, text), *await ctx.reprompt()]


async def take_file(ctx: Context) -> Replies:
    row = await keep_file(ctx)
    return [Reply(ctx.t("moreev.kept", name=row.name)), *await ctx.reprompt()]


async def send(ctx: Context) -> Replies:
    d = dict(ctx.state.data)
    await ctx.use(Reports).add_evidence(ctx.actor, d["report"], d["files"], d["links"])
    ctx.clear()
    return Reply(ctx.t("moreev.sent", ticket=ticket(d["report"]),
                       count=len(d["files"]) + len(d["links"])))


def render_requested(t: T, n: EvidenceRequested) -> Reply:
    return Reply(t("moreev.notice", ticket=ticket(n.report_id), company=n.company,
                   request=n.request),
                 rows([Button(t("moreev.add"), f"moreev:new:{n.report_id}")]))


def register(router: Router) -> None:
    router.button("moreev", on_press)
    router.step(Step("moreev.collect", ask, text=take_links, file=take_file))
    router.notice(EvidenceRequested, render_requested)
