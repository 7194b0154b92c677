"""The rule files are data checked against schemas: good ones load, bad ones say where they are wrong."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from claimledger.errors import RuleDataError
from claimledger.extract.vocab import RULE_FILES, RULES_VERSION, load, validate


@pytest.mark.parametrize("name", RULE_FILES)
def test_bundled_rule_file_fits_its_schema(name: str) -> None:
    validate(name, load(name))


def test_rules_version_names_every_file_and_a_content_hash() -> None:
    head, _, digest = RULES_VERSION.partition("+")
    assert head.startswith("rules-") and len(head.removeprefix("rules-").split(".")) == len(RULE_FILES)
    assert len(digest) == 8 and int(digest, 16) >= 0


def _broken(name: str, path: list[str], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(load(name))
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


INVALID = [
    ("events", ["triggers", "exploded"], {"weight": 1, "phrases": ["boom"]}, "exploded"),
    ("events", ["triggers", "killed", "weight"], "heavy", "triggers/killed/weight"),
    ("events", ["triggers", "killed", "phrases"], ["killed", ""], "triggers/killed/phrases/1"),
    ("hedges", ["before", "roughly"], ["roughly"], "roughly"),
    ("numbers", ["vague", "dozens"], [24], "vague/dozens"),
    ("numbers", ["units", "one"], "1", "units/one"),
    ("cues", ["verbs"], KeyError, "verbs"),
    ("noclaim", ["months", "march"], "three", "months/march"),
]


@pytest.mark.parametrize(("name", "path", "value", "where"), INVALID, ids=[f"{i[0]}:{i[3]}" for i in INVALID])
def test_invalid_rule_is_refused_naming_the_place(name: str, path: list[str], value: Any, where: str) -> None:
    with pytest.raises(RuleDataError, match=f"data/{name}.json") as err:
        validate(name, _broken(name, path, value))
    assert where.split("/")[0] in str(err.value)


def test_unknown_rule_file_is_refused() -> None:
    with pytest.raises(RuleDataError, match="unknown rule file"):
        load("astrology")
