"""Page weight gate: what each page costs a reader on a trust PC or a phone.

For every page of a built site this measures the HTML and everything the page loads (its
stylesheets, scripts, icons, images, and the search worker and index that the theme loads
on every page), each asset counted once per page. Text is measured gzip-compressed at level
6, as a web server sends it; images, which are compressed already, at their size on disk.

Budgets:

- a lesson page's own HTML: at most 40 KB gzipped (`LESSON_HTML_BUDGET`);
- a notebook page's HTML: at most one third of what mkdocs-jupyter's default output weighs
  for the same executed notebook in the same page (`NOTEBOOK_RATIO`). The default is rendered
  here with the plugin's default options and put in place of the notebook in the built page,
  so the two differ only in what course/notebooks/notebookpage.py removes and compresses. (The default
  would also fetch MathJax from a CDN; that is not counted, so the comparison favours it);
- every figure: PNG, SVG, JPEG or WebP, at most 100 KB and 2000 pixels on its longest side;
- a first visit (the page and everything it loads, gzipped; the search index waits until the
  reader opens search), by kind of page (`FIRST_VISIT_BUDGETS`): the home page, a lesson, a
  generated page and any other page 150 KB; a notebook page 250 KB (its figures are PNGs); a
  handout that gathers a track's lessons for print 150 KB plus 20 KB for each lesson in it.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from course.gates.browser import page_file, site_pages
from course.gates.sitecheck import CSS_URL, LOADING, LOADING_LINK_RELS, is_external
from course.pages.generated import GENERATED_MARK

KB = 1024
LESSON_HTML_BUDGET = 40 * KB
# Everything a first visit to a lesson transfers (HTML, CSS, JavaScript, images; the search
# index waits until the reader opens search), gzipped: a phone on a busy trust network.
LESSON_FIRST_VISIT_BUDGET = 150 * KB
FIRST_VISIT_BUDGETS = {"home": 150 * KB, "lesson": LESSON_FIRST_VISIT_BUDGET, "generated": 150 * KB,
                       "page": 150 * KB, "notebook": 250 * KB}
HANDOUT_PER_LESSON = 20 * KB
KINDS = ("home", "lesson", "notebook", "generated", "handout", "page")
NOTEBOOK_RATIO = 1 / 3
IMAGE_BYTES_BUDGET = 100 * KB
IMAGE_MAX_SIDE = 2000
IMAGE_FORMATS = {"png", "svg+xml", "svg", "jpeg", "jpg", "webp"}
COMPRESSED = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".woff", ".woff2", ".ico", ".gz", ".zip"}
DATA_IMAGE = re.compile(r"""data:image/([\w.+-]+);base64,([A-Za-z0-9+/=\s]+)""")
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
ARTICLE_END = "</article>"
NOTEBOOK_START = ('<p class="notebook-download">', '<div class="jupyter-wrapper"')


def gzip_size(data: bytes) -> int:
    """Bytes sent for this text by a server compressing with gzip at level 6."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def sent_size(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if path.suffix.lower() in COMPRESSED else gzip_size(data)


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for attribute in LOADING.get(tag, ()):
            value = values.get(attribute, "")
            candidates = value.split(",") if attribute == "srcset" else [value]
            for candidate in candidates:
                url = candidate.strip().split(" ")[0] if attribute == "srcset" else candidate.strip()
                if url:
                    self.urls.append(url)
                    if tag == "img":
                        self.images.append(url)
        if tag == "link" and set(values.get("rel", "").lower().split()) & LOADING_LINK_RELS and values.get("href"):
            self.urls.append(values["href"])


def _local(site_dir: Path, base: PurePosixPath, url: str) -> Path | None:
    """The file in the site that a relative or root-relative URL points to, if any."""
    if not url or url.startswith(("data:", "#", "blob:", "about:", "javascript:", "mailto:")) or is_external(url):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    joined = PurePosixPath(path.lstrip("/")) if path.startswith("/") else base / path
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    target = site_dir.joinpath(*parts) if parts else site_dir
    try:
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
    except OSError:  # not a name a file could have
        return None


# docs/assets/search-on-demand.js holds the search index back until the reader opens search.
ON_DEMAND = re.compile(r'<script[^>]+src="[^"]*search-on-demand\.js"')


