"""Interactive console chat: a person plays any number of users in one terminal."""

from __future__ import annotations

import asyncio
from typing import Any

from .console import Console, ScriptError

HELP = ("Type as the current user. ':as NAME' switches user, ':lang en|zh' sets their language, "
        "':file PATH' sends a file, a number presses that button, ':quit' leaves.\n"
        "Demo identities: ':as ops' is an operator; ':as advertising-team' (or influencer-team, "
        "logistics-team, … one per category) is a member of a certified provider.")


def render(line: dict[str, Any], current: str) -> str:
    who = "" if line["to"] == current else f"(to {line['to']}) "
    text = f"bot → {who}{line['text']}"
    labels = [label for row in line.get("buttons", []) for label in row]
    options = "".join(f"\n   [{i}] {label}" for i, label in enumerate(labels, 1))
    files = "".join(f"\n   📎 {path}" for path in line.get("paths", line.get("files", [])))
    return text + files + options


async def chat(console: Console, user: str = "me") -> None:
    loop = asyncio.get_running_loop()
    console.show_paths = True
    print(HELP)
    while True:
        try:
            raw = await loop.run_in_executor(None, input, f"[{user}]> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return
        raw = raw.strip()
        if not raw:
            continue
        if raw == ":quit":
            return
        user = await _one(console, user, raw)


async def _one(console: Console, user: str, raw: str) -> str:
    verb, _, arg = raw.partition(" ")
    if verb == ":as" and arg:
        return arg.strip()
    if verb == ":lang" and arg:
        console.languages[user] = arg.strip()
        return user
    try:
        if verb == ":file":
            lines = await console.send(user, file=arg.strip())
        elif raw.isdigit() and user in console.menus:
            labels = [b.label for row in console.menus[user].buttons for b in row]
            index = int(raw) - 1
            if not 0 <= index < len(labels):
                print(f"(no button {raw}; the last message has {len(labels)})")
                return user
            lines = await console.send(user, press=labels[index])
        else:
            lines = await console.send(user, text=raw)
    except ScriptError as exc:
        print(f"({exc})")
        return user
    for line in lines:
        print(render(line, user))
    return user
