"""The lesson contract: every machine-checkable rule of the lesson standard, for every track."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, make_lesson, run_build

from course.content import contract
from course.content.frontmatter import is_lesson, read_catalogue


def problems_for(docs: Path) -> list[str]:
    uris = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    catalogue = read_catalogue(docs, [u for u in uris if is_lesson(u)], docs.parent / "notebooks", docs.parent)
    return [str(p) for p in catalogue.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_fixture_lesson_meets_the_contract_in_every_kind_of_folder(tmp_path):
    docs = tmp_path / "docs"
    make_lesson(docs, "foundation/a.md")
    make_lesson(docs, "tracks/users/a.md", track="users")
    make_lesson(docs, "tracks/shapers/a.md", track="shapers")
    assert problems_for(docs) == []


def test_an_unknown_block_type_is_an_error_with_its_line(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "tracks/drivers/a.md", track="drivers")
    edit(lesson, '!!! trainer "Trainer notes"\n    **Timing:** 10 minutes.\n\n## The second',
         '!!! trainr "Trainer notes"\n    **Timing:** 10 minutes.\n\n## The second')
    line = line_of(lesson, "!!! trainr")
    messages = problems_for(tmp_path / "docs")
    assert f"docs/tracks/drivers/a.md:{line}: block: 'trainr' is not a known block type; allowed: " \
           f"{', '.join(contract.BLOCK_TYPES)} (check the spelling: readers would see this block)" in messages


def test_a_timing_plan_that_does_not_add_up_is_an_error(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "tracks/embedders/a.md", track="embedders")
    edit(lesson, "**Timing:** 10 minutes.", "**Timing:** 1 hour 10 minutes.")
    messages = problems_for(tmp_path / "docs")
    assert any(m.startswith("docs/tracks/embedders/a.md:") and "notes add up to 30 minutes" in m
               and "but teaching + exercises is 40" in m for m in messages), messages


def test_trainer_paragraphs_run_together_are_an_error_at_their_line(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "foundation/a.md")
    edit(lesson, "    **Timing:** 5 minutes.\n\n    **How to run it:**", "    **Timing:** 5 minutes.\n    **How to run it:**")
    line = line_of(lesson, "**How to run it:**")
    assert f"docs/foundation/a.md:{line}: trainer notes: '**How to run it' runs on from the line before, " \
           "so both render as one paragraph; put a blank line before it" in problems_for(tmp_path / "docs")


def test_two_missing_further_reading_items(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "tracks/creators/a.md", track="creators")
    edit(lesson, "- Publisher. *A second title*. 2025.\n- Publisher. *A third title*. 2024.\n", "")
    line = line_of(lesson, "## Further reading")
    assert f"docs/tracks/creators/a.md:{line}: further reading: has 1 items; at least 3 primary sources " \
           "(publisher, title, year)" in problems_for(tmp_path / "docs")


def test_length_minutes_and_picture_follow_the_kind_of_lesson(tmp_path):
    docs = tmp_path / "docs"
    essentials = make_lesson(docs, "foundation/essentials/a.md")
    edit(essentials, "reviewed: 2026-11-28", "reviewed: 2026-11-28\npart: essentials")
    role = make_lesson(docs, "tracks/users/a.md", track="users")
    edit(role, "![A fixture figure", "[A fixture figure")
    edit(role, "teaching: 25", "teaching: 40")
    messages = problems_for(docs)
    assert any("foundation/essentials/a.md:21: length:" in m and "an Essentials lesson has at most 1,500" in m for m in messages), messages
    assert any("foundation/essentials/a.md:7: teaching: teaching + exercises is 40 minutes; an Essentials lesson "
               "takes 15 to 25" in m for m in messages), messages
    assert "docs/tracks/users/a.md: picture: has no figure: add a diagram that carries meaning (an SVG in " \
           "figures/, with alternative text), or list a notebook with a figure" in messages
    assert any("tracks/users/a.md:7: teaching: teaching + exercises is 55 minutes; a role-track lesson takes 30 to 45" in m
               for m in messages), messages


def test_a_part_belongs_to_the_foundation_only(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "tracks/users/a.md", track="users")
    edit(lesson, "reviewed: 2026-11-28", "reviewed: 2026-11-28\npart: essentials")
    assert any("tracks/users/a.md:19: part: 'essentials' is a part of the foundation track only" in m
               for m in problems_for(tmp_path / "docs"))


def test_a_guessable_quiz_fails_across_the_track(tmp_path):
    docs = tmp_path / "docs"
    lesson = make_lesson(docs, "tracks/users/a.md", track="users")
    # Make the right answer the longest in every question, and always first.
    text = lesson.read_text()
    for right in ("- [x] Yes, it is a test.", "- [x] The test suite.", "- [x] The lesson contract.", "- [x] Forty minutes."):
        text = text.replace(right, right + " This is the most complete and careful answer of all, by far.")
    lesson.write_text(text)
    messages = problems_for(docs)
    longest = [m for m in messages if "the correct option is the longest" in m]
    assert len(longest) == 4 and all(re.match(r"docs/tracks/users/a.md:\d+: quiz:", m) for m in longest), messages
    assert "in the users track it is in 4 of 4 questions, allowed: at most 35%" in longest[0]


def test_an_svg_figure_must_not_load_anything(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "foundation/a.md")
    figure = lesson.parent / "figures" / "fixture.svg"
    figure.write_text(figure.read_text().replace("<title>", '<image href="https://example.org/x.png"/><title>'))
    assert any("figures/fixture.svg: refers to 'https://example.org/x.png'; a figure must not load anything" in m
               for m in problems_for(tmp_path / "docs"))


def test_a_broken_lesson_in_a_track_folder_fails_the_build_with_one_line_each(project, tmp_path):
    lesson = make_lesson(project / "docs", "tracks/users/a.md", track="users")
    edit(lesson, '!!! trainer "Trainer notes"\n    **Timing:** 10 minutes.\n\n## The second',
         '!!! trainr "Trainer notes"\n    **Timing:** 10 minutes.\n\n## The second')
    edit(lesson, "- Publisher. *A second title*. 2025.\n- Publisher. *A third title*. 2024.\n", "")
    run = run_build(project, tmp_path / "site")
    assert run.returncode == 1
    lines = [l for l in run.output.splitlines() if "docs/tracks/users/a.md" in l]
    assert any(": block: 'trainr' is not a known block type" in l for l in lines), run.output
    assert any(": further reading: has 1 items" in l for l in lines), run.output
    assert any("notes add up to 30 minutes" in l for l in lines), run.output
    assert "Traceback" not in run.output


def test_the_numbers_quoted_for_contributors_match_the_contract():
    """CONTRIBUTING, the contributing page and the template quote the contract's numbers."""
    quotes = {
        "foundation": f"{contract.FOUNDATION.minutes[0]} to {contract.FOUNDATION.minutes[1]} minutes",
        "role": f"{contract.ROLE_TRACK.minutes[0]} to {contract.ROLE_TRACK.minutes[1]} minutes",
        "essentials": f"{contract.ESSENTIALS.minutes[0]} to {contract.ESSENTIALS.minutes[1]} minutes",
        "foundation words": f"{contract.FOUNDATION.words[0]:,} to {contract.FOUNDATION.words[1]:,}",
        "role words": f"{contract.ROLE_TRACK.words[0]:,} to {contract.ROLE_TRACK.words[1]:,}",
        "essentials words": f"at most {contract.ESSENTIALS.words[1]:,}",
    }
    for name in ("CONTRIBUTING.md", "docs/contributing/index.md", "templates/lesson.md"):
        text = " ".join((ROOT / name).read_text().split())
        missing = [k for k, v in quotes.items() if v not in text]
        assert not missing, f"{name} does not quote {missing}"
