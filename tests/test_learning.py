"""My learning (course/pages/learning.py, docs/assets/my-learning.js): the manifest and page the
build writes, and a reader's walk through it in Chromium, over HTTP and from the offline
pack on disk (file://), with every request that leaves the site refused and recorded."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ARTIFACTS, ROOT

from course.content.frontmatter import Catalogue, Lesson, NotebookInfo, is_lesson, read_catalogue
from course.pages.generate import navigation, path_lessons, path_page
from course.pages.generated import minutes_text
from course.pages.learning import (PAGE_URI, groups, item_id, manifest, my_learning_page, panel,
                                   panel_for)

MANIFEST = re.compile(r'<div id="course-my-learning" data-manifest="([^"]*)"')
PANEL = re.compile(r'<section class="admonition course-progress" ([^>]*)>')
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def lesson(uri, track, order, part=None, archetypes=("users",), minutes=(20, 10)):
    return Lesson(path=uri, title=f"Lesson <{uri}>", description="d", track=track, order=order,
                  archetypes=tuple(archetypes), teaching=minutes[0], exercises=minutes[1],
                  outcomes=("Explain a thing.", "List things.", "Use a thing."), capabilities=("6.3",),
                  keypoints=("One.",), reviewed=dt.date(2026, 11, 28), part=part)


def small_catalogue() -> Catalogue:
    return Catalogue(
        lessons=[
            lesson("foundation/essentials/e.md", "foundation", 1, part="essentials", minutes=(10, 5)),
            lesson("foundation/a.md", "foundation", 2, minutes=(25, 15)),
            lesson("tracks/users/u.md", "users", 1),
            lesson("tracks/drivers/d.md", "drivers", 1, archetypes=("drivers",)),
        ],
        notebooks=[NotebookInfo(path="foundation/n.ipynb", title="A notebook", description="d",
                                track="foundation", archetypes=("users",), outcomes=("Run it.",),
                                capabilities=("5.1",), reviewed=dt.date(2026, 11, 28), minutes=12)],
    )


def real_catalogue() -> Catalogue:
    docs = ROOT / "docs"
    uris = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    catalogue = read_catalogue(docs, [u for u in uris if is_lesson(u)], ROOT / "notebooks", ROOT)
    assert not catalogue.problems
    return catalogue


def test_manifest_lists_every_lesson_and_notebook_with_its_minutes_from_the_sources():
    data = manifest(real_catalogue())
    items = {i["id"]: i for i in data["items"]}
    # Read the sources directly, not through the catalogue, so the two are checked against each other.
    expected: dict[str, int] = {}
    quizzes: dict[str, int] = {}
    for path in (ROOT / "docs").rglob("*.md"):
        uri = path.relative_to(ROOT / "docs").as_posix()
        if is_lesson(uri):
            text = path.read_text(encoding="utf-8")
            front = yaml.safe_load(text.split("---")[1])
            expected[uri.removesuffix(".md")] = front["teaching"] + front["exercises"]
            quizzes[uri.removesuffix(".md")] = len(re.findall(r"^/// quiz \|", text, re.MULTILINE))
    for path in (ROOT / "notebooks").rglob("*.ipynb"):
        if ".ipynb_checkpoints" in path.parts:
            continue
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["course"]
        expected["notebooks/" + path.relative_to(ROOT / "notebooks").as_posix().removesuffix(".ipynb")] = meta["minutes"]
    assert len(expected) > 40
    assert {i: items[i]["minutes"] for i in items} == expected
    assert {i: items[i]["quiz"] for i in items if items[i]["kind"] == "lesson"} == quizzes
    assert all(items[i]["quiz"] >= 4 for i in quizzes)
    assert [g["key"] for g in data["groups"]][:2] == ["essentials", "foundation"]
    assert {i["group"] for i in data["items"] if i["id"].startswith("foundation/essentials/")} == {"essentials"}
    for path in data["paths"]:
        assert all(i in items for i in path["items"]), path["key"]
    assert set(data["capabilities"]) == {c for i in data["items"] for c in i["capabilities"]}


def test_page_is_generated_from_the_catalogue_with_every_item_grouped_by_track_and_part():
    catalogue = small_catalogue()
    page = my_learning_page(catalogue)
    assert page.src_uri == PAGE_URI == "my-learning/index.md"
    body = page.markdown
    headings = re.findall(r"^### (.*)$", body, re.MULTILINE)
    assert headings == ["Essentials", "Foundation", "Drivers track", "Users track", "Notebooks"]
    assert [key for key, _, _ in groups(catalogue)] == ["essentials", "foundation", "drivers", "users", "notebooks"]
    for item in [*catalogue.lessons, *catalogue.notebooks]:
        assert f'{{ data-course-item="{item_id(item)}" }}' in body
    assert "[A notebook](../notebooks/foundation/n.ipynb)" in body
    assert "### Essentials\n\n1 lesson, 15 min." in body
    assert "### Notebooks\n\n1 notebook, 12 min." in body
    embedded = json.loads(html.unescape(MANIFEST.search(body).group(1)))
    assert embedded == json.loads(json.dumps(manifest(catalogue)))
    users = next(p for p in embedded["paths"] if p["key"] == "users")
    assert users["items"] == [item_id(l) for l in path_lessons(catalogue, "users")]
    assert "no account" in body.lower() and "never sent anywhere" in body


def test_panel_names_its_page_and_escapes_what_it_writes():
    catalogue = small_catalogue()
    written = panel_for("foundation/a.md", catalogue, "../../my-learning/")
    attributes = dict(ATTRIBUTE.findall(PANEL.search(written).group(1)))
    assert attributes == {"data-course-item": "foundation/a", "data-course-kind": "lesson",
                          "data-course-title": "Lesson &lt;foundation/a.md&gt;", "data-course-minutes": "40",
                          "data-course-my-learning": "../../my-learning/", "aria-label": "Your learning record"}
    assert " hidden>" in written, "without the script the empty panel stays hidden"
    notebook = panel(catalogue.notebooks[0], "x/")
    assert 'data-course-kind="notebook"' in notebook and 'data-course-minutes="12"' in notebook
    assert panel_for("glossary.md", catalogue, "x/") is None


def test_navigation_and_paths_lead_to_my_learning():
    catalogue = small_catalogue()
    nav = navigation(catalogue, {"index.md", PAGE_URI})
    titles = [next(iter(entry)) for entry in nav]
    assert titles.index("My learning") == titles.index("Find your path") + 1
    assert "My learning" not in [next(iter(e)) for e in navigation(catalogue, {"index.md"})]
    assert "[My learning](../my-learning/index.md?path=users)" in path_page(catalogue, "users").markdown


@pytest.mark.site
def test_every_lesson_and_notebook_page_carries_its_panel_and_only_my_learning_the_manifest(real_site):
    site = real_site.site_dir
    data = json.loads(html.unescape(MANIFEST.search((site / "my-learning" / "index.html").read_text()).group(1)))
    for item in data["items"]:
        page = (site / item["id"] / "index.html").read_text(encoding="utf-8")
        found = PANEL.findall(page)
        assert len(found) == 1, item["id"]
        attributes = dict(ATTRIBUTE.findall(found[0]))
        assert attributes["data-course-item"] == item["id"]
        assert int(attributes["data-course-minutes"]) == item["minutes"]
        assert (site / item["id"] / attributes["data-course-my-learning"] / "index.html").resolve() == \
            (site / "my-learning" / "index.html").resolve()
        if item["kind"] == "lesson":
            assert f'data-lesson-minutes="{item["minutes"]}"' in page
            assert page.count('<fieldset class="quiz"') == item["quiz"], item["id"]
        assert "data-manifest" not in page
    assert 'data-manifest' not in (site / "index.html").read_text(encoding="utf-8")


# --- In Chromium ------------------------------------------------------------------------

LESSON_A = "foundation/what-ai-is"
LESSON_B = "foundation/sensitivity-specificity-ppv"


class Site:
    """Addresses in the served site (directory URLs) or the offline pack (.html files)."""

    def __init__(self, base: str, offline: bool):
        self.base, self.offline = base, offline

    def page(self, item: str) -> str:
        if item == "my-learning":
            return self.base + ("my-learning/index.html" if self.offline else "my-learning/")
        return self.base + item + (".html" if self.offline else "/")


def watch(context, local):
    """Refuse and record every request that leaves the site; record script errors."""
    refused: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or local(url):
            return route.continue_()
        refused.append(url)
        return route.abort()

    context.route("**/*", route)
    return refused


def stored(page) -> str | None:
    return page.evaluate("() => localStorage.getItem('course.myLearning')")


def row(page, group: str) -> list[str]:
    return page.locator(f"#course-ml-summary tr[data-group='{group}'] td").all_inner_texts()


def export(page, name: str) -> dict:
    with page.expect_download() as download:
        page.get_by_role("button", name="Export to a file").click()
    path = ARTIFACTS / name
    download.value.save_as(path)
    assert re.fullmatch(r"my-learning-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    return json.loads(path.read_text(encoding="utf-8"))


def walk(context, site: Site, label: str) -> None:
    """The reader's walk from the issue, asserting on what the page shows and stores."""
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Two lessons done; a quiz answered (first answer wrong, then right: the first counts).
    page.goto(site.page(LESSON_A))
    minutes_a = int(page.locator("section.course-progress").get_attribute("data-course-minutes"))
    page.get_by_role("button", name="Mark as done").click()
    assert page.get_by_role("button", name="Mark as not done").is_visible()
    assert "marked this lesson as done on" in page.locator(".course-progress__state").inner_text()

    page.goto(site.page(LESSON_B))
    minutes_b = int(page.locator("section.course-progress").get_attribute("data-course-minutes"))
    page.get_by_role("button", name="Mark as done").click()
    first, second = page.locator("fieldset.quiz").nth(0), page.locator("fieldset.quiz").nth(1)
    first.locator(".quiz-option:has(.quiz-incorrect) label").first.click()
    first.locator(".quiz-option:has(.quiz-correct) label").click()
    second.locator(".quiz-option:has(.quiz-correct) label").click()
    assert "1 of 2 right first time" in page.locator(".course-progress__quiz").inner_text()

    # A reflection, saved as it is typed, survives a reload.
    reflection = "Screening lowers PPV; I will ask suppliers where their figures were measured."
    page.get_by_label("What did you learn?").press_sequentially(reflection[:20])
    page.get_by_label("What did you learn?").fill(reflection)
    page.get_by_label("How is it relevant to your professional code?").fill("Preserve safety.")
    page.reload()
    assert page.get_by_label("What did you learn?").input_value() == reflection
    assert "1 of 2 right first time" in page.locator(".course-progress__quiz").inner_text()

    # My learning shows both, with the right counts, minutes and score.
    page.goto(site.page("my-learning"))
    foundation = row(page, "foundation")
    assert foundation[0].startswith("2 of "), foundation
    assert foundation[1] == minutes_text(minutes_a + minutes_b)
    assert foundation[2].startswith("1 of 2 answered"), foundation
    assert row(page, "essentials")[0].startswith("0 of ")
    assert row(page, "total")[1] == minutes_text(minutes_a + minutes_b)
    status = page.locator(f"a[data-course-item='{LESSON_B}']").locator("xpath=ancestor::tr/td[3]").inner_text()
    assert status.startswith("Done ") and "quiz 1 of 2 right first time" in status and "reflection written" in status

    # The CPD record: the typed name, both lessons, the reflection, the total; printed to PDF.
    page.get_by_label("Your name, as it should appear on the record").fill("Sam Example")
    record = page.locator("#course-cpd")
    text = record.inner_text()
    assert "Sam Example" in text and "self-declared record" in text and "not an NHS product" in text
    assert record.locator(".course-cpd__entry").count() == 2
    assert reflection in text and "Preserve safety." in text
    assert minutes_text(minutes_a + minutes_b) in text and "6.3 Evaluating AI systems" in text
    page.emulate_media(media="print")
    assert record.is_visible() and not page.get_by_role("heading", name="Progress by track and part").is_visible()
    assert not page.get_by_label("Your name, as it should appear on the record").is_visible()
    page.pdf(path=str(ARTIFACTS / f"cpd-record-{label}.pdf"), format="A4")
    page.emulate_media(media="screen")
    assert (ARTIFACTS / f"cpd-record-{label}.pdf").read_bytes().startswith(b"%PDF")
    page.screenshot(path=str(ARTIFACTS / f"my-learning-{label}.png"), full_page=True)

    # Export, Clear all (with a confirmation), import: the same records come back.
    before = export(page, f"my-learning-{label}-1.json")
    assert set(before["items"]) == {LESSON_A, LESSON_B} and before["name"] == "Sam Example"
    assert before["items"][LESSON_B]["reflection"]["learned"] == reflection
    page.get_by_role("button", name="Clear all").click()
    assert stored(page) is not None, "Clear all must ask first"
    page.get_by_role("button", name="Yes, clear everything").click()
    assert stored(page) is None
    assert row(page, "foundation")[0].startswith("0 of ")
    assert "Everything is cleared" in page.locator("#course-ml-clear [role=status]").inner_text()
    page.set_input_files("#course-ml-import", str(ARTIFACTS / f"my-learning-{label}-1.json"))
    message = page.locator("#course-ml-transfer .course-ml-message")
    message.filter(has_text="Imported 2 records").wait_for()
    assert row(page, "foundation")[0].startswith("2 of ")
    assert export(page, f"my-learning-{label}-2.json") == before

    # A malformed file and a file from a newer version are refused, and change nothing.
    kept = stored(page)
    page.set_input_files("#course-ml-import", files=[{"name": "broken.json", "mimeType": "application/json", "buffer": b'{"format": '}])
    message.filter(has_text="not valid JSON").wait_for()
    assert "Nothing was imported" in message.inner_text() and stored(page) == kept
    newer = dict(before, version=before["version"] + 1, items={})
    page.set_input_files("#course-ml-import", files=[{"name": "newer.json", "mimeType": "application/json", "buffer": json.dumps(newer).encode()}])
    message.filter(has_text="newer version of the course").wait_for()
    assert stored(page) == kept
    wrong = dict(before, items={LESSON_A: dict(before["items"][LESSON_A], minutes="forty")})
    page.set_input_files("#course-ml-import", files=[{"name": "wrong.json", "mimeType": "application/json", "buffer": json.dumps(wrong).encode()}])
    message.filter(has_text="minutes must be a whole number").wait_for()
    assert stored(page) == kept

    # A trainer's link chooses the path.
    page.goto(site.page("my-learning") + "?path=drivers")
    assert page.get_by_label("Your role").input_value() == "drivers"
    assert "on the path for drivers" in page.locator("#course-ml-path-count").inner_text()
    assert json.loads(stored(page))["path"] == "drivers"
    page.goto(site.page("my-learning") + "?path=users")
    assert page.get_by_label("Your role").input_value() == "users"
    left = page.locator("ol.course-ml-left li")
    assert left.count() > 0 and not left.filter(has_text="What AI is and isn't").count(), "a done lesson is not left"
    left.first.locator("a").click()
    page.wait_for_load_state()
    assert page.locator("section.course-progress").count() == 1, "the path's links lead to lessons"
    assert errors == [], errors


