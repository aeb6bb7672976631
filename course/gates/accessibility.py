"""Accessibility gate: WCAG 2.2 AA on every page, in both colour schemes, on a desktop and
a phone, checked by axe-core in Chromium; every image has a text alternative; the course's
own controls work with the keyboard alone and show where the focus is.

axe-core comes from the `axe-playwright-python` package (pinned in requirements.lock), so
nothing is downloaded at run time. It is injected into each page with Playwright's
`evaluate`, which the page's Content-Security-Policy does not block.

Four views cover the site. Two of them also reveal what is hidden until a reader acts (trainer
notes, exercise solutions, a picked quiz answer), so that content is checked too:

    light desktop   1280x800   as a first-time reader sees it
    light phone      390x844   trainer view on, solutions open, a quiz answer picked
    dark desktop    1280x800   trainer view on, solutions open, a quiz answer picked
    dark phone       390x844   as a first-time reader sees it

Every page is checked in the two revealed views, which between them cover both colour schemes,
both sizes and everything a reader can open. The two first-time views show a subset of the same
content (closed details, an unanswered quiz), drawn by the same templates, so they are checked
on one page of each template (its kind and its section of the site), not on all of them: axe's
run time grows with a page's length, and this halves the gate's time with no rule or content
left unchecked.
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from course.gates.browser import chromium, page_file, site_pages
from course.gates.pageweight import template_sample
from course.gates.sitecheck import serve
from course.notebooks.notebookpage import MISSING_ALT
from course.settings import environment_setting

TAGS = ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa")
SCHEME_ATTRIBUTE = {"light": "default", "dark": "slate"}


@dataclass(frozen=True)
class View:
    """One way of looking at the site."""

    scheme: str  # light | dark
    width: int
    height: int
    revealed: bool  # trainer notes, solutions and a quiz answer shown

    @property
    def name(self) -> str:
        device = "desktop" if self.width >= 1000 else "phone"
        return f"{self.scheme} {device}" + (" revealed" if self.revealed else "")


VIEWS = (
    View("light", 1280, 800, False),
    View("light", 390, 844, True),
    View("dark", 1280, 800, True),
    View("dark", 390, 844, False),
)

RUN_AXE = """async ([tags, include]) => {
  const result = await axe.run(include ? {include: [include]} : document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html,
                              summary: (n.failureSummary || '').split('\\n').slice(1).join(' ').trim()})),
  }));
}"""

REVEAL = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('fieldset.quiz').forEach(f => {
    const first = f.querySelector('input[type=radio]');
    if (first) first.checked = true;
  });
}"""

TRAINER_VIEW_ON = "try { localStorage.setItem('course.trainerView', 'on'); } catch (e) {}"


@lru_cache(maxsize=1)
def axe_source() -> str:
    """axe-core's script, as bundled by the axe-playwright-python package."""
    try:
        import axe_playwright_python
    except ImportError as error:  # pragma: no cover - the lock file installs it
        raise RuntimeError("axe-playwright-python is missing: run `make test` or "
                           "`pip install -r requirements.lock`") from error
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_version() -> str:
    head = axe_source()[:200]
    return head.split("axe v", 1)[1].split()[0] if "axe v" in head else "unknown"


@dataclass(frozen=True)
class Violation:
    """One element that breaks one rule on one page in one view."""

    page: str
    view: str
    rule: str
    impact: str
    element: str
    summary: str

    def __str__(self) -> str:
        return f"{self.page or '/'} [{self.view}]: {self.rule} ({self.impact}): {self.element}: {self.summary}"


def run_axe(page: Any, tags: tuple[str, ...] = TAGS, include: str | None = None) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it is now (or for one part of it)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, [list(tags), include])


def violations_in(page: Any, url: str, view: str, include: str | None = None) -> list[Violation]:
    found = []
    for rule in run_axe(page, include=include):
        for node in rule["nodes"]:
            found.append(Violation(url, view, rule["rule"], rule["impact"], node["target"],
                                   node["summary"] or rule["help"]))
    return found


