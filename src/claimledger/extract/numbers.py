"""Finding figures in text and reading their values.

This is the hot path: one compiled pattern, built from ``data/numbers.json``,
finds every written number (digits with separators and decimals, scale words and
suffixes, number words, fractions, "one in ten", percentages, vague quantity
words) in a single pass. Neighbouring atoms joined by "to", "and" (after
"between"), or a dash become ranges. Nothing here decides whether a figure is
a claim; that is ``filters``' job.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

import ahocorasick

from .vocab import alternation, fold, load

_SP = r"[ \t\u00a0\u202f\u2009]"  # spaces that may sit inside a written number


class Atom(NamedTuple):
    """One written number: where it is, its value, and how it was written.

    A named tuple rather than a frozen dataclass: one is built per number in the
    text, and a frozen dataclass pays a setattr call per field.
    """

    start: int
    end: int
    value: float
    kind: str  # digits | words | fraction | ratio | vague
    unit: str  # count | percent
    vague_high: float | None = None  # for kind == 'vague': the top of the range
    scale: float = 1.0  # the scale word/suffix it carried ("million" -> 1e6)

    @property
    def scaled(self) -> bool:
        return self.scale != 1.0


class Figure(NamedTuple):
    """A figure as written: a single atom or a range of two (a named tuple, as ``Atom``)."""

    start: int
    end: int
    low: float
    high: float
    kind: str  # single | range | vague
    unit: str
    atoms: tuple[Atom, ...]
    opener_start: int | None = None  # "between"/"from" of a range, when present


def _words(items: list[str] | dict[str, Any]) -> str:
    """Longest first, grouped by first letter; every pattern using these ignores case."""
    return alternation(sorted(items, key=len, reverse=True), True, _phrase)


def _phrase(k: str) -> str:
    return re.escape(k).replace(r"\ ", _SP + "+")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = load("numbers")
    units, tens, scales = d["units"], d["tens"], d["scales"]
    word_num = (
        rf"(?:(?:{_words(tens)})(?:[-\u2010\u2011{_SP[1:-1]}](?:{_words(units)}))?|{_words(units)})"
        rf"(?:{_SP}+(?:{_words(scales)}))?(?:{_SP}+and{_SP}+(?:{_words(tens)}|{_words(units)}))?"
    )
    digits = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:\.\d{3})+(?=\s+(?:million|billion))|\d+)(?:\.\d+)?"
    suffix = rf"(?:{_SP}*(?:{_words(scales)})\b|(?:{_words(d['suffix_scales'])})\b)"
    pct = rf"(?:{_SP}*%|{_SP}*per{_SP}?cent\b|{_SP}*percent\b)"
    fractions = (
        rf"(?:(?:a|one){_SP}+(?:half|third|quarter|fifth|tenth)"
        rf"|(?:{_words(d['fraction_numerators'])})[-{_SP[1:-1]}](?:thirds|quarters|fifths|tenths)"
        rf"|half(?={_SP}+(?:of|the|their|its|his|her|them|those|these|all)\b)"
        rf"|(?:(?<=than )|(?<=roughly )|(?<=nearly )|(?<=about )|(?<=almost )|(?<=around )|(?<=over )"
        rf"|(?<=under )|(?<=some )|(?<=just )|(?<=barely ))half)"
    )
    # "one in ten", "three in five", "2 out of 3"
    ratio = rf"(?:{_words(d['units'])}|\d+){_SP}+(?:in|out{_SP}+of){_SP}+(?:{_words(d['denominators'])}|\d+)"
    vague = rf"(?:{_words(d['vague'])})"
    atom = re.compile(
        rf"(?P<vague>\b{vague}\b)"
        rf"|(?P<ratio>\b{ratio}\b)"
        rf"|(?P<fraction>\b{fractions}\b)"
        rf"|(?P<digits>(?<![\w.,/:])(?<![A-Za-z][-+])(?<!\d[.,]){digits}(?:{suffix})?(?:{pct})?)"
        rf"|(?P<words>\b(?:a{_SP}+(?:{_words(scales)})|{word_num})\b(?:{pct})?)",
        re.IGNORECASE,
    )
    # "80, maybe 90", "two, perhaps three": a second guess one step up reads as "or"
    joiner = re.compile(
        rf"^{_SP}*(?:(?:to|and|or)|,{_SP}*(?:maybe|perhaps|possibly)|-|–|—|\u2010|\u2011){_SP}*$",
        re.IGNORECASE,
    )
    return atom, joiner


@cache
def _tables() -> dict[str, Any]:
    d = load("numbers")
    vague = {re.sub(r"\s+", " ", k.lower()): v for k, v in d["vague"].items()}
    return {**d, "vague_norm": vague}


_SCALE_RE = re.compile(r"(million|billion|thousand|trillion|hundred|bn|mn|m|k)\b", re.IGNORECASE)
_PCT_RE = re.compile(r"(%|per\s?cent|percent)\s*$", re.IGNORECASE)
_WORD_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")
_PLAIN_INTEGER = re.compile(r"[0-9][0-9,]*")
_DOT_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+")
_SPACE_RUN = re.compile(r"\s+")
_RATIO_SPLIT = re.compile(r"\s+(?:in|out\s+of)\s+")
_FRACTION_SPLIT = re.compile(r"[\s\-]+")


def parse_words(s: str) -> float | None:
    """Value of an English number phrase: 'forty-two', 'three hundred', 'a thousand', 'twelve'."""
    t = _tables()
    total = 0.0
    current = 0.0
    seen = False
    for tok in _WORD_SEPARATORS.split(fold(s)):
        if not tok or tok == "and":
            continue
        if tok == "a":
            current = 1.0
            seen = True
        elif tok in t["units"]:
            current += t["units"][tok]
            seen = True
        elif tok in t["tens"]:
            current += t["tens"][tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif tok in t["scales"]:
            total += (current or 1.0) * t["scales"][tok]
            current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_digits(s: str) -> tuple[float, float] | None:
    """Value of a digit figure with separators, decimals and an optional scale ('3.5m', '1.2 million')."""
    if len(s) <= 28 and _PLAIN_INTEGER.fullmatch(s):
        # "12,345": no unit, scale or decimals; an integer of at most 28 digits is what the
        # Decimal product below gives (its context keeps 28), and float() rounds it the same
        return float(int(s.replace(",", ""))), 1.0
    t = _tables()
    body = _PCT_RE.sub("", s).strip()
    scale = 1.0
    m = _SCALE_RE.search(body)
    if m and m.start() > 0:
        word = fold(m.group(1))
        scale = t["scales"].get(word) or t["suffix_scales"].get(word) or 1.0
        body = body[: m.start()].strip()
    body = body.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "")
    if _DOT_THOUSANDS.fullmatch(body) and scale > 1:
        body = body.replace(".", "")  # "1.200 million" written with dot separators is rare; keep as thousands
    body = body.replace(",", "")
    try:
        return float(Decimal(body) * Decimal(scale)), scale
    except (ValueError, ArithmeticError):
        return None


def _atom_from(m: re.Match[str]) -> Atom | None:
    t = _tables()
    kind = m.lastgroup or ""
    s = m.group()
    # the pattern ignores case, so its words are looked up folded (``fold`` keeps their length:
    # "İN" is "in", where lower() would give three characters and split nothing)
    if kind == "vague":
        key = _SPACE_RUN.sub(" ", fold(s))
        lo, hi = t["vague_norm"][key]
        return Atom(m.start(), m.end(), float(lo), "vague", "count", float(hi))
    if kind == "ratio":
        parts = _RATIO_SPLIT.split(fold(s))
        num = parse_words(parts[0]) if not parts[0][0].isdigit() else float(parts[0])
        den_s = parts[1]
        den = float(den_s) if den_s[0].isdigit() else float(t["denominators"].get(den_s, 0))
        if not num or not den:
            return None
        value = round(100.0 * num / den, 2)
        return Atom(m.start(), m.end(), value, "ratio", "percent") if math.isfinite(value) else None
    if kind == "fraction":
        words = _FRACTION_SPLIT.split(fold(s))
        last = words[-1]
        if last == "half":
            return Atom(m.start(), m.end(), 50.0, "fraction", "percent")
        base = t["fractions"][last]
        if len(words) == 2 and words[0] in t["fraction_numerators"]:
            n = t["fraction_numerators"][words[0]]
            single = {"thirds": 33.333, "quarters": 25.0, "fifths": 20.0, "tenths": 10.0}[last]
            base = round(n * single, 2)
        return Atom(m.start(), m.end(), float(base), "fraction", "percent")
    unit = "percent" if _PCT_RE.search(s) else "count"
    if kind == "digits":
        parsed = parse_digits(s)
        if parsed is None:
            return None
        value, scale = parsed
        if not math.isfinite(value):
            return None  # "1" and 400 zeros: beyond any count, and not JSON (issue 13)
        return Atom(m.start(), m.end(), value, "digits", unit, scale=scale)
    body = _PCT_RE.sub("", s).strip()
    v = parse_words(body)
    if v is None:
        return None
    return Atom(m.start(), m.end(), v, "words", unit)


_OPENER = re.compile(r"(?:\b(between|from)\s+)$", re.IGNORECASE)


@cache
def _anchor_automaton() -> Any:
    """Aho-Corasick automaton of every word that can start or carry a written number."""
    d = load("numbers")
    words: set[str] = set()
    for key in ("units", "tens", "scales", "fractions", "fraction_numerators", "denominators"):
        words.update(d[key])
    for phrase in d["vague"]:
        words.update(w for w in phrase.split() if w not in ("a", "of"))
    words.add("half")
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w.lower(), len(w))
    auto.make_automaton()
    return auto


_DIGIT_RUN = re.compile(r"\d\d*")  # = \d+; a leading class lets re skip ahead to each digit


def _anchors(text: str) -> list[int]:
    """Where a written number may start: digit runs and number words, found at C speed.

    Digits come from ``re``; number words from one Aho-Corasick pass over the
    lower-cased text. The full pattern then runs only at these positions (and
    two characters earlier for "a third", "a few hundred").
    """
    starts = [m.start() for m in _DIGIT_RUN.finditer(text)]
    low = fold(text)  # one character for one: positions in ``low`` are positions in ``text``
    for end, length in _anchor_automaton().iter(low):
        s = end - length + 1
        if (s == 0 or not low[s - 1].isalpha()) and (
            end + 1 >= len(low) or not low[end + 1].isalpha() or low[end + 1] == "s"
        ):
            starts.append(s)
    starts.sort()
    return starts


def find_figures(text: str) -> list[Figure]:
    """All figures in ``text`` in order, ranges joined."""
    atom_re, joiner = _patterns()
    atoms: list[Atom] = []
    last_end = -1
    for pos in _anchors(text):
        if pos < last_end:
            continue
        m = None
        if pos >= 2 and text[pos - 2 : pos].lower() == "a " and pos - 2 >= last_end:
            m = atom_re.match(text, pos - 2)
        if m is None:
            m = atom_re.match(text, pos)
        if m is None:
            continue
        a = _atom_from(m)
        if a is not None:
            atoms.append(a)
            last_end = a.end
    out: list[Figure] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if a.kind == "vague":
            out.append(Figure(a.start, a.end, a.value, a.vague_high or a.value, "vague", "count", (a,)))
            i += 1
            continue
        if i + 1 < len(atoms) and a.kind in ("digits", "words", "fraction"):
            b = atoms[i + 1]
            gap = text[a.end : b.start]
            # "between a third and a half": two fractions join only after "between"
            same = b.kind == "fraction" if a.kind == "fraction" else b.kind in ("digits", "words")
            if same and joiner.match(gap):
                rng = _range(text, a, b, gap)
                if rng is not None:
                    out.append(rng)
                    i += 2
                    continue
        out.append(Figure(a.start, a.end, a.value, a.value, "single", a.unit, (a,)))
        i += 1
    return out


def _range(text: str, a: Atom, b: Atom, gap: str) -> Figure | None:
    """Join two atoms into a range when the words around them say so."""
    g = gap.strip().lower()
    if g.startswith(","):
        g = "or"  # "80, maybe 90"
    before = text[max(0, a.start - 12) : a.start]
    opener = _OPENER.search(before)
    between = bool(opener and opener.group(1).lower() == "between")
    if (g == "and" or a.kind == "fraction") and not (between and g == "and"):
        return None
    lo, hi = a.value, b.value
    # "four or five", "10 or 12": neighbouring counts one either way make a range; "1 or 10" does not
    if g == "or" and not (a.kind == b.kind and not a.scaled and not b.scaled and lo < hi <= 2 * lo):
        return None
    # "1.2 to 1.5 million": the scale written on the second applies to the first
    if b.scaled and not a.scaled and lo * b.scale <= hi:
        lo = lo * b.scale
    if hi <= lo:
        return None
    if a.unit == "percent" and b.unit != "percent":
        return None  # "rose 3 percent to 412 pence": a share, then another quantity
    if a.kind == "digits" and b.kind == "digits":
        # "2024-25", "from 2024 to 2027": years, left to the filters
        a_txt = text[a.start : a.end]
        if "," not in a_txt and len(a_txt) == 4 and a_txt.isdigit() and 1900 <= lo <= 2100:
            return None
    unit = "percent" if "percent" in (a.unit, b.unit) else "count"
    start = opener.start(1) + max(0, a.start - 12) if opener else a.start
    return Figure(a.start, b.end, lo, hi, "range", unit, (a, b), opener_start=start if opener else None)
