"""The event table: what each event (what a figure counts) means past extraction.

One row per event in ``data/events.json`` (its ``events`` key, beside the trigger
vocabulary): the measure label, how the figures are counted (a running total, per
occasion, or a level at a time), the noun class, the colour on the review page.
Measure labels (``ledger.measures.LABELS``), reconcile's rules
(``reconcile.rules.CUMULATIVE_EVENTS``/``PER_OCCASION_EVENTS``), the page's
``.ev-<event>`` CSS and the docs table are all derived from it, so a new event is a
row here (with its trigger words) and a name in ``model.Event``.

``model.Event`` stays a static ``Literal`` so mypy can check every use;
``tests/test_registries.py`` fails when it and this table disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast

from .datafiles import load_data
from .errors import RuleDataError

Counted = Literal["running_total", "per_occasion", "level"]
NounClass = Literal["people", "materiel"]


@dataclass(frozen=True, slots=True)
class EventKind:
    """One row of the event table."""

    name: str
    #: a measure's label with its subject: ``{s}`` is the subject ("{s} killed", "attacks on {s}")
    label: str
    #: a measure's label when no claim names its subject
    label_unstated: str
    #: running_total: claims since a date can only grow (a regression is flagged when they fall);
    #: per_occasion: a night's drones, a day's strikes (only same-day claims compare);
    #: level: a size at a time, such as a force (compared within the window, never a running total)
    counted: Counted
    #: what the event happens to: people, or materiel (and anything not a person)
    noun_class: NounClass
    #: background of a figure of this event on the review page (a light tint; text stays dark)
    colour: str


@cache
def event_kinds() -> dict[str, EventKind]:
    """Every event's row, in the table's order; checked against its schema (data/schemas.py) once per process.

    The extractor's older ``people_events``/``materiel_events`` lists in the same file must
    agree with the rows' noun classes: a RuleDataError names the events that do not.
    """
    return kinds_from(load_data("events"))


def kinds_from(data: dict[str, Any]) -> dict[str, EventKind]:
    """The rows of an ``events.json`` already checked against its schema (``event_kinds`` does both)."""
    kinds = {
        name: EventKind(
            name,
            row["label"],
            row["label_unstated"],
            cast(Counted, row["counted"]),
            cast(NounClass, row["noun_class"]),
            row["colour"],
        )
        for name, row in data["events"].items()
    }
    for noun_class, key in (("people", "people_events"), ("materiel", "materiel_events")):
        listed = set(data.get(key, ()))
        rows = {k.name for k in kinds.values() if k.noun_class == noun_class}
        if listed != rows:
            odd = ", ".join(sorted(listed ^ rows))
            raise RuleDataError(f"data/events.json: {key} disagrees with the events table on {odd}")
    return kinds


def events_counted(how: Counted) -> frozenset[str]:
    """The events counted ``how`` (e.g. every running-total event)."""
    return frozenset(k.name for k in event_kinds().values() if k.counted == how)
