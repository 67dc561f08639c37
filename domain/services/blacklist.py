"""The blacklist: identifiers that may not register as a provider again.

Expulsion adds the provider's company name and e-mail (sanctions.py); operators see, add
and remove entries with /blacklist, always with a reason, and every change is audited.
Values are stored normalized (domain/blacklist_names.py), so a respelling does not get by.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..blacklist_names import normalize
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..models import BlacklistEntry

KINDS = ("company", "email")


def check_reason(value: str) -> str:
    return v.text(value, "blacklist_reason", minimum=5, maximum=500)


class Blacklist:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def entries(self, actor: Actor) -> list[BlacklistEntry]:
        actor.require_operator()
        return list((await self.uow.session.scalars(
            select(BlacklistEntry).order_by(BlacklistEntry.kind, BlacklistEntry.id))).all())

    async def add(self, actor: Actor, kind: str, shown: str, reason: str) -> BlacklistEntry:
        actor.require_operator()
        if kind not in KINDS:
            raise InvalidInput("error.blacklist_kind")
        shown = v.email(shown) if kind == "email" else v.text(shown, "company_name", maximum=120)
        reason, value = check_reason(reason), normalize(kind, shown)
        taken = await self.uow.session.scalar(select(BlacklistEntry).where(
            BlacklistEntry.kind == kind, BlacklistEntry.value == value))
        if taken is not None:
            raise Conflict("error.blacklist_exists", entry_id=taken.id,
                           value=taken.shown or taken.value)
        entry = BlacklistEntry(kind=kind, value=value, shown=shown, reason=reason,
                               added_by=actor.identity, created_at=self.uow.now())
        self.uow.session.add(entry)
        await self.uow.session.flush()
        self.uow.audit(actor, "blacklist.add", f"blacklist:{entry.id}", reason, kind=kind,
                       value=shown, normalized=value)
        return entry

    async def remove(self, actor: Actor, entry_id: int, reason: str) -> BlacklistEntry:
        actor.require_operator()
        reason = check_reason(reason)
        entry = await self.uow.session.get(BlacklistEntry, entry_id, with_for_update=True)
        if entry is None:
            raise NotFound("error.blacklist_not_found", entry_id=entry_id)
        await self.uow.session.delete(entry)
        self.uow.audit(actor, "blacklist.remove", f"blacklist:{entry_id}", reason,
                       kind=entry.kind, value=entry.shown or entry.value,
                       provider_id=entry.provider_id)
        return entry

    async def check(self, company_name: str, email: str) -> None:
        """Refuse a registration whose company name or e-mail matches an entry."""
        conditions = [(BlacklistEntry.kind == "company")
                      & (BlacklistEntry.value == normalize("company", company_name))]
        if email.strip():
            conditions.append((BlacklistEntry.kind == "email")
                              & (BlacklistEntry.value == normalize("email", email)))
        if await self.uow.session.scalar(select(BlacklistEntry.id).where(or_(*conditions))):
            raise NotAllowed("error.blacklisted")
