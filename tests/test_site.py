"""The real site, built once (the `real_site` fixture) and checked as a reader would meet it."""

import html
import re
from pathlib import Path

import pytest
from conftest import ROOT

from course.content.frontmatter import is_lesson, read_catalogue
from course.content.schema import TRACKS
from course.gates.sitecheck import (broken_anchors, check_links, search_documents, search_finds, serve,
                                    third_party_resources)
from course.notebooks.notebookpage import MISSING_ALT

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def catalogue():
    docs = ROOT / "docs"
    uris = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    result = read_catalogue(docs, [u for u in uris if is_lesson(u)], ROOT / "notebooks", ROOT)
    assert result.problems == []
    return result


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def page_text(site: Path, url: str) -> str:
    """A page's text as a reader sees it: no tags (abbreviations wrap words such as AI in
    <abbr>), entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page(site, url)))


def test_every_lesson_and_notebook_has_a_page(real_site, catalogue):
    assert catalogue.lessons and catalogue.notebooks
    for item in [*catalogue.lessons, *catalogue.notebooks]:
        assert item.title in page(real_site.site_dir, item.url), item.url


def test_every_notebook_page_shows_its_executed_outputs(real_site, catalogue):
    """Readers see what the build ran (the build's own summary line is tested on fixture sites)."""
    assert catalogue.notebooks
    for notebook in catalogue.notebooks:
        assert "jp-OutputArea-output" in page(real_site.site_dir, notebook.url), f"{notebook.url}: no outputs"


def test_track_index_and_every_learning_path_list_their_lessons_with_time(real_site, catalogue):
    foundation = catalogue.track("foundation")
    index = page_text(real_site.site_dir, "foundation")
    assert f"{len(foundation)} lessons" in index
    for lesson in foundation:
        assert lesson.title in index
    for archetype in TRACKS[1:]:
        path = page_text(real_site.site_dir, f"paths/{archetype}")
        for lesson in foundation:
            if archetype in lesson.archetypes or lesson.part == "essentials":
                assert lesson.title in path, (archetype, lesson.title)
        for lesson in catalogue.track(archetype):
            assert lesson.title in path, (archetype, lesson.title)
            assert lesson.title in page_text(real_site.site_dir, f"tracks/{archetype}")
        assert " in all." in path


def test_tracks_without_lessons_are_not_in_the_navigation(real_site, catalogue):
    home = page(real_site.site_dir, "")
    for track in TRACKS[1:]:
        has_lessons = bool(catalogue.track(track))
        assert (f"{track.capitalize()} track" in home) == has_lessons, track
        assert (real_site.site_dir / "tracks" / track / "index.html").exists() == has_lessons


def test_lessons_show_outcomes_and_key_points_from_front_matter(real_site, catalogue):
    for lesson in catalogue.lessons:
        html = page(real_site.site_dir, lesson.url)
        assert "By the end of this lesson you will be able to" in html
        assert 'id="key-points"' in html
        assert html.count('class="quiz-option"') >= 2


def test_search_finds_lessons_and_notebooks_by_their_key_terms(real_site, catalogue):
    docs = search_documents(real_site.site_dir)
    for item in [*catalogue.lessons, *catalogue.notebooks]:
        words = lambda text: [w.strip(",.:;'?()") for w in text.split()]
        terms = [w for w in words(item.title) if len(w) >= 6]
        for point in getattr(item, "keypoints", ()):  # lessons render their key points
            terms += sorted((w for w in words(point) if len(w) >= 8), key=len)[-1:]
        assert terms, item.title
        assert search_finds(docs, item.url, terms) == [], item.url


def test_notebook_pages_link_the_ipynb_and_describe_every_figure(real_site, catalogue):
    for notebook in catalogue.notebooks:
        html = page(real_site.site_dir, notebook.url)
        name = notebook.path.rsplit("/", 1)[-1]
        assert f'<a href="{name}" download>' in html
        assert (real_site.site_dir / notebook.url / name).is_file()
        assert "<img" in html, f"{notebook.path} has no figure"
        assert MISSING_ALT not in html, f"{notebook.path}: a figure has no 'Figure description:' cell after it"
        assert "cdnjs" not in html and "mathjax" not in html.lower()


def test_no_page_loads_anything_from_another_site(real_site):
    assert third_party_resources(real_site.site_dir) == []
    for html in real_site.site_dir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "md-source" not in text, html


def test_edit_links_use_the_configured_repository(real_site, catalogue):
    lesson = catalogue.lessons[0]
    html = page(real_site.site_dir, lesson.url)
    assert f'href="https://github.com/ai-health-care-course/course/edit/main/docs/{lesson.src_uri}"' in html
    generated = page(real_site.site_dir, "foundation")
    assert 'rel="edit"' not in generated


def test_linkchecker_finds_no_broken_links_or_anchors(real_site, tmp_path):
    with serve(real_site.site_dir) as url:
        report = check_links(url, tmp_path)
    assert report.links > 100
    assert (report.errors, report.warnings) == (0, 0), report.output[-6000:]
    assert broken_anchors(real_site.site_dir) == []


def test_the_anchor_check_finds_a_missing_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<h2 id="here">H</h2><a href="#here">ok</a><a href="#gone">x</a>'
                                         '<a href="a/#top">ok</a><a href="a/#nope">x</a>'
                                         '<a href="https://example.org/#z">external</a>')
    (tmp_path / "a" / "index.html").write_text('<p id="top">A</p>')
    assert broken_anchors(tmp_path) == [
        "index.html: #gone: no element with id 'gone' on index.html",
        "index.html: a/#nope: no element with id 'nope' on a/index.html",
    ]
