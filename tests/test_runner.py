import signal
import time
from pathlib import Path

import pytest
from conftest import make_notebook

from course.notebooks.execute import ExecutionRequest
from course.notebooks.runner import NotebookRun, RunnerError


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "notebooks"
    make_notebook(folder / "a-quick.ipynb", ["print(6 * 7)"])
    # The slow one runs until the test lets it go (a file appears), at most 30 s: a barrier,
    # not a sleep that the quick one must beat.
    release = tmp_path / "release"
    make_notebook(folder / "b-slow.ipynb", [
        f"import pathlib, time\nstart = time.monotonic()\nwhile not pathlib.Path({str(release)!r}).exists()"
        " and time.monotonic() - start < 30:\n    time.sleep(0.05)"])
    make_notebook(folder / "c-bad.ipynb", ["1 / 0"])
    lock = tmp_path / "requirements.lock"
    lock.write_text("fixture==1\n")
    return tmp_path, folder, lock


@pytest.fixture
def temporary(short_tmp, monkeypatch):
    """The runner's temporary folder, where it puts the kernels' sockets."""
    monkeypatch.setenv("TMPDIR", str(short_tmp))
    return short_tmp


def start(tmp_path, folder, lock, cache_dir=None) -> NotebookRun:
    return NotebookRun(ExecutionRequest(folder, cache_dir or tmp_path / "cache", lock, root=tmp_path,
                                        timeout=30, workers=2))


def test_a_notebook_is_ready_while_others_still_run(project):
    tmp_path, folder, lock = project
    run = start(tmp_path, folder, lock)
    quick = run.wait_for("a-quick.ipynb")
    assert quick is not None and quick.succeeded and not quick.from_cache
    assert run._process.poll() is None, "the slow notebook should still be running"
    (tmp_path / "release").touch()
    assert (tmp_path / "cache" / "site" / "notebooks" / "a-quick.ipynb").is_file()

    bad = run.wait_for("c-bad.ipynb")
    assert bad.failure_line() == "notebooks/c-bad.ipynb: cell 3: ZeroDivisionError: division by zero"
    report = run.report()
    assert [r.rel for r in report.results] == ["a-quick.ipynb", "b-slow.ipynb", "c-bad.ipynb"]
    assert [r.succeeded for r in report.results] == [True, True, False]
    assert report.failure_message().startswith(bad.failure_line())
    assert report.log_file.is_file() and "ZeroDivisionError" in report.log_file.read_text()
    assert run.wait_for("no-such.ipynb") is None


def test_a_second_run_comes_from_the_cache(project, temporary):
    tmp_path, folder, lock = project
    (folder / "b-slow.ipynb").unlink()
    (folder / "c-bad.ipynb").unlink()
    start(tmp_path, folder, lock).report()
    assert list(temporary.iterdir()) == [], "the runner left its sockets or connection files behind"
    report = start(tmp_path, folder, lock).report()
    assert "0 executed, 1 from cache, 0 failed" in report.summary()


def test_a_runner_that_dies_gives_one_clear_error(project, capfd):
    tmp_path, folder, lock = project
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    run = start(tmp_path, folder, lock, cache_dir=blocker)
    with pytest.raises(RunnerError, match=r"stopped \(exit code 1\) before it reported"):
        run.wait_for("a-quick.ipynb")
    with pytest.raises(RunnerError):
        run.report()
    assert "not-a-folder" in capfd.readouterr().err, "the runner's own error reaches the console"


def kernel_gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # exited, waiting to be reaped


@pytest.mark.parametrize("how", ["build gone", "ctrl-c"])
def test_the_runner_stops_its_kernels_when_the_build_stops(tmp_path, temporary, how):
    folder = tmp_path / "notebooks"
    pid_file = tmp_path / "kernel.pid"
    make_notebook(folder / "long.ipynb", [
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)"])
    lock = tmp_path / "requirements.lock"
    lock.write_text("fixture==1\n")
    run = start(tmp_path, folder, lock)
    deadline = time.monotonic() + 30
    while not (pid_file.is_file() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    kernel = int(pid_file.read_text())
    assert list(temporary.glob("course-kernels-*/*")), "the kernel talks over Unix sockets"
    if how == "build gone":
        run._process.stdin.close()
    else:
        run._process.send_signal(signal.SIGINT)
    assert run._process.wait(timeout=10) == (128 + signal.SIGTERM if how == "build gone" else 128 + signal.SIGINT)
    deadline = time.monotonic() + 5
    while not kernel_gone(kernel) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kernel_gone(kernel), "the kernel outlived its runner"
    assert list(temporary.iterdir()) == [], "the runner left its sockets or connection files behind"
