"""Check lessons against the lesson contract from the command line, as the build does:
`python -m course.content.lint docs/<folder>/<lesson>.md ...` (no files: every lesson)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from course.content.frontmatter import format_problems, read_project

ROOT = Path(__file__).resolve().parents[2]


def main(argv: Sequence[str], root: Path = ROOT) -> int:
    """Print each problem in the named lessons (or all) as the build would; 0 when clean.

    Track-wide rules (quiz form, Essentials totals) are checked over every lesson, and
    reported against the named files."""
    catalogue = read_project(root)
    wanted = {Path(a).resolve().relative_to(root.resolve()).as_posix() for a in argv}
    problems = [p for p in catalogue.problems if not wanted or p.path in wanted]
    if problems:
        print(format_problems(problems))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
