"""Entry point: `srs-advisor` and `python -m srs_advisor`.

Parses the arguments and runs a subcommand, or the interactive advisor. Textual is
imported only when the advisor runs, so the other subcommands start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import run


def main(argv: Sequence[str] | None = None) -> int:
    """Run srs-advisor with `argv` (default: the process's arguments); return the exit code."""
    return run(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
