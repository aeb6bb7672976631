"""Execute notebooks in parallel, each in a fresh kernel, with a cache and clear failures.

`execute_all()` tries every notebook (a failure does not stop the others), returns one
`ExecutionResult` per notebook, writes full tracebacks to a log file, and leaves the executed
copies in a folder that the site build mounts at /notebooks/.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

import course
from course.content.sources import find_notebooks
from course.notebooks import netguard
from course.notebooks.cache import NotebookCache, key_for, merge_outputs, write_if_changed

KERNEL = "python3"
# Process IDs of the kernels running now, so that a runner told to stop can stop them first.
KERNELS: set[int] = set()
# What one cell may put in the page (text and images), in bytes; mkdocs.yml sets it.
OUTPUT_LIMIT = 1024 * 1024
PACKAGE_ROOT = str(Path(course.__file__).resolve().parent.parent)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# One thread per kernel: parallel kernels with default thread pools fight over the cores.
THREAD_LIMITS = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
}


@dataclass(frozen=True)
class ExecutionResult:
    """What happened to one notebook."""

    notebook: str  # as shown to people: notebooks/<path>.ipynb
    rel: str  # path inside notebooks/
    succeeded: bool
    from_cache: bool
    runtime: float
    cell: int | None = None  # 1-based position of the failing cell among all cells
    # Processor time the kernel spent running the cells (Linux; None elsewhere or from the
    # cache): unlike `runtime`, it does not grow when other work shares the machine.
    cpu_seconds: float | None = None
    error_type: str | None = None
    error_message: str | None = None
    traceback: str | None = None

    def failure_line(self) -> str:
        """One line: notebooks/<path>.ipynb: cell <n>: <ExceptionType>: <message>."""
        cell = f"cell {self.cell}" if self.cell else "kernel"
        return f"{self.notebook}: {cell}: {self.error_type}: {self.error_message}"


@dataclass(frozen=True)
class BuildReport:
    """The results of one build's notebook stage."""

    results: tuple[ExecutionResult, ...]
    output_dir: Path  # executed copies, laid out as notebooks/<path>.ipynb
    log_file: Path
    elapsed: float
    removed_cache_entries: int = 0

    @property
    def failures(self) -> list[ExecutionResult]:
        return [r for r in self.results if not r.succeeded]

    def summary(self) -> str:
        executed = [r for r in self.results if not r.from_cache]
        cached = [r for r in self.results if r.from_cache]
        line = (f"Notebooks: {len(executed)} executed, {len(cached)} from cache, "
                f"{len(self.failures)} failed, in {self.elapsed:.1f} s")
        if executed:
            slowest = max(executed, key=lambda r: r.runtime)
            line += f"; slowest {slowest.notebook} ({slowest.runtime:.1f} s)"
        return line

    def failure_message(self) -> str:
        lines = [r.failure_line() for r in self.failures]
        count = len(lines)
        noun = "notebook" if count == 1 else "notebooks"
        lines.append(
            f"{count} {noun} failed. Full tracebacks: {self.log_file}. Fix the cell named "
            "above, then run the build again."
        )
        return "\n".join(lines)


class OutputTooLarge(Exception):
    """A cell put more into the page than the limit allows."""


