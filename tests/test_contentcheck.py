"""Content checks: reading ease, spelling, patient identifiers, <script> and http links,
each reported with its file and line or notebook cell."""

import shutil
from pathlib import Path

import nbformat
from conftest import PARAGRAPH, LESSON, ROOT, make_notebook
from nbformat.v4 import new_output

from course.gates import contentcheck
from course.gates.contentcheck import nhs_check_digit_valid, nhs_numbers, postcodes_near_dates


def project(tmp_path: Path) -> Path:
    """A project folder with the real spelling lists and one plain lesson."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "spelling", root / "spelling")
    lesson = root / "docs" / "foundation" / "plain.md"
    lesson.parent.mkdir(parents=True)
    lesson.write_text(LESSON.format(title="A plain lesson", track="foundation", order=1, notebooks="[]"))
    return root


def test_nhs_number_check_digit():
    assert nhs_check_digit_valid("9434765919")  # the NHS's own published example
    assert not nhs_check_digit_valid("9434765918")
    assert not nhs_check_digit_valid("1234567890")  # check digit would be 10: never issued
    assert nhs_numbers("NHS number 943 476 5919, or 943-476-5919, or 9434765919.") == [
        "943 476 5919", "943-476-5919", "9434765919"]
    assert nhs_numbers("Test number 999 000 0018 is from the reserved test range") == []
    assert nhs_numbers("943 476 5918 fails its check; 2,943,476,591,900 people; v9434765919x") == []


def test_a_postcode_is_flagged_only_beside_a_date():
    assert postcodes_near_dates("Lives at LS1 4AP, born 12/03/1956.") == ["LS1 4AP beside 12/03/1956"]
    assert postcodes_near_dates("Date of birth: 3 March 1956. Postcode SW1A 1AA") == ["SW1A 1AA beside 3 March 1956"]
    assert postcodes_near_dates("Our office is at SW1A 1AA.") == []
    assert postcodes_near_dates("Reviewed 2026-11-28. The LS1 area has a high prevalence.") == []


def test_an_nhs_number_in_a_notebook_output_fails_with_its_cell(tmp_path):
    root = project(tmp_path)
    path = make_notebook(root / "notebooks" / "foundation" / "records.ipynb", ["print(records)"])
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].outputs = [new_output("stream", name="stdout", text="patient 943 476 5919 admitted\n")]
    nbformat.write(nb, path)
    report = contentcheck.run(root)
    found = [f for f in report.findings if f.check == "patient identifier"]
    assert [f.where for f in found] == ["notebooks/foundation/records.ipynb: cell 3: output line 1"]
    assert "'943 476 5919' is a valid NHS number" in found[0].message
    assert not report.passed


def test_identifiers_in_a_built_page_are_found(tmp_path):
    root = project(tmp_path)
    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    (site / "x" / "index.html").write_text("<table><tr><td>LS1 4AP</td><td>12/03/1956</td></tr></table>")
    found = [f for f in contentcheck.run(root, site).findings if f.check == "patient identifier"]
    assert [f.where for f in found] == ["site/x/index.html (built page)"]


def test_american_spelling_and_misspellings_are_found_outside_code(tmp_path):
    root = project(tmp_path)
    (root / "docs" / "about.md").write_text(
        "# About\n\nThe color of teh chart.\n\n```python\nplt.plot(color='red')\n```\n\n"
        "The World Health Organization says so. See `normalize=True`.\n")
    words = [(f.where, f.message.split(":")[0]) for f in contentcheck.spelling(root)]
    assert words == [("docs/about.md:3", "'color'"), ("docs/about.md:3", "'teh'")]
    assert "'colour'" in contentcheck.spelling(root)[0].message


def test_the_project_word_list_accepts_a_word(tmp_path):
    root = project(tmp_path)
    (root / "docs" / "about.md").write_text("# About\n\nThe STARD checklist.\n")
    assert contentcheck.spelling(root) == []
    (root / "spelling" / "words.txt").write_text("")
    assert [f.message.split(":")[0] for f in contentcheck.spelling(root)] == ["'STARD'"]


def test_raw_script_in_markdown_fails_but_code_examples_pass(tmp_path):
    root = project(tmp_path)
    (root / "docs" / "about.md").write_text(
        "# About\n\nUse `<script>` with care.\n\n```html\n<script src=x.js></script>\n```\n\n<script>alert(1)</script>\n")
    found = contentcheck.raw_scripts(root)
    assert [f.where for f in found] == ["docs/about.md:9"]


def test_http_links_fail_and_https_and_local_addresses_pass(tmp_path):
    root = project(tmp_path)
    (root / "docs" / "about.md").write_text(
        "# About\n\n[NICE](http://www.nice.org.uk/x) and [GOV.UK](https://www.gov.uk/) and "
        "<http://example.org/y>.\n\nRun `make serve` and open http://127.0.0.1:8000/.\n")
    found = contentcheck.insecure_links(root, None)
    assert [(f.where, f.message.split(" ")[0]) for f in found] == [
        ("docs/about.md:3", "http://www.nice.org.uk/x"), ("docs/about.md:3", "http://example.org/y")]


def test_lesson_prose_leaves_out_code_tables_and_links():
    prose = contentcheck.lesson_prose(
        "---\ntitle: T\n---\n\n## Why this matters\n\nRead [the guide](https://x.org/a-long-address).\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\n- a list item\n- another\n\n"
        "!!! trainer \"Trainer notes\"\n    Say this.\n\n## Further reading\n\n- Publisher. *Title*. 2026.\n")
    assert prose.splitlines() == ["Why this matters.", "Read the guide.", "a list item. another.",
                                  "Trainer notes Say this."]


def test_hard_prose_falls_below_the_reading_ease_floor(tmp_path):
    root = project(tmp_path)
    hard = root / "docs" / "foundation" / "hard.md"
    difficult = ("Notwithstanding considerable methodological heterogeneity, contemporaneous evaluations of "
                 "algorithmic interpretability demonstrate substantial organisational, epistemological and "
                 "institutional implications concerning accountability, generalisability and "
                 "post-implementation surveillance of probabilistic classification technologies. " * 3)
    hard.write_text(LESSON.format(title="Hard", track="foundation", order=2, notebooks="[]").replace(
        "Tests need a small site.", difficult).replace(PARAGRAPH.strip(), difficult))
    report = contentcheck.run(root)
    scores = {r.lesson: r.score for r in report.reading}
    assert scores["docs/foundation/hard.md"] < contentcheck.READING_EASE_FLOOR < scores["docs/foundation/plain.md"]
    assert [r.lesson for r in report.below_floor] == ["docs/foundation/hard.md"]
    assert "below the floor" in report.details()[0] and not report.passed


def test_a_postcode_and_a_date_on_neighbouring_lines_are_found_once():
    lines = [contentcheck.TextLine("n.ipynb: cell 3: output line 1", "Date of birth: 12/03/1956"),
             contentcheck.TextLine("n.ipynb: cell 3: output line 2", "Postcode: LS1 4AP"),
             contentcheck.TextLine("other.md:1", "LS2 9JT")]
    found = contentcheck.identifiers_in(lines)
    assert [f.where for f in found] == ["n.ipynb: cell 3: output line 2"]
