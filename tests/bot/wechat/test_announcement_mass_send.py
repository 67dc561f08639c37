"""Announcements reach WeChat followers as one mass send per language tag, through the fake
WeChat API over HTTP: tags made and filled, `clientmsgid` from the announcement, and a
subscription account's one send a day kept."""

from __future__ import annotations

from bot.announcing import jobs_for
from bot.app import App
from bot.wechat.mass import mass_send_job
from domain.actor import SYSTEM
from tests.announcements.market import MONDAY_1003, announcer, certified, follower
from tests.clock import Clock

from .conftest import point_at
from .fake_api import FakeWeChatApi


async def test_a_digest_goes_to_each_language_tag_once(
        app: App, clock: Clock, wechat_fake: FakeWeChatApi) -> None:
    point_at(app, wechat_fake, None)
    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    await follower(app, "wechat", "oEn1")
    await follower(app, "wechat", "oZh1", language="zh")
    await follower(app, "wechat", "oZh2", language="zh")
    assert (await announcer(app).send("digest")).queued["wechat"] == 2
    job = mass_send_job(app)
    assert job.id in {j.id for j in jobs_for(app)}  # the leader runs it with WeChat set

    assert await job.run() == 2
    tags = {name: tag_id for tag_id, name in wechat_fake.tags.items()}
    assert wechat_fake.tagged[tags["smbot-zh"]] == {"oZh1", "oZh2"}
    assert wechat_fake.tagged[tags["smbot-en"]] == {"oEn1"}
    sends = {c.body["filter"]["tag_id"]: c.body for c in wechat_fake.called("message/mass/sendall")}
    assert set(sends) == {tags["smbot-en"], tags["smbot-zh"]}
    english, chinese = sends[tags["smbot-en"]], sends[tags["smbot-zh"]]
    assert english["clientmsgid"] == "smbot-digest-2026-W49-en"
    assert chinese["clientmsgid"] == "smbot-digest-2026-W49-zh"
    assert "BrightWave Digital" in english["text"]["content"]
    assert "/report" in english["text"]["content"] and "/report" in chinese["text"]["content"]
    assert "*" not in english["text"]["content"]  # WeChat shows no markup

    assert await job.run() == 0  # nothing due: nothing sent again
    notice = await announcer(app).adhoc(SYSTEM, {"en": "Office closed on Friday.",
                                                 "zh": "周五休息。"}, [])
    assert notice.skipped["wechat"].startswith("held: a subscription account has one")
    await job.run()
    assert len(wechat_fake.called("message/mass/sendall")) == 2  # never twice a day
