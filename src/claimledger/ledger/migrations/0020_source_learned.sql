-- What the party model learns of sources from the stories they speak in (claimledger.ledger.source_memory):
-- the countries the ledger places the towns of a named body's stories in ('seen_in') and of any body's
-- ('body_seen'), a story's own state body waiting for its country's body ('awaiting': party type and
-- country as JSON), and a story's own body described by its portfolio ('portfolio': head, the words
-- before it and its story's place words as JSON), each keyed by the source's id; and how the documents
-- write a place the ledger keys a state's body by ('place_form', keyed by the place key). Kept so that
-- documents added one `add` at a time get the same parties as one big `add` (before, these lived for one
-- session only).
CREATE TABLE IF NOT EXISTS source_learned (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, key, value)
) WITHOUT ROWID;
