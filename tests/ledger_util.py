"""Helpers for the ledger tests: claims built by hand with spans that point into their text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from claimledger.model import Claim, Document, Party

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"


def span_of(text: str, part: str | None) -> tuple[int, int] | None:
    if part is None:
        return None
    i = text.index(part)
    return (i, i + len(part))


def make_claim(
    text: str, figure: str, *, value: float | None = None, high: float | None = None, hedge: str = "exact",
    unit: str = "count", event: str = "killed", subject: str | None = None, place: str | None = None,
    source: str | None = None, cue: str | None = None, as_of: str | None = None,
    period_start: str | None = None, reported_by: tuple[Party, ...] = (),
) -> Claim:
    """A claim on ``figure`` in ``text``; every other field's span is found in ``text`` too."""
    span = span_of(text, figure)
    assert span is not None
    low = value if value is not None else float(figure.replace(",", ""))
    return Claim(
        span=span, text=figure, low=low, high=high if high is not None else low, hedge=hedge, unit=unit,
        event=event, sentence_span=(0, len(text)), rules="test.v1",
        subject=subject, subject_span=span_of(text, subject), place=place, place_span=span_of(text, place),
        as_of=as_of, period_start=period_start, source=source, source_span=span_of(text, source),
        cue=cue, cue_span=span_of(text, cue), reported_by=reported_by,
    )


def doc(text: str, **meta: str) -> Document:
    return Document.from_text(text, **meta)


def run_cli(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """Run the real `claimledger` command in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("CLAIMLEDGER_DB", "CLAIMLEDGER_ALIASES")}
    full_env.update({"COLUMNS": "160", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "claimledger.cli", *args], cwd=cwd, input=stdin, capture_output=True,
        text=True, env=full_env, timeout=120,
    )
