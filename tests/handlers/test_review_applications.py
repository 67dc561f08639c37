"""/review: operators approve, reject or send back applications; exactly one decision wins."""

import asyncio
import uuid
from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from domain.models import Application, ApplicationStatus, AuditEntry, Certification
from handlers.engine.contract import ButtonPress, Incoming
from tests import factories
from tests.applying import apply, documents
from tests.transcript import Transcript

QUEUE_ITEM = "A-000001 · BrightWave Digital · Advertising agency"


async def submitted(chat: Transcript, app: App, folder: Path) -> None:
    await factories.provider(app, "bob", categories=())
    await apply(chat, "bob", folder)


async def count(app: App, model: type) -> int:
    async with app.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


async def test_the_queue_lists_applications_oldest_first_with_documents(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path / "a")
    await factories.provider(app, "carol", name="Carol Creators", categories=())
    await apply(chat, "carol", tmp_path / "b", category="Influencer and affiliate marketing")
    said = await chat.say("ops", "/review")
    assert "Waiting for review: 2 (oldest first" in said.text
    assert said.last.labels == [QUEUE_ITEM, "A-000002 · Carol Creators · Influencer and "
                                            "affiliate marketing"]
    said = await chat.press("ops", QUEUE_ITEM)
    assert "GMV, last 12 months: $750,000 (minimum $500,000)" in said.text
    assert "• doc1.pdf — 59 B, sha256 " in said.text and "doc3.pdf" in said.text
    assert said.last.labels == ["Approve", "Reject", "Ask for more info", "« Queue"]


async def test_approving_certifies_for_twelve_months_and_tells_the_provider(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    await chat.run("ops", "/review", f"> {QUEUE_ITEM}")
    said = await chat.press("ops", "Approve")
    assert "Approve application A-000001?" in said.text and await count(app, Certification) == 0
    said = await chat.press("ops", "Confirm")
    assert "Approved A-000001: the provider is certified until 2027-11-02" in said.to("ops").text
    assert "you are now a certified provider in Advertising agency until 2027-11-02" in \
        said.to("bob").text
    said = await chat.say("bob", "/applications")
    assert "A-000001 · Advertising agency · approved" in said.text
    async with app.unit_of_work() as uow:
        entry = await uow.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "application.approved"))
        assert entry is not None and entry.actor == "console:ops"
        assert entry.subject == "application:1"
    assert await count(app, Certification) == 1


