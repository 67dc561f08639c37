"""Rankings computed from the tables, stored per period, shown as a badge for that period only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from domain.models import Binding, BindingScope, BindingStatus, Category, Evaluation, Ranking
from domain.ranking_config import RankingConfig
from domain.services.ranking import Rankings
from tests import factories
from tests.clock import Clock
from tests.handlers.market_setup import set_provider
from tests.transcript import Transcript

CONFIG = RankingConfig(featured_per_category=1, min_evaluations=1)


async def evaluated(app: App, provider_id: int, merchant_id: int, score: int,
                    days_ago: int = 0, code: str = "advertising") -> None:
    """A binding scoped to the category, answered in an hour, and its evaluation."""
    async with app.unit_of_work() as uow:
        at = uow.now() - timedelta(days=days_ago)
        category = await uow.session.scalar(select(Category.id).where(Category.code == code))
        binding = Binding(merchant_id=merchant_id, provider_id=provider_id, duration_days=90,
                          status=BindingStatus.ACTIVE, requested_at=at - timedelta(hours=1),
                          answered_at=at, starts_at=at, ends_at=at + timedelta(days=90))
        uow.session.add(binding)
        await uow.session.flush()
        uow.session.add(BindingScope(binding_id=binding.id, category_id=category))
        uow.session.add(Evaluation(binding_id=binding.id, provider_id=provider_id,
                                   quality=score, communication=score, timeliness=score,
                                   created_at=at, updated_at=at))
        await uow.commit()


async def compute(app: App, period: str | None = None) -> list:
    async with app.unit_of_work() as uow:
        scored = await Rankings(uow, CONFIG).compute(period)
        await uow.commit()
    return scored


async def two_providers(app: App) -> tuple[int, int]:
    best = await factories.provider(app, None, "Best Ads", ("advertising",))
    good = await factories.provider(app, None, "Good Ads", ("advertising",))
    merchant = await factories.merchant(app, "alice")
    await evaluated(app, best, merchant, 5)
    await evaluated(app, good, merchant, 4)
    return best, good


async def test_the_top_provider_gets_the_badge_for_the_month_and_loses_it_after(
        app: App, chat: Transcript, clock: Clock) -> None:
    best, _ = await two_providers(app)
    await compute(app)
    said = await chat.say("alice", f"/start p_{best}")
    assert said.text.startswith("*Best Ads*  🏅 Featured, November 2026")
    said = await chat.say("alice", "/search ads")
    assert "1. Best Ads — ★ 5.0 🏅 Featured, November 2026" in said.text
    assert "2. Good Ads — ★ 4.0\n" in said.text + "\n"
    clock.advance(days=29)  # 1 December: November's ranking no longer counts
    said = await chat.say("alice", f"/start p_{best}")
    assert said.text.startswith("*Best Ads*\n")


async def test_the_badge_speaks_chinese(app: App, chat: Transcript) -> None:
    best, _ = await two_providers(app)
    await compute(app)
    said = await chat.say("li", f"/start p_{best}", lang="zh")
    assert "🏅 2026年11月精选" in said.text


async def test_a_suspended_provider_is_never_featured_and_the_next_one_is(app: App) -> None:
    best, good = await two_providers(app)
    async with app.unit_of_work() as uow:
        from domain.models import ProviderStatus

        await set_provider(app, best, status=ProviderStatus.SUSPENDED,
                           suspended_until=uow.now() + timedelta(days=7))
    scored = await compute(app)
    overall = {s.provider_id: s for s in scored if s.market == "*"}
    assert overall[best].rank == 1 and not overall[best].featured
    assert overall[good].featured


async def test_a_past_period_is_computed_as_of_its_end_and_stored_apart(app: App) -> None:
    best, good = await two_providers(app)  # both evaluated on 2 November
    scored = await compute(app, "2026-10")
    assert scored == []  # nothing was certified or evaluated by the end of October
    await compute(app)
    async with app.unit_of_work() as uow:
        rows = (await uow.session.execute(select(Ranking.period, Ranking.market,
                                                 Ranking.provider_id, Ranking.rank)
                                          .order_by(Ranking.market, Ranking.rank))).all()
    assert [tuple(r) for r in rows] == [("2026-11", "*", best, 1), ("2026-11", "*", good, 2),
                                        ("2026-11", "US", best, 1), ("2026-11", "US", good, 2)]
