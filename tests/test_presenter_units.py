"""Presenter mode's scripts (docs/assets/presenter-*.js) on a small fixture page, in Chromium.

No site build: the page is one lesson rendered by the build's own code (course/pages/lessonpage.py
writes the header, the key points and the planned minutes; course/content/audience.py writes who sees
each block), opened from disk (file://, as the offline pack is) with only the presenter
scripts, in the order mkdocs.yml loads them, and the two stylesheets that hide blocks.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from conftest import ROOT

from course.content.frontmatter import Lesson
from course.pages import lessonpage

pytestmark = pytest.mark.browser

ASSETS = ROOT / "docs" / "assets"
TRAINER_TEXT = "Ask who has met a screening test"
SOLUTION_TEXT = "Eighty-five of the hundred"
QUIZ_EXPLANATION = "Sensitivity counts the people who have the condition"
# The sections' planned minutes, as each trainer note's "**Timing:** N minutes." gives them.
PLANNED = {"Why this matters to you": 12, "The four results": 18, "Exercise: count the results": 20,
           "Check your understanding": 15, "Further reading": 5}
TITLE = "Reading a test result"
SLIDES = [TITLE, *PLANNED, "Key points"]

BODY = f"""## Why this matters to you

A test can look accurate and still mislead you. This lesson shows why.

!!! trainer "Trainer notes"
    **Timing:** 12 minutes.

    **How to run it:** {TRAINER_TEXT}. Allow 3 minutes for stories, 1 h 10 min in all.

## The four results

Every test result is one of four kinds: true or false, positive or negative.

| Result | Has the condition |
|---|---|
| True positive | Yes |
| False positive | No |

!!! trainer "Trainer notes"
    **Timing:** 18 minutes.

    **How to run it:** draw the table on a flip chart.

## Exercise: count the results

!!! exercise "Exercise: count the results"
    A test finds 85 of 100 people who have the condition. What is its sensitivity?

    ??? solution "Model answer"
        {SOLUTION_TEXT} are found, so the sensitivity is 85%.

!!! trainer "Trainer notes"
    **Timing:** 20 minutes.

## Check your understanding

/// quiz | What does sensitivity count?
- [x] The share of people with the condition that the test finds.
    {QUIZ_EXPLANATION} and finds how many the test flags.
- [ ] The share of people without the condition that the test clears.
    That is specificity, the other half of the picture.
- [ ] The share of positive results that are right.
    That is the positive predictive value, which depends on prevalence.
///

!!! trainer "Trainer notes"
    **Timing:** 15 minutes.

## Further reading

- UK National Screening Committee. *Criteria for a screening programme*. 2022.

!!! trainer "Trainer notes"
    **Timing:** 5 minutes.
"""

LESSON = Lesson(
    title=TITLE, description="A fixture lesson for presenter mode.", track="foundation",
    archetypes=("users",), outcomes=("Explain the four results of a test.",), capabilities=(),
    reviewed=dt.date(2026, 11, 28), path="foundation/reading-a-test-result.md", order=1,
    teaching=50, exercises=20, keypoints=("A test result is one of four kinds.",),
)
EXTENSIONS = ["admonition", "pymdownx.details", "attr_list", "md_in_html", "tables", "toc",
              "pymdownx.superfences", "course.content.quiz", "course.content.audience"]


def presenter_scripts() -> list[str]:
    """The presenter scripts, in the order mkdocs.yml's extra_javascript loads them."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    names = re.findall(r"^\s*-\s*assets/(presenter[\w-]*\.js)\b", text, re.MULTILINE)
    assert names and names[-1] == "presenter-start.js", names
    return names


def lesson_html() -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    return md.convert(lessonpage.render(LESSON, BODY, {}))


@pytest.fixture
def fixture_page(tmp_path: Path) -> str:
    styles = "".join(f'<link rel="stylesheet" href="{(ASSETS / n).as_uri()}">'
                     for n in ("course.css", "presenter.css"))
    scripts = "".join(f'<script src="{(ASSETS / n).as_uri()}"></script>' for n in presenter_scripts())
    page = tmp_path / "lesson.html"
    page.write_text(
        '<!doctype html><html lang="en" data-trainer-view="off"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title>{styles}</head><body>"
        '<div class="md-container"><main class="md-main"><div class="md-content">'
        f'<article class="md-content__inner md-typeset">{lesson_html()}</article>'
        f"</div></main></div>{scripts}</body></html>", encoding="utf-8")
    return page.as_uri()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context
    context.close()


