"""The store: a session's files on disk, above the engine and the notes.

`session.json`, the meeting notes, the draft agreement, the lock and the digests are
written and read here, and only here. The TUI, the CLI and `replay` call the store; the
engine never does (it hands each change to its keeper, `keeper.SessionStore`).

The names most callers need are here; `keeper` (which renders the notes) is imported
on its own, as `srs_advisor.store.keeper`, by whoever saves a conversation.
"""

from .disk import (
    OWN_FILES,
    SESSION_FILE,
    TRANSCRIPT_FILE,
    file_digest,
    own_file_refusal,
    write_atomic,
)
from .errors import (
    NotesNotSaved,
    SessionChanged,
    SessionError,
    SessionLocked,
    SessionTakenOver,
)
from .lock import SessionLock
from .sessions import (
    ENV_SESSIONS_DIR,
    SessionSummary,
    default_sessions_dir,
    list_sessions,
    load_session,
    notes_target,
    save_session,
    session_folder,
    session_text,
)

__all__ = [
    "ENV_SESSIONS_DIR",
    "OWN_FILES",
    "SESSION_FILE",
    "TRANSCRIPT_FILE",
    "NotesNotSaved",
    "SessionChanged",
    "SessionError",
    "SessionLock",
    "SessionLocked",
    "SessionSummary",
    "SessionTakenOver",
    "default_sessions_dir",
    "file_digest",
    "list_sessions",
    "load_session",
    "notes_target",
    "own_file_refusal",
    "save_session",
    "session_folder",
    "session_text",
    "write_atomic",
]
