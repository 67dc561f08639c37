"""WeChat mass sends for announcements: the announcements' sender over this front end's API.

The announcements package decides what is due and keeps the quota; it talks through a small
`post(method, payload)` callable that returns WeChat's answer as a dict. This adapter gives it
the shared token holder and turns an error answer back into that dict (45065 "already sent"
and 45066 "too fast" are answers the sender acts on, not failures).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apscheduler.triggers.interval import IntervalTrigger

from announcements.jobs import ScheduledJob
from announcements.wechat_sender import Post
from announcements.wechat_tags import mass_send_round

from ..app import App
from .api import ApiError, WeChatApi

if TYPE_CHECKING:
    from ..app import App

MASS_EVERY_SECONDS = 60  # WeChat allows about 60 mass requests a minute; one round a minute


def poster(api: WeChatApi) -> Post:
    async def post(method: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            return await api.call(method, payload or None)  # an empty payload is a GET
        except ApiError as exc:
            return {"errcode": exc.code, "errmsg": exc.message, **exc.data}

    return post


async def mass_round(app: App, api: WeChatApi) -> int:
    """One round: language tags kept, followers tagged, every due mass send sent."""
    return await mass_send_round(app.env, poster(api))


def mass_send_job(app: App) -> ScheduledJob:
    """A leader-only job (one process sends; `clientmsgid` guards a crash in between).

    Each round opens its own API session: the access token itself is shared through the
    database, so this never fetches a token another worker holds.
    """
    keys = app.settings.wechat_keys()

    async def run() -> int:
        api = WeChatApi(app.env, app.settings.wechat_api_url, keys.app_id, keys.app_secret)
        try:
            return await mass_round(app, api)
        finally:
            await api.close()

    return ScheduledJob("wechat-mass-send", IntervalTrigger(seconds=MASS_EVERY_SECONDS), run, run)
