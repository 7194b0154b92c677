-- Migration 0011: decisions people make over the machine's grouping, kept apart from it.
--
-- Measures and flags are recomputed by the machine (every `add` assigns measure
-- ids, every `reconcile` rewrites the flags table with fresh ids). A person's
-- decision must survive those runs, so it lives in its own table, keyed by
-- things that stay stable, and is applied after every recomputation
-- (claimledger.ledger.overrides).

-- "Measure A counts the same thing as B": claims whose measure is A belong to B.
-- Chains (A -> B -> C) are resolved when applied; cycles are refused.
CREATE TABLE measure_merges (
    from_id   TEXT PRIMARY KEY,
    into_id   TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,             -- UTC ISO timestamp
    note      TEXT
);
CREATE INDEX measure_merges_into ON measure_merges(into_id);

-- "This claim belongs to that measure", whatever its computed measure is
-- (a claim moved out into a person-made measure, whose id starts 'manual-').
CREATE TABLE claim_measure_pins (
    claim_id    TEXT PRIMARY KEY,
    measure_id  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT
);
CREATE INDEX claim_measure_pins_measure ON claim_measure_pins(measure_id);

-- Where a decision moved a claim from: its computed measure, so undoing the decision puts it
-- back exactly (and not where a later version of the rules would compute it).
CREATE TABLE claim_measure_origin (
    claim_id    TEXT PRIMARY KEY,
    measure_id  TEXT
);

-- "This flag is not a real conflict": keyed by the flag's stable key, a hash of
-- (kind, measure id, sorted claim ids), since flag ids change on every reconcile.
CREATE TABLE flag_dismissals (
    flag_key    TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    measure_id  TEXT,
    claim_ids   TEXT NOT NULL,           -- JSON list, as dismissed
    note        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL
);

ALTER TABLE flags ADD COLUMN flag_key TEXT;
ALTER TABLE flags ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flags ADD COLUMN dismiss_note TEXT;
CREATE INDEX flags_key ON flags(flag_key);

-- The audit trail of decisions that are not about one claim's values (reviews
-- keep those): measure merges and splits, flag dismissals, source merges from
-- the page, and their undoing. Same shape as reviews: who, when, before, after.
CREATE TABLE decisions (
    id        INTEGER PRIMARY KEY,
    action    TEXT NOT NULL,             -- measure-merge | measure-unmerge | measure-split | measure-unsplit
                                         -- | flag-dismiss | flag-restore | source-merge
    target    TEXT NOT NULL,             -- the measure id, flag key or source acted on
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    note      TEXT,
    before    TEXT NOT NULL,             -- JSON
    after     TEXT NOT NULL              -- JSON
);
CREATE INDEX decisions_target ON decisions(target);

-- The measure page offers measures to merge into: same event and place, by label.
CREATE INDEX measures_event_place ON measures(event, place, label);
