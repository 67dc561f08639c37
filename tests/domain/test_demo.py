"""Demo data: enough of it in every category, bilingual, unique, consistent, repeatable."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from bot.app import App
from demo.seed import DemoSummary, bulk_providers, seed_demo
from domain.models import (
    Account,
    Binding,
    BindingScope,
    BindingStatus,
    Category,
    Certification,
    Evaluation,
    Provider,
    ProviderStatus,
    Role,
)

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HAN = re.compile(r"[\u4e00-\u9fff]")
EMAIL = re.compile(r"^[a-z]+@[a-z0-9]+(-[a-z0-9]+)*\.example$")


async def _seed(app: App, **kwargs: object) -> DemoSummary:
    async with app.unit_of_work() as uow:
        summary = await seed_demo(uow, now=NOW, **kwargs)  # type: ignore[arg-type]
        await uow.commit()
    return summary


async def _providers(app: App) -> list[Any]:
    """Plain rows: ORM objects would expire when the unit of work rolls back on exit."""
    async with app.unit_of_work() as uow:
        return list((await uow.session.execute(select(
            Provider.company_name, Provider.contact_email, Provider.description)
            .order_by(Provider.id))).all())


async def test_every_category_gets_fifteen_certified_active_providers(app: App) -> None:
    calls: list[tuple[int, int]] = []
    summary = await _seed(app, progress=lambda done, total: calls.append((done, total)))
    assert summary.providers >= 300 and summary.merchants == 60
    assert summary.bindings >= 60 and summary.evaluations > 0
    assert calls[-1] == (360, 360)
    async with app.unit_of_work() as uow:
        s = uow.session
        counts = dict((await s.execute(
            select(Certification.category_id, func.count(func.distinct(Provider.id)))
            .join(Provider, Provider.id == Certification.provider_id)
            .where(Provider.status == ProviderStatus.ACTIVE, Certification.revoked_at.is_(None),
                   Certification.granted_at <= NOW, Certification.expires_at > NOW)
            .group_by(Certification.category_id))).tuples().all())
        categories = list(await s.scalars(select(Category).where(Category.retired.is_(False))))
        assert {c.code: counts.get(c.id, 0) >= 15 for c in categories} == {
            c.code: True for c in categories}
        members = list(await s.scalars(select(Account)))
        assert sorted(a.platform_id for a in members) == sorted(
            f"{c.code}-team" for c in categories)
        assert all(a.provider_id is not None and a.role is Role.PROVIDER for a in members)
        statuses = list(await s.scalars(select(Provider.status)))
        assert ProviderStatus.SUSPENDED in statuses and ProviderStatus.EXPELLED in statuses


async def test_names_are_unique_bilingual_and_searchable(app: App) -> None:
    await _seed(app)
    providers = await _providers(app)
    names = [p.company_name for p in providers]
    assert len({n.lower() for n in names}) == len(names)
    assert all(2 <= len(n) <= 80 for n in names)
    chinese = [n for n in names if HAN.search(n)]
    assert 0.3 < len(chinese) / len(names) < 0.7  # both languages have material
    emails = [p.contact_email for p in providers]
    assert len(set(emails)) == len(emails) and all(EMAIL.match(e) for e in emails)
    assert all(len(p.description) >= 20 for p in providers)
    # Chinese names with English descriptions exist: English keyword search finds them too.
    assert any(HAN.search(p.company_name) and not HAN.search(p.description) for p in providers)
    async with app.unit_of_work() as uow:
        certified = (await uow.session.execute(
            select(Category.code, Category.keywords, Provider.description)
            .join(Certification, Certification.category_id == Category.id)
            .join(Provider, Provider.id == Certification.provider_id))).all()
    texts: dict[str, str] = {}
    keywords: dict[str, list[str]] = {}
    for code, words, description in certified:
        texts[code] = texts.get(code, "") + " " + description.lower()
        keywords[code] = words
    # Keyword search in either language finds providers certified in every category.
    for code, words in keywords.items():
        assert any(k.lower() in texts[code] for k in words if k.isascii()), code
        assert any(k in texts[code] for k in words if not k.isascii()), code


async def test_bindings_stay_within_certified_scope_and_time(app: App) -> None:
    await _seed(app)
    async with app.unit_of_work() as uow:
        s = uow.session
        certified = set((await s.execute(
            select(Certification.provider_id, Certification.category_id))).tuples().all())
        scoped = (await s.execute(select(Binding, BindingScope.category_id).join(
            BindingScope, BindingScope.binding_id == Binding.id))).tuples().all()
        evaluated = list(await s.scalars(select(Binding).join(
            Evaluation, Evaluation.binding_id == Binding.id)))
        _check_bindings(certified, scoped, evaluated)


def _check_bindings(certified: set[Any], scoped: list[Any], evaluated: list[Binding]) -> None:
    assert {(b.provider_id, cid) for b, cid in scoped} <= certified
    bindings = {b for b, _ in scoped}
    by_status = {status: [b for b in bindings if b.status is status] for status in BindingStatus}
    assert all(len(by_status[s]) > 0 for s in
               (BindingStatus.ACTIVE, BindingStatus.EXPIRED, BindingStatus.REVOKED,
                BindingStatus.REQUESTED))
    assert all(b.starts_at < NOW < b.ends_at for b in by_status[BindingStatus.ACTIVE])
    assert all(b.ends_at < NOW for b in by_status[BindingStatus.EXPIRED])
    assert all(b.starts_at is None for b in by_status[BindingStatus.REQUESTED])
    assert all(b.starts_at is not None for b in evaluated)


async def test_seeding_twice_adds_nothing(app: App) -> None:
    first = await _seed(app)
    assert await _seed(app) == DemoSummary()
    assert len(await _providers(app)) == first.providers


async def test_the_same_seed_and_now_give_the_same_data(app: App) -> None:
    seen = []
    for _ in range(2):  # each run is rolled back: both start from an empty database
        async with app.unit_of_work() as uow:
            await seed_demo(uow, seed=3, now=NOW)
            rows = await uow.session.execute(
                select(Provider.company_name, Provider.contact_email, Provider.description)
                .order_by(Provider.id))
            seen.append(rows.tuples().all())
    assert seen[0] == seen[1] and len(seen[0]) == 300
    async with app.unit_of_work() as uow:
        await seed_demo(uow, seed=4, now=NOW)
        other = (await uow.session.execute(
            select(Provider.company_name, Provider.contact_email, Provider.description)
            .order_by(Provider.id))).tuples().all()
    assert other != seen[0]


async def test_bulk_providers_adds_unique_certified_providers(app: App) -> None:
    await _seed(app)
    calls: list[tuple[int, int]] = []
    async with app.unit_of_work() as uow:
        assert await bulk_providers(uow, 2000, progress=lambda d, t: calls.append((d, t))) == 2000
        await uow.commit()
    assert calls == [(2000, 2000)]
    providers = await _providers(app)
    assert len(providers) == 2300
    assert len({p.company_name.lower() for p in providers}) == 2300
    assert len({p.contact_email for p in providers}) == 2300
    async with app.unit_of_work() as uow:
        uncertified = await uow.session.scalar(select(func.count()).select_from(Provider).where(
            ~Provider.id.in_(select(Certification.provider_id))))
    assert uncertified == 0
