"""Presenter mode, speaker view and trainer timings (docs/assets/presenter-*.js), in Chromium.

Against the real site served on loopback, and against the offline pack opened from disk
(file://). The slide count is defined in presenter-slides.js: a title slide, one slide per "##"
section except "Key points", then "Key points" last: sections + 2 for a lesson. The scripts'
behaviour on a small fixture page, without a build, is in test_presenter_units.py.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.site]

EXEMPLAR = "foundation/sensitivity-specificity-ppv/"
NOTEBOOK = "notebooks/foundation/ppv-and-prevalence/"
# Text that only the exercise's model answer and a quiz explanation contain.
SOLUTION_TEXT = "Sensitivity = 85 ÷ 100"
QUIZ_EXPLANATION = "Sensitivity starts from the people who truly have the condition"
# Text that only a trainer note in "Why this matters to you" contains.
TRAINER_NOTE_TEXT = "Take a show of hands"

COUNTER = ".course-present-counter [aria-hidden]"
SECTIONS_JS = """() => [...document.querySelectorAll('article.md-content__inner h2')]
  .filter(h => !h.closest('.admonition, details, fieldset'))
  .map(h => ({id: h.id, text: h.firstChild.textContent.trim()}))"""
VISIBLE_TEXT_SIZES_JS = """() => [...document.querySelectorAll(
    'article.md-content__inner :is(p, li, td, th, label, legend, summary, dd, dt, blockquote)')]
  .filter(e => e.getClientRects().length && e.textContent.trim())
  .map(e => parseFloat(getComputedStyle(e).fontSize))"""


def counter(page) -> tuple[int, int]:
    text = page.locator(COUNTER).inner_text()
    current, total = (int(n) for n in text.split("/"))
    return current, total


def sections(page) -> list[dict]:
    return page.evaluate(SECTIONS_JS)


def expected_titles(page) -> list[str]:
    """The slide titles presenter mode promises: title, each section but Key points, Key points."""
    found = sections(page)
    teaching = [s["text"] for s in found if s["id"] != "key-points"]
    title = page.evaluate("() => document.querySelector('article.md-content__inner h1').firstChild.textContent.trim()")
    key_points = [s["text"] for s in found if s["id"] == "key-points"]
    return [title, *teaching, *key_points]


def visible_headings(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('article.md-content__inner :is(h1, h2)')]
      .filter(h => h.getClientRects().length).map(h => h.firstChild.textContent.trim())""")


def presenting(page) -> bool:
    return page.evaluate("() => document.documentElement.classList.contains('course-presenting')")


