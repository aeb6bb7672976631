"""Printed handouts (docs/assets/print.css) in a real Chromium with print media emulated."""

import re

import pytest
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.site]

LESSON = "foundation/sensitivity-specificity-ppv/"
HIDDEN_IN_PRINT = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                   ".md-search", ".course-trainer-switch", ".md-content__button"]


def printed(browser, url, *, trainer_view=False, dark=False):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  color_scheme="dark" if dark else "light")
    if trainer_view:
        context.add_init_script("localStorage.setItem('course.trainerView', 'on')")
    page = context.new_page()
    page.goto(url)
    page.emulate_media(media="print", color_scheme="dark" if dark else "light")
    return context, page


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def style(page, selector, prop, pseudo=None):
    return page.eval_on_selector(
        selector, "(e, [p, s]) => getComputedStyle(e, s).getPropertyValue(p)", [prop, pseudo])


def test_printed_lesson_has_no_navigation_answers_or_trainer_notes(browser, site_url):
    context, page = printed(browser, site_url + LESSON)
    try:
        assert page.locator("article h1").is_visible()
        for selector in HIDDEN_IN_PRINT:
            if page.locator(selector).count():
                assert not page.locator(selector).first.is_visible(), f"{selector} prints"
        assert page.locator("details.solution").count() >= 1
        assert not page.locator("details.solution").first.is_visible(), "a model answer prints"
        assert page.locator(".admonition.trainer").count() >= 1
        assert page.locator(".admonition.trainer:visible").count() == 0, "trainer notes print"
        assert page.locator(".quiz-explanation:visible").count() == 0, "quiz answers print"
        # Each section after the first starts a new page; the title stays with the first.
        breaks = page.eval_on_selector_all(
            "article > h2", "hs => hs.map(h => getComputedStyle(h).breakBefore)")
        assert len(breaks) > 3 and breaks[0] != "page" and set(breaks[1:]) == {"page"}
        assert style(page, "article p a", "text-decoration-line") == "none"
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        assert re.search(rb"/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]", pdf), "not A4"
        assert pdf_pages(pdf) >= len(breaks)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "print-lesson.pdf").write_bytes(pdf)
        page.screenshot(path=str(ARTIFACTS / "print-lesson.png"))
    finally:
        context.close()


def test_trainer_view_prints_notes_opened_answers_and_quiz_explanations(browser, site_url):
    context, page = printed(browser, site_url + LESSON, trainer_view=True)
    try:
        assert page.get_attribute("html", "data-trainer-view") == "on"
        assert page.locator(".admonition.trainer").first.is_visible()
        solution = page.locator("details.solution").first
        assert solution.get_attribute("open") is None, "the answer is opened by print, not the page"
        assert solution.locator("p, li").first.is_visible(), "the model answer does not print opened"
        assert page.locator(".quiz-explanation").first.is_visible()
        assert "Trainer's copy" in style(page, "article > h1", "content", "::before")
        pdf = page.pdf(format="A4")
        (ARTIFACTS / "print-lesson-trainer.pdf").write_bytes(pdf)
    finally:
        context.close()


def test_print_is_black_on_white_in_the_dark_scheme(browser, site_url):
    context, page = printed(browser, site_url + LESSON, dark=True)
    try:
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        colour = style(page, "article > p", "color")
        channels = [float(x) for x in re.findall(r"[\d.]+", colour)[:3]]
        assert max(channels) < 60, f"printed text is {colour}"
        background = style(page, "body", "background-color")
        assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    finally:
        context.close()


def test_links_to_other_sites_print_their_address_once(browser, site_url):
    context, page = printed(browser, site_url + "trainers/")
    try:
        named = 'article a[href^="https://github.com/"]'
        assert page.locator(named).count(), "the trainer guide links to the CI artifacts"
        assert "https://github.com/" in style(page, named, "content", "::after")
        internal = 'article a[href="checklist/"]'
        assert style(page, internal, "content", "::after") in ("none", "normal")
    finally:
        context.close()
    context, page = printed(browser, site_url + LESSON)
    try:
        shown = "article a.course-url-shown"
        assert page.locator(shown).count(), "links whose text is their address are marked"
        assert style(page, shown, "content", "::after") in ("none", "normal")
    finally:
        context.close()


def test_track_handout_prints_each_lesson_on_new_pages_without_screen_notes(browser, site_url):
    context, page = printed(browser, site_url + "trainers/handouts/foundation/")
    try:
        lessons = page.locator("article > h2")
        assert lessons.count() >= 10
        breaks = page.eval_on_selector_all(
            "article > h2", "hs => hs.map(h => getComputedStyle(h).breakBefore)")
        assert set(breaks) == {"page"}
        assert page.locator(".handout-lesson-facts").count() == lessons.count()
        assert page.locator("button", has_text="Present").count() == 0, "a handout is not a slide deck"
        assert not page.locator(".course-screen-only").is_visible()
        assert page.locator("details.solution:visible, .admonition.trainer:visible").count() == 0
        assert page.locator("fieldset.quiz").count() >= 10
        pdf = page.pdf(format="A4")
        assert pdf_pages(pdf) > lessons.count()
        (ARTIFACTS / "print-handout-foundation.pdf").write_bytes(pdf)
    finally:
        context.close()
