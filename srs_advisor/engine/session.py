"""Sessions: what was answered, saved after every answer, and read back to resume.

The pydantic model *is* the on-disk schema of `session.json`. Writing is atomic
(temporary file, flush, fsync, rename), so a crash or a full disk leaves the last
good file in place. A damaged or foreign file is refused with a plain message.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..dialog.model import END, Level
from ..files import UnreadableFile, read_text
from .answers import ActionItem, shape_problem
from .drafts import readable_drafts
from .recommendation import Recommendation

if TYPE_CHECKING:
    from ..dialog.model import Dialog

SCHEMA_VERSION = 1
"""The version of the session file format this code writes and reads."""

SESSION_FILE = "session.json"
TRANSCRIPT_FILE = "transcript.md"
ENV_SESSIONS_DIR = "SRS_ADVISOR_SESSIONS_DIR"


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


class Gap(BaseModel):
    """A success factor that is missing or weak."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str
    category: Literal["prerequisite", "facilitating", "project"]
    factor: str
    answer: str
    """The label of the answer given, as the user saw it."""
    advice: str


class Readiness(BaseModel):
    """What the readiness phase found."""

    model_config = ConfigDict(extra="forbid")

    gaps: list[Gap] = []


class Session(BaseModel):
    """One planning conversation, as saved in `session.json`.

    `answers`, `skipped`, `parked`, `history` and `current` are the record; the rest
    (`recommendation`, `chosen_level`, `level_reason`, `readiness`, `action_items`) is
    derived from it by the engine and written out for the people and tools that read it.
    """

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    id: str
    dialog_id: str
    dialog_version: str
    created: AwareDatetime
    updated: AwareDatetime
    current: str
    """The step the conversation is at, or `end`."""
    history: list[str] = []
    """The steps visited to reach `current`, in order."""
    answers: dict[str, Any] = {}
    """Answers to steps on the conversation's path, by step id."""
    inactive: dict[str, Any] = {}
    """Answers that no longer apply since an earlier answer changed: kept, not used."""
    retired: dict[str, Any] = {}
    """Answers to steps that the dialog no longer has (from resuming a changed dialog)."""
    skipped: list[str] = []
    """Steps passed without an answer: "not discussed"."""
    parked: list[str] = []
    """Steps answered "unsure, discuss later": the parking lot."""
    tentative: dict[str, Any] = {}
    """Answers given before a step was parked: kept as tentative, not used."""
    drafts: dict[str, Any] = {}
    """What was typed into a step's input but not yet answered, by step id (`engine.drafts`)."""
    transcript_digests: list[str] = []
    """SHA-256 of the last notes this session wrote to `transcript.md` (the last two: a
    save can be cut short between its two files). Notes on disk that match none of them
    were changed by someone else, and are not written over."""
    recommendation: Recommendation | None = None
    chosen_level: Level | None = None
    level_reason: str | None = None
    """Why the partners chose a level other than the one recommended, if they did."""
    readiness: Readiness = Field(default_factory=Readiness)
    action_items: list[ActionItem] = []

    @field_validator("drafts", mode="before")
    @classmethod
    def _drafts_never_block(cls, value: Any) -> dict[str, Any]:
        # A draft is a convenience: a damaged one is dropped, never a reason to refuse.
        return readable_drafts(value)

    @property
    def finished(self) -> bool:
        """Whether the conversation reached its end."""
        return self.current == END


def new_session_id(now: datetime | None = None) -> str:
    """A new session id: the time it started and a short random tail, safe as a folder name."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y-%m-%d-%H%M%S-") + secrets.token_hex(2)


def now_utc() -> datetime:
    """The current time, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def default_sessions_dir() -> Path:
    """Where sessions are kept: `$SRS_ADVISOR_SESSIONS_DIR`, or the user's data folder."""
    configured = os.environ.get(ENV_SESSIONS_DIR)
    if configured:
        return Path(configured).expanduser()
    import platformdirs  # only when needed: it is not free to import

    return Path(platformdirs.user_data_dir("srs-advisor", appauthor=False)) / "sessions"


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


_WRITTEN_FILES = (
    SESSION_FILE,
    TRANSCRIPT_FILE,
    "transcript.advisor.md",
    "agreement.md",
    "agreement.advisor.md",
    ".agreement.sha256",
    ".owner",  # OWNER_FILE
)
"""Every file the advisor writes into a session folder (each through `write_atomic`)."""


def _clean_leftovers(folder: Path) -> None:
    """Remove the temporary files a save cut short (by a kill) left in a session folder."""
    for name in _WRITTEN_FILES:
        for leftover in folder.glob(f".{name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass  # not ours to remove, or already gone: the session still loads


EDITED_NOTES_FILE = "transcript.advisor.md"
"""Where the notes go while `transcript.md` holds notes someone else changed."""


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


LOCK_FILE = ".lock"
OWNER_FILE = ".owner"
"""Which window saves the session: its token (`SessionLock.token`), written on taking it."""
SAVING_FILE = ".saving"
"""Locked for the moment of a save or a takeover, so that neither cuts into the other."""


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


def session_text(session: Session) -> str:
    """`session.json` as it is saved: the session, as JSON."""
    return session.model_dump_json(indent=2) + "\n"


class SessionLocked(SessionError):
    """The session is open in another window (another process holds its lock)."""


class SessionTakenOver(SessionError):
    """Another window took the session over: this one saves nothing more."""


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


def file_digest(path: Path) -> str | None:
    """SHA-256 of the file at `path`, or None if there is none."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError:
        return None


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
        _clean_leftovers(path.parent)
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
    from .resume import reasked_steps  # resume imports this module

    # An answer to a question asked again is set aside whatever it holds: its old shape
    # may be another kind's.
    reasked = reasked_steps(dialog, session.dialog_version)
    stores = (("answers", session.answers), ("inactive", session.inactive))
    for name, store in (*stores, ("tentative", session.tentative)):
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
                finished=session.finished,
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
