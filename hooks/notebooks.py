"""MkDocs adapter for notebooks: execute them (in parallel, cached) before the site is
built, mount the executed copies at /notebooks/, and tidy the rendered HTML. The logic lives
in the `course` package."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from course import notebookpage
from course.images import PngCache
from course.execute import execute_all, find_notebooks
from course.settings import Settings

log = logging.getLogger("mkdocs.course.notebooks")
# mkdocs-jupyter logs every conversion and copy at INFO; keep the build output readable.
for _name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
    logging.getLogger(_name).setLevel(logging.WARNING)
_state: dict[str, object] = {}
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebooks")


@event_priority(50)
def on_files(files, config):
    """Start executing notebooks in the background and mount where their copies will be.

    Markdown pages render while the kernels run; the build waits for them at the first
    notebook page (or, if there is none, before any page is written)."""
    settings = Settings.from_config(config.extra, Path(config.config_file_path), Path(config.docs_dir))
    _state["settings"] = settings
    _state["png_cache"] = PngCache(settings.cache_dir / "png")
    if settings.execute:
        _state["execution"] = _pool.submit(
            execute_all, settings.notebooks_dir, settings.cache_dir, settings.lock_file,
            root=settings.root, timeout=settings.cell_timeout, workers=settings.workers,
            force=settings.force,
        )
        source_dir = settings.executed_dir
    else:
        log.info("Notebooks: execution is off (COURSE_EXECUTE=0); showing them without outputs")
        source_dir = settings.notebooks_dir.parent
    for path in find_notebooks(settings.notebooks_dir):
        rel = path.relative_to(settings.notebooks_dir).as_posix()
        src_uri = f"notebooks/{rel}"
        if files.get_file_from_path(src_uri):
            _wait_for_notebooks()
            raise PluginError(f"docs/{src_uri}: notebooks belong in notebooks/, not docs/; move it")
        files.append(File(src_uri, str(source_dir), config.site_dir, config.use_directory_urls))
    return files


def _wait_for_notebooks() -> None:
    """Join the background execution once; stop the build if any notebook failed."""
    execution = _state.pop("execution", None)
    if execution is None:
        return
    report = execution.result()
    log.info(report.summary())
    if report.failures:
        raise PluginError(report.failure_message())


@event_priority(100)  # before mkdocs-jupyter reads the executed copy
def on_pre_page(page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        _wait_for_notebooks()
    return page


def on_env(env, config, files):
    _wait_for_notebooks()
    return env


def on_post_build(config):
    _state["png_cache"].prune()


def on_build_error(error):
    execution = _state.pop("execution", None)
    if execution is not None:
        execution.result()  # let the kernels finish and shut down cleanly


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        return notebookpage.clean(html, page.file.src_uri.rsplit("/", 1)[-1], _state["png_cache"])
    return html


def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb"):
        settings: Settings = _state["settings"]
        page.edit_url = settings.edit_url(page.file.src_uri)
    return context
