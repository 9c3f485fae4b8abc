"""The command line: its global options and subcommands (parsing loads no engine)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__
from ..serve import DEFAULT_PORT, LOOPBACK
from .common import ENV_SESSIONS_DIR, EXPORT_FORMATS, EXPORT_WHATS


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options and the subcommands."""
    parser = argparse.ArgumentParser(
        prog="srs-advisor",
        description=(
            "Plan a service and resource sharing arrangement: why partners share, what "
            "they share, and how formal the agreement must be. With no command, starts "
            "the interactive advisor; `resume` opens a saved session, `checkin` follows up a "
            "finished one."
        ),
    )
    parser.add_argument("--version", action="version", version=f"srs-advisor {__version__}")
    parser.add_argument(
        "--sessions-dir",
        type=Path,
        metavar="DIR",
        help=f"where sessions are saved (default: ${ENV_SESSIONS_DIR}, or your data folder)",
    )
    parser.add_argument(
        "--dialogs",
        type=Path,
        metavar="DIR",
        help="use the dialog files in DIR instead of the shipped ones",
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="use the guidance pages in DIR instead of the shipped ones",
    )
    parser.add_argument(
        "--presenter",
        action="store_true",
        help="start the advisor in presenter mode (high contrast, only the current question)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    resume = commands.add_parser("resume", help="resume a saved session where it stopped")
    resume.add_argument(
        "session", nargs="?", metavar="SESSION", help="a session id or folder (default: the newest)"
    )

    checkin = commands.add_parser(
        "checkin",
        help="follow up a finished session: a new session that asks again what should be "
        "reviewed, the earlier answers shown (the earlier session is not changed)",
    )
    checkin.add_argument("session", metavar="SESSION", help="a session id or folder")

    check = commands.add_parser("check", help="check dialog files and report every problem")
    check.add_argument(
        "dir", nargs="?", type=Path, metavar="DIR", help="dialog folder (default: the shipped one)"
    )

    questions = commands.add_parser("questions", help="list every question of the dialog")
    questions.add_argument("--json", action="store_true", help="print JSON, for other tools")

    replay = commands.add_parser(
        "replay", help="run the conversation from an answer file and write the session and notes"
    )
    replay.add_argument(
        "answers", type=Path, metavar="ANSWERS", help="answers keyed by step id (JSON or TOML)"
    )
    replay.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for session.json and transcript.md",
    )
    replay.add_argument(
        "--force", action="store_true", help="replace a session already saved in DIR"
    )

    export = commands.add_parser(
        "export", help="write a session's meeting notes or draft agreement as md, html or docx"
    )
    export.add_argument("session", metavar="SESSION", help="a session id or folder")
    export.add_argument(
        "--format",
        dest="fmt",
        choices=EXPORT_FORMATS,
        default="md",
        help="the file format (default: md)",
    )
    export.add_argument(
        "--what",
        choices=EXPORT_WHATS,
        default="notes",
        help="the meeting notes or the draft agreement outline (default: notes)",
    )
    export.add_argument(
        "--out",
        metavar="PATH",  # kept as typed: a trailing "/" says it is a folder
        help="the file to write, or a folder for it (default: the session's folder)",
    )
    export.add_argument(
        "--force", action="store_true", help="replace the file if it exists (never the session's)"
    )

    prework = commands.add_parser(
        "prework",
        help="make each partner's pre-work file from a session (SESSION --out DIR), or fill "
        "one in (--fill FILE)",
        description=(
            "Pre-work: each partner answers the success factors, its goals and expected "
            "benefits, its definition of success and its point of contact apart, before the "
            "meeting. SESSION --out DIR writes one file per partner named in the session "
            "(TOML, to fill in with a text editor); --fill FILE asks that file's questions "
            "in the advisor, saving each answer into the file as it is given."
        ),
    )
    prework.add_argument(
        "session", nargs="?", metavar="SESSION", help="a session id or folder, as for resume"
    )
    prework.add_argument(
        "--out", type=Path, metavar="DIR", help="the folder for the partners' files"
    )
    prework.add_argument(
        "--fill", type=Path, metavar="FILE", help="fill in this pre-work file in the advisor"
    )
    prework.add_argument(
        "--force", action="store_true", help="replace files of the same names in DIR"
    )

    merge = commands.add_parser(
        "merge",
        help="bring the partners' pre-work files into a session",
        description=(
            "Brings the partners' pre-work files into a session: each partner's own answers "
            "(goals, benefits, success, point of contact) become its answers; each partner's "
            "answer to a success factor is kept apart, and the meeting settles the session's "
            "answer. Nothing is merged if a file cannot be (another session, a partner the "
            "session does not name, an older version of the questions, a damaged file), or "
            "if a file's answer would replace one the session holds and neither --replace "
            "nor --keep says which to take."
        ),
    )
    merge.add_argument("session", metavar="SESSION", help="a session id or folder")
    merge.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="the partners' pre-work files"
    )
    settle = merge.add_mutually_exclusive_group()
    settle.add_argument(
        "--replace",
        action="store_true",
        help="where a file's answer differs from the session's, take the file's",
    )
    settle.add_argument(
        "--keep",
        action="store_true",
        help="where a file's answer differs from the session's, keep the session's",
    )

    graph = commands.add_parser(
        "graph", help="print the conversation's flow as a Mermaid diagram (phases, or --steps)"
    )
    graph.add_argument("--steps", action="store_true", help="draw every step, not only the phases")
    commands.add_parser(
        "sessions", help="list the saved sessions, newest first (check-ins under their meeting)"
    )

    serve = commands.add_parser(
        "serve",
        help="serve the advisor in a web browser (no login: anyone who can reach it can "
        "read and change every session)",
    )
    serve.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"the address to listen on (default: {LOOPBACK}, this machine only)",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT})"
    )
    return parser
