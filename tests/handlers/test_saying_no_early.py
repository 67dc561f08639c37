"""Saying no early: the report quota before anything is typed (with when it frees up), the
evidence step's minimum, links sorted into kept and named."""

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from domain.models import Report
from tests import factories
from tests.clock import Clock
from tests.handlers.test_file_report import file_one, parties, to_evidence
from tests.transcript import Said, Transcript


async def _five_reports(app: App, chat: Transcript, clock: Clock) -> str:
    """Five reports an hour apart; returns when the sixth becomes possible (UTC)."""
    pids = [await factories.provider(app, None, name=f"Agency {n}") for n in range(5)]
    for pid in pids:
        assert "is filed" in await file_one(chat, pid)
        clock.advance(hours=1)
    async with app.unit_of_work() as uow:
        first = await uow.session.scalar(select(Report.created_at).order_by(Report.id))
    assert first is not None
    return (first + timedelta(days=1)).strftime("%Y-%m-%d %H:%M UTC")


async def test_the_daily_limit_is_said_before_anything_is_typed(app: App, chat: Transcript,
                                                                clock: Clock) -> None:
    await factories.merchant(app, "alice")
    nxt = await _five_reports(app, chat, clock)
    said = await chat.say("alice", "/report")
    assert "You have filed 5 reports in the last 24 hours" in said.text
    assert f"Your next report is possible from {nxt}." in said.text
    assert "Which provider" not in said.text


async def test_the_daily_limit_in_chinese(app: App, chat: Transcript, clock: Clock) -> None:
    await factories.merchant(app, "alice")
    nxt = await _five_reports(app, chat, clock)
    said = await chat.say("alice", "/report BrightWave", lang="zh")
    assert f"您在 24 小时内已提交 5 条举报，已达上限。下一次可举报的时间：{nxt}。" == said.text


async def test_the_evidence_step_says_one_item_is_needed(app: App, chat: Transcript) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"report:new:{pid}")
    await chat.press("alice", "Claims to be an official or exclusive partner")
    said = await chat.say("alice", "They said they are TikTok's official partner and asked.")
    assert "at least one item is needed" in said.text
    said = await chat.press("alice", "Done")
    assert "Evidence is required" in said.text


async def _to_evidence_in_chinese(app: App, chat: Transcript, user: str) -> Said:
    """A Chinese-speaking merchant's report, up to the evidence step."""
    await factories.merchant(app, user, language="zh")
    pid = await factories.provider(app, "bob")
    await chat.say(user, "/help", lang="zh")
    await chat.forge(user, f"report:new:{pid}")
    await chat.press(user, "冒充官方或独家合作")
    return await chat.say(user, "他们自称是 TikTok 官方合作伙伴并要求支付入驻费用，这是虚假的。")


async def test_the_evidence_minimum_in_chinese(app: App, chat: Transcript) -> None:
    said = await _to_evidence_in_chinese(app, chat, "li")
    assert "至少需要 1 项" in said.text


async def test_several_links_keep_the_valid_and_name_the_invalid(app: App,
                                                                 chat: Transcript) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    said = await chat.say("alice", "https://a.example/1 ftp://nope www.bad https://b.example/2")
    assert "Kept 2 of the links" in said.text
    assert "“ftp://nope”, “www.bad”" in said.text
    assert "Added (2 of at most" in said.last.text
    said = await chat.press("alice", "Done")
    assert "https://a.example/1, https://b.example/2" in said.text


async def test_invalid_links_named_in_chinese(app: App, chat: Transcript) -> None:
    await _to_evidence_in_chinese(app, chat, "alice")
    said = await chat.say("alice", "https://a.example/1 坏链接 nope")
    assert "已保留 1 个链接" in said.text and "“坏链接”、“nope”" in said.text


async def test_counts_read_naturally(app: App, chat: Transcript) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    said = await chat.say("alice", "https://a.example/1 nope")
    assert "Kept 1 link. These are not web links" in said.text
    await chat.press("alice", "‹ Back")
    said = await chat.say("alice", "x" * 2100)
    assert "takes at most 2,000 characters (you sent 2,100)" in said.text
    said = await chat.say("alice", "x" * 2100, lang="zh")
    assert "2,000" in said.text and "2,100" in said.text
