"""SCORM 1.2 packages for learning management systems: Essentials, the foundation and each track.

`make scorm` runs `make offline`, then `python -m course.tools.scorm --from-site offline/site`: it
packages the offline pack's build (`use_directory_urls: false`, search in a script, no worker).
Without --from-site it builds the site that way itself. It writes one zip per package into scorm/. Each package holds:

- its own lessons and notebooks, which it tracks, with the foundation and the shared pages
  (home, glossary, case studies, My learning) that its lessons link to. Lessons and notebooks
  of other role tracks are left out: links to them become plain text, and search does not
  list them;
- `scorm.html`, the one shareable content object (SCO) the learning system launches: it shows
  the package's start page in a frame and reports to the learning system through the SCORM
  1.2 API (`course/tools/scorm_adapter.js`): lesson status `incomplete` until every lesson of the
  package is marked done in My learning, then `completed`; the score is the percentage of the
  package's quiz questions answered correctly at the first try; session time; the page the
  reader was on (so a relaunch resumes there);
- `imsmanifest.xml`, listing every file.

Zips are written like the offline pack (sorted entries, fixed times), so the same site
always gives the same bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import posixpath
import re
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from course.content.frontmatter import Catalogue, Lesson, read_project
from course.content.schema import TRACK_TITLES, TRACKS
from course.pages.learning import item_id
from course.tools.offline import ROOT, OfflineError, build_site, write_zip

DEFAULT_OUT = Path("scorm")
ADAPTER = Path(__file__).with_name("scorm_adapter.js")
ADAPTER_NAME = "scorm-adapter.js"
LAUNCH = "scorm.html"
MANIFEST = "imsmanifest.xml"
ROLE_TRACKS = tuple(t for t in TRACKS if t != "foundation")
# Left out of every package: addresses for search engines, and the offline pack's own notes.
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", "README.txt"}
ANCHOR = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
LINK_TAG = re.compile(r'<link\b[^>]*?\bhref="([^"]*)"[^>]*>')  # rel="prev" and "next" in <head>
# A navigation entry that is only a link (Material's md-nav__item): dropped whole when its page
# is left out, so the menu lists only what the package holds.
NAV_ITEM = re.compile(r'<li class="md-nav__item">\s*<a href="([^"]*)" class="md-nav__link">'
                      r'(?:(?!</?li\b).)*?</a>\s*</li>', re.DOTALL)
SEARCH_PREFIX = "var __index = "

log = logging.getLogger("mkdocs.course.scorm")


class ScormError(RuntimeError):
    """A package could not be made or is not valid; the message says what to do."""


@dataclass(frozen=True)
class Package:
    """One SCORM package: what it tracks and where it starts."""

    key: str  # essentials | foundation | a role track
    title: str
    start: str  # the page the learning system opens, inside the package
    lessons: tuple[Lesson, ...]
    notebooks: tuple[str, ...]  # src_uri of the notebooks it carries as its own

    @property
    def zip_name(self) -> str:
        return f"ai-course-{self.key}-scorm12.zip"

    def owned_pages(self) -> set[str]:
        """The built pages (use_directory_urls off) of this package's lessons and notebooks."""
        return {page_of(l.src_uri) for l in self.lessons} | {page_of(n) for n in self.notebooks}


@dataclass(frozen=True)
class BuiltPackage:
    """What `make scorm` wrote for one package."""

    package: Package
    zip_path: Path
    files: int
    zip_bytes: int
    links_made_text: int


def page_of(src_uri: str) -> str:
    """The built file of a page when directory URLs are off: foundation/x.md -> foundation/x.html."""
    return str(PurePosixPath(src_uri).with_suffix(".html"))


def packages(catalogue: Catalogue) -> list[Package]:
    """Essentials, the whole foundation, then each role track that has lessons."""
    foundation = catalogue.track("foundation")
    essentials = tuple(l for l in foundation if l.part == "essentials")
    found: list[Package] = []
    if essentials:
        found.append(Package("essentials", "Essentials", "foundation/essentials/index.html",
                             essentials, ()))
    if foundation:
        found.append(Package("foundation", "Foundation", "foundation/index.html",
                             tuple(foundation), _notebooks(catalogue, "foundation", foundation)))
    for track in ROLE_TRACKS:
        lessons = catalogue.track(track)
        if lessons:
            found.append(Package(track, f"{TRACK_TITLES[track]} track", f"tracks/{track}/index.html",
                                 tuple(lessons), _notebooks(catalogue, track, lessons)))
    return found


