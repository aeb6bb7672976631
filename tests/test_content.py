"""The standard every lesson and notebook must meet (see CONTRIBUTING), beyond what the build's
lesson contract (course/content/contract.py) already checks."""

import re

import nbformat
import pytest
from conftest import ROOT

from course.content.frontmatter import is_lesson, read_catalogue, split_front_matter
from course.notebooks.execute import ExecutionRequest, execute_all

DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(p for p in DOCS.rglob("*.md") if is_lesson(p.relative_to(DOCS).as_posix()))
ALL_NOTEBOOKS = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
PHRASES = [line.strip() for line in (ROOT / "spelling" / "phrases.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
QUIZ_BLOCK = re.compile(r"^/// quiz.*?^///\s*$", re.MULTILINE | re.DOTALL)
AMERICAN = re.compile(r"\b(organization|organize|behavior|color|center|analyze|recognize|"
                      r"pediatric|anemia|optimize|randomize|labeled|modeling|favor|honor|"
                      r"catalog|judgment|fulfill|program(?:me)?s? for|artifact)s?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalogue():
    uris = [p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")]
    result = read_catalogue(DOCS, [u for u in uris if is_lesson(u)], NOTEBOOKS, ROOT)
    assert [str(p) for p in result.problems] == [], "the real course breaks the lesson contract"
    return result


def test_every_track_numbers_its_lessons_in_order(catalogue):
    assert len(catalogue.track("foundation")) >= 10
    for track in catalogue.tracks_with_lessons():
        lessons = catalogue.track(track)
        assert [l.order for l in lessons] == list(range(1, len(lessons) + 1)), track


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_lesson_is_uk_specific_british_and_links_only_over_https(path):
    """What the build's contract does not check (course/content/contract.py checks the rest)."""
    _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT).as_posix()
    for url in re.findall(r"\]\((https?://[^)]+)\)|<(https?://[^>]+)>", body):
        url = url[0] or url[1]
        assert url.startswith("https://"), f"{where}: {url} is not https"
    assert re.search(r"\b(UK|NHS|England|Scotland|Wales|Northern Ireland)\b", body), where
    prose = QUIZ_BLOCK.sub("", body)
    for phrase in PHRASES:  # proper names that keep their own spelling (spelling/phrases.txt)
        prose = re.sub(re.escape(phrase), " ", prose, flags=re.IGNORECASE)
    american = AMERICAN.findall(prose)
    assert not american, f"{where}: American spellings {american}"


def test_no_lesson_presents_the_course_as_an_nhs_product():
    for path in DOCS.rglob("*.md"):
        text = path.read_text(encoding="utf-8").lower()
        assert "nhs course" not in text and "nhs logo" not in text.replace("not use the nhs logo", "").replace("never use the nhs logo", "").replace("does not use the nhs logo", ""), path


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.relative_to(NOTEBOOKS).as_posix())
def test_notebook_is_written_for_a_reader_who_has_never_programmed(path):
    nb = nbformat.read(path, as_version=4)
    where = path.relative_to(ROOT).as_posix()
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


@pytest.mark.site  # runs every real notebook: make check's tier
def test_every_notebook_runs_in_under_15_seconds(tmp_path):
    """Run each notebook fresh and measure the processor time its kernel spends on its cells:
    the notebooks run side by side, and a busy machine does not change what is measured
    (wall-clock time would grow with the load, and fail for it)."""
    report = execute_all(ExecutionRequest(NOTEBOOKS, tmp_path / "cache",
                                          ROOT / "requirements.lock", root=ROOT, timeout=120,
                                          force=True))
    assert len(report.results) == len(ALL_NOTEBOOKS)
    assert [r.failure_line() for r in report.failures] == []
    unmeasured = [r.notebook for r in report.results if not r.cpu_seconds]
    assert unmeasured == [], "the kernels' processor time could not be read (Linux /proc is needed)"
    slow = {r.notebook: round(r.cpu_seconds, 1) for r in report.results if r.cpu_seconds >= 15}
    assert slow == {}


def test_abbreviations_are_one_paragraph_each_in_order():
    """Every page gets includes/abbreviations.md. Python-Markdown tests each block against every
    block processor, and the abbreviation processor takes one line of a block and hands the rest
    back: one block of 160 lines cost 2.5 s of each small build (O(n squared)). A blank line
    after each definition makes each its own short block."""
    text = (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    definitions = text.rstrip("\n").split("\n\n")
    for definition in definitions:
        assert re.fullmatch(r"\*\[[^\]\n]+\]: [^\n]+", definition), (
            f"includes/abbreviations.md: {definition!r}: one *[TERM]: meaning per paragraph, "
            "with a blank line after each")
    assert definitions == sorted(definitions, key=str.lower), "keep includes/abbreviations.md in A to Z order"