def save(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def wait_for_slide(page, number: int) -> None:
    page.wait_for_function(
        "n => { const c = document.querySelector('.course-present-counter [aria-hidden]');"
        " return c && c.textContent.trim().startsWith(n + ' /'); }", arg=number, timeout=5000)


def wait_for_speaker_slide(page, number: int, total: int) -> None:
    page.wait_for_function(
        "t => { const s = document.querySelector('.course-speaker__slide'); return s && s.textContent === t; }",
        arg=f"Slide {number} of {total}", timeout=5000)


def test_present_button_and_shortcut_enter_and_escape_leaves(watched_page, site_url):
    page = watched_page.page
    page.goto(site_url + EXEMPLAR)
    present = page.locator("button.course-present-button")
    assert present.is_visible()
    assert present.inner_text().strip() == "Present"
    assert "Present" in present.get_attribute("aria-label")
    assert present.get_attribute("aria-keyshortcuts") == "Shift+P"
    present.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('course-present-button')")

    # By the button, with the keyboard.
    page.keyboard.press("Enter")
    assert presenting(page)
    assert counter(page)[0] == 1
    assert urlsplit(page.url).fragment == "present-1"
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.documentElement.classList.contains('course-presenting')")
    assert urlsplit(page.url).fragment == ""
    assert page.locator(".md-header").is_visible()

    # Shift+P typed into search does nothing; Shift+P on the page presents.
    page.locator(".md-search__input").focus()
    page.keyboard.press("Shift+P")
    assert not presenting(page)
    page.locator(".md-search__input").blur()
    page.keyboard.press("Escape")
    page.locator("article.md-content__inner h1").click()
    page.keyboard.press("Shift+P")
    assert presenting(page)
    # Material's own keys (n: next page, s: search) must not act while presenting.
    # A probe behind Material's listeners: key events are dispatched synchronously, so when
    # press() returns the probe has seen every key that reached Material, with no waiting.
    address = page.url
    page.evaluate("""() => { window.__reached = [];
      window.addEventListener('keydown', e => window.__reached.push(e.key));
      document.addEventListener('keydown', e => window.__reached.push(e.key)); }""")
    page.keyboard.press("n")
    page.keyboard.press("/")
    assert page.evaluate("window.__reached") == [] and page.url == address and presenting(page)
    page.keyboard.press("x")  # a key presenter mode does not claim reaches the probe
    assert page.evaluate("window.__reached") == ["x", "x"]
    page.keyboard.press("Shift+P")
    assert not presenting(page)
    assert watched_page.foreign_requests == []


def test_every_slide_by_keyboard_is_large_and_shows_no_trainer_notes(watched_page, site_url):
    page = watched_page.page
    # Trainer view on: its notes show on the page, but never on a projected slide.
    page.goto(site_url + EXEMPLAR)
    page.evaluate("() => localStorage.setItem('course.trainerView', 'on')")
    page.reload()
    assert page.get_by_text(TRAINER_NOTE_TEXT).is_visible()
    titles = expected_titles(page)
    teaching = [s for s in sections(page) if s["id"] != "key-points"]
    assert len(titles) == len(teaching) + 2, "a lesson has a title slide and a key points slide"
    assert titles[-1] == "Key points" and "Further reading" in titles

    page.locator("button.course-present-button").click()
    seen = []
    for index, title in enumerate(titles, start=1):
        assert counter(page) == (index, len(titles))
        assert urlsplit(page.url).fragment == f"present-{index}"
        headings = visible_headings(page)
        assert headings == [title], f"slide {index} shows {headings}"
        sizes = page.evaluate(VISIBLE_TEXT_SIZES_JS)
        assert sizes and min(sizes) >= 28, f"slide {index}: text as small as {min(sizes)} px"
        assert page.locator("article .admonition.trainer:visible").count() == 0
        assert page.locator("article .course-timing-badge:visible, .course-timing-summary:visible").count() == 0
        if index == 1:
            assert page.locator("article .admonition.outcomes").is_visible()
            assert "40 min" in page.locator("article .lesson-meta").inner_text()
        seen.append(counter(page)[0])
        page.keyboard.press("ArrowRight")
    assert seen == list(range(1, len(titles) + 1))
    assert counter(page)[0] == len(titles), "Right on the last slide stays there"

    # The other keys: Home, End, Page Up/Down, Space and Shift+Space, Left.
    page.keyboard.press("Home")
    assert counter(page)[0] == 1
    page.keyboard.press("End")
    assert counter(page)[0] == len(titles)
    page.keyboard.press("ArrowLeft")
    assert counter(page)[0] == len(titles) - 1
    page.keyboard.press("Home")
    for key, want in (("PageDown", 2), ("PageUp", 1), ("Space", 2), ("Shift+Space", 1)):
        for _ in range(10):  # the title slide may scroll first
            page.keyboard.press(key)
            if counter(page)[0] == want:
                break
        assert counter(page)[0] == want, key
    assert watched_page.foreign_requests == []


def test_long_slide_scrolls_and_the_clicker_keys_reach_its_end(watched_page, site_url):
    page = watched_page.page
    page.goto(site_url + EXEMPLAR + "#present-1")
    total = counter(page)[1]
    long_slide = None
    for number in range(1, total + 1):
        page.evaluate(f"() => {{ location.hash = '#present-{number}'; }}")
        wait_for_slide(page, number)
        if page.evaluate("() => { const a = document.querySelector('article.md-content__inner'); return a.scrollHeight > a.clientHeight + 4; }"):
            long_slide = number
            break
    assert long_slide, "at 1280x720 at least one slide of the exemplar is longer than the screen"
    assert page.evaluate("() => getComputedStyle(document.querySelector('article.md-content__inner')).overflowY") == "auto"
    assert page.locator(".course-present-more").is_visible()
    last_seen_at_bottom = False
    for _ in range(30):
        page.keyboard.press("PageDown")
        if counter(page)[0] != long_slide:
            break
        last_seen_at_bottom = page.evaluate("""() => {
            const a = document.querySelector('article.md-content__inner');
            const items = [...a.querySelectorAll('[data-present-on]')].filter(e => e.getClientRects().length);
            const last = items[items.length - 1].getBoundingClientRect();
            return last.bottom <= a.getBoundingClientRect().bottom + 1; }""")
    assert last_seen_at_bottom, "Page Down showed the end of the long slide before moving on"
    assert counter(page)[0] == long_slide + 1


def test_solutions_and_quiz_explanations_stay_hidden_until_revealed(watched_page, site_url):
    page = watched_page.page
    page.goto(site_url + EXEMPLAR)
    # A reader opened the model answer; presenting closes it again.
    page.locator("details.solution > summary").first.click()
    assert page.get_by_text(SOLUTION_TEXT).first.is_visible()
    page.keyboard.press("Shift+P")
    titles = expected_titles(page)
    exercise = next(i for i, t in enumerate(titles, 1) if t.startswith("Exercise"))
    quiz = titles.index("Check your understanding") + 1

    page.keyboard.press("End")
    page.keyboard.press("Home")
    for _ in range(exercise - 1):
        page.keyboard.press("ArrowRight")
    assert counter(page)[0] == exercise
    solution = page.get_by_text(SOLUTION_TEXT).first
    assert not solution.is_visible(), "the model answer shows before the trainer reveals it"
    summary = page.locator("article details.solution > summary:visible")
    summary.scroll_into_view_if_needed()
    summary.click()
    assert solution.is_visible()

    page.evaluate(f"() => {{ location.hash = '#present-{quiz}'; }}")
    wait_for_slide(page, quiz)
    explanation = page.get_by_text(QUIZ_EXPLANATION)
    assert not explanation.is_visible()
    # Someone in the room calls out the right answer: choosing it gives nothing away yet.
    page.locator("article fieldset.quiz").first.get_by_text("It flags 9 in 10 of the patients who really have the condition").click()
    assert not explanation.is_visible()
    reveal = page.locator("article fieldset.quiz").first.locator("button.course-quiz-reveal")
    assert reveal.get_attribute("aria-expanded") == "false"
    reveal.click()
    assert explanation.is_visible()
    assert reveal.get_attribute("aria-expanded") == "true"
    assert watched_page.foreign_requests == []


def test_reload_and_a_shared_link_land_on_the_same_slide(watched_page, site_url):
    page = watched_page.page
    page.goto(site_url + EXEMPLAR)
    page.keyboard.press("Shift+P")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert counter(page)[0] == 5
    page.reload()
    assert presenting(page)
    assert counter(page)[0] == 5
    assert urlsplit(page.url).fragment == "present-5"
    save(page, "presenter-slide-1280x720.png")
    other = page.context.new_page()
    other.goto(site_url + EXEMPLAR + "#present-7")
    assert presenting(other) and counter(other)[0] == 7
    # Escape leaves and shows the reader the section that was on the screen.
    other.keyboard.press("Escape")
    assert not presenting(other)
    assert other.evaluate("() => document.activeElement.tagName") == "H2"
    assert watched_page.foreign_requests == []


def test_slides_fill_a_1920x1080_screen_in_both_schemes(browser, site_url, watched_page):
    page = watched_page.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(site_url + EXEMPLAR + "#present-4")
    box = page.locator("article.md-content__inner").bounding_box()
    assert box["x"] == 0 and box["width"] == 1920
    sizes = page.evaluate(VISIBLE_TEXT_SIZES_JS)
    assert min(sizes) >= 40
    save(page, "presenter-slide-1920x1080.png")
    assert watched_page.foreign_requests == []

    # A browser set to dark mode on its first visit gets the dark scheme, at full contrast.
    dark = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="dark")
    try:
        page = dark.new_page()
        page.goto(site_url + EXEMPLAR + "#present-4")
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
        colours = page.evaluate("""() => { const a = document.querySelector('article.md-content__inner');
            return [getComputedStyle(a).backgroundColor, getComputedStyle(a.querySelector('p[data-present-on]')).color]; }""")
        assert colours == ["rgb(21, 23, 28)", "rgb(244, 244, 244)"]
        save(page, "presenter-slide-dark-1280x720.png")
    finally:
        dark.close()


