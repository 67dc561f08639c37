"""Bindings: a merchant's scoped, time-limited authorization of a provider.

`ends_at` is the truth about expiry: every read computes the status from it and marks a
stale ACTIVE row EXPIRED on the way, so no job has to run for the rules to hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..models import (
    Binding,
    BindingScope,
    BindingStatus,
    Category,
    Certification,
    Merchant,
    Provider,
)
from ..names import localized
from ..notices import (
    BindingAccepted,
    BindingDeclined,
    BindingEnding,
    BindingRequested,
    BindingRevoked,
)
from ..standing import require_available

OPEN = (BindingStatus.REQUESTED, BindingStatus.ACTIVE)
UNAVAILABLE = "error.bind_provider_unavailable"


@dataclass(frozen=True)
class CategoryName:
    code: str
    en: str
    zh: str

    def name(self, lang: str) -> str:
        return localized(lang, self.en, self.zh)

    def as_params(self) -> list[str]:
        return [self.code, self.en, self.zh]


@dataclass(frozen=True)
class BindOffer:
    """What a merchant may ask of a provider: its name and its certified categories."""

    provider_id: int
    company_name: str
    categories: tuple[CategoryName, ...]


def check_decline_reason(value: str) -> str:
    return v.text(value, "decline_reason", minimum=2, maximum=500)


def active_filter(now: datetime) -> ColumnElement[bool]:
    """Bindings that are active right now (for listings and rankings)."""
    return (Binding.status == BindingStatus.ACTIVE) & (Binding.ends_at > now)


def effective_status(binding: Binding, now: datetime) -> BindingStatus:
    if binding.status is BindingStatus.ACTIVE and binding.ends_at is not None \
            and binding.ends_at <= now:
        return BindingStatus.EXPIRED
    return binding.status


def refresh(binding: Binding, now: datetime) -> Binding:
    """Mark a binding past its end EXPIRED (lazily, whenever it is read)."""
    if effective_status(binding, now) is not binding.status:
        binding.status, binding.ended_at = BindingStatus.EXPIRED, binding.ends_at
    return binding


class Bindings:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def offer(self, actor: Actor, provider_id: int) -> BindOffer:
        """Check a merchant may ask this provider now; the categories it may scope."""
        merchant_id = actor.require_merchant()
        provider = await self._askable(provider_id)
        await self._refuse_duplicate(merchant_id, provider)
        categories = await certified_categories(self.uow, provider_id)
        if not categories:
            raise NotAllowed("error.bind_unavailable", company=provider.company_name)
        return BindOffer(provider.id, provider.company_name, tuple(categories))

    async def request(self, actor: Actor, provider_id: int, scope: list[str],
                      duration_days: int) -> Binding:
        offer = await self.offer(actor, provider_id)
        codes = [c.code for c in offer.categories]
        if not scope or set(scope) - set(codes):
            raise InvalidInput("error.bind_bad_scope")
        if duration_days not in self.uow.rules.binding_durations:
            raise InvalidInput("error.bind_bad_duration")
        binding = Binding(merchant_id=actor.merchant_id, provider_id=provider_id,
                          duration_days=duration_days, status=BindingStatus.REQUESTED,
                          requested_by=actor.account_id, requested_at=self.uow.now())
        self.uow.session.add(binding)
        await self.uow.session.flush()
        chosen = [c for c in offer.categories if c.code in scope]
        ids = await self._category_ids([c.code for c in chosen])
        self.uow.session.add_all(BindingScope(binding_id=binding.id, category_id=i) for i in ids)
        shop = await self._shop(binding.merchant_id)
        await self.uow.notify_provider(provider_id, BindingRequested(
            binding_id=binding.id, shop=shop, days=duration_days,
            scope=tuple((c.code, c.en, c.zh) for c in chosen)))
        return binding

    async def answerable(self, actor: Actor, binding_id: int) -> Binding:
        """The provider's own request still waiting for an answer (before asking a reason)."""
        binding = await self.uow.session.get(Binding, binding_id)
        if binding is None or binding.provider_id != actor.require_provider():
            raise NotFound("error.bind_not_found")
        if binding.status is not BindingStatus.REQUESTED:
            status = refresh(binding, self.uow.now()).status.value
            raise Conflict(f"error.bind_already_{status}", binding_id=binding.id)
        return binding

    async def answer(self, actor: Actor, binding_id: int, accept: bool,
                     reason: str = "") -> Binding:
        """The provider's Accept or Decline; exactly one answer counts (the row is locked, so a
        merchant withdrawing at the same moment either wins or waits and then loses)."""
        provider_id = actor.require_provider()
        binding = await self.uow.session.get(Binding, binding_id, with_for_update=True,
                                             populate_existing=True)
        if binding is None or binding.provider_id != provider_id:
            raise NotFound("error.bind_not_found")
        if binding.status is not BindingStatus.REQUESTED:
            status = refresh(binding, self.uow.now()).status.value
            raise Conflict(f"error.bind_already_{status}", binding_id=binding.id)
        now = self.uow.now()
        provider = await self.uow.session.get(Provider, provider_id)
        assert provider is not None
        if accept:
            require_available(provider, now, UNAVAILABLE)
            binding.status, binding.starts_at = BindingStatus.ACTIVE, now
            binding.ends_at = now + timedelta(days=binding.duration_days)
        else:
            binding.status, binding.ended_at = BindingStatus.DECLINED, now
            binding.decline_reason = check_decline_reason(reason) if reason else None
        binding.answered_at = now
        await self.uow.notify_merchant(binding.merchant_id, BindingAccepted(
            binding_id=binding.id, company=provider.company_name,
            ends=binding.ends_at.date().isoformat() if binding.ends_at else "") if accept
            else BindingDeclined(binding_id=binding.id, company=provider.company_name,
                                 reason=binding.decline_reason or ""))
        self.uow.audit(actor, "binding.accepted" if accept else "binding.declined",
                       f"binding:{binding.id}", binding.decline_reason,
                       merchant_id=binding.merchant_id, provider_id=provider_id)
        return binding

    async def revocable(self, actor: Actor, binding_id: int, lock: bool = False) -> Binding:
        """The merchant's own binding, still requested or active."""
        binding = await self.own(actor, binding_id, lock=lock)
        if binding.status not in OPEN:
            raise Conflict("error.bind_not_open", binding_id=binding.id)
        return binding

    async def revoke(self, actor: Actor, binding_id: int, withdraw: bool = False) -> Binding:
        """End an active binding, or withdraw a request not yet answered; the provider is told.

        `withdraw`: the merchant pressed Withdraw on a request; if the provider accepted it a
        moment earlier, nothing changes and the merchant is told, so the two never both happen.
        """
        binding = await self.revocable(actor, binding_id, lock=True)
        withdrawn = binding.status is BindingStatus.REQUESTED
        if withdraw and not withdrawn:
            raise Conflict("error.bind_withdraw_too_late", binding_id=binding.id)
        binding.status, binding.ended_at = BindingStatus.REVOKED, self.uow.now()
        shop = await self._shop(binding.merchant_id)
        await self.uow.notify_provider(binding.provider_id, BindingRevoked(
            binding_id=binding.id, shop=shop, withdrawn=withdrawn))
        return binding

    async def own(self, actor: Actor, binding_id: int, lock: bool = False) -> Binding:
        """A merchant's own binding (someone else's looks exactly like a missing one).

        `lock` for a change: the row is re-read under FOR UPDATE, so a provider's answer
        that committed a moment ago is seen instead of overwritten."""
        merchant_id = actor.require_merchant()
        binding = await self.uow.session.get(Binding, binding_id, with_for_update=lock or None,
                                             populate_existing=lock)
        if binding is None or binding.merchant_id != merchant_id:
            raise NotFound("error.bind_not_found")
        return refresh(binding, self.uow.now())

    async def _askable(self, provider_id: int) -> Provider:
        provider = await self.uow.session.get(Provider, provider_id)
        if provider is None:
            raise NotFound("error.bind_no_provider")
        require_available(provider, self.uow.now(), UNAVAILABLE)
        if not provider.accepting_clients:
            raise NotAllowed("error.bind_not_accepting", company=provider.company_name)
        return provider

    async def _refuse_duplicate(self, merchant_id: int, provider: Provider) -> None:
        rows = (await self.uow.session.scalars(select(Binding).where(
            Binding.merchant_id == merchant_id, Binding.provider_id == provider.id,
            Binding.status.in_(OPEN)).order_by(Binding.id))).all()
        for row in rows:
            if refresh(row, self.uow.now()).status in OPEN:
                raise Conflict(f"error.bind_exists_{row.status.value}", binding_id=row.id,
                               company=provider.company_name)

    async def _category_ids(self, codes: list[str]) -> list[int]:
        return list((await self.uow.session.scalars(
            select(Category.id).where(Category.code.in_(codes)))).all())

    async def _shop(self, merchant_id: int) -> str:
        merchant = await self.uow.session.get(Merchant, merchant_id)
        return merchant.shop_name if merchant else ""


