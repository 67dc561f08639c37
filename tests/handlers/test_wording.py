"""Wording: Chinese lists take 、 (/provider too); queue entries are shortened at a word."""

from pathlib import Path

from bot.app import App
from handlers.engine.wording import shorten
from tests import factories
from tests.applying import apply
from tests.transcript import Transcript

LONG = "Shenzhen Bright Line Payment Technology Co., Ltd."


async def test_provider_record_lists_markets_with_the_chinese_comma(app: App,
                                                                   chat: Transcript) -> None:
    await factories.provider(app, "bob", markets=("US", "UK"))
    said = await chat.say("ops", "/provider BrightWave", lang="zh")
    assert "美国、英国" in said.text
    said = await chat.say("ops", "/provider BrightWave", lang="en")
    assert "United States, United Kingdom" in said.text


async def test_queue_entries_are_shortened_at_a_word(app: App, chat: Transcript,
                                                     tmp_path: Path) -> None:
    await factories.provider(app, "bob", LONG, categories=())
    await apply(chat, "bob", tmp_path)
    said = await chat.say("ops", "/review")
    assert said.last.labels[0] == "A-000001 · Shenzhen Bright Line… · Advertising agency"


def test_shorten_never_cuts_mid_word() -> None:
    assert shorten("Blue Harbor Logistics", 40) == "Blue Harbor Logistics"
    assert shorten("Blue Harbor Logistics", 15) == "Blue Harbor…"
    assert shorten("Supercalifragilistic", 10) == "Supercali…"  # one long word: an ellipsis
    assert shorten("义乌海纳互动营销有限公司", 6) == "义乌海纳互…"
