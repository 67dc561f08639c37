"""Set-up shortcuts: rows a test needs before its conversation starts.

Conversations under test always go through the real core; these only stand in for the
earlier conversations (registration, certification) that other tests cover.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from domain.models import (
    Account,
    Application,
    ApplicationStatus,
    Binding,
    BindingStatus,
    Category,
    Certification,
    Merchant,
    Provider,
    ProviderStatus,
    Role,
)


async def account(app: App, handle: str, *, language: str = "en") -> Account:
    async with app.unit_of_work() as uow:
        row = await uow.session.scalar(select(Account).where(
            Account.platform == "console", Account.platform_id == handle))
        if row is None:
            row = Account(platform="console", platform_id=handle, display_name=handle,
                          language=language, created_at=uow.now())
            uow.session.add(row)
            await uow.commit()
        uow.session.expunge(row)  # keep its loaded attributes past the unit of work
        return row


async def merchant(app: App, handle: str, shop: str = "Alice Beauty Store",
                   markets: tuple[str, ...] = ("US",), language: str = "en") -> int:
    acc = await account(app, handle, language=language)
    async with app.unit_of_work() as uow:
        row = Merchant(shop_name=shop, markets=list(markets), product_category="beauty",
                       gmv_band="100k_1m", created_at=uow.now())
        uow.session.add(row)
        await uow.session.flush()
        member = await uow.session.get(Account, acc.id)
        assert member is not None
        member.role, member.merchant_id = Role.MERCHANT, row.id
        await uow.commit()
        return row.id


async def provider(app: App, handle: str | None, name: str = "BrightWave Digital",
                   categories: tuple[str, ...] = ("advertising",),
                   email: str | None = None, markets: tuple[str, ...] = ("US",),
                   languages: tuple[str, ...] = ("en", "zh"),
                   description: str = "We run TikTok and Meta ad campaigns for sellers.",
                   language: str = "en") -> int:
    """A provider (with a member account when `handle` is given) certified in `categories`."""
    acc = await account(app, handle, language=language) if handle else None
    async with app.unit_of_work() as uow:
        slug = "".join(c for c in name.lower() if c.isalnum())[:20] or "p"
        row = Provider(company_name=name, description=description, markets=list(markets),
                       languages=list(languages), contact_email=email or f"{slug}@x.example",
                       created_at=uow.now())
        uow.session.add(row)
        await uow.session.flush()
        for code in categories:
            category = await uow.session.scalar(select(Category).where(Category.code == code))
            assert category is not None, code
            uow.session.add(Certification(provider_id=row.id, category_id=category.id,
                                          granted_at=uow.now(),
                                          expires_at=uow.now() + timedelta(days=365)))
        if acc is not None:
            member = await uow.session.get(Account, acc.id)
            assert member is not None
            member.role, member.provider_id = Role.PROVIDER, row.id
        await uow.commit()
        return row.id


async def active_binding(app: App, merchant_handle: str, provider_handle: str,
                         days: int = 30) -> tuple[int, int]:
    """An active binding of `days` from now; returns (merchant id, provider id)."""
    merchant_id = await merchant(app, merchant_handle)
    provider_id = await provider(app, provider_handle)
    async with app.unit_of_work() as uow:
        uow.session.add(Binding(merchant_id=merchant_id, provider_id=provider_id,
                                duration_days=days, status=BindingStatus.ACTIVE,
                                starts_at=uow.now(), ends_at=uow.now() + timedelta(days=days)))
        await uow.commit()
    return merchant_id, provider_id


async def suspend(app: App, provider_id: int, days: int) -> None:
    """The provider is suspended for `days` from now."""
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Provider, provider_id)
        assert row is not None
        row.status, row.suspended_until = ProviderStatus.SUSPENDED, uow.now() + timedelta(days=days)
        await uow.commit()


async def application(app: App, provider_id: int, code: str = "content") -> int:
    """An application waiting in the review queue (what /apply leaves behind), without files."""
    async with app.unit_of_work() as uow:
        category = await uow.session.scalar(select(Category).where(Category.code == code))
        assert category is not None, code
        row = Application(provider_id=provider_id, category_id=category.id,
                          claimed_gmv_usd=200_000, merchants_served=12,
                          status=ApplicationStatus.IN_REVIEW, submitted_at=uow.now())
        uow.session.add(row)
        await uow.commit()
        return row.id
