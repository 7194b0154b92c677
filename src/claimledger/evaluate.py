"""Scoring the extractor against annotated gold, in-process.

This is the project's scorer (``shared/eval/score.py``) reimplemented over
``extract()`` so users can measure the extractor on their own annotated
articles without a shell round trip per document. Matching and metrics are the
same, on purpose, so the figures agree with score.py's:

* a prediction matches the first unused gold claim whose span it overlaps;
* a prediction matching nothing is a false positive; one matching an
  ``optional`` gold claim counts neither way; an unmatched ``core`` claim is a
  false negative;
* of matched core claims, value, event and source accuracy are measured
  (value within 1%, vague values inside the gold range; sources match after
  normalising, as a substring either way).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .extract import extract
from .inputs import read_text

Gold = Mapping[str, Any]
Extractor = Callable[[str, str | None], Iterable[Mapping[str, Any]]]
METRICS = ("f1", "value", "event", "source")


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Counts from one scoring run; the rates are derived from them exactly as score.py does."""

    tp: int
    fp: int
    fn: int
    value_ok: int
    event_ok: int
    source_ok: int
    notes: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value(self) -> float:
        return self.value_ok / self.tp if self.tp else 0.0

    @property
    def event(self) -> float:
        return self.event_ok / self.tp if self.tp else 0.0

    @property
    def source(self) -> float:
        return self.source_ok / self.tp if self.tp else 0.0

    def summary(self) -> str:
        """The final line, identical in form to score.py's."""
        return f"f1={self.f1:.3f} value={self.value:.3f} event={self.event:.3f} source={self.source:.3f}"

    def below(self, **minimums: float) -> list[str]:
        """Names of the metrics (f1, value, event, source) under the given minimums."""
        return [m for m in METRICS if getattr(self, m) < minimums.get(m, 0.0)]

    def __add__(self, other: EvalResult) -> EvalResult:
        return EvalResult(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.value_ok + other.value_ok,
            self.event_ok + other.event_ok,
            self.source_ok + other.source_ok,
            self.notes + other.notes,
        )


def norm(s: str | None) -> str | None:
    """Normalise a source name for comparison (NFKC, quotes, case, leading article, punctuation)."""
    if s is None:
        return None
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u2018", "'")
    s = s.lower().strip()
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"[^\w' ]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _close(x: Any, y: Any) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return abs(float(x) - float(y)) <= 0.01 * max(1.0, abs(float(y)))


def value_ok(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    if g["hedge"] == "vague":
        v = p.get("low") if p.get("low") is not None else p.get("high")
        return v is not None and g["low"] <= float(v) <= g["high"]
    return _close(p.get("low"), g["low"]) and _close(p.get("high"), g["high"])


def source_ok(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    ps = norm(p.get("source"))
    golds = g["sources"]
    if not golds:
        return not ps
    if None in golds and not ps:
        return True
    if not ps:
        return False
    for alt in golds:
        a = norm(alt)
        if a and (a in ps or ps in a):
            return True
    return False


def _locate(text: str, claim: Mapping[str, Any], doc: str) -> tuple[int, int]:
    ctx, fig = claim["context"], claim["figure"]
    n = text.count(ctx)
    if n != 1:
        raise InputError(f"gold {doc}", f"context {ctx!r} occurs {n} times in the document (must be once)")
    if fig not in ctx:
        raise InputError(f"gold {doc}", f"figure {fig!r} is not inside its context {ctx!r}")
    at = text.index(ctx) + ctx.index(fig)
    return at, at + len(fig)


def score_document(
    doc: str, text: str, gold_claims: Sequence[Mapping[str, Any]], preds: Iterable[Mapping[str, Any]]
) -> EvalResult:
    """Score one document's predictions (claim dicts with ``span``, values, ``event``, ``source``)."""
    spans = [(_locate(text, c, doc), c) for c in gold_claims]
    tp = fp = fn = val = ev = src = 0
    notes: list[str] = []
    used: set[int] = set()
    for p in preds:
        sp = p.get("span")
        if not sp:
            fp += 1
            continue
        hit = next(
            (i for i, (gs, _) in enumerate(spans) if i not in used and sp[0] < gs[1] and gs[0] < sp[1]), None
        )
        if hit is None:
            fp += 1
            notes.append(f"  FP {doc} {text[sp[0] : sp[1]]!r} ctx={text[max(0, sp[0] - 40) : sp[1] + 20]!r}")
            continue
        used.add(hit)
        c = spans[hit][1]
        if c["scope"] != "core":
            continue
        tp += 1
        okv, oke, oks = value_ok(p, c), p.get("event") == c["event"], source_ok(p, c)
        val += okv
        ev += oke
        src += oks
        if not (okv and oke and oks):
            notes.append(
                f"  MISLABEL {doc} {c['figure']!r}: value={okv} ({p.get('low')},{p.get('high')}) "
                f"event={p.get('event')!r}/{c['event']!r} source={p.get('source')!r}/{c['sources']}"
            )
    for i, (_, c) in enumerate(spans):
        if c["scope"] == "core" and i not in used:
            fn += 1
            notes.append(f"  FN {doc} {c['context']!r}")
    return EvalResult(tp, fp, fn, val, ev, src, tuple(notes))


def _extract_dicts(text: str, published: str | None) -> list[dict[str, Any]]:
    return [c.to_dict() for c in extract(text, published)]


def evaluate(gold: Gold, docs_dir: str | Path, extractor: Extractor = _extract_dicts) -> EvalResult:
    """Score ``extractor`` (by default ``extract``) on every gold document, in sorted order.

    Each document is ``<docs_dir>/<key>.txt``, decoded as ``claimledger extract`` decodes it.
    """
    total = EvalResult(0, 0, 0, 0, 0, 0)
    for doc, g in sorted(gold["docs"].items()):
        text = read_text(str(Path(docs_dir) / f"{doc}.txt"))
        total = total + score_document(doc, text, g["claims"], extractor(text, g.get("published")))
    return total


_CORE_FIELDS = ("low", "high", "hedge", "unit", "event", "sources")


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read and check a gold file (``{"docs": {name: {"published"?, "claims": [...]}}}``)."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, f"is not a JSON gold file ({exc})") from None
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, dict):
        raise InputError(where, "must be an object with a 'docs' object of documents")
    for doc, g in docs.items():  # checked up front: a bad gold file fails before any extraction
        claims = g.get("claims") if isinstance(g, dict) else None
        if not isinstance(claims, list):
            raise InputError(where, f"document {doc!r} needs a 'claims' list")
        for i, c in enumerate(claims):
            need = ("context", "figure", "scope") + (
                _CORE_FIELDS if isinstance(c, dict) and c.get("scope") == "core" else ()
            )
            missing = [k for k in need if not isinstance(c, dict) or k not in c]
            if missing:
                raise InputError(where, f"document {doc!r} claim {i + 1} lacks {', '.join(missing)}")
    return dict(data)
