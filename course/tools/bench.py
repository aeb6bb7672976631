"""`make bench`: how fast the build is, against what mkdocs-jupyter gives by default.

Runs five builds of the real site in a scratch copy of the project (so your own cache is
untouched) and prints their times:

  a. cold build, every notebook executed by our hook (parallel, one thread per kernel)
  b. unchanged rebuild (everything from the cache)
  c. rebuild after editing one notebook's code (and how many notebooks were re-executed)
  d. the mkdocs-jupyter default: its own `execute: true`, its cache off, our hook's off
  e. a build with notebook execution switched off (warm), the floor for (b)

and the ratios a/d and b/e.

Then the same course made about five times bigger (`--scale`, see course/tools/scale.py) is built
cold, rebuilt unchanged and built with execution off, and every quality gate is timed on both
sizes (`--gates` picks fewer). One table puts the two sizes side by side with the site's size,
the search index and the heaviest lesson's first visit, and the ratios are checked against the
targets: a build with execution off grows no faster than the content (at most 1.1 times its
growth) and the gates at most linearly.

    python -m course.tools.bench                          # everything (an hour or more on 2 cores)
    python -m course.tools.bench --scale 0                # only a-e
    python -m course.tools.bench --gates weight,content   # the scale bench with two gates
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course.content.sources import find_notebooks
from course.gates import pageweight
from course.gates.sitebuild import build
from course.tools.scale import scale_course

ROOT = Path(__file__).resolve().parents[2]
COPY = ("mkdocs.yml", "requirements.lock", "docs", "notebooks", "hooks", "overrides", "includes", "spelling")
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


@dataclass(frozen=True)
class SiteSize:
    """How big a built site is, and what a reader's first visit to a lesson costs."""

    lessons: int
    notebooks: int
    site_bytes: int
    index_gzipped: int
    first_visits: dict[str, tuple[int, int]]  # kind of page: (heaviest first visit, its budget), gzipped bytes
    over_budget: int  # pages past their first-visit budget


def measure_site(project: Path) -> SiteSize:
    site = project / "site"
    index = site / "search" / "search_index.json"
    weights = pageweight.run(site)
    lessons = [p for p in weights.pages if p.kind == "lesson"]
    return SiteSize(
        lessons=len(lessons),
        notebooks=sum(1 for p in weights.pages if p.kind == "notebook"),
        site_bytes=sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
        index_gzipped=len(gzip.compress(index.read_bytes(), mtime=0)) if index.is_file() else 0,
        first_visits={kind: (page.transferred, page.first_visit_budget or 0)
                      for kind in pageweight.KINDS if (page := max((p for p in weights.pages if p.kind == kind),
                                                                  key=lambda p: p.transferred, default=None))},
        over_budget=sum(1 for p in weights.pages if p.first_visit_budget and p.transferred > p.first_visit_budget),
    )


def timed_gates(project: Path, gates: str) -> float:
    """Seconds for `python -m course.gates.check` on the project's built site."""
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "course.gates.check", "--site-dir", str(project / "site"),
                          "--root", str(project), "--gates", gates],
                         cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        raise SystemExit(f"bench: the gates failed on the site in {project}:\n{run.stdout[-3000:]}")
    return seconds


@dataclass(frozen=True)
class SizeRun:
    """One column of the scale table."""

    size: SiteSize
    cold: float
    unchanged: float
    no_execution: float
    gates: float


