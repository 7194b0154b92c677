"""One exception hierarchy: every class in errors.py, each with its own code, shown by the CLI.

The walk imports every module of the package, so an exception class defined
anywhere else (as ReviewError, ServeError and BatchError once were) fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from click.testing import CliRunner

import claimledger
from claimledger import batch, errors, serve
from claimledger.cli import main


def _package_exception_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(claimledger.__path__, prefix="claimledger."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__.startswith("claimledger"):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


def test_every_exception_class_is_defined_in_errors_py() -> None:
    classes = _package_exception_classes()
    assert len(classes) >= 7, classes  # the walk did find the hierarchy
    elsewhere = sorted(
        f"{c.__module__}.{c.__qualname__}" for c in classes if c.__module__ != "claimledger.errors"
    )
    assert elsewhere == [], f"define these in claimledger/errors.py: {elsewhere}"
    for cls in classes:
        assert issubclass(cls, errors.ClaimledgerError), f"{cls.__name__} is not under ClaimledgerError"


def test_every_class_has_its_own_unique_code() -> None:
    classes = _package_exception_classes()
    for cls in classes:
        assert "code" in vars(cls), f"{cls.__name__} inherits its code; give it its own"
        assert re.fullmatch(r"L\d{3}", cls.code), cls.code
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)), sorted(codes)


def test_the_documented_hierarchy_lists_every_class_with_its_code() -> None:
    arch = (Path(__file__).parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for cls in _package_exception_classes():
        line = f"{cls.__name__} {cls.code}"
        assert line in " ".join((errors.__doc__ or "").split()), f"errors.py docstring lacks {line!r}"
        row = f"| `{cls.__name__}` | `{cls.code}` |"
        assert row in arch, f"docs/architecture.md lacks the row {row!r}"


def test_old_import_paths_still_work() -> None:
    assert serve.ReviewError is errors.ReviewError
    assert serve.ServeError is errors.ServeError
    assert batch.BatchError is errors.BatchError
    assert errors.__all__ == sorted(errors.__all__)
    assert set(errors.__all__) == {c.__name__ for c in _package_exception_classes()}


def test_the_cli_boundary_prints_one_line_with_the_code(tmp_path: Path) -> None:
    not_a_ledger = tmp_path / "notes.db"
    not_a_ledger.write_bytes(b"this is not a SQLite database, just some bytes" * 40)
    result = CliRunner().invoke(main, ["measures", "--db", str(not_a_ledger)])
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("claimledger: error: ") and lines[0].endswith(f"[{errors.LedgerError.code}]")
    assert "Traceback" not in result.output

