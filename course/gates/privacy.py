"""Privacy gate: the site never sends its readers' browsers to another site, sets no
cookies, and works under a strict Content-Security-Policy.

`run()` checks a built site three ways:

1. Statically: no page or stylesheet refers to anything on another site
   (`sitecheck.third_party_resources`), and every page carries a strict policy that allows
   its own inline scripts and nothing else (`csp.check_page`).
2. In Chromium, every page is loaded with every request intercepted: a request to any
   origin but the site's own is recorded and blocked. Cookies are read afterwards.
   Content-Security-Policy violations (`securitypolicyviolation` events and console
   messages) and script errors are recorded for every page.
3. The site still works under the policy: search finds a lesson, the trainer view switch
   shows trainer notes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from course.gates.browser import chromium, page_file, site_pages
from course.gates.pageweight import template_sample
from course.gates.sitecheck import Reference, serve, third_party_resources
from course.pages import csp

# Collected in the page before any of its own scripts run.
WATCH_VIOLATIONS = """
window.__courseViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__courseViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') +
    (e.sourceFile ? ' (' + e.sourceFile.split('/').pop() + ':' + e.lineNumber + ')' : ''));
});
"""
LOCAL_SCHEMES = ("data", "blob", "about")
SEARCH_TERM = "prevalence"


@dataclass(frozen=True)
class Finding:
    """One privacy or policy problem on one page."""

    page: str
    kind: str  # third-party request, cookie, CSP violation, script error, ...
    detail: str

    def __str__(self) -> str:
        return f"{self.page or '/'}: {self.kind}: {self.detail}"


@dataclass
class PrivacyReport:
    pages: int
    loaded: int | None = None  # pages loaded in the browser (all, unless templates_only)
    requests: int = 0
    third_party_requests: list[Finding] = field(default_factory=list)
    cookies: list[Finding] = field(default_factory=list)
    csp_violations: list[Finding] = field(default_factory=list)
    script_errors: list[Finding] = field(default_factory=list)
    static_references: list[Reference] = field(default_factory=list)
    policy_problems: list[csp.PolicyProblem] = field(default_factory=list)
    works_under_policy: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def findings(self) -> list[str]:
        return ([str(f) for f in self.third_party_requests] + [str(f) for f in self.cookies]
                + [str(f) for f in self.csp_violations] + [str(f) for f in self.script_errors]
                + [f"{r.page}: refers to another site: {r.what} loads {r.url}" for r in self.static_references]
                + [str(p) for p in self.policy_problems] + [str(f) for f in self.works_under_policy])

    @property
    def passed(self) -> bool:
        return not self.findings

    def figure(self) -> str:
        shown = f"{self.pages} pages" if self.loaded in (None, self.pages) else \
            f"{self.pages} pages read, {self.loaded} template pages loaded"
        text = (f"{shown}, {self.requests} requests: {len(self.third_party_requests)} "
                f"third-party, {len(self.cookies)} cookies, {len(self.csp_violations)} CSP violations")
        others = [(len(self.policy_problems), "policy problems"), (len(self.static_references), "references to other sites"),
                  (len(self.script_errors), "script errors"), (len(self.works_under_policy), "broken under the policy")]
        return text + "".join(f", {count} {what}" for count, what in others if count)

    def details(self) -> list[str]:
        return self.findings


def static_checks(site_dir: Path, pages: list[str]) -> tuple[list[Reference], list[csp.PolicyProblem]]:
    problems = []
    for url in pages:
        html = page_file(site_dir, url).read_text(encoding="utf-8")
        problems.extend(csp.check_page(url or "/", html))
    return third_party_resources(site_dir), problems


def browse(base_url: str, pages: list[str], browser: Any, report: PrivacyReport, functional: bool = True) -> None:
    """Load every page with request interception; record what leaves the site."""
    origin = urlsplit(base_url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(WATCH_VIOLATIONS)
    current = {"page": ""}

    def route(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        report.requests += 1
        if parts.scheme in LOCAL_SCHEMES or parts.netloc == origin:
            route.continue_()
            return
        report.third_party_requests.append(Finding(current["page"], "third-party request", url))
        route.abort()

    context.route("**/*", route)
    page = context.new_page()
    console: list[Finding] = []
    page.on("console", lambda message: _console(message, current["page"], console))
    page.on("pageerror", lambda error: report.script_errors.append(
        Finding(current["page"], "script error", str(error).splitlines()[0][:200])))
    try:
        for url in pages:
            current["page"] = url
            page.goto(base_url + url, wait_until="load")
            page.wait_for_timeout(50)  # let late scripts (search worker start-up) run
            events = page.evaluate("window.__courseViolations || []")
            report.csp_violations.extend(Finding(url, "CSP violation", v) for v in events)
            if not events:  # the console also reports what the events missed (e.g. a blocked worker)
                report.csp_violations.extend(f for f in console if f.page == url)
            console.clear()
        for cookie in context.cookies():
            report.cookies.append(Finding("", "cookie", f"{cookie['name']} on {cookie['domain']}"))
        if functional:
            check_site_works(base_url, page, report, pages)
    finally:
        context.close()


def _console(message: Any, page: str, found: list[Finding]) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        found.append(Finding(page, "CSP violation", message.text[:200]))


def check_site_works(base_url: str, page: Any, report: PrivacyReport, pages: list[str]) -> None:
    """Search and the trainer view switch still work under the policy."""
    lesson = next((u for u in pages if u.startswith(("foundation/", "tracks/")) and u.count("/") >= 2), "")
    page.goto(base_url + lesson, wait_until="load")
    search = page.locator(".md-search__input")
    try:
        search.click()
        # Material searches on key-up: typing (not fill) is what a reader does.
        search.press_sequentially(SEARCH_TERM, delay=30)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10000)
    except Exception as error:  # noqa: BLE001 - any failure means search does not work
        report.works_under_policy.append(Finding(lesson, "search does not work",
                                                 f"no results for {SEARCH_TERM!r}: {str(error).splitlines()[0]}"))
    page.keyboard.press("Escape")
    page.goto(base_url + lesson, wait_until="load")
    switch = page.locator(".course-trainer-switch")
    if switch.count() == 0:
        report.works_under_policy.append(Finding(lesson, "trainer view switch missing",
                                                 "docs/assets/course.js did not add it"))
        return
    before = page.evaluate("document.documentElement.getAttribute('data-trainer-view')")
    switch.first.click()
    after = page.evaluate("document.documentElement.getAttribute('data-trainer-view')")
    if before == after:
        report.works_under_policy.append(Finding(lesson, "trainer view switch does not work",
                                                 f"data-trainer-view stayed {before!r}"))
    switch.first.click()


def run(site_dir: Path, browser: Any | None = None, functional: bool = True,
        templates_only: bool = False) -> PrivacyReport:
    """The privacy gate for a built site. `functional` also checks that search and the
    trainer view switch work under the policy (the real site has them; test fixtures do not).
    `templates_only` loads one page per template in the browser (the static checks still read
    every page): the quick form, for after a template change; `make check` loads every page."""
    start = time.monotonic()
    pages = site_pages(site_dir)
    report = PrivacyReport(len(pages))
    report.static_references, report.policy_problems = static_checks(site_dir, pages)
    loaded = sorted(template_sample(site_dir, pages, by_section=False)) if templates_only else pages
    report.loaded = len(loaded)
    with serve(site_dir) as base_url:
        if browser is None:
            with chromium() as own:
                browse(base_url, loaded, own, report, functional)
        else:
            browse(base_url, loaded, browser, report, functional)
    report.seconds = time.monotonic() - start
    return report
