-- Settings of the ledger itself, one row per key. The first is 'aliases': the user aliases
-- `claimledger add --aliases FILE` (or $CLAIMLEDGER_ALIASES) ingested with, as JSON
-- {"file": ..., "sources": {...}, "subjects": {...}}, so reconcile, serve and review group
-- sources and subjects the same way without the option or the variable.
CREATE TABLE ledger_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Reconciliation reads the aliases (an outlet that is itself a source): a new choice marks it stale.
CREATE TRIGGER reconcile_stale_meta_ins AFTER INSERT ON ledger_meta
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
CREATE TRIGGER reconcile_stale_meta_upd AFTER UPDATE ON ledger_meta
WHEN (SELECT stale FROM reconcile_state) = 0 BEGIN
    UPDATE reconcile_state SET stale = 1;
END;
