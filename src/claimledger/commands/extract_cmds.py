"""`claimledger extract` and `claimledger eval`: the extractor on files, and its score on gold."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date

import click

from ..errors import InputError
from ..extract import extract
from ..inputs import read_text

CSV_FIELDS = [
    "path", "span", "text", "low", "high", "hedge", "unit", "event", "subject", "place",
    "as_of", "period_start", "source", "cue", "reported_by", "sentence_span", "rules",
]


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date YYYY-MM-DD, to resolve 'on Monday', 'last week'…")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="jsonl", show_default=True)
@click.option("--encoding", default=None, help="Decode input with this encoding instead of UTF-8.")
def extract_command(paths: tuple[str, ...], published: str | None, fmt: str, encoding: str | None) -> None:
    """Print every figure claim in the text files PATHS ('-' reads stdin)."""
    pub = _published(published)
    failed = 0
    writer = csv.DictWriter(sys.stdout, CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for path in paths:
        try:
            text = read_text(path, encoding)
        except InputError as exc:
            click.echo(f"claimledger: error: {exc}", err=True)
            failed += 1
            continue
        for claim in extract(text, pub):
            d = claim.to_dict()
            d["path"] = path
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
            elif writer:
                row = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v) for k, v in d.items()}
                writer.writerow(row)
            else:
                src = d["source"] or "(article's own voice)"
                sys.stdout.write(f"{path}\t{d['text']}\t{d['hedge']}\t{d['low']}\t{d['high']}\t{d['event']}\t{src}\n")
    if failed:
        sys.exit(1)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--docs", required=True, type=click.Path(exists=True, file_okay=False), help="Folder of <doc>.txt files.")
def eval_command(gold: str, docs: str) -> None:
    """Score the extractor on an annotated set (the format of shared/eval/dev/gold.json)."""
    raise click.ClickException("not implemented yet")
