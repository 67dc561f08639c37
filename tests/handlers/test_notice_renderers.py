"""Every notice the services queue has a renderer, checked when the router is built, and rows
queued in the stored format (a kind string and JSON params) are rendered from their events."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import App
from bot.console import Console
from domain.models import Account, OutboxMessage
from domain.notices import BindingEndedByProvider, BindingRevoked, notice_classes
from handlers.conversations import end_binding
from handlers.engine.registry import MODULES, build_router, check_notices


def test_every_notice_has_a_renderer_for_its_own_event() -> None:
    router = build_router()
    assert {cls.KIND: cls for cls in notice_classes()} == {
        kind: route.event for kind, route in router.notices.items()}


def test_a_conversation_missing_from_the_router_stops_the_build_naming_the_event() -> None:
    without = tuple(m for m in MODULES if m is not end_binding)
    with pytest.raises(LookupError, match="no renderer for notices: BindingEndedByProvider$"):
        build_router(without)


def test_a_router_without_a_renderer_for_an_event_refuses_to_start() -> None:
    router = build_router()
    del router.notices[BindingRevoked.KIND]
    with pytest.raises(LookupError, match="BindingRevoked"):
        check_notices(router)


def test_a_renderer_registered_for_another_event_does_not_count() -> None:
    router = build_router()
    router.notices[BindingRevoked.KIND] = router.notices[BindingEndedByProvider.KIND]
    with pytest.raises(LookupError, match="BindingRevoked"):
        check_notices(router)


STORED: list[tuple[str, dict[str, Any]]] = [  # as rows were written before events were typed
    ("binding.requested", {"binding_id": 7, "shop": "Lotus Shop", "days": 30,
                           "scope": [["advertising", "Advertising", "广告代理"]]}),
    ("binding.accepted", {"binding_id": 7, "company": "BrightWave", "ends": "2027-01-01",
                          "reason": ""}),
    ("binding.declined", {"binding_id": 8, "company": "BrightWave", "ends": "",
                          "reason": "Fully booked"}),
    ("sanction.imposed", {"sanction_id": 3, "sanction_kind": "warning", "points": 0,
                          "points_held": 2, "reason": "Late twice", "appeal_until": "2026-12-14",
                          "expelled": False, "suspended_until": ""}),
]


async def test_rows_queued_in_the_stored_format_are_delivered_in_words(app: App) -> None:
    async with app.unit_of_work() as uow:
        account = Account(platform="console", platform_id="pat", language="en",
                          created_at=uow.now())
        uow.session.add(account)
        await uow.session.flush()
        uow.session.add_all([OutboxMessage(account_id=account.id, kind=kind, params=params,
                                           next_attempt_at=uow.now())
                             for kind, params in STORED])
        await uow.commit()
    lines = await Console(app).deliver()
    texts = [line["text"] for line in lines]
    assert len(texts) == 4 and all(line["to"] == "pat" for line in lines)
    assert "#7" in texts[0] and "Lotus Shop" in texts[0] and "Advertising" in texts[0]
    assert "30" in texts[0] and lines[0]["buttons"]
    assert "BrightWave accepted" in texts[1] and "2027-01-01" in texts[1]
    assert "#8" in texts[2] and "Their reason: Fully booked" in texts[2]
    assert "Late twice" in texts[3] and "2026-12-14" in texts[3]
