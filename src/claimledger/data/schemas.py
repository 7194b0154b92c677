"""The JSON Schema of every data file in this folder: no key unknown, no key unread.

``datafiles.load_data`` checks each file against its schema the first time it is
loaded, so a misspelt key, a wrong type or a key nobody reads fails naming the
file and the place, not deep inside a regular expression. Every object whose
keys are fixed says ``additionalProperties: false``; every key the code reads is
``required``. A new key is a new line here and the code that reads it; a key no
code reads any more leaves the file and this table together
(``tests/test_rule_data.py`` checks both ways).

Each file's ``version`` ends in a counter that goes up by one with every change
to the file (``tests/data/rule_data_versions.json`` records the content hash of
every version, so a change without a bump fails).
"""

from __future__ import annotations

from typing import Any

from ..model import EVENTS, HEDGES

EVENT_NAMES = list(EVENTS)
#: the hedges written as words (ranges and vague quantities carry their own)
HEDGE_NAMES = [h for h in HEDGES if h not in ("range", "vague")]

_STR = {"type": "string"}
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SOME_WORDS = {**_WORDS, "minItems": 1}
_NUMS = {"type": "object", "additionalProperties": {"type": "number"}}
_INTS = {"type": "object", "additionalProperties": {"type": "integer"}}
_NAMES = {"type": "object", "additionalProperties": {"type": "string"}}
_RANGE = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
_EVENT_LIST = {"type": "array", "items": {"enum": EVENT_NAMES}}
_HEDGED_WORDS = {"type": "object", "propertyNames": {"enum": HEDGE_NAMES}, "additionalProperties": _WORDS}
#: "1", "2", … for the extraction files; "measures.v2", "textmeta-1" … for the others
_VERSION = {"type": "string", "pattern": r"^(?:[a-z]+(?:\.v|-))?[1-9][0-9]*$"}


