"""Two transactions on one binding, report, application or provider: exactly one outcome.

Each test holds the first action's transaction open (its row locks taken, nothing
committed), starts the second in its own unit of work, checks that it waits, then commits
the first. On PostgreSQL the second waits on the row lock (SELECT ... FOR UPDATE or a
conditional UPDATE); on SQLite on the database's single writer. Either way it must then see
what the first did and refuse, rather than contradict it.
"""

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select, update

from bot.app import App
from domain.actor import Actor
from domain.adapters.uow import UnitOfWork
from domain.errors import Conflict, DomainError, NotAllowed
from domain.models import (
    Account,
    Application,
    ApplicationStatus,
    Binding,
    BindingStatus,
    OutboxMessage,
    Role,
    SanctionKind,
)
from domain.services.application_review import ApplicationReview
from domain.services.applications import ApplicationForm, Applications
from domain.services.bindings import Bindings
from domain.services.cases import Cases
from domain.services.sanctions import Order, Sanctions
from tests import factories
from tests.domain.test_applications import upload_three
from tests.sanctioning import REASON, report

OPS = Actor(account_id=0, identity="console:ops", is_operator=True)
Action = Callable[[UnitOfWork], Awaitable[object]]


async def actor(app: App, handle: str) -> Actor:
    async with app.unit_of_work() as uow:
        account = await uow.session.scalar(select(Account).where(
            Account.platform_id == handle))
        assert account is not None
        return Actor(account.id, f"console:{handle}", account.role,
                     merchant_id=account.merchant_id, provider_id=account.provider_id)


async def race(app: App, first: Action, second: Action) -> DomainError:
    """Run `first` to just before commit, start `second`, commit; `second` must refuse."""
    async with app.unit_of_work() as uow:
        await first(uow)

        async def late() -> None:
            async with app.unit_of_work() as other:
                await second(other)
                await other.commit()

        task = asyncio.create_task(late())
        await asyncio.sleep(0.3)
        assert not task.done(), "the second transaction did not wait for the first"
        await uow.commit()
    with pytest.raises(DomainError) as refused:
        await task
    return refused.value


async def requested(app: App) -> tuple[Actor, Actor, int]:
    """alice asked bob's provider for a binding (id 1); returns both actors and the id."""
    await factories.merchant(app, "alice")
    provider_id = await factories.provider(app, "bob")
    alice, bob = await actor(app, "alice"), await actor(app, "bob")
    async with app.unit_of_work() as uow:
        binding = await Bindings(uow).request(alice, provider_id, ["advertising"], 90)
        await uow.commit()
        return alice, bob, binding.id


async def outcome(app: App, binding_id: int) -> tuple[BindingStatus, list[str]]:
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, binding_id)
        kinds = (await uow.session.scalars(select(OutboxMessage.kind).where(
            OutboxMessage.kind != "binding.requested").order_by(OutboxMessage.id))).all()
        assert binding is not None
        return binding.status, list(kinds)


async def test_accept_then_withdraw_at_once_ends_accepted(app: App) -> None:
    alice, bob, binding_id = await requested(app)
    refused = await race(app, lambda uow: Bindings(uow).answer(bob, binding_id, True),
                         lambda uow: Bindings(uow).revoke(alice, binding_id, withdraw=True))
    assert isinstance(refused, Conflict) and refused.code == "error.bind_withdraw_too_late"
    assert await outcome(app, binding_id) == (BindingStatus.ACTIVE, ["binding.accepted"])


async def test_withdraw_then_accept_at_once_ends_withdrawn(app: App) -> None:
    alice, bob, binding_id = await requested(app)
    refused = await race(app, lambda uow: Bindings(uow).revoke(alice, binding_id, withdraw=True),
                         lambda uow: Bindings(uow).answer(bob, binding_id, True))
    assert refused.code == "error.bind_already_revoked"
    assert await outcome(app, binding_id) == (BindingStatus.REVOKED, ["binding.revoked"])


