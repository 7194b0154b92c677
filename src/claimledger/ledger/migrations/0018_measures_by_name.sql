-- Migration 0018 (review page): /measures, sorted by name, reads its page from an index.
--
-- The list's default order is the measure's label, case-folded. Without an
-- index on that order every view sorted all measures in a temporary B-tree
-- (about 0.2 s for the half-million measures of a 10M-claim ledger) to show 50.
CREATE INDEX IF NOT EXISTS measures_label_nocase ON measures(label COLLATE NOCASE);
