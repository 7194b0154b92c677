"""Sidecar metadata: ``story.json`` beside ``story.txt`` gives that article's title, date, outlet, URL.

Plain text has nowhere to keep its metadata, so a folder of articles can
carry it in a JSON object per article, named like the article with ``.json``
for its suffix. JSON rather than front matter: the article file stays exactly
the text that claim offsets point into, and the sidecar is checked strictly
(an unknown field or a bad date is an error naming the sidecar file, not a
silent guess). ``.json`` is not an article suffix, so folder walks never read
a sidecar as an article.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..errors import InputError
from ._base import parse_published

#: Fields a sidecar may give; every one optional, each a string or null.
SIDECAR_FIELDS: tuple[str, ...] = ("title", "published", "outlet", "url", "byline", "dateline")


def sidecar_path(path: str) -> str:
    """Where the sidecar of article file ``path`` would be: same folder and stem, suffix ``.json``."""
    return os.path.splitext(path)[0] + ".json"


def read_sidecar(path: str) -> tuple[dict[str, str | None], str] | None:
    """The sidecar of article ``path`` as ``(fields, sidecar path)``, None when there is none.

    Raises InputError naming the sidecar when it is not a JSON object of known string fields.
    """
    if path == "-":
        return None
    side = sidecar_path(path)
    if side == path or not os.path.isfile(side):
        return None
    try:
        with open(side, encoding="utf-8-sig") as fh:
            obj: Any = json.load(fh)
    except OSError as exc:
        raise InputError(side, f"sidecar cannot be read ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(side, f"sidecar is not valid UTF-8 JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise InputError(side, "sidecar must be a JSON object such as {\"published\": \"2025-04-12\"}")
    out: dict[str, str | None] = {}
    for key, value in obj.items():
        if key not in SIDECAR_FIELDS:
            known = ", ".join(SIDECAR_FIELDS)
            raise InputError(side, f"sidecar has an unknown field {key!r} (known: {known})")
        if value is not None and not isinstance(value, str):
            raise InputError(side, f"sidecar field {key!r} must be a string or null")
        out[key] = value.strip() or None if isinstance(value, str) else None
    if out.get("published"):
        out["published"] = parse_published(out["published"], f"{side}: published")
    return out, side
