"""Reading a file that anyone may have written: a regular file, of a sane size, as text.

A FIFO would hang the reader, `/dev/zero` would never end, and a huge file would
freeze the app; each of these is refused with a plain reason instead.
"""

from __future__ import annotations

import stat
from pathlib import Path


class UnreadableFile(Exception):
    """The file cannot be read as text; the message says why, in plain words.

    Attributes:
        reason: why, without the file's name ("is not a regular file"), for messages
            that name the file already.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of the regular file at `path`, at most `limit` bytes long.

    Raises:
        FileNotFoundError: there is no such file.
        UnreadableFile: it is not a regular file, is too large, or is not UTF-8 text.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise
    except OSError as error:
        why = error.strerror or str(error)
        raise UnreadableFile(f"cannot read {path}: {why}", f"cannot be read: {why}") from error
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(f"{path} is not a regular file", "is not a regular file")
    if info.st_size > limit:
        size = f"is {info.st_size:,} bytes, more than the {limit:,} allowed"
        raise UnreadableFile(f"{path} {size}", size)
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        why = error.strerror or str(error)
        raise UnreadableFile(f"cannot read {path}: {why}", f"cannot be read: {why}") from error
    if len(data) > limit:
        size = f"is more than the {limit:,} bytes allowed"
        raise UnreadableFile(f"{path} {size}", size)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        why = f"is not UTF-8 text ({error.reason})"
        raise UnreadableFile(f"{path} {why}", why) from error
