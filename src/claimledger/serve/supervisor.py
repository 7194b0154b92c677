"""``serve --workers N``: N processes, each with its own listening socket on the one port.

uvicorn's supervisor hands every worker the same listening socket, and then
which worker gets a new connection is whoever's ``accept()`` runs first: a
worker that the scheduler has not run during a burst of connections (on a
loaded machine, common) gets none of them and idles while the other serves
every keep-alive client. Linux's ``SO_REUSEPORT`` lets each worker bind its
own socket to the port; the kernel then spreads new connections over the
sockets by a hash of the client's address and port, so a worker gets its share
even while it is not running (they wait in its own accept queue).

``ReusePortMultiprocess`` is uvicorn's supervisor with one change: every time
it starts a worker (at start, or to replace one that died) it binds a fresh
socket for it, and closes the parent's copy once the worker holds it, so the
port's group never keeps a socket that no running process accepts on.
"""

from __future__ import annotations

import socket
from typing import Any

from uvicorn.config import Config
from uvicorn.supervisors.multiprocess import Multiprocess

__all__ = ["ReusePortMultiprocess", "reuseport_socket"]


def reuseport_socket(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` that other sockets with ``SO_REUSEPORT`` may share.

    The protocol is named (``IPPROTO_TCP``), not left as 0: asyncio turns Nagle's
    algorithm off (``TCP_NODELAY``) only on accepted sockets whose protocol says
    TCP, and sockets accepted here inherit this one's. Left as 0, every chunked
    page's last small write waited for the client's delayed ACK: about 40 ms
    added to every request in ``serve --workers 2`` (see docs/review.md#speed).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(backlog)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


class ReusePortMultiprocess(Multiprocess):
    """uvicorn's worker supervisor, each worker on its own ``SO_REUSEPORT`` socket.

    uvicorn creates every worker with ``Process(self.config, self.sockets)``
    (at start, on restart, when one dies); here ``sockets`` binds a new socket
    on each read, and ``init_processes``/``keep_subprocess_alive`` close the
    parent's copies after the worker started with them.
    """

    def __init__(self, config: Config, *, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._handed: list[socket.socket] = []
        super().__init__(config, sockets=[])

    @property
    def sockets(self) -> list[socket.socket]:
        sock = reuseport_socket(self.host, self.port, self.config.backlog)
        self._handed.append(sock)
        return [sock]

    @sockets.setter
    def sockets(self, _value: list[socket.socket]) -> None:
        """uvicorn's ``__init__`` stores the shared sockets; there are none to store."""

    def _close_handed(self) -> None:
        """The workers hold their sockets now (spawn passed the descriptors at start)."""
        for sock in self._handed:
            sock.close()
        self._handed.clear()

    def init_processes(self) -> None:
        super().init_processes()
        self._close_handed()

    def keep_subprocess_alive(self) -> None:
        super().keep_subprocess_alive()
        self._close_handed()

    def restart_all(self) -> None:
        super().restart_all()
        self._close_handed()

    def handle_ttin(self) -> None:
        super().handle_ttin()
        self._close_handed()

    def run(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().run(*args, **kwargs)
        finally:
            self._close_handed()
