"""The one claim schema: how every ``Claim`` field is laid out as flat columns.

A claim leaves Python in three tabular shapes: a row of the ledger's ``claims``
table (SQLite), a row of the batch output and a row of the Parquet export
(Arrow). All three are derived here from ``dataclasses.fields(Claim)``, so they
cannot drift apart:

* a **scalar** field is one column of its own name;
* a **span** field ``x_span`` (and ``span`` itself) is two integer columns,
  ``x_start``/``x_end`` (``span_start``/``span_end``): SQL can sort, facet and
  join on offsets, which it could not in JSON;
* the **chain** (``reported_by``) is one column: JSON text in SQLite, a native
  list of party structs in Arrow (``PARTY_ARROW_FIELDS``), the same
  flattening of each party's spans.

The kind and the Arrow type of each field come from its annotation in
``model.py``. The one thing a person decides is where a field goes among the
ledger's columns, and which columns only the ledger has (its id, the document,
the resolved source and measure, the machine's original): that is
``LEDGER_LAYOUT`` below. A new Claim field is a new line there and a migration
adding its columns; ``tests/test_schema.py`` fails until both exist, and
importing this module fails when a field has no line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Literal

import orjson

from .model import Claim, Party, Span

Kind = Literal["scalar", "span", "chain"]

#: Claim annotation (as written in model.py) -> (kind, Arrow type name, nullable).
_ANNOTATIONS: dict[str, tuple[Kind, str, bool]] = {
    "str": ("scalar", "string", False),
    "str | None": ("scalar", "string", True),
    "float": ("scalar", "float64", False),
    "float | None": ("scalar", "float64", True),
    "int": ("scalar", "int64", False),
    "int | None": ("scalar", "int64", True),
    "bool": ("scalar", "bool", False),
    "Span": ("span", "int64", False),
    "Span | None": ("span", "int64", True),
    "tuple[Party, ...]": ("chain", "chain", False),
}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One Claim field and the flat columns it becomes."""

    name: str
    kind: Kind
    columns: tuple[str, ...]  # span: (start, end); else (name,)
    arrow: str  # "string" | "float64" | "int64" | "bool" | "chain"
    nullable: bool


@dataclass(frozen=True, slots=True)
class LedgerOnly:
    """A column of the ledger's ``claims`` table that is not a Claim field."""

    name: str
    arrow: str


def span_columns(name: str) -> tuple[str, str]:
    """``span`` -> (span_start, span_end); ``source_span`` -> (source_start, source_end)."""
    stem = name if name == "span" else name.removesuffix("_span")
    return f"{stem}_start", f"{stem}_end"


def _spec(f: Any) -> FieldSpec:
    ann = str(f.type)
    if ann not in _ANNOTATIONS:
        raise TypeError(f"Claim.{f.name} has type {ann}, which schema.py cannot lay out as columns")
    kind, arrow, nullable = _ANNOTATIONS[ann]
    cols = span_columns(f.name) if kind == "span" else (f.name,)
    return FieldSpec(f.name, kind, cols, arrow, nullable)


def field_specs(cls: type) -> tuple[FieldSpec, ...]:
    """The specs of a Claim-like dataclass's fields; TypeError for a type with no column layout."""
    return tuple(_spec(f) for f in fields(cls))


#: Every Claim field, in declaration order (the order of the batch output's columns).
FIELDS: tuple[FieldSpec, ...] = field_specs(Claim)
SPEC: dict[str, FieldSpec] = {s.name: s for s in FIELDS}
#: Names of the span fields (``span`` first), e.g. for shifting or checking every offset of a claim.
SPAN_FIELDS: tuple[str, ...] = tuple(s.name for s in FIELDS if s.kind == "span")

