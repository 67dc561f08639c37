"""Followers: who receives which official announcements (DESIGN section 5).

Anyone may follow, registered or not: a follower is only an account with a subscription.
On WeChat, following the official account follows everything (`follow`), and unfollowing
it stops everything (`unfollow`); the front end calls these on its follow events, by OpenID.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import InvalidInput
from ..models import Account, Category, Subscription

KINDS = ("digest", "spotlight")


@dataclass(frozen=True)
class Following:
    categories: tuple[str, ...]  # empty: every category
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class CategoryChoice:
    code: str
    name_en: str
    name_zh: str


class Followers:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def categories(self) -> list[CategoryChoice]:
        rows = await self.uow.session.execute(
            select(Category.code, Category.name_en, Category.name_zh)
            .where(Category.retired.is_(False)).order_by(Category.position))
        return [CategoryChoice(*row) for row in rows]

    async def current(self, actor: Actor) -> Following | None:
        row = await self.uow.session.get(Subscription, actor.account_id)
        if row is None or not row.active:
            return None
        return Following(tuple(row.categories), tuple(row.kinds))

    async def subscribe(self, actor: Actor, categories: list[str], kinds: list[str]) -> Following:
        """Follow the chosen categories (none: all) for the chosen kinds (at least one)."""
        known = {c.code for c in await self.categories()}
        if not kinds or any(k not in KINDS for k in kinds):
            raise InvalidInput("follow.error.pick_kind")
        if any(c not in known for c in categories):
            raise InvalidInput("follow.error.unknown_category")
        account = await self.uow.session.get(Account, actor.account_id)
        assert account is not None  # the actor's own account
        row = await self.uow.session.get(Subscription, actor.account_id)
        if row is None:
            row = Subscription(account_id=account.id, platform=account.platform,
                               created_at=self.uow.now())
            self.uow.session.add(row)
        ordered = [c.code for c in await self.categories() if c.code in categories]
        row.categories, row.kinds, row.active = ordered, [k for k in KINDS if k in kinds], True
        return Following(tuple(row.categories), tuple(row.kinds))

    async def unsubscribe(self, actor: Actor) -> bool:
        """Stop every announcement; False if the account was not following."""
        row = await self.uow.session.get(Subscription, actor.account_id)
        if row is None or not row.active:
            return False
        row.active = False
        return True

    # WeChat: the front end calls these on its follow and unfollow events, by OpenID.
    async def follow(self, platform: str, platform_id: str) -> None:
        """Following the official account follows every category and kind (again)."""
        account = await self._account(platform, platform_id)
        if account is None:
            return
        row = await self.uow.session.get(Subscription, account.id)
        if row is None:
            row = Subscription(account_id=account.id, platform=platform,
                               created_at=self.uow.now())
            self.uow.session.add(row)
        row.categories, row.kinds, row.active = [], list(KINDS), True

    async def unfollow(self, platform: str, platform_id: str) -> None:
        """Unfollowing the official account stops everything; the account stays."""
        account = await self._account(platform, platform_id)
        row = await self.uow.session.get(Subscription, account.id) if account else None
        if row is not None:
            row.active = False

    async def is_following(self, platform: str, platform_id: str) -> bool:
        account = await self._account(platform, platform_id)
        row = await self.uow.session.get(Subscription, account.id) if account else None
        return bool(row is not None and row.active)

    async def _account(self, platform: str, platform_id: str) -> Account | None:
        return (await self.uow.session.scalars(select(Account).where(
            Account.platform == platform, Account.platform_id == platform_id))).first()
