"""Which written numbers are not figure claims.

Dates and years, clock times, durations and time anchors ("15 months", "100
days into"), ages, names and models with digits ("Brigade 17", "T-72",
"Resolution 2334"), ordinals, media lengths, measurements, money, phone and page
numbers. Each test looks only at a few characters around the figure, so it is
cheap; the vocabularies are in ``data/noclaim.json``.
"""

from __future__ import annotations

import re
from functools import cache

from .numbers import Figure
from .vocab import alternation, load


def _alt(words: list[str] | dict[str, int], ignorecase: bool = True, grouped: bool = True) -> str:
    """The words as one alternation, longest first (grouped by first letter: see ``alternation``)."""
    ordered = sorted(words, key=len, reverse=True)
    return alternation(ordered, ignorecase) if grouped else "|".join(re.escape(w) for w in ordered)


@cache
def _res() -> dict[str, re.Pattern[str]]:
    return _compile(grouped=True)


def _compile(grouped: bool) -> dict[str, re.Pattern[str]]:
    """The filter patterns; ``grouped=False`` builds the plain word alternations (for tests)."""
    d = load("noclaim")

    def alt(words: list[str] | dict[str, int], ignorecase: bool = True) -> str:
        return _alt(words, ignorecase, grouped)

    months = alt(d["months"])
    classes = load("events")["noun_classes"]
    nouns = alt([w for ws in classes.values() for w in ws], ignorecase=False)
    strict_heads = d["strict_name_heads"]
    cap_heads = [h for h in d["name_heads"] if h not in strict_heads]
    kin = alt(d["kin_words"], ignorecase=False)
    symbols = alt(d["currency_symbols"], ignorecase=False)
    uncounted = alt(d["uncounted_nouns"], ignorecase=False)
    capitalised_heads = alt([h.capitalize() for h in cap_heads], ignorecase=False)
    return {
        "month_before": re.compile(rf"\b(?:{months})\.?[ \u00a0]*$", re.IGNORECASE),
        "month_after": re.compile(
            rf"^(?:st|nd|rd|th)?[ \u00a0]*(?:of[ \u00a0]+)?(?:{months})\b", re.IGNORECASE
        ),
        "clock": re.compile(
            r"^(?:[:.]\d\d\b|[ \u00a0]*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|hrs\b|h\b|o['’]clock\b))",
            re.IGNORECASE,
        ),
        "clock_words": re.compile(
            r"\b(?:at|by|until|till|from|before|after|around)[ \u00a0]+$", re.IGNORECASE
        ),
        "clause_end": re.compile(
            r"^[ \u00a0]*(?:[.,;:!?)]|$|\n|in the (?:morning|evening|afternoon)"
            r"|tonight|this (?:morning|evening))"
        ),
        "age_apposition": re.compile(rf"\b(?:[A-Z][a-z]+|{kin}),[ \u00a0]*$"),
        "comma_after": re.compile(r"^[ \u00a0]*,"),
        "clock_before": re.compile(r"\d[:.]$"),
        "time_after": re.compile(
            rf"^(?:[ \u00a0]*[-\u2010\u2011]?[ \u00a0]*)"
            rf"(?:(?:full|long|short|whole|school|academic|fiscal|calendar|"
            rf"consecutive|straight|previous|past|last|next|first|harvest|working|business)[ \u00a0]+)?"
            rf"(?:{alt(d['time_units'])})\b",
            re.IGNORECASE,
        ),
        "age_after": re.compile(r"^[ \u00a0-]*(?:years?|months?)[ \u00a0-]*old\b", re.IGNORECASE),
        "age_before": re.compile(r"\b(?:aged|age of|ages of|ages|age)[ \u00a0]*$", re.IGNORECASE),
        "measure_after": re.compile(rf"^[ \u00a0-]*(?:{alt(d['measure_units'])})\b", re.IGNORECASE),
        "money_after": re.compile(rf"^[ \u00a0]*(?:{alt(d['currency_words'])})\b", re.IGNORECASE),
        "money_before": re.compile(rf"(?:{symbols}|\b(?:US|EUR|USD|GBP))[ \u00a0]*$"),
        "letter_after": re.compile(r"^[A-Za-z]"),
        "uncounted_after": re.compile(rf"^[ \u00a0]+(?:[a-z]+[ \u00a0]+)?(?:{uncounted})\b"),
        "strict_head": re.compile(
            rf"(?:^|[^\w])(?:{alt(strict_heads)})[ \u00a0]*[#.:]?[ \u00a0]*$", re.IGNORECASE
        ),
        "cap_head": re.compile(rf"\b(?:{capitalised_heads})[ \u00a0]*#?[ \u00a0]*$"),
        "hash_before": re.compile(r"[#№][ \u00a0]*$"),
        "page_of": re.compile(
            r"\b(?:page|p\.|paragraphs?)[ \u00a0]+\d+[ \u00a0]+(?:of|and|to|-)[ \u00a0]+$", re.IGNORECASE
        ),
        "phone_before": re.compile(rf"\b(?:{alt(d['phone_words'])})\b[^.\n]{{0,12}}$", re.IGNORECASE),
        "phone_run": re.compile(r"[+(]?\d{1,4}(?:[ \u00a0\-]\d{2,4}){2,}"),
        "noun_after": re.compile(rf"^[ \u00a0]+(?:[a-z\-]+[ \u00a0]+)?(?:{nouns})\b"),
        "cap_word_before": re.compile(r"(?<![.!?:;\n]\s)(?<!^)\b([A-Z][a-z]+)[ \u00a0]+$"),
        "lower_word_after": re.compile(r"^[ \u00a0]+[a-z]"),
        "list_number": re.compile(r"^[ \u00a0]*[.)]\s"),
        "url_token": re.compile(r"(?:https?://|www\.|@)\S*$"),
    }


