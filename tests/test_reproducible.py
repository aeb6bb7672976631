"""Reproducible builds: two clean builds of the same files are byte-identical, and a
notebook whose output changes from run to run is caught, named with its cell."""

import gzip
import json
import os

import pytest

from conftest import ROOT, make_notebook, make_project

from course.gates import reproducible


def test_compare_trees_names_the_file_and_the_first_difference(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for root, text, stamp in ((first, "<p>one</p>\n<p>same</p>\n", 1), (second, "<p>two</p>\n<p>same</p>\n", 2)):
        (root / "page").mkdir(parents=True)
        (root / "page" / "index.html").write_text(text)
        (root / "same.css").write_text("body{}")
        (root / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=stamp))
    (first / "extra.js").write_text("1")
    files, differences = reproducible.compare_trees(first, second)
    found = {d.path: d.detail for d in differences}
    assert files == 4
    assert found["extra.js"] == "only in the first build"
    assert found["page/index.html"].startswith("line 1 differs: '<p>one</p>' vs '<p>two</p>'")
    assert "gzip header" in found["sitemap.xml.gz"] and "same.css" not in found


def test_a_notebook_difference_names_the_cell(tmp_path):
    def notebook(value: str) -> bytes:
        cells = [{"cell_type": "markdown", "source": "# T", "metadata": {}},
                 {"cell_type": "code", "source": "print(x)", "metadata": {}, "execution_count": 1,
                  "outputs": [{"output_type": "stream", "name": "stdout", "text": value}]}]
        return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()

    detail = reproducible._first_difference(notebook("0.1\n"), notebook("0.7\n"), "n.ipynb")
    assert detail.startswith("cell 2: the output changes from run to run")


def test_the_build_date_is_pinned_to_the_last_commit(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    value = reproducible.pin_build_date(ROOT)
    if value is None:
        pytest.skip("not a git checkout: there is no last commit to pin the build date to")
    assert value.isdigit() and os.environ["SOURCE_DATE_EPOCH"] == value
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert reproducible.pin_build_date(ROOT) == "1700000000"


def test_clean_copy_leaves_out_site_and_caches(tmp_path):
    project = make_project(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("old")
    (project / ".cache" / "course").mkdir(parents=True)
    (project / ".cache" / "course" / "x.ipynb").write_text("{}")
    copy = reproducible.clean_copy(project, tmp_path / "copy")
    names = {p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()}
    assert "mkdocs.yml" in names and "docs/index.md" in names
    assert not any(n.startswith(("site/", ".cache/")) for n in names)


def test_an_unseeded_random_output_fails_and_a_seeded_one_passes(tmp_path):
    project = make_project(tmp_path)
    make_notebook(project / "notebooks" / "foundation" / "seeded.ipynb",
                  ["import random\nrandom.seed(7)\nprint(random.random())"], title="Seeded")
    make_notebook(project / "notebooks" / "foundation" / "unseeded.ipynb",
                  ["import random\nprint(random.random())"], title="Unseeded")
    report = reproducible.run(project, workdir=tmp_path / "builds")
    assert report.build_error is None, report.build_error
    assert not report.passed
    differing = {d.path: d.detail for d in report.unexpected}
    assert set(differing) == {"notebooks/foundation/unseeded/index.html",
                              "notebooks/foundation/unseeded/unseeded.ipynb",
                              "search/search_index.json"}
    assert differing["notebooks/foundation/unseeded/unseeded.ipynb"].startswith("cell 3: the output changes")
    assert "sitemap.xml" not in str(differing)  # dates are pinned, not different
    assert report.figure().endswith("files identical in two clean builds")


def test_a_source_edited_after_the_build_is_reported_as_such(tmp_path):
    project = make_project(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>built</p>")
    os.utime(site / "index.html", (1_000_000_000, 1_000_000_000))
    report = reproducible.run(project, site, workdir=tmp_path / "builds")
    assert not report.passed and "changed after" in report.build_error
    assert report.figure() == "sources changed since the build"
