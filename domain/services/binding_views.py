"""What /bindings shows: the merchant's bindings, or a provider's clients' bindings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import NotFound
from ..models import Binding, BindingScope, BindingStatus, Category, Evaluation, Merchant, Provider
from .bindings import CategoryName, refresh
from .evaluations import can_evaluate


@dataclass(frozen=True)
class BindingView:
    """One line of /bindings, for the merchant or the provider."""

    id: int
    provider_name: str
    shop_name: str
    scope: tuple[CategoryName, ...]
    status: BindingStatus
    duration_days: int
    ends_at: datetime | None
    ended_at: datetime | None  # revoked, declined or expired: when
    evaluation_id: int | None
    evaluation_answered: bool
    can_evaluate: bool


class BindingViews:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def mine(self, actor: Actor, limit: int = 20) -> list[BindingView]:
        """The merchant's bindings, or a provider's clients' bindings, newest first."""
        if actor.merchant_id is not None:
            where = Binding.merchant_id == actor.merchant_id
        else:
            where = Binding.provider_id == actor.require_provider()
        return await self._views(where, limit)

    async def one(self, actor: Actor, binding_id: int) -> BindingView:
        """One binding seen by its merchant or its provider; anyone else gets NotFound."""
        views = await self._views(Binding.id == binding_id, 1)
        binding = await self.uow.session.get(Binding, binding_id)
        mine = binding is not None and (
            (actor.merchant_id is not None and binding.merchant_id == actor.merchant_id)
            or (actor.provider_id is not None and binding.provider_id == actor.provider_id))
        if not views or not mine:
            raise NotFound("error.bind_not_found")
        return views[0]

    async def _views(self, where: ColumnElement[bool], limit: int) -> list[BindingView]:
        rows = (await self.uow.session.execute(
            select(Binding, Provider.company_name, Merchant.shop_name, Evaluation)
            .join(Provider, Provider.id == Binding.provider_id)
            .join(Merchant, Merchant.id == Binding.merchant_id)
            .outerjoin(Evaluation, Evaluation.binding_id == Binding.id)
            .where(where).order_by(Binding.id.desc()).limit(limit))).all()
        scopes = await _scopes(self.uow, [b.id for b, *_ in rows])
        now, window = self.uow.now(), self.uow.rules.evaluation_window_days
        return [BindingView(b.id, company, shop, tuple(scopes.get(b.id, [])),
                            refresh(b, now).status, b.duration_days, b.ends_at, b.ended_at,
                            ev.id if ev else None, bool(ev and ev.answer),
                            can_evaluate(b, now, window))
                for b, company, shop, ev in rows]


async def _scopes(uow: UnitOfWork, ids: list[int]) -> dict[int, list[CategoryName]]:
    rows = (await uow.session.execute(
        select(BindingScope.binding_id, Category.code, Category.name_en, Category.name_zh)
        .join(Category, Category.id == BindingScope.category_id)
        .where(BindingScope.binding_id.in_(ids)).order_by(Category.position))).all()
    result: dict[int, list[CategoryName]] = {}
    for binding_id, *names in rows:
        result.setdefault(binding_id, []).append(CategoryName(*names))
    return result
