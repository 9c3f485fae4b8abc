"""Start the TUI from the command line, and say afterwards where the session is saved."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..dialog import Dialog
from ..engine.conversation import Conversation
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
            raise SessionError(f"No saved sessions in {root}. Start one with `srs-advisor`.")
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
        shown = safe(farewell(result), keep_newlines=True)
        print(shown, file=sys.stderr if app.is_web else sys.stdout)
    return app.return_code or 0


def farewell(conversation: Conversation) -> str:
    """What to say on leaving: where the session and the notes are, and how to resume."""
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
    step = conversation.current
    where = f"at '{step.title}'" if step else "at the end"
    return (
        f"Your session is saved in {folder} ({where}); the notes so far are in "
        f"{notes}.\nResume it with: {resume_command(folder, conversation.session.id)}"
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
    return "finished" if conversation.finished else "saved"


def resume_command(folder: Path, session_id: str) -> str:
    """A command that resumes the session in `folder`, exactly as printed.

    By id when the folder is in the default sessions folder; else by the folder's path,
    which `resume` also takes, so `--sessions-dir` need not be repeated.
    """
    try:
        in_default = folder.parent.resolve() == default_sessions_dir().resolve()
    except OSError:
        in_default = False
    if in_default and folder.name == session_id:
        return f"srs-advisor resume {shlex.quote(session_id)}"
    return f"srs-advisor resume {shlex.quote(str(folder.resolve()))}"
