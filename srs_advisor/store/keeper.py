"""The store of one conversation: its folder, and every file written there after each change.

The engine hands a conversation to its keeper after every change (`Conversation.save`);
a `SessionStore` is that keeper. It writes `session.json` and the meeting notes, and the
draft agreement once a level is chosen, never over a file that someone else changed,
and holds what the window needs to know about it: where the files are, whether the
last save failed and why, and this window's lock on the folder.

    conversation = keep(Conversation(dialog), folder)   # saved there from now on
    kept(conversation).unsaved                           # the store, to ask it
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from ..dialog.model import Dialog
from ..engine.checkin import resume_conversation
from ..engine.conversation import Conversation
from ..engine.resume import ResumeReport
from ..engine.session import Session
from ..notes.agreement import render_agreement, wants_agreement
from ..notes.transcript import render_transcript
from .disk import (
    AGREEMENT_FILE,
    DIGEST_FILE,
    EDITED_AGREEMENT_FILE,
    SESSION_FILE,
    TRANSCRIPT_FILE,
    file_digest,
    write_atomic,
)
from .errors import NotesNotSaved, SessionError
from .lock import SessionLock
from .sessions import save_session


class SessionStore:
    """Where one conversation is saved, and how its last save went.

    Args:
        conversation: the conversation to keep; the store makes itself its keeper.
        folder: where to write its files after every change; None keeps nothing (a
            window that turned read-only, or a conversation never saved).
    """

    def __init__(self, conversation: Conversation, folder: Path | None) -> None:
        self.conversation = conversation
        self.folder = folder
        self._on_disk: str | None = (
            file_digest(folder / SESSION_FILE)
            if folder is not None and not conversation.started_here
            else None
        )
        """The digest of the `session.json` this conversation last read or wrote: a file
        there that is not this one was saved by someone else, and is not written over."""
        self.lock: SessionLock | None = None
        """This window's lock on the folder: a save after another window took over is refused."""
        self.unsaved = False
        """True when the last save failed: answers given since are only in memory."""
        self.save_error: SessionError | None = None
        """Why the last save failed, if it did (or why this window saves no more)."""
        self.notes_path: Path | None = folder / TRANSCRIPT_FILE if folder else None
        """Where the meeting notes were last written (beside `transcript.md` if someone
        else changed that file)."""
        self.agreement_path: Path | None = None
        """Where the draft agreement was last written, once there is one."""
        self._agreement_text: str | None = None
        conversation.keeper = self

    def keep(self, conversation: Conversation) -> None:
        """Write the conversation's files, when the store has a folder (the engine calls it).

        Raises:
            SessionError: the files could not be written. The conversation in memory is
                unchanged, so saving again later loses nothing.
        """
        if self.folder is None:
            return
        try:
            self.notes_path, self._on_disk = save_session(
                self.folder,
                conversation.session,
                render_transcript(conversation),
                expected=self._on_disk,
                lock=self.lock,
            )
        except NotesNotSaved as error:
            self._on_disk = error.written
            self.save_error = error  # the answers are on disk; only the notes are not
            raise
        except SessionError as error:
            self.save_error = error
            self.unsaved = True
            raise
        self.unsaved = False
        self.save_error = None
        self._save_agreement(conversation)

    def save(self) -> None:
        """Save now (the conversation refreshes what it derives, then comes back here).

        Raises:
            SessionError: as `keep`.
        """
        self.conversation.save()

    def _save_agreement(self, conversation: Conversation) -> None:
        """Write the draft agreement beside the notes once a level is chosen (or at the end).

        It is written only when its text changed, so most answers cost nothing more.

        Raises:
            NotesNotSaved: the answers and notes are saved; the draft could not be.
        """
        if self.folder is None or not wants_agreement(conversation):
            return
        text = render_agreement(conversation)
        if text == self._agreement_text:
            return
        try:
            self.agreement_path = save_agreement(self.folder, text)
        except SessionError as error:
            self.save_error = NotesNotSaved(
                "The answers and the notes are saved, but the draft agreement could not be "
                f"written: {error}",
                self._on_disk or "",
            )
            raise self.save_error from error
        self._agreement_text = text

    def save_over(self, folder: Path) -> None:
        """Save into `folder`, replacing the session saved there (asked for: `--force`).

        Raises:
            SessionError: as `keep`.
        """
        self.folder = folder
        self._on_disk = file_digest(folder / SESSION_FILE)  # the one to replace, knowingly
        self._agreement_text = None
        self.save()

    def save_elsewhere(self, folder: Path) -> None:
        """Save the session into another folder from now on (the old one could not be used).

        Raises:
            SessionError: it could not be saved there either (the folder is unchanged).
        """
        before, digest = self.folder, self._on_disk
        self.folder = folder
        self._on_disk = None  # a new folder: a session already there is not ours to replace
        self._agreement_text = None  # nor is a draft agreement there ours: write it anew
        try:
            self.save()
        except NotesNotSaved:
            return  # the answers are safe there; the notes will follow with the next save
        except SessionError:
            self.folder, self._on_disk = before, digest
            raise

    def stop(self, reason: SessionError | None = None) -> None:
        """Save nothing more from this window (another took the session over, or it is
        read-only); `reason` says why, to whoever asks afterwards."""
        self.folder = None
        self.lock = None
        self.unsaved = False  # quitting has nothing to retry
        self.save_error = reason


def keep(conversation: Conversation, folder: Path | None) -> Conversation:
    """`conversation`, saved into `folder` after every change from now on."""
    SessionStore(conversation, folder)
    return conversation


def kept(conversation: Conversation) -> SessionStore:
    """The store of `conversation`; one that keeps nothing, if it has none yet."""
    keeper = conversation.keeper
    if isinstance(keeper, SessionStore):
        return keeper
    return SessionStore(conversation, None)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_agreement(folder: Path, text: str) -> Path:
    """Write the draft into `folder`, never over a draft that someone else changed.

    It goes to `agreement.md`, unless that file differs from what the advisor last
    wrote there (the partners started editing it): then beside it, to
    `agreement.advisor.md`. Returns the path written.

    Raises:
        SessionError: it could not be written.
    """
    path = folder / AGREEMENT_FILE
    try:
        on_disk: bytes | None = path.read_bytes()
    except OSError:
        on_disk = None
    if on_disk is not None:
        try:
            last = (folder / DIGEST_FILE).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            last = ""
        if _digest(on_disk) != last:
            path = folder / EDITED_AGREEMENT_FILE
    if path.name == AGREEMENT_FILE:
        # The digest first: a kill between the two writes then leaves a draft that is
        # taken as edited (kept), never an edited draft taken as ours (overwritten).
        write_atomic(folder / DIGEST_FILE, _digest(text.encode("utf-8")) + "\n")
    write_atomic(path, text)
    return path


def resume_in(
    dialog: Dialog, session: Session, folder: Path | None
) -> tuple[Conversation, ResumeReport]:
    """Continue a saved session (`Conversation.resume`), saved into `folder` from now on.

    When resuming moved the conversation (its step is gone, or a question is asked
    again), the move is saved at once, as every move is. If that save fails, the store
    holds why (`unsaved`, `save_error`) and the files are as they were: the window
    says so at its next save, which tries again.
    """
    where = (session.current, len(session.history))
    conversation, report = resume_conversation(dialog, session)  # a check-in as a check-in
    keep(conversation, folder)
    if (conversation.session.current, len(conversation.session.history)) != where:
        with contextlib.suppress(SessionError):
            conversation.save()
    return conversation, report
