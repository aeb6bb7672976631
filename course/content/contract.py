"""The lesson contract: every machine-checkable rule of the lesson standard, for every lesson
in every track, checked by the build and by `python -m course.content.contract FILE...`.

The numbers live here and nowhere else: the checks, `templates/lesson.md`, CONTRIBUTING and the
contributing page quote them (a test keeps the quotes honest). Each rule gives a `Problem` with
the file, the line, what is wrong and what is allowed, so the build can fail once with all of
them.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from course.content.explorable_block import check_block
from course.content.fences import mark_code
from course.content.quiz import Question, parse_source

# --- The numbers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What one kind of lesson may take: minutes (teaching + exercises) and learner words."""

    kind: str
    minutes: tuple[int, int]
    words: tuple[int, int]


FOUNDATION = Limits("a foundation lesson", (40, 45), (1500, 2800))
ESSENTIALS = Limits("an Essentials lesson", (15, 25), (0, 1500))
ROLE_TRACK = Limits("a role-track lesson", (30, 45), (1500, 2500))
ESSENTIALS_TOTAL_MINUTES = 90
ESSENTIALS_LESSONS = (4, 6)

OUTCOMES = (3, 5)
SECTION_WORDS_MAX = 350
QUIZ_QUESTIONS = (4, 6)
QUIZ_OPTIONS = (3, 4)
EXPLANATION_WORDS_MIN = 4
FURTHER_READING_MIN = 3
ALT_WORDS_MIN = 8
FIGURE_BYTES_MAX = 100_000
# Across a track: the answer must not be guessable from its form.
LONGEST_CORRECT_MAX = 0.35
POSITION_MAX = 0.5
SCENARIO_MIN = 0.5

FIRST_SECTION = "Why this matters to you"
QUIZ_SECTION = "Check your understanding"
LAST_SECTION = "Further reading"
PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class BlockType:
    """A block a lesson may use, and who sees it."""

    name: str
    audiences: frozenset[str]
    summary: str


# Who sees each block: learner (the page), trainer (the page with trainer view on), slides
# (presenter mode's projected slides), speaker (the speaker view's notes), handout (printed
# with trainer view off: a participant's copy) and print (printed with trainer view on: a
# trainer's copy). The build writes this on each block as data-audience (course/content/audience.py);
# course.css, print.css, presenter mode and the handouts select on that attribute, so this
# declaration is the only place that says who sees what. (A quiz's answers are part of the
# quiz: they show once a reader picks an option, or the trainer reveals them, or in print.)
AUDIENCES = ("learner", "trainer", "slides", "speaker", "handout", "print")


def _block(name: str, audiences: str, summary: str) -> BlockType:
    unknown = set(audiences.split()) - set(AUDIENCES)
    if unknown:
        raise ValueError(f"course/content/contract.py: block type '{name}': unknown audience "
                         f"{', '.join(sorted(unknown))}; allowed: {', '.join(AUDIENCES)}")
    return BlockType(name, frozenset(audiences.split()), summary)


BLOCK_TYPES: dict[str, BlockType] = {b.name: b for b in (
    _block("exercise", "learner trainer slides handout print", "an exercise, with a nested solution"),
    _block("solution", "learner trainer slides print", "a model answer, hidden until opened"),
    _block("trainer", "trainer speaker print", "trainer notes: timing, how to run it, common questions"),
    _block("note", "learner trainer slides handout print", "a note"),
    _block("tip", "learner trainer slides handout print", "a tip"),
    _block("warning", "learner trainer slides handout print", "a warning"),
    _block("example", "learner trainer slides handout print", "a worked example"),
)}
FENCED_BLOCK_TYPES: dict[str, BlockType] = {b.name: b for b in (
    _block("quiz", "learner trainer slides handout print", "a self-check question"),
    _block("explorable", "learner trainer slides handout print",
           "an interactive figure (course/content/explorable_block.py); its own text is not learner words"),
)}


