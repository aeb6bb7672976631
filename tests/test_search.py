"""Search in the browser: the index loads only when the reader first uses search
(docs/assets/search-on-demand.js), and search then finds lessons as before."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.site]

LESSON = "foundation/sensitivity-specificity-ppv/"


def index_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if u.split("?")[0].endswith("/search/search_index.json")]


def open_lesson(page, url: str) -> list[str]:
    """Open a page, recording every request it makes; returns the (growing) list."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    return requested


def test_a_first_visit_does_not_download_the_search_index(watched_page, site_url):
    page = watched_page.page
    requested = open_lesson(page, site_url + LESSON)
    page.wait_for_load_state("networkidle")
    assert index_requests(requested) == []
    assert page.evaluate("() => document.documentElement.getAttribute('data-search-index')") is None


def test_opening_search_loads_the_index_and_finds_a_lesson(watched_page, site_url):
    page = watched_page.page
    requested = open_lesson(page, site_url + LESSON)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # the theme's search key
    search = page.locator(".md-search__input")
    search.fill("automation bias")
    page.locator(".md-search-result__item").first.wait_for()
    assert len(index_requests(requested)) == 1
    assert "humans-with-ai" in page.locator(".md-search-result").inner_html()
    assert watched_page.foreign_requests == []


def test_a_shared_search_link_loads_the_index_at_once(watched_page, site_url):
    page = watched_page.page
    requested = open_lesson(page, site_url + LESSON + "?q=prevalence")
    page.locator(".md-search-result__item").first.wait_for()
    assert len(index_requests(requested)) == 1
