from course.content.fences import mark_code


def test_fence_lines_and_what_is_between_them_are_code():
    lines = ["prose", "```python", "# a comment", "```", "  ~~~", "x", "  ~~~", "more prose"]
    assert [code for _, code in mark_code(lines)] == [False, True, True, True, True, True, True, False]
    assert [line for line, _ in mark_code(lines)] == lines


def test_a_fence_never_closed_runs_to_the_end():
    assert [code for _, code in mark_code(["a", "```", "b", "c"])] == [False, True, True, True]


def test_backticks_inside_a_line_are_not_a_fence():
    assert [code for _, code in mark_code(["Use ``` to start code.", "prose"])] == [False, False]