def check_pages(base_url: str, pages: list[str], browser: Any | None,
                views: tuple[View, ...] = VIEWS, workers: int = 1,
                sample: set[str] | None = None) -> list[Violation]:
    """Run axe-core on every page in every view; one browser context per view.

    With `sample`, views that reveal nothing check only the sampled pages (see the module's
    docstring). With workers > 1 the views are shared out between that many threads, each with
    its own Chromium (axe-core's contrast checks keep one core busy; this uses the others)."""
    if workers > 1 and len(views) > 1:
        from concurrent.futures import ThreadPoolExecutor

        def worker(share: tuple[View, ...]) -> list[Violation]:
            with chromium() as own:
                return check_pages(base_url, pages, own, share, sample=sample)

        shares = [views[i::workers] for i in range(workers) if views[i::workers]]
        with ThreadPoolExecutor(max_workers=len(shares)) as pool:
            results = list(pool.map(worker, shares))
        order = {v.name: i for i, v in enumerate(views)}
        return sorted((v for r in results for v in r), key=lambda v: (order[v.view], v.page))
    if browser is None:
        with chromium() as own:
            return check_pages(base_url, pages, own, views, sample=sample)
    found: list[Violation] = []
    for view in views:
        checked = pages if view.revealed or sample is None else [p for p in pages if p in sample]
        context = browser.new_context(
            viewport={"width": view.width, "height": view.height},
            color_scheme=view.scheme, reduced_motion="reduce",
        )
        if view.revealed:
            context.add_init_script(TRAINER_VIEW_ON)
        page = context.new_page()
        try:
            for url in checked:
                page.goto(base_url + url, wait_until="load")
                scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                if scheme != SCHEME_ATTRIBUTE[view.scheme]:
                    found.append(Violation(url, view.name, "colour-scheme-not-applied", "serious", "body",
                                           f"expected data-md-color-scheme={SCHEME_ATTRIBUTE[view.scheme]!r}, "
                                           f"found {scheme!r}: check the palette in mkdocs.yml"))
                if view.revealed:
                    page.evaluate(REVEAL)
                found.extend(violations_in(page, url, view.name))
        finally:
            context.close()
    return found


# --- Text alternatives -----------------------------------------------------------------------

class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.missing: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag == "img":
            alt = values.get("alt")
            decorative = values.get("role") in ("presentation", "none") or values.get("aria-hidden") == "true"
            described = values.get("aria-label", "").strip() or values.get("aria-labelledby", "").strip()
            if decorative:
                return
            src = values.get("src", "")
            shown = src if not src.startswith("data:") else src[:30] + "..."
            if alt is None and not described:
                self.missing.append(f"<img src={shown!r}> has no alt text")
            elif alt is not None and alt.strip() == MISSING_ALT:
                self.missing.append(f"<img src={shown!r}> has mkdocs-jupyter's placeholder alt text: "
                                    "add a Markdown cell starting 'Figure description:' after the figure")
            elif alt is not None and not alt.strip() and not described:
                self.missing.append(f"<img src={shown!r}> has empty alt text but is not marked "
                                    "decorative (role=\"presentation\"): describe it")
        elif tag == "svg" and values.get("role") == "img":
            if not (values.get("aria-label") or values.get("aria-labelledby")):
                self.missing.append("<svg role=img> has no aria-label")


@dataclass(frozen=True)
class MissingAlt:
    page: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page or '/'}: {self.detail}"


def images_without_alt(site_dir: Path) -> list[MissingAlt]:
    """Every image in the built site that has no real text alternative."""
    found = []
    for url in site_pages(site_dir):
        parser = _Images()
        parser.feed(page_file(site_dir, url).read_text(encoding="utf-8", errors="replace"))
        found.extend(MissingAlt(url, detail) for detail in parser.missing)
    return found


# --- Keyboard --------------------------------------------------------------------------------

FOCUSABLE = ("a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
             "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])")

FOCUS_BEFORE = """([selector, focusable]) => {
  const target = document.querySelector(selector);
  if (!target) return 'missing';
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const all = [...document.querySelectorAll(focusable)].filter(visible);
  const index = all.indexOf(target);
  if (document.activeElement) document.activeElement.blur();
  if (index > 0) { all[index - 1].focus({preventScroll: true}); return 'previous'; }
  return 'start';
}"""

IS_ACTIVE = "selector => document.activeElement === document.querySelector(selector)"

