"""Per-server settings the plugin hooks read, and the loopback rule.

Datasette calls plugin hooks with only the ``datasette`` object, so the
settings of the server that `serve` started are kept in a weak map keyed by
it. A Datasette instance that `serve` did not configure gets no claimledger
behaviour at all, which keeps the globally registered plugin harmless.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

__all__ = ["DB_NAME", "RESERVED", "ServeConfig", "config_for", "is_loopback", "set_config"]

# The ledger is always mounted at /ledger, so no database name can shadow (or
# be shadowed by) the review pages' own top-level routes.
DB_NAME = "ledger"
RESERVED = ("documents", "measures", "conflicts", "sources", "audit", "claims")


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """How one review server was started."""

    reviewer: str
    token: str | None = None
    host: str = "127.0.0.1"
    db_name: str = DB_NAME


_CONFIGS: WeakKeyDictionary[Any, ServeConfig] = WeakKeyDictionary()


def set_config(datasette: Any, config: ServeConfig) -> None:
    _CONFIGS[datasette] = config


def config_for(datasette: Any) -> ServeConfig | None:
    return _CONFIGS.get(datasette)


def is_loopback(host: str) -> bool:
    """True for 'localhost', 127.0.0.0/8 and ::1 (with or without brackets)."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def host_header_is_loopback(value: str) -> bool:
    """A Host header naming a loopback address, with any port (guards against DNS rebinding)."""
    v = value.strip()
    if v.startswith("["):
        return is_loopback(v[1 : v.find("]")] if "]" in v else v)
    return is_loopback(v.rsplit(":", 1)[0] if v.count(":") == 1 else v)
