"""Set-up for the sanction tests: reports filed straight into the database, and /cases runs.

Filing a report is another conversation's business (tests/handlers/test_file_report.py);
here a report only has to exist, with its evidence rows.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from domain.models import Account, Report, StoredFile, ViolationType
from tests import factories
from tests.transcript import Said, Transcript

REASON = "Charged an entry fee of $500 to list the shop."


async def report(app: App, reporter: str, provider_id: int, *, minutes_ago: int = 0,
                 description: str = "They asked me for a $500 'entry fee' before starting.",
                 evidence: str = "receipt.pdf") -> int:
    """An open report by `reporter` (a merchant, created if needed) with one evidence file."""
    async with app.unit_of_work() as uow:
        account = await uow.session.scalar(select(Account).where(
            Account.platform == "console", Account.platform_id == reporter))
    if account is None or account.merchant_id is None:
        await factories.merchant(app, reporter, shop=f"{reporter.title()} Shop")
    async with app.unit_of_work() as uow:
        account = await uow.session.scalar(select(Account).where(
            Account.platform == "console", Account.platform_id == reporter))
        assert account is not None and account.merchant_id is not None
        row = Report(merchant_id=account.merchant_id, reporter_account_id=account.id,
                     provider_id=provider_id, violation=ViolationType.ENTRY_FEES,
                     description=description, links=["https://chat.example/thread/42"],
                     created_at=uow.now() - timedelta(minutes=minutes_ago))
        uow.session.add(row)
        await uow.session.flush()
        uow.session.add(StoredFile(sha256="3f2a9c1b7d" + "0" * 54, name=evidence,
                                   mime_type="application/pdf", size=12_700,
                                   uploaded_by=account.id, attached_to=f"report:{row.id}",
                                   created_at=uow.now()))
        await uow.commit()
        return row.id


async def uphold(chat: Transcript, operator: str, action: str, *answers: str,
                 reason: str = REASON) -> Said:
    """From /cases, press `action` on the oldest case, give the answers and reason, confirm."""
    await chat.say(operator, "/cases")
    await chat.run(operator, f"> {action}", *answers, reason)
    return await chat.press(operator, "Confirm")
