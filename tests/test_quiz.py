import markdown

from course.quiz import parse_source

QUIZ = """/// quiz | What is *PPV*?
- [ ] Sensitivity.
    No: that is *sensitivity*.
- [x] Share of positives that are true.
    Yes. It depends on prevalence.
///
"""


def render(text: str) -> str:
    return markdown.Markdown(extensions=["course.quiz"]).convert(text)


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


def test_two_quizzes_get_distinct_ids():
    html = render(QUIZ + "\n" + QUIZ.replace("What is", "What was"))
    ids = [part.split('"')[0] for part in html.split('<fieldset class="quiz" id="')[1:]]
    assert len(ids) == 2 and ids[0] != ids[1]


def test_parse_source_finds_questions_and_problems():
    questions, problems = parse_source(QUIZ, first_line=10)
    assert problems == []
    (question,) = questions
    assert question.line == 10 and question.question == "What is *PPV*?"
    assert [o[0] for o in question.options] == [False, True]
    assert question.options[1][2] == "Yes. It depends on prevalence."

    broken = "/// quiz | Which?\n- [x] A\n    Because.\n- [x] B\n- C\n"
    _, problems = parse_source(broken, first_line=1)
    messages = [p.message for p in problems]
    assert "quiz block is not closed with a line '///'" in messages
    assert "quiz has 2 options marked [x]; mark exactly one" in messages
    assert any(m.startswith("option 2 ('B') has no explanation") for m in messages)


def test_a_quiz_shown_as_an_example_in_a_code_block_is_not_parsed():
    example = "```markdown\n/// quiz | Not a real question?\n- [ ] No explanation here.\n///\n```\n"
    questions, problems = parse_source(example)
    assert questions == [] and problems == []
