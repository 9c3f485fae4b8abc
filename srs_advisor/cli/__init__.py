"""The subcommands that need no UI: check, questions, replay, graph, sessions, export,
serve, prework and merge (`prework --fill` opens the advisor); and `checkin`, which
checks what it is given before the advisor starts.

None of them imports Textual (`serve` starts processes that do): they start fast and run
anywhere, CI included.
Exit codes: 0 success, 1 a problem with the dialog or the disk, 2 a problem with
what the user gave (arguments, an answer file).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..dialog import DialogError, load_dialog
from ..program import command
from ..terminal import safe
from .common import (
    ENV_SESSIONS_DIR,
    EXPORT_FORMATS,
    EXPORT_WHATS,
    UsageError,
    dialog_folders,
    sessions_dir,
)
from .dialog import cmd_check, cmd_graph, cmd_questions
from .parser import build_parser
from .prework import cmd_merge, cmd_prework
from .replay import cmd_replay
from .sessions import cmd_export, cmd_serve, cmd_sessions

# The engine (sessions, the machine, the answers' models) is imported by the commands
# that use it, not here: `check`, `questions` and `graph` start without it.

__all__ = [
    "ENV_SESSIONS_DIR",
    "EXPORT_FORMATS",
    "EXPORT_WHATS",
    "UsageError",
    "build_parser",
    "run",
]


def run(argv: Sequence[str] | None = None) -> int:
    """Run srs-advisor with `argv`; return the exit code. No command starts the TUI."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in (None, "resume"):
            from ..tui.run import run_tui  # Textual only loads here, for the interactive advisor

            dialogs, content = dialog_folders(args)
            return run_tui(args, load_dialog(dialogs, content), content, sessions_dir(args))
        if args.command == "checkin":
            from .checkin import cmd_checkin  # it runs the advisor: Textual loads after checks

            return cmd_checkin(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "questions":
            return cmd_questions(args)
        if args.command == "replay":
            return cmd_replay(args)
        if args.command == "graph":
            return cmd_graph(args)
        if args.command == "sessions":
            return cmd_sessions(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "serve":
            return cmd_serve(args)
        if args.command == "prework":
            return cmd_prework(args)
        if args.command == "merge":
            return cmd_merge(args)
    except DialogError as error:
        print(f"The dialog files have {len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(safe(f"  {problem}"), file=sys.stderr)
        check = ["check", str(args.dialogs)] if args.dialogs else ["check"]
        pages = ["--content", str(args.content)] if args.content else []
        print(safe(f"Run `{command(*check, options=pages)}` for details."), file=sys.stderr)
        return 1
    except UsageError as error:
        print(safe(f"srs-advisor: {error}"), file=sys.stderr)  # may quote an answer file
        return 2
    except Exception as error:
        from ..store import SessionError  # only raised once the engine is loaded

        if not isinstance(error, SessionError):
            raise
        print(safe(f"srs-advisor: {error}"), file=sys.stderr)
        return 1
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first
