"""Pages and navigation generated from lesson front matter: never maintained by hand.

Track index pages, one learning path per archetype, the capability-framework coverage
table, the key-points summary, the notebook index, and the site navigation itself. A
track with no lessons has no page and no place in the navigation until its first lesson
lands.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from course.content.frontmatter import Catalogue, Lesson, NotebookInfo
from course.content.schema import ARCHETYPE_SUMMARIES, ARCHETYPES, CAPABILITIES, TRACK_TITLES, TRACKS
from course.content.sources import NOTEBOOKS_MOUNT
from course.pages.generated import (GENERATED_NOTE, GeneratedPage, front_matter, link, minutes_text,
                                    track_index_uri)
from course.pages.handouts import handout_pages, handout_uris
from course.pages.schedule import plan_pages, plan_uris

def _lesson_table(lessons: Iterable[Lesson], from_uri: str, numbered: bool = True) -> str:
    rows = ["| | Lesson | Time | You will be able to |", "|---|---|---|---|"]
    for position, lesson in enumerate(lessons, start=1):
        outcomes = "<br>".join(f"• {o}" for o in lesson.outcomes)
        number = str(position) if numbered else ""
        rows.append(
            f"| {number} | [{lesson.title}]({link(from_uri, lesson.src_uri)}) | "
            f"{minutes_text(lesson.minutes)} | {outcomes} |"
        )
    return "\n".join(rows) + "\n"


def track_page(catalogue: Catalogue, track: str) -> GeneratedPage:
    uri = track_index_uri(track)
    lessons = catalogue.track(track)
    total = sum(l.minutes for l in lessons)
    title = f"{TRACK_TITLES[track]} track" if track != "foundation" else "Foundation track"
    intro = (
        "The foundation track is for everyone who works in health and care, clinical or not. "
        "It needs no maths beyond percentages and no programming."
        if track == "foundation"
        else f"For {track}: {ARCHETYPE_SUMMARIES[track][0].lower()}{ARCHETYPE_SUMMARIES[track][1:]} "
        "Take the [foundation track](" + link(uri, "foundation/index.md") + ") first."
    )
    body = (
        front_matter(title, f"The {len(lessons)} lessons of the {TRACK_TITLES[track].lower()} "
                     "track, in order, with timings and outcomes.")
        + f"{GENERATED_NOTE}# {title}\n\n{intro}\n\n"
        f"**{len(lessons)} lessons, {minutes_text(total)} in all** (teaching and exercises).\n\n"
        + _lesson_table(lessons, uri)
    )
    return GeneratedPage(uri, title, body)


ESSENTIALS_INDEX = "foundation/essentials/index.md"


def essentials_page(catalogue: Catalogue) -> GeneratedPage | None:
    """Essentials: the short core of the foundation that everyone starts with."""
    lessons = [l for l in catalogue.track("foundation") if l.part == "essentials"]
    if not lessons:
        return None
    total = sum(l.minutes for l in lessons)
    title = "Essentials"
    body = (
        front_matter(title, f"Start here: {len(lessons)} short lessons, {minutes_text(total)} in "
                     "all, for everyone who works in health and care.")
        + f"{GENERATED_NOTE}# {title}\n\nStart here. Essentials is the short core of the "
        "foundation track, written for everyone who works in health and care: clinical or "
        "not, in hospitals, general practice, community and mental health services, ambulance "
        "services and adult social care. It needs no maths and no technical background.\n\n"
        f"**{len(lessons)} lessons, {minutes_text(total)} in all** (teaching and exercises).\n\n"
        + _lesson_table(lessons, ESSENTIALS_INDEX)
        + "\nThen go deeper with the rest of the [foundation track]("
        + link(ESSENTIALS_INDEX, "foundation/index.md") + ") and the [learning path for your "
        "role](" + link(ESSENTIALS_INDEX, "paths/index.md") + ").\n"
    )
    return GeneratedPage(ESSENTIALS_INDEX, title, body)


def path_groups(catalogue: Catalogue, archetype: str) -> list[tuple[str, list[Lesson]]]:
    """An archetype's path in order: Essentials, the foundation lessons that serve the role,
    the role's own track, then lessons from other tracks that serve it."""
    foundation = catalogue.track("foundation")
    essentials = [l for l in foundation if l.part == "essentials"]
    deeper = [l for l in foundation if l.part != "essentials" and archetype in l.archetypes]
    others = [
        l for track in TRACKS if track not in ("foundation", archetype)
        for l in catalogue.track(track) if archetype in l.archetypes
    ]
    return [
        ("Essentials", essentials),
        ("Foundation", deeper),
        (f"{TRACK_TITLES[archetype]} track", catalogue.track(archetype)),
        ("From other tracks", others),
    ]


def path_lessons(catalogue: Catalogue, archetype: str) -> list[Lesson]:
    """Every lesson on an archetype's path, in order."""
    return [l for _, group in path_groups(catalogue, archetype) for l in group]


