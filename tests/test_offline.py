"""The offline pack (course/tools/offline.py): built for file://, zipped deterministically, and
working from disk in a real Chromium with every request off the machine refused."""

import zipfile

import pytest
from conftest import ARTIFACTS, ROOT

from course.gates.sitecheck import third_party_resources
from course.tools.offline import PACK_FOLDER, WORKER_SHIM_URL, ZIP_TIME, offline_config, zip_site


def test_zip_is_the_same_bytes_every_time_in_sorted_order_under_one_folder(tmp_path):
    site = tmp_path / "site"
    for name, text in [("index.html", "home"), ("b/z.html", "z"), ("b/a.html", "a"), ("a.css", "x")]:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    first = tmp_path / "one.zip"
    assert zip_site(site, first) == 4
    for path in site.rglob("*"):  # new timestamps must not change the zip
        path.touch()
    second = tmp_path / "two.zip"
    zip_site(site, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names) == [f"{PACK_FOLDER}/{n}" for n in ("a.css", "b/a.html", "b/z.html", "index.html")]
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
        assert archive.read(f"{PACK_FOLDER}/b/z.html") == b"z"


def test_offline_configuration_changes_only_what_disk_needs(tmp_path):
    before = (ROOT / "mkdocs.yml").read_text()
    config = offline_config(ROOT / "mkdocs.yml", tmp_path / "site")
    assert config.use_directory_urls is False
    assert "material/offline" in config.plugins and "material/search" in config.plugins
    assert config.extra["polyfills"] == [WORKER_SHIM_URL]
    assert "iframe-worker" in WORKER_SHIM_URL, "else Material's offline plugin adds a CDN script"
    assert config.config_file_path == str(ROOT / "mkdocs.yml"), "hooks and settings resolve from the project"
    assert config.extra["course"]["repository"], "the site's own extra settings are kept"
    assert (ROOT / "mkdocs.yml").read_text() == before


@pytest.mark.site
def test_pack_has_search_index_script_our_worker_and_nothing_from_other_sites(offline_site, offline_pack, tmp_path):
    assert (offline_site / "index.html").is_file()
    assert (offline_site / "foundation" / "what-ai-is.html").is_file(), "no directory URLs"
    assert (offline_site / "search" / "search_index.js").read_text().startswith("var __index =")
    assert (offline_site / WORKER_SHIM_URL).is_file() and (offline_site / "README.txt").is_file()
    assert not (offline_site / "sitemap.xml").exists()
    notebooks = sorted((offline_site / "notebooks").rglob("*.html"))
    assert notebooks, "the pack has no notebook pages"
    for page in notebooks:  # each notebook's download link, "<name>.ipynb", works from disk
        if page.name != "index.html":
            assert page.with_suffix(".ipynb").is_file(), page
    assert third_party_resources(offline_site) == []
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    assert f'<script src="{WORKER_SHIM_URL}"></script>' in home and "unpkg" not in home
    # The zip is deterministic: zipping the pack's site folder again gives the same bytes.
    again = tmp_path / "again.zip"
    zip_site(offline_pack.site_dir, again)
    assert again.read_bytes() == offline_pack.zip_path.read_bytes()


@pytest.mark.site
@pytest.mark.browser
def test_pack_works_from_disk_with_no_request_off_the_machine(browser, offline_site):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    requested: list[str] = []
    refused: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
            return route.continue_()
        refused.append(route.request.url)
        return route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    try:
        page.goto((offline_site / "index.html").as_uri())
        # Navigation: a link in the home page, one in the menu, then the footer's "Next".
        page.locator("article a[href$='foundation/index.html']:visible").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/foundation/index.html")
        page.locator(".md-sidebar--primary a[href$='what-ai-is.html']:visible").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/foundation/what-ai-is.html")
        first_title = page.locator("article h1").inner_text()
        page.locator("a.md-footer__link--next").click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.url.endswith(".html")
        assert page.locator("article h1").inner_text() != first_title

        # Search: the index comes from search/search_index.js; the worker runs in a frame.
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("prevalence")  # Material searches on keyup, which fill() lacks
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15000)
        assert results.count() >= 2
        assert "prevalence" in page.locator(".md-search-result").inner_text().lower()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "offline-search.png"))
        page.locator(".md-search-result a[href*='sensitivity-specificity-ppv.html']").first.click()
        page.wait_for_load_state()
        assert "sensitivity-specificity-ppv.html" in page.url

        # Trainer view: the switch shows the trainer notes, from disk too.
        trainer_note = page.locator(".admonition.trainer").first
        assert not trainer_note.is_visible()
        page.locator(".course-trainer-switch").click()
        assert trainer_note.is_visible()
        page.locator(".course-trainer-switch").click()

        # A notebook, from the lesson's own link: its outputs and figures are in the pack.
        page.locator("article .notebook a").first.click()
        page.wait_for_load_state()
        assert "/notebooks/" in page.url and page.url.endswith(".html")
        assert page.locator(".jupyter-wrapper .jp-OutputArea-output").count() > 0
        figures = page.locator(".jupyter-wrapper img")
        assert figures.count() > 0
        assert all(figures.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
                   for i in range(figures.count()))
        page.screenshot(path=str(ARTIFACTS / "offline-notebook.png"))
    finally:
        context.close()
    assert refused == [], f"the pack asked for things off the machine: {refused}"
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in requested), requested
    assert any(url.endswith("search/search_index.js") for url in requested), "requests were not seen"
    assert errors == [], "scripts failed in the pack:\n" + "\n".join(errors)
