"""Sessions on disk: `session.json` and the notes saved, read back, listed.

A damaged or foreign file is refused with a plain message, and left as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ..engine.answers import shape_problem
from ..engine.checkin import PHASE as CHECKIN_PHASE
from ..engine.resume import reasked_steps
from ..engine.session import SCHEMA_VERSION, Session
from ..files import UnreadableFile, read_text
from .disk import (
    EDITED_NOTES_FILE,
    SESSION_FILE,
    TRANSCRIPT_FILE,
    clean_leftovers,
    file_digest,
    write_atomic,
)
from .errors import NotesNotSaved, SessionChanged, SessionError, SessionTakenOver

if TYPE_CHECKING:
    from ..dialog.model import Dialog
    from .lock import SessionLock

ENV_SESSIONS_DIR = "SRS_ADVISOR_SESSIONS_DIR"


def default_sessions_dir() -> Path:
    """Where sessions are kept: `$SRS_ADVISOR_SESSIONS_DIR`, or the user's data folder."""
    configured = os.environ.get(ENV_SESSIONS_DIR)
    if configured:
        return Path(configured).expanduser()
    import platformdirs  # only when needed: it is not free to import

    return Path(platformdirs.user_data_dir("srs-advisor", appauthor=False)) / "sessions"


MAX_SESSION_BYTES = 20 * 1024 * 1024
"""The largest session file read: far above any real session (about 10 KB)."""


def _read_regular(path: Path) -> str:
    """The text of `path`, which must be a regular file of a sane size (no FIFO hangs)."""
    try:
        return read_text(path, MAX_SESSION_BYTES)
    except FileNotFoundError as error:
        raise SessionError(f"No saved session at {path}.") from error
    except UnreadableFile as error:
        raise SessionError(
            f"Cannot read {path}: it {error.reason}; it was left as it is."
        ) from error


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def notes_target(folder: Path, session: Session) -> Path:
    """Where the notes are written: `transcript.md`, unless someone else changed it."""
    path = folder / TRANSCRIPT_FILE
    try:
        on_disk = path.read_bytes()
    except FileNotFoundError:
        return path
    except OSError:
        return path  # unreadable: writing will say why
    if hashlib.sha256(on_disk).hexdigest() in session.transcript_digests:
        return path
    return folder / EDITED_NOTES_FILE


def session_text(session: Session) -> str:
    """`session.json` as it is saved: the session, as JSON."""
    return session.model_dump_json(indent=2) + "\n"


def save_session(
    folder: Path,
    session: Session,
    transcript: str,
    *,
    expected: str | None = None,
    lock: SessionLock | None = None,
) -> tuple[Path, str]:
    """Save `session.json` and the notes into `folder`, each atomically.

    `expected` is the digest of the `session.json` this conversation last read or wrote
    (None for a new one): if the file on disk is not that one, someone else saved over
    it, and this save is refused rather than silently undo their answers. With the
    window's `lock`, a save after another window took the session over is refused too.

    The notes go to `transcript.md`, or beside it (`transcript.advisor.md`) when the
    file there holds notes that someone else changed: those are never written over.

    Returns:
        The path the notes were written to, and the digest of the `session.json` written.

    Raises:
        SessionTakenOver: another window took the session over; nothing was written.
        SessionChanged: someone else saved this session since; nothing was written.
        SessionError: nothing could be saved.
        NotesNotSaved: the answers were saved, the notes were not.
    """
    if lock is None:
        return _save_files(folder, session, transcript, expected)
    with lock.saving():
        if not lock.ours():
            raise SessionTakenOver(
                f"Another window took this session over: it saves {folder / SESSION_FILE} "
                "now, and this window saves nothing more"
            )
        return _save_files(folder, session, transcript, expected)


