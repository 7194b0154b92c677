"""The ASGI app factory of one ``serve --workers N`` process (uvicorn imports it by name).

Apart from ``workers`` (which only passes settings through the environment), so
``app`` can import ``workers`` and this module ``app`` without an import cycle.
"""

from __future__ import annotations

import os
from typing import Any

from .app import make_datasette
from .workers import ENV


def app() -> Any:
    """The ASGI app of one worker (uvicorn calls this factory in each spawned process)."""
    ds = make_datasette(
        os.environ[ENV["db"]],
        reviewer=os.environ[ENV["reviewer"]],
        token=os.environ.get(ENV["token"]) or None,
        host=os.environ[ENV["host"]],
        secret=os.environ[ENV["secret"]],
        migrate=False,  # the parent brought the schema up to date before spawning us
    )
    return ds.app()
