"""Team invites: a provider's invite code lets another chat user join the same provider."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, NotAllowed, NotFound
from ..models import Account, Provider, ProviderStatus, Role
from ..notices import TeamMemberJoined
from ..standing import require_available

# No look-alike characters: codes are read aloud and typed by hand as well as tapped.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    return code.strip().upper()


class Team:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def _provider(self, actor: Actor) -> Provider:
        provider = await self.uow.session.get(Provider, actor.require_provider())
        if provider is None:
            raise NotFound("error.unknown_account")
        return provider

    async def invite_code(self, actor: Actor, *, renew: bool = False) -> str:
        """The provider's invite code; `renew` replaces it, so an old code stops working."""
        provider = await self._provider(actor)
        _check_may_grow(provider, self.uow.now())
        if provider.invite_code is None or renew:
            provider.invite_code = new_code()
            await self.uow.session.flush()
            self.uow.audit(actor, "team.invite_code", f"provider:{provider.id}",
                           None, renewed=renew)
        return provider.invite_code

    async def join(self, actor: Actor, code: str) -> tuple[Actor, Provider]:
        """An unregistered user joins the provider whose code they hold."""
        account = await self.uow.session.get(Account, actor.account_id)
        if account is None:
            raise NotAllowed("error.unknown_account")
        if account.role is not None:
            raise Conflict("error.already_registered", role=account.role.value)
        provider = await self.uow.session.scalar(
            select(Provider).where(Provider.invite_code == normalize_code(code)))
        if provider is None or not code.strip():
            raise NotFound("error.invite_invalid")
        _check_may_grow(provider, self.uow.now())
        await self.uow.notify_provider(provider.id, TeamMemberJoined(
            member=account.display_name or actor.identity))
        account.role, account.provider_id = Role.PROVIDER, provider.id
        self.uow.audit(actor, "team.joined", f"provider:{provider.id}", None,
                       account_id=account.id)
        return Actor(account_id=actor.account_id, identity=actor.identity, role=Role.PROVIDER,
                     provider_id=provider.id, is_operator=actor.is_operator), provider

    async def members(self, actor: Actor) -> list[Account]:
        provider_id = actor.require_provider()
        return list((await self.uow.session.scalars(select(Account).where(
            Account.provider_id == provider_id).order_by(Account.id))).all())


def _check_may_grow(provider: Provider, now: datetime) -> None:
    """Expelled for good, or suspended for now: the team takes no new members meanwhile."""
    if provider.status is ProviderStatus.EXPELLED:
        raise NotAllowed("error.invite_expelled")
    require_available(provider, now, "error.invite_suspended")
