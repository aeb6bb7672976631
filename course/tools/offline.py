"""The offline pack: the whole site built to be opened from disk (file://), as one zip.

`make offline` runs `python -m course.tools.offline`. It builds the site again from mkdocs.yml
with three changes, and no copy of the configuration to keep in step:

- `use_directory_urls: false`, so links name files (`lesson.html`) that open from disk;
- Material's `offline` plugin, which puts the search index in a script (search_index.js)
  that a page opened from disk may load;
- our own stand-in for Web Workers (course/tools/offline_worker.js), listed before Material's
  scripts. Browsers will not start a worker from a file:// page, and the offline plugin
  would otherwise load its stand-in from a third-party CDN.

It then zips the site deterministically: entries in sorted order under one top folder,
with fixed timestamps and permissions, so the same site always gives the same zip.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from course.gates.sitecheck import third_party_resources

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SITE = Path("offline/site")
DEFAULT_ZIP = Path("offline/ai-course-offline.zip")
PACK_FOLDER = "ai-course-offline"  # the folder the zip unpacks to
WORKER_SHIM = Path(__file__).with_name("offline_worker.js")
# Where the shim goes in the site. The name must contain "iframe-worker": that is how the
# offline plugin knows not to add its own from a CDN.
WORKER_SHIM_URL = "assets/javascripts/iframe-worker.js"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no build date leaks in
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz"}  # addresses for search engines: no use on disk
README = """AI for health and care staff: offline pack
==========================================

1. Unzip this file into a folder (on Windows: right-click, Extract all).
   Do not open the pages from inside the zip: links between pages will not work.
2. Open index.html in this folder with a web browser (Microsoft Edge or Google Chrome).

Everything works from disk, with no network: the pages, search, the notebooks, trainer
view and presenter mode. Nothing is sent anywhere.

The course is licensed CC BY 4.0 (content) and MIT (code). An independent course: not an
NHS product.
"""

log = logging.getLogger("mkdocs.course.offline")


class OfflineError(RuntimeError):
    """The offline pack could not be made; the message says what to do."""


@dataclass(frozen=True)
class OfflinePack:
    """What `make offline` made."""

    site_dir: Path
    zip_path: Path
    files: int
    zip_bytes: int
    seconds: float

    def summary(self) -> str:
        return (f"Offline pack: {self.files} files, {self.zip_bytes / 1_000_000:.1f} MB, in "
                f"{self.seconds:.1f} s: {self.zip_path} (unzipped copy in {self.site_dir}). "
                f"Unzip it and open {PACK_FOLDER}/index.html.")


def offline_config(config_file: Path, site_dir: Path, *, strict: bool | None = None):
    """The site's configuration with the offline changes: mkdocs.yml itself is not touched.

    The configuration is read from mkdocs.yml's own path, so its hooks, docs folder and
    course settings resolve exactly as in a normal build.
    """
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as handle:
        raw = yaml_load(handle) or {}
    plugins = list(raw.get("plugins") or ["search"])
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    if not any(n in ("offline", "material/offline") for n in names):
        plugins.append("offline")
    extra = dict(raw.get("extra") or {})
    extra["polyfills"] = [WORKER_SHIM_URL] + [
        p for p in extra.get("polyfills", []) if p != WORKER_SHIM_URL]
    options = {"site_dir": str(site_dir), "use_directory_urls": False, "plugins": plugins,
               "extra": extra}
    if strict is not None:
        options["strict"] = strict
    return load_config(str(config_file), **options)


def build_site(config_file: Path, site_dir: Path, *, strict: bool | None = None) -> None:
    """Build the site for use from disk into `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    try:
        config = offline_config(config_file, site_dir, strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise OfflineError(f"the site did not build, so there is no offline pack ({error}). "
                           "Fix the problems listed above (make build shows the same ones), "
                           "then run make offline again.") from None
    shutil.copyfile(WORKER_SHIM, site_dir / WORKER_SHIM_URL)
    (site_dir / "README.txt").write_text(README, encoding="utf-8")
    for name in LEFT_OUT:
        (site_dir / name).unlink(missing_ok=True)
    foreign = third_party_resources(site_dir)
    if foreign:
        listed = "\n".join(f"  {r}" for r in foreign[:20])
        raise OfflineError(f"{len(foreign)} things in the pack would load from another site, "
                           f"which fails with no network:\n{listed}\nServe them from the "
                           "site itself (docs/assets/) instead.")
    if not (site_dir / "search" / "search_index.js").is_file():
        raise OfflineError("the build wrote no search/search_index.js, so search would not "
                           "work from disk; check that mkdocs.yml still has the search plugin")


def write_zip(zip_path: Path, files: dict[str, bytes], folder: str | None = PACK_FOLDER) -> int:
    """Write `files` (name inside the zip -> bytes) deterministically: sorted entries, under
    `folder/` (or at the top when folder is None), fixed times and permissions. The zip
    appears only when complete. Returns the number of files."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}" if folder else name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the permissions above are read the same everywhere
            archive.writestr(info, files[name], compresslevel=9)
    partial.replace(zip_path)
    return len(files)


def zip_site(site_dir: Path, zip_path: Path, folder: str = PACK_FOLDER) -> int:
    """Zip `site_dir` under `folder/`, deterministically. Returns the number of files."""
    files = {p.relative_to(site_dir).as_posix(): p.read_bytes()
             for p in site_dir.rglob("*") if p.is_file()}
    return write_zip(zip_path, files, folder)


def make_pack(config_file: Path, site_dir: Path, zip_path: Path, *,
              strict: bool | None = None) -> OfflinePack:
    """Build the site for disk and zip it."""
    start = time.monotonic()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    zip_path.unlink(missing_ok=True)
    build_site(config_file, site_dir, strict=strict)
    count = zip_site(site_dir, zip_path)
    return OfflinePack(site_dir, zip_path, count, zip_path.stat().st_size, time.monotonic() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.tools.offline",
        description="Build the offline pack: a zip of the site that works opened from disk.")
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help=f"where the unzipped site goes (default: {DEFAULT_SITE})")
    parser.add_argument("--zip", type=Path, default=None,
                        help=f"the zip to write (default: {DEFAULT_ZIP})")
    parser.add_argument("--no-strict", action="store_true",
                        help="do not stop on warnings such as broken links (for trying things out)")
    args = parser.parse_args(argv)
    project = args.config_file.resolve().parent
    site_dir = (args.site_dir or project / DEFAULT_SITE).resolve()
    zip_path = (args.zip or project / DEFAULT_ZIP).resolve()

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    try:
        pack = make_pack(args.config_file.resolve(), site_dir, zip_path,
                         strict=False if args.no_strict else None)
    except OfflineError as error:
        print(f"make offline: {error}", file=sys.stderr)
        return 1
    print(pack.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
