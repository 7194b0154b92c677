"""A figure that a report gives beside the older figure it replaces is not dated by the older one's date.

A report that changes a count often says the new figure first and the replaced one after it, with
the replaced one's date: "revised its count of dead down to 2,580 from 2,710 on 9 March", "put the
toll at 2,580, down from 2,710 it announced on Friday", "412 wounded, up from 390 on Monday". The
written date belongs to the figure right before it (2,710, 390); the new figure is the report's
own, so it takes the report's date (the document's publication date), like any figure whose
sentence writes no date of its own. Read with the old date instead, the new figure stands beside
the old one on one day, and a running total that went down looks like two reports disagreeing.

The rule: a claim whose date text comes after its figure, with "from" and another figure written
between the two, is dated by its document's publication date. It reads only the claim's own
columns and its document's text between the figure and the date, in SQL, and only for claims whose
date is written after the figure (the subquery runs for those rows only).
"""

from __future__ import annotations


def restated_sql(table: str = "claims") -> str:
    """1 when a claims row (``table``: the table's name or alias) is the new figure of a restated revision.

    A SQL expression: the claim's date text comes after its figure, and between the two the document
    writes "from" and a digit ("down to 2,580 from 2,710 on 9 March"). The subquery runs only for
    rows whose date is written well after the figure.
    """
    t = table
    return (
        f"(CASE WHEN {t}.as_of IS NOT NULL AND {t}.time_start IS NOT NULL "
        f"AND {t}.time_start > {t}.span_end + 7 "
        f"AND (SELECT substr(rd.text, {t}.span_end + 1, {t}.time_start - {t}.span_end) "
        f"GLOB '* from *[0-9]*' FROM documents rd WHERE rd.id = {t}.document_id) THEN 1 ELSE 0 END)"
    )
