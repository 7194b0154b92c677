"""When a figure holds: its as-of date and the start of the period it counts.

Resolves "on Sunday", "last week", "yesterday", "since 3 September", "since
January", "in the past 24 hours", "as of 14 March 2030" against the
publication date. Without a publication date only fully written dates resolve.
Month and weekday names come from ``data/noclaim.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ..model import Span
from .vocab import alternation, fold, load, lower_is_faithful


@dataclass(frozen=True, slots=True)
class TimeRef:
    as_of: str | None
    period_start: str | None
    text: str
    span: Span




@cache
def _res() -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    d = load("noclaim")
    # the pattern ignores case; words grouped by first letter match as the plain join would
    months = alternation(sorted(d["months"], key=len, reverse=True), True, str)
    days = alternation(d["weekdays"], True, str)
    sp = r"[ \u00a0]+"
    dm = (
        rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{sp}(?:of{sp})?(?P<m1>{months})\.?"
        rf"|(?P<m2>{months})\.?{sp}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
        rf"(?:,?{sp}(?P<y>(?:19|20)\d\d)|{sp}(?:of{sp})?(?P<ry>last|this){sp}year)?"
    )
    rel = alternation(d["relative_times"], True, str)
    pat = re.compile(
        rf"\b(?P<since>since|from|as of|as at)?[ \u00a0]*(?:"
        rf"(?P<dm>{dm})"
        rf"|(?P<month>{months})(?:[ \u00a0]+(?P<my>(?:19|20)\d\d)|{sp}(?:of{sp})?(?P<mry>last|this){sp}year)?"
        rf"|(?:on[ \u00a0]+)?(?P<wd>{days})"
        rf"|(?P<rel>{rel})"
        rf"|(?:in|over|during){sp}the{sp}(?:past|last){sp}(?P<pastn>\d+|day|week|month|year|24)[ \u00a0]*"
        rf"(?P<pastu>hours?|days?|weeks?|months?|years?)?"
        rf"|since{sp}(?P<sy>(?:19|20)\d\d)"
        rf")\b",
        re.IGNORECASE,
    )
    return pat, {k.lower(): v for k, v in d["months"].items()}, d["weekdays"]


@cache
def _days_earlier() -> dict[str, int]:
    return {k.lower(): int(v) for k, v in load("noclaim").get("days_earlier", {}).items()}


def _back_to(pub: date, month: int, day: int) -> date | None:
    for year in (pub.year, pub.year - 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            return None
        if cand <= pub:
            return cand
    return None


def sentence_times(
    text: str, sentence: Span, published: date | None, first_time_word: int | None = -1
) -> list[TimeRef]:
    """Every resolvable time expression in a sentence (found once, shared by its figures).

    ``first_time_word`` (from the lexicon scan) lets the search start just before
    the first month, weekday or time word, or be skipped when there is none.
    """
    if first_time_word is None:
        return []
    start = sentence[0] if first_time_word < 0 else max(sentence[0], first_time_word - 16)
    pat, months, weekdays = _res()
    out: list[TimeRef] = []
    for m in _matches(pat, text, start, sentence[1]):
        if m.end() - m.start() < 3 or not m.group().strip():
            continue
        try:
            ref = _resolve(m, months, weekdays, published)
        except (OverflowError, ValueError):
            ref = None  # beyond the calendar: "in the past 99999999999 days", a date near year 1 or 9999
        if ref is not None and ref.as_of is None and ref.period_start is not None:
            lead = text[max(sentence[0], m.start() - 60) : m.start()]
            if _RANKED_LEAD.search(lead) is not None:
                # "its first update on its own losses since September", "the deadliest week since March":
                # the date a ranking counts back to, never the start of what the figure counts
                continue
            if _DATES_FROM.search(lead) is not None:
                # "the office's latest count, 11.3 million, dates from 21 September": when it was given
                ref = TimeRef(ref.period_start, None, ref.text, ref.span)
        if ref is not None and ref.as_of is not None and _opens_period(text, m.start(), sentence[0]):
            # the date the war began starts the period; the figure holds as of publication (as_of None),
            # whether the date is a day ("on 7 October") or a month ("in October 2023", not its last day)
            ref = TimeRef(None, ref.period_start or ref.as_of, ref.text, ref.span)
        if ref is not None:
            out.append(ref)
    out = [r for r in out if not _names_incident(text, r, sentence[1])]
    return _with_same_day(text, sentence, published, out)


#: a ranking word just before a "since" ("its first update since", "the highest toll since", "more than in
#: any month since"; never "at least"): what follows dates the ranking, not a period (``ranking_leads`` in
#: noclaim.json)
_RANKED_LEAD = re.compile(
    rf"\b(?:(?!least\b)\w{{3,}}est|{alternation(load('noclaim')['ranking_leads'], True, str)}"
    r"|than[ ]in[ ]any[ ]\w+)[ ][^.,;:()]{0,40}?$",
    re.IGNORECASE,
)
#: "dates from", "dating from": the day a figure was given, read as its as-of (``given_from_words``)
_DATES_FROM = re.compile(
    rf"\b(?:{alternation(load('noclaim')['given_from_words'], True, str)})[ \u00a0]+$", re.IGNORECASE
)

_OPENS = re.compile(
    r"\b(?:since|began|begun|started|broke[ ]out|erupted|was[ ]launched|launched)\b"
    r"[^,.;:\"()]{0,70}?(?:on|in)?[ \u00a0]*$",
    re.IGNORECASE,
)


def _opens_period(text: str, at: int, sentence_start: int) -> bool:
    """A date that opens the period a figure counts ("since the war began on 12 September"), not its as-of."""
    lead = text[max(sentence_start, at - 90) : at]
    return _OPENS.search(lead) is not None


@cache
def _incident_after() -> re.Pattern[str]:
    words = alternation(sorted(load("noclaim")["dated_incident_words"], key=len, reverse=True), True, str)
    return re.compile(rf"(?:['’]s)?(?:[ \u00a0]+[\w-]+){{0,2}}?[ \u00a0]+(?:{words})\b", re.I)


@cache
def _standing_toll() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(load('noclaim')['standing_toll_verbs'], True, str)})\b", re.I)


def _names_incident(text: str, ref: TimeRef, end: int) -> bool:
    """Whether a dated expression only names an incident whose toll the sentence says stands now
    ("the toll of the 4 March raid stands at 1,240", "the toll of Monday's strike has risen to 14"):
    the figure holds as of the report, not the day of the raid."""
    if ref.as_of is None or ref.period_start is not None:
        return False
    if not _standing_toll().search(text, ref.span[1], end):
        return False
    lead = text[max(0, ref.span[0] - 4) : ref.span[0]].casefold()
    possessive = text.startswith(("'s", "’s"), ref.span[1])
    if not (possessive or lead == "the "):
        return False
    return _incident_after().match(text, ref.span[1]) is not None


_SAME_DAY_BACK = 400  # how far before its sentence "the same day" may find the day it repeats


@cache
def _same_day_re() -> re.Pattern[str]:
    phrases = alternation(load("noclaim")["same_day_phrases"], True, str)
    return re.compile(rf"\b(?:(?P<lead>on|as of|as at|since|from)[ \u00a0]+)?(?:{phrases})\b", re.I)


def _day_refs(text: str, lo: int, hi: int, published: date | None) -> list[TimeRef]:
    """The expressions between ``lo`` and ``hi`` that name one day the figure holds on (no period)."""
    pat, months, weekdays = _res()
    out = []
    for m in pat.finditer(text, lo, hi):
        try:
            ref = _resolve(m, months, weekdays, published)
        except (OverflowError, ValueError):
            continue
        day = ref is not None and ref.as_of is not None and ref.period_start is None
        if ref is not None and day and not _opens_period(text, m.start(), lo):
            out.append(ref)
    return out


def _with_same_day(text: str, sentence: Span, published: date | None, refs: list[TimeRef]) -> list[TimeRef]:
    """``refs`` and each "the same day" / "that day" of the sentence, dated by the day named last before it.

    "The office said on Tuesday that 212 had died. The league said the same day that 340 had": the
    340 holds as of that Tuesday, not the publication day. The day is sought in the sentence before
    the phrase, then in its paragraph before the sentence; with none resolvable the phrase is left out.
    """
    if "day" not in text[sentence[0] : sentence[1]] and "date" not in text[sentence[0] : sentence[1]]:
        return refs
    found = list(_same_day_re().finditer(text, sentence[0], sentence[1]))
    if not found:
        return refs
    back: list[TimeRef] | None = None
    out = list(refs)
    for m in found:
        day = [r for r in refs if r.as_of and r.period_start is None and r.span[1] <= m.start()]
        if not day:
            if back is None:
                para = text.rfind("\n", 0, sentence[0]) + 1  # the day is named in the same paragraph
                back = _day_refs(text, max(para, sentence[0] - _SAME_DAY_BACK), sentence[0], published)
            day = back
        if day:
            since = fold(m.group("lead") or "") in ("since", "from")  # "since that day": the period's start
            as_of, start = (None, day[-1].as_of) if since else (day[-1].as_of, None)
            out.append(TimeRef(as_of, start, m.group(), (m.start(), m.end())))
    return sorted(out, key=lambda r: r.span)


@cache
def _keys() -> re.Pattern[str] | None:
    """The words every time expression holds, as one case-sensitive pattern for lower-cased text.

    Each alternative of the time pattern contains a month name, a weekday name,
    one of the relative phrases, or "past"/"last" ("in the past 24 hours"), or is a year right
    after "since" ("since 2031"), so
    where none of these is written no expression can start. None (no fast path)
    if a vocabulary word is not plain ASCII letters, where that reasoning is unsure.
    """
    d = load("noclaim")
    words = {w.lower() for w in (*d["months"], *d["weekdays"], *d["relative_times"], "past", "last", "since")}
    if not all(w.isascii() and w.replace(" ", "").isalpha() for w in words):
        return None
    return re.compile(alternation(sorted(words, key=len, reverse=True), False, str))


_WORDS_BEFORE_KEY = 5  # "as of 14th of March": at most four words precede the key word, plus a space run
# every word the time pattern allows before its key word (see ``_res``), run together or not
_LEAD_WORD = re.compile(
    r"(?:since|from|as|of|at|on|in|over|during|the|\d++(?:st|nd|rd|th)?)+", re.IGNORECASE
)


def _window_start(text: str, lo: int, key_at: int) -> int:
    """The earliest place an expression holding the key word at ``key_at`` can start.

    Before its key word an expression has only a few lead words ("since", "as of",
    "14th of", "on", "in the") and runs of spaces, and it may start at the space
    run before them; the walk back over these may overshoot, never undershoot,
    and stops at ``lo``.
    """
    i = key_at
    while i > lo and text[i - 1].isalnum():
        i -= 1
    for _ in range(_WORDS_BEFORE_KEY):
        j = i
        while j > lo and text[j - 1] in " \u00a0":
            j -= 1
        if j == i:
            break
        i = j
        while j > lo and text[j - 1].isalnum():
            j -= 1
        if j == i or not _LEAD_WORD.fullmatch(text, j, i):
            break
        i = j
    return i


def _matches(pat: re.Pattern[str], text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``pat.finditer(text, start, end)``, searching only near key words.

    The plain scan tries the long time pattern at every word of the sentence, and
    most of a sentence holds no time word. Each search here starts at the window
    of the next key word (see ``_window_start``): no match can start before it,
    so the matches are exactly finditer's (none is empty, so each search resumes
    at the previous match's end as finditer does).
    """
    keys = _keys()
    low = text[start:end]
    if keys is None or not lower_is_faithful(low):
        yield from pat.finditer(text, start, end)
        return
    low = low.lower()
    pos = start
    while True:
        k = keys.search(low, pos - start)
        if k is None:
            return
        m = pat.search(text, _window_start(text, pos, start + k.start()), end)
        if m is None:
            return
        yield m
        pos = m.end()


