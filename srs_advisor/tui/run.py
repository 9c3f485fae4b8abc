"""Start the TUI from the command line, and say afterwards where the session is saved."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..dialog import Dialog
from ..engine.conversation import Conversation
from ..program import command
from ..store import (
    TRANSCRIPT_FILE,
    SessionError,
    SessionTakenOver,
    default_sessions_dir,
    list_sessions,
    load_session,
    session_folder,
)
from ..store.keeper import kept, resume_in
from ..terminal import safe
from .app import AdvisorApp


def find_session(root: Path, wanted: str | None) -> Path:
    """The folder of the session to resume: an id under `root`, a path, or the newest.

    Raises:
        SessionError: no such session, or none saved.
    """
    if wanted is None:
        found, problems = list_sessions(root)
        if not found and root.exists() and not root.is_dir():
            raise SessionError(f"{problems[0]} Name one with --sessions-dir.")
        if not found:
            where = [] if _is_default(root) else ["--sessions-dir", str(root)]
            raise SessionError(
                f"No saved sessions in {root}. Start one with `{command(options=where)}`."
            )
        return found[0].folder
    path = Path(wanted).expanduser()
    if path.exists():
        return path.parent if path.is_file() else path
    return session_folder(root, wanted)


def run_tui(
    args: argparse.Namespace,
    dialog: Dialog,
    content: Path,
    sessions: Path,
    conversation: Conversation | None = None,
) -> int:
    """Run the app (resuming a session for `resume`, or on `conversation` if given, such
    as a check-in just started); return the exit code."""
    messages: list[str] = []
    if args.command == "resume":
        folder = find_session(sessions, args.session)
        conversation, report = resume_in(dialog, load_session(folder, dialog), folder)
        messages = report.messages(dialog.meta.version)
    app = AdvisorApp(
        dialog, content, sessions, conversation, presenter=args.presenter, messages=messages
    )
    from .paste import install

    install()  # a paste start typed key by key must not swallow every later key
    result = app.run()
    if result is not None:
        # Served in a browser, stdout carries the screen to the server: the farewell goes
        # to stderr, which the server shows in its own window.
        shown = safe(farewell(result, dialog_options(args)), keep_newlines=True)
        print(shown, file=sys.stderr if app.is_web else sys.stdout)
    return app.return_code or 0


def dialog_options(args: argparse.Namespace) -> list[str]:
    """The options a resumed session needs as given now: other dialog files or pages."""
    options: list[str] = []
    for option, folder in (("--dialogs", args.dialogs), ("--content", args.content)):
        if folder is not None:
            options += [option, str(Path(folder).expanduser().resolve())]
    return options


def farewell(conversation: Conversation, options: list[str] | None = None) -> str:
    """What to say on leaving: where the session and the notes are, and how to resume.

    `options` go into the resume command (`dialog_options`).
    """
    store = kept(conversation)
    folder = store.folder
    if folder is None:
        if isinstance(store.save_error, SessionTakenOver):
            return f"{store.save_error}; this window saved nothing more."
        return "This session was not saved."
    if store.unsaved:
        return (
            f"Not saved: {store.save_error}\nThe answers given since the last save "
            f"are lost; what was saved before is in {folder}."
        )
    notes = store.notes_path or folder / TRANSCRIPT_FILE
    if conversation.finished:
        return f"Finished. The meeting notes are in {notes}"
    if conversation.complete:  # reopened, and left at a page after the last question
        return (
            f"Finished: every question is dealt with. The meeting notes are in {notes}\n"
            f"Open it again with: {resume_command(folder, conversation.session.id, options)}"
        )
    step = conversation.current
    where = f"at '{step.title}'" if step else "at the end"
    return (
        f"Your session is saved in {folder} ({where}); the notes so far are in "
        f"{notes}.\nResume it with: {resume_command(folder, conversation.session.id, options)}"
    )


def farewell_code(conversation: Conversation | None) -> str:
    """Which farewell a browser tab shows when its advisor quits (`srs_advisor.page`)."""
    if conversation is None:
        return "none"
    store = kept(conversation)
    if store.folder is None:
        taken = isinstance(store.save_error, SessionTakenOver)
        return "taken-over" if taken else "read-only"
    if store.unsaved:
        return "not-saved"
    return "finished" if conversation.complete else "saved"


def resume_command(folder: Path, session_id: str, options: list[str] | None = None) -> str:
    """A command that resumes the session in `folder`, exactly as printed.

    The program as it runs now (`program.command`: after the README's install, the
    path of `.venv/bin/srs-advisor`, which is not on PATH), then `options`. The session
    by id when the folder is in the default sessions folder; else by the folder's path,
    which `resume` also takes, so `--sessions-dir` need not be repeated.
    """
    if _is_default(folder.parent) and folder.name == session_id:
        return command("resume", session_id, options=options)
    return command("resume", str(folder.resolve()), options=options)


def _is_default(root: Path) -> bool:
    """Whether `root` is the sessions folder the advisor uses when none is named."""
    try:
        return root.resolve() == default_sessions_dir().resolve()
    except OSError:
        return False
