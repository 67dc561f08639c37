"""Operators decide reports: dismiss with a reason, or uphold with a sanction.

Exactly one decision counts: the report leaves the `open` state through a conditional
UPDATE, so a second operator deciding at the same moment changes nothing and is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from .. import validation as v
from ..actor import Actor
from ..adapters.db import rowcount
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, NotFound
from ..models import (
    Binding,
    Provider,
    ProviderStatus,
    Report,
    ReportStatus,
    Sanction,
    StoredFile,
)
from ..notices import CaseDecided, EvidenceRequested, SanctionImposed
from .bindings import active_filter
from .email_outbox import EmailOutbox, SanctionLetter
from .reports import ticket
from .sanctions import Effect, Order, Sanctions


def check_reason(value: str) -> str:
    return v.text(value, "case_reason", minimum=5, maximum=1000)


@dataclass(frozen=True)
class History:
    """What an operator weighs besides the report: the provider's record so far."""

    status: ProviderStatus
    points: int
    sanctions: list[Sanction]  # earlier ones, newest first (overturned ones marked)
    active_bindings: int


@dataclass(frozen=True)
class Case:
    report: Report
    company: str
    evidence: list[StoredFile]
    position: int  # 1 for the oldest open report
    total: int
    history: History | None = None


@dataclass(frozen=True)
class Upheld:
    report: Report
    sanction: Sanction
    effect: Effect
    points_held: int


class Cases:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def queue(self, actor: Actor) -> list[int]:
        """Open reports, oldest first."""
        actor.require_operator()
        return list((await self.uow.session.scalars(
            select(Report.id).where(Report.status == ReportStatus.OPEN)
            .order_by(Report.created_at, Report.id))).all())

    async def case(self, actor: Actor, report_id: int) -> Case:
        """One open report with its evidence; a decided one is refused by name."""
        ids = await self.queue(actor)
        report = await self.uow.session.get(Report, report_id)
        if report is None:
            raise NotFound("error.cases_not_found", report_id=report_id)
        if report.status is not ReportStatus.OPEN:
            raise _decided(report)
        provider = await self.uow.session.get(Provider, report.provider_id)
        assert provider is not None
        evidence = (await self.uow.session.scalars(select(StoredFile).where(
            StoredFile.attached_to == f"report:{report.id}").order_by(StoredFile.id))).all()
        return Case(report, provider.company_name, list(evidence),
                    ids.index(report.id) + 1 if report.id in ids else 0, len(ids),
                    await self.history(provider))

    async def history(self, provider: Provider) -> History:
        sanctions = await Sanctions(self.uow).of_provider(provider.id)
        active = await self.uow.session.scalar(select(func.count()).select_from(Binding).where(
            Binding.provider_id == provider.id, active_filter(self.uow.now())))
        return History(provider.status, provider.violation_points, sanctions[::-1], active or 0)

    async def dismiss(self, actor: Actor, report_id: int, reason: str) -> Report:
        reason = check_reason(reason)
        report = await self._decide(actor, report_id, ReportStatus.DISMISSED, reason)
        self.uow.notify(report.reporter_account_id, CaseDecided(
            report_id=report.id, company=await self._company(report), outcome="dismissed",
            sanction_kind="", reason=reason))
        self.uow.audit(actor, "report.dismiss", f"report:{report.id}", reason,
                       provider_id=report.provider_id)
        return report

    async def ask_evidence(self, actor: Actor, report_id: int, request: str) -> Report:
        """Send the report back to its reporter for more evidence; it leaves the queue until
        the reporter adds it (reports.py), and comes back as the same report."""
        request = check_reason(request)
        report = await self._decide(actor, report_id, ReportStatus.NEEDS_EVIDENCE, None,
                                    evidence_request=request)
        self.uow.notify(report.reporter_account_id, EvidenceRequested(
            report_id=report.id, company=await self._company(report), request=request))
        self.uow.audit(actor, "report.evidence_requested", f"report:{report.id}", request,
                       provider_id=report.provider_id)
        return report

    async def uphold(self, actor: Actor, report_id: int, order: Order, reason: str) -> Upheld:
        """Decide, sanction, and queue the chat notices and the e-mail in one transaction."""
        reason, order = check_reason(reason), order.checked()
        report = await self._decide(actor, report_id, ReportStatus.UPHELD, reason)
        # Locked: two decisions about one provider must not both miss a ladder step.
        provider = await self.uow.session.get(Provider, report.provider_id,
                                              with_for_update=True, populate_existing=True)
        assert provider is not None
        sanction, effect, standing = await Sanctions(self.uow).impose(
            actor, provider, order, reason, report_id=report.id)
        days = self.uow.rules.appeal_window_days
        appeal_until = sanction.created_at + timedelta(days=days)
        EmailOutbox(self.uow).queue_sanction(
            SanctionLetter(provider, sanction, effect, standing.points, appeal_until, days))
        await self.uow.notify_provider(provider.id, imposed(
            sanction, effect, standing.points, appeal_until.date().isoformat()))
        self.uow.notify(report.reporter_account_id, CaseDecided(
            report_id=report.id, company=provider.company_name, outcome="upheld",
            sanction_kind=sanction.kind.value, reason=reason))
        self.uow.audit(actor, "report.uphold", f"report:{report.id}", reason,
                       sanction_id=sanction.id, kind=sanction.kind.value,
                       points=sanction.points, days=sanction.suspension_days,
                       points_held=standing.points, status=provider.status.value)
        return Upheld(report, sanction, effect, standing.points)

    async def _decide(self, actor: Actor, report_id: int, status: ReportStatus,
                      reason: str | None, **values: object) -> Report:
        """Leave `open` exactly once: the loser of a race updates no row and gets Conflict."""
        actor.require_operator()
        now = self.uow.now()
        done = await self.uow.session.execute(
            update(Report)
            .where(Report.id == report_id, Report.status == ReportStatus.OPEN)
            .values(status=status, decision_reason=reason, decided_by=actor.identity,
                    decided_at=now, version=Report.version + 1, **values)
            .execution_options(synchronize_session=False))
        report = await self.uow.session.get(Report, report_id, populate_existing=True)
        if report is None:
            raise NotFound("error.cases_not_found", report_id=report_id)
        if rowcount(done) != 1:
            raise _decided(report)
        return report

    async def _company(self, report: Report) -> str:
        provider = await self.uow.session.get(Provider, report.provider_id)
        return provider.company_name if provider else ""


def _decided(report: Report) -> Conflict:
    return Conflict(f"error.cases_already_{report.status.value}", ticket=ticket(report.id),
                    by=report.decided_by or "")


def imposed(sanction: Sanction, effect: Effect, points_held: int,
            appeal_until: str) -> SanctionImposed:
    """What the provider's chat notice says; the reporter is never named."""
    return SanctionImposed(
        sanction_id=sanction.id, sanction_kind=sanction.kind.value, points=sanction.points,
        points_held=points_held, reason=sanction.reason, appeal_until=appeal_until,
        expelled=effect.expelled,
        suspended_until=effect.suspended_until.date().isoformat()
        if effect.suspended_until else "")
