"""No import cycles in course/: a module that needs another's helpers imports it at the top,
and shared helpers sit below both (course.pages), never behind an import inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "course"


def course_imports(path: Path) -> set[str]:
    """Every course module a file imports, at the top or inside functions; a script's
    `if __name__ == "__main__":` block is not an import of the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "course":
                found.update(f"course.{alias.name}" for alias in node.names)
            elif node.module.startswith("course."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("course."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def graph() -> dict[str, set[str]]:
    modules = {f"course.{p.stem}": p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {name: {m for m in course_imports(path) if m in modules and m != name}
            for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, done = [], set()

    def walk(node: str, trail: list[str]) -> None:
        if node in trail:
            found.append(trail[trail.index(node):] + [node])
            return
        if node in done:
            return
        for target in sorted(edges.get(node, ())):
            walk(target, trail + [node])
        done.add(node)

    for start in sorted(edges):
        walk(start, [])
    return found


def test_course_has_no_import_cycles():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_every_module_says_what_it_is_for():
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem == "__init__":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and doc.strip(), f"{path.name} has no docstring saying what it is for"
