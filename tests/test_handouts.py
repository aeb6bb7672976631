"""Track handouts: every lesson of a track on one print-ready page."""

import datetime as dt

import pytest
from conftest import make_lesson, make_notebook, run_build

from course.content.frontmatter import Catalogue, Lesson
from course.pages.handouts import demote_headings, handout_page, retarget, rewrite_links


def lesson(uri, order, track="foundation", notebooks=()):
    return Lesson(path=uri, title=f"Lesson {order}", description="d", track=track, order=order,
                  archetypes=("users",), teaching=20, exercises=10,
                  outcomes=("Explain a thing.", "List things."), capabilities=("6.3",),
                  keypoints=("Point one.", "Point two."), notebooks=tuple(notebooks),
                  reviewed=dt.date(2026, 11, 28))


def test_headings_move_down_one_level_except_inside_code():
    source = "# Title\n\n## Section\n\n```python\n# a comment\n```\n\n### Sub\n#not a heading\n"
    assert demote_headings(source) == (
        "## Title\n\n### Section\n\n```python\n# a comment\n```\n\n#### Sub\n#not a heading\n")


@pytest.mark.parametrize("target,expected", [
    ("other.md", "../../foundation/other.md"),
    ("other.md#part", "../../foundation/other.md#part"),
    ("../case-studies.md#edith", "../../case-studies.md#edith"),
    ("../notebooks/foundation/x.ipynb", "../../notebooks/foundation/x.ipynb"),
    ("#a-section", "../../foundation/lesson.md#a-section"),
    ("img/chart.png", "../../foundation/img/chart.png"),
    ("https://example.org/a.md", "https://example.org/a.md"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
])
def test_relative_targets_are_rewritten_for_the_handout_address(target, expected):
    assert retarget(target, "foundation/lesson.md", "trainers/handouts/foundation.md") == expected


def test_links_images_and_references_are_rewritten_but_code_is_not():
    source = ('See [a](other.md "Title"), ![chart](img/c.png) and <https://example.org>.\n\n'
              "[ref]: ../glossary.md#ai\n\n```md\n[kept](other.md)\n```\n")
    result = rewrite_links(source, "foundation/lesson.md", "trainers/handouts/foundation.md")
    assert '[a](../../foundation/other.md "Title")' in result
    assert "![chart](../../foundation/img/c.png)" in result
    assert "[ref]: ../../glossary.md#ai" in result
    assert "<https://example.org>" in result
    assert "[kept](other.md)" in result


def test_handout_has_every_lesson_of_the_track_in_order_with_its_blocks(tmp_path):
    docs = tmp_path / "docs"
    make_lesson(docs, "foundation/b.md", title="Lesson 2", order=2)
    make_lesson(docs, "foundation/a.md", title="Lesson 1", order=1)
    (docs / "foundation" / "a.md").write_text(
        (docs / "foundation" / "a.md").read_text().replace(
            "Tests need a small site.",
            "Tests need a small site: see [lesson 2](b.md).\n\n"
            '!!! trainer "Trainer notes"\n    Run it in pairs.\n\n'
            '??? solution "Model answer"\n    Forty-two.'))
    catalogue = Catalogue(lessons=[lesson("foundation/b.md", 2),
                                   lesson("foundation/a.md", 1, notebooks=("foundation/n.ipynb",))])
    page = handout_page(catalogue, "foundation", docs)
    body = page.markdown
    assert page.src_uri == "trainers/handouts/foundation.md"
    assert "search:\n  exclude: true" in body.split("---")[1]
    assert body.index("## Lesson 1\n") < body.index("## Lesson 2\n")
    assert "### Why this matters to you" in body and "### Key points" in body
    assert "\n## Why this matters" not in body
    assert "[lesson 2](../../foundation/b.md)" in body
    assert "(../../notebooks/foundation/n.ipynb)" in body
    assert '!!! trainer "Trainer notes"' in body and '??? solution "Model answer"' in body
    assert "/// quiz | Is this a test?" in body
    assert "1. Lesson 1 (30 min)\n2. Lesson 2 (30 min)" in body


def test_a_fixture_site_builds_strictly_with_a_track_handout(project, tmp_path):
    make_notebook(project / "notebooks" / "foundation" / "nb.ipynb", ["print(1)"], title="A notebook")
    make_lesson(project / "docs", "foundation/first.md", title="First lesson", order=1,
                notebooks="[foundation/nb.ipynb]")
    second = make_lesson(project / "docs", "foundation/second.md", title="Second lesson", order=2)
    second.write_text(second.read_text().replace(
        "Tests need a small site.", "Read [the first lesson](first.md#why-this-matters-to-you) first."))
    run = run_build(project, tmp_path / "site")
    assert run.returncode == 0, run.output
    html = (run.site_dir / "trainers" / "handouts" / "foundation" / "index.html").read_text()
    assert html.index("First lesson") < html.index("Second lesson")
    assert 'href="../../../foundation/first/#why-this-matters-to-you"' in html
    assert 'href="../../../notebooks/foundation/nb/"' in html
    assert html.count('class="handout-lesson-facts"') == 2 and 'class="quiz"' in html
    assert 'class="lesson-facts"' not in html, "presenter mode must not take the handout for a lesson"
    plan = (run.site_dir / "trainers" / "plans" / "foundation-half-day" / "index.html").read_text()
    assert 'href="../../handouts/foundation/"' in plan
