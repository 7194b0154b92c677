"""`claimledger extract` and `claimledger eval`: the extractor on files, and its score on gold.

The commands only parse options, pick an output format and turn errors into
messages on stderr; reading inputs lives in ``claimledger.readers`` and
``claimledger.extract_stream``, scoring in ``claimledger.evaluate``.

Exit status of ``extract``: 0 when every input was read, 1 when any input
(or any article inside a JSONL/WARC file) could not be, 2 for usage errors.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TextIO

import click

from ..errors import InputError
from ..evaluate import evaluate, load_gold
from ..extract_stream import iter_claims
from ..model import Claim
from ..readers import expand_inputs
from ..readers.formats import input_formats
from ..schema import FIELDS
from ..values import format_value

#: Columns of ``--format csv``: every Claim field but the offsets of the parts (JSONL has those),
#: where the figure was read and by which rules last. Derived, so a new Claim field appears by itself.
_CSV_LAST = ("sentence_span", "rules")
CSV_FIELDS = [
    "path",
    *(s.name for s in FIELDS if s.name not in _CSV_LAST and (s.kind != "span" or s.name == "span")),
    *_CSV_LAST,
]


class RegistryChoice(click.Choice):  # type: ignore[type-arg]
    """A choice read from a registry when it is used, not when the command is defined.

    ``--input-format`` offers what the format registry holds at that moment, so a
    format registered after import (an extension's, a test's) is a valid choice.
    """

    def __init__(self, names: Callable[[], tuple[str, ...]]) -> None:
        self._names = names
        super().__init__(names())

    @property
    def choices(self) -> tuple[str, ...]:
        return self._names()

    @choices.setter
    def choices(self, _value: object) -> None:
        pass  # always the registry's


#: ``--input-format`` of extract and add: the format registry's choosable formats.
INPUT_FORMATS = RegistryChoice(input_formats)
#: One meaning of --published in extract, add and batch (see claimledger.docmeta).
PUBLISHED_HELP = (
    "Publication date for articles that carry none of their own (input metadata or a sidecar .json); "
    "it resolves 'on Monday', 'last week'… Articles without either use a date their first lines state."
)


def _published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        problem = f"{value!r} is not a date in the form YYYY-MM-DD"
        raise click.BadParameter(problem, param_hint="--published") from None


def _encoding(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}", param_hint="--encoding") from None
    return value


class _Output:
    """Writes claims to stdout in one of the three formats; nothing else goes to stdout."""

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.rows: list[tuple[str, Claim]] = []
        self.csv: csv.DictWriter[str] | None = None
        if fmt == "csv":
            self.csv = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore")
            self.csv.writeheader()

    def write(self, path: str, claim: Claim) -> None:
        if self.fmt == "table":
            self.rows.append((path, claim))
            return
        d = claim.to_dict()
        d["path"] = path
        if self.csv is not None:
            self.csv.writerow({k: _cell(v) for k, v in d.items()})
        else:
            self.out.write(json.dumps(d, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self.fmt == "table":
            _print_table(self.rows, self.out)
        self.out.flush()


def _cell(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v


def _print_table(rows: list[tuple[str, Claim]], out: TextIO) -> None:
    from rich.console import Console  # deferred: only the table format needs rich
    from rich.table import Table

    table = Table(title=f"figure claims: {len(rows)}", show_lines=False)
    for col in ("path", "figure", "value", "hedge", "event", "subject", "source", "cue"):
        table.add_column(col, overflow="fold", no_wrap=col in ("figure", "value"))
    for path, c in rows:
        table.add_row(
            path,
            c.text,
            format_value(c.low, c.high, c.hedge, c.unit),
            c.hedge,
            c.event,
            c.subject or "",
            c.source or "[dim](own voice)[/dim]",
            c.cue or "",
        )
    Console(file=out, soft_wrap=False).print(table)


def _error(where: str, problem: str) -> None:
    click.echo(f"claimledger: error: {where}: {problem}", err=True)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", metavar="YYYY-MM-DD", help=PUBLISHED_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "table"]),
    default="jsonl",
    show_default=True,
    help="Output: one JSON object per claim per line, CSV with a header, or a table for reading.",
)
@click.option("--encoding", default=None, help="Decode input with this encoding instead of UTF-8.")
@click.option(
    "--input-format",
    type=INPUT_FORMATS,
    default=None,
    help="Read every input as this format instead of guessing from suffix and content.",
)
def extract_command(
    paths: tuple[str, ...], published: str | None, fmt: str, encoding: str | None, input_format: str | None
) -> None:
    """Print every figure claim in PATHS: files, directories, globs, or '-' for stdin.

    Plain text, HTML pages, JSON Lines (one article per line) and WARC archives
    are read; the format comes from the suffix or, failing that, the content.
    Spans index each article's decoded text (for HTML, the extracted article text).
    """
    pub = _published(published)
    enc = _encoding(encoding)
    if fmt != "table" and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")  # JSON and CSV are UTF-8 whatever the locale says
    out = _Output(fmt, sys.stdout)
    failed = 0
    for spec in paths:
        try:
            files = expand_inputs([spec])
        except InputError as exc:
            _error(exc.where, exc.problem)
            failed += 1
            continue
        for path in files:
            failed += _extract_one(path, pub, enc, input_format, out)
    out.close()
    if failed:
        sys.exit(1)


def _extract_one(path: str, pub: str | None, enc: str | None, input_format: str | None, out: _Output) -> int:
    """Write the claims of one input; returns how many inputs or articles failed."""
    failed = 0
    try:
        for part in iter_claims(path, pub, enc, fmt=input_format):
            if part.error is not None:
                _error(part.origin, part.error)
                failed += 1
                continue
            for claim in part.claims:
                out.write(part.origin, claim)
    except InputError as exc:
        _error(exc.where, exc.problem)
        failed += 1
    except BrokenPipeError:
        raise
    except Exception as exc:  # an extractor bug must not end the run in a traceback
        where = "stdin" if path == "-" else path
        _error(where, f"extraction failed ({type(exc).__name__}: {exc}); please report this with the file")
        failed += 1
    return failed


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--docs",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of <doc>.txt files named as the gold's document keys.",
)
@click.option("--verbose", is_flag=True, help="List every false positive, miss and mislabelled claim.")
@click.option("--min-f1", type=float, default=0.0, show_default=True, help="Exit 1 when F1 is below this.")
@click.option(
    "--min-value",
    type=float,
    default=0.0,
    show_default=True,
    help="Exit 1 when value accuracy of matched claims is below this.",
)
@click.option(
    "--min-event",
    type=float,
    default=0.0,
    show_default=True,
    help="Exit 1 when event accuracy of matched claims is below this.",
)
@click.option(
    "--min-source",
    type=float,
    default=0.0,
    show_default=True,
    help="Exit 1 when source accuracy of matched claims is below this.",
)
def eval_command(
    gold: str, docs: str, verbose: bool, min_f1: float, min_value: float, min_event: float, min_source: float
) -> None:
    """Score the extractor on an annotated set of articles (GOLD.json; format in docs/input-and-extract.md).

    Prints the same figures as the project's score.py, ending with the line
    'f1=… value=… event=… source=…'.
    """
    result = evaluate(load_gold(gold), docs)
    if verbose:
        for line in result.notes:
            click.echo(line)
    click.echo(
        f"claims: tp={result.tp} fp={result.fp} fn={result.fn} "
        f"precision={result.precision:.3f} recall={result.recall:.3f}"
    )
    click.echo(f"of matched: value={result.value:.3f} event={result.event:.3f} source={result.source:.3f}")
    short = result.below(f1=min_f1, value=min_value, event=min_event, source=min_source)
    click.echo(result.summary() + (f" below: {','.join(short)}" if short else ""))
    if short:
        sys.exit(1)