def _notebooks(catalogue: Catalogue, track: str, lessons: list[Lesson]) -> tuple[str, ...]:
    """The track's own notebooks and any its lessons use, in catalogue order."""
    used = {n for l in lessons for n in l.notebooks}
    return tuple(n.src_uri for n in catalogue.notebooks if n.track == track or n.path in used)


def left_out_pages(package: Package, catalogue: Catalogue) -> set[str]:
    """Pages of lessons and notebooks that belong to role tracks other than this package's.
    The foundation stays in every package: role-track lessons build on it and link to it."""
    keep = package.owned_pages() | {page_of(l.src_uri) for l in catalogue.track("foundation")}
    keep |= {page_of(n.src_uri) for n in catalogue.notebooks if n.track == "foundation"}
    everything = {page_of(item.src_uri) for item in [*catalogue.lessons, *catalogue.notebooks]}
    return everything - keep


def _resolve(page: str, href: str) -> str | None:
    """The file inside the site that a relative link on `page` points to, or None for
    links that are not to a page of the site (other schemes, anchors on the same page)."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target or ":" in target or target.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def unlink_left_out(page: str, text: str, left_out: set[str]) -> tuple[str, int]:
    """Drop menu entries and <link> tags for left-out pages, and turn other links to them into
    plain text. Returns the page and how many links became text."""
    changed = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        target = _resolve(page, html.unescape(match.group(2)))
        if target is None or target not in left_out:
            return match.group(0)
        changed += 1
        return f'<span class="course-outside-package">{match.group(4)}</span>'

    def drop(match: re.Match[str]) -> str:
        target = _resolve(page, html.unescape(match.group(1)))
        return "" if target is not None and target in left_out else match.group(0)

    return LINK_TAG.sub(drop, ANCHOR.sub(replace, NAV_ITEM.sub(drop, text))), changed


def filter_search_index(text: str, left_out: set[str]) -> str:
    """The offline search index (search/search_index.js) without entries for left-out pages."""
    if not text.startswith(SEARCH_PREFIX):
        raise ScormError("search/search_index.js does not start with 'var __index = '; the "
                         "search plugin's offline format has changed: update course/tools/scorm.py")
    body = text[len(SEARCH_PREFIX):].rstrip().rstrip(";")
    index = json.loads(body)
    index["docs"] = [d for d in index["docs"] if d["location"].split("#", 1)[0] not in left_out]
    return SEARCH_PREFIX + json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def launch_page(package: Package) -> str:
    """scorm.html: the content object the learning system launches."""
    data = {
        "package": package.key, "title": package.title, "start": package.start,
        "lessons": [{"id": item_id(l), "title": l.title, "minutes": l.minutes, "quiz": l.quiz_questions}
                    for l in package.lessons],
    }
    attribute = html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)
    title = html.escape(f"AI for health and care staff: {package.title}")
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'">
<title>{title}</title>
<link rel="stylesheet" href="assets/scorm.css">
</head>
<body>
<main id="scorm-package" data-package="{attribute}">
<p id="scorm-status" role="status">Connecting to your learning system.</p>
<iframe id="scorm-content" title="{title}" src="{html.escape(package.start)}"></iframe>
</main>
<script src="{ADAPTER_NAME}"></script>
</body>
</html>
"""


LAUNCH_CSS = """html, body { height: 100%; margin: 0; }
main { display: flex; flex-direction: column; height: 100%; }
#scorm-status { margin: 0; padding: 0.25rem 0.75rem; font: 0.875rem/1.4 system-ui, sans-serif;
  background: #f0f4f5; color: #212b32; border-bottom: 1px solid #aeb7bd; }
#scorm-content { flex: 1; width: 100%; border: 0; }
"""


