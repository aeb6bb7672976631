"""Quizzes (course/content/quiz.py): one parser for the build's checks and the page, and the HTML that
docs/assets/my-learning.js, the presenter scripts, course.css and print.css rely on."""

import hashlib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from course.content.frontmatter import is_lesson, split_front_matter
from course.content.quiz import parse_source, quiz_id

ROOT = Path(__file__).resolve().parent.parent

QUIZ = """/// quiz | What is *PPV*?
- [ ] Sensitivity.
    No: that is *sensitivity*.
- [x] Share of positives that are true.
    Yes. It depends on prevalence.
///
"""

# A quiz in the form every lesson uses, and its HTML as the renderer wrote it before quizzes
# were rendered from parse_source's records: the page must not change for readers.
STANDARD = """/// quiz | A nurse sees a *predictive value* of 30%. What does it mean?
- [ ] The test is right 30% of the time.
    That is accuracy, which also counts
    true negatives.
- [x] Of the positive results, 30% are true.
    Right: see the [notebook](../x.md) and `TP / (TP + FP)`.
///
"""
STANDARD_HTML = """<fieldset class="quiz" data-audience="learner trainer slides handout print" id="quiz-de9b63c6">
<legend>A nurse sees a <em>predictive value</em> of 30%. What does it mean?</legend>
<div class="quiz-option"><input id="quiz-de9b63c6-1" name="quiz-de9b63c6" type="radio" value="1" /><label for="quiz-de9b63c6-1">The test is right 30% of the time.</label><div class="quiz-explanation quiz-incorrect" id="quiz-de9b63c6-1-why">
<p><strong>Not quite.</strong> That is accuracy, which also counts true negatives.</p>
</div>
</div>
<div class="quiz-option"><input id="quiz-de9b63c6-2" name="quiz-de9b63c6" type="radio" value="2" /><label for="quiz-de9b63c6-2">Of the positive results, 30% are true.</label><div class="quiz-explanation quiz-correct" id="quiz-de9b63c6-2-why">
<p><strong>Correct.</strong> Right: see the <a href="../x.md">notebook</a> and <code>TP / (TP + FP)</code>.</p>
</div>
</div>
</fieldset>"""

# Fenced code in an explanation: its `- [x]` and `///` lines are code, not quiz syntax.
FENCED = """/// quiz | Your team's script flags results. Which line is right?
- [ ] The first.
    It counts every result:

    ```python
    - [x] not an option
    ///
    flagged = len(results)
    ```

    So it flags too many.
- [x] The second.
    It counts only positive results.
- [ ] The third.
    It counts nothing.
///

After the quiz.
"""

# Markdown alone would read option B as part of option A's second paragraph.
LOOSE = ("/// quiz | Which?\n- [x] A\n    First.\n\n    Second.\n- [ ] B\n    Because.\n"
         "- [ ] C\n    Because not.\n///\n")


