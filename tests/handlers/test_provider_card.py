"""The provider card: contents, evaluations, sharing by deep link, and unavailable providers."""

from bot.app import App
from domain.models import ProviderStatus
from tests import factories
from tests.handlers.market_setup import (
    evaluate,
    feature,
    market,
    press_raw,
    reindex,
    revoke,
    set_provider,
)
from tests.transcript import Transcript


async def _rated(app: App, provider_id: int, count: int) -> None:
    merchant = await factories.merchant(app, "carol", shop="Carol Shop")
    for n in range(count):
        await evaluate(app, provider_id, merchant, 4 if n % 2 else 5, f"Review {n}",
                       days_ago=count - n)


async def test_the_card_shows_everything_a_merchant_needs(app: App, chat: Transcript) -> None:
    ids = await market(app)
    await _rated(app, ids["bright"], 4)
    await feature(app, ids["bright"], "advertising")
    await chat.say("alice", "/search advertising")
    said = await chat.press("alice", "1. BrightWave Digital")
    card = said.last
    assert card.text.startswith("*BrightWave Digital*  🏅 Featured, November 2026")
    assert "Certified in: Advertising agency" in card.text
    assert "Rating: ★ 4.5 (4 evaluations)" in card.text
    assert "Markets: United States" in card.text
    assert "Languages: English, Chinese" in card.text
    assert "We run TikTok and Meta ad campaigns" in card.text
    assert "Review 3" in card.text and "Review 1" in card.text and "Review 0" not in card.text
    assert card.buttons == [["Request binding", "All evaluations"], ["Ask a question"],
                            ["Report", "Share"], ["☆ Save"], ["‹ Back to results"]]


async def test_a_card_in_chinese_without_evaluations(app: App, chat: Transcript) -> None:
    await market(app)
    await factories.merchant(app, "li", shop="李氏美妆", language="zh")
    await chat.say("li", "/search 广告", lang="zh")
    said = await chat.press("li", "1. BrightWave Digital")
    assert "认证类目：广告代理" in said.text and "暂无评价" in said.text
    assert "优质服务商" not in said.text


async def test_all_evaluations_come_in_pages_that_edit_the_message(app: App,
                                                                  chat: Transcript) -> None:
    ids = await market(app)
    await _rated(app, ids["bright"], 7)
    await chat.say("alice", "/search advertising")
    await chat.press("alice", "1. BrightWave Digital")
    said = await chat.press("alice", "All evaluations")
    assert "7 in all, page 1 of 2" in said.text and "Review 6" in said.text
    replies = await press_raw(chat, "alice", "Next ›")
    assert replies[0].replace and "page 2 of 2" in replies[0].text
    assert "Review 0" in replies[0].text


async def test_share_gives_a_deep_link_that_opens_the_card(app: App, chat: Transcript) -> None:
    ids = await market(app)
    await chat.say("alice", "/search advertising")
    await chat.press("alice", "1. BrightWave Digital")
    said = await chat.press("alice", "Share")
    link = f"/start p_{ids['bright']}"
    assert link in said.text
    said = await chat.say("dora", link)  # anyone, even before registering
    assert "*BrightWave Digital*" in said.text


async def test_a_suspended_expelled_or_unknown_provider_is_not_available(
        app: App, chat: Transcript) -> None:
    ids = await market(app)
    await set_provider(app, ids["bright"], status=ProviderStatus.SUSPENDED)
    await set_provider(app, ids["harbor"], status=ProviderStatus.EXPELLED)
    for pid in (ids["bright"], ids["harbor"], 999999):
        said = await chat.forge("alice", f"card:show:{pid}")
        assert "not available in the market" in said.text, pid
    for pid in (10**20, 2**31, 0, "²", "-1"):  # beyond what an id column holds: stale
        said = await chat.forge("alice", f"card:show:{pid}")
        assert "no longer valid" in said.text, pid
    said = await chat.say("alice", f"/start p_{ids['bright']}")
    assert "not available" in said.text
    said = await chat.say("alice", "/start p_abc")
    assert "not available" in said.text


async def test_a_card_opened_before_a_certification_was_revoked_goes_unavailable(
        app: App, chat: Transcript) -> None:
    ids = await market(app)
    await chat.say("alice", "/search logistics")
    await revoke(app, ids["harbor"])
    await reindex(app)
    said = await chat.press("alice", "1. Blue Harbor Logistics")
    assert "not available" in said.text
    said = await chat.forge("alice", f"card:ev:{ids['harbor']}:0")
    assert "not available" in said.text


async def test_forged_card_payloads_are_refused(app: App, chat: Transcript) -> None:
    ids = await market(app)
    for payload in ("card:ev:x:0", f"card:evp:{ids['bright']}:5", "card:nope:1",
                    f"card:evp:{ids['bright']}:-1"):
        said = await chat.forge("alice", payload)
        assert "no longer valid" in said.text, payload


async def test_a_suspension_that_has_run_out_lists_the_provider_again(
        app: App, chat: Transcript, clock) -> None:  # noqa: ANN001
    from datetime import timedelta

    ids = await market(app)
    await set_provider(app, ids["harbor"], status=ProviderStatus.SUSPENDED,
                       suspended_until=clock.now + timedelta(days=7))
    await reindex(app)
    said = await chat.forge("alice", f"card:show:{ids['harbor']}")
    assert "not available" in said.text
    assert "Nothing" in (await chat.say("alice", "/search blue harbor")).text
    clock.advance(days=8)  # no job has lifted it yet: the end date alone decides
    said = await chat.forge("alice", f"card:show:{ids['harbor']}")
    assert "*Blue Harbor Logistics*" in said.text
    assert "Blue Harbor Logistics" in (await chat.say("alice", "/search blue harbor")).text


async def test_one_evaluation_reads_in_the_singular_and_the_list_leads_back(
        app: App, chat: Transcript) -> None:
    ids = await market(app)
    await _rated(app, ids["bright"], 1)
    said = await chat.say("alice", f"/start p_{ids['bright']}")
    assert "Rating: ★ 5.0 (1 evaluation)" in said.text
    said = await chat.press("alice", "All evaluations")
    assert "1 in all, page 1 of 1" in said.text and said.labels == ["‹ Back to the card"]
    replies = await press_raw(chat, "alice", "‹ Back to the card")
    assert replies[0].replace and replies[0].text.startswith("*BrightWave Digital*")


async def test_chinese_card_lists_with_the_enumeration_comma(app: App, chat: Transcript) -> None:
    pid = await factories.provider(app, None, "Twin Ads", ("advertising", "influencer"),
                                   markets=("US", "UK"), languages=("en", "zh"))
    await factories.merchant(app, "li", shop="李氏美妆", language="zh")
    said = await chat.say("li", f"/start p_{pid}", lang="zh")
    assert "认证类目：广告代理、达人营销" in said.text
    assert "服务市场：美国、英国" in said.text and "服务语言：英语、中文" in said.text