def path_page(catalogue: Catalogue, archetype: str) -> GeneratedPage:
    uri = f"paths/{archetype}.md"
    lessons = path_lessons(catalogue, archetype)
    title = f"Learning path for {archetype}"
    total = sum(l.minutes for l in lessons)
    parts = [
        front_matter(title, f"Every lesson for {archetype}, in the order to take them, with the total time."),
        GENERATED_NOTE,
        f"# {title}\n\n{ARCHETYPE_SUMMARIES[archetype]}\n\n",
        f"**{len(lessons)} lessons, {minutes_text(total)} in all.** ",
        "Take them in this order: Essentials (where it exists), the foundation lessons for your "
        "role, then your role's track, then lessons from other tracks that also serve your "
        "role.\n\n",
        f"Keep track of what you have done and what is left in [My learning]"
        f"({link(uri, 'my-learning/index.md')}?path={archetype}): trainers can give a group "
        "that link to choose this path for them.\n\n",
    ]
    for heading, group in path_groups(catalogue, archetype):
        if not group:
            if heading.endswith("track"):
                parts.append(f"## {heading}\n\nThe lessons for this track are being written. "
                             "Start with the foundation.\n\n")
            continue
        parts.append(f"## {heading}\n\n{minutes_text(sum(l.minutes for l in group))}.\n\n")
        parts.append(_lesson_table(group, uri) + "\n")
    return GeneratedPage(uri, title, "".join(parts))


def paths_index(catalogue: Catalogue) -> GeneratedPage:
    uri = "paths/index.md"
    rows = ["| Your role | Who it is for | Lessons | Time |", "|---|---|---|---|"]
    for archetype in ARCHETYPES:
        lessons = path_lessons(catalogue, archetype)
        rows.append(
            f"| [{archetype.capitalize()}]({archetype}.md) | {ARCHETYPE_SUMMARIES[archetype]} | "
            f"{len(lessons)} | {minutes_text(sum(l.minutes for l in lessons))} |"
        )
    body = (
        front_matter("Find your path", "Choose the learning path for your role in the AI "
                     "lifecycle: shapers, drivers, creators, embedders or users.")
        + f"{GENERATED_NOTE}# Find your path\n\n"
        "The course follows the five roles that Health Education England and the NHS AI Lab "
        "described in 2022. They are roles in the life of an AI product, not jobs or grades: "
        "one person can hold several. Everyone starts with the foundation track.\n\n"
        + "\n".join(rows) + "\n"
    )
    return GeneratedPage(uri, "Find your path", body)


def capability_page(catalogue: Catalogue) -> GeneratedPage:
    uri = "capabilities.md"
    parts = [
        front_matter("Capability framework coverage", "Which lessons and notebooks cover each "
                     "domain of the AI and Digital Healthcare Technologies Capability Framework."),
        GENERATED_NOTE,
        "# Capability framework coverage\n\n",
        "Health Education England's *AI and Digital Healthcare Technologies Capability "
        "Framework* (2023) has six domains. This table shows which lessons and notebooks "
        "cover each domain and sub-domain. It is built from each lesson's `capabilities` "
        "field.\n\n",
        "| Code | Domain | Lessons and notebooks |\n|---|---|---|\n",
    ]
    items: list[tuple[str, str, tuple[str, ...]]] = [
        (l.title, l.src_uri, l.capabilities) for l in catalogue.lessons
    ] + [(n.title, n.src_uri, n.capabilities) for n in catalogue.notebooks]
    for code, name in CAPABILITIES.items():
        covering = sorted(
            {(t, u) for t, u, caps in items
             if any(c == code or ("." not in code and c.startswith(code + ".")) for c in caps)}
        )
        cell = "<br>".join(f"[{t}]({link(uri, u)})" for t, u in covering) or "Not yet covered"
        label = f"**{name}**" if "." not in code else name
        parts.append(f"| {code} | {label} | {cell} |\n")
    return GeneratedPage(uri, "Capability framework coverage", "".join(parts))


def keypoints_page(catalogue: Catalogue) -> GeneratedPage:
    uri = "keypoints.md"
    parts = [
        front_matter("Key points", "The key points of every lesson on one page, for revision "
                     "and handouts."),
        GENERATED_NOTE, "# Key points\n\nThe key points of every lesson, for revision.\n\n",
    ]
    for track in catalogue.tracks_with_lessons():
        parts.append(f"## {TRACK_TITLES[track]}\n\n")
        for lesson in catalogue.track(track):
            parts.append(f"### [{lesson.title}]({link(uri, lesson.src_uri)})\n\n")
            parts.extend(f"- {point}\n" for point in lesson.keypoints)
            parts.append("\n")
    return GeneratedPage(uri, "Key points", "".join(parts))


