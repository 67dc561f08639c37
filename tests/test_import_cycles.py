"""No import cycle among the project's modules: a cycle is a seam that runs both ways.

The graph is built from the ast of every module of the project's packages. Every import
counts, at module level or inside a function (a function-level import only hides a cycle
until the function runs); imports under `if TYPE_CHECKING:` do not, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "demo", "domain", "announcements")

# Edges skipped, each a known cycle that someone is removing. Keep this empty.
KNOWN: set[tuple[str, str]] = set()

Graph = dict[str, set[str]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import in the tree, leaving out the body of `if TYPE_CHECKING:` (not its else)."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and _type_checking(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))
    return found


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def targets(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `module` imports: the most specific module each import names."""
    found: set[str] = set()
    for node in _imports(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
            continue
        source = _absolute(module, path.name == "__init__.py", node)
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            if submodule in known:
                found.add(submodule)
            elif source in known:
                found.add(source)
    found.discard(module)
    return found


def import_graph(skip: set[tuple[str, str]] = KNOWN) -> Graph:
    known = project_modules()
    return {m: {t for t in targets(m, p, known) if (m, t) not in skip}
            for m, p in known.items()}


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle as the modules along it (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if root in state:
            continue
        path: list[str] = [root]
        todo = [iter(sorted(graph[root]))]
        state[root] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_the_project_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_every_known_edge_is_still_an_import() -> None:
    """A known edge that no longer exists is stale: drop it so it cannot hide a new cycle."""
    graph = import_graph(skip=set())
    assert {(a, b) for a, b in KNOWN if b not in graph.get(a, set())} == set()


def test_the_scan_counts_imports_in_functions_but_not_for_type_checking(tmp_path: Path
                                                                        ) -> None:
    source = ("from typing import TYPE_CHECKING\n"
              "if TYPE_CHECKING:\n    from domain import rules\n"
              "def f():\n    from . import errors\n")
    path = tmp_path / "x.py"
    path.write_text(source)
    known = {"domain.x": path, "domain.rules": path, "domain.errors": path}
    assert targets("domain.x", path, known) == {"domain.errors"}


def test_the_search_finds_a_cycle_and_names_its_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
