-- Migration 0002: keep the remaining extractor spans, and views that read well in Datasette.
--
-- 0001 kept hedge/event/time as text only; the Claim model also has their spans,
-- and the ledger promises to keep every span the extractor produced.
ALTER TABLE claims ADD COLUMN hedge_start INTEGER;
ALTER TABLE claims ADD COLUMN hedge_end INTEGER;
ALTER TABLE claims ADD COLUMN event_start INTEGER;
ALTER TABLE claims ADD COLUMN event_end INTEGER;
ALTER TABLE claims ADD COLUMN time_start INTEGER;
ALTER TABLE claims ADD COLUMN time_end INTEGER;

CREATE INDEX claims_review_status ON claims(review_status);
CREATE INDEX claims_as_of ON claims(as_of);

-- One row per claim with the things a reader wants beside it: where it was
-- published, who says it (normalised) and which measure it counts towards.
CREATE VIEW claims_view AS
SELECT
    c.id            AS claim_id,
    c.text          AS figure,
    c.low, c.high, c.hedge, c.unit, c.event, c.subject, c.place,
    c.as_of, c.period_start,
    c.source        AS source_as_written,
    s.name          AS source,
    c.cue,
    m.label         AS measure,
    c.review_status,
    d.title, d.outlet, d.published, d.url,
    c.document_id, c.source_id, c.measure_id
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN sources s ON s.id = c.source_id
LEFT JOIN measures m ON m.id = c.measure_id;

CREATE VIEW measures_view AS
SELECT
    m.id AS measure_id, m.label, m.event, m.subject, m.place, m.period_start, m.unit,
    COUNT(c.id)                  AS claims,
    COUNT(DISTINCT c.source_id)  AS sources,
    MIN(COALESCE(c.as_of, d.published)) AS first_date,
    MAX(COALESCE(c.as_of, d.published)) AS last_date
FROM measures m
LEFT JOIN claims c ON c.measure_id = m.id AND c.review_status != 'rejected'
LEFT JOIN documents d ON d.id = c.document_id
GROUP BY m.id;

CREATE VIEW sources_view AS
SELECT
    s.id AS source_id, s.name, s.key,
    (SELECT COUNT(*) FROM source_aliases a WHERE a.source_id = s.id) AS aliases,
    (SELECT COUNT(*) FROM claims c WHERE c.source_id = s.id) AS claims
FROM sources s;
