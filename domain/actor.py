"""Who is acting: passed explicitly to every service call."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import NotAllowed
from .models import Role


@dataclass(frozen=True)
class Actor:
    account_id: int
    identity: str  # "platform:id", as operators are configured
    role: Role | None = None
    merchant_id: int | None = None
    provider_id: int | None = None
    is_operator: bool = False

    def require_operator(self) -> None:
        if not self.is_operator:
            raise NotAllowed("error.operators_only")

    def require_merchant(self) -> int:
        if self.merchant_id is None:
            raise NotAllowed("error.merchants_only")
        return self.merchant_id

    def require_provider(self) -> int:
        if self.provider_id is None:
            raise NotAllowed("error.providers_only")
        return self.provider_id


SYSTEM = Actor(account_id=0, identity="system", is_operator=True)
