"""Ingest: many inputs into a ledger, driving readers, extract, the ledger and reconcile.

It sits above the ledger, reconcile and batch (it loads batch outputs), so none
of them imports it: ``add`` (``add.py``) reads files, folders, globs, stdin and
batch output folders; ``text_parts`` stores a very long text in parts.
"""

from __future__ import annotations

from .add import AddOptions, IngestSummary, add_batch, add_input, add_paths, expand, refresh_reconciliation

__all__ = ["AddOptions", "IngestSummary", "add_batch", "add_input", "add_paths", "expand",
           "refresh_reconciliation"]
