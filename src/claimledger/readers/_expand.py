"""Turning command-line specs (files, directories, globs, '-') into a list of inputs.

Directories are walked recursively and keep only files whose suffix names a
format we read, so a folder with a README or editor backups next to the
articles just works. An explicitly named file is always kept, whatever its
suffix: its format is then sniffed from its content.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from .formats import format_from_suffix, suffixes

_GLOB_CHARS = frozenset("*?[")


def expand_inputs(specs: Iterable[str]) -> list[str]:
    """Every input file the specs name, in order and without repeats; '-' stays '-'.

    Raises InputError naming the first spec that matches nothing.
    """
    out: list[str] = []
    seen: set[str] = set()
    for spec in specs:
        for path in expand_one(spec):
            if path not in seen:
                seen.add(path)
                out.append(path)
    return out


def expand_one(spec: str) -> list[str]:
    """The inputs one spec names; InputError when it names none."""
    if spec == "-":
        return ["-"]
    if os.path.isdir(spec):
        found = _walk(spec)
        if not found:
            kinds = ", ".join(sorted({s for s, _ in suffixes()}))
            raise InputError(spec, f"is a directory with no article files ({kinds})")
        return found
    if os.path.exists(spec):
        return [spec]
    if _GLOB_CHARS & set(spec):
        found = []
        for match in sorted(glob.glob(spec, recursive=True)):
            found.extend(_walk(match) if os.path.isdir(match) else [match])
        if not found:
            raise InputError(spec, "matches no file")
        return found
    raise InputError(spec, "no such file or directory")


def _walk(root: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if not fn.startswith(".") and format_from_suffix(fn):
                found.append(str(Path(dirpath) / fn))
    return found
