"""Shared fixtures: a small fixture site factory and one full build of the real site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course.browser import CHROMIUM, chromium
from course.sitebuild import Build, build

ROOT = Path(__file__).resolve().parent.parent


def run_build(project: Path, site_dir: Path, env: dict[str, str] | None = None,
              timeout: int = 600) -> Build:
    return build(project, site_dir, env, timeout=timeout)


def make_notebook(path: Path, code: list[str], *, title: str = "A fixture notebook",
                  markdown_after: str = "The result means nothing for patients: it is a test.") -> Path:
    """Write a small notebook with valid course metadata."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["course"] = {
        "title": title, "description": "A notebook used by the tests.", "track": "foundation",
        "archetypes": ["users"], "minutes": 5,
        "outcomes": ["Explain what a test notebook does.", "Run a notebook."],
        "capabilities": ["6.1"], "reviewed": "2026-11-28",
    }
    cells = [new_markdown_cell(f"# {title}")]
    for source in code:
        cells.append(new_markdown_cell("The next cell does one small thing."))
        cells.append(new_code_cell(source))
        cells.append(new_markdown_cell(markdown_after))
    nb.cells = cells
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index}"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


LESSON = """---
title: {title}
description: A lesson used by the tests.
track: {track}
order: {order}
archetypes: [users, drivers]
teaching: 20
exercises: 10
outcomes:
  - Explain what a fixture lesson is.
  - Calculate nothing at all.
  - List the parts of a lesson.
capabilities: ["6.3"]
notebooks: {notebooks}
keypoints:
  - Fixtures keep tests small.
  - Real output is checked.
reviewed: 2026-11-28
---

## Why this matters to you

Tests need a small site.

## Check your understanding

/// quiz | Is this a test?
- [x] Yes.
    It is a fixture.
- [ ] No.
    It is.
///

## Further reading

- Publisher. *Title*. 2026.
"""


def make_lesson(docs: Path, rel: str, *, title: str = "A fixture lesson", track: str = "foundation",
                order: int = 1, notebooks: str = "[]") -> Path:
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LESSON.format(title=title, track=track, order=order, notebooks=notebooks), encoding="utf-8")
    return path


def make_project(where: Path) -> Path:
    """A minimal course project using the real configuration, hooks and theme overrides."""
    project = where / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "requirements.lock"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("hooks", "overrides", "includes"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    (project / "docs" / "index.md").write_text("# Fixture site\n\nA small site for tests.\n", encoding="utf-8")
    (project / "notebooks").mkdir()
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict build of the real site, shared by every test that needs it."""
    site_dir = tmp_path_factory.mktemp("real-site") / "site"
    run = run_build(ROOT, site_dir)
    assert run.returncode == 0, f"the real site failed to build:\n{run.output[-5000:]}"
    return run


def unshare_available() -> bool:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return probe.returncode == 0


def in_network_namespace(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command in a fresh network namespace with only loopback: nothing can leave."""
    script = 'ip link set lo up && exec "$@"'
    return subprocess.run(["unshare", "-n", "sh", "-c", script, "sh", *command], **kwargs)


# --- Browser tests -------------------------------------------------------------------------
ARTIFACTS = ROOT / "test-artifacts"


def require_chromium(what: str) -> None:
    """Skip (saying why) where Chromium is missing, except in CI, where that is a failure."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt-get install chromium")
        pytest.skip(f"{what} need Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (course.browser), shared by the session."""
    require_chromium("browser tests")
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def site_url(real_site):
    """The real site served over HTTP on loopback for the whole session."""
    from course.sitecheck import serve

    with serve(real_site.site_dir) as url:
        yield url


@dataclass
class WatchedPage:
    """A browser page plus every request it made that left its own origin."""

    page: object
    foreign_requests: list


@pytest.fixture
def watched_page(browser, site_url):
    from urllib.parse import urlsplit

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    origin = urlsplit(site_url).netloc
    foreign: list[str] = []

    def route(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == origin or parts.scheme == "file":
            return route.continue_()
        foreign.append(url)
        return route.abort()

    context.route("**/*", route)
    yield WatchedPage(page, foreign)
    context.close()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline pack, built once (`python -m course.offline`, reusing the notebook cache)
    and unzipped: the folder that holds its index.html. Beside it, in the parent's
    parent: ai-course-offline.zip and site/ (the pack's unzipped build)."""
    import zipfile

    where = tmp_path_factory.mktemp("offline")
    zip_path = where / "ai-course-offline.zip"
    proc = subprocess.run(
        [sys.executable, "-m", "course.offline", "--site-dir", str(where / "site"), "--zip", str(zip_path)],
        cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"make offline failed:\n{(proc.stdout + proc.stderr)[-5000:]}"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(where / "unzipped")
    return where / "unzipped" / "ai-course-offline"
