import os
import tempfile
import time

import nbformat
import pytest
from conftest import make_notebook

from course.notebooks.execute import ExecutionRequest, execute_all, kernel_environment, one_line


@pytest.fixture
def notebooks(tmp_path):
    folder = tmp_path / "notebooks"
    make_notebook(folder / "good.ipynb", ["import os\nprint(os.getcwd())", "print(6 * 7)"])
    make_notebook(folder / "sub" / "bad.ipynb", ["x = 1", "1 / 0"])
    make_notebook(folder / "slow.ipynb", ["import time\ntime.sleep(60)"])
    lock = tmp_path / "requirements.lock"
    lock.write_text("fixture==1\n")
    return tmp_path, folder, lock


def keep_only_good(folder):
    (folder / "sub" / "bad.ipynb").unlink()
    (folder / "slow.ipynb").unlink()


def run(tmp_path, folder, lock, **kwargs):
    on_result = kwargs.pop("on_result", None)
    options = dict(root=tmp_path, timeout=2, workers=2)
    options.update(kwargs)
    return execute_all(ExecutionRequest(folder, tmp_path / "cache", lock, **options), on_result)


def test_failures_are_one_line_each_and_every_notebook_is_tried(notebooks):
    tmp_path, folder, lock = notebooks
    report = run(tmp_path, folder, lock)
    by_name = {r.rel: r for r in report.results}
    assert set(by_name) == {"good.ipynb", "sub/bad.ipynb", "slow.ipynb"}
    assert by_name["good.ipynb"].succeeded
    bad = by_name["sub/bad.ipynb"]
    assert bad.failure_line() == "notebooks/sub/bad.ipynb: cell 6: ZeroDivisionError: division by zero"
    slow = by_name["slow.ipynb"]
    assert slow.failure_line().startswith("notebooks/slow.ipynb: cell 3: TimeoutError: the cell ran for more than 2 s")
    assert slow.runtime < 30
    message = report.failure_message()
    lines = message.splitlines()
    assert lines[:2] == [bad.failure_line(), slow.failure_line()] or lines[:2] == [slow.failure_line(), bad.failure_line()]
    assert lines[2].startswith(f"2 notebooks failed. Full tracebacks: {report.log_file}")
    log = report.log_file.read_text()
    assert "ZeroDivisionError" in log and ("Traceback" in log or "----> " in log)
    assert "\x1b[" not in log


def test_kernel_runs_in_a_throwaway_copy_of_the_notebook_folder_with_one_thread(notebooks):
    tmp_path, folder, lock = notebooks
    keep_only_good(folder)
    (folder / "data.csv").write_text("a,b\n1,2\n")
    make_notebook(folder / "env.ipynb", [
        "import os\nprint(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'])",
        "print(open('data.csv').read().split()[1])",
        "open('../escaped.txt', 'w').write('x'); open('written.txt', 'w').write('x')"])
    report = run(tmp_path, folder, lock)
    assert not report.failures, [r.failure_line() for r in report.failures]
    executed = report.output_dir / "notebooks"
    good = nbformat.read(executed / "good.ipynb", as_version=4)
    cwd = good.cells[2].outputs[0]["text"].strip()
    assert cwd != str(folder) and cwd.endswith("/notebooks"), cwd
    assert not (tmp_path / "escaped.txt").exists() and not (folder / "written.txt").exists()
    assert good.cells[5].outputs[0]["text"] == "42\n"
    env = nbformat.read(executed / "env.ipynb", as_version=4)
    assert env.cells[2].outputs[0]["text"] == "1 1\n"
    assert env.cells[5].outputs[0]["text"] == "1,2\n", "data files beside the notebook are readable"


