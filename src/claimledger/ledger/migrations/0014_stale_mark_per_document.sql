-- Claims are only ever inserted with their document, in the document's transaction, and the
-- documents' insert trigger (0009) already marks reconciliation stale there. A per-row trigger on
-- claims doubled the cost of every claim insert (200,000 rows: 9.3 s against 3.9 s), so it goes;
-- the update and delete triggers on claims stay (reviews, merges and raw SQL edits change claims alone).
DROP TRIGGER IF EXISTS reconcile_stale_claims_ins;
