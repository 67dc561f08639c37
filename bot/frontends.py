"""Platform front ends started by `python -m bot run`, imported only when configured.

Telegram runs when its token is set, WeChat when its app id, secret and token are; both when
both are. They share one HTTP server (webhook, callback, upload page, /health), which is
started only when something needs it: a Telegram webhook or WeChat. Everything runs until
`stop` (SIGTERM, SIGINT) and then stops gracefully.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

from .app import App, one_line
from .http_server import base_app, serve
from .settings import SettingsError


def platforms_configured(app: App) -> bool:
    return app.settings.telegram_token is not None or app.settings.wechat_enabled


async def run_platforms(app: App, stop: asyncio.Event, *, wechat: bool = True) -> int:
    settings = app.settings
    web_app = base_app(app, stop)
    work: list[Coroutine[Any, Any, None]] = []
    needs_http = False
    try:
        if settings.telegram_token is not None:
            from .telegram.run import prepare_telegram

            telegram = await prepare_telegram(app, web_app, stop)
            work.append(telegram.run(stop))
            needs_http = telegram.webhook
        if wechat and settings.wechat_enabled:
            from .wechat.run import prepare_wechat

            running = await prepare_wechat(app, web_app, stop)
            work.append(running.run(stop))
            needs_http = True
    except ImportError as exc:
        print(f"A front end cannot start: {exc}", file=sys.stderr)
        return 2
    host, port = settings.listen_host, settings.listen_port
    try:
        runner = await serve(web_app, host, port) if needs_http else None
    except OSError as exc:
        raise SettingsError(f"SMBOT_HTTP_PORT: cannot listen on {host}:{port}: "
                            f"{one_line(exc)}") from None
    if runner is not None:
        print(f"HTTP server on {host}:{port}", file=sys.stderr)
    try:
        await asyncio.gather(*work)
    finally:
        if runner is not None:
            await runner.cleanup()
    return 0


async def run_telegram(app: App, stop: asyncio.Event) -> int:
    """Telegram alone until `stop` (SIGTERM, SIGINT)."""
    return await run_platforms(app, stop, wechat=False)


async def wechat_menu(app: App) -> int:
    """`python -m bot wechat menu`: check config/wechat_menu.toml, then publish it."""
    if not app.settings.wechat_enabled:
        print("Set SMBOT_WECHAT_APP_ID, SMBOT_WECHAT_APP_SECRET and SMBOT_WECHAT_TOKEN first.",
              file=sys.stderr)
        return 2
    from .wechat.api import ApiError
    from .wechat.menu import MenuError, load_menu, publish
    from .wechat.run import build_wechat

    path = app.settings.config_dir / "wechat_menu.toml"
    try:
        menu = load_menu(path, app.dispatcher.router.commands)
    except MenuError as exc:
        print(f"Menu not published: {exc}", file=sys.stderr)
        return 1
    api = build_wechat(app).api
    try:
        count = await publish(api, menu)
    except ApiError as exc:
        print(f"WeChat refused the menu: {exc}", file=sys.stderr)
        return 1
    finally:
        await api.close()
    print(f"published the menu ({count} variants) from {path}", file=sys.stderr)
    return 0
