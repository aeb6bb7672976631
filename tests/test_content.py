"""The standard every foundation lesson and notebook must meet (see CONTRIBUTING)."""

import re

import nbformat
import pytest
from conftest import ROOT

from course.execute import ExecutionRequest, execute_all
from course.frontmatter import is_lesson, read_catalogue, split_front_matter
from course.quiz import parse_source

DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted((DOCS / "foundation").glob("*.md"))
FOUNDATION_NOTEBOOKS = sorted((NOTEBOOKS / "foundation").glob("*.ipynb"))
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
QUIZ_BLOCK = re.compile(r"^/// quiz.*?^///\s*$", re.MULTILINE | re.DOTALL)
AMERICAN = re.compile(r"\b(organization|organize|behavior|color|center|analyze|recognize|"
                      r"pediatric|anemia|optimize|randomize|labeled|modeling|favor|honor|"
                      r"catalog|judgment|fulfill|program(?:me)?s? for|artifact)s?\b", re.IGNORECASE)


def sections(body: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def prose_words(body: str) -> int:
    """Words a reader reads: not the quiz and not Further reading."""
    body = QUIZ_BLOCK.sub("", body)
    body = re.split(r"^## Further reading\s*$", body, flags=re.MULTILINE)[0]
    body = re.sub(r"\(([^)]*\.md[^)]*)\)", "", body)  # link targets
    return len(WORD.findall(body))


@pytest.fixture(scope="module")
def catalogue():
    uris = [p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")]
    result = read_catalogue(DOCS, [u for u in uris if is_lesson(u)], NOTEBOOKS, ROOT)
    assert [str(p) for p in result.problems] == []
    return result


def test_the_foundation_track_has_ten_lessons_in_order(catalogue):
    lessons = catalogue.track("foundation")
    assert len(lessons) >= 10
    assert [l.order for l in lessons] == list(range(1, len(lessons) + 1))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_meets_the_standard(path, catalogue):
    lesson = next(l for l in catalogue.lessons if l.src_uri == f"foundation/{path.name}")
    _, body, first_line = split_front_matter(path.read_text(encoding="utf-8"))
    where = f"docs/foundation/{path.name}"
    assert 3 <= len(lesson.outcomes) <= 5, where
    assert 20 <= lesson.minutes <= 45, f"{where}: {lesson.minutes} min; lessons take 20 to 45"
    words = prose_words(body)
    assert words >= 1200, f"{where}: {words} words of lesson prose; at least 1,200 needed"

    named = sections(body)
    titles = list(named)
    assert titles[0] == "Why this matters to you", where
    assert titles[-1] == "Further reading", where
    assert "Check your understanding" in named, where

    questions, problems = parse_source(named["Check your understanding"])
    assert problems == [], f"{where}: {problems}"
    assert 4 <= len(questions) <= 6, f"{where}: {len(questions)} quiz questions; 4 to 6 needed"
    for question in questions:
        assert all(len(explanation.split()) >= 4 for _, _, explanation in question.options), question.question

    assert re.search(r'^!!! exercise "', body, re.MULTILINE), f"{where}: no exercise"
    assert re.search(r'^\s+\?\?\?\+? solution "', body, re.MULTILINE), f"{where}: exercise has no model answer"

    trainer = re.findall(r'^!!! trainer "[^"]*"\n((?:[ \t]+.*\n|\n)+)', body, re.MULTILINE)
    assert trainer, f"{where}: no trainer notes"
    notes = " ".join(trainer).lower()
    assert re.search(r"\d+\s*min", notes), f"{where}: trainer notes give no timings"
    assert "question" in notes, f"{where}: trainer notes do not cover common questions"

    reading = [l for l in named["Further reading"].splitlines() if l.startswith("- ")]
    assert len(reading) >= 3, f"{where}: {len(reading)} further reading items; 3 or more needed"
    for item in reading:
        assert re.search(r"\b(19|20)\d\d\b", item), f"{where}: reading item has no year: {item}"
    for url in re.findall(r"\]\((https?://[^)]+)\)|<(https?://[^>]+)>", body):
        url = url[0] or url[1]
        assert url.startswith("https://"), f"{where}: {url} is not https"
    assert re.search(r"\b(UK|NHS|England|Scotland|Wales|Northern Ireland)\b", body), where
    american = AMERICAN.findall(QUIZ_BLOCK.sub("", body))
    assert not american, f"{where}: American spellings {american}"


def test_no_lesson_presents_the_course_as_an_nhs_product():
    for path in DOCS.rglob("*.md"):
        text = path.read_text(encoding="utf-8").lower()
        assert "nhs course" not in text and "nhs logo" not in text.replace("not use the nhs logo", "").replace("never use the nhs logo", "").replace("does not use the nhs logo", ""), path


@pytest.mark.parametrize("path", FOUNDATION_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_written_for_a_reader_who_has_never_programmed(path):
    nb = nbformat.read(path, as_version=4)
    where = f"notebooks/foundation/{path.name}"
    cells = nb.cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), where
    assert cells[-1].cell_type == "markdown" and "## Things to try" in cells[-1].source, where
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    if re.search(r"\brandom\b|default_rng|rng\.", code):
        assert re.search(r"default_rng\(\s*\d+|seed\(\s*\d+|random_state\s*=\s*\d+", code), f"{where}: no fixed seed"
    assert not re.search(r"\b(requests|urllib|http\.client|fetch_)\b", code), f"{where}: network code"
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        assert cells[index - 1].cell_type == "markdown", f"{where}: cell {index + 1} has no explanation before it"
        assert not cell.get("outputs"), f"{where}: save notebooks without outputs"
        if "plt.show()" in cell.source or "savefig" in cell.source:
            after = cells[index + 1] if index + 1 < len(cells) else None
            assert after is not None and after.cell_type == "markdown" and after.source.lstrip().startswith(
                "**Figure description:**"), f"{where}: cell {index + 1} draws a figure with no description after it"
            for call in ("set_title", "set_xlabel", "set_ylabel"):
                assert call in cell.source or "suptitle" in cell.source, f"{where}: cell {index + 1} lacks {call}"


def test_every_foundation_notebook_runs_in_under_15_seconds(tmp_path):
    """Run each notebook fresh, one at a time, so each time is its own."""
    report = execute_all(ExecutionRequest(NOTEBOOKS / "foundation", tmp_path / "cache",
                                          ROOT / "requirements.lock", root=ROOT, timeout=60,
                                          workers=1, force=True))
    assert len(report.results) == len(FOUNDATION_NOTEBOOKS)
    assert [r.failure_line() for r in report.failures] == []
    slow = {r.notebook: round(r.runtime, 1) for r in report.results if r.runtime >= 15}
    assert slow == {}
