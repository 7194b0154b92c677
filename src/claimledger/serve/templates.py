"""Our own synchronous Jinja environment for the review pages.

Datasette's environment is async (``enable_async``) and calls several plugin
hooks per render; on a document page that cost ~10 ms of pure overhead, most
of the page's budget. These templates need neither, so they render with a
plain autoescaping environment; the CSRF token still comes from asgi-csrf
through the request scope.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from ..values import format_value
from .cards import url_part
from .chart import series_colour
from .render import number, snippet, visible, visible_plain

__all__ = ["render"]

TEMPLATES = Path(__file__).parent / "templates"


@cache
def options(selected: str, choices: tuple[str, ...]) -> Markup:
    """``<option>`` list with ``selected`` marked; cached, since each page repeats it per claim."""
    out = [f"<option{' selected' if c == selected else ''}>{escape(c)}</option>" for c in choices]
    if selected not in choices:  # keep an unexpected stored value visible rather than silently replacing it
        out.insert(0, f"<option selected>{escape(selected)}</option>")
    return Markup("".join(out))


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, auto_reload=False)
    env.filters["vis"] = visible
    env.filters["plain"] = visible_plain
    env.filters["snippet"] = snippet
    env.filters["num"] = number
    env.filters["value"] = lambda c: format_value(c.get("low"), c.get("high"), c.get("hedge"), c.get("unit"))
    env.filters["colour"] = series_colour
    env.filters["options"] = options
    env.filters["u"] = url_part  # urlencode for ids, without quoting hex digests that need none
    return env


def render(name: str, context: dict[str, Any]) -> str:
    return environment().get_template(name).render(context)
