"""SCORM 1.2 packages (course/tools/scorm.py): what each holds, its manifest, and each package run in
Chromium inside scorm-again's SCORM 1.2 run-time (the LMS side, installed by make check from
tests/lms/package-lock.json), checking what the LMS recorded."""

from __future__ import annotations

import html
import json
import posixpath
import re
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from course.content.frontmatter import read_project
from course.gates.sitecheck import serve, third_party_resources
from course.tools import scorm

LMS_RUNTIME = ROOT / "tests" / "lms" / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
LMS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script></head>
<body><iframe id="sco" title="Course package" width="1200" height="800"></iframe>
<script src="lms.js"></script></body></html>
"""
# The LMS: scorm-again's API where a SCORM 1.2 package looks for it (window.API of a parent),
# starting from the learner's saved data when the address carries some, then the package.
LMS_SCRIPT = """
var query = new URLSearchParams(location.search);
window.API = new Scorm12API({ logLevel: 5, autocommit: false });
if (query.get("saved")) window.API.loadFromJSON(JSON.parse(query.get("saved")));
window.lmsCalls = [];
["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
  window.API.on(name, function () { window.lmsCalls.push(name); });
});
document.getElementById("sco").src = query.get("package") + "/scorm.html";
"""
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")  # SCORM 1.2 CMITimespan


# ---- Without a build ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalogue():
    return read_project(ROOT)


def test_there_is_a_package_for_essentials_the_foundation_and_every_track(catalogue):
    found = {p.key: p for p in scorm.packages(catalogue)}
    assert list(found) == ["essentials", "foundation", *[t for t in scorm.ROLE_TRACKS if catalogue.track(t)]]
    assert set(found) >= {"essentials", "foundation", "users", "drivers", "creators", "embedders", "shapers"}
    assert {l.part for l in found["essentials"].lessons} == {"essentials"}
    assert set(found["essentials"].lessons) < set(found["foundation"].lessons)
    assert all(l.track == "users" for l in found["users"].lessons) and len(found["users"].lessons) >= 5


def test_a_track_package_leaves_out_other_tracks_but_keeps_the_foundation(catalogue):
    every = scorm.packages(catalogue)
    users = next(p for p in every if p.key == "users")
    left_out = scorm.left_out_pages(users, catalogue)
    assert "foundation/what-ai-is.html" not in left_out
    assert not left_out & users.owned_pages()
    drivers = next(p for p in every if p.key == "drivers")
    assert drivers.owned_pages() - {scorm.page_of(n) for n in users.notebooks} <= left_out
    essentials = next(p for p in every if p.key == "essentials")
    assert users.owned_pages() <= scorm.left_out_pages(essentials, catalogue)


def test_links_to_left_out_pages_become_text_and_others_stay():
    page = "tracks/users/index.html"
    text = ('<a href="../drivers/business-case.html#top" class="md-nav__link"><span>Business</span></a> '
            '<a href="ai-in-the-record.html">Record</a> <a href="https://example.org/">Out</a> '
            '<a href="#here">Here</a><link rel="next" href="../drivers/business-case.html">'
            '<link rel="prev" href="ai-in-the-record.html">'
            '<li class="md-nav__item">\n  <a href="../drivers/business-case.html" class="md-nav__link">\n'
            '  <span class="md-ellipsis">Menu entry gone</span>\n  </a>\n</li>'
            '<li class="md-nav__item">\n  <a href="ai-in-the-record.html" class="md-nav__link">Menu entry kept</a>\n</li>')
    out, changed = scorm.unlink_left_out(page, text, {"tracks/drivers/business-case.html"})
    assert changed == 1
    assert '<span class="course-outside-package"><span>Business</span></span>' in out
    assert '<a href="ai-in-the-record.html">Record</a>' in out and 'href="#here"' in out
    assert 'rel="next"' not in out and '<link rel="prev" href="ai-in-the-record.html">' in out
    assert "Menu entry gone" not in out and "Menu entry kept" in out


def test_search_leaves_out_the_left_out_pages():
    index = {"config": {}, "docs": [{"location": "a.html", "title": "A", "text": ""},
                                    {"location": "b.html#part", "title": "B", "text": ""}]}
    out = scorm.filter_search_index(scorm.SEARCH_PREFIX + json.dumps(index), {"b.html"})
    assert [d["location"] for d in json.loads(out[len(scorm.SEARCH_PREFIX):])["docs"]] == ["a.html"]
    with pytest.raises(scorm.ScormError, match="search_index.js"):
        scorm.filter_search_index("{}", set())


def test_the_manifest_lists_every_file_and_a_broken_one_is_named(catalogue):
    package = scorm.packages(catalogue)[0]
    files = ["assets/a.css", "index.html", scorm.LAUNCH]
    manifest = scorm.manifest_xml(package, files)
    assert scorm.check_manifest(manifest, set(files) | {scorm.MANIFEST}) == []
    text = manifest.decode()
    assert "<schemaversion>1.2</schemaversion>" in text and 'adlcp:scormtype="sco"' in text
    assert scorm.check_manifest(manifest, set(files) | {"extra.html"}) == [
        "1 files are not listed in the manifest, such as extra.html"]
    assert "listed files are not in the package" in scorm.check_manifest(manifest, {scorm.LAUNCH, "index.html"})[0]
    wrong = text.replace("<schemaversion>1.2</schemaversion>", "<schemaversion>CAM 1.3</schemaversion>")
    assert any("schemaversion" in p for p in scorm.check_manifest(wrong.encode(), set(files)))
    assert "not well-formed" in scorm.check_manifest(b"<manifest", set())[0]


# ---- The packages, built from the offline pack's build ---------------------------------------

@pytest.fixture(scope="module")
def packages(offline_pack, tmp_path_factory) -> dict[str, Path]:
    """Every package, made from the offline pack's build (no second build), unzipped."""
    out = tmp_path_factory.mktemp("scorm")
    built = scorm.make_packages(ROOT / "mkdocs.yml", out / "zips", from_site=offline_pack.site_dir)
    unzipped: dict[str, Path] = {}
    for b in built:
        with zipfile.ZipFile(b.zip_path) as archive:
            assert scorm.MANIFEST in archive.namelist(), "imsmanifest.xml must be at the top of the zip"
            archive.extractall(out / "lms" / b.package.key)
        unzipped[b.package.key] = b.zip_path
    return {key: out / "lms" / key for key in unzipped} | {"_zips": out / "zips"}


