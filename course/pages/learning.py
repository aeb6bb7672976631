"""My learning: the catalogue manifest, the /my-learning/ page and each page's progress panel.

Progress, quiz scores and reflections live in the reader's browser only (localStorage), kept
by docs/assets/my-learning.js, which also defines the stored and exported file format. The
build supplies what that script cannot know: which lessons and notebooks exist, their titles,
minutes, outcomes, capability codes and quiz sizes (the manifest, embedded in /my-learning/
only), and a placeholder on each lesson and notebook page that names the page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from course.content.frontmatter import Catalogue, CourseItem, Lesson
from course.content.schema import ARCHETYPE_SUMMARIES, ARCHETYPES, CAPABILITIES, TRACK_TITLES, TRACKS
from course.pages.generate import path_lessons
from course.pages.generated import GENERATED_NOTE, GeneratedPage, front_matter, link, minutes_text

PAGE_URI = "my-learning/index.md"
FORMAT_URI = "my-learning/file-format.md"  # hand-written: the export file, documented
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class ManifestItem:
    """One lesson or notebook as the My learning page needs it."""

    id: str
    kind: str  # lesson | notebook
    group: str  # essentials | foundation | a role track | notebooks
    title: str
    track: str
    src_uri: str
    minutes: int
    outcomes: tuple[str, ...]
    capabilities: tuple[str, ...]
    quiz_questions: int

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id, "kind": self.kind, "group": self.group, "title": self.title,
            "track": self.track, "minutes": self.minutes, "outcomes": list(self.outcomes),
            "capabilities": list(self.capabilities), "quiz": self.quiz_questions,
        }


def item_id(item: CourseItem) -> str:
    """The stable name of a lesson or notebook in a reader's records: its address without
    the trailing slash (foundation/what-ai-is, notebooks/foundation/ppv-and-prevalence)."""
    return str(PurePosixPath(item.src_uri).with_suffix(""))


def groups(catalogue: Catalogue) -> list[tuple[str, str, list[CourseItem]]]:
    """Progress is shown by track and part: (key, heading, items) for Essentials, the rest of
    the foundation, each role track with lessons, then the notebooks. Empty groups are left out."""
    foundation = catalogue.track("foundation")
    found: list[tuple[str, str, list[CourseItem]]] = [
        ("essentials", "Essentials", [l for l in foundation if l.part == "essentials"]),
        ("foundation", "Foundation", [l for l in foundation if l.part != "essentials"]),
    ]
    found += [(t, f"{TRACK_TITLES[t]} track", list(catalogue.track(t))) for t in TRACKS if t != "foundation"]
    notebooks = sorted(catalogue.notebooks, key=lambda n: (TRACKS.index(n.track), n.path))
    found.append(("notebooks", "Notebooks", list(notebooks)))
    return [(key, heading, items) for key, heading, items in found if items]


def manifest_items(catalogue: Catalogue) -> list[ManifestItem]:
    """Every lesson and notebook, in the order the page shows them."""
    items = []
    for key, _, members in groups(catalogue):
        for member in members:
            lesson = isinstance(member, Lesson)
            items.append(ManifestItem(
                id=item_id(member), kind="lesson" if lesson else "notebook", group=key,
                title=member.title, track=member.track, src_uri=member.src_uri,
                minutes=member.minutes,  # type: ignore[attr-defined]
                outcomes=member.outcomes, capabilities=member.capabilities,
                quiz_questions=member.quiz_questions if lesson else 0,  # type: ignore[attr-defined]
            ))
    return items


def manifest(catalogue: Catalogue) -> dict[str, object]:
    """What /my-learning/ needs to know about the course, as JSON-ready data."""
    items = manifest_items(catalogue)
    used = sorted({c for i in items for c in i.capabilities})
    return {
        "version": MANIFEST_VERSION,
        "groups": [{"key": key, "title": heading} for key, heading, _ in groups(catalogue)],
        "items": [i.as_json() for i in items],
        "capabilities": {code: CAPABILITIES[code] for code in used},
        "paths": [
            {"key": a, "title": a.capitalize(), "summary": ARCHETYPE_SUMMARIES[a],
             "items": [item_id(l) for l in path_lessons(catalogue, a)]}
            for a in ARCHETYPES
        ],
    }


def manifest_attribute(data: dict[str, object]) -> str:
    """The manifest as an HTML attribute value: compact, deterministic JSON, escaped."""
    return html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)


def _interactive(ident: str, text: str) -> str:
    """A container the script fills; until then it says what is missing."""
    return (f'<div id="{ident}" class="course-ml-block">\n<p class="course-ml-needs-js">{text}</p>\n'
            "</div>\n\n")


NEEDS_JS = "This part of the page needs JavaScript, which is turned off or blocked in this browser."


def my_learning_page(catalogue: Catalogue, docs_dir: Path | None = None) -> GeneratedPage:
    """/my-learning/: progress by track and part, the chosen path, the CPD record, export,
    import and clear. The lists come from the catalogue; the reader's records from the browser."""
    data = manifest(catalogue)
    title = "My learning"
    parts = [
        front_matter(title, "Your progress, quiz scores, reflections and a CPD record, kept in "
                     "your own browser with no account."),
        GENERATED_NOTE,
        f"# {title}\n\n",
        "Mark lessons and notebooks as done, see your first-try quiz scores, write reflections "
        "and print a record of your continuing professional development (CPD). You need no "
        "account.\n\n",
        '!!! note "Your records stay on this device"\n'
        "    Everything you record here is kept in this browser's own storage (local storage) "
        "on this device. It is never sent anywhere: this course has no server, no account, no "
        "cookies and no tracking. Someone else who uses this browser with your login could see "
        "it. Clearing your browser's site data deletes it, so export a copy now and then. To "
        "move to another device, export a file and import it there.\n\n",
        f'<div id="course-my-learning" data-manifest="{manifest_attribute(data)}"></div>\n\n',
        _interactive("course-ml-status", NEEDS_JS),
        "## Your learning path\n\n",
        "Choose your role to see what is left on its learning path. Trainers can give a group "
        "a link that chooses the path for them, such as `my-learning/?path=users`.\n\n",
        _interactive("course-ml-path", NEEDS_JS),
        "## Progress by track and part\n\n",
        _interactive("course-ml-summary", NEEDS_JS),
    ]
    by_id = {i["id"]: i for i in data["items"]}  # type: ignore[index, union-attr]
    for key, heading, members in groups(catalogue):
        total = sum(by_id[item_id(m)]["minutes"] for m in members)
        noun = "notebook" if key == "notebooks" else "lesson"
        parts.append(f"### {heading}\n\n{len(members)} {noun}{'' if len(members) == 1 else 's'}, "
                     f"{minutes_text(total)}.\n\n")
        parts.append('| Lesson | Time | Your progress |\n|---|---|---|\n' if key != "notebooks"
                     else '| Notebook | Time | Your progress |\n|---|---|---|\n')
        for member in members:
            ident = item_id(member)
            parts.append(f'| [{member.title}]({link(PAGE_URI, member.src_uri)}){{ data-course-item="{ident}" }} '
                         f"| {minutes_text(by_id[ident]['minutes'])} | |\n")
        parts.append("\n")
    parts += [
        "## Your CPD record\n\n",
        "A record of the lessons and notebooks you have marked as done, with their outcomes, "
        "capability framework codes and your reflections, to print or save as a PDF. Your name "
        "goes only into the record on this page.\n\n",
        _interactive("course-ml-cpd", NEEDS_JS),
        "## Move your records to another device\n\n",
        "Export everything to one file, then import that file on your other device, such as "
        "from a work computer to home."
        + (f" The [file format]({link(PAGE_URI, FORMAT_URI)}) is documented.\n\n"
           if docs_dir is None or (docs_dir / FORMAT_URI).is_file() else "\n\n"),
        _interactive("course-ml-transfer", NEEDS_JS),
        "## Clear all\n\n",
        _interactive("course-ml-clear", NEEDS_JS),
    ]
    return GeneratedPage(PAGE_URI, title, "".join(parts))


def panel(item: CourseItem, my_learning_href: str) -> str:
    """The placeholder on a lesson or notebook page that my-learning.js turns into the
    mark-as-done button and the reflection form. It names the page and its minutes;
    `my_learning_href` is the address of /my-learning/ relative to the page, as built."""
    kind = "lesson" if isinstance(item, Lesson) else "notebook"
    attributes = {
        "data-course-item": item_id(item), "data-course-kind": kind,
        "data-course-title": item.title, "data-course-minutes": str(item.minutes),  # type: ignore[attr-defined]
        "data-course-my-learning": my_learning_href,
    }
    rendered = " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes.items())
    return f'\n<section class="admonition course-progress" {rendered} aria-label="Your learning record" hidden></section>\n'


def panel_for(src_uri: str, catalogue: Catalogue, my_learning_href: str) -> str | None:
    """The panel for the page built from `src_uri`, or None if it is not a lesson or notebook."""
    for item in [*catalogue.lessons, *catalogue.notebooks]:
        if item.src_uri == src_uri:
            return panel(item, my_learning_href)
    return None
