"""The application rules, called as services with an explicit actor."""

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.app import App
from domain.actor import Actor
from domain.errors import Conflict, DomainError, InvalidInput, NotAllowed
from domain.models import Account, Application, ApplicationStatus, Certification, Role
from domain.services.application_review import ApplicationReview, add_months
from domain.services.applications import ApplicationForm, Applications, Upload
from tests import factories

OPS = Actor(account_id=0, identity="console:ops", is_operator=True)
OPS2 = Actor(account_id=0, identity="console:ops2", is_operator=True)


async def provider_actor(app: App, handle: str = "bob") -> Actor:
    provider_id = await factories.provider(app, handle, categories=())
    async with app.unit_of_work() as uow:
        account_id = await uow.session.scalar(select(Account.id).where(
            Account.provider_id == provider_id))
    assert account_id is not None
    return Actor(account_id, f"console:{handle}", Role.PROVIDER, provider_id=provider_id)


async def upload_three(app: App, actor: Actor) -> list[int]:
    ids = []
    async with app.unit_of_work() as uow:
        for i in range(3):
            data = f"%PDF doc {i}".encode()

            async def fetch(data: bytes = data) -> bytes:
                return data

            row = await Applications(uow).upload(
                actor, Upload(f"d{i}.pdf", "application/pdf", len(data), fetch))
            ids.append(row.id)
        await uow.commit()
    return ids


async def submit(app: App, actor: Actor, gmv: int = 750_000) -> Application:
    files = await upload_three(app, actor)
    async with app.unit_of_work() as uow:
        application, _ = await Applications(uow).submit(
            actor, ApplicationForm("advertising", gmv, 25, files))
        await uow.commit()
        return application


def test_months_are_added_to_the_same_day_clamped_to_the_month_end() -> None:
    assert add_months(datetime(2026, 11, 2, tzinfo=UTC), 12) == datetime(2027, 11, 2, tzinfo=UTC)
    assert add_months(datetime(2027, 1, 31, tzinfo=UTC), 1) == datetime(2027, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2026, 12, 15, tzinfo=UTC), 3) == datetime(2027, 3, 15, tzinfo=UTC)


async def test_a_merchant_cannot_apply(app: App) -> None:
    merchant_id = await factories.merchant(app, "alice")
    merchant = Actor(1, "console:alice", Role.MERCHANT, merchant_id=merchant_id)
    async with app.unit_of_work() as uow:
        with pytest.raises(NotAllowed) as refused:
            await Applications(uow).submit(merchant, ApplicationForm("advertising", 1, 1, []))
    assert refused.value.code == "error.providers_only"


async def test_fewer_documents_than_the_category_requires_are_refused(app: App) -> None:
    bob = await provider_actor(app)
    files = await upload_three(app, bob)
    async with app.unit_of_work() as uow:
        with pytest.raises(InvalidInput) as refused:
            await Applications(uow).submit(bob, ApplicationForm("advertising", 750_000, 25,
                                                                files[:2]))
    assert refused.value.params == {"count": 3, "sent": 2}  # count: required, for plurals


async def test_someone_elses_documents_cannot_be_attached(app: App) -> None:
    bob, carol = await provider_actor(app), await provider_actor(app, "carol")
    files = await upload_three(app, carol)
    async with app.unit_of_work() as uow:
        with pytest.raises(DomainError) as refused:
            await Applications(uow).submit(bob, ApplicationForm("advertising", 750_000, 25,
                                                                files))
    assert refused.value.code == "error.file_missing"


async def test_the_thresholds_reject_at_once_and_are_recorded(app: App) -> None:
    application = await submit(app, await provider_actor(app), gmv=100)
    assert application.status is ApplicationStatus.AUTO_REJECTED
    assert application.decision_reason == "below:min_gmv_usd=500000"


async def test_only_operators_decide(app: App) -> None:
    bob = await provider_actor(app)
    application = await submit(app, bob)
    async with app.unit_of_work() as uow:
        with pytest.raises(NotAllowed):
            await ApplicationReview(uow).approve(bob, application.id)
        with pytest.raises(NotAllowed):
            await ApplicationReview(uow).queue(bob)


async def test_two_decisions_in_separate_units_of_work_exactly_one_wins(app: App) -> None:
    application = await submit(app, await provider_actor(app))
    async with app.unit_of_work() as first:
        await ApplicationReview(first).approve(OPS, application.id)  # holds the row, uncommitted

        async def second() -> None:
            async with app.unit_of_work() as uow:
                await ApplicationReview(uow).reject(OPS2, application.id, "Too small a team.")
                await uow.commit()

        late = asyncio.create_task(second())
        await asyncio.sleep(0.3)  # the second decision is now waiting on the first
        assert not late.done()
        await first.commit()
    with pytest.raises(Conflict) as refused:
        await late
    assert refused.value.params["by"] == "console:ops"
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Application, application.id)
        assert row is not None and row.status is ApplicationStatus.APPROVED
        assert await uow.session.scalar(select(func.count()).select_from(Certification)) == 1
