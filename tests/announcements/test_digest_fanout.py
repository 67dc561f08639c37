"""The certified digest: composed from the database, fanned out once per period."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from bot.console import Console
from domain.models import Announcement, OutboxMessage, OutboxStatus
from tests.clock import Clock

from .market import CHANNEL, MONDAY_1003, announcer, certified, followers

WARNING = ("⚠️ The platform never charges entry fees, and only certified providers are "
           "listed here. Report anyone who claims otherwise with /report.")


async def digest_market(app: App, clock: Clock) -> dict[str, int]:
    clock.now = MONDAY_1003
    ids = {"ads": await certified(app, "BrightWave Digital", ("advertising",), 2),
           "ship": await certified(app, "Blue Harbor Logistics", ("logistics",), 6.9),
           "old": await certified(app, "Old Timer Ads", ("advertising",), 8)}
    ids |= await followers(app)
    return ids


async def test_the_digest_lists_the_weeks_new_providers_with_links_and_the_warning(
        app: App, clock: Clock) -> None:
    ids = await digest_market(app, clock)
    text = await announcer(app).preview("digest")
    assert text == (
        "*Newly certified providers* — 2026-11-23 to 2026-11-29\n\n"
        "*Advertising agency*\n"
        f"• BrightWave Digital — no evaluations yet\n  https://t.me/market_bot?start=p_{ids['ads']}"
        "\n\n*Logistics and fulfilment*\n"
        "• Blue Harbor Logistics — no evaluations yet\n"
        f"  https://t.me/market_bot?start=p_{ids['ship']}\n\n" + WARNING)
    zh = await announcer(app).preview("digest", lang="zh", wechat=True)
    assert zh.startswith("新认证服务商 — 2026-11-23 至 2026-11-29\n"
                         "1. BrightWave Digital（广告代理）暂无评价\n"
                         "2. Blue Harbor Logistics（物流履约）暂无评价\n回复编号查看服务商名片。")
    assert zh.endswith("请发送 /report 举报。")


async def test_sending_records_it_and_queues_every_channel_in_one_go(
        app: App, clock: Clock) -> None:
    await digest_market(app, clock)
    outcome = await announcer(app).send("digest")
    assert (outcome.kind, outcome.period, outcome.created) == ("digest", "2026-W49", True)
    # fay, lou, ada (their categories are in it) and the Telegram follower; not sam
    # (spotlight only); one channel post; one WeChat mass send per language tag.
    assert outcome.queued == {"followers": 4, "telegram channel": 1, "wechat": 2}
    async with app.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(OutboxMessage).where(
            OutboxMessage.channel.is_not(None)).order_by(OutboxMessage.channel))).all()
        assert [(r.channel, r.params.get("clientmsgid")) for r in rows] == [
            (f"telegram:{CHANNEL}", None),
            ("wechat:lang:en", "smbot-digest-2026-W49-en"),
            ("wechat:lang:zh", "smbot-digest-2026-W49-zh")]


async def test_a_period_is_announced_once_however_often_it_is_sent(
        app: App, clock: Clock) -> None:
    await digest_market(app, clock)
    first = await announcer(app).send("digest")
    again = await announcer(app).send("digest", "2026-W49")
    assert again.created is False and again.announcement_id == first.announcement_id
    assert await announcer(app).send_due("digest") is None
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Announcement)) == 1
        assert await uow.session.scalar(select(func.count()).select_from(OutboxMessage)) == 7


async def test_each_follower_reads_their_own_categories_in_their_language(
        app: App, clock: Clock) -> None:
    await digest_market(app, clock)
    await announcer(app).send("digest")
    lines = {line["to"]: line["text"] for line in await Console(app).deliver()}
    assert set(lines) == {"fay", "lou", "ada"}
    assert "BrightWave" in lines["fay"] and "Blue Harbor" in lines["fay"]
    assert "Blue Harbor" in lines["lou"] and "BrightWave" not in lines["lou"]
    assert lines["ada"].startswith("*新认证服务商*") and "*广告代理*" in lines["ada"]
    assert "Blue Harbor" not in lines["ada"] and lines["ada"].endswith("请发送 /report 举报。")
    assert lines["fay"].endswith(WARNING)


async def test_an_empty_week_is_recorded_with_its_reason_and_sends_nothing(
        app: App, clock: Clock) -> None:
    clock.now = MONDAY_1003
    await followers(app)
    outcome = await announcer(app).send("digest")
    assert outcome.created and outcome.skipped == {"all": "nothing to announce in this period"}
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


async def test_an_unreachable_follower_is_recorded_not_queued(app: App, clock: Clock) -> None:
    from sqlalchemy import update

    from domain.models import Account

    ids = await digest_market(app, clock)
    async with app.unit_of_work() as uow:
        await uow.session.execute(update(Account).where(Account.id == ids["tg"])
                                  .values(unreachable_since=uow.now()))
        await uow.commit()
    outcome = await announcer(app).send("digest")
    assert outcome.queued["followers"] == 3
    async with app.unit_of_work() as uow:
        row = await uow.session.scalar(select(OutboxMessage).where(
            OutboxMessage.account_id == ids["tg"]))
        assert row is not None and row.status is OutboxStatus.SKIPPED
        assert row.last_error == "unreachable"
