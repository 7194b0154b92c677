"""One exception hierarchy for the library; the CLI turns any of them into one clear message.

Every exception claimledger raises on purpose is defined here, under one base,
so a caller catches ``ClaimledgerError`` and a maintainer finds them all in one
file (a test fails when a module defines its own). Each class carries a short,
stable ``code`` (in the style of spaCy's ``errors.py``) that the CLI prints
after the message, e.g. ``claimledger: error: notes.txt: is empty [L001]``:
something to search the docs and issues for that does not change when the
wording does. Codes are never reused; a new class takes the next free one.

ClaimledgerError  L000
├── InputError       L001  a file or stream cannot be read as an article (names the file and the problem)
├── RuleDataError    L002  a bundled or user vocabulary file is malformed
├── LedgerError      L003  the ledger file cannot be opened, migrated or written
├── ReviewError      L004  a review cannot be applied (unknown claim, bad action or field value)
├── ServeError       L005  the review server cannot start as asked (missing ledger, unsafe host)
└── BatchError       L006  a batch cannot run at all (no cluster, workers on another version)

The classes are re-exported where they were first defined
(``claimledger.serve.ReviewError``, ``claimledger.serve.ServeError``,
``claimledger.batch.BatchError``), so old imports keep working.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "BatchError",
    "ClaimledgerError",
    "InputError",
    "LedgerError",
    "ReviewError",
    "RuleDataError",
    "ServeError",
]


class ClaimledgerError(Exception):
    """Base of every error claimledger raises on purpose."""

    code: ClassVar[str] = "L000"


class InputError(ClaimledgerError):
    """An input cannot be read as an article.

    ``where`` names the file (or 'stdin', or 'file.jsonl line 12'); ``problem`` says
    what is wrong and, where there is one, what to do about it.
    """

    code: ClassVar[str] = "L001"

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class RuleDataError(ClaimledgerError):
    """A vocabulary/rule data file does not match its schema."""

    code: ClassVar[str] = "L002"


class LedgerError(ClaimledgerError):
    """The ledger cannot be opened, migrated or written."""

    code: ClassVar[str] = "L003"


class ReviewError(ClaimledgerError):
    """A review cannot be applied: unknown claim, bad action or an invalid field value."""

    code: ClassVar[str] = "L004"


class ServeError(ClaimledgerError):
    """The review server cannot start as asked (missing ledger, unsafe host)."""

    code: ClassVar[str] = "L005"


class BatchError(ClaimledgerError):
    """The batch cannot run at all (no cluster, workers on another claimledger version …)."""

    code: ClassVar[str] = "L006"
