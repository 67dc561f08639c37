"""Moving around forms: Back keeps the answers, a command mid-form asks Continue / Leave,
/help fits who is asking and whether a form is open."""

from bot.app import App
from tests.scripts import MERCHANT
from tests.transcript import Transcript


async def test_back_returns_to_the_previous_step_with_the_answers_kept(chat: Transcript) -> None:
    await chat.run("alice", "/start", "> I'm a merchant", "Alice Beauty Store", "> United States")
    said = await chat.press("alice", "Done")
    assert "main product category" in said.text and "‹ Back" in said.last.labels
    said = await chat.press("alice", "‹ Back")
    assert "Which markets" in said.text
    assert "✓ United States" in said.last.labels  # the answer is still there
    said = await chat.press("alice", "‹ Back")
    assert "What is your shop called?" in said.text
    said = await chat.press("alice", "‹ Back")
    assert "Which are you?" in said.text and "‹ Back" not in said.last.labels
    said = await chat.press("alice", "I'm a merchant")
    said = await chat.say("alice", "Alice Beauty Store")
    assert "✓ United States" in said.last.labels


async def test_back_and_cancel_in_chinese(chat: Transcript) -> None:
    await chat.say("li", "/start", lang="zh")
    said = await chat.press("li", "我是商家")
    assert said.last.labels == ["‹ 上一步", "取消"]
    said = await chat.press("li", "‹ 上一步")
    assert "请选择您的身份" in said.text
    said = await chat.press("li", "取消")
    assert "已取消" in said.text
    said = await chat.say("li", "随便说点")
    assert "/help" in said.text


async def test_a_command_mid_form_asks_before_leaving(chat: Transcript, app: App) -> None:
    await chat.run("alice", "/start", "> I'm a merchant", "Alice Beauty Store")
    said = await chat.say("alice", "/search")
    assert "middle of a form" in said.text
    assert said.last.labels == ["Continue the form", "Leave"]
    said = await chat.press("alice", "Continue the form")
    assert "Which markets" in said.text
    await chat.say("alice", "/search")
    said = await chat.press("alice", "Leave")
    assert "Please register first" in said.text  # refused, but the form is left all the same
    said = await chat.say("alice", "/start")
    assert "Which are you?" in said.text  # the form was left: nothing was saved


async def test_a_command_mid_form_in_chinese_and_cancel_never_asks(chat: Transcript) -> None:
    await chat.say("li", "/start", lang="zh")
    await chat.press("li", "我是商家")
    said = await chat.say("li", "/profile")
    assert "要离开并执行 /profile 吗" in said.text
    assert said.last.labels == ["继续填写", "离开"]
    said = await chat.press("li", "离开")
    assert "发送 /start 注册" in said.text
    await chat.say("li", "/start")
    said = await chat.say("li", "/cancel")
    assert "已取消" in said.text


async def test_answering_the_form_instead_drops_the_question(chat: Transcript) -> None:
    await chat.run("alice", "/start", "> I'm a merchant")
    await chat.say("alice", "/bindings")
    said = await chat.say("alice", "Alice Beauty Store")
    assert "Which markets" in said.text
    said = await chat.forge("alice", "nav:leave")
    assert "no longer valid" in said.text


async def test_help_for_guests_shows_only_guest_things(chat: Transcript) -> None:
    said = await chat.say("guest", "/help")
    assert "Send /start to register" in said.text
    assert "/profile" not in said.text and "/report" not in said.text
    assert "/search" not in said.text and "/language" in said.text
    said = await chat.say("li", "/help", lang="zh")
    assert "发送 /start 注册" in said.text and "/profile" not in said.text


async def test_help_for_operators_does_not_ask_them_to_register(chat: Transcript) -> None:
    said = await chat.say("ops", "/help")
    assert "platform operator" in said.text and "/start" not in said.text
    assert "/cases" in said.text and "/review" in said.text
    said = await chat.say("ops2", "/help", lang="zh")
    assert "平台运营" in said.text and "/start" not in said.text


async def test_viewing_results_is_not_a_form(chat: Transcript) -> None:
    await chat.run("alice", *MERCHANT, "> Over $1M")
    await chat.say("alice", "/search advertising")
    said = await chat.say("alice", "/help")
    assert "middle of a form" not in said.text
    said = await chat.say("alice", "/bindings")
    assert "Leave" not in said.labels  # no Continue / Leave for results
