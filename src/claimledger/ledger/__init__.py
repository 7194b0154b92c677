"""The ledger: a SQLite file of documents, their figure claims, sources and measures.

``open_ledger`` creates or upgrades the file; ``Ledger.add`` stores one
document with its claims in one transaction. Reports, exports and source
curation are functions over ``Ledger.conn`` in the submodules.
"""

from __future__ import annotations

from ..model import claim_id
from .db import AddOutcome, Ledger, connect, default_path, open_ledger
from .measures import MeasureKey, SubjectVocab, document_measure_keys, refresh_claim_measure
from .source_curation import merge_sources, split_alias
from .sources import SourceVocab, source_key

__all__ = [
    "AddOutcome",
    "Ledger",
    "MeasureKey",
    "SourceVocab",
    "SubjectVocab",
    "claim_id",
    "connect",
    "default_path",
    "document_measure_keys",
    "merge_sources",
    "open_ledger",
    "refresh_claim_measure",
    "source_key",
    "split_alias",
]
