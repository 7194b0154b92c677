"""Highlighting and charts as pure functions: offsets, nesting, escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from claimledger.serve.chart import Point, svg_chart
from claimledger.serve.render import (
    ClaimMarks,
    highlight,
    unvisible_plain,
    visible,
    visible_plain,
)


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> str:
    p = _Balance()
    p.feed(html)
    p.close()
    assert p.stack == []
    return "".join(p.text)


def test_text_survives_highlighting_exactly() -> None:
    text = "The 3rd Brigade said 40 people were killed. Officials said <b>7</b>."
    marks = [
        ClaimMarks("a", 21, 23, "killed", sentence=(0, 43), source=(0, 15)),
        ClaimMarks("b", 4, 7, "other", sentence=(0, 43), source=(0, 15)),  # a figure inside a source span
        ClaimMarks("c", 62, 63, "killed", sentence=(44, 68), source=(44, 53)),
    ]
    html = str(highlight(text, marks))
    assert _parse(html) == text  # nothing lost, nothing added, tags balanced
    assert html.count('id="c-a"') == html.count('id="c-b"') == html.count('id="c-c"') == 1
    assert "&lt;b&gt;</span>" in html and 'data-c="c" title="">7</a>' in html


def test_bad_spans_are_skipped() -> None:
    text = "12 killed"
    html = str(
        highlight(text, [ClaimMarks("x", 5, 2, "killed"), ClaimMarks("y", 0, 99, "killed", source=(7, 3))])
    )
    assert _parse(html) == text and 'id="c-y"' in html and 'id="c-x"' not in html


def test_hidden_characters_become_visible_and_come_back() -> None:
    s = "a\u202eb\u200bc\x00d"
    assert "\u202e" not in visible(s) and "⟨RLO⟩" in visible(s) and "⟨ZWSP⟩" in visible(s)
    assert visible_plain(s) == "a⟨RLO⟩b⟨ZWSP⟩c⟨U+0000⟩d"
    assert unvisible_plain(visible_plain(s)) == s
    assert unvisible_plain("⟨U+0041⟩") == "⟨U+0041⟩"  # only hidden characters are restored


def test_chart_is_plain_escaped_svg() -> None:
    pts = [
        Point("2030-04-01", 4100, 4100, "Health <ministry>", "/documents/d#c-1", "4,100 <x>"),
        Point("2030-04-10", 4300, 4600, "Health <ministry>", "/documents/d#c-2", "4,300–4,600"),
        Point("2030-04-05", 1200, 1200, "Army", "/documents/e#c-3", "1,200"),
        Point("not a date", 1, 1, "Army", "/x", "dropped"),
    ]
    svg = str(svg_chart(pts, ["Health <ministry>", "Army"], "killed <in> X"))
    assert svg.startswith("<svg") and svg.count("<circle") == 2 and 'stroke-width="4"' in svg
    assert "<x>" not in svg and "&lt;x&gt;" in svg and "style=" not in svg
    assert re.search(r"2030-04-0\d", svg)
    assert "No dated values" in str(svg_chart([], [], "t"))


def test_big_charts_are_bucketed() -> None:
    pts = [
        Point(
            f"2030-{1 + i % 12:02d}-{1 + i % 28:02d}", float(i), float(i), f"s{i % 40}", f"/d#c-{i}", str(i)
        )
        for i in range(3000)
    ]
    svg = str(svg_chart(pts, [f"s{i}" for i in range(12)], "big", bucket_over=400))
    marks = svg.count("<circle") + svg.count('stroke-width="4"')
    assert 0 < marks <= 450
    assert "claims," in svg  # bucket labels say how many claims they stand for


def test_many_claims_highlight_quickly() -> None:
    import time

    text = " ".join(f"Officials said {i} people were killed." for i in range(2000))
    marks = []
    pos = 0
    for i in range(2000):
        sent = f"Officials said {i} people were killed."
        f0 = pos + len("Officials said ")
        marks.append(
            ClaimMarks(
                f"c{i}",
                f0,
                f0 + len(str(i)),
                "killed",
                sentence=(pos, pos + len(sent)),
                source=(pos, pos + 9),
            )
        )
        pos += len(sent) + 1
    t = time.perf_counter()
    html = str(highlight(text, marks))
    assert time.perf_counter() - t < 1.0
    assert _parse(html) == text and html.count('class="clm') == 2000


def test_any_spans_keep_text_and_balance() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    texts = st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\u202e\u200b.")), min_size=0, max_size=40)

    @settings(max_examples=200, deadline=None)
    @given(texts, st.lists(st.tuples(*[st.integers(-3, 45)] * 6), max_size=6))
    def check(text: str, spans: list[tuple[int, ...]]) -> None:
        marks = [
            ClaimMarks(f"c{i}", a, b, "killed", sentence=(c, d), source=(e, f))
            for i, (a, b, c, d, e, f) in enumerate(spans)
        ]
        html = str(highlight(text, marks))
        assert unvisible_plain(_parse(html)) == text
        assert "\u202e" not in html

    check()


def _claim(**over: object) -> dict[str, object]:
    c: dict[str, object] = {
        "id": "c1", "document_id": "d/1 x", "text": "12", "low": 12.0, "high": 12.0, "unit": "count",
        "hedge": "exact", "hedge_text": None, "event": "killed", "event_text": "killed", "subject": "people",
        "place": None, "source": "The \u202eRLO army", "source_name": "<b>Army</b>", "source_id": 3,
        "cue": None, "review_status": "corrected", "reviewer": "a<b>", "reviewed_at": "2030-01-01T00:00:00Z",
        "as_of": None, "time_text": None, "period_start": None, "measure_id": "m 1",
        "measure_label": "<i>m</i>",
        "grade": None, "value": "12", "series": "<s>", "sentence": "<script>x</script>", "outlet": "O&O",
        "published": "2030-01-02", "pinned": 1,
    }
    c.update(over)
    return c


def test_claim_html_built_in_python_is_escaped_like_the_templates() -> None:
    from claimledger.serve.cards import claim_fields, claim_row, measure_row, url_part

    fields = str(claim_fields(_claim(), ["<x>", "The \u202eRLO army"], [{"kind": "drift", "detail": "<d>"}]))
    assert "\u202e" not in fields and "⟨RLO⟩" in fields and "<b>" not in fields and "&lt;b&gt;Army" in fields
    assert "none: the source was set by a reviewer" in fields  # corrected source, no cue
    assert "&lt;x&gt; ← The" in fields and "by a&lt;b&gt; at" in fields and "&lt;d&gt;" in fields
    assert 'href="/measures/m%201"' in fields and 'href="/sources?q=%3Cb%3EArmy%3C/b%3E"' in fields
    row = str(claim_row(_claim(source=None, subject="<u>"), [{"kind": "drift"}]))
    assert "own voice" in row and "&lt;u&gt;" in row and 'fl-drift">drift' in row
    mrow = str(measure_row(_claim()))
    assert 'href="/documents/d/1%20x#c-c1"' in mrow and "&lt;script&gt;" in mrow and "O&amp;O" in mrow
    assert "moved here by a person" in mrow
    assert url_part("abc123") == "abc123" and url_part("a b/ü") == "a%20b/%C3%BC" and url_part(None) == ""
