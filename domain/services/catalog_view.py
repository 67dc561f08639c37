"""A provider's public card and its evaluations, read from the tables themselves (the truth).

A card is shown only while the provider is listed (DESIGN section 4): active, not under a
suspension, and certified in at least one category right now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..adapters.search_index import period, visible
from ..adapters.uow import UnitOfWork
from ..errors import NotFound
from ..models import Category, Certification, Evaluation, Provider, Ranking

EVALUATIONS_PAGE = 5


@dataclass(frozen=True)
class EvaluationView:
    score: float  # the average of quality, communication and timeliness
    comment: str
    answer: str | None
    at: datetime


@dataclass(frozen=True)
class CardView:
    provider_id: int
    name: str
    description: str
    markets: list[str]
    languages: list[str]
    categories: list[tuple[str, str, str]]  # (code, English name, Chinese name)
    featured: str | None  # the period ("2026-11") it is featured for, if it is
    rating: float
    rating_count: int
    newest: list[EvaluationView]
    accepting: bool = True
    description_zh: str = ""
    website: str | None = None


def _view(e: Evaluation) -> EvaluationView:
    return EvaluationView(round((e.quality + e.communication + e.timeliness) / 3, 1),
                          e.comment, e.answer, e.created_at)


class ProviderCards:
    """Public information: anyone may look, as with a shared link; no actor is needed."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def listed(self, provider_id: int) -> tuple[Provider, list[Category]]:
        """The provider and the categories it is listed in, or NotFound if it is not listed."""
        s, now = self.uow.session, self.uow.now()
        if not 0 < provider_id < 2**31:
            raise NotFound("error.card_unavailable")
        provider = await s.get(Provider, provider_id)
        suspended = provider is not None and provider.suspended_until is not None \
            and provider.suspended_until > now
        if provider is None or not visible(provider) or suspended:
            raise NotFound("error.card_unavailable")
        categories = list(await s.scalars(
            select(Category).join(Certification, Certification.category_id == Category.id)
            .where(Certification.provider_id == provider_id,
                   Certification.revoked_at.is_(None), Certification.expires_at > now)
            .order_by(Category.position).distinct()))
        if not categories:
            raise NotFound("error.card_unavailable")
        return provider, categories

    async def card(self, provider_id: int) -> CardView:
        provider, categories = await self.listed(provider_id)
        s = self.uow.session
        featured = await s.scalar(select(Ranking.period).where(
            Ranking.provider_id == provider_id, Ranking.period == period(self.uow.now()),
            Ranking.featured.is_(True)).limit(1))
        total = (Evaluation.quality + Evaluation.communication + Evaluation.timeliness) / 3.0
        rating, count = (await s.execute(select(func.avg(total), func.count()).where(
            Evaluation.provider_id == provider_id))).one()
        newest, _ = await self.evaluations(provider_id, 0, limit=3)
        return CardView(provider.id, provider.company_name, provider.description,
                        list(provider.markets), list(provider.languages),
                        [(c.code, c.name_en, c.name_zh) for c in categories],
                        featured, round(float(rating or 0), 1), int(count), newest,
                        provider.accepting_clients, provider.description_zh, provider.website)

    async def evaluations(self, provider_id: int, page: int,
                          limit: int = EVALUATIONS_PAGE) -> tuple[list[EvaluationView], int]:
        """One page of a listed provider's evaluations, newest first, and how many there are."""
        await self.listed(provider_id)
        s = self.uow.session
        count = int(await s.scalar(select(func.count()).where(
            Evaluation.provider_id == provider_id)) or 0)
        rows = await s.scalars(select(Evaluation).where(Evaluation.provider_id == provider_id)
                               .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
                               .limit(limit).offset(page * limit))
        return [_view(e) for e in rows], count
