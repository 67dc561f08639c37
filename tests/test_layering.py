"""Imports flow one way: bot → handlers → domain (demo → domain). A scan keeps it so."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = {"aiogram", "telegram", "wechatpy", "apscheduler", "aiohttp", "aiosmtplib"}
FORBIDDEN = {
    "domain": PLATFORM | {"bot", "handlers", "announcements"},
    "handlers": PLATFORM | {"bot", "announcements"},
    "announcements": {"aiogram", "telegram", "wechatpy", "bot", "handlers"},
    "demo": PLATFORM | {"bot", "handlers", "announcements"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it_nor_a_platform_library(layer: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[layer])
        for path in (ROOT / layer).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_scan_would_catch_a_platform_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom aiogram import Bot\n")
    assert "aiogram" in imported_roots(bad)


def test_the_engine_knows_no_conversation_but_the_registry() -> None:
    """Conversations plug into the engine; only registry.py lists them."""
    engine = ROOT / "handlers" / "engine"
    offenders = []
    for path in engine.glob("*.py"):
        if path.name == "registry.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and "conversations" in (node.module or ""):
                offenders.append(path.name)
    assert offenders == []


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module `path` imports, relative imports resolved against its `package`."""
    parts, out = package.split("."), set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = parts[:len(parts) + 1 - node.level] if node.level else []
            out.add(".".join([*base, *([node.module] if node.module else [])]))
    return out


# Each Telegram library lives in its own module; what both share (bridge, keyboard, delivery)
# speaks the Bot API's JSON or our own types, so the two libraries cannot drift apart.
OWN_LIBRARY = {"aiogram_frontend.py": "aiogram", "ptb_frontend.py": "telegram"}
FRONT_ENDS = {"bot.telegram": {"aiogram", "telegram"}, "bot.wechat": {"wechatpy"}}


@pytest.mark.parametrize("package", sorted(FRONT_ENDS))
def test_a_front_end_imports_no_other_front_end_nor_its_library(package: str) -> None:
    """WeChat never imports Telegram's libraries (nor the reverse), no front end imports
    another (the console included: text commands come from the engine), and aiogram and
    python-telegram-bot never meet in one module."""
    others = {lib for pkg, libs in FRONT_ENDS.items() if pkg != package for lib in libs}
    neighbours = {"bot.console", *(pkg for pkg in FRONT_ENDS if pkg != package)}
    offenders = {}
    for path in (ROOT / package.replace(".", "/")).glob("*.py"):
        modules = imported_modules(path, package)
        roots = {m.split(".")[0] for m in modules}
        own = FRONT_ENDS[package] if package == "bot.wechat" else {OWN_LIBRARY.get(path.name)}
        wrong = (roots & (others | FRONT_ENDS[package])) - own
        wrong |= {m for m in modules if any(m == n or m.startswith(n + ".") for n in neighbours)}
        if wrong:
            offenders[path.name] = sorted(wrong)
    assert offenders == {}