def test_cache_reuses_outputs_after_a_markdown_edit_and_reruns_after_a_code_edit(notebooks):
    tmp_path, folder, lock = notebooks
    keep_only_good(folder)
    make_notebook(folder / "other.ipynb", ["print('other')"])
    first = run(tmp_path, folder, lock)
    assert [r.from_cache for r in first.results] == [False, False]
    assert "2 executed, 0 from cache, 0 failed" in first.summary()
    assert "slowest notebooks/" in first.summary()

    path = folder / "good.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = "Reworded prose."
    nbformat.write(nb, path)
    second = run(tmp_path, folder, lock)
    assert all(r.from_cache for r in second.results)
    mounted = nbformat.read(second.output_dir / "notebooks" / "good.ipynb", as_version=4)
    assert mounted.cells[1].source == "Reworded prose."
    assert mounted.cells[5].outputs[0]["text"] == "42\n"

    nb.cells[5].source = "print(6 * 8)"
    nbformat.write(nb, path)
    third = run(tmp_path, folder, lock)
    assert {r.rel: r.from_cache for r in third.results} == {"good.ipynb": False, "other.ipynb": True}
    assert len(list((tmp_path / "cache" / "executed").glob("*.ipynb"))) == 2, "stale entry pruned"

    forced = run(tmp_path, folder, lock, force=True)
    assert not any(r.from_cache for r in forced.results)


def test_deleted_notebook_is_removed_from_the_mounted_copies(notebooks):
    tmp_path, folder, lock = notebooks
    keep_only_good(folder)
    make_notebook(folder / "gone.ipynb", ["1"])
    run(tmp_path, folder, lock)
    (folder / "gone.ipynb").unlink()
    report = run(tmp_path, folder, lock)
    assert [p.name for p in (report.output_dir / "notebooks").rglob("*.ipynb")] == ["good.ipynb"]


def test_one_line_strips_colour_and_truncates():
    assert one_line("\x1b[31mboom\x1b[0m\nsecond line") == "boom"
    assert len(one_line("x" * 1000)) == 300


def test_kernel_environment_puts_the_guard_first():
    env = kernel_environment({"PYTHONPATH": "/elsewhere"})
    assert env["COURSE_NETWORK_GUARD"] == "1"
    assert env["PYTHONPATH"].split(":")[0].endswith("course/notebooks/netguard/startup")
    assert env["PYTHONPATH"].split(":")[-1] == "/elsewhere"


def test_each_result_is_reported_once_its_executed_copy_is_on_disk(notebooks):
    tmp_path, folder, lock = notebooks
    heard = []

    def on_result(result):
        copy = tmp_path / "cache" / "site" / "notebooks" / result.rel
        heard.append((result.rel, result.succeeded, copy.is_file()))

    run(tmp_path, folder, lock, on_result=on_result)
    assert sorted(heard) == [("good.ipynb", True, True), ("slow.ipynb", False, False),
                             ("sub/bad.ipynb", False, False)]
    heard.clear()
    keep_only_good(folder)
    run(tmp_path, folder, lock, on_result=on_result)
    assert heard == [("good.ipynb", True, True)], "a cached notebook is reported too"


def test_no_more_notebooks_run_at_once_than_workers(tmp_path):
    # Each notebook records when its cells start and stop running; a kernel may start early
    # (while others run), but its cells must wait for a free worker.
    # A barrier, not overlapping sleeps: each notebook says it has started, then waits (at most
    # 10 s) until two have, so two notebooks overlap only if two run at once.
    folder = tmp_path / "notebooks"
    log = tmp_path / "spans.txt"
    started = tmp_path / "started"
    started.mkdir()
    for name in "abcd":
        make_notebook(folder / f"{name}.ipynb", [
            f"import pathlib, time\nstart = time.monotonic()\nmarks = pathlib.Path({str(started)!r})\n"
            f"(marks / {name!r}).touch()\n"
            "while len(list(marks.iterdir())) < 2 and time.monotonic() - start < 10:\n    time.sleep(0.05)\n"
            "time.sleep(0.2)",
            f"with open({str(log)!r}, 'a') as f:\n    f.write(f'{{start}} {{time.monotonic()}}\\n')",
        ])
    lock = tmp_path / "requirements.lock"
    lock.write_text("fixture==1\n")
    report = execute_all(ExecutionRequest(folder, tmp_path / "cache", lock, root=tmp_path, timeout=30, workers=2))
    assert not report.failures
    spans = sorted(tuple(map(float, line.split())) for line in log.read_text().splitlines())
    assert len(spans) == 4
    for moment in (start for start, _ in spans):
        running = sum(1 for start, end in spans if start <= moment < end)
        assert running <= 2, f"{running} notebooks ran at once with workers=2"
    assert any(s2 < e1 for (s1, e1), (s2, e2) in zip(spans, spans[1:])), "two ran in parallel"


