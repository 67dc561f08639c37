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
