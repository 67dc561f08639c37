"""A sanction takes effect in every feature, enforced by the services: expulsion ends the
provider's bindings, requests, certifications and applications and tells the merchants in
their language; a suspension blocks applying, inviting and approval and is told to bound
merchants, as is its end."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from domain.actor import Actor
from domain.errors import NotAllowed
from domain.models import Application, ApplicationStatus, BindingStatus, Certification
from domain.services.appeals import Appeals
from domain.services.application_review import ApplicationReview
from domain.services.sanctions import Sanctions
from tests import factories
from tests.applying import apply
from tests.clock import Clock
from tests.handlers.binding_flow import bound, parties, request, status_of
from tests.sanctioning import report, uphold
from tests.transcript import Transcript

OPS = Actor(account_id=0, identity="console:ops", is_operator=True)


async def test_expelling_ends_bindings_requests_certifications_and_applications(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await parties(app)
    await bound(chat, provider_id)  # binding 1, active
    await factories.merchant(app, "dave", shop="Dave Shop", language="zh")
    chat.console.languages["dave"] = "zh"
    await chat.forge("dave", f"bind:new:{provider_id}")  # binding 2, asked in Chinese
    await chat.run("dave", "> 广告代理", "> 完成", "> 90 天", "> 确认")
    await apply(chat, "bob", tmp_path, gmv="2000000", category="Store operation")
    await report(app, "carol", provider_id)

    said = await uphold(chat, "ops", "Expel")

    assert "Binding #1 with BrightWave Digital has ended: the provider was removed from the " \
        "market." in said.to("alice").text
    assert "您向 BrightWave Digital 发出的绑定申请 #2 已结束：该服务商已被清退出服务市场" \
        in said.to("dave").text
    assert (await status_of(app, 1), await status_of(app, 2)) == (BindingStatus.TERMINATED,) * 2
    async with app.unit_of_work() as uow:
        certs = (await uow.session.scalars(select(Certification))).all()
        assert certs and all(c.revoked_at is not None for c in certs)
        application = await uow.session.scalar(select(Application))
        assert application is not None and application.status is ApplicationStatus.REJECTED
    said = await chat.say("alice", "/bindings")
    assert "#1 BrightWave Digital — Advertising agency — ended: provider expelled" in said.text
    assert said.labels == ["Evaluate #1"]  # the work done can still be evaluated
    assert "#2｜BrightWave Digital｜广告代理｜已结束：服务商已被清退" in (
        await chat.say("dave", "/bindings")).text
    record = (await chat.say("ops", f"/provider {provider_id}")).text
    assert "*Bindings*: 0 active, 2 in all, 2 ended: provider expelled" in record
    assert "(revoked)" in record and "(active)" not in record
    # Nothing new can start: an old Accept, a new application, a team invite.
    said = await chat.say("bob", "/applications")
    assert "Reason: closed: the provider was removed from the market" in said.text
    said = await chat.forge("bob", "bindans:acc:2")
    assert said.text == "Request #2 has ended: the provider was removed from the market."
    said = await chat.say("bob", "/apply")
    assert "is suspended or expelled, so it cannot apply" in said.text
    assert "expelled" in (await chat.say("bob", "/invite")).text


async def test_a_suspension_blocks_applying_inviting_and_approval_and_bound_merchants_hear_it(
        chat: Transcript, app: App, clock: Clock, tmp_path: Path) -> None:
    provider_id = await parties(app)
    await bound(chat, provider_id)
    await apply(chat, "bob", tmp_path, gmv="2000000", category="Store operation")
    await report(app, "carol", provider_id)

    said = await uphold(chat, "ops", "Suspend", "7")

    until = (clock() + timedelta(days=7)).date().isoformat()
    assert f"BrightWave Digital, a provider you are bound to, is suspended until {until}." \
        in said.to("alice").text
    assert await status_of(app, 1) is BindingStatus.ACTIVE  # existing bindings continue
    said = await chat.say("bob", "/apply")
    assert "is suspended or expelled, so it cannot apply" in said.text
    said = await chat.say("bob", "/invite")
    assert f"BrightWave Digital is suspended until {until}; its team cannot grow" in said.text
    card = await chat.say("ops", "/review")
    said = await chat.press("ops", card.last.labels[0])
    assert f"— ⚠ suspended until {until}: cannot be approved" in said.text
    async with app.unit_of_work() as uow:
        with pytest.raises(NotAllowed) as refused:
            await ApplicationReview(uow).approve(OPS, 1)
        assert refused.value.code == "error.review_provider_unavailable"

    clock.advance(days=7, minutes=1)
    async with app.unit_of_work() as uow:
        assert await Sanctions(uow).refresh_due() == 1
        await uow.commit()
    lines = await chat.console.deliver()
    assert any(line["to"] == "alice" and "suspension of BrightWave Digital" in line["text"]
               and "has ended" in line["text"] for line in lines)


async def test_an_overturned_sanction_reads_so_in_the_reporters_reports(
        chat: Transcript, app: App) -> None:
    provider_id = await parties(app)
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Warning")
    assert "upheld: the provider was sanctioned" in (await chat.say("carol", "/reports")).text
    bob = Actor(account_id=2, identity="console:bob", provider_id=provider_id)
    async with app.unit_of_work() as uow:
        appeal = await Appeals(uow).file(bob, 1, "The fee was a deposit, refunded.", [])
        await Appeals(uow).decide(OPS, appeal.id, True, "The deposit was refunded.")
        await uow.commit()
    assert "upheld, overturned on appeal" in (await chat.say("carol", "/reports")).text


async def test_a_withdrawn_request_reads_withdrawn_not_revoked(
        chat: Transcript, app: App) -> None:
    provider_id = await parties(app)
    await request(chat, provider_id)
    await chat.run("alice", "/bindings", "> Withdraw request #1", "> Confirm")
    text = (await chat.say("alice", "/bindings")).text
    assert "— withdrawn, ended" in text and "revoked" not in text


async def test_an_overturned_expulsion_gives_back_the_certifications_not_the_bindings(
        chat: Transcript, app: App) -> None:
    provider_id = await parties(app)
    await bound(chat, provider_id)
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Expel")
    bob = Actor(account_id=2, identity="console:bob", provider_id=provider_id)
    async with app.unit_of_work() as uow:
        appeal = await Appeals(uow).file(bob, 1, "We were never charging any entry fee.", [])
        await Appeals(uow).decide(OPS, appeal.id, True, "The receipt was forged.")
        await uow.commit()
    async with app.unit_of_work() as uow:
        certs = (await uow.session.scalars(select(Certification))).all()
        assert certs and all(c.revoked_at is None for c in certs)
    assert await status_of(app, 1) is BindingStatus.TERMINATED
    assert "1. BrightWave Digital" in (await chat.say("alice", "/search BrightWave")).text
