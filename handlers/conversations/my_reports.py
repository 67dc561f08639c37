"""/reports: the merchant's reports, their ticket numbers and where each stands."""

from __future__ import annotations

from domain import markup
from domain.models import Role
from domain.services.reports import Reports

from ..engine.context import Context
from ..engine.contract import Reply
from ..engine.router import Replies, Router


async def show(ctx: Context) -> Replies:
    reports = await ctx.use(Reports).mine(ctx.actor)
    if not reports:
        return Reply(ctx.t("reports.none"))
    lines = [ctx.t("reports.title")]
    for r in reports:
        lines.append(ctx.t("reports.line", ticket=r.ticket, company=r.company_name,
                           violation=ctx.t(f"report.v.{r.violation.value}"),
                           status=ctx.t("reports.status.overturned" if r.overturned
                                        else f"reports.status.{r.status.value}"),
                           date=r.created_at.date().isoformat()))
        if r.decision_reason:
            lines.append(ctx.t("reports.reason", reason=r.decision_reason))
    return Reply(markup.join("\n", lines))


def register(router: Router) -> None:
    router.command("reports", show, help_key="help.cmd.reports", roles=frozenset({Role.MERCHANT}))
