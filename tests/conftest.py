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

from course.gates.browser import CHROMIUM, chromium
from course.gates.sitebuild import BUILD_ENVIRONMENT, Build, build

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


# Learner prose for fixture lessons: about 50 words a paragraph, plain and varied enough to
# read as English, so that fixture lessons meet the lesson contract like real ones.
PARAGRAPH = ("Staff on a ward, in a GP practice and in a care home meet this idea in their "
              "daily work. They read an output, decide what it means for the person in front of "
              "them and act. Short sentences help. Each term is explained once, then used the same "
              "way. ")


def _prose(paragraphs: int) -> str:
    return "\n\n".join(PARAGRAPH.strip() for _ in range(paragraphs))


FIGURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" role="img">
<title>A fixture figure</title><rect width="100%" height="100%" fill="#ffffff"/>
<text x="10" y="50" font-size="16" fill="#1b1b1b">Fixture</text></svg>
"""

LESSON = """---
title: {title}
description: A lesson used by the tests.
track: {track}
order: {order}
archetypes: [users, drivers]
teaching: 25
exercises: 15
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

""" + _prose(5) + """

![A fixture figure: a white box with one word, standing in for a real diagram.](figures/fixture.svg){{ .course-figure }}

!!! trainer "Trainer notes"
    **Timing:** 5 minutes.

    **How to run it:** ask the room what they already know.

    **Common questions:** people ask whether this is real. It is a fixture.

## The first idea

""" + _prose(5) + """

### More on the first idea

""" + _prose(1) + """

!!! trainer "Trainer notes"
    **Timing:** 10 minutes.

## The second idea

""" + _prose(6) + """

## A third idea

""" + _prose(4) + """

!!! trainer "Trainer notes"
    **Timing:** 10 minutes.

## A real UK example

""" + _prose(6) + """

## Exercise: a fixture task

!!! exercise "Exercise: a fixture task"
""" + "\n\n".join("    " + line for line in _prose(3).split("\n\n")) + """

    ??? solution "Model answer"
        The answer is that it is a fixture, and the build checks it like any lesson.

!!! trainer "Trainer notes"
    **Timing:** 10 minutes.

## Check your understanding

/// quiz | Is this a test?
- [ ] No, it is a real lesson about a clinical topic.
    It is not: it was written by the tests.
- [x] Yes, it is a test.
    It is a fixture that the tests write.
- [ ] It depends on the day of the week.
    Nothing here changes with the day.
///

/// quiz | Your manager in a care home asks who wrote this lesson. What is right?
- [x] The test suite.
    The fixture factory writes it.
- [ ] A clinical safety officer at a hospital trust.
    No person wrote this lesson.
- [ ] Nobody: it appeared by itself overnight.
    Files do not appear by themselves.
///

/// quiz | Your colleague asks what the build checks in a lesson. What is right?
- [ ] The title, because the rest is free text.
    The build checks the body as well as the title.
- [ ] Nothing, because lessons are plain text files.
    The build reads and checks every lesson.
- [x] The lesson contract.
    Every machine-checkable rule is checked.
///

/// quiz | How long is this fixture lesson planned to take?
- [ ] Twenty minutes, the time a short taster lesson takes.
    That is the time of a shorter lesson.
- [ ] An hour and a half, like a whole workshop.
    That is a whole workshop, not one lesson.
- [x] Forty minutes.
    Teaching 25 and exercises 15 add up to 40.
///

!!! trainer "Trainer notes"
    **Timing:** 5 minutes.

## Further reading

