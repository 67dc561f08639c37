"""A merchant's shortlist: providers saved from their cards, listed with their current
rating and status, so a merchant can compare before binding."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import InvalidInput
from ..models import Evaluation, Provider, ProviderStatus, SavedProvider
from .catalog_view import ProviderCards

MAX_SAVED = 50


@dataclass(frozen=True)
class SavedView:
    provider_id: int
    name: str
    rating: float
    rating_count: int
    status: str  # active, suspended, expelled
    accepting: bool


class Shortlist:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def contains(self, actor: Actor, provider_id: int) -> bool:
        if actor.merchant_id is None:
            return False
        return await self.uow.session.get(SavedProvider, (actor.merchant_id, provider_id)) \
            is not None

    async def save(self, actor: Actor, provider_id: int) -> None:
        """Only a listed provider can be saved (as from its card); saving twice is a no-op."""
        merchant_id = actor.require_merchant()
        await ProviderCards(self.uow).listed(provider_id)
        if await self.contains(actor, provider_id):
            return
        count = await self.uow.session.scalar(select(func.count()).select_from(SavedProvider)
                                              .where(SavedProvider.merchant_id == merchant_id))
        if (count or 0) >= MAX_SAVED:
            raise InvalidInput("error.saved_full", maximum=MAX_SAVED)
        self.uow.session.add(SavedProvider(merchant_id=merchant_id, provider_id=provider_id,
                                           created_at=self.uow.now()))

    async def remove(self, actor: Actor, provider_id: int) -> None:
        merchant_id = actor.require_merchant()
        await self.uow.session.execute(delete(SavedProvider).where(
            SavedProvider.merchant_id == merchant_id, SavedProvider.provider_id == provider_id))

    async def mine(self, actor: Actor) -> list[SavedView]:
        merchant_id = actor.require_merchant()
        total = (Evaluation.quality + Evaluation.communication + Evaluation.timeliness) / 3.0
        ratings = (select(Evaluation.provider_id, func.avg(total).label("rating"),
                          func.count().label("n"))
                   .group_by(Evaluation.provider_id).subquery())
        rows = await self.uow.session.execute(
            select(Provider, ratings.c.rating, ratings.c.n)
            .join(SavedProvider, SavedProvider.provider_id == Provider.id)
            .outerjoin(ratings, ratings.c.provider_id == Provider.id)
            .where(SavedProvider.merchant_id == merchant_id)
            .order_by(SavedProvider.created_at, Provider.id))
        now = self.uow.now()
        views = []
        for p, rating, n in rows:
            status = p.status.value
            if p.status is ProviderStatus.ACTIVE and p.suspended_until and p.suspended_until > now:
                status = ProviderStatus.SUSPENDED.value
            views.append(SavedView(p.id, p.company_name, round(float(rating or 0), 1),
                                   int(n or 0), status, p.accepting_clients))
        return views
