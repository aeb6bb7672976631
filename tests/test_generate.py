import datetime as dt

from course.content.frontmatter import Catalogue, Lesson
from course.pages.generate import (capability_page, generated_pages, navigation, path_lessons,
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


def with_essentials():
    base = catalogue()
    essentials = [Lesson(path=f"foundation/essentials/e{n}.md", title=f"Essentials {n}", description="d",
                         track="foundation", order=n, archetypes=("users", "drivers"), teaching=12,
                         exercises=6, outcomes=("Explain a thing.", "List things.", "Use a thing."),
                         capabilities=("6.3",), keypoints=("One.", "Two."), reviewed=dt.date(2026, 11, 28),
                         part="essentials") for n in (1, 2)]
    shifted = [Lesson(**{**l.__dict__, "order": l.order + 2}) if l.track == "foundation" else l
               for l in base.lessons]
    return Catalogue(lessons=essentials + shifted)


def test_essentials_has_its_page_starts_every_path_and_leads_the_foundation_navigation():
    from course.pages.generate import essentials_page

    page = essentials_page(with_essentials())
    assert page.src_uri == "foundation/essentials/index.md"
    assert "**2 lessons, 36 min in all**" in page.markdown
    assert "[Essentials 1](e1.md)" in page.markdown and "[Essentials 2](e2.md)" in page.markdown
    assert essentials_page(catalogue()) is None
    for archetype in ("users", "drivers", "shapers"):
        uris = [l.src_uri for l in path_lessons(with_essentials(), archetype)]
        assert uris[:2] == ["foundation/essentials/e1.md", "foundation/essentials/e2.md"], archetype
    assert "## Essentials" in path_page(with_essentials(), "shapers").markdown
    nav = navigation(with_essentials(), {"index.md"})
    foundation = next(item["Foundation"] for item in nav if "Foundation" in item)
    assert foundation[1] == {"Essentials": ["foundation/essentials/index.md",
                                            {"Essentials 1": "foundation/essentials/e1.md"},
                                            {"Essentials 2": "foundation/essentials/e2.md"}]}


def test_the_taster_is_built_from_essentials():
    from course.pages.schedule import workshop_plans

    taster = next(p for p in workshop_plans(with_essentials()) if p.name == "taster")
    assert [l.src_uri for l in taster.lessons] == ["foundation/essentials/e1.md", "foundation/essentials/e2.md"]
