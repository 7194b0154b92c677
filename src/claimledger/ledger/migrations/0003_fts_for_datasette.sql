-- Migration 0003: declare the FTS table the way Datasette detects it.
--
-- Datasette finds a table's full-text index by `content="documents"` (double
-- quotes or brackets) in the virtual table's SQL; 0001 wrote content='documents',
-- so the search box did not appear. Same name, columns and triggers; the index
-- is rebuilt from the documents table.
DROP TRIGGER documents_ai;
DROP TRIGGER documents_ad;
DROP TRIGGER documents_au;
DROP TABLE documents_fts;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content="documents", content_rowid="rowid"
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
