"""What the core does with bad input: unknown commands, forged payloads, repeated updates."""

from sqlalchemy import func, select

from bot.app import App
from domain.models import Account, Merchant
from tests.scripts import MERCHANT, STALE
from tests.transcript import Transcript


async def test_unknown_command_names_it_and_keeps_the_form(chat: Transcript) -> None:
    await chat.run("alice", "/start", "> I'm a merchant")
    said = await chat.say("alice", "/frobnicate")
    assert "Unknown command /frobnicate" in said[0].text
    assert "What is your shop called?" in said.last.text
    said = await chat.say("alice", "Alice Beauty Store")
    assert "Which markets" in said.text


async def test_unknown_command_in_chinese(chat: Transcript) -> None:
    said = await chat.say("li", "/frobnicate", lang="zh")
    assert "未知命令 /frobnicate" in said.text


async def test_forged_payloads_get_a_clear_answer(chat: Transcript) -> None:
    for payload in ("nope:1", "start:role:admin", "start:gmv:999", "lang:fr", "", "start"):
        said = await chat.forge("alice", payload)
        assert said.text == STALE


async def test_a_repeated_update_is_processed_once(chat: Transcript, app: App) -> None:
    await chat.run("alice", *MERCHANT)
    first = await chat.press("alice", "Over $1M", key="update-42")
    assert "All set" in first.text
    again = await chat.say("alice", "/start", key="update-42")
    assert again == []
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Merchant)) == 1


async def test_free_text_outside_a_form_points_to_help(chat: Transcript) -> None:
    said = await chat.say("alice", "hello there")
    assert "Send /help" in said.text


async def test_cancel_leaves_the_form_and_saves_nothing(chat: Transcript, app: App) -> None:
    await chat.run("alice", "/start", "> I'm a merchant", "Alice Beauty Store")
    said = await chat.say("alice", "/cancel")
    assert "Cancelled" in said.text
    said = await chat.say("alice", "United States")
    assert "Send /help" in said.text
    async with app.unit_of_work() as uow:
        account = await uow.session.scalar(select(Account).where(Account.platform_id == "alice"))
        assert account is not None and account.role is None


async def test_help_in_a_form_keeps_the_form(chat: Transcript) -> None:
    await chat.run("alice", "/start", "> I'm a merchant")
    said = await chat.say("alice", "/help")
    assert "/cancel" in said.text and "middle of a form" in said.text
    said = await chat.say("alice", "Alice Beauty Store")
    assert "Which markets" in said.text


async def test_help_lists_merchant_commands_for_merchants_only(chat: Transcript) -> None:
    guest = await chat.say("guest", "/help")
    assert "Send /start to register" in guest.text


async def test_language_switch_overrides_the_client_language(chat: Transcript) -> None:
    await chat.say("alice", "/language")
    said = await chat.press("alice", "简体中文")
    assert said[0].text == "已切换为简体中文。"
    said = await chat.say("alice", "/start", lang="en")
    assert "请选择您的身份" in said.text
