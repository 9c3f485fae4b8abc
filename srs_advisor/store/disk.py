"""Files on disk: the names a session folder holds, and writing them so none is half-written.

Writing is atomic (temporary file, flush, fsync, rename), so a crash or a full disk
leaves the last good file in place.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from .errors import SessionError

SESSION_FILE = "session.json"
TRANSCRIPT_FILE = "transcript.md"
EDITED_NOTES_FILE = "transcript.advisor.md"
"""Where the notes go while `transcript.md` holds notes someone else changed."""
AGREEMENT_FILE = "agreement.md"
"""The draft agreement outline, written beside the notes once a level is chosen."""
EDITED_AGREEMENT_FILE = "agreement.advisor.md"
"""Where the draft goes while `agreement.md` holds a draft someone else changed."""
DIGEST_FILE = ".agreement.sha256"
"""The digest of the draft the advisor last wrote to `agreement.md`."""
LOCK_FILE = ".lock"
OWNER_FILE = ".owner"
"""Which window saves the session: its token (`SessionLock.token`), written on taking it."""
SAVING_FILE = ".saving"
"""Locked for the moment of a save or a takeover, so that neither cuts into the other."""

_WRITTEN_FILES = (
    SESSION_FILE,
    TRANSCRIPT_FILE,
    EDITED_NOTES_FILE,
    AGREEMENT_FILE,
    EDITED_AGREEMENT_FILE,
    DIGEST_FILE,
    OWNER_FILE,
)
"""Every file the advisor writes into a session folder (each through `write_atomic`)."""

OWN_FILES = frozenset({*_WRITTEN_FILES, LOCK_FILE})
"""A session folder's own files: no save of the notes and no export ever replaces one."""

_OWN_LEFTOVER = re.compile(r"\.(.+)\.[^.]+\.tmp")
"""A temporary file a save makes (`.session.json.k3x9.tmp`): its file's, too."""


def own_file_refusal(path: Path, sessions_dir: Path | None = None) -> str | None:
    """Why writing to `path` would replace one of a session's own files, or None.

    A session's own files are `OWN_FILES` (and their saves' temporary files) in a
    session's folder: a folder that holds a `session.json`, or any folder right inside
    the sessions folder. The same name elsewhere (`/elsewhere/agreement.md`) is no
    session's. A link is judged by what it points to as well.
    """
    candidates = [path.absolute()]
    try:
        candidates.append(path.resolve())
    except (OSError, RuntimeError):  # a link loop: the path itself is judged
        pass
    root = _resolved(sessions_dir) if sessions_dir is not None else None
    for candidate in candidates:
        name = candidate.name
        leftover = _OWN_LEFTOVER.fullmatch(name)
        if name not in OWN_FILES and not (leftover and leftover.group(1) in OWN_FILES):
            continue
        folder = candidate.parent
        if os.path.lexists(folder / SESSION_FILE) or (
            root is not None and _resolved(folder.parent) == root
        ):
            return (
                f"{path} is one of the session's own files (the session in {folder}): "
                "choose another name"
            )
    return None


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the new one, never half.

    Raises:
        SessionError: if the folder cannot be made or written (no space, no permission).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise SessionError(f"Cannot write to {path.parent}: {error.strerror or error}") from error
    try:
        # mkstemp makes the file private (0600); give it the mode a plain write would.
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise SessionError(f"Cannot save {path}: {error.strerror or error}") from error


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def file_digest(path: Path) -> str | None:
    """SHA-256 of the file at `path`, or None if there is none."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError:
        return None


def clean_leftovers(folder: Path) -> None:
    """Remove the temporary files a save cut short (by a kill) left in a session folder."""
    for name in _WRITTEN_FILES:
        for leftover in folder.glob(f".{name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass  # not ours to remove, or already gone: the session still loads
