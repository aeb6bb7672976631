"""What a lesson page shows from its front matter: written once, rendered for readers.

The title, duration, audiences and outcomes go at the top; the key points go before
"Further reading" (or at the end). Both are Markdown, so search indexes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from course.frontmatter import Lesson
from course.generate import link, minutes_text
from course.schema import CAPABILITIES, TRACK_TITLES

FURTHER_READING = re.compile(r"^## Further reading\s*$", re.MULTILINE)


def header(lesson: Lesson, notebook_titles: Mapping[str, str]) -> str:
    """Markdown for the top of a lesson: title, facts line, outcomes, notebooks."""
    who = ", ".join(a.capitalize() for a in lesson.archetypes)
    caps = ", ".join(f"{c} {CAPABILITIES[c]}" for c in lesson.capabilities)
    lines = [
        f"# {lesson.title}",
        "",
        '<div class="lesson-facts" markdown>',
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
            target = link(lesson.src_uri, f"notebooks/{notebook}")
            lines.append(f"    - [{notebook_titles.get(notebook, notebook)}]({target})")
    return "\n".join(lines) + "\n\n"


def keypoints(lesson: Lesson) -> str:
    points = "\n".join(f"- {point}" for point in lesson.keypoints)
    return f"## Key points\n\n{points}\n{{ .keypoints }}\n\n"


def render(lesson: Lesson, body: str, notebook_titles: Mapping[str, str]) -> str:
    """The lesson's Markdown with the front-matter parts added."""
    match = FURTHER_READING.search(body)
    if match:
        body = body[: match.start()] + keypoints(lesson) + body[match.start():]
    else:
        body = body.rstrip() + "\n\n" + keypoints(lesson)
    return header(lesson, notebook_titles) + body
