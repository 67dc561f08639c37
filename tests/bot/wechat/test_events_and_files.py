"""Following, unfollowing, menu clicks, messages WeChat users send that are not text."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import select, update

from bot.app import App
from domain.models import Account, StoredFile, Subscription
from tests import factories
from tests.applying import ADVERTISING

from . import wire
from .driver import WeChatDriver

FORM = ("/apply", f"> {ADVERTISING}", "750000", "25")


async def _subscription(app: App) -> tuple[str, bool] | None:
    async with app.unit_of_work() as uow:
        row = (await uow.session.execute(
            select(Subscription.platform, Subscription.active))).first()
        return (row.platform, row.active) if row is not None else None


async def test_following_makes_a_follower_and_offers_the_roles_in_their_language(
        wechat: WeChatDriver, app: App) -> None:
    openid = wechat.openid("li")
    wechat.fake.languages[openid] = "zh_CN"
    said = await wechat.event("li", "subscribe")
    assert "欢迎来到服务市场" in said.text
    assert said.last.labels == ["我是商家", "我是服务商", "取消"]
    row = await _subscription(app)
    assert row == ("wechat", True)
    assert [c.query["openid"] for c in wechat.fake.called("user/info")] == [openid]


async def test_english_from_user_info_and_chinese_when_wechat_cannot_tell(
        wechat: WeChatDriver) -> None:
    said = await wechat.event("amy", "subscribe")  # the driver's users speak English
    assert "Welcome to the Service Market" in said.text
    wechat.fake.languages[wechat.openid("wu")] = ""
    said = await wechat.say("wu", "/frobnicate")
    assert "未知命令 /frobnicate" in said.text


async def test_unfollowing_marks_the_follower_inactive_and_keeps_the_rest(
        wechat: WeChatDriver, app: App) -> None:
    await wechat.event("li", "subscribe")
    await wechat.run("li", "> I'm a merchant", "Li Shop", "> United States", "> Done",
                     "> Beauty", "> Over $1M")
    said = await wechat.event("li", "unsubscribe")
    assert said == []
    row = await _subscription(app)
    assert row == ("wechat", False)
    async with app.unit_of_work() as uow:
        merchant_id = (await uow.session.scalars(select(Account.merchant_id))).one()
    assert merchant_id is not None
    await wechat.event("li", "subscribe")
    row = await _subscription(app)
    assert row == ("wechat", True)


async def test_a_menu_click_runs_its_command(wechat: WeChatDriver) -> None:
    said = await wechat.event("amy", "CLICK", "search")
    assert "Please register first: send /start" in said.text
    said = await wechat.event("amy", "CLICK", "help")
    assert "/subscribe" in said.text
    said = await wechat.event("amy", "CLICK", "nonsense")
    assert "Unknown command /nonsense" in said.text


async def test_unknown_and_silent_events_get_success_and_change_nothing(
        wechat: WeChatDriver, app: App) -> None:
    for event in ("VIEW", "LOCATION", "SCAN", "TEMPLATESENDJOBFINISH", "NoSuchEvent"):
        said = await wechat.event("amy", event, "https://example.com" if event == "VIEW" else "")
        assert said == [] and wechat.last_status == 200
    assert await _subscription(app) is None


async def test_voice_video_location_and_links_ask_for_text_or_a_picture(
        wechat: WeChatDriver) -> None:
    await wechat.say("amy", "/start")
    for kind, fields in (("voice", {"MediaId": "m", "Format": "amr"}),
                         ("video", {"MediaId": "m", "ThumbMediaId": "t"}),
                         ("location", {"Location_X": "23.1", "Location_Y": "113.3",
                                       "Scale": "20", "Label": "Guangzhou"}),
                         ("link", {"Title": "t", "Description": "d", "Url": "https://x.cn"})):
        xml = wire.message_xml(wechat.openid("amy"), kind, fields, int(time.time()),
                               str(time.time_ns()))
        said = await wechat.push("amy", xml)
        assert said.text == ("I can only read text and pictures here. "
                             "Please send text, or a picture."), kind
    wechat.fake.languages[wechat.openid("zhao")] = "zh_CN"
    xml = wire.message_xml(wechat.openid("zhao"), "voice", {"MediaId": "m"}, 1, "991")
    assert (await wechat.push("zhao", xml)).text == "这里只能识别文字和图片，请发送文字或图片。"


async def _wechat_provider(app: App, wechat: WeChatDriver, handle: str) -> None:
    await factories.provider(app, handle, categories=())
    async with app.unit_of_work() as uow:
        await uow.session.execute(update(Account).where(Account.platform_id == handle).values(
            platform="wechat", platform_id=wechat.openid(handle)))
        await uow.commit()


async def test_a_picture_in_a_document_step_is_stored(
        wechat: WeChatDriver, app: App, tmp_path: Path) -> None:
    await _wechat_provider(app, wechat, "bob")
    said = await wechat.run("bob", *FORM)
    assert "/wechat/upload?t=" in said.text  # documents have a page of their own
    photo = tmp_path / "shop.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 shop front " * 40)
    said = await wechat.send_image("bob", photo)
    assert "Received “photo_m" in said.text
    async with app.unit_of_work() as uow:
        stored = (await uow.session.execute(
            select(StoredFile.size, StoredFile.mime_type))).one()
    assert tuple(stored) == (photo.stat().st_size, "image/jpeg")


async def test_an_oversized_picture_is_refused_before_its_body_is_read(
        wechat: WeChatDriver, app: App, tmp_path: Path) -> None:
    await _wechat_provider(app, wechat, "bob")
    await wechat.run("bob", *FORM)
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff" * (app.env.rules.max_file_bytes + 1))
    said = await wechat.send_image("bob", big)
    assert "files may be at most" in said.text
    async with app.unit_of_work() as uow:
        assert (await uow.session.scalars(select(StoredFile))).first() is None


async def test_a_picture_where_none_is_expected_is_not_kept(wechat: WeChatDriver,
                                                            tmp_path: Path) -> None:
    photo = tmp_path / "cat.jpg"
    photo.write_bytes(b"\xff\xd8" * 10)
    await wechat.say("amy", "/start")
    said = await wechat.send_image("amy", photo)
    assert "I wasn't expecting a file here" in said.text
    assert wechat.fake.called("media/get") == []


async def test_a_qr_code_scene_opens_like_a_deep_link(wechat: WeChatDriver, app: App) -> None:
    provider_id = await factories.provider(app, None, name="BrightWave Digital")
    said = await wechat.event("dora", "subscribe", f"qrscene_p_{provider_id}")
    assert "BrightWave Digital" in said.text  # the shared card, before registering
    said = await wechat.event("dora", "SCAN", f"p_{provider_id}")  # already following
    assert "BrightWave Digital" in said.text



async def test_a_click_with_a_menu_key_of_wechats_longest_is_answered(
        wechat: WeChatDriver, app: App) -> None:
    """A menu key may be 128 bytes: with the sender and the time, the event's dedupe key is
    longer than its column holds (PostgreSQL refused it, and the user got an apology)."""
    said = await wechat.event("dora", "CLICK", "k" * 128)
    assert wechat.last_status == 200
    assert "/kkkk" in said.text and "Something went wrong" not in said.text
    again = await wechat.event("dora", "CLICK", "k" * 128)  # another click, a second later
    assert "/kkkk" in again.text
