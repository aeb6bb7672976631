from pathlib import Path

import pytest

from course.settings import Settings, SettingsError


def settings(extra=None, env=None):
    return Settings.from_config({"course": extra or {}}, Path("/p/mkdocs.yml"), Path("/p/docs"), env=env or {})


def test_defaults_and_config():
    s = settings({"cell_timeout": 30, "repository": "https://example.test/repo/"})
    assert s.cell_timeout == 30 and s.execute and not s.force
    assert s.notebooks_dir == Path("/p/notebooks") and s.cache_dir == Path("/p/.cache/course")
    assert s.edit_url("docs/index.md") == "https://example.test/repo/edit/main/docs/index.md"
    assert settings().cell_timeout == 120


def test_environment_overrides():
    s = settings({"cell_timeout": 30}, {"COURSE_CELL_TIMEOUT": "5", "COURSE_WORKERS": "3",
                                         "COURSE_EXECUTE": "0", "COURSE_FORCE_EXECUTE": "1"})
    assert (s.cell_timeout, s.workers, s.execute, s.force) == (5, 3, False, True)


@pytest.mark.parametrize("env, message", [
    ({"COURSE_CELL_TIMEOUT": "soon"}, "COURSE_CELL_TIMEOUT='soon' must be a whole number"),
    ({"COURSE_CELL_TIMEOUT": "0"}, "COURSE_CELL_TIMEOUT='0' must be at least 1"),
    ({"COURSE_EXECUTE": "maybe"}, "COURSE_EXECUTE='maybe' must be 1 or 0"),
])
def test_bad_environment_values_are_named(env, message):
    with pytest.raises(SettingsError, match=message):
        settings(env=env)


def test_bad_config_timeout():
    with pytest.raises(SettingsError, match="extra.course.cell_timeout"):
        settings({"cell_timeout": "ten"})