#: what may stand between a figure and the date that is its own: a short relative clause with no
#: comma or coordinator ("the 1,412 it announced on 10 October")
_OWN_DATE_GAP = re.compile(r"[^,;:()\d]{0,60}", re.IGNORECASE)
_COORD_WORD = re.compile(r"\b(?:and|but|or|while|whereas)\b", re.IGNORECASE)


def _owned_by_other(text: str, ref: TimeRef, fig: Span, others: tuple[Span, ...]) -> bool:
    """Whether a date written before the figure belongs to an earlier figure of its sentence: the
    earlier figure's own clause runs to it with no comma or coordinator between ("lower than the
    1,412 it announced on 10 October but higher than the 1,388 it gave on 14 November": 10 October
    is the 1,412's, not the 1,388's)."""
    if ref.span[1] > fig[0] or ref.as_of is None:
        return False  # a "since …" start is shared: "killed since the war began, up from 38,412"
    for g in others:
        if g[1] <= ref.span[0] and g != fig:
            gap = text[g[1] : ref.span[0]]
            if _OWN_DATE_GAP.fullmatch(gap) and not _COORD_WORD.search(gap):
                return True
    return False


#: ", when": the clause after a date that tells what was said or done on that day
_WHEN_CLAUSE = re.compile(r",[ \u00a0]+when\b", re.IGNORECASE)
#: a day of the month in a written date ("May 19", "19 May"): a month alone dates nothing said
_DAY_OF_MONTH = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)")


