"""Properties of extraction that must hold on any text, checked with hypothesis.

* ``extract`` never raises, whatever the text (odd Unicode, stray quotes…);
* every span of every claim is inside the text, and where a field has a
  surface (``text``, ``subject``, ``source``, ``cue``, ``place``,
  ``time_text``, each party of ``reported_by``), ``text[s:e]`` is that surface;
* streaming a file in chunks gives exactly the claims of extracting it whole,
  and the chunks always concatenate back to the decoded text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.extract import extract
from claimledger.extract_stream import find_cut, iter_file_claims, iter_text_chunks, shift_claim
from claimledger.model import Claim, Party

PIECES = [
    "At least",
    "more than",
    "nearly",
    "about",
    "up to",
    "between 40 and 60",
    "12",
    "1,204",
    "3.5m",
    "1.2 million",
    "forty-two",
    "a third of",
    "half",
    "25%",
    "25%-30%",
    "30 per cent",
    "hundreds",
    "tens of thousands",
    "dozens",
    "people were killed",
    "were wounded",
    "were detained",
    "homes destroyed",
    "fled",
    "soldiers",
    "rockets",
    "the ministry said",
    "according to the Varnian health ministry",
    ", said Ilse Varnok",
    "citing officials",
    "it is estimated that",
    "told reporters",
    "according to figures from the Tolmar council",
    "quoted the Tolmar council as saying",
    "the Tolmar council's figures show",
    "according to the Kestrel Council's tally",
    "Figures from the health ministry show",
    "estimates by the United Nations",
    "a spokesman for the Ostrel Relief Network",
    "Radio Vell reported",
    "Brennick (Northern Wire) -",
    "MINISTRY:",
    "on Monday",
    "last week",
    "since October 7",
    "in 2031",
    "T-72",
    "Brigade 17",
    "15 months",
    '"',
    "“",
    "”",
    "'",
    "(",
    ")",
    ".",
    ",",
    ";",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\u00a0",
    "\u200f",
    "\u200e",
    "\u202e",
    "\u202c",
    "１２",
    "３０％",
    "٣٤",
    "\ufeff",
    "\r\n",
    "\t",
    "—",
    "–",
    "-",
]

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join),
    st.text(max_size=200),
)

SURFACES = {
    "span": "text",
    "subject_span": "subject",
    "source_span": "source",
    "cue_span": "cue",
    "place_span": "place",
    "time_span": "time_text",
}
RANGE_ONLY = ("hedge_span", "event_span", "sentence_span")


def check_claim(text: str, c: Claim) -> None:
    n = len(text)

    def in_range(sp: tuple[int, int] | None, what: str) -> None:
        if sp is not None:
            assert 0 <= sp[0] <= sp[1] <= n, (what, sp, n)

    for span_field, surface_field in SURFACES.items():
        sp = getattr(c, span_field)
        in_range(sp, span_field)
        surface = getattr(c, surface_field)
        if sp is not None and surface is not None:
            assert text[sp[0] : sp[1]] == surface, (span_field, text[sp[0] : sp[1]], surface)
    for span_field in RANGE_ONLY:
        in_range(getattr(c, span_field), span_field)
    assert c.sentence_span[0] <= c.span[0] and c.span[1] <= c.sentence_span[1], "figure outside its sentence"
    for p in c.reported_by:
        in_range(p.span, "reported_by.span")
        in_range(p.cue_span, "reported_by.cue_span")
        assert text[p.span[0] : p.span[1]] == p.name, ("reported_by", text[p.span[0] : p.span[1]], p.name)
        if p.cue_span is not None and p.cue is not None:
            assert text[p.cue_span[0] : p.cue_span[1]] == p.cue


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "2031-03-11"]))
def test_extract_never_raises_and_spans_match(text: str, published: str | None) -> None:
    for c in extract(text, published):
        check_claim(text, c)


def test_known_odd_texts_keep_spans_honest() -> None:
    for text in [
        "At\u00a0least\u00a012\u00a0people were killed,\u00a0the\u00a0governor said.",
        "\u200fThe ministry\u200f said \u202e30\u202c were killed; \u200e40\u200e hurt.",
        "Officials said １２ were killed and ３０％ of homes were destroyed.",
        'He said "more than 40 were killed and "12 others" were hurt',
        "“Between 3,000 and 4,500 fled,” said the Valley Relief Network. “Hundreds more",
    ]:
        for c in extract(text):
            check_claim(text, c)


GOLDEN = Path(__file__).parent / "golden"


def _golden_texts() -> list[str]:
    """Every text the golden cases and annotated sets hold: attribution phrasings of every kind."""
    out = [c["text"] for name in ("cases.json", "field_cases.json")
           for c in json.loads((GOLDEN / name).read_text(encoding="utf-8"))["cases"]]
    for folder in ("golden", "heldout", "heldout2"):
        docs = sorted((Path(__file__).parent / folder).glob("docs/*"))
        assert docs, f"no documents in tests/{folder}/docs"
        out += [p.read_text(encoding="utf-8") for p in docs]
    return out


def test_every_field_of_every_golden_text_is_the_text_at_its_span() -> None:
    texts = _golden_texts()
    for text in texts:
        for c in extract(text):
            check_claim(text, c)


# --- streaming -------------------------------------------------------------------------------------

SENTENCES = st.sampled_from(
    [
        "At least 19 people were killed in Pellmar on Friday, the mayor said.",
        "Another 43 were wounded.",
        "The Tervish Red Lantern said around 2,300 families had fled since the start of the month.",
        "Rights monitors put the number of detainees at between 400 and 550.",
        "More than a third of the 90 villages in the Brask valley were emptied, according to a survey.",
        "The Halvor Army said it destroyed 7 armoured vehicles.",
        "“Hundreds more will leave by Sunday,” a spokesman said.",
        "Rain fell over the valley road all night.",
    ]
)
ARTICLES = st.lists(st.lists(SENTENCES, min_size=1, max_size=5).map(" ".join), min_size=1, max_size=12).map(
    "\n\n".join
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARTICLES, st.integers(min_value=500, max_value=1500))  # longer than any one paragraph
def test_streamed_file_equals_in_memory(tmp_path: Path, text: str, chunk_chars: int) -> None:
    p = tmp_path / "article.txt"
    p.write_text(text, encoding="utf-8")
    assert list(iter_file_claims(str(p), "2031-06-14", chunk_chars=chunk_chars)) == extract(
        text, "2031-06-14"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=3000).filter(str.strip), st.integers(2, 500), st.integers(1, 64))
def test_chunks_concatenate_to_the_decoded_text(text: str, chunk_chars: int, read_bytes: int) -> None:
    raw = text.encode("utf-8")
    if b"\x00" in raw[:8192]:
        return  # NUL bytes make it a binary file, refused before chunking
    chunks = list(iter_text_chunks(io.BytesIO(raw), "t", chunk_chars=chunk_chars, read_bytes=read_bytes))
    assert "".join(c for _, c in chunks) == text
    assert [o for o, _ in chunks] == [sum(len(c) for _, c in chunks[:i]) for i in range(len(chunks))]
    assert all(len(c) <= chunk_chars for _, c in chunks)


def test_cuts_prefer_paragraphs_then_lines_then_sentences() -> None:
    text = "One two. Three four.\nFive six.\n\nSeven eight. Nine ten eleven twelve"
    assert text[: find_cut(text, 60)].endswith("six.\n\n")
    assert text[: find_cut(text.replace("\n\n", "  "), 60)].endswith("four.\n")
    no_breaks = "Seven eight. Nine ten eleven twelve thirteen"
    assert no_breaks[: find_cut(no_breaks, 30)] == "Seven eight. "
    spaces_only = no_breaks.replace(".", "")
    assert spaces_only[: find_cut(spaces_only, 30)] == "Seven eight Nine ten eleven "
    word = "x" * 50 + "12345" + "y" * 50
    cut = find_cut(word, 53)
    assert 26 < cut <= 53


def test_shift_moves_every_span_including_the_chain() -> None:
    c = Claim(
        span=(3, 5),
        text="23",
        low=23.0,
        high=23.0,
        hedge="exact",
        unit="count",
        event="killed",
        sentence_span=(0, 20),
        rules="r",
        source="gov",
        source_span=(7, 10),
        cue="said",
        cue_span=(11, 15),
        time_span=(16, 19),
        reported_by=(Party("gov", (7, 10), "said", (11, 15)),),
    )
    s = shift_claim(c, 100)
    assert (s.span, s.sentence_span, s.source_span, s.cue_span, s.time_span) == (
        (103, 105),
        (100, 120),
        (107, 110),
        (111, 115),
        (116, 119),
    )
    assert (
        s.hedge_span is None
        and s.reported_by[0].span == (107, 110)
        and s.reported_by[0].cue_span == (111, 115)
    )
    assert shift_claim(c, 0) is c
