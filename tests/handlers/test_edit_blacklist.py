"""/blacklist: operators see, add and remove entries with a reason; every change is audited,
and a respelled company name or e-mail is still refused at registration."""

from sqlalchemy import select

from bot.app import App
from domain.models import AuditEntry
from tests import factories
from tests.sanctioning import report, uphold
from tests.transcript import Transcript

START = ("/start", "> I'm a service provider")


async def _audit(app: App) -> list[tuple[str, str, str | None]]:
    async with app.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(AuditEntry).where(
            AuditEntry.action.like("blacklist.%")).order_by(AuditEntry.id))).all()
        return [(r.action, r.subject, r.reason) for r in rows]


async def test_an_expelled_company_respelled_is_still_refused(chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob", email="ads@brightwave.example")
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Expel")
    said = await chat.run("mallory", *START, "BRIGHTWAVE DIGITAL CO., LTD.")
    assert "expelled from the market and cannot register again" in said.text
    said = await chat.say("mallory", "Bright Wave-Digital Limited")
    assert "expelled from the market and cannot register again" in said.text


async def test_operators_add_and_remove_entries_with_a_reason(chat: Transcript, app: App) -> None:
    said = await chat.say("ops", "/blacklist")
    assert "The blacklist is empty." in said.text
    said = await chat.run("ops", "> Add a company name", "Shady Traders Co., Ltd.")
    assert "Why is “Shady Traders Co., Ltd.” blacklisted?" in said.text
    said = await chat.say("ops", "Known fraud ring, see case R-000017.")
    assert "Blacklisted as entry #1: Shady Traders Co., Ltd." in said.text
    said = await chat.run("mallory", *START, "shady traders limited")
    assert "cannot register again" in said.text
    said = await chat.run("ops", "/blacklist", "> Add a company name", "SHADY TRADERS",
                          "Same company again, twice.")
    assert "already blacklisted as entry #1" in said.text

    said = await chat.run("ops", "/blacklist")  # the refused entry left the form open
    assert said.labels == ["Continue the form", "Leave"]
    said = await chat.press("ops", "Leave")
    assert "#1 company: Shady Traders Co., Ltd. — Known fraud ring" in said.text
    said = await chat.run("ops", "> Remove #1", "Cleared by the court on appeal.")
    assert "Entry #1 (Shady Traders Co., Ltd.) is removed from the blacklist." in said.text
    said = await chat.say("mallory", "Shady Traders Ltd")
    assert "cannot register again" not in said.text
    assert await _audit(app) == [
        ("blacklist.add", "blacklist:1", "Known fraud ring, see case R-000017."),
        ("blacklist.remove", "blacklist:1", "Cleared by the court on appeal.")]


async def test_the_blacklist_is_for_operators_and_speaks_chinese(chat: Transcript) -> None:
    await factories.merchant(chat.console.app, "alice")
    said = await chat.say("alice", "/blacklist")
    assert "Blacklist" not in said.text
    said = await chat.say("ops", "/blacklist", lang="zh")
    assert "黑名单为空。" in said.text and said.labels == ["添加公司名称", "添加邮箱"]


# Compatibility characters that NFKC spells out at length: ㍿ is 株式会社, ﷺ eighteen letters.
# A company name within its 80 characters, blacklisted on expulsion, normalized to more than
# the blacklist's 254, made PostgreSQL refuse the entry: expelling the provider was an
# internal error, and the provider stayed on the market.
LONG_WHEN_NORMALIZED = "㍿" * 70


async def test_a_name_that_normalizes_beyond_the_column_is_still_blacklisted(
        chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob", name=LONG_WHEN_NORMALIZED)
    await report(app, "carol", provider_id)
    said = await uphold(chat, "ops", "Expel")
    assert "Something went wrong" not in said.text and "R-000001" in said.text
    said = await chat.run("mallory", *START, LONG_WHEN_NORMALIZED)
    assert "expelled from the market and cannot register again" in said.text
    said = await chat.run("ops", "/blacklist", "> Add a company name", "ﷺ" * 80)
    said = await chat.say("ops", "Known fraud ring, see case R-000017.")
    assert "Blacklisted as entry #3" in said.text
    said = await chat.run("dave", *START, "ﷺ" * 80)
    assert "cannot register again" in said.text
