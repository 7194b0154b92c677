-- Migration 0007: index documents for full-text search in batches during bulk adds.
--
-- With the FTS5 index kept by an AFTER INSERT trigger, every document's commit
-- also wrote a new FTS5 segment and its bookkeeping records: about eight of the
-- ~50 pages each commit wrote, and a fifth of the ledger's share of ingest time.
-- The search index is derived data, so a bulk `add` may let it lag and catch up
-- many documents in one statement (claimledger.ledger.search_index). The
-- high-water mark below says how far the index reaches; the triggers keep it
-- exact for rows at or below the mark (an edit, a deletion, or a rowid reused
-- after deleting the last document), and rows above it are indexed by the next
-- catch-up. Documents and claims are still committed one document per transaction.
CREATE TABLE search_index_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto  INTEGER NOT NULL         -- documents with rowid <= this are in documents_fts
);
INSERT INTO search_index_state (id, indexed_upto)
    VALUES (1, (SELECT COALESCE(MAX(rowid), 0) FROM documents));

DROP TRIGGER documents_ai;
DROP TRIGGER documents_ad;
DROP TRIGGER documents_au;
CREATE TRIGGER documents_ai AFTER INSERT ON documents
WHEN new.rowid <= (SELECT indexed_upto FROM search_index_state) BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents
WHEN old.rowid <= (SELECT indexed_upto FROM search_index_state) BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents
WHEN old.rowid <= (SELECT indexed_upto FROM search_index_state) BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
