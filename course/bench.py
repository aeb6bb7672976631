"""`make bench`: how fast the build is, against what mkdocs-jupyter gives by default.

Runs five builds of the real site in a scratch copy of the project (so your own cache is
untouched) and prints their times:

  a. cold build, every notebook executed by our hook (parallel, one thread per kernel)
  b. unchanged rebuild (everything from the cache)
  c. rebuild after editing one notebook's code (and how many notebooks were re-executed)
  d. the mkdocs-jupyter default: its own `execute: true`, its cache off, our hook's off
  e. a build with notebook execution switched off (warm), the floor for (b)

and the ratios a/d and b/e.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course.sitebuild import build
from course.sources import find_notebooks

ROOT = Path(__file__).resolve().parent.parent
COPY = ("mkdocs.yml", "requirements.lock", "docs", "notebooks", "hooks", "overrides", "includes")
SUMMARY = re.compile(r"Notebooks: (\d+) executed, (\d+) from cache")


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float
    executed: int | None = None
    from_cache: int | None = None


def scratch_project(where: Path) -> Path:
    project = where / "project"
    project.mkdir()
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy(source, project / name)
    return project


def timed_build(project: Path, label: str, config: str = "mkdocs.yml", **env: str) -> Timing:
    run = build(project, project / "site", env, config=config)
    if run.returncode != 0:
        raise SystemExit(f"bench: the '{label}' build failed:\n{run.output[-3000:]}")
    found = SUMMARY.search(run.output)
    executed, cached = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    return Timing(label, run.seconds, executed, cached)


def baseline_config(project: Path) -> str:
    """mkdocs.yml with mkdocs-jupyter executing notebooks itself and its cache off."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(\n\s+)execute: false", r"\1execute: true", text, count=1)
    text = re.sub(r"(\n\s+)cache: true", r"\1cache: false", text, count=1)
    if "execute: true" not in text or "cache: false" not in text:
        raise SystemExit("bench: could not switch mkdocs-jupyter's execute/cache options in mkdocs.yml")
    (project / "baseline.yml").write_text(text, encoding="utf-8")
    return "baseline.yml"


def edit_one_notebook(project: Path) -> str:
    path = find_notebooks(project / "notebooks")[0]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.source += "\n# edited by make bench"
    nbformat.write(nb, path)
    return path.relative_to(project).as_posix()


def main() -> None:
    notebooks = len(find_notebooks(ROOT / "notebooks"))
    print(f"Benchmarking the real site: {notebooks} notebooks, {os.cpu_count()} cores.", flush=True)
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        project = scratch_project(Path(tmp))
        timings = []
        for label, action in (
            ("a. cold build, all notebooks executed", lambda: timed_build(project, "a")),
            ("b. unchanged rebuild", lambda: timed_build(project, "b")),
        ):
            timings.append(action())
            print(f"  {label}: {timings[-1].seconds:.1f} s", flush=True)
        edited = edit_one_notebook(project)
        timings.append(timed_build(project, "c"))
        print(f"  c. rebuild after editing {edited}: {timings[-1].seconds:.1f} s", flush=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        config = baseline_config(project)
        timings.append(timed_build(project, "d", config=config, COURSE_EXECUTE="0"))
        print(f"  d. mkdocs-jupyter default (execute: true, cache off): {timings[-1].seconds:.1f} s", flush=True)
        timed_build(project, "e (warm-up)", COURSE_EXECUTE="0")
        timings.append(timed_build(project, "e", COURSE_EXECUTE="0"))
        print(f"  e. execution switched off: {timings[-1].seconds:.1f} s", flush=True)

    a, b, c, d, e = timings
    print()
    print("| Build | Seconds | Notebooks executed |")
    print("|---|---|---|")
    rows = [
        ("(a) cold, every notebook executed", a, a.executed),
        ("(b) unchanged rebuild", b, b.executed),
        ("(c) after editing one notebook's code", c, c.executed),
        ("(d) mkdocs-jupyter default: execute: true, cache off", d, notebooks),
        ("(e) notebook execution switched off", e, 0),
    ]
    for label, timing, executed in rows:
        print(f"| {label} | {timing.seconds:.1f} | {executed} |")
    print()
    print(f"a/d = {a.seconds / d.seconds:.2f}  (cold build against the mkdocs-jupyter default; target <= 0.6)")
    print(f"b/e = {b.seconds / e.seconds:.2f}  (unchanged rebuild against no execution; target <= 1.2)")
    print(f"c re-executed {c.executed} notebook(s) (target: exactly 1)")


if __name__ == "__main__":
    main()
