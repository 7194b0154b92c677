"""claimledger: a ledger of attributed figure claims from conflict reporting.

The public face is small on purpose: ``extract`` turns text into claims, and the
data model classes describe what comes out. Everything else (ledger, reconcile,
review page, batch) is reached through its own subpackage or the CLI.
"""

from __future__ import annotations

from .errors import ClaimledgerError, InputError, LedgerError, RuleDataError
from .extract import RULES_VERSION, extract
from .model import Claim, Document, Party, content_id

__version__ = "0.1.0"

__all__ = [
    "RULES_VERSION",
    "Claim",
    "ClaimledgerError",
    "Document",
    "InputError",
    "LedgerError",
    "Party",
    "RuleDataError",
    "__version__",
    "content_id",
    "extract",
]
