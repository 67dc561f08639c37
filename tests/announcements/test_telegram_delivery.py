"""A Telegram follower gets the digest through the fake Bot API; the channel gets one post."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.app import App
from domain.models import Certification
from tests.bot.telegram.fake_api import FakeBotApi
from tests.bot.telegram.test_delivery import Worker, until

from .market import CHANNEL, announcer, follower
from .test_digest_fanout import WARNING


async def test_a_follower_and_the_channel_receive_the_digest(live_app: App,
                                                             fake: FakeBotApi) -> None:
    from tests import factories

    pid = await factories.provider(live_app, None, "BrightWave Digital", ("advertising",))
    async with live_app.unit_of_work() as uow:  # certified the day before the last run
        due = announcer(live_app).fire_time("digest", None, uow.now())
        await uow.session.execute(update(Certification).values(
            granted_at=due - timedelta(days=1)))
        await uow.commit()
    await follower(live_app, "telegram", "5001", language="zh")
    await follower(live_app, "telegram", "5002", categories=["logistics"])  # not in it
    outcome = await announcer(live_app).send("digest")
    assert outcome.queued == {"followers": 1, "telegram channel": 1}
    worker = Worker(live_app)
    try:
        await until(lambda: _sent(fake, 2), timeout=20)
    finally:
        await worker.stop()
    by_chat = {str(c.params["chat_id"]): c.params["text"] for c in fake.sent}
    assert set(by_chat) == {"5001", CHANNEL}
    assert by_chat["5001"].startswith("<b>新认证服务商</b>")
    assert f"https://t.me/market_bot?start=p_{pid}" in by_chat["5001"]
    channel_post = by_chat[CHANNEL]  # both languages in one post, Chinese first
    assert channel_post.index("新认证服务商") < channel_post.index("Newly certified providers")
    assert channel_post.endswith(WARNING)
    assert len(fake.sent) == 2


async def _sent(server: FakeBotApi, n: int) -> bool:
    return len(server.sent) >= n
