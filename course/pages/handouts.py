"""Print-ready handouts: every lesson of a track on one page, made from the lesson files.

Each lesson keeps everything its own page shows (facts line, outcomes, sections, exercise,
quiz, trainer notes and key points); its headings move down one level, so each lesson is a
`##` section that starts a new printed page, and its relative links are rewritten for the
handout's address. Who sees each block comes from the one declaration in course/content/contract.py
(written on each block as data-audience by course/content/audience.py when the page renders):
docs/assets/print.css prints the "handout" blocks in a participant's copy and the "print"
blocks in a trainer's copy (trainer view on), so solutions, quiz answers and trainer notes
print only in a trainer's copy.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path

from course.content.fences import mark_code
from course.content.frontmatter import Catalogue, Lesson, split_front_matter
from course.content.schema import TRACK_TITLES, TRACKS
from course.pages import lessonpage
from course.pages.generated import GENERATED_NOTE, GeneratedPage, minutes_text

HANDOUTS_DIR = "trainers/handouts"

HEADING = re.compile(r"^(#{1,5})(\s)")
# An inline link or image target: ](target) or ](target "title"); and a reference definition.
INLINE_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\s*\))")
REFERENCE = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?(?:\s.*)?)$", re.MULTILINE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def handout_uri(track: str) -> str:
    return f"{HANDOUTS_DIR}/{track}.md"


def demote_headings(markdown: str) -> str:
    """Move every Markdown heading outside code fences down one level (# becomes ##)."""
    return "".join("#" + line if not code and HEADING.match(line) else line
                   for line, code in mark_code(markdown.splitlines(keepends=True)))


def retarget(target: str, from_uri: str, to_uri: str) -> str:
    """A link target written in `from_uri`, rewritten to work from `to_uri`.

    Links to other sites are kept; a link to a section of the same page (#section) points
    at the original page, since section names change when lessons share one page.
    """
    if SCHEME.match(target) or target.startswith(("/", "//")):
        return target
    path, hash_, anchor = target.partition("#")
    resolved = from_uri if not path else posixpath.normpath(
        posixpath.join(posixpath.dirname(from_uri), path))
    relative = posixpath.relpath(resolved, posixpath.dirname(to_uri) or ".")
    return relative + hash_ + anchor


def rewrite_links(markdown: str, from_uri: str, to_uri: str) -> str:
    """Rewrite every relative inline link, image and reference definition (outside code)."""
    def inline(match: re.Match[str]) -> str:
        return match.group(1) + retarget(match.group(2), from_uri, to_uri) + match.group(3)

    def reference(match: re.Match[str]) -> str:
        return match.group(1) + retarget(match.group(2), from_uri, to_uri) + match.group(3)

    parts = []
    for code, run in itertools.groupby(mark_code(markdown.splitlines(keepends=True)), key=lambda pair: pair[1]):
        text = "".join(line for line, _ in run)
        parts.append(text if code else REFERENCE.sub(reference, INLINE_TARGET.sub(inline, text)))
    return "".join(parts)


def lesson_section(lesson: Lesson, body: str, uri: str, notebook_titles: Mapping[str, str]) -> str:
    """One lesson as rendered on its own page, as a `##` section of the handout at `uri`."""
    markdown = lessonpage.render(lesson, body, notebook_titles)
    # The handout is not a lesson page: presenter mode (presenter-slides.js) looks for .lesson-facts.
    markdown = markdown.replace('<div class="lesson-facts"', '<div class="handout-lesson-facts"', 1)
    return rewrite_links(demote_headings(markdown), lesson.src_uri, uri).rstrip() + "\n\n"


def handout_page(catalogue: Catalogue, track: str, docs_dir: Path) -> GeneratedPage:
    """Every lesson of a track in order, on one page for printing."""
    uri = handout_uri(track)
    lessons = catalogue.track(track)
    titles = catalogue.notebook_titles()
    name = TRACK_TITLES[track]
    title = f"{name} track handout"
    total = sum(l.minutes for l in lessons)
    description = (f"Every lesson of the {name.lower()} track on one page, ready to print as "
                   "a handout.")
    contents = "\n".join(f"{n}. {l.title} ({minutes_text(l.minutes)})"
                         for n, l in enumerate(lessons, start=1))
    parts = [
        # JSON strings are valid YAML. The handout repeats the lessons, so search leaves it out.
        f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(description)}\n"
        "search:\n  exclude: true\n---\n",
        GENERATED_NOTE,
        f"# {title}\n\n",
        '<div class="course-screen-only" markdown>\n\n',
        f"Every lesson of the {name.lower()} track on one page, ready to print: use your "
        "browser's Print command (Ctrl+P, or Cmd+P on a Mac) and choose A4. Each lesson starts "
        "on a new page, without the site's navigation and buttons.\n\n",
        "Participants' copies leave out model answers, quiz answers and trainer notes. For a "
        "**trainer's copy** that includes them, turn on **Trainer view** (the switch in the "
        "header) before you print.\n\n",
        "</div>\n\n",
        '<div class="course-handout-contents" markdown>\n\n',
        f"**{len(lessons)} lessons, {minutes_text(total)}** (teaching and exercises).\n\n",
        contents + "\n\n",
        "</div>\n\n",
    ]
    for lesson in lessons:
        text = (docs_dir / lesson.src_uri).read_text(encoding="utf-8")
        _, body, _ = split_front_matter(text)
        parts.append(lesson_section(lesson, body, uri, titles))
    return GeneratedPage(uri, title, "".join(parts))


def handout_pages(catalogue: Catalogue, docs_dir: Path) -> list[GeneratedPage]:
    """One handout per track that has lessons, in track order."""
    return [handout_page(catalogue, t, docs_dir) for t in catalogue.tracks_with_lessons()]


def handout_uris(catalogue: Catalogue) -> list[str]:
    return [handout_uri(t) for t in TRACKS if catalogue.track(t)]
