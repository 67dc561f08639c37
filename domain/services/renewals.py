"""Certification renewal: reminders before a certification ends, and notices when it ends.

Called from the maintenance round (bot/background.py). A provider is reminded at each of
`rules.renewal_reminders` days before the end (30 and 7), once each, unless a renewal has
already been approved; from `rules.renewal_window_days` before the end it may apply to renew
(applications.py), and an approved renewal runs on from the old end without a gap
(application_review.py). A certification that ends without a renewal tells the merchants
whose active bindings it covered, since the provider no longer serves that scope certified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import aliased

from ..adapters.uow import UnitOfWork
from ..models import Binding, BindingScope, Category, Certification, Provider
from ..notices import CertificationEnded, CertificationEndedForProvider, CertificationEnding
from .bindings import active_filter

Successor = aliased(Certification)


@dataclass(frozen=True)
class RenewalRound:
    reminded: int
    ended: int


def _not_renewed() -> ColumnElement[bool]:
    """No later certification of the same provider and category continues this one."""
    return ~exists().where(Successor.provider_id == Certification.provider_id,
                           Successor.category_id == Certification.category_id,
                           Successor.revoked_at.is_(None),
                           Successor.expires_at > Certification.expires_at)


async def renewal_round(uow: UnitOfWork) -> RenewalRound:
    """Remind and tell what is due now; the caller commits."""
    reminded = 0
    for days in sorted(uow.rules.renewal_reminders, reverse=True):
        reminded += await _remind(uow, days)
    return RenewalRound(reminded, await _tell_ended(uow))


async def _remind(uow: UnitOfWork, days: int) -> int:
    """The earlier reminder is recorded in `reminded_30_at`, the last in `reminded_7_at`."""
    now = uow.now()
    last = days == min(uow.rules.renewal_reminders)
    column = Certification.reminded_7_at if last else Certification.reminded_30_at
    rows = (await uow.session.execute(
        select(Certification, Category).join(Category, Category.id == Certification.category_id)
        .where(Certification.revoked_at.is_(None), Certification.expires_at > now,
               Certification.expires_at <= now + timedelta(days=days), column.is_(None),
               _not_renewed())
        .order_by(Certification.id))).tuples().all()
    for cert, category in rows:
        await uow.notify_provider(cert.provider_id, CertificationEnding(
            certification_id=cert.id, category=category.code, category_en=category.name_en,
            category_zh=category.name_zh, ends=cert.expires_at.date().isoformat(),
            days=(cert.expires_at - now).days))
        cert.reminded_30_at = cert.reminded_30_at or now  # the last one stands for both
        if last:
            cert.reminded_7_at = now
    return len(rows)


async def _tell_ended(uow: UnitOfWork) -> int:
    now = uow.now()
    rows = (await uow.session.execute(
        select(Certification, Category, Provider.company_name)
        .join(Category, Category.id == Certification.category_id)
        .join(Provider, Provider.id == Certification.provider_id)
        .where(Certification.revoked_at.is_(None), Certification.expires_at <= now,
               Certification.ended_notice_at.is_(None), _not_renewed())
        .order_by(Certification.id))).tuples().all()
    for cert, category, company in rows:
        bindings = (await uow.session.scalars(
            select(Binding).join(BindingScope, BindingScope.binding_id == Binding.id)
            .where(Binding.provider_id == cert.provider_id, active_filter(now),
                   BindingScope.category_id == cert.category_id)
            .order_by(Binding.id))).all()
        for binding in bindings:
            await uow.notify_merchant(binding.merchant_id, CertificationEnded(
                binding_id=binding.id, company=company, category_en=category.name_en,
                category_zh=category.name_zh, ended=cert.expires_at.date().isoformat()))
        await uow.notify_provider(cert.provider_id, CertificationEndedForProvider(
            category_en=category.name_en, category_zh=category.name_zh,
            ended=cert.expires_at.date().isoformat()))
        cert.ended_notice_at = now
    return len(rows)
