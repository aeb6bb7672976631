"""MkDocs adapter for notebooks: execute them (in parallel, cached) while the site is built,
mount the executed copies at /notebooks/, and tidy the rendered HTML. The logic lives in the
`course` package."""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from course.content.sources import find_notebooks, notebook_rel, notebook_uri
from course.notebooks import notebookpage
from course.notebooks.cache import drop_damaged
from course.notebooks.execute import ExecutionRequest
from course.notebooks.images import PngCache
from course.notebooks.runner import NotebookRun, RunnerError
from course.settings import Settings

log = logging.getLogger("mkdocs.course.notebooks")
# mkdocs-jupyter logs every conversion and copy at INFO; keep the build output readable.
for _name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
    logging.getLogger(_name).setLevel(logging.WARNING)
_state: dict[str, object] = {}


def on_config(config):
    """Every build starts clean, including each rebuild under `make serve`: a run left from a
    failed build is stopped, not reused."""
    run: NotebookRun | None = _state.pop("run", None)
    if run is not None:
        try:
            run.report()
        except RunnerError:
            pass
    _state.clear()
    _state["settings"] = Settings.from_mkdocs(config)
    return config


@event_priority(50)
def on_files(files, config):
    """Start executing notebooks in the background and mount where their copies will be.

    Markdown pages render while the kernels run; each notebook page waits for its own
    notebook only."""
    settings: Settings = _state["settings"]
    jupyter = config.plugins["mkdocs-jupyter"].config
    jupyter_cache = settings.root / jupyter["cache_dir"] if jupyter.get("cache") else None
    for path in drop_damaged(settings.cache_dir / "executed", settings.executed_dir,
                             settings.cache_dir / "png", *([jupyter_cache] if jupyter_cache else [])):
        log.info(f"Cache: dropped a damaged entry, {path.relative_to(settings.root)}; it will be rebuilt")
    _state["png_cache"] = PngCache(settings.cache_dir / "png")
    if settings.execute:
        try:
            _state["run"] = NotebookRun(ExecutionRequest(
                settings.notebooks_dir, settings.cache_dir, settings.lock_file, root=settings.root,
                timeout=settings.cell_timeout, output_limit=settings.cell_output_limit,
                workers=settings.workers, force=settings.force,
            ))
        except RunnerError as error:
            raise PluginError(f"Notebooks: {error}") from None
        source_dir = settings.executed_dir
    else:
        log.info("Notebooks: execution is off (COURSE_EXECUTE=0); showing them without outputs")
        source_dir = settings.notebooks_dir.parent
    for path in find_notebooks(settings.notebooks_dir):
        src_uri = notebook_uri(path.relative_to(settings.notebooks_dir).as_posix())
        if files.get_file_from_path(src_uri):
            _finish_notebooks()
            raise PluginError(f"docs/{src_uri}: notebooks belong in notebooks/, not docs/; move it")
        files.append(File(src_uri, str(source_dir), config.site_dir, config.use_directory_urls))
    return files


def _finish_notebooks() -> None:
    """Wait for every notebook once; stop the build if any failed."""
    run: NotebookRun | None = _state.pop("run", None)
    if run is None:
        return
    try:
        report = run.report()
    except RunnerError as error:
        raise PluginError(f"Notebooks: {error}") from None
    log.info(report.summary())
    if report.failures:
        raise PluginError(report.failure_message())


@event_priority(100)  # before mkdocs-jupyter reads the executed copy
def on_pre_page(page, config, files):
    run: NotebookRun | None = _state.get("run")
    rel = notebook_rel(page.file.src_uri)
    if run is not None and rel is not None:
        try:
            result = run.wait_for(rel)
        except RunnerError:
            result = None
        if result is None or not result.succeeded:
            _finish_notebooks()
    return page


def on_env(env, config, files):
    _finish_notebooks()
    return env


def on_post_build(config):
    _state["png_cache"].prune()


def on_build_error(error):
    run: NotebookRun | None = _state.pop("run", None)
    if run is not None:
        try:
            run.report()  # let the kernels finish and shut down cleanly
        except RunnerError:
            pass


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        return notebookpage.clean(html, page.file.src_uri.rsplit("/", 1)[-1], _state["png_cache"])
    return html


def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb"):
        settings: Settings = _state["settings"]
        page.edit_url = settings.edit_url(page.file.src_uri)
    return context
