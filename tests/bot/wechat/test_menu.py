"""`python -m bot wechat menu`: WeChat's limits checked before any call, then published."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.frontends import wechat_menu
from bot.wechat.menu import MenuError, load_menu
from domain.models import Subscription
from handlers.engine.registry import build_router

from .conftest import point_at
from .driver import WeChatDriver
from .fake_api import FakeWeChatApi

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = build_router().commands


async def test_the_shipped_menu_is_published_with_its_english_variant(
        app: App, wechat_fake: FakeWeChatApi, capsys: pytest.CaptureFixture[str]) -> None:
    point_at(app, wechat_fake, None)
    app.settings.config_dir = ROOT / "config"
    assert await wechat_menu(app) == 0
    default, english = wechat_fake.menus
    assert [b["name"] for b in default["button"]] == ["找服务商", "我的", "帮助"]
    assert default["button"][0] == {"type": "click", "name": "找服务商", "key": "search"}
    assert english["matchrule"] == {"language": "en"}
    assert [c.method for c in wechat_fake.calls if c.method.startswith("menu")] == [
        "menu/create", "menu/addconditional"]
    assert "published the menu (2 variants)" in capsys.readouterr().err
    for menu, name in ((default, "订阅公告"), (english, "Announcements")):  # /subscribe in both
        assert {"type": "click", "name": name, "key": "subscribe"} in menu["button"][1][
            "sub_button"]


async def test_the_announcements_item_leads_into_choosing_categories(
        wechat: WeChatDriver, app: App) -> None:
    said = await wechat.event("amy", "CLICK", "subscribe")
    assert said.text.startswith("Which service categories do you want to hear about?"), said.text
    assert said.last.labels[0] == "All categories" and "Advertising agency" in said.last.labels
    said = await wechat.press("amy", "Advertising agency")
    assert "✓ Advertising agency" in said.last.labels
    await wechat.press("amy", "Done")
    said = await wechat.press("amy", "Done")  # both kinds, as offered
    async with app.unit_of_work() as uow:
        row = (await uow.session.execute(select(Subscription.platform,
                                                Subscription.categories))).one()
    assert tuple(row) == ("wechat", ["advertising"]), said.text


def _menu(tmp_path: Path, buttons: str) -> Path:
    path = tmp_path / "wechat_menu.toml"
    path.write_text(f"[default]\nbutton = [{buttons}]\n", "utf-8")
    return path


@pytest.mark.parametrize(("buttons", "expected"), [
    ('{name="a",key="help"},{name="b",key="help"},{name="c",key="help"},{name="d",key="help"}',
     "4 top-level buttons (WeChat allows 1 to 3)"),
    ('{name="一二三四五六",key="help"}', "names are 1 to 16 bytes (this one is 18)"),
    ('{name="m",sub_button=[' + ",".join(f'{{name="s{i}",key="help"}}' for i in range(6)) + "]}",
     "6 sub-buttons (WeChat allows 1 to 5)"),
    ('{name="m",sub_button=[{name="' + "x" * 61 + '",key="help"}]}', "names are 1 to 60 bytes"),
    ('{name="a",key="' + "k" * 129 + '"}', "keys are at most 128 bytes"),
    ('{name="a",key="frobnicate"}', "key 'frobnicate' is not a bot command"),
    ('{name="a",key="help",url="https://x.cn"}', "give exactly one of key, url, sub_button"),
    ('{name="a",url="javascript:alert(1)"}', "url must be an http(s) address"),
])
def test_a_menu_over_the_limits_is_refused_before_any_call(
        tmp_path: Path, buttons: str, expected: str) -> None:
    with pytest.raises(MenuError) as refused:
        load_menu(_menu(tmp_path, buttons), COMMANDS)
    assert expected in str(refused.value)


async def test_a_bad_menu_file_calls_nothing(app: App, wechat_fake: FakeWeChatApi,
                                             tmp_path: Path) -> None:
    point_at(app, wechat_fake, None)
    _menu(tmp_path, '{name="a",key="frobnicate"}')
    app.settings.config_dir = tmp_path
    assert await wechat_menu(app) == 1
    assert wechat_fake.calls == []
