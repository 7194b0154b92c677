"""Which measure-key fields split or wrongly merge gold measures, across every reconcile set.

A measure key has several fields (event, population, affiliation, place, period kind, period start,
period end, unit); two claims of one gold measure land in two ledger measures when ANY field is read
differently. This script reads ledgers kept by the shared scorer (``score.py --keep DIR``), matches
gold claims to ledger claims as the scorer does (span overlap), and for every pair of core claims of
one gold measure that the ledger split, names the fields in which their two measures differ. It also
counts wrongly merged pairs. Counts are claim PAIRS, the unit measure_p / measure_r are computed on.

usage:
  python3 scripts/measure_error_taxonomy.py --shared ../shared/eval/reconcile KEEPDIR
where KEEPDIR holds one folder per set (dev, blind2, blind3, ... one per tests/reconcile_blindN) made by
  python3 <shared>/score.py --cmd-prefix $PWD/.venv/bin/claimledger --set tests/reconcile_blindN \\
      --keep KEEPDIR/blindN
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import itertools
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIELDS = ("event", "subject", "affiliation", "place", "period_kind", "period_start", "period_end", "unit")


def _load_score(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", shared / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


Pair = tuple[dict[str, Any], dict[str, Any] | None]


def matched_claims(score: Any, folder: Path, keep: Path) -> list[Pair]:
    """(gold core claim, its measure row or None) for every matched core claim, as the scorer matches."""
    _gold, _texts, claims = score.load_set(str(folder))
    lines = (keep / "export.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(ln) for ln in lines if ln.strip()]
    by_doc: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in rows:
        url = r.get("document_url") or ""
        if url.startswith("set://"):
            by_doc[url[len("set://") :]].append(r)
    db = sqlite3.connect(keep / "ledger.db")
    cols = ", ".join(FIELDS)
    measures = {
        r[0]: dict(zip(FIELDS, r[1:], strict=True)) for r in db.execute(f"SELECT id, {cols} FROM measures")
    }
    labels = dict(db.execute("SELECT id, label FROM measures").fetchall())
    taken: set[str] = set()
    out = []
    for c in sorted(claims, key=lambda c: c["scope"] != "core"):
        s, e = c["span"]
        best, best_score = None, None
        for r in by_doc.get(c["doc"], []):
            if r["id"] in taken:
                continue
            ov = min(e, r["span_end"]) - max(s, r["span_start"])
            if ov <= 0:
                continue
            sc = (r["span_start"] <= s and r["span_end"] >= e, ov)
            if best_score is None or sc > best_score:
                best, best_score = r, sc
        if best is None:
            continue
        taken.add(best["id"])
        if c["scope"] != "core":
            continue
        mid = best.get("measure_id")
        m = dict(measures[mid], id=mid, label=labels[mid]) if mid in measures else None
        out.append((c, m))
    return out


def _unread(field: str, value: str | None) -> bool:
    """No value read, or (a start) one no text dated: neither a day nor the war's start."""
    if not value:
        return True
    return field == "period_start" and value != "war" and not value[:1].isdigit()


