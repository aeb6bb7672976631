"""`make check`: every gate on the real site, one table; and a failing gate fails the run."""

import re
import subprocess
import sys

import pytest
from conftest import ROOT, require_chromium

from course.gates import check


def test_the_table_has_one_row_per_gate_and_a_failure_fails(tmp_path, capsys):
    results = [check.GateResult("privacy", True, "0 third-party requests", [], 1.0),
               check.GateResult("content", False, "1 identifier", ["docs/a.md:3: patient identifier: ..."], 2.0)]
    text = check.report(results)
    assert "Privacy and CSP     pass" in text and "Content             FAIL" in text
    assert "docs/a.md:3: patient identifier" in text
    assert text.endswith("1 of 2 gates failed: Content")


def test_a_gate_that_cannot_run_fails_with_the_reason():
    result = check._run_gate("content", lambda: 1 / 0, lambda r: ("", [], ""))
    assert not result.passed and "ZeroDivisionError" in result.figure


def test_check_exits_non_zero_on_a_failing_gate(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    (site / "index.html").write_text("<p>Home</p>")
    (site / "x" / "index.html").write_text("<p>Patient 943 476 5919</p>")
    (tmp_path / "docs").mkdir()
    code = check.main(["--site-dir", str(site), "--root", str(tmp_path), "--gates", "content,weight"])
    out = capsys.readouterr().out
    assert code == 1
    assert "site/x/index.html (built page): patient identifier" in out
    assert "Content             FAIL" in out and "Page weight         pass" in out


def test_unknown_gates_are_refused():
    with pytest.raises(SystemExit):
        check.main(["--gates", "speed"])


QUICK_GATES = ("accessibility", "privacy", "weight", "content")


@pytest.mark.site
@pytest.mark.browser
def test_the_gates_pass_on_one_page_per_template_of_the_real_site(real_site):
    """The quick form of make check: accessibility and privacy on one page of each template
    (every view), page weight and content on every page. make check (and CI) runs every gate
    on every page, and the reproducibility gate, which builds the site again."""
    require_chromium("the gates")
    proc = subprocess.run(
        [sys.executable, "-m", "course.gates.check", "--site-dir", str(real_site.site_dir),
         "--templates-only", "--gates", ",".join(QUICK_GATES)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    print(proc.stdout)
    print(proc.stderr[-3000:])
    table = proc.stdout[proc.stdout.rindex("Quality gates"):]
    for gate in QUICK_GATES:
        assert check.TITLES[gate] in table
    assert re.search(r"\d+ template pages \(of \d+\) x 4 views", table), table
    assert proc.returncode == 0, table
    assert f"All {len(QUICK_GATES)} gates passed." in table
