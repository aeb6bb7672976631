"""Read and validate lesson front matter and notebook metadata.

Every problem in every file is collected as a `Problem` (file, line, field, message), so the
build can fail once with the whole list instead of stopping at the first mistake.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from course.content import contract
from course.content.fences import mark_code
from course.content.quiz import parse_source
from course.content.schema import LESSON_FIELDS, NOTEBOOK_FIELDS, TRACKS, check_fields
from course.content.sources import find_notebooks, notebook_uri


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, with what to do about it."""

    path: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


@dataclass(frozen=True, kw_only=True)
class CourseItem:
    """What lessons and notebooks share: the fields readers, search and the pages use."""

    title: str
    description: str
    track: str
    archetypes: tuple[str, ...]
    outcomes: tuple[str, ...]
    capabilities: tuple[str, ...]
    reviewed: dt.date

    @property
    def src_uri(self) -> str:
        raise NotImplementedError

    @property
    def url(self) -> str:
        """The page's address relative to the site root, as MkDocs writes it."""
        return str(PurePosixPath(self.src_uri).with_suffix("")) + "/"


@dataclass(frozen=True, kw_only=True)
class Lesson(CourseItem):
    """A lesson page: its front matter, validated."""

    path: str  # path inside docs/, such as foundation/sensitivity-specificity-ppv.md
    order: int
    teaching: int
    exercises: int
    keypoints: tuple[str, ...]
    notebooks: tuple[str, ...] = ()
    part: str | None = None
    quiz_questions: int = 0  # counted when the catalogue is read, from the one quiz parser

    @property
    def src_uri(self) -> str:
        return self.path

    @property
    def minutes(self) -> int:
        return self.teaching + self.exercises


@dataclass(frozen=True, kw_only=True)
class NotebookInfo(CourseItem):
    """A notebook's course metadata, validated."""

    path: str  # path inside notebooks/, such as foundation/ppv-and-prevalence.ipynb
    minutes: int

    @property
    def src_uri(self) -> str:
        return notebook_uri(self.path)


@dataclass
class Catalogue:
    """Everything read from the course: lessons, notebooks and the problems found."""

    lessons: list[Lesson] = field(default_factory=list)
    notebooks: list[NotebookInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def track(self, name: str) -> list[Lesson]:
        return sorted((l for l in self.lessons if l.track == name), key=lambda l: l.order)

    def notebook_titles(self) -> dict[str, str]:
        """Each notebook's title, by its path inside notebooks/."""
        return {n.path: n.title for n in self.notebooks}

    def tracks_with_lessons(self) -> list[str]:
        return [t for t in TRACKS if self.track(t)]


def _item_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The shared fields of a validated lesson or notebook, as a CourseItem takes them."""
    return {
        "title": values["title"], "description": values["description"], "track": values["track"],
        "archetypes": tuple(values["archetypes"]), "outcomes": tuple(values["outcomes"]),
        "capabilities": tuple(values["capabilities"]), "reviewed": values["reviewed"],
    }


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, line number where the body starts)."""
    if not text.startswith("---"):
        return None, text, 1
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return "".join(lines[1:]), "", len(lines) + 1


def _key_lines(source: str, offset: int) -> dict[str, int]:
    """Map each top-level key to its line number in the file."""
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + offset for k, _ in node.value}


def read_lesson(path: Path, src_uri: str, shown_as: str) -> tuple[Lesson | None, list[Problem]]:
    """Read one lesson file. `shown_as` is the path used in messages (docs/...)."""
    return _read_lesson(path.read_text(encoding="utf-8"), src_uri, shown_as)


