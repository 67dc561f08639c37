"""A merchant's own shop profile, edited after registration: name, markets, main product
category and monthly GMV band (the same checks as at registration)."""

from __future__ import annotations

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..models import Merchant
from .profiles import GMV_BANDS, PRODUCT_CATEGORIES, Profiles, check_shop_name


class OwnShop:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def merchant(self, actor: Actor) -> Merchant:
        return await Profiles(self.uow).merchant(actor)

    async def set_name(self, actor: Actor, text: str) -> Merchant:
        return await self._set(actor, "shop_name", check_shop_name(text))

    async def set_markets(self, actor: Actor, codes: list[str]) -> Merchant:
        return await self._set(actor, "markets",
                               v.choices(codes, self.uow.rules.markets, "markets"))

    async def set_product(self, actor: Actor, code: str) -> Merchant:
        return await self._set(actor, "product_category",
                               v.choices([code], PRODUCT_CATEGORIES, "product_category")[0])

    async def set_gmv(self, actor: Actor, code: str) -> Merchant:
        return await self._set(actor, "gmv_band", v.choices([code], GMV_BANDS, "gmv_band")[0])

    async def _set(self, actor: Actor, field: str, value: object) -> Merchant:
        merchant = await self.merchant(actor)
        setattr(merchant, field, value)
        self.uow.audit(actor, "merchant.profile_edited", f"merchant:{merchant.id}", None,
                       field=field)
        return merchant