def message_size(content: dict) -> int:
    """Bytes an output message adds to the page: its stream text and each data value."""
    return len(content.get("text", "")) + sum(
        len(v) if isinstance(v, str) else len(json.dumps(v)) for v in (content.get("data") or {}).values())


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class LimitedClient(NotebookClient):
    """nbclient's client, keeping no more than `limit` bytes of output for one cell.

    Past the limit the rest of the cell's output is counted and dropped (so a runaway print
    costs neither memory nor time), and the cell fails when it finishes."""

    def __init__(self, *args, limit: int = OUTPUT_LIMIT, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.sizes: dict[int, int] = {}

    def output(self, outs, msg, display_id, cell_index):
        size = self.sizes.get(cell_index, 0) + message_size(msg.get("content", {}))
        self.sizes[cell_index] = size
        if size > self.limit:
            return None
        return super().output(outs, msg, display_id, cell_index)

    def too_large(self, cell_index: int) -> str | None:
        size = self.sizes.get(cell_index, 0)
        if size <= self.limit:
            return None
        return (f"the cell put {size_text(size)} of output in the page; the limit is "
                f"{size_text(self.limit)} a cell (COURSE_CELL_OUTPUT_LIMIT, in KB). Print a "
                "summary instead (df.head(), len(x), a smaller figure) or write the rest to a file")


def coalesce_streams(cell: nbformat.NotebookNode) -> None:
    """One output per stream in a cell, with carriage returns applied, in linear time.

    nbclient's own version runs a regular expression that takes quadratic time on a long
    line; on a 5 MB line it holds the interpreter for hours."""
    merged: list[nbformat.NotebookNode] = []
    streams: dict[str, nbformat.NotebookNode] = {}
    pieces: dict[str, list[str]] = {}
    for output in cell.get("outputs", []):
        if output.get("output_type") != "stream":
            merged.append(output)
        elif output["name"] in streams:
            pieces[output["name"]].append(output["text"])
        else:
            streams[output["name"]] = output
            pieces[output["name"]] = [output["text"]]
            merged.append(output)
    for name, output in streams.items():
        output["text"] = carriage_returns("".join(pieces[name]))
    # stdout before stderr when they are next to each other: they arrive in either order.
    for index, output in enumerate(merged[:-1]):
        after = merged[index + 1]
        if (output.get("name") == "stderr" and after.get("output_type") == "stream"
                and after.get("name") == "stdout"):
            merged[index], merged[index + 1] = after, output
    cell.outputs = merged


def carriage_returns(text: str) -> str:
    """What a terminal shows: a carriage return followed by more text rubs out the line so far."""
    if "\r" not in text:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        cut = line.rfind("\r", 0, len(line) - 1)
        if cut != -1:
            lines[index] = line[cut + 1:]
    return "\n".join(lines)


def one_line(text: str, limit: int = 300) -> str:
    text = ANSI.sub("", text or "").strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def kernel_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a notebook kernel: one thread, the network guard, a fixed hash seed."""
    env = dict(os.environ if base is None else base)
    env.update(THREAD_LIMITS)
    env[netguard.ENV_FLAG] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return with_python_path(env, netguard.STARTUP_DIR, PACKAGE_ROOT)


def with_python_path(env: dict[str, str], *first: str) -> dict[str, str]:
    """env with the given folders put first on PYTHONPATH."""
    paths = list(first) + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


async def run_notebook(
    path: Path, shown_as: str, rel: str, timeout: int, kernel_log: Path, sockets: Path,
    running: asyncio.Semaphore | None = None, output_limit: int = OUTPUT_LIMIT,
    workdir: Path | None = None,
) -> tuple[ExecutionResult, nbformat.NotebookNode | None]:
    """Run one notebook in a fresh kernel with its folder (or `workdir`, a throwaway copy of
    it) as the working directory.

    The kernel starts at once; its cells run when `running` (the limit on notebooks running
    together) lets them, so a kernel can start up while other notebooks finish. It talks to
    us over Unix sockets named `<sockets>-<n>`, listed in `<sockets>.json`: no other kernel
    may use that prefix."""
    nb = nbformat.read(path, as_version=4)
    current = {"index": None}
    cpu: dict[str, float | None] = {"start": None, "end": None}  # the kernel's processor time

    def on_cell_start(cell: nbformat.NotebookNode, cell_index: int) -> None:
        current["index"] = cell_index

    def on_cell_executed(cell: nbformat.NotebookNode, cell_index: int, execute_reply: dict) -> None:
        problem = client.too_large(cell_index)
        if problem:
            raise OutputTooLarge(problem)
        coalesce_streams(cell)
        cpu["end"] = kernel_cpu_seconds(pid)  # read while the kernel lives: it stops after the last cell

    client = LimitedClient(
        nb,
        limit=output_limit,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # only errors in its console log
        timeout=timeout,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(workdir or path.parent)}},
        record_timing=False,
        # One stream output per cell and stream (coalesce_streams, above, in on_cell_executed):
        # how print() output is split into messages depends on timing.
        coalesce_streams=False,
        allow_errors=False,
        # The outputs are all we keep: stop the kernel at once rather than wait for it.
        shutdown_kernel="immediate",
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    start = time.monotonic()
    waited = {"seconds": 0.0}  # for a free worker: not part of the notebook's own time

    def runtime() -> float:
        return time.monotonic() - start - waited["seconds"]

    def failed(error_type: str, message: str, trace: str) -> tuple[ExecutionResult, None]:
        index = current["index"]
        console = kernel_log.read_text(encoding="utf-8", errors="replace") if kernel_log.is_file() else ""
        if console.strip():
            trace += "\n\n--- kernel console output ---\n" + console
        return ExecutionResult(
            notebook=shown_as, rel=rel, succeeded=False, from_cache=False,
            runtime=runtime(),
            cell=index + 1 if index is not None else None,
            error_type=error_type, error_message=one_line(message),
            traceback=ANSI.sub("", trace),
        ), None

    # The kernel's own console output (start-up notes, its view of an interrupted cell) goes
    # to a file, not the build's console; a failure's log entry includes it.
    kernel_log.parent.mkdir(parents=True, exist_ok=True)
    client.km = client.create_kernel_manager()
    pid = None
    try:
        with kernel_log.open("w", encoding="utf-8") as console:
            # Unix sockets, not TCP: over TCP the kernel's five ports are picked free, then
            # bound by the kernel a moment later, and another kernel's connection could take
            # one in between ("Address already in use").
            client.km.transport = "ipc"
            client.km.ip = str(sockets)
            # Its connection file (ports and key) beside them, so that it goes with them.
            client.km.connection_file = f"{sockets}.json"
            await client.async_start_new_kernel(env=kernel_environment(), stdout=console, stderr=console)
            pid = _kernel_pid(client)
            if pid:
                KERNELS.add(pid)
            await client.async_start_new_kernel_client()
            queued = time.monotonic()
            async with running or contextlib.nullcontext():
                waited["seconds"] = time.monotonic() - queued
                cpu["start"] = kernel_cpu_seconds(pid)
                await client.async_execute()
    except OutputTooLarge as error:
        return failed("OutputTooLarge", str(error), str(error))
    except CellExecutionError as error:
        return failed(error.ename, error.evalue or error.ename, str(error))
    except CellTimeoutError as error:
        return failed(
            "TimeoutError",
            f"the cell ran for more than {timeout} s; make it faster, or set "
            f"COURSE_CELL_TIMEOUT (seconds) if it truly needs longer",
            str(error),
        )
    except DeadKernelError as error:
        return failed("DeadKernelError", "the kernel died while running this cell "
                      "(often out of memory, or a crash in a compiled library)", str(error))
    except Exception as error:  # kernel failed to start, bad notebook, ...
        return failed(type(error).__name__, str(error) or repr(error), repr(error))
    finally:
        KERNELS.discard(pid)
    used = cpu["end"] - cpu["start"] if cpu["start"] is not None and cpu["end"] is not None else None
    return ExecutionResult(
        notebook=shown_as, rel=rel, succeeded=True, from_cache=False,
        runtime=runtime(), cpu_seconds=used,
    ), nb


def kernel_cpu_seconds(pid: int | None) -> float | None:
    """Processor time (user and system, with finished child processes) a running kernel has
    used so far, from /proc; None where that cannot be read (not Linux, or no process ID)."""
    if not pid:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command name: state is field 3, so utime..cstime (fields 14-17) are [11:15].
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _kernel_pid(client: NotebookClient) -> int | None:
    """The kernel's process ID, where jupyter_client started it as a local process."""
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    return getattr(process, "pid", None)


@dataclass
class _Job:
    path: Path
    rel: str
    shown_as: str
    source: nbformat.NotebookNode
    key: str
    results: list[ExecutionResult] = field(default_factory=list)


def run_coroutine(coroutine) -> None:
    """asyncio.run(), also from a thread that already runs an event loop (Jupyter, or
    Playwright's sync API in the same test session): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


SKELETON_SKIP = {"__pycache__", "node_modules", "site", "test-artifacts"}


def project_folders(root: Path, scratch: Path) -> list[Path]:
    """The project's folders, relative to root (not hidden ones, builds, caches or `scratch`)."""
    scratch = scratch.resolve()
    folders = []
    for folder, names, _ in os.walk(root):
        names[:] = [n for n in names if not n.startswith(".") and n not in SKELETON_SKIP
                    and not scratch.is_relative_to((Path(folder) / n).resolve())]
        folders.append(Path(folder).relative_to(root))
    return folders


def working_copy(notebook: Path, root: Path, into: Path, folders: list[Path]) -> Path:
    """A throwaway copy of a notebook's folder, where the notebook runs.

    `into` gets the project's `folders` (empty) with the notebook's own folder copied at its
    place, data files and all: reads work as in the real folder, and a relative write such as
    `../docs/x.md` lands in the copy and is removed with it, never in the sources."""
    try:
        place = notebook.parent.resolve().relative_to(root.resolve())
    except ValueError:
        place = Path(notebook.parent.name)
    for folder in folders:
        (into / folder).mkdir(parents=True, exist_ok=True)
    target = into / place
    shutil.copytree(notebook.parent, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return target


@dataclass(frozen=True)
class ExecutionRequest:
    """Which notebooks to run, where their results go, and how to run them."""

    notebooks_dir: Path
    cache_dir: Path
    lock_file: Path
    root: Path  # notebooks are named relative to this in messages
    timeout: int = 120  # seconds per cell
    output_limit: int = OUTPUT_LIMIT  # bytes of output one cell may put in the page
    workers: int = 2  # notebooks running at once
    force: bool = False  # run even those the cache has

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), default=str)

    @classmethod
    def from_json(cls, text: str) -> "ExecutionRequest":
        paths = {f.name for f in dataclasses.fields(cls) if f.type == "Path"}
        return cls(**{k: Path(v) if k in paths else v for k, v in json.loads(text).items()})


