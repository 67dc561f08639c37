"""A provider answers an evaluation once, publicly; the merchant is told."""

from sqlalchemy import select

from bot.app import App
from domain.models import Evaluation
from tests import factories
from tests.handlers.binding_flow import bound, parties
from tests.transcript import Transcript


async def evaluated(chat: Transcript, app: App) -> int:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.forge("alice", "eval:new:1")
    await chat.run("alice", "> 4", "> 4", "> 4", "Good campaign results overall.", "> Confirm")
    return pid


async def answer_of(app: App) -> str | None:
    async with app.unit_of_work() as uow:
        return await uow.session.scalar(select(Evaluation.answer))


async def test_the_provider_answers_once_publicly(chat: Transcript, app: App) -> None:
    await evaluated(chat, app)
    said = await chat.press("bob", "Answer publicly")
    assert "You can answer only once" in said.text
    said = await chat.say("bob", "Thank you, glad it worked!")
    assert said.to("bob").text == "Your answer is published."
    assert said.to("alice").text == \
        "BrightWave Digital answered your evaluation: Thank you, glad it worked!"
    assert await answer_of(app) == "Thank you, glad it worked!"


async def test_a_second_answer_is_refused(chat: Transcript, app: App) -> None:
    await evaluated(chat, app)
    await chat.run("bob", "> Answer publicly", "Thank you!")
    said = await chat.forge("bob", "evans:new:1")
    assert "already has your answer" in said.text
    assert await answer_of(app) == "Thank you!"


async def test_bindings_offers_the_answer_until_given(chat: Transcript, app: App) -> None:
    await evaluated(chat, app)
    said = await chat.say("bob", "/bindings")
    assert said.last.labels == ["Answer evaluation #1", "End #1"]
    await chat.run("bob", "> Answer evaluation #1", "Thanks a lot.")
    said = await chat.say("bob", "/bindings")
    assert said.labels == ["End #1"]


async def test_an_empty_or_too_long_answer_keeps_the_step(chat: Transcript, app: App) -> None:
    await evaluated(chat, app)
    await chat.press("bob", "Answer publicly")
    said = await chat.say("bob", "y" * 1001)
    assert "Too long: the answer takes at most 1,000 characters" in said.text
    said = await chat.say("bob", "Thanks")
    assert said.to("bob").text == "Your answer is published."


async def test_someone_elses_evaluation_cannot_be_answered(chat: Transcript, app: App) -> None:
    await evaluated(chat, app)
    await factories.provider(app, "mallory", name="Shady Growth Ltd")
    said = await chat.forge("mallory", "evans:new:1")
    assert said.text == "That evaluation was not found among yours."
    said = await chat.forge("alice", "evans:new:1")
    assert "Only service providers can do that" in said.text
    assert await answer_of(app) is None


async def test_the_answer_shows_on_the_card_under_the_evaluation(chat: Transcript,
                                                                 app: App) -> None:
    pid = await evaluated(chat, app)
    await chat.run("bob", "> Answer publicly", "Thank you, glad it worked!")
    said = await chat.say("carol", f"/start p_{pid}")  # anyone, through the shared link
    assert "★ 4.0 · 2026-11-02 — Good campaign results overall.\n" \
        "   Provider's answer: Thank you, glad it worked!" in said.text
