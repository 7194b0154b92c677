"""What each measure's flags and grades were computed from, so a re-run recomputes only what changed.

Why: every ``add`` reconciles, and at a million claims a full recompute (reading, the core,
rewriting ~200,000 flags and comparing a million grades) costs 15-30 s, although an ``add``
touches a few measures. A measure's flags and grades depend on nothing but its own claim rows
(``ClaimRow``, as ``iter_claim_rows`` builds them: party, date, values, hedge, event ...) and
the code that judges them (``engine.reconcile_groups``). So each measure's rows are digested
together with a fingerprint of that code, stored beside the results (migration 0016,
``reconcile_digests``), and a re-run recomputes a measure only when its digest differs: its
rows changed (a claim added, moved, corrected, rejected, re-dated, its party renamed or
merged), the code or the event table changed, or the measure is new. An equal digest means
equal rows judged by equal code, hence equal flags and grades. The claims outside any measure
are one group under the key ``""``.

The digest is a hash of ``marshal`` format 2 (no back-references, so equal rows give equal
bytes in any process) of the rows' columns (every row has the same fields), in the order the
rows are read; rows read in another order only cost a recomputation, never a wrong result. The
columns a measure's rows share (its id, unit, event and period start) are digested once, from its
first row; the claim's text is not an input of the core and is left out.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from .. import __version__
from .flags import FLAG_REGISTRY
from .types import ClaimRow

#: The key of the claims outside any measure (a measure id is never empty).
LOOSE = ""
#: The digest a full recompute stores: "results written, rows not digested". It equals no digest, so a
#: re-run recomputes such a measure when it is marked (``dirty.py``) and then stores its real digest.
#: Why: digesting every row cost ~1.4 s of a million-claim first run (a tenth of it), for a comparison
#: that only a later run makes, and only for measures marked again; unmarked measures are never read.
UNKNOWN = b""

_PKG = Path(__file__).resolve().parent
#: Files whose content decides what the core makes of given rows: the reconcile package itself,
#: the value formatting its details use, the event table that says which events are running
#: totals, and the light key of a party name. Any change to one of them makes every stored digest
#: differ (a full recompute).
_CODE_FILES = (
    *sorted(_PKG.glob("*.py")),
    _PKG.parent / "values.py",
    _PKG.parent / "event_kinds.py",
    _PKG.parent / "data" / "events.json",
    # a figure attributed to a name no source holds is that name's light key (reconcile.dirty: a
    # re-run reads only marked measures, so a change here must recompute them all)
    _PKG.parent / "ledger" / "source_names.py",
)


@cache
def _files_fingerprint() -> bytes:
    h = hashlib.sha256(__version__.encode())
    for path in _CODE_FILES:
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.exists() else b"<missing>")
    return h.digest()


def code_fingerprint() -> bytes:
    """The code that judges rows: the files above and the registered kinds of flag with their checks.

    The registry is read every time (``register_flag`` may add a kind between two runs).
    """
    h = hashlib.sha256(_files_fingerprint())
    for k in FLAG_REGISTRY:
        check = k.check
        qualname = getattr(check, "__qualname__", type(check).__qualname__)
        name = f"{getattr(check, '__module__', '?')}.{qualname}"
        h.update(f"{k.kind}\0{name}\0{k.per_claim}\0".encode())
    return h.digest()[:16]


#: ``ClaimRow`` columns that differ from row to row within a measure: id, document_id, party,
#: party_name, attributed, low, high, hedge, date, headline, confident. The rest is either the measure's own
#: (measure_id, unit, event, period_start: ``read_claim_groups`` takes them from the measures row, so
#: every row of a measure holds the same ones) or not an input of the core (text, empty when groups
#: are read).
_PER_ROW = (0, 1, 3, 4, 5, 6, 7, 8, 12, 14, 15)
#: The claims outside measures have no measure to share with: every column but the text.
_LOOSE_COLS = (*range(13), 14, 15)


def group_digests(
    by_measure: Mapping[str, list[ClaimRow]], loose: list[ClaimRow], fingerprint: bytes
) -> dict[str, bytes]:
    """A 16-byte digest per measure id (and ``LOOSE`` when there are claims outside measures).

    A measure's rows are digested column by column (``zip``: one tuple per field instead of a copy
    per row), its shared columns once from its first row: at a million claims digesting all fifteen
    columns of every row cost ~2.5 s of a first run, these eleven ~1 s.
    """
    blake = hashlib.blake2b
    dumps = marshal.dumps
    per_row = _PER_ROW

    def digest(rows: list[ClaimRow]) -> bytes:
        cols = list(zip(*rows, strict=True))
        first = rows[0]
        data = [first[2], first[9], first[10], first[11], *[cols[i] for i in per_row]]
        return blake(dumps(data, 2), digest_size=16, key=fingerprint).digest()

    out = {mid: digest(rows) for mid, rows in by_measure.items()}
    if loose:
        cols = list(zip(*loose, strict=True))
        out[LOOSE] = blake(
            dumps([cols[i] for i in _LOOSE_COLS], 2), digest_size=16, key=fingerprint
        ).digest()
    return out


def unknown(by_measure: Mapping[str, list[ClaimRow]], loose: list[ClaimRow]) -> dict[str, bytes]:
    """``UNKNOWN`` for every group ``group_digests`` would digest: what a full recompute stores.

    The row per group is kept (not left out): its count is the ledger's number of measures for the
    summary and for ``dirty.changed_groups``' share, and a group gone later is found by its row.
    """
    out = dict.fromkeys(by_measure, UNKNOWN)
    if loose:
        out[LOOSE] = UNKNOWN
    return out


def stored_digests(conn: sqlite3.Connection) -> dict[str, bytes]:
    """The digests written with the ledger's current flags and grades (empty: none trusted)."""
    cur = conn.cursor()
    cur.row_factory = None
    return dict(cur.execute("SELECT measure_id, digest FROM reconcile_digests"))


def replace_all(conn: sqlite3.Connection, digests: Mapping[str, bytes]) -> None:
    """After a full recompute: exactly ``digests`` (in key order: appends to the table's B-tree)."""
    conn.execute("DELETE FROM reconcile_digests")
    conn.executemany(
        "INSERT INTO reconcile_digests (measure_id, digest) VALUES (?, ?)", sorted(digests.items())
    )


def update(conn: sqlite3.Connection, digests: Mapping[str, bytes], gone: list[str]) -> None:
    """After recomputing some groups: their new digests, and no row for groups that have no claims now."""
    conn.executemany("DELETE FROM reconcile_digests WHERE measure_id = ?", ((m,) for m in gone))
    conn.executemany(
        "INSERT OR REPLACE INTO reconcile_digests (measure_id, digest) VALUES (?, ?)", sorted(digests.items())
    )


def forget(conn: sqlite3.Connection, measure_ids: list[str]) -> None:
    """Results of these measures were written outside a full run (a review): recompute them next time."""
    conn.executemany("DELETE FROM reconcile_digests WHERE measure_id = ?", ((m,) for m in measure_ids))


def chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """``items`` in slices small enough for one statement's ``IN (?, ...)``."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
