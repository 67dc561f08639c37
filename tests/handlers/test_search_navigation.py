"""Search that meets people where they are: totals and pages, back from a card, market and
language words as filters, exact names first, typos named as typed, blank queries."""

from bot.app import App
from tests import factories
from tests.handlers.market_setup import market, reindex
from tests.transcript import Transcript


async def _ads(app: App) -> None:
    """Eight advertising providers (two pages), and a Chinese-speaking merchant `li`."""
    await factories.merchant(app, "li")
    for n in range(7):
        await factories.provider(app, None, f"Ads House {n}", ("advertising",))
    await reindex(app)


async def _logistics(app: App) -> None:
    await factories.merchant(app, "li")
    await factories.provider(app, None, "Swift Freight", ("logistics",), markets=("US",),
                             languages=("en",))
    await factories.provider(app, None, "Lion City Logistics", ("logistics",),
                             markets=("SEA",), languages=("en", "zh"))
    await reindex(app)


async def test_market_words_become_the_selected_filter(app: App, chat: Transcript) -> None:
    await market(app)
    await _logistics(app)
    said = await chat.say("alice", "/search logistics southeast asia")
    assert "Results for “logistics”" in said.text
    assert "Lion City Logistics" in said.text and "Swift Freight" not in said.text
    assert "Market: Southeast Asia" in said.last.labels
    said = await chat.say("li", "/search 物流 东南亚", lang="zh")
    assert "“物流”的搜索结果" in said.text and "Lion City Logistics" in said.text
    assert "Swift Freight" not in said.text and "市场：东南亚" in said.last.labels


async def test_the_typo_note_names_what_was_typed_and_a_real_word(app: App,
                                                                  chat: Transcript) -> None:
    await market(app)
    await _logistics(app)
    said = await chat.say("alice", "/search logistcs")
    assert "Showing results for “logistics” instead of “logistcs”" in said.text
    said = await chat.say("li", "/search logistcs", lang="zh")
    assert "已为您显示“logistics”的结果（您输入的是“logistcs”）" in said.text


async def test_an_exact_company_name_comes_first(app: App, chat: Transcript) -> None:
    await market(app)
    await _ads(app)
    said = await chat.say("alice", "/search ads house 0")
    assert said.text.splitlines()[2].startswith("1. Ads House 0")
    said = await chat.say("alice", "/search Ads House 0")
    assert said.last.labels[0] == "1. Ads House 0"


async def test_total_and_pages_in_both_languages(app: App, chat: Transcript) -> None:
    await market(app)
    await _ads(app)
    said = await chat.say("alice", "/search advertising")
    assert "Page 1 of 2 · 8 providers" in said.text
    said = await chat.say("li", "/search advertising", lang="zh")
    assert "第 1/2 页 · 共 8 家服务商" in said.text
    said = await chat.press("li", "下一页 ›") if "下一页 ›" in said.labels else None
    assert said is not None and "第 2/2 页" in said.text


async def test_blank_words_open_the_category_browser(app: App, chat: Transcript) -> None:
    await market(app)
    await _ads(app)
    await chat.say("alice", "/search advertising")
    said = await chat.say("alice", "   ")
    assert "Advertising agency" in " ".join(said.last.labels)
    said = await chat.say("li", "/search", lang="zh")
    said = await chat.say("li", "  ")
    assert "广告代理" in " ".join(said.last.labels)


async def test_back_to_results_in_chinese(app: App, chat: Transcript) -> None:
    await market(app)
    await _ads(app)
    said = await chat.say("li", "/search advertising", lang="zh")
    said = await chat.press("li", said.last.labels[0])
    assert said.last.labels[-1] == "‹ 返回搜索结果"
    said = await chat.press("li", "‹ 返回搜索结果")
    assert "第 1/2 页" in said.text
