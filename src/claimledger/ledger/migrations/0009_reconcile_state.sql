-- Migration 0009: remember whether flags and grades are stale, in the same transaction as the change.
--
-- Flags and grades are derived from claims by `reconcile`, which `add` runs after
-- its documents are in. A process killed between the two (or an `add
-- --no-reconcile`, a review, a source merge) left claims without their flags,
-- and nothing told the next run to recompute: a re-run of `add` found no new
-- document and did not reconcile. These triggers set `stale` inside whatever
-- transaction changes the inputs of reconciliation (claims, documents' dates
-- and outlets, sources, aliases, measures), so the mark commits or rolls back
-- with the change itself; `reconcile` clears it in the transaction that writes
-- the new results. The next add, reconcile, report or serve recomputes when it
-- is set. The WHEN clause makes a bulk insert pay one UPDATE, not one per row.
CREATE TABLE reconcile_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    stale          INTEGER NOT NULL,       -- 1: claims changed since flags and grades were computed
    reconciled_at  TEXT                    -- UTC ISO timestamp of the last completed reconcile
);
-- A ledger with claims but no record of its last reconcile may be one whose flags were lost.
INSERT INTO reconcile_state (id, stale, reconciled_at)
    VALUES (1, EXISTS (SELECT 1 FROM claims), NULL);

CREATE TRIGGER reconcile_stale_claims_ins AFTER INSERT ON claims
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_claims_upd AFTER UPDATE ON claims
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_claims_del AFTER DELETE ON claims
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_documents_ins AFTER INSERT ON documents
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_documents_upd AFTER UPDATE OF published, outlet ON documents
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_documents_del AFTER DELETE ON documents
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_sources_ins AFTER INSERT ON sources
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_sources_upd AFTER UPDATE ON sources
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_sources_del AFTER DELETE ON sources
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_aliases_ins AFTER INSERT ON source_aliases
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_aliases_upd AFTER UPDATE ON source_aliases
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_aliases_del AFTER DELETE ON source_aliases
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_measures_ins AFTER INSERT ON measures
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_measures_upd AFTER UPDATE ON measures
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_measures_del AFTER DELETE ON measures
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
