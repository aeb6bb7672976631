"""End to end: build small fixture sites with the real configuration and hooks."""

import os
import sys

import pytest
from conftest import in_network_namespace, make_lesson, make_notebook, run_build, unshare_available

from course.gates.sitebuild import BUILD_ENVIRONMENT


def test_good_site_builds_with_executed_notebook_and_generated_pages(project, tmp_path):
    make_notebook(project / "notebooks" / "foundation" / "good.ipynb", ["print(6 * 7)"], title="Good notebook")
    make_lesson(project / "docs", "foundation/first.md", notebooks="[foundation/good.ipynb]")
    run = run_build(project, tmp_path / "site")
    assert run.returncode == 0, run.output
    assert "Notebooks: 1 executed, 0 from cache, 0 failed" in run.output
    page = (run.site_dir / "notebooks" / "foundation" / "good" / "index.html").read_text()
    assert "42" in page and 'href="good.ipynb"' in page
    assert (run.site_dir / "notebooks" / "foundation" / "good" / "good.ipynb").is_file()
    assert "cdnjs" not in page and "<style" not in page.split('<div class="jupyter-wrapper"')[1]
    lesson = (run.site_dir / "foundation" / "first" / "index.html").read_text()
    assert "By the end of this lesson you will be able to" in lesson
    assert "Explain what a fixture lesson is." in lesson
    assert 'href="../../notebooks/foundation/good/"' in lesson
    index = (run.site_dir / "foundation" / "index.html").read_text()
    assert "A fixture lesson" in index and "40 min" in index
    assert not (run.site_dir / "tracks").exists(), "tracks with no lessons have no pages"
    assert "Shapers track" not in index
    again = run_build(project, tmp_path / "site")
    assert "Notebooks: 0 executed, 1 from cache" in again.output


def test_failing_and_hanging_notebooks_stop_the_build_with_one_line_each(project, tmp_path):
    make_notebook(project / "notebooks" / "good.ipynb", ["print(1)"])
    make_notebook(project / "notebooks" / "broken.ipynb", ["x = 1", "undefined_name + 1"])
    make_notebook(project / "notebooks" / "hangs.ipynb", ["import time\nwhile True:\n    time.sleep(1)"])
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("an old build")
    run = run_build(project, site, env={"COURSE_CELL_TIMEOUT": "3"})
    assert run.returncode == 1
    lines = run.output.splitlines()
    assert any(l.endswith("notebooks/broken.ipynb: cell 6: NameError: name 'undefined_name' is not defined") for l in lines)
    assert any(l.endswith("notebooks/hangs.ipynb: cell 3: TimeoutError: the cell ran for more than 3 s; "
                          "make it faster, or set COURSE_CELL_TIMEOUT (seconds) if it truly needs longer") for l in lines)
    assert not any("good.ipynb" in l and "cell" in l for l in lines)
    log_line = next(l for l in lines if "2 notebooks failed. Full tracebacks:" in l)
    log_file = log_line.split("Full tracebacks: ")[1].split(". Fix")[0]
    assert "NameError" in open(log_file).read()
    assert "Traceback (most recent call last)" not in run.output
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert "The site did not build" in (site / "index.html").read_text()


def test_bad_track_fails_with_file_line_and_allowed_values(project, tmp_path):
    make_lesson(project / "docs", "foundation/bad.md", track="everyone")
    run = run_build(project, tmp_path / "site")
    assert run.returncode == 1
    assert ("docs/foundation/bad.md:4: track: 'everyone' is not allowed; allowed: foundation, "
            "shapers, drivers, creators, embedders, users") in run.output
    assert "Traceback" not in run.output


@pytest.mark.skipif(not unshare_available(), reason="needs unshare -n (run as root)")
def test_notebook_that_calls_the_network_fails_the_build(project, tmp_path):
    make_notebook(project / "notebooks" / "net.ipynb", [
        "import socket\nsocket.create_connection(('192.0.2.1', 443), timeout=5)"])
    proc = in_network_namespace(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, env={**os.environ, **BUILD_ENVIRONMENT}, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    output = proc.stdout + proc.stderr
    assert ("notebooks/net.ipynb: cell 3: NetworkBlockedError: notebooks must not use the network "
            "(blocked a connection to 192.0.2.1:443)") in output
