"""Cache executed notebooks by a hash of everything that determines their outputs.

The key covers the code cells, the kernel, the Python version, the lock file and the data
files beside the notebook. Markdown cells are not in the key: a prose edit re-renders the
page with the cached outputs and runs nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

# Bump when the way notebooks are executed changes what they output.
CACHE_FORMAT = "course-notebook-cache-6"
IGNORED_PARTS = {".ipynb_checkpoints", "__pycache__"}


def data_files(notebook: Path) -> list[Path]:
    """Files in the notebook's folder (and below) that a notebook might read."""
    folder = notebook.parent
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or path.suffix == ".ipynb":
            continue
        if any(part.startswith(".") or part in IGNORED_PARTS for part in rel.parts):
            continue
        found.append(path)
    return found


def cache_key(
    nb: nbformat.NotebookNode,
    *,
    kernel: str,
    lock_bytes: bytes,
    data: Iterable[tuple[str, bytes]],
    python: str = sys.version,
) -> str:
    """The hash of what determines a notebook's outputs. `data` is (name, bytes) pairs."""
    digest = hashlib.sha256()

    def add(label: str, value: bytes) -> None:
        digest.update(label.encode() + b"\0" + str(len(value)).encode() + b"\0" + value)

    add("format", CACHE_FORMAT.encode())
    add("kernel", kernel.encode())
    add("python", python.encode())
    add("lock", lock_bytes)
    for cell in nb.cells:
        if cell.cell_type == "code":
            add("code", cell.source.encode())
    for name, content in sorted(data):
        add("data:" + name, content)
    return digest.hexdigest()


def key_for(notebook: Path, nb: nbformat.NotebookNode, kernel: str, lock_file: Path) -> str:
    """The cache key for a notebook file as it is on disk now."""
    lock_bytes = lock_file.read_bytes() if lock_file.is_file() else b""
    data = [(p.relative_to(notebook.parent).as_posix(), p.read_bytes()) for p in data_files(notebook)]
    return cache_key(nb, kernel=kernel, lock_bytes=lock_bytes, data=data)


def merge_outputs(source: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The source notebook (current prose) with the executed notebook's code outputs."""
    merged = nbformat.from_dict(source)
    runs = [c for c in executed.cells if c.cell_type == "code"]
    cells = [c for c in merged.cells if c.cell_type == "code"]
    if len(runs) != len(cells):
        raise ValueError("cached notebook has a different number of code cells")
    for cell, run in zip(cells, runs):
        cell.outputs = run.get("outputs", [])
        cell.execution_count = run.get("execution_count")
    if "language_info" in executed.metadata:
        merged.metadata["language_info"] = executed.metadata["language_info"]
    return merged


@dataclass(frozen=True)
class NotebookCache:
    """A folder of executed notebooks, one file per cache key."""

    folder: Path

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.ipynb"

    def get(self, key: str) -> nbformat.NotebookNode | None:
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            return nbformat.read(path, as_version=4)
        except Exception:  # a damaged entry is a miss, not a failure
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, nb: nbformat.NotebookNode) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.path(key).with_suffix(".tmp")
        write_if_changed(temporary, nb)
        temporary.replace(self.path(key))

    def prune(self, keep: Iterable[str]) -> list[Path]:
        """Delete entries not in `keep`; return what was deleted."""
        wanted = {f"{k}.ipynb" for k in keep}
        removed = []
        if self.folder.is_dir():
            for path in self.folder.glob("*.ipynb"):
                if path.name not in wanted:
                    path.unlink()
                    removed.append(path)
        return removed


def write_if_changed(path: Path, nb: nbformat.NotebookNode) -> bool:
    """Write a notebook deterministically; leave the file alone if the bytes are the same."""
    text = nbformat.writes(nb) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


PNG_END = b"IEND\xaeB`\x82"


def damaged_entries(*folders: Path) -> list[Path]:
    """Cache files that cannot be read back whole: a build interrupted while writing one
    (mkdocs-jupyter writes its cache in place) leaves it truncated. Notebooks and JSON must
    parse; a PNG must end with its IEND chunk."""
    damaged = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix not in (".ipynb", ".json", ".png"):
                continue
            try:
                if path.suffix == ".png":
                    with path.open("rb") as handle:
                        handle.seek(max(0, path.stat().st_size - len(PNG_END)))
                        whole = handle.read() == PNG_END
                else:
                    json.loads(path.read_text(encoding="utf-8"))
                    whole = True
            except (OSError, ValueError):
                whole = False
            if not whole:
                damaged.append(path)
    return damaged


def drop_damaged(*folders: Path) -> list[Path]:
    """Delete damaged cache entries (see `damaged_entries`) so they are rebuilt; return them."""
    found = damaged_entries(*folders)
    for path in found:
        path.unlink(missing_ok=True)
    return found
