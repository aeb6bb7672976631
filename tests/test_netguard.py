"""The network guard. Every test that tries a connection runs in a fresh network namespace
with only loopback (unshare -n), so nothing can leave the machine even if the guard broke.
The only non-local address tried is 192.0.2.1, reserved for documentation (RFC 5737)."""

import sys
import textwrap

import pytest
from conftest import in_network_namespace, make_notebook, unshare_available

from course.notebooks.netguard import is_local

needs_namespace = pytest.mark.skipif(not unshare_available(), reason="needs unshare -n (run as root)")


def test_is_local():
    for host in ("127.0.0.1", "::1", "localhost", "127.1.2.3", None, b"localhost", "[::1]"):
        assert is_local(host), host
    for host in ("192.0.2.1", "example.org", "10.0.0.1", "::ffff:192.0.2.1"):
        assert not is_local(host), host


PROBE = textwrap.dedent("""
    import socket, threading, urllib.request
    from course.notebooks.netguard import install, NetworkBlockedError
    install()
    results = []
    for attempt in (
        lambda: socket.create_connection(("192.0.2.1", 80), timeout=2),
        lambda: urllib.request.urlopen("http://192.0.2.1/", timeout=2),
        lambda: socket.getaddrinfo("example.org", 443),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
    ):
        try:
            attempt()
            results.append("ALLOWED")
        except Exception as error:
            results.append("blocked" if "notebooks must not use the network" in str(error) else repr(error))
    server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)
    results.append("loopback ok")
    print(results)
""")


@needs_namespace
def test_guard_blocks_everything_but_loopback():
    proc = in_network_namespace([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['blocked', 'blocked', 'blocked', 'blocked', 'loopback ok']"


RUNNER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from course.notebooks.execute import ExecutionRequest, execute_all
    root = Path(sys.argv[1])
    report = execute_all(ExecutionRequest(root / "notebooks", root / "cache", root / "requirements.lock",
                                          root=root, timeout=30, workers=1))
    print("\\n".join(r.failure_line() for r in report.failures))
""")


@needs_namespace
def test_a_notebook_that_calls_the_network_fails_clearly(tmp_path):
    make_notebook(tmp_path / "notebooks" / "net.ipynb", [
        "x = 1",
        "import urllib.request\nurllib.request.urlopen('http://192.0.2.1/', timeout=5).read()",
    ])
    (tmp_path / "requirements.lock").write_text("")
    proc = in_network_namespace([sys.executable, "-c", RUNNER, str(tmp_path)],
                                capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip()
    assert line.startswith("notebooks/net.ipynb: cell 6: URLError: ")
    assert "notebooks must not use the network (blocked a connection to 192.0.2.1:80)" in line
