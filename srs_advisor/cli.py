"""The subcommands that need no UI: check, questions, replay, graph, sessions, export
and serve.

None of them imports Textual (`serve` starts processes that do): they start fast and run
anywhere, CI included.
Exit codes: 0 success, 1 a problem with the dialog or the disk, 2 a problem with
what the user gave (arguments, an answer file).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .dialog import Dialog, DialogError, check_dialog, choices_of, load_dialog
from .files import UnreadableFile, read_text
from .resources import content_dir, dialogs_dir
from .serve import DEFAULT_PORT, LOOPBACK
from .terminal import safe

if TYPE_CHECKING:
    from .engine.conversation import Conversation

# The engine (sessions, the machine, the answers' models) is imported by the commands
# that use it, not here: `check`, `questions` and `graph` start without it.

ENV_SESSIONS_DIR = "SRS_ADVISOR_SESSIONS_DIR"
"""The environment variable naming the sessions folder (`store.sessions` reads it)."""

EXPORT_FORMATS = ("md", "html", "docx")
"""The formats `export` writes (`notes.export.FORMATS`, named here so parsing loads no notes)."""
EXPORT_WHATS = ("notes", "agreement")
"""The documents `export` writes (`notes.export.WHATS`)."""

MAX_ANSWER_FILE = 20 * 1024 * 1024
"""The largest answer file read, in bytes: far above any real one."""

PARKED_KEY = "parked"
"""The key of an answer file that lists the steps answered "unsure, discuss later"."""


class UsageError(Exception):
    """Something the user gave cannot be used; exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options and the subcommands."""
    parser = argparse.ArgumentParser(
        prog="srs-advisor",
        description=(
            "Plan a service and resource sharing arrangement: why partners share, what "
            "they share, and how formal the agreement must be. With no command, starts "
            "the interactive advisor; `resume` opens a saved session."
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

    graph = commands.add_parser(
        "graph", help="print the conversation's flow as a Mermaid diagram (phases, or --steps)"
    )
    graph.add_argument("--steps", action="store_true", help="draw every step, not only the phases")
    commands.add_parser("sessions", help="list the saved sessions, newest first")

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


def _folders(args: argparse.Namespace, dialog_dir: Path | None = None) -> tuple[Path, Path]:
    dialogs = dialog_dir or args.dialogs or dialogs_dir()
    if args.content:
        return dialogs, args.content
    beside = dialogs.parent / "content"
    if dialog_dir is not None and beside.is_dir():
        return dialogs, beside
    return dialogs, content_dir()


def _load(args: argparse.Namespace) -> Dialog:
    return load_dialog(*_folders(args))


def run(argv: Sequence[str] | None = None) -> int:
    """Run srs-advisor with `argv`; return the exit code. No command starts the TUI."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in (None, "resume"):
            from .tui.run import run_tui  # Textual only loads here, for the interactive advisor

            dialogs, content = _folders(args)
            return run_tui(args, load_dialog(dialogs, content), content, sessions_dir(args))
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
    except DialogError as error:
        print(f"The dialog files have {len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(safe(f"  {problem}"), file=sys.stderr)
        print("Run `srs-advisor check` for details.", file=sys.stderr)
        return 1
    except UsageError as error:
        print(safe(f"srs-advisor: {error}"), file=sys.stderr)  # may quote an answer file
        return 2
    except Exception as error:
        from .store import SessionError  # only raised once the engine is loaded

        if not isinstance(error, SessionError):
            raise
        print(safe(f"srs-advisor: {error}"), file=sys.stderr)
        return 1
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first


def cmd_check(args: argparse.Namespace) -> int:
    """Check a dialog folder; print every problem, or a one-line summary."""
    dialog_dir, pages = _folders(args, args.dir)
    dialog, problems = check_dialog(dialog_dir, pages)
    if problems or dialog is None:
        for problem in problems:
            print(safe(str(problem)))  # a file's text: its escape sequences are not run
        print(safe(f"{_count(len(problems), 'problem')} found in {dialog_dir}."))
        return 1
    used = {s.guidance for s in dialog.steps} | {
        v.page for s in dialog.steps for v in s.guidance_variants
    }
    counts = ", ".join(
        _count(n, noun)
        for n, noun in (
            (len(dialog.phases), "phase"),
            (len(dialog.steps), "step"),
            (len(dialog.rules), "formality rule"),
            (len(used), "guidance page"),
        )
    )
    print(safe(f"OK: {dialog.meta.title} {dialog.meta.version}: {counts} ({dialog_dir})."))
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def questions_data(dialog: Dialog) -> list[dict[str, Any]]:
    """Every step as `questions --json` prints it."""
    data = []
    for step in dialog.steps:
        if step.kind == "partners":
            choices = [{"value": s.value, "label": s.label} for s in dialog.meta.sectors]
        else:
            choices = [{"value": c.value, "label": c.label} for c in choices_of(step)]
        item: dict[str, Any] = {
            "id": step.id,
            "phase": step.phase,
            "kind": step.kind,
            "title": step.title,
            "prompt": step.prompt,
            "choices": choices,
            "required": step.required,
        }
        if step.kind == "form":
            item["fields"] = [{"key": f.key, "label": f.label} for f in step.fields]
        data.append(item)
    return data


def cmd_questions(args: argparse.Namespace) -> int:
    """List the questions, as text or JSON."""
    dialog = _load(args)
    data = questions_data(dialog)
    if args.json:
        import json

        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for phase in dialog.phases:
        print(safe(f"{phase.title}: {phase.summary}"))
        for item in data:
            if item["phase"] != phase.id:
                continue
            need = ", required" if item["required"] else ""
            print(safe(f"  {item['id']} ({item['kind']}{need}): {item['prompt']}"))
            for choice in item["choices"]:
                print(safe(f"      {choice['value']}: {choice['label']}"))
            for field in item.get("fields", []):
                print(safe(f"      {field['key']}: {field['label']} (a field)"))
        print()
    return 0


def read_answer_file(path: Path, dialog: Dialog) -> tuple[dict[str, Any], list[str]]:
    """The answers and the parked step ids in an answer file.

    TOML tables named after a phase may hold that phase's steps by their short
    names (`[formality]` then `risk = "low"`), as well as quoted full ids.

    Raises:
        UsageError: the file cannot be read, or names a step the dialog lacks.
    """
    import json
    import tomllib

    try:
        text = read_text(path, MAX_ANSWER_FILE)
    except FileNotFoundError as error:
        raise UsageError(f"cannot read the answer file {path}: there is no such file") from error
    except UnreadableFile as error:
        raise UsageError(f"cannot read the answer file: {error}") from error
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write first
    data: Any
    kind = "TOML" if path.suffix.lower() == ".toml" else "JSON"
    try:
        data = tomllib.loads(text) if kind == "TOML" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path} is not valid {kind}: {error}") from error
    except (RecursionError, ValueError) as error:  # nested too deep; a number too long
        raise UsageError(f"{path} cannot be used: {str(error)[:120]}") from error
    if not isinstance(data, dict):
        raise UsageError(f"{path} must hold a table of answers keyed by step id")
    parked = data.pop(PARKED_KEY, [])
    if not isinstance(parked, list) or not all(isinstance(p, str) for p in parked):
        raise UsageError(f"`{PARKED_KEY}` must be a list of step ids")
    answers: dict[str, Any] = {}
    for key, value in data.items():
        if (
            not dialog.has_step(key)
            and isinstance(value, dict)
            and key in {p.id for p in dialog.phases}
        ):
            answers.update({f"{key}.{name}": inner for name, inner in value.items()})
        else:
            answers[key] = value
    unknown = [k for k in [*answers, *parked] if not dialog.has_step(k)]
    if unknown:
        raise UsageError(f"{path} names steps the dialog does not have: {', '.join(unknown)}")
    from .engine.resume import read_old_value

    for key, value in answers.items():
        answers[key], note = read_old_value(dialog, key, value)
        if note:
            print(safe(f"note: {note}"), file=sys.stderr)
    return answers, parked


