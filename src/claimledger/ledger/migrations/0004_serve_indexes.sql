-- Migration 0004 (review page): indexes the review pages' hot queries need.
--
-- The measure page lists a measure's flags on every view; without this index
-- each view scans the whole flags table (tens of thousands of rows in a big ledger).
CREATE INDEX IF NOT EXISTS flags_measure ON flags(measure_id);
-- The measure page charts every claim of a measure; for a measure with thousands
-- of claims, reading them from the claims table costs a random page per claim.
-- This index covers the chart's columns, so the chart reads one index range.
CREATE INDEX IF NOT EXISTS claims_measure_chart ON claims(
    measure_id, as_of, low, high, hedge, unit, review_status, source_id, document_id, id
);
-- The audit page filters the review log by reviewer.
CREATE INDEX IF NOT EXISTS reviews_reviewer ON reviews(reviewer, id);
