"""Reading acronyms and initials: the one place that says how letters stand for a name.

Three questions, answered on purpose by three rules of different strictness:

- ``acronym_fits``: may an acronym a text defines beside a name ("the Interstate
  Migration Agency (ISMA)") stand for it? Loose: a word may give more letters than
  its initial (I-S from Interstate) and small words may give theirs or none, because
  the text itself pairs the two.
- ``spelled_out``: which name in a text do an acronym's letters spell, word for word
  ("JRO": "the Joint Relief Office")? Exact initials of capitalised words, because
  nothing in the text pairs them.
- ``initials``: the acronym a name of three to eight capitalised words would have
  ("International Displacement Office" -> "IDO"), so that a bare acronym finds the one
  ledger source it abbreviates. Stricter still (three words or more, no shouted or
  lower-case content word) and it skips "to" and "at" as well: a false join across
  documents costs more than a missed one.

Their small-word lists differ as the callers always had them; unifying them would
change which names join.
"""

from __future__ import annotations

import re

#: a word that is an acronym alone ("IDO", "ISMA")
_ACRONYM = re.compile(r"^[A-Z]{2,8}$")
#: small words an acronym may skip: "International Monitoring Mission in Darvonia (IMMD)"
_ACRONYM_SMALL = ("of", "for", "the", "and", "on", "in")
#: words ``initials`` skips ("Office for the Coordination of …")
_SKIPPED = frozenset(("of", "for", "the", "and", "on", "in", "to", "at"))
#: a run of capitalised words, small words allowed between them ("Office for the Return of Families")
_CAP_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|the|and|on|in)\s+)*[A-Z][\w'’-]*)+")


def is_acronym(word: str) -> bool:
    """Whether ``word`` is an acronym alone: two to eight capital letters."""
    return _ACRONYM.match(word) is not None


def spelled_out(acr: str, text: str) -> str | None:
    """The first name ``text`` writes whose content words' initials spell ``acr`` ("JRO": "Joint Relief
    Office"), else None: a run of capitalised words, or its tail ("The Joint Relief Office")."""
    for m in _CAP_RUN.finditer(text):
        words = m.group().split()
        for i in range(len(words)):
            content = [w for w in words[i:] if w.casefold() not in _ACRONYM_SMALL]
            if words[i].casefold() in _ACRONYM_SMALL or len(content) != len(acr):
                continue
            if "".join(w[0] for w in content) == acr:
                return " ".join(words[i:])
    return None


def acronym_fits(acr: str, name: str) -> bool:
    """Whether ``acr`` can be read off ``name`` in order, starting each content word with its initial.

    "ISMA" fits "Interstate Migration Agency" (I-S from Interstate): every content
    word gives at least its initial, letters come in order; small words ("of",
    "the") may give their initial or nothing.
    """
    words = re.findall(r"[A-Za-z]+", name)
    a = acr.casefold()

    def go(ai: int, wi: int) -> bool:
        if wi == len(words):
            return ai == len(a)
        w = words[wi].casefold()
        if w in _ACRONYM_SMALL and go(ai, wi + 1):
            return True
        if ai >= len(a) or a[ai] != w[0]:
            return False
        ends = [ai + 1]  # the initial, then optionally more letters of this word in order
        k, pos = ai + 1, 1
        while k < len(a):
            found = w.find(a[k], pos)
            if found < 0:
                break
            k, pos = k + 1, found + 1
            ends.append(k)
        return any(go(e, wi + 1) for e in ends)

    return sum(w.casefold() not in _ACRONYM_SMALL for w in words) >= 2 and go(0, 0)


def initials(name: str) -> str | None:
    """The initials of a name of three to eight capitalised words and small words ("International
    Displacement Office" -> "IDO"), else None (a name with a lower-case content word is a description)."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.casefold() not in _SKIPPED]
    shouted = [w.isupper() for w in words]
    if not 3 <= len(words) <= 8 or not all(w[0].isupper() for w in words):
        return None
    if any(shouted) and not all(shouted):
        return None  # "UN Office for …" holds an acronym ("INTERNATIONAL DISPLACEMENT OFFICE": shouted)
    return "".join(w[0] for w in words)
