"""Tidy what mkdocs-jupyter renders for a notebook page.

Its default output loads MathJax from a CDN, inlines about 600 KB of JupyterLab CSS on every
notebook page, makes every cell a tab stop, gives every figure the alt text "No description
has been provided for this image", and shows empty prompt columns. `clean()` fixes each:

- removes every <script> and <style> inside the notebook body (the site's own CSS styles
  notebooks, in docs/assets/course.css);
- removes `tabindex="0"` from cells and outputs that are not interactive;
- removes the empty In/Out prompt columns, the pilcrow anchor links and the copy buttons
  (their script is gone, so they would do nothing);
- gives each figure the text of the Markdown cell after it that starts with
  "Figure description:", so screen-reader users get the same information;
- re-encodes figures as palette PNGs (course.notebooks.images), much smaller and alike to the eye;
- adds a visible link to download the .ipynb (Material no longer shows one).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

from course.notebooks.images import PngCache, compact_images

SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
MATHJAX_COMMENT = re.compile(r"<!--\s*(Load|End of) mathjax.*?-->", re.IGNORECASE)
TABINDEX = re.compile(r'\s+tabindex="0"')
EMPTY_PROMPT = re.compile(r'<div class="jp-(?:Input|Output)Prompt jp-(?:InputArea|OutputArea)-prompt">\s*</div>')
ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#[^"]*">¶</a>')
# mkdocs-jupyter's copy buttons: their script is removed above, so they would do nothing.
CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">\s*<clipboard-copy\b.*?</clipboard-copy>\s*</div>', re.DOTALL)
CELL_START = re.compile(r'(?=<div class="jp-Cell )')
IMG = re.compile(r'<img\b([^>]*?)\s*/?>')
ALT = re.compile(r'\balt="[^"]*"')
FIGURE_DESCRIPTION = re.compile(
    r'<p>\s*<strong>\s*Figure description:?\s*</strong>:?\s*(.*?)</p>', re.DOTALL | re.IGNORECASE
)
TAG = re.compile(r"<[^>]+>")
MISSING_ALT = "No description has been provided for this image"


@dataclass(frozen=True)
class FigureCheck:
    """A figure in a notebook page and whether it has a real description."""

    cell: int
    described: bool


def _text(fragment: str) -> str:
    return " ".join(htmllib.unescape(TAG.sub("", fragment)).split())


def describe_figures(body: str) -> str:
    """Give each image the text of the next cell's 'Figure description:' paragraph."""
    cells = CELL_START.split(body)
    for index, cell in enumerate(cells):
        if "<img" not in cell:
            continue
        description = None
        if index + 1 < len(cells):
            match = FIGURE_DESCRIPTION.search(cells[index + 1])
            if match:
                description = _text(match.group(1))
        if not description:
            continue
        alt = htmllib.escape(description, quote=True)

        def set_alt(img: re.Match[str]) -> str:
            attributes = ALT.sub("", img.group(1))
            return f'<img alt="{alt}"{attributes}/>'

        cells[index] = IMG.sub(set_alt, cell)
    return "".join(cells)


def figure_checks(body: str) -> list[FigureCheck]:
    """For tests and checks: every figure and whether a description follows it."""
    checks = []
    cells = CELL_START.split(body)
    for index, cell in enumerate(cells):
        if "<img" in cell:
            following = cells[index + 1] if index + 1 < len(cells) else ""
            checks.append(FigureCheck(index, bool(FIGURE_DESCRIPTION.search(following))))
    return checks


def download_link(filename: str) -> str:
    """A visible link to the executed notebook, which mkdocs-jupyter copies beside the page."""
    name = htmllib.escape(filename, quote=True)
    return (
        f'<p class="notebook-download"><a href="{name}" download>Download this notebook '
        f"({name})</a> to run it yourself in Jupyter. It needs Python with numpy, scipy, "
        "scikit-learn and matplotlib, and nothing from the internet.</p>\n"
    )


def clean(body: str, filename: str | None = None, png_cache: PngCache | None = None) -> str:
    """The notebook body without third-party scripts, inline CSS, or inaccessible bits,
    with a download link to the .ipynb first when `filename` is given."""
    start = body.find('<div class="jupyter-wrapper"')
    if start > 0:
        body = body[start:]
    body = SCRIPT_OR_STYLE.sub("", body)
    body = MATHJAX_COMMENT.sub("", body)
    body = TABINDEX.sub("", body)
    body = EMPTY_PROMPT.sub("", body)
    body = ANCHOR_LINK.sub("", body)
    body = CLIPBOARD.sub("", body)
    body = describe_figures(body)
    body = compact_images(body, png_cache)
    return (download_link(filename) if filename else "") + body