STATE = """() => [document.documentElement.className, document.body.className,
  [...document.documentElement.attributes].map(a => a.name + '=' + a.value).join(' '),
  document.fullscreenElement ? 'fullscreen' : '',
  document.querySelectorAll('[role=dialog]:not([hidden]), dialog[open]').length].join('|')"""


@dataclass(frozen=True)
class KeyboardCheck:
    """Whether one control works with the keyboard alone."""

    control: str
    page: str
    passed: bool
    detail: str

    def __str__(self) -> str:
        state = "works" if self.passed else "FAILS"
        return f"{self.control} on {self.page or '/'}: {state}: {self.detail}"


def _clip(page: Any, selector: str, margin: int = 8) -> dict[str, float] | None:
    box = page.locator(selector).first.bounding_box()
    if not box:
        return None
    viewport = page.viewport_size
    x, y = max(0, box["x"] - margin), max(0, box["y"] - margin)
    width = min(viewport["width"], box["x"] + box["width"] + margin) - x
    height = min(viewport["height"], box["y"] + box["height"] + margin) - y
    if width <= 0 or height <= 0:
        return None
    return {"x": x, "y": y, "width": width, "height": height}


def changed_pixels(before: bytes, after: bytes) -> int:
    """How many pixels differ between two screenshots of the same region."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(before)) as a, Image.open(io.BytesIO(after)) as b:
        if a.size != b.size:
            return a.size[0] * a.size[1]
        difference = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
        return sum(difference.histogram()[41:])


def tab_to(page: Any, selector: str, from_top: bool = False, limit: int = 80) -> bool:
    """Move the keyboard focus to the element with Tab, as a keyboard user would.

    From the top of the page (Tab pressed up to `limit` times), or from the focusable
    element just before it in the page, which proves the element is in the tab order without
    pressing Tab hundreds of times on a long lesson."""
    if from_top:
        page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); }")
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(IS_ACTIVE, selector):
                return True
        return False
    where = page.evaluate(FOCUS_BEFORE, [selector, FOCUSABLE])
    if where == "missing":
        return False
    page.keyboard.press("Tab")
    return page.evaluate(IS_ACTIVE, selector)


def focus_shows(page: Any, selector: str, from_top: bool = False) -> tuple[bool, str]:
    """Reach the element with Tab and check that focusing it visibly changes the screen."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    clip = _clip(page, selector)
    if clip is None:
        return False, "not visible on screen"
    before = page.screenshot(clip=clip)
    if not tab_to(page, selector, from_top=from_top):
        return False, "Tab never reaches it"
    page.wait_for_timeout(250)  # let focus transitions finish
    after = page.screenshot(clip=_clip(page, selector) or clip)
    changed = changed_pixels(before, after)
    if changed < 20:
        return False, f"reached with Tab, but focus is not visible ({changed} pixels change)"
    return True, f"reached with Tab; focus visible ({changed} pixels change)"


def check_search(page: Any, base_url: str, url: str) -> KeyboardCheck:
    page.goto(base_url + url, wait_until="load")
    shown, detail = focus_shows(page, ".md-search__input", from_top=True)
    if not shown:
        return KeyboardCheck("search", url, False, detail)
    page.keyboard.type("prevalence", delay=20)
    try:
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    except Exception:  # noqa: BLE001
        return KeyboardCheck("search", url, False, "typing a search term shows no results")
    page.wait_for_timeout(300)  # results arrive in batches; let the list settle
    broken = violations_in(page, url, "search open", include=".md-search")
    if broken:
        return KeyboardCheck("search", url, False, "the open search results break WCAG: "
                             + "; ".join(f"{v.rule} at {v.element}" for v in broken[:5]))
    page.keyboard.press("ArrowDown")
    active = page.evaluate("() => document.activeElement.closest('.md-search-result__item') !== null")
    if not active:
        return KeyboardCheck("search", url, False, "ArrowDown does not move to the first result")
    before = page.url
    page.keyboard.press("Enter")
    try:
        page.wait_for_url(lambda address: address != before, timeout=5000)
    except Exception:  # noqa: BLE001
        return KeyboardCheck("search", url, False, "Enter on a result does not open it")
    return KeyboardCheck("search", url, True, detail + "; typing shows results (axe-core: no violations), "
                         "ArrowDown and Enter open one")


