"""Gate phrases: for each attribution frame pattern, words without which it cannot match.

The lexicon scans them in its one pass with every other vocabulary phrase, and
``attribution.sentence_frames`` runs a frame's pattern only when a gate of its
kind was hit. They live here, below both, so the lexicon need not import the
attribution stage that consumes its hits (that was an import cycle).
"""

from __future__ import annotations

from functools import cache

from .vocab import load


@cache
def _gates() -> dict[str, tuple[str, ...]]:
    """Substrings without which a pattern cannot match: cheap checks that skip most regex passes."""
    d = load("cues")

    def low(ws: list[str]) -> tuple[str, ...]:
        return tuple(w.lower() for w in ws)

    return {
        "citing": low(d["citing"]),
        "according": low(d["prepositional"]),
        "agent": (" by ",),
        "possessive": ("'s", "’s", "s'", "s’"),
        "head": low(d["source_heads"]),
        # "figures from", "tally by" …: every document noun with every link that can open a document subject
        "document": tuple(
            f"{h} {k}" for h in low(d["source_heads"]) for k in low(d["document_subject_links"])
        ),
        "unnamed": (" that",),
        "passive": low(d["passive_gates"]),
        "quoted": ("as saying",),
        "carried": low(d["carrier_links"]),
        "tag_after": low(d["headline_tag_marks"]),
        "tag_before": low(d["headline_tag_marks"]),
        "bracket": (")",),
    }


def gate_phrases() -> dict[str, tuple[str, ...]]:
    """For each frame pattern, the phrases without which it cannot match (scanned with the lexicon)."""
    return _gates()