def replay(
    dialog: Dialog, answers: dict[str, Any], parked: list[str]
) -> tuple[Conversation, list[str]]:
    """Walk the conversation with these answers, as the UI would.

    Returns:
        The finished conversation, and the steps answered in the file that the
        conversation never reached.

    Raises:
        UsageError: a required answer is missing, or an answer does not fit its step.
    """
    from .engine.conversation import Conversation

    conversation = Conversation(dialog)
    visited = list(replay_moves(conversation, answers, parked))
    unused = [s for s in [*answers, *parked] if s not in visited]
    return conversation, unused


def replay_moves(
    conversation: Conversation, answers: dict[str, Any], parked: list[str]
) -> Iterator[str]:
    """Make the conversation's moves one at a time, as the UI would; yield each step moved from.

    Raises:
        UsageError: as `replay`.
    """
    from .engine.answers import AnswerError
    from .engine.conversation import EngineError

    visited: set[str] = set()
    while (step := conversation.current) is not None:
        if step.id in visited:
            raise UsageError(
                f"step {step.id}: the conversation came back here; answer files cannot loop"
            )
        visited.add(step.id)
        try:
            if step.kind == "info":
                conversation.answer()
            elif step.id in parked:
                conversation.park()
            elif step.id in answers:
                conversation.answer(answers[step.id])
            elif step.required:
                raise UsageError(f"step {step.id}: a required answer is missing ({step.prompt})")
            else:
                conversation.skip()
        except (AnswerError, EngineError) as error:
            raise UsageError(f"step {step.id}: {error}") from error
        yield step.id


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay an answer file and write `session.json` and `transcript.md`."""
    dialog = _load(args)
    answers, parked = read_answer_file(args.answers, dialog)
    conversation, unused = replay(dialog, answers, parked)
    for step_id in unused:
        print(
            safe(f"note: {step_id} was not asked on this path, so its answer was not used"),
            file=sys.stderr,
        )
    from .store import SESSION_FILE
    from .store.keeper import kept

    if os.path.lexists(args.out / SESSION_FILE) and not args.force:
        raise UsageError(
            f"{args.out} holds a session already ({args.out / SESSION_FILE}): add --force to "
            "replace it, or choose another --out"
        )
    store = kept(conversation)
    store.save_over(args.out)
    written = [args.out / "session.json", store.notes_path, store.agreement_path]
    shown = [str(p) for p in written if p is not None]
    print(safe(f"Wrote {', '.join(shown[:-1])} and {shown[-1]}"))
    recommendation = conversation.recommendation
    if recommendation is not None:
        chosen = conversation.session.chosen_level or "not chosen"
        print(f"Recommended level: {recommendation.level}; chosen: {chosen}")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    """Print the flow as a Mermaid state diagram: the phases, or every step (`--steps`)."""
    from .dialog.graph import phase_diagram, step_diagram

    dialog = _load(args)
    print(step_diagram(dialog) if args.steps else phase_diagram(dialog), end="")
    return 0


def sessions_dir(args: argparse.Namespace) -> Path:
    """The sessions folder: `--sessions-dir`, `$SRS_ADVISOR_SESSIONS_DIR`, or the data folder."""
    from .store import default_sessions_dir

    return args.sessions_dir or default_sessions_dir()


def cmd_sessions(args: argparse.Namespace) -> int:
    """List the saved sessions: when, which partners, and how far each got."""
    from .store import list_sessions

    root = sessions_dir(args)
    try:
        dialog: Dialog | None = _load(args)  # to tell an answer of the wrong shape
    except (DialogError, OSError):
        dialog = None  # the list still shows: `check` says what is wrong with the dialog
    found, problems = list_sessions(root, dialog)
    if not root.is_dir() and os.path.lexists(root):
        print(safe(f"srs-advisor: {problems[0]} Name one with --sessions-dir."), file=sys.stderr)
        return 2
    for problem in problems:
        print(safe(f"skipped: {problem}"), file=sys.stderr)
    if not found:
        print(safe(f"No saved sessions in {root}."))
        return 0
    print(safe(f"Sessions in {root}:"))
    for summary in found:
        where = "finished" if summary.finished else f"at {summary.current}"
        partners = ", ".join(summary.partners) or "no partners named yet"
        updated = summary.updated.strftime("%Y-%m-%d %H:%M")
        line = f"  {summary.id}  {updated}  {partners}  ({summary.answered} answers, {where})"
        print(safe(line))  # every part of it comes from a file that anyone may have written
    return 0


def export_session_folder(args: argparse.Namespace) -> Path:
    """The folder of the session named on the command line (an id or a folder).

    Raises:
        UsageError: there is no such session.
    """
    from .store import SESSION_FILE, SessionError, session_folder

    path = Path(args.session).expanduser()
    if path.exists():
        folder = path.parent if path.is_file() else path
    else:
        try:
            folder = session_folder(sessions_dir(args), args.session)
        except SessionError as error:
            raise UsageError(str(error)) from error
    if not (folder / SESSION_FILE).is_file():
        raise UsageError(
            f"there is no saved session at {folder}: give a session id (see `srs-advisor "
            "sessions`) or the folder that holds its session.json"
        )
    return folder


def _write_new(path: Path, data: bytes, *, force: bool, sessions: Path) -> None:
    """Write `data` to `path` whole (a temporary file renamed), never over a session's file."""
    from .store import SessionError, own_file_refusal

    refusal = own_file_refusal(path, sessions)
    if refusal is not None:
        raise UsageError(refusal)
    if path.is_dir():
        raise UsageError(f"{path} is a folder")
    if path.exists() and not force:
        raise UsageError(f"{path} exists: add --force to replace it, or choose another --out")
    temporary = path.with_name(f".{path.name}.export.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise SessionError(f"Cannot write {path}: {error.strerror or error}") from error


def cmd_export(args: argparse.Namespace) -> int:
    """Export a saved session's notes or draft agreement; print the path written."""
    from .dialog.model import level_name
    from .engine.conversation import Conversation
    from .notes.export import export
    from .store import load_session

    dialog = _load(args)
    folder = export_session_folder(args)
    # Read only: resumed without a folder, so nothing in the session is written.
    conversation, _ = Conversation.resume(dialog, load_session(folder, dialog))
    exported = export(conversation, args.what, args.fmt)
    target = Path(args.out).expanduser() if args.out is not None else folder
    if target.is_dir() or (args.out is not None and args.out.endswith(("/", os.sep))):
        target = target / exported.filename  # a folder, made if need be
    _write_new(target, exported.data, force=args.force, sessions=sessions_dir(args))
    print(safe(str(target)))
    if args.what == "agreement" and conversation.session.chosen_level is None:
        level = conversation.level
        follows = (
            f"the recommended level ({level_name(level)})"
            if level is not None
            else "the formal level, the most complete, as no level is known yet"
        )
        print(
            f"note: the partners have not chosen a level; the outline follows {follows}.",
            file=sys.stderr,
        )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the advisor in a browser: each tab runs `srs-advisor` with the same options."""
    from .serve import serve, served_command

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    _load(args)  # a dialog that cannot load is said here, once, not in every browser tab
    sessions = sessions_dir(args).expanduser().resolve()
    command = served_command(sessions, args.dialogs, args.content, args.presenter)
    try:
        return serve(command, args.host, args.port, sessions)
    except OSError as error:
        print(
            f"srs-advisor: cannot serve on {args.host}:{args.port}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