def _save_files(
    folder: Path, session: Session, transcript: str, expected: str | None
) -> tuple[Path, str]:
    on_disk = file_digest(folder / SESSION_FILE)
    if on_disk != expected:
        raise SessionChanged(
            f"{folder / SESSION_FILE} was changed by someone else (another window?) since "
            "this window last saved it. Nothing was written over it"
        )
    target = notes_target(folder, session)
    if target.name == TRANSCRIPT_FILE:
        digest = hashlib.sha256(transcript.encode("utf-8")).hexdigest()
        session.transcript_digests = [*session.transcript_digests[-1:], digest]
    text = session_text(session)
    write_atomic(folder / SESSION_FILE, text)
    written = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        write_atomic(target, transcript)
    except SessionError as error:
        raise NotesNotSaved(
            f"The answers are saved in {folder / SESSION_FILE}, but the meeting notes could "
            f"not be written: {error}",
            written,
        ) from error
    return target, written


class _NotStrictJson(Exception):
    """JSON that Python reads but the standard forbids, or that hides a value."""


def _no_constant(name: str) -> Any:
    raise _NotStrictJson(f"`{name}` is not a JSON value")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Python keeps the last of two equal keys without a word: one answer would vanish.
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _NotStrictJson(f"the key `{_readable(key)[:60]}` appears twice")
        found[key] = value
    return found


def load_session(path: Path, dialog: Dialog | None = None) -> Session:
    """Read a session from `path` (a `session.json`, or the folder holding one).

    With `dialog`, an answer whose shape no step of that kind has (a number where the
    partner list belongs) is damage too; values that no longer fit are left to resuming.

    Raises:
        SessionError: if the file is missing, damaged, or from an unknown format.
    """
    if path.is_dir():
        path = path / SESSION_FILE
        clean_leftovers(path.parent)
    raw = _read_regular(path).removeprefix("\ufeff")  # an editor's byte-order mark is no damage
    try:
        data = json.loads(raw, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)
    except _NotStrictJson as error:
        raise SessionError(
            f"{path} is damaged or not a session file ({error}); it was left as it is."
        ) from error
    except json.JSONDecodeError as error:
        raise SessionError(
            f"{path} is damaged (not valid JSON at line {error.lineno}); "
            "it was left as it is. The meeting notes beside it may still hold the answers."
        ) from error
    except (RecursionError, ValueError) as error:  # nested too deep; a number too long
        raise SessionError(
            f"{path} is damaged or not a session file ({_short(error)}); it was left as it is."
        ) from error
    if not isinstance(data, dict):
        raise SessionError(f"{path} is not a session file.")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        # Strict: a "2" that loaded as 2 would be saved back as 2, then refused as newer.
        raise SessionError(
            f"{path} is damaged or not a session file (schema_version: {version!r} is not a "
            "whole number); it was left as it is."
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            f"{path} was saved by a newer srs-advisor (session format {version}); "
            "update srs-advisor to open it."
        )
    try:
        session = Session.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SessionError(
            f"{path} is damaged or not a session file ({where}: {first['msg']}); "
            "it was left as it is."
        ) from error
    problem = _damage(data, session, dialog)
    if problem is not None:
        raise SessionError(f"{path} is damaged ({problem}); it was left as it is.")
    return session


_SURROGATE = re.compile("[\ud800-\udfff]")


def _damage(data: dict[str, Any], session: Session, dialog: Dialog | None) -> str | None:
    """What is wrong with a session that its schema lets through, or None.

    A lone surrogate (`"\\ud800"`, which JSON can write but no text holds) could be
    neither shown nor saved again; an id that is no folder name could lead a save
    elsewhere out of its folder; an answer of the wrong shape for its step breaks the
    notes.
    """
    if not _SAFE_ID.match(session.id) or ".." in session.id:
        return f"id: {_readable(session.id)[:60]!r} is not a session id"
    # Drafts are read apart (`readable_drafts`): a damaged one is dropped, not in the way.
    kept = {k: v for k, v in data.items() if k != "drafts"} if isinstance(data, dict) else data
    surrogate = _lone_surrogate(kept)
    if surrogate is not None:
        return f"{surrogate}: a lone surrogate (\\ud800-\\udfff), which is not text"
    if dialog is None:
        return None
    # An answer to a question asked again is set aside whatever it holds: its old shape
    # may be another kind's.
    reasked = reasked_steps(dialog, session.dialog_version)
    stores = [
        ("answers", session.answers),
        ("inactive", session.inactive),
        ("tentative", session.tentative),
    ]
    if session.checkin is not None:  # a check-in's record of the meeting it follows
        stores += [
            ("checkin.answers", session.checkin.answers),
            ("checkin.tentative", session.checkin.tentative),
        ]
    for name, store in stores:
        for step_id, value in store.items():
            if not dialog.has_step(step_id) or step_id in reasked:
                continue
            problem = shape_problem(dialog.step(step_id), value)
            if problem is not None:
                return f"{name}.{_readable(step_id)[:60]}: {problem}"
    return None


