from pathlib import Path

from conftest import LESSON, make_lesson, make_notebook

from course.content.frontmatter import format_problems, read_catalogue, split_front_matter


def catalogue_for(docs: Path, notebooks: Path, root: Path):
    uris = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    return read_catalogue(docs, uris, notebooks, root)


def test_valid_lesson_reads_cleanly(tmp_path):
    make_lesson(tmp_path / "docs", "foundation/a.md")
    catalogue = catalogue_for(tmp_path / "docs", tmp_path / "notebooks", tmp_path)
    assert catalogue.problems == []
    (lesson,) = catalogue.lessons
    assert lesson.minutes == 40
    assert lesson.url == "foundation/a/"
    assert lesson.outcomes[0] == "Explain what a fixture lesson is."


def test_bad_track_names_file_line_and_allowed_values(tmp_path):
    make_lesson(tmp_path / "docs", "foundation/a.md", track="foundaton")
    catalogue = catalogue_for(tmp_path / "docs", tmp_path / "notebooks", tmp_path)
    (problem,) = catalogue.problems
    assert str(problem) == (
        "docs/foundation/a.md:4: track: 'foundaton' is not allowed; allowed: "
        "foundation, shapers, drivers, creators, embedders, users"
    )


def test_every_problem_in_every_file_is_collected(tmp_path):
    docs = tmp_path / "docs"
    first = make_lesson(docs, "foundation/a.md")
    text = first.read_text().replace("teaching: 25", "teaching: lots").replace(
        '  - Explain what a fixture lesson is.', '  - Understand what a fixture lesson is.')
    first.write_text(text)
    second = make_lesson(docs, "foundation/b.md", order=2)
    second.write_text(second.read_text().replace('capabilities: ["6.3"]', "capabilities: [6.3, \"9\"]")
                      .replace("reviewed: 2026-11-28\n", ""))
    catalogue = catalogue_for(docs, tmp_path / "notebooks", tmp_path)
    messages = [str(p) for p in catalogue.problems]
    assert any(m.startswith("docs/foundation/a.md:7: teaching: must be a whole number") for m in messages)
    assert any("a.md:9: outcomes: item 1: 'Understand what a fixture lesson is.' is not measurable" in m for m in messages)
    assert any(m.startswith("docs/foundation/b.md:") and "capabilities: item 1: 6.3 is not a capability code" in m for m in messages)
    assert any(m == "docs/foundation/b.md: reviewed: is missing; it is required" or
               m.startswith("docs/foundation/b.md:2: reviewed: is missing") for m in messages)
    assert len(messages) == 4
    summary = format_problems(catalogue.problems)
    assert summary.splitlines()[-1].startswith("4 problems in lessons or notebook metadata")


def test_unknown_field_and_folder_mismatch(tmp_path):
    docs = tmp_path / "docs"
    lesson = make_lesson(docs, "tracks/users/a.md", track="drivers")
    lesson.write_text(lesson.read_text().replace("order: 1", "order: 1\nlevel: 3"))
    catalogue = catalogue_for(docs, tmp_path / "notebooks", tmp_path)
    messages = [str(p) for p in catalogue.problems]
    assert any("level: is not a known field; allowed:" in m for m in messages)
    assert any("track: is 'drivers' but the file is in the 'users' folder" in m for m in messages)


def test_bad_yaml_names_the_line(tmp_path):
    docs = tmp_path / "docs"
    lesson = make_lesson(docs, "foundation/a.md")
    lesson.write_text(lesson.read_text().replace("description: A lesson used by the tests.",
                                                 "description: A lesson: used: by tests"))
    (problem,) = catalogue_for(docs, tmp_path / "notebooks", tmp_path).problems
    assert problem.path == "docs/foundation/a.md" and problem.field == "front matter"
    assert problem.line == 3 and "not valid YAML" in problem.message


def test_missing_notebook_and_duplicate_order(tmp_path):
    docs = tmp_path / "docs"
    make_lesson(docs, "foundation/a.md", notebooks="[foundation/missing.ipynb]")
    make_lesson(docs, "foundation/b.md")
    messages = [str(p) for p in catalogue_for(docs, tmp_path / "notebooks", tmp_path).problems]
    assert any("notebooks: 'foundation/missing.ipynb' does not exist in notebooks/" in m for m in messages)
    assert any("order: 1 is also used by docs/foundation/a.md" in m for m in messages)


def test_quiz_and_heading_problems_carry_line_numbers(tmp_path):
    docs = tmp_path / "docs"
    lesson = make_lesson(docs, "foundation/a.md")
    text = lesson.read_text().replace("- [ ] It depends on the day of the week.\n    Nothing here changes with the day.\n", "- [ ] No.\n").replace(
        "## Why this matters to you", "# A heading\n\n## Why this matters to you")
    lesson.write_text(text)
    messages = [str(p) for p in catalogue_for(docs, tmp_path / "notebooks", tmp_path).problems]
    assert "docs/foundation/a.md:21: body: has a level-1 heading; the title comes from front matter, so start sections with '##'" in messages
    assert any(m.startswith("docs/foundation/a.md:123: quiz: option 3 ('No.') has no explanation") for m in messages)


def test_notebook_metadata_is_validated(tmp_path):
    notebooks = tmp_path / "notebooks"
    make_notebook(notebooks / "foundation" / "good.ipynb", ["1 + 1"])
    bad = make_notebook(notebooks / "foundation" / "bad.ipynb", ["1 + 1"])
    text = bad.read_text().replace('"track": "foundation"', '"track": "everyone"')
    bad.write_text(text)
    catalogue = catalogue_for(tmp_path / "docs", notebooks, tmp_path)
    assert [n.path for n in catalogue.notebooks] == ["foundation/good.ipynb"]
    (problem,) = catalogue.problems
    assert str(problem).startswith("notebooks/foundation/bad.ipynb: metadata.course.track: 'everyone' is not allowed")


def test_split_front_matter_reports_body_start():
    source, body, line = split_front_matter(LESSON)
    assert source.startswith("title:") and body.startswith("\n## Why")
    assert line == 20


def test_unquoted_colon_in_a_list_item_gets_a_helpful_message(tmp_path):
    docs = tmp_path / "docs"
    lesson = make_lesson(docs, "foundation/a.md")
    lesson.write_text(lesson.read_text().replace("  - Fixtures keep tests small.", "  - Remember this: fixtures are small."))
    (problem,) = catalogue_for(docs, tmp_path / "notebooks", tmp_path).problems
    assert str(problem) == ("docs/foundation/a.md:15: keypoints: item 1: contains ': ', so YAML read it "
                            "as a field, not text; put the whole text in double quotes")