def test_speaker_view_follows_and_drives_the_presenting_window(watched_page, site_url):
    page = watched_page.page
    page.goto(site_url + EXEMPLAR)
    titles = expected_titles(page)
    total = len(titles)
    page.keyboard.press("Shift+P")
    page.keyboard.press("ArrowRight")  # slide 2: "Why this matters to you", with trainer notes
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker.set_viewport_size({"width": 1280, "height": 800})
    speaker.wait_for_load_state()
    assert urlsplit(speaker.url).fragment == "speaker-2"
    wait_for_speaker_slide(speaker, 2, total)
    notes = speaker.locator(".course-speaker__notes")
    assert TRAINER_NOTE_TEXT in notes.inner_text()
    assert titles[1] in notes.locator("h2").inner_text()
    next_pane = speaker.locator(".course-speaker__next")
    assert titles[2] in next_pane.locator("h2").first.inner_text()
    assert next_pane.locator(".course-slide-preview").first.is_visible()
    assert next_pane.locator(".course-slide-preview").first.get_by_text(titles[2]).count() == 1
    assert re.fullmatch(r"\d\d:\d\d", speaker.locator(".course-speaker__clock .course-speaker__big").inner_text())
    assert re.fullmatch(r"\d+:\d\d", speaker.locator(".course-speaker__elapsed .course-speaker__big").inner_text())
    assert "of 40 min planned" in speaker.locator(".course-speaker__elapsed").inner_text()
    assert speaker.locator(".course-speaker__link").get_attribute("data-connected") == "yes"
    # Trainer notes are not in the preview of what the room sees.
    assert speaker.locator(".course-slide-preview .trainer").count() == 0

    # The presenting window moves: the speaker view follows.
    page.keyboard.press("ArrowRight")
    wait_for_speaker_slide(speaker, 3, total)
    assert titles[3] in speaker.locator(".course-speaker__next h2").first.inner_text()
    # The speaker view moves: the presenting window follows (keyboard and button).
    speaker.keyboard.press("ArrowRight")
    wait_for_slide(page, 4)
    speaker.get_by_role("button", name="Next", exact=True).click()
    wait_for_slide(page, 5)
    assert urlsplit(page.url).fragment == "present-5"
    speaker.keyboard.press("ArrowLeft")
    wait_for_slide(page, 4)

    # From the laptop, reveal the model answer on the projected slide.
    exercise = next(i for i, t in enumerate(titles, 1) if t.startswith("Exercise"))
    page.evaluate(f"() => {{ location.hash = '#present-{exercise}'; }}")
    wait_for_speaker_slide(speaker, exercise, total)
    assert SOLUTION_TEXT in speaker.locator(".course-speaker__answers").inner_text()
    assert not page.get_by_text(SOLUTION_TEXT).first.is_visible()
    speaker.get_by_role("button", name=re.compile("Show the model answer")).click()
    page.wait_for_function("() => document.querySelector('article details.solution').open")
    assert page.get_by_text(SOLUTION_TEXT).first.is_visible()
    page.evaluate("() => { location.hash = '#present-2'; }")
    wait_for_speaker_slide(speaker, 2, total)
    speaker.wait_for_timeout(300)
    save(speaker, "speaker-view.png")
    assert watched_page.foreign_requests == []


