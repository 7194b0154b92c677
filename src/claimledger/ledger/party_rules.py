"""The party model's vocabulary (``data/parties.json``), checked against a schema once per process.

Kept apart from the code so a desk can add an institution type ("coast guard"),
a role word or a sentence adverb without touching Python; a malformed file is a
RuleDataError naming the file and the place, raised the first time it is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..datafiles import load_data
from ..datafiles import validate as validate_data
from ..errors import RuleDataError

#: the word lists this module reads (their shape is checked by the schema in claimledger/data/schemas.py)
_WORD_LISTS = (
    "generic_heads", "any_body_heads", "roles", "runner_suffixes", "place_suffixes", "place_nouns",
    "sentence_adverbs", "non_party_words", "document_nouns", "clause_words", "time_words",
    "state_military_subjects", "descriptor_words", "state_owner_words", "publication_nouns",
    "body_descriptors", "name_verbs", "apposition_leads", "group_name_words", "report_body_heads",
)


def validate(data: Any) -> None:
    """Raise RuleDataError naming ``data/parties.json`` and the place when ``data`` breaks the schema.

    The schema (``claimledger/data/schemas.py``) checks shapes; here, that every
    title names an institution type the file defines.
    """
    validate_data("parties", data)
    unknown = {v["speaks_as"] for v in data["institutions"].values() if "speaks_as" in v} - set(
        data["institutions"]
    )
    if unknown:
        raise RuleDataError(f"data/parties.json at institutions: unknown speaks_as type(s) {sorted(unknown)}")
    unknown = set(data["title_types"].values()) - set(data["institutions"])
    if unknown:
        raise RuleDataError(
            f"data/parties.json at title_types: unknown institution type(s) {sorted(unknown)}"
        )


@dataclass(frozen=True, slots=True)
class Institution:
    """One institution type: its id, how it is shown, whether it reports on its own place,
    and whether it belongs to a place below a country (a province, a city).

    ``speaks_as`` is the type whose voice it is: a state's defence ministry announces its armed
    forces' figures, so "Drusk's defence ministry" and "the Druskan army" are one party."""

    type: str
    label: str
    local: bool
    subnational: bool = False
    speaks_as: str | None = None
    #: a state's body (a ministry, the army): "in <capital>" says where it sits, not whose it is
    national: bool = False
    #: a city's own body (a council, a mayor): named with no place in a story filed from a city, that city's
    city: bool = False

    @property
    def party_type(self) -> str:
        """The type a party of this institution is keyed by."""
        return self.speaks_as or self.type


@dataclass(frozen=True, slots=True)
class PartyRules:
    """The checked vocabulary as sets and lookup tables."""

    institutions: dict[str, Institution]
    #: phrase (lower-case words) -> institution type, longest phrases first
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    title_types: dict[str, str]
    generic_heads: frozenset[str]
    any_body_heads: frozenset[str]
    roles: frozenset[str]
    runner_suffixes: frozenset[str]
    place_suffixes: frozenset[str]
    place_nouns: frozenset[str]
    sentence_adverbs: frozenset[str]
    non_party_words: frozenset[str]
    document_nouns: frozenset[str]
    clause_words: frozenset[str]
    time_words: frozenset[str]
    state_military_subjects: frozenset[str]
    descriptor_words: frozenset[str]
    state_owner_words: frozenset[str]
    publication_nouns: frozenset[str]
    body_descriptors: frozenset[str]
    name_verbs: frozenset[str]
    apposition_leads: frozenset[str]
    #: words of an armed group's own name ("Liberation"): an army phrase after one is a named group's
    group_name_words: frozenset[str]
    #: the head words of a body that publishes its own counts under its own name ("watch", "mission"):
    #: an outlet so named is that body, its own-voice figures the body's statements
    report_body_heads: frozenset[str]
    #: a head word -> the words that name the same kind of body (monitor: observer, monitoring)
    head_kin: dict[str, frozenset[str]]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PartyRules:
        validate(data)
        insts = {
            t: Institution(
                t, v["label"], bool(v["local"]), bool(v.get("subnational", False)), v.get("speaks_as"),
                bool(v.get("national", False)), bool(v.get("city", False)),
            )
            for t, v in data["institutions"].items()
        }
        phrases = sorted(
            ((tuple(p.casefold().split()), t) for t, v in data["institutions"].items() for p in v["phrases"]),
            key=lambda pt: -len(pt[0]),
        )
        return cls(
            institutions=insts, phrases=tuple(phrases), title_types=dict(data["title_types"]),
            head_kin={w.casefold(): frozenset(x.casefold() for x in group)
                      for group in data["head_kin"] for w in group},
            **{k: frozenset(w.casefold() for w in data[k]) for k in _WORD_LISTS},
        )


@cache
def party_rules() -> PartyRules:
    """The bundled rules (cached for the process)."""
    return PartyRules.from_data(load_data("parties"))
