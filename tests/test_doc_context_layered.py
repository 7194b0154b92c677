"""An article's context reads the ledger's facts through, instead of copying them per document.

``read_context`` used to copy every place, kind and war start the ledger knew into each
article's context: adding a document cost time in proportion to the whole ledger. ``Layered``
must answer and iterate exactly as that merged copy did, and ``Known.theatres`` must follow
new war-start facts.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.ledger.doc_context import Known, Layered, read_context, war_start_of

keys = st.text(alphabet="abcde", min_size=1, max_size=3)
facts = st.dictionaries(keys, st.text(alphabet="xyz", min_size=1, max_size=2), max_size=12)


@given(local=facts, base=facts, later=st.lists(st.tuples(keys, keys), max_size=8))
def test_layered_answers_and_iterates_as_the_merged_copy(
    local: dict[str, str], base: dict[str, str], later: list[tuple[str, str]]
) -> None:
    merged = dict(local)
    for k, v in base.items():  # what read_context did before
        merged.setdefault(k, v)
    layered = Layered(dict(local), base)
    for k, v in later:  # the article's later additions: setdefault, or a new key set outright
        assert merged.setdefault(k, v) == layered.setdefault(k, v)
        if k + "q" not in merged:
            merged[k + "q"] = v
            layered[k + "q"] = v
    assert list(layered.items()) == list(merged.items())
    assert len(layered) == len(merged)
    for k in ["a", "b", "zz", *merged]:
        assert (k in layered) == (k in merged)
        assert layered.get(k) == merged.get(k)
        assert layered.get(k, "-") == merged.get(k, "-")
    assert base == dict(base)  # the ledger's facts are never written through


def test_layered_refuses_to_forget_a_fact() -> None:
    with pytest.raises(TypeError):
        del Layered({"a": "b"}, {})["a"]


def test_read_context_reads_the_ledger_s_facts_without_copying_them() -> None:
    known = Known()
    for i in range(5_000):
        known.parents[f"town{i}"] = "tessaly"
        known.kinds[f"district{i}"] = "district"
    text = "ORVANE, Tessaly - Shelling hit Corran, the capital of Velm province, on Monday."
    ctx = read_context(text, "2031-03-10", known)
    assert isinstance(ctx.parents, Layered) and ctx.parents.base is known.parents
    assert isinstance(ctx.kinds, Layered) and ctx.kinds.base is known.kinds
    assert len(ctx.parents.local) < 10 and ctx.parents["town17"] == "tessaly"  # read through
    assert ctx.parents["corran"] == "velm" and "corran" not in known.parents  # the article's own


def test_known_theatres_follow_new_war_starts() -> None:
    known = Known(war_start={"tessaly|war": "2031-01-05", "tessaly|offensive": "2030-12-01"})
    by_theatre, war_of = known.theatres()
    assert by_theatre == {"tessaly": {"war": "2031-01-05", "offensive": "2030-12-01"}}
    assert war_of == {"tessaly": "2031-01-05"} == {"tessaly": war_start_of(by_theatre["tessaly"])}
    assert known.theatres()[0] is by_theatre  # cached while no fact is added
    known.war_start.setdefault("velm|invasion", "2031-02-02")
    assert known.theatres()[1] == {"tessaly": "2031-01-05", "velm": "2031-02-02"}
    ctx = read_context("The war began on 5 January 2031.", "2031-03-10", known)
    assert ctx.war_starts == {"2031-01-05", "2031-02-02"}
