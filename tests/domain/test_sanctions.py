"""The points ladder, expiry of points, suspensions that end, and overturning by replay."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app import App
from domain.actor import Actor
from domain.errors import InvalidInput, NotAllowed
from domain.models import BlacklistEntry, Provider, ProviderStatus, SanctionKind
from domain.services.sanctions import Order, Sanctions, is_available
from tests import factories
from tests.clock import Clock

OPS = Actor(account_id=0, identity="console:ops", is_operator=True)


async def _impose(app: App, provider_id: int, order: Order) -> Provider:
    async with app.unit_of_work() as uow:
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None
        await Sanctions(uow).impose(OPS, provider, order, "Charged an entry fee.")
        await uow.commit()
        return provider


def points(n: int) -> Order:
    return Order(SanctionKind.POINTS, n)


async def test_points_below_the_first_step_leave_the_provider_listed(
        app: App, clock: Clock) -> None:
    pid = await factories.provider(app, None)
    provider = await _impose(app, pid, points(11))
    assert (provider.violation_points, provider.status) == (11, ProviderStatus.ACTIVE)
    assert is_available(provider, clock())


async def test_crossing_twelve_suspends_for_seven_days_then_it_ends(
        app: App, clock: Clock) -> None:
    pid = await factories.provider(app, None)
    await _impose(app, pid, points(6))
    provider = await _impose(app, pid, points(6))
    assert provider.status is ProviderStatus.SUSPENDED
    assert provider.suspended_until == clock() + timedelta(days=7)
    assert not is_available(provider, clock())
    clock.advance(days=7)
    assert is_available(provider, clock())
    async with app.unit_of_work() as uow:
        assert await Sanctions(uow).refresh_due() == 1
        await uow.commit()
        refreshed = await uow.session.get(Provider, pid)
        assert refreshed is not None and refreshed.status is ProviderStatus.ACTIVE


async def test_crossing_twenty_four_suspends_for_thirty_days(app: App, clock: Clock) -> None:
    pid = await factories.provider(app, None)
    await _impose(app, pid, points(12))
    provider = await _impose(app, pid, points(12))
    assert provider.suspended_until == clock() + timedelta(days=30)


async def test_forty_eight_points_expel_and_blacklist(app: App, clock: Clock) -> None:
    pid = await factories.provider(app, None, name="BrightWave Digital",
                                   email="ads@brightwave.example")
    provider = await _impose(app, pid, points(48))
    assert provider.status is ProviderStatus.EXPELLED and not is_available(provider, clock())
    async with app.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(BlacklistEntry))).all()
        assert {(r.kind, r.value) for r in rows} == {
            ("email", "ads@brightwave.example"), ("company", "brightwavedigital")}


async def test_points_expire_after_the_window_and_no_longer_count_on_the_ladder(
        app: App, clock: Clock) -> None:
    pid = await factories.provider(app, None)
    await _impose(app, pid, points(10))
    clock.advance(days=180)
    async with app.unit_of_work() as uow:
        await Sanctions(uow).refresh_due()
        await uow.commit()
        provider = await uow.session.get(Provider, pid)
        assert provider is not None and provider.violation_points == 0
    provider = await _impose(app, pid, points(6))
    assert (provider.violation_points, provider.status) == (6, ProviderStatus.ACTIVE)


async def test_overturning_earlier_points_undoes_a_ladder_expulsion_they_caused(
        app: App) -> None:
    pid = await factories.provider(app, None)
    await _impose(app, pid, points(40))
    await _impose(app, pid, points(10))
    async with app.unit_of_work() as uow:
        sanctions = Sanctions(uow)
        first = (await sanctions.of_provider(pid))[0]
        standing = await sanctions.overturn(OPS, first)
        await uow.commit()
        assert standing.points == 10 and not standing.expelled
        assert await uow.session.scalar(select(func.count()).select_from(BlacklistEntry)) == 0


async def test_an_explicit_suspension_and_bad_orders(app: App, clock: Clock) -> None:
    pid = await factories.provider(app, None)
    provider = await _impose(app, pid, Order(SanctionKind.SUSPENSION, days=3))
    assert provider.suspended_until == clock() + timedelta(days=3)
    for order in (points(0), points(101), Order(SanctionKind.SUSPENSION, days=0)):
        with pytest.raises(InvalidInput):
            order.checked()


async def test_only_operators_impose(app: App) -> None:
    pid = await factories.provider(app, None)
    async with app.unit_of_work() as uow:
        provider = await uow.session.get(Provider, pid)
        assert provider is not None
        with pytest.raises(NotAllowed):
            await Sanctions(uow).impose(Actor(1, "console:bob"), provider, points(3), "x")