def check_trainer_switch(page: Any, base_url: str, url: str) -> KeyboardCheck:
    page.goto(base_url + url, wait_until="load")
    selector = ".course-trainer-switch"
    if page.locator(selector).count() == 0:
        return KeyboardCheck("trainer view switch", url, False, "not on the page (docs/assets/course.js adds it)")
    shown, detail = focus_shows(page, selector, from_top=True)
    if not shown:
        return KeyboardCheck("trainer view switch", url, False, detail)
    view = "document.documentElement.getAttribute('data-trainer-view')"
    pressed = f"document.querySelector('{selector}').getAttribute('aria-pressed')"
    start = page.evaluate(f"[{view}, {pressed}]")
    page.keyboard.press("Enter")
    after_enter = page.evaluate(f"[{view}, {pressed}]")
    page.keyboard.press("Space")
    after_space = page.evaluate(f"[{view}, {pressed}]")
    if after_enter == start:
        return KeyboardCheck("trainer view switch", url, False, f"Enter does not switch it (stays {start})")
    if after_space != start:
        return KeyboardCheck("trainer view switch", url, False, f"Space does not switch it back ({after_space})")
    return KeyboardCheck("trainer view switch", url, True,
                         detail + f"; Enter and Space switch it ({start[0]} -> {after_enter[0]} -> {after_space[0]}), aria-pressed follows")


def check_quiz(page: Any, base_url: str, url: str) -> KeyboardCheck:
    page.goto(base_url + url, wait_until="load")
    quiz = "fieldset.quiz"
    if page.locator(quiz).count() == 0:
        return KeyboardCheck("quiz", url, False, "no quiz on the page")
    ident = page.evaluate(f"document.querySelector('{quiz} input[type=radio]').id")
    first = f"#{ident}"
    shown, detail = focus_shows(page, first)
    if not shown:
        return KeyboardCheck("quiz", url, False, detail)
    page.keyboard.press("Space")
    explanation = (
        "() => { const input = document.activeElement; const box = input.parentElement.querySelector('.quiz-explanation');"
        " return [input.id, input.checked, !!box && box.getClientRects().length > 0]; }"
    )
    chosen_id, checked, visible = page.evaluate(explanation)
    if not (checked and visible):
        return KeyboardCheck("quiz", url, False, "Space does not pick the answer or show its explanation")
    page.keyboard.press("ArrowDown")
    next_id, checked, visible = page.evaluate(explanation)
    if next_id == chosen_id or not (checked and visible):
        return KeyboardCheck("quiz", url, False, "ArrowDown does not move to the next answer and show its explanation")
    return KeyboardCheck("quiz", url, True, detail + "; Space picks an answer and shows why, arrow keys change it")


def check_present(page: Any, base_url: str, url: str) -> KeyboardCheck:
    page.goto(base_url + url, wait_until="load")
    found = page.evaluate("""() => {
      const b = [...document.querySelectorAll('button')].find(x => /^\\s*Present\\b/.test(x.textContent));
      if (!b) return null;
      if (!b.id) b.id = 'course-check-present';
      return '#' + b.id;
    }""")
    if not found:
        return KeyboardCheck("Present button", url, False, "no Present button on a lesson page: "
                             "docs/assets/presenter-view.js did not add one (check the browser console)")
    shown, detail = focus_shows(page, found)
    if not shown:
        return KeyboardCheck("Present button", url, False, detail)
    before = page.evaluate(STATE)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    during = page.evaluate(STATE)
    if during == before:
        return KeyboardCheck("Present button", url, False, "Enter does not start presenter mode")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    if page.evaluate(STATE) != before:
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    if page.evaluate(STATE) != before:
        return KeyboardCheck("Present button", url, False, "Escape does not leave presenter mode")
    return KeyboardCheck("Present button", url, True, detail + "; Enter starts presenter mode, Escape leaves it")


def lesson_with_quiz(site_dir: Path, pages: list[str]) -> str:
    for url in pages:
        if url.startswith(("foundation/", "tracks/")) and 'class="quiz"' in page_file(site_dir, url).read_text(encoding="utf-8"):
            return url
    return next((u for u in pages if u.startswith("foundation/")), "")