async def test_decline_then_withdraw_at_once_ends_declined(app: App) -> None:
    alice, bob, binding_id = await requested(app)
    refused = await race(app, lambda uow: Bindings(uow).answer(bob, binding_id, False),
                         lambda uow: Bindings(uow).revoke(alice, binding_id, withdraw=True))
    assert refused.code == "error.bind_not_open"
    assert await outcome(app, binding_id) == (BindingStatus.DECLINED, ["binding.declined"])


async def _expel(uow: UnitOfWork, report_id: int) -> object:
    return await Cases(uow).uphold(OPS, report_id, Order(SanctionKind.EXPULSION), REASON)


async def test_an_expulsion_then_an_accept_at_once_leaves_the_request_ended(app: App) -> None:
    _alice, bob, binding_id = await requested(app)
    report_id = await report(app, "carol", bob.provider_id or 0)
    refused = await race(app, lambda uow: _expel(uow, report_id),
                         lambda uow: Bindings(uow).answer(bob, binding_id, True))
    assert refused.code == "error.bind_already_terminated"
    status, kinds = await outcome(app, binding_id)
    assert status is BindingStatus.TERMINATED and "binding.accepted" not in kinds


async def test_an_accept_then_an_expulsion_at_once_ends_the_new_binding(app: App) -> None:
    _alice, bob, binding_id = await requested(app)
    report_id = await report(app, "carol", bob.provider_id or 0)
    async with app.unit_of_work() as uow:
        await Bindings(uow).answer(bob, binding_id, True)

        async def late() -> None:
            async with app.unit_of_work() as other:
                await _expel(other, report_id)
                await other.commit()

        task = asyncio.create_task(late())
        await asyncio.sleep(0.3)
        await uow.commit()
    await task
    status, kinds = await outcome(app, binding_id)
    assert status is BindingStatus.TERMINATED
    assert kinds.index("binding.accepted") < kinds.index("binding.terminated")


async def test_an_expulsion_then_an_approval_at_once_certifies_nobody(app: App) -> None:
    provider_id = await factories.provider(app, "bob", categories=())
    application_id = await factories.application(app, provider_id)
    report_id = await report(app, "carol", provider_id)
    refused = await race(app, lambda uow: _expel(uow, report_id),
                         lambda uow: ApplicationReview(uow).approve(OPS, application_id))
    assert isinstance(refused, (NotAllowed, Conflict))
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Application, application_id)
        assert row is not None and row.status is ApplicationStatus.REJECTED


async def test_two_operators_deciding_one_case_at_once_sanction_once(app: App) -> None:
    provider_id = await factories.provider(app, "bob")
    report_id = await report(app, "carol", provider_id)
    refused = await race(app, lambda uow: _expel(uow, report_id),
                         lambda uow: Cases(uow).dismiss(OPS, report_id, "No evidence of it."))
    assert refused.code == "error.cases_already_upheld"
    async with app.unit_of_work() as uow:
        assert len(await Sanctions(uow).of_provider(provider_id)) == 1


async def test_two_members_applying_for_one_category_at_once_make_one_application(
        app: App) -> None:
    provider_id = await factories.provider(app, "bob", categories=())
    await factories.account(app, "erin")
    async with app.unit_of_work() as uow:
        await uow.session.execute(update(Account).where(Account.platform_id == "erin")
                                  .values(role=Role.PROVIDER, provider_id=provider_id))
        await uow.commit()
    bob, erin = await actor(app, "bob"), await actor(app, "erin")
    files = {who.identity: await upload_three(app, who) for who in (bob, erin)}

    def submit(who: Actor) -> Action:
        return lambda uow: Applications(uow).submit(
            who, ApplicationForm("advertising", 750_000, 25, files[who.identity]))

    refused = await race(app, submit(bob), submit(erin))
    assert refused.code == "error.apply_already_open"
    async with app.unit_of_work() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(Application))
        assert count == 1
