"""Notices to WeChat users: customer-service messages inside the 48-hour window and its
count; held otherwise and shown with the answer to the user's next message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.app import App
from bot.wechat.windows import HELD
from domain.models import Account, ChatWindow, OutboxMessage, OutboxStatus
from domain.notices import BindingDeclined

from .driver import WeChatDriver


async def _account_id(app: App, wechat: WeChatDriver, handle: str) -> int:
    async with app.unit_of_work() as uow:
        return int((await uow.session.scalars(select(Account.id).where(
            Account.platform_id == wechat.openid(handle)))).one())


async def _notify(app: App, account_id: int, count: int, first: int = 1) -> None:
    async with app.unit_of_work() as uow:
        for n in range(first, first + count):
            uow.notify(account_id, BindingDeclined(company=f"Agency {n}", binding_id=n))
        await uow.commit()


async def _statuses(app: App) -> list[tuple[OutboxStatus, str | None]]:
    async with app.unit_of_work() as uow:
        rows = (await uow.session.execute(select(OutboxMessage.status, OutboxMessage.last_error)
                                          .order_by(OutboxMessage.id))).all()
    return [(status, error) for status, error in rows]


async def _held_for(app: App, wechat: WeChatDriver, handle: str, count: int) -> None:
    """`count` notices for a user whose window has closed: every one is held."""
    await wechat.say(handle, "/start")
    account_id = await _account_id(app, wechat, handle)
    await _close_window(app, wechat, account_id, handle)
    await _notify(app, account_id, count)
    taken = 0
    while held := await wechat.delivery.round():
        taken += held
    assert taken == count and wechat.fake.sent == []


async def _close_window(app: App, wechat: WeChatDriver, account_id: int, handle: str) -> None:
    async with app.unit_of_work() as uow:
        await uow.session.execute(update(ChatWindow).where(ChatWindow.account_id == account_id)
                                  .values(closes_at=uow.now() - timedelta(seconds=1)))
        await uow.commit()
    wechat.fake.windows.pop(wechat.openid(handle), None)


async def test_a_notice_goes_out_while_the_window_is_open(wechat: WeChatDriver, app: App) -> None:
    await wechat.say("li", "/start")
    await _notify(app, await _account_id(app, wechat, "li"), 1)
    assert await wechat.delivery.round() == 1
    assert [text for _, text in wechat.fake.sent] == [
        "Agency 1 declined your binding request #1. You can /search for another provider."]
    assert await _statuses(app) == [(OutboxStatus.SENT, None)]


async def test_outside_the_window_notices_wait_for_the_next_message(
        wechat: WeChatDriver, app: App) -> None:
    await _held_for(app, wechat, "li", 2)
    assert await _statuses(app) == [(OutboxStatus.PENDING, HELD)] * 2
    said = await wechat.say("li", "/help")
    assert len(said) == 1  # one passive reply: the answer, then the notices
    assert "You have 2 new notices:" in said.text
    assert said.text.index("/subscribe") < said.text.index("Agency 1 declined")
    assert said.text.index("Agency 1 declined") < said.text.index("Agency 2 declined")
    assert await _statuses(app) == [(OutboxStatus.SENT, HELD)] * 2
    assert "new notices" not in (await wechat.say("li", "/help")).text


async def test_over_the_window_count_the_rest_is_held(wechat: WeChatDriver, app: App) -> None:
    await wechat.say("li", "/start")
    await _notify(app, await _account_id(app, wechat, "li"), 7)
    while await wechat.delivery.round():
        pass
    assert len(wechat.fake.sent) == 5  # WeChat's count per user message
    assert [s for s, _ in await _statuses(app)].count(OutboxStatus.PENDING) == 2
    said = await wechat.say("li", "/help")
    assert "You have 2 new notices:" in said.text and "Agency 7 declined" in said.text


async def test_wechat_refusing_the_window_holds_the_notice(wechat: WeChatDriver,
                                                           app: App) -> None:
    await wechat.say("li", "/start")
    wechat.fake.windows.pop(wechat.openid("li"))  # WeChat's view wins over ours
    await _notify(app, await _account_id(app, wechat, "li"), 1)
    await wechat.delivery.round()
    assert await _statuses(app) == [(OutboxStatus.PENDING, HELD)]
    assert "You have 1 new notice:" in (await wechat.say("li", "/help")).text


async def test_a_long_answer_is_split_and_the_rest_follows_as_messages(
        wechat: WeChatDriver, app: App) -> None:
    await _held_for(app, wechat, "li", 40)
    said = await wechat.say("li", "/help")
    assert len(said) >= 2
    assert all(len(m.text.encode()) <= 2000 for m in said)
    text = "\n".join(m.text for m in said)
    assert all(f"Agency {n} declined" in text for n in range(1, 41))
