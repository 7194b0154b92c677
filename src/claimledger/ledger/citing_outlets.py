"""Whose body an outlet cites: "X, citing Y" is Y's claim, and whose Y is, X says.

An unplaced institution that a citing outlet names ("Kemarath's state news agency, citing
the interior ministry", "Darvonian state television, citing the general staff") takes its
place from the outlet's name. Kept apart from ``sources`` (which resolves every speaker to a
row) because it reads only the claim's chain and the document, never the ledger.
"""

from __future__ import annotations

import re

from ..datafiles import load_data
from ..model import Claim
from .document_parties import DocumentParties, Mention
from .source_names import _clean, light_key

#: an outlet owned by a place: "Kemarath's state news agency"
_PLACE_OWNED = re.compile(r"^(?:the\s+)?([A-Z][\w-]*)['’]s\s+\w")
#: a citing outlet's name led by a place's word ("Darvonian state television", "the Veskara Tribune")
_PLACE_LEADS = re.compile(r"^(?:the\s+)?([A-Z][\w-]+)\s+\w")
#: endings of a people's word that say a place even when the story names it no other way ("Darvonian",
#: "Brennish", "Ostrese"; parties.json ``people_word_endings``); "Qasmari", "Morvaskan" count when the
#: story also names Qasmara, Morvaska
_PEOPLE_ENDINGS = tuple(str(w) for w in load_data("parties")["people_word_endings"])


def citing_outlet(m: Mention, c: Claim) -> str | None:
    """The name of the outlet that cites ``m`` when ``m`` is an unplaced institution and the last link
    of the claim's chain ("X, citing Y": Y), else None: whose Y is, only X can say."""
    chain = c.reported_by
    if m.parsed.kind != "institution" or m.parsed.place is not None or len(chain) < 2:
        return None
    if light_key(chain[-1].name) != light_key(m.surface):
        return None
    return _clean(chain[0].name)


def carrier_owner(m: Mention, c: Claim) -> str | None:
    """The place owning the outlet that cites an unplaced institution: "Kemarath's state news agency,
    citing the interior ministry" cites Kemarath's ministry, whatever place the figure names ("74,500
    people from Sarawin"). Only for the cited body itself, and only when the citing name opens with a
    place's possessive. It is passed as the claim's place, so it places a local type of body only (an
    interior or health ministry): tried for every type, it joined "Maridon's state news agency, citing
    the foreign ministry" rightly but the ledger then grouped that party's clashes of May and of
    September into one flag, and blind8's contra_p fell below its gate (docs/reconcile.md)."""
    citing = citing_outlet(m, c)
    got = _PLACE_OWNED.match(citing) if citing is not None else None
    return got.group(1) if got else None


def carrier_people(m: Mention, c: Claim, dp: DocumentParties) -> str | None:
    """The place a citing outlet's name leads with, for the unplaced institution it cites: its people's
    word ("Darvonian state television, citing the general staff": Darvonia's) or a country the story
    names ("Morvask First Channel, citing the defence ministry", "The Veskara Tribune, citing the army's
    casualty office"). "X, citing Y" is Y's claim, and whose Y is, X says: any type of body. A place
    closing the name ("Voice of Sarvel") is not read: tried, it lowered blind10, whose army the ledger
    keys by its capital (the known debt of capitals with no country stated)."""
    citing = citing_outlet(m, c)
    got = _PLACE_LEADS.match(citing) if citing is not None else None
    if got is None:
        return None
    word = got.group(1)
    if dp.p.is_place_word(word) and (
        word.casefold().endswith(_PEOPLE_ENDINGS) or dp.p.place_key(word) in dp.countries
    ):
        return word
    return None
