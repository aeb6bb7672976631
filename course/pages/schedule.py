"""Workshop plans: timed schedules computed from lesson front matter at build time.

Each plan is laid out from the `teaching` and `exercises` minutes of its lessons, so a
change to any lesson's minutes changes every plan that uses that lesson (and the list of
lessons a plan leaves out, which shows their minutes too). The rules, in plain words:

- A plan starts with a welcome and ends with a close, and must finish by its end time.
- Lessons are taken in course order. A lesson is run in full (teaching, then the
  exercise) if it fits; if only its teaching fits, it runs in *short form* (teaching only,
  with the exercise set for afterwards); if neither fits, the plan stops there and lists
  the rest under "Not covered".
- A short break comes before any lesson that would take the time since the last break
  past `break_every` minutes (plus a little slack); a full day has lunch before the first
  lesson that would run past `lunch_by`.
- The 1-hour taster runs every lesson in short form: the Essentials lessons, or (in a course
  without Essentials) the lessons in `TASTER_LESSONS` first.

Plans for the archetype tracks appear by themselves when a track has its first lesson.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from course.content.frontmatter import Catalogue, Lesson
from course.content.schema import ARCHETYPES, TRACK_TITLES
from course.content.sources import notebook_uri
from course.pages.generated import GENERATED_NOTE, GeneratedPage, front_matter, link, minutes_text
from course.pages.handouts import handout_uri

PLANS_DIR = "trainers/plans"
PLANS_INDEX = f"{PLANS_DIR}/index.md"

# The taster's first choices: what AI is, then how to judge what a tool's numbers mean for
# a patient. Missing lessons are skipped; other foundation lessons, in order, fill any gap.
TASTER_LESSONS: tuple[str, ...] = (
    "foundation/what-ai-is.md",
    "foundation/sensitivity-specificity-ppv.md",
)

BREAK_SLACK = 15  # minutes a session may run past `break_every` before a break is forced


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time, such as 09:30."""
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}:{rest:02d}"


def at(time: str) -> int:
    """A 24-hour time such as '09:30' as minutes after midnight."""
    hours, _, rest = time.partition(":")
    return int(hours) * 60 + int(rest)


@dataclass(frozen=True)
class Slot:
    """One row of a schedule: a welcome, a lesson, a break, lunch or the close."""

    kind: str  # welcome | lesson | break | lunch | close
    start: int  # minutes after midnight
    minutes: int
    title: str
    lesson: Lesson | None = None
    teaching: int = 0
    exercises: int = 0
    short_form: bool = False

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class PlanSpec:
    """What a plan asks for: its lessons to choose from, its times and its breaks."""

    name: str  # the page name: trainers/plans/<name>.md
    title: str
    summary: str
    candidates: tuple[Lesson, ...]
    start: int
    finish: int  # the latest the close may end
    welcome: int = 15
    close: int = 15
    break_every: int = 90
    break_minutes: int = 15
    lunch_minutes: int = 0
    lunch_by: int = 0  # lunch comes before the first lesson that would run past this time
    short_form_only: bool = False
    audience: str = ""


