"""Wording shared by the generated benchmark corpora (bench_extract, bench_ingest).

Each benchmark keeps its own generator, because they measure different
things (bench_extract: figures in every form; bench_ingest: a ledger's worth of
attributed tolls), but the filler prose and the demonym rule are one copy so
the corpora stay comparable. Changing anything here changes both corpora and
their published figures.
"""

from __future__ import annotations

#: Plain news sentences with no figure claim in them.
NEWS_FILLER = [
    "Residents described a night of heavy shelling near the river port and the old market.",
    "Aid convoys waited at the crossing for a second day as talks on a pause stalled.",
    "The figures could not be independently verified, and access for reporters remains limited.",
    "Hospitals in the area reported shortages of fuel, dressings and blood for transfusions.",
    "Negotiators met again on Thursday without announcing progress on a local truce.",
    "Satellite images reviewed by analysts showed damage along the main coastal road.",
]

#: Sentences full of numbers that are not figure claims (durations, units, ages, times, names).
NOT_CLAIM_FILLER = [
    "The fighting has now lasted 15 months, and Brigade 17 was moved north in March 2031.",
    "A 54-year-old teacher said the T-72 tanks passed her street at 4:30 a.m.",
    "Resolution 2334 was cited twice during the session, which lasted three hours.",
]


def demonym(place: str) -> str:
    """The invented places' adjective: Varnia -> Varnian, Tolmar -> Tolmarian."""
    return place + ("n" if place.endswith("ia") else "ian")
