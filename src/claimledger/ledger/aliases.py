"""Loading the normalisation data: bundled files plus an optional user aliases file.

The user file lets a desk say "these names are one party" or "this subject
word means civilians" without editing the package. It is JSON:

    {"sources": {"Varnia MoH": "Varnia's Ministry of Health"},
     "subjects": {"townsfolk": "civilians"}}

and is named by ``--aliases FILE`` or the ``CLAIMLEDGER_ALIASES`` variable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..datafiles import load_data
from ..errors import RuleDataError

ENV_ALIASES = "CLAIMLEDGER_ALIASES"


def bundled(name: str) -> dict[str, Any]:
    """``data/<name>.json`` checked for a string ``version`` (cached for the process)."""
    return load_data(name)


def user_aliases(path: str | Path | None = None) -> dict[str, dict[str, str]]:
    """The user's alias file (explicit path, else $CLAIMLEDGER_ALIASES, else none)."""
    where = path or os.environ.get(ENV_ALIASES)
    if not where:
        return {"sources": {}, "subjects": {}}
    try:
        data = json.loads(Path(where).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleDataError(f"{where}: aliases file cannot be read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise RuleDataError(f"{where}: aliases file is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleDataError(f"{where}: aliases file must be an object with 'sources' and/or 'subjects'")
    out: dict[str, dict[str, str]] = {}
    for section in ("sources", "subjects"):
        table = data.get(section, {})
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise RuleDataError(f"{where}: '{section}' must map names to names (strings)")
        out[section] = dict(table)
    unknown = set(data) - {"sources", "subjects", "version", "_doc"}
    if unknown:
        raise RuleDataError(f"{where}: unknown section(s) {sorted(unknown)}; expected 'sources', 'subjects'")
    return out
