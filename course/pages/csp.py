"""A Content-Security-Policy for every page: the site's own scripts, styles, fonts and
images, and nothing from anywhere else.

The policy goes in a <meta http-equiv> tag, so it works on any static host and in the
offline pack, with no server configuration. Material for MkDocs puts a few small inline
<script> blocks in every page (its palette and tab set-up); each is allowed by its SHA-256
hash, computed per page at build time, so no other inline script can run. `add_policy()`
is called by hooks/security.py on every page the build writes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

# What each kind of resource may load. 'self' is the site's own origin. data: is needed for
# images because Material draws its icons as data: SVGs in CSS (mask-image).
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "manifest-src": ("'self'",),
    "media-src": ("'self'",),
    "frame-src": ("'self'",),  # the offline pack's stand-in for Web Workers is a same-site frame
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
# Sources that may appear in a policy at all (hashes are checked separately).
ALLOWED_SOURCES = {"'self'", "'none'", "data:"}
DATA_ALLOWED_IN = {"img-src"}

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
META = re.compile(
    r"""<meta\s+http-equiv\s*=\s*["']Content-Security-Policy["']\s+content\s*=\s*"([^"]*)"\s*/?>""",
    re.IGNORECASE,
)
CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
HASH_SOURCE = re.compile(r"^'sha256-[A-Za-z0-9+/]+=*'$")
# Script types a browser runs; anything else (application/json, ...) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


def inline_scripts(html: str) -> list[str]:
    """The text of every inline <script> a browser would run, as written in the page."""
    found = []
    for match in SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if SRC.search(attributes):
            continue
        kind = TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in SCRIPT_TYPES:
            found.append(body)
    return found


def script_hash(body: str) -> str:
    """The CSP source that allows one inline script: 'sha256-<base64 digest>'."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy_for(html: str) -> str:
    """The policy for one page: the base policy plus the hash of each of its inline scripts."""
    hashes = sorted({script_hash(body) for body in inline_scripts(html)})
    parts = []
    for directive, sources in BASE_POLICY.items():
        values = list(sources) + (hashes if directive == "script-src" else [])
        parts.append(f"{directive} {' '.join(values)}")
    return "; ".join(parts)


def add_policy(html: str) -> str:
    """The page with its policy as the first thing after <meta charset>, before any script.

    A page that already has a policy gets it recomputed, so running twice changes nothing.
    """
    html = re.sub(r"\n?[ \t]*" + META.pattern, "", html, flags=re.IGNORECASE)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    for pattern in (CHARSET, HEAD):
        match = pattern.search(html)
        if match:
            return html[: match.end()] + "\n    " + tag + html[match.end():]
    return tag + "\n" + html


def page_policy(html: str) -> str | None:
    """The policy a page declares in its <meta http-equiv> tag, if any."""
    match = META.search(html)
    return match.group(1) if match else None


@dataclass(frozen=True)
class PolicyProblem:
    """Something wrong with a page's policy."""

    page: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


def parse(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def check_page(page: str, html: str) -> list[PolicyProblem]:
    """Check that a built page carries a strict policy, before any script, that allows its
    own inline scripts and nothing from another site."""
    policy = page_policy(html)
    if policy is None:
        return [PolicyProblem(page, "no Content-Security-Policy <meta> tag: is hooks/security.py "
                                    "in the `hooks:` list of mkdocs.yml?")]
    problems = []
    first_script = SCRIPT.search(html)
    if first_script and first_script.start() < META.search(html).start():
        problems.append(PolicyProblem(page, "a <script> comes before the policy, so the policy "
                                            "does not cover it"))
    directives = parse(policy)
    for directive, expected in BASE_POLICY.items():
        if directive not in directives:
            problems.append(PolicyProblem(page, f"the policy has no {directive}"))
    for directive, sources in directives.items():
        for source in sources:
            if source in ALLOWED_SOURCES and (source != "data:" or directive in DATA_ALLOWED_IN):
                continue
            if directive == "script-src" and HASH_SOURCE.match(source):
                continue
            problems.append(PolicyProblem(page, f"{directive} allows {source}: only the site's "
                                                "own origin is allowed"))
    allowed = set(directives.get("script-src", []))
    for body in inline_scripts(html):
        if script_hash(body) not in allowed:
            problems.append(PolicyProblem(page, f"an inline script is not allowed by the policy "
                                                f"and will not run: {body.strip()[:60]!r}"))
    return problems
