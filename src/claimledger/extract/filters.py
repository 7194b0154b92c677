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

from .numbers import Atom, Figure
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
    persons = alt(_person_singulars(classes), ignorecase=False)
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
        # "Kareem Najjar, 34,", "…, her son, 9.", "a former fighter, now 61,"
        "age_apposition": re.compile(
            rf"(?:\b(?:[A-Z][a-z]+|{kin}),(?:[ \u00a0]*then)?|,[ \u00a0]*now)[ \u00a0]*$"
        ),
        # "her two sons, 9 and 12,": the ages of relatives listed in apposition
        "kin_list_before": re.compile(
            rf"\b(?:(?:{kin})s?|children|men|women),[ \u00a0]*(?:\d{{1,3}}[ \u00a0]*(?:,|and)[ \u00a0]*)*$"
        ),
        "kin_list_after": re.compile(
            r"^(?:[ \u00a0]*(?:,|and)[ \u00a0]*\d{1,3}\b)*[ \u00a0]*(?:,|\.(?:\s|$))"
        ),
        # "the ship's cook, 58,": a number set off by commas after one person named by a singular noun
        "role_apposition": re.compile(
            r"(?:\b(?:the|a|an|his|her|their|its|our|my)|['\u2019]s)[ \u00a0]+(?:[a-z\-]+[ \u00a0]+){0,2}"
            r"[a-z\-]*[a-z](?<!s)(?<!ed),[ \u00a0]*$"
        ),
        # "the ministry's tally, 45,": a count's own noun is no person
        "count_head_before": re.compile(rf"\b(?:{alt(d['count_heads'])}),[ \u00a0]*$", re.IGNORECASE),
        "comma_after": re.compile(r"^[ \u00a0]*(?:,|\.(?:\s|$))"),
        # "children as young as 12.", "when he was 22,": a person's age
        "age_lead": re.compile(rf"\b(?:{alt(d['age_leads'])})[ \u00a0]*$", re.IGNORECASE),
        "clause_end_after": re.compile(r"^[ \u00a0]*(?:[,;:)]|\.(?:\s|$)|$)"),
        # "68 per 100,000 inhabitants": the base of a rate
        "rate_base": re.compile(rf"\b(?:{alt(d['rate_bases'])})[ \u00a0]*$", re.IGNORECASE),
        # "the youngest of whom is 23", "the oldest was 90"
        "age_superlative": re.compile(
            r"\b(?:youngest|oldest)\b[^.,;:\d]{0,24}\b(?:is|was|are|were)[ \u00a0]*$", re.IGNORECASE
        ),
        # "the average patient in the trial was 71,": the age of a typical person
        "age_typical": re.compile(
            rf"\b(?:average|median|typical)[ \u00a0]+(?:{persons})\b"
            r"[^.,;:\d]{0,30}\b(?:is|was)[ \u00a0]*$",
            re.IGNORECASE,
        ),
        # "Its Hall of the 300, named for": a number closing a capitalised name of the form "X of the N"
        "cap_of_the_before": re.compile(
            r"(?<![.!?:;\n]\s)(?<![\n\"“(])\b([A-Z][a-z]+)[ \u00a0]+of[ \u00a0]+the[ \u00a0]+$"
        ),
        "name_end_after": re.compile(r"^(?:[ \u00a0]*[,;:.)]|[ \u00a0]+[A-Z]|$)"),
        "clock_before": re.compile(r"\d[:.]$"),
        "time_after": re.compile(
            rf"^(?:[ \u00a0]*[-\u2010\u2011]?[ \u00a0]*)"
            rf"(?:(?:full|long|short|whole|school|academic|fiscal|calendar|"
            rf"consecutive|straight|previous|past|last|next|first|harvest|working|business)[ \u00a0]+)?"
            rf"(?:{alt(d['time_units'])})\b",
            re.IGNORECASE,
        ),
        "age_after": re.compile(r"^[ \u00a0-]*(?:years?|months?)[ \u00a0-]*old\b", re.IGNORECASE),
        # "aged 4", "the age of 18", "raise the pension age from 67 to 68", "the voting age to 16"
        "age_before": re.compile(
            r"\b(?:aged|age of|ages of|ages|age)"
            r"(?:[ \u00a0]+(?:from|to|at|under|over|below|above))?[ \u00a0]*$",
            re.IGNORECASE,
        ),
        # "40 km", "hundreds of kilometres from the front"
        "measure_after": re.compile(
            rf"^[ \u00a0-]*(?:of[ \u00a0]+)?(?:{alt(d['measure_units'])})\b", re.IGNORECASE
        ),
        "money_after": re.compile(rf"^[ \u00a0]*(?:{alt(d['currency_words'])})\b", re.IGNORECASE),
        "money_before": re.compile(rf"(?:{symbols}|\b(?:US|EUR|USD|GBP))[ \u00a0]*$"),
        "letter_after": re.compile(r"^[A-Za-z]"),
        "uncounted_after": re.compile(rf"^[ \u00a0]+(?:[a-z]+[ \u00a0]+)?(?:{uncounted})\b"),
        "strict_head": re.compile(
            # "Junctions 5 and 7", "numbers 10 and 14": a label's list goes on after its head
            rf"(?:^|[^\w])(?:{alt(strict_heads)})[ \u00a0]*[#.:]?[ \u00a0]*"
            r"(?:\d{1,4}[ \u00a0]*(?:,|and|or|&)[ \u00a0]*)*$",
            re.IGNORECASE,
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
        # "the 2031-32 season": the second year of a span
        "year_span_before": re.compile(r"\b(?:1[89]|20)\d\d[-\u2013/]$"),
        # "CVE-2031-4471", "HV-2031-0417": the parts of an identifier
        "identifier_before": re.compile(r"\b[A-Z][A-Za-z]*-(?:\d+-)*$"),
        # "Vela 11 units": a plural thing after a name and a number (a count takes people or a class noun)
        "plural_word_after": re.compile(r"^[ \u00a0]+([a-z][a-z\-]*s)\b"),
        "lower_word_after": re.compile(r"^[ \u00a0]+[a-z]"),
        "list_number": re.compile(r"^[ \u00a0]*[.)]\s"),
        "url_token": re.compile(r"(?:https?://|www\.|@)\S*$"),
        # "between Sept. 19 and 29": the second day of a date range
        "day_range_before": re.compile(
            rf"\b(?:{months})\.?[ \u00a0]+\d{{1,2}}(?:st|nd|rd|th)?[ \u00a0]*"
            rf"(?:and|to|through|until|till|-|\u2013)[ \u00a0]*$",
            re.IGNORECASE,
        ),
        # "on 19 and 20 November": the first day of a date range whose month follows the second
        "day_range_after": re.compile(
            rf"^(?:st|nd|rd|th)?[ \u00a0]*(?:and|to|through|until|till|-|\u2013)[ \u00a0]*\d{{1,2}}"
            rf"(?:st|nd|rd|th)?[ \u00a0]+(?:of[ \u00a0]+)?(?:{months})\b",
            re.IGNORECASE,
        ),
        # "aged 2, 14 and 17", "aged between 4 and 71", "older than 10", "children under five"
        "age_list_before": re.compile(
            r"\b(?:aged|ages)[ \u00a0]+(?:(?:between|from)[ \u00a0]+)?"
            r"(?:\d{1,3}[ \u00a0]*(?:,|and|or|to|-|\u2013)[ \u00a0]*)*$",
            re.IGNORECASE,
        ),
        "age_compare_before": re.compile(
            rf"\b(?:(?:older|younger)[ \u00a0]+than"
            rf"|(?:{alt(d['age_nouns'])})(?:[ \u00a0]+[a-z]+ed)?"  # "those arrested were under 18"
            rf"(?:[ \u00a0]+(?:were|was|are|is|all|aged))*[ \u00a0]+"
            rf"(?:under|below|over|above))[ \u00a0]*$",
            re.IGNORECASE,
        ),
        # a score: "won 2-1", "a 2-2 draw", "143 for 6", with a score word near
        "score_pair_after": re.compile(
            r"^[ \u00a0]?(?:[-\u2013][ \u00a0]?\d{1,3}\b|[ \u00a0]+for[ \u00a0]+\d{1,2}\b)"
        ),
        "score_pair_before": re.compile(
            r"\b\d{1,3}(?:[ \u00a0]?[-\u2013][ \u00a0]?|[ \u00a0]+for[ \u00a0]+)$"
        ),
        "score_word": re.compile(rf"\b(?:{alt(d['score_words'])})\b", re.IGNORECASE),
        # "scored 41 points", "a 15-point deficit", "nine three-pointers": what a player scores
        "score_unit_after": re.compile(rf"^(?:[ \u00a0]+|-)(?:{alt(d['score_units'])})\b", re.IGNORECASE),
        # "minted in 1612": a year before 1800 stands after a preposition of time
        "year_before": re.compile(rf"\b(?:{alt(d['year_prepositions'])})[ \u00a0]+$", re.IGNORECASE),
        # "Paris 2 talks": a name and a number before the thing it labels
        "label_after": re.compile(rf"^[ \u00a0]+(?:{alt(d['label_nouns'])})\b", re.IGNORECASE),
        # "iPhone 11", "PlayStation 5": a word with a capital inside it names a product
        "mixed_case_before": re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z]*[ \u00a0]+$"),
        # "a 787 to the airline": an article before a bare number names a model
        "article_before": re.compile(r"(?:^|[^\w])(?:a|an|A|An)[ \u00a0]+$"),
        "article_model_after": re.compile(
            r"^(?:[ \u00a0]+(?:to|from|in|into|onto|on|at|with|over|near|and|or|was|is|that|which|for"
            r"|jet|airliner)\b|[.,;:!?)]|$)"
        ),
        # "14 Harbour Street"
        "street_after": re.compile(
            rf"^[ \u00a0]+(?:[A-Z][\w'\-]+[ \u00a0]+){{1,3}}(?:{alt(d['street_words'], ignorecase=False)})\b"
        ),
        # "at 14 Rue Sabine": a number before a street word that opens the street's name is a house number
        "street_lead_after": re.compile(
            rf"^[ \u00a0]+(?:{alt(d['street_leads'], ignorecase=False)})[ \u00a0]+"
            r"(?:(?:de|du|des|del|della|da|do|la|le)[ \u00a0]+)*[A-Z]"
        ),
        # "at Kornweg 12": a number after a one-word street name whose ending says street
        "street_suffix_before": re.compile(
            rf"\b[A-Z][\w\-]*(?:{alt(d['street_suffixes'])})[ \u00a0]*$"
        ),
        # "most of them under 18.", "are under five,": a cut-off age closing its clause
        "under_before": re.compile(r"\bunder[ \u00a0]+$", re.IGNORECASE),
        # "on Route de Delmas 33": the number after such a street's name
        "street_lead_before": re.compile(
            rf"\b(?:{alt(d['street_leads'], ignorecase=False)})[ \u00a0]+"
            r"(?:(?:de|du|des|del|della|da|do|la|le)[ \u00a0]+)*[A-Z][\w'\-]+[ \u00a0]*$"
        ),
        # "A fifth officer, who": a fraction word before a singular noun that closes its phrase is an
        # ordinal ("a fifth of", "a third more", "by a third last year" stay shares)
        "ordinal_noun_after": re.compile(
            rf"^[ \u00a0]+(?!(?:{alt(d['share_followers'])})\b)[a-z][a-z\-]+"
            r"(?:[ \u00a0]*[,;:]|[ \u00a0]+(?:who|which|that|was|is|has|had|will|would)\b)"
        ),
        # "at the 44 Military Reference Hospital in": after "the", a number, capitalised words and an
        # institution's head that no counted noun follows name one institution
        "institution_after": re.compile(
            r"^[ \u00a0]+(?:[A-Z][\w'\-]+[ \u00a0]+){0,3}"
            rf"(?:{alt(d['institution_heads'], ignorecase=False)})\b(?![ \u00a0]+[a-z]+s\b)"
        ),
        "the_before": re.compile(r"\b[Tt]he[ \u00a0]+$"),
        "possessive_before": re.compile(r"\w['\u2019]s?[ \u00a0]+$"),
        # "737-era jets", "a 42-class frigate": a number joined to a word of kind names a model or a period
        "label_suffix_after": re.compile(rf"^-(?:{alt(d['label_suffixes'])})\b", re.IGNORECASE),
        # "serial numbers beginning with 7K or 8K": the start of a code
        "code_before": re.compile(
            rf"\b(?:{alt(d['code_words'])})\b[a-z \u00a0]{{0,30}}(?:\w+[ \u00a0]*(?:,|or|and)[ \u00a0]*)*$",
            re.IGNORECASE,
        ),
        # "sub-zero", "near-zero": a number word that is part of a prefixed word
        "word_prefix_before": re.compile(rf"\b(?:{alt(d['word_prefixes'])})-$", re.IGNORECASE),
        # "an 82,000-deadweight-tonne vessel": a measure with a word between number and unit
        # "41 tonnes of cocaine", "160,000 barrels a day": a quantity of material is counted in its unit
        "material_after": re.compile(
            rf"^[ \u00a0]*(?:{alt(d['material_units'])})\b"
            rf"(?:[ \u00a0]+of[ \u00a0]+[a-z]|[ \u00a0]+(?:{alt(d['material_rates'])})\b"
            rf"|(?=[ \u00a0]*(?:[.,;)]|$)|[ \u00a0]+(?:had|have|has|were|was|are|is)\b))",
            re.IGNORECASE,
        ),
        # "cutting output by 45,000 barrels a day": a rate of material says what the conflict costs
        "material_rate_after": re.compile(
            rf"^[ \u00a0]*(?:{alt(d['material_units'])})(?:[ \u00a0]+of[ \u00a0]+[a-z]+)?"
            rf"[ \u00a0]+(?:{alt(d['material_rates'])})\b",
            re.IGNORECASE,
        ),
        # "seized 41 tonnes", "41 tonnes had been seized": a verb of the conflict governs the material
        "material_verb": re.compile(rf"\b(?:{alt(d['material_verbs'])})\b", re.IGNORECASE),
        # "its own annual figure: 940": a figure noun right before the colon names the value after it
        "value_label_before": re.compile(
            rf"\b(?:{alt(d['value_labels'])})[ \u00a0]*:[ \u00a0]*$", re.IGNORECASE
        ),
        "measure_compound_after": re.compile(rf"^-[a-z]+-(?:{alt(d['measure_units'])})\b", re.IGNORECASE),
        # "the two countries": the parties of a story referred back to, not a count
        "party_after": re.compile(rf"^[ \u00a0]+(?:{alt(d['party_nouns'])})\b(?![ \u00a0]+of\b)"),
        # "Vela 12 is on schedule", "the Tessel 6 in September": a name's number before a linking word
        "name_link_after": re.compile(rf"^[ \u00a0]+(?:{alt(d['name_links'])})\b"),
        # "the Tessel 6 in September", "sold under the name Cardelle 20 in": a preposition after the
        # number names a thing only when a determiner or a naming word opens the name ("and Orlan 12 in
        # the battle" is a count with its verb left out)
        "name_preposition_after": re.compile(rf"^[ \u00a0]+(?:{alt(d['name_link_prepositions'])})\b"),
        "named_before": re.compile(
            r"\b(?:the|its|their|his|her|a|an|named|called|dubbed|name)[ \u00a0]+"
            r"(?:[A-Z][\w\-]*[ \u00a0]+){1,2}$"
        ),
        # "the Three Rivers Cartel": a capitalised number word inside a name
        "cap_word_after": re.compile(r"^[ \u00a0]+[A-Z][a-z]"),
        # "the second half of the video", "the first half of the year"
        "single_word_after": re.compile(r"^[ \u00a0]+([a-z][a-z\-]*)\b"),
        "part_before": re.compile(rf"\b(?:{alt(d['part_words'])})[ \u00a0]+$", re.IGNORECASE),
    }


