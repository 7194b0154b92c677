-- Migration 0001: the ledger's first schema.
-- Table and column names are meant to read well in Datasette.

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,          -- content hash of text (model.content_id)
    text        TEXT NOT NULL,             -- exact text that claim offsets point into
    title       TEXT,
    url         TEXT,
    outlet      TEXT,
    published   TEXT,                      -- ISO date YYYY-MM-DD or NULL
    origin      TEXT,                      -- where it was read from (path, path:line, WARC record)
    format      TEXT,                      -- txt | html | jsonl | warc | parquet | stdin
    rules       TEXT NOT NULL,             -- rule-set version that extracted its claims
    added_at    TEXT NOT NULL,             -- UTC ISO timestamp
    claim_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

-- A normalised party. Names are how the party is shown; nothing here ranks parties.
CREATE TABLE sources (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,                   -- display name (most common surface form)
    key   TEXT NOT NULL UNIQUE             -- normalised key
);

-- Every surface form seen (or given by a user) and the source it resolves to.
CREATE TABLE source_aliases (
    alias_key  TEXT PRIMARY KEY,           -- normalised surface form
    alias      TEXT NOT NULL,              -- one surface form as written
    source_id  INTEGER NOT NULL REFERENCES sources(id),
    origin     TEXT NOT NULL DEFAULT 'auto' -- auto | fuzzy | user | merge | split
);
CREATE INDEX source_aliases_source ON source_aliases(source_id);

-- A measure: the same quantity however it is worded.
CREATE TABLE measures (
    id            TEXT PRIMARY KEY,        -- hash of the key fields
    event         TEXT NOT NULL,
    subject       TEXT,                    -- normalised subject, e.g. 'civilians'
    place         TEXT,                    -- normalised place or NULL
    period_start  TEXT,                    -- ISO date or NULL
    unit          TEXT NOT NULL,
    label         TEXT NOT NULL            -- e.g. 'civilians killed in Brennick since 2030-03-01'
);

CREATE TABLE claims (
    id               TEXT PRIMARY KEY,     -- hash of document id + span
    document_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    span_start       INTEGER NOT NULL,
    span_end         INTEGER NOT NULL,
    text             TEXT NOT NULL,
    low              REAL,
    high             REAL,
    hedge            TEXT NOT NULL,
    hedge_text       TEXT,
    unit             TEXT NOT NULL,
    event            TEXT NOT NULL,
    event_text       TEXT,
    subject          TEXT,
    subject_start    INTEGER,
    subject_end      INTEGER,
    place            TEXT,
    place_start      INTEGER,
    place_end        INTEGER,
    as_of            TEXT,
    period_start     TEXT,
    time_text        TEXT,
    source           TEXT,                 -- attribution as written (NULL = article's own voice)
    source_start     INTEGER,
    source_end       INTEGER,
    source_id        INTEGER REFERENCES sources(id),
    cue              TEXT,
    cue_start        INTEGER,
    cue_end          INTEGER,
    reported_by      TEXT,                 -- JSON list of {name, span, cue, cue_span}, outermost first
    sentence_start   INTEGER NOT NULL,
    sentence_end     INTEGER NOT NULL,
    rules            TEXT NOT NULL,
    measure_id       TEXT REFERENCES measures(id),
    machine          TEXT NOT NULL,        -- JSON of the extractor's original Claim, never changed
    review_status    TEXT NOT NULL DEFAULT 'unreviewed',  -- unreviewed | confirmed | corrected | rejected
    reviewed_at      TEXT,
    reviewer         TEXT
);
CREATE INDEX claims_document ON claims(document_id);
CREATE INDEX claims_measure ON claims(measure_id);
CREATE INDEX claims_source ON claims(source_id);
CREATE INDEX claims_event ON claims(event);

-- Audit trail of every review action: who, when, before and after.
CREATE TABLE reviews (
    id        INTEGER PRIMARY KEY,
    claim_id  TEXT NOT NULL REFERENCES claims(id),
    action    TEXT NOT NULL,               -- confirm | correct | reject
    reviewer  TEXT NOT NULL,
    at        TEXT NOT NULL,               -- UTC ISO timestamp
    note      TEXT,
    before    TEXT NOT NULL,               -- JSON of the reviewable fields before
    after     TEXT NOT NULL                -- JSON after
);
CREATE INDEX reviews_claim ON reviews(claim_id);

-- Reconciliation output, recomputed by `reconcile`: one row per flag, claims linked.
CREATE TABLE flags (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,             -- contradiction | regression | drift | unattributed
    measure_id  TEXT REFERENCES measures(id),
    detail      TEXT NOT NULL              -- human-readable explanation
);
CREATE TABLE flag_claims (
    flag_id   INTEGER NOT NULL REFERENCES flags(id) ON DELETE CASCADE,
    claim_id  TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    PRIMARY KEY (flag_id, claim_id)
);
CREATE INDEX flag_claims_claim ON flag_claims(claim_id);

-- Per-claim corroboration grade, recomputed by `reconcile`.
CREATE TABLE claim_grades (
    claim_id  TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    grade     TEXT NOT NULL                -- single | corroborated | contested
);