def _given_on(text: str, ref: TimeRef, fig: Span) -> TimeRef:
    """A "since <day>" followed by ", when ..." dates what its when-clause says: a figure inside that
    clause was given on that day ("has not updated its figure since May 19, when the ministry said
    5,937 had died": 5,937 as of 19 May), never counted from it. Figures before the date keep the start
    ("2,000 killed since 14 April, when the truce ended")."""
    if ref.as_of is not None or ref.period_start is None or fig[0] < ref.span[1]:
        return ref
    if not fold(ref.text).startswith("since") or _DAY_OF_MONTH.search(ref.text) is None:
        return ref
    if _WHEN_CLAUSE.match(text, ref.span[1]) is None or ";" in text[ref.span[1] : fig[0]]:
        return ref
    return TimeRef(ref.period_start, None, ref.text, ref.span)


_OPEN_WINDOW = re.compile(r"\bthis[ \u00a0]+(?:year|month|week)$", re.IGNORECASE)


def _day_for_open_window(
    a: TimeRef | None, with_asof: list[TimeRef], dist: Callable[[TimeRef], int]
) -> TimeRef | None:
    """A window running up to now ("so far this year") takes its end from a day its sentence names.

    "At least 1,410 have been killed so far this year, the register said on Saturday": the count
    holds as of that Saturday (from 1 January), not the publication day the bare window would give.
    """
    if a is None or a.period_start is None or not _OPEN_WINDOW.search(a.text):
        return a
    days = [r for r in with_asof if r.period_start is None]
    if not days:
        return a
    day = min(days, key=dist)
    if day.as_of is None or day.as_of < a.period_start:
        return a  # "this week", said of a day before the week began: not this window's end
    return TimeRef(day.as_of, a.period_start, a.text, a.span)


