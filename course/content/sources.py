"""Where the course's sources are and where they appear in the site: the one place that
finds notebooks and knows the folder the site mounts them at."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

# The site folder where executed notebooks are mounted: notebooks/<path>.ipynb renders at
# /notebooks/<path>/, whatever the source folder (extra.course.notebooks_dir) is called.
NOTEBOOKS_MOUNT = "notebooks"


def find_notebooks(notebooks_dir: Path) -> list[Path]:
    """Every notebook under notebooks_dir, sorted, leaving out Jupyter's checkpoints."""
    if not notebooks_dir.is_dir():
        return []
    return sorted(p for p in notebooks_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def notebook_uri(rel: str) -> str:
    """The docs path of a notebook (its path inside notebooks_dir) as the site mounts it."""
    return str(PurePosixPath(NOTEBOOKS_MOUNT) / rel)


def notebook_rel(src_uri: str) -> str | None:
    """The path inside notebooks_dir of a mounted notebook page, or None for other pages."""
    parts = PurePosixPath(src_uri).parts
    if len(parts) < 2 or parts[0] != NOTEBOOKS_MOUNT or not src_uri.endswith(".ipynb"):
        return None
    return str(PurePosixPath(*parts[1:]))
