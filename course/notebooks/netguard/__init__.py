"""Refuse network connections beyond loopback inside notebook kernels.

`install()` wraps the socket functions that every Python network library goes through
(name lookup, connect, sendto). The kernel loads it at start-up through the
`startup/sitecustomize.py` file, which the executor puts on the kernel's PYTHONPATH.
Jupyter's own messaging uses ZeroMQ on loopback, which is still allowed.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

ENV_FLAG = "COURSE_NETWORK_GUARD"
STARTUP_DIR = __path__[0] + "/startup"

MESSAGE = (
    "notebooks must not use the network (blocked {what}). Generate synthetic data with a "
    "fixed seed, or use a dataset shipped inside a Python package."
)


class NetworkBlockedError(PermissionError):
    """Raised when notebook code tries to reach a host other than this machine."""


_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def is_local(host: Any) -> bool:
    """True for loopback addresses and names, and for Unix sockets."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    host = host.strip("[]").split("%")[0].lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_address(sock: socket.socket, address: Any) -> None:
    if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object()):
        return
    host = address[0] if isinstance(address, tuple) and address else address
    if not is_local(host):
        port = address[1] if isinstance(address, tuple) and len(address) > 1 else "?"
        raise NetworkBlockedError(MESSAGE.format(what=f"a connection to {host}:{port}"))


def install() -> None:
    """Wrap socket functions so that only loopback traffic is possible. Safe to call twice."""
    if getattr(socket, "_course_guard_installed", False):
        return
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    original_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check_address(self, address)
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check_address(self, address)
        return original_connect_ex(self, address)

    def sendto(self: socket.socket, data: bytes, *args: Any) -> int:
        _check_address(self, args[-1])
        return original_sendto(self, data, *args)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_local(host):
            if isinstance(host, bytes):
                host = host.decode(errors="replace")
            try:
                ipaddress.ip_address(str(host).strip("[]"))
                port = args[0] if args else kwargs.get("port", "?")
                what = f"a connection to {host}:{port}"
            except ValueError:
                what = f"a look-up of {host}"
            raise NetworkBlockedError(MESSAGE.format(what=what))
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    socket._course_guard_installed = True  # type: ignore[attr-defined]
