"""The `claimledger` command: a thin click group over the library.

Each area of the flow keeps its commands in its own module under
``claimledger.commands``; this file only assembles them and turns library
errors into one clear message and a non-zero exit code (never a traceback).
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .commands import ALL_COMMANDS
from .errors import ClaimledgerError


class _Group(click.Group):
    """Click group that reports ClaimledgerError as 'claimledger: error: … [L00n]' with exit 1.

    The bracketed code is the class's ``code`` (see ``errors.py``): stable when the wording changes.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ClaimledgerError as exc:
            click.echo(f"claimledger: error: {exc} [{exc.code}]", err=True)
            sys.exit(1)
        except BrokenPipeError:  # `claimledger extract … | head` is normal use
            sys.stderr.close()
            sys.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimledger")
def main() -> None:
    """Turn conflict reporting into a ledger of attributed figure claims."""


for _cmd in ALL_COMMANDS:
    main.add_command(_cmd)


if __name__ == "__main__":  # pragma: no cover
    main()
