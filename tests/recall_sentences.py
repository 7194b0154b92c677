"""Ordinary wire sentences composed from parts, in invented words, for the recall property test.

Each sentence is a subject, a verb, a figure, a counted noun, an optional place or time adjunct and
a speaker tail; every part is drawn from a small list of kinds ("a people", "a unit"; "digits",
"hedged"; "X said", "according to X", a headline tag; speakers whose names hold numbers, force
words, titles, acronyms). ``compose`` builds one sentence and what must be read from it: the
figure's surface and its value. Nothing here is taken from a test set.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (kind, subject)
SUBJECTS = (
    ("people", "Gunmen"),
    ("people", "Armed herders"),
    ("group", "The Varro Front"),
    ("group", "Insurgents"),
    ("unit", "The 9th Brigade"),
    ("unit", "Government troops"),
)
#: (kind, verb, counted nouns that fit it)
VERBS = (
    ("killed", "killed", ("guards", "civilians", "soldiers")),
    ("killing", "ambushed a convoy, killing", ("guards", "civilians", "soldiers")),
    ("wounded", "wounded", ("people", "villagers")),
    ("abducted", "abducted", ("students", "farmers")),
    ("displaced", "displaced", ("families", "residents")),
    ("destroyed", "destroyed", ("homes", "vehicles")),
)
#: (kind, surface, value)
FIGURES = (
    ("digits", "14", 14.0),
    ("thousands", "1,250", 1250.0),
    ("word", "six", 6.0),
    ("hedged", "at least 23", 23.0),
    ("about", "about 40", 40.0),
    ("range", "30 to 40", 30.0),
)
#: (kind, adjunct after the counted noun)
ADJUNCTS = (
    ("none", ""),
    ("place", " in the town of Ostrel"),
    ("time", " on Tuesday"),
    ("place+time", " near Kaldun late on Sunday"),
)
#: (kind, speaker name)
SPEAKERS = (
    ("body", "the interior ministry"),
    ("force word", "the garrison"),
    ("force word", "the brigade"),
    ("force word", "the battalion"),
    ("force word", "the regiment"),
    ("number in name", "the army's 31 Corps"),
    ("number in name", "the 4th Division"),
    ("number in name", "Task Force 88"),
    ("title", "Colonel Aran Vesk"),
    ("title", "provincial governor Lida Marn"),
    ("acronym", "the VHRN"),
    ("acronym", "OMVA"),
    ("people", "witnesses"),
)
#: (kind, template around the clause; {c} is the clause, {s} the speaker)
TAILS = (
    ("X said", "{c}, {s} said."),
    ("said X", "{c}, said {s}."),
    ("according to X", "{c}, according to {s}."),
    ("X told Y", "{c}, {s} told the Kessa Post."),
    ("X said that", "{S} said that {c}."),
    ("none", "{c}."),
)


@dataclass(frozen=True)
class Case:
    """One composed sentence, what it must give, and the kinds of its parts (to count failures by part)."""

    text: str
    figure: str
    value: float
    parts: tuple[tuple[str, str], ...]


def compose(subject: int, verb: int, figure: int, noun: int, adjunct: int, speaker: int, tail: int) -> Case:
    """The sentence made of the parts at those indices (the noun index wraps within the verb's nouns)."""
    s_kind, subj = SUBJECTS[subject]
    v_kind, verb_text, nouns = VERBS[verb]
    f_kind, fig, value = FIGURES[figure]
    counted = nouns[noun % len(nouns)]
    a_kind, adj = ADJUNCTS[adjunct]
    sp_kind, who = SPEAKERS[speaker]
    t_kind, template = TAILS[tail]
    clause = f"{subj} {verb_text} {fig} {counted}{adj}"
    if t_kind == "X said that":
        clause = clause[0].lower() + clause[1:] if clause.split()[0] in ("The",) else clause
    text = template.format(c=clause, s=who, S=who[0].upper() + who[1:])
    parts = (
        ("subject", s_kind),
        ("verb", v_kind),
        ("figure", f_kind),
        ("adjunct", a_kind),
        ("speaker", sp_kind + ": " + who),
        ("tail", t_kind),
    )
    return Case(text, fig, value, parts)


#: title-case headlines: (kind, headline, figure, value)
HEADLINES = (
    ("verb + count", "Rebels Free 30 Hostages", "30", 30.0),
    ("verb + count", "Gunmen Kill 12 Guards Near Ostrel", "12", 12.0),
    ("verb + count", "Floods Displace 4,000 Families", "4,000", 4000.0),
    ("verb + count + tag", "Militia Abducts 25 Students: Police", "25", 25.0),
    ("toll to", "Death Toll From Kaldun Blast Rises to 41", "41", 41.0),
    ("count first", "12 Soldiers Killed in Varro Ambush", "12", 12.0),
    ("ends in the figure", "Blast Kills 14", "14", 14.0),
    ("ends in the figure", "Clashes in Kaldun Kill 14", "14", 14.0),
    ("two clauses", "Strike on Market Kills 22, Wounds 40", "40", 40.0),
    ("event word after", "At Least 30 Killed in Ostrel Market Blast", "30", 30.0),
    ("event word after", "Kaldun Raid Leaves 9 Dead", "9", 9.0),
    ("two-word noun", "Convoy Attack Kills 12 Police Officers", "12", 12.0),
    ("irregular plural", "Clashes Displace 12,000 People", "12,000", 12000.0),
    ("plural then a preposition", "Militia Releases 17 Hostages After Talks", "17", 17.0),
)