async def certified_categories(uow: UnitOfWork, provider_id: int) -> list[CategoryName]:
    """The provider's categories with an active certification, in catalog order."""
    now = uow.now()
    rows = (await uow.session.execute(
        select(Category.position, Category.code, Category.name_en, Category.name_zh)
        .join(Certification, Certification.category_id == Category.id)
        .where(Certification.provider_id == provider_id, Certification.revoked_at.is_(None),
               Certification.expires_at > now, Category.retired.is_(False))
        .distinct().order_by(Category.position))).all()
    return [CategoryName(*row[1:]) for row in rows]


async def send_binding_reminders(uow: UnitOfWork) -> int:
    """Tell both sides a binding ends soon, once per binding; the scheduler calls and commits."""
    now = uow.now()
    soon = now + timedelta(days=uow.rules.binding_reminder_days)
    rows = (await uow.session.execute(
        select(Binding, Provider.company_name, Merchant.shop_name)
        .join(Provider, Provider.id == Binding.provider_id)
        .join(Merchant, Merchant.id == Binding.merchant_id)
        .where(active_filter(now), Binding.ends_at <= soon,
               Binding.reminder_sent_at.is_(None)).order_by(Binding.id))).all()
    for binding, company, shop in rows:
        assert binding.ends_at is not None
        ending = BindingEnding(binding_id=binding.id, company=company, shop=shop,
                               ends=binding.ends_at.date().isoformat())
        await uow.notify_merchant(binding.merchant_id, ending)
        await uow.notify_provider(binding.provider_id, ending)
        binding.reminder_sent_at = now
    return len(rows)
