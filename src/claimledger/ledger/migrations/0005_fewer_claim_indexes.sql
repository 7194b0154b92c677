-- Migration 0005: drop claim indexes that cost every ingest and serve no query.
--
-- Each index on claims is pages written in every document's commit (WAL frames),
-- so an index must earn its place:
-- * claims_measure is a prefix of 0004's claims_measure_chart, which answers
--   every `measure_id = ?` lookup as well;
-- * claims_as_of (0002): reports filter on COALESCE(as_of, published), which
--   cannot use it, and reconcile reads claims whole;
-- * claims_review_status (0002): three values, mostly 'unreviewed'; a scan is as fast.
DROP INDEX IF EXISTS claims_measure;
DROP INDEX IF EXISTS claims_as_of;
DROP INDEX IF EXISTS claims_review_status;