def check_keyboard(base_url: str, browser: Any, lesson: str) -> list[KeyboardCheck]:
    """Search, the trainer view switch, a quiz and the Present button, without a mouse, in
    both schemes."""
    results = []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme,
                                      reduced_motion="reduce")
        page = context.new_page()
        try:
            for check in (check_search, check_trainer_switch, check_quiz, check_present):
                try:
                    result = check(page, base_url, lesson)
                except Exception as error:  # noqa: BLE001 - a broken control is a failure, not a crash
                    name = check.__name__.removeprefix("check_").replace("_", " ")
                    result = KeyboardCheck(name, lesson, False, f"{type(error).__name__}: {str(error).splitlines()[0]}")
                results.append(KeyboardCheck(f"{result.control} ({scheme})", result.page, result.passed,
                                             result.detail))
        finally:
            context.close()
    return results


# --- The gate ---------------------------------------------------------------------------------

@dataclass
class AccessibilityReport:
    pages: int
    views: list[str]
    sampled: int | None = None  # pages checked in the views that reveal nothing
    of: int | None = None  # the site's page count, when only one page per template was checked
    violations: list[Violation] = field(default_factory=list)
    missing_alt: list[MissingAlt] = field(default_factory=list)
    keyboard: list[KeyboardCheck] = field(default_factory=list)
    axe: str = ""
    seconds: float = 0.0

    @property
    def keyboard_failures(self) -> list[KeyboardCheck]:
        return [k for k in self.keyboard if not k.passed]

    @property
    def passed(self) -> bool:
        return not self.violations and not self.missing_alt and not self.keyboard_failures

    def figure(self) -> str:
        working = sum(1 for k in self.keyboard if k.passed)
        counted = len(self.keyboard)
        coverage = f"{self.pages} pages x {len(self.views)} views"
        if self.of is not None:
            coverage = f"{self.pages} template pages (of {self.of}) x {len(self.views)} views"
        if self.sampled is not None:
            revealed = sum(1 for v in self.views if "revealed" in v)
            coverage = (f"{self.pages} pages x {revealed} revealed views, "
                        f"{self.sampled} template pages x {len(self.views) - revealed} more")
        return (f"{coverage}: {len(self.violations)} violations; "
                f"{len(self.missing_alt)} images without alt; keyboard {working}/{counted} controls")

    def details(self) -> list[str]:
        lines = [str(v) for v in self.violations] + [str(m) for m in self.missing_alt]
        lines += [str(k) for k in self.keyboard if not k.passed]
        return lines


def default_workers() -> int:
    return min(2, os.cpu_count() or 1, environment_setting("check_workers"))  # COURSE_CHECK_WORKERS


def run(site_dir: Path, browser: Any | None = None, views: tuple[View, ...] = VIEWS,
        keyboard: bool = True, workers: int | None = None, every_view: bool = False,
        templates_only: bool = False) -> AccessibilityReport:
    """The accessibility gate for a built site. `browser` (a Playwright Browser) is used for
    the keyboard checks and, with one worker, for axe-core; more workers start their own.
    `every_view` checks every page in every view instead of one page per template in the
    views that reveal nothing. `templates_only` checks one page per template in every view
    and no other page (the quick form, for after a template change; `make check` checks every page)."""
    start = time.monotonic()
    pages = site_pages(site_dir)
    sample = None if every_view else template_sample(site_dir, pages)
    of = None
    if templates_only:
        of, pages, sample = len(pages), sorted(template_sample(site_dir, pages, by_section=False)), None
    report = AccessibilityReport(len(pages), [v.name for v in views],
                                 sampled=None if sample is None else len(sample), axe=axe_version(), of=of)
    report.missing_alt = images_without_alt(site_dir)
    workers = default_workers() if workers is None else workers
    with serve(site_dir) as base_url:
        report.violations = check_pages(base_url, pages, browser, views, workers, sample)
        if keyboard:
            lesson = lesson_with_quiz(site_dir, pages)
            if browser is None:
                with chromium() as own:
                    report.keyboard = check_keyboard(base_url, own, lesson)
            else:
                report.keyboard = check_keyboard(base_url, browser, lesson)
    report.seconds = time.monotonic() - start
    return report