def test_trainer_view_shows_section_timings_and_readers_do_not_see_them(watched_page, site_url):
    page = watched_page.page
    page.goto(site_url + EXEMPLAR)
    badge = page.locator("#the-four-possible-results .course-timing-badge")
    summary = page.locator(".course-timing-summary")
    assert badge.count() == 1 and not badge.is_visible()
    assert not summary.is_visible()
    page.locator(".course-trainer-switch").click()
    assert badge.is_visible()
    # Each badge shows the minutes the build wrote on its heading (from the section's own
    # "**Timing:** N minutes" note), never a number read back from the prose.
    planned = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        'article h2[data-minutes]')].map(h => [h.id, h.getAttribute('data-minutes')]))""")
    assert sum(int(m) for m in planned.values()) == 40
    assert " ".join(badge.inner_text().split()) == f"Planned time: {planned['the-four-possible-results']} min"
    worked = page.locator("#a-worked-example-1000-people-at-a-specialist-clinic .course-timing-badge")
    assert worked.inner_text().endswith(f"{planned['a-worked-example-1000-people-at-a-specialist-clinic']} min")
    assert summary.is_visible()
    assert "planned for 40 minutes" in summary.inner_text()
    assert "add up to 40 minutes" in summary.inner_text()
    summary.locator("summary").click()
    rows = summary.locator("tbody tr")
    assert rows.count() == len([s for s in sections(page) if s["id"] != "key-points"])
    assert rows.nth(1).inner_text().split("\t")[:2] == ["The four possible results",
                                                       planned["the-four-possible-results"]]
    # Never on the projected slides.
    page.keyboard.press("Shift+P")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert not page.locator("article .course-timing-badge").first.is_visible()
    assert not badge.is_visible()


def test_notebook_pages_present_too(watched_page, site_url):
    page = watched_page.page
    page.goto(site_url + NOTEBOOK)
    found = sections(page)
    assert found and all(s["id"] != "key-points" for s in found)
    page.locator("button.course-present-button").click()
    total = counter(page)[1]
    assert total == len(found) + 1, "a notebook has a title slide and one per section"
    title = page.evaluate("() => document.querySelector('article.md-content__inner h1').textContent.trim()")
    assert visible_headings(page) == [title]
    for index in range(2, total + 1):
        page.keyboard.press("ArrowRight")
        assert counter(page)[0] == index
        assert visible_headings(page) == [found[index - 2]["text"]]
        sizes = page.evaluate(VISIBLE_TEXT_SIZES_JS)
        assert min(sizes) >= 28
    assert watched_page.foreign_requests == []


def test_no_present_button_on_pages_that_are_not_lessons(watched_page, site_url):
    page = watched_page.page
    for address in ("", "foundation/", "about/"):
        page.goto(site_url + address)
        assert page.locator("button.course-present-button").count() == 0, address
        page.keyboard.press("Shift+P")
        assert not presenting(page), address


def test_presenter_and_speaker_view_work_from_the_offline_pack(browser, offline_site):
    """Opened from disk: Chromium gives file:// pages an opaque origin; the windows must
    still find each other, and nothing may be requested from anywhere."""
    lesson = offline_site / "foundation" / "sensitivity-specificity-ppv.html"
    assert lesson.exists(), "the offline pack names files, not folders"
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(lesson.as_uri())
        titles = expected_titles(page)
        page.locator("button.course-present-button").click()
        assert counter(page) == (1, len(titles))
        for number in range(2, len(titles) + 1):
            page.keyboard.press("ArrowRight")
            assert counter(page)[0] == number
            assert visible_headings(page) == [titles[number - 1]]
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")
        page.reload()
        assert presenting(page) and counter(page)[0] == 2

        with context.expect_page() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_load_state()
        wait_for_speaker_slide(speaker, 2, len(titles))
        assert TRAINER_NOTE_TEXT in speaker.locator(".course-speaker__notes").inner_text()
        page.keyboard.press("ArrowRight")
        wait_for_speaker_slide(speaker, 3, len(titles))
        speaker.keyboard.press("ArrowRight")
        wait_for_slide(page, 4)
        # The presenting window reloads: the two find each other again.
        page.reload()
        assert counter(page)[0] == 4
        speaker.keyboard.press("ArrowRight")
        wait_for_slide(page, 5)
        page.keyboard.press("ArrowRight")
        wait_for_speaker_slide(speaker, 6, len(titles))
        foreign = [url for url in requests if urlsplit(url).scheme not in ("file", "data", "blob", "about")]
        assert foreign == []
    finally:
        context.close()


def test_the_speaker_timer_reads_planned_minutes_from_data_the_build_wrote(watched_page, site_url):
    """A 70-minute lesson: its header says "1 h 10 min", which the old text pattern read as 10.
    The build writes the minutes as data, and presenter mode reads the data."""
    page = watched_page.page
    html = page.context.request.get(site_url + EXEMPLAR).text()
    assert 'data-lesson-minutes="40"' in html and 'data-minutes="' in html
    html = html.replace('data-lesson-minutes="40"', 'data-lesson-minutes="70"').replace(
        "<strong>40 min</strong>", "<strong>1 h 10 min</strong>")
    html = re.sub(r'<h2[^>]*id="why-this-matters-to-you"[^>]*>',
                  lambda tag: re.sub(r'data-minutes="\d+"', 'data-minutes="32"', tag.group(0)), html, count=1)
    url = site_url + "foundation/a-seventy-minute-lesson/"
    page.context.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(url)
    page.keyboard.press("Shift+P")
    page.keyboard.press("ArrowRight")
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker.wait_for_load_state()
    speaker.wait_for_function("() => document.querySelector('.course-speaker__elapsed')")
    assert "of 70 min planned" in speaker.locator(".course-speaker__elapsed").inner_text()
    assert "Planned for this slide: 32 min." in speaker.locator(".course-speaker__notes").inner_text()


def test_the_real_site_loads_the_presenter_scripts_and_marks_every_block(real_site):
    """The build writes each block's declared audience (course/content/contract.py) on the page, and
    the lesson loads presenter-start.js after the parts it wires."""
    from course.content import audience, contract

    html = (real_site.site_dir / EXEMPLAR / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="[^"]*assets/(presenter[\w-]*\.js)"', html)
    assert scripts[-1] == "presenter-start.js" and scripts[0] == "presenter-slides.js", scripts
    trainer = audience.audience_value(contract.audience("trainer"))
    tags = re.findall(r'<div class="admonition trainer"[^>]*>', html)
    assert tags and all(f'data-audience="{trainer}"' in tag for tag in tags)
    assert 'data-audience="' in re.search(r'<fieldset class="quiz"[^>]*>', html).group(0)
