"""Starting a check-in from a saved session: the earlier one read, the new one saved.

A check-in (`engine.checkin`) is a session of its own, saved in a new folder of the
sessions folder. The earlier session is read from its `session.json` alone and never
written: not even the leftovers of a killed save are tidied up in its folder.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from ..dialog.model import Dialog
from ..engine.checkin import CheckIn, CheckInRefused, begin, refusal, resume_conversation
from ..program import command
from .disk import SESSION_FILE
from .errors import SessionError
from .keeper import keep
from .sessions import load_session, session_folder


def check_in(dialog: Dialog, folder: Path, sessions: Path, now: datetime | None = None) -> CheckIn:
    """Start a check-in on the finished session in `folder`, saved in a new folder of `sessions`.

    Returns:
        The check-in, kept in its folder (`store.keeper`) and saved once.

    Raises:
        SessionError: `folder` holds no session, or a damaged one; or the check-in could
            not be saved (nothing of the earlier session was touched).
        CheckInRefused: the session is not finished, or was answered with other questions.
    """
    path = folder / SESSION_FILE
    if not os.path.lexists(path):
        raise SessionError(
            f"There is no saved session in {folder} (no {SESSION_FILE}): give a session id "
            f"(see `{command('sessions')}`) or the folder that holds its session.json."
        )
    # The file, not the folder: reading a folder tidies its leftovers, and this one is only read.
    earlier = load_session(path, dialog)
    problem = refusal(dialog, earlier, str(folder))
    if problem is not None:
        raise CheckInRefused(problem)
    conversation, _ = resume_conversation(dialog, earlier)  # no keeper: nothing is written
    checkin = begin(dialog, conversation, str(folder.resolve()), now)
    keep(checkin, session_folder(sessions, checkin.session.id))
    checkin.save()
    return checkin