def page_assets(site_dir: Path, url: str, html: str) -> list[Path]:
    """Every file in the site that a first visit to this page loads, once each (stylesheets'
    own url()s and the theme's search worker included; the search index too, unless the page
    loads it on demand)."""
    base = PurePosixPath(url if url.endswith("/") or url == "" else url.rsplit("/", 1)[0] + "/")
    parser = _Loads()
    parser.feed(html)
    wanted = list(parser.urls)
    config = CONFIG.search(html)
    if config:
        try:
            theme = json.loads(config.group(1))
        except ValueError:
            theme = {}
        if theme.get("search"):  # Material starts its search worker, which fetches the index
            wanted.append(theme["search"])
            if not ON_DEMAND.search(html):  # ... unless the index waits until search is used
                wanted.append(f"{theme.get('base', '.').rstrip('/')}/search/search_index.json")
    found: dict[Path, None] = {}
    queue = [(base, u) for u in wanted]
    while queue:
        where, candidate = queue.pop(0)
        path = _local(site_dir, where, candidate)
        if path is None or path in found or path.suffix == ".html":
            continue
        found[path] = None
        if path.suffix == ".css":
            folder = PurePosixPath(path.parent.relative_to(site_dir).as_posix())
            text = path.read_text(encoding="utf-8", errors="replace")
            queue.extend((folder, m.group(1) or m.group(2)) for m in CSS_URL.finditer(text))
    return list(found)


@dataclass(frozen=True)
class ImageProblem:
    page: str
    image: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page or '/'}: {self.image}: {self.detail}"


def check_image(page: str, name: str, kind: str, data: bytes) -> list[ImageProblem]:
    kind = kind.lower()
    problems = []
    if kind not in IMAGE_FORMATS:
        problems.append(ImageProblem(page, name, f"{kind} image: use PNG or SVG for figures (JPEG or WebP for photographs)"))
    if len(data) > IMAGE_BYTES_BUDGET:
        problems.append(ImageProblem(page, name, f"{len(data) / KB:.0f} KB, over the {IMAGE_BYTES_BUDGET // KB} KB "
                                                 "budget: make the figure smaller (fewer dots per inch, "
                                                 "fewer points, SVG for line drawings)"))
    if kind not in ("svg", "svg+xml"):
        try:
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
        except Exception:  # noqa: BLE001 - unreadable image
            return problems + [ImageProblem(page, name, "cannot be read as an image")]
        if max(width, height) > IMAGE_MAX_SIDE:
            problems.append(ImageProblem(page, name, f"{width}x{height} pixels, over {IMAGE_MAX_SIDE} on its "
                                                     "longest side: save it smaller (e.g. figsize or dpi)"))
    return problems


def page_images(site_dir: Path, url: str, html: str) -> list[ImageProblem]:
    """Check every image a page shows: inline data: images and image files."""
    problems = []
    for number, match in enumerate(DATA_IMAGE.finditer(html), start=1):
        data = base64.b64decode("".join(match.group(2).split()))
        problems.extend(check_image(url, f"inline image {number}", match.group(1), data))
    base = PurePosixPath(url if url.endswith("/") or url == "" else url.rsplit("/", 1)[0] + "/")
    parser = _Loads()
    parser.feed(html)
    for src in parser.images:
        path = _local(site_dir, base, src)
        if path is not None:
            kind = path.suffix.lower().lstrip(".").replace("svg", "svg+xml")
            problems.extend(check_image(url, path.relative_to(site_dir).as_posix(), kind, path.read_bytes()))
    return problems


def default_notebook_body(ipynb: Path) -> str:
    """mkdocs-jupyter's output for a notebook with the plugin's default options."""
    from mkdocs_jupyter import convert
    from mkdocs_jupyter.mathjax import mathjax_script

    body = convert.nb2html(str(ipynb), theme="", include_mermaidjs=False, include_mathjax=False,
                           mathjax_version=4)
    return body + "\n" + mathjax_script(4, "")


