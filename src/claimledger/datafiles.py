"""Bundled data files (``claimledger/data/*.json``): one loader, checked and cached.

Rule vocabularies, alias lists and the like are data, not code. Every file is
a JSON object with a string ``version``; a malformed file is a RuleDataError
naming it, raised the first time it is needed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .errors import RuleDataError


def data_bytes(name: str) -> bytes:
    """Raw bytes of ``data/<name>.json`` (for hashing rule versions)."""
    return resources.files("claimledger.data").joinpath(f"{name}.json").read_bytes()


@cache
def load_data(name: str) -> dict[str, Any]:
    """``data/<name>.json`` as a dict, checked for a string ``version``; cached for the process."""
    try:
        data = json.loads(data_bytes(name))
    except FileNotFoundError:
        raise RuleDataError(f"data/{name}.json is missing from the installed package") from None
    except json.JSONDecodeError as exc:
        raise RuleDataError(f"data/{name}.json is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        raise RuleDataError(f"data/{name}.json must be an object with a string 'version'")
    return data