async def test_rejecting_asks_for_a_reason_and_tells_the_provider(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    said = await chat.run("ops", "/review", f"> {QUEUE_ITEM}", "> Reject")
    assert "Why is application A-000001 rejected?" in said.text
    said = await chat.say("ops", "no")
    assert "Too short" in said.text
    said = await chat.say("ops", "Case studies do not show TikTok campaigns.")
    assert "Reject application A-000001?" in said.text
    assert "Reason: Case studies do not show TikTok campaigns." in said.text
    said = await chat.press("ops", "Confirm")
    assert "Rejected A-000001" in said.to("ops").text
    assert "Reason: Case studies do not show TikTok campaigns." in said.to("bob").text
    assert await count(app, Certification) == 0
    said = await chat.say("ops", "/review")
    assert "No applications are waiting" in said.text


async def test_more_information_goes_back_to_the_provider_who_resubmits(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    await chat.run("ops", "/review", f"> {QUEUE_ITEM}", "> Ask for more info")
    await chat.say("ops", "Please add the GMV proof for 2026.")
    said = await chat.press("ops", "Confirm")
    assert "Please add the GMV proof for 2026." in said.to("bob").text
    assert said.to("bob").last.labels == ["Add documents"]
    said = await chat.press("bob", "Add documents")
    assert "Send the additional documents for A-000001" in said.text
    said = await chat.send_file("bob", documents(tmp_path / "more", 1, ".png")[0])
    assert "1. doc1.png" in said.text and said.last.labels == ["Resubmit", "Cancel"]
    said = await chat.press("bob", "Resubmit")
    assert "A-000001 is back in the review queue" in said.text
    said = await chat.run("ops", "/review", f"> {QUEUE_ITEM}")
    assert "doc1.png" in said.text and "resubmitted 2026-11-02 with more documents" in said.text
    said = await chat.forge("bob", "apps:more:1")  # the old notice's button
    assert "not waiting for more documents" in said.text


async def test_a_non_operator_cannot_reach_review_whatever_they_send(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    said = await chat.say("bob", "/review")
    assert "Only platform operators can do that." in said.text
    for payload in ("review:approve:1", "review:open:1", "review:reject:1", "review:queue"):
        said = await chat.forge("bob", payload)
        assert said.text == "Only platform operators can do that.", payload
    said = await chat.forge("mallory", "review:approve:1")
    assert said.text == "Only platform operators can do that."
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Application, 1)
        assert row is not None and row.status is ApplicationStatus.IN_REVIEW
    assert await count(app, Certification) == 0


async def test_a_forged_payload_for_a_missing_application_is_refused(
        chat: Transcript, app: App) -> None:
    said = await chat.forge("ops", "review:approve:99")
    assert "That application does not exist" in said.text
    said = await chat.forge("ops", "review:approve:x")
    assert "no longer valid" in said.text


async def test_deciding_an_application_twice_tells_who_decided(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    await chat.run("ops", "/review", f"> {QUEUE_ITEM}")
    await chat.run("ops2", "/review", f"> {QUEUE_ITEM}")
    await chat.run("ops", "> Approve", "> Confirm")
    said = await chat.press("ops2", "Reject")
    assert "A-000001 was already decided by console:ops" in said.text
    assert await count(app, Certification) == 1


async def test_the_operator_who_loses_the_race_is_told_and_left_at_the_queue(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    await chat.run("ops", "/review", f"> {QUEUE_ITEM}", "> Reject")
    await chat.run("ops2", "/review", f"> {QUEUE_ITEM}", "> Approve", "> Confirm")
    said = await chat.say("ops", "The GMV proof is not convincing.")
    assert said.to("ops").text == ("Application A-000001 was already decided by console:ops2; "
                                   "nothing was changed.\n---\n"
                                   "No applications are waiting for review.")
    said = await chat.say("ops", "Another try at a reason.")  # the reason step is gone
    assert "already decided" not in said.text and "I didn't understand" in said.text
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Application, 1)
        assert row is not None and row.status is ApplicationStatus.APPROVED


def press(user: str, payload: str) -> Incoming:
    return Incoming(platform="console", user_id=user, display_name=user, language="en",
                    dedupe_key=uuid.uuid4().hex, press=ButtonPress(payload))


async def test_two_operators_approving_at_once_exactly_one_wins(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    await chat.run("ops", "/review", f"> {QUEUE_ITEM}", "> Approve")
    await chat.run("ops2", "/review", f"> {QUEUE_ITEM}", "> Approve")
    first, second = await asyncio.gather(chat.press("ops", "Confirm"),
                                         chat.press("ops2", "Confirm"))
    won = [who for who, said in (("ops", first), ("ops2", second))
           if said.to(who)[0].text.startswith("Approved A-000001")]
    lost = [said.to(who)[0].text for who, said in (("ops", first), ("ops2", second))
            if "already decided by" in said.to(who)[0].text]
    assert len(won) == 1 and len(lost) == 1
    assert f"already decided by console:{won[0]};" in lost[0]
    assert await count(app, Certification) == 1
    async with app.unit_of_work() as uow:
        actions = (await uow.session.scalars(select(AuditEntry.action))).all()
    assert actions.count("application.approved") == 1


async def test_an_approval_and_a_rejection_at_once_exactly_one_wins(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await submitted(chat, app, tmp_path)
    await chat.run("ops", "/review", f"> {QUEUE_ITEM}", "> Approve")
    await chat.run("ops2", "/review", f"> {QUEUE_ITEM}", "> Reject",
                   "Documents are unreadable scans.")
    replies = await asyncio.gather(chat.press("ops", "Confirm"), chat.press("ops2", "Confirm"))
    texts = [m.text for said in replies for m in said if m.to in ("ops", "ops2")]
    won = [t for t in texts if t.startswith(("Approved", "Rejected"))]
    lost = [t for t in texts if "already decided by" in t]
    assert len(won) == 1 and len(lost) == 1
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Application, 1)
        assert row is not None
        expected = ApplicationStatus.APPROVED if won[0].startswith("Approved") \
            else ApplicationStatus.REJECTED
        assert row.status is expected and row.version == 2
    assert await count(app, Certification) == (1 if expected is ApplicationStatus.APPROVED
                                               else 0)


async def test_the_provider_hears_the_decision_in_its_own_language(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await factories.provider(app, "li", name="Li Media", categories=(), language="zh")
    await chat.say("li", "/apply", lang="zh")
    await chat.run("li", "> 广告代理", "750000", "25")
    for path in documents(tmp_path):
        await chat.send_file("li", path)
    await chat.run("li", "> 完成", "> 跳过", "> 确认")
    await chat.run("ops", "/review", "> A-000001 · Li Media · Advertising agency", "> Reject")
    await chat.say("ops", "The case studies are not about ads.")
    said = await chat.press("ops", "Confirm")
    assert "广告代理 类目申请 A-000001 未通过" in said.to("li").text
    assert "原因：The case studies are not about ads." in said.to("li").text
