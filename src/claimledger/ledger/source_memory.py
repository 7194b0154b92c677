"""What the party model learns of sources across documents, kept in the ledger (``source_learned``).

Why: the round-thirteen rules decide a state's body from what the ledger's other stories say of the same
sources (the countries a named body was met in, the bodies waiting for their country's body, a story's
own portfolio body waiting for its named ministry, how the documents write the places a state's body is
keyed by). Held in memory only, that evidence lived for one ``add``: documents added one ``add`` at a time
got other parties than the same documents in one big ``add``. Each change is written in the document's
transaction (a rolled-back document's rows go with it) and the whole memory is read again at the first need
of a session, or after a rollback.
"""

from __future__ import annotations

import json
import sqlite3

#: a document's own portfolio body: (its head, the words written before it, its story's place words)
Portfolio = tuple[str, tuple[str, ...], frozenset[str]]


class SourceMemory:
    """The four kinds of evidence, as mappings by source id, each change also written to the ledger."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        #: named source -> the countries the ledger placed the towns of its stories in
        self.seen_in: dict[int, set[str]] = {}
        #: any source -> the countries of the stories (by their towns) it spoke in
        self.body_seen: dict[int, set[str]] = {}
        #: a story's own state body -> (party type, country) until that country has a body of the type
        self.awaiting: dict[int, tuple[str, str]] = {}
        #: a story's own body described by its portfolio, until a named body takes it
        self.portfolios: dict[int, Portfolio] = {}
        #: a place the ledger keys a state's body by -> how the documents write it (folded)
        self.place_forms: dict[str, set[str]] = {}
        self._loaded = False

    def load(self) -> None:
        """Read the memory from the ledger once per session (again after ``forget``): live sources only."""
        if self._loaded:
            return
        self._loaded = True
        self.seen_in, self.body_seen, self.awaiting, self.portfolios = {}, {}, {}, {}
        self.place_forms = {}
        live = {int(i) for (i,) in self.conn.execute("SELECT id FROM sources")}
        for kind, key, value in self.conn.execute("SELECT kind, key, value FROM source_learned"):
            if kind == "place_form":
                self.place_forms.setdefault(str(key), set()).add(str(value))
                continue
            sid = int(key)
            if sid not in live:
                continue
            if kind == "seen_in":
                self.seen_in.setdefault(sid, set()).add(str(value))
            elif kind == "body_seen":
                self.body_seen.setdefault(sid, set()).add(str(value))
            elif kind == "awaiting":
                ptype, country = json.loads(value)
                self.awaiting[sid] = (str(ptype), str(country))
            elif kind == "portfolio":
                head, described, words = json.loads(value)
                self.portfolios[sid] = (str(head), tuple(described), frozenset(words))

    def forget(self) -> None:
        """After a rolled-back document: read again at the next need (its rows were rolled back too)."""
        self._loaded = False

    def _write(self, kind: str, sid: int, value: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO source_learned (kind, key, value) VALUES (?, ?, ?)",
            (kind, str(sid), value),
        )

    def _drop(self, kind: str, sid: int) -> None:
        self.conn.execute("DELETE FROM source_learned WHERE kind = ? AND key = ?", (kind, str(sid)))

    def saw_place(self, place: str, forms: set[str]) -> None:
        """How a document writes a place the ledger keys a state's body by ("Port Selva", "PORT SELVA")."""
        known = self.place_forms.setdefault(place, set())
        for form in sorted(forms - known):
            known.add(form)
            self.conn.execute(
                "INSERT OR IGNORE INTO source_learned (kind, key, value) VALUES ('place_form', ?, ?)",
                (place, form),
            )

    def saw_named(self, sid: int, country: str) -> None:
        if country not in self.seen_in.setdefault(sid, set()):
            self.seen_in[sid].add(country)
            self._write("seen_in", sid, country)

    def saw_body(self, sid: int, country: str) -> None:
        if country not in self.body_seen.setdefault(sid, set()):
            self.body_seen[sid].add(country)
            self._write("body_seen", sid, country)

    def await_body(self, sid: int, ptype: str, country: str) -> None:
        if sid not in self.awaiting:
            self.awaiting[sid] = (ptype, country)
            self._write("awaiting", sid, json.dumps([ptype, country]))

    def settled(self, sid: int) -> None:
        """A waiting body found its country's body."""
        self.awaiting.pop(sid, None)
        self._drop("awaiting", sid)

    def note_portfolio(self, sid: int, entry: Portfolio) -> None:
        head, described, words = entry
        self.portfolios[sid] = entry
        self._drop("portfolio", sid)
        self._write("portfolio", sid, json.dumps([head, list(described), sorted(words)], ensure_ascii=False))

    def placed_portfolio(self, sid: int) -> None:
        """A portfolio body a named body took."""
        self.portfolios.pop(sid, None)
        self._drop("portfolio", sid)

    def gone(self, sid: int) -> None:
        """A source folded into another and deleted: what was learned of it goes (SQLite may give its id
        to the next new source, which must not inherit it)."""
        for held in (self.seen_in, self.body_seen, self.awaiting, self.portfolios):
            held.pop(sid, None)
        forget_source(self.conn, sid)


def forget_source(conn: sqlite3.Connection, sid: int) -> None:
    """Delete what was learned of a source that is gone (folded by the party model, or merged away by a
    person: ``source_curation.merge_sources``); how the documents write a place is no source's and stays."""
    conn.execute("DELETE FROM source_learned WHERE kind <> 'place_form' AND key = ?", (str(sid),))