def _read_lesson(text: str, src_uri: str, shown_as: str) -> tuple[Lesson | None, list[Problem]]:
    source, body, body_line = split_front_matter(text)
    if source is None:
        return None, [
            Problem(
                shown_as,
                "front matter",
                "is missing: start the file with '---', the fields, and '---' "
                "(copy templates/lesson.md)",
                1,
            )
        ]
    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, [
            Problem(shown_as, "front matter", f"is not valid YAML ({reason}); check "
                    "indentation and quote values that contain ':'", line)
        ]
    if not isinstance(data, dict):
        return None, [Problem(shown_as, "front matter", "must be 'field: value' lines", 2)]
    lines = _key_lines(source, offset=2)
    values, raw = check_fields(data, LESSON_FIELDS)
    problems = [Problem(shown_as, name, message, lines.get(name, 2)) for name, message in raw]
    parts = PurePosixPath(src_uri).parts
    folder_track = parts[0] if parts[0] == "foundation" else (parts[1] if len(parts) > 2 else None)
    in_essentials = src_uri.startswith(ESSENTIALS_FOLDER + "/")
    if in_essentials and "part" not in values and not any(p.field == "part" for p in problems):
        problems.append(Problem(shown_as, "part", f"is missing: lessons in docs/{ESSENTIALS_FOLDER}/ "
                                "are Essentials; add 'part: essentials'", 2))
    if values.get("part") == "essentials" and "track" in values and not in_essentials:
        problems.append(Problem(shown_as, "part", f"Essentials lessons live in docs/{ESSENTIALS_FOLDER}/; "
                                "move the file there", lines.get("part")))
    if values.get("part") and values.get("track", "foundation") != "foundation":
        problems.append(Problem(shown_as, "part", f"{values['part']!r} is a part of the foundation "
                                "track only; remove it", lines.get("part")))
    if "track" in values and folder_track and values["track"] != folder_track:
        problems.append(
            Problem(shown_as, "track", f"is {values['track']!r} but the file is in the "
                    f"{folder_track!r} folder; move the file or change the track",
                    lines.get("track"))
        )
    problems.sort(key=lambda p: p.line or 0)
    problems.extend(body_problems(body, body_line, shown_as))
    if problems:
        return None, problems
    return (
        Lesson(path=src_uri, **_item_fields(values), order=values["order"],
               teaching=values["teaching"], exercises=values["exercises"],
               keypoints=tuple(values["keypoints"]), notebooks=tuple(values["notebooks"]),
               part=values.get("part")),
        [],
    )


def read_notebook_metadata(path: Path, rel: str, shown_as: str) -> tuple[NotebookInfo | None, list[Problem]]:
    """Read the `course` entry of a notebook's metadata."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return None, [Problem(shown_as, "notebook", f"is not valid notebook JSON ({error})")]
    meta: Any = notebook.get("metadata", {}).get("course")
    if not isinstance(meta, dict):
        return None, [
            Problem(shown_as, "metadata.course", "is missing: add it as in "
                    "templates/notebook.ipynb (title, description, track, archetypes, minutes, "
                    "outcomes, capabilities, reviewed)")
        ]
    data = dict(meta)
    if isinstance(data.get("reviewed"), str):
        try:
            data["reviewed"] = dt.date.fromisoformat(data["reviewed"])
        except ValueError:
            pass
    values, raw = check_fields(data, NOTEBOOK_FIELDS)
    problems = [Problem(shown_as, f"metadata.course.{name}", message) for name, message in raw]
    if problems:
        return None, problems
    return (
        NotebookInfo(path=rel, **_item_fields(values), minutes=values["minutes"]),
        [],
    )


def body_problems(body: str, first_line: int, shown_as: str) -> list[Problem]:
    """Problems in a lesson's body: a level-1 heading, or a malformed quiz."""
    problems = []
    for number, (line, code) in enumerate(mark_code(body.splitlines()), start=first_line):
        if not code and line.startswith("# "):
            problems.append(Problem(shown_as, "body", "has a level-1 heading; the title comes "
                                    "from front matter, so start sections with '##'", number))
    _, quiz_problems = parse_source(body, first_line)
    problems.extend(Problem(shown_as, "quiz", p.message, p.line) for p in quiz_problems)
    return problems


def _contract(lesson: Lesson, text: str, path: Path, shown_as: str, notebooks_dir: Path,
              problems: list[Problem]) -> contract.LessonFacts:
    """Check one lesson (its file's `text`) against the lesson contract; add what is wrong to
    `problems`."""
    source, body, first_line = split_front_matter(text)
    figures = any(contract.notebook_has_figure(notebooks_dir / n) for n in lesson.notebooks)
    found, questions = contract.check_lesson(
        body, first_line, src_uri=lesson.src_uri, part=lesson.part, minutes=lesson.minutes,
        outcomes=len(lesson.outcomes), lesson_dir=path.parent, notebook_figures=figures)
    lines = _key_lines(source or "", offset=2)
    for finding in found:
        line = finding.line or lines.get(finding.field)
        problems.append(Problem(shown_as, finding.field, finding.message, line))
    return contract.LessonFacts(shown_as, lesson.track, questions, lesson.minutes,
                                lesson.part == "essentials")