@pytest.mark.site
@pytest.mark.browser
def test_reader_walk_over_http_sends_nothing_off_the_site(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    origin = urlsplit(site_url).netloc
    refused = watch(context, lambda url: urlsplit(url).netloc == origin)
    try:
        walk(context, Site(site_url, offline=False), "http")
        assert context.cookies() == []
    finally:
        context.close()
    assert refused == []


@pytest.mark.site
@pytest.mark.browser
def test_reader_walk_in_the_offline_pack_from_disk(browser, offline_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    refused = watch(context, lambda url: url.startswith("file:"))
    try:
        walk(context, Site((offline_site / "x").as_uri()[:-1], offline=True), "offline")
        page = context.new_page()
        page.goto(Site((offline_site / "x").as_uri()[:-1], offline=True).page("my-learning"))
        assert "opened this course from files on this computer" in page.locator("#course-ml-status").inner_text()
    finally:
        context.close()
    assert refused == []


@pytest.mark.site
@pytest.mark.browser
def test_without_storage_the_pages_say_so_and_nothing_breaks(browser, site_url):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});")
    try:
        page = context.new_page()
        page.goto(site_url + LESSON_A + "/")
        assert "does not let the course keep anything" in page.locator("section.course-progress [role=alert]").inner_text()
        assert page.get_by_role("button", name="Mark as done").is_disabled()
        page.goto(site_url + "my-learning/")
        assert "does not let the course keep anything" in page.locator("#course-ml-status").inner_text()
    finally:
        context.close()


