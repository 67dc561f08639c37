"""Sanctions and the points ladder: a provider's standing is replayed from its sanctions.

A provider's points, suspension and expulsion are never edited by hand: they follow from
the sanctions that still stand (not overturned), replayed in order. Adding a sanction and
overturning one are the same computation, so an overturn removes exactly what that sanction
caused (its points, a suspension or expulsion it triggered on the ladder, the blacklist).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..blacklist_names import normalize
from ..errors import InvalidInput
from ..models import (
    BlacklistEntry,
    Provider,
    ProviderStatus,
    Sanction,
    SanctionKind,
)
from ..rules import Rules
from ..standing import is_available  # noqa: F401  (re-exported: callers ask sanctions)
from .standing_effects import carry_out

MAX_POINTS = 100
MAX_SUSPENSION_DAYS = 365


@dataclass(frozen=True)
class Order:
    """What an operator imposes: a kind, with points or days where the kind needs them."""

    kind: SanctionKind
    points: int = 0
    days: int | None = None

    def checked(self) -> Order:
        if self.kind is SanctionKind.POINTS and not 1 <= self.points <= MAX_POINTS:
            raise InvalidInput("error.sanction_points_range", maximum=MAX_POINTS)
        if self.kind is SanctionKind.SUSPENSION and not (
                self.days is not None and 1 <= self.days <= MAX_SUSPENSION_DAYS):
            raise InvalidInput("error.sanction_days_range", maximum=MAX_SUSPENSION_DAYS)
        points = self.points if self.kind is SanctionKind.POINTS else 0
        days = self.days if self.kind is SanctionKind.SUSPENSION else None
        return Order(self.kind, points, days)


@dataclass(frozen=True)
class Effect:
    """What one sanction did when it was given: a suspension end, or expulsion."""

    suspended_until: datetime | None = None
    expelled: bool = False


@dataclass
class Standing:
    points: int = 0
    expelled: bool = False
    suspended_until: datetime | None = None
    effects: dict[int, Effect] = field(default_factory=dict)


def replay(sanctions: list[Sanction], rules: Rules, now: datetime) -> Standing:
    """Apply standing sanctions in order; the ladder counts only points unexpired at the time."""
    standing = Standing()
    held: list[Sanction] = []
    for s in sorted(sanctions, key=lambda s: (s.created_at, s.id)):
        before = sum(x.points for x in held if _counts(x, s.created_at))
        effect = _effect(s, before, rules)
        standing.effects[s.id] = effect
        standing.expelled = standing.expelled or effect.expelled
        if effect.suspended_until is not None:
            standing.suspended_until = max(standing.suspended_until or effect.suspended_until,
                                           effect.suspended_until)
        held.append(s)
    standing.points = sum(x.points for x in held if _counts(x, now))
    return standing


def _counts(s: Sanction, at: datetime) -> bool:
    return s.points > 0 and s.points_expire_at is not None and s.points_expire_at > at


def _effect(s: Sanction, before: int, rules: Rules) -> Effect:
    if s.kind is SanctionKind.EXPULSION:
        return Effect(expelled=True)
    days = [s.suspension_days] if s.kind is SanctionKind.SUSPENSION and s.suspension_days else []
    for step in rules.ladder:
        if before < step.points <= before + s.points:
            if step.suspend_days is None:
                return Effect(expelled=True)
            days.append(step.suspend_days)
    if not days:
        return Effect()
    return Effect(suspended_until=s.created_at + timedelta(days=max(days)))


class Sanctions:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def of_provider(self, provider_id: int) -> list[Sanction]:
        return list((await self.uow.session.scalars(
            select(Sanction).where(Sanction.provider_id == provider_id)
            .order_by(Sanction.created_at, Sanction.id))).all())

    async def impose(self, actor: Actor, provider: Provider, order: Order, reason: str,
                     report_id: int | None = None) -> tuple[Sanction, Effect, Standing]:
        """Record a sanction and let the ladder apply itself; the caller audits and notifies."""
        actor.require_operator()
        order, now = order.checked(), self.uow.now()
        sanction = Sanction(
            provider_id=provider.id, report_id=report_id, kind=order.kind, points=order.points,
            suspension_days=order.days, reason=reason, decided_by=actor.identity,
            created_at=now,
            points_expire_at=now + timedelta(days=self.uow.rules.points_expire_days)
            if order.points else None)
        self.uow.session.add(sanction)
        await self.uow.session.flush()
        standing = await self.apply(provider)
        return sanction, standing.effects[sanction.id], standing

    async def preview(self, actor: Actor, provider_id: int, order: Order) -> Standing:
        """What imposing `order` now would do, told to the operator before confirming;
        the same replay as `impose`, on a sanction that is never stored."""
        actor.require_operator()
        order, now = order.checked(), self.uow.now()
        expire = now + timedelta(days=self.uow.rules.points_expire_days) if order.points else None
        draft = Sanction(id=0, provider_id=provider_id, kind=order.kind, points=order.points,
                         suspension_days=order.days, reason="", decided_by=actor.identity,
                         created_at=now, points_expire_at=expire)
        standing = [s for s in await self.of_provider(provider_id) if s.overturned_at is None]
        return replay([*standing, draft], self.uow.rules, now)

    async def overturn(self, actor: Actor, sanction: Sanction) -> Standing:
        """Take a sanction back: its points go, and whatever it caused is recomputed away."""
        actor.require_operator()
        sanction.overturned_at = self.uow.now()
        provider = await self.uow.session.get(Provider, sanction.provider_id,
                                              with_for_update=True, populate_existing=True)
        assert provider is not None
        return await self.apply(provider)

    async def apply(self, provider: Provider) -> Standing:
        """Bring the provider's cached points, status and blacklist in line with its sanctions."""
        now, before = self.uow.now(), provider.status
        standing = [s for s in await self.of_provider(provider.id) if s.overturned_at is None]
        result = replay(standing, self.uow.rules, now)
        provider.violation_points = result.points
        if result.expelled:
            provider.status, provider.suspended_until = ProviderStatus.EXPELLED, None
        elif result.suspended_until is not None and result.suspended_until > now:
            provider.status, provider.suspended_until = (ProviderStatus.SUSPENDED,
                                                         result.suspended_until)
        else:
            provider.status, provider.suspended_until = ProviderStatus.ACTIVE, None
        if provider.status is not before:
            await self._blacklist(provider, result.expelled)
            await carry_out(self.uow, provider, before)
        return result

    async def _blacklist(self, provider: Provider, expelled: bool) -> None:
        """On expulsion the name and e-mail go on the list; an overturn takes them off.

        Only on a change of status: an entry an operator removed with /blacklist stays removed.
        """
        await self.uow.session.execute(
            delete(BlacklistEntry).where(BlacklistEntry.provider_id == provider.id))
        if not expelled:
            return
        for kind, shown in (("email", provider.contact_email), ("company", provider.company_name)):
            value = normalize(kind, shown)
            taken = await self.uow.session.scalar(select(BlacklistEntry.id).where(
                BlacklistEntry.kind == kind, BlacklistEntry.value == value))
            if taken is None:
                self.uow.session.add(BlacklistEntry(
                    kind=kind, value=value, shown=shown.strip(), provider_id=provider.id,
                    reason="expelled", added_by="system", created_at=self.uow.now()))
        await self.uow.session.flush()

    async def refresh_due(self) -> int:
        """Expire points and lift finished suspensions (a periodic job; search checks lazily)."""
        now = self.uow.now()
        providers = (await self.uow.session.scalars(select(Provider).where(or_(
            Provider.violation_points > 0,
            (Provider.status == ProviderStatus.SUSPENDED) & (Provider.suspended_until <= now),
        )))).all()
        changed = 0
        for provider in providers:
            before = (provider.violation_points, provider.status)
            await self.apply(provider)
            changed += before != (provider.violation_points, provider.status)
        return changed