#: The ledger's ``claims`` columns in table order: Claim fields by name, the ledger's own
#: columns as ``LedgerOnly``. ``hedge_span`` and ``event_span`` also store the words they
#: cover (``hedge_text``, ``event_text``), since the Claim keeps only the hedge and event labels.
LEDGER_LAYOUT: tuple[str | LedgerOnly, ...] = (
    LedgerOnly("id", "string"), LedgerOnly("document_id", "string"),
    "span", "text", "low", "high",
    "hedge", "hedge_span", "unit",
    "event", "event_span",
    "subject", "subject_span", "place", "place_span",
    "as_of", "period_start", "time_text", "time_span",
    "source", "source_span", LedgerOnly("source_id", "int64"),
    "cue", "cue_span", "reported_by", "sentence_span",
    "rules", LedgerOnly("measure_id", "string"), LedgerOnly("machine", "string"),
)
#: Span fields whose covered words the ledger stores in a ``<stem>_text`` column before the offsets.
SPAN_TEXT: frozenset[str] = frozenset({"hedge_span", "event_span"})


def check_layout(specs: Sequence[FieldSpec], layout: Sequence[str | LedgerOnly]) -> None:
    """TypeError unless ``layout`` names every field of ``specs`` exactly once, and nothing else."""
    named = [e for e in layout if isinstance(e, str)]
    known = {s.name for s in specs}
    missing = [s.name for s in specs if s.name not in named]
    unknown = [n for n in named if n not in known]
    twice = sorted({n for n in named if named.count(n) > 1})
    if missing or unknown or twice:
        raise TypeError(
            "schema.LEDGER_LAYOUT must name every Claim field once: "
            f"missing {missing}, unknown {unknown}, twice {twice}"
        )


check_layout(FIELDS, LEDGER_LAYOUT)


def _text_column(name: str) -> str:
    return name.removesuffix("_span") + "_text"


def _ledger_columns() -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for e in LEDGER_LAYOUT:
        if isinstance(e, LedgerOnly):
            out.append((e.name, e.arrow))
            continue
        s = SPEC[e]
        if e in SPAN_TEXT:
            out.append((_text_column(e), "string"))
        out.extend((c, s.arrow) for c in s.columns)
    return tuple(out)


#: (column, Arrow type name) of the ledger's ``claims`` table, in table order.
LEDGER_COLUMN_TYPES: tuple[tuple[str, str], ...] = _ledger_columns()
LEDGER_COLUMNS: tuple[str, ...] = tuple(c for c, _ in LEDGER_COLUMN_TYPES)


# --- spans and the chain, flattened and back: the one place that does it -------------------

def flat_span(span: Span | None) -> tuple[int | None, int | None]:
    """``(start, end)`` of a span, or ``(None, None)``."""
    return (None, None) if span is None else (span[0], span[1])


def unflat_span(start: Any, end: Any) -> Span | None:
    """The span of a ``*_start``/``*_end`` pair, or None when either is missing."""
    return None if start is None or end is None else (int(start), int(end))


def party_row(p: Party) -> dict[str, Any]:
    """A party as a flat struct: ``span`` and ``cue_span`` as start/end pairs."""
    s, e = flat_span(p.span)
    cs, ce = flat_span(p.cue_span)
    return {"name": p.name, "span_start": s, "span_end": e, "cue": p.cue, "cue_start": cs, "cue_end": ce}


def party_from_row(r: dict[str, Any]) -> Party:
    """The party of a flat struct (``party_row``'s inverse)."""
    return Party(name=r["name"], span=unflat_span(r["span_start"], r["span_end"]),  # type: ignore[arg-type]
                 cue=r["cue"], cue_span=unflat_span(r["cue_start"], r["cue_end"]))


def chain_rows(chain_json: str | None) -> list[dict[str, Any]] | None:
    """The ledger's JSON chain (``Party.to_dict`` dicts) as flat party structs.

    A reviewer who sets a source the sentence does not contain leaves a party with
    no span: its offsets are null, which is why the Arrow party type allows it.
    """
    if chain_json is None:
        return None
    return [party_row(Party.from_dict(d)) for d in orjson.loads(chain_json)]


