"""A Claim as a row of the ledger's ``claims`` table, and as the machine's original (JSON).

The columns and their order come from the one claim schema (``claimledger.schema``):
spans as ``*_start``/``*_end`` integer pairs so that Datasette can sort and facet on
them and SQL can join on offsets; the attribution chain, the one nested field, as JSON.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any

import orjson

from ..model import Claim
from ..schema import LEDGER_COLUMNS, ledger_row

_CLAIM_FIELDS: tuple[str, ...] = tuple(sorted(f.name for f in fields(Claim)))
_GET_FIELDS = attrgetter(*_CLAIM_FIELDS)


def _encode(value: Any) -> str:
    """Compact UTF-8 JSON (tuples as lists). orjson: a third of the stdlib encoder's time per claim."""
    return orjson.dumps(value).decode()


def machine_json(claim: Claim) -> str:
    """``Claim.to_dict()`` as JSON with sorted keys (spans as lists), built in one pass.

    This runs for every claim stored, so it avoids ``to_dict``'s per-call ``fields()``
    walk: the JSON encoder already writes tuples as lists; only the chain needs converting.
    """
    out = dict(zip(_CLAIM_FIELDS, _GET_FIELDS(claim), strict=True))
    out["reported_by"] = [p.to_dict() for p in claim.reported_by]
    return _encode(out)


#: The ledger's ``claims`` columns, in table order: derived from the one claim schema.
CLAIM_COLUMNS: tuple[str, ...] = LEDGER_COLUMNS

INSERT_CLAIM = (
    f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in CLAIM_COLUMNS)})"
)


def claim_row(
    claim: Claim, *, cid: str, document_id: str, doc_text: str,
    source_id: int | None, measure_id: str | None,
) -> tuple[Any, ...]:
    """The values for ``INSERT_CLAIM`` in ``CLAIM_COLUMNS`` order; ``machine`` is the claim as extracted."""
    own = {"id": cid, "document_id": document_id, "source_id": source_id, "measure_id": measure_id,
           "machine": machine_json(claim)}
    return ledger_row(claim, doc_text, own)
