"""The one schema for lesson front matter and notebook metadata.

Everything the build needs to know about a lesson or a notebook is described here once:
the allowed tracks, archetypes and capability codes, and a validator per field. The
validators return a message saying what is wrong and what is allowed, or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

TRACKS: tuple[str, ...] = ("foundation", "shapers", "drivers", "creators", "embedders", "users")
# A part of a track: Essentials is the short core of the foundation that everyone starts with.
PARTS: tuple[str, ...] = ("essentials",)
ARCHETYPES: tuple[str, ...] = ("shapers", "drivers", "creators", "embedders", "users")

TRACK_TITLES: dict[str, str] = {
    "foundation": "Foundation",
    "shapers": "Shapers",
    "drivers": "Drivers",
    "creators": "Creators",
    "embedders": "Embedders",
    "users": "Users",
}

ARCHETYPE_SUMMARIES: dict[str, str] = {
    "shapers": "Leaders, regulators, policy-makers and educators who set direction, regulation, "
    "policy, funding and curricula for AI.",
    "drivers": "Commissioners, service and digital transformation leads who commission and "
    "procure AI, build business cases and lead adoption.",
    "creators": "Clinical scientists, data scientists, software engineers and researchers who "
    "design, build and validate AI.",
    "embedders": "IT and data teams, clinical scientists and clinical safety officers who "
    "integrate, deploy, validate locally, monitor and maintain AI.",
    "users": "Health and care professionals and non-clinical staff who use AI outputs in their "
    "daily work.",
}

# AI and Digital Healthcare Technologies Capability Framework (Health Education England, 2023).
CAPABILITIES: dict[str, str] = {
    "1": "Digital implementation",
    "2": "Digital health for patients and the public",
    "2.1": "Direct care",
    "2.2": "Remote consultation and monitoring",
    "3": "Ethical, legal and regulatory considerations",
    "3.1": "Ethics",
    "3.2": "Legislation and regulation",
    "4": "Human factors",
    "4.1": "Management, leadership and planning",
    "5": "Health data management",
    "5.1": "Data management and processing",
    "5.2": "Data and cyber security",
    "6": "Artificial intelligence",
    "6.1": "Machine learning and natural language processing",
    "6.2": "Using and implementing AI systems",
    "6.3": "Evaluating AI systems",
    "6.4": "Robotics",
}

# A learning outcome must start with something a reader can be seen to do.
MEASURABLE_VERBS: frozenset[str] = frozenset(
    """analyse apply appraise assess calculate check choose classify compare complete construct
    create critique decide define demonstrate describe design detect distinguish draft estimate
    evaluate explain identify interpret justify list match monitor name outline plan predict
    prepare recognise recommend record report run select sort spot state summarise test use
    write""".split()
)
UNMEASURABLE_HINT = "start with a verb a reader can be seen to do, such as " + ", ".join(
    ["explain", "calculate", "identify", "decide", "list"]
) + " (not 'understand', 'know' or 'be aware of')"

Validator = Callable[[Any], str | None]


def _text(max_len: int) -> Validator:
    def check(value: Any) -> str | None:
        if isinstance(value, dict):
            return ("contains ': ', so YAML read it as a field, not text; put the whole text in "
                    "double quotes")
        if not isinstance(value, str) or not value.strip():
            return "must be a non-empty line of text"
        if "\n" in value.strip():
            return "must be one line"
        if len(value) > max_len:
            return f"is {len(value)} characters; keep it to {max_len} or fewer"
        return None

    return check


def _int(low: int, high: int) -> Validator:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number from {low} to {high}, not {value!r}"
        if not low <= value <= high:
            return f"is {value}; allowed: a whole number from {low} to {high}"
        return None

    return check


def _choice(allowed: tuple[str, ...]) -> Validator:
    def check(value: Any) -> str | None:
        if value not in allowed:
            return f"{value!r} is not allowed; allowed: {', '.join(allowed)}"
        return None

    return check


def _list_of(item: Validator, low: int, high: int, *, unique: bool = True) -> Validator:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"must be a list (in brackets or one '- item' a line), not {value!r}"
        if not low <= len(value) <= high:
            return f"has {len(value)} items; allowed: {low} to {high}"
        for position, entry in enumerate(value, start=1):
            problem = item(entry)
            if problem:
                return f"item {position}: {problem}"
        if unique and len({repr(v) for v in value}) != len(value):
            return "lists the same item twice"
        return None

    return check


def _outcome(value: Any) -> str | None:
    problem = _text(200)(value)
    if problem:
        return problem
    first = value.split()[0].lower().strip(",.:")
    if first not in MEASURABLE_VERBS:
        return f"{value!r} is not measurable: {UNMEASURABLE_HINT}"
    return None


def _capability(value: Any) -> str | None:
    if str(value) not in CAPABILITIES or not isinstance(value, str):
        return (
            f"{value!r} is not a capability code; write codes as quoted strings, "
            f"allowed: {', '.join(CAPABILITIES)}"
        )
    return None


def _notebook_path(value: Any) -> str | None:
    if not isinstance(value, str) or not value.endswith(".ipynb") or value.startswith("/"):
        return f"{value!r} must be a path inside notebooks/, such as foundation/example.ipynb"
    return None


def _date(value: Any) -> str | None:
    if not isinstance(value, dt.date):
        return f"{value!r} must be a date written as YYYY-MM-DD, such as 2026-11-28"
    return None


@dataclass(frozen=True)
class Field:
    """One field of the schema: whether it is required and how it is checked."""

    name: str
    check: Validator
    required: bool = True
    default: Any = None


COMMON_FIELDS: tuple[Field, ...] = (
    Field("title", _text(90)),
    Field("description", _text(250)),
    Field("track", _choice(TRACKS)),
    Field("archetypes", _list_of(_choice(ARCHETYPES), 1, 5)),
    Field("outcomes", _list_of(_outcome, 2, 5)),
    Field("capabilities", _list_of(_capability, 1, 8)),
    Field("reviewed", _date),
)

LESSON_FIELDS: tuple[Field, ...] = COMMON_FIELDS + (
    Field("order", _int(1, 99)),
    Field("teaching", _int(5, 60)),
    Field("exercises", _int(0, 120)),
    Field("keypoints", _list_of(_text(300), 2, 5)),
    Field("notebooks", _list_of(_notebook_path, 0, 10), required=False, default=[]),
    Field("part", _choice(PARTS), required=False),
)
# Lessons need 3 to 5 outcomes; notebooks 2 to 5.
LESSON_FIELDS = tuple(
    Field("outcomes", _list_of(_outcome, 3, 5)) if f.name == "outcomes" else f for f in LESSON_FIELDS
)

NOTEBOOK_FIELDS: tuple[Field, ...] = COMMON_FIELDS + (Field("minutes", _int(1, 120)),)

# Keys MkDocs or Material understand on any page; allowed in lesson front matter too.
THEME_KEYS: frozenset[str] = frozenset({"hide", "search", "status", "template", "icon"})


def check_fields(
    data: Mapping[str, Any], fields: tuple[Field, ...]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Check a mapping against fields. Returns the cleaned values and (field, message) pairs."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    known = {f.name for f in fields}
    for f in fields:
        if f.name not in data:
            if f.required:
                problems.append((f.name, "is missing; it is required"))
            else:
                values[f.name] = f.default
            continue
        message = f.check(data[f.name])
        if message:
            problems.append((f.name, message))
        else:
            values[f.name] = data[f.name]
    for key in data:
        if key not in known and key not in THEME_KEYS:
            problems.append(
                (str(key), f"is not a known field; allowed: {', '.join(sorted(known))}")
            )
    return values, problems
