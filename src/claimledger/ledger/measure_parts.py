"""The parts of a claim's measure as one article reads them (``Period``, ``Resolved``), kept apart
from the rules that fill them so every reader module and ``measures.MeasureKey`` share one shape."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Period:
    """What span of time a figure counts: kind is cumulative, window, incident, stock or share."""

    kind: str
    start: str | None = None  # "war", an ISO date, or a named start ("ground assault")
    end: str | None = None  # window / incident / stock: the ISO day it ends on
    days: int | None = None  # window length


@dataclass(frozen=True, slots=True)
class Resolved:
    """One claim's measure parts, before they are made a key (see ``measures.MeasureKey``)."""

    event: str
    population: str | None
    affiliation: str | None  # side key, e.g. "veska"
    affiliation_name: str | None  # as written, e.g. "Veskaran"
    place: str | None  # folded
    place_name: str | None
    period: Period
    unit: str
    #: who said it (the claim's source as written): what a bare "388 dead" may inherit is only its own
    source: str | None = None