def manifest_xml(package: Package, files: list[str]) -> bytes:
    """imsmanifest.xml for SCORM 1.2 (ADL SCORM CAM 1.2): one organisation, one item, one SCO
    resource listing every file in the package."""
    ns = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    adl = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
    ET.register_namespace("", ns)
    ET.register_namespace("adlcp", adl)
    root = ET.Element(f"{{{ns}}}manifest", {"identifier": f"ai-course-{package.key}", "version": "1.0"})
    metadata = ET.SubElement(root, f"{{{ns}}}metadata")
    ET.SubElement(metadata, f"{{{ns}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{ns}}}schemaversion").text = "1.2"
    organisations = ET.SubElement(root, f"{{{ns}}}organizations", {"default": "org-course"})
    organisation = ET.SubElement(organisations, f"{{{ns}}}organization", {"identifier": "org-course"})
    ET.SubElement(organisation, f"{{{ns}}}title").text = f"AI for health and care staff: {package.title}"
    item = ET.SubElement(organisation, f"{{{ns}}}item",
                         {"identifier": "item-course", "identifierref": "sco-course", "isvisible": "true"})
    ET.SubElement(item, f"{{{ns}}}title").text = package.title
    resources = ET.SubElement(root, f"{{{ns}}}resources")
    resource = ET.SubElement(resources, f"{{{ns}}}resource", {
        "identifier": "sco-course", "type": "webcontent", f"{{{adl}}}scormtype": "sco", "href": LAUNCH})
    for name in files:
        ET.SubElement(resource, f"{{{ns}}}file", {"href": name})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def check_manifest(manifest: bytes, names: set[str]) -> list[str]:
    """What is wrong with a package's manifest by the SCORM 1.2 content packaging rules this
    course relies on (empty when nothing is): the ADL schema and version, a default
    organisation that exists, items that point at resources, a SCO resource with an href,
    unique identifiers, and a <file> for every file in the zip and no file that is missing."""
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
          "adl": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
    problems: list[str] = []
    try:
        root = ET.fromstring(manifest)
    except ET.ParseError as error:
        return [f"{MANIFEST} is not well-formed XML: {error}"]
    if root.tag != f"{{{ns['cp']}}}manifest":
        problems.append(f"the root element is {root.tag}, not an IMS CP 1.1.2 <manifest>")
    if root.findtext("cp:metadata/cp:schema", namespaces=ns) != "ADL SCORM" or \
            root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) != "1.2":
        problems.append("metadata must say schema 'ADL SCORM', schemaversion '1.2'")
    ids = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    if len(ids) != len(set(ids)):
        problems.append("identifiers are not unique")
    organisations = root.find("cp:organizations", ns)
    default = organisations.get("default") if organisations is not None else None
    if not default or organisations.find(f"cp:organization[@identifier='{default}']", ns) is None:
        problems.append("<organizations default> does not name an <organization>")
    resources = {r.get("identifier"): r for r in root.iterfind("cp:resources/cp:resource", ns)}
    for item in root.iterfind(".//cp:item", ns):
        ref = item.get("identifierref")
        if ref and ref not in resources:
            problems.append(f"item {item.get('identifier')} points at a missing resource {ref}")
    listed: set[str] = set()
    for resource in resources.values():
        if resource.get(f"{{{ns['adl']}}}scormtype") == "sco" and not resource.get("href"):
            problems.append(f"SCO resource {resource.get('identifier')} has no href")
        if resource.get("href") and resource.get("href") not in names:
            problems.append(f"resource href {resource.get('href')} is not in the package")
        listed |= {f.get("href", "") for f in resource.iterfind("cp:file", ns)}
    missing = sorted(listed - names)
    unlisted = sorted(names - listed - {MANIFEST})
    if missing:
        problems.append(f"{len(missing)} listed files are not in the package, such as {missing[0]}")
    if unlisted:
        problems.append(f"{len(unlisted)} files are not listed in the manifest, such as {unlisted[0]}")
    return problems


