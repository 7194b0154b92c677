"""A small real ledger for the review-page tests, built through the ledger's own API.

Claims are written by hand (exact spans, sources, events) so the pages have
known things to show whatever the extractor currently finds; one article goes
through ``extract`` as well, and one is hostile (script, HTML, bidi override).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimledger.ledger import open_ledger
from claimledger.model import Claim, Document
from claimledger.reconcile import reconcile_ledger

RULES = "test.v1"


def _sentence(text: str, at: int) -> tuple[int, int]:
    dot = text.rfind(". ", 0, at)
    start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, at) + 1)
    end = text.find(".", at)
    return (start, len(text) if end < 0 else end + 1)


def claim(
    text: str,
    figure: str,
    low: float | None,
    high: float | None = None,
    *,
    hedge: str = "exact",
    event: str = "killed",
    subject: str | None = "civilians",
    place: str | None = "Brennick",
    source: str | None = None,
    as_of: str | None = None,
    unit: str = "count",
) -> Claim:
    """A claim on the first occurrence of ``figure`` (and of ``source``) in ``text``."""
    start = text.index(figure)
    span = (start, start + len(figure))
    src_span = None
    if source is not None and source in text:
        s = text.index(source)
        src_span = (s, s + len(source))
    return Claim(
        span=span,
        text=figure,
        low=low,
        high=low if high is None else high,
        hedge=hedge,
        unit=unit,
        event=event,
        sentence_span=_sentence(text, start),
        rules=RULES,
        subject=subject,
        place=place,
        as_of=as_of,
        source=source,
        source_span=src_span,
        cue="said" if source else None,
    )


@dataclass
class Built:
    path: Path
    docs: dict[str, Document]
    claims: dict[str, list[str]]  # document key -> claim ids in text order


A1 = (
    "Brennick health officials said on Monday that more than 4,100 civilians have been killed in Brennick "
    "since March 1. The Zorvan army said 1,200 civilians had been killed there since March 1.\n\n"
    "Aid groups said about 30,000 "
    "people were displaced from Tarvel."
)
A2 = (
    "The Zorvan army said on Friday that 1,500 civilians had been killed in Brennick since March 1. "
    "Officials disputed it."
)
A3 = "Brennick health officials said 4,600 civilians have been killed in Brennick since March 1."
PLAIN = "Shelling hit 3 villages and 14 homes on Tuesday."
HOSTILE = (
    "<script>alert('x')</script> Officials said 12 people were killed. <img src=x onerror=alert(1)> "
    "The \u202eRLO\u202c army said 7 civilians died. &amp; <b>bold</b>"
)


def build_ledger(path: Path) -> Built:
    docs = {
        "a1": Document.from_text(
            A1,
            title="Brennick toll rises",
            outlet="Daily Ledger",
            published="2030-04-02",
            url="https://example.org/a1",
        ),
        "a2": Document.from_text(
            A2, title="Army gives lower toll", outlet="Zorvan Wire", published="2030-04-05"
        ),
        "a3": Document.from_text(
            A3, title="Health officials update", outlet="Daily Ledger", published="2030-04-20"
        ),
        "hostile": Document.from_text(
            HOSTILE,
            title="<script>alert('t')</script>\u202eevil",
            outlet="<b>Outlet</b>",
            published="2030-04-21",
            url="javascript:alert(1)",
        ),
        "plain": Document.from_text(PLAIN, title="Plain", outlet="Wire", published="2030-04-22"),
        # Goes through the real extractor: pages must show whatever it finds (nothing asserted on it).
        "extracted": Document.from_text(
            "The health ministry said on Monday that at least 212 people had been killed since March 3.",
            title="Extracted",
            outlet="Wire",
            published="2030-04-23",
        ),
    }
    claims = {
        "a1": [
            claim(
                A1,
                "more than 4,100",
                4100,
                None,
                hedge="more_than",
                source="Brennick health officials",
                as_of="2030-04-01",
            ),
            claim(A1, "1,200", 1200, source="The Zorvan army", as_of="2030-04-02"),
            claim(
                A1,
                "about 30,000",
                30000,
                hedge="about",
                event="displaced",
                subject="people",
                place=None,
                source="Aid groups",
                as_of="2030-04-02",
            ),
        ],
        "a2": [claim(A2, "1,500", 1500, source="The Zorvan army", as_of="2030-04-04")],
        "a3": [claim(A3, "4,600", 4600, source="Brennick health officials", as_of="2030-04-19")],
        "hostile": [
            claim(HOSTILE, "12", 12, source="Officials"),
            claim(HOSTILE, "7", 7, source="The \u202eRLO\u202c army", subject="<i>civilians</i>"),
        ],
        "plain": [
            claim(PLAIN, "3", 3, event="destroyed", subject="villages", place=None),
            claim(PLAIN, "14", 14, event="destroyed", subject="homes", place=None),
        ],
        "extracted": None,
    }
    ids: dict[str, list[str]] = {}
    with open_ledger(path) as led:
        for key, doc in docs.items():
            led.add(doc, origin=f"test:{key}", fmt="txt", claims=claims[key])
        for key, doc in docs.items():
            ids[key] = [
                r[0]
                for r in led.conn.execute(
                    "SELECT id FROM claims WHERE document_id = ? ORDER BY span_start", (doc.id,)
                )
            ]
        reconcile_ledger(led.conn)
    return Built(path, docs, ids)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Built]:
    yield build_ledger(tmp_path / "claims.db")


def csrf_from(html: str) -> str:
    m = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)
