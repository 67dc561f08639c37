"""Followers of the official account: who receives announcements on a platform.

Following makes (or re-activates) a subscription; unfollowing marks it inactive and keeps
everything else — the account, its role and its history stay as they were.
"""

from __future__ import annotations

from sqlalchemy import select

from ..models import Account, Subscription
from ..uow import UnitOfWork


class Followers:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def follow(self, platform: str, platform_id: str) -> None:
        account = await self._account(platform, platform_id)
        if account is None:
            return
        row = await self.uow.session.get(Subscription, account.id)
        if row is None:
            self.uow.session.add(Subscription(account_id=account.id, platform=platform,
                                              categories=[], active=True,
                                              created_at=self.uow.now()))
        else:
            row.active = True

    async def unfollow(self, platform: str, platform_id: str) -> None:
        account = await self._account(platform, platform_id)
        row = await self.uow.session.get(Subscription, account.id) if account else None
        if row is not None:
            row.active = False

    async def is_following(self, platform: str, platform_id: str) -> bool:
        account = await self._account(platform, platform_id)
        row = await self.uow.session.get(Subscription, account.id) if account else None
        return bool(row is not None and row.active)

    async def _account(self, platform: str, platform_id: str) -> Account | None:
        return (await self.uow.session.scalars(
            select(Account).where(Account.platform == platform,
                                  Account.platform_id == platform_id))).first()