LINK = re.compile(r'(?:href|src)="([^"#?]*)[^"]*"')


@pytest.mark.site
def test_each_package_is_valid_complete_and_self_contained(packages):
    for key in ("essentials", "foundation", "users", "drivers", "creators", "embedders", "shapers"):
        folder = packages[key]
        names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert scorm.check_manifest((folder / scorm.MANIFEST).read_bytes(), names) == [], key
        assert third_party_resources(folder) == [], f"{key} loads something from another site"
        dead = []
        for name in sorted(n for n in names if n.endswith(".html")):
            for href in LINK.findall((folder / name).read_text(encoding="utf-8")):
                href = html.unescape(href)
                if not href or ":" in href or href.startswith("/"):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), href))
                if target not in names and f"{target}/index.html" not in names:
                    dead.append(f"{name} -> {href}")
        assert dead == [], f"package {key} has links to files it does not hold: {dead[:5]}"
    users = {p.relative_to(packages["users"]).as_posix() for p in packages["users"].rglob("*.html")}
    assert "tracks/users/ai-in-the-record.html" in users and "foundation/what-ai-is.html" in users
    assert not any(n.startswith("tracks/drivers/") and not n.endswith("index.html") for n in users)
    lesson = (packages["users"] / "tracks/users/ai-in-the-record.html").read_text(encoding="utf-8")
    assert not re.search(r'md-nav__item">\s*<span class="course-outside-package"', lesson), \
        "menu entries for left-out pages must go, not stay as plain text"
    search = (packages["users"] / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "tracks/drivers/business-case.html" not in search and "tracks/users/ai-in-the-record.html" in search


@pytest.mark.site
def test_packages_are_the_same_bytes_when_made_again(packages, offline_pack, tmp_path):
    again = scorm.make_packages(ROOT / "mkdocs.yml", tmp_path, only=["users", "essentials"],
                                from_site=offline_pack.site_dir)
    for b in again:
        assert b.zip_path.read_bytes() == (packages["_zips"] / b.zip_path.name).read_bytes(), b.zip_path.name


# ---- In a real SCORM 1.2 run-time ----------------------------------------------------------

@pytest.fixture(scope="module")
def lms(packages):
    """The packages and a test LMS page served over HTTP on loopback."""
    if not LMS_RUNTIME.is_file():
        pytest.fail("scorm-again is not installed: run `npm ci --prefix tests/lms` (make check does)")
    root = packages["essentials"].parent
    (root / "scorm12.js").write_bytes(LMS_RUNTIME.read_bytes())
    (root / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    (root / "lms.js").write_text(LMS_SCRIPT, encoding="utf-8")
    with serve(root) as url:
        yield url


def launch(browser, lms: str, key: str, saved: dict | None = None):
    """A page on the test LMS with one package launched; records requests off the server."""
    from urllib.parse import quote

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url.startswith((lms, "data:", "blob:", "about:")):
            return route.continue_()
        foreign.append(route.request.url)
        return route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    address = f"{lms}lms.html?package={key}" + (f"&saved={quote(json.dumps(saved))}" if saved else "")
    page.goto(address)
    page.wait_for_function("() => window.lmsCalls && window.lmsCalls.includes('LMSInitialize')")
    return context, page, foreign, errors


def cmi(page, element: str) -> str:
    return page.evaluate("e => String(window.API.LMSGetValue(e))", element)


def package_data(page) -> dict:
    sco = page.frame_locator("#sco")
    return json.loads(sco.locator("#scorm-package").get_attribute("data-package"))


def open_page(page, path: str):
    """Show a page of the package in the package's frame, as a link there would."""
    sco = next(f for f in page.frames if f.url.endswith("/scorm.html"))
    sco.evaluate("p => { document.getElementById('scorm-content').src = p; }", path)
    content = page.frame_locator("#sco").frame_locator("#scorm-content")
    content.locator("section.course-progress button").first.wait_for()
    return content


def answer_quiz(content, right: bool = True) -> int:
    """Answer every question on the page (right or wrong first); returns how many."""
    questions = content.locator("fieldset.quiz")
    for n in range(questions.count()):
        choice = ".quiz-option:has(.quiz-correct) label" if right else ".quiz-option:has(.quiz-incorrect) label"
        questions.nth(n).locator(choice).first.click()
    return questions.count()


@pytest.mark.site
@pytest.mark.browser
def test_finishing_essentials_in_the_lms_records_completed_score_and_time(browser, lms):
    context, page, foreign, errors = launch(browser, lms, "essentials")
    try:
        data = package_data(page)
        lessons = data["lessons"]
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"
        assert cmi(page, "cmi.core.score.raw") == ""
        total = sum(l["quiz"] for l in lessons)
        assert total > 0

        content = open_page(page, lessons[0]["id"] + ".html")
        right = answer_quiz(content, right=True)
        content.get_by_role("button", name="Mark as done").click()
        content = open_page(page, lessons[1]["id"] + ".html")
        answer_quiz(content, right=False)  # wrong first: these count as not correct
        answer_quiz(content, right=True)
        content.get_by_role("button", name="Mark as done").click()
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"
        assert cmi(page, "cmi.core.score.raw") == str(round(100 * right / total))
        assert cmi(page, "cmi.core.lesson_location") == lessons[1]["id"] + ".html"

        for lesson in lessons[2:]:
            content = open_page(page, lesson["id"] + ".html")
            content.get_by_role("button", name="Mark as done").click()
        assert cmi(page, "cmi.core.lesson_status") == "completed"
        status = page.frame_locator("#sco").locator("#scorm-status").inner_text()
        assert f"{len(lessons)} of {len(lessons)} lessons marked done" in status
        # What another browser would need: every lesson done, and the first answers.
        entries = cmi(page, "cmi.suspend_data").split(";")
        assert entries[0] == "v1" and len(entries) == 1 + len(lessons), entries
        fields = [entry.split(".") for entry in entries[1:]]
        assert [int(f[0]) for f in fields] == list(range(len(lessons)))
        assert all(re.fullmatch(r"\d{8}", f[1]) for f in fields), "each lesson's done date"
        first_answers = re.findall(r"[0-9a-f]{8}[1-9a]([cw])", fields[0][3])
        assert first_answers == ["c"] * right
        assert re.findall(r"[0-9a-f]{8}[1-9a]([cw])", fields[1][3]) == ["w"] * lessons[1]["quiz"], \
            "the first answer is kept, not the later right one"

        # The reader leaves: the package ends the session.
        page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        page.wait_for_function("() => window.lmsCalls.includes('LMSFinish')")
        assert page.evaluate("() => window.API.isTerminated()")
        core = recorded(page)
        assert TIMESPAN.match(core["session_time"]), json.dumps(core)
        assert core["lesson_status"] == "completed" and core["exit"] == "", core
        assert core["score"] == {"raw": str(round(100 * right / total)), "min": "0", "max": "100"}
        assert core["total_time"] == core["session_time"], "a first session's time is the total"
        assert foreign == [] and errors == []
    finally:
        context.close()


@pytest.mark.site
@pytest.mark.browser
def test_every_package_launches_records_a_lesson_and_a_quiz_and_resumes(browser, lms, packages):
    for key in ("foundation", "users", "drivers", "creators", "embedders", "shapers"):
        context, page, foreign, errors = launch(browser, lms, key)
        try:
            data = package_data(page)
            content = page.frame_locator("#sco").frame_locator("#scorm-content")
            assert content.locator("h1").first.is_visible(), f"{key}: the start page did not show"
            first = data["lessons"][0]
            content = open_page(page, first["id"] + ".html")
            right = answer_quiz(content)
            content.get_by_role("button", name="Mark as done").click()
            total = sum(l["quiz"] for l in data["lessons"])
            assert cmi(page, "cmi.core.lesson_status") == "incomplete", key
            assert cmi(page, "cmi.core.score.raw") == str(round(100 * right / total)), key
            page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
            page.wait_for_function("() => window.lmsCalls.includes('LMSFinish')")
            assert recorded(page)["exit"] == "suspend", key
            assert foreign == [] and errors == [], (key, foreign, errors)
        finally:
            context.close()

    # A relaunch with the LMS's saved data opens the page the reader left.
    saved = {"core": {"lesson_status": "incomplete", "lesson_location": "tracks/users/ai-in-the-record.html"}}
    context, page, foreign, errors = launch(browser, lms, "users", saved=saved)
    try:
        content = page.frame_locator("#sco").frame_locator("#scorm-content")
        content.locator("section.course-progress").wait_for(state="attached")
        assert content.locator("section.course-progress").get_attribute("data-course-item") == \
            "tracks/users/ai-in-the-record"
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"
    finally:
        context.close()


@pytest.mark.site
@pytest.mark.browser
def test_a_launch_in_another_browser_brings_back_done_lessons_and_first_answers(browser, lms):
    context, page, foreign, errors = launch(browser, lms, "essentials")
    try:
        lessons = package_data(page)["lessons"]
        first = lessons[0]
        content = open_page(page, first["id"] + ".html")
        answer_quiz(content, right=False)
        content.get_by_role("button", name="Mark as done").click()
        score = cmi(page, "cmi.core.score.raw")
        page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        page.wait_for_function("() => window.lmsCalls.includes('LMSFinish')")
        kept = page.evaluate("() => JSON.parse(JSON.stringify(window.API.renderCommitCMI(true)))")["cmi"]
        assert foreign == [] and errors == []
    finally:
        context.close()

    # Another browser (a new context: its My learning is empty), launched with what the LMS kept.
    saved = {"core": {"lesson_status": kept["core"]["lesson_status"], "lesson_location": first["id"] + ".html",
                      "score": kept["core"]["score"]},
             "suspend_data": kept["suspend_data"]}
    context, page, foreign, errors = launch(browser, lms, "essentials", saved=saved)
    try:
        status = page.frame_locator("#sco").locator("#scorm-status")
        content = page.frame_locator("#sco").frame_locator("#scorm-content")
        content.get_by_role("button", name="Mark as not done").wait_for()
        assert "1 lesson brought back into My learning" in status.inner_text()
        frame = next(f for f in page.frames if f.url.endswith(first["id"] + ".html"))
        summary = frame.evaluate("id => window.CourseLearning.summary(id)", first["id"])
        assert summary["done"] and summary["answered"] == first["quiz"] and summary["correct"] == 0, summary
        assert cmi(page, "cmi.core.score.raw") == score, "the score stays as the LMS had it"
        # Answering again in this browser does not replace the first answers brought back.
        answer_quiz(content, right=True)
        assert frame.evaluate("id => window.CourseLearning.summary(id)", first["id"])["correct"] == 0
        assert foreign == [] and errors == []
    finally:
        context.close()


def recorded(page) -> dict:
    """cmi.core as the LMS stores it when the session ends (scorm-again's terminating commit:
    LMSGetValue refuses once the session is over, and some elements are write-only)."""
    return page.evaluate("() => JSON.parse(JSON.stringify(window.API.renderCommitCMI(true)))")["cmi"]["core"]


@pytest.mark.site
@pytest.mark.browser
def test_opened_without_a_learning_system_the_package_says_so(browser, lms):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{lms}users/scorm.html")
        assert "No learning system found" in page.locator("#scorm-status").inner_text()
        assert page.frame_locator("#scorm-content").locator("h1").first.is_visible()
    finally:
        context.close()
