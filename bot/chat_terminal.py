"""Interactive console chat: a person plays any number of users in one terminal."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from .console import Console, ScriptError, handle_problem

HELP = ("Type as the current user. ':as NAME' switches user, ':lang en|zh' sets their language, "
        "':file PATH' sends a file, a number presses that button, ':quit' leaves.\n"
        "Demo identities: ':as ops' is an operator; ':as advertising-team' (or influencer-team, "
        "logistics-team, … one per category) is a member of a certified provider.")


USAGE = {":as": "(usage: :as NAME — switch to the user NAME, e.g. :as ops)",
         ":lang": "(usage: :lang en|zh — set the current user's language)",
         ":file": "(usage: :file PATH — send the file at PATH)"}


def render(line: dict[str, Any], current: str) -> str:
    who = "" if line["to"] == current else f"(to {line['to']}) "
    text = f"bot → {who}{line['text']}"
    labels = [label for row in line.get("buttons", []) for label in row]
    options = "".join(f"\n   [{i}] {label}" for i, label in enumerate(labels, 1))
    files = "".join(f"\n   📎 {path}" for path in line.get("paths", line.get("files", [])))
    return text + files + options


def log_to_file(path: Path | None = None) -> Path:
    """Warnings (an SMTP server that is down, say) go to a file named here, not between the
    lines of the conversation."""
    path = path or Path(tempfile.gettempdir()) / f"smbot-chat-{os.getpid()}.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler) is logging.StreamHandler:  # the terminal's stderr, nothing else
            root.removeHandler(handler)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path


async def chat(console: Console, user: str = "me", log_path: Path | None = None) -> None:
    loop = asyncio.get_running_loop()
    console.show_paths = True
    print(HELP)
    print(f"(warnings and errors are logged to {log_to_file(log_path)})")
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
    if verb in USAGE and not arg.strip():
        print(USAGE[verb])
        return user
    if verb == ":as":
        problem = handle_problem(arg.strip())
        if problem is not None:
            print(f"({problem}; you are still {user})")
            return user
        return arg.strip()
    if verb == ":lang":
        console.languages[user] = arg.strip()
        return user
    try:
        if verb == ":file":
            lines = await console.send(user, file=arg.strip())
        elif (raw.isascii() and raw.isdigit() and len(raw) <= 4  # `²` is a digit, not a number
              and user in console.menus and not await console.takes_text(user)):
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
