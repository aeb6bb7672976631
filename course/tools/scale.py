"""A synthetic bigger course for `make bench`: copies of the real lessons and notebooks.

`scale_course(project, 5)` turns a scratch copy of the project into a course about five times
the size. Each lesson in docs/foundation/ and docs/tracks/<track>/ gets `factor - 1` copies
beside it, each notebook under notebooks/ too, and each copied lesson lists the copies of its
notebooks. A copy keeps its original's text, figures, quiz and timing plan, so it passes the
same lesson contract; only its file name, title and order change. Essentials is left at its
real size, because its contract caps it at six lessons and 90 minutes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from course.content.frontmatter import is_lesson, split_front_matter
from course.content.sources import find_notebooks

ORDER = re.compile(r"^order:\s*(\d+)\s*$", re.M)
TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)
NOTEBOOKS = re.compile(r"^notebooks:.*$", re.M)


@dataclass(frozen=True)
class ScaledCourse:
    """What a scaled copy holds, to print beside the real course."""

    factor: int
    lessons: int
    notebooks: int


def copy_name(path: Path, copy: int) -> Path:
    """The k-th copy of a file: lesson.md -> lesson-copy2.md."""
    return path.with_name(f"{path.stem}-copy{copy}{path.suffix}")


def _copied_notebook_path(rel: str, copy: int) -> str:
    stem, _, suffix = rel.rpartition(".")
    return f"{stem}-copy{copy}.{suffix}"


def _order(text: str) -> int:
    front = split_front_matter(text)[0] or ""
    order = ORDER.search(front)
    if order is None or TITLE.search(front) is None:
        raise ValueError("a lesson needs front matter with a title and an order to be copied")
    return int(order.group(1))


def _lesson_copy(text: str, copy: int, order_step: int) -> str:
    front = split_front_matter(text)[0] or ""
    new = ORDER.sub(f"order: {_order(text) + order_step * (copy - 1)}", front, count=1)
    new = TITLE.sub(lambda m: "title: " + json.dumps(f"{yaml.safe_load(m.group(1))} (copy {copy})"), new, count=1)
    new = NOTEBOOKS.sub(lambda m: re.sub(r"([\w/.-]+)\.ipynb", lambda n: _copied_notebook_path(n.group(0), copy),
                                         m.group(0)), new, count=1)
    # notebooks listed on the lines under `notebooks:` (block style)
    new = re.sub(r"^(\s*-\s*)([\w/.-]+\.ipynb)\s*$", lambda m: m.group(1) + _copied_notebook_path(m.group(2), copy),
                 new, flags=re.M)
    return text.replace(front, new, 1)


def scale_course(project: Path, factor: int) -> ScaledCourse:
    """Add `factor - 1` copies of every lesson (Essentials apart) and notebook to `project`."""
    if factor < 1:
        raise ValueError(f"factor must be 1 or more, not {factor}")
    docs = project / "docs"
    lessons = [p for p in sorted(docs.rglob("*.md"))
               if is_lesson(p.relative_to(docs).as_posix()) and "essentials" not in p.relative_to(docs).parts]
    notebooks = find_notebooks(project / "notebooks")
    by_folder: dict[Path, list[Path]] = {}
    for lesson in lessons:
        by_folder.setdefault(lesson.parent, []).append(lesson)
    for folder, members in by_folder.items():
        step = max(_order(p.read_text(encoding="utf-8")) for p in members)
        if step * factor > 99:
            raise ValueError(f"{folder}: orders would pass 99 at {factor}x; use a smaller factor")
        for lesson in members:
            text = lesson.read_text(encoding="utf-8")
            for copy in range(2, factor + 1):
                copy_name(lesson, copy).write_text(_lesson_copy(text, copy, step), encoding="utf-8")
    for notebook in notebooks:
        original = nbformat.read(notebook, as_version=4)
        for copy in range(2, factor + 1):
            nb = nbformat.from_dict(original)
            course = nb.metadata.get("course", {})
            if "title" in course:
                course["title"] = f"{course['title']} (copy {copy})"
            if nb.cells and nb.cells[0].cell_type == "markdown":
                nb.cells[0].source = re.sub(r"^# (.+)$", rf"# \1 (copy {copy})", nb.cells[0].source, count=1, flags=re.M)
            nbformat.write(nb, copy_name(notebook, copy))
    return ScaledCourse(factor, len(lessons) * factor, len(notebooks) * factor)
