"""Build settings, typed and validated in one place: `extra.course` in mkdocs.yml and the
COURSE_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config.config_options import BaseConfigOption, ValidationError
from mkdocs.exceptions import ConfigurationError


class SettingsError(ConfigurationError):
    """Settings the build cannot use: one line per problem, `file: setting: what is wrong;
    what is allowed`. MkDocs stops with the message and no traceback."""


class WholeNumber(BaseConfigOption[int]):
    """A whole number, at least `minimum`; from the environment, its digits."""

    def __init__(self, minimum: int, unit: str, default: int | None = None) -> None:
        super().__init__()
        self.minimum, self.unit, self.default = minimum, unit, default

    @property
    def allowed(self) -> str:
        return f"a whole number of {self.unit}, {self.minimum} or more"

    def from_text(self, text: str) -> int:
        try:
            return self.run_validation(int(text.strip()))
        except ValueError:
            raise ValidationError(f"{text!r} is not a whole number; allowed: {self.allowed}") from None

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{value!r} is not a whole number; allowed: {self.allowed}")
        if value < self.minimum:
            raise ValidationError(f"{value} is too small; allowed: {self.allowed}")
        return value


class Flag(BaseConfigOption[bool]):
    """On or off: true or false in mkdocs.yml; 1 or 0 (also yes/no, on/off) in the environment."""

    allowed = "1 or 0 (or true/false, yes/no, on/off)"
    TEXT = {"1": True, "true": True, "yes": True, "on": True,
            "0": False, "false": False, "no": False, "off": False}

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def from_text(self, text: str) -> bool:
        try:
            return self.TEXT[text.strip().lower()]
        except KeyError:
            raise ValidationError(f"{text!r} is not on or off; allowed: {self.allowed}") from None

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"{value!r} is not true or false; allowed: true or false")
        return value


class Text(BaseConfigOption[str]):
    """A line of text; `https` asks for a web address (or nothing), `required` for something."""

    def __init__(self, default: str, *, https: bool = False, required: bool = True) -> None:
        super().__init__()
        self.default, self.https, self.needed = default, https, required

    def from_text(self, text: str) -> str:
        return self.run_validation(text)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"{value!r} is not text; allowed: text such as {self.default!r}")
        if self.needed and not value.strip():
            raise ValidationError(f"is empty; allowed: text such as {self.default!r}")
        if self.https and value and not value.startswith("https://"):
            raise ValidationError(f"{value!r} is not an https address; allowed: https://...")
        return value


class CourseConfig(base.Config):
    """`extra.course` in mkdocs.yml: every setting, its type, default and what is allowed."""

    repository = Text("", https=True, required=False)  # edit-this-page links are built from it
    branch = Text("main")
    notebooks_dir = Text("notebooks")  # folders and files, relative to mkdocs.yml
    cache_dir = Text(".cache/course")
    lock_file = Text("requirements.lock")
    cell_timeout = WholeNumber(1, "seconds", 120)
    cell_output_limit = WholeNumber(1, "KB", 1024)
    execute = Flag(True)


@dataclass(frozen=True)
class Variable:
    """An environment variable: the setting it gives, and how its text is read and checked."""

    name: str
    setting: str
    option: WholeNumber | Flag | Text
    meaning: str


# Every COURSE_* variable a person may set. (COURSE_NETWORK_GUARD is set by the build for its
# own notebook kernels, not by people.)
ENVIRONMENT: tuple[Variable, ...] = (
    Variable("COURSE_CELL_TIMEOUT", "cell_timeout", WholeNumber(1, "seconds"),
             "seconds a notebook cell may run; overrides extra.course.cell_timeout"),
    Variable("COURSE_CELL_OUTPUT_LIMIT", "cell_output_limit", WholeNumber(1, "KB"),
             "KB of output one cell may put in the page; overrides extra.course.cell_output_limit"),
    Variable("COURSE_WORKERS", "workers", WholeNumber(1, "notebooks at once"),
             "notebooks run at once; default one per core"),
    Variable("COURSE_EXECUTE", "execute", Flag(True), "0 renders notebooks without running them"),
    Variable("COURSE_FORCE_EXECUTE", "force", Flag(False), "1 runs every notebook again, ignoring the cache"),
    Variable("COURSE_CHECK_WORKERS", "check_workers", WholeNumber(1, "browser pages at once", 2),
             "pages the accessibility gate checks at once (at most 2, and one per core)"),
    Variable("COURSE_CHROMIUM", "chromium", Text("/usr/bin/chromium"),
             "the Chromium binary the quality gates and browser tests drive"),
)


def _environment(env: Mapping[str, str], problems: list[str]) -> dict[str, Any]:
    """The variables that are set (and not empty), read and checked."""
    values: dict[str, Any] = {}
    for variable in ENVIRONMENT:
        raw = env.get(variable.name, "")
        if raw.strip() == "":
            continue
        try:
            values[variable.setting] = variable.option.from_text(raw)
        except ValidationError as error:
            problems.append(f"environment: {variable.name}: {error}")
    return values


def environment_setting(setting: str, env: Mapping[str, str] | None = None) -> Any:
    """One setting that only the environment gives (for the quality gates): its value, or its
    default when the variable is not set."""
    variable = next(v for v in ENVIRONMENT if v.setting == setting)
    problems: list[str] = []
    value = _environment({variable.name: (os.environ if env is None else env).get(variable.name, "")},
                         problems)
    if problems:
        raise SettingsError("\n".join(problems))
    return value.get(setting, variable.option.default)


def read_course_config(extra: Mapping[str, Any], shown_as: str, problems: list[str]) -> CourseConfig:
    """`extra.course`, every value checked; what is wrong goes in `problems`."""
    config = CourseConfig()
    raw = extra.get("course")
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        problems.append(f"{shown_as}: extra.course: is not a list of settings; allowed: "
                        "'name: value' lines indented under 'course:'")
        return config
    known = [name for name, _ in CourseConfig._schema]
    for name, value in raw.items():
        if name not in known:
            problems.append(f"{shown_as}: extra.course.{name}: is not a setting; allowed: "
                            f"{', '.join(sorted(known))}")
            continue
        option = dict(CourseConfig._schema)[name]
        try:
            config[name] = option.validate(value)
        except ValidationError as error:
            problems.append(f"{shown_as}: extra.course.{name}: {error}")
    return config


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
        """Build settings from mkdocs.yml's `extra.course` and the environment (ENVIRONMENT),
        or stop with every problem at once (SettingsError)."""
        problems: list[str] = []
        course = read_course_config(extra, config_file.name, problems)
        given = _environment(os.environ if env is None else env, problems)
        if problems:
            raise SettingsError("\n".join(problems))
        root = config_file.resolve().parent
        return cls(
            root=root,
            docs_dir=docs_dir,
            notebooks_dir=root / course.notebooks_dir,
            cache_dir=root / course.cache_dir,
            lock_file=root / course.lock_file,
            repository=course.repository.rstrip("/"),
            branch=course.branch,
            cell_timeout=given.get("cell_timeout", course.cell_timeout),
            cell_output_limit=given.get("cell_output_limit", course.cell_output_limit) * 1024,
            workers=given.get("workers", os.cpu_count() or 1),
            execute=given.get("execute", course.execute),
            force=given.get("force", False),
        )

    @classmethod
    def from_mkdocs(cls, config: Any) -> "Settings":
        """The settings of a loaded MkDocs configuration (what the hooks are given)."""
        return cls.from_config(config.extra, Path(config.config_file_path), Path(config.docs_dir))

    def edit_url(self, path_from_root: str) -> str | None:
        """The address to edit a source file, built from the one configured repository."""
        if not self.repository:
            return None
        return f"{self.repository}/edit/{self.branch}/{path_from_root}"

    @property
    def executed_dir(self) -> Path:
        """Where executed copies of notebooks are laid out as notebooks/<path>.ipynb."""
        return self.cache_dir / "site"
