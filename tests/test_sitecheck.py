from course.gates.sitecheck import is_external, search_finds, SearchDoc, third_party_resources


def test_is_external():
    assert is_external("https://cdn.example/x.js") and is_external("//cdn.example/x.js")
    assert not is_external("../assets/x.js") and not is_external("data:image/png;base64,AA")


def test_third_party_resources_finds_scripts_styles_fonts_and_images(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.example/css">'
        '<link rel="canonical" href="https://site.example/a/"><script src="../x.js"></script>'
        '<script src="https://cdn.example/lib.js"></script><style>@import "https://x.example/s.css";</style>'
        '</head><body><img src="https://img.example/p.png"><a href="https://gov.uk">a link is fine</a>'
        '<div style="background: url(https://bg.example/b.png)"></div></body></html>')
    (tmp_path / "s.css").write_text("@font-face{src:url(https://fonts.example/f.woff2)} .a{background:url(data:x)}")
    found = sorted(str(r) for r in third_party_resources(tmp_path))
    assert found == sorted([
        "a/index.html: <link rel=stylesheet> loads https://fonts.example/css",
        "a/index.html: <script src> loads https://cdn.example/lib.js",
        "a/index.html: <style> loads https://x.example/s.css",
        "a/index.html: <img src> loads https://img.example/p.png",
        "a/index.html: style attribute loads https://bg.example/b.png",
        "s.css: CSS url() loads https://fonts.example/f.woff2",
    ])


def test_search_finds():
    docs = [SearchDoc("foundation/a/", "PPV", "positive predictive value"), SearchDoc("foundation/a/#x", "Sec", "prevalence")]
    assert search_finds(docs, "foundation/a/", ["PPV", "prevalence", "missing"]) == ["missing"]