def _lone_surrogate(data: Any) -> str | None:
    """Where the first lone surrogate in `data` is (`retired.old.x`), or None."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return where or "the file"
        elif isinstance(value, dict):
            for key, item in value.items():
                at = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and _SURROGATE.search(key):
                    return _readable(at)[:80]
                stack.append((_readable(at)[:80], item))
        elif isinstance(value, list):
            stack.extend((f"{where}.{n}", item) for n, item in enumerate(value))
    return None


def _readable(text: str) -> str:
    """`text` with lone surrogates (which no screen or file can show) replaced."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


class SessionSummary(BaseModel):
    """A saved session, as a list of sessions shows it."""

    id: str
    folder: Path
    updated: datetime
    partners: list[str]
    current: str
    answered: int
    finished: bool
    """The end reached, or nothing left to answer (`Session.complete`)."""
    created: datetime | None = None
    """When the session started: the meeting's date."""
    follows: str | None = None
    """For a check-in: the id of the session it follows up (`engine.checkin`)."""
    checkin: int = 0
    """For a check-in: which one in its chain (1 for the first after a meeting); else 0."""

    def where(self, dialog: Dialog | None) -> str:
        """How far the session got, in words: "finished", or "at Scope: Orientation"
        (the step's id only where `dialog` cannot name it)."""
        if self.finished:
            return "finished"
        if self.current.startswith(f"{CHECKIN_PHASE}."):
            return "at the check-in's action items"  # a check-in's own questions
        if dialog is not None and dialog.has_step(self.current):
            step = dialog.step(self.current)
            return f"at {dialog.phase(step.phase).title}: {step.title}"
        return f"at {self.current}"

    def how_far(self, dialog: Dialog | None) -> str:
        """How many answers, and where: "12 answers, at Scope: Orientation"."""
        count = f"{self.answered} answer{'s' if self.answered != 1 else ''}"
        return f"{count}, {self.where(dialog)}"


def list_sessions(
    root: Path, dialog: Dialog | None = None
) -> tuple[list[SessionSummary], list[str]]:
    """The sessions saved under `root`, newest first, and a message for each unreadable one.

    With `dialog`, a session holding an answer of the wrong shape is reported too.
    """
    found: list[SessionSummary] = []
    problems: list[str] = []
    if not root.is_dir():
        if os.path.lexists(root):  # a plain file, a FIFO, a link to nowhere
            problems.append(f"{root} is not a folder: sessions are saved in a folder.")
        return found, problems
    for folder in sorted(root.iterdir()):
        if not os.path.lexists(folder / SESSION_FILE):
            continue  # not a session folder (a FIFO or a link is reported, below)
        try:
            session = load_session(folder, dialog)
        except SessionError as error:
            problems.append(str(error))
            continue
        listed = session.answers.get("welcome.partners", [])
        partners = [
            _readable(str(p.get("name", "")))
            for p in (listed if isinstance(listed, list) else [])
            if isinstance(p, dict)
        ]
        found.append(
            SessionSummary(
                id=session.id,
                folder=folder,
                updated=session.updated,
                partners=partners,
                current=session.current,
                answered=len(session.answers),
                finished=session.finished or session.complete,
                created=session.created,
                follows=session.checkin.session if session.checkin else None,
                checkin=session.checkin.number if session.checkin else 0,
            )
        )
    found.sort(key=lambda s: s.updated, reverse=True)
    return found, problems


_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def session_folder(root: Path, session_id: str) -> Path:
    """The folder of session `session_id` under `root`.

    Raises:
        SessionError: if the id could step outside `root`.
    """
    if not _SAFE_ID.match(session_id) or ".." in session_id:
        raise SessionError(f"'{session_id}' is not a session id.")
    return root / session_id
