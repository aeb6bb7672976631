"""The accessibility gate: axe-core finds WCAG failures with page, rule and element; images
need text alternatives; keyboard focus must be visible. The real site is checked in full by
make check."""

import re
from pathlib import Path

import pytest

from course.gates import accessibility, pageweight
from course.gates.accessibility import View
from course.gates.sitecheck import serve
from course.notebooks.notebookpage import MISSING_ALT


LIGHT_DESKTOP = (View("light", 1280, 800, False),)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
  body {{ font: 16px sans-serif; background: #fff; color: #222; }}
  .faint {{ color: #bbb; }}
  button {{ font: inherit; padding: 8px 12px; border: 1px solid #222; background: #fff; color: #222; }}
  #no-focus:focus {{ outline: none; }}
  #with-focus:focus-visible {{ outline: 3px solid #1a237e; outline-offset: 2px; }}
</style>
</head><body data-md-color-scheme="default"><main><h1>{title}</h1>{body}</main></body></html>
"""


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=rel.split("/")[0].capitalize(), body=body), encoding="utf-8")
    return root


def test_axe_core_is_bundled_and_knows_wcag_2_2():
    source = accessibility.axe_source()
    assert len(source) > 100_000 and "wcag22aa" in source
    major, minor = (int(x) for x in accessibility.axe_version().split(".")[:2])
    assert (major, minor) >= (4, 7), "axe-core 4.7 or later is needed for the wcag22aa tag"


def test_views_cover_both_schemes_both_sizes_and_revealed_content():
    assert {v.scheme for v in accessibility.VIEWS} == {"light", "dark"}
    assert {v.width for v in accessibility.VIEWS} == {1280, 390}
    for scheme in ("light", "dark"):
        assert {v.revealed for v in accessibility.VIEWS if v.scheme == scheme} == {True, False}


def test_images_need_a_real_text_alternative(tmp_path):
    site = write_site(tmp_path / "site", {
        "index.html": '<img src="a.png" alt="A bar chart of PPV by prevalence"><img src="b.png" alt="" role="presentation">',
        "bad/index.html": f'<img src="c.png"><img src="d.png" alt="{MISSING_ALT}"><img src="e.png" alt="">',
    })
    missing = [str(m) for m in accessibility.images_without_alt(site)]
    assert len(missing) == 3 and all(m.startswith("bad/: ") for m in missing)
    assert "c.png" in missing[0] and "Figure description:" in missing[1] and "decorative" in missing[2]


@pytest.mark.browser
def test_a_low_contrast_element_fails_with_page_rule_and_element(browser, tmp_path):
    site = write_site(tmp_path / "site", {
        "index.html": "<p>Readable text on white.</p>",
        "faint/index.html": '<p>Readable text.</p><p class="faint" id="pale">Pale grey text on white.</p>',
    })
    with serve(site) as url:
        found = accessibility.check_pages(url, ["", "faint/"], browser, LIGHT_DESKTOP)
    assert [(v.page, v.rule, v.element) for v in found] == [("faint/", "color-contrast", "#pale")]
    assert found[0].view == "light desktop" and "contrast" in found[0].summary
    assert str(found[0]).startswith("faint/ [light desktop]: color-contrast (serious): #pale: ")


def test_one_page_per_template_is_sampled_for_the_views_that_reveal_nothing(tmp_path):
    lesson = '<div class="lesson-meta">About this lesson</div>'
    site = write_site(tmp_path / "site", {
        "index.html": "<p>Home</p>",
        "tracks/a/index.html": lesson, "tracks/b/index.html": lesson, "tracks/index.html": "<p>Tracks</p>",
        "foundation/c/index.html": lesson, "glossary/index.html": "<p>Terms</p>",
    })
    sample = pageweight.template_sample(site, accessibility.site_pages(site))
    assert sample == {"", "tracks/", "tracks/a/", "foundation/c/", "glossary/"}
    # The quick form: one page of each kind site-wide, and the first page with each widget.
    write_site(site, {"foundation/d/index.html": lesson + '<div class="explorable"></div>'})
    quick = pageweight.template_sample(site, accessibility.site_pages(site), by_section=False)
    assert quick == {"", "foundation/c/", "foundation/d/", "glossary/"}


@pytest.mark.browser
def test_pages_outside_the_sample_are_still_checked_in_the_revealed_views(browser, tmp_path):
    site = write_site(tmp_path / "site", {
        "index.html": "<p>Readable text on white.</p>",
        "faint/index.html": '<p class="faint" id="pale">Pale grey text on white.</p>',
    })
    views = LIGHT_DESKTOP + (View("light", 390, 844, True),)
    with serve(site) as url:
        found = accessibility.check_pages(url, ["", "faint/"], browser, views, sample={""})
    assert [(v.page, v.view, v.element) for v in found] == [("faint/", "light phone revealed", "#pale")]


@pytest.mark.browser
def test_templates_only_checks_each_template_page_in_every_view_and_nothing_else(browser, tmp_path):
    lesson = '<div class="lesson-meta">About this lesson</div>'
    site = write_site(tmp_path / "site", {
        "index.html": "<p>Readable text on white.</p>",
        "tracks/a/index.html": lesson + '<p class="faint" id="first">Pale grey text.</p>',
        "tracks/b/index.html": lesson + '<p class="faint" id="second">Pale grey text.</p>',
    })
    quick = accessibility.run(site, browser, views=LIGHT_DESKTOP, keyboard=False, workers=1,
                              templates_only=True)
    assert [(v.page, v.element) for v in quick.violations] == [("tracks/a/", "#first")]
    assert quick.figure().startswith("2 template pages (of 3) x 1 views: 1 violations")
    full = accessibility.run(site, browser, views=LIGHT_DESKTOP, keyboard=False, workers=1, every_view=True)
    assert sorted(v.element for v in full.violations) == ["#first", "#second"]


@pytest.mark.browser
def test_a_page_whose_colour_scheme_is_not_applied_is_reported(browser, tmp_path):
    site = write_site(tmp_path / "site", {"index.html": "<p>Only a light scheme.</p>"})
    with serve(site) as url:
        found = accessibility.check_pages(url, [""], browser, (View("dark", 390, 844, False),))
    assert [v.rule for v in found] == ["colour-scheme-not-applied"]


@pytest.mark.browser
def test_focus_must_be_visible_when_reached_with_tab(browser, tmp_path):
    site = write_site(tmp_path / "site", {
        "index.html": '<p><button id="first">First</button></p><p><button id="no-focus">Hidden focus</button></p>'
                      '<p><button id="with-focus">Shown focus</button></p>',
    })
    with serve(site) as url:
        context = browser.new_context(viewport={"width": 800, "height": 600})
        page = context.new_page()
        page.goto(url)
        try:
            shown, detail = accessibility.focus_shows(page, "#with-focus")
            assert shown, detail
            hidden, detail = accessibility.focus_shows(page, "#no-focus")
            assert not hidden and "focus is not visible" in detail
            assert accessibility.tab_to(page, "#first", from_top=True)
        finally:
            context.close()


@pytest.mark.site
@pytest.mark.browser
def test_the_dark_scheme_is_really_applied_on_the_real_site(browser, site_url):
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        red, green, blue = (int(x) for x in re.findall(r"\d+", background)[:3])
        assert max(red, green, blue) < 80, f"the dark scheme's background is {background}"
    finally:
        context.close()
