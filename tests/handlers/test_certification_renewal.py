"""Certification renewal: reminders 30 and 7 days before the end, a renewal from 60 days
before that continues without a gap, and merchants told when a certification ends."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from bot.app import App
from bot.background import maintenance_round
from domain.models import Certification
from domain.services.bindings import certified_categories
from tests.applying import documents
from tests.clock import Clock
from tests.handlers.binding_flow import parties, request
from tests.transcript import Said, Transcript


async def ends_in(app: App, days: int) -> str:
    """Make bob's advertising certification end `days` from now; returns that date."""
    async with app.unit_of_work() as uow:
        end = uow.now() + timedelta(days=days)
        await uow.session.execute(update(Certification).where(Certification.id == 1)
                                  .values(expires_at=end))
        await uow.commit()
        return end.date().isoformat()


async def maintain(chat: Transcript, app: App) -> Said:
    await maintenance_round(app)
    return chat._said(await chat.console.deliver())


async def test_reminders_come_30_and_7_days_before_the_end_once_each(
        chat: Transcript, app: App, clock: Clock) -> None:
    await parties(app, categories=("advertising",))
    end = await ends_in(app, 40)
    assert not await maintain(chat, app)
    clock.advance(days=11)
    said = await maintain(chat, app)
    assert said.to("bob").text == (
        f"Your certification in Advertising agency ends on {end} (29 days from now). Renew it "
        "before then, with fresh documents and GMV, and it continues without a gap.")
    assert said.to("bob").labels == ["Renew"]
    assert not await maintain(chat, app)
    clock.advance(days=23)
    said = await maintain(chat, app)
    assert f"ends on {end} (6 days from now)" in said.to("bob").text
    assert not await maintain(chat, app)


async def test_a_renewal_approved_before_the_end_continues_without_a_gap(
        chat: Transcript, app: App, clock: Clock, tmp_path: Path) -> None:
    provider_id = await parties(app, categories=("advertising",))
    await request(chat, provider_id, scope=(), days=365)
    await chat.press("bob", "Accept")
    end = await ends_in(app, 100)
    said = await chat.run("bob", "/apply", "> Advertising agency")
    assert f"already certified in this category until {end}" in said.text
    clock.advance(days=71)  # 29 days left: inside the renewal window, reminded
    await maintain(chat, app)
    await chat.run("bob", "> Renew", "900000", "30")
    for path in documents(tmp_path):
        await chat.send_file("bob", path)
    said = await chat.run("bob", "> Done", "> Skip", "> Confirm")
    assert "Application A-000001 for Advertising agency is submitted" in said.text
    said = await chat.run("ops", "/review", "> A-000001 · BrightWave Digital · Advertising agency")
    assert f"renewal of the certification ending {end}" in said.text
    said = await chat.run("ops", "> Approve", "> Confirm")
    assert "Approved A-000001" in said.text
    async with app.unit_of_work() as uow:
        ends = (await uow.session.scalars(select(Certification.expires_at)
                                          .order_by(Certification.id))).all()
    assert ends[1].date() == ends[0].date().replace(year=ends[0].year + 1)
    clock.advance(days=30)  # past the old end
    said = await maintain(chat, app)
    assert not said.to("alice") and not said.to("bob")
    async with app.unit_of_work() as uow:
        assert [c.code for c in await certified_categories(uow, provider_id)] == ["advertising"]


async def test_an_ended_certification_tells_the_merchants_whose_scope_it_covered(
        chat: Transcript, app: App, clock: Clock) -> None:
    provider_id = await parties(app, categories=("advertising",))
    await request(chat, provider_id, scope=(), days=90)
    await chat.press("bob", "Accept")
    end = await ends_in(app, 10)
    await chat.say("alice", "/bindings", lang="zh")
    clock.advance(days=10, minutes=1)
    said = await maintain(chat, app)
    assert f"BrightWave Digital 的 广告代理 类目认证已于 {end} 到期。您的绑定 #1" \
        in said.to("alice").text
    assert f"Your certification in Advertising agency ended on {end}." in said.to("bob").text
    assert not await maintain(chat, app)