def nearest_time(
    refs: list[TimeRef], fig: Span, text: str | None = None, others: tuple[Span, ...] = ()
) -> TimeRef | None:
    """The figure's time: as-of from the nearest dated expression, period start from the nearest "since …".

    "X said on Thursday that 48,000 … since January 30" has both; they come from
    different words, and the text/span reported is the nearer of the two. With the
    sentence's ``text`` and its ``others`` figures, a date that is an earlier figure's own
    (see ``_owned_by_other``) is left to it.
    """
    if text is not None and len(others) > 1:
        refs = [r for r in refs if not _owned_by_other(text, r, fig, others)]
    if text is not None:
        refs = [_given_on(text, r, fig) for r in refs]

    def dist(ref: TimeRef) -> int:
        return min(abs(ref.span[0] - fig[1]), abs(fig[0] - ref.span[1]))

    with_asof = [r for r in refs if r.as_of]
    # only a pure "since …" (no as-of of its own) lends its start to another expression's date
    with_start = [r for r in refs if r.period_start and r.as_of is None]
    a = min(with_asof, key=dist) if with_asof else None
    a = _day_for_open_window(a, with_asof, dist)
    s = min(with_start, key=dist) if with_start else None
    if s is None:
        # nothing resolvable ("on Monday" with no publication date): the nearest expression, as written
        return a if a is not None or not refs else min(refs, key=dist)
    if a is None or a is s:
        return a or s
    near = a if dist(a) <= dist(s) else s
    return TimeRef(a.as_of, s.period_start, near.text, near.span)


def find_time(text: str, sentence: Span, fig: Span, published: date | None) -> TimeRef | None:
    """The time expression in the figure's sentence nearest the figure, resolved where possible."""
    return nearest_time(sentence_times(text, sentence, published), fig)