#: a gold measure's period kind, read from its description's words (the gold writes "(incident ...)",
#: "(cumulative)", "in the week to ...", "(stock)"): a rough reading, for counting, never for rules
_INCIDENT_NOUNS = (
    "strike|attack|raid|ambush|bombing|shelling|sinking|explosion|flood|floods|massacre|killings|clash|blast"
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_GOLD_PERIOD = (
    ("cumulative", re.compile(r"\(cumulative", re.IGNORECASE)),
    ("stock", re.compile(r"\(stock|\(force size", re.IGNORECASE)),
    ("incident", re.compile(
        r"\(single|^(?!.*\bsince\b).*\bon (?:the \w+ (?:to|of) )?\d{4}-\d{2}-\d{2}", re.IGNORECASE
    )),
    ("incident", re.compile(
        rf"\(incident|\(one day|\bincident\b|\b(?:{_INCIDENT_NOUNS})\b[^()]*\b\d{{4}}-\d{{2}}-\d{{2}}\b",
        re.IGNORECASE,
    )),
    ("window", re.compile(
        r"\bin the (?:week|month|past|last|first)\b|\bweek to\b|\b24 hours\b|\(window|\bper day\b"
        rf"|\bin (?:{_MONTHS})\b(?![^()]*\bsince\b)|\bin (?:19|20)\d\d\b",
        re.IGNORECASE,
    )),
    ("stock", re.compile(r"\(stock|\bstock\b", re.IGNORECASE)),
    ("cumulative", re.compile(r"\bcumulative\b|\bsince\b", re.IGNORECASE)),
)


def gold_period(description: str) -> str:
    """The period kind a gold measure's description names ("other" when it names none)."""
    for kind, pat in _GOLD_PERIOD:
        if pat.search(description):
            return kind
    return "other"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval" / "reconcile")
    ap.add_argument("keep", type=Path)
    ap.add_argument("--merges", action="store_true", help="list the gold measures each wrong merge joins")
    ap.add_argument(
        "--periods", action="store_true",
        help="count wrongly merged pairs whose gold measures differ in period kind (from the gold's words)",
    )
    a = ap.parse_args()
    score = _load_score(a.shared)
    blind = sorted(REPO.glob("tests/reconcile_blind*"),
                   key=lambda p: int(p.name.removeprefix("reconcile_blind")))
    sets = {"dev": a.shared, **{p.name.removeprefix("reconcile_"): p for p in blind}}
    split: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    merged: collections.Counter[str] = collections.Counter()
    merged_measures: collections.Counter[tuple[str, str, str]] = collections.Counter()
    # per single field: pairs a tolerance of that field would join, right (same gold) and wrong
    tol: dict[tuple[str, bool], list[collections.Counter[str]]] = collections.defaultdict(
        lambda: [collections.Counter(), collections.Counter()]
    )
    examples: dict[str, list[str]] = collections.defaultdict(list)
    period_merged: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for name, folder in sets.items():
        if not (a.keep / name / "ledger.db").exists():
            continue
        items = matched_claims(score, folder, a.keep / name)
        described = json.loads((folder / "gold-reconcile.json").read_text(encoding="utf-8"))["measures"]
        kinds = {k: gold_period(v) for k, v in described.items()}
        for (ca, ma), (cb, mb) in itertools.combinations(items, 2):
            same_gold = ca["measure"] == cb["measure"]
            same_pred = ma is not None and mb is not None and ma["id"] == mb["id"]
            if ma is not None and mb is not None and not same_pred:
                diff = [f for f in FIELDS if (ma[f] or "").casefold() != (mb[f] or "").casefold()]
                if len(diff) == 1:
                    f = diff[0]
                    unread = any(_unread(f, m[f]) for m in (ma, mb))
                    tol[(f, unread)][0 if same_gold else 1][name] += 1
            if same_gold and not same_pred:
                if ma is None or mb is None:
                    why = "no measure"
                else:
                    why = "+".join(f for f in FIELDS if (ma[f] or "").casefold() != (mb[f] or "").casefold())
                split[why][name] += 1
                if len(examples[why]) < 4 and ma and mb:
                    examples[why].append(f"{name} {ca['measure']}: [{ma['label']}] vs [{mb['label']}]")
            elif same_pred and not same_gold:
                merged[name] += 1
                ka, kb = kinds.get(ca["measure"], "other"), kinds.get(cb["measure"], "other")
                if ka != kb:
                    period_merged["+".join(sorted((ka, kb)))][name] += 1
                pair = tuple(sorted((ca["measure"], cb["measure"])))
                merged_measures[(name, *pair)] += 1
    print("fields differing in split pairs (pairs lost, by set):")
    for why, per in sorted(split.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values()))):
        sets_s = ", ".join(f"{k}:{v}" for k, v in sorted(per.items()))
        print(f"  {why:40s} sets={len(per):2d} pairs={sum(per.values()):5d}  {sets_s}")
        for ex in examples[why]:
            print(f"      e.g. {ex}")
    print("wrongly merged pairs by set:", dict(merged))
    if a.merges:
        print("wrongly merged gold measures (set, measure, measure: pairs):")
        for (name, x, y), n in merged_measures.most_common():
            print(f"  {name} {x} {y}: {n}")
    if a.periods:
        print("wrongly merged pairs joining two gold period kinds (kinds: pairs by set):")
        for why, per in sorted(period_merged.items(), key=lambda kv: -sum(kv[1].values())):
            sets_s = ", ".join(f"{k}:{v}" for k, v in sorted(per.items()))
            print(f"  {why:24s} pairs={sum(per.values()):5d}  {sets_s}")
    print("tolerating ONE field (measures equal on all others): pairs it would join rightly / wrongly")
    for (f, unread), (right, wrong) in sorted(tol.items()):
        kind = "one side unread" if unread else "both read"
        print(
            f"  {f:14s} {kind:16s} right={sum(right.values()):5d} in {len(right):2d} sets"
            f"  wrong={sum(wrong.values()):5d} in {len(wrong):2d} sets"
        )


if __name__ == "__main__":
    main()
