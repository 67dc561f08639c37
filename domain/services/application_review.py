"""Operators decide applications: approve (certify), reject, or ask for more information.

Two operators may press at the same moment. A decision is a conditional UPDATE
(`WHERE status = 'in_review'`, bumping the version column): on PostgreSQL the second
UPDATE waits for the first to commit and then matches no row; SQLite serialises writers
(BEGIN IMMEDIATE). Either way exactly one decision wins and the other is told who won.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from .. import validation as v
from ..actor import Actor
from ..adapters.db import rowcount
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, NotFound
from ..models import (
    Application,
    ApplicationStatus,
    Category,
    Certification,
    Provider,
    StoredFile,
)
from ..notices import ApplicationApproved, ApplicationInfoRequested, ApplicationRejected
from ..standing import require_available
from .applications import number
from .files import Files


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def check_reason(value: str) -> str:
    return v.text(value, "review_reason", minimum=3, maximum=1000)


@dataclass(frozen=True)
class Case:
    """One application as an operator sees it: who, what, claimed figures, documents."""

    application: Application
    category: Category
    provider: Provider
    documents: list[StoredFile]
    renews: Certification | None = None  # the certification a renewal continues


class ApplicationReview:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def queue(self, actor: Actor, limit: int = 10) -> tuple[int, list[Case]]:
        """Applications waiting for a decision, oldest first, and how many there are."""
        actor.require_operator()
        waiting = (Application.status == ApplicationStatus.IN_REVIEW)
        ids = (await self.uow.session.scalars(select(Application.id).where(waiting).order_by(
            Application.submitted_at, Application.id))).all()
        return len(ids), [await self.case(actor, i) for i in ids[:limit]]

    async def case(self, actor: Actor, application_id: int) -> Case:
        actor.require_operator()
        row = (await self.uow.session.execute(
            select(Application, Category, Provider)
            .join(Category, Category.id == Application.category_id)
            .join(Provider, Provider.id == Application.provider_id)
            .where(Application.id == application_id)
            .execution_options(populate_existing=True))).first()
        if row is None:
            raise NotFound("error.review_not_found")
        application, category, provider = row
        documents = await Files(self.uow).attached(f"application:{application_id}")
        renews = await self.uow.session.get(Certification, application.renews_id) \
            if application.renews_id else None
        return Case(application, category, provider, documents, renews)

    async def pending(self, actor: Actor, application_id: int) -> Case:
        """A case still waiting; a decided one tells who decided it."""
        case = await self.case(actor, application_id)
        if case.application.status is not ApplicationStatus.IN_REVIEW:
            raise self._decided(case.application)
        return case

    async def approve(self, actor: Actor, application_id: int) -> Certification:
        """Certify; never a suspended or expelled provider (locked against a sanction now)."""
        case = await self.pending(actor, application_id)
        provider = await self.uow.session.get(Provider, case.provider.id, with_for_update=True,
                                              populate_existing=True)
        assert provider is not None
        require_available(provider, self.uow.now(), "error.review_provider_unavailable")
        await self._decide(actor, application_id, ApplicationStatus.APPROVED, None)
        now = self.uow.now()
        certification = Certification(
            provider_id=case.provider.id, category_id=case.category.id,
            application_id=application_id, granted_at=now,
            expires_at=add_months(_continues_from(case.renews, now),
                                  self.uow.rules.certification_months))
        self.uow.session.add(certification)
        await self.uow.session.flush()
        await self.uow.notify_provider(case.provider.id, ApplicationApproved(
            application_id=application_id, number=number(application_id),
            category_en=case.category.name_en, category_zh=case.category.name_zh,
            expires=certification.expires_at.date().isoformat()))
        self.uow.audit(actor, "application.approved", f"application:{application_id}", None,
                       provider_id=case.provider.id, category=case.category.code,
                       certification_id=certification.id, renews=case.application.renews_id,
                       expires=certification.expires_at.isoformat())
        return certification

    async def reject(self, actor: Actor, application_id: int, reason: str) -> Case:
        return await self._send_back(actor, application_id, reason, ApplicationStatus.REJECTED)

    async def ask_for_info(self, actor: Actor, application_id: int, reason: str) -> Case:
        return await self._send_back(actor, application_id, reason, ApplicationStatus.NEEDS_INFO)

    async def _send_back(self, actor: Actor, application_id: int, reason: str,
                         status: ApplicationStatus) -> Case:
        case = await self.pending(actor, application_id)
        reason = check_reason(reason)
        await self._decide(actor, application_id, status, reason)
        sent_back = ApplicationRejected if status is ApplicationStatus.REJECTED \
            else ApplicationInfoRequested
        await self.uow.notify_provider(case.provider.id, sent_back(
            application_id=application_id, number=number(application_id),
            category_en=case.category.name_en, category_zh=case.category.name_zh, reason=reason))
        self.uow.audit(actor, f"application.{status.value}", f"application:{application_id}",
                       reason, provider_id=case.provider.id, category=case.category.code)
        return case

    async def _decide(self, actor: Actor, application_id: int, status: ApplicationStatus,
                      reason: str | None) -> None:
        """Exactly one decision wins: the UPDATE only matches an application still in review."""
        result = await self.uow.session.execute(
            update(Application).where(Application.id == application_id,
                                      Application.status == ApplicationStatus.IN_REVIEW)
            .values(status=status, decision_reason=reason, decided_by=actor.identity,
                    decided_at=self.uow.now(), version=Application.version + 1)
            .execution_options(synchronize_session=False))
        if rowcount(result) != 1:
            current = await self.case(actor, application_id)
            raise self._decided(current.application)

    @staticmethod
    def _decided(application: Application) -> Conflict:
        return Conflict("error.review_already_decided", number=number(application.id),
                        by=application.decided_by or "?", status=application.status.value)


def _continues_from(renewed: Certification | None, now: datetime) -> datetime:
    """A renewal approved before the old certification ends runs on from its end, no gap and
    no time lost; approved later (or a first certification), it runs from now."""
    if renewed is not None and renewed.revoked_at is None and renewed.expires_at > now:
        return renewed.expires_at
    return now
