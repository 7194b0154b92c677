"""The rule files are data checked against schemas: good ones load, bad ones say where they are wrong."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from claimledger.data.schemas import SCHEMAS
from claimledger.datafiles import load_data
from claimledger.datafiles import validate as validate_data
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


# -- every data file: a strict schema, no unread key, a version bumped with every change ------------

SRC = Path(__file__).resolve().parent.parent / "src" / "claimledger"
DATA = SRC / "data"
DATA_FILES = sorted(p.stem for p in DATA.glob("*.json"))
VERSIONS = Path(__file__).parent / "data" / "rule_data_versions.json"
DOC_KEYS = {"about", "_doc", "comment"}  # free text for people; no code reads it


def test_every_data_file_has_a_schema_and_fits_it() -> None:
    assert sorted(SCHEMAS) == DATA_FILES
    for name in DATA_FILES:
        validate_data(name, json.loads((DATA / f"{name}.json").read_bytes()))


def _objects_with_fixed_keys(schema: object) -> list[dict[str, object]]:
    if isinstance(schema, dict):
        own = [schema] if "properties" in schema else []
        return own + [o for v in schema.values() for o in _objects_with_fixed_keys(v)]
    if isinstance(schema, list):
        return [o for v in schema for o in _objects_with_fixed_keys(v)]
    return []


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_refuse_unknown_keys_and_require_every_key_read(name: str) -> None:
    for obj in _objects_with_fixed_keys(SCHEMAS[name]):
        assert obj.get("additionalProperties") is False, obj
    top = SCHEMAS[name]
    assert set(top["required"]) | DOC_KEYS >= set(top["properties"]), "a key code reads may not be optional"
    data = copy.deepcopy(load_data(name))
    data["zz_misspelt"] = []
    with pytest.raises(RuleDataError, match=rf"data/{name}\.json at \(top level\).*zz_misspelt"):
        validate_data(name, data)


def unread_keys(name: str, root: Path = SRC) -> list[str]:
    """Keys of ``name``'s schema that no module (other than the schemas) names as a string literal."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py") if p.name != "schemas.py")
    keys = set(SCHEMAS[name]["properties"]) - DOC_KEYS - {"version"}
    return sorted(k for k in keys if not re.search(rf"""["']{re.escape(k)}["']""", code))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_key_in_the_data_is_read_by_some_module(name: str) -> None:
    assert unread_keys(name) == []


def test_an_unread_key_is_found(tmp_path: Path) -> None:
    (tmp_path / "reader.py").write_text('words = data["units"]\n')
    assert "tens" in unread_keys("numbers", tmp_path) and "units" not in unread_keys("numbers", tmp_path)


def test_each_version_has_one_content() -> None:
    """Changing a data file without bumping its ``version`` fails here.

    tests/data/rule_data_versions.json maps every file's versions to the sha256 of
    their bytes. After a change: bump the file's ``version`` (the counter at its end)
    and add the new version with its hash; never change a recorded hash.
    """
    recorded = json.loads(VERSIONS.read_text())
    assert sorted(recorded) == [f"{n}.json" for n in DATA_FILES]
    for name in DATA_FILES:
        raw = (DATA / f"{name}.json").read_bytes()
        version, digest = json.loads(raw)["version"], hashlib.sha256(raw).hexdigest()
        known = recorded[f"{name}.json"]
        assert version in known, f"data/{name}.json: version {version!r} is new: record sha256 {digest}"
        assert known[version] == digest, (
            f"data/{name}.json changed but its version is still {version!r}: bump it, then record the new one"
        )
