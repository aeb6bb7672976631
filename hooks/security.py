"""MkDocs adapter for site hardening: a Content-Security-Policy in every page
(course/pages/csp.py) and the build date pinned to the last commit, so that two builds of one
commit are byte-identical (course/gates/reproducible.py).

`mkdocs serve` (`make serve`) leaves the policy out: its live reload is an inline script
that changes on every request, which a strict policy would block. Built sites, CI and the
offline pack always carry it."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority

from course.gates import reproducible
from course.pages import csp

# MkDocs loads this module once per process and announces the command once (on_startup), so
# "serve" holds for every rebuild. "pinned" is the build date this hook set, if it set one.
_state: dict[str, object] = {"serve": False, "pinned": None}


def on_startup(command, dirty):
    _state["serve"] = command == "serve"


def on_config(config):
    """Pin the build date for this build: a date pinned for an earlier build in this process
    (a rebuild under `make serve`) is read again, as the last commit may have changed; a
    SOURCE_DATE_EPOCH set by the person running the build is kept."""
    if _state["pinned"] is not None and os.environ.get("SOURCE_DATE_EPOCH") == _state["pinned"]:
        del os.environ["SOURCE_DATE_EPOCH"]
    given = os.environ.get("SOURCE_DATE_EPOCH")
    pinned = reproducible.pin_build_date(Path(config.config_file_path).resolve().parent)
    _state["pinned"] = pinned if given is None else None


# Last, so the policy hashes the inline scripts exactly as the page is written.
@event_priority(-100)
def on_post_page(output, page, config):
    return output if _state["serve"] else csp.add_policy(output)


@event_priority(-100)
def on_post_template(output_content, template_name, config):
    # Theme pages such as 404.html; sitemap.xml is not HTML.
    if template_name.endswith(".html") and not _state["serve"]:
        return csp.add_policy(output_content)
    return output_content
