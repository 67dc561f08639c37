"""One access_token for all workers: stored, refreshed ahead of expiry by one worker at a
time, and an expired-token answer refreshes once and retries once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from bot.wechat.api import ApiError, WeChatApi
from domain.models import AccessToken
from tests.clock import Clock
from tests.conftest import Database

from .conftest import point_at
from .fake_api import APP_ID, SECRET, FakeWeChatApi


def _api(app: App, fake: FakeWeChatApi, secret: str = SECRET) -> WeChatApi:
    return WeChatApi(app.env, fake.url, APP_ID, secret)


async def test_the_token_is_fetched_once_and_shared_through_the_database(
        app: App, wechat_fake: FakeWeChatApi) -> None:
    first, second = _api(app, wechat_fake), _api(app, wechat_fake)
    try:
        assert await first.user_language("o1") == "zh_CN"
        assert await second.user_language("o2") == "zh_CN"
    finally:
        await first.close()
        await second.close()
    assert len(wechat_fake.called("stable_token")) == 1
    assert wechat_fake.called("token") == []  # never the endpoint that knocks others out


async def test_a_token_close_to_expiry_is_refreshed_ahead(
        app: App, wechat_fake: FakeWeChatApi, clock: Clock) -> None:
    api = _api(app, wechat_fake)
    try:
        await api.user_language("o1")
        clock.advance(seconds=7200 - 200)  # inside the five-minute margin
        wechat_fake.expire()  # WeChat would hand out a new one now
        await api.user_language("o1")
    finally:
        await api.close()
    assert len(wechat_fake.called("stable_token")) == 2
    assert len(wechat_fake.called("user/info")) == 2  # no call was refused on the way


async def test_an_expired_token_is_refreshed_once_and_the_call_retried_once(
        app: App, wechat_fake: FakeWeChatApi) -> None:
    api = _api(app, wechat_fake)
    try:
        await api.user_language("o1")
        wechat_fake.expire()
        assert await api.user_language("o1") == "zh_CN"
        assert [c.query["access_token"] for c in wechat_fake.called("user/info")] == [
            "TOKEN-1000", "TOKEN-1000", "TOKEN-1001"]
    finally:
        await api.close()
    assert len(wechat_fake.called("stable_token")) == 2


async def test_a_refused_refresh_is_an_error_not_a_loop(
        app: App, wechat_fake: FakeWeChatApi) -> None:
    api = _api(app, wechat_fake, secret="wrong")
    try:
        raised = None
        try:
            await api.user_language("o1")
        except ApiError as exc:
            raised = exc
        assert raised is not None and raised.code == 40125
    finally:
        await api.close()
    assert len(wechat_fake.calls) == 1


@pytest.mark.parametrize("stored", ["none", "expiring"])
async def test_two_workers_refresh_the_token_once_between_them(
        app: App, wechat_fake: FakeWeChatApi, database: Database, clock: Clock,
        stored: str) -> None:
    """Two processes' worth of engines and holders on one database (PostgreSQL: the row lock;
    SQLite: BEGIN IMMEDIATE); the fake takes its time so the two really overlap."""
    point_at(app, wechat_fake, None)
    if stored == "expiring":
        async with app.unit_of_work() as uow:
            uow.session.add(AccessToken(app_id=APP_ID, token="OLD", refreshes=0,
                                        expires_at=clock() + timedelta(seconds=60)))
            await uow.commit()
    other = await build_app(app.settings, engine_options=database.options, migrate=False,
                            clock=clock)
    wechat_fake.delay = 0.3
    apis = [_api(app, wechat_fake), _api(other, wechat_fake)]
    try:
        tokens = await asyncio.gather(*(api.tokens.get() for api in apis))
    finally:
        for api in apis:
            await api.close()
        await other.close()
    assert tokens[0] == tokens[1]
    assert len(wechat_fake.called("stable_token")) == 1
    async with app.unit_of_work() as uow:
        row = (await uow.session.scalars(select(AccessToken))).one()
        assert (row.token, row.refreshes) == (tokens[0], 1)
