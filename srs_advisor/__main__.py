"""Entry point: `srs-advisor` and `python -m srs_advisor`.

Parses the arguments and runs a subcommand. Textual is imported only when the
interactive advisor runs, so the subcommands start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import build_parser, run

TUI_NOT_YET = (
    "The interactive advisor (the terminal UI) is not part of this version yet.\n"
    "Meanwhile you can run the whole conversation from an answer file:\n"
    "  srs-advisor replay examples/answers.toml --out notes\n"
    "and list the questions with `srs-advisor questions`. See `srs-advisor --help`."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run srs-advisor with `argv` (default: the process's arguments); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    namespace, _ = build_parser().parse_known_args(args)
    if namespace.command is None:
        print(TUI_NOT_YET, file=sys.stderr)
        return 1
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
