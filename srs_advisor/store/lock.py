"""Which window saves a session: an OS lock on its folder and the owner's token."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from .disk import LOCK_FILE, OWNER_FILE, SAVING_FILE, write_atomic
from .errors import SessionError, SessionLocked


class SessionLock:
    """Which window saves a session: an OS lock on the folder, and the owner's token.

    The window that opens a session takes a `flock` on `.lock` in the folder: the
    operating system releases it when the process ends, however it ends, so a crash
    leaves no stale lock behind, and a second window is told the session is open. The
    window that saves is the one whose token is in `.owner`: the first, until a second
    one takes the session over (`take_over`), writing its own. The first sees it (it
    looks before every save, `save_session`, and the UI on a timer, `ours`) and saves no
    more; once it lets its OS lock go, the new owner takes that too (`settle`).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._handle: int | None = None
        self.token = f"{os.getpid()}-{secrets.token_hex(4)}"
        """This window's mark in `.owner`."""

    def acquire(self) -> None:
        """Take the lock, and with it the session.

        Raises:
            SessionLocked: another process has the session open.
            SessionError: the lock file cannot be made (the folder cannot be written).
        """
        self._lock(wait=False)
        if self._handle is not None:
            self._claim()

    def _lock(self, *, wait: bool) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock, the save check remains
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise SessionError(f"Cannot open {self.folder}: {error.strerror or error}") from error
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as error:
            holder = os.read(handle, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(handle)
            raise SessionLocked(
                f"This session is open in another window (process {holder})."
            ) from error
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode("ascii"))
        self._handle = handle

    @property
    def held(self) -> bool:
        """Whether this window holds the OS lock."""
        return self._handle is not None

    def _claim(self) -> None:
        write_atomic(self.folder / OWNER_FILE, self.token + "\n")

    def take_over(self) -> None:
        """Make this window the one that saves, though another has the session open.

        Made between two of the other window's saves, never during one.

        Raises:
            SessionError: the folder cannot be written.
        """
        with self.saving():
            self._claim()

    def ours(self) -> bool:
        """Whether this window is still the one that saves (no other took the session over)."""
        try:
            owner = (self.folder / OWNER_FILE).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return self.held  # an older srs-advisor's window, or none
        except (OSError, UnicodeDecodeError):
            return False  # cannot tell: saving now could undo another window's answers
        return owner == self.token

    def settle(self) -> None:
        """Take the OS lock, if this window took the session over and the other let it go.

        A third window is then told the session is open, as the second was.
        """
        if self.held:
            return
        try:
            self._lock(wait=False)
        except SessionError:
            return  # still held: the other window has yet to see the takeover

    @contextlib.contextmanager
    def saving(self) -> Iterator[None]:
        """Hold the folder's save lock (`.saving`) for one save or one takeover."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        try:
            handle = os.open(self.folder / SAVING_FILE, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            yield  # the folder cannot be written: the save itself will say so
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None
