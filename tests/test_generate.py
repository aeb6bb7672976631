import datetime as dt

from course.frontmatter import Catalogue, Lesson
from course.generate import (capability_page, generated_pages, navigation, path_lessons,
                             path_page, track_page)


def lesson(uri, track, order, archetypes=("users",), teaching=20, exercises=10, caps=("6.3",)):
    return Lesson(path=uri, title=f"Lesson {uri}", description="d", track=track, order=order,
                  archetypes=tuple(archetypes), teaching=teaching, exercises=exercises,
                  outcomes=("Explain a thing.", "List things.", "Use a thing."), capabilities=tuple(caps),
                  keypoints=("One.", "Two."), reviewed=dt.date(2026, 11, 28))


def catalogue():
    return Catalogue(lessons=[
        lesson("foundation/b.md", "foundation", 2),
        lesson("foundation/a.md", "foundation", 1, teaching=25, exercises=15),
        lesson("tracks/users/u.md", "users", 1),
        lesson("tracks/drivers/d.md", "drivers", 1, archetypes=("drivers", "users"), caps=("3.2",)),
        lesson("tracks/drivers/d2.md", "drivers", 2, archetypes=("drivers",)),
    ])


def test_track_page_lists_lessons_in_order_with_durations_and_outcomes():
    page = track_page(catalogue(), "foundation")
    assert page.src_uri == "foundation/index.md"
    body = page.markdown
    assert body.index("[Lesson foundation/a.md](a.md)") < body.index("[Lesson foundation/b.md](b.md)")
    assert "**2 lessons, 1 h 10 min in all**" in body
    assert "| 1 | [Lesson foundation/a.md](a.md) | 40 min | • Explain a thing.<br>• List things.<br>• Use a thing. |" in body


def test_learning_path_is_foundation_then_own_track_then_others_that_serve_it():
    uris = [l.src_uri for l in path_lessons(catalogue(), "users")]
    assert uris == ["foundation/a.md", "foundation/b.md", "tracks/users/u.md", "tracks/drivers/d.md"]
    page = path_page(catalogue(), "users").markdown
    assert "**4 lessons, 2 h 10 min in all.**" in page
    assert "[Lesson tracks/drivers/d.md](../tracks/drivers/d.md)" in page
    empty = path_page(catalogue(), "shapers").markdown
    assert "## Shapers track\n\nThe lessons for this track are being written." in empty


def test_empty_tracks_stay_out_of_pages_and_navigation_until_a_lesson_lands():
    cat = catalogue()
    uris = {p.src_uri for p in generated_pages(cat)}
    assert "tracks/users/index.md" in uris and "tracks/shapers/index.md" not in uris
    nav = navigation(cat, {"index.md", "glossary.md"})
    titles = [next(iter(entry)) for entry in nav]
    assert titles == ["Home", "Find your path", "Foundation", "Drivers track", "Users track", "Notebooks", "Glossary"]
    cat.lessons.append(lesson("tracks/shapers/s.md", "shapers", 1, archetypes=("shapers",)))
    titles = [next(iter(entry)) for entry in navigation(cat, {"index.md"})]
    assert "Shapers track" in titles
    assert "tracks/shapers/index.md" in {p.src_uri for p in generated_pages(cat)}


def test_capability_coverage_rolls_sub_domains_up_to_domains():
    body = capability_page(catalogue()).markdown
    row_6 = next(line for line in body.splitlines() if line.startswith("| 6 |"))
    assert "foundation/a.md" in row_6
    row_32 = next(line for line in body.splitlines() if line.startswith("| 3.2 |"))
    assert "[Lesson tracks/drivers/d.md](tracks/drivers/d.md)" in row_32
    assert next(l for l in body.splitlines() if l.startswith("| 6.4 |")).endswith("Not yet covered |")


def test_generated_front_matter_is_valid_yaml():
    import yaml

    for page in generated_pages(catalogue()):
        front = page.markdown.split("---\n")[1]
        data = yaml.safe_load(front)
        assert data["title"] and data["description"], page.src_uri
