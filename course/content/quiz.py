"""Self-check quizzes: one parser for the build's checks and the page, and a Markdown block
that works without JavaScript.

Authors write:

    /// quiz | What happens to PPV when prevalence falls?
    - [ ] It rises.
        Why this is wrong.
    - [x] It falls.
        Why this is right.
    ///

`read_quiz` turns the lines of one block into a `Question` (and the problems in its shape,
with line numbers). `parse_source` finds every block in a lesson for the build's checks, and
`QuizBlock` renders each block from the same `Question`, so the page shows exactly what the
checks saw. An explanation is Markdown indented 4 spaces under its option: several
paragraphs, lists or fenced code; a `- [x]` or `///` line inside fenced code is code, not
quiz syntax.

Each question becomes a <fieldset> of radio buttons. Picking an answer shows its
explanation with CSS alone (`input:checked ~ .quiz-explanation`); printed pages and
browsers without CSS show every explanation.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from course.content.fences import mark_code

# The same lines pymdown-extensions' Blocks take as the start and end of a block.
OPEN = re.compile(r"^[ ]{0,3}(/{3,})[ ]*quiz[ ]*(?:\|[ ]*(.*?)[ ]*)?$", re.IGNORECASE)
CLOSE = re.compile(r"^[ ]{0,3}(/{3,})[ ]*$")
OPTION = re.compile(r"^[-*]\s+\[( |x|X)\]\s*(.*)$")
INDENT = 4  # an explanation is indented 4 spaces under its option, as in any Markdown list


@dataclass(frozen=True)
class QuizProblem:
    line: int
    message: str


class Option(NamedTuple):
    """One answer a reader can pick."""

    correct: bool
    text: str  # the option: one line of inline Markdown
    explanation: str  # why it is right or wrong: Markdown, unindented; may be several blocks


@dataclass(frozen=True)
class Question:
    line: int  # the line of `/// quiz | ...`
    question: str
    options: tuple[Option, ...]

    @property
    def ident(self) -> str:
        """The fieldset's id, which readers' saved quiz answers use: keep it stable."""
        return quiz_id(self.question)


def quiz_id(question: str) -> str:
    return "quiz-" + hashlib.sha1(question.encode()).hexdigest()[:8]


def _unindent(line: str) -> str:
    line = line.expandtabs(INDENT)
    return line[min(INDENT, len(line) - len(line.lstrip(" "))):]


def read_quiz(question: str, lines: Sequence[str], line: int,
              slashes: int = 3) -> tuple[Question, list[QuizProblem], int | None]:
    """Read one quiz from the lines after its `/// quiz | question` line (on `line`).

    Returns the question, the problems in its shape, and the index in `lines` of the closing
    `///` (None if there is none: the renderer passes a block's content without it)."""
    problems: list[QuizProblem] = []
    options: list[tuple[bool, str, list[str]]] = []
    closed: int | None = None
    code_owner: bool | None = None  # for a run of fenced code: does it belong to an option?
    previous_code = False
    for index, (text, code) in enumerate(mark_code(lines)):
        number = line + 1 + index
        closer = None if code else CLOSE.match(text)
        if closer and len(closer.group(1)) == slashes:
            closed = index
            break
        indented = text.startswith((" ", "\t"))
        if code and not previous_code:  # a fence opens: indented under an option, it is part of it
            code_owner = bool(indented and options)
            if not code_owner:
                problems.append(QuizProblem(number, "fenced code in a quiz belongs in an option's "
                                            "explanation: indent it 4 spaces under the option"))
        previous_code = code
        if code:
            if code_owner:
                options[-1][2].append(_unindent(text))
            continue
        option = None if indented else OPTION.match(text.strip())
        if option:
            options.append((option.group(1).lower() == "x", option.group(2).strip(), []))
        elif not text.strip():
            if options and options[-1][2]:
                options[-1][2].append("")
        elif indented and options:
            options[-1][2].append(_unindent(text))
        else:
            problems.append(QuizProblem(number, f"{text.strip()[:40]!r}: start each option with "
                                        "'- [ ]' or '- [x]' and indent its explanation 4 spaces"))
    if not question:
        problems.append(QuizProblem(line, "quiz has no question: write '/// quiz | Your question?'"))
    if not 2 <= len(options) <= 6:
        problems.append(QuizProblem(line, f"quiz has {len(options)} options; allowed: 2 to 6"))
    correct = sum(1 for o in options if o[0])
    if correct != 1:
        problems.append(QuizProblem(line, f"quiz has {correct} options marked [x]; mark exactly one"))
    for number, (_, text, why) in enumerate(options, start=1):
        if not any(why):
            problems.append(QuizProblem(line, f"option {number} ({text[:40]!r}) has no explanation: "
                                        "add it on the next line, indented 4 spaces"))
    found = tuple(Option(right, text, "\n".join(why).strip("\n")) for right, text, why in options)
    return Question(line, question, found), problems, closed


def parse_source(markdown: str, first_line: int = 1) -> tuple[list[Question], list[QuizProblem]]:
    """Find every quiz block in Markdown source and check its shape."""
    questions: list[Question] = []
    problems: list[QuizProblem] = []
    lines = markdown.splitlines()
    code = [is_code for _, is_code in mark_code(lines)]  # a quiz shown as an example is not a quiz
    index = 0
    while index < len(lines):
        opened = None if code[index] else OPEN.match(lines[index])
        if not opened:
            index += 1
            continue
        start = index + first_line
        question, found, closed = read_quiz((opened.group(2) or "").strip(), lines[index + 1:],
                                            start, len(opened.group(1)))
        questions.append(question)
        problems.extend(found)
        if closed is None:
            problems.append(QuizProblem(start, "quiz block is not closed with a line '///'"))
            break
        index += closed + 2
    return questions, problems


class QuizBlock(Block):
    """`/// quiz | question`: the block's text is read by `read_quiz`, then rendered."""

    NAME = "quiz"
    ARGUMENT = True
    OPTIONS: dict[str, Any] = {}

    def on_markdown(self) -> str:
        return "raw"  # the block's source, with fenced code put back as it was written

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "fieldset", {"class": "quiz", "id": quiz_id(self.argument)})

    def on_end(self, block: etree.Element) -> None:
        source, block.text = block.text or "", None  # the raw block, as on_markdown asked
        question, _, _ = read_quiz(self.argument, source.split("\n"), 0, self.length)
        ident = block.get("id", "quiz")
        legend = etree.SubElement(block, "legend")
        legend.text = question.question
        for number, option in enumerate(question.options, start=1):
            wrapper = etree.SubElement(block, "div", {"class": "quiz-option"})
            choice = f"{ident}-{number}"
            etree.SubElement(wrapper, "input", {"type": "radio", "name": ident, "id": choice,
                                                "value": str(number)})
            label = etree.SubElement(wrapper, "label", {"for": choice})
            label.text = option.text
            result = etree.SubElement(wrapper, "div", {
                "class": "quiz-explanation " + ("quiz-correct" if option.correct else "quiz-incorrect"),
                "id": f"{choice}-why",
            })
            self._explain(result, option)

    def _explain(self, result: etree.Element, option: Option) -> None:
        """The explanation as Markdown blocks, opened by the verdict in words."""
        lines = option.explanation.split("\n")
        fences = self.md.preprocessors["fenced_code_block"] if "fenced_code_block" in self.md.preprocessors else None
        if fences is not None and option.explanation:
            lines = fences.run(lines)  # fenced code was put back as text; stash it again
        if option.explanation:
            self.md.parser.parseChunk(result, "\n".join(lines))
        if not len(result) or result[0].tag != "p":
            result.insert(0, etree.Element("p"))
        first = result[0]
        verdict = etree.Element("strong")
        verdict.text = "Correct." if option.correct else "Not quite."
        verdict.tail = " " + " ".join(part.strip() for part in (first.text or "").splitlines())
        first.text = None
        first.insert(0, verdict)


class QuizExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        block_mgr.register(QuizBlock, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> QuizExtension:
    return QuizExtension(*args, **kwargs)
