"""/reports: the merchant's own reports with ticket numbers and status."""

from bot.app import App
from domain.models import Report, ReportStatus
from tests import factories
from tests.transcript import Transcript

ZH_DESCRIPTION = "三月付款做推广，至今没有交付任何内容，也联系不上对方。"


async def file_report(chat: Transcript, provider_id: int, merchant: str = "alice") -> None:
    await chat.forge(merchant, f"report:new:{provider_id}")
    await chat.run(merchant, "> Did not deliver what was agreed",
                   "Paid for a campaign in March, nothing was delivered.",
                   "https://example.com/contract", "> Done", "> Confirm")


async def test_no_reports_yet(chat: Transcript, app: App) -> None:
    await factories.merchant(app, "alice")
    said = await chat.say("alice", "/reports")
    assert "You have not filed any reports" in said.text


async def test_reports_list_status_and_decision(chat: Transcript, app: App) -> None:
    await factories.merchant(app, "alice")
    await factories.merchant(app, "carol", shop="Carol Home")
    first = await factories.provider(app, "bob")
    second = await factories.provider(app, None, name="Shady Growth Ltd")
    await file_report(chat, first)
    await file_report(chat, second)
    await file_report(chat, second, merchant="carol")
    async with app.unit_of_work() as uow:
        report = await uow.session.get(Report, 1)
        assert report is not None
        report.status, report.decision_reason = ReportStatus.DISMISSED, "No evidence of a fee."
        await uow.commit()
    said = await chat.say("alice", "/reports")
    assert said.text.splitlines() == [
        "Your reports:",
        "R-000002 · Shady Growth Ltd · Did not deliver what was agreed · open, being reviewed"
        " · 2026-11-02",
        "R-000001 · BrightWave Digital · Did not deliver what was agreed · dismissed"
        " · 2026-11-02",
        "    Decision: No evidence of a fee.",
    ]


async def test_a_chinese_merchant_reports_and_lists_in_chinese(chat: Transcript,
                                                              app: App) -> None:
    await factories.merchant(app, "li", language="zh")
    pid = await factories.provider(app, "bob")
    said = await chat.say("li", "/reports", lang="zh")
    assert "您还没有提交过举报" in said.text
    await chat.forge("li", f"report:new:{pid}")
    said = await chat.run("li", "> 未按约定交付", ZH_DESCRIPTION,
                          "https://example.com/contract", "> 完成", "> 确认")
    assert "关于 BrightWave Digital 的举报 R-000001 已提交" in said.text
    said = await chat.say("li", "/reports")
    assert "R-000001｜BrightWave Digital｜未按约定交付｜处理中" in said.text


async def test_providers_cannot_list_reports(chat: Transcript, app: App) -> None:
    await factories.provider(app, "bob")
    said = await chat.say("bob", "/reports")
    assert "That command is not available to you" in said.text