def test_a_notebooks_time_leaves_out_its_wait_for_a_worker(tmp_path):
    # With one worker, the second and third kernels start early and wait their turn: a
    # notebook's time must not count that wait. Each notebook writes when its cell began, so
    # the wait is measured, not assumed.
    folder = tmp_path / "notebooks"
    began_at = tmp_path / "began"
    began_at.mkdir()
    for name in "abc":
        make_notebook(folder / f"{name}.ipynb", [
            f"import pathlib, time\npathlib.Path({str(began_at / name)!r}).write_text(repr(time.monotonic()))\n"
            "time.sleep(1.0)"])
    lock = tmp_path / "requirements.lock"
    lock.write_text("fixture==1\n")
    start = time.monotonic()
    report = execute_all(ExecutionRequest(folder, tmp_path / "cache", lock, root=tmp_path, timeout=30, workers=1))
    waited = {r.rel: float((began_at / r.rel.removesuffix(".ipynb")).read_text()) - start for r in report.results}
    last = max(report.results, key=lambda r: waited[r.rel])
    assert all(r.runtime >= 1.0 for r in report.results)
    # The last one waited while the other two ran their 1 s cells (at least 2 s); counting
    # that wait would make its time longer than the wait itself.
    assert waited[last.rel] >= 2.0
    assert last.runtime < waited[last.rel], (last.runtime, waited)
    assert report.elapsed >= 3.0


def test_a_request_survives_the_trip_to_the_runner_process(tmp_path):
    request = ExecutionRequest(tmp_path / "nb", tmp_path / "cache", tmp_path / "lock", root=tmp_path,
                               timeout=7, workers=3, force=True)
    assert ExecutionRequest.from_json(request.to_json()) == request


def test_kernels_use_unix_sockets_in_a_folder_removed_afterwards(notebooks, monkeypatch):
    """Over TCP, a kernel's ports are picked free and bound a moment later, and another
    kernel's connection can take one in between: 'Address already in use'."""
    tmp_path, folder, lock = notebooks
    keep_only_good(folder)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    make_notebook(folder / "transport.ipynb", [
        "from ipykernel.kernelapp import IPKernelApp\nprint(IPKernelApp.instance().transport)"])
    report = run(tmp_path, folder, lock)
    assert not report.failures
    executed = nbformat.read(report.output_dir / "notebooks" / "transport.ipynb", as_version=4)
    assert executed.cells[2].outputs[0]["text"].strip() == "ipc"
    assert list(temporary.iterdir()) == []


def test_a_kernels_processor_time_is_read_from_proc_and_grows_with_work():
    from course.notebooks.execute import kernel_cpu_seconds

    before = kernel_cpu_seconds(os.getpid())
    assert before is not None and before > 0
    total = 0
    while kernel_cpu_seconds(os.getpid()) - before < 0.05:  # busy until the clock moves
        total += sum(range(10_000))
    assert kernel_cpu_seconds(os.getpid()) >= before + 0.05
    assert kernel_cpu_seconds(None) is None and kernel_cpu_seconds(2 ** 22 + 12345) is None
