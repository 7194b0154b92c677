"""Noun phrases: finding, trimming and judging the words that can name a party.

A party is a noun phrase before a cue verb ("the ministry said"), after a cue
("according to the ministry"), or in a noun-phrase frame ("the ministry's tally").
These functions find its edges and say whether it can be a party at all; the words
they stop at and reject live in ``cues.json`` (see ``patterns.py``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ...model import Party, Span
from ..vocab import fold, load
from .frame import cue_of
from .patterns import res, words

_TRAILING_NAME = re.compile(r"((?:[A-Z][\w\-’']*\s+(?:of\s+(?:the\s+)?)?){0,5}[A-Z][\w\-’']*)\s*$")
# "… of an AHCO report, which said": a short determiner phrase ending the segment
_TRAILING_NP = re.compile(r"\b((?:the|a|an|its|their)\s+(?:[\w\-’']+\s+){0,3}[\w\-’']+)\s*$", re.I)
_DIGIT = re.compile(r"\d")
#: "the tribunal's 2015 verdict", "its 2009 report": a year dating an owned document is no count
#: and "the 640-page report", "a 12-member panel": a measure in a hyphened modifier is no count either
_DATED_DOCUMENT = re.compile(
    r"(?:(?<=['’]s )|(?<=\b[Ii]ts )|(?<=\b[Tt]heir ))(?:19|20)\d\d(?= [a-z])"
    r"|(?<![\w,.])\d+-(?!year-old)[a-z]+(?= [a-z])"
)
#: "a 63-year-old trader": an age modifying a person's noun is no count either
_AGE_MODIFIER = re.compile(r"(?<![\w,.])\d{1,3}-year-old(?= [a-z])")
#: a number inside a name: an ordinal before a capitalised word ("the army's 34th Military Region") or a
#: number after one ("Operation Sea Shield 3"); a plain number after an owner, before a capitalised word, is
#: a unit's name ("the army's 16 Corps")
_NAME_NUMBER = re.compile(r"(?<![\w,.])\d{1,3}(?:st|nd|rd|th)(?= [A-Z])|(?<=['’]s )\d{1,3}(?= [A-Z])")
_NUMBER_AFTER_NAME = re.compile(r"\b([A-Z][\w-]*) \d{1,3}\b")
_POSSESSIVE_START = re.compile(r"(?:its|their)[ \u00a0]", re.I)
#: a relative pronoun ending a subject segment ("an armed group that" said)
_REL_TAIL = re.compile(r"[ \u00a0]+(?:that|which|who)$", re.I)
_NON_SPACE_RUN = re.compile(r"\S+")
_SPACE_RUN = re.compile(r"\s+")
_SEGMENT_MARK = re.compile(r'[,;:—–“”"()\-]')  # marks that open a segment (a hyphen only after a space)
_FROM = re.compile(r"\s+from\s+")
_ARTICLE_START = re.compile(r"^(?:the|a|an)\s", re.I)
# a time phrase opening a clause before its subject: "Last week Nkere leaders said"
#: no "^": used with match(text, pos), where "^" would match only at the start of the whole text
#: also a time counted from the last report: "A day earlier the militia said", "Hours later the council
#: said", "The same day the army said"
_LEAD_TIME = re.compile(
    r"(?:(?:last|this|next)\s+\w+|on\s+\w+day|earlier\s+this\s+\w+"
    r"|(?:(?:a|an|one|two|three|four|five|six|some|several|\d{1,2})\s+)?"
    r"(?:minutes?|hours?|days?|weeks?|months?)\s+(?:earlier|later)"
    r"|the\s+same\s+(?:day|morning|afternoon|evening|night|week))\s+(?=\S)",
    re.I,
)
#: a prepositional phrase opening a clause before a determined subject: "In the same report the experts said",
#: "At the briefing the ministry said" (the subject is the second determiner's noun phrase); not after a
#: possessive ("In its daily update the general staff put"), whose owner the text names elsewhere (as
#: "On Tuesday its army said" reads no party)
_LEAD_PLACE = re.compile(
    r"(?:in|at|on|during|after|before)\s+(?:the|a|an|this|that)\s+(?:[\w’'-]+\s+){1,3}?(?=(?:the|its|their)\s+\w)",
    re.I,
)
#: a clock time opening a live entry, with a dash after it: "10:15 ", "09:30 - "
_CLOCK = re.compile(r"\d{1,2}:\d{2}[ \u00a0]+(?:[-–—][ \u00a0]+)?(?=\S)")
_NP_LEAD = " '\"“”‘’"
_NP_TAIL = " ,.;:'\"“”‘’"
#: a list line's marker before its subject ("- Ardhan says", "* It says") is no part of the party's name
_BULLETS = "-*•‣◦–—"


@cache
def _time_names() -> frozenset[str]:
    """Weekdays and months (noclaim.json): words that date a clause and never name who speaks."""
    d = load("noclaim")
    return frozenset(fold(w) for w in [*d["months"], *d["weekdays"]])


def clean_np(text: str, a: int, b: int) -> tuple[int, int] | None:
    """Trim a noun phrase span: leading conjunctions/titles kept, trailing punctuation and spaces dropped."""
    while a < b and (
        text[a] in _NP_LEAD
        or text[a].isspace()  # any space: "\r\n", "\u2028" too
        or (text[a] in _BULLETS and a + 1 < b and text[a + 1].isspace())  # a list line's "- ", "* "
    ):
        a += 1
    clock = _CLOCK.match(text, a, b)
    if clock:
        a = clock.end()  # "10:15 Selm governor Artem Lask said": a live entry's time is no word of the name
    m = res()["lead_junk"].match(text[a:b])
    if m:
        a += m.end()
    while b > a and (text[b - 1] in _NP_TAIL or text[b - 1].isspace()):
        b -= 1
    last = text.rfind(" ", a, b) + 1
    if last > a and res()["pronoun"].match(text[last:b]) and not res()["first_person"].match(text[last:b]):
        # no noun phrase ends in a third-person pronoun ("we" stays with its words: a quote's speaker
        # is found from them). After a report verb the pronoun stands for that verb's subject ("The
        # exiled government said on Tuesday it had recorded": the government); else the words before
        # it are an adverbial ("Three days later it said") and the pronoun is the noun phrase
        said = res()["report_verb"].search(text, a, last)
        if said is not None and said.start() > a:
            b = said.start()
            aux = res()["aux"].search(text, a, b)  # "Officials in Darsa also said they"
            if aux is not None and aux.start() > a:
                b = aux.start()
            while b > a and (text[b - 1] in _NP_TAIL or text[b - 1].isspace()):
                b -= 1
        else:
            a = last
    return (a, b) if b > a else None


#: a party named by its relation to someone named before: "their employer", "his lawyer", "her family"
#: a clause's piece, not a noun phrase: it ends in a contrasting or alternative conjunction or opens with a
#: negation ("… and" before a cue is a coordinated verb's subject, which ``clause_subject`` reads)
_CLAUSE_EDGE = re.compile(r"[ \u00a0](?:but|or|nor|yet)$|^not[ \u00a0]", re.I)
_OWNED_PERSON = re.compile(r"(?:their|his|her|its)[ \u00a0]+[a-z][a-z-]{2,}")


@lru_cache(maxsize=16384)
def valid_np(np: str, lenient: bool = False) -> bool:
    """Whether ``np`` can be a party's name. ``lenient``: after a cue that can only introduce a source
    ("according to"), any plain noun phrase will do ("two people", "sources").

    Memoised: it reads only the phrase and the bundled vocabularies, and a corpus names the same
    parties over and over ("the health ministry", "officials"), each test a dozen regex passes."""
    r = res()
    words = np.split()
    if not words or len(words) > 12:
        return False
    if len(words) <= 2 and fold(words[-1]) in _time_names():
        return False  # "Monday", "on Monday": a day or a month is never a party
    if r["age_description"].match(np):
        return True  # "the 61-year-old": a person, resolved like "she"
    undated = _AGE_MODIFIER.sub(" ", _DATED_DOCUMENT.sub(" ", np))
    undated = _NUMBER_AFTER_NAME.sub(r"\1 ", _NAME_NUMBER.sub(" ", undated))
    if _DIGIT.search(undated) and any(_DIGIT.search(w) and not w[:1].isupper() for w in words):
        return False  # "two people", "the 61-year-old"; a name may hold digits ("M-41")
    if r["finite_verb"].search(np):
        return False
    if len(words) == 2 and words[0].lower() == "the" and r["person_hint"].fullmatch(words[1]):
        return True  # "the general", "the colonel": a person named before by that title (see coref)
    if (
        2 < len(words) <= 4
        and words[0].lower() == "the"
        and r["person_hint"].fullmatch(words[-1])
        and all(w.islower() for w in words[1:])
    ):
        return True  # "the port director", "the port's director": a person described by what they run
    if _AGE_MODIFIER.search(np) and len(words) <= 4 and not r["prep_start"].match(np):
        return True  # "a 47-year-old herder": a person, described by age
    if r["pronoun"].match(np) or (r["first_person"].match(np) and len(words) <= 4):
        return True
    if r["report_verb"].search(np):
        return False
    if r["rel_start"].match(np) or r["prep_start"].match(np) or r["negative_subject"].match(np):
        return False  # "in the camp", "Nobody in the camp": no party
    if _CLAUSE_EDGE.search(np):
        return False  # "rules from the hill town of Ostel but", "not with the council's": a clause's piece
    last = words[-1]
    # a participle has a stem of two letters or more ("speaking", "going"): "wing", "king" are nouns
    # ("Halvan's armed wing said")
    participle = last.endswith("ed") or (last.endswith("ing") and len(last) > 4)
    if last.islower() and participle and len(words) > 1:
        before = words[-2]
        if not (before[:1].isupper() or before.lower() in ("the", "a", "an", "its", "their", "this")):
            return False  # "officials speaking", "the troops killed": a participle, not a noun
        # "the Chanlok crossing", "the building": a noun after a determiner or a name
    if r["issued_document"].fullmatch(np):
        return True  # "the reply", "the statement": a document, which speaks for its issuer (see coref)
    caps = [w for w in words if w[:1].isupper()]
    if _OWNED_PERSON.fullmatch(np):
        return True  # "their employer confirmed", "his lawyer said": a party named by whose it is
    return lenient or bool(caps) or bool(r["role"].search(np))


#: a name, then a lowercase verb in the past and more words: "X rejected Tarvessa's", "X called on the junta"
CLAUSE_INSIDE = re.compile(
    r"(?<![\w’'-])[A-Z][\w-]*(?P<verb>[ \u00a0]+[a-z]+(?:ed|ised|ized))[ \u00a0]+(?:(?:on|for)[ \u00a0]+)?"
    r"(?P<next>[\w-]+)(?:['’]s?)?(?:[ \u00a0]|$)"
)
_OWNER_END = re.compile(r"['’]s?$")
_AND_END = re.compile(r"[ \u00a0,]+and$")


def clause_subject(text: str, span: Span) -> Span | None:
    """A subject that holds a clause ("Army spokesman Colonel Aldo Rainsford rejected Tarvessa's" before
    "claim", "Watchlight called on the junta to allow an inquiry and" before "said"): the owner written
    last before a cue noun ("Tarvessa's claim" is Tarvessa's), the name before the verb when the cue verb
    is coordinated with it ("… and said"), else None; a subject that holds no clause stays as it is."""
    np = text[span[0] : span[1]]
    m = CLAUSE_INSIDE.search(np)
    if m is None or res()["role"].fullmatch(m.group("next")):
        return span  # "the Ostrel Armed forces", "Kell's trained fighters": an adjective, no clause
    if m.group("next").lower() == "by":
        return span  # "Residents reached by phone": a participle describing the subject, no clause of its own
    owned = _OWNER_END.search(np)
    if owned is not None:
        a = span[0] + m.end("verb")
        rest = text[a : span[1]]
        lead = len(rest) - len(rest.lstrip())
        owner = rest.strip()
        for prep in ("on ", "for "):
            if owner.startswith(prep):
                lead, owner = lead + len(prep), owner[len(prep) :]
        end = span[1] - len(owned.group())
        return (a + lead, end) if end > a + lead else None
    if _AND_END.search(np):
        return (span[0], span[0] + m.start("verb"))
    return None


#: a relative clause whose verb the cue is coordinated with: "which put the toll at 25 and" (before "said")
_RELATIVE_AND = re.compile(r"(?:which|who)[ \u00a0]+[^,;:]{3,120}?[ \u00a0]and", re.I)
def _that_and(text: str, seg_start: int, tail: re.Match[str] | None, np: str, cut: bool) -> bool:
    """A verb coordinated inside an appositive's "that" clause: "the Varno Brigades, an armed group that
    opposes the deal and has claimed 31 attacks" (the words cut after "that" end in "and", and "that"
    follows a role word): the name the appositive describes is the subject, as for "which … and"."""
    if not cut or tail is None or _AND_END.search(np) is None:
        return False
    before = text[seg_start : tail.start()].split()
    return bool(before) and res()["role"].fullmatch(before[-1]) is not None


#: an age written alone between commas after a name: "Karim Haidari, 29, told"
_AGE_ASIDE = re.compile(r"\d{1,3}")
#: an aside between commas that counts part of the noun before it ("X, which has 300 members, most of them
#: mothers, says"): a quantity and "of them" / "of whom" opening the segment describe, never speak
_PARTITIVE_ASIDE = re.compile(r"(?:[\w-]+[ \u00a0]+){1,2}?of[ \u00a0]+(?:them|whom|which)\b", re.I)


#: where a party after a cue ends before a year or a value: "compiled by the Interior Ministry in 2009",
#: "estimated by police at about 100 men"
_NP_VALUE_STOP = re.compile(
    r"\s+(?:in\s+(?:early\s+|late\s+|mid-)?(?:1[89]|20)\d\d\b"
    r"|at\s+(?=(?:about|around|some|least|nearly|roughly|more|over|up|fewer|less|no|\d)))",
    re.I,
)


#: a title's bracketed qualifier, one short word: "(res.)", "(retd)"
_TITLE_BRACKET = re.compile(r"\([a-z]{2,5}\.?\)")


@cache
def _title_end() -> re.Pattern[str]:
    """A title ending just before a full stop ("Dr", "Lt"): the stop abbreviates it, it ends no name."""
    titles = "|".join(sorted(words("titles"), key=len, reverse=True))
    return re.compile(r"(?<![\w.])(?:" + titles + r")\.?[ \u00a0]*$", re.I)


def np_after(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """A noun phrase starting at ``start``: up to punctuation, 'that', a time word, a year or a value
    ("in 2009", "at about 100"), or 12 words."""
    m = res()["np_stop"].search(text, start, limit)
    while m is not None:
        if m.group() == "." and _title_end().search(text, start, m.start()):
            m = res()["np_stop"].search(text, m.end(), limit)  # "Dr. Jean Sebuhoro": a title's full stop
            continue
        qualifier = _TITLE_BRACKET.match(text, m.start(), limit) if m.group() == "(" else None
        if qualifier is not None and _title_end().search(text, start, m.start()):
            m = res()["np_stop"].search(text, qualifier.end(), limit)  # "Brig. Gen. (res.) Ana Rell"
            continue
        break
    end = m.start() if m else limit
    v = _NP_VALUE_STOP.search(text, start, end)
    if v is not None:
        end = v.start()
    span = clean_np(text, start, end)
    if not span:
        return None
    words = list(_NON_SPACE_RUN.finditer(text[span[0] : span[1]]))
    if len(words) > 12:
        span = (span[0], span[0] + words[11].end())
    return span


def segments_before(text: str, sent_start: int, pos: int, limit: int = 4) -> list[tuple[int, int, str]]:
    """Comma/dash/quote-separated segments before ``pos``, nearest first, with the mark that opens each
    (at most ``limit`` of them, and then the sentence's start is not reached)."""
    segs: list[tuple[int, int, str]] = []
    end = pos
    for m in reversed(list(_SEGMENT_MARK.finditer(text, sent_start, pos))):
        i = m.start()
        ch = text[i]
        if ch == "-" and not (i > 0 and text[i - 1] == " "):
            continue  # a hyphen inside a word, not a dash
        if ch in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue  # a thousands separator ("2,500") or a clock time ("10:15"), not a clause mark
        segs.append((i + 1, end, ch))
        end = i
        if len(segs) >= limit:
            return segs
    segs.append((sent_start, end, ""))
    return segs


def subject_before(text: str, sent_start: int, verb_start: int) -> tuple[int, int] | None:
    """The subject of the verb at ``verb_start``: the nearest segment before it that can name a party.

    Auxiliaries, sentence adverbs and time words between them are skipped ("X has
    also said", "X initially reported"), a 'that' cuts what came before ("X said
    that Y estimated" gives Y), a relative clause between commas is skipped ("X,
    which runs the camps, said"), a relative word inside the subject keeps the
    party it speaks of ("a volunteer whose team was there told" gives the
    volunteer; "which the army estimates" and "a battle where a coalition said"
    give the army and the coalition), a relative pronoun hands over to its
    antecedent, and an appositive ("Kell, the mayor, said"; "the Review (IHR),
    a monitoring system, said") gives the name before it.
    """
    r = res()
    segs = _past_brackets(text, segments_before(text, sent_start, verb_start, 6))
    prev_name: tuple[int, int] | None = None
    for k, (a, b, opener) in enumerate(segs):
        seg = text[a:b]
        m = r["aux"].search(seg, max(0, len(seg) - 48))  # auxiliaries sit at the end: search only the tail
        if m and (k == 0 or not seg[: m.start()].strip()):
            b = a + m.start()
        # cut anything before a 'that'/'said' inside the segment: "X said that Y estimated" -> Y
        tail = r["that"].search(text, a, b)
        seg_start = a
        if tail and k == 0:
            a = tail.end()
        cut_at_that = tail is not None and k == 0
        span = clean_np(text, a, b)
        if span is None:
            continue
        sm = r["subordinator"].match(text, span[0], span[1])
        if sm and sm.end() < span[1]:
            span = (sm.end(), span[1])
        lt = _LEAD_TIME.match(text, span[0], span[1])
        if lt:
            if _POSSESSIVE_START.match(text, lt.end(), span[1]):
                # "On Tuesday its army said": whose army the text says elsewhere; no party is read here
                # (as before the time phrase was cut in a later sentence)
                continue
            span = (lt.end(), span[1])
        lp = _LEAD_PLACE.match(text, span[0], span[1]) if k == 0 else None
        if lp:
            span = (lp.end(), span[1])  # "In the same report the experts said": the experts
        if opener in "“\"" and k > 0 and segs[k - 1][2] in "”\"" and _coordinated(text, segs[k - 1]):
            continue  # 'blamed “saboteurs” and said': the quoted phrase is what was said, not who said it
        np = text[span[0] : span[1]]
        if opener == "," and _AGE_ASIDE.fullmatch(np) and k + 1 < len(segs):
            continue  # "Survivor Karim Haidari, 29, told": an age between commas describes the name before it
        if opener == "," and k + 1 < len(segs) and _PARTITIVE_ASIDE.match(np):
            continue  # "X, which has 300 members, most of them mothers, says": the aside describes X
        relative_and = k == 0 and (
            _RELATIVE_AND.fullmatch(np) is not None or _that_and(text, seg_start, tail, np, cut_at_that)
        )
        if k == 0 and (np.lower() in ("which", "who") or relative_and) and k + 1 < len(segs):
            # "…by Civil Liberties Watch, which alleges that…": the antecedent speaks; so it does for a verb
            # coordinated inside the relative clause ("the army, which put the toll at 25 and said");
            # past an appositive: "Dr Ostrava, a physician at Kethrin Hospital, who said"
            nxt = k + 1
            if _appositive_description(text, segs[nxt]) and nxt + 1 < len(segs):
                nxt += 1
            pa, pb, _ = segs[nxt]
            doc = _document_seen_by().search(text, pa, pb)
            if doc is not None:
                # "a leaked internal report seen by the Evening Post, which says": the document says it
                return doc.span("doc")
            ante = _TRAILING_NAME.search(text, pa, pb)
            if ante:
                return _past_scope(text, pa, ante.span(1))
            ante = _TRAILING_NP.search(text, pa, pb)
            if ante and r["role"].search(ante.group(1).split()[-1]):
                return (ante.start(1), ante.end(1))  # "an AHCO report, which said"
            return None
        relative = False
        if k == 0:
            governed = _prepositional_antecedent(text, span)
            if governed is not None:
                return governed  # "an officer who defected with a group that said": the group said it
            cut = _relative_cut(text, span)
            relative = cut != span  # out of a relative clause: not an appositive
            span, np = cut, text[cut[0] : cut[1]]
        rel = _REL_TAIL.search(np) if k == 0 else None
        if rel is not None and rel.start() > 0:
            # "the Sahel Vanguard, an armed group that said": the relative pronoun's antecedent speaks,
            # and an appositive's antecedent is the name before it
            span, np = (span[0], span[0] + rel.start()), np[: rel.start()]
            if opener == "," and _ARTICLE_START.match(np) and k + 1 < len(segs) and valid_np(np):
                # (an appositive is a noun phrase: "but the army had not yet approved … who" is a clause)
                ante = _TRAILING_NAME.search(text, segs[k + 1][0], segs[k + 1][1])
                if ante and valid_np(ante.group(1)):
                    return (ante.start(1), ante.end(1))
                body = _named_body(text, segs[k + 1])
                if body is not None:
                    return body  # "The Ostra Hills coalition, an alliance of factions that says"
        adverb = _RELATIVE_ADVERB.fullmatch(np) if k > 0 and opener == "," else None
        if adverb is not None and _WHO_WHICH.match(text[segs[k - 1][0] : segs[k - 1][1]].lstrip()):
            # "…, where a doctor, who asked not to be named, said six": the relative adverb opens a clause
            # whose subject, described by the aside, speaks
            rest = (span[0] + adverb.start("np"), span[1])
            if valid_np(text[rest[0] : rest[1]]):
                return rest
        first = np.split()[0]
        if (
            r["rel_start"].match(np)
            or r["prep_start"].match(np)
            # "killed in the raid" is no party, "masked men" (a participle before a role word) is one
            or (first.islower() and first.endswith(("ing", "ed")) and not _participle_party().match(np))
            # "A bulletin from X, read on state radio, reported": an aside that opens with a participle
            or (opener == "," and first in words("participle_asides"))
        ):
            continue
        indefinite = first.lower() in ("a", "an")
        if indefinite and opener == "," and k + 2 < len(segs) and _age_between(text, segs[k + 1]):
            # "Musa Darrah, 54, a boat owner whose sons fish, said": after a name and an age, an
            # indefinite description is an appositive of the name
            named = _name_before(text, segs[k + 2 :])
            if named is not None:
                return named
        closed_by_comma = (k == 0 and not indefinite) or (k > 0 and segs[k - 1][2] == ",")
        # "The Vell Front, a group that the Dunmar government says has 600 members": the party after
        # "that" speaks inside its own clause; it is no appositive of the name before the comma
        appositive = opener == "," and closed_by_comma and not relative and not cut_at_that
        # an appositive opens with an article or a person's title ("Ines Varro, commander of the fleet, told")
        # (a titled name is a name, not a description: "The Chairman of X, Major General Y Z, said" gives Y Z)
        titled = r["person_hint"].fullmatch(first) is not None and not name_like(np)
        if appositive and (_ARTICLE_START.match(np) or titled) and k + 1 < len(segs):
            prev_name = _name_before(text, segs[k + 1 :])
            if prev_name is None and _counted_before(text, segs[k + 1]):
                # "One, a 15-year-old girl who asked not to be named, said": the description is who speaks
                cut = _relative_cut(text, span)
                if valid_np(text[cut[0] : cut[1]]):
                    return cut
        if prev_name:
            return prev_name
        if not valid_np(np):
            opened = _relative_opened(text, segs[k + 1 :])
            if opened is not None:
                # "A resident, who asked that her first name, Gulnara, be used, told": the words before the
                # verb end a relative clause between commas; its antecedent speaks
                return opened
            if appositive and _ARTICLE_START.match(np) and k + 1 < len(segs):
                # "A security source in Dalby, the provincial capital 50 km away, said": an appositive
                # that names no party describes the party before it
                return _party_before(text, segs[k + 1 :])
            return None
        return span
    return None


#: a name's scope before it: "its annual Review for Tolvey", "the Relief Office in Harl"
_SCOPE_BEFORE = re.compile(r"[ \u00a0]+(?:for|in|on|across)[ \u00a0]+$")


def _past_scope(text: str, start: int, name: Span) -> Span:
    """The antecedent of ", which says" when the name before the comma is the scope of a party or a
    document named just before it ("its annual Review for Tolvey, which finds": the Review, not the
    place): that name, with a role word in it or capitalised; else ``name`` itself."""
    scope = _SCOPE_BEFORE.search(text, max(start, name[0] - 10), name[0])
    if scope is None:
        return name
    head = _TRAILING_NAME.search(text, start, scope.start())
    if head and head.end(1) == scope.start() and valid_np(head.group(1)):
        return head.span(1)
    np = _TRAILING_NP.search(text, start, scope.start())
    if np and np.end(1) == scope.start() and res()["role"].search(np.group(1).split()[-1]):
        return np.span(1)
    return name


def _relative_opened(text: str, segs: list[tuple[int, int, str]]) -> Span | None:
    """The antecedent of a relative clause opened by ", who"/", which" among ``segs`` (nearest first),
    when the segment before it is a party: the clause runs on to the verb across its own commas."""
    r = res()
    for j, (a, b, opener) in enumerate(segs):
        span = clean_np(text, a, b)
        if span is None or opener != "," or not _WHO_WHICH.match(text, span[0], span[1]):
            continue
        if j + 1 >= len(segs):
            return None
        ante = clean_np(text, segs[j + 1][0], segs[j + 1][1])
        if ante is None or r["prep_start"].match(text, ante[0], ante[1]):
            return None
        np = text[ante[0] : ante[1]]
        return ante if valid_np(np) and (name_like(np) or r["role"].search(np)) else None
    return None


#: a relative clause's opening word
_WHO_WHICH = re.compile(r"(?:who|which)\b", re.I)
#: a relative adverb, then the subject of its clause: "where a doctor", "when the mayor"
_RELATIVE_ADVERB = re.compile(r"(?:where|when)[ \u00a0]+(?P<np>(?:a|an|the)[ \u00a0].+)", re.I)


def _past_brackets(text: str, segs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The segments without a bracketed aside that is no name ("the frigate HNS Aldric (F-231), says": a
    hull number, a date or a note in brackets describes the words before it and never speaks; an acronym
    or a name in brackets, "(IHR)", "(Dunmere Observer)", stays)."""
    out: list[tuple[int, int, str]] = []
    for seg in segs:
        a, b, opener = seg
        if opener == "(" and out and out[-1][2] == ")" and not text[out[-1][0] : out[-1][1]].strip():
            inside = text[a:b].strip()
            if _DIGIT.search(inside) or not name_like(inside):
                out.pop()  # the empty stretch after ")" goes with its bracket
                continue
        out.append(seg)
    return out


@cache
def _document_seen_by() -> re.Pattern[str]:
    """A document and the party that saw or obtained it, ending a segment: "a leaked internal report seen
    by the Evening Post" (a "which" after it is the document's: a party that only saw it says nothing)."""
    heads = "|".join(re.escape(h) for h in sorted(words("source_heads"), key=len, reverse=True))
    return re.compile(
        r"(?P<doc>\b(?:a|an|the)[ \u00a0]+(?:[\w-]+[ \u00a0]+){0,3}?(?:" + heads + r"))"
        r"[ \u00a0]+(?:seen|obtained|reviewed|viewed|read)[ \u00a0]+by[ \u00a0]+[^,;]+$",
        re.I,
    )


def _age_between(text: str, seg: tuple[int, int, str]) -> bool:
    """Whether a segment is an age between commas ("Musa Darrah, 54, a boat owner")."""
    span = clean_np(text, seg[0], seg[1])
    return seg[2] == "," and span is not None and _AGE_ASIDE.fullmatch(text[span[0] : span[1]]) is not None


#: the preposition after a post that describes a person ("head of", "spokesman for")
_OF = frozenset({"of", "for", "at"})


def _appositive_description(text: str, seg: tuple[int, int, str]) -> bool:
    """Whether a segment before a relative clause is an appositive describing a name before it
    ("Dr Ostrava, a physician at Kethrin Hospital, who said"), not the name itself ("the SPM, which
    said": an article and a name)."""
    words = text[seg[0] : seg[1]].split()
    if len(words) > 2 and res()["person_hint"].fullmatch(words[0]) and words[1].lower() in _OF:
        return True  # "Tobin Arrel, head of the farmers' cooperative, who put": a person's post
    if not words or not _ARTICLE_START.match(words[0] + " "):
        return False
    return not (len(words) > 1 and name_like(" ".join(words[1:])))


#: a relative pronoun closing a subject segment, and the noun phrase a preposition puts right before it:
#: "… who defected with a group that" (the group is the relative clause's antecedent)
_PREP_NP_REL = re.compile(
    r"\b(?:with|by|from|for|of|among|to)[ \u00a0]+"
    r"(?P<np>(?:a|an|the|its|their)[ \u00a0]+(?:[\w\-’']+[ \u00a0]+){0,2}[\w\-’']+)"
    r"[ \u00a0]+(?:that|which|who)$",
    re.I,
)


def _prepositional_antecedent(text: str, span: Span) -> Span | None:
    """The antecedent of a relative pronoun that closes the subject segment when it is the object of a
    preposition inside a longer clause ("a former officer who defected in 2027 with a group that said"):
    the relative clause's cue speaks for that noun phrase, if it ends in a role word."""
    m = _PREP_NP_REL.search(text, span[0], span[1])
    if m is None or m.end() != span[1] or res()["relative_cut"].search(text, span[0], m.start()) is None:
        return None
    np = m.group("np")
    if not res()["role"].fullmatch(np.split()[-1]) or not valid_np(np):
        return None
    return m.span("np")


def _named_body(text: str, seg: tuple[int, int, str]) -> Span | None:
    """A segment that names a body by a name and its kind ("The Ostra Hills coalition"): the whole noun
    phrase, when its last word is a role word and a capitalised word other than an article is in it."""
    span = clean_np(text, seg[0], seg[1])
    if span is None:
        return None
    np = text[span[0] : span[1]]
    words = np.split()
    named = any(w[:1].isupper() for w in words[1:])
    named = named or (words[0][:1].isupper() and not _ARTICLE_START.match(np))
    if named and len(words) <= 6 and valid_np(np) and res()["role"].fullmatch(words[-1]):
        return span
    return None


def _party_before(text: str, segs: list[tuple[int, int, str]]) -> Span | None:
    """The party an appositive describes when it is no name: the first segment before it that
    holds text, if it is a noun phrase with a role word ("a security source in Dalby")."""
    r = res()
    for pa, pb, _opener in segs:
        pspan = clean_np(text, pa, pb)
        if pspan is None:
            continue
        pnp = text[pspan[0] : pspan[1]]
        if (
            pnp.lower() in words("sentence_adverbs")
            or r["prep_start"].match(pnp)
            or r["rel_start"].match(pnp)
            or not valid_np(pnp)
            or not r["role"].search(pnp)
        ):
            return None
        return pspan
    return None


@cache
def _participle_party() -> re.Pattern[str]:
    """ "masked men", "armed residents", "shipping analysts at Kellner Maritime": a participle and one role
    word (cues.json), nothing between, ending the phrase or before a preposition."""
    return re.compile(
        r"[a-z]+(?:ed|ing)[ \u00a0]+(?:" + res()["role"].pattern + r")"
        r"(?:$|[ \u00a0]+(?:at|of|from|with|in)\b)",
        re.I,
    )


def _coordinated(text: str, seg: tuple[int, int, str]) -> bool:
    """Whether a segment opens with "and", "but" or "or" (a second verb of the same subject follows)."""
    words = text[seg[0] : seg[1]].split()
    return bool(words) and words[0].lower() in ("and", "but", "or")


#: a lower-case word that is no determiner: after "who" it is the relative clause's verb
_VERB_AFTER_WHO = re.compile(r"(?!(?:the|a|an|its|their|his|her|some|many|most|several)\b)[a-z]")


def _relative_cut(text: str, span: Span) -> Span:
    """A subject holding a relative word: the party after it if it names one ("which the army",
    "a battle where a rebel coalition"), else the party before it ("a volunteer whose team was")."""
    m = res()["relative_cut"].search(text, span[0], span[1])
    if m is None:
        return span
    after = clean_np(text, m.end(), span[1])
    # after "who" a lower-case word other than a determiner is the clause's verb ("two residents who fled
    # to Sendou told"): no party; "who Concord experts say", "which the army estimates" name one
    verb_next = (
        after is not None
        and m.group().strip().lower() == "who"
        and _VERB_AFTER_WHO.match(text, after[0], after[1]) is not None
    )
    if after and not verb_next and valid_np(text[after[0] : after[1]]):
        return after
    before = clean_np(text, span[0], m.start())
    if before and valid_np(text[before[0] : before[1]]):
        return before
    return span


@cache
def _number_words() -> frozenset[str]:
    """The number words ("one", "twenty"): a capitalised one opening a sentence counts, it names no one."""
    d = load("numbers")
    return frozenset(d["units"]) | frozenset(d["tens"])


def _counted_before(text: str, seg: tuple[int, int, str]) -> bool:
    """Whether the segment before an appositive is a number word alone ("One, a girl who …, said")."""
    span = clean_np(text, seg[0], seg[1])
    return span is not None and text[span[0] : span[1]].lower() in _number_words()


def _name_before(text: str, segs: list[tuple[int, int, str]]) -> Span | None:
    """The name an appositive stands beside: the first segment before it that holds text, past
    a parenthesised acronym ("the Integrated Hunger Review (IHR), a monitoring system")."""
    r = res()
    for pa, pb, opener in segs:
        pspan = clean_np(text, pa, pb)
        if pspan is None:
            continue
        pnp = text[pspan[0] : pspan[1]]
        if opener == "(" and pnp.isupper():
            continue  # "(IHR)": the name is before it
        if pnp.lower() in words("sentence_adverbs"):
            return None  # "Separately, the local leader said": an adverb, not a name
        if pnp.lower() in _number_words():
            return None  # "One, a teacher who asked not to be named, said": a count, the description speaks
        if name_like(pnp) and not r["prep_start"].match(pnp):
            return pspan
        if _named_role(pnp):
            return pspan  # "The health ministry of the Lerran Union, the body formed by exiles, said"
        return None
    return None


def _named_role(np: str) -> bool:
    """A body named by its kind and a name ("The health ministry of the Lerran Union", "The Citizens'
    Council for Public Safety"): a party noun phrase with a role word and a capitalised word past its
    first, which an appositive after it only describes."""
    r = res()
    ws = np.split()
    return (
        1 < len(ws) <= 8
        and (ws[0][:1].isupper() or ws[0] == "the")
        and not any(w.lower() in words("relative_pronouns") for w in ws)
        and not r["prep_start"].match(np)
        and any(w[:1].isupper() for w in ws[1:])
        and r["role"].search(np) is not None
        and valid_np(np)
    )


_HEAD_END = re.compile(r"\s(?:of|on|in|at|near|against|across|by|along|outside|inside)\s", re.I)


def names_incident(np: str) -> bool:
    """Whether a noun phrase names an occurrence, not a party: its head (the last word before its first
    preposition) is an incident noun ("Friday's attack on the Crystal Hall", "the shelling of Tarnov")."""
    cut = _HEAD_END.search(np)
    head = (np[: cut.start()] if cut else np).split()
    return bool(head) and head[-1].lower().strip("'’") in words("incident_nouns")


def name_like(np: str) -> bool:
    """A name: one to six capitalised words (joined by "of", "the" …), titles aside, no digits."""
    words = [w for w in _SPACE_RUN.split(res()["titles"].sub("", np)) if w]
    return (
        1 <= len(words) <= 6
        and all(w[:1].isupper() or w in ("of", "the", "de", "al", "van") or _particle_name(w) for w in words)
        and not _DIGIT.search(np)
    )


def _particle_name(word: str) -> bool:
    """A name word that opens with a small particle joined by a hyphen ("al-Wadi", "el-Sur")."""
    particle, _, rest = word.partition("-")
    return rest[:1].isupper() and particle in _particles()


@cache
def _particles() -> frozenset[str]:
    return words("name_particles")


def strip_head(text: str, span: Span) -> Span:
    """'the figures compiled by the Bureau' -> 'the Bureau': the party behind a document noun."""
    m = res()["head_strip"].match(text, span[0], span[1])
    if m and m.end() < span[1]:
        return (m.end(), span[1])
    return span


def split_from(text: str, span: Span) -> tuple[Span, list[Party]]:
    """'the Free Voice from regional administrations' -> main party and a cited one."""
    m = _FROM.search(text[span[0] : span[1]])
    if not m:
        return span, []
    main = (span[0], span[0] + m.start())
    rest = clean_np(text, span[0] + m.end(), span[1])
    if not rest or not valid_np(text[main[0] : main[1]]):
        return span, []
    # the cue is "from" without the spaces around it, however many and of whatever kind
    return main, [Party(text[rest[0] : rest[1]], rest, *cue_of(text, span[0] + m.start(), span[0] + m.end()))]
