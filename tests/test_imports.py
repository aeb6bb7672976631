"""No import cycles in course/: a module that needs another's helpers imports it at the top,
and shared helpers sit below both (course.pages.generated), never behind an import inside a function."""

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
            if node.module == "course" or node.module.startswith("course."):
                found.add(node.module)  # and each name, in case it is a module: from course.gates import check
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("course."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def module_name(path: Path) -> str:
    """course/pages/generate.py -> course.pages.generate; a package's __init__.py is the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of course/ and its stage packages (not the kernels' start-up folder, which
    is data: it has no __init__.py)."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))
            if "__pycache__" not in p.parts and (p.parent / "__init__.py").is_file()}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: {m for m in course_imports(path) if m in found and m != name}
            for name, path in found.items()}


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
    """Each module, and each stage package's __init__.py, says in its docstring what it is for."""
    for path in modules().values():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and doc.strip(), f"{path.relative_to(ROOT)} has no docstring saying what it is for"


# The stages of the build, in the order it runs them: a module imports from its own stage or an
# earlier one, never a later one, so the pipeline reads from the folder names. settings and
# failure, which every stage shares, stay in course/ and import no stage.
STAGES = ['content', 'notebooks', 'pages', 'gates', 'tools']
SHARED = ['failure', 'settings']


def stage_of(module: str) -> int:
    """-1 for course itself and its shared modules; else the place of course.<stage> in STAGES."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else -1


def later_stage_imports(edges: dict[str, set[str]]) -> list[str]:
    return [f"{name} imports {target}" for name in sorted(edges) for target in sorted(edges[name])
            if stage_of(target) > stage_of(name)]


def test_every_module_has_a_stage():
    loose = [name for name in modules() if name.count(".") == 1
             and name.split(".")[1] not in STAGES and name.split(".")[1] not in SHARED]
    assert loose == [], f"put each module in its stage's folder (course/<stage>/), not in course/: {loose}"


def test_no_stage_imports_a_later_one():
    assert later_stage_imports(graph()) == [], "move what both stages need down to the earlier stage"


def test_the_stage_check_finds_an_import_from_a_later_stage():
    edges = {"course.content.quiz": {"course.pages.generate"}, "course.gates.check": {"course.content.quiz"},
             "course.settings": {"course.notebooks.execute"}}
    assert later_stage_imports(edges) == ["course.content.quiz imports course.pages.generate",
                                          "course.settings imports course.notebooks.execute"]
