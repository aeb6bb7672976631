"""Run `mkdocs build` in a subprocess and record what happened: the one way the tests, the
benchmark and the quality gates build a site."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Build:
    """One `mkdocs build`: its exit code, everything it printed, where it wrote, how long."""

    returncode: int
    output: str
    site_dir: Path
    seconds: float


# Every build we start: no MkDocs 2 notice, and nbconvert lists its exporters without
# loading each one (about 1.3 s of each build's start; mkdocs-jupyter never asks it to).
# The Makefile exports the same two for make serve, build and the rest.
BUILD_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1"}


def build(project: Path, site_dir: Path, env: dict[str, str] | None = None, *,
          timeout: int = 1200, strict: bool = True, config: str = "mkdocs.yml") -> Build:
    """A `mkdocs build` (strict unless told otherwise) of project's `config` into site_dir."""
    full_env = {**os.environ, **BUILD_ENVIRONMENT, **(env or {})}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict",
         "-f", config, "--site-dir", str(site_dir)],
        cwd=project, env=full_env, capture_output=True, text=True, timeout=timeout,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site_dir, time.monotonic() - start)
