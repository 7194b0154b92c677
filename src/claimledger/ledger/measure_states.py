"""The state a count of people is in, when no event says what happened to them.

"52,000 people are now registered as refugees in the host's provinces", "210,000 civilians remained
trapped inside", "18.6 million people face crisis levels of hunger", "61,000 people were living in
the camps": the extractor reads no event (``other``) for such figures, and a population alone
("people") does not say what is counted (a town "of 14,000 people" and "two people" are no one
measure). A fact-checker reads the words that govern the figure: when they say what state the people
are in, that state is what is counted, and every figure that says the same state of the same people
in the same place counts one thing. The state is read from the figure's own clause, a few words after
its subject, and keyed by its normalised name (``measures.json`` ``people_states``: "in camps",
"living in camps" and "camp residents" all read "in camps"); when nothing there says a state, the
figure still has no measure.
"""

from __future__ import annotations

import re
from functools import cache

from .doc_context import rules

#: how many words may stand between the counted phrase and the word naming the state ("people from
#: the north are now registered": 4; "residents interviewed by a reporter in a camp": too far)
_GAP = 5


@cache
def _states() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(state, pattern of its words) for each state of ``people_states``, in the file's order.

    A "*" in a state's words stands for up to three words: "in * camps" reads "in camps", "in the
    camps", "in the northern camps".

    A state word followed by a repetition ("15,000 people had been registered twice": ``repeat_words``)
    counts duplicate records, not people in that state: it names no state."""
    table: dict[str, list[str]] = rules()["people_states"]
    again = "|".join(re.escape(w) for w in rules()["repeat_words"])
    out = []
    for state, words in table.items():
        # "in * camps": a "*" stands for up to three words ("in the northern camps")
        alt = "|".join(
            r"[ ](?:[\w'’-]+[ ]){0,3}?".join(re.escape(part) for part in w.split(" * "))
            for w in sorted(words, key=len, reverse=True)
        )
        out.append((state, re.compile(rf"\b(?:{alt})\b(?![ ](?:{again})\b)", re.IGNORECASE)))
    return tuple(out)


#: the end of the figure's clause: a full stop, a semicolon or colon, a comma before a new clause, a dash
_CLAUSE_END = re.compile(r"[.;:!?()\"“”]|,\s|\s[-–—]\s")
_WORD = re.compile(r"[\w'’-]+")


def state_of(phrase: str, after: str) -> str | None:
    """The state a people count is in: ``phrase`` is the counted phrase ("people from the north",
    "camp residents"), ``after`` the text after it; a state word of the phrase or of the ``_GAP`` + 2
    words after it, within the figure's clause, names it. When two states are written, the one
    listed first in ``people_states`` wins: what the people are ("registered", "malnourished")
    outranks where they are ("in camps": "children in the camps are acutely malnourished"), and
    both outrank the bare "remain" of a stock."""
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    words = _WORD.findall(clause)[: _GAP + 2]  # a state may be two words ("still inside")
    reach = " ".join([phrase.strip(), *words])
    return next((state for state, pat in _states() if pat.search(reach)), None)