def package_files(site_dir: Path, package: Package, catalogue: Catalogue) -> tuple[dict[str, bytes], int]:
    """Every file of one package, by its name inside the zip, and how many links became text."""
    left_out = left_out_pages(package, catalogue)
    files: dict[str, bytes] = {}
    unlinked = 0
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        name = path.relative_to(site_dir).as_posix()
        if name in left_out or name in LEFT_OUT or _notebook_download_left_out(name, left_out):
            continue
        data = path.read_bytes()
        if name.endswith(".html"):
            text, count = unlink_left_out(name, data.decode("utf-8"), left_out)
            unlinked += count
            data = text.encode("utf-8")
        elif name == "search/search_index.js":
            data = filter_search_index(data.decode("utf-8"), left_out).encode("utf-8")
        files[name] = data
    if package.start not in files:
        raise ScormError(f"package {package.key}: its start page {package.start} was not built")
    files[LAUNCH] = launch_page(package).encode("utf-8")
    files[ADAPTER_NAME] = ADAPTER.read_bytes()
    files["assets/scorm.css"] = LAUNCH_CSS.encode("utf-8")
    files[MANIFEST] = manifest_xml(package, sorted(files))
    return files, unlinked


def _notebook_download_left_out(name: str, left_out: set[str]) -> bool:
    """A notebook's .ipynb download goes with its page."""
    return name.endswith(".ipynb") and str(PurePosixPath(name).with_suffix(".html")) in left_out


def write_package(out_dir: Path, package: Package, files: dict[str, bytes], unlinked: int) -> BuiltPackage:
    problems = check_manifest(files[MANIFEST], set(files))
    if problems:
        raise ScormError(f"package {package.key}: " + "; ".join(problems))
    zip_path = out_dir / package.zip_name
    count = write_zip(zip_path, files, folder=None)
    return BuiltPackage(package, zip_path, count, zip_path.stat().st_size, unlinked)


def make_packages(config_file: Path, out_dir: Path, *, only: list[str] | None = None,
                  strict: bool | None = None, from_site: Path | None = None) -> list[BuiltPackage]:
    """Build the site for use from files once (or take the offline pack's unzipped build,
    `from_site`), then write each package's zip into out_dir."""
    project = config_file.parent
    catalogue = read_project(project)
    if catalogue.problems:
        raise ScormError("the course has problems (make build lists them); fix them first")
    every = packages(catalogue)
    chosen = [p for p in every if not only or p.key in only]
    unknown = sorted(set(only or []) - {p.key for p in every})
    if unknown:
        raise ScormError(f"no package called {', '.join(unknown)}; the packages are "
                         f"{', '.join(p.key for p in every)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    site_dir = from_site or out_dir / "site"
    if from_site is None:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        build_site(config_file, site_dir, strict=strict)
    elif not (from_site / "search" / "search_index.js").is_file():
        raise ScormError(f"{from_site} is not an offline build of the site (it has no "
                         "search/search_index.js); run make offline, or leave out --from-site")
    built = []
    for package in chosen:
        files, unlinked = package_files(site_dir, package, catalogue)
        built.append(write_package(out_dir, package, files, unlinked))
    if from_site is None:
        shutil.rmtree(site_dir)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.tools.scorm",
        description="Build SCORM 1.2 packages (one zip each for Essentials, the foundation and "
                    "each track) for learning management systems.")
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--out", type=Path, default=None, help=f"where the zips go (default: {DEFAULT_OUT}/)")
    parser.add_argument("--package", action="append", default=None,
                        help="build only this package (essentials, foundation or a track); repeat for more")
    parser.add_argument("--from-site", type=Path, default=None,
                        help="package this offline build (make offline's offline/site) instead of building again")
    args = parser.parse_args(argv)
    config_file = args.config_file.resolve()
    out_dir = (args.out or config_file.parent / DEFAULT_OUT).resolve()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    start = time.monotonic()
    try:
        built = make_packages(config_file, out_dir, only=args.package,
                              from_site=args.from_site.resolve() if args.from_site else None)
    except (ScormError, OfflineError) as error:
        print(f"make scorm: {error}", file=sys.stderr)
        return 1
    for b in built:
        print(f"{b.zip_path.name}: {len(b.package.lessons)} lessons tracked, {b.files} files, "
              f"{b.zip_bytes / 1_000_000:.1f} MB; {b.links_made_text} links to other tracks made plain text")
    print(f"SCORM 1.2 packages: {len(built)} in {time.monotonic() - start:.1f} s, in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
