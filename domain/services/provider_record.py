"""An operator's view of one provider: profile, certifications, bindings, sanctions, appeals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import InvalidInput, NotFound
from ..models import (
    Account,
    Appeal,
    Binding,
    BindingStatus,
    Category,
    Certification,
    Provider,
    Sanction,
)

MAX_MATCHES = 10


@dataclass(frozen=True)
class Record:
    provider: Provider
    members: int
    certifications: list[tuple[Certification, Category]]
    bindings_active: int
    bindings_total: int
    bindings_terminated: int  # ended by the market when the provider was expelled
    sanctions: list[tuple[Sanction, Appeal | None]]
    now: datetime


class ProviderRecords:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def find(self, actor: Actor, query: str) -> list[Provider]:
        """By id (`42`, `#42`) or by part of the company name; at most ten matches."""
        actor.require_operator()
        query = query.strip().lstrip("#")
        if not query:
            raise InvalidInput("error.record_no_query")
        condition: ColumnElement[bool] = Provider.company_name.ilike(
            f"%{_escape(query)}%", escape="\\")
        number = v.record_id(query)
        if number is not None:
            condition = or_(Provider.id == number, condition)
        return list((await self.uow.session.scalars(select(Provider).where(condition).order_by(
            Provider.company_name, Provider.id).limit(MAX_MATCHES))).all())

    async def record(self, actor: Actor, provider_id: int) -> Record:
        actor.require_operator()
        session = self.uow.session
        provider = await session.get(Provider, provider_id)
        if provider is None:
            raise NotFound("error.record_not_found")
        members = await session.scalar(select(func.count()).select_from(Account).where(
            Account.provider_id == provider_id))
        certifications = (await session.execute(
            select(Certification, Category).join(Category, Category.id == Certification.category_id)
            .where(Certification.provider_id == provider_id)
            .order_by(Certification.granted_at.desc()))).tuples().all()
        sanctions = (await session.execute(
            select(Sanction, Appeal).outerjoin(Appeal, Appeal.sanction_id == Sanction.id)
            .where(Sanction.provider_id == provider_id)
            .order_by(Sanction.created_at.desc()))).tuples().all()
        active, total, terminated = await self._bindings(provider_id)
        return Record(provider, members or 0, list(certifications), active, total, terminated,
                      list(sanctions), self.uow.now())

    async def _bindings(self, provider_id: int) -> tuple[int, int, int]:
        now = self.uow.now()
        mine = Binding.provider_id == provider_id
        total = await self.uow.session.scalar(select(func.count()).select_from(Binding).where(mine))
        active = await self.uow.session.scalar(select(func.count()).select_from(Binding).where(
            mine, Binding.status == BindingStatus.ACTIVE,
            or_(Binding.ends_at.is_(None), Binding.ends_at > now)))
        terminated = await self.uow.session.scalar(select(func.count()).select_from(Binding)
                                                   .where(mine, Binding.status ==
                                                          BindingStatus.TERMINATED))
        return active or 0, total or 0, terminated or 0


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
