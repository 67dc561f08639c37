"""What providers and reporters are told of sanctions and appeals (outbox notice renderers).

The reporter is told the outcome of their report; the provider is told the sanction, never
who reported it.
"""

from __future__ import annotations

from collections.abc import Callable

from domain import markup
from domain.services.reports import ticket

from ..engine.contract import Button, Reply, rows
from ..engine.router import Router

T = Callable[..., str]


def sanction_imposed(t: T, p: dict) -> Reply:
    lines = [t("sanction.imposed", sanction_id=p["sanction_id"],
               kind=t(f"sanction.kind.{p['sanction_kind']}"), reason=p["reason"])]
    if p.get("points"):
        lines.append(t("sanction.points_added", points=p["points"]))
    lines.append(t("sanction.points_held", points=p["points_held"]))
    if p.get("expelled"):
        lines.append(t("sanction.expelled"))
    elif p.get("suspended_until"):
        lines.append(t("sanction.suspended", until=p["suspended_until"]))
    lines.append(t("sanction.how_to_appeal", until=p["appeal_until"]))
    return Reply(markup.join("\n", lines), rows(
        [Button(t("sanction.appeal_button"), f"appeal:pick:{p['sanction_id']}")]))


def case_decided(t: T, p: dict) -> Reply:
    if p["outcome"] == "dismissed":
        return Reply(t("sanction.report_dismissed", ticket=ticket(p["report_id"]),
                       company=p["company"], reason=p["reason"]))
    return Reply(t("sanction.report_upheld", ticket=ticket(p["report_id"]), company=p["company"],
                   kind=t(f"sanction.kind.{p['sanction_kind']}"), reason=p["reason"]))


def appeal_decided(t: T, p: dict) -> Reply:
    key = "sanction.appeal_overturned" if p["outcome"] == "overturned" else \
        "sanction.appeal_upheld"
    return Reply(t(key, appeal_id=p["appeal_id"], sanction_id=p["sanction_id"],
                   reason=p["reason"], points=p["points_held"],
                   status=t(f"provider_status.{p['status']}")))


def appeal_reporter(t: T, p: dict) -> Reply:
    key = "sanction.reporter_overturned" if p["outcome"] == "overturned" else \
        "sanction.reporter_upheld"
    return Reply(t(key, ticket=ticket(p["report_id"]), company=p["company"]))


def register(router: Router) -> None:
    router.notice("sanction.imposed", sanction_imposed)
    router.notice("case.decided", case_decided)
    router.notice("appeal.decided", appeal_decided)
    router.notice("appeal.reporter", appeal_reporter)
