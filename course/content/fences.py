"""Fenced code blocks in Markdown source: which lines are code, so that checks and rewrites
of prose leave code examples alone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

FENCE = re.compile(r"^\s*(```|~~~)")


def mark_code(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line, and whether it is code: a fence line, or a line between two fences.

    As in CommonMark, a fence that is never closed runs to the end."""
    fenced = False
    for line in lines:
        if FENCE.match(line):
            fenced = not fenced
            yield line, True
        else:
            yield line, fenced