@dataclass(frozen=True)
class Plan:
    """A laid-out schedule, with the lessons it could not fit."""

    spec: PlanSpec
    slots: tuple[Slot, ...]
    left_out: tuple[Lesson, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def src_uri(self) -> str:
        return f"{PLANS_DIR}/{self.spec.name}.md"

    @property
    def start(self) -> int:
        return self.slots[0].start

    @property
    def end(self) -> int:
        return self.slots[-1].end

    @property
    def total(self) -> int:
        return self.end - self.start

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(s.lesson for s in self.slots if s.lesson is not None)

    def minutes_of(self, *kinds: str) -> int:
        return sum(s.minutes for s in self.slots if s.kind in kinds)

    @property
    def teaching(self) -> int:
        return sum(s.teaching for s in self.slots)

    @property
    def exercises(self) -> int:
        return sum(s.exercises for s in self.slots)

    @property
    def breaks(self) -> int:
        return self.minutes_of("break", "lunch")


def _pause(spec: PlanSpec, now: int, since_break: int, had_lunch: bool, minutes: int) -> str | None:
    """The pause needed before a session of `minutes` starting at `now`, if any."""
    if spec.lunch_minutes and not had_lunch and now + minutes > spec.lunch_by:
        return "lunch"
    if spec.break_every and since_break > 0 and since_break + minutes > spec.break_every + BREAK_SLACK:
        return "break"
    return None


def lay_out(spec: PlanSpec) -> Plan:
    """Lay out a plan: welcome, as many lessons as fit (with breaks), then the close."""
    now = spec.start + spec.welcome
    since_break = spec.welcome
    had_lunch = False
    chosen: list[tuple[Lesson, int, bool]] = []  # (lesson, minutes, short form)
    pauses: dict[int, tuple[str, int]] = {}  # lessons before the pause -> (kind, minutes)
    left_out: list[Lesson] = []
    for position, lesson in enumerate(spec.candidates):
        forms = [(lesson.teaching, True)] if spec.short_form_only else [
            (lesson.minutes, False), (lesson.teaching, True)]
        for minutes, short in forms:
            pause = _pause(spec, now, since_break, had_lunch, minutes)
            pause_minutes = {"lunch": spec.lunch_minutes, "break": spec.break_minutes}.get(pause or "", 0)
            if now + pause_minutes + minutes + spec.close > spec.finish:
                continue
            if pause:
                pauses[len(chosen)] = (pause, pause_minutes)
                now += pause_minutes
                since_break = 0
                had_lunch = had_lunch or pause == "lunch"
            chosen.append((lesson, minutes, short))
            now += minutes
            since_break += minutes
            break
        else:
            left_out.extend(spec.candidates[position:])
            break
    # The taster chooses by preference; every plan runs its lessons in course order. The
    # total time is the same either way, since only the order of the lessons changes.
    chosen.sort(key=lambda c: (c[0].track, c[0].order))
    slots = [Slot("welcome", spec.start, spec.welcome, "Welcome")]
    now = spec.start + spec.welcome
    for number, (lesson, minutes, short) in enumerate(chosen):
        if number in pauses:
            kind, pause_minutes = pauses[number]
            slots.append(Slot(kind, now, pause_minutes, kind.capitalize()))
            now += pause_minutes
        slots.append(Slot("lesson", now, minutes, lesson.title, lesson, lesson.teaching,
                          0 if short else lesson.exercises, short))
        now += minutes
    slots.append(Slot("close", now, spec.close, "Close"))
    return Plan(spec, tuple(slots), tuple(sorted(left_out, key=lambda l: (l.track, l.order))))


def _taster_candidates(foundation: Sequence[Lesson]) -> tuple[Lesson, ...]:
    """Essentials, the short core everyone starts with; before Essentials existed, the
    lessons in TASTER_LESSONS, then the rest of the foundation."""
    essentials = tuple(l for l in foundation if l.part == "essentials")
    if essentials:
        return essentials
    by_uri = {l.src_uri: l for l in foundation}
    preferred = [by_uri[u] for u in TASTER_LESSONS if u in by_uri]
    return tuple(preferred + [l for l in foundation if l not in preferred])


def plan_specs(catalogue: Catalogue) -> list[PlanSpec]:
    """The ready-made plans: foundation plans if it has lessons, then one per archetype track."""
    specs: list[PlanSpec] = []
    foundation = tuple(catalogue.track("foundation"))
    if foundation:
        specs += [
            PlanSpec(
                "taster", "One-hour taster",
                ("A lunchtime or team-meeting introduction for anyone, from the Essentials "
                 "lessons: what AI is, using its output safely, generative AI at work, data and "
                 "speaking up. " if any(l.part == "essentials" for l in foundation) else
                 "A lunchtime or team-meeting introduction for anyone: what AI is, and how to "
                 "judge what an AI tool's results mean for a patient. ")
                + "Each lesson runs in short form (its teaching part only); its exercise is set "
                "for afterwards, on the lesson's page.",
                _taster_candidates(foundation), at("12:30"), at("13:30"),
                welcome=5, close=5, break_every=0, short_form_only=True,
                audience="Anyone who works in health and care. No preparation needed.",
            ),
            PlanSpec(
                "foundation-half-day", "Half-day foundation workshop",
                "The first lessons of the foundation track in a morning, with their exercises, "
                "and a break about every 90 minutes.",
                foundation, at("09:30"), at("13:00"),
                audience="Anyone who works in health and care. No maths beyond percentages.",
            ),
            PlanSpec(
                "foundation-full-day", "Full-day foundation workshop",
                "Most of the foundation track in one day, with exercises, two short breaks and "
                "lunch.",
                foundation, at("09:30"), at("16:30"), lunch_minutes=45, lunch_by=at("13:00"),
                audience="Anyone who works in health and care. No maths beyond percentages.",
            ),
        ]
    for track in ARCHETYPES:
        lessons = tuple(catalogue.track(track))
        if not lessons:
            continue
        specs.append(PlanSpec(
            f"{track}-half-day", f"Half-day workshop: {TRACK_TITLES[track]} track",
            f"The lessons of the {TRACK_TITLES[track].lower()} track in a morning, with their "
            "exercises and a break about every 90 minutes.",
            lessons, at("09:30"), at("13:00"),
            audience=f"{TRACK_TITLES[track]}. Participants should have taken the foundation "
            "track (or the half-day foundation workshop) first.",
        ))
    return specs


def workshop_plans(catalogue: Catalogue) -> list[Plan]:
    """Every ready-made plan, laid out from the catalogue's front matter."""
    return [lay_out(spec) for spec in plan_specs(catalogue)]


def _cell(text: str) -> str:
    """Text that is safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _what_happens(slot: Slot, uri: str, notebook_titles: Mapping[str, str]) -> str:
    if slot.kind == "welcome":
        if slot.minutes <= 5:
            return "Who you are, what the hour covers, and housekeeping"
        return ("Introductions; what people hope to get from the session; housekeeping "
                "(fire exits, breaks, phones); check access needs")
    if slot.kind == "close":
        if slot.minutes <= 5:
            return "One thing to take away; where to go next (the foundation track)"
        return ("Questions; recap the key points; what to do next (the rest of the track); "
                "feedback")
    if slot.kind == "lunch":
        return "Lunch"
    if slot.kind == "break":
        return "Short break"
    lesson = slot.lesson
    assert lesson is not None
    if slot.short_form:
        text = (f"Teaching ({slot.teaching} min). Short form: set the exercise "
                f"({lesson.exercises} min) for afterwards")
    else:
        text = f"Teaching ({slot.teaching} min), then the exercise ({slot.exercises} min)"
    if lesson.notebooks:
        shown = ", ".join(
            f"[{_cell(notebook_titles.get(n, n))}]({link(uri, notebook_uri(n))})"
            for n in lesson.notebooks)
        text += f". Notebook to show: {shown}"
    return text


def plan_page(plan: Plan, notebook_titles: Mapping[str, str] | None = None,
              available: Collection[str] = ()) -> GeneratedPage:
    """The plan as a page: a summary, the timed table with totals, and what is left out.

    `available` holds the pages it may link to besides lessons and the key points: the
    trainer guide, the checklist and the track handouts, when they exist.
    """
    uri = plan.src_uri
    titles = notebook_titles or {}
    spec = plan.spec
    count = len(plan.lessons)
    short = sum(1 for s in plan.slots if s.short_form)
    rows = ["| Start | End | Session | Minutes | What happens |", "|---|---|---|---|---|"]
    for slot in plan.slots:
        if slot.lesson is not None:
            session = f"[{_cell(slot.title)}]({link(uri, slot.lesson.src_uri)})"
            if slot.short_form:
                session += " (short form)"
        elif slot.kind in ("break", "lunch"):
            session = f"*{slot.title}*"
        else:
            session = f"**{slot.title}**"
        rows.append(f"| {clock(slot.start)} | {clock(slot.end)} | {session} | {slot.minutes} | "
                    f"{_what_happens(slot, uri, titles)} |")
    welcome_close = plan.minutes_of("welcome", "close")
    rows.append(
        f"| **{clock(plan.start)}** | **{clock(plan.end)}** | **Total** | **{plan.total}** | "
        f"Teaching {plan.teaching} min, exercises {plan.exercises} min, breaks {plan.breaks} min, "
        f"welcome and close {welcome_close} min |")
    lesson_word = "lesson" if count == 1 else "lessons"
    facts = (f"**{clock(plan.start)} to {clock(plan.end)} · {minutes_text(plan.total)} · "
             f"{count} {lesson_word}**")
    if short:
        facts += f" ({short} in short form)"
    parts = [
        front_matter(plan.title, f"{spec.summary.split('. ')[0].rstrip('.')}. A timed plan computed "
                     "from the lessons' own timings."),
        GENERATED_NOTE,
        f"# {plan.title}\n\n{spec.summary}\n\n",
        f"{facts}\n\n",
        f"**Who it is for:** {spec.audience}\n\n" if spec.audience else "",
        "\n".join(rows) + "\n\n",
        "The times are worked out from each lesson's own timings (its teaching and exercise "
        "minutes) every time the site is built, so they change when a lesson changes. They "
        f"assume a {clock(spec.start)} start: move every time by the same amount to suit "
        "your room booking.\n\n",
    ]
    if plan.left_out:
        parts.append("## Not covered in this session\n\nThese lessons do not fit. Run them in "
                     "a follow-on session, or set them as self-study:\n\n")
        parts.extend(f"- [{l.title}]({link(uri, l.src_uri)}) ({minutes_text(l.minutes)}: "
                     f"{l.teaching} min teaching, {l.exercises} min exercises)\n"
                     for l in plan.left_out)
        parts.append("\n")
    guide, checklist = "trainers/index.md", "trainers/checklist.md"
    steps = []
    if guide in available:
        steps.append(f"- Read the [guide to running a session]({link(uri, guide)}).\n")
    if checklist in available:
        steps.append(f"- Work through the [facilitator checklist]({link(uri, checklist)}).\n")
    steps.append("- Turn on **Trainer view** (the switch in the header) on each lesson to see "
                 "its trainer notes: timings for each section, how to run the activity and "
                 "common questions.\n")
    handouts = [t for t in dict.fromkeys(l.track for l in spec.candidates)
                if handout_uri(t) in available]
    steps.append("- Print a handout for each person: " + "".join(
        f"the [{TRACK_TITLES[t].lower()} track handout]({link(uri, handout_uri(t))}), or "
        for t in handouts) + f"the [key points]({link(uri, 'keypoints.md')}) of every lesson.\n")
    parts.append("## Before you run it\n\n" + "".join(steps))
    return GeneratedPage(uri, plan.title, "".join(parts))


def plans_index(plans: Iterable[Plan]) -> GeneratedPage:
    """A table of every ready-made plan."""
    uri = PLANS_INDEX
    rows = ["| Plan | Times | Length | Lessons |", "|---|---|---|---|"]
    for plan in plans:
        covered = "<br>".join(f"{_cell(l.title)}" + (" (short form)" if s.short_form else "")
                              for s in plan.slots if (l := s.lesson) is not None)
        rows.append(f"| [{_cell(plan.title)}]({link(uri, plan.src_uri)}) | {clock(plan.start)}–"
                    f"{clock(plan.end)} | {minutes_text(plan.total)} | {covered} |")
    body = (
        front_matter("Workshop plans", "Ready-made, timed workshop plans: a one-hour taster, a "
                     "half-day and a full-day foundation, and a half-day for each role's track.")
        + GENERATED_NOTE
        + "# Workshop plans\n\n"
        "Ready-made plans for running the course in a room. Each schedule is computed from the "
        "lessons' own timings when the site is built, so it is always in step with the "
        "lessons. A plan for each role's track appears here as soon as that track has "
        "lessons.\n\n"
        + "\n".join(rows) + "\n\n"
        "**Short form** means the teaching part of a lesson only: its exercise is set for "
        "participants to do afterwards, from the lesson's page.\n"
    )
    return GeneratedPage(uri, "Workshop plans", body)


def plan_pages(catalogue: Catalogue, available: Collection[str] = ()) -> list[GeneratedPage]:
    """The plans index and one page per plan, or nothing if no track has lessons.
    `available`: the other pages that exist (see plan_page)."""
    plans = workshop_plans(catalogue)
    if not plans:
        return []
    titles = catalogue.notebook_titles()
    return [plans_index(plans)] + [plan_page(p, titles, available) for p in plans]


def plan_uris(catalogue: Catalogue) -> list[str]:
    """The plan pages' addresses in the order they belong in the navigation."""
    specs = plan_specs(catalogue)
    return [PLANS_INDEX] + [f"{PLANS_DIR}/{s.name}.md" for s in specs] if specs else []
