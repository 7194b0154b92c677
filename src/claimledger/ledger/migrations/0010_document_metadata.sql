-- Migration 0010: document metadata with its origin, and document actions in the audit trail.
--
-- A document's title, date, outlet and URL may now come from the input's own
-- metadata, a sidecar file, the command line, the article's first lines, or a
-- person (`claimledger documents set`). `metadata_origin` records which, per
-- field, as JSON: {"title": {"from": "text", "rule": "headline", "span": [0, 42]},
-- "published": {"from": "given"}, ...}; values read from the text keep the span
-- they were read from. `byline` and `dateline` (the dateline's place as
-- written) are read from the text or a sidecar.
ALTER TABLE documents ADD COLUMN byline TEXT;
ALTER TABLE documents ADD COLUMN dateline TEXT;
ALTER TABLE documents ADD COLUMN metadata_origin TEXT;  -- JSON object, field -> origin

-- The audit trail (`reviews`) now also holds actions on a document (claim_id NULL,
-- `document` set): SQLite cannot drop a NOT NULL, so the table is rebuilt with
-- every row and id kept.
CREATE TABLE reviews_0010 (
    id        INTEGER PRIMARY KEY,
    claim_id  TEXT REFERENCES claims(id),          -- the claim reviewed, or NULL for a document action
    document  TEXT REFERENCES documents(id),       -- the document a document action is about
    action    TEXT NOT NULL,                       -- confirm | correct | reject | set_metadata
    reviewer  TEXT NOT NULL,
    at        TEXT NOT NULL,                       -- UTC ISO timestamp
    note      TEXT,
    before    TEXT NOT NULL,                       -- JSON of the changed fields before
    after     TEXT NOT NULL,                       -- JSON after
    CHECK (claim_id IS NOT NULL OR document IS NOT NULL)
);
INSERT INTO reviews_0010 (id, claim_id, action, reviewer, at, note, before, after)
    SELECT id, claim_id, action, reviewer, at, note, before, after FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_0010 RENAME TO reviews;
CREATE INDEX reviews_claim ON reviews(claim_id);
CREATE INDEX reviews_reviewer ON reviews(reviewer, id);
CREATE INDEX reviews_document ON reviews(document) WHERE document IS NOT NULL;

-- Documents stored untitled get their headline as title: the first line, when it
-- looks like one (claimledger.docmeta.looks_like_headline; the same test here in
-- SQL): not indented, at most 200 characters, several words, not ending in
-- . , ; : or a dash, not a "date …" or "by …" line, and more text after it.
UPDATE documents
SET title = rtrim(substr(text, 1, instr(text, char(10)) - 1), ' ' || char(9) || char(13)),
    metadata_origin = json_object('title', json_object(
        'from', 'text', 'rule', 'headline', 'span', json_array(0,
            length(rtrim(substr(text, 1, instr(text, char(10)) - 1), ' ' || char(9) || char(13))))))
WHERE title IS NULL
  AND instr(text, char(10)) > 1
  AND substr(text, 1, 1) NOT IN (' ', char(9), char(13))
  AND length(rtrim(substr(text, 1, instr(text, char(10)) - 1), ' ' || char(9) || char(13))) <= 200
  AND instr(rtrim(substr(text, 1, instr(text, char(10)) - 1), ' ' || char(9) || char(13)), ' ') > 0
  AND substr(rtrim(substr(text, 1, instr(text, char(10)) - 1), ' ' || char(9) || char(13)), -1)
      NOT IN ('.', ',', ';', ':', '-', '–', '—')
  AND lower(substr(text, 1, 5)) NOT IN ('date ', 'date:')
  AND lower(substr(text, 1, 6)) NOT IN ('dated ', 'dated:')
  AND lower(substr(text, 1, 10)) NOT IN ('published ', 'published:')
  AND lower(substr(text, 1, 3)) != 'by '
  AND trim(substr(text, instr(text, char(10)) + 1), ' ' || char(9) || char(10) || char(13)) != '';