def default_notebook_page(html: str, ipynb: Path) -> str | None:
    """The built page with mkdocs-jupyter's default output in place of the cleaned notebook."""
    starts = [html.find(marker) for marker in NOTEBOOK_START if marker in html]
    end = html.rfind(ARTICLE_END)
    if not starts or end < 0:
        return None
    start = min(starts)
    return html[:start] + default_notebook_body(ipynb) + html[end:]


@dataclass(frozen=True)
class PageWeight:
    page: str
    kind: str  # one of KINDS
    html: int  # gzipped bytes of the page's own HTML
    transferred: int  # html + every asset, as sent
    assets: int
    budget: int | None = None  # for html
    default_html: int | None = None  # notebooks: mkdocs-jupyter's default, gzipped
    first_visit_budget: int | None = None  # for transferred

    @property
    def over(self) -> bool:
        return (self.budget is not None and self.html > self.budget) or (
            self.first_visit_budget is not None and self.transferred > self.first_visit_budget)

    def status(self) -> str:
        return "OVER" if self.over else ("ok" if self.budget is not None or self.first_visit_budget else "-")


def page_kind(html: str, url: str | None = None) -> str:
    """home, notebook, lesson (one lesson's page), handout (a generated page that gathers
    several lessons), generated (any other page the build writes from front matter) or page."""
    if url == "":
        return "home"
    if 'class="jupyter-wrapper"' in html:
        return "notebook"
    lessons = html.count('class="lesson-meta"')
    if lessons == 1:
        return "lesson"
    if lessons > 1:
        return "handout"
    return "generated" if GENERATED_MARK in html else "page"


def first_visit_budget(kind: str, html: str) -> int:
    if kind == "handout":
        return FIRST_VISIT_BUDGETS["page"] + HANDOUT_PER_LESSON * html.count('class="lesson-meta"')
    return FIRST_VISIT_BUDGETS[kind]


def measure_page(site_dir: Path, url: str, sizes: dict[Path, int]) -> PageWeight:
    path = page_file(site_dir, url)
    html = path.read_text(encoding="utf-8")
    own = gzip_size(html.encode("utf-8"))
    assets = page_assets(site_dir, url, html)
    for asset in assets:
        if asset not in sizes:
            sizes[asset] = sent_size(asset)
    total = own + sum(sizes[a] for a in assets)
    kind = page_kind(html, url)
    visit = first_visit_budget(kind, html)
    if kind == "lesson":
        return PageWeight(url, kind, own, total, len(assets), LESSON_HTML_BUDGET, first_visit_budget=visit)
    if kind == "notebook":
        notebooks = sorted(path.parent.glob("*.ipynb"))
        default = default_notebook_page(html, notebooks[0]) if notebooks else None
        if default is None:
            return PageWeight(url, kind, own, total, len(assets), None, first_visit_budget=visit)
        default_size = gzip_size(default.encode("utf-8"))
        return PageWeight(url, kind, own, total, len(assets), int(default_size * NOTEBOOK_RATIO), default_size,
                          first_visit_budget=visit)
    return PageWeight(url, kind, own, total, len(assets), first_visit_budget=visit)