@pytest.mark.site
@pytest.mark.browser
def test_pages_with_records_pass_axe_in_light_and_dark_on_desktop_and_phone(browser, site_url):
    from course.gates.accessibility import SCHEME_ATTRIBUTE, VIEWS, violations_in

    records = {"format": "ai-health-care-course/my-learning", "version": 1, "name": "Sam Example",
               "path": "users", "items": {LESSON_B: {
                   "kind": "lesson", "title": "Sensitivity, specificity, PPV and prevalence", "minutes": 40,
                   "done": "2026-11-30", "quiz": {"quiz-0ff8297b": {"answer": 2, "correct": True, "date": "2026-11-30"}},
                   "reflection": {"learned": "PPV falls.", "practice": "I will ask.", "code": "Preserve safety.",
                                  "updated": "2026-11-30"}}}}
    found = []
    for view in VIEWS:
        context = browser.new_context(viewport={"width": view.width, "height": view.height},
                                      color_scheme="dark" if view.scheme == "dark" else "light")
        context.add_init_script(f"localStorage.setItem('course.myLearning', {json.dumps(json.dumps(records))});")
        try:
            page = context.new_page()
            for url, action in [(f"{LESSON_B}/", None), ("my-learning/", "Clear all")]:
                page.goto(site_url + url)
                page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", SCHEME_ATTRIBUTE[view.scheme])
                if action:
                    page.get_by_role("button", name=action).click()
                    assert page.get_by_role("button", name="Yes, clear everything").is_visible()
                assert page.locator(".course-progress, #course-cpd .course-cpd__entry").count() == 1
                found += violations_in(page, url, view.name)
        finally:
            context.close()
    assert found == [], "\n".join(map(str, found))
