import base64
import io

from PIL import Image

from course.notebooks.images import compact_png
from course.notebooks.notebookpage import clean, figure_checks


def png() -> bytes:
    """A real matplotlib chart, as notebooks produce (antialiased, thousands of colours)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2), dpi=100)
    ax.plot(range(50), [x * x for x in range(50)], label="a curve")
    ax.fill_between(range(50), 0, [x * 10 for x in range(50)], alpha=0.3)
    ax.set_title("A chart")
    ax.legend()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def page(image: bytes, description: str | None) -> str:
    data = base64.b64encode(image).decode()
    after = (f'<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><p><strong>Figure description:</strong> '
             f'{description}</p></div>' if description else '<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><p>Next.</p></div>')
    return (
        '<style>.jupyter-wrapper{}</style><script src="https://cdnjs.cloudflare.com/mathjax.js"></script>'
        '<!-- Load mathjax --><script type="text/x-mathjax-config">x</script>'
        '<div class="jupyter-wrapper"><div class="jp-Cell jp-CodeCell jp-Notebook-cell">'
        '<div class="jp-Cell-inputWrapper" tabindex="0"><div class="jp-InputPrompt jp-InputArea-prompt">\n</div>'
        '<h2 id="a">Step<a class="anchor-link" href="#a">¶</a></h2>'
        '<div class="jp-RenderedImage jp-OutputArea-output" tabindex="0">'
        f'<img alt="No description has been provided for this image" class="" src="data:image/png;base64,{data}"/>'
        '</div></div></div>' + after + '</div>'
    )


def test_clean_removes_third_party_scripts_inline_css_and_tab_stops():
    out = clean(page(png(), "A chart & a line."))
    assert "<script" not in out and "<style" not in out and "cdnjs" not in out
    assert 'tabindex="0"' not in out and "jp-InputPrompt" not in out and "¶" not in out
    assert out.startswith('<div class="jupyter-wrapper">')
    assert 'alt="A chart &amp; a line."' in out
    assert "No description has been provided" not in out


def test_figure_without_description_is_reported_and_keeps_default_alt():
    raw = page(png(), None)
    assert [c.described for c in figure_checks(raw)] == [False]
    assert "No description has been provided" in clean(raw)
    assert [c.described for c in figure_checks(page(png(), "Described."))] == [True]


def test_compact_png_is_smaller_and_same_size():
    original = png()
    smaller = compact_png(original)
    assert len(smaller) < len(original)
    with Image.open(io.BytesIO(smaller)) as image:
        assert image.size == (300, 200)


def test_png_cache_compresses_each_figure_once_and_prunes_unused(tmp_path):
    from course.notebooks.images import PngCache

    original = png()
    cache = PngCache(tmp_path / "png")
    first = clean(page(original, "A chart."), png_cache=cache)
    assert len(list((tmp_path / "png").glob("*.png"))) == 1
    (tmp_path / "png" / "stale.png").write_bytes(b"x")
    again = PngCache(tmp_path / "png")
    assert clean(page(original, "A chart."), png_cache=again) == first
    assert again.prune() == 1 and len(list((tmp_path / "png").glob("*.png"))) == 1
    assert len(first) < len(page(original, "A chart."))
