"""The extractor's fast paths give exactly what the plain scans they replace give.

Each speed-up skips work the rules say cannot succeed; these tests compare it
with the plain code on many random strings built from the words that matter
(and some that only look as if they do).
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from claimledger.extract import attribution, events, filters, numbers, timeref
from claimledger.extract.lexicon import Hit
from claimledger.extract.numbers import find_figures
from claimledger.extract.vocab import alternation, load

_TIME_WORDS = (
    "since from as of at on in over during the this past last Past LAST 14 3rd 14th 2031 1999 24"
    " March Mar mar. may May Sept sept. dec Decades dismay Monday wednesday Fridays yesterday today"
    " morning night midnight dawn week month months year years hours day days tonight overnight said"
    " killed people ſince İn \u212a asof fromMay since14 onMonday sinceMarch"
)
_TIME_TOKENS = [*_TIME_WORDS.split(), "the past", ",", ".", "  ", "\u00a0", "\n", "“", "’s", "-"]
_SEPS = [" ", " ", " ", "", "  ", "\u00a0", ", ", "\n"]


def _random_text(rnd: random.Random, tokens: list[str]) -> str:
    text = "".join(rnd.choice(tokens) + rnd.choice(_SEPS) for _ in range(rnd.randint(1, 14)))
    roll = rnd.random()
    if roll < 0.15:
        return text.upper()
    if roll < 0.3:
        return text.title()
    return text


def test_time_matches_equal_plain_finditer() -> None:
    pat = timeref._res()[0]
    rnd = random.Random(20310611)
    found = 0
    for _ in range(20000):
        text = _random_text(rnd, _TIME_TOKENS)
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        plain = [(m.span(), m.groupdict()) for m in pat.finditer(text, start, end)]
        fast = [(m.span(), m.groupdict()) for m in timeref._matches(pat, text, start, end)]
        assert fast == plain, (text, start, end)
        found += len(plain)
    assert found > 5000  # the strings do hold many time expressions


def _vocab_tokens() -> list[str]:
    """Words of the no-claim vocabulary, their prefixes and case variants, and filler."""
    d = load("noclaim")
    words: list[str] = []
    for key in ("months", "time_units", "measure_units", "currency_words", "strict_name_heads", "name_heads"):
        words.extend(d[key])
    for key in ("kin_words", "uncounted_nouns", "phone_words", "currency_symbols"):
        words.extend(d[key])
    for ws in load("events")["noun_classes"].values():
        words.extend(ws)
    out = []
    for w in words:
        out += [w, w.capitalize(), w.upper(), w[:-1] or w]
    return [*out, "of", "st", "the", "old", "-", "#", ".", ":", ",", "12", "2031", "ſ", "\u212a", "İ"]


def test_grouped_alternations_match_like_plain_ones() -> None:
    grouped, plain = filters._compile(grouped=True), filters._compile(grouped=False)
    assert any(grouped[k].pattern != plain[k].pattern for k in plain)
    rnd = random.Random(7)
    tokens = _vocab_tokens()
    seps = [" ", " ", "", "\u00a0", "-", ", ", "  "]
    for _ in range(6000):
        text = rnd.choice(["", " "]) + "".join(
            rnd.choice(tokens) + rnd.choice(seps) for _ in range(rnd.randint(1, 5))
        )
        for key, pat in plain.items():
            for how in ("match", "search"):
                a = getattr(pat, how)(text)
                b = getattr(grouped[key], how)(text)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (key, how, text)


def test_alternation_keeps_order_within_a_first_letter() -> None:
    words = ["days", "day", "Dec", "d", "week", "w"]
    assert alternation(words, ignorecase=True) == r"d(?:ays|ay|ec|)|w(?:eek|)"
    assert alternation(words, ignorecase=False) == r"d(?:ays|ay|)|Dec|w(?:eek|)"
    assert alternation(["€", "$"], ignorecase=False) == r"€|\$"  # a non-ASCII first character: plain


def test_alternation_finds_what_the_plain_join_finds() -> None:
    rnd = random.Random(11)
    letters = "aAbBsSkK .-~"
    for _ in range(400):
        words = [
            "".join(rnd.choice(letters) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 8))
        ]
        words = [w for w in words if w.strip()] or ["a"]
        for flags in (0, re.IGNORECASE):
            for tail in ("", r"\b", r"b?s\b", r"[ .]*$"):
                plain = re.compile(rf"(?:{'|'.join(re.escape(w) for w in words)}){tail}", flags)
                grouped = re.compile(rf"(?:{alternation(words, bool(flags))}){tail}", flags)
                for _ in range(20):
                    text = "".join(rnd.choice(letters + "ſ\u212a") for _ in range(rnd.randint(0, 12)))
                    a = [m.span() for m in plain.finditer(text)]
                    b = [m.span() for m in grouped.finditer(text)]
                    assert a == b, (words, flags, tail, text)


def test_plain_integers_read_as_the_decimal_path_reads_them() -> None:
    rnd = random.Random(3)
    for _ in range(5000):
        n = rnd.randint(0, 10 ** rnd.randint(1, 27))
        for s in (str(n), f"{n:,}"):
            if len(s) <= 28:
                assert numbers.parse_digits(s) == (float(Decimal(s.replace(",", "")) * Decimal(1)), 1.0)
    assert numbers.parse_digits("12.5") == (12.5, 1.0)  # decimals and scales take the full path
    assert numbers.parse_digits("3.5m") == (3_500_000.0, 1_000_000.0)


def test_doc_speaker_gate_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "BRIEFING BY the Ministry of Defence\n\nIt said 40 died.",
        "ſtatement by Col. Rask\n\n12 died.",
        "Briefing by Colonel Ilse Varnok\n\nText.",
        "Transcript\tof remarks by Ana Kessel, minister\n\n40 died.",
        "No header here. 40 people died.",
        "A long preamble. " * 60 + "Statement by Ana Kessel\n\n40 died.",
    ]
    gated = [attribution.doc_speaker(t) for t in texts]
    monkeypatch.setattr(attribution.speakers, "header_first_words", lambda: None)
    assert gated == [attribution.doc_speaker(t) for t in texts]
    assert gated[2] is not None and gated[4] is None


def _segments_before_by_characters(text: str, sent_start: int, pos: int) -> list[tuple[int, int, str]]:
    """The per-character walk ``attribution.nounphrase.segments_before`` replaced."""
    segs: list[tuple[int, int, str]] = []
    end = pos
    i = pos - 1
    while i >= sent_start:
        ch = text[i]
        if ch in ',;:—–“”"()' or (ch == "-" and i > 0 and text[i - 1] == " "):
            segs.append((i + 1, end, ch))
            end = i
            if len(segs) >= 4:
                return segs
        i -= 1
    segs.append((sent_start, end, ""))
    return segs


def test_segments_before_equal_the_character_walk() -> None:
    rnd = random.Random(5)
    alphabet = 'ab -,;:—–“”"()x-'
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        a = rnd.randint(0, len(text))
        b = rnd.randint(0, len(text))
        assert attribution.nounphrase.segments_before(text, a, b) == _segments_before_by_characters(
            text, a, b
        )


def test_topic_from_hits_equals_sentence_events_topic() -> None:
    rnd = random.Random(9)
    kinds = ["trigger", "weak", "loss", "break", "cue", "time"]
    for _ in range(5000):
        hits = sorted(
            Hit(
                s,
                s + 3,
                rnd.choice(kinds),
                rnd.choice(["killed", "wounded", "displaced"]),
                rnd.choice([0.5, 0.9, 1.0, 1.2]),
            )
            for s in rnd.sample(range(100), rnd.randint(0, 6))
        )
        assert events.topic(hits) == events.SentenceEvents("x" * 120, (0, 120), hits).topic()


def test_phone_run_gate_changes_nothing() -> None:
    rnd = random.Random(13)
    pieces = [
        "0800 ",
        "12 ",
        "345-",
        "6789 ",
        "+44 ",
        "(0)",
        " ",
        "-",
        "\u00a0",
        ",",
        ".",
        "5%",
        "a ",
        "1,234 ",
    ]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        for fig in find_figures(text):
            lo = max(0, fig.start - 16)
            plain = any(
                m.start() <= fig.start
                and fig.end <= m.end()
                and m.group().count(" ") + m.group().count("-") >= 2
                for m in filters._res()["phone_run"].finditer(text, lo, min(len(text), fig.end + 16))
            )
            assert filters._in_phone_run(text, fig) == plain, (text, fig)
