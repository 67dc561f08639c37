"""Followers: who receives which official announcements (DESIGN section 5).

Anyone may follow, registered or not: a follower is only an account with a subscription.
On WeChat, following the official account follows everything (`follow`), and unfollowing
it stops everything (`unfollow`); the front end calls these on its follow events.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..actor import Actor
from ..errors import InvalidInput
from ..models import Account, Category, Subscription
from ..uow import UnitOfWork

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

    async def follow(self, actor: Actor) -> Following:
        """WeChat: following the official account follows every category and kind."""
        current = await self.current(actor)
        if current is not None:
            return current
        return await self.subscribe(actor, [], list(KINDS))

    async def unfollow(self, actor: Actor) -> bool:
        """WeChat: unfollowing the official account stops everything."""
        return await self.unsubscribe(actor)
