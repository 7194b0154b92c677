-- What each measure's flags and grades were computed from (claimledger.reconcile.digests): a
-- digest of the measure's claim rows and of the code that judged them, written by `reconcile`
-- in the transaction that writes those flags and grades. A re-run recomputes only the measures
-- whose digest differs; a measure with no row here (a new ledger, a measure a review recomputed
-- on its own) is always recomputed. measure_id '' stands for the claims outside any measure.
-- No foreign key: a measure deleted since simply loses its row at the next run.
CREATE TABLE reconcile_digests (
    measure_id  TEXT PRIMARY KEY,
    digest      BLOB NOT NULL
) WITHOUT ROWID;
