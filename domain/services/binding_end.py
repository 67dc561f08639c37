"""A provider ends an active binding, with a reason the merchant is told (the merchant's
own way out is revoking, in bindings.py)."""

from __future__ import annotations

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import NotAllowed, NotFound
from ..models import Binding, BindingStatus, Provider
from ..notices import BindingEndedByProvider
from .bindings import refresh


def check_reason(value: str) -> str:
    return v.text(value, "end_reason", minimum=5, maximum=500)


class ProviderEnds:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def endable(self, actor: Actor, binding_id: int) -> Binding:
        """The provider's own active binding (someone else's looks like a missing one)."""
        provider_id = actor.require_provider()
        binding = await self.uow.session.get(Binding, binding_id)
        if binding is None or binding.provider_id != provider_id:
            raise NotFound("error.bind_not_found")
        if refresh(binding, self.uow.now()).status is not BindingStatus.ACTIVE:
            raise NotAllowed("error.bind_end_not_active", binding_id=binding.id)
        return binding

    async def end(self, actor: Actor, binding_id: int, reason: str) -> Binding:
        binding = await self.endable(actor, binding_id)
        why = check_reason(reason)
        binding.status, binding.ended_at = BindingStatus.REVOKED, self.uow.now()
        provider = await self.uow.session.get(Provider, binding.provider_id)
        company = provider.company_name if provider else ""
        await self.uow.notify_merchant(binding.merchant_id, BindingEndedByProvider(
            binding_id=binding.id, company=company, reason=why))
        self.uow.audit(actor, "binding.ended_by_provider", f"binding:{binding.id}", why)
        return binding