def _file(doc_key: str, fields: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A file's schema: ``version``, one free-text documentation key, and exactly ``fields``."""
    return {
        "type": "object",
        "required": ["version", *(k for k in fields if k not in optional)],
        "additionalProperties": False,
        "properties": {"version": _VERSION, doc_key: _STR, **fields},
    }


_EVENT = {
    "type": "object",
    "required": ["weight", "phrases"],
    "additionalProperties": False,
    "properties": {
        "weight": {"type": "number", "minimum": 0, "maximum": 2}, "phrases": _WORDS, "weak": _WORDS,
    },
}
#: One row of the event table (``events.json`` "events"): what the ledger, reconcile and the page
#: make of an event (claimledger.event_kinds reads it; every field is required, no others allowed).
_EVENT_ROW = {
    "type": "object",
    "required": ["label", "label_unstated", "counted", "noun_class", "colour"],
    "additionalProperties": False,
    "properties": {
        "label": {"type": "string", "pattern": "\\{s\\}"},
        "label_unstated": {"type": "string", "minLength": 1},
        "counted": {"enum": ["running_total", "per_occasion", "level"]},
        "noun_class": {"enum": ["people", "materiel"]},
        "colour": {"type": "string", "pattern": "^#[0-9a-f]{6}$"},
    },
}
_POPULATION = {
    "type": "object",
    "required": ["parent", "words"],
    "additionalProperties": False,
    "properties": {
        "parent": {"type": ["string", "null"]},
        "words": _SOME_WORDS,
        "military": {"type": "boolean"},
        "merge_into_parent_for": _EVENT_LIST,
    },
}
_INSTITUTION = {
    "type": "object",
    "required": ["label", "local", "phrases"],
    "additionalProperties": False,
    "properties": {
        "label": {"type": "string", "minLength": 1},
        "local": {"type": "boolean"},
        "subnational": {"type": "boolean"},
        "national": {"type": "boolean"},
        "city": {"type": "boolean"},
        "speaks_as": {"type": "string"},
        "phrases": _SOME_WORDS,
    },
}
_PARTY_WORD_LISTS = (
    "generic_heads", "any_body_heads", "roles", "runner_suffixes", "place_suffixes", "place_nouns",
    "sentence_adverbs", "non_party_words", "document_nouns", "clause_words", "time_words",
    "state_military_subjects", "descriptor_words", "state_owner_words", "publication_nouns",
    "body_descriptors", "name_verbs", "apposition_leads", "people_word_endings", "group_name_words",
    "report_body_heads",
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "numbers": _file("about", {
        "units": _NUMS, "tens": _NUMS, "scales": _NUMS, "suffix_scales": _NUMS, "fractions": _NUMS,
        "fraction_numerators": _NUMS, "denominators": _NUMS,
        "vague": {"type": "object", "additionalProperties": _RANGE},
    }),
    "hedges": _file("about", {
        "before": _HEDGED_WORDS, "after": _HEDGED_WORDS, "modal": _HEDGED_WORDS, "modal_lead": _HEDGED_WORDS,
        "verb_particles": _WORDS,
    }),
    "events": _file("about", {
        "triggers": {"type": "object", "propertyNames": {"enum": EVENT_NAMES},
                     "additionalProperties": _EVENT},
        "noun_classes": {"type": "object", "additionalProperties": _WORDS},
        "loss_words": _WORDS,
        "people_events": _EVENT_LIST,
        "materiel_events": _EVENT_LIST,
        "clause_breaks": _WORDS,
        "weak_weight": {"type": "number", "minimum": 0, "maximum": 2},
        "coordinators": _WORDS,
        "noun_events": {"type": "object", "propertyNames": {"enum": EVENT_NAMES},
                        "additionalProperties": _WORDS},
        "part_markers": _WORDS,
        "level_verbs": _WORDS,
        "name_words": _WORDS,
        "force_verbs": _WORDS,
        "detention_holders": _WORDS,
        "custody_nouns": _WORDS,
        "causative_participles": _WORDS,
        "target_nouns": _WORDS,
        "strike_verbs": _WORDS,
        "escape_verbs": _WORDS,
        "leaving_verbs": {"type": "object", "additionalProperties": False,
                          "required": ["verbs", "auxiliaries", "ways"],
                          "properties": {"verbs": _SOME_WORDS, "auxiliaries": _SOME_WORDS,
                                         "ways": _SOME_WORDS}},
        "moving_verbs": {"type": "object", "additionalProperties": False, "required": ["verbs", "towards"],
                         "properties": {"verbs": _SOME_WORDS, "towards": _SOME_WORDS}},
        "area_counts": {"type": "object", "additionalProperties": False, "required": ["preps", "nouns"],
                        "properties": {"preps": _SOME_WORDS, "nouns": _SOME_WORDS}},
        "shooting": {"type": "object", "additionalProperties": False, "required": ["verbs", "wounds"],
                     "properties": {"verbs": _SOME_WORDS, "wounds": _SOME_WORDS}},
        "loss_objects": _WORDS,
        "taking_verbs": _WORDS,
        "thing_takings": _WORDS,
        "fire_shelters": _WORDS,
        "group_nouns": _WORDS,
        "return_phrases": _WORDS,
        "rescues": {"type": "object", "additionalProperties": False, "required": ["verbs", "captors"],
                    "properties": {"verbs": _SOME_WORDS, "captors": _SOME_WORDS}},
        "armed_only_forces": _WORDS,
        "collective_people": _WORDS,
        "toll_verbs": _WORDS,
        "places_left": _WORDS,
        "munition_nouns": _WORDS,
        "held_occasions": _WORDS,
        "mine_work": {"type": "object", "additionalProperties": False,
                      "required": ["nouns", "attacks", "other"],
                      "properties": {"nouns": _SOME_WORDS, "attacks": _SOME_WORDS, "other": _SOME_WORDS}},
        "fleet": {"type": "object", "additionalProperties": False, "required": ["nouns", "verbs"],
                  "properties": {"nouns": _SOME_WORDS, "verbs": _SOME_WORDS}},
        "supply_runs": {"type": "object", "additionalProperties": False, "required": ["runs", "cargo"],
                        "properties": {"runs": _SOME_WORDS, "cargo": _SOME_WORDS}},
        "exchange_receipts": {"type": "object", "additionalProperties": False,
                              "required": ["verbs", "nouns", "exchange"],
                              "properties": {"verbs": _SOME_WORDS, "nouns": _SOME_WORDS,
                                             "exchange": _SOME_WORDS}},
        "release_words": _WORDS,
        "count_units": _WORDS,
        "capacity_words": _WORDS,
        "comparison_leads": _WORDS,
        "own_clause_openers": _WORDS,
        "agent_events": _EVENT_LIST,
        "agent_verbs": _WORDS,
        "object_starts": _WORDS,
        "predicate_auxiliaries": _WORDS,
        "circumstance_preps": _WORDS,
        "arrival_verbs": _WORDS,
        "displacement_sites": _WORDS,
        "site_verbs": _WORDS,
        "refuge_verbs": _WORDS,
        "site_stays": _WORDS,
        "qualified_nouns": _WORDS,
        "events": {"type": "object", "propertyNames": {"enum": EVENT_NAMES}, "required": EVENT_NAMES,
                   "additionalProperties": _EVENT_ROW},
    }),
    "cues": _file("about", {k: _WORDS for k in (
        "verbs", "weak_verbs", "prepositional", "citing", "passive_agent_verbs", "passive_unattributed",
        "source_heads", "source_head_links", "document_subject_links", "document_verbs", "pronouns",
        "first_person", "speaker_headers", "noun_cues", "stance_verbs", "participle_cues",
        "non_speaker_labels", "attribution_breaks", "noun_like_cues", "inverting_cues",
        # the frame rules' own word lists (extract/attribution/patterns.py)
        "role_words", "auxiliaries", "noun_phrase_stops", "leading_conjunctions", "non_subject_starts",
        "unnamed_report_lead_words", "unnamed_report_nouns", "subordinators", "relative_pronouns",
        "subject_cut_words", "titles", "question_labels", "report_verbs", "generic_owned_heads",
        "participle_asides", "name_particles", "background_years", "background_times", "back_references",
        "acronym_kinds",
        "person_hints",
        "finite_verbs", "place_prepositions", "adjectival_lead_words", "noun_lead_words", "passive_gates",
        "sentence_adverbs", "relative_cuts", "addressee_verbs", "carrier_links", "headline_tag_marks",
        "heading_marks", "compared_figure_words",
        "kinds_left_to_parties", "issued_documents", "incident_nouns",
        "issuer_documents", "negative_subjects",
        # a body revising its own count: every verb x owner x noun is a cue phrase (extract/lexicon.py)
        "revision_verbs", "revision_owners", "revision_nouns",
    )}),
    "noclaim": _file("about", {
        "months": _NUMS, "weekdays": _NUMS, "relative_times": _WORDS, "time_words": _WORDS,
        "time_units": _WORDS, "measure_units": _WORDS, "currency_words": _WORDS, "currency_symbols": _WORDS,
        "name_heads": _WORDS, "phone_words": _WORDS, "strict_name_heads": _WORDS, "kin_words": _WORDS,
        "uncounted_nouns": _WORDS, "days_earlier": _NUMS,
        "same_day_phrases": _WORDS, "standing_toll_verbs": _WORDS, "dated_incident_words": _WORDS,
        "age_nouns": _WORDS, "age_leads": _WORDS, "rate_bases": _WORDS,
        "score_words": _WORDS, "score_units": _WORDS,
        "year_prepositions": _WORDS, "label_nouns": _WORDS, "street_words": _WORDS,
        "street_leads": _WORDS, "share_followers": _WORDS, "institution_heads": _WORDS,
        "part_words": _WORDS, "count_followers": _WORDS,
        "label_suffixes": _WORDS, "code_words": _WORDS, "word_prefixes": _WORDS, "party_nouns": _WORDS,
        "name_links": _WORDS, "name_link_prepositions": _WORDS,
        "count_heads": _WORDS, "ranking_leads": _WORDS, "given_from_words": _WORDS,
        "material_units": _WORDS, "material_rates": _WORDS, "material_verbs": _WORDS, "value_labels": _WORDS,
        "street_suffixes": _WORDS, "age_thresholds": {"type": "array", "items": {"type": "number"}},
    }),
    "measures": _file("_doc", {
        "populations": {"type": "object", "additionalProperties": _POPULATION},
        "event_nouns": _WORDS, "agent_verbs": _WORDS, "partitive": _WORDS, "inherit_cues": _WORDS,
        "war_start": _WORDS, "since": _WORDS, "windows": _INTS, "same_period": _WORDS,
        "cumulative_words": _WORDS, "incident_words": _WORDS, "running_events": _EVENT_LIST,
        "generic_places": _NAMES, "speaker_place_cues": _WORDS, "host_verbs": _WORDS,
        "refugee_body_words": _WORDS, "refugee_body_heads": _WORDS, "said_before_verbs": _WORDS,
        "reach_verbs": _WORDS, "taken_place_nouns": _WORDS,
        "not_places": _WORDS, "national_scope_words": _WORDS,
        "outlet_name_words": _WORDS, "name_openers": _WORDS,
        "place_subject_verbs": _WORDS, "control_suffixes": _WORDS,
        "demonym_countries": _NAMES, "windows_before": _INTS, "incident_events": _EVENT_LIST,
        "subset_cues": _WORDS, "state_bodies": _WORDS, "group_nouns": _WORDS, "partial_place_cues": _WORDS,
        "heading_words": _WORDS, "national_bodies": _WORDS, "stock_cues": _WORDS,
        # the readers' own word lists (ledger/measure_*.py): each fills one slot of a pattern
        "side_skip_words": _SOME_WORDS, "body_heads": _SOME_WORDS, "clause_conjunctions": _SOME_WORDS,
        "owner_verbs": _SOME_WORDS, "owner_hedges": _SOME_WORDS, "loss_words": _SOME_WORDS,
        "state_words": _SOME_WORDS, "alliance_side_words": _SOME_WORDS, "launch_verbs": _SOME_WORDS,
        "joint_force_words": _SOME_WORDS, "joint_force_heads": _SOME_WORDS,
        "command_words": _SOME_WORDS, "working_words": _SOME_WORDS, "share_verbs": _SOME_WORDS,
        "share_lead_verbs": _SOME_WORDS, "share_hedges": _SOME_WORDS, "report_verbs": _SOME_WORDS,
        "difference_words": _WORDS, "record_nouns": _WORDS, "custody_words": _WORDS,
        "phrase_stops": _SOME_WORDS, "count_nouns": _SOME_WORDS, "period_count_nouns": _SOME_WORDS,
        "count_participles": _SOME_WORDS,
        "toll_nouns": _SOME_WORDS, "own_loss_nouns": _SOME_WORDS, "side_loss_nouns": _SOME_WORDS,
        "place_prepositions": _SOME_WORDS,
        "place_of_kinds": _SOME_WORDS, "generic_place_prepositions": _SOME_WORDS,
        "generic_place_words": _SOME_WORDS, "place_before_kinds": _SOME_WORDS,
        "named_region_kinds": _SOME_WORDS, "place_kind_suffixes": _SOME_WORDS,
        "region_kinds": _SOME_WORDS, "province_kinds": _SOME_WORDS, "city_kinds": _SOME_WORDS,
        "ranking_words": _SOME_WORDS, "not_incident_words": _SOME_WORDS, "not_story_words": _SOME_WORDS,
        "incident_place_kinds": _SOME_WORDS, "incident_place_followers": _SOME_WORDS,
        "given_verbs": _SOME_WORDS, "start_words": _SOME_WORDS, "start_nouns": _SOME_WORDS,
        "start_verbs": _SOME_WORDS, "war_nouns": _SOME_WORDS, "war_possessive_nouns": _SOME_WORDS,
        "disease_words": _SOME_WORDS,
        "disease_same": {"type": "object", "additionalProperties": {"type": "string"}},
        "war_part_ordinals": _SOME_WORDS, "release_words": _SOME_WORDS, "exchange_words": _SOME_WORDS,
        "war_part_days": {**_INTS, "minProperties": 1},
        "state_army_words": _SOME_WORDS, "member_nouns": _SOME_WORDS, "civil_member_bodies": _SOME_WORDS,
        "not_group_words": _SOME_WORDS, "group_kinds": _SOME_WORDS, "incident_update_words": _SOME_WORDS,
        "destination_verbs": _SOME_WORDS, "theatre_attacker_words": _SOME_WORDS,
        "theatre_side_words": _SOME_WORDS, "demonym_endings": _SOME_WORDS,
        "truce_nouns": _SOME_WORDS, "truce_end_verbs": _SOME_WORDS, "truce_end_nouns": _SOME_WORDS,
        "resumed_nouns": _SOME_WORDS, "mine_words": _SOME_WORDS, "killed_or_injured": _SOME_WORDS,
        "living_verbs": _SOME_WORDS, "state_now_words": _SOME_WORDS, "camp_words": _SOME_WORDS,
        "shelter_nouns": _SOME_WORDS,
        "arrival_verbs": _SOME_WORDS,
        "event_start_nouns": _SOME_WORDS,
        "siege_phrases": _SOME_WORDS, "disaster_words": _NAMES,
        "incident_event_nouns": _SOME_WORDS, "mission_populations": _SOME_WORDS,
        "mission_start_words": _SOME_WORDS, "thing_stops": _SOME_WORDS,
        "armed_body_words": _SOME_WORDS, "civil_body_words": _SOME_WORDS,
        "perpetrator_kinds": {"type": "object", "minProperties": 1, "additionalProperties": _SOME_WORDS},
        "people_states": {"type": "object", "minProperties": 1, "additionalProperties": _SOME_WORDS},
        "repeat_words": _SOME_WORDS,
    }),
    "parties": _file("_doc", {
        "institutions": {"type": "object", "propertyNames": {"pattern": "^[a-z][a-z-]*$"},
                         "additionalProperties": _INSTITUTION},
        "title_types": _NAMES,
        "head_kin": {"type": "array", "items": {**_SOME_WORDS, "minItems": 2}},
        **{k: _WORDS for k in _PARTY_WORD_LISTS},
    }),
    "source_aliases": _file("_doc", {
        "aliases": _NAMES, "abbreviations": _NAMES, "spellings": _NAMES, "demonyms": _NAMES,
        "not_demonyms": _WORDS, "role_words": _WORDS, "stop_words": _WORDS, "org_words": _WORDS,
        "person_titles": _WORDS,
    }),
    "subject_aliases": _file("_doc", {"aliases": _NAMES, "stop_words": _WORDS}),
    "textmeta": _file("comment", {
        "headline_max_chars": {"type": "integer", "minimum": 1},
        "headline_not_ending_with": _SOME_WORDS,
        "date_labels": _SOME_WORDS,
        "byline_words": _SOME_WORDS,
        "byline_particles": _SOME_WORDS,
        "byline_max_words": {"type": "integer", "minimum": 1},
        "header_lines": {"type": "integer", "minimum": 1},
        "dateline_dashes": _SOME_WORDS,
    }),
}