def format_problems(problems: list[Problem]) -> str:
    """One message for the whole list: a line per problem, then what to do."""
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return "\n".join([str(p) for p in problems] + [
        f"{count} {noun} in lessons or notebook metadata. Fix each line above "
        "(templates/lesson.md shows every field and CONTRIBUTING.md the lesson standard), then "
        "build again."
    ])


ESSENTIALS_FOLDER = "foundation/essentials"


def is_lesson(src_uri: str) -> bool:
    """Lessons live in docs/foundation/ (Essentials in docs/foundation/essentials/) and
    docs/tracks/<track>/."""
    parts = PurePosixPath(src_uri).parts
    if not src_uri.endswith(".md") or parts[-1] == "index.md" and parts[:2] == ("foundation", "essentials"):
        return False
    return (len(parts) == 2 and parts[0] == "foundation") or (
        len(parts) == 3 and parts[0] == "tracks"
    ) or (len(parts) == 3 and "/".join(parts[:2]) == ESSENTIALS_FOLDER)


def read_catalogue(
    docs_dir: Path, lesson_uris: Iterable[str], notebooks_dir: Path, project_root: Path
) -> Catalogue:
    """Read every lesson and notebook, collecting all problems."""
    catalogue = Catalogue()
    facts: list[contract.LessonFacts] = []

    def shown(path: Path) -> str:
        try:
            return path.relative_to(project_root).as_posix()
        except ValueError:
            return path.as_posix()

    for src_uri in sorted(lesson_uris):
        path = docs_dir / src_uri
        parts = PurePosixPath(src_uri).parts
        if parts[0] == "tracks" and parts[1] not in TRACKS[1:]:
            catalogue.problems.append(
                Problem(shown(path), "folder", f"tracks/{parts[1]}/ is not a track; "
                        f"allowed: {', '.join(TRACKS[1:])}")
            )
            continue
        if parts[-1] == "index.md":
            catalogue.problems.append(
                Problem(shown(path), "file", "track index pages are generated; rename this "
                        "lesson or delete the file")
            )
            continue
        text = path.read_text(encoding="utf-8")  # each lesson is read once per build
        lesson, problems = _read_lesson(text, src_uri, shown(path))
        catalogue.problems.extend(problems)
        if lesson:
            found = _contract(lesson, text, path, shown(path), notebooks_dir, catalogue.problems)
            facts.append(found)
            catalogue.lessons.append(replace(lesson, quiz_questions=len(found.questions)))
    for where, finding in contract.check_tracks(facts):
        catalogue.problems.append(Problem(where, finding.field, finding.message, finding.line))

    for path in find_notebooks(notebooks_dir):
        rel = path.relative_to(notebooks_dir).as_posix()
        info, problems = read_notebook_metadata(path, rel, shown(path))
        catalogue.problems.extend(problems)
        if info:
            catalogue.notebooks.append(info)

    known_notebooks = {p.relative_to(notebooks_dir).as_posix() for p in find_notebooks(notebooks_dir)}
    seen_orders: dict[tuple[str, int], str] = {}
    for lesson in catalogue.lessons:
        where = shown(docs_dir / lesson.src_uri)
        for notebook in lesson.notebooks:
            if notebook not in known_notebooks:
                catalogue.problems.append(
                    Problem(where, "notebooks", f"{notebook!r} does not exist in notebooks/; "
                            "check the path (relative to notebooks/)")
                )
        key = (lesson.track, lesson.order)
        if key in seen_orders:
            catalogue.problems.append(
                Problem(where, "order", f"{lesson.order} is also used by {seen_orders[key]}; "
                        "give each lesson in a track its own number")
            )
        seen_orders[key] = where
    return catalogue


def read_project(root: Path) -> Catalogue:
    """Every lesson under root/docs and every notebook under root/notebooks, read and checked
    as the build reads them (for tools that run outside a build)."""
    docs = root / "docs"
    every = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    return read_catalogue(docs, [u for u in every if is_lesson(u)], root / "notebooks", root)
