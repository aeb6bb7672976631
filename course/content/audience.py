"""Who sees each block: writes the lesson contract's declaration on the page as data-audience.

`course/content/contract.py` declares each block type and its audiences (BLOCK_TYPES and
FENCED_BLOCK_TYPES). This Markdown extension puts them on the block's outer element, for
example `<div class="admonition trainer" data-audience="trainer speaker print">`, and the
stylesheets (course.css, print.css, presenter.css), presenter mode and the handouts select on
that attribute alone. Change who sees a block in the declaration and every one of them follows.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from course.content import contract

ATTRIBUTE = "data-audience"
# The class each fenced block's renderer gives its outer element (course/content/quiz.py,
# course/content/explorable_block.py). Admonitions and details carry their type as a class.
FENCED_ELEMENT_CLASS = {"quiz": "quiz", "explorable": "explorable-holder"}


def audience_value(audiences: frozenset[str]) -> str:
    """The attribute's value: the audiences in the declaration's fixed order (reproducible)."""
    return " ".join(a for a in contract.AUDIENCES if a in audiences)


def block_type(element: etree.Element) -> contract.BlockType | None:
    """The declared block type an element is the outer element of, if any."""
    classes = (element.get("class") or "").split()
    if element.tag == "details" or (element.tag == "div" and "admonition" in classes):
        for name in classes:
            if name in contract.BLOCK_TYPES:
                return contract.BLOCK_TYPES[name]
    for name, css_class in FENCED_ELEMENT_CLASS.items():
        if css_class in classes and name in contract.FENCED_BLOCK_TYPES:
            return contract.FENCED_BLOCK_TYPES[name]
    return None


def mark(root: etree.Element) -> int:
    """Write data-audience on every declared block under root; returns how many."""
    count = 0
    for element in root.iter():
        declared = block_type(element)
        if declared is not None:
            element.set(ATTRIBUTE, audience_value(declared.audiences))
            count += 1
    return count


class AudienceTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        mark(root)


class AudienceExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After every block and the attribute list (8) and table of contents (5) processors.
        md.treeprocessors.register(AudienceTreeprocessor(md), "course_audience", 1)


def makeExtension(*args: Any, **kwargs: Any) -> AudienceExtension:
    return AudienceExtension(*args, **kwargs)
