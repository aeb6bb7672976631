"""Build settings: read from `extra.course` in mkdocs.yml, overridable by the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A setting has a value the build cannot use."""


def _env_int(env: Mapping[str, str], name: str, default: int, low: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} must be a whole number") from None
    if value < low:
        raise SettingsError(f"{name}={raw!r} must be at least {low}")
    return value


def _env_flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={raw!r} must be 1 or 0")


@dataclass(frozen=True)
class Settings:
    """Where things are and how notebooks are executed."""

    root: Path
    docs_dir: Path
    notebooks_dir: Path
    cache_dir: Path
    lock_file: Path
    repository: str
    branch: str
    cell_timeout: int
    cell_output_limit: int  # bytes
    workers: int
    execute: bool
    force: bool

    @classmethod
    def from_config(
        cls, extra: Mapping[str, Any], config_file: Path, docs_dir: Path,
        env: Mapping[str, str] | None = None,
    ) -> "Settings":
        """Build settings from mkdocs.yml's `extra.course` and the environment.

        Environment variables: COURSE_CELL_TIMEOUT (seconds), COURSE_CELL_OUTPUT_LIMIT (KB of
        output one cell may put in the page), COURSE_WORKERS,
        COURSE_EXECUTE (0 renders notebooks without running them),
        COURSE_FORCE_EXECUTE (1 ignores the cache).
        """
        env = os.environ if env is None else env
        course = dict(extra.get("course") or {})
        root = config_file.resolve().parent
        timeout = course.get("cell_timeout", 120)
        if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
            raise SettingsError(f"extra.course.cell_timeout in mkdocs.yml must be a whole "
                                f"number of seconds, not {timeout!r}")
        output_kb = course.get("cell_output_limit", 1024)
        if isinstance(output_kb, bool) or not isinstance(output_kb, int) or output_kb < 1:
            raise SettingsError(f"extra.course.cell_output_limit in mkdocs.yml must be a whole "
                                f"number of KB, not {output_kb!r}")
        return cls(
            root=root,
            docs_dir=docs_dir,
            notebooks_dir=root / course.get("notebooks_dir", "notebooks"),
            cache_dir=root / course.get("cache_dir", ".cache/course"),
            lock_file=root / course.get("lock_file", "requirements.lock"),
            repository=str(course.get("repository", "")).rstrip("/"),
            branch=str(course.get("branch", "main")),
            cell_timeout=_env_int(env, "COURSE_CELL_TIMEOUT", timeout, 1),
            cell_output_limit=_env_int(env, "COURSE_CELL_OUTPUT_LIMIT", output_kb, 1) * 1024,
            workers=_env_int(env, "COURSE_WORKERS", os.cpu_count() or 1, 1),
            execute=_env_flag(env, "COURSE_EXECUTE", bool(course.get("execute", True))),
            force=_env_flag(env, "COURSE_FORCE_EXECUTE", False),
        )

    def edit_url(self, path_from_root: str) -> str | None:
        """The address to edit a source file, built from the one configured repository."""
        if not self.repository:
            return None
        return f"{self.repository}/edit/{self.branch}/{path_from_root}"

    @property
    def executed_dir(self) -> Path:
        """Where executed copies of notebooks are laid out as notebooks/<path>.ipynb."""
        return self.cache_dir / "site"
