"""Evaluating a provider from /bindings: three scores, a comment, once per binding, editable."""

from sqlalchemy import func, select

from bot.app import App
from domain.models import Evaluation
from tests import factories
from tests.clock import Clock
from tests.handlers.binding_flow import bound, parties, request
from tests.transcript import Transcript


async def evaluations(app: App) -> list[tuple[int, int, int, str, int]]:
    async with app.unit_of_work() as uow:
        return [(e.quality, e.communication, e.timeliness, e.comment, e.provider_id)
                for e in (await uow.session.scalars(select(Evaluation))).all()]


async def test_a_merchant_evaluates_and_the_provider_is_told(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.say("alice", "/bindings")
    said = await chat.press("alice", "Evaluate #1")
    assert "Quality of the work: 1 (poor) to 5 (excellent)?" in said.text
    assert said.last.labels == ["1", "2", "3", "4", "5", "Cancel"]
    said = await chat.run("alice", "> 4", "> 5", "> 3")
    assert "Add a comment" in said.text and said.last.labels == ["Skip", "‹ Back", "Cancel"]
    said = await chat.say("alice", "Fast and clear reporting, a few delays.")
    assert "Quality 4/5 · Communication 5/5 · Timeliness 3/5" in said.text
    said = await chat.press("alice", "Confirm")
    assert "Your evaluation of BrightWave Digital is published" in said.to("alice").text
    assert "Alice Beauty Store evaluated you: quality 4/5" in said.to("bob").text
    assert said.to("bob").last.labels == ["Answer publicly"]
    assert await evaluations(app) == [(4, 5, 3, "Fast and clear reporting, a few delays.", pid)]


async def test_a_number_typed_answers_the_score_buttons(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.forge("alice", "eval:new:1")
    said = await chat.say("alice", "5")
    assert "Communication with BrightWave Digital: 1 to 5?" in said.text


async def test_free_text_at_a_score_keeps_the_question(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.forge("alice", "eval:new:1")
    said = await chat.say("alice", "very good")
    assert "Please choose one of the buttons" in said[0].text
    assert "Quality of the work" in said.last.text
    said = await chat.forge("alice", "eval:s:9")
    assert "That button is no longer valid" in said.text


async def test_a_comment_too_long_is_refused_and_the_step_stays(chat: Transcript,
                                                                app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.forge("alice", "eval:new:1")
    await chat.run("alice", "> 4", "> 4", "> 4")
    said = await chat.say("alice", "x" * 1001)
    assert "Too long: the comment takes at most 1,000 characters (you sent 1,001)" in said.text
    said = await chat.press("alice", "Skip")
    assert "Comment: —" in said.text
    await chat.press("alice", "Confirm")
    assert await evaluations(app) == [(4, 4, 4, "", pid)]


async def test_evaluating_again_edits_the_one_evaluation(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.forge("alice", "eval:new:1")
    await chat.run("alice", "> 2", "> 2", "> 2", "> Skip", "> Confirm")
    said = await chat.say("alice", "/bindings")
    assert said.last.labels == ["Edit evaluation #1", "Revoke #1"]
    said = await chat.press("alice", "Edit evaluation #1")
    assert "your new answers will replace the old ones" in said.text
    said = await chat.run("alice", "> 5", "> 5", "> 4", "> Skip", "> Confirm")
    assert "changed their evaluation: quality 5/5" in said.to("bob").text
    assert await evaluations(app) == [(5, 5, 4, "", pid)]


async def test_cancel_publishes_nothing(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.forge("alice", "eval:new:1")
    said = await chat.run("alice", "> 1", "> 1", "> 1", "> Skip", "> Cancel")
    assert said.text == "Cancelled: nothing was published."
    assert await evaluations(app) == []


async def test_a_request_never_accepted_gives_no_right_to_evaluate(chat: Transcript,
                                                                   app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    said = await chat.forge("alice", "eval:new:1")
    assert "Only a merchant with an active binding, or one that ended within 90 days" \
        in said.text


async def test_someone_elses_binding_cannot_be_evaluated(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await factories.merchant(app, "mallory", shop="Fake Reviews Inc")
    await bound(chat, pid)
    said = await chat.forge("mallory", "eval:new:1")
    assert said.text == "That binding was not found among yours."
    said = await chat.forge("mallory", "eval:yes")
    assert "That button is no longer valid" in said.text
    assert await evaluations(app) == []


async def test_ended_within_the_window_may_evaluate_then_not(chat: Transcript, app: App,
                                                             clock: Clock) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    clock.advance(days=30 + 89)
    said = await chat.forge("alice", "eval:new:1")
    assert "Quality of the work" in said.text
    await chat.run("alice", "> 3", "> 3")
    clock.advance(days=2)
    said = await chat.run("alice", "> 3", "> Skip", "> Confirm")
    assert "Only a merchant with an active binding" in said.text
    assert await evaluations(app) == []
    said = await chat.say("alice", "/bindings")
    assert said.labels == ["Continue the form", "Leave"]
    said = await chat.press("alice", "Leave")
    assert said.labels == []


async def test_one_evaluation_row_per_binding(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    for score in ("> 1", "> 5"):
        await chat.forge("alice", "eval:new:1")
        await chat.run("alice", score, score, score, "> Skip", "> Confirm")
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Evaluation)) == 1
