"""Bundled data files (``claimledger/data/*.json``): one loader, checked and cached.

Rule vocabularies, alias lists and the like are data, not code. Every file is
a JSON object checked against its schema in ``claimledger/data/schemas.py``
(no unknown key, every key the code reads present, a ``version`` string); a
malformed file is a RuleDataError naming it and the place, raised the first
time it is needed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from .data.schemas import SCHEMAS
from .errors import RuleDataError


def data_bytes(name: str) -> bytes:
    """Raw bytes of ``data/<name>.json`` (for hashing rule versions)."""
    return resources.files("claimledger.data").joinpath(f"{name}.json").read_bytes()


def validate(name: str, data: Any) -> None:
    """Raise RuleDataError naming ``data/<name>.json`` and the place when ``data`` does not fit its schema."""
    schema = SCHEMAS.get(name)
    if schema is None:
        raise RuleDataError(f"data/{name}.json has no schema in claimledger/data/schemas.py")
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise RuleDataError(f"data/{name}.json at {where}: {exc.message}") from None


@cache
def load_data(name: str) -> dict[str, Any]:
    """``data/<name>.json`` as a dict, checked against its schema; cached for the process."""
    try:
        data = json.loads(data_bytes(name))
    except FileNotFoundError:
        raise RuleDataError(f"data/{name}.json is missing from the installed package") from None
    except json.JSONDecodeError as exc:
        raise RuleDataError(f"data/{name}.json is not valid JSON: {exc}") from exc
    validate(name, data)
    return data  # type: ignore[no-any-return]
