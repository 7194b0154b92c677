-- Migration 0003 (review page): indexes the review pages' hot queries need.
--
-- The measure page lists a measure's flags on every view; without this index
-- each view scans the whole flags table (tens of thousands of rows in a big ledger).
CREATE INDEX IF NOT EXISTS flags_measure ON flags(measure_id);
-- The audit page filters the review log by reviewer.
CREATE INDEX IF NOT EXISTS reviews_reviewer ON reviews(reviewer, id);
