"""Enquiries before binding: ask on a card, the provider's members answer in chat, both see
the thread in /enquiries; first-answer time recorded; rate limit; unavailable providers."""

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from domain.models import Enquiry, ProviderStatus
from domain.services.enquiries import QUESTIONS_PER_DAY, Enquiries
from tests.clock import Clock
from tests.handlers.market_setup import market, set_provider
from tests.transcript import Transcript

QUESTION = "Do you run TikTok Shop ads for beauty brands in the US?"


async def test_ask_answer_and_the_thread(app: App, chat: Transcript, clock: Clock) -> None:
    ids = await market(app)
    await chat.say("alice", f"/start p_{ids['bright']}")
    said = await chat.press("alice", "Ask a question")
    assert "Your question to BrightWave Digital" in said.text
    said = await chat.say("alice", "hi")
    assert "Too short" in said.text
    said = await chat.say("alice", QUESTION)
    assert "Sent to BrightWave Digital" in said.to("alice").text
    assert f"Question from Alice Beauty Store (enquiry #1):\n{QUESTION}" in said.to("bob").text
    clock.advance(hours=3)
    said = await chat.press("bob", "Answer")
    said = await chat.say("bob", "Yes, for twelve beauty brands in the US and UK; happy to share "
                                 "case studies.")
    assert "BrightWave Digital answered (enquiry #1):\nYes, for twelve" in said.to("alice").text
    said = await chat.say("alice", "/enquiries")
    assert "#1 BrightWave Digital: Yes, for twelve beauty brands in the US and UK; happy to…" \
        in said.text  # shortened at a word
    said = await chat.press("alice", "#1 BrightWave Digital")
    assert "Alice Beauty Store: Do you run" in said.text and "BrightWave Digital: Yes" in said.text
    said = await chat.say("bob", "/enquiries")
    assert "#1 Alice Beauty Store" in said.text
    async with app.unit_of_work() as uow:
        enquiry = await uow.session.scalar(select(Enquiry))
        assert enquiry is not None and enquiry.first_answer_at is not None
        assert await Enquiries(uow).response_hours(ids["bright"]) == 3.0


async def test_enquiries_in_chinese(app: App, chat: Transcript) -> None:
    ids = await market(app)
    await chat.say("bob", "/help", lang="zh")
    await chat.say("alice", f"/start p_{ids['bright']}", lang="zh")
    said = await chat.press("alice", "咨询")
    assert "请输入您要咨询 BrightWave Digital 的问题" in said.text
    said = await chat.say("alice", "请问你们做美妆类目的广告投放吗？")
    assert "来自 Alice Beauty Store 的咨询（#1）" in said.to("bob").text
    said = await chat.press("bob", "回复咨询")
    said = await chat.say("bob", "做的，我们服务过十多个美妆品牌。")
    assert "BrightWave Digital 回复了您的咨询（#1）" in said.to("alice").text
    said = await chat.say("alice", "/enquiries")
    assert "我的咨询" in said.text


async def test_limits_and_unavailable_providers(app: App, chat: Transcript) -> None:
    ids = await market(app)
    await chat.say("alice", f"/start p_{ids['bright']}")
    for n in range(QUESTIONS_PER_DAY):
        await chat.forge("alice", f"enq:new:{ids['bright']}")
        await chat.say("alice", f"{QUESTION} ({n})")
    said = await chat.forge("alice", f"enq:new:{ids['harbor']}")
    assert "You have sent 10 questions in the last 24 hours" in said.text
    await set_provider(app, ids["daren"], status=ProviderStatus.EXPELLED)
    said = await chat.forge("alice", f"enq:new:{ids['daren']}")
    assert "is not taking questions at the moment" in said.text
    said = await chat.forge("bob", "enq:re:999")
    assert "That enquiry was not found." in said.text


async def test_a_suspended_provider_cannot_be_asked(app: App, chat: Transcript,
                                                    clock: Clock) -> None:
    ids = await market(app)
    await set_provider(app, ids["harbor"], suspended_until=clock.now + timedelta(days=3))
    said = await chat.forge("alice", f"enq:new:{ids['harbor']}")
    assert said.text == "Blue Harbor Logistics is not taking questions at the moment."
