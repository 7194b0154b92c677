-- Measures read in their article's context (measures.v1): whose soldiers or tanks (affiliation),
-- what kind of period (cumulative, window, incident, stock, share) and when it ends, and whether the
-- measure is a running total. context_facts keeps what articles say about their setting (a city's
-- province, a war's start) so later articles that do not say it can use it.
ALTER TABLE measures ADD COLUMN affiliation TEXT;
ALTER TABLE measures ADD COLUMN period_kind TEXT;
ALTER TABLE measures ADD COLUMN period_end TEXT;
ALTER TABLE measures ADD COLUMN running INTEGER;
CREATE TABLE IF NOT EXISTS context_facts (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    document_id TEXT,
    PRIMARY KEY (kind, key)
);
ALTER TABLE claims ADD COLUMN headline INTEGER NOT NULL DEFAULT 0;
