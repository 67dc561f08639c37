"""What providers and reporters are told of sanctions and appeals (outbox notice renderers).

The reporter is told the outcome of their report; the provider is told the sanction, never
who reported it.
"""

from __future__ import annotations

from collections.abc import Callable

from domain import markup
from domain.notices import AppealDecided, AppealDecidedForReporter, CaseDecided, SanctionImposed
from domain.services.reports import ticket

from ..engine.contract import Reply, rows
from ..engine.router import Router
from .appeal_sanction import Pick

T = Callable[..., str]


def sanction_imposed(t: T, n: SanctionImposed) -> Reply:
    lines = [t("sanction.imposed", sanction_id=n.sanction_id,
               kind=t(f"sanction.kind.{n.sanction_kind}"), reason=n.reason)]
    if n.points:
        lines.append(t("sanction.points_added", points=n.points))
    lines.append(t("sanction.points_held", points=n.points_held))
    if n.expelled:
        lines.append(t("sanction.expelled"))
    elif n.suspended_until:
        lines.append(t("sanction.suspended", until=n.suspended_until))
    lines.append(t("sanction.how_to_appeal", until=n.appeal_until))
    return Reply(markup.join("\n", lines), rows(
        [Pick(n.sanction_id).button(t("sanction.appeal_button"))]))


def case_decided(t: T, n: CaseDecided) -> Reply:
    if n.outcome == "dismissed":
        return Reply(t("sanction.report_dismissed", ticket=ticket(n.report_id),
                       company=n.company, reason=n.reason))
    return Reply(t("sanction.report_upheld", ticket=ticket(n.report_id), company=n.company,
                   kind=t(f"sanction.kind.{n.sanction_kind}"), reason=n.reason))


def appeal_decided(t: T, n: AppealDecided) -> Reply:
    key = "sanction.appeal_overturned" if n.outcome == "overturned" else \
        "sanction.appeal_upheld"
    return Reply(t(key, appeal_id=n.appeal_id, sanction_id=n.sanction_id,
                   reason=n.reason, points=n.points_held,
                   status=t(f"provider_status.{n.status}")))


def appeal_reporter(t: T, n: AppealDecidedForReporter) -> Reply:
    key = "sanction.reporter_overturned" if n.outcome == "overturned" else \
        "sanction.reporter_upheld"
    return Reply(t(key, ticket=ticket(n.report_id), company=n.company))


def register(router: Router) -> None:
    router.notice(SanctionImposed, sanction_imposed)
    router.notice(CaseDecided, case_decided)
    router.notice(AppealDecided, appeal_decided)
    router.notice(AppealDecidedForReporter, appeal_reporter)