def _resolve(
    m: re.Match[str], months: dict[str, int], weekdays: dict[str, int], pub: date | None
) -> TimeRef | None:
    g = m.groupdict()
    since = fold(g["since"] or "")
    start, end = m.start(), m.end()
    while start < end and m.string[start].isspace():
        start += 1
    span = (start, end)
    txt = m.string[start:end]
    d: date | None = None
    if g["dm"]:
        mon = months[fold(g["m1"] or g["m2"]).rstrip(".")]
        day = int(g["d1"] or g["d2"])
        if g["y"]:
            try:
                d = date(int(g["y"]), mon, day)
            except ValueError:
                return None
        elif g["ry"] and pub:
            # "on 3 February last year": the year is said, so the day is not the latest past one
            try:
                d = date(pub.year - (fold(g["ry"]) == "last"), mon, day)
            except ValueError:
                return None
        elif pub:
            d = _back_to(pub, mon, day)
    elif g["month"]:
        mon = months[fold(g["month"]).rstrip(".")]
        if g["my"]:
            d = date(int(g["my"]), mon, 1)
        elif g["mry"] and pub:
            d = date(pub.year - (fold(g["mry"]) == "last"), mon, 1)  # "in February last year"
        elif pub:
            d = _back_to(pub, mon, 1)
        if d and since in ("since", "from"):
            return TimeRef(None, d.isoformat(), txt, span)
        if d and pub:
            nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1) - timedelta(days=1)
            return TimeRef(min(nxt, pub).isoformat(), d.isoformat(), txt, span)
        return TimeRef(None, d.isoformat() if d else None, txt, span) if d else None
    elif g["wd"]:
        if not pub:
            return TimeRef(None, None, txt, span)  # "on Monday" with no date to count back from: as written
        back = (pub.weekday() - weekdays[fold(g["wd"])]) % 7
        d = pub - timedelta(days=back)
    elif g["rel"]:
        if not pub:
            return TimeRef(None, None, txt, span)
        rel = fold(g["rel"])
        earlier = _days_earlier().get(rel)
        if earlier is not None:  # "up from 1,046 a week earlier": an older figure, dated back from the report
            d = pub - timedelta(days=earlier)
        elif rel in ("yesterday", "last night"):
            d = pub - timedelta(days=1)
        elif rel in ("last week",):
            monday = pub - timedelta(days=pub.weekday() + 7)
            return TimeRef((monday + timedelta(days=6)).isoformat(), monday.isoformat(), txt, span)
        elif rel == "last month":
            first_this = pub.replace(day=1)
            last_prev = first_this - timedelta(days=1)
            return TimeRef(last_prev.isoformat(), last_prev.replace(day=1).isoformat(), txt, span)
        elif rel == "this year":
            return TimeRef(pub.isoformat(), pub.replace(month=1, day=1).isoformat(), txt, span)
        elif rel.endswith(("of the year", "of this year")):
            # "since the start of the year": a running count from 1 January of the publication's year
            as_of = None if since in ("since", "from") else pub.isoformat()
            return TimeRef(as_of, pub.replace(month=1, day=1).isoformat(), txt, span)
        elif rel == "this month":
            return TimeRef(pub.isoformat(), pub.replace(day=1).isoformat(), txt, span)
        elif rel == "this week":
            return TimeRef(pub.isoformat(), (pub - timedelta(days=pub.weekday())).isoformat(), txt, span)
        else:
            d = pub
    elif g["sy"]:
        # "bringing its total since 2031 to 22,150": a start written as a year is that year's first day (the
        # pattern reads a year only with its "since")
        return TimeRef(None, f"{g['sy']}-01-01", txt, span)
    elif g["pastu"] or g["pastn"]:
        if not pub:
            return None
        n_txt = fold(g["pastn"] or "1")
        n = int(n_txt) if n_txt.isdigit() else 1
        unit = fold(g["pastu"] or n_txt)
        days = {"hour": n / 24, "day": n, "week": 7 * n, "month": 30 * n, "year": 365 * n}
        key = next((k for k in days if unit.startswith(k)), "day")
        delta = max(1, round(days[key]))
        return TimeRef(pub.isoformat(), (pub - timedelta(days=delta)).isoformat(), txt, span)
    if d is None:
        return None
    if since in ("since", "from"):
        return TimeRef(None, d.isoformat(), txt, span)
    return TimeRef(d.isoformat(), None, txt, span)
