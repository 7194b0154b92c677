"""Templates and static files ship with the package, and every `serve` option is documented."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import claimledger.serve
from claimledger.commands.serve_cmds import serve_command

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(claimledger.serve.__file__).parent


def test_templates_and_static_match_package_data() -> None:
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "claimledger"
    ]
    files = [p for d in ("templates", "static") for p in (HERE / d).rglob("*") if p.is_file()]
    assert files
    pkg = HERE.parent
    for f in files:
        rel = f.relative_to(pkg).as_posix()
        assert any(fnmatch(rel, g) and rel.count("/") == g.count("/") for g in globs), f"{rel} would not ship"


def test_every_serve_option_is_documented() -> None:
    doc = (ROOT / "docs" / "review.md").read_text()
    for param in serve_command.params:
        for opt in getattr(param, "opts", []):
            assert f"`{opt}" in doc, f"{opt} is not in docs/review.md"


def test_public_api() -> None:
    assert sorted(claimledger.serve.__all__) == sorted(
        [
            "ACTIONS",
            "REVIEW_FIELDS",
            "Review",
            "ReviewError",
            "ServeError",
            "apply_review",
            "make_datasette",
            "run",
        ]
    )
    for name in claimledger.serve.__all__:
        assert getattr(claimledger.serve, name) is not None
