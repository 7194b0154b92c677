-- What changed since the last reconcile, kept by the schema (claimledger.reconcile.dirty), so a
-- re-run reads only the claims of the measures that may have changed instead of every claim.
-- Triggers record, in the transaction that makes the change:
--   kind 'm': a measure id whose claims or row changed ('' = the claims outside any measure);
--   kind 'd': a document whose date or outlet changed (all its claims' rows change);
--   kind 's': a source whose name changed or that was deleted (its claims' party name changes).
-- Claims added since the last run are found without a trigger (a per-row trigger on claim
-- inserts doubled their cost, see 0014): reconcile_state.claims_seen is the highest claim rowid
-- the last run saw, and SQLite gives a new row the highest rowid + 1. Deleting the rows at the
-- top lowers the mark to the highest rowid left, so a rowid given again is still seen as new.
-- reconcile_state.fingerprint is the code fingerprint the stored digests were made with: a
-- different one (new reconcile code) means a full run. Outlets' parties (an outlet that is a
-- known source, through sources and aliases) are compared by reconcile itself on every run,
-- against reconcile_outlets.
CREATE TABLE reconcile_dirty (
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE reconcile_outlets (
    outlet  TEXT PRIMARY KEY,
    party   TEXT NOT NULL,
    name    TEXT NOT NULL
) WITHOUT ROWID;
ALTER TABLE reconcile_state ADD COLUMN claims_seen INTEGER;
ALTER TABLE reconcile_state ADD COLUMN fingerprint BLOB;

CREATE TRIGGER reconcile_dirty_claims_upd AFTER UPDATE ON claims BEGIN
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('m', coalesce(OLD.measure_id, ''));
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('m', coalesce(NEW.measure_id, ''));
END;
CREATE TRIGGER reconcile_dirty_claims_del AFTER DELETE ON claims BEGIN
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('m', coalesce(OLD.measure_id, ''));
    UPDATE reconcile_state SET claims_seen = (SELECT coalesce(max(rowid), 0) FROM claims)
    WHERE claims_seen > (SELECT coalesce(max(rowid), 0) FROM claims);
END;
CREATE TRIGGER reconcile_dirty_documents_upd AFTER UPDATE OF published, outlet ON documents BEGIN
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('d', NEW.id);
END;
CREATE TRIGGER reconcile_dirty_sources_upd AFTER UPDATE ON sources BEGIN
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('s', OLD.id);
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('s', NEW.id);
END;
CREATE TRIGGER reconcile_dirty_sources_del AFTER DELETE ON sources BEGIN
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('s', OLD.id);
END;
CREATE TRIGGER reconcile_dirty_measures_upd AFTER UPDATE ON measures BEGIN
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('m', OLD.id);
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('m', NEW.id);
END;
CREATE TRIGGER reconcile_dirty_measures_del AFTER DELETE ON measures BEGIN
    INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('m', OLD.id);
END;
