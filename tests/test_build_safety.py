"""A build never hangs, never leaves processes behind and never changes the sources (issue 19).

Each test builds a small fixture project with the real configuration and hooks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import make_notebook, run_build

from course.gates.sitebuild import BUILD_ENVIRONMENT

LIMIT_KB = 256


def test_a_cell_that_prints_too_much_fails_at_once_with_one_line(project, tmp_path):
    # One 5 MB line: nbclient's own stream handling took hours over this (a quadratic regex).
    make_notebook(project / "notebooks" / "loud.ipynb", ["print('x' * 5_000_000)"])
    run = run_build(project, tmp_path / "site", env={"COURSE_CELL_OUTPUT_LIMIT": str(LIMIT_KB)},
                    timeout=180)
    assert run.returncode == 1
    line = next(l for l in run.output.splitlines() if "notebooks/loud.ipynb: cell" in l)
    assert line.endswith("notebooks/loud.ipynb: cell 3: OutputTooLarge: the cell put 4.8 MB of output "
                         "in the page; the limit is 256 KB a cell (COURSE_CELL_OUTPUT_LIMIT, in KB). "
                         "Print a summary instead (df.head(), len(x), a smaller figure) or write the "
                         "rest to a file"), line
    assert "Traceback" not in run.output


def test_a_ten_megabyte_image_fails_the_same_way(project, tmp_path):
    make_notebook(project / "notebooks" / "picture.ipynb", [
        "import base64\nfrom IPython.display import display\n"
        "display({'image/png': base64.b64encode(b'\\x89PNG' + bytes(10_000_000)).decode()}, raw=True)"])
    run = run_build(project, tmp_path / "site", timeout=180)
    assert run.returncode == 1
    assert "notebooks/picture.ipynb: cell 3: OutputTooLarge: the cell put 12.7 MB of output" in run.output


def test_a_cell_just_under_the_limit_builds_with_its_output(project, tmp_path):
    under = LIMIT_KB * 1024 - 2000
    make_notebook(project / "notebooks" / "long.ipynb", [
        f"print('y' * {under // 2})\nprint('z\\rw' * {under // 6})"])
    run = run_build(project, tmp_path / "site", env={"COURSE_CELL_OUTPUT_LIMIT": str(LIMIT_KB)},
                    timeout=180)
    assert run.returncode == 0, run.output[-3000:]
    page = (run.site_dir / "notebooks" / "long" / "index.html").read_text()
    assert "y" * 1000 in page
    assert "z" not in page.split("y" * 1000)[-1].split("</pre>")[0].replace("zw", ""), \
        "a carriage return rubs out the line before it, as in a terminal"


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _children(pid: int) -> list[int]:
    found = []
    for task in Path("/proc").glob("[0-9]*"):
        try:
            parent = int(task.joinpath("stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid:
            found.append(int(task.name))
    return found


def test_killing_the_build_leaves_no_runner_no_kernel_and_no_files(project, tmp_path, short_tmp):
    temporary = short_tmp
    pid_file = tmp_path / "kernel.pid"
    make_notebook(project / "notebooks" / "long.ipynb", [
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(120)"])
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, env={**os.environ, **BUILD_ENVIRONMENT, "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.is_file() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        kernel = int(pid_file.read_text())
        (runner,) = _children(build.pid)
        assert _alive(runner) and _alive(kernel)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while (_alive(runner) or _alive(kernel) or list(temporary.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(runner), "the runner outlived the build"
        assert not _alive(kernel), "the kernel outlived the build"
        assert list(temporary.iterdir()) == [], "files were left in the temporary folder"
    finally:
        build.kill()


def test_damaged_cache_entries_are_rebuilt_with_the_same_site(project, tmp_path):
    make_notebook(project / "notebooks" / "figure.ipynb", [
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(3, 2))\n"
        "ax.plot([1, 2, 3])\nax.set_title('t')\nax.set_xlabel('x')\nax.set_ylabel('y')\nplt.show()"],
        markdown_after="**Figure description:** a line rising from left to right.")
    first = run_build(project, tmp_path / "first")
    assert first.returncode == 0, first.output[-3000:]
    cached = [p for p in (project / ".cache").rglob("*") if p.is_file() and p.suffix in (".json", ".ipynb", ".png")]
    assert {p.suffix for p in cached} == {".json", ".ipynb", ".png"}, cached
    for path in cached:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    second = run_build(project, tmp_path / "second")
    assert second.returncode == 0, second.output[-3000:]
    assert "Traceback" not in second.output
    dropped = [l for l in second.output.splitlines() if "Cache: dropped a damaged entry" in l]
    assert len(dropped) == len(cached), second.output
    for page in (tmp_path / "first").rglob("*.html"):
        other = tmp_path / "second" / page.relative_to(tmp_path / "first")
        assert page.read_bytes() == other.read_bytes(), page


def test_a_notebook_cannot_change_the_sources(project, tmp_path):
    (project / ".gitignore").write_text(".cache/\n")
    make_notebook(project / "notebooks" / "writer.ipynb", [
        "import os\nos.makedirs('../docs', exist_ok=True)\nopen('../docs/zz.md', 'w').write('# Written')\n"
        "open('../notebooks/zz.txt', 'w').write('x')\nopen('here.txt', 'w').write('x')"])
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], cwd=project, check=True)
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "fixture"], cwd=project, check=True)
    run = run_build(project, tmp_path / "site")
    assert run.returncode == 0, run.output[-3000:]
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project,
                            capture_output=True, text=True, check=True).stdout
    assert status == ""


def test_a_temporary_folder_too_long_for_kernel_sockets_stops_the_build_with_one_line(project, tmp_path):
    make_notebook(project / "notebooks" / "good.ipynb", ["print(1)"])
    long = tmp_path / ("t" * 80)  # the kernels' socket paths would pass 107 bytes
    long.mkdir()
    run = run_build(project, tmp_path / "site", env={"TMPDIR": str(long)})
    assert run.returncode == 1
    lines = [l for l in run.output.splitlines() if "too long a path for the kernels' sockets" in l]
    assert len(lines) == 1 and "set TMPDIR to a short folder, for example TMPDIR=/tmp" in lines[0], run.output[-2000:]
    assert "Traceback" not in run.output and "ZMQError" not in run.output
    assert list(long.iterdir()) == [], "nothing was started there"
