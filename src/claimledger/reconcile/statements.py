"""A statement: one party's claims about one measure, on one day, with one value.

The engine (``engine.py``) collapses repeated claims into statements and the checks
(``checks.py``) compare them; both import it from here, so neither imports the other's
internals (the engine runs the checks, never the reverse).
"""

from __future__ import annotations

from ..values import format_value
from .types import ClaimRow


class Statement:
    """Claims of one party about one measure on one day with one value (internal, mutable while built).

    Keeps its first claim row for the value and date (all its rows share them) so building one
    costs a handful of attribute writes: there is one per distinct claim in a million-claim run.
    """

    __slots__ = ("claim_ids", "day", "docs", "hi", "lo", "own", "party", "party_name", "row", "sure")

    def __init__(
        self, r: ClaimRow, cid: str, doc: str, party: str, party_name: str, own: bool, day: int, lo: float,
        hi: float,
    ) -> None:
        # the row's fields come unpacked: the caller has them in locals already (a NamedTuple's
        # attribute reads cost more than the rest of this constructor)
        self.row = r
        self.party = party
        self.party_name = party_name
        self.day = day
        self.lo = lo
        self.hi = hi
        self.claim_ids = [cid]
        self.docs: str | set[str] = doc
        self.own = own
        #: read with confidence (``confidence.py``): one firmly read claim of the statement is enough
        self.sure = r.confident

    def add(self, cid: str, doc: str, party_name: str, own: bool, sure: bool = True) -> None:
        self.claim_ids.append(cid)
        if sure:
            self.sure = True
        if party_name < self.party_name:  # the same name whatever order the rows come in
            self.party_name = party_name
        if isinstance(self.docs, str):
            if doc != self.docs:
                self.docs = {self.docs, doc}
        else:
            self.docs.add(doc)
        if own:
            self.own = True

    def doc_set(self) -> set[str]:
        return {self.docs} if isinstance(self.docs, str) else self.docs

    @property
    def date(self) -> str:
        return (self.row.date or "")[:10]

    def figure(self) -> str:
        r = self.row
        return format_value(r.low, r.high, r.hedge, r.unit)

    def says(self) -> str:
        who = self.party_name + (" (in its own voice)" if self.own else "")
        return f"{who} says {self.figure()} ({self.date})"

    def value(self) -> str:
        return f"{self.figure()} on {self.date}"