@pytest.fixture(scope="module")
def site_markdown():
    """A Markdown converter configured exactly as the site's (mkdocs.yml's extensions)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    configs = dict(config.mdx_configs)
    snippets = configs.get("pymdownx.snippets", {})
    configs["pymdownx.snippets"] = {**snippets, "base_path": [str(ROOT / "includes")]}

    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)

    def convert(text: str) -> str:
        return converter.reset().convert(text)
    return convert


def render(text: str) -> str:
    return markdown.Markdown(extensions=["course.content.quiz"]).convert(text)


def fieldsets(html: str) -> list[ElementTree.Element]:
    """Each quiz in rendered HTML, as an element tree (the renderer writes well-formed XHTML)."""
    found = []
    for part in html.split('<fieldset class="quiz"')[1:]:
        found.append(ElementTree.fromstring('<fieldset class="quiz"' + part.split("</fieldset>")[0] + "</fieldset>"))
    return found


def text(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def test_quiz_renders_radios_labels_and_hidden_explanations():
    html = render(QUIZ)
    assert html.count('type="radio"') == 2
    assert "<legend>What is <em>PPV</em>?</legend>" in html
    assert '<label for="' in html and ">Sensitivity.</label>" in html
    assert '<div class="quiz-explanation quiz-incorrect"' in html
    assert "<strong>Not quite.</strong> No: that is <em>sensitivity</em>." in html
    assert '<div class="quiz-explanation quiz-correct"' in html
    assert "<strong>Correct.</strong> Yes. It depends on prevalence." in html
    assert "[x]" not in html and "[ ]" not in html
    # each radio in a question shares a name, so a reader picks one answer
    names = {part.split('"')[0] for part in html.split('name="')[1:]}
    assert len(names) == 1


def test_a_quiz_in_the_usual_form_renders_exactly_as_before(site_markdown):
    assert site_markdown(STANDARD) == STANDARD_HTML


def test_rendered_structure_is_what_the_scripts_and_styles_rely_on(site_markdown):
    (fieldset,) = fieldsets(site_markdown(FENCED))
    question = "Your team's script flags results. Which line is right?"
    # my-learning.js stores answers under the fieldset's id: it must stay the question's hash
    ident = "quiz-" + hashlib.sha1(question.encode()).hexdigest()[:8]
    assert fieldset.get("id") == ident == quiz_id(question)
    legend, *options = list(fieldset)
    assert legend.tag == "legend" and text(legend) == question
    assert len(options) == 3
    for number, (option, label_text, correct) in enumerate(
            zip(options, ["The first.", "The second.", "The third."], [False, True, False]), start=1):
        assert option.tag == "div" and option.get("class") == "quiz-option"
        radio, label, why = list(option)
        # a native radio, named per question, valued by position (my-learning.js reads value)
        assert (radio.tag, radio.get("type"), radio.get("name")) == ("input", "radio", ident)
        assert (radio.get("id"), radio.get("value")) == (f"{ident}-{number}", str(number))
        # its label (the accessible name); the explanation follows, for `input:checked ~`
        assert label.tag == "label" and label.get("for") == radio.get("id") and text(label) == label_text
        assert why.get("class") == "quiz-explanation " + ("quiz-correct" if correct else "quiz-incorrect")
        assert why.get("id") == f"{ident}-{number}-why"
        verdict = why.find("p/strong")
        assert verdict is not None and verdict.text == ("Correct." if correct else "Not quite.")
    first = options[0].find("div")
    assert [child.tag for child in first] == ["p", "div", "p"]  # paragraph, code, paragraph
    code = text(first.find("div/pre"))
    assert "- [x] not an option" in code and "///" in code and "flagged = len(results)" in code
    assert text(first[2]) == "So it flags too many."


def assert_page_shows(questions, html: str, where: object, labels=None) -> None:
    """The quizzes in `html` are `questions`: same ids, options and right answers, in order
    (and the same option text, rendered by `labels`, if given)."""
    shown = fieldsets(html)
    assert len(shown) == len(questions) > 0, where
    for question, fieldset in zip(questions, shown):
        assert fieldset.get("id") == question.ident, (where, question.line)
        options = fieldset.findall("div[@class='quiz-option']")
        assert len(options) == len(question.options), (where, question.line)
        if labels is not None:
            assert [text(o.find("label")) for o in options] == [
                text(ElementTree.fromstring(labels(o.text))) for o in question.options], (where, question.line)
        marked = ["quiz-correct" in o.find("div").get("class") for o in options]
        assert marked == [o.correct for o in question.options], (where, question.line)


def test_the_page_shows_the_questions_and_options_the_checks_read(site_markdown):
    for source in (FENCED, LOOSE):
        questions, problems = parse_source(source)
        assert problems == []
        assert_page_shows(questions, site_markdown(source), source[:30], labels=site_markdown)


@pytest.mark.site
def test_every_lesson_page_shows_the_quizzes_the_checks_read(real_site):
    """Every quiz in every lesson: what parse_source returns (and the lesson contract checks)
    is what the built page shows, option by option."""
    docs = ROOT / "docs"
    lessons = [p for p in docs.rglob("*.md") if is_lesson(p.relative_to(docs).as_posix())]
    assert len(lessons) > 30
    for path in lessons:
        _, body, first_line = split_front_matter(path.read_text(encoding="utf-8"))
        questions, problems = parse_source(body, first_line)
        assert problems == [], path
        page = real_site.site_dir / path.relative_to(docs).with_suffix("") / "index.html"
        assert_page_shows(questions, page.read_text(encoding="utf-8"), path)


def test_two_quizzes_get_distinct_ids():
    html = render(QUIZ + "\n" + QUIZ.replace("What is", "What was"))
    ids = [part.split('"')[0] for part in html.split('<fieldset class="quiz" id="')[1:]]
    assert len(ids) == 2 and ids[0] != ids[1]


def test_parse_source_finds_questions_and_problems():
    questions, problems = parse_source(QUIZ, first_line=10)
    assert problems == []
    (question,) = questions
    assert question.line == 10 and question.question == "What is *PPV*?"
    assert [o.correct for o in question.options] == [False, True]
    assert question.options[1].explanation == "Yes. It depends on prevalence."

    broken = "/// quiz | Which?\n- [x] A\n    Because.\n- [x] B\n- C\n"
    _, problems = parse_source(broken, first_line=1)
    messages = [p.message for p in problems]
    assert "quiz block is not closed with a line '///'" in messages
    assert "quiz has 2 options marked [x]; mark exactly one" in messages
    assert any(m.startswith("option 2 ('B') has no explanation") for m in messages)
    assert any(p.line == 5 and p.message.startswith("'- C': start each option") for p in problems)


def test_fenced_code_in_an_explanation_is_code_not_quiz_syntax():
    (question,), problems = parse_source(FENCED, first_line=1)
    assert problems == []
    assert [(o.correct, o.text) for o in question.options] == [
        (False, "The first."), (True, "The second."), (False, "The third.")]
    first = question.options[0].explanation
    assert first.startswith("It counts every result:\n\n```python\n- [x] not an option\n///\n")
    assert first.endswith("```\n\nSo it flags too many.")


def test_fenced_code_outside_an_option_is_a_problem_and_its_lines_are_not_read():
    quiz = ("/// quiz | Which?\n- [x] A\n    Because it is.\n```\n- [x] B\n///\n```\n"
            "- [ ] C\n    Because it is not.\n///\n")
    (question,), problems = parse_source(quiz, first_line=1)
    assert [p.line for p in problems] == [4]
    assert "fenced code in a quiz belongs in an option's explanation" in problems[0].message
    assert [o.text for o in question.options] == ["A", "C"]


def test_a_quiz_shown_as_an_example_in_a_code_block_is_not_parsed():
    example = "```markdown\n/// quiz | Not a real question?\n- [ ] No explanation here.\n///\n```\n"
    questions, problems = parse_source(example)
    assert questions == [] and problems == []


def test_the_checks_and_the_page_agree_on_where_a_quiz_ends():
    """A quiz whose options follow a blank line and a second paragraph: Markdown alone would
    read the next option as part of that paragraph; the page shows it as the checks do."""
    (question,), _ = parse_source(LOOSE)
    (fieldset,) = fieldsets(render(LOOSE))
    assert len(fieldset.findall("div[@class='quiz-option']")) == len(question.options) == 3
