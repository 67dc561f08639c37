"""`python -m bot rank [--period P]`: ranks, stores, and says how many; a bad period is one line."""

import argparse

import pytest

from bot.app import App
from bot.cli import cmd_rank
from tests.domain.test_ranking_stored import two_providers


async def test_rank_prints_counts_and_refuses_a_malformed_period(
        app: App, capsys: pytest.CaptureFixture[str]) -> None:
    await two_providers(app)
    assert await cmd_rank(app, argparse.Namespace(period=None)) == 0
    out = capsys.readouterr()
    assert "ranked 2 provider-categories (4 rows with markets); featured 0" in out.out
    assert "ranking: [" in out.err  # the progress bar
    assert await cmd_rank(app, argparse.Namespace(period="Nov 2026")) == 2
    assert "rank: expects a period like 2026-11, got 'Nov 2026'" in capsys.readouterr().err