_PHONE_CHARS = re.compile(r"[+(\d \u00a0\-]*")  # every character a phone_run match can hold
_FOUR_DIGITS = re.compile(r"\d{4}")
_WORD = re.compile(r"[A-Za-z][a-z]+")
_COMPARE_ENDS = ("than", "under", "below", "over", "above")


@cache
def _age_thresholds() -> frozenset[float]:
    """The ages reports cut people at ("under five", "under 18"): data, loaded once."""
    return frozenset(float(v) for v in load("noclaim")["age_thresholds"])
_RANGE_ENDS = ("and", "to", "-", "\u2013", "through", "until", "till")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“‘(]\s*)$")
#: where a capitalised word opens a sentence: also after a dateline's dash or its closing bracket
_OPENING = re.compile(r"(?:^|[.!?:;\n\u2013\u2014)]\s*|[\"“‘(]\s*|\s-\s*)$")


_TO_GAP = re.compile(r"[ \u00a0]+to[ \u00a0]+")


def past_date(text: str, fig: Figure) -> Figure:
    """A range whose first end is a month's day and whose second is no day is a date, then a figure:
    "since the siege began on March 4 to 612" (a "since … DATE" clause, then "to" and the count it
    reached) gives 612 alone; "from March 4 to 19" stays a range of days, which ``is_not_claim`` drops."""
    if fig.kind != "range" or len(fig.atoms) != 2:
        return fig
    a, b = fig.atoms
    day = a.kind == "digits" and a.value <= 31 and float(a.value).is_integer()
    if not day or b.value <= 31 or not _TO_GAP.fullmatch(text, a.end, b.start):
        return fig
    if not _res()["month_before"].search(text, max(0, a.start - 12), a.start):
        return fig
    return Figure(b.start, b.end, b.value, b.value, "single", b.unit, (b,))