def execute_all(
    request: ExecutionRequest,
    on_result: Callable[[ExecutionResult], None] | None = None,
    sockets_dir: Path | None = None,
) -> BuildReport:
    """Execute (or take from the cache) every notebook under notebooks_dir.

    Executed copies go to cache_dir/site/notebooks/<path>.ipynb, each as soon as it is ready,
    and then `on_result` hears of it; tracebacks of failures go to
    cache_dir/notebook-errors.log. Cache entries no notebook uses any more are deleted.
    The kernels' sockets and the notebooks' throwaway working copies go in `sockets_dir` (an
    empty, private folder the caller removes), or else in a temporary folder removed at the end.
    """
    start = time.monotonic()
    notebooks_dir, cache_dir, root = request.notebooks_dir, request.cache_dir, request.root
    cache = NotebookCache(cache_dir / "executed")
    output_dir = cache_dir / "site"
    mounted = output_dir / "notebooks"
    log_file = cache_dir / "notebook-errors.log"

    jobs = []
    for path in find_notebooks(notebooks_dir):
        rel = path.relative_to(notebooks_dir).as_posix()
        try:
            shown_as = path.relative_to(root).as_posix()
        except ValueError:
            shown_as = path.as_posix()
        source = nbformat.read(path, as_version=4)
        jobs.append(_Job(path, rel, shown_as, source, key_for(path, source, KERNEL, request.lock_file)))

    removed = len(cache.prune(job.key for job in jobs))
    keep = {(mounted / job.rel).resolve() for job in jobs}
    for stale in mounted.rglob("*.ipynb") if mounted.is_dir() else []:
        if stale.resolve() not in keep:
            stale.unlink()

    results: dict[str, ExecutionResult] = {}

    def finished(job: _Job, result: ExecutionResult, executed: nbformat.NotebookNode | None) -> None:
        if executed is not None:
            write_if_changed(mounted / job.rel, merge_outputs(job.source, executed))
        results[job.rel] = result
        if on_result is not None:
            on_result(result)

    pending = []
    for job in jobs:
        cached = None if request.force else cache.get(job.key)
        if cached is not None:
            try:
                finished(job, ExecutionResult(job.shown_as, job.rel, True, True, 0.0), cached)
                continue
            except ValueError:
                pass
        pending.append(job)

    async def run_all() -> None:
        running = asyncio.Semaphore(max(1, request.workers))
        # One kernel more than run at once: it starts up (mostly waiting) while the others run.
        kernels = asyncio.Semaphore(max(1, request.workers) + 1)

        async def one(number: int, job: _Job, scratch: Path, folders: list[Path]) -> None:
            async with kernels:
                workdir = working_copy(job.path, root, scratch / f"work-{number}", folders)
                try:
                    result, nb = await run_notebook(
                        job.path, job.shown_as, job.rel, request.timeout,
                        cache_dir / "kernel-logs" / f"{job.rel}.log", scratch / str(number),
                        running, request.output_limit, workdir)
                finally:
                    shutil.rmtree(scratch / f"work-{number}", ignore_errors=True)
            if nb is not None:
                cache.put(job.key, nb)
            finished(job, result, nb)

        with contextlib.ExitStack() as stack:
            sockets = sockets_dir or Path(stack.enter_context(
                tempfile.TemporaryDirectory(prefix="course-kernels-")))
            folders = project_folders(root, sockets)  # once a run, not once a notebook
            await asyncio.gather(*(one(number, job, sockets, folders) for number, job in enumerate(pending)))

    if pending:
        run_coroutine(run_all())

    ordered = tuple(results[job.rel] for job in jobs)
    failures = [r for r in ordered if not r.succeeded]
    if failures:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text(
            "\n\n".join(f"=== {r.failure_line()}\n\n{r.traceback}" for r in failures) + "\n",
            encoding="utf-8",
        )
    elif log_file.exists():
        log_file.unlink()
    return BuildReport(ordered, output_dir, log_file, time.monotonic() - start, removed)