def counter(page) -> tuple[int, int]:
    current, total = page.locator(".course-present-counter [aria-hidden]").inner_text().split("/")
    return int(current), int(total)


def shown_headings(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('article :is(h1, h2)')]
      .filter(h => h.getClientRects().length).map(h => h.firstChild.textContent.trim())""")


def fragment(page) -> str:
    return urlsplit(page.url).fragment


def present(page) -> None:
    page.locator("button.course-present-button").click()
    assert page.evaluate("() => document.documentElement.classList.contains('course-presenting')")


def open_speaker(page):
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker.wait_for_load_state()
    return speaker


def wait_for_slide(page, number: int) -> None:
    page.wait_for_function(
        "n => { const c = document.querySelector('.course-present-counter [aria-hidden]');"
        " return c && c.textContent.trim().startsWith(n + ' /'); }", arg=number, timeout=5000)


def wait_for_speaker_slide(speaker, number: int) -> None:
    speaker.wait_for_function(
        "t => { const s = document.querySelector('.course-speaker__slide'); return s && s.textContent === t; }",
        arg=f"Slide {number} of {len(SLIDES)}", timeout=5000)


def test_the_fixture_carries_the_data_the_build_writes():
    html = lesson_html()
    assert 'data-lesson-minutes="70"' in html and "1 h 10 min" in html
    for minutes in PLANNED.values():
        assert f'data-minutes="{minutes}"' in html
    assert html.count('data-audience="trainer speaker print"') == len(PLANNED)
    # Key points go before Further reading, even when that heading carries its minutes.
    assert html.index('id="key-points"') < html.index('id="further-reading"')
    assert presenter_scripts()[0] == "presenter-slides.js"


def test_slides_come_in_order_title_sections_then_key_points(context, fixture_page):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(fixture_page)
    present(page)
    seen = []
    for number in range(1, len(SLIDES) + 1):
        assert counter(page) == (number, len(SLIDES))
        seen.append(shown_headings(page))
        page.keyboard.press("ArrowRight")
    assert seen == [[title] for title in SLIDES]
    assert counter(page)[0] == len(SLIDES), "Right on the last slide stays there"
    assert errors == []


def test_trainer_notes_and_timings_never_show_on_a_projected_slide(context, fixture_page):
    page = context.new_page()
    page.goto(fixture_page)
    notes = page.get_by_text(TRAINER_TEXT)
    assert not notes.is_visible(), "readers do not see trainer notes"
    page.evaluate("() => document.documentElement.setAttribute('data-trainer-view', 'on')")
    assert notes.is_visible(), "trainer view shows them on the page"
    assert page.locator("#why-this-matters-to-you .course-timing-badge").is_visible()
    present(page)
    for number in range(1, len(SLIDES) + 1):
        assert counter(page)[0] == number
        assert page.locator("article [data-audience~='speaker']:visible").count() == 0, f"slide {number}"
        assert page.locator("article :is(.course-timing-badge, .course-timing-summary):visible").count() == 0
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert shown_headings(page) == ["Why this matters to you"] and not notes.is_visible()


def test_keys_and_the_present_address(context, fixture_page):
    page = context.new_page()
    page.goto(fixture_page)
    page.locator("article h1").click()
    page.keyboard.press("Shift+P")
    assert counter(page) == (1, len(SLIDES)) and fragment(page) == "present-1"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert counter(page)[0] == 3 and fragment(page) == "present-3"
    assert shown_headings(page) == [SLIDES[2]]
    page.keyboard.press("ArrowLeft")
    assert counter(page)[0] == 2 and fragment(page) == "present-2"
    page.keyboard.press("End")
    assert counter(page)[0] == len(SLIDES) and shown_headings(page) == ["Key points"]
    page.keyboard.press("Home")
    assert counter(page)[0] == 1 and shown_headings(page) == [TITLE]
    page.keyboard.press("ArrowLeft")
    assert counter(page)[0] == 1, "Left on the first slide stays there"
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.documentElement.classList.contains('course-presenting')")
    assert fragment(page) == ""
    assert len(shown_headings(page)) == len(SLIDES), "every section shows again"

    # An address with #present-N opens on that slide; changing it moves the slides.
    other = context.new_page()
    other.goto(fixture_page + "#present-4")
    assert counter(other) == (4, len(SLIDES)) and shown_headings(other) == [SLIDES[3]]
    other.evaluate("() => { location.hash = '#present-6'; }")
    wait_for_slide(other, 6)
    assert shown_headings(other) == [SLIDES[5]]


def test_answers_stay_hidden_until_the_trainer_reveals_them(context, fixture_page):
    page = context.new_page()
    page.goto(fixture_page)
    page.locator("details.solution > summary").click()  # a reader opened the model answer
    assert page.get_by_text(SOLUTION_TEXT).is_visible()
    page.goto(fixture_page + "#present-4")
    assert not page.get_by_text(SOLUTION_TEXT).is_visible()
    page.keyboard.press("ArrowRight")
    quiz = page.locator("article fieldset.quiz")
    quiz.get_by_text("The share of people with the condition that the test finds").click()
    assert not page.get_by_text(QUIZ_EXPLANATION).is_visible(), "a pick in the room gives nothing away"
    quiz.locator("button.course-quiz-reveal").click()
    assert page.get_by_text(QUIZ_EXPLANATION).is_visible()


def test_the_speaker_timer_plans_70_minutes_for_a_1_h_10_min_lesson(context, fixture_page):
    page = context.new_page()
    page.goto(fixture_page)
    page.evaluate("() => document.documentElement.setAttribute('data-trainer-view', 'on')")
    summary = page.locator(".course-timing-summary").inner_text()
    assert "planned for 70 minutes" in summary and "add up to 70 minutes" in summary
    present(page)
    page.keyboard.press("ArrowRight")
    speaker = open_speaker(page)
    wait_for_speaker_slide(speaker, 2)
    assert "of 70 min planned" in speaker.locator(".course-speaker__elapsed").inner_text()
    notes = speaker.locator(".course-speaker__notes").inner_text()
    assert "Planned for this slide: 12 min." in notes
    assert "By the end of it, the plan has used 12 min of 70." in notes
    assert TRAINER_TEXT in notes
    page.keyboard.press("ArrowRight")
    wait_for_speaker_slide(speaker, 3)
    assert "the plan has used 30 min of 70." in speaker.locator(".course-speaker__notes").inner_text()


def test_the_speaker_view_and_the_presenting_window_stay_on_the_same_slide(context, fixture_page):
    page = context.new_page()
    page.goto(fixture_page)
    present(page)
    page.keyboard.press("ArrowRight")
    speaker = open_speaker(page)  # the S key
    assert fragment(speaker) == "speaker-2"
    wait_for_speaker_slide(speaker, 2)
    assert speaker.locator(".course-speaker__link").get_attribute("data-connected") == "yes"
    assert SLIDES[2] in speaker.locator(".course-speaker__next h2").first.inner_text()
    assert speaker.locator(".course-slide-preview [data-audience~='speaker']").count() == 0

    page.keyboard.press("ArrowRight")  # the room's window moves: the speaker view follows
    wait_for_speaker_slide(speaker, 3)
    speaker.keyboard.press("ArrowRight")  # the speaker view moves: the room's window follows
    wait_for_slide(page, 4)
    assert fragment(page) == "present-4" and fragment(speaker) == "speaker-4"
    speaker.get_by_role("button", name="Show the model answer on the projected slide").click()
    page.wait_for_function("() => document.querySelector('article details.solution').open")
    speaker.keyboard.press("End")
    wait_for_slide(page, len(SLIDES))
    speaker.keyboard.press("Home")
    wait_for_slide(page, 1)

    # A speaker view opened by hand (no opener) finds the presenting window too.
    second = context.new_page()
    second.goto(page.url.split("#")[0] + "#speaker-1")
    page.keyboard.press("ArrowRight")
    wait_for_speaker_slide(second, 2)
    wait_for_speaker_slide(speaker, 2)
    second.keyboard.press("ArrowRight")
    wait_for_slide(page, 3)
    wait_for_speaker_slide(speaker, 3)
