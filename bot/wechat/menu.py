"""`python -m bot wechat menu`: publish the custom menu from config/wechat_menu.toml.

Everything is checked against WeChat's limits — and every CLICK key against the bot's
commands — before the first API call, so a bad file changes nothing on WeChat's side.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .api import WeChatApi

TOP, SUB = 3, 5
TOP_NAME, SUB_NAME, KEY, URL = 16, 60, 128, 1024


class MenuError(ValueError):
    """The menu file breaks a WeChat limit or names an unknown command; says which button."""


def load_menu(path: Path, commands: Iterable[str]) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MenuError(f"{path}: {exc}") from exc
    known = set(commands)
    if "default" not in data:
        raise MenuError(f"{path}: a [default] menu is required")
    check_buttons(data["default"].get("button", []), known, "default")
    for number, menu in enumerate(data.get("conditional", []), 1):
        if not menu.get("matchrule"):
            raise MenuError(f"conditional menu {number}: matchrule is required")
        check_buttons(menu.get("button", []), known, f"conditional menu {number}")
    return data


def check_buttons(buttons: list[dict[str, Any]], commands: set[str], where: str) -> None:
    if not 1 <= len(buttons) <= TOP:
        raise MenuError(f"{where}: {len(buttons)} top-level buttons (WeChat allows 1 to {TOP})")
    for button in buttons:
        _check(button, commands, where, TOP_NAME)
        subs = button.get("sub_button")
        if subs is None:
            continue
        if not 1 <= len(subs) <= SUB:
            raise MenuError(f"{where}, {button['name']!r}: {len(subs)} sub-buttons "
                            f"(WeChat allows 1 to {SUB})")
        for sub in subs:
            _check(sub, commands, f"{where}, {button['name']!r}", SUB_NAME)
            if "sub_button" in sub:
                raise MenuError(f"{where}, {sub['name']!r}: sub-buttons cannot nest")


def _check(button: dict[str, Any], commands: set[str], where: str, name_limit: int) -> None:
    name = str(button.get("name", ""))
    if not name or len(name.encode()) > name_limit:
        raise MenuError(f"{where}, {name!r}: names are 1 to {name_limit} bytes "
                        f"(this one is {len(name.encode())})")
    kinds = [k for k in ("key", "url", "sub_button") if k in button]
    if len(kinds) != 1:
        raise MenuError(f"{where}, {name!r}: give exactly one of key, url, sub_button")
    key = button.get("key")
    if key is not None:
        if len(str(key).encode()) > KEY:
            raise MenuError(f"{where}, {name!r}: keys are at most {KEY} bytes")
        if str(key).lstrip("/").lower() not in commands:
            raise MenuError(f"{where}, {name!r}: key {key!r} is not a bot command")
    url = button.get("url")
    if url is not None and (len(str(url).encode()) > URL
                            or not str(url).startswith(("https://", "http://"))):
        raise MenuError(f"{where}, {name!r}: url must be an http(s) address ≤ {URL} bytes")


def to_wechat(buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for button in buttons:
        if "sub_button" in button:
            out.append({"name": button["name"], "sub_button": to_wechat(button["sub_button"])})
        elif "url" in button:
            out.append({"type": "view", "name": button["name"], "url": button["url"]})
        else:
            out.append({"type": "click", "name": button["name"], "key": button["key"]})
    return out


async def publish(api: WeChatApi, menu: dict[str, Any]) -> int:
    """menu/create, then one menu/addconditional per conditional menu; returns how many."""
    await api.call("menu/create", {"button": to_wechat(menu["default"]["button"])})
    for conditional in menu.get("conditional", []):
        await api.call("menu/addconditional", {"button": to_wechat(conditional["button"]),
                                               "matchrule": conditional["matchrule"]})
    return 1 + len(menu.get("conditional", []))
