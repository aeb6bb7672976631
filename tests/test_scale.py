"""The synthetic bigger course that `make bench` builds: copies of the real lessons and
notebooks that pass the same contract, with Essentials left at its real size."""

import shutil

import nbformat
import pytest
from conftest import ROOT

from course.content.frontmatter import is_lesson, read_catalogue
from course.content.sources import find_notebooks
from course.tools.scale import scale_course


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    project = tmp_path_factory.mktemp("scaled")
    for name in ("docs", "notebooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    before = (len(find_notebooks(project / "notebooks")),
              sum(1 for p in (project / "docs").rglob("*.md") if is_lesson(p.relative_to(project / "docs").as_posix())))
    return project, before, scale_course(project, 3)


def test_every_lesson_but_essentials_and_every_notebook_is_copied(doubled):
    project, (notebooks, lessons), scaled = doubled
    essentials = sum(1 for p in (project / "docs" / "foundation" / "essentials").glob("*.md")
                     if is_lesson(p.relative_to(project / "docs").as_posix()) and "-copy" not in p.stem)
    assert scaled.notebooks == 3 * notebooks == len(find_notebooks(project / "notebooks"))
    assert scaled.lessons == 3 * (lessons - essentials)
    assert not list((project / "docs" / "foundation" / "essentials").glob("*-copy*.md"))


def test_the_copies_pass_the_lesson_contract_and_list_their_own_notebooks(doubled):
    project, _, _ = doubled
    docs = project / "docs"
    uris = [u for p in docs.rglob("*.md") if is_lesson(u := p.relative_to(docs).as_posix())]
    catalogue = read_catalogue(docs, uris, project / "notebooks", project)
    assert [str(p) for p in catalogue.problems] == []
    copy = next(l for l in catalogue.lessons if l.path.endswith("-copy3.md") and l.notebooks)
    assert copy.title.endswith("(copy 3)")
    assert all(n.endswith("-copy3.ipynb") for n in copy.notebooks)
    original = next(l for l in catalogue.lessons if l.path == copy.path.replace("-copy3", ""))
    assert copy.track == original.track and copy.order > original.order


def test_a_copied_notebook_is_retitled_and_keeps_its_cells(doubled):
    project, _, _ = doubled
    original = find_notebooks(project / "notebooks")[0]
    if "-copy" in original.stem:
        original = original.with_name(original.stem.split("-copy")[0] + ".ipynb")
    copy = nbformat.read(original.with_name(f"{original.stem}-copy2.ipynb"), as_version=4)
    source = nbformat.read(original, as_version=4)
    assert copy.metadata["course"]["title"] == source.metadata["course"]["title"] + " (copy 2)"
    assert [c.cell_type for c in copy.cells] == [c.cell_type for c in source.cells]
