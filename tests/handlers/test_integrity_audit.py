"""The audit CSV records the market-integrity decisions: expulsion's effects, blacklist
edits, binding answers with their reason, evidence requests, renewals."""

import csv
import io
import json
from datetime import UTC, datetime

from bot.app import App
from domain.actor import Actor
from domain.services.audit import AuditLog, to_csv
from tests.handlers.binding_flow import parties, request
from tests.sanctioning import REASON, report, uphold
from tests.transcript import Transcript

OPS = Actor(account_id=0, identity="console:ops", is_operator=True)


async def _csv(app: App) -> list[dict[str, str]]:
    async with app.unit_of_work() as uow:
        text = to_csv(await AuditLog(uow).since(OPS, datetime(2000, 1, 1, tzinfo=UTC)))
    return list(csv.DictReader(io.StringIO(text)))


async def test_the_new_decisions_are_in_the_audit_csv(chat: Transcript, app: App) -> None:
    provider_id = await parties(app)
    await request(chat, provider_id)
    await chat.run("bob", "> Decline", "Fully booked until March.")
    await request(chat, provider_id)
    await report(app, "carol", provider_id)
    await chat.run("ops", "/cases", "> Ask for evidence", REASON, "> Confirm")
    await chat.run("ops", "/blacklist", "> Add an e-mail", "fraud@shady.example",
                   "Known fraud ring, case R-000017.")
    await report(app, "dave", provider_id)
    await uphold(chat, "ops", "Expel")

    rows = {r["action"]: r for r in await _csv(app)}
    declined = rows["binding.declined"]
    assert (declined["actor"], declined["subject"], declined["reason"]) == (
        "console:bob", "binding:1", "Fully booked until March.")
    assert rows["report.evidence_requested"]["reason"] == REASON
    assert rows["blacklist.add"]["reason"] == "Known fraud ring, case R-000017."
    assert json.loads(rows["blacklist.add"]["details"])["value"] == "fraud@shady.example"
    effects = json.loads(rows["provider.expelled_effects"]["details"])
    assert effects == {"applications_closed": 0, "bindings_ended": 1,
                       "certifications_ended": 2}
