"""Registering as a merchant or a provider, the profile, and the chosen language."""

from __future__ import annotations

from dataclasses import dataclass

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, NotAllowed
from ..models import Account, Merchant, Provider, Role
from .blacklist import Blacklist

PRODUCT_CATEGORIES = ("apparel", "beauty", "electronics", "home", "toys", "sports",
                      "food", "health", "pets", "auto", "other")
GMV_BANDS = ("lt10k", "10k_100k", "100k_1m", "gt1m")
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class MerchantForm:
    shop_name: str
    markets: list[str]
    product_category: str
    gmv_band: str


@dataclass(frozen=True)
class ProviderForm:
    company_name: str
    description: str
    markets: list[str]
    languages: list[str]
    contact_email: str


def check_shop_name(value: str) -> str:
    return v.text(value, "shop_name", minimum=2, maximum=80)


def check_company_name(value: str) -> str:
    return v.text(value, "company_name", minimum=2, maximum=80)


def check_description(value: str) -> str:
    return v.text(value, "description", minimum=20, maximum=1000)


class Profiles:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def _account(self, actor: Actor) -> Account:
        account = await self.uow.session.get(Account, actor.account_id)
        if account is None:
            raise NotAllowed("error.unknown_account")
        return account

    async def register_merchant(self, actor: Actor, form: MerchantForm) -> Actor:
        account = await self._account(actor)
        if account.role is not None:
            raise Conflict("error.already_registered", role=account.role.value)
        rules = self.uow.rules
        merchant = Merchant(
            shop_name=check_shop_name(form.shop_name),
            markets=v.choices(form.markets, rules.markets, "markets"),
            product_category=v.choices([form.product_category], PRODUCT_CATEGORIES,
                                       "product_category")[0],
            gmv_band=v.choices([form.gmv_band], GMV_BANDS, "gmv_band")[0],
            created_at=self.uow.now(),
        )
        self.uow.session.add(merchant)
        await self.uow.session.flush()
        account.role, account.merchant_id = Role.MERCHANT, merchant.id
        return _with(actor, account)

    async def register_provider(self, actor: Actor, form: ProviderForm) -> Actor:
        account = await self._account(actor)
        if account.role is not None:
            raise Conflict("error.already_registered", role=account.role.value)
        rules = self.uow.rules
        email = v.email(form.contact_email)
        name = check_company_name(form.company_name)
        await self.check_not_blacklisted(name, email)
        provider = Provider(
            company_name=name, description=check_description(form.description),
            markets=v.choices(form.markets, rules.markets, "markets"),
            languages=v.choices(form.languages, rules.languages, "languages"),
            contact_email=email, created_at=self.uow.now(),
        )
        self.uow.session.add(provider)
        await self.uow.session.flush()
        account.role, account.provider_id = Role.PROVIDER, provider.id
        provider.owner_account_id = account.id
        return _with(actor, account)

    async def vet_company_name(self, company_name: str) -> str:
        """At the form's company step: a blacklisted name is refused before the rest is asked."""
        name = check_company_name(company_name)
        await self.check_not_blacklisted(name, "")
        return name

    async def check_not_blacklisted(self, company_name: str, email: str) -> None:
        """Expelled providers cannot come back under the same e-mail or company name."""
        await Blacklist(self.uow).check(company_name, email)

    async def set_language(self, actor: Actor, language: str) -> None:
        account = await self._account(actor)
        account.language = v.choices([language], LANGUAGES, "language")[0]
        account.language_chosen = True

    async def merchant(self, actor: Actor) -> Merchant:
        merchant_id = actor.require_merchant()
        merchant = await self.uow.session.get(Merchant, merchant_id)
        assert merchant is not None
        return merchant

    async def provider(self, actor: Actor) -> Provider:
        provider_id = actor.require_provider()
        provider = await self.uow.session.get(Provider, provider_id)
        assert provider is not None
        return provider


def _with(actor: Actor, account: Account) -> Actor:
    return Actor(account_id=actor.account_id, identity=actor.identity, role=account.role,
                 merchant_id=account.merchant_id, provider_id=account.provider_id,
                 is_operator=actor.is_operator)
