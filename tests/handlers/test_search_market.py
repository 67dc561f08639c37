"""/search: browsing the catalog, keywords in English and Chinese, typos, filters and paging."""

from datetime import timedelta

from bot.app import App
from domain.models import ProviderStatus
from tests import factories
from tests.handlers.market_setup import (
    INFLUENCER_NAME,
    evaluate,
    market,
    press_raw,
    reindex,
    revoke,
    set_provider,
)
from tests.transcript import Transcript


async def test_browsing_shows_each_category_with_its_listed_count(app: App,
                                                                 chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/search")
    assert "What are you looking for?" in said.text
    assert "Advertising agency (1)" in said.last.labels
    assert "Logistics and fulfilment (1)" in said.last.labels
    said = await chat.press("alice", "Advertising agency (1)")
    assert "1. BrightWave Digital" in said.text
    assert "Page 1 of" in said.text and "Next ›" not in said.labels


async def test_the_catalog_is_in_chinese_for_a_chinese_user(app: App, chat: Transcript) -> None:
    await market(app)
    await factories.merchant(app, "li", shop="李氏美妆", language="zh")
    said = await chat.say("li", "/search", lang="zh")
    assert "广告代理 (1)" in said.last.labels


async def test_keywords_find_providers_by_name_description_and_category(
        app: App, chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/search advertising")
    assert "BrightWave Digital" in said.text and "Blue Harbor" not in said.text
    said = await chat.say("alice", "/search blue harbor")
    assert "1. Blue Harbor Logistics" in said.text
    said = await chat.say("alice", "/search shipping")  # only in the description
    assert "Blue Harbor Logistics" in said.text


async def test_chinese_words_find_english_named_providers_through_their_category(
        app: App, chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/search 广告")
    assert "BrightWave Digital" in said.text
    said = await chat.say("alice", "/search 物流")
    assert "Blue Harbor Logistics" in said.text


async def test_influencer_finds_a_provider_with_a_chinese_name(app: App,
                                                              chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/search influencer")
    assert INFLUENCER_NAME in said.text
    said = await chat.say("alice", "/search 达人")
    assert INFLUENCER_NAME in said.text


async def test_a_typo_still_finds_and_says_what_it_searched_for(app: App,
                                                               chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/search advertsing")
    assert "BrightWave Digital" in said.text
    assert "instead of “advertsing”" in said.text


async def test_search_then_free_text(app: App, chat: Transcript) -> None:
    await market(app)
    await chat.say("alice", "/search")
    said = await chat.say("alice", "warehouse")
    assert "Blue Harbor Logistics" in said.text


async def test_a_word_that_matches_nothing_says_so_and_offers_browsing(
        app: App, chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/search quantumwidgets")
    assert "Nothing in the market matches “quantumwidgets”" in said.text
    assert said.last.labels == ["Browse categories"]
    said = await chat.say("alice", "logistics")  # still on the question: words are taken
    assert "Blue Harbor Logistics" in said.text
    await chat.say("alice", "/search quantumwidgets")
    said = await chat.press("alice", "Browse categories")
    assert "Advertising agency (1)" in said.last.labels


async def test_only_listed_providers_are_found_or_counted(app: App, chat: Transcript,
                                                         clock) -> None:  # noqa: ANN001
    await market(app)
    gone = await factories.provider(app, None, "Zephyr Suspended", ("advertising",))
    revoked = await factories.provider(app, None, "Zephyr Revoked", ("advertising",))
    later = await factories.provider(app, None, "Zephyr Later", ("advertising",))
    await set_provider(app, gone, status=ProviderStatus.SUSPENDED)
    await set_provider(app, later, suspended_until=clock.now + timedelta(days=3))
    await revoke(app, revoked)
    await reindex(app)
    said = await chat.say("alice", "/search zephyr")
    assert "Nothing in the market matches" in said.text
    assert "Advertising agency (1)" in (await chat.say("alice", "/search")).last.labels
    clock.advance(days=4)  # the suspension is over: listed again, without any job running
    assert "Zephyr Later" in (await chat.say("alice", "/search zephyr")).text
    clock.advance(days=366)  # every certification has expired
    said = await chat.say("alice", "/search")
    assert "Advertising agency (0)" in said.last.labels
    assert "Nothing" in (await chat.say("alice", "/search advertising")).text


async def test_filters_narrow_and_loosen_the_results(app: App, chat: Transcript) -> None:
    ids = await market(app)
    carol = await factories.merchant(app, "carol", shop="Carol Shop")
    await evaluate(app, ids["harbor"], carol, 5, "Fast")
    await evaluate(app, ids["bright"], carol, 2, "Slow")
    await reindex(app)
    said = await chat.say("alice", "/search warehouse ads")
    assert "Nothing" in said.text  # both words must match
    await chat.say("alice", "/search")
    said = await chat.press("alice", "Advertising agency (1)")
    said = await chat.press("alice", "Market: Any")
    assert "which market" in said.text
    said = await chat.press("alice", "Southeast Asia")
    assert "No provider matches these filters" in said.text
    said = await chat.press("alice", "Market: Southeast Asia")
    said = await chat.press("alice", "Any")
    assert "BrightWave Digital" in said.text
    said = await chat.press("alice", "Rating: Any")
    said = await chat.press("alice", "≥ 4 ★")
    assert "BrightWave" not in said.text and "Rating: ≥ 4" in said.labels


async def test_language_and_accepting_filters(app: App, chat: Transcript) -> None:
    ids = await market(app)
    await factories.provider(app, None, "Quiet Ads", ("advertising",), languages=("de",))
    await reindex(app)
    await chat.say("alice", "/search advertising")
    said = await chat.press("alice", "Language: Any")
    said = await chat.press("alice", "German")
    assert "Quiet Ads" in said.text and "BrightWave" not in said.text
    said = await chat.press("alice", "Language: German")
    said = await chat.press("alice", "Any")
    await set_provider(app, ids["bright"], accepting_clients=False)
    await reindex(app)
    said = await chat.press("alice", "Accepting new clients")
    assert "Quiet Ads" in said.text and "BrightWave" not in said.text
    assert "✓ Accepting new clients" in said.labels


async def test_results_come_five_a_page_and_paging_edits_the_message(
        app: App, chat: Transcript) -> None:
    await market(app)
    for n in range(7):
        await factories.provider(app, None, f"Ads House {n}", ("advertising",))
    await reindex(app)
    said = await chat.say("alice", "/search advertising")
    assert "Page 1 of" in said.text and "Next ›" in said.labels
    assert sum(label[0].isdigit() for label in said.labels) == 5
    replies = await press_raw(chat, "alice", "Next ›")
    assert replies[0].replace and "Page 2 of" in replies[0].text
    assert "6. " in replies[0].text and "Next ›" not in [b.label for r in replies[0].buttons
                                                       for b in r]
    replies = await press_raw(chat, "alice", "‹ Previous")
    assert replies[0].replace and "Page 1 of" in replies[0].text


async def test_ordering_by_newest_and_by_rating(app: App, chat: Transcript, clock) -> None:  # noqa: ANN001
    await market(app)
    clock.advance(days=1)
    newest = await factories.provider(app, None, "Fresh Ads", ("advertising",))
    await evaluate(app, newest, await factories.merchant(app, "dan", shop="Dan"), 5, "Great")
    await reindex(app)
    await chat.say("alice", "/search advertising")
    said = await chat.press("alice", "Sort: newest")
    assert said.text.index("Fresh Ads") < said.text.index("BrightWave")
    assert "✓ Sort: newest" in said.labels
    said = await chat.press("alice", "Sort: rating")
    assert said.text.index("Fresh Ads") < said.text.index("BrightWave")


async def test_free_text_on_the_result_list_is_a_new_search(app: App,
                                                           chat: Transcript) -> None:
    await market(app)
    await chat.say("alice", "/search advertising")
    said = await chat.say("alice", "the second one please")
    assert "Nothing in the market matches “the second one please”" in said.text
    said = await chat.say("alice", "/search advertising")
    said = await chat.say("alice", "1")  # a number still picks the numbered result
    assert said.last.text.startswith("*BrightWave Digital*")


async def test_forged_and_stale_search_buttons_are_refused(app: App, chat: Transcript) -> None:
    await market(app)
    said = await chat.forge("alice", "search:page:1")  # no search under way
    assert "no longer valid" in said.text
    await chat.say("alice", "/search advertising")
    for payload in ("search:page:999", "search:page:-1", "search:set:mk:XX", "search:o:cheap",
                    "search:cat:nope", "search:page:x"):
        said = await chat.forge("alice", payload)
        assert "no longer valid" in said.text, payload
    said = await chat.press("alice", "Sort: newest")  # the list still works
    assert "BrightWave Digital" in said.text


async def test_a_guest_is_asked_to_register_first(app: App, chat: Transcript) -> None:
    await market(app)
    said = await chat.say("guest", "/search advertising")
    assert "Please register first" in said.text


async def test_a_query_past_the_limit_is_refused_and_the_question_stays(
        app: App, chat: Transcript) -> None:
    await market(app)
    await chat.say("alice", "/search")
    said = await chat.say("alice", "x" * 101)
    assert "100 characters" in said.text
    said = await chat.say("alice", "advertising")
    assert "BrightWave Digital" in said.text


async def test_filters_add_up_and_the_page_survives_a_stray_message(app: App,
                                                                   chat: Transcript) -> None:
    await market(app)
    for n in range(7):
        await factories.provider(app, None, f"Ads House {n}", ("advertising",),
                                 markets=("US", "UK"), languages=("en",))
    await factories.provider(app, None, "UK Only Ads", ("advertising",), markets=("UK",),
                             languages=("de",))
    await reindex(app)
    await chat.say("alice", "/search advertising")
    await chat.press("alice", "Market: Any")
    said = await chat.press("alice", "United States")
    assert "UK Only Ads" not in said.text
    await chat.press("alice", "Language: Any")
    said = await chat.press("alice", "English")
    assert "Market: United States" in said.labels and "Language: English" in said.labels
    said = await chat.press("alice", "Sort: newest")
    assert {"Market: United States", "Language: English", "✓ Sort: newest"} <= set(said.labels)
    said = await chat.press("alice", "Next ›")
    assert "Page 2 of" in said.text
    first = said.last.labels[0]
    said = await chat.press("alice", first)
    assert said.last.labels[-1] == "‹ Back to results"
    said = await chat.press("alice", "‹ Back to results")
    assert "Page 2 of" in said.last.text and "Market: United States" in said.last.labels
    assert "✓ Sort: newest" in said.last.labels
    assert "6. " in said.last.text and "UK Only Ads" not in said.last.text
