"""MkDocs adapter for explorables: each page that shows one loads its scripts, and no other
page does (course/content/explorable_block.py)."""

from __future__ import annotations

from mkdocs.utils import get_relative_url

from course.content.explorable_block import SCRIPTS_DIR, add_scripts


def on_post_page(output, page, config):
    return add_scripts(output, get_relative_url(f"{SCRIPTS_DIR}/", page.url))
