"""Entry point: `srs-advisor` and `python -m srs_advisor`.

Parses the arguments and runs a subcommand, or the interactive advisor. Textual is
imported only when the advisor runs, so the other subcommands start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .cli import run


def main(argv: Sequence[str] | None = None) -> int:
    """Run srs-advisor with `argv` (default: the process's arguments); return the exit code.

    Output cut short by the reader (`srs-advisor questions | head`) ends quietly; output
    to a full device ends with one line saying so.
    """
    try:
        code = run(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        if error.errno is None or sys.stdout.closed:
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"srs-advisor: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