def audience(name: str) -> frozenset[str]:
    """Who sees a block type."""
    block = BLOCK_TYPES.get(name) or FENCED_BLOCK_TYPES[name]
    return block.audiences


def limits_for(src_uri: str, part: str | None) -> Limits:
    if PurePosixPath(src_uri).parts[0] != "foundation":
        return ROLE_TRACK
    return ESSENTIALS if part == "essentials" else FOUNDATION


# --- Reading the body --------------------------------------------------------------------------

ADMONITION = re.compile(r"^(?P<indent>\s*)(?P<mark>!!!|\?\?\?\+?)\s+(?P<type>[\w-]+)(?P<rest>.*)$")
FENCED_OPEN = re.compile(r"^\s*///\s*(?P<type>[\w-]+)")
FENCED_CLOSE = re.compile(r"^\s*///\s*$")
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
TIMING_TOTAL = re.compile(r"^\*\*Timing \((\d+) minutes? in total\):\*\*")
TIMING = re.compile(r"^\*\*Timing:\*\*\s*(\d+)\s*minutes?\b")
PARAGRAPH_LEADS = re.compile(r"^\*\*(Timing|How to run it|Common questions?)\b")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
AUTOLINK = re.compile(r"<https?://[^>]+>")
ATTRS = re.compile(r"\{[^}]*\}")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
YEAR = re.compile(r"\b(19|20)\d\d\b")
ABSOLUTE = re.compile(r"\b(always|never|only)\b", re.IGNORECASE)
SCENARIO = re.compile(r"\b(you|your|a|an)\s+(?:\w+\s+){0,3}?(nurse|doctor|gp|manager|worker|colleague|"
                      r"patient|resident|receptionist|clinician|pharmacist|paramedic|assistant|"
                      r"trust|practice|home|ward|team|service|supplier|vendor|board|lead|officer|"
                      r"provider|commissioner|family|daughter|son|carer|student|analyst|scientist)\b"
                      r"|\byou\b|\byour\b", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """One admonition or fenced block: its type, where it starts, and its content lines."""

    type: str
    line: int
    indent: int
    title: str
    lines: tuple[tuple[int, str], ...]  # (line number, text without the block's indent)
    fenced: bool = False


@dataclass
class Section:
    """One `##` section: its heading, where it starts and its lines."""

    title: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class LessonBody:
    """The parts of a lesson body the contract looks at."""

    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    learner_lines: frozenset[int]  # line numbers a learner reads (not trainer notes, quiz, reading)


def _blocks(lines: Sequence[tuple[int, str, bool]]) -> list[Block]:
    """Admonitions (`!!! type`, `??? type`, nested too) and `/// type` blocks, outside code."""
    found: list[Block] = []
    for index, (number, text, code) in enumerate(lines):
        if code:
            continue
        opened = ADMONITION.match(text)
        if opened:
            indent = len(opened.group("indent").expandtabs(4))
            content: list[tuple[int, str]] = []
            for later_number, later, _ in lines[index + 1:]:
                if later.strip() and len(later) - len(later.lstrip()) <= indent:
                    break
                content.append((later_number, later[indent + 4:] if later.strip() else ""))
            while content and not content[-1][1].strip():
                content.pop()
            title = opened.group("rest").strip().strip('"')
            found.append(Block(opened.group("type"), number, indent, title, tuple(content)))
            continue
        fenced = FENCED_OPEN.match(text)
        if fenced and not FENCED_CLOSE.match(text):
            content = []
            for later_number, later, _ in lines[index + 1:]:
                if FENCED_CLOSE.match(later):
                    break
                content.append((later_number, later))
            found.append(Block(fenced.group("type"), number, 0, text.split("|", 1)[-1].strip(),
                               tuple(content), fenced=True))
    return found


def read_body(body: str, first_line: int) -> LessonBody:
    """Split a lesson body into sections and blocks, with real line numbers."""
    raw = body.splitlines()
    marked = [(first_line + i, text, code) for i, (text, code) in enumerate(mark_code(raw))]
    sections: list[Section] = []
    for number, text, code in marked:
        heading = None if code else HEADING.match(text)
        if heading and not text.startswith("###"):
            sections.append(Section(heading.group(1), number))
        elif sections:
            sections[-1].lines.append((number, text))
    blocks = _blocks(marked)
    hidden: set[int] = set()
    for block in blocks:
        if block.type == "trainer" or block.type in FENCED_BLOCK_TYPES:
            hidden.add(block.line)
            hidden.update(n for n, _ in block.lines)
            if block.fenced and block.lines:
                hidden.add(block.lines[-1][0] + 1)
    for section in sections:
        if section.title == LAST_SECTION:
            hidden.update(n for n, _ in section.lines)
    learner = {n for n, text, code in marked if n not in hidden and not code}
    return LessonBody(tuple(sections), tuple(blocks), frozenset(learner))


def words(text: str) -> int:
    """Words a reader reads in a line: no link addresses, attribute lists or comments."""
    text = LINK_TARGET.sub("]", AUTOLINK.sub(" ", ATTRS.sub(" ", text)))
    return len(WORD.findall(text))


def learner_words(body: str, first_line: int = 1) -> int:
    """Learner words of a lesson body: not trainer notes, the quiz or further reading."""
    return _count(read_body(COMMENT.sub(_blank_comment, body), first_line))


def _blank_comment(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


def _count(parsed: LessonBody, lines: Iterable[tuple[int, str]] | None = None) -> int:
    if lines is None:
        lines = [(n, t) for s in parsed.sections for n, t in s.lines]
    return sum(words(text) for number, text in lines if number in parsed.learner_lines)


# --- The rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One broken rule: the line it is on and the message (what is wrong; what is allowed)."""

    line: int | None
    field: str
    message: str


@dataclass(frozen=True)
class LessonFacts:
    """What the track-wide checks need from one lesson."""

    shown_as: str
    track: str
    questions: tuple[Question, ...]
    minutes: int
    essentials: bool


def check_lesson(
    body: str,
    first_line: int,
    *,
    src_uri: str,
    part: str | None,
    minutes: int,
    outcomes: int,
    lesson_dir: Path,
    notebook_figures: bool,
) -> tuple[list[Finding], tuple[Question, ...]]:
    """Every per-lesson rule. Returns the findings and the quiz questions (for track checks)."""
    limits = limits_for(src_uri, part)
    body = COMMENT.sub(_blank_comment, body)
    parsed = read_body(body, first_line)
    found: list[Finding] = []

    def add(line: int | None, name: str, message: str) -> None:
        found.append(Finding(line, name, message))

    if not OUTCOMES[0] <= outcomes <= OUTCOMES[1]:
        add(None, "outcomes", f"has {outcomes}; allowed: {OUTCOMES[0]} to {OUTCOMES[1]}")
    low, high = limits.minutes
    if not low <= minutes <= high:
        add(None, "teaching", f"teaching + exercises is {minutes} minutes; {limits.kind} takes "
            f"{low} to {high}")
    total = _count(parsed)
    low, high = limits.words
    if not low <= total <= high:
        allowed = f"{low:,} to {high:,}" if low else f"at most {high:,}"
        add(first_line, "length", f"{total} learner words (trainer notes, quiz and further reading "
            f"not counted); {limits.kind} has {allowed}")

    titles = [s.title for s in parsed.sections]
    if not titles or titles[0] != FIRST_SECTION:
        add(parsed.sections[0].line if parsed.sections else first_line, "sections",
            f"the first section must be '## {FIRST_SECTION}'")
    if not titles or titles[-1] != LAST_SECTION:
        add(parsed.sections[-1].line if parsed.sections else first_line, "sections",
            f"the last section must be '## {LAST_SECTION}'")
    if QUIZ_SECTION not in titles:
        add(first_line, "sections", f"has no '## {QUIZ_SECTION}' section with the quiz")
    folded = {n for b in parsed.blocks if b.type == "solution" for n, _ in b.lines}
    for section in parsed.sections:
        size = _count(parsed, [(n, t) for n, t in section.lines if n not in folded])
        if size > SECTION_WORDS_MAX:
            add(section.line, "sections", f"'{section.title}' has {size} learner words outside its "
                f"folded model answer; a section (one slide) has at most {SECTION_WORDS_MAX}: split "
                "it or cut it")

    found.extend(_block_findings(parsed, minutes))
    found.extend(_picture_findings(parsed, body, first_line, lesson_dir, notebook_figures))

    reading = next((s for s in parsed.sections if s.title == LAST_SECTION), None)
    if reading is not None:
        items = [(n, t) for n, t in reading.lines if t.startswith(("- ", "* "))]
        if len(items) < FURTHER_READING_MIN:
            add(reading.line, "further reading", f"has {len(items)} items; at least "
                f"{FURTHER_READING_MIN} primary sources (publisher, title, year)")
        for number, text in items:
            if not YEAR.search(text):
                add(number, "further reading", "item has no year; write publisher, title, year")

    questions, _ = parse_source(body, first_line)  # shape problems: frontmatter.body_problems
    if not QUIZ_QUESTIONS[0] <= len(questions) <= QUIZ_QUESTIONS[1]:
        add(next((s.line for s in parsed.sections if s.title == QUIZ_SECTION), first_line), "quiz",
            f"has {len(questions)} questions; allowed: {QUIZ_QUESTIONS[0]} to {QUIZ_QUESTIONS[1]}")
    for question in questions:
        if not QUIZ_OPTIONS[0] <= len(question.options) <= QUIZ_OPTIONS[1]:
            add(question.line, "quiz", f"question has {len(question.options)} options; allowed: "
                f"{QUIZ_OPTIONS[0]} or {QUIZ_OPTIONS[1]}")
        for number, (_, option, why) in enumerate(question.options, start=1):
            if len(why.split()) < EXPLANATION_WORDS_MIN:
                add(question.line, "quiz", f"option {number} ({option[:40]!r}) is not explained: "
                    f"say why it is right or wrong in {EXPLANATION_WORDS_MIN} words or more")
    return found, tuple(questions)


def _planned(parsed: LessonBody) -> dict[str, int]:
    """Minutes planned for each `##` section ('' for notes before the first), from the
    `**Timing:** N minutes` that opens its trainer notes; a lesson's total plan is not counted."""
    section_of = {n: s for s in parsed.sections for n, _ in s.lines}
    planned: dict[str, int] = {}
    for block in parsed.blocks:
        if block.type != "trainer" or block.fenced:
            continue
        first = next((t.strip() for _, t in block.lines if t.strip()), "")
        timing = TIMING.match(first)
        if timing:
            section = section_of.get(block.line)
            key = section.title if section else ""
            planned[key] = planned.get(key, 0) + int(timing.group(1))
    return planned


def section_minutes(body: str, first_line: int = 1) -> dict[str, int]:
    """Each `##` section's planned minutes. Presenter mode reads these from the page."""
    planned = _planned(read_body(COMMENT.sub(_blank_comment, body), first_line))
    planned.pop("", None)
    return planned


def _block_findings(parsed: LessonBody, minutes: int) -> Iterator[Finding]:
    known = ", ".join(BLOCK_TYPES)
    planned = _planned(parsed)
    exercise = solution = False
    how = common = False
    trainer = False
    for block in parsed.blocks:
        if block.fenced:
            if block.type not in FENCED_BLOCK_TYPES:
                yield Finding(block.line, "block", f"'/// {block.type}' is not a known block type; "
                              f"allowed: {', '.join(FENCED_BLOCK_TYPES)}")
            elif block.type == "explorable":
                for problem in check_block(block.title, list(block.lines), block.line):
                    yield Finding(problem.line, "explorable", problem.message)
            continue
        if block.type not in BLOCK_TYPES:
            yield Finding(block.line, "block", f"'{block.type}' is not a known block type; allowed: "
                          f"{known} (check the spelling: readers would see this block)")
            continue
        if block.type == "exercise":
            exercise = True
            solution = solution or any(b.type == "solution" and b.line in {n for n, _ in block.lines}
                                       for b in parsed.blocks)
        if block.type != "trainer":
            continue
        trainer = True
        text = [(n, t) for n, t in block.lines]
        first = next((t.strip() for _, t in text if t.strip()), "")
        total = TIMING_TOTAL.match(first)
        if total and int(total.group(1)) != minutes:
            yield Finding(block.line, "trainer notes", f"the plan says {total.group(1)} minutes in "
                          f"total but teaching + exercises is {minutes}; make them agree")
        previous = ""
        for number, line in text:
            lead = PARAGRAPH_LEADS.match(line.strip())
            if lead and previous.strip():
                yield Finding(number, "trainer notes", f"'**{lead.group(1)}' runs on from the line "
                              "before, so both render as one paragraph; put a blank line before it")
            how = how or line.strip().startswith("**How to run it")
            common = common or line.strip().startswith("**Common question")
            previous = line
    if not exercise:
        yield Finding(None, "exercise", "has no '!!! exercise \"Exercise: ...\"' block")
    elif not solution:
        yield Finding(None, "exercise", "has no model answer: nest '??? solution \"Model answer\"' "
                      "inside the exercise, indented 4 spaces")
    if not trainer:
        yield Finding(None, "trainer notes", "has none: add '!!! trainer \"Trainer notes\"' with "
                      "Timing, How to run it and Common questions")
        return
    if sum(planned.values()) != minutes:
        plan = "; ".join(f"{k or 'before the first section'} {v}" for k, v in planned.items())
        yield Finding(None, "trainer notes", f"the '**Timing:** N minutes' notes add up to "
                      f"{sum(planned.values())} minutes ({plan or 'none found'}) but teaching + "
                      f"exercises is {minutes}; make each section's Timing add up to the lesson")
    if not how:
        yield Finding(None, "trainer notes", "say how to run the activity: a paragraph starting "
                      "'**How to run it:**'")
    if not common:
        yield Finding(None, "trainer notes", "give the questions people ask: a paragraph starting "
                      "'**Common questions:**'")


def _picture_findings(parsed: LessonBody, body: str, first_line: int, lesson_dir: Path,
                      notebook_figures: bool) -> Iterator[Finding]:
    pictures = 0
    for index, text in enumerate(body.splitlines()):
        number = first_line + index
        if number not in parsed.learner_lines:
            continue
        for image in IMAGE.finditer(text):
            target = image.group("target").split("#")[0]
            if not target.lower().endswith(PICTURE_SUFFIXES) or "://" in target:
                continue
            alt = image.group("alt").strip()
            if len(alt.split()) < ALT_WORDS_MIN:
                yield Finding(number, "picture", f"alternative text {alt!r} is too short: say what the "
                              f"figure shows and what it means in {ALT_WORDS_MIN} words or more")
            path = lesson_dir / target
            if not path.is_file():
                yield Finding(number, "picture", f"{target} does not exist next to the lesson")
                continue
            problem = figure_problem(path)
            if problem:
                yield Finding(number, "picture", f"{target}: {problem}")
            pictures += 1
    if not pictures and not notebook_figures:
        yield Finding(None, "picture", "has no figure: add a diagram that carries meaning "
                      "(an SVG in figures/, with alternative text), or list a notebook with a figure")


def figure_problem(path: Path) -> str | None:
    """What is wrong with a course figure file, or None."""
    size = path.stat().st_size
    if size > FIGURE_BYTES_MAX:
        return f"is {size // 1000} KB; a figure is at most {FIGURE_BYTES_MAX // 1000} KB"
    if path.suffix.lower() != ".svg":
        return None
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        return f"is not well-formed SVG ({error})"
    names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    if "script" in names or "foreignObject" in names:
        return "contains a script or foreignObject; figures are drawings only"
    for element in root.iter():
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] == "href" and not value.startswith("#"):
                return f"refers to {value!r}; a figure must not load anything"
    if "title" not in names:
        return "has no <title>: give the drawing a title for screen readers"
    return None


def notebook_has_figure(path: Path) -> bool:
    """A notebook draws a figure a reader can read: a "Figure description:" cell follows it."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    return any(c.get("cell_type") == "markdown" and "Figure description:" in "".join(c.get("source", ""))
               for c in cells)


def check_tracks(lessons: Iterable[LessonFacts]) -> list[tuple[str, Finding]]:
    """Track-wide rules: quiz answers not guessable from their form; the Essentials total."""
    by_track: dict[str, list[LessonFacts]] = {}
    for lesson in lessons:
        by_track.setdefault(lesson.track, []).append(lesson)
    found: list[tuple[str, Finding]] = []
    for track, members in by_track.items():
        found.extend(_quiz_form(track, members))
        essentials = [m for m in members if m.essentials]
        if essentials:
            minutes = sum(m.minutes for m in essentials)
            low, high = ESSENTIALS_LESSONS
            if minutes > ESSENTIALS_TOTAL_MINUTES or not low <= len(essentials) <= high:
                found.append((essentials[0].shown_as, Finding(None, "part", f"Essentials has "
                              f"{len(essentials)} lessons and {minutes} minutes; allowed: {low} to "
                              f"{high} lessons, at most {ESSENTIALS_TOTAL_MINUTES} minutes in total")))
    return found


def _is_longest(question: Question) -> bool:
    lengths = [len(option) for _, option, _ in question.options]
    right = next(len(option) for correct, option, _ in question.options if correct)
    return right >= max(lengths)


def _quiz_form(track: str, members: list[LessonFacts]) -> Iterator[tuple[str, Finding]]:
    asked = [(m.shown_as, q) for m in members for q in m.questions
             if sum(1 for o in q.options if o[0]) == 1]
    if not asked:
        return
    count = len(asked)
    longest = [(where, q) for where, q in asked if _is_longest(q)]
    if len(longest) > LONGEST_CORRECT_MAX * count:
        for where, question in longest:
            yield where, Finding(question.line, "quiz", f"the correct option is the longest; in "
                                 f"the {track} track it is in {len(longest)} of {count} questions, "
                                 f"allowed: at most {LONGEST_CORRECT_MAX:.0%}; make a wrong option "
                                 "longer or the right one shorter")
    positions = Counter(next(i for i, o in enumerate(q.options, 1) if o[0]) for _, q in asked)
    for position, times in positions.items():
        if times > POSITION_MAX * count:
            for where, question in asked:
                if question.options[position - 1][0]:
                    yield where, Finding(question.line, "quiz", f"the correct option is number "
                                         f"{position}, as in {times} of {count} questions in the "
                                         f"{track} track; allowed: at most {POSITION_MAX:.0%} in "
                                         "one position; move it")
    absolute = [(where, q, correct, option) for where, q in asked for correct, option, _ in q.options
                if ABSOLUTE.search(option)]
    wrong = [a for a in absolute if not a[2]]
    if absolute and len(wrong) > len(absolute) / 2:
        for where, question, _, option in wrong:
            yield where, Finding(question.line, "quiz", f"{option[:50]!r} says always, never or only "
                                 f"and is wrong; in the {track} track {len(wrong)} of "
                                 f"{len(absolute)} such options are wrong, so the words give the "
                                 "answer away; reword it")
    scenarios = sum(1 for _, q in asked if SCENARIO.search(q.question))
    if scenarios < SCENARIO_MIN * count:
        where, question = asked[0]
        yield where, Finding(question.line, "quiz", f"{scenarios} of {count} questions in the "
                             f"{track} track are set in a scenario; at least {SCENARIO_MIN:.0%} "
                             "should put the reader in a situation (a person, a place, a task)")


if __name__ == "__main__":  # python -m course.content.contract FILE...: the same as python -m course.content.lint
    from course.content.lint import main

    sys.exit(main(sys.argv[1:]))
