"""Transcript mode reports a bad line and plays the rest of the script."""

from __future__ import annotations

import io
import json

from bot.console import Console


async def test_a_line_with_a_non_string_value_is_reported_and_the_rest_is_played(
        console: Console) -> None:
    lines = ['{"as": "alice", "text": 12345}',
             '{"as": "alice", "press": ["x"]}',
             '{"as": "alice", "text": "/start", "lang": 7}',
             '{"as": "alice", "text": "/start", "id": "' + "7" * 200 + '"}',
             '{"as": "alice", "text": "/start"}']
    out, err = io.StringIO(), io.StringIO()
    failures = await console.play(lines, out, err)
    assert failures == 4
    assert err.getvalue().splitlines() == [
        'line 1: "text" must be a string, got 12345',
        'line 2: "press" must be a string, got ["x"]',
        'line 3: "lang" must be a string, got 7',
        'line 4: "id" must be at most 100 characters']
    said = [json.loads(line) for line in out.getvalue().splitlines()]
    assert said and said[0]["to"] == "alice" and said[0]["buttons"]
