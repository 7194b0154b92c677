"""The attribution rules' compiled patterns, built once from the words in ``data/cues.json``.

Every word list the frame rules read lives in the data file (``role_words``,
``auxiliaries``, ``non_subject_starts`` …); what stays here is grammar that is
not a word list: where a pattern is anchored, what may sit between its words.
Patterns are compiled once per process (``res()`` is cached).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..vocab import alternation, load


def phrase(w: str) -> str:
    """A data phrase as a regex piece: its words literal, any run of spaces between them."""
    return re.escape(w).replace(r"\ ", r"\s+")


def cues() -> dict[str, Any]:
    return load("cues")


def _alt(ws: list[str], ignorecase: bool = True) -> str:
    """The words longest first (so a phrase wins over its first word), grouped by first character."""
    return alternation(sorted(set(ws), key=len, reverse=True), ignorecase, phrase)


#: a month, written out or cut short ("Feb", "February", "Sept"): the date a bracketed party gave a figure
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}"


@cache
def res() -> dict[str, re.Pattern[str]]:
    """Every pattern the frame rules, noun phrases and coreference use, by name."""
    d = cues()
    alt = _alt
    heads = alt(d["source_heads"])
    links = alt(d["source_head_links"] + d["document_subject_links"])
    return {
        # -- frame rules (see frames.RULES) --
        "according": re.compile(rf"\b(?:{alt(d['prepositional'])})\s+", re.I),
        "citing": re.compile(rf"\b(?:{alt(d['citing'])})\s+", re.I),
        # a weekday may stand between the verb and "by": "published on Monday by the board"
        "agent": re.compile(
            rf"\b(?:{alt(d['passive_agent_verbs'])})"
            r"(?:\s+on\s+[A-Za-z]+day)?\s+by\s+",
            re.I,
        ),
        "passive": re.compile(rf"\b(?:{alt(d['passive_unattributed'])})\b", re.I),
        # a factbox line's party in brackets at its end: "Killed: 1,240 (health ministry)"
        # "(health ministry)", "(Governor Ilo Marr, Feb 19)": a party, and the date it gave the figure
        "bracket": re.compile(
            r"\((?P<who>[^()\d\n]{2,60}?)"
            rf"(?P<dated>,[ \t]*(?:{_MONTH}\.?[ \t]+\d{{1,2}}|\d{{1,2}}[ \t]+{_MONTH}\.?)"
            r"(?:,?[ \t]+\d{4})?)?"
            r"\)(?=[ \t]*(?:;|\.?[ \t]*$))",
            re.M,
        ),
        # names must be capitalised, so only the head words ignore case; up to three lower-case words may
        # stand before the document noun ("the Kestrel Council's revised death toll")
        "possessive": re.compile(
            rf"((?:[A-Z][\w\-]*|of|the|and|The)(?:\s+(?:[A-Z][\w\-]*|of|the|and)){{0,6}})['’]s?\s+"
            rf"(?:[a-z][\w\-]*\s+){{0,3}}?(?i:(?:{heads}))\b"
        ),
        "head": re.compile(
            rf"\b(?i:(?P<head>{heads})[”\"’']?\s*,?\s+(?P<link>{links})\s+)(?=(?:[Tt]he\s+)?[A-Za-z])"
        ),
        # a headline's tag: "… kills three: governor", "Monitor: 89 dead" (the sentence is the line)
        "tag_after": re.compile(
            rf"(?P<mark>{alt(d['headline_tag_marks'])})[ \u00a0]+"
            r"(?P<who>(?:[\w’'\-]+[ \u00a0]+){0,3}[\w’'\-]+)\s*$"
        ),
        "tag_before": re.compile(
            r"^(?P<who>[A-Z][\w’'\-]*(?:[ \u00a0]+[\w’'\-]+){0,2})"
            rf"(?P<mark>{alt(d['headline_tag_marks'])})[ \u00a0]",
            re.M,
        ),
        "carrier": re.compile(rf"\b(?:{alt(d['carrier_links'])})\s+", re.I),
        "unnamed_reports": re.compile(rf"\b(?:{alt(d['unnamed_report_nouns'])})\s+that\b", re.I),
        "quoted_as": re.compile(r"\bquoted\s+(.{2,80}?)\s+as\s+saying\b", re.I),
        # verbs are written in lower case: "Records" in "the Halden Records Office" is a name
        "document_verb": re.compile(rf"\b(?:{alt(d['document_verbs'], False)})\b"),
        "noun_cue": re.compile(rf"^(?:{alt(d['noun_cues'])})$", re.I),
        # "a situation report from X", "the latest casualty figures compiled by X": up to two
        # lower-case modifiers may stand before the document noun
        "head_strip": re.compile(
            rf"(?:the\s+|a\s+|an\s+)?(?:(?-i:[a-z][a-z\-]*)\s+){{0,2}}(?:{heads})\s+(?:{links})\s+", re.I
        ),
        "header": re.compile(rf"\b(?:{alt(d['speaker_headers'])})\s+", re.I),
        # -- words of a noun phrase --
        "pronoun": re.compile(rf"^(?:{alt(d['pronouns'])})$", re.I),
        "first_person": re.compile(rf"^(?:{alt(d['first_person'])})\b", re.I),
        "weak": re.compile(rf"^(?:{alt(d['weak_verbs'])})$", re.I),
        # a role word or its plural ("committee", "committees"): a body of people either way
        "role": re.compile(rf"\b(?:{alt(d['role_words'])})(?:s|es)?\b", re.I),
        # "the statement", "The 60-page report": a document a party issued, speaking for it
        "issued_document": re.compile(
            rf"(?:the|this|that)\s+(?:[\w-]+\s+){{0,2}}?(?P<doc>{alt(d['issued_documents'])})", re.I
        ),
        "left_to_parties": re.compile(rf"(?:{alt(d['kinds_left_to_parties'])})", re.I),
        # "the agency", "the group": kinds an acronym's reader is left to supply ("the CRO ... the agency")
        "acronym_kinds": re.compile(rf"(?:{alt(d['acronym_kinds'])})", re.I),
        "person_hint": re.compile(rf"\b(?:{alt(d['person_hints'])})\b", re.I),
        "report_verb": re.compile(rf"\b(?:{alt(d['report_verbs'])})\b", re.I),
        "finite_verb": re.compile(rf"\b(?:{alt(d['finite_verbs'])})\b", re.I),
        "generic_owned": re.compile(
            rf"^(?:its|their)\s+(?:own\s+)?(?:{alt(d['generic_owned_heads'])})$", re.I
        ),
        # auxiliaries and time words between a subject and its verb: "X has also", "X on Monday"
        "aux": re.compile(
            rf"(?:[ \u00a0]+(?:{alt(d['auxiliaries'] + d['sentence_adverbs'])}"
            r"|on\s+\w+day|last\s+\w+|in\s+\w+))+"
            r"[ \u00a0]*$",
            re.I,
        ),
        # where a noun phrase after a cue ends: punctuation, or a word that opens something else
        "np_stop": re.compile(rf"[,.;:!?()\[\]—–“”\"]|\s(?:{alt(d['noun_phrase_stops'], False)})\b"),
        "lead_junk": re.compile(rf"^(?:(?:{alt(d['leading_conjunctions'])})\s+)+", re.I),
        # "We treated", "Our teams screened": the writer's first person as a sentence's subject
        "own_voice": re.compile(r"(?P<who>We|Our(?:[ \u00a0]+[a-z][\w-]*){1,2})(?=[ \u00a0]+[a-z])"),
        # "Nobody in the camp", "No one at the ministry": a subject that names no speaker
        "negative_subject": re.compile(rf"^(?:{alt(d['negative_subjects'])})\b", re.I),
        "prep_start": re.compile(rf"^(?:{alt(d['non_subject_starts'])})\b", re.I),
        "subordinator": re.compile(rf"(?:{alt(d['subordinators'])})\s+", re.I),
        "rel_start": re.compile(rf"^(?:{alt(d['relative_pronouns'])})\b", re.I),
        "titles": re.compile(rf"^(?:(?:{alt(d['titles'])})\.?\s+)+", re.I),
        # a relative word inside a subject: "a volunteer whose team …", "which the army estimates"
        "relative_cut": re.compile(rf"\b(?:{alt(d['relative_cuts'], False)})\s+"),
        # a person described by age, who stands for the last person named: "the 61-year-old said"
        "age_description": re.compile(r"^the\s+\d{1,3}-year-old(?:\s+[a-z]+)?$", re.I),
        "addressee": re.compile(rf"\b(?:{alt(d['addressee_verbs'])})\s+$", re.I),
        "that": re.compile(rf"\b(?:{alt(d['subject_cut_words'], False)})\s+(?=[^ ]+)"),
        # the word right before a cue or a name, which says what the cue or name is
        "place_before": re.compile(rf"\b(?:{alt(d['place_prepositions'], False)})\s+$"),
        "adjectival_before": re.compile(rf"\b(?:{alt(d['adjectival_lead_words'], False)})\s+$"),
        "noun_before": re.compile(rf"\b(?:{alt(d['noun_lead_words'], False)})\s+$"),
    }


@cache
def words(key: str) -> frozenset[str]:
    """A cues.json word list as a set (``participle_cues``, ``inverting_cues``, ``question_labels`` …)."""
    return frozenset(cues()[key])


@cache
def document_links() -> frozenset[str]:
    return frozenset(" ".join(w.lower().split()) for w in cues()["document_subject_links"])
