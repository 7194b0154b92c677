"""The review web page: a Datasette plugin serving the ledger's documents, measures and reviews.

``make_datasette`` builds the server (tests use it without a socket), ``run``
serves it, and ``apply_review`` is the one write path for every review.
"""

from __future__ import annotations

from .app import ServeError, make_datasette, run
from .review import ACTIONS, REVIEW_FIELDS, Review, ReviewError, apply_review

__all__ = [
    "ACTIONS",
    "REVIEW_FIELDS",
    "Review",
    "ReviewError",
    "ServeError",
    "apply_review",
    "make_datasette",
    "run",
]
