"""What search lists follows operators' decisions at once: no reindex step to forget."""

from pathlib import Path

from bot.app import App
from tests import factories
from tests.applying import apply
from tests.clock import Clock
from tests.sanctioning import report, uphold
from tests.transcript import Transcript

QUEUE_ITEM = "A-000001 · BrightWave Digital · Advertising agency"


async def search(chat: Transcript) -> str:
    return (await chat.say("alice", "/search BrightWave")).text


async def test_an_approved_application_lists_the_provider(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await factories.merchant(app, "alice")
    await factories.provider(app, "bob", categories=())
    assert "BrightWave Digital" not in await search(chat)
    await apply(chat, "bob", tmp_path)
    await chat.run("ops", "/review", f"> {QUEUE_ITEM}", "> Approve", "> Confirm")
    assert "1. BrightWave Digital" in await search(chat)


async def test_a_suspension_removes_the_provider_until_it_ends(
        chat: Transcript, app: App, clock: Clock) -> None:
    await factories.merchant(app, "alice")
    provider_id = await factories.provider(app, "bob")
    assert "1. BrightWave Digital" in await search(chat)
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Suspend", "7")
    assert "BrightWave Digital" not in await search(chat)
    clock.advance(days=8)
    assert "1. BrightWave Digital" in await search(chat)
