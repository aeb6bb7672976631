"""`make check`: every gate, one table; a gate that fails or cannot run fails the run. make
check itself runs every gate on every page of the real site, so no test repeats it here."""

import pytest

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
