"""MkDocs adapter for lessons: validate front matter, generate pages and navigation, and
render outcomes and key points. The logic lives in the `course` package."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from course import failure
from course.content.frontmatter import Catalogue, format_problems, is_lesson, read_catalogue
from course.pages import learning, lessonpage
from course.pages.generate import generated_pages, navigation
from course.settings import Settings

_state: dict[str, object] = {}


@event_priority(100)
def on_files(files, config):
    settings: Settings = _state["settings"]
    lesson_uris = [f.src_uri for f in files if is_lesson(f.src_uri)]
    catalogue = read_catalogue(settings.docs_dir, lesson_uris, settings.notebooks_dir, settings.root)
    if catalogue.problems:
        raise PluginError(format_problems(catalogue.problems))
    for page in [*generated_pages(catalogue, settings.docs_dir),
                 learning.my_learning_page(catalogue, settings.docs_dir)]:
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    existing = {f.src_uri for f in files} | {n.src_uri for n in catalogue.notebooks}
    config.nav = navigation(catalogue, existing)
    _state["catalogue"] = catalogue
    return files


def on_page_markdown(markdown, page, config, files):
    catalogue: Catalogue = _state["catalogue"]
    lesson = next((l for l in catalogue.lessons if l.src_uri == page.file.src_uri), None)
    if lesson is None:
        return markdown
    return lessonpage.render(lesson, markdown, catalogue.notebook_titles())


@event_priority(-50)  # after hooks/notebooks.py has tidied a notebook page
def on_page_content(html, page, config, files):
    """Lesson and notebook pages end with the My learning panel (course/pages/learning.py)."""
    target = files.get_file_from_path(learning.PAGE_URI)
    href = get_relative_url(target.url, page.url) if target else ""
    panel = learning.panel_for(page.file.src_uri, _state["catalogue"], href)
    return html + panel if panel else html


def on_page_context(context, page, config, nav):
    settings: Settings = _state["settings"]
    if page.file.generated_by:
        page.edit_url = None
    elif not page.file.src_uri.endswith(".ipynb"):
        page.edit_url = settings.edit_url(f"{config.docs_dir.rsplit('/', 1)[-1]}/{page.file.src_uri}")
    return context


def on_build_error(error):
    site_dir = _state.get("site_dir")
    if site_dir:
        failure.clear_site(Path(site_dir), str(error))


def on_config(config):
    _state.clear()  # every build starts clean, including each rebuild under `make serve`
    _state["site_dir"] = config.site_dir
    _state["settings"] = Settings.from_mkdocs(config)  # stops here, naming every bad setting