_PHONE_CHARS = re.compile(r"[+(\d \u00a0\-]*")  # every character a phone_run match can hold
_FOUR_DIGITS = re.compile(r"\d{4}")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“‘(]\s*)$")


def is_not_claim(text: str, fig: Figure) -> str | None:
    """Why the figure at ``fig`` is not a claim ('date', 'time', …), or None when it may be one."""
    r = _res()
    left = text[max(0, fig.start - 40) : fig.start]
    near = left[-20:]  # most left-hand tests need only the last few words; a short slice is cheaper to search
    right = text[fig.end : fig.end + 40]
    first = text[fig.start : fig.atoms[0].end]
    a0 = fig.atoms[0]
    if fig.kind == "vague" or a0.kind in ("fraction", "ratio"):
        if r["time_after"].match(right) and a0.kind != "ratio":
            return "duration"
        return None
    is_digits = a0.kind == "digits"
    if (
        a0.kind == "words"
        and a0.value == 1
        and fig.kind == "single"
        and first.lower().strip() in ("one", "a")
    ):
        return "single item"
    if a0.kind == "words" and a0.value <= 10 and fig.kind == "single" and r["uncounted_after"].match(right):
        return "count of sources or versions"
    if is_digits and r["letter_after"].match(right) and a0.unit == "count" and not a0.scaled:
        return "name or ordinal"
    if r["clock"].match(right) or r["clock_before"].search(near):
        return "clock time"
    if (
        a0.kind == "words"
        and a0.value <= 24
        and fig.kind == "single"
        and r["clock_words"].search(near)
        and r["clause_end"].match(right)
    ):
        return "clock time"
    if (
        a0.value <= 120
        and fig.kind == "single"
        and r["age_apposition"].search(near)
        and r["comma_after"].match(right)
    ):
        return "age"
    if (
        a0.value <= 31
        and float(a0.value).is_integer()
        and (r["month_before"].search(near) or r["month_after"].match(right))
    ):
        return "date"
    if (
        is_digits
        and fig.kind == "single"
        and _FOUR_DIGITS.fullmatch(first)
        and 1800 <= a0.value <= 2100
        and not r["noun_after"].match(right)
    ):
        return "year"
    if r["age_after"].match(right) or r["age_before"].search(near):
        return "age"
    if r["time_after"].match(right):
        return "duration"
    if r["measure_after"].match(right):
        return "measurement"
    if r["money_after"].match(right) or r["money_before"].search(near):
        return "money"
    if r["hash_before"].search(near) or r["strict_head"].search(near) or r["cap_head"].search(near):
        return "name or number label"
    if r["page_of"].search(left):
        return "page number"
    if r["url_token"].search(left):
        return "url or address"
    if is_digits and (r["phone_before"].search(left) or _in_phone_run(text, fig)):
        return "phone number"
    if is_digits and fig.kind == "single" and r["list_number"].match(right) and _SENTENCE_START.search(left):
        return "list number"
    cap = r["cap_word_before"].search(near)
    if (
        cap
        and not r["lower_word_after"].match(right)
        and a0.unit == "count"
        and not _is_cue_or_month(cap.group(1))
    ):
        return "name with number"
    return None


_CAP_OK = {
    "Some",
    "About",
    "Around",
    "Nearly",
    "Over",
    "Under",
    "Only",
    "Just",
    "Almost",
    "Roughly",
    "Approximately",
    "Perhaps",
    "Another",
    "All",
    "And",
    "But",
    "Of",
    "At",
    "Up",
    "By",
    "To",
    "With",
    "Than",
    "From",
    "Between",
}


def _is_cue_or_month(word: str) -> bool:
    return word in _CAP_OK or word.lower() in load("noclaim")["months"]


def _in_phone_run(text: str, fig: Figure) -> bool:
    if not _PHONE_CHARS.fullmatch(text, fig.start, fig.end):
        return False  # "12,345", "3.5m": a figure inside a phone number has only its characters
    lo = max(0, fig.start - 16)
    for m in _res()["phone_run"].finditer(text, lo, min(len(text), fig.end + 16)):
        if m.start() <= fig.start and fig.end <= m.end() and m.group().count(" ") + m.group().count("-") >= 2:
            return True
    return False