def scale_table(one: SizeRun, big: SizeRun, factor: int, gates: str) -> list[str]:
    growth = big.size.lessons / one.size.lessons
    rows = [
        ("Lessons", f"{one.size.lessons}", f"{big.size.lessons}", growth),
        ("Notebooks", f"{one.size.notebooks}", f"{big.size.notebooks}", big.size.notebooks / one.size.notebooks),
        ("Cold build (s)", f"{one.cold:.1f}", f"{big.cold:.1f}", big.cold / one.cold),
        ("Unchanged rebuild (s)", f"{one.unchanged:.1f}", f"{big.unchanged:.1f}", big.unchanged / one.unchanged),
        ("Build, execution off (s)", f"{one.no_execution:.1f}", f"{big.no_execution:.1f}",
         big.no_execution / one.no_execution),
        (f"Gates: {gates} (s)", f"{one.gates:.0f}", f"{big.gates:.0f}", big.gates / one.gates),
        ("Site size (MB)", f"{one.size.site_bytes / 1e6:.1f}", f"{big.size.site_bytes / 1e6:.1f}",
         big.size.site_bytes / one.size.site_bytes),
        ("Search index (KB gzipped)", f"{one.size.index_gzipped / 1024:.0f}", f"{big.size.index_gzipped / 1024:.0f}",
         big.size.index_gzipped / max(1, one.size.index_gzipped)),
    ]
    for kind, (heaviest, _) in big.size.first_visits.items():
        before = one.size.first_visits.get(kind, (0, 0))[0]
        rows.append((f"Heaviest first visit, {kind} (KB gzipped)", f"{before / 1024:.0f}", f"{heaviest / 1024:.0f}",
                     heaviest / max(1, before)))
    lines = ["| Measure | Today | " + f"{factor}x course | Ratio |", "|---|---|---|---|"]
    lines += [f"| {name} | {a} | {b} | {ratio:.2f} |" for name, a, b, ratio in rows]
    build_ratio = big.no_execution / one.no_execution
    gate_ratio = big.gates / one.gates
    lines += [
        "",
        f"content grew {growth:.2f}x (lessons; Essentials stays at its real size)",
        f"execution off grew {build_ratio:.2f}x: target at most {1.1 * growth:.2f}x "
        f"({'met' if build_ratio <= 1.1 * growth else 'MISSED'})",
        f"gates grew {gate_ratio:.2f}x: target at most {growth:.2f}x ({'met' if gate_ratio <= growth else 'MISSED'})",
        f"first visits at {factor}x: {big.size.over_budget} pages past their budget "
        f"({'met' if big.size.over_budget == 0 else 'MISSED'}; lesson budget {pageweight.FIRST_VISIT_BUDGETS['lesson'] // 1024} KB)",
    ]
    return lines


def scaled_run(tmp: Path, factor: int, gates: str) -> SizeRun:
    project = scratch_project(tmp)
    scaled = scale_course(project, factor)
    print(f"  {factor}x course: {scaled.lessons} lessons, {scaled.notebooks} notebooks", flush=True)
    cold = timed_build(project, f"{factor}x cold")
    print(f"  {factor}x cold build: {cold.seconds:.1f} s", flush=True)
    unchanged = timed_build(project, f"{factor}x unchanged")
    print(f"  {factor}x unchanged rebuild: {unchanged.seconds:.1f} s", flush=True)
    size = measure_site(project)
    gate_seconds = timed_gates(project, gates)
    print(f"  {factor}x gates ({gates}): {gate_seconds:.0f} s", flush=True)
    timed_build(project, f"{factor}x execution off (warm-up)", COURSE_EXECUTE="0")
    off = timed_build(project, f"{factor}x execution off", COURSE_EXECUTE="0")
    print(f"  {factor}x execution off: {off.seconds:.1f} s", flush=True)
    return SizeRun(size, cold.seconds, unchanged.seconds, off.seconds, gate_seconds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m course.tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=5,
                        help="size of the synthetic course for the scale bench (default 5; 0 skips it)")
    parser.add_argument("--gates", default="accessibility,privacy,weight,reproducible,content",
                        help="gates to time at both sizes (default: all)")
    args = parser.parse_args(argv)
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
        today_size = measure_site(project)
        today_gates = timed_gates(project, args.gates) if args.scale > 1 else 0.0
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
    if args.scale > 1:
        print()
        print(f"Scale bench: the course at {args.scale}x ...", flush=True)
        with tempfile.TemporaryDirectory(prefix="course-scale-") as tmp:
            big = scaled_run(Path(tmp), args.scale, args.gates)
        today = SizeRun(today_size, a.seconds, b.seconds, e.seconds, today_gates)
        print()
        print("\n".join(scale_table(today, big, args.scale, args.gates)))


if __name__ == "__main__":
    main()