- Publisher. *A first title*. 2026.
- Publisher. *A second title*. 2025.
- Publisher. *A third title*. 2024.
"""


def make_lesson(docs: Path, rel: str, *, title: str = "A fixture lesson", track: str = "foundation",
                order: int = 1, notebooks: str = "[]") -> Path:
    """Write a fixture lesson that meets the lesson contract, with its figure."""
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LESSON.format(title=title, track=track, order=order, notebooks=notebooks), encoding="utf-8")
    (path.parent / "figures").mkdir(exist_ok=True)
    (path.parent / "figures" / "fixture.svg").write_text(FIGURE, encoding="utf-8")
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


# --- The two tiers --------------------------------------------------------------------------
# `make test` runs every test that does not need the real site (pytest -m "not site"), in
# parallel, before every commit. `make check` builds the real site once and runs the rest
# (pytest -m site) on that build, then every quality gate; CI runs both. A test that uses one
# of these fixtures is in the site tier even if it is not marked `site`, so no test can put a full
# build of the real site into `make test`.
SITE_FIXTURES = frozenset({"real_site", "site_url", "watched_page", "offline_pack", "offline_site"})
BUILT_SITE = "COURSE_TEST_SITE"  # make check: the site/ it has just built from these sources
BUILT_OFFLINE = "COURSE_TEST_OFFLINE"  # make check: the offline/ pack it has just made


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SITE_FIXTURES and not item.get_closest_marker("site"):
            item.add_marker(pytest.mark.site)
        if "offline_pack" in fixtures:
            # One worker builds the offline pack and runs every test that opens it.
            item.add_marker(pytest.mark.xdist_group("offline-pack"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict build of the real site, shared by every test that needs it: the build
    `make check` has just made (COURSE_TEST_SITE=site), or a build of its own."""
    built = os.environ.get(BUILT_SITE)
    if built:
        site_dir = Path(built).resolve()
        assert (site_dir / "index.html").is_file(), f"{BUILT_SITE}={built}: no built site there; run make build"
        return Build(0, f"(built before the tests: {site_dir})", site_dir, 0.0)
    site_dir = tmp_path_factory.mktemp("real-site") / "site"
    run = run_build(ROOT, site_dir)
    assert run.returncode == 0, f"the real site failed to build:\n{run.output[-5000:]}"
    return run


@pytest.fixture
def short_tmp() -> Path:
    """A scratch folder with a short path, for a TMPDIR that holds Unix sockets: a socket's
    path may be at most 107 bytes, and pytest-xdist makes tmp_path longer."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ct-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


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
    """Debian's Chromium driven by Playwright (course.gates.browser), shared by the session."""
    require_chromium("browser tests")
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def site_url(real_site):
    """The real site served over HTTP on loopback for the whole session."""
    from course.gates.sitecheck import serve

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


@dataclass(frozen=True)
class OfflinePack:
    """`make offline`'s two outputs: the site it built for use from files, and its zip."""

    site_dir: Path
    zip_path: Path


@pytest.fixture(scope="session")
def offline_pack(tmp_path_factory: pytest.TempPathFactory) -> OfflinePack:
    """The offline pack: the one `make check` has just made (COURSE_TEST_OFFLINE=offline), or
    one built here (`python -m course.tools.offline`, reusing the notebook cache)."""
    made = os.environ.get(BUILT_OFFLINE)
    if made:
        pack = OfflinePack(Path(made).resolve() / "site", Path(made).resolve() / "ai-course-offline.zip")
        assert pack.zip_path.is_file(), f"{BUILT_OFFLINE}={made}: no offline pack there; run make offline"
        return pack
    where = tmp_path_factory.mktemp("offline")
    pack = OfflinePack(where / "site", where / "ai-course-offline.zip")
    proc = subprocess.run(
        [sys.executable, "-m", "course.tools.offline", "--site-dir", str(pack.site_dir), "--zip", str(pack.zip_path)],
        cwd=ROOT, env={**os.environ, **BUILD_ENVIRONMENT}, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, f"make offline failed:\n{(proc.stdout + proc.stderr)[-5000:]}"
    return pack


@pytest.fixture(scope="session")
def offline_site(offline_pack: OfflinePack, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline pack unzipped, as a trainer would: the folder that holds its index.html."""
    import zipfile

    where = tmp_path_factory.mktemp("offline-unzipped")
    with zipfile.ZipFile(offline_pack.zip_path) as archive:
        archive.extractall(where)
    return where / "ai-course-offline"
