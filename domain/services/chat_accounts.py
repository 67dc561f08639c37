"""Chat accounts: a platform user's account, created on first contact and kept up to date.

Where the user is in a conversation is not the domain's business: that is the engine's
conversation store (handlers/engine/conversation_store.py), which calls this service.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..models import Account


class ChatAccounts:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def find(self, platform: str, platform_id: str) -> Account | None:
        return await self.uow.session.scalar(select(Account).where(
            Account.platform == platform, Account.platform_id == platform_id))

    async def arrived(self, found: Account | None, platform: str, platform_id: str,
                      display_name: str, language: str | None) -> Account:
        """The account of a user who just wrote: `found` refreshed, or a new one.

        `found` is what `find` returned, or what the caller read with it in one query.
        """
        if found is not None:
            refresh(found, display_name, language)
            return found
        values = dict(platform=platform, platform_id=platform_id,
                      display_name=display_name[:128], language=normalize_language(language),
                      created_at=self.uow.now())
        if self.uow.postgres:
            # A new user's first updates may reach two workers at once: the second INSERT
            # waits for the first to commit, then adds nothing, and both read the one account.
            await self.uow.session.execute(pg_insert(Account).values(**values)
                                           .on_conflict_do_nothing())
            created = await self.find(platform, platform_id)
            assert created is not None  # inserted here, or committed by the other worker
            return created
        account = Account(**values)  # SQLite: one writer at a time (BEGIN IMMEDIATE)
        self.uow.session.add(account)
        await self.uow.session.flush()
        return account


def refresh(account: Account, display_name: str, language: str | None) -> None:
    if display_name and account.display_name != display_name[:128]:
        account.display_name = display_name[:128]
    if language and not account.language_chosen:
        spoken = normalize_language(language)
        if account.language != spoken:
            account.language = spoken
    # Writing to the bot again means they have unblocked it: deliver to them again.
    if account.unreachable_since is not None:
        # Only when set (as every assignment here: only a change): assigning even the same
        # value marks the account changed, and the session then flushes on every update
        # (0.3 ms) to find nothing to write.
        account.unreachable_since = None


def actor_for(account: Account, operators: frozenset[str]) -> Actor:
    """Who the account is to the services: its role, its merchant or provider, operator or not."""
    identity = f"{account.platform}:{account.platform_id}"
    return Actor(account_id=account.id, identity=identity, role=account.role,
                 merchant_id=account.merchant_id, provider_id=account.provider_id,
                 is_operator=identity in operators)


def normalize_language(code: str | None) -> str:
    """zh, zh-hans, zh-CN, zh-TW … speak Chinese here; everything else English."""
    return "zh" if (code or "").lower().startswith("zh") else "en"
