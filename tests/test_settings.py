"""Settings (course/settings.py): typed and checked in one place, every problem named with
its file, setting, what is wrong and what is allowed."""

from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_lesson, run_build

from course.settings import ENVIRONMENT, CourseConfig, Settings, SettingsError, environment_setting


def settings(extra=None, env=None):
    return Settings.from_config({"course": extra or {}}, Path("/p/mkdocs.yml"), Path("/p/docs"), env=env or {})


def test_defaults_and_config():
    s = settings({"cell_timeout": 30, "repository": "https://example.test/repo/"})
    assert s.cell_timeout == 30 and s.execute and not s.force
    assert s.notebooks_dir == Path("/p/notebooks") and s.cache_dir == Path("/p/.cache/course")
    assert s.edit_url("docs/index.md") == "https://example.test/repo/edit/main/docs/index.md"
    assert settings().cell_timeout == 120 and settings().cell_output_limit == 1024 * 1024
    assert settings().edit_url("docs/index.md") is None


def test_environment_overrides():
    s = settings({"cell_timeout": 30}, {"COURSE_CELL_TIMEOUT": "5", "COURSE_WORKERS": "3",
                                         "COURSE_EXECUTE": "0", "COURSE_FORCE_EXECUTE": "1",
                                         "COURSE_CELL_OUTPUT_LIMIT": " 2 "})
    assert (s.cell_timeout, s.workers, s.execute, s.force, s.cell_output_limit) == (5, 3, False, True, 2048)
    assert settings({"execute": False}).execute is False
    assert settings(env={"COURSE_CELL_TIMEOUT": ""}).cell_timeout == 120, "an empty variable is not set"


@pytest.mark.parametrize("extra, env, message", [
    ({}, {"COURSE_CELL_TIMEOUT": "soon"},
     "environment: COURSE_CELL_TIMEOUT: 'soon' is not a whole number; allowed: a whole number of seconds, 1 or more"),
    ({}, {"COURSE_CELL_TIMEOUT": "0"},
     "environment: COURSE_CELL_TIMEOUT: 0 is too small; allowed: a whole number of seconds, 1 or more"),
    ({}, {"COURSE_EXECUTE": "maybe"},
     "environment: COURSE_EXECUTE: 'maybe' is not on or off; allowed: 1 or 0 (or true/false, yes/no, on/off)"),
    ({"cell_timeout": "ten"}, {},
     "mkdocs.yml: extra.course.cell_timeout: 'ten' is not a whole number; allowed: a whole number of seconds, 1 or more"),
    ({"cell_output_limit": True}, {},
     "mkdocs.yml: extra.course.cell_output_limit: True is not a whole number; allowed: a whole number of KB, 1 or more"),
    ({"execute": "no"}, {}, "mkdocs.yml: extra.course.execute: 'no' is not true or false; allowed: true or false"),
    ({"repository": "http://example.test/repo"}, {},
     "mkdocs.yml: extra.course.repository: 'http://example.test/repo' is not an https address; allowed: https://..."),
    ({"notebooks_dir": ""}, {}, "mkdocs.yml: extra.course.notebooks_dir: is empty; allowed: text such as 'notebooks'"),
    ({"cell_timout": 30}, {}, "mkdocs.yml: extra.course.cell_timout: is not a setting; allowed: branch, cache_dir, "
     "cell_output_limit, cell_timeout, execute, lock_file, notebooks_dir, repository"),
])
def test_a_bad_value_is_named_with_its_file_setting_and_what_is_allowed(extra, env, message):
    with pytest.raises(SettingsError) as error:
        settings(extra, env)
    assert str(error.value) == message


def test_every_problem_is_named_at_once():
    with pytest.raises(SettingsError) as error:
        settings({"cell_timeout": 0, "branch": 3}, {"COURSE_WORKERS": "two", "COURSE_FORCE_EXECUTE": "2"})
    assert str(error.value).splitlines() == [
        "mkdocs.yml: extra.course.cell_timeout: 0 is too small; allowed: a whole number of seconds, 1 or more",
        "mkdocs.yml: extra.course.branch: 3 is not text; allowed: text such as 'main'",
        "environment: COURSE_WORKERS: 'two' is not a whole number; allowed: a whole number of notebooks at once, 1 or more",
        "environment: COURSE_FORCE_EXECUTE: '2' is not on or off; allowed: 1 or 0 (or true/false, yes/no, on/off)",
    ]


def test_extra_course_must_be_settings():
    with pytest.raises(SettingsError, match=r"^mkdocs.yml: extra.course: is not a list of settings"):
        Settings.from_config({"course": ["cell_timeout"]}, Path("/p/mkdocs.yml"), Path("/p/docs"), env={})


def test_the_real_mkdocs_yml_uses_only_declared_settings():
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python tags
    extra = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["extra"]
    declared = {name for name, _ in CourseConfig._schema}
    assert set(extra["course"]) <= declared
    s = Settings.from_config(extra, ROOT / "mkdocs.yml", ROOT / "docs", env={})
    assert s.repository.startswith("https://") and s.cell_timeout == extra["course"]["cell_timeout"]


def test_the_gates_settings_come_from_the_same_table():
    assert environment_setting("check_workers", {}) == 2
    assert environment_setting("check_workers", {"COURSE_CHECK_WORKERS": "1"}) == 1
    assert environment_setting("chromium", {}) == "/usr/bin/chromium"
    assert environment_setting("chromium", {"COURSE_CHROMIUM": "/opt/chromium"}) == "/opt/chromium"
    with pytest.raises(SettingsError, match="^environment: COURSE_CHECK_WORKERS: 'all' is not a whole number"):
        environment_setting("check_workers", {"COURSE_CHECK_WORKERS": "all"})
    assert len({v.name for v in ENVIRONMENT}) == len(ENVIRONMENT)


def test_a_build_with_a_bad_setting_stops_with_one_line_each_and_no_traceback(project, tmp_path):
    make_lesson(project / "docs", "foundation/first.md")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("cell_timeout: 120", "cell_timeout: soon"),
                      encoding="utf-8")
    run = run_build(project, tmp_path / "site", env={"COURSE_WORKERS": "none"})
    assert run.returncode == 1
    assert ("mkdocs.yml: extra.course.cell_timeout: 'soon' is not a whole number; allowed: a whole "
            "number of seconds, 1 or more") in run.output
    assert ("environment: COURSE_WORKERS: 'none' is not a whole number; allowed: a whole number of "
            "notebooks at once, 1 or more") in run.output
    assert "Traceback" not in run.output
    assert not (tmp_path / "site" / "foundation").exists()
