"""The privacy gate: a strict Content-Security-Policy in every page, and no request to any
other site, no cookies and no policy violations when a browser loads the pages."""

from pathlib import Path

import pytest

from course.gates import privacy
from course.gates.browser import site_pages
from course.pages import csp


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script>window.ranInline = true;</script>
{head}
</head><body><main><h1>{title}</h1><p>A page used by the tests.</p>{body}</main></body></html>
"""


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, html in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root


# --- The policy ------------------------------------------------------------------------------

def test_policy_allows_each_inline_script_by_hash_and_nothing_from_other_sites():
    html = PAGE.format(title="A", head='<script id="__config" type="application/json">{"a": 1}</script>', body="")
    policy = csp.parse(csp.policy_for(html))
    assert policy["script-src"] == ["'self'", csp.script_hash("window.ranInline = true;")]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert not any(s.startswith(("http", "'unsafe")) for sources in policy.values() for s in sources)


def test_policy_goes_before_the_first_script_and_adding_it_twice_changes_nothing():
    html = PAGE.format(title="A", head="", body="")
    once = csp.add_policy(html)
    assert once.index("Content-Security-Policy") < once.index("<script")
    assert once.index("<meta charset") < once.index("Content-Security-Policy")
    assert csp.add_policy(once) == once
    assert csp.check_page("a", once) == []


def test_check_page_finds_a_missing_or_loose_policy_and_unlisted_scripts():
    bare = PAGE.format(title="A", head="", body="")
    assert "no Content-Security-Policy" in str(csp.check_page("a", bare)[0])
    loose = bare.replace('<meta charset="utf-8">', '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                         'content="default-src \'self\'; script-src \'self\' \'unsafe-inline\' https://cdn.example">')
    problems = " ".join(str(p) for p in csp.check_page("a", loose))
    assert "'unsafe-inline'" in problems and "https://cdn.example" in problems
    later = csp.add_policy(bare).replace("</body>", "<script>alert(1)</script></body>")
    assert "an inline script is not allowed" in str(csp.check_page("a", later)[-1])


def test_every_page_of_the_real_site_carries_a_strict_policy(real_site):
    pages = site_pages(real_site.site_dir)
    assert len(pages) > 20
    references, problems = privacy.static_checks(real_site.site_dir, pages)
    assert references == [] and problems == []
    html = (real_site.site_dir / "404.html").read_text(encoding="utf-8")
    assert csp.page_policy(html), "404.html (a theme template) has no policy"


# --- In the browser --------------------------------------------------------------------------

@pytest.mark.browser
def test_an_external_script_and_a_cookie_fail_the_gate(browser, tmp_path):
    site = write_site(tmp_path / "site", {
        "index.html": csp.add_policy(PAGE.format(title="Home", head="", body="<p>Fine.</p>")),
        "tracked/index.html": PAGE.format(
            title="Tracked", head='<script src="https://cdn.example/analytics.js"></script>',
            body='<img src="https://images.example/pixel.gif" alt="">'),
        "cookie/index.html": PAGE.format(title="Cookie", head="",
                                         body="<script>document.cookie = 'seen=yes; path=/';</script>"),
    })
    report = privacy.run(site, browser, functional=False)
    assert not report.passed
    requests = {(f.page, f.detail) for f in report.third_party_requests}
    assert ("tracked/", "https://cdn.example/analytics.js") in requests
    assert ("tracked/", "https://images.example/pixel.gif") in requests
    assert [r.url for r in report.static_references] == ["https://cdn.example/analytics.js",
                                                        "https://images.example/pixel.gif"]
    assert [c.detail.split(" ")[0] for c in report.cookies] == ["seen"]
    assert {p.page for p in report.policy_problems} == {"tracked/", "cookie/"}
    assert "3 pages" in report.figure() and "2 third-party" in report.figure()


@pytest.mark.browser
def test_templates_only_loads_one_page_per_template_but_reads_every_page(browser, tmp_path):
    fine = csp.add_policy(PAGE.format(title="Fine", head="", body="<p>Fine.</p>"))
    tracked = PAGE.format(title="Tracked", head="", body='<img src="https://images.example/pixel.gif" alt="">')
    site = write_site(tmp_path / "site", {"index.html": fine, "x/a/index.html": fine, "x/b/index.html": tracked})
    quick = privacy.run(site, browser, functional=False, templates_only=True)
    assert quick.third_party_requests == [], "x/b/ is the same template as x/a/: it is not loaded"
    assert [r.url for r in quick.static_references] == ["https://images.example/pixel.gif"]
    assert not quick.passed and "3 pages read, 2 template pages loaded" in quick.figure()
    full = privacy.run(site, browser, functional=False)
    assert [(f.page, f.detail) for f in full.third_party_requests] == [("x/b/", "https://images.example/pixel.gif")]


@pytest.mark.browser
def test_the_policy_lets_the_pages_own_inline_scripts_run_and_blocks_others(browser, tmp_path):
    good = csp.add_policy(PAGE.format(title="Good", head="", body="<p>Fine.</p>"))
    injected = good.replace("</main>", "<script>document.title = 'changed';</script></main>")
    site = write_site(tmp_path / "site", {"index.html": good, "injected/index.html": injected})
    report = privacy.run(site, browser, functional=False)
    assert report.third_party_requests == [] and report.cookies == []
    assert [v.page for v in report.csp_violations] == ["injected/"]
    assert "script-src" in report.csp_violations[0].detail


@pytest.mark.site
@pytest.mark.browser
def test_the_real_site_works_under_its_policy(browser, site_url, real_site):
    """Search and the trainer view switch work, and nothing is blocked, on a lesson page."""
    report = privacy.PrivacyReport(1)
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(privacy.WATCH_VIOLATIONS)
    try:
        lessons = [u for u in site_pages(real_site.site_dir) if u.startswith("foundation/") and u.count("/") == 2]
        privacy.check_site_works(site_url, page, report, lessons)
        assert report.works_under_policy == []
        assert page.evaluate("window.__courseViolations") == []
    finally:
        context.close()
