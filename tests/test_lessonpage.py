import datetime as dt

from course.content.frontmatter import Lesson
from course.pages.lessonpage import render


def test_render_adds_title_facts_outcomes_notebooks_and_key_points():
    lesson = Lesson(path="foundation/ppv.md", title="PPV", description="d", track="foundation",
                    order=3, archetypes=("users", "drivers"), teaching=25, exercises=15,
                    outcomes=("Calculate PPV.", "Explain prevalence.", "Decide what to ask."),
                    capabilities=("6.3",), keypoints=("PPV falls with prevalence.", "Ask for CIs."),
                    reviewed=dt.date(2026, 11, 28), notebooks=("foundation/ppv.ipynb",))
    body = "## Why this matters to you\n\nText.\n\n## Further reading\n\n- A source.\n"
    out = render(lesson, body, {"foundation/ppv.ipynb": "PPV notebook"})
    assert out.startswith("# PPV\n")
    assert "**Foundation · lesson 3** · **40 min** (25 min teaching, 15 min exercises) · Especially for: Users, Drivers" in out
    assert "Capability framework: 6.3 Evaluating AI systems" in out
    assert '!!! outcomes "By the end of this lesson you will be able to"\n    - Calculate PPV.' in out
    assert "    - [PPV notebook](../notebooks/foundation/ppv.ipynb)" in out
    assert out.index("## Key points") < out.index("## Further reading")
    assert "- PPV falls with prevalence.\n- Ask for CIs." in out
