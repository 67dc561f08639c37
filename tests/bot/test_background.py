"""The maintenance round: binding reminders go out once, finished suspensions are lifted."""


from sqlalchemy import select

from bot.app import App
from bot.background import maintenance_round
from domain.models import OutboxMessage, Provider, ProviderStatus
from tests import factories
from tests.clock import Clock


async def test_a_binding_near_its_end_is_reminded_once(app: App, clock: Clock) -> None:
    await factories.active_binding(app, "alice", "bob")
    assert (await maintenance_round(app)).reminders == 0
    clock.advance(days=25)
    assert (await maintenance_round(app)).reminders == 1
    assert (await maintenance_round(app)).reminders == 0
    async with app.unit_of_work() as uow:
        kinds = (await uow.session.scalars(select(OutboxMessage.kind))).all()
    assert sorted(kinds) == ["binding.ending", "binding.ending"]


async def test_a_finished_suspension_is_lifted(app: App, clock: Clock) -> None:
    provider_id = await factories.provider(app, "bob")
    await factories.suspend(app, provider_id, days=7)
    clock.advance(days=8)
    await maintenance_round(app)
    async with app.unit_of_work() as uow:
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None and provider.status is ProviderStatus.ACTIVE


async def test_dedupe_keys_are_forgotten_after_a_week(app: App, clock: Clock) -> None:
    from bot.console import Console
    from tests.transcript import Transcript

    chat = Transcript(Console(app))
    await chat.say("alice", "/help", key="old-update")
    clock.advance(days=6)
    assert (await maintenance_round(app)).dedupe_keys_forgotten == 0
    assert await chat.say("alice", "/help", key="old-update") == []  # still a repeat
    clock.advance(days=2)
    assert (await maintenance_round(app)).dedupe_keys_forgotten == 1
