"""Who sees each block (course/content/audience.py): the declaration in course/content/contract.py, written on
the page as data-audience, decides what readers, trainers, slides and print show."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import markdown
import pytest
from conftest import ROOT

from course.content import audience, contract

# One block of every declared type, written as a lesson author would.
EVERY_BLOCK = {
    "exercise": '!!! exercise "Exercise: try it"\n    Do the task.\n',
    "solution": '??? solution "Model answer"\n    The answer.\n',
    "trainer": '!!! trainer "Trainer notes"\n    **Timing:** 5 minutes.\n',
    "note": '!!! note\n    A note.\n',
    "tip": '!!! tip\n    A tip.\n',
    "warning": '!!! warning\n    A warning.\n',
    "example": '!!! example\n    An example.\n',
    "quiz": "/// quiz | Is this a question?\n- [x] Yes, it is.\n    It ends with a question mark.\n"
            "- [ ] No, it is not.\n    It asks something.\n- [ ] It cannot be told.\n    It can.\n///\n",
    "explorable": "/// explorable | ppv\n///\n",
}
TRAINER_NOTE = '!!! trainer "Trainer notes"\n    **Timing:** 5 minutes.\n\n    Ask the room what they know.\n'


def site_extensions() -> list[str]:
    """The Markdown extensions mkdocs.yml lists (names only), so the test renders as the site does."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    section = text.split("\nmarkdown_extensions:\n", 1)[1]
    return re.findall(r"^  - ([\w.]+)", section, re.MULTILINE)


def render(source: str) -> str:
    names = [n for n in site_extensions() if n != "pymdownx.snippets"]  # snippets needs the includes folder
    return markdown.Markdown(extensions=names).convert(source)


def audiences_written(html: str) -> list[str]:
    return re.findall(r'data-audience="([^"]*)"', html)


def with_trainer_audiences(monkeypatch: pytest.MonkeyPatch, audiences: str) -> None:
    changed = dataclasses.replace(contract.BLOCK_TYPES["trainer"], audiences=frozenset(audiences.split()))
    monkeypatch.setitem(contract.BLOCK_TYPES, "trainer", changed)


def test_the_site_renders_with_the_audience_extension():
    assert "course.content.audience" in site_extensions()


def test_every_declared_block_type_carries_its_declared_audiences():
    assert set(EVERY_BLOCK) == set(contract.BLOCK_TYPES) | set(contract.FENCED_BLOCK_TYPES), \
        "a new block type needs a line here (and, if fenced, in audience.FENCED_ELEMENT_CLASS)"
    for name, source in EVERY_BLOCK.items():
        declared = contract.audience(name)
        written = audiences_written(render(source))
        assert written == [" ".join(a for a in contract.AUDIENCES if a in declared)], name


def test_the_value_is_in_a_fixed_order_and_nested_blocks_get_their_own():
    html = render('!!! exercise "Exercise"\n    Do it.\n\n    ??? solution "Model answer"\n        Done.\n')
    assert audiences_written(html) == ["learner trainer slides handout print", "learner trainer slides print"]
    assert audiences_written(render("!!! outcomes\n    Not a lesson block.\n")) == []


def test_changing_the_declaration_changes_what_is_written(monkeypatch):
    assert audiences_written(render(TRAINER_NOTE)) == ["trainer speaker print"]
    with_trainer_audiences(monkeypatch, "learner trainer speaker")
    assert audiences_written(render(TRAINER_NOTE)) == ["learner trainer speaker"]


def test_an_unknown_audience_in_the_declaration_is_an_error():
    with pytest.raises(ValueError, match="unknown audience learners; allowed: learner"):
        contract._block("trainer", "learners speaker", "trainer notes")


@pytest.mark.browser
def test_changing_the_declaration_changes_what_a_learner_sees(browser, monkeypatch, tmp_path: Path):
    """The page's own stylesheets: trainer notes hidden from readers until the declaration
    says learners see them; then readers see them, with no change to any CSS."""
    styles = "".join(f'<link rel="stylesheet" href="{(ROOT / "docs/assets" / n).as_uri()}">'
                     for n in ("course.css", "print.css"))

    def visible(trainer_view: str, media: str) -> bool:
        page_file = tmp_path / "page.html"
        page_file.write_text(
            f'<!doctype html><html lang="en" data-trainer-view="{trainer_view}"><head><meta charset="utf-8">'
            f'<title>Fixture</title>{styles}</head><body><article class="md-typeset">'
            f"{render(TRAINER_NOTE)}</article></body></html>", encoding="utf-8")
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.emulate_media(media=media)
        shown = page.get_by_text("Ask the room what they know").is_visible()
        page.close()
        return shown

    context = browser.new_context()
    try:
        assert not visible("off", "screen"), "readers do not see trainer notes"
        assert visible("on", "screen"), "trainer view shows them"
        assert not visible("off", "print") and visible("on", "print")
        with_trainer_audiences(monkeypatch, "learner trainer speaker handout")
        assert visible("off", "screen"), "declared for learners: readers see them"
        assert visible("off", "print"), "declared for handouts: participants' copies print them"
        assert not visible("on", "print"), "not declared for print: a trainer's copy leaves them out"
    finally:
        context.close()
