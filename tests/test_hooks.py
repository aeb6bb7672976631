"""The MkDocs hooks (hooks/*.py) keep no state from one build to the next: `make serve`
rebuilds in one process, with the same hook modules, and each rebuild must start clean."""

from pathlib import Path

import pytest
from conftest import make_lesson, make_notebook
from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_in_process(project: Path, site_dir: Path) -> dict[str, bytes]:
    """One build as `mkdocs serve` runs each rebuild: the configuration loaded again, the
    build run in this process; returns every file written."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def test_builds_in_one_process_start_clean(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)  # as `make serve` runs (snippets are found from here)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setenv("COURSE_WORKERS", "1")
    make_notebook(project / "notebooks" / "foundation" / "sums.ipynb", ["print(6 * 7)"], title="Sums")
    lesson = make_lesson(project / "docs", "foundation/first.md", notebooks="[foundation/sums.ipynb]")
    original = lesson.read_text(encoding="utf-8")

    first = build_in_process(project, tmp_path / "site")
    assert "42" in first["notebooks/foundation/sums/index.html"].decode()

    # An edit, as a reader of `make serve` would make: the next build shows it, everywhere.
    lesson.write_text(original.replace("title: A fixture lesson", "title: An edited lesson")
                      .replace("Calculate nothing at all.", "Calculate an edited outcome.")
                      .replace("/// quiz | Is this a test?", "/// quiz | Is this an edited test?"),
                      encoding="utf-8")
    edited = build_in_process(project, tmp_path / "site")
    page = edited["foundation/first/index.html"].decode()
    assert "Is this an edited test?" in page and "Is this a test?" not in page
    assert "Calculate an edited outcome." in page and "Calculate nothing at all." not in page
    assert 'data-course-title="An edited lesson"' in page
    assert "A fixture lesson" not in edited["foundation/index.html"].decode()
    assert b"An edited lesson" in edited["my-learning/index.html"]

    # Undo the edit: the build is the first one again, byte for byte, file for file.
    lesson.write_text(original, encoding="utf-8")
    again = build_in_process(project, tmp_path / "site")
    assert sorted(again) == sorted(first)
    assert [name for name in first if again[name] != first[name]] == []


@pytest.mark.parametrize("given", [None, "1790000000"])
def test_the_build_date_is_pinned_again_for_each_build_unless_it_was_given(project, monkeypatch, given):
    """A date the hook pinned for one build is read again for the next (the last commit may
    have changed under `make serve`); a SOURCE_DATE_EPOCH the person set is kept."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("security_under_test", project / "hooks" / "security.py")
    security = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(security)
    commits = iter(["1700000000", "1800000000"])
    monkeypatch.setattr(security.reproducible, "last_commit_time", lambda root: next(commits))
    if given is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", given)

    class Config:
        config_file_path = str(project / "mkdocs.yml")

    import os
    security.on_config(Config())
    first = os.environ["SOURCE_DATE_EPOCH"]
    security.on_config(Config())
    assert (first, os.environ["SOURCE_DATE_EPOCH"]) == (
        ("1700000000", "1800000000") if given is None else (given, given))
