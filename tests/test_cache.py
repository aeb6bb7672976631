import nbformat
from conftest import make_notebook

from course.notebooks.cache import NotebookCache, cache_key, data_files, key_for, merge_outputs


def key(nb, lock=b"lock", data=()):
    return cache_key(nb, kernel="python3", lock_bytes=lock, data=data, python="3.12.1")


def test_key_changes_with_code_lock_data_kernel_and_python(tmp_path):
    nb = nbformat.read(make_notebook(tmp_path / "a.ipynb", ["x = 1"]), as_version=4)
    base = key(nb)
    edited = nbformat.from_dict(nb)
    edited.cells[2].source = "x = 2"
    assert key(edited) != base
    assert key(nb, lock=b"lock2") != base
    assert key(nb, data=[("data.csv", b"1,2")]) != key(nb, data=[("data.csv", b"1,3")])
    assert cache_key(nb, kernel="other", lock_bytes=b"lock", data=(), python="3.12.1") != base
    assert cache_key(nb, kernel="python3", lock_bytes=b"lock", data=(), python="3.13.0") != base


def test_key_ignores_markdown_and_outputs(tmp_path):
    nb = nbformat.read(make_notebook(tmp_path / "a.ipynb", ["x = 1"]), as_version=4)
    base = key(nb)
    edited = nbformat.from_dict(nb)
    edited.cells[1].source = "Completely new prose."
    edited.cells[2].outputs = [nbformat.v4.new_output("stream", text="hi")]
    assert key(edited) == base


def test_key_for_reads_lock_and_data_files_beside_the_notebook(tmp_path):
    path = make_notebook(tmp_path / "nb" / "a.ipynb", ["x = 1"])
    make_notebook(tmp_path / "nb" / "b.ipynb", ["y = 1"])
    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==2.0\n")
    nb = nbformat.read(path, as_version=4)
    first = key_for(path, nb, "python3", lock)
    (tmp_path / "nb" / "data.csv").write_text("a,b\n1,2\n")
    assert [p.name for p in data_files(path)] == ["data.csv"]
    second = key_for(path, nb, "python3", lock)
    assert second != first
    lock.write_text("numpy==2.1\n")
    assert key_for(path, nb, "python3", lock) != second


def test_merge_outputs_keeps_new_prose_and_cached_results(tmp_path):
    nb = nbformat.read(make_notebook(tmp_path / "a.ipynb", ["print(1)"]), as_version=4)
    executed = nbformat.from_dict(nb)
    executed.cells[2].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    executed.cells[2].execution_count = 1
    nb.cells[1].source = "New words."
    merged = merge_outputs(nb, executed)
    assert merged.cells[1].source == "New words."
    assert merged.cells[2].outputs[0]["text"] == "1\n"


def test_cache_put_get_and_prune(tmp_path):
    nb = nbformat.read(make_notebook(tmp_path / "a.ipynb", ["x = 1"]), as_version=4)
    cache = NotebookCache(tmp_path / "cache")
    cache.put("k1", nb)
    cache.put("k2", nb)
    assert cache.get("k1") is not None and cache.get("missing") is None
    removed = cache.prune(["k2"])
    assert [p.name for p in removed] == ["k1.ipynb"]
    assert cache.get("k1") is None and cache.get("k2") is not None