def chain_json(chain: Sequence[Party]) -> str:
    """The chain as the ledger stores it: compact JSON of ``Party.to_dict`` (``[]`` when empty)."""
    return orjson.dumps([p.to_dict() for p in chain]).decode() if chain else "[]"


# --- the ledger row ----------------------------------------------------------------------

def _compile_ledger_row() -> Any:
    """``ledger_row``, generated from ``LEDGER_LAYOUT`` once at import.

    It runs for every claim stored, so it is one tuple display, the way
    ``dataclasses`` builds ``__init__``: a loop over the layout per claim cost
    more than the rest of building the row together.
    """
    items: list[str] = []
    for e in LEDGER_LAYOUT:
        if isinstance(e, LedgerOnly):
            items.append(f"own[{e.name!r}]")
        elif SPEC[e].kind == "scalar":
            items.append(f"c.{e}")
        elif SPEC[e].kind == "chain":
            items.append(f"_chain_json(c.{e})")
        else:
            if e in SPAN_TEXT:
                items.append(f"(doc_text[c.{e}[0]:c.{e}[1]] if c.{e} else None)")
            items.append(f"*(c.{e} or _NO_SPAN)")
    src = f"def ledger_row(c, doc_text, own):\n    return ({', '.join(items)},)\n"
    namespace: dict[str, Any] = {"_chain_json": chain_json, "_NO_SPAN": (None, None)}
    exec(compile(src, "<claimledger.schema ledger_row>", "exec"), namespace)
    return namespace["ledger_row"]


_ledger_row = _compile_ledger_row()


def ledger_row(claim: Claim, doc_text: str, own: dict[str, Any]) -> tuple[Any, ...]:
    """The values of ``LEDGER_COLUMNS`` for ``claim``; ``own`` holds the ``LedgerOnly`` columns' values."""
    return _ledger_row(claim, doc_text, own)  # type: ignore[no-any-return]


# --- Arrow -------------------------------------------------------------------------------

def arrow_type(name: str) -> Any:
    """The pyarrow type of an Arrow type name of this module (pyarrow is imported only here)."""
    import pyarrow as pa

    if name == "chain":
        return pa.list_(party_arrow_type())
    return {"string": pa.string(), "float64": pa.float64(), "int64": pa.int64(), "bool": pa.bool_()}[name]


def party_arrow_type() -> Any:
    """A party as an Arrow struct: the same flattening as ``party_row``."""
    import pyarrow as pa

    return pa.struct([
        pa.field("name", pa.string(), nullable=False),
        pa.field("span_start", pa.int64()),
        pa.field("span_end", pa.int64()),
        pa.field("cue", pa.string()),
        pa.field("cue_start", pa.int64()),
        pa.field("cue_end", pa.int64()),
    ])


def claim_arrow_fields() -> list[Any]:
    """Arrow fields of every Claim field in declaration order (batch output), with nullability."""
    import pyarrow as pa

    return [pa.field(c, arrow_type(s.arrow), nullable=s.nullable) for s in FIELDS for c in s.columns]


def flatten(claim: Claim) -> dict[str, Any]:
    """The claim as flat columns (``FIELDS`` order): spans as start/end pairs, the chain as structs."""
    out: dict[str, Any] = {}
    for s in FIELDS:
        v = getattr(claim, s.name)
        if s.kind == "scalar":
            out[s.name] = v
        elif s.kind == "span":
            out[s.columns[0]], out[s.columns[1]] = flat_span(v)
        else:
            out[s.name] = [party_row(p) for p in v]
    return out


def unflatten(row: dict[str, Any]) -> Claim:
    """The Claim of flat columns (``flatten``'s inverse): equal (``==``) to the original."""
    kw: dict[str, Any] = {}
    for s in FIELDS:
        if s.kind == "scalar":
            kw[s.name] = row[s.name]
        elif s.kind == "span":
            kw[s.name] = unflat_span(row[s.columns[0]], row[s.columns[1]])
        else:
            kw[s.name] = tuple(party_from_row(p) for p in row[s.name])
    return Claim(**kw)
