"""/bindings: scope, status and end date; revoking with a confirmation; expiry by the clock."""

from sqlalchemy import select

from bot.app import App
from domain.models import Binding, BindingStatus
from domain.services.bindings import send_binding_reminders
from tests import factories
from tests.clock import Clock
from tests.handlers.binding_flow import bound, parties, request, status_of
from tests.transcript import Transcript


async def test_no_bindings_yet(chat: Transcript, app: App) -> None:
    await parties(app)
    said = await chat.say("alice", "/bindings")
    assert "You have no bindings yet" in said.text
    said = await chat.say("bob", "/bindings")
    assert "No merchant has asked to bind you yet." in said.text


async def test_the_list_shows_scope_status_and_end_date(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    said = await chat.say("alice", "/bindings")
    assert said.text.splitlines()[1] == \
        "#1 BrightWave Digital — Advertising agency — active, 30 days, ends 2026-12-02"
    assert said.last.labels == ["Evaluate #1", "Revoke #1"]


async def test_revoking_asks_first_then_tells_the_provider(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.say("alice", "/bindings")
    said = await chat.press("alice", "Revoke #1")
    assert "Revoke binding #1 with BrightWave Digital?" in said.text
    said = await chat.say("alice", "yes")
    assert "Please choose one of the buttons" in said[0].text
    said = await chat.press("alice", "Confirm")
    assert "Binding #1 with BrightWave Digital is revoked" in said.to("alice").text
    assert said.to("bob").text == \
        "Alice Beauty Store revoked binding #1. The authorization has ended."
    said = await chat.say("alice", "/bindings")
    assert "— revoked, ended 2026-11-02" in said.text and "Revoke #1" not in said.labels


async def test_cancelling_the_revocation_keeps_the_binding(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.say("alice", "/bindings")
    await chat.press("alice", "Revoke #1")
    said = await chat.press("alice", "Cancel")
    assert said.text == "Binding #1 is unchanged."
    assert await status_of(app) is BindingStatus.ACTIVE


async def test_a_forged_revoke_of_someone_elses_binding_is_refused(chat: Transcript,
                                                                   app: App) -> None:
    pid = await parties(app)
    await factories.merchant(app, "mallory", shop="Other Shop")
    await bound(chat, pid)
    said = await chat.forge("mallory", "bindings:rv:1")
    assert said.text == "That binding was not found among yours."
    said = await chat.forge("mallory", "bindings:yes")
    assert "That button is no longer valid" in said.text
    assert await status_of(app) is BindingStatus.ACTIVE


async def test_an_expired_binding_is_not_active_whatever_the_jobs(chat: Transcript, app: App,
                                                                  clock: Clock) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    clock.advance(days=30, seconds=1)
    said = await chat.say("alice", "/bindings")
    assert "— expired, ended 2026-12-02" in said.text
    assert said.last.labels == ["Evaluate #1"]
    said = await chat.forge("alice", "bindings:rv:1")
    assert said.text == "Binding #1 has already ended, so there is nothing to revoke."
    assert await status_of(app) is BindingStatus.EXPIRED


async def test_an_expired_confirmation_is_refused(chat: Transcript, app: App,
                                                  clock: Clock) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    await chat.say("alice", "/bindings")
    await chat.press("alice", "Revoke #1")
    clock.advance(days=31)
    said = await chat.press("alice", "Confirm")
    assert "has already ended" in said.text
    assert (await chat.say("bob", "/bindings")).text.count("expired") == 1


async def test_the_provider_sees_clients_and_can_only_end(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    said = await chat.say("bob", "/bindings")
    assert "Your clients' bindings:\n#1 Alice Beauty Store" in said.text
    assert said.labels == ["End #1"]
    said = await chat.forge("bob", "bindings:rv:1")
    assert "Only merchants can do that" in said.text


async def test_a_pending_request_can_be_withdrawn(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    said = await chat.say("alice", "/bindings")
    assert "waiting for the answer" in said.text and said.last.labels == ["Withdraw request #1"]
    assert "90 days once accepted" in said.text
    said = await chat.press("alice", "Withdraw request #1")
    assert "Withdraw binding request #1 to BrightWave Digital?" in said.text
    said = await chat.press("alice", "Confirm")
    assert "Request #1 to BrightWave Digital is withdrawn" in said.to("alice").text
    assert said.to("bob").text == "Alice Beauty Store withdrew binding request #1."
    async with app.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Binding))).all()
        assert [r.status for r in rows] == [BindingStatus.REVOKED]


async def test_help_lists_the_commands_per_role(chat: Transcript, app: App) -> None:
    await parties(app)
    merchant = await chat.say("alice", "/help")
    assert "/bindings — your bindings" in merchant.text
    assert "/report — report a provider's violation" in merchant.text
    assert "/reports — your reports and their status" in merchant.text
    provider = await chat.say("bob", "/help")
    assert "/bindings" in provider.text and "/report " not in provider.text


async def test_the_reminder_reaches_both_sides_in_their_language(chat: Transcript, app: App,
                                                                  clock: Clock) -> None:
    await factories.merchant(app, "alice")
    pid = await factories.provider(app, "li", categories=("advertising",), language="zh")
    await request(chat, pid, scope=(), days=30)
    chat.console.languages["li"] = "zh"
    await chat.press("li", "接受")
    clock.advance(days=24)
    async with app.unit_of_work() as uow:
        assert await send_binding_reminders(uow) == 1
        await uow.commit()
    said = chat._said(await chat.console.deliver())
    assert said.to("alice").text == "Reminder: binding #1 between Alice Beauty Store and " \
        "BrightWave Digital ends on 2026-12-02. See /bindings."
    assert said.to("li").text == "提醒：Alice Beauty Store 与 BrightWave Digital 的绑定 #1 " \
        "将于 2026-12-02 到期。可在 /bindings 查看。"


async def test_a_chinese_merchant_reads_bindings_in_chinese(chat: Transcript, app: App) -> None:
    await factories.merchant(app, "wang", shop="王记家居", language="zh")
    pid = await factories.provider(app, "bob", categories=("advertising", "influencer"))
    await chat.say("wang", "/bindings", lang="zh")
    await chat.forge("wang", f"bind:new:{pid}")
    said = await chat.run("wang", "> 广告代理", "> 达人营销", "> 完成", "> 90 天")
    assert "授权范围：广告代理、达人营销" in said.text
    said = await chat.press("wang", "确认")
    assert "Scope: Advertising agency, Influencer and affiliate marketing" in said.to("bob").text
    said = await chat.say("wang", "/bindings")
    assert "#1｜BrightWave Digital｜广告代理、达人营销｜待答复，接受后生效 90 天" in said.text
    assert said.last.labels == ["撤回申请 #1"]
