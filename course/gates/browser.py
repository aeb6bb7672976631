"""A real browser for the quality gates: Debian's Chromium driven by Playwright, and the
list of pages in a built site.

Nothing here downloads a browser: Playwright drives the Chromium that the machine has
(`apt-get install chromium`; `.ci/run` installs it). Set COURSE_CHROMIUM to use another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from course.settings import environment_setting

CHROMIUM = environment_setting("chromium")  # COURSE_CHROMIUM, read and checked in course/settings.py
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]


class BrowserMissing(RuntimeError):
    """Chromium is not installed where the gates look for it."""


@contextmanager
def chromium() -> Iterator[Any]:
    """Launch headless Chromium; yields a Playwright Browser."""
    if not Path(CHROMIUM).exists():
        raise BrowserMissing(
            f"{CHROMIUM} is missing: install it with `apt-get install chromium` "
            "(or set COURSE_CHROMIUM to a Chromium binary)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def page_url(site_dir: Path, html: Path) -> str:
    """The URL path (relative to the site root) at which a server shows this HTML file."""
    rel = html.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, as URL paths relative to its root, sorted."""
    return sorted(page_url(site_dir, p) for p in site_dir.rglob("*.html"))


def page_file(site_dir: Path, url: str) -> Path:
    """The HTML file for a URL path from `site_pages`."""
    return site_dir / (url + "index.html" if url == "" or url.endswith("/") else url)
