"""The subcommands about saved sessions: `sessions`, `export`, and `serve`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..dialog import Dialog, DialogError
from ..program import command
from ..terminal import safe
from .common import UsageError, load, sessions_dir


def cmd_sessions(args: argparse.Namespace) -> int:
    """List the saved sessions: when, which partners, and how far each got."""
    from ..store import list_sessions

    root = sessions_dir(args)
    try:
        dialog: Dialog | None = load(args)  # to tell an answer of the wrong shape
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
    from ..store.chains import chain_label, in_chains

    chained = any(s.follows for s in found)
    said = " (each check-in under the meeting it follows)" if chained else ""
    print(safe(f"Sessions in {root}{said}:"))
    ids = {s.id for s in found}
    for summary, depth in in_chains(found):
        partners = ", ".join(summary.partners) or "no partners named yet"
        updated = summary.updated.strftime("%Y-%m-%d %H:%M")
        label = chain_label(summary, depth, ids)
        lead = "  " * (depth + 1) + (f"{label}: " if label else "")
        line = f"{lead}{summary.id}  {updated}  {partners}  ({summary.how_far(dialog)})"
        print(safe(line))  # every part of it comes from a file that anyone may have written
    return 0


def export_session_folder(args: argparse.Namespace) -> Path:
    """The folder of the session named on the command line (an id or a folder).

    Raises:
        UsageError: there is no such session.
    """
    from ..store import SESSION_FILE, SessionError, session_folder

    path = Path(args.session).expanduser()
    if path.exists():
        folder = path.parent if path.is_file() else path
    else:
        try:
            folder = session_folder(sessions_dir(args), args.session)
        except SessionError as error:
            raise UsageError(str(error)) from error
    if not (folder / SESSION_FILE).is_file():
        where = ["--sessions-dir", str(args.sessions_dir)] if args.sessions_dir else []
        raise UsageError(
            f"there is no saved session at {folder}: give a session id (see "
            f"`{command('sessions', options=where)}`) or the folder that holds its session.json"
        )
    return folder


def _write_new(path: Path, data: bytes, *, force: bool, sessions: Path) -> None:
    """Write `data` to `path` whole (a temporary file renamed), never over a session's file."""
    from ..store import SessionError, own_file_refusal

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
    from ..dialog.model import level_name
    from ..engine.checkin import resume_conversation
    from ..notes.export import export
    from ..store import load_session

    dialog = load(args)
    folder = export_session_folder(args)
    # Read only: resumed without a folder, so nothing in the session is written.
    conversation, _ = resume_conversation(dialog, load_session(folder, dialog))
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
    from ..serve import serve, served_command

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    load(args)  # a dialog that cannot load is said here, once, not in every browser tab
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
