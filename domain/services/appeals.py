"""A provider appeals a sanction once, within the window; an operator upholds or overturns it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import validation as v
from ..actor import Actor
from ..adapters.db import rowcount
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, NotFound
from ..models import Appeal, AppealStatus, Provider, Report, Sanction, StoredFile
from ..notices import AppealDecided, AppealDecidedForReporter
from .email_outbox import AppealLetter, EmailOutbox
from .files import Files
from .sanctions import Sanctions

MAX_FILES = 5


def check_text(value: str) -> str:
    return v.text(value, "appeal_text", minimum=10, maximum=2000)


def check_reason(value: str) -> str:
    return v.text(value, "appeal_reason", minimum=5, maximum=1000)


@dataclass(frozen=True)
class AppealCase:
    appeal: Appeal
    sanction: Sanction
    company: str
    files: list[StoredFile]
    position: int
    total: int
    report: Report | None = None  # the report the sanction came from, if any
    evidence: tuple[StoredFile, ...] = ()  # that report's evidence


class Appeals:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def deadline(self, sanction: Sanction) -> datetime:
        return sanction.created_at + timedelta(days=self.uow.rules.appeal_window_days)

    async def appealable(self, actor: Actor) -> list[Sanction]:
        """The provider's sanctions that can still be appealed, newest first."""
        provider_id = actor.require_provider()
        rows = (await self.uow.session.scalars(
            select(Sanction).outerjoin(Appeal, Appeal.sanction_id == Sanction.id)
            .where(Sanction.provider_id == provider_id, Sanction.overturned_at.is_(None),
                   Appeal.id.is_(None)).order_by(Sanction.created_at.desc()))).all()
        return [s for s in rows if self.deadline(s) >= self.uow.now()]

    async def check(self, actor: Actor, sanction_id: int) -> Sanction:
        """May this provider appeal this sanction now? Someone else's looks like a missing one."""
        provider_id = actor.require_provider()
        sanction = await self.uow.session.get(Sanction, sanction_id)
        if sanction is None or sanction.provider_id != provider_id:
            raise NotFound("error.appeal_not_found", sanction_id=sanction_id)
        taken = await self.uow.session.scalar(
            select(Appeal).where(Appeal.sanction_id == sanction.id))
        if taken is not None:
            raise Conflict(f"error.appeal_already_{taken.status.value}",
                           sanction_id=sanction.id)
        if sanction.overturned_at is not None:
            raise Conflict("error.appeal_overturned", sanction_id=sanction.id)
        if self.uow.now() > self.deadline(sanction):
            raise Conflict("error.appeal_window_closed", sanction_id=sanction.id,
                           days=self.uow.rules.appeal_window_days,
                           closed=self.deadline(sanction).date().isoformat())
        return sanction

    async def file(self, actor: Actor, sanction_id: int, text: str,
                   file_ids: list[int]) -> Appeal:
        sanction = await self.check(actor, sanction_id)
        appeal = Appeal(sanction_id=sanction.id, text=check_text(text),
                        created_at=self.uow.now())
        self.uow.session.add(appeal)
        try:
            await self.uow.session.flush()
        except IntegrityError:  # a teammate appealed the same sanction a moment ago
            raise Conflict("error.appeal_already_open", sanction_id=sanction.id) from None
        if file_ids:
            await Files(self.uow).attach(file_ids[:MAX_FILES], actor, f"appeal:{appeal.id}")
        self.uow.audit(actor, "appeal.file", f"appeal:{appeal.id}", None,
                       sanction_id=sanction.id, files=len(file_ids))
        return appeal

    async def queue(self, actor: Actor) -> list[int]:
        actor.require_operator()
        return list((await self.uow.session.scalars(
            select(Appeal.id).where(Appeal.status == AppealStatus.OPEN)
            .order_by(Appeal.created_at, Appeal.id))).all())

    async def case(self, actor: Actor, appeal_id: int) -> AppealCase:
        ids = await self.queue(actor)
        appeal = await self._get(appeal_id)
        if appeal.status is not AppealStatus.OPEN:
            raise _decided(appeal)
        sanction = await self.uow.session.get(Sanction, appeal.sanction_id)
        assert sanction is not None
        provider = await self.uow.session.get(Provider, sanction.provider_id)
        files = await Files(self.uow).attached(f"appeal:{appeal.id}")
        report = await self.uow.session.get(Report, sanction.report_id) \
            if sanction.report_id else None
        evidence = await Files(self.uow).attached(f"report:{report.id}") if report else []
        return AppealCase(appeal, sanction, provider.company_name if provider else "?", files,
                          ids.index(appeal.id) + 1, len(ids), report, tuple(evidence))

    async def decide(self, actor: Actor, appeal_id: int, overturn: bool, reason: str) -> Appeal:
        """Exactly one operator's decision counts; overturning undoes the sanction's effects."""
        actor.require_operator()
        reason = check_reason(reason)
        status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        done = await self.uow.session.execute(
            update(Appeal).where(Appeal.id == appeal_id, Appeal.status == AppealStatus.OPEN)
            .values(status=status, decision_reason=reason, decided_by=actor.identity,
                    decided_at=self.uow.now(), version=Appeal.version + 1)
            .execution_options(synchronize_session=False))
        appeal = await self._get(appeal_id, fresh=True)
        if rowcount(done) != 1:
            raise _decided(appeal)
        sanction = await self.uow.session.get(Sanction, appeal.sanction_id)
        assert sanction is not None
        sanctions = Sanctions(self.uow)
        if overturn:
            await sanctions.overturn(actor, sanction)
        provider = await self.uow.session.get(Provider, sanction.provider_id)
        assert provider is not None
        await self._tell(appeal, sanction, provider, reason)
        self.uow.audit(actor, f"appeal.{status.value}", f"appeal:{appeal.id}", reason,
                       sanction_id=sanction.id, points_held=provider.violation_points,
                       status=provider.status.value)
        return appeal

    async def _tell(self, appeal: Appeal, sanction: Sanction, provider: Provider,
                    reason: str) -> None:
        """The provider by chat and e-mail, like the sanction itself; the reporter by chat."""
        EmailOutbox(self.uow).queue_appeal(AppealLetter(
            provider, sanction, appeal.id, appeal.status is AppealStatus.OVERTURNED, reason))
        await self.uow.notify_provider(provider.id, AppealDecided(
            appeal_id=appeal.id, sanction_id=sanction.id, outcome=appeal.status.value,
            reason=reason, points_held=provider.violation_points, status=provider.status.value))
        report = await self.uow.session.get(Report, sanction.report_id) \
            if sanction.report_id else None
        if report is not None:
            self.uow.notify(report.reporter_account_id, AppealDecidedForReporter(
                report_id=report.id, company=provider.company_name, outcome=appeal.status.value))

    async def _get(self, appeal_id: int, fresh: bool = False) -> Appeal:
        appeal = await self.uow.session.get(Appeal, appeal_id, populate_existing=fresh)
        if appeal is None:
            raise NotFound("error.appeals_not_found", appeal_id=appeal_id)
        return appeal


def _decided(appeal: Appeal) -> Conflict:
    return Conflict(f"error.appeals_already_{appeal.status.value}", appeal_id=appeal.id,
                    by=appeal.decided_by or "")
