"""The page weight gate: what each page transfers, lesson and notebook budgets, figures."""

import base64
import io
import random
from pathlib import Path

import pytest
from PIL import Image

from course.gates import pageweight
from course.gates.pageweight import KB


def png(width: int, height: int, noisy: bool) -> bytes:
    rng = random.Random(1)
    image = Image.new("RGB", (width, height), "white")
    if noisy:
        image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(width * height)])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def page(body: str, head: str = "") -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>{head}</head>'
            f'<body><article class="md-content__inner md-typeset">{body}</article></body></html>')


def test_gzip_size_is_what_a_server_sends():
    text = ("The same sentence again. " * 400).encode()
    assert pageweight.gzip_size(text) < len(text) / 20
    assert pageweight.gzip_size(text) == pageweight.gzip_size(text)  # no time stamp inside


def test_a_page_counts_everything_it_loads_once(tmp_path):
    site = tmp_path / "site"
    write(site / "assets" / "a.css", "body{background:url(../img/bg.png)} @import 'b.css';")
    write(site / "assets" / "b.css", ".x{background:url('../img/bg.png')}")
    write(site / "img" / "bg.png", png(10, 10, False))
    write(site / "assets" / "a.js", "console.log(1)")
    html = page('<img src="../img/bg.png" alt="x"><img src="data:image/png;base64,AAAA" alt="y">',
                '<link rel="stylesheet" href="../assets/a.css"><script src="../assets/a.js"></script>'
                '<script src="https://cdn.example/x.js"></script>')
    write(site / "lesson" / "index.html", html)
    assets = sorted(p.relative_to(site).as_posix() for p in pageweight.page_assets(site, "lesson/", html))
    assert assets == ["assets/a.css", "assets/a.js", "assets/b.css", "img/bg.png"]


def test_an_oversized_image_fails(tmp_path):
    site = tmp_path / "site"
    big = png(2400, 300, noisy=True)
    assert len(big) > pageweight.IMAGE_BYTES_BUDGET
    write(site / "index.html", page('<p class="lesson-meta">Lesson</p><img src="figure.png" alt="A figure">'))
    write(site / "figure.png", big)
    inline = base64.b64encode(png(300, 200, noisy=False)).decode()
    write(site / "small" / "index.html", page(f'<img src="data:image/png;base64,{inline}" alt="A small figure">'))
    report = pageweight.run(site)
    assert not report.passed
    problems = [str(p) for p in report.images]
    assert len(problems) == 2 and all(p.startswith("/: figure.png: ") for p in problems)
    assert "KB, over the 100 KB budget" in problems[0] and "2400x300 pixels" in problems[1]


def test_a_lesson_page_over_40_kb_fails_and_other_pages_have_no_html_budget(tmp_path):
    site = tmp_path / "site"
    rng = random.Random(2)
    words = " ".join("".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(12000))
    write(site / "index.html", page(f"<p>{words}</p>"))
    write(site / "lesson" / "index.html", page(f'<p class="lesson-meta">Lesson</p><p>{words}</p>'))
    write(site / "light" / "index.html", page('<p class="lesson-meta">Lesson</p><p>Short.</p>'))
    report = pageweight.run(site)
    kinds = {p.page: (p.kind, p.over) for p in report.pages}
    assert kinds == {"": ("home", False), "lesson/": ("lesson", True), "light/": ("lesson", False)}
    assert report.details()[0].startswith("lesson/: lesson HTML ") and "over its 40.0 KB budget" in report.details()[0]
    assert "OVER" in report.table() and report.heaviest.page in ("", "lesson/")


def test_each_kind_of_page_has_a_first_visit_budget_and_a_handout_grows_with_its_lessons(tmp_path):
    site = tmp_path / "site"
    heavy = "x" * 1024  # a script that does not compress away
    rng = random.Random(3)
    write(site / "big.js", "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(300 * KB)))
    script = '<script src="../big.js"></script>'
    meta = '<p class="lesson-meta">Lesson</p>'
    write(site / "index.html", page("<p>Home</p>"))
    write(site / "paths" / "index.html", page(f"<!-- {pageweight.GENERATED_MARK}. -->{script}"))
    write(site / "about" / "index.html", page(f"<p>About</p>{heavy}"))
    write(site / "handout" / "index.html", page(meta * 4 + script))
    report = pageweight.run(site)
    found = {p.page: (p.kind, p.first_visit_budget // KB, p.over) for p in report.pages}
    assert found == {"": ("home", 150, False), "paths/": ("generated", 150, True),
                     "about/": ("page", 150, False), "handout/": ("handout", 230, False)}
    assert any(line.startswith("paths/: a first visit transfers ") and "150 KB budget for a generated" in line
               for line in report.details())
    assert "generated " in report.figure() and "handout " in report.figure()


@pytest.mark.site
def test_real_notebook_pages_weigh_a_third_of_mkdocs_jupyters_default(real_site):
    site = real_site.site_dir
    notebook = next(site.glob("notebooks/*/*/index.html"))
    url = notebook.parent.relative_to(site).as_posix() + "/"
    weight = pageweight.measure_page(site, url, {})
    assert weight.kind == "notebook" and weight.default_html
    assert weight.html <= weight.default_html / 3, (weight.html / KB, weight.default_html / KB)
    default = pageweight.default_notebook_page(notebook.read_text(encoding="utf-8"), next(notebook.parent.glob("*.ipynb")))
    assert "jp-Notebook" in default and "<style" in default  # the default really carries its CSS


def test_the_search_index_counts_only_where_it_is_not_loaded_on_demand(tmp_path):
    from course.gates.pageweight import page_assets

    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text("{}")
    (tmp_path / "worker.js").write_text("//")
    config = '<script id="__config" type="application/json">{"base": ".", "search": "worker.js"}</script>'
    eager = page_assets(tmp_path, "", config)
    lazy = page_assets(tmp_path, "", '<script src="assets/search-on-demand.js"></script>' + config)
    assert tmp_path / "search" / "search_index.json" in eager
    assert tmp_path / "search" / "search_index.json" not in lazy and tmp_path / "worker.js" in lazy