def notebooks_page(notebooks: list[NotebookInfo]) -> GeneratedPage:
    uri = f"{NOTEBOOKS_MOUNT}/index.md"
    parts = [
        front_matter("Notebooks", "Executable Jupyter notebooks that go with the lessons: run "
                     "them, change a number, and see what happens."),
        GENERATED_NOTE, "# Notebooks\n\n",
        "Each notebook is a short, runnable worked example. The pages below show them already "
        "run, so you can read them without installing anything. To run one yourself, download "
        "it from its page and open it in Jupyter. All data is synthetic or ships inside a "
        "Python package: none of it is real patient data.\n\n",
    ]
    by_track: dict[str, list[NotebookInfo]] = {}
    for nb in notebooks:
        by_track.setdefault(nb.track, []).append(nb)
    for track in TRACKS:
        if track not in by_track:
            continue
        parts.append(f"## {TRACK_TITLES[track]}\n\n| Notebook | What it shows | Time |\n|---|---|---|\n")
        for nb in sorted(by_track[track], key=lambda n: n.title):
            parts.append(f"| [{nb.title}]({link(uri, nb.src_uri)}) | {nb.description} | "
                         f"{minutes_text(nb.minutes)} |\n")
        parts.append("\n")
    return GeneratedPage(uri, "Notebooks", "".join(parts))


def generated_pages(catalogue: Catalogue, docs_dir: Path | None = None) -> list[GeneratedPage]:
    """Every generated page. Track handouts need the lesson files, so only with `docs_dir`."""

    pages = [track_page(catalogue, t) for t in catalogue.tracks_with_lessons()]
    essentials = essentials_page(catalogue)
    if essentials:
        pages.append(essentials)
    pages.append(paths_index(catalogue))
    pages.extend(path_page(catalogue, a) for a in ARCHETYPES)
    pages.append(capability_page(catalogue))
    pages.append(keypoints_page(catalogue))
    pages.append(notebooks_page(catalogue.notebooks))
    available: set[str] = set()
    if docs_dir is not None:
        available = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
        available |= set(handout_uris(catalogue))
    pages.extend(plan_pages(catalogue, available))
    if docs_dir is not None:
        pages.extend(handout_pages(catalogue, docs_dir))
    return pages


# The hand-written trainer pages that come first, in this order; others follow by name.
TRAINER_PAGES_FIRST = ["trainers/index.md", "trainers/checklist.md", "trainers/presenter-mode.md"]


def trainer_navigation(catalogue: Catalogue, existing: set[str]) -> list[object]:
    """The Trainers section: the guide and other hand-written pages, then the generated
    workshop plans and handouts (each in their own order), as far as they exist."""

    plans = [u for u in plan_uris(catalogue) if u in existing]
    handouts = [u for u in handout_uris(catalogue) if u in existing]
    generated = {u for u in existing if u.startswith(("trainers/plans/", "trainers/handouts/"))}
    written = sorted(u for u in existing if u.startswith("trainers/") and u not in generated)
    entries: list[object] = [u for u in TRAINER_PAGES_FIRST if u in written]
    entries += [u for u in written if u not in TRAINER_PAGES_FIRST]
    if plans:
        entries.append({"Workshop plans": plans})
    if handouts:
        entries.append({"Handouts": handouts})
    return entries


# Hand-written pages placed in the navigation when they exist, in this order, by section.
FIXED_BEFORE = [("Home", "index.md")]
FIXED_AFTER = [
    ("Glossary", "glossary.md"),
    ("Case studies", "case-studies.md"),
    ("Key points", "keypoints.md"),
    ("Capability coverage", "capabilities.md"),
    ("About", "about/index.md"),
    ("Contributing", "contributing/index.md"),
]


def navigation(catalogue: Catalogue, existing: set[str]) -> list[dict[str, object]]:
    """The site navigation: generated, so a track appears when its first lesson lands."""
    nav: list[dict[str, object]] = [{title: uri} for title, uri in FIXED_BEFORE if uri in existing]
    nav.append({"Find your path": ["paths/index.md"] + [
        {archetype.capitalize(): f"paths/{archetype}.md"} for archetype in ARCHETYPES]})
    if "my-learning/index.md" in existing:  # course/pages/learning.py generates it
        nav.append({"My learning": "my-learning/index.md"})
    for track in catalogue.tracks_with_lessons():
        entries: list[object] = [track_index_uri(track)]
        lessons = catalogue.track(track)
        essentials = [l for l in lessons if l.part == "essentials"]
        if essentials:
            entries.append({"Essentials": [ESSENTIALS_INDEX] + [{l.title: l.src_uri} for l in essentials]})
        entries += [{l.title: l.src_uri} for l in lessons if l.part != "essentials"]
        title = "Foundation" if track == "foundation" else f"{TRACK_TITLES[track]} track"
        nav.append({title: entries})
    notebooks: list[object] = [f"{NOTEBOOKS_MOUNT}/index.md"]
    notebooks += [{n.title: n.src_uri} for n in sorted(catalogue.notebooks, key=lambda n: (TRACKS.index(n.track), n.path))]
    nav.append({"Notebooks": notebooks})
    trainers = trainer_navigation(catalogue, existing)
    if trainers:
        nav.append({"Trainers": trainers})
    nav.extend({title: uri} for title, uri in FIXED_AFTER if uri in existing)
    return nav
