"""Checks on a built site: what it loads from other sites, and what search can find."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Attributes through which a page loads something (as opposed to linking to it).
LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch",
                     "preconnect", "dns-prefetch", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class Reference:
    """Something a page loads, and where."""

    page: str
    what: str
    url: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what} loads {self.url}"


def is_external(url: str) -> bool:
    """True if loading this URL would contact another site."""
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme = urlsplit(url).scheme.lower()
    return scheme not in ("", "data", "blob", "about", "javascript", "mailto", "file")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for attribute in LOADING.get(tag, ()):
            if attribute in values:
                for url in values[attribute].split(","):
                    url = url.strip().split(" ")[0]
                    if url:
                        self.found.append((f"<{tag} {attribute}>", url))
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & LOADING_LINK_RELS and values.get("href"):
                self.found.append((f"<link rel={'/'.join(sorted(rels))}>", values["href"]))
        if "style" in values:
            self.found.extend(("style attribute", m.group(1) or m.group(2)) for m in CSS_URL.finditer(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.extend(("<style>", m.group(1) or m.group(2)) for m in CSS_URL.finditer(data))


def loaded_resources(site_dir: Path) -> list[Reference]:
    """Every resource every page (and every CSS file) loads."""
    found: list[Reference] = []
    for path in sorted(site_dir.rglob("*.html")):
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8", errors="replace"))
        page = path.relative_to(site_dir).as_posix()
        found.extend(Reference(page, what, url) for what, url in collector.found)
    for path in sorted(site_dir.rglob("*.css")):
        page = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        found.extend(Reference(page, "CSS url()", m.group(1) or m.group(2)) for m in CSS_URL.finditer(text))
    return found


def third_party_resources(site_dir: Path) -> list[Reference]:
    """Resources that would be fetched from another site: there should be none."""
    return [r for r in loaded_resources(site_dir) if is_external(r.url)]


@dataclass(frozen=True)
class SearchDoc:
    location: str
    title: str
    text: str


def search_documents(site_dir: Path) -> list[SearchDoc]:
    data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [SearchDoc(d["location"], d.get("title", ""), d.get("text", "")) for d in data["docs"]]


def search_finds(docs: list[SearchDoc], page_url: str, terms: list[str]) -> list[str]:
    """Terms that the search index does NOT hold for the page at page_url."""
    text = " ".join(
        f"{d.title} {d.text}".lower() for d in docs if d.location.split("#")[0] == page_url
    )
    return [t for t in terms if t.lower() not in text]


@contextmanager
def serve(site_dir: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a built site on loopback for checkers and browsers; yields the base URL.

    The `LinkChecker` header lets linkchecker go faster than 10 requests a second, which it
    allows only for servers that send it.
    """

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(site_dir), **kwargs)  # type: ignore[arg-type]

        def end_headers(self) -> None:
            self.send_header("LinkChecker", "allowed")
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Links over HTTP, as a reader's browser follows them. Anchors are checked in-process from the
# built HTML (`broken_anchors`): LinkChecker's anchor plugin re-parses every page for every
# link and took most of the test suite's time.
LINKCHECKER_CONFIG = """[checking]
threads=8
timeout=30
maxrequestspersecond=1000
[filtering]
checkextern=0
"""


class _Anchors(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def _page_for(site_dir: Path, target: Path) -> Path | None:
    if target.is_dir():
        target = target / "index.html"
    return target if target.suffix == ".html" and target.is_file() else None


def broken_anchors(site_dir: Path) -> list[str]:
    """Every internal link whose #fragment names no element on its target page, as
    `page: href: what is wrong`. Links to other sites are not followed."""
    from urllib.parse import unquote

    pages: dict[Path, _Anchors] = {}

    def parsed(path: Path) -> _Anchors:
        if path not in pages:
            parser = _Anchors()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            pages[path] = parser
        return pages[path]

    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        for href in parsed(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = page if not parts.path else _page_for(site_dir, (page.parent / unquote(parts.path)).resolve())
            if target is None:
                continue  # a file that is not a page, or a missing page: LinkChecker reports those
            fragment = unquote(parts.fragment)
            if fragment not in parsed(target).ids:
                where = page.relative_to(site_dir).as_posix()
                problems.append(f"{where}: {href}: no element with id {fragment!r} on "
                                f"{target.relative_to(site_dir).as_posix()}")
    return problems


@dataclass(frozen=True)
class LinkReport:
    returncode: int
    errors: int
    warnings: int
    links: int
    output: str


def check_links(base_url: str, workdir: Path) -> LinkReport:
    """Run linkchecker over HTTP with anchor checking; external links are not followed."""
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "linkcheck", "-f", str(config), "--no-status", "-o", "text", base_url],
        capture_output=True, text=True, timeout=900,
    )
    output = proc.stdout + proc.stderr
    found = re.search(r"(\d+) links? in \d+ URLs? checked\. (\d+) warnings? found\. (\d+) errors? found", output)
    links, warnings, errors = (int(g) for g in found.groups()) if found else (0, -1, -1)
    return LinkReport(proc.returncode, errors, warnings, links, output)
