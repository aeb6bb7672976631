"""`make check`: run every quality gate on a built site and print one report.

    python -m course.gates.check                      # build into site/, then run every gate
    python -m course.gates.check --site-dir site      # check a site that is already built
    python -m course.gates.check --gates content,weight

Gates (README.md, "Quality gates", says what each means and how to fix a failure):

    accessibility  axe-core, WCAG 2.2 AA, every page, light and dark, desktop and phone
                   (first-time views on one page per template; --every-view for all);
                   text alternatives; keyboard use of search, trainer view, quizzes, Present
    privacy        no request to another site, no cookies, a strict Content-Security-Policy
                   that the site works under
    weight         each page's transferred size against its budget
    reproducible   a clean build from the same files is byte-identical
    content        reading ease, spelling, patient identifiers, <script> in Markdown, https

Each gate's failures are listed (file or page, and place) before the summary table. The
exit status is 1 if any gate fails, 2 if the site could not be built.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.gates import reproducible

ROOT = Path(__file__).resolve().parents[2]
GATES = ("accessibility", "privacy", "weight", "reproducible", "content")
TITLES = {
    "accessibility": "Accessibility",
    "privacy": "Privacy and CSP",
    "weight": "Page weight",
    "reproducible": "Reproducible build",
    "content": "Content",
}
MAX_DETAILS = 60


@dataclass(frozen=True)
class GateResult:
    gate: str
    passed: bool
    figure: str
    details: list[str]
    seconds: float
    extra: str = ""  # a table printed before the details (page weights, reading ease)

    @property
    def title(self) -> str:
        return TITLES.get(self.gate, self.gate)


def _run_gate(gate: str, call: Callable[[], Any], describe: Callable[[Any], tuple[str, list[str], str]]) -> GateResult:
    start = time.monotonic()
    try:
        report = call()
    except Exception as error:  # noqa: BLE001 - a gate that cannot run has failed
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        return GateResult(gate, False, f"could not run: {detail.splitlines()[-1][:120]}", [detail],
                          time.monotonic() - start)
    figure, details, extra = describe(report)
    return GateResult(gate, bool(report.passed), figure, details, time.monotonic() - start, extra)


def run_gates(site_dir: Path, root: Path = ROOT, gates: tuple[str, ...] = GATES, strict: bool = True,
              log: Callable[[str], None] = lambda message: None, every_view: bool = False,
              templates_only: bool = False) -> list[GateResult]:
    """Run the chosen gates on a built site; returns one result per gate, in order.
    `templates_only`: the browser gates load one page per template instead of every page."""
    results = []
    for gate in gates:
        log(f"Running the {TITLES.get(gate, gate).lower()} gate...")
        if gate == "accessibility":
            from course.gates import accessibility

            result = _run_gate(gate, lambda: accessibility.run(site_dir, every_view=every_view,
                                                                   templates_only=templates_only),
                               lambda r: (r.figure(), r.details(), ""))
        elif gate == "privacy":
            from course.gates import privacy

            result = _run_gate(gate, lambda: privacy.run(site_dir, templates_only=templates_only), lambda r: (r.figure(), r.details(), ""))
        elif gate == "weight":
            from course.gates import pageweight

            result = _run_gate(gate, lambda: pageweight.run(site_dir),
                               lambda r: (r.figure(), r.details(), r.table()))
        elif gate == "reproducible":
            result = _run_gate(gate, lambda: reproducible.run(root, site_dir, strict=strict),
                               lambda r: (r.figure(), r.details(), ""))
        elif gate == "content":
            from course.gates import contentcheck

            result = _run_gate(gate, lambda: contentcheck.run(root, site_dir),
                               lambda r: (r.figure(), r.details(), "Reading ease (Flesch) per lesson:\n" + r.reading_table()))
        else:
            raise ValueError(f"unknown gate {gate!r}; choose from {', '.join(GATES)}")
        log(f"  {'pass' if result.passed else 'FAIL'} in {result.seconds:.0f} s")
        results.append(result)
    return results


def summary_table(results: list[GateResult]) -> str:
    rows = [("Gate", "Result", "Time", "Figure")]
    rows += [(r.title, "pass" if r.passed else "FAIL", f"{r.seconds:.0f} s", r.figure) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    widths[0] = max(widths[0], *(len(t) for t in TITLES.values()))
    lines = []
    for index, row in enumerate(rows):
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}")
        if index == 0:
            lines.append(f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * widths[2]}  {'-' * 40}")
    return "\n".join(lines)


def report(results: list[GateResult]) -> str:
    """The full report: each gate's tables and failures, then the summary table."""
    parts = []
    for result in results:
        if result.extra:
            parts.append(f"== {result.title} ==\n{result.extra}")
        if result.details:
            shown = result.details[:MAX_DETAILS]
            more = len(result.details) - len(shown)
            block = "\n".join(f"  {line}" for line in shown)
            if more:
                block += f"\n  ... and {more} more"
            parts.append(f"== {result.title}: {'problems' if not result.passed else 'notes'} ==\n{block}")
    parts.append("Quality gates\n" + summary_table(results))
    failed = [r.title for r in results if not r.passed]
    parts.append(f"{len(failed)} of {len(results)} gates failed: {', '.join(failed)}" if failed
                 else f"All {len(results)} gates passed.")
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.gates.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="a built site to check; without it, build into site/ first")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this checkout)")
    parser.add_argument("--gates", default=",".join(GATES),
                        help=f"comma-separated gates to run (default: all): {', '.join(GATES)}")
    parser.add_argument("--no-strict", action="store_true",
                        help="build without --strict (work in progress only; CI is always strict)")
    parser.add_argument("--every-view", action="store_true",
                        help="axe on every page in all four views (default: the two revealed views on "
                             "every page, the other two on one page per template)")
    parser.add_argument("--templates-only", action="store_true",
                        help="the quick form, to run after changing a template: the accessibility and privacy gates load "
                             "one page of each kind and each interactive part (in every view) "
                             "instead of every page")
    args = parser.parse_args(argv)
    gates = tuple(g.strip() for g in args.gates.split(",") if g.strip())
    unknown = [g for g in gates if g not in GATES]
    if unknown:
        parser.error(f"unknown gate(s) {', '.join(unknown)}; choose from {', '.join(GATES)}")
    root = args.root.resolve()
    strict = not args.no_strict

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    site_dir = args.site_dir
    if site_dir is None:
        site_dir = root / "site"
        log(f"Building the site into {site_dir}...")
        built = reproducible.build(root, site_dir, strict=strict)
        if built.returncode != 0:
            print(built.output[-4000:])
            print("The site did not build, so no gate ran: fix the build errors above first.")
            return 2
    site_dir = site_dir.resolve()
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir} has no index.html: build the site first (make build), or leave out --site-dir")
        return 2
    results = run_gates(site_dir, root, gates, strict=strict, log=log, every_view=args.every_view,
                         templates_only=args.templates_only)
    print(report(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
