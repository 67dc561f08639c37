"""A provider's team as its owner manages it: who is in it, removing a member, handing
ownership over. The owner is the registering account (or, for older rows, the earliest)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import NotAllowed, NotFound
from ..models import Account, Provider
from ..notices import TeamMemberRemoved, TeamOwnershipReceived


@dataclass(frozen=True)
class Member:
    account_id: int
    name: str
    owner: bool
    me: bool


class Membership:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def _team(self, actor: Actor) -> tuple[Provider, list[Account], int]:
        provider_id = actor.require_provider()
        provider = await self.uow.session.get(Provider, provider_id)
        assert provider is not None
        members = list((await self.uow.session.scalars(select(Account).where(
            Account.provider_id == provider_id).order_by(Account.id))).all())
        ids = [m.id for m in members]
        owner = provider.owner_account_id if provider.owner_account_id in ids else ids[0]
        return provider, members, owner

    async def members(self, actor: Actor) -> list[Member]:
        _, members, owner = await self._team(actor)
        return [Member(m.id, m.display_name or m.platform_id, m.id == owner,
                       m.id == actor.account_id) for m in members]

    async def _as_owner(self, actor: Actor, account_id: int) -> tuple[Provider, Account]:
        provider, members, owner = await self._team(actor)
        if owner != actor.account_id:
            raise NotAllowed("error.team_owner_only")
        target = next((m for m in members if m.id == account_id), None)
        if target is None:
            raise NotFound("error.team_not_a_member")
        if target.id == actor.account_id:
            raise NotAllowed("error.team_not_yourself")
        return provider, target

    async def candidate(self, actor: Actor, account_id: int) -> Member:
        """The member an owner is about to remove or promote (refused early otherwise)."""
        _, target = await self._as_owner(actor, account_id)
        return Member(target.id, target.display_name or target.platform_id, False, False)

    async def remove(self, actor: Actor, account_id: int) -> Account:
        """The removed member loses the provider role at once and is told."""
        provider, target = await self._as_owner(actor, account_id)
        target.role, target.provider_id = None, None
        self.uow.notify(target.id, TeamMemberRemoved(company=provider.company_name))
        self.uow.audit(actor, "team.removed", f"provider:{provider.id}", None,
                       account_id=target.id)
        return target

    async def hand_over(self, actor: Actor, account_id: int) -> Account:
        provider, target = await self._as_owner(actor, account_id)
        provider.owner_account_id = target.id
        self.uow.notify(target.id, TeamOwnershipReceived(company=provider.company_name))
        self.uow.audit(actor, "team.owner_changed", f"provider:{provider.id}", None,
                       account_id=target.id)
        return target
