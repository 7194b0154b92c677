"""Which files a batch reads, and how they are cut into partitions (tasks).

Inputs are local paths, directories, globs or any fsspec URL (``s3://``,
``gs://``, ``https://`` …, where the backend is installed); only the listing
and file sizes are read here, on the client, so planning a terabyte on object
storage costs a few LIST calls, not a scan.

Which files batch reads, and which it may split, is the format registry's
(``readers.formats``: ``batch``, ``splittable``). Plain JSONL is cut into byte
ranges of about ``partition_size`` bytes; each task finds its own line
boundaries (``partition.read_range``), so no one has to count lines up front.
Compressed JSONL and WARC files cannot be split without an index, so each is
one partition.

Partition keys are deterministic (input URL + index), so a re-run over the
same inputs writes the same Parquet file names and overwrites, never appends.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import fsspec
from fsspec.core import url_to_fs

from ..errors import InputError
from ..readers.formats import FORMATS, batch_formats, suffixes

#: A partition of about this many bytes takes a few seconds to extract on one core.
DEFAULT_PARTITION_SIZE = 8 * 1024 * 1024

#: Compression suffixes a splittable format's file may carry (then it is read whole).
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: an fsspec-openable ``url``, its format and size in bytes."""

    url: str
    fmt: str  # a format batch reads (readers.formats: ``batch=True``)
    size: int
    compression: str | None = None  # e.g. "gzip" for .jsonl.gz (then the file is one partition)


@dataclass(frozen=True, slots=True)
class Partition:
    """One task: bytes ``[start, end)`` of ``file`` (whole file when it cannot be split)."""

    file: InputFile
    index: int
    start: int
    end: int

    @property
    def key(self) -> str:
        """File-name stem of this partition's output: readable, and the same on every re-run."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.file.url.rstrip("/").rsplit("/", 1)[-1])[:40]
        digest = hashlib.sha256(self.file.url.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        return f"{stem}-{digest}-{self.index:05d}"


def input_format(path: str) -> tuple[str, str | None] | None:
    """``(fmt, compression)`` judged from a file name, or None if batch does not read it.

    A suffix of a format batch reads decides (``.warc.gz`` is WARC's own); else a compressed
    file of a splittable format (``.jsonl.gz``) is that format, read whole.
    """
    name = path.lower()
    for suffix, fmt in suffixes():
        if name.endswith(suffix) and FORMATS[fmt].batch:
            return fmt, None
    for ext in _COMPRESSED:
        if name.endswith(ext):
            inner = name.removesuffix(ext)
            for suffix, fmt in suffixes():
                if inner.endswith(suffix) and FORMATS[fmt].batch and FORMATS[fmt].splittable:
                    return fmt, fsspec.utils.infer_compression(name)
    return None


def _readable() -> tuple[str, str, str]:
    """How the messages name what batch reads: ("JSONL or WARC", ".jsonl, … .warc.gz", ".jsonl or .warc")."""
    fmts = [FORMATS[n] for n in batch_formats()]
    names = " or ".join(f.name.upper() for f in fmts)
    shown = [s for f in fmts for s in (*f.suffixes, *((f.suffixes[0] + ".gz",) if f.splittable else ()))]
    return names, ", ".join(shown), " or ".join(f.suffixes[0] for f in fmts if f.suffixes)


def list_inputs(specs: Iterable[str], fmt: str | None = None) -> list[InputFile]:
    """Resolve paths, directories (recursively) and globs to files, each once, in a stable order.

    A file named explicitly must look like a format batch reads (JSONL or WARC); inside
    directories and globs other files are skipped, so a folder with a README in it still
    works. ``fmt`` (one of those) reads every file found as that format, whatever its name.
    """
    out: dict[str, InputFile] = {}
    for spec in specs:
        try:
            fs, path = url_to_fs(spec)
        except (ImportError, ValueError) as exc:
            raise InputError(spec, f"cannot open this location ({exc})") from None
        explicit = False
        if any(ch in path for ch in "*?["):
            found = [p for p in sorted(fs.glob(path)) if fs.isfile(p)]
        elif fs.isdir(path):
            found = sorted(fs.find(path))
        elif fs.exists(path):
            found, explicit = [path], True
        else:
            raise InputError(spec, "no such file or directory")
        matched = 0
        for p in found:
            kind = input_format(p)
            if fmt is not None:
                kind = (fmt, kind[1] if kind else fsspec.utils.infer_compression(p))
            if kind is None:
                if explicit:
                    names, shown, _ = _readable()
                    raise InputError(spec, f"is not {names} by its name ({shown}); batch reads only those")
                continue
            url = p if _is_local(fs) else fs.unstrip_protocol(p)
            out.setdefault(url, InputFile(url, kind[0], int(fs.size(p)), kind[1]))
            matched += 1
        if not matched:
            raise InputError(spec, f"holds no {_readable()[2]} files")
    return list(out.values())


def plan_partitions(
    files: Iterable[InputFile], partition_size: int = DEFAULT_PARTITION_SIZE
) -> list[Partition]:
    """Cut ``files`` into partitions: byte ranges for plain JSONL, whole files otherwise."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1 byte")
    parts: list[Partition] = []
    for f in files:
        if not FORMATS[f.fmt].splittable or f.compression or f.size <= partition_size:
            parts.append(Partition(f, 0, 0, f.size))
            continue
        for i, start in enumerate(range(0, f.size, partition_size)):
            parts.append(Partition(f, i, start, min(start + partition_size, f.size)))
    return parts


def _is_local(fs: fsspec.AbstractFileSystem) -> bool:
    protocol = fs.protocol
    return "file" in (protocol if isinstance(protocol, tuple) else (protocol,))
