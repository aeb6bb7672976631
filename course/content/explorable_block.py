"""Explorables in lessons: the `/// explorable | name` Markdown block and its static figure.

Authors write, with optional starting values (in the units the reader sees):

    /// explorable | ppv
        prevalence: 1
        sensitivity: 90
    ///

The build renders a <figure class="explorable"> that works without JavaScript: a static
figure (SVG), the result in words and a small table of the same numbers, all worked out here
in Python (course/content/explorables.py). Its inputs (a labelled range slider and number box for each
value) are in a hidden fieldset; docs/assets/explorables/explorable.js shows them and redraws
the figure, the table and a live-region sentence as they change. `check_source()` finds
mistakes with line numbers, so the build names the file and line (course/content/contract.py).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_any

from course.content.explorables import EXPLORABLES, Explorable, fixed

SCRIPTS_DIR = "assets/explorables"
SHARED_SCRIPT = "explorable.js"
STYLESHEET = "explorable.css"
SYMBOLS = (  # as X.SYMBOLS in explorable.js
    '<rect x="2" y="2" width="8" height="8" fill="#b3261e"/>',
    '<path d="M2.5 2.5l7 7m0-7l-7 7" stroke="#7a4100" stroke-width="2.2"/>',
    '<path d="M6 1.5l4.5 8.5h-9z" fill="#0b5cad"/>',
    '<circle cx="6" cy="6" r="1.8" fill="#6b6b6b"/>',
)
KEYS = {  # what each icon-array symbol means, in the order of SYMBOLS
    "ppv": ("Have the condition, flagged", "Have the condition, missed",
            "Do not have it, flagged", "Do not have it, cleared"),
    "threshold": ("Got worse, flagged: caught", "Got worse, not flagged: missed",
                  "Did not get worse, flagged: false alarm", "Did not get worse, rightly not flagged"),
}
CHART_KEY = (("#0b5cad", "dot", "Weekly alert rate"), ("#1a1a1a", "line", "Centre line"),
             ("#b3261e", "dash", "Process limits (3 standard errors)"),
             ("#b3261e", "ring", "A rule fires: a signal"), ("#1b6e3a", "dots", "The change starts"))


# --- Checking the Markdown ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExplorableProblem:
    line: int
    message: str


def check_block(name: str, lines: list[tuple[int, str]], line: int) -> list[ExplorableProblem]:
    """Problems with one explorable block: its name, its starting values, stray content.
    `lines` are (line number, text) inside the block; `line` is where it opens."""
    known = ", ".join(EXPLORABLES)
    explorable = EXPLORABLES.get(name.strip())
    if explorable is None:
        return [ExplorableProblem(line, f"'/// explorable | {name.strip()}' is not a known "
                                  f"explorable; allowed: {known}")]
    problems = []
    option_lines = []
    for number, text in lines:
        if not text.strip():
            if option_lines:
                break
            continue
        if text.startswith((" ", "\t")):
            option_lines.append((number, text))
            continue
        problems.append(ExplorableProblem(number, "an explorable holds only its starting values, "
                                          "indented 4 spaces ('    prevalence: 1'); write the "
                                          "text that introduces it before the block"))
        break
    for number, text in option_lines:
        key, _, value = text.strip().partition(":")
        parameter = explorable.parameter(key.strip())
        if parameter is None:
            allowed = ", ".join(p.name for p in explorable.parameters)
            problems.append(ExplorableProblem(number, f"'{key.strip()}' is not a value of the "
                                              f"'{name.strip()}' explorable; allowed: {allowed}"))
            continue
        try:
            number_value = float(yaml.safe_load(value))
        except (TypeError, ValueError, yaml.YAMLError):
            problems.append(ExplorableProblem(number, f"'{key.strip()}' must be a number"))
            continue
        steps = (number_value - parameter.minimum) / parameter.step
        if not parameter.minimum <= number_value <= parameter.maximum or abs(steps - round(steps)) > 1e-6:
            problems.append(ExplorableProblem(number, f"'{key.strip()}' is {value.strip()}; allowed: "
                                              f"{parameter.show(parameter.minimum)} to "
                                              f"{parameter.show(parameter.maximum)} in steps of "
                                              f"{parameter.show(parameter.step)}"))
    return problems


# --- The static figure (as the JavaScript draws it) --------------------------------------------


def cell_rects(start: int, end: int) -> list[tuple[int, int, int, int]]:
    """Rectangles covering cells [start, end) of a 40-wide grid of 12-unit cells."""
    rects = []
    if start < end and start % 40:
        stop = min(end, start - start % 40 + 40)
        rects.append(((start % 40) * 12, (start // 40) * 12, (stop - start) * 12, 12))
        start = stop
    full = (end - start) // 40
    if full > 0:
        rects.append((0, (start // 40) * 12, 480, full * 12))
        start += full * 40
    if start < end:
        rects.append((0, (start // 40) * 12, (end - start) * 12, 12))
    return rects


def icon_array(ident: str, title: str, groups: list[int]) -> str:
    parts = [f'<svg class="explorable-svg" viewBox="0 0 480 300" role="img" '
             f'aria-labelledby="{ident}-svg-title">',
             f'<title id="{ident}-svg-title">{html.escape(title, quote=False)}</title>',
             '<rect width="480" height="300" fill="#ffffff"/>', "<defs>"]
    for i, symbol in enumerate(SYMBOLS):
        parts.append(f'<pattern id="{ident}-p{i}" width="12" height="12" '
                     f'patternUnits="userSpaceOnUse">{symbol}</pattern>')
    parts.append("</defs>")
    start = 0
    for i, size in enumerate(groups):
        for x, y, w, h in cell_rects(start, start + size):
            parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#{ident}-p{i})"/>')
        start += size
    parts.append("</svg>")
    return "".join(parts)


def _ppv_figure(ident: str, v: Mapping[str, float], r: dict[str, Any]) -> str:
    return icon_array(ident, f"Icon array of 1,000 people: {r['tp']} flagged who have the condition, "
                      f"{r['fn']} missed, {r['fp']} flagged who do not have it, {r['tn']} rightly "
                      "cleared.", [r["tp"], r["fn"], r["fp"], r["tn"]])


def _threshold_figure(ident: str, v: Mapping[str, float], r: dict[str, Any]) -> str:
    return icon_array(ident, f"Icon array of 1,000 admissions: {r['caught']} caught, {r['missed']} "
                      f"missed, {r['false_alarms']} false alarms, {r['cleared']} rightly not flagged.",
                      [r["caught"], r["missed"], r["false_alarms"], r["cleared"]])


def _bias_figure(ident: str, v: Mapping[str, float], r: dict[str, Any]) -> str:
    title = (f"Bar chart of wrong decisions: staff alone {fixed(r['staff'], 1)}%, the tool alone "
             f"{fixed(r['tool'], 1)}%, the team {fixed(r['team'], 1)}%.")
    out = [f'<svg class="explorable-svg" viewBox="0 0 480 170" role="img" aria-labelledby="{ident}-svg-title">',
           f'<title id="{ident}-svg-title">{html.escape(title, quote=False)}</title>',
           '<rect width="480" height="170" fill="#ffffff"/>']
    for i, (label, value) in enumerate((("Staff alone", r["staff"]), ("The tool alone", r["tool"]),
                                         ("The team", r["team"]))):
        y = 14 + i * 50
        width = max(value * 5.2, 1)
        colour = "#0b5cad" if i == 2 else "#6b6b6b"
        out.append(f'<text x="0" y="{y + 16}" font-size="15" fill="#1a1a1a">{label}</text>')
        out.append(f'<rect x="130" y="{y}" width="{fixed(width, 1)}" height="24" fill="{colour}"/>')
        out.append(f'<text x="{fixed(136 + width, 1)}" y="{y + 18}" font-size="15" fill="#1a1a1a">'
                   f'{fixed(value, 1)}%</text>')
    out.append('<text x="130" y="164" font-size="13" fill="#4a4a4a">Wrong decisions (bar length: 0 to 50%)</text>')
    out.append("</svg>")
    return "".join(out)


def _chart_figure(ident: str, v: Mapping[str, float], r: dict[str, Any]) -> str:
    def x(week: int) -> int:
        return 50 + (week - 1) * 9

    def y(rate: float) -> float:
        return 260 - min(rate, 0.2) * 1200

    def steps(values: list[float]) -> str:
        return " ".join(f"{fixed(x(i + 1) - 4.5, 1)},{fixed(y(value), 1)} "
                        f"{fixed(x(i + 1) + 4.5, 1)},{fixed(y(value), 1)}" for i, value in enumerate(values))

    signalled = [bool(s) for s in r["signals"]]
    title = f"p-chart of the weekly alert rate over 52 weeks, with a signal in {sum(signalled)} weeks."
    out = [f'<svg class="explorable-svg" viewBox="0 0 520 300" role="img" aria-labelledby="{ident}-svg-title">',
           f'<title id="{ident}-svg-title">{html.escape(title, quote=False)}</title>',
           '<rect width="520" height="300" fill="#ffffff"/>',
           '<rect x="45.5" y="20" width="180" height="240" fill="#e6e6e6"/>',
           '<text x="50" y="34" font-size="13" fill="#1a1a1a">Baseline: weeks 1 to 20</text>']
    for tick in (0, 5, 10, 15, 20):
        ty = fixed(y(tick / 100), 1)
        out.append(f'<line x1="45" x2="510" y1="{ty}" y2="{ty}" stroke="#d0d0d0"/>')
        out.append(f'<text x="40" y="{fixed(y(tick / 100) + 4, 1)}" font-size="13" text-anchor="end" '
                   f'fill="#1a1a1a">{tick}%</text>')
    for week in (1, 10, 20, 30, 40, 52):
        out.append(f'<text x="{x(week)}" y="278" font-size="13" text-anchor="middle" fill="#1a1a1a">{week}</text>')
    out.append('<text x="280" y="296" font-size="13" text-anchor="middle" fill="#1a1a1a">Week</text>')
    cy = fixed(y(r["centre"]), 1)
    out.append(f'<line x1="45.5" x2="513.5" y1="{cy}" y2="{cy}" stroke="#1a1a1a" stroke-width="1.5"/>')
    for limit in (r["upper"], r["lower"]):
        out.append(f'<polyline points="{steps(limit)}" fill="none" stroke="#b3261e" stroke-width="1.5" '
                   'stroke-dasharray="5 3"/>')
    if v["change"] != 0:
        cx = fixed(x(int(v["week"])) - 4.5, 1)
        out.append(f'<line x1="{cx}" x2="{cx}" y1="20" y2="260" stroke="#1b6e3a" stroke-width="2" '
                   'stroke-dasharray="2 3"/>')
        out.append(f'<text x="{fixed(x(int(v["week"])) - 2, 1)}" y="{250 if v["change"] > 0 else 34}" '
                   'font-size="13" fill="#1b6e3a">change</text>')
    points = " ".join(f"{x(i + 1)},{fixed(y(rate), 1)}" for i, rate in enumerate(r["rates"]))
    out.append(f'<polyline points="{points}" fill="none" stroke="#0b5cad" stroke-width="1.5"/>')
    for i, rate in enumerate(r["rates"]):
        px, py = x(i + 1), fixed(y(rate), 1)
        out.append(f'<circle cx="{px}" cy="{py}" r="2.5" fill="#0b5cad"/>')
        if signalled[i]:
            out.append(f'<circle cx="{px}" cy="{py}" r="6" fill="none" stroke="#b3261e" stroke-width="2"/>')
    out.append("</svg>")
    return "".join(out)


FIGURES = {"ppv": _ppv_figure, "threshold": _threshold_figure, "control-chart": _chart_figure,
           "automation-bias": _bias_figure}


def figure(name: str, ident: str, values: Mapping[str, float]) -> str:
    """The SVG for an explorable at these values, as explorable.js draws it."""
    explorable = EXPLORABLES[name]
    return FIGURES[name](ident, values, explorable.compute(values))


def _key(name: str) -> str:
    """The figure's key: what each symbol means (it does not change as the values do)."""
    items = []
    if name in KEYS:
        for symbol, label in zip(SYMBOLS, KEYS[name]):
            items.append(f'<li><svg class="explorable-symbol" viewBox="0 0 12 12" aria-hidden="true">'
                         f'{symbol}</svg>{html.escape(label)}</li>')
    elif name == "control-chart":
        drawings = {
            "dot": '<circle cx="9" cy="6" r="2.5" fill="{c}"/><path d="M0 6h18" stroke="{c}" stroke-width="1.5"/>',
            "line": '<path d="M0 6h18" stroke="{c}" stroke-width="1.5"/>',
            "dash": '<path d="M0 6h18" stroke="{c}" stroke-width="1.5" stroke-dasharray="5 3"/>',
            "ring": '<circle cx="9" cy="6" r="5" fill="none" stroke="{c}" stroke-width="2"/>',
            "dots": '<path d="M9 0v12" stroke="{c}" stroke-width="2" stroke-dasharray="2 3"/>',
        }
        for colour, kind, label in CHART_KEY:
            items.append(f'<li><svg class="explorable-symbol explorable-symbol--wide" viewBox="0 0 18 12" '
                         f'aria-hidden="true">{drawings[kind].format(c=colour)}</svg>{html.escape(label)}</li>')
    if not items:
        return ""
    return f'<ul class="explorable-key">{"".join(items)}</ul>'


