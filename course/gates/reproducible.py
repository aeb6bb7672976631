"""Reproducible builds: two clean builds of the same commit give byte-identical sites.

`run()` builds the project again from a clean copy of its files (no site/, no caches, so
every notebook runs again in a fresh kernel) and compares that site with the one given,
file by file. Any difference is reported with the file and the first place it differs;
for a notebook page or .ipynb that is usually an output that changes from run to run (an
unseeded random number, a time, a memory address).

Dates: MkDocs stamps sitemap.xml (<lastmod>) and sitemap.xml.gz (gzip header) with the
build date. `pin_build_date()`, called by hooks/security.py, sets SOURCE_DATE_EPOCH (the
reproducible-builds.org convention MkDocs follows) to the time of the last commit, so those
dates are the commit's date and the same in every build of that commit. No file is exempt.
"""

from __future__ import annotations

import difflib
import filecmp
import gzip
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from course.gates.sitebuild import build

# Never copied into a clean build: outputs, caches and local environments.
NOT_SOURCES = {".git", ".cache", "site", ".venv", "venv", "test-artifacts", ".pytest_cache",
               "__pycache__", "offline", "node_modules"}
# Files that would legitimately differ between two builds, with the reason. Empty: the
# build date is pinned to the commit (see pin_build_date), so nothing needs to differ.
DATED_FILES: dict[str, str] = {}


def last_commit_time(root: Path) -> str | None:
    """Seconds since the epoch of the last commit in root's git repository, if there is one."""
    try:
        proc = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    value = proc.stdout.strip()
    return value if proc.returncode == 0 and value.isdigit() else None


def pin_build_date(root: Path) -> str | None:
    """Set SOURCE_DATE_EPOCH to the last commit's time unless it is already set; returns it."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    value = last_commit_time(root)
    if value:
        os.environ["SOURCE_DATE_EPOCH"] = value
    return value


def source_files(root: Path) -> list[Path]:
    """The project's own files, relative to root: what git tracks plus new files it does not
    ignore; without git, everything except outputs, caches and environments."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True, timeout=60,
        )
        if proc.returncode == 0:
            names = [n for n in proc.stdout.decode().split("\0") if n]
            return sorted(Path(n) for n in names if (root / n).is_file())
    except (OSError, subprocess.SubprocessError):
        pass
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if path.is_file() and not any(p in NOT_SOURCES or p.endswith(".egg-info") for p in rel.parts):
            found.append(rel)
    return sorted(found)


def clean_copy(root: Path, dest: Path) -> Path:
    """Copy the project's own files (no site, no caches) to dest; returns dest."""
    for rel in source_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return dest


@dataclass(frozen=True)
class Difference:
    """A file that is not the same in both builds."""

    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


def _first_difference(a: bytes, b: bytes, path: str) -> str:
    if path.endswith(".gz"):
        try:
            inner_a, inner_b = gzip.decompress(a), gzip.decompress(b)
        except OSError:
            inner_a, inner_b = a, b
        if inner_a == inner_b:
            return "same content, different gzip header (a time stamp: set SOURCE_DATE_EPOCH)"
        a, b = inner_a, inner_b
    if path.endswith(".ipynb"):
        return _notebook_difference(a, b)
    try:
        lines_a = a.decode("utf-8").splitlines()
        lines_b = b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        index = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"binary files differ from byte {index} ({len(a)} and {len(b)} bytes)"
    for number, (x, y) in enumerate(zip(lines_a, lines_b), start=1):
        if x != y:
            start = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            left = max(0, start - 40)
            return (f"line {number} differs: {x[left:start + 60].strip()!r} "
                    f"vs {y[left:start + 60].strip()!r}")
    return f"one build has {abs(len(lines_a) - len(lines_b))} more lines"


