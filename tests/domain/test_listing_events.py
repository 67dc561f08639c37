"""A listing change is an event: the unit of work hands it to the search handler it was
given, before the commit; reindexing one provider reads only its own categories."""

import dataclasses

from sqlalchemy import event, func, select

from bot.app import App
from domain.actor import Actor
from domain.adapters.search_index import reindex_provider
from domain.adapters.uow import UnitOfWork
from domain.events import ListingChanged
from domain.models import Category, Provider, Role
from domain.search_text import teaching
from domain.services.search import Search, SearchQuery
from tests import factories

MERCHANT = Actor(account_id=1, identity="console:alice", role=Role.MERCHANT, merchant_id=1)


async def rename(uow: UnitOfWork, provider_id: int, name: str) -> None:
    provider = await uow.session.get(Provider, provider_id)
    assert provider is not None
    provider.company_name = name
    await uow.commit()


async def found(app: App, words: str) -> list[str]:
    async with app.unit_of_work() as uow:
        page = await Search(uow).find(MERCHANT, SearchQuery(text=words))
        return [hit.name for hit in page.hits]


async def test_a_renamed_provider_is_found_by_its_new_name_once_the_handler_ran(
        app: App) -> None:
    pid = await factories.provider(app, None, "Zephyr Media", ("advertising",))
    async with UnitOfWork(dataclasses.replace(app.env, handlers={})) as uow:
        await rename(uow, pid, "Quokka Media")  # no handler: the change alone, index stale
    assert await found(app, "quokka") == []
    async with app.unit_of_work() as uow:
        await rename(uow, pid, "Quokka Studio")
    assert await found(app, "quokka") == ["Quokka Studio"]


async def test_a_recorded_event_is_handled_once_in_the_same_transaction(app: App) -> None:
    pid = await factories.provider(app, None, "Zephyr Media", ("advertising",))
    seen: list[ListingChanged] = []

    async def note(uow: UnitOfWork, event: ListingChanged) -> None:
        assert uow.session.in_transaction()
        seen.append(event)

    async with UnitOfWork(dataclasses.replace(app.env, handlers={ListingChanged: (note,)})
                          ) as uow:
        uow.record(ListingChanged(pid))
        await rename(uow, pid, "Quokka Media")  # noticed at flush as well: handled once
    assert seen == [ListingChanged(pid)]


async def test_reindexing_one_provider_reads_and_teaches_only_its_categories(
        app: App) -> None:
    pid = await factories.provider(app, None, "Zephyr Media", ("advertising",))
    async with app.unit_of_work() as uow:
        await reindex_provider(uow, pid)  # the catalog is taught by now, once per process
        catalog = await uow.session.scalar(select(func.count()).select_from(Category))
    before, loaded = teaching["offered"], []

    def note(row: Category, _context: object) -> None:
        loaded.append(row.code)

    event.listen(Category, "load", note)  # SQLAlchemy's hook: every Category row read
    try:
        async with app.unit_of_work() as uow:
            await reindex_provider(uow, pid)
    finally:
        event.remove(Category, "load", note)
    async with app.unit_of_work() as uow:
        advertising = await uow.session.scalar(select(Category).where(
            Category.code == "advertising"))
        assert advertising is not None
        own_words = 1 + len(advertising.keywords)
    assert loaded == ["advertising"]
    assert catalog is not None and catalog > 10
    assert teaching["offered"] - before <= own_words
