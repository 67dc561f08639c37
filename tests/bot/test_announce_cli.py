"""`python -m bot announce list|preview|send`: prints, sends once per period, counts."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.cli import cmd_announce, parser
from domain.markup import shown
from tests.announcements.market import MONDAY_1003, certified, follower
from tests.clock import Clock


async def announce(app: App, *argv: str) -> int:
    return await cmd_announce(app, parser().parse_args(["announce", *argv]))


async def test_preview_send_again_and_list(app: App, clock: Clock,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    clock.now = MONDAY_1003
    pid = await certified(app, "BrightWave Digital", ("advertising",), 2)
    await follower(app, "console", "fay")
    assert await announce(app, "preview", "digest", "--lang", "zh") == 0
    out = capsys.readouterr().out
    assert out.startswith("*新认证服务商* — 2026-11-23 至 2026-11-29\n\n*广告代理*\n")
    assert f"/start p_{pid}" in out  # no Telegram username known: the command itself
    assert await announce(app, "send", "digest") == 0
    captured = capsys.readouterr()
    assert "enqueuing: [" in captured.err
    assert "announced digest 2026-W49 (#1): queued followers: 1; skipped none" in captured.out
    assert await announce(app, "send", "digest", "--period", "2026-W49") == 0
    assert "was already announced (#1); nothing sent" in capsys.readouterr().out
    assert await announce(app, "list") == 0
    out = capsys.readouterr().out
    assert "digest     '0 10 * * mon'   next 2026-12-07 10:00 CST" in out
    assert "spotlight  '0 10 1 * *'     next 2026-12-01 10:00 CST" in out
    assert "#1 digest 2026-W49 sent (2026-11-30 02:03 UTC)\n    console followers: pending: 1" \
        in out


async def test_a_bad_or_future_period_is_one_line(app: App, clock: Clock,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    clock.now = MONDAY_1003
    assert await announce(app, "send", "spotlight", "--period", "December") == 2
    assert "announce: expects a spotlight period like 2026-12, got 'December'" \
        in capsys.readouterr().err
    assert await announce(app, "preview", "digest", "--period", "2026-W50") == 2
    assert "announce: the digest of 2026-W50 is not due yet" in capsys.readouterr().err


async def test_wechat_followers_without_a_wechat_account_are_skipped_with_the_reason(
        app: App, clock: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    await follower(app, "wechat", "oZh1", language="zh")
    assert app.settings.wechat_app_id is None
    assert await announce(app, "send", "digest") == 0
    assert "skipped wechat: not sent: no WeChat account is configured" in capsys.readouterr().out
    assert await announce(app, "list") == 0
    assert "    wechat: skipped: 1" in capsys.readouterr().out


async def test_with_a_telegram_token_the_cards_get_deep_links(
        app: App, clock: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    from pydantic import SecretStr

    from tests.bot.telegram.fake_api import TOKEN, FakeBotApi

    server = FakeBotApi()
    await server.start()
    try:
        app.settings = app.settings.model_copy(update={
            "telegram_token": SecretStr(TOKEN), "telegram_api_url": server.url})
        clock.now = MONDAY_1003
        pid = await certified(app, "BrightWave Digital", ("advertising",), 2)
        assert await announce(app, "preview", "digest") == 0
    finally:
        await server.close()
    assert f"  https://t.me/market_test_bot?start=p_{pid}\n" in capsys.readouterr().out


async def test_a_scheduled_run_waits_for_the_bots_username(app: App, clock: Clock) -> None:
    import asyncio

    from pydantic import SecretStr

    from bot.announcing import jobs_for
    from domain.models import Announcement
    from handlers.engine.context import Links

    app.settings = app.settings.model_copy(update={"telegram_token": SecretStr("1:x")})
    clock.now = MONDAY_1003
    pid = await certified(app, "BrightWave Digital", ("advertising",), 2)
    digest = next(job for job in jobs_for(app) if job.id == "digest")
    assert digest.catch_up is not None
    running = asyncio.create_task(digest.catch_up())
    await asyncio.sleep(0.3)
    assert not running.done()  # the front end has not said who the bot is yet
    app.dispatcher.links = Links(telegram_bot="market_bot")
    assert (await running) is not None
    async with app.unit_of_work() as uow:
        texts = (await uow.session.get(Announcement, 1)).texts  # type: ignore[union-attr]
    # Stored in the reply markup (the link's `_` escaped); shown as typed.
    assert f"https://t.me/market_bot?start=p_{pid}" in shown(texts["en"]["sections"][0][1])
