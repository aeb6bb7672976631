"""Workshop plans: schedules computed from lesson front matter."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from course.content.frontmatter import Catalogue, Lesson, is_lesson, read_catalogue
from course.pages.generate import generated_pages, navigation
from course.pages.schedule import (BREAK_SLACK, TASTER_LESSONS, at, clock, plan_page,
                                   plan_pages, plan_specs, plans_index, workshop_plans)

ROOT = Path(__file__).resolve().parent.parent


def lesson(uri, track="foundation", order=1, teaching=25, exercises=15, notebooks=()):
    return Lesson(path=uri, title=f"Lesson {order} of {track}", description="d", track=track,
                  order=order, archetypes=("users",), teaching=teaching, exercises=exercises,
                  outcomes=("Explain a thing.", "List things."), capabilities=("6.3",),
                  keypoints=("One.", "Two."), notebooks=tuple(notebooks),
                  reviewed=dt.date(2026, 11, 28))


def foundation(count=10, teaching=25, exercises=15):
    return [lesson(f"foundation/l{n:02d}.md", order=n, teaching=teaching, exercises=exercises)
            for n in range(1, count + 1)]


def plan_named(catalogue, name):
    return next(p for p in workshop_plans(catalogue) if p.name == name)


def rows(plan):
    return [(clock(s.start), clock(s.end), s.kind, s.lesson.order if s.lesson else None, s.short_form)
            for s in plan.slots]


def test_half_day_runs_whole_lessons_from_0930_with_a_break_about_every_90_minutes():
    plan = plan_named(Catalogue(lessons=foundation(6)), "foundation-half-day")
    assert rows(plan) == [
        ("09:30", "09:45", "welcome", None, False),
        ("09:45", "10:25", "lesson", 1, False),
        ("10:25", "11:05", "lesson", 2, False),
        ("11:05", "11:20", "break", None, False),
        ("11:20", "12:00", "lesson", 3, False),
        ("12:00", "12:40", "lesson", 4, False),
        ("12:40", "12:55", "close", None, False),
    ]
    assert [l.order for l in plan.left_out] == [5, 6]
    assert (plan.teaching, plan.exercises, plan.breaks, plan.total) == (100, 60, 15, 205)


def test_full_day_has_lunch_two_short_breaks_and_ends_by_1630():
    plan = plan_named(Catalogue(lessons=foundation(10)), "foundation-full-day")
    kinds = [s.kind for s in plan.slots]
    assert kinds.count("lunch") == 1 and kinds.count("break") == 2
    lunch = next(s for s in plan.slots if s.kind == "lunch")
    assert 45 <= lunch.minutes <= 60
    assert at("12:00") <= lunch.start <= at("13:15")
    assert clock(plan.start) == "09:30" and at("16:00") <= plan.end <= at("16:30")
    # After the whole lessons, the last one that fits only as teaching runs in short form.
    assert rows(plan)[-3:] == [("15:00", "15:40", "lesson", 7, False),
                               ("15:40", "16:05", "lesson", 8, True),
                               ("16:05", "16:20", "close", None, False)]
    assert [l.order for l in plan.left_out] == [9, 10]


def test_taster_is_one_hour_of_teaching_only_preferring_its_chosen_lessons():
    lessons = foundation(10)
    lessons[0] = dataclasses.replace(lessons[0], path=TASTER_LESSONS[0])
    lessons[2] = dataclasses.replace(lessons[2], path=TASTER_LESSONS[1])
    plan = plan_named(Catalogue(lessons=lessons), "taster")
    assert plan.total <= 60 and clock(plan.start) == "12:30"
    assert [s.lesson.src_uri for s in plan.slots if s.lesson] == list(TASTER_LESSONS)
    assert all(s.short_form and s.exercises == 0 for s in plan.slots if s.lesson)
    page = plan_page(plan).markdown
    assert "(short form)" in page and "Short form: set the exercise (15 min) for afterwards" in page


def test_taster_falls_back_to_the_first_lessons_when_its_choices_are_missing():
    plan = plan_named(Catalogue(lessons=foundation(5)), "taster")
    assert [l.order for l in plan.lessons] == [1, 2]
    assert [s.kind for s in plan.slots] == ["welcome", "lesson", "lesson", "close"]


def test_a_lesson_whose_exercise_does_not_fit_runs_in_short_form_and_one_that_cannot_is_left_out():
    lessons = [lesson("foundation/a.md", order=1, teaching=60, exercises=30),
               lesson("foundation/b.md", order=2, teaching=60, exercises=60),
               lesson("foundation/c.md", order=3, teaching=200, exercises=10)]
    plan = plan_named(Catalogue(lessons=lessons), "foundation-half-day")
    assert [(s.lesson.order, s.minutes, s.short_form) for s in plan.slots if s.lesson] == [
        (1, 90, False), (2, 60, True)]
    assert [l.order for l in plan.left_out] == [3]
    assert plan.end <= at("13:00")


@pytest.mark.parametrize("count,teaching,exercises", [(10, 25, 15), (3, 50, 40), (12, 10, 5), (1, 30, 0)])
def test_every_plan_is_continuous_ends_in_time_and_never_goes_long_without_a_break(count, teaching, exercises):
    catalogue = Catalogue(lessons=foundation(count, teaching, exercises))
    for plan in workshop_plans(catalogue):
        for before, after in zip(plan.slots, plan.slots[1:]):
            assert before.end == after.start, plan.name
        assert plan.end <= plan.spec.finish, plan.name
        assert plan.slots[0].kind == "welcome" and plan.slots[-1].kind == "close"
        if plan.spec.break_every:
            run = 0
            for slot in plan.slots:
                run = 0 if slot.kind in ("break", "lunch") else run + slot.minutes
                if slot.kind != "close":
                    assert run <= plan.spec.break_every + BREAK_SLACK, (plan.name, clock(slot.start))


def test_a_change_to_any_lessons_minutes_changes_every_plan_of_its_track():
    base = Catalogue(lessons=foundation(10))
    before = {p.src_uri: p.markdown for p in plan_pages(base)}
    for index in range(10):
        for field in ("teaching", "exercises"):
            changed = list(base.lessons)
            changed[index] = dataclasses.replace(changed[index], **{field: getattr(changed[index], field) + 3})
            after = {p.src_uri: p.markdown for p in plan_pages(Catalogue(lessons=changed))}
            for uri in ("trainers/plans/taster.md", "trainers/plans/foundation-half-day.md",
                        "trainers/plans/foundation-full-day.md"):
                assert after[uri] != before[uri], f"lesson {index + 1} {field} +3 left {uri} unchanged"


def test_changing_a_lessons_minutes_moves_the_times_after_it():
    base = Catalogue(lessons=foundation(6))
    longer = list(base.lessons)
    longer[0] = dataclasses.replace(longer[0], teaching=30)
    old, new = (plan_named(Catalogue(lessons=l), "foundation-half-day") for l in (base.lessons, longer))
    assert [clock(s.start) for s in new.slots][2] == "10:30"
    assert [clock(s.start) for s in old.slots][2] == "10:25"


def test_a_plan_for_an_archetype_track_appears_by_itself_when_its_first_lesson_lands():
    catalogue = Catalogue(lessons=foundation(4))
    names = [s.name for s in plan_specs(catalogue)]
    assert names == ["taster", "foundation-half-day", "foundation-full-day"]
    catalogue.lessons += [lesson("tracks/drivers/b.md", "drivers", 2, 30, 20),
                          lesson("tracks/drivers/a.md", "drivers", 1, 20, 10),
                          lesson("tracks/embedders/a.md", "embedders", 1)]
    names = [s.name for s in plan_specs(catalogue)]
    assert names == ["taster", "foundation-half-day", "foundation-full-day", "drivers-half-day",
                     "embedders-half-day"]
    drivers = plan_named(catalogue, "drivers-half-day")
    assert [l.src_uri for l in drivers.lessons] == ["tracks/drivers/a.md", "tracks/drivers/b.md"]
    page = plan_page(drivers).markdown
    assert "# Half-day workshop: Drivers track" in page
    assert "[Lesson 1 of drivers](../../tracks/drivers/a.md)" in page
    assert "should have taken the foundation" in page
    uris = {p.src_uri for p in generated_pages(catalogue)}
    assert {"trainers/plans/index.md", "trainers/plans/drivers-half-day.md",
            "trainers/plans/embedders-half-day.md"} <= uris
    assert "trainers/plans/shapers-half-day.md" not in uris
    index = plans_index(workshop_plans(catalogue)).markdown
    assert "[Half-day workshop: Drivers track](drivers-half-day.md)" in index


def test_no_lessons_means_no_plans():
    assert plan_pages(Catalogue()) == []
    catalogue = Catalogue(lessons=[lesson("tracks/users/a.md", "users", 1)])
    assert [p.src_uri for p in plan_pages(catalogue)] == ["trainers/plans/index.md",
                                                         "trainers/plans/users-half-day.md"]


def test_plan_page_has_a_timed_table_with_linked_lessons_breaks_totals_and_what_is_left_out():
    lessons = foundation(6)
    lessons[1] = dataclasses.replace(lessons[1], notebooks=("foundation/demo.ipynb",))
    plan = plan_named(Catalogue(lessons=lessons), "foundation-half-day")
    available = {"trainers/index.md", "trainers/checklist.md", "trainers/handouts/foundation.md"}
    page = plan_page(plan, {"foundation/demo.ipynb": "A demo | notebook"}, available).markdown
    assert page.startswith('---\ntitle: "Half-day foundation workshop"\n')
    assert "| Start | End | Session | Minutes | What happens |" in page
    assert ("| 09:45 | 10:25 | [Lesson 1 of foundation](../../foundation/l01.md) | 40 | "
            "Teaching (25 min), then the exercise (15 min) |") in page
    assert "Notebook to show: [A demo \\| notebook](../../notebooks/foundation/demo.ipynb)" in page
    assert "| 11:05 | 11:20 | *Break* | 15 | Short break |" in page
    assert ("| **09:30** | **12:55** | **Total** | **205** | Teaching 100 min, exercises 60 min, "
            "breaks 15 min, welcome and close 30 min |") in page
    assert "**09:30 to 12:55 · 3 h 25 min · 4 lessons**" in page
    assert "## Not covered in this session" in page
    assert "- [Lesson 6 of foundation](../../foundation/l06.md) (40 min: 25 min teaching, 15 min exercises)" in page
    assert "[foundation track handout](../handouts/foundation.md)" in page
    assert "[guide to running a session](../index.md)" in page
    assert "[facilitator checklist](../checklist.md)" in page


def test_plan_page_links_only_to_trainer_pages_that_exist():
    plan = plan_named(Catalogue(lessons=foundation(3)), "foundation-half-day")
    page = plan_page(plan).markdown
    assert "../index.md" not in page and "checklist" not in page and "handouts" not in page
    assert "[key points](../../keypoints.md)" in page


def test_trainers_navigation_puts_the_guide_first_then_pages_then_plans_then_handouts():
    catalogue = Catalogue(lessons=foundation(3) + [lesson("tracks/users/a.md", "users", 1)])
    existing = {"index.md", "trainers/index.md", "trainers/checklist.md", "trainers/presenter-mode.md",
                "trainers/zebra.md", "trainers/handouts/foundation.md", "trainers/handouts/users.md"}
    existing |= {p.src_uri for p in plan_pages(catalogue)}
    trainers = next(e["Trainers"] for e in navigation(catalogue, existing) if "Trainers" in e)
    assert trainers == [
        "trainers/index.md", "trainers/checklist.md", "trainers/presenter-mode.md", "trainers/zebra.md",
        {"Workshop plans": ["trainers/plans/index.md", "trainers/plans/taster.md",
                            "trainers/plans/foundation-half-day.md", "trainers/plans/foundation-full-day.md",
                            "trainers/plans/users-half-day.md"]},
        {"Handouts": ["trainers/handouts/foundation.md", "trainers/handouts/users.md"]},
    ]


def real_catalogue():
    docs = ROOT / "docs"
    uris = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    catalogue = read_catalogue(docs, [u for u in uris if is_lesson(u)], ROOT / "notebooks", ROOT)
    assert not catalogue.problems, catalogue.problems
    return catalogue


def test_the_real_courses_plans_fit_their_sessions():
    catalogue = real_catalogue()
    plans = {p.name: p for p in workshop_plans(catalogue)}
    assert {"taster", "foundation-half-day", "foundation-full-day"} <= set(plans)
    assert plans["taster"].total <= 60 and len(plans["taster"].lessons) >= 2
    half = plans["foundation-half-day"]
    assert at("12:30") <= half.end <= at("13:00") and len(half.lessons) >= 3
    full = plans["foundation-full-day"]
    assert [s.kind for s in full.slots].count("lunch") == 1
    assert at("16:00") <= full.end <= at("16:30") and len(full.lessons) > len(half.lessons)
    for name, plan in plans.items():
        if name.endswith("-half-day") and not name.startswith("foundation"):
            assert plan.lessons, f"{name} has no lessons"


@pytest.mark.site
def test_the_built_site_has_the_plans_and_the_trainer_pages_in_its_navigation(real_site):
    site = real_site.site_dir
    for path in ("trainers/index.html", "trainers/checklist/index.html", "trainers/plans/index.html",
                 "trainers/plans/taster/index.html", "trainers/plans/foundation-half-day/index.html",
                 "trainers/plans/foundation-full-day/index.html", "trainers/handouts/foundation/index.html"):
        assert (site / path).is_file(), path
    page = (site / "trainers/plans/foundation-half-day/index.html").read_text(encoding="utf-8")
    assert "<td>09:30</td>" in page and 'href="../../../foundation/what-ai-is/"' in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="trainers/plans/"' in home and 'href="trainers/handouts/foundation/"' in home
