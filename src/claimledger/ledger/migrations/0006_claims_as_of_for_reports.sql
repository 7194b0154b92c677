-- Migration 0006: bring back the index on claims(as_of) that 0005 dropped.
--
-- The claims report lists newest first (ORDER BY as_of DESC, rowid DESC LIMIT n);
-- with this index that is a short backwards index walk instead of sorting every
-- claim (seconds on a ledger of a million claims). It costs about two pages per
-- document commit, which the report is worth.
CREATE INDEX IF NOT EXISTS claims_as_of ON claims(as_of);
