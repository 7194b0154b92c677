"""One exception hierarchy for the library; the CLI turns any of them into one clear message.

ClaimledgerError
├── InputError       a file or stream cannot be read as an article (names the file and the problem)
├── RuleDataError    a bundled or user vocabulary file is malformed
└── LedgerError      the ledger file cannot be opened, migrated or written
"""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base of every error claimledger raises on purpose."""


class InputError(ClaimledgerError):
    """An input cannot be read as an article.

    ``where`` names the file (or 'stdin', or 'file.jsonl line 12'); ``problem`` says
    what is wrong and, where there is one, what to do about it.
    """

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class RuleDataError(ClaimledgerError):
    """A vocabulary/rule data file does not match its schema."""


class LedgerError(ClaimledgerError):
    """The ledger cannot be opened, migrated or written."""
