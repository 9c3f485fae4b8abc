"""What can go wrong in keeping a session, each with a message that says what to do."""

from __future__ import annotations


class SessionError(Exception):
    """A session could not be read or written; the message says why and what to do."""


class SessionChanged(SessionError):
    """`session.json` was changed by someone else (another window) since this one saved."""


class NotesNotSaved(SessionError):
    """The answers (`session.json`) were saved, but the meeting notes could not be."""

    def __init__(self, message: str, written: str) -> None:
        super().__init__(message)
        self.written = written
        """The digest of the `session.json` that was written."""


class SessionLocked(SessionError):
    """The session is open in another window (another process holds its lock)."""


class SessionTakenOver(SessionError):
    """Another window took the session over: this one saves nothing more."""