def _notebook_difference(a: bytes, b: bytes) -> str:
    try:
        nb_a, nb_b = json.loads(a), json.loads(b)
    except ValueError:
        return "notebooks differ and one is not valid JSON"
    for index, (x, y) in enumerate(zip(nb_a.get("cells", []), nb_b.get("cells", [])), start=1):
        if x.get("outputs") != y.get("outputs"):
            text = lambda cell: json.dumps(cell.get("outputs"), sort_keys=True)
            diff = [l for l in difflib.ndiff([text(x)], [text(y)]) if l.startswith(("-", "+"))]
            return (f"cell {index}: the output changes from run to run (seed random numbers, "
                    f"avoid times and memory addresses): {diff[0][2:80] if diff else ''}")
        if x != y:
            return f"cell {index} differs"
    if nb_a.get("metadata") != nb_b.get("metadata"):
        return "notebook metadata differs"
    return "notebooks differ"


def compare_trees(first: Path, second: Path) -> tuple[int, list[Difference]]:
    """Compare two site folders byte for byte; returns (files compared, differences)."""
    files_a = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    files_b = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    differences = [Difference(p, "only in the first build") for p in sorted(files_a - files_b)]
    differences += [Difference(p, "only in the second build") for p in sorted(files_b - files_a)]
    for rel in sorted(files_a & files_b):
        a, b = first / rel, second / rel
        if not filecmp.cmp(a, b, shallow=False):
            differences.append(Difference(rel, _first_difference(a.read_bytes(), b.read_bytes(), rel)))
    return len(files_a | files_b), differences


def changed_since_built(root: Path, site_dir: Path) -> list[str]:
    """Source files edited after site_dir was built: a clean build of them would differ for
    that reason alone."""
    built = max((p.stat().st_mtime for p in site_dir.rglob("*") if p.is_file()), default=0.0)
    return [rel.as_posix() for rel in source_files(root) if (root / rel).stat().st_mtime > built]


@dataclass
class ReproducibleReport:
    files: int
    differences: list[Difference]
    dated: dict[str, str] = field(default_factory=dict)
    build_error: str | None = None
    seconds: float = 0.0

    @property
    def unexpected(self) -> list[Difference]:
        return [d for d in self.differences if d.path not in self.dated]

    @property
    def passed(self) -> bool:
        return self.build_error is None and not self.unexpected

    def figure(self) -> str:
        if self.build_error:
            return "sources changed since the build" if "changed after" in self.build_error else "the clean build failed"
        same = self.files - len(self.differences)
        text = f"{same}/{self.files} files identical in two clean builds"
        if self.dated:
            text += f"; {len(self.dated)} dated (allowed)"
        return text

    def details(self) -> list[str]:
        if self.build_error:
            return [self.build_error]
        lines = [str(d) for d in self.unexpected]
        lines += [f"{d} (allowed: {self.dated[d.path]})" for d in self.differences if d.path in self.dated]
        return lines


def run(root: Path, site_dir: Path | None = None, workdir: Path | None = None,
        env: dict[str, str] | None = None, strict: bool = True) -> ReproducibleReport:
    """Build the project from a clean copy and compare with site_dir (or with a second clean
    build when site_dir is None)."""
    start = time.monotonic()
    env = dict(env or {})
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or last_commit_time(root)
    if epoch:
        env.setdefault("SOURCE_DATE_EPOCH", epoch)
    own_tmp = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="course-reproducible-")) if own_tmp else workdir
    try:
        changed = changed_since_built(root, site_dir) if site_dir is not None else []
        if changed:
            shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
            return ReproducibleReport(0, [], build_error=f"{shown} changed after {site_dir} was built: "
                                      "build again, then run this gate", seconds=time.monotonic() - start)
        sites = []
        for name in (["second"] if site_dir is not None else ["first", "second"]):
            project = clean_copy(root, workdir / name / "project")
            result = build(project, workdir / name / "site", env, strict=strict)
            if result.returncode != 0:
                tail = "\n".join(result.output.strip().splitlines()[-15:])
                return ReproducibleReport(0, [], build_error=f"clean build failed:\n{tail}",
                                          seconds=time.monotonic() - start)
            sites.append(result.site_dir)
        first = site_dir if site_dir is not None else sites[0]
        files, differences = compare_trees(first, sites[-1])
        return ReproducibleReport(files, differences, dict(DATED_FILES), seconds=time.monotonic() - start)
    finally:
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)