@dataclass
class PageWeightReport:
    pages: list[PageWeight] = field(default_factory=list)
    images: list[ImageProblem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def over(self) -> list[PageWeight]:
        return [p for p in self.pages if p.over]

    @property
    def passed(self) -> bool:
        return not self.over and not self.images and not self.problems

    def heaviest_by_kind(self) -> dict[str, PageWeight]:
        """The page of each kind whose first visit comes closest to its budget (or is heaviest)."""
        worst: dict[str, PageWeight] = {}
        for kind in KINDS:
            pages = [p for p in self.pages if p.kind == kind]
            if pages:
                worst[kind] = max(pages, key=lambda p: (p.transferred / p.first_visit_budget
                                                        if p.first_visit_budget else 0, p.transferred))
        return worst

    @property
    def heaviest(self) -> PageWeight | None:
        return max(self.pages, key=lambda p: p.transferred, default=None)

    def figure(self) -> str:
        heaviest = self.heaviest
        if heaviest is None:
            return "no pages"
        lessons = [p for p in self.pages if p.kind == "lesson"]
        notebooks = [p for p in self.pages if p.kind == "notebook" and p.default_html]
        text = f"heaviest {heaviest.page or '/'} {heaviest.transferred / KB:.0f} KB"
        if lessons:
            text += f"; lesson HTML max {max(p.html for p in lessons) / KB:.1f}/{LESSON_HTML_BUDGET // KB} KB"
        visits = [f"{kind} {worst.transferred / KB:.0f}/{worst.first_visit_budget // KB}"
                  for kind, worst in self.heaviest_by_kind().items() if worst.first_visit_budget]
        if visits:
            text += "; first visit max, KB: " + ", ".join(visits)
        if notebooks:
            worst = max(p.html / p.default_html for p in notebooks)
            text += f"; notebooks max {worst:.0%} of default (budget {NOTEBOOK_RATIO:.0%})"
        return text + f"; {len(self.over)} over budget, {len(self.images)} image problems"

    def details(self) -> list[str]:
        lines = [f"{p.page or '/'}: {p.kind} HTML {p.html / KB:.1f} KB gzipped, over its "
                 f"{p.budget / KB:.1f} KB budget" + (f" (mkdocs-jupyter default {p.default_html / KB:.0f} KB)"
                                                      if p.default_html else "")
                 for p in self.over if p.budget is not None and p.html > p.budget]
        lines += [f"{p.page or '/'}: a first visit transfers {p.transferred / KB:.0f} KB gzipped, over the "
                  f"{p.first_visit_budget // KB} KB budget for a {p.kind}; load less at first (a smaller "
                  "figure, fewer scripts)"
                  for p in self.over if p.first_visit_budget and p.transferred > p.first_visit_budget]
        return lines + [str(i) for i in self.images] + self.problems

    def table(self) -> str:
        """One line per page: what a first visit transfers, and the budget it is held to."""
        rows = [("Page", "Kind", "HTML gz", "Budget", "Default nb", "Assets", "Transferred", "First-visit budget",
                 "Status")]
        for p in sorted(self.pages, key=lambda p: -p.transferred):
            rows.append((p.page or "/", p.kind, f"{p.html / KB:.1f} KB",
                         f"{p.budget / KB:.1f} KB" if p.budget is not None else "-",
                         f"{p.default_html / KB:.0f} KB" if p.default_html else "-",
                         str(p.assets), f"{p.transferred / KB:.0f} KB",
                         f"{p.first_visit_budget // KB} KB" if p.first_visit_budget else "-", p.status()))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def run(site_dir: Path) -> PageWeightReport:
    start = time.monotonic()
    report = PageWeightReport()
    sizes: dict[Path, int] = {}
    for url in site_pages(site_dir):
        report.pages.append(measure_page(site_dir, url, sizes))
        html = page_file(site_dir, url).read_text(encoding="utf-8")
        report.images.extend(page_images(site_dir, url, html))
    if not report.pages:
        report.problems.append(f"{site_dir}: no HTML pages: build the site first")
    report.seconds = time.monotonic() - start
    return report


# Parts of a page that only some pages of a kind carry: a page-per-template sample includes
# the first page with each, so that none of them goes unchecked.
WIDGETS = {"explorable": 'class="explorable"', "my learning": 'id="course-my-learning"'}


def template_sample(site_dir: Path, pages: list[str], *, by_section: bool = True) -> set[str]:
    """One page for each template: the first page of each kind (lesson, notebook, page) in each
    section of the site (the first part of its path), and the home page. With
    `by_section=False`, one page of each kind site-wide instead, plus the first page carrying
    each of the WIDGETS (the quick form of the gates)."""
    chosen: dict[tuple[str, str], str] = {}
    for url in pages:
        html = page_file(site_dir, url).read_text(encoding="utf-8", errors="replace")
        if by_section:
            chosen.setdefault((page_kind(html), url.split("/", 1)[0]), url)
            continue
        chosen.setdefault((page_kind(html, url), ""), url)
        for name, marker in WIDGETS.items():
            if marker in html:
                chosen.setdefault(("widget", name), url)
    return set(chosen.values())


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Print each page's weight and fail over budget.")
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    args = parser.parse_args()
    report = run(args.site_dir)
    print(report.table())
    for line in report.details():
        print(line)
    print(report.figure())
    return 0 if report.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