def _table(explorable: Explorable, values: Mapping[str, float], result: dict[str, Any]) -> str:
    caption, head, rows = explorable.table(values, result)
    cells = "".join("<td></td>" if i == 0 and not h else f'<th scope="col">{html.escape(h)}</th>'
                    for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<th scope="row">{html.escape(c)}</th>' if i == 0 else
                                    f"<td>{html.escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<caption>{html.escape(caption)}</caption><thead><tr>{cells}</tr></thead><tbody>{body}</tbody>"


def render(name: str, ident: str, given: Mapping[str, float] | None = None) -> str:
    """The whole explorable as HTML: works without JavaScript; explorable.js enhances it."""
    explorable = EXPLORABLES[name]
    values = explorable.values(given)
    result = explorable.compute(values)
    controls = []
    shown = []
    for parameter in explorable.parameters:
        field = f"{ident}-{parameter.name}"
        value = fixed(values[parameter.name], parameter.places()).replace(",", "")
        unit = f' <span class="explorable-unit">({html.escape(parameter.unit)})</span>' if parameter.unit else ""
        short = parameter.short
        limits = (f'min="{fixed(parameter.minimum, parameter.places())}" '
                  f'max="{fixed(parameter.maximum, parameter.places())}" '
                  f'step="{fixed(parameter.step, parameter.places())}" value="{value}"')
        controls.append(
            f'<div class="explorable-input" data-short="{html.escape(short)}" '
            f'data-unit="{html.escape(parameter.unit)}">'
            f'<label for="{field}" id="{field}-label">{html.escape(parameter.label)}{unit}</label>'
            f'<input type="range" id="{field}" name="{parameter.name}" {limits}>'
            f'<input type="number" id="{field}-number" aria-labelledby="{field}-label" '
            f'inputmode="decimal" {limits}></div>')
        shown.append(f"{short} {parameter.show(values[parameter.name])}")
    return (
        f'<figure class="explorable" id="{ident}" data-explorable="{name}">'
        f'<figcaption class="explorable-title">{html.escape(explorable.title)}</figcaption>'
        f'<fieldset class="explorable-controls" hidden><legend>Change the numbers</legend>'
        f'{"".join(controls)}</fieldset>'
        f'<p class="explorable-values">Figures for: {html.escape(", ".join(shown))}.'
        f'<span class="explorable-nojs"> Turn on JavaScript to change them.</span></p>'
        f'<p class="explorable-result">{html.escape(explorable.sentence(values, result))}</p>'
        f'<div class="explorable-picture">{figure(name, ident, values)}</div>'
        f'{_key(name)}'
        f'<table class="explorable-table">{_table(explorable, values, result)}</table>'
        "</figure>"
    )


# --- The Markdown block ------------------------------------------------------------------------


class ExplorableBlock(Block):
    """`/// explorable | name` with optional starting values as indented `key: value` lines."""

    NAME = "explorable"
    ARGUMENT = True
    OPTIONS: dict[str, Any] = {p.name: [None, type_any] for e in EXPLORABLES.values()
                               for p in e.parameters}

    def on_validate(self, parent: etree.Element) -> bool:
        name = self.argument.strip()
        if name not in EXPLORABLES:
            raise ValueError(f"'/// explorable | {name}' is not a known explorable; allowed: "
                             f"{', '.join(EXPLORABLES)}")
        explorable = EXPLORABLES[name]
        for key, value in self.options.items():
            if key != "attrs" and value is not None and explorable.parameter(key) is None:
                raise ValueError(f"'/// explorable | {name}': '{key}' is not one of its values; "
                                 f"allowed: {', '.join(p.name for p in explorable.parameters)}")
        return True

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        name = self.argument.strip()
        used = self.tracker.setdefault("explorables", {})
        used[name] = used.get(name, 0) + 1
        ident = f"explorable-{name}" + (f"-{used[name]}" if used[name] > 1 else "")
        given = {k: float(v) for k, v in self.options.items() if k != "attrs" and v is not None}
        holder = etree.SubElement(parent, "div", {"class": "explorable-holder"})
        holder.text = self.md.htmlStash.store(render(name, ident, given))
        return holder

    def on_end(self, block: etree.Element) -> None:
        for child in list(block):
            block.remove(child)


class ExplorableExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        block_mgr.register(ExplorableBlock, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> ExplorableExtension:
    return ExplorableExtension(*args, **kwargs)


# --- Loading the scripts on the pages that need them -------------------------------------------

USED = re.compile(r'<figure class="explorable" id="[^"]+" data-explorable="([\w-]+)"')


def scripts_for(page_html: str) -> list[str]:
    """The scripts a page needs, in order (the shared one first), or none."""
    names = sorted(set(USED.findall(page_html)))
    if not names:
        return []
    return [SHARED_SCRIPT] + [f"{name}.js" for name in names]


def add_scripts(page_html: str, assets_url: str) -> str:
    """Add the explorables' stylesheet to <head> and a <script src> for each explorable the
    page uses before </body>; `assets_url` is the address of the explorables folder relative to
    the page (ending in /). A page without explorables is returned as it is."""
    scripts = scripts_for(page_html)
    if not scripts:
        return page_html
    link = f'<link rel="stylesheet" href="{assets_url}{STYLESHEET}">'
    head = page_html.find("</head>")
    if head >= 0:
        page_html = page_html[:head] + link + page_html[head:]
    tags = "".join(f'<script src="{assets_url}{name}"></script>' for name in scripts)
    index = page_html.rfind("</body>")
    return page_html[:index] + tags + page_html[index:] if index >= 0 else page_html + tags
