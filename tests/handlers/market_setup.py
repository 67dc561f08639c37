"""A small market for the search and card tests: providers, evaluations, rankings, the index."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from bot.app import App
from domain.adapters.search_index import period, reindex_all
from domain.models import (
    Binding,
    BindingStatus,
    Category,
    Certification,
    Evaluation,
    Provider,
    Ranking,
)
from handlers.engine.contract import ButtonPress, Incoming, Reply
from tests import factories
from tests.transcript import Transcript

INFLUENCER_NAME = "达人营销工坊"


async def reindex(app: App) -> None:
    async with app.unit_of_work() as uow:
        await reindex_all(uow)
        await uow.commit()


async def market(app: App) -> dict[str, int]:
    """Three listed providers, a merchant `alice`, and the index built."""
    ids = {
        "bright": await factories.provider(app, "bob", "BrightWave Digital", ("advertising",),
                                           markets=("US",), languages=("en", "zh")),
        "daren": await factories.provider(
            app, None, INFLUENCER_NAME, ("influencer",), markets=("SEA",), languages=("zh",),
            description="为跨境卖家对接东南亚达人，Influencer campaigns with local creators."),
        "harbor": await factories.provider(
            app, None, "Blue Harbor Logistics", ("logistics",), markets=("US", "UK"),
            languages=("en",), description="Warehousing and last-mile shipping in the UK."),
    }
    await factories.merchant(app, "alice")
    await reindex(app)
    return ids


async def set_provider(app: App, provider_id: int, **values: object) -> None:
    async with app.unit_of_work() as uow:
        await uow.session.execute(update(Provider).where(Provider.id == provider_id)
                                  .values(**values))
        await uow.commit()


async def revoke(app: App, provider_id: int) -> None:
    async with app.unit_of_work() as uow:
        await uow.session.execute(update(Certification).where(
            Certification.provider_id == provider_id).values(revoked_at=uow.now()))
        await uow.commit()


async def evaluate(app: App, provider_id: int, merchant_id: int, score: int,
                   comment: str, days_ago: int = 0) -> None:
    async with app.unit_of_work() as uow:
        at = uow.now() - timedelta(days=days_ago)
        binding = Binding(merchant_id=merchant_id, provider_id=provider_id, duration_days=30,
                          status=BindingStatus.ACTIVE, requested_at=at, starts_at=at,
                          ends_at=at + timedelta(days=30))
        uow.session.add(binding)
        await uow.session.flush()
        uow.session.add(Evaluation(binding_id=binding.id, provider_id=provider_id,
                                   quality=score, communication=score, timeliness=score,
                                   comment=comment, created_at=at, updated_at=at))
        await uow.commit()


async def feature(app: App, provider_id: int, code: str) -> None:
    async with app.unit_of_work() as uow:
        category = await uow.session.scalar(select(Category).where(Category.code == code))
        assert category is not None
        uow.session.add(Ranking(period=period(uow.now()), category_id=category.id,
                                provider_id=provider_id, score=9.5, rank=1, featured=True))
        await uow.commit()


async def press_raw(chat: Transcript, user: str, label: str) -> list[Reply]:
    """Press a button and get the Reply objects, to see whether the message is edited."""
    console = chat.console
    payload = console._payload(user, label)
    incoming = Incoming(platform="console", user_id=user, display_name=user, language="en",
                        dedupe_key=uuid.uuid4().hex,
                        press=ButtonPress(payload))
    replies = await console.app.dispatcher.handle(incoming)
    for reply in replies:
        console._line(user, reply)
    return replies

