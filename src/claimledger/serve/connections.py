"""Deadlines for slow or stalled HTTP connections, which uvicorn does not have.

``claimledger serve`` runs on uvicorn with its h11 protocol (httptools is not
a dependency). uvicorn only times out a keep-alive connection *after* a
response (``timeout_keep_alive``); a client that opens a connection and sends
half a request line, half the headers or half a body keeps it open for ever,
so a page (or a script) can pile up connections until the server runs out of
file descriptors. This protocol adds two deadlines per request:

* ``header_timeout``: from the first byte of a request (or the connection's
  opening) until its headers are complete;
* ``body_timeout``: from the headers until the body is complete, whether or
  not the application reads it.

A connection that misses one is closed. Idle keep-alive connections are
still closed by uvicorn's own ``timeout_keep_alive``. Past ``max_connections``
open connections a new one is closed at once.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["EnvGuardedH11Protocol", "GuardedH11Protocol", "guarded_protocol", "limit_variable"]


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with header and body deadlines and a connection cap."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections: int = 1000

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._phase: str | None = None
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.close()
            return
        self._arm("headers", self.header_timeout)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _follow(self) -> None:
        """Set the deadline that fits what the client is sending now."""
        state = self.conn.their_state
        if state is h11.IDLE:
            # Waiting for a request. Between requests, uvicorn's keep-alive timer is
            # running until the first byte; from then on the header deadline applies.
            if self._phase != "headers" and self.timeout_keep_alive_task is None:
                self._arm("headers", self.header_timeout)
        elif state is h11.SEND_BODY:
            if self._phase != "body":
                self._arm("body", self.body_timeout)
        else:
            self._disarm()

    def _arm(self, phase: str, seconds: float) -> None:
        self._disarm()
        self._phase = phase
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        self._phase = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.info("closing a connection that was too slow sending its %s", self._phase)
            self.transport.close()


def guarded_protocol(*, header_timeout: float, body_timeout: float, max_connections: int) -> type[Any]:
    """A ``GuardedH11Protocol`` subclass with these limits (uvicorn takes a class, not an instance)."""
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout": header_timeout, "body_timeout": body_timeout, "max_connections": max_connections},
    )


def limit_variable(name: str) -> str:
    """The environment variable that passes the limit ``name`` to spawned workers."""
    return f"CLAIMLEDGER_SERVE_{name.upper()}"


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(limit_variable(name))
    return float(value) if value else default


class EnvGuardedH11Protocol(GuardedH11Protocol):
    """The guarded protocol for spawned workers, which get an import string, not a class.

    Its limits come from the environment the parent set (``app.run``), read
    once when a worker imports this module.
    """

    header_timeout = _env_number("header_timeout", GuardedH11Protocol.header_timeout)
    body_timeout = _env_number("body_timeout", GuardedH11Protocol.body_timeout)
    max_connections = int(_env_number("max_connections", GuardedH11Protocol.max_connections))
