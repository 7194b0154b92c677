-- What the party model learns of sources from the stories they speak in (claimledger.ledger.source_memory):
-- the countries the ledger places the towns of a named body's stories in ('seen_in') and of any body's
-- ('body_seen'), a story's own state body waiting for its country's body ('awaiting': party type and
-- country as JSON), and a story's own body described by its portfolio ('portfolio': head, the words
-- before it and its story's place words as JSON). Kept so that documents added one `add` at a time get
-- the same parties as one big `add` (before, these lived for one session only).
CREATE TABLE IF NOT EXISTS source_learned (
    kind TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, source_id, value)
) WITHOUT ROWID;
