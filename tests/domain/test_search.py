"""The search index and its words: terms in English and Chinese, typos, and reindexing."""

from sqlalchemy import func, select

from bot.app import App
from domain.actor import Actor
from domain.adapters.search_index import reindex_provider
from domain.models import ProviderStatus, Role, SearchTerm
from domain.search_text import edit_distance, index_terms, query_words
from domain.services.search import Search, SearchQuery
from tests import factories
from tests.handlers.market_setup import reindex, set_provider

MERCHANT = Actor(account_id=1, identity="console:alice", role=Role.MERCHANT, merchant_id=1)


def test_english_words_are_lower_cased_stemmed_and_stop_words_dropped() -> None:
    assert index_terms("The Agencies of BrightWave Ltd.") == {"agency", "brightwave"}
    assert query_words("agencies AND Ads") == ["agency", "ads"]


def test_chinese_text_is_segmented_into_words_and_their_parts() -> None:
    terms = index_terms("深圳星耀广告代理有限公司")
    assert {"广告", "代理", "广告代理", "深圳"} <= terms
    assert "有限公司" not in terms and all(len(t) > 1 for t in terms)


def test_edit_distance_stops_early_past_its_limit() -> None:
    assert edit_distance("advertsing", "advertising") == 1
    assert edit_distance("abc", "xyzuvw", limit=2) == 3


async def test_reindexing_a_provider_follows_its_status(app: App) -> None:
    pid = await factories.provider(app, None, "Zephyr Media", ("advertising",))
    await reindex(app)
    async with app.unit_of_work() as uow:
        page = await Search(uow).find(MERCHANT, SearchQuery(text="zephyr"))
        assert [h.name for h in page.hits] == ["Zephyr Media"]
    await set_provider(app, pid, status=ProviderStatus.EXPELLED)
    async with app.unit_of_work() as uow:
        await reindex_provider(uow, pid)
        await uow.commit()
        rows = await uow.session.scalar(select(func.count()).select_from(SearchTerm).where(
            SearchTerm.provider_id == pid))
        assert rows == 0
        assert not (await Search(uow).find(MERCHANT, SearchQuery(text="zephyr"))).hits


async def test_a_category_term_lasts_only_as_long_as_its_certification(app: App) -> None:
    await factories.provider(app, None, "Zephyr Media", ("advertising",))
    await reindex(app)
    async with app.unit_of_work() as uow:
        row = await uow.session.scalar(select(SearchTerm).where(
            SearchTerm.term == "@c:advertising"))
        assert row is not None and row.listed_until > uow.now()
