"""A small market with followers on every platform, for the announcement tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from announcements.config import AnnouncementConfig
from announcements.fanout import Channels
from announcements.service import Announcer
from bot.app import App
from domain.models import Account, Certification, Subscription
from tests import factories

# Monday 30 November 2026, 10:03 in Shanghai: three minutes after the digest was due.
MONDAY_1003 = datetime(2026, 11, 30, 2, 3, tzinfo=UTC)
CHANNEL = "-1001234567890"


def announcer(app: App, *, channel: str | None = CHANNEL, account: str = "subscription",
              config: AnnouncementConfig | None = None) -> Announcer:
    return Announcer(app.env, config or AnnouncementConfig(), app.ranking,
                     Channels(telegram_channel=channel, wechat_account=account),
                     lambda pid: f"https://t.me/market_bot?start=p_{pid}")


async def certified(app: App, name: str, codes: tuple[str, ...], days_ago: float) -> int:
    """A provider certified `days_ago` days before now."""
    pid = await factories.provider(app, None, name, codes)
    async with app.unit_of_work() as uow:
        await uow.session.execute(update(Certification).where(
            Certification.provider_id == pid).values(
            granted_at=uow.now() - timedelta(days=days_ago)))
        await uow.commit()
    return pid


async def follower(app: App, platform: str, handle: str, *, language: str = "en",
                   categories: Sequence[str] = (),
                   kinds: Sequence[str] = ("digest", "spotlight")) -> int:
    async with app.unit_of_work() as uow:
        account = Account(platform=platform, platform_id=handle, display_name=handle,
                          language=language, created_at=uow.now())
        uow.session.add(account)
        await uow.session.flush()
        uow.session.add(Subscription(account_id=account.id, platform=platform,
                                     categories=list(categories), kinds=list(kinds),
                                     created_at=uow.now()))
        await uow.commit()
        return account.id


async def followers(app: App) -> dict[str, int]:
    """Console, Telegram and WeChat followers, some of only some categories or kinds."""
    return {
        "fay": await follower(app, "console", "fay"),
        "lou": await follower(app, "console", "lou", categories=["logistics"]),
        "ada": await follower(app, "console", "ada", categories=["advertising"],
                              language="zh"),
        "sam": await follower(app, "console", "sam", kinds=["spotlight"]),
        "tg": await follower(app, "telegram", "5001"),
        "wx_en": await follower(app, "wechat", "oEn1"),
        "wx_zh": await follower(app, "wechat", "oZh1", language="zh"),
        "wx_zh2": await follower(app, "wechat", "oZh2", language="zh"),
    }


async def subscription_count(app: App) -> int:
    async with app.unit_of_work() as uow:
        return len((await uow.session.scalars(select(Subscription))).all())
