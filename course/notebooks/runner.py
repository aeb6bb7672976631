"""Run the notebooks in a process of their own while the site builds, and follow them.

In a thread of the build's own process, every message from a kernel would wait for the
interpreter lock while Markdown pages render, and the kernels would sit idle. So the build
starts `python -c ...course.notebooks.runner...` (which calls `course.notebooks.execute.execute_all()`), carries
on rendering Markdown, and waits only when it reaches a notebook page: for that notebook
alone, so each notebook page renders while the others still run.

The runner reports on a pipe, one JSON line per message: {"result": {...}} as each notebook
is ready, then {"report": {...}} at the end. Anything else it prints goes to the build's
console.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO

from course.notebooks.execute import (
    KERNELS, PACKAGE_ROOT, BuildReport, ExecutionRequest, ExecutionResult, execute_all,
    with_python_path,
)


class RunnerError(RuntimeError):
    """The process that runs the notebooks stopped before it reported."""


PREFIX = "course-kernels-"
# A Unix socket's path holds at most 107 bytes on Linux (103 on macOS). The kernels' sockets
# are <temporary folder>/course-kernels-<process>-<8 letters>/<notebook>-<channel>.
SOCKET_PATH_MAX = 103 if sys.platform == "darwin" else 107
SOCKET_NAMES = len(f"/{PREFIX}4194304-abcdefgh/9999-9")


def check_socket_room(temporary: Path) -> None:
    """Stop before any kernel starts if its sockets' paths would be too long to use."""
    longest = len(os.fsencode(str(temporary))) + SOCKET_NAMES
    if longest > SOCKET_PATH_MAX:
        raise RunnerError(
            f"the temporary folder {temporary} is too long a path for the kernels' sockets "
            f"({longest} bytes with their names; at most {SOCKET_PATH_MAX}): set TMPDIR to a "
            "short folder, for example TMPDIR=/tmp, and build again")


class NotebookRun:
    """Notebooks executing in the background; ask for one with `wait_for`, all with `report`."""

    def __init__(self, request: ExecutionRequest) -> None:
        check_socket_room(Path(tempfile.gettempdir()))
        self._results: dict[str, ExecutionResult] = {}
        self._report: BuildReport | None = None
        self._ended = False
        self._changed = threading.Condition()
        self._process = subprocess.Popen(
            [sys.executable, "-c", "import sys, course.notebooks.runner as r; r.main(sys.argv[1], int(sys.argv[2]))",
             request.to_json(), str(os.getpid())],
            # Its standard input stays open until this process ends: that is how it knows.
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=with_python_path(dict(os.environ), PACKAGE_ROOT),
            text=True, encoding="utf-8",
        )
        self._reader = threading.Thread(target=self._read, name="notebook-runner", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            message = json.loads(line)
            with self._changed:
                if "result" in message:
                    result = ExecutionResult(**message["result"])
                    self._results[result.rel] = result
                elif "report" in message:
                    self._report = _report_from_json(message["report"])
                self._changed.notify_all()
        self._process.wait()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def _stopped(self) -> RunnerError:
        return RunnerError(
            f"the process running the notebooks stopped (exit code {self._process.returncode}) "
            "before it reported; its error is printed above. Run the build again; if it "
            "happens again, run with COURSE_WORKERS=1 to narrow it down"
        )

    def wait_for(self, rel: str) -> ExecutionResult | None:
        """Wait until the notebook at notebooks/<rel> is ready (None if there is no such notebook)."""
        with self._changed:
            self._changed.wait_for(lambda: rel in self._results or self._report is not None or self._ended)
            if rel in self._results:
                return self._results[rel]
            if self._report is None:
                raise self._stopped()
            return None

    def report(self) -> BuildReport:
        """Wait until every notebook has been tried, and the runner has ended."""
        self._reader.join()
        if self._report is None:
            raise self._stopped()
        return self._report


def _report_from_json(data: dict) -> BuildReport:
    return BuildReport(
        results=tuple(ExecutionResult(**r) for r in data["results"]),
        output_dir=Path(data["output_dir"]),
        log_file=Path(data["log_file"]),
        elapsed=data["elapsed"],
        removed_cache_entries=data["removed_cache_entries"],
    )


def _send(channel: IO[str], kind: str, value: object) -> None:
    channel.write(json.dumps({kind: dataclasses.asdict(value)}, default=str) + "\n")
    channel.flush()



def die_with_parent(parent: int) -> None:
    """Ask Linux to send SIGTERM when the build process dies, however it dies (SIGKILL too).

    Our standard input closing says the same, but only when this process next looks; this
    needs nothing from us. Where prctl does not exist (macOS), the standard input suffices."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # it died before we asked
        os.kill(os.getpid(), signal.SIGTERM)


def sweep(folder: Path) -> list[Path]:
    """Remove the scratch folders of runners that are no longer running; return them."""
    removed = []
    for path in folder.glob(PREFIX + "*"):
        owner = path.name.removeprefix(PREFIX).split("-", 1)[0]
        if not owner.isdigit() or _alive(int(owner)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(request_json: str, parent: int | None = None) -> None:
    """The runner process: execute every notebook, reporting on what was standard output.

    The notebooks run in a thread; this thread watches for Ctrl+C, a stop signal, or the
    build going away (its end of our standard input closes, or Linux tells us it died), and
    then stops every kernel and exits at once, quietly."""
    if parent is not None:
        die_with_parent(parent)
    request = ExecutionRequest.from_json(request_json)
    # Keep the pipe for messages; send anything else printed to the console (standard error).
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    finished = threading.Event()

    # Made here, not by execute_all, so that stop() can remove it: os._exit skips the clean-up
    # that a normal exit does. Its name carries our process ID, so that a later run can
    # remove it if this process is killed before it can.
    sweep(Path(tempfile.gettempdir()))
    sockets = tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-")

    def work() -> None:  # an error in here is printed by the thread, and we exit with 1
        report = execute_all(request, lambda result: _send(channel, "result", result), Path(sockets.name))
        _send(channel, "report", report)
        channel.close()
        finished.set()

    def stop(signum: int = signal.SIGTERM, frame: object = None) -> None:
        # Kernels first: a kernel still starting would write its connection file again.
        for pid in list(KERNELS):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        sockets.cleanup()
        os._exit(128 + signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    worker = threading.Thread(target=work, name="notebooks")
    worker.start()
    while worker.is_alive():
        ready, _, _ = select.select([sys.stdin], [], [], 0.2)
        if ready and not os.read(sys.stdin.fileno(), 4096):
            stop()  # the build has gone
    worker.join()
    if not finished.is_set():
        sys.exit(1)
