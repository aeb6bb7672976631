"""Explorables: the Markdown block and its checks (course/content/explorable_block.py), the Python maths
(course/content/explorables.py) against the notebooks, and the JavaScript (docs/assets/explorables/)
in Chromium: the same numbers as Python over a grid, the keyboard, no JavaScript, the offline
pack and presenter mode."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import markdown
import pytest
from conftest import make_lesson

from course.content.explorable_block import add_scripts, figure, render
from course.content.explorables import EXPLORABLES, fixed, threshold_scores
from course.content.frontmatter import is_lesson, read_catalogue

PAGES = {  # where each explorable is taught
    "ppv": "foundation/sensitivity-specificity-ppv/",
    "threshold": "tracks/users/scores-thresholds-uncertainty/",
    "control-chart": "tracks/embedders/monitoring-in-service/",
    "automation-bias": "foundation/humans-with-ai/",
}
# A grid of inputs for each explorable, in the units the reader sees (edges included).
GRID = {
    "ppv": {"prevalence": [0.1, 0.5, 1, 2.5, 10, 20, 33.3, 50], "sensitivity": [50, 73, 90, 100],
            "specificity": [50, 80, 95, 99.5, 99.9, 100]},
    "threshold": {"threshold": [0.05, 0.17, 0.3, 0.5, 0.63, 0.7, 0.95], "admissions": [10, 40, 75, 100]},
    "control-chart": {"week": [21, 27, 35, 44, 52], "change": [-4, -2.5, -1, 0, 0.5, 1, 2, 3, 4]},
    "automation-bias": {"follow": [0, 1, 33, 50, 99, 100], "tool": [50, 80, 92, 100],
                        "staff": [50, 85, 99, 100]},
}


def grid(name: str) -> list[dict[str, float]]:
    axes = GRID[name]
    return [dict(zip(axes, combo)) for combo in itertools.product(*axes.values())]


def expected(name: str, values: dict[str, float]) -> dict:
    explorable = EXPLORABLES[name]
    values = explorable.values(values)
    result = explorable.compute(values)
    caption, head, rows = explorable.table(values, result)
    return {"sentence": explorable.sentence(values, result), "caption": caption, "head": head, "rows": rows}


# --- Python: the maths matches the notebooks ---------------------------------------------------


def test_ppv_matches_the_notebook_and_the_lesson():
    ppv = EXPLORABLES["ppv"]
    screening = ppv.compute(ppv.values({"prevalence": 1}))
    clinic = ppv.compute(ppv.values({"prevalence": 20}))
    # ppv-and-prevalence.ipynb: "PPV = 9.0 / 58.5 = 15.4%", NPV 99.89%; clinic 180 / 220 = 81.8%
    assert fixed(screening["ppv"], 1) == "15.4" and fixed(screening["npv"], 1) == "99.9"
    assert (screening["tp"], screening["fp"]) == (9, 50)
    assert fixed(clinic["ppv"], 1) == "81.8" and (clinic["tp"], clinic["fp"]) == (180, 40)
    assert sum(screening[k] for k in ("tp", "fn", "fp", "tn")) == 1000
    assert ppv.sentence(ppv.values({"prevalence": 1}), screening).startswith(
        "Of the 59 people flagged, 9 have the condition (PPV 15.4%).")


def test_threshold_is_close_to_the_notebooks_made_up_unit():
    threshold = EXPLORABLES["threshold"]
    # what-does-a-score-mean.ipynb (random draws): caught 91, 77, 59; false alarms 202, 98, 40
    notebook = {0.3: (91, 202), 0.5: (77, 98), 0.7: (59, 40)}
    for line, (caught, false_alarms) in notebook.items():
        r = threshold.compute(threshold.values({"threshold": line}))
        assert abs(r["caught"] - caught) <= 3 and abs(r["false_alarms"] - false_alarms) <= 0.12 * false_alarms
        assert r["caught"] + r["missed"] == 100 and r["false_alarms"] + r["cleared"] == 900


def test_automation_bias_is_the_notebooks_deferring_clinician_on_average():
    bias = EXPLORABLES["automation-bias"]
    never = bias.compute(bias.values({"follow": 0}))
    always = bias.compute(bias.values({"follow": 100}))
    assert never["team_cases"] == never["staff_cases"] == 150
    assert always["team_cases"] == always["tool_cases"] == 80 and always["through"] == 80
    half = bias.compute(bias.values({"follow": 50}))
    assert half["team_cases"] == 115 and half["through"] == 46  # 0.5 * 80 + 0.5 * 80 * 0.15


def test_control_chart_applies_the_making_data_count_rules():
    chart = EXPLORABLES["control-chart"]
    calm = chart.compute(chart.values({"change": 0}))
    assert calm["false_alarms"] == [15] and calm["detected"] is None
    small = chart.compute(chart.values({"change": 1}))
    big = chart.compute(chart.values({"change": 3}))
    assert big["detected"] < small["detected"], "a bigger change is caught sooner"
    assert "a run of 7" in chart.sentence(chart.values(), chart.compute(chart.values()))
    # the limits are the notebook's p-chart: centre +- 3 standard errors, never below zero
    assert all(lo < calm["centre"] < hi for lo, hi in zip(calm["lower"], calm["upper"]))


# --- The block and the build check -------------------------------------------------------------


def test_the_block_renders_a_figure_that_works_without_javascript():
    html = markdown.Markdown(extensions=["course.content.explorable_block"]).convert(
        "/// explorable | ppv\n    prevalence: 20\n///\n")
    assert '<figure class="explorable" id="explorable-ppv" data-explorable="ppv">' in html
    assert '<fieldset class="explorable-controls" hidden>' in html
    for name in ("prevalence", "sensitivity", "specificity"):
        assert f'<label for="explorable-ppv-{name}"' in html
        assert f'aria-labelledby="explorable-ppv-{name}-label"' in html
    assert 'name="prevalence" min="0.1" max="50.0" step="0.1" value="20.0"' in html
    assert "Of the 220 people flagged, 180 have the condition (PPV 81.8%)." in html
    assert "<svg" in html and "<table" in html and "<th scope=\"row\">Flagged</th>" in html
    assert "Figures for: prevalence 20.0%, sensitivity 90%, specificity 95.0%." in html


def test_two_explorables_on_a_page_get_their_own_ids():
    text = "/// explorable | ppv\n///\n\n/// explorable | ppv\n    prevalence: 5\n///\n"
    html = markdown.Markdown(extensions=["course.content.explorable_block"]).convert(text)
    assert 'id="explorable-ppv"' in html and 'id="explorable-ppv-2"' in html


def test_scripts_load_only_on_pages_with_an_explorable():
    page = "<html><head></head><body>" + render("threshold", "explorable-threshold") + "</body></html>"
    out = add_scripts(page, "../../assets/explorables/")
    assert out.count("<script") == 2
    assert out.index('src="../../assets/explorables/explorable.js"') < out.index('src="../../assets/explorables/threshold.js"')
    assert '<link rel="stylesheet" href="../../assets/explorables/explorable.css"></head>' in out
    plain = "<html><head></head><body><p>No figure</p></body></html>"
    assert add_scripts(plain, "../") == plain


def problems_for(docs: Path) -> list[str]:
    uris = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    catalogue = read_catalogue(docs, [u for u in uris if is_lesson(u)], docs.parent / "notebooks", docs.parent)
    return [str(p) for p in catalogue.problems]


def add_block(lesson: Path, block: str) -> int:
    text = lesson.read_text()
    marker = "## Exercise: a fixture task"
    assert marker in text
    lesson.write_text(text.replace(marker, block + "\n" + marker, 1))
    return text[: text.index(marker)].count("\n") + 1


def test_an_unknown_explorable_fails_the_build_check_with_file_and_line(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "foundation/a.md")
    line = add_block(lesson, "/// explorable | ppb\n///\n")
    assert problems_for(tmp_path / "docs") == [
        f"docs/foundation/a.md:{line}: explorable: '/// explorable | ppb' is not a known explorable; "
        "allowed: ppv, threshold, control-chart, automation-bias"]


def test_wrong_starting_values_fail_with_their_lines(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "foundation/a.md")
    line = add_block(lesson, "/// explorable | ppv\n    prevalance: 2\n    sensitivity: 101\n"
                             "    specificity: 95.05\n///\n")
    messages = problems_for(tmp_path / "docs")
    assert f"docs/foundation/a.md:{line + 1}: explorable: 'prevalance' is not a value of the 'ppv' " \
           "explorable; allowed: prevalence, sensitivity, specificity" in messages
    assert f"docs/foundation/a.md:{line + 2}: explorable: 'sensitivity' is 101; allowed: 50% to 100% " \
           "in steps of 1%" in messages
    assert any(m.startswith(f"docs/foundation/a.md:{line + 3}: explorable: 'specificity' is 95.05") for m in messages)
    assert len(messages) == 3


def test_a_known_explorable_passes_and_its_words_are_not_learner_words(tmp_path):
    lesson = make_lesson(tmp_path / "docs", "foundation/a.md")
    add_block(lesson, "/// explorable | automation-bias\n    follow: 80\n///\n")
    assert problems_for(tmp_path / "docs") == []


# --- In Chromium -------------------------------------------------------------------------------

browser_tests = [pytest.mark.browser, pytest.mark.site]

JS_RESULTS = """([name, grid]) => grid.map(v => {
  const m = window.CourseExplorables[name];
  const r = m.compute(v);
  const t = m.table(v, r);
  return {sentence: m.sentence(v, r), caption: t.caption, head: t.head, rows: t.rows};
})"""


def open_page(browser, url, **context):
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    return ctx, page, errors


@pytest.mark.browser
@pytest.mark.site
@pytest.mark.parametrize("name", list(PAGES))
def test_javascript_gives_the_same_numbers_and_figure_as_python(browser, site_url, name):
    ctx, page, errors = open_page(browser, site_url + PAGES[name])
    try:
        page.wait_for_selector(f"figure[data-explorable='{name}'][data-explorable-live]")
        inputs = grid(name)
        defaults = EXPLORABLES[name].values()
        full = [{**defaults, **values} for values in inputs]
        got = page.evaluate(JS_RESULTS, [name, full])
        for values, js in zip(full, got):
            assert js == expected(name, values), values
        for values in full[:: max(1, len(full) // 8)]:  # the drawing too, at a sample of the grid
            svg = page.evaluate("([n, v]) => { const m = window.CourseExplorables[n];"
                                " return m.figure('x', v, m.compute(v)); }", [name, values])
            assert svg == figure(name, "x", values), values
        if name == "threshold":  # the made-up scores themselves, person by person
            assert page.evaluate("() => window.CourseExplorables.threshold.scores()") == \
                [list(group) for group in threshold_scores()]
        assert errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.site
@pytest.mark.parametrize("name", list(PAGES))
def test_the_keyboard_changes_the_result_and_the_live_region_says_it(browser, site_url, name):
    ctx, page, errors = open_page(browser, site_url + PAGES[name])
    try:
        figure_ = page.locator(f"figure[data-explorable='{name}']")
        page.wait_for_selector(f"figure[data-explorable='{name}'][data-explorable-live]")
        assert figure_.locator(".explorable-controls").is_visible()
        result = figure_.locator(".explorable-result")
        assert result.get_attribute("aria-live") == "polite"
        starting = json.loads(page.evaluate(
            """n => JSON.stringify(Object.fromEntries([...document.querySelectorAll(
                 `figure[data-explorable='${n}'] input[type=range]`)].map(i => [i.name, parseFloat(i.value)])))""", name))
        explorable = EXPLORABLES[name]
        first = explorable.parameters[0]
        slider = figure_.locator(f"input[type=range][name='{first.name}']")
        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        moved = {**starting, first.name: float(fixed(starting[first.name] + 3 * first.step, first.places()).replace(",", ""))}
        want = expected(name, moved)["sentence"]
        assert result.inner_text() == want
        number = figure_.locator(f"input[type=number][aria-labelledby$='{first.name}-label']")
        assert float(number.input_value()) == moved[first.name]
        page.keyboard.press("End")
        at_end = {**starting, first.name: first.maximum}
        assert result.inner_text() == expected(name, at_end)["sentence"]
        # the number box drives the slider too
        last = explorable.parameters[-1]
        box = figure_.locator(f"input[type=number][aria-labelledby$='{last.name}-label']")
        box.fill(fixed(last.minimum, last.places()).replace(",", ""))
        box.press("Tab")
        assert result.inner_text() == expected(name, {**at_end, last.name: last.minimum})["sentence"]
        assert errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.site
def test_without_javascript_the_static_figure_and_table_show(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        for name, path in PAGES.items():
            page.goto(site_url + path)
            figure_ = page.locator(f"figure[data-explorable='{name}']")
            assert figure_.locator("svg.explorable-svg").is_visible()
            assert figure_.locator("table.explorable-table").is_visible()
            assert not figure_.locator(".explorable-controls").is_visible()
            assert "Turn on JavaScript to change them." in figure_.locator(".explorable-values").inner_text()
            sliders = figure_.locator("input[type=range]")
            starting = {sliders.nth(i).get_attribute("name"): float(sliders.nth(i).get_attribute("value"))
                        for i in range(sliders.count())}
            assert figure_.locator(".explorable-result").inner_text() == expected(name, starting)["sentence"]
            rows = expected(name, starting)["rows"]
            assert figure_.locator("table.explorable-table tbody tr").count() == len(rows)
            assert figure_.locator("table.explorable-table tbody tr").first.inner_text().split("\t") == rows[0]
    finally:
        ctx.close()


@pytest.mark.browser
def test_it_works_in_the_offline_pack_from_disk(browser, offline_site):
    url = (offline_site / "foundation" / "humans-with-ai.html").as_uri()
    ctx, page, errors = open_page(browser, url)
    try:
        page.wait_for_selector("figure[data-explorable='automation-bias'][data-explorable-live]")
        slider = page.locator("figure[data-explorable='automation-bias'] input[type=range][name='follow']")
        slider.focus()
        page.keyboard.press("End")
        result = page.locator("figure[data-explorable='automation-bias'] .explorable-result").inner_text()
        assert result == expected("automation-bias", {"follow": 100})["sentence"]
        assert errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.site
def test_presenter_mode_shows_it_large_and_the_slider_keeps_its_keys(browser, site_url):
    ctx, page, errors = open_page(browser, site_url + PAGES["ppv"], viewport={"width": 1280, "height": 800})
    try:
        page.wait_for_selector("figure[data-explorable='ppv'][data-explorable-live]")
        headings = page.evaluate("""() => [...document.querySelectorAll('article.md-content__inner h2')]
          .filter(h => !h.closest('.admonition, details, fieldset'))
          .filter(h => h.id !== 'key-points').map(h => h.id)""")
        section = page.evaluate("""() => { let n = document.querySelector('figure.explorable');
          while (n && !(n.previousElementSibling && n.previousElementSibling.matches('h2'))) {
            n = n.previousElementSibling || n.parentElement; }
          return n.previousElementSibling.id; }""")
        slide = headings.index(section) + 2  # the title slide is 1
        page.keyboard.press("Shift+P")
        page.evaluate(f"() => {{ location.hash = '#present-{slide}'; }}")
        page.wait_for_function(f"() => location.hash === '#present-{slide}'")
        figure_ = page.locator("figure[data-explorable='ppv']")
        figure_.scroll_into_view_if_needed()
        assert figure_.is_visible() and figure_.locator("svg.explorable-svg").is_visible()
        sizes = page.evaluate("""() => [...document.querySelectorAll('figure.explorable :is(p, label, td, th, li, legend)')]
          .filter(e => e.getClientRects().length).map(e => parseFloat(getComputedStyle(e).fontSize))""")
        assert sizes and min(sizes) >= 28, sizes
        slider = figure_.locator("input[type=range][name='prevalence']")
        slider.focus()
        page.keyboard.press("ArrowLeft")
        assert page.evaluate("() => location.hash") == f"#present-{slide}", "the slider kept the arrow key"
        assert figure_.locator(".explorable-result").inner_text() == expected("ppv", {"prevalence": 19.9})["sentence"]
        assert errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.site
def test_print_shows_the_figure_table_and_values_but_not_the_inputs(browser, site_url):
    ctx, page, errors = open_page(browser, site_url + PAGES["threshold"])
    try:
        page.wait_for_selector("figure[data-explorable='threshold'][data-explorable-live]")
        page.locator("figure[data-explorable='threshold'] input[type=range][name='threshold']").focus()
        page.keyboard.press("ArrowRight")
        page.emulate_media(media="print")
        figure_ = page.locator("figure[data-explorable='threshold']")
        assert not figure_.locator(".explorable-controls").is_visible()
        assert figure_.locator("svg.explorable-svg").is_visible()
        assert figure_.locator("table.explorable-table").is_visible()
        values = figure_.locator(".explorable-values")
        assert values.is_visible() and values.inner_text() == "Figures for: line at 0.51, admissions a day 40."
        assert errors == []
    finally:
        ctx.close()
