"""What a lesson page shows from its front matter: written once, rendered for readers.

The title, duration, audiences and outcomes go at the top; the key points go before
"Further reading" (or at the end). Both are Markdown, so search indexes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from course.content.contract import HEADING, section_minutes
from course.content.fences import mark_code
from course.content.frontmatter import Lesson
from course.content.schema import CAPABILITIES, TRACK_TITLES
from course.content.sources import notebook_uri
from course.pages.generated import link, minutes_text

# Also when the build has written its planned minutes on it: ## Further reading { data-minutes="5" }
FURTHER_READING = re.compile(r"^## Further reading(?:\s*\{[^}\n]*\})?\s*$", re.MULTILINE)


def header(lesson: Lesson, notebook_titles: Mapping[str, str]) -> str:
    """Markdown for the top of a lesson: title, facts line, outcomes, notebooks."""
    who = ", ".join(a.capitalize() for a in lesson.archetypes)
    caps = ", ".join(f"{c} {CAPABILITIES[c]}" for c in lesson.capabilities)
    lines = [
        f"# {lesson.title}",
        "",
        f'<div class="lesson-facts" markdown data-lesson-minutes="{lesson.minutes}">',
        f"**{TRACK_TITLES[lesson.track]} · lesson {lesson.order}** · "
        f"**{minutes_text(lesson.minutes)}** ({lesson.teaching} min teaching, "
        f"{lesson.exercises} min exercises) · Especially for: {who}",
        "{ .lesson-meta }",
        "",
        f"Capability framework: {caps}",
        "{ .lesson-capabilities }",
        "",
        "</div>",
        "",
        '!!! outcomes "By the end of this lesson you will be able to"',
    ]
    lines += [f"    - {outcome}" for outcome in lesson.outcomes]
    if lesson.notebooks:
        lines += ["", '!!! notebook "Notebooks for this lesson"']
        for notebook in lesson.notebooks:
            target = link(lesson.src_uri, notebook_uri(notebook))
            lines.append(f"    - [{notebook_titles.get(notebook, notebook)}]({target})")
    return "\n".join(lines) + "\n\n"


def keypoints(lesson: Lesson) -> str:
    points = "\n".join(f"- {point}" for point in lesson.keypoints)
    return f"## Key points\n\n{points}\n{{ .keypoints }}\n\n"


def with_section_minutes(body: str) -> str:
    """Each timed `##` heading carries its planned minutes as data (`data-minutes`), for
    presenter mode's timer: worked out at build time, never read back from the prose."""
    minutes = section_minutes(body)
    lines = []
    for line, code in mark_code(body.splitlines()):
        heading = None if code else HEADING.match(line)
        if heading and not line.startswith("###") and heading.group(1) in minutes and "{" not in line:
            line = f'{line} {{ data-minutes="{minutes[heading.group(1)]}" }}'
        lines.append(line)
    return "\n".join(lines) + ("\n" if body.endswith("\n") else "")


def render(lesson: Lesson, body: str, notebook_titles: Mapping[str, str]) -> str:
    """The lesson's Markdown with the front-matter parts added."""
    body = with_section_minutes(body)
    match = FURTHER_READING.search(body)
    if match:
        body = body[: match.start()] + keypoints(lesson) + body[match.start():]
    else:
        body = body.rstrip() + "\n\n" + keypoints(lesson)
    return header(lesson, notebook_titles) + body
