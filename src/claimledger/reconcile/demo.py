"""The bundled demo: a ledger built from ~20 invented wire stories, reconciled, ready to report.

The corpus (``claimledger/data/demo/articles.jsonl``) is written for the
purpose: an invented country and conflict in which several measures are
reported by different parties with different values and dates, so every kind
of flag and grade shows up. It ships with the package and needs no network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..ledger import open_ledger
from ..model import Document
from .db import reconcile_ledger
from .types import ReconcileSummary

CORPUS = "demo/articles.jsonl"


@dataclass(frozen=True, slots=True)
class DemoLedger:
    """Where the demo ledger was written and what went into it."""

    path: Path
    documents: int
    claims: int
    sources: int
    measures: int
    summary: ReconcileSummary


def demo_documents() -> list[Document]:
    """The bundled articles, with their title, outlet, publication date and url."""
    raw = resources.files("claimledger.data").joinpath(CORPUS).read_text(encoding="utf-8")
    docs = []
    for line in raw.splitlines():
        if line.strip():
            d = json.loads(line)
            docs.append(Document.from_text(d["text"], url=d.get("url"), title=d.get("title"),
                                           outlet=d.get("outlet"), published=d.get("published")))
    return docs


def build_demo(path: str | Path) -> DemoLedger:
    """A fresh ledger at ``path`` (an existing file there is replaced) from the corpus, reconciled."""
    target = Path(path)
    for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        p.unlink(missing_ok=True)
    with open_ledger(target) as led:
        for i, doc in enumerate(demo_documents(), 1):
            led.add(doc, origin=f"{CORPUS}:{i}", fmt="jsonl")
        summary = reconcile_ledger(led.conn)
        c = led.conn
        docs, claims, sources, measures = (
            int(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("documents", "claims", "sources", "measures")
        )
    return DemoLedger(target.resolve(), docs, claims, sources, measures, summary)
