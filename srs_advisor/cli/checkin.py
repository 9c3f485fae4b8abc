"""`checkin`: a finished session followed up by a check-in, in the advisor.

Everything that can go wrong with what the user named (no session there, a damaged
one, one not finished, one answered with other questions) is said here, before
Textual loads; the check-in is saved in a new folder before the advisor opens on it.
"""

from __future__ import annotations

import argparse

from ..dialog import load_dialog
from .common import UsageError, dialog_folders, sessions_dir
from .sessions import export_session_folder


def cmd_checkin(args: argparse.Namespace) -> int:
    """Start a check-in on a saved session, and run the advisor on it."""
    from ..engine.checkin import CheckInRefused
    from ..store.checkins import check_in

    dialogs, content = dialog_folders(args)
    dialog = load_dialog(dialogs, content)
    folder = export_session_folder(args)
    sessions = sessions_dir(args)
    try:
        conversation = check_in(dialog, folder, sessions)
    except CheckInRefused as error:
        raise UsageError(str(error)) from error
    from ..tui.run import run_tui  # Textual loads here, once there is a check-in to show

    return run_tui(args, dialog, content, sessions, conversation)
