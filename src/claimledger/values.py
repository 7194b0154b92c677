"""A claim's value in words: the one formatter every output uses.

The CLI's tables (``extract --format table``, ``claims``), the review page, the
chart's labels and the conflicts report (flag details) all say a value this
way, so a reader sees one wording for one hedge wherever they look:

=============  ===========================  ==================================
hedge          example                      rule
=============  ===========================  ==================================
exact          ``1,240`` / ``12.5%``        the number
about          ``about 300``                "about"
more_than      ``more than 60,000``         "more than" + the lower bound
at_least       ``at least 40``              "at least" + the lower bound
less_than      ``fewer than 100``           "fewer than" for a count of things,
               ``less than 5%``             "less than" for a share (percent)
at_most        ``at most 20``               "at most" + the upper bound
up_to          ``up to 5,000``              "up to" + the upper bound
range          ``3,500–4,500`` / ``10–12%`` low–high (en dash), "%" once at the end
vague          ``200–999``                  the range the words were read as
=============  ===========================  ==================================

Numbers are written as people write them: thousands separated by commas,
whole numbers without decimals, others with at most two (``1,234.5``). A claim
with no number at all reads ``(no value)``. Only the chart's axis ticks use a
shorter form (``10k``); they label a scale, not a claim.
"""

from __future__ import annotations

#: Hedges whose value is a lower bound (the claim's ``low``).
LOWER_BOUND = frozenset({"more_than", "at_least"})
#: Hedges whose value is an upper bound (the claim's ``high``).
UPPER_BOUND = frozenset({"less_than", "at_most", "up_to"})

_WORDS: dict[str, str] = {
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "fewer than ",
    "at_most": "at most ",
    "up_to": "up to ",
}
NO_VALUE = "(no value)"


def format_number(v: float) -> str:
    """``1200.0`` -> ``1,200``; ``1234.5`` -> ``1,234.5``; at most two decimals."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def format_value(low: float | None, high: float | None, hedge: str | None, unit: str | None) -> str:
    """A claim's value as a reader would say it: 'more than 4,100', '1,200–1,500', 'about 12%'."""
    if hedge == "exact" and unit == "count" and low is not None and low == high and float(low).is_integer():
        return f"{int(low):,}"  # the common case, without the helper calls (reconcile formats a million)
    if low is None and high is None:
        return NO_VALUE
    pct = "%" if unit == "percent" else ""
    hedge = hedge or ""
    if hedge in LOWER_BOUND or hedge in UPPER_BOUND:
        v = high if hedge in UPPER_BOUND and high is not None else low if low is not None else high
        assert v is not None
        word = "less than " if hedge == "less_than" and pct else _WORDS[hedge]
        return f"{word}{format_number(v)}{pct}"
    if low is not None and high is not None and low != high:
        body = f"{format_number(low)}–{format_number(high)}"
    else:
        v = low if low is not None else high
        assert v is not None
        body = format_number(v)
    return f"{_WORDS.get(hedge, '')}{body}{pct}"