def is_not_claim(text: str, fig: Figure) -> str | None:
    """Why the figure at ``fig`` is not a claim ('date', 'time', …), or None when it may be one."""
    r = _res()
    left = text[max(0, fig.start - 40) : fig.start]
    near = left[-20:]  # most left-hand tests need only the last few words; a short slice is cheaper to search
    right = text[fig.end : fig.end + 40]
    first = text[fig.start : fig.atoms[0].end]
    a0 = fig.atoms[0]
    if near.endswith("-") and r["word_prefix_before"].search(near):
        return "part of a word"
    if fig.kind == "vague" or a0.kind in ("fraction", "ratio"):
        if r["time_after"].match(right) and a0.kind != "ratio":
            return "duration"
        if fig.kind == "vague" and r["measure_after"].match(right):
            return "measurement"  # "hundreds of kilometres from the front"
        if a0.kind == "fraction" and r["part_before"].search(near):
            return "part, not a share"
        if a0.kind == "fraction" and fig.kind == "single" and r["ordinal_noun_after"].match(right):
            return "ordinal"
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
        and r["comma_after"].match(right)
        and (
            r["age_apposition"].search(near)
            or (r["role_apposition"].search(left) and not r["count_head_before"].search(near))
        )
    ):
        return "age"
    if (
        is_digits
        and a0.value <= 120
        and fig.kind == "single"
        and r["kin_list_before"].search(left)
        and r["kin_list_after"].match(right)
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
    if (
        is_digits
        and fig.kind == "single"
        and 1000 <= a0.value < 1800
        and _FOUR_DIGITS.fullmatch(first)
        and r["year_before"].search(near)
        and not r["noun_after"].match(right)
    ):
        return "year"  # "the oldest minted in 1612"
    if r["age_after"].match(right) or r["age_before"].search(near):
        return "age"
    if a0.value <= 120 and fig.kind == "single" and r["age_superlative"].search(left):
        return "age"
    if (
        a0.value <= 120
        and fig.kind == "single"
        and r["clause_end_after"].match(right)
        and r["age_typical"].search(left)
    ):
        return "age"
    if (
        a0.value <= 120
        and fig.kind == "single"
        and r["age_lead"].search(left)
        and r["clause_end_after"].match(right)
    ):
        return "age"
    if (
        fig.kind == "single"
        and a0.value in _age_thresholds()
        and r["under_before"].search(near)
        and r["clause_end_after"].match(right)
    ):
        return "age"
    if fig.kind == "single" and a0.unit == "count" and r["rate_base"].search(near):
        return "base of a rate"
    tail = near.rstrip()  # the word before the figure gates the patterns that end there (C-level tests)
    if a0.value <= 120 and (
        ("age" in left and r["age_list_before"].search(left))
        or (tail.endswith(_COMPARE_ENDS) and r["age_compare_before"].search(left))
    ):
        return "age"
    if a0.value <= 31 and float(a0.value).is_integer() and r["day_range_after"].match(right):
        return "date"
    if (
        a0.value <= 31
        and tail.endswith(_RANGE_ENDS)
        and float(a0.value).is_integer()
        and r["day_range_before"].search(left)
    ):
        return "date"
    if fig.kind == "range" and all(_is_year(text, a) for a in fig.atoms) and not r["noun_after"].match(right):
        return "year"
    if is_digits and a0.value <= 999 and _is_score(text, fig, left, right):
        return "score"
    if (
        a0.value <= 999
        and r["score_unit_after"].match(right)
        and r["score_word"].search(text, max(0, fig.start - 80), min(len(text), fig.end + 40)) is not None
    ):
        return "score"  # "Roe scored 41 points", "came back from a 15-point deficit"
    if r["time_after"].match(right):
        return "duration"
    if (r["measure_after"].match(right) and not _material_claim(text, fig, right)) or r[
        "measure_compound_after"
    ].match(right):
        return "measurement"
    if r["money_after"].match(right) or r["money_before"].search(near):
        return "money"
    if is_digits and len(first) > 1 and first[0] == "0" and first[1].isdigit():
        return "identifier"  # "01632 440 112", "0417": no count is written with a leading zero
    if is_digits and near.endswith(("-", "\u2013", "/")):
        if r["year_span_before"].search(near):
            return "year"
        if r["identifier_before"].search(near):
            return "identifier"
    if r["hash_before"].search(near) or r["strict_head"].search(left) or r["cap_head"].search(near):
        return "name or number label"
    if r["street_after"].match(right) or r["street_lead_after"].match(right):
        return "url or address"
    if is_digits and (r["street_lead_before"].search(left) or r["street_suffix_before"].search(near)):
        return "url or address"
    if (
        is_digits
        and (r["the_before"].search(near) or r["possessive_before"].search(near))
        and r["institution_after"].match(right)
    ):
        return "name or number label"
    if right.startswith("-") and r["label_suffix_after"].match(right):
        return "name or number label"
    if "umber" in left and r["code_before"].search(left):  # every code word ends in "number(s)"
        return "identifier"
    if (
        a0.kind == "words"
        and a0.value <= 10
        and fig.kind == "single"
        and r["the_before"].search(near)
        and r["party_after"].match(right)
    ):
        return "parties referred back to"
    if is_digits and fig.kind == "single" and a0.unit == "count" and not a0.scaled:
        last = tail.rsplit(None, 1)[-1] if tail else ""
        if last[1:] != last[1:].lower() and r["mixed_case_before"].search(near):
            return "name or number label"
        if (
            a0.value > 1
            and last in ("a", "an", "A", "An")
            and r["article_before"].search(near)
            and r["article_model_after"].match(right)
        ):
            return "name or number label"
    if (
        a0.kind == "words"
        and first[:1].isupper()
        and r["cap_word_after"].match(right)
        and not _OPENING.search(left)
        and not _headline_count(text, fig.start, right, left.rsplit(None, 1)[-1] if left.strip() else "")
    ):
        return "name with number"
    of_name = r["cap_of_the_before"].search(left) if is_digits and left.endswith("the ") else None
    at = fig.start - len(left) + of_name.start(1) if of_name else 0  # where the name's word starts
    if (
        of_name
        and r["name_end_after"].match(right)
        and not _is_cue_or_month(of_name.group(1))
        and not _OPENING.search(text, max(0, at - 6), at)
    ):
        return "name with number"
    if r["page_of"].search(left):
        return "page number"
    if r["url_token"].search(left):
        return "url or address"
    if is_digits and (r["phone_before"].search(left) or _in_phone_run(text, fig)):
        return "phone number"
    if (
        is_digits
        and fig.kind == "single"
        and r["list_number"].match(right)
        and _SENTENCE_START.search(left)
        and not _label_value(text, fig.start)
    ):
        return "list number"
    cap = r["cap_word_before"].search(near)
    if (
        cap
        and (
            not (r["lower_word_after"].match(right) or _headline_count(text, fig.start, right, cap.group(1)))
            or r["label_after"].match(right)
            or (
                is_digits
                and (
                    r["name_link_after"].match(right)
                    or (r["name_preposition_after"].match(right) and r["named_before"].search(left))
                )
                and not _title_case_line(text, fig.start)
            )
            or _singular_after(right)
            or _plural_thing_after(right)
        )
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


def _headline_count(text: str, at: int, right: str, before: str = "") -> bool:
    """A headline's figure is a count, though capitals stand around it: an event word right before it
    and the line or a clause ending right after ("Blast Kills 14", "Kills 22, Wounds 40"); or, on a
    title-case line, a capitalised counted noun in the plural ("Rebels Free 30 Hostages", "Clashes
    Displace 12,000 People", "Convoy Attack Kills 12 Police Officers") or an event word ("At Least 30
    Killed", "Raid Leaves 9 Dead") right after it. A headline capitalises every word, so a capital
    next to the figure says nothing about a name there."""
    if before.lower() in _headline_verbs() and _HEADLINE_END.match(right):
        return True
    m = _HEADLINE_NOUN.match(right)
    if m is None:
        return False
    words = m.group(0).lower().split()
    return any(
        _counted_word(" " + " ".join(words[:n])) for n in range(1, len(words) + 1)
    ) and _title_case_line(text, at)


@cache
def _headline_verbs() -> frozenset[str]:
    """The event words that can stand before a headline's figure: all but those that end a unit's name
    (events.json ``name_words``: "Task Force 88, the unit said" is a name)."""
    return _event_words() - {w.lower() for w in load("events")["name_words"]}


def _counted_word(words: str) -> bool:
    """Whether lowercased words after a figure end on what a count counts: an event word, a word that
    follows counts ("people", "dead") or a counted noun in the plural ("hostages", "police officers")."""
    last = words.split()[-1]
    if last in _event_words() or last in _followers():
        return True
    return last.endswith("s") and _res()["noun_after"].match(words) is not None


#: the capitalised words right after a figure ("30 Hostages", "12 Police Officers")
_HEADLINE_NOUN = re.compile(r"(?:[ \u00a0]+[A-Z][a-z-]+){1,2}\b")
#: the end of a headline's clause right after its figure: the line's end, a comma, a colon
_HEADLINE_END = re.compile(r"[ \u00a0]*(?:$|\n|[,:;])")


def _title_case_line(text: str, at: int) -> bool:
    """The line holding ``at`` is a headline in title case ("Drone Strike Kills 12 and Wounds 30"):
    most of its longer words are capitalised, so a capital says nothing about a name."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    words = [w for w in _WORD.findall(text, start, end if end >= 0 else len(text)) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 3 >= len(words) * 2


def _person_singulars(classes: dict[str, list[str]]) -> list[str]:
    """One person of the people and personnel classes ("patient", "officer"): the plural less its "s"."""
    words = [w for k in ("people", "personnel") for w in classes[k]]
    return sorted({w[:-1] for w in words if w.endswith("s") and not w.endswith("ss") and " " not in w})


def _singular_after(right: str) -> bool:
    """A lowercase word after the number that no count takes: singular, not a participle, not a
    word listed in ``count_followers`` ("Pixel 8 phone", "Apollo 11 crew", but "Tolmar 12 dead")."""
    m = _res()["single_word_after"].match(right)
    if m is None:
        return False
    word = m.group(1)
    if word.endswith(("s", "ed", "ing")) or word in _followers():
        return False
    return _res()["noun_after"].match(right) is None


def _plural_thing_after(right: str) -> bool:
    """A plural word after the number that names no class a count takes and follows no count
    ("Vela 11 units", "Buds 3 earphones"; but "Tolmar 12 soldiers", "Kestria 5 others")."""
    m = _res()["plural_word_after"].match(right)
    if m is None:
        return False
    word = m.group(1)
    if word in _followers() or word in _event_words():
        return False
    return _res()["noun_after"].match(right) is None


_CLAUSE_STOP = re.compile(r"[.;:!?\n]|,[ \u00a0]+(?:and|but|while|which)\b")


def _material_claim(text: str, fig: Figure, right: str) -> bool:
    """A quantity of material in its unit is a claim of the conflict (GUIDE: measures are optional
    only when not about it) when it is a rate ("9,000 barrels a day") or a verb of the conflict
    ("seized", "lost", "looted") governs it in its clause, before or after ("seized 12.5 tonnes of
    resin", "12 tonnes had been seized"); cargo carried or aid sought stays a measurement ("an appeal
    for 1,240 tonnes of flour")."""
    r = _res()
    if not r["material_after"].match(right):
        return False
    if r["material_rate_after"].match(right):
        return True
    before = text[max(0, fig.start - 50) : fig.start]
    stops = list(_CLAUSE_STOP.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    after = text[fig.end : fig.end + 60]
    stop = _CLAUSE_STOP.search(after)
    if stop:
        after = after[: stop.start()]
    return r["material_verb"].search(before) is not None or r["material_verb"].search(after) is not None


def material_quantity(text: str, fig_end: int) -> bool:
    """Whether the figure ending at ``fig_end`` is a quantity of material in its unit ("1.2 tonnes of
    explosives", "160,000 barrels a day"): a claim, but no conjunct that takes a verb from the
    sentence's counts of people and things ("seized 1.2 tonnes of explosives and 310 rifles": the
    rifles were seized too, not destroyed by the next clause)."""
    return _res()["material_after"].match(text[fig_end : fig_end + 40]) is not None


#: a list item's marker at the start of its line ("- ", "* ", "• ")
_ITEM_MARK = re.compile(r"[ \t]*[-*\u2022\u2013][ \t]+")
_LABEL_WORD = re.compile(r"[a-z][a-z\-]*")


def _label_value(text: str, at: int) -> bool:
    """The figure at ``at`` is the value of a label that closes with a colon right before it, not a
    list number: the label ends on a figure noun ("its annual figure: 940.") or is a list item's
    label that names the thing counted, a class noun ("- Civilians trapped: 850.", "- Buildings hit:
    31."). Any other colon ("on 4 May: 58.", "Steps: 1.", "- Newly displaced since May: 4,500.",
    whose label names no counted thing) may still open a numbered list."""
    head = text[max(0, at - 80) : at]
    if not head.rstrip().endswith(":"):
        return False
    if _res()["value_label_before"].search(head):
        return True
    start = text.rfind("\n", 0, at) + 1
    mark = _ITEM_MARK.match(text, start, at)
    if mark is None:
        return False
    label = text[mark.end() : at].rstrip()[:-1].lower()
    nouns = _counted_nouns()
    return any(w in nouns for w in _LABEL_WORD.findall(label))


@cache
def _counted_nouns() -> frozenset[str]:
    """Every one-word counted noun of events.json's classes ("civilians", "buildings")."""
    classes = load("events")["noun_classes"]
    return frozenset(w.lower() for ws in classes.values() for w in ws if " " not in w)


@cache
def _event_words() -> frozenset[str]:
    """Every one-word event trigger ("killings", "casualties"): a count of events is no label."""
    t = load("events")["triggers"]
    words = [w for spec in t.values() for w in [*spec["phrases"], *spec.get("weak", [])]]
    return frozenset(w for w in words if " " not in w)


@cache
def _followers() -> frozenset[str]:
    return frozenset(load("noclaim").get("count_followers", []))


def _is_year(text: str, a: Atom) -> bool:
    """A four-digit number that can be a year ("between 1600 and 1900")."""
    four = _FOUR_DIGITS.fullmatch(text, a.start, a.end) is not None
    return a.kind == "digits" and four and 1000 <= a.value <= 2100


def _is_score(text: str, fig: Figure, left: str, right: str) -> bool:
    """A sports score ("won 2-1", "a 2-2 draw", "on 143 for 6"): two numbers as a pair, a score word near."""
    r = _res()
    if fig.kind == "range":
        pair = text[fig.atoms[0].end : fig.atoms[-1].start].strip() in ("-", "\u2013")
    elif not (
        "-" in right[:2]
        or "\u2013" in right[:2]
        or right.startswith(" for ")
        or "-" in left[-2:]
        or "\u2013" in left[-2:]
        or left.endswith("for ")
    ):
        return False
    else:
        pair = bool(r["score_pair_after"].match(right) or r["score_pair_before"].search(left))
    if not pair or r["noun_after"].match(right):
        return False  # "lost 12-15 tanks": a range of things, not a score
    return r["score_word"].search(text, max(0, fig.start - 60), min(len(text), fig.end + 30)) is not None


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
