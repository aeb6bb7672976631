"""Self-check quizzes: a Markdown block that works without JavaScript.

Authors write:

    /// quiz | What happens to PPV when prevalence falls?
    - [ ] It rises.
        Why this is wrong.
    - [x] It falls.
        Why this is right.
    ///

Each question becomes a <fieldset> of radio buttons. Picking an answer shows its
explanation with CSS alone (`input:checked ~ .quiz-explanation`); printed pages and
browsers without CSS show every explanation. `check_source()` finds mistakes in the
Markdown with line numbers, so the build can name the file and line.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from course.fences import mark_code

MARKER = re.compile(r"^\[( |x|X)\]\s+")
OPEN = re.compile(r"^///\s*quiz\s*\|\s*(.*)$")
OPTION = re.compile(r"^[-*]\s+\[( |x|X)\]\s*(.*)$")


@dataclass(frozen=True)
class QuizProblem:
    line: int
    message: str


@dataclass(frozen=True)
class Question:
    line: int
    question: str
    options: tuple[tuple[bool, str, str], ...]  # (correct, option, explanation)


def parse_source(markdown: str, first_line: int = 1) -> tuple[list[Question], list[QuizProblem]]:
    """Find every quiz block in Markdown source and check its shape."""
    questions: list[Question] = []
    problems: list[QuizProblem] = []
    lines = markdown.splitlines()
    code = [is_code for _, is_code in mark_code(lines)]  # a quiz shown as an example is not a quiz
    index = 0
    while index < len(lines):
        opened = None if code[index] else OPEN.match(lines[index].strip())
        if not opened:
            index += 1
            continue
        start = index + first_line
        question = opened.group(1).strip()
        options: list[list[Any]] = []
        index += 1
        closed = False
        while index < len(lines):
            text = lines[index]
            if text.strip() == "///":
                closed = True
                break
            indented = text.startswith((" ", "\t"))
            option = None if indented else OPTION.match(text.strip())
            if option:
                options.append([option.group(1).lower() == "x", option.group(2).strip(), []])
            elif text.strip() and indented and options:
                options[-1][2].append(text.strip())
            elif text.strip():
                problems.append(QuizProblem(index + first_line, f"{text.strip()[:40]!r}: start each "
                                            "option with '- [ ]' or '- [x]' and indent its "
                                            "explanation 4 spaces"))
            index += 1
        index += 1
        if not closed:
            problems.append(QuizProblem(start, "quiz block is not closed with a line '///'"))
        if not question:
            problems.append(QuizProblem(start, "quiz has no question: write '/// quiz | Your question?'"))
        if not 2 <= len(options) <= 6:
            problems.append(QuizProblem(start, f"quiz has {len(options)} options; allowed: 2 to 6"))
        correct = sum(1 for o in options if o[0])
        if correct != 1:
            problems.append(QuizProblem(start, f"quiz has {correct} options marked [x]; mark exactly one"))
        for number, option in enumerate(options, start=1):
            if not option[2]:
                problems.append(QuizProblem(start, f"option {number} ({option[1][:40]!r}) has no "
                                            "explanation: add it on the next line, indented 4 spaces"))
        questions.append(Question(start, question, tuple((o[0], o[1], " ".join(o[2])) for o in options)))
    return questions, problems


class QuizBlock(Block):
    """`/// quiz | question` with a list of `[ ]` / `[x]` options and explanations."""

    NAME = "quiz"
    ARGUMENT = True
    OPTIONS: dict[str, Any] = {}

    def on_create(self, parent: etree.Element) -> etree.Element:
        ident = "quiz-" + hashlib.sha1(self.argument.encode()).hexdigest()[:8]
        fieldset = etree.SubElement(parent, "fieldset", {"class": "quiz", "id": ident})
        legend = etree.SubElement(fieldset, "legend")
        legend.text = self.argument
        return fieldset

    def on_end(self, block: etree.Element) -> None:
        ident = block.get("id", "quiz")
        items = [li for ul in block.findall("ul") for li in ul.findall("li")]
        for ul in block.findall("ul"):
            block.remove(ul)
        for number, li in enumerate(items, start=1):
            correct, option, explanation = _split_item(li)
            wrapper = etree.SubElement(block, "div", {"class": "quiz-option"})
            choice = f"{ident}-{number}"
            etree.SubElement(wrapper, "input", {"type": "radio", "name": ident, "id": choice,
                                                "value": str(number)})
            label = etree.SubElement(wrapper, "label", {"for": choice})
            label.text = option
            result = etree.SubElement(wrapper, "div", {
                "class": "quiz-explanation " + ("quiz-correct" if correct else "quiz-incorrect"),
                "id": f"{choice}-why",
            })
            if not explanation or explanation[0].tag != "p":
                explanation.insert(0, etree.Element("p"))
            first = explanation[0]
            verdict = etree.Element("strong")
            verdict.text = "Correct." if correct else "Not quite."
            verdict.tail = " " + (first.text or "")
            first.text = None
            first.insert(0, verdict)
            for child in explanation:
                result.append(child)


def _split_item(li: etree.Element) -> tuple[bool, str, list[etree.Element]]:
    """Return (correct, option text, explanation elements) for one list item."""
    children = list(li)
    if li.text and li.text.strip():
        head, tail_children = li.text, children
    elif children and children[0].tag == "p":
        head, tail_children = children[0].text or "", children[1:]
    else:
        head, tail_children = "", children
    first, _, remainder = head.strip().partition("\n")
    marker = MARKER.match(first)
    correct = bool(marker and marker.group(1).lower() == "x")
    option = MARKER.sub("", first).strip()
    explanation: list[etree.Element] = []
    if remainder.strip():
        p = etree.Element("p")
        p.text = " ".join(part.strip() for part in remainder.splitlines())
        explanation.append(p)
    explanation.extend(tail_children)
    return correct, option, explanation


class QuizExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        block_mgr.register(QuizBlock, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> QuizExtension:
    return QuizExtension(*args, **kwargs)
