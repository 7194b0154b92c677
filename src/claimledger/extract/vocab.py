"""Rule data: vocabularies loaded once from ``claimledger/data/*.json``.

Rules are data so that linguists and desk editors can read and extend them
without touching code. Each file carries a ``version``; RULES_VERSION combines
them with a short hash of the files' content, so a ledger row names exactly
which rules produced it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from ..errors import RuleDataError

RULE_FILES = ("numbers", "hedges", "vague", "events", "cues", "noclaim")


@cache
def load(name: str) -> dict[str, Any]:
    """Load and check one rule file (``numbers``, ``hedges``, …); cached for the process."""
    if name not in RULE_FILES:
        raise RuleDataError(f"unknown rule file {name!r}")
    raw = resources.files("claimledger.data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RuleDataError(f"data/{name}.json is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        raise RuleDataError(f"data/{name}.json must be an object with a string 'version'")
    return data


def _rules_version() -> str:
    h = hashlib.sha256()
    parts = []
    for name in RULE_FILES:
        raw = resources.files("claimledger.data").joinpath(f"{name}.json").read_bytes()
        h.update(raw)
        parts.append(json.loads(raw).get("version", "?"))
    return f"rules-{'.'.join(parts)}+{h.hexdigest()[:8]}"


RULES_VERSION = _rules_version()
