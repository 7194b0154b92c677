-- claim_grades keeps a row only for the claims graded 'corroborated' or 'contested'; a claim that
-- is not rejected and has no row is 'single' (claimledger.reconcile.types.GRADE_SQL reads it so).
-- Why: about 60 % of a big ledger's claims are 'single', and writing a million grade rows was a
-- fifth of a first reconcile (and most of its disk writes). Readers (the review page's claims, the
-- conflicts report, measure timelines) use GRADE_SQL and see what they saw before.
-- reconcile_state.graded is the number of rows reconcile left in claim_grades: a re-run that finds
-- another count (rows deleted or written by hand, or claims deleted by raw SQL) recomputes
-- everything instead of trusting its digests. NULL: unknown (a full run).
DELETE FROM claim_grades WHERE grade = 'single';
ALTER TABLE reconcile_state ADD COLUMN graded INTEGER;
UPDATE reconcile_state SET graded = (SELECT count(*) FROM claim_grades);
