"""Transcript steps shared by the binding, evaluation and report tests (real conversations)."""

from __future__ import annotations

from bot.app import App
from domain.models import Binding, BindingStatus
from tests import factories
from tests.transcript import Said, Transcript


async def parties(app: App, categories: tuple[str, ...] = ("advertising", "influencer")) -> int:
    """alice (merchant) and bob (a member of BrightWave Digital); returns the provider id."""
    await factories.merchant(app, "alice")
    return await factories.provider(app, "bob", categories=categories)


async def request(chat: Transcript, provider_id: int, merchant: str = "alice",
                  scope: tuple[str, ...] = ("Advertising agency",), days: int = 90) -> Said:
    await chat.forge(merchant, f"bind:new:{provider_id}")
    for label in scope:
        await chat.press(merchant, label)
    await chat.press(merchant, "Done")
    await chat.press(merchant, f"{days} days")
    return await chat.press(merchant, "Confirm")


async def bound(chat: Transcript, provider_id: int, merchant: str = "alice",
                member: str = "bob", days: int = 90) -> Said:
    """An active binding, requested by the merchant and accepted by the provider's member."""
    await request(chat, provider_id, merchant, days=days)
    return await chat.press(member, "Accept")


async def status_of(app: App, binding_id: int = 1) -> BindingStatus:
    """The binding's stored status (after the update that changed it has committed)."""
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, binding_id)
        assert binding is not None
        return binding.status
