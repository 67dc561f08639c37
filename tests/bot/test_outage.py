"""An outage is two lines in the log, however many updates it defers."""

from __future__ import annotations

import logging

import pytest

from bot.outage import Outage


def test_an_outage_is_reported_once_when_it_starts_and_once_when_it_ends(
        caplog: pytest.LogCaptureFixture) -> None:
    now = [100.0]
    outage = Outage(clock=lambda: now[0])
    caplog.set_level(logging.WARNING)
    for _ in range(250):
        outage.defer(ConnectionRefusedError(111, "Connect call failed"))
    now[0] = 112.5
    outage.passed()
    outage.passed()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert lines[0].startswith("database unreachable (ConnectionRefusedError")
    assert lines[1] == ("database is back after 12.5 s; 250 updates were deferred and are "
                        "being retried")
    assert not outage.down and outage.total_deferred == 250 and outage.outages == 1


def test_a_bug_is_not_an_outage() -> None:
    outage = Outage()
    assert not outage.note(KeyError("step"))
    assert not outage.down
