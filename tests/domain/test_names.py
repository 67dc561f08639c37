"""One helper picks the English or Chinese form of a name; nothing else re-implements it."""

from __future__ import annotations

import ast
from pathlib import Path

from domain.names import localized

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("bot", "handlers", "domain", "announcements", "demo")


def test_a_chinese_reader_gets_the_chinese_name() -> None:
    assert localized("zh", "Logistics", "物流") == "物流"


def test_everyone_else_gets_the_english_name() -> None:
    assert localized("en", "Logistics", "物流") == "Logistics"
    assert localized("es", "Logistics", "物流") == "Logistics"


def test_a_chinese_reader_gets_english_where_no_chinese_was_written() -> None:
    assert localized("zh", "Warehousing in the UK.", "") == "Warehousing in the UK."


def _picks_by_language(node: ast.AST) -> bool:
    """`a if lang == "zh" else b` over values (not two literal strings, like separators)."""
    if not isinstance(node, ast.IfExp) or not isinstance(node.test, ast.Compare):
        return False
    compares_zh = any(isinstance(c, ast.Constant) and c.value == "zh"
                      for c in node.test.comparators)
    literals = isinstance(node.body, ast.Constant) and isinstance(node.orelse, ast.Constant)
    return compares_zh and not literals


def test_no_module_picks_a_name_by_language_itself() -> None:
    found = [f"{path.relative_to(ROOT)}:{node.lineno}"
             for layer in LAYERS for path in sorted((ROOT / layer).rglob("*.py"))
             for node in ast.walk(ast.parse(path.read_text("utf-8"))) if _picks_by_language(node)]
    assert found == []
