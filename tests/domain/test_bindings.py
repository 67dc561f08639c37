"""Binding rules in the service: expiry by ends_at, reminders once, scope and duration checks."""

import pytest
from sqlalchemy import func, select

from bot.app import App
from domain.actor import Actor
from domain.errors import InvalidInput
from domain.models import Account, Binding, BindingStatus, OutboxMessage
from domain.services.bindings import Bindings, active_filter, send_binding_reminders
from tests import factories
from tests.clock import Clock


async def actor(app: App, handle: str) -> Actor:
    async with app.unit_of_work() as uow:
        acc = await uow.session.scalar(select(Account).where(Account.platform_id == handle))
        assert acc is not None
        return Actor(acc.id, f"console:{handle}", acc.role, acc.merchant_id, acc.provider_id)


async def active_binding(app: App, days: int = 30) -> int:
    await factories.merchant(app, "alice")
    pid = await factories.provider(app, "bob")
    alice, bob = await actor(app, "alice"), await actor(app, "bob")
    async with app.unit_of_work() as uow:
        binding = await Bindings(uow).request(alice, pid, ["advertising"], days)
        await Bindings(uow).answer(bob, binding.id, accept=True)
        await uow.commit()
        return binding.id


async def reminders(app: App) -> int:
    async with app.unit_of_work() as uow:
        sent = await send_binding_reminders(uow)
        await uow.commit()
        return sent


async def notices(app: App, kind: str) -> int:
    async with app.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(OutboxMessage)
                                        .where(OutboxMessage.kind == kind)) or 0


async def test_a_binding_past_its_end_is_not_active_without_any_job(app: App,
                                                                    clock: Clock) -> None:
    binding_id = await active_binding(app)
    clock.advance(days=30)
    async with app.unit_of_work() as uow:
        stored = await uow.session.get(Binding, binding_id)
        assert stored is not None and stored.status is BindingStatus.ACTIVE  # nothing ran
        active = await uow.session.scalar(select(func.count()).select_from(Binding)
                                          .where(active_filter(uow.now())))
        assert active == 0


async def test_the_reminder_goes_out_once_the_set_days_before_the_end(app: App,
                                                                      clock: Clock) -> None:
    await active_binding(app)
    assert app.env.rules.binding_reminder_days == 7
    clock.advance(days=22)
    assert await reminders(app) == 0
    clock.advance(days=1, seconds=1)
    assert await reminders(app) == 1
    assert await notices(app, "binding.ending") == 2  # the merchant and the provider member
    assert await reminders(app) == 0
    clock.advance(days=10)
    assert await reminders(app) == 0


async def test_a_revoked_binding_gets_no_reminder(app: App, clock: Clock) -> None:
    binding_id = await active_binding(app)
    async with app.unit_of_work() as uow:
        await Bindings(uow).revoke(await actor(app, "alice"), binding_id)
        await uow.commit()
    clock.advance(days=25)
    assert await reminders(app) == 0


async def test_scope_outside_the_certifications_and_odd_durations_are_refused(app: App) -> None:
    await factories.merchant(app, "alice")
    pid = await factories.provider(app, "bob")
    alice = await actor(app, "alice")
    async with app.unit_of_work() as uow:
        with pytest.raises(InvalidInput) as scope:
            await Bindings(uow).request(alice, pid, ["logistics"], 30)
        with pytest.raises(InvalidInput) as empty:
            await Bindings(uow).request(alice, pid, [], 30)
        with pytest.raises(InvalidInput) as duration:
            await Bindings(uow).request(alice, pid, ["advertising"], 45)
    assert scope.value.code == empty.value.code == "error.bind_bad_scope"
    assert duration.value.code == "error.bind_bad_duration"
