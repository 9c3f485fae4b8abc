"""The subcommands that need no UI: check, questions, replay and graph.

None of them imports Textual: they start fast and run anywhere, CI included.
Exit codes: 0 success, 1 a problem with the dialog or the disk, 2 a problem with
what the user gave (arguments, an answer file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .dialog import Dialog, DialogError, check_dialog, choices_of, load_dialog
from .files import UnreadableFile, read_text
from .resources import content_dir, dialogs_dir
from .terminal import safe

if TYPE_CHECKING:
    from .engine.conversation import Conversation

# The engine (sessions, the machine, the answers' models) is imported by the commands
# that use it, not here: `check`, `questions` and `graph` start without it.

ENV_SESSIONS_DIR = "SRS_ADVISOR_SESSIONS_DIR"
"""The environment variable naming the sessions folder (`engine.session` reads it)."""

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

    graph = commands.add_parser(
        "graph", help="print the conversation's flow as a Mermaid diagram (phases, or --steps)"
    )
    graph.add_argument("--steps", action="store_true", help="draw every step, not only the phases")
    commands.add_parser("sessions", help="list the saved sessions, newest first")
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
    except DialogError as error:
        print(f"The dialog files have {len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        print("Run `srs-advisor check` for details.", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"srs-advisor: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        from .engine.session import SessionError  # only raised once the engine is loaded

        if not isinstance(error, SessionError):
            raise
        print(f"srs-advisor: {error}", file=sys.stderr)
        return 1
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first


def cmd_check(args: argparse.Namespace) -> int:
    """Check a dialog folder; print every problem, or a one-line summary."""
    dialog_dir, pages = _folders(args, args.dir)
    dialog, problems = check_dialog(dialog_dir, pages)
    if problems or dialog is None:
        for problem in problems:
            print(problem)
        print(f"{_count(len(problems), 'problem')} found in {dialog_dir}.")
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
    print(f"OK: {dialog.meta.title} {dialog.meta.version}: {counts} ({dialog_dir}).")
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
        data.append(
            {
                "id": step.id,
                "phase": step.phase,
                "kind": step.kind,
                "title": step.title,
                "prompt": step.prompt,
                "choices": choices,
                "required": step.required,
            }
        )
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
        print(f"{phase.title}: {phase.summary}")
        for item in data:
            if item["phase"] != phase.id:
                continue
            need = ", required" if item["required"] else ""
            print(f"  {item['id']} ({item['kind']}{need}): {item['prompt']}")
            for choice in item["choices"]:
                print(f"      {choice['value']}: {choice['label']}")
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
            f"note: {step_id} was not asked on this path, so its answer was not used",
            file=sys.stderr,
        )
    conversation.folder = args.out
    conversation.save()
    print(f"Wrote {args.out / 'session.json'} and {args.out / 'transcript.md'}")
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
    from .engine.session import default_sessions_dir

    return args.sessions_dir or default_sessions_dir()


def cmd_sessions(args: argparse.Namespace) -> int:
    """List the saved sessions: when, which partners, and how far each got."""
    from .engine.session import list_sessions

    root = sessions_dir(args)
    found, problems = list_sessions(root)
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
