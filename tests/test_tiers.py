"""The two tiers: make test runs every test not marked `site`, make check the rest, and CI runs
both; a test that needs the real site is in the site tier even if it forgets to say so."""

import re

from conftest import ROOT, SITE_FIXTURES

pytest_plugins = ["pytester"]

UNMARKED = '''
def test_uses_{fixture}({fixture}):
    pass
'''


def test_a_test_using_the_real_site_is_in_the_site_tier_without_saying_so(pytester):
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    site: real site\n    browser: Chromium\n")
    pytester.makepyfile(test_fixture_tiers="\n".join(UNMARKED.format(fixture=f) for f in sorted(SITE_FIXTURES))
                        + "\ndef test_plain():\n    pass\n")
    quick = pytester.runpytest("-p", "no:xdist", "-m", "not site", "--collect-only", "-q")
    assert quick.ret == 0, quick.stdout.str()
    assert "test_fixture_tiers.py::test_plain" in quick.stdout.str()
    assert "test_uses_" not in quick.stdout.str()
    assert f"1/{len(SITE_FIXTURES) + 1} tests collected ({len(SITE_FIXTURES)} deselected)" in quick.stdout.str()
    site = pytester.runpytest("-p", "no:xdist", "-m", "site", "--collect-only", "-q")
    assert sorted(re.findall(r"test_uses_(\w+)", site.stdout.str())) == sorted(SITE_FIXTURES)


def recipe(makefile: str, target: str) -> str:
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert match, f"Makefile has no {target} target"
    return match.group(1)


def test_make_test_and_make_check_split_the_suite_and_ci_runs_both():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-m pytest -m "not site"' in recipe(makefile, "test")
    check = recipe(makefile, "check")
    assert "COURSE_TEST_SITE=site COURSE_TEST_OFFLINE=offline" in check and "-m pytest -m site" in check
    assert "course.gates.check --site-dir site" in check
    assert re.search(r"^check: build offline\b", makefile, re.MULTILINE), "make check tests the builds it has just made"
    steps = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if line.startswith("make ")]
    assert steps == ["make test", "make check"]
