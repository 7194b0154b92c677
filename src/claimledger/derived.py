"""Text derived from the registries: the review page's event and flag CSS, and the docs' tables.

The event table (``data/events.json``), the flag registry (``reconcile/flags.py``) and the
input formats (``readers/formats.py``) are the one place each fact is written; the CSS and
the docs quote them between marker lines. ``python -m claimledger.derived`` (run in a source
checkout) rewrites every marked block from the registries; ``tests/test_registries.py`` fails
while a block is stale, so a new event, flag kind or format cannot reach the page or the docs half-described.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from .event_kinds import event_kinds
from .readers.formats import FORMATS
from .reconcile.flags import FLAG_REGISTRY, Tone

#: The page's colours per flag tone: badge (background, border, text), how a flagged figure is
#: marked, and the colour of the symbol after it.
TONES: dict[Tone, tuple[str, str, str, str, str]] = {
    "bad": ("#fdecea", "#f3b8b3", "var(--bad)", "box-shadow: inset 0 -2px 0 var(--bad);", "var(--bad)"),
    "warn": ("#fff4e0", "#f0c98a", "var(--warn)", "box-shadow: inset 0 -2px 0 var(--warn);", "var(--warn)"),
    "quiet": (
        "#eef0f4", "#c9cdd6", "#4a4f5c", "outline: 1px dashed #7a7f8c; outline-offset: -1px;", "#4a4f5c"
    ),
}



def css() -> str:
    """The ``.ev-<event>`` colours, ``.badge.fl-<kind>`` badges and flagged-figure marks."""
    lines = [f".ev-{k.name} {{ background: {k.colour}; }}" for k in event_kinds().values()]
    for f in FLAG_REGISTRY:
        bg, border, fg, _mark, _sym = TONES[f.tone]
        lines.append(f".badge.fl-{f.kind} {{ background: {bg}; border-color: {border}; color: {fg}; }}")
    lines += [f".clm.fl-{f.kind} {{ {TONES[f.tone][3]} }}" for f in FLAG_REGISTRY]
    lines.append(", ".join(f".clm.fl-{f.kind}::after" for f in FLAG_REGISTRY)
                 + " { font-size: .7em; vertical-align: super; margin-left: 1px; font-weight: 700; }")
    lines += [f'.clm.fl-{f.kind}::after {{ content: "{f.symbol}"; color: {TONES[f.tone][4]}; }}'
              for f in FLAG_REGISTRY]
    return "\n".join(lines) + "\n"


def events_table() -> str:
    """docs/reconcile.md: one row per event."""
    rows = ["| event | measure label | counted | noun class | colour on the page |",
            "| --- | --- | --- | --- | --- |"]
    for k in event_kinds().values():
        counted = k.counted.replace("_", " ")
        rows.append(f"| `{k.name}` | `{k.label}`; without a subject `{k.label_unstated}` | {counted} | "
                    f"{k.noun_class} | `{k.colour}` |")
    return "\n".join(rows) + "\n"


def flags_table() -> str:
    """docs/reconcile.md and docs/review.md: one row per flag kind."""
    rows = ["| kind | raised when | mark after the figure on the page | report colour |",
            "| --- | --- | --- | --- |"]
    rows += [f"| **{f.kind}** | {f.about} | `{f.symbol}` ({f.tone}) | {f.style} |" for f in FLAG_REGISTRY]
    return "\n".join(rows) + "\n"


def formats_table() -> str:
    """docs/input-and-extract.md: one row per input format."""
    rows = ["| format | suffixes | recognised by content | `--input-format` | batch | byte ranges |",
            "| --- | --- | --- | --- | --- | --- |"]

    def yes(b: bool) -> str:
        return "yes" if b else "no"

    for f in FORMATS.values():
        suffixes = ", ".join(f"`{s}`" for s in f.suffixes) or "—"
        rows.append(f"| `{f.name}` | {suffixes} | {f.sniff_about or '—'} | {yes(f.choosable)} | "
                    f"{yes(f.batch)} | {yes(f.splittable)} |")
    return "\n".join(rows) + "\n"


#: (file in a source checkout, block name, comment syntax, generator): every marked block.
BLOCKS: tuple[tuple[str, str, str, Callable[[], str]], ...] = (
    ("src/claimledger/serve/static/claimledger.css", "events and flags", "css", css),
    ("docs/reconcile.md", "events", "md", events_table),
    ("docs/reconcile.md", "flags", "md", flags_table),
    ("docs/input-and-extract.md", "formats", "md", formats_table),
)


def _markers(name: str, syntax: str) -> tuple[str, str]:
    what = f"generated from the registries by `python -m claimledger.derived`: {name}"
    if syntax == "css":
        return f"/* {what} (edit the registry, not this block) */\n", f"/* end of {name} */\n"
    return f"<!-- {what} (edit the registry, not this block) -->\n", f"<!-- end of {name} -->\n"


def block(text: str, name: str, syntax: str) -> str | None:
    """The current body of the marked block ``name`` in ``text``, or None when it has no such block."""
    start, end = _markers(name, syntax)
    m = re.search(re.escape(start) + "(.*?)" + re.escape(end), text, re.S)
    return m.group(1) if m else None


def rewrite(text: str, name: str, syntax: str, body: str) -> str:
    """``text`` with the marked block ``name`` holding ``body``."""
    start, end = _markers(name, syntax)
    if block(text, name, syntax) is None:
        raise ValueError(f"no marked block {name!r}")
    return re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _m: start + body + end, text, flags=re.S)


def main(argv: list[str]) -> int:
    """Rewrite every stale block of the source checkout ``argv[0]`` (default: the current folder)."""
    root = Path(argv[0] if argv else ".")
    for rel, name, syntax, make in BLOCKS:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, name, syntax, make())
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {name} in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
