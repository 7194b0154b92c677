"""As of when a figure was true, round eight (docs/extraction-rules.md, "As-of dates, round eight").

Each case is a general reading rule in invented words: the figure (by surface) and the fields
its claim must carry. A day repeated by "the same day" is the day named before it in its
paragraph; a window running up to now takes its end from a day its sentence names; the day
that only names an incident whose toll "stands at" a figure is not the figure's as-of.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claimledger import extract

CASES: list[tuple[str, str | None, str, dict[str, Any]]] = [
    # "the same day" in the next sentence of the paragraph: the Tuesday just named, not publication
    ("The Velmar health office said on Tuesday that 212 people had been killed. The Orrin relief league"
     " said the same day that at least 340 people had been killed.", "2041-11-10", "340",
     {"as_of": "2041-11-05", "time_text": "the same day"}),
    # in the same sentence, after the other figure's day
    ("Admiral Pell Stoun put the number of boats seized at 58 on 4 March; the Tarrow league claimed"
     " on the same day to have seized 140.", "2041-03-20", "140",
     {"as_of": "2041-03-04", "time_text": "on the same day"}),
    # a new paragraph does not reach back for its day: the figure holds as of the report
    ("The Velmar health office said on Tuesday that 212 people had been killed.\n\nThe Orrin relief"
     " league said the same day that 340 people had been killed.", "2041-11-10", "340",
     {"as_of": None}),
    # no publication date and only a weekday before: nothing to resolve, nothing invented
    ("The Velmar office said on Tuesday that 212 people had been killed. The Orrin league said the"
     " same day that 340 people had been killed.", None, "340", {"as_of": None}),
    # a running window said on a day: as of that day, from 1 January
    ("At least 1,880 people have been killed in Dassmoor so far this year, the Orrin register said"
     " on Saturday.", "2041-07-16", "1,880", {"as_of": "2041-07-13", "period_start": "2041-01-01"}),
    # a day that names the incident whose toll stands now: as of the report, not the raid's day
    ("The toll of the 4 March raid on Dunhollow stands at 1,240, the council said.", "2041-11-10",
     "1,240", {"as_of": None, "time_text": None}),
    # without a standing toll the incident's day is kept
    ("The Brenn police said 37 people were taken in the 27 October attack on Mesk.", "2041-11-10",
     "37", {"as_of": "2041-10-27"}),
    # a range of days: as of its last day
    ("Between 7 October and 30 June, 8,400 people fled Ostrava Vale, the agency said.", "2041-07-10",
     "8,400", {"as_of": "2041-06-30"}),
    # the day the war began opens the period; the figure holds as of the report
    ("Since the war began in October 2040, 45,310 people have been killed, the Velmar office said.",
     "2041-11-10", "45,310", {"as_of": None, "period_start": "2040-10-01"}),
]


@pytest.mark.parametrize(("text", "published", "surface", "want"), CASES, ids=[c[0][:40] for c in CASES])
def test_as_of_reading(text: str, published: str | None, surface: str, want: dict[str, Any]) -> None:
    claims = {c.text: c for c in extract(text, date.fromisoformat(published) if published else None)}
    assert surface in claims, sorted(claims)
    for name, value in want.items():
        assert getattr(claims[surface], name) == value, (name, getattr(claims[surface], name))
