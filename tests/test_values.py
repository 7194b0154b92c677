"""The one value formatter: one wording per hedge in every output."""

from __future__ import annotations

import pytest

from claimledger.model import HEDGES
from claimledger.values import LOWER_BOUND, UPPER_BOUND, format_number, format_value

CASES = [
    # (low, high, hedge, unit) -> words
    ((1240.0, 1240.0, "exact", "count"), "1,240"),
    ((12.5, 12.5, "exact", "percent"), "12.5%"),
    ((300.0, 300.0, "about", "count"), "about 300"),
    ((12.0, 12.0, "about", "percent"), "about 12%"),
    ((60000.0, None, "more_than", "count"), "more than 60,000"),
    ((4100.0, 4100.0, "more_than", "count"), "more than 4,100"),
    ((40.0, None, "at_least", "count"), "at least 40"),
    ((None, 100.0, "less_than", "count"), "fewer than 100"),
    ((None, 5.0, "less_than", "percent"), "less than 5%"),
    ((None, 20.0, "at_most", "count"), "at most 20"),
    ((None, 5000.0, "up_to", "count"), "up to 5,000"),
    ((3500.0, 4500.0, "range", "count"), "3,500–4,500"),
    ((10.0, 12.0, "range", "percent"), "10–12%"),
    ((200.0, 999.0, "vague", "count"), "200–999"),
    ((1234.5, 1234.5, "exact", "count"), "1,234.5"),
    ((None, None, "vague", "count"), "(no value)"),
    ((None, None, "exact", "count"), "(no value)"),
]


@pytest.mark.parametrize(("args", "words"), CASES)
def test_format_value(args: tuple[float | None, float | None, str, str], words: str) -> None:
    assert format_value(*args) == words


def test_every_hedge_has_a_case() -> None:
    assert {args[2] for args, _ in CASES} == set(HEDGES)
    assert set(HEDGES) > LOWER_BOUND | UPPER_BOUND


def test_format_number() -> None:
    assert [format_number(v) for v in (0.0, 1200.0, 1234.5, 0.125, 1e6)] == ["0", "1,200", "1,234.5", "0.12",
                                                                            "1,000,000"]
