"""Find the line of a TOML file that a validation error points at.

`tomllib` keeps no line numbers, so this module reads the file's table headers
(`[a]`, `[[a.b]]`) itself, works out the path each one opens (array-of-tables
entries counted from 0, as pydantic counts them), and finds a key's line inside
the table that holds it. Good enough for reports: it points at the right table
and, where the key is written out, at the key itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*"?([A-Za-z0-9_.-]+)"?\s*=')

PathPart = str | int


class TomlLocator:
    """Maps a path into a TOML document (as pydantic reports it) to a line number."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._headers: list[tuple[int, tuple[PathPart, ...]]] = []
        self._scan()

    def _scan(self) -> None:
        counts: dict[tuple[PathPart, ...], int] = {}
        current: dict[tuple[str, ...], tuple[PathPart, ...]] = {}
        for number, line in enumerate(self._lines, start=1):
            match = _HEADER.match(line)
            if not match or "=" in line.split("#", 1)[0].split("]", 1)[0]:
                continue
            is_array = match.group(1) == "[["
            names = tuple(part.strip().strip('"') for part in match.group(2).split("."))
            # The parent path: the deepest already-open table that the names extend.
            parent: tuple[PathPart, ...] = ()
            for cut in range(len(names) - 1, 0, -1):
                if names[:cut] in current:
                    parent = current[names[:cut]] + names[cut:-1]
                    break
            else:
                parent = names[:-1]
            path: tuple[PathPart, ...] = (*parent, names[-1])
            if is_array:
                index = counts.get(path, 0)
                counts[path] = index + 1
                path = (*path, index)
            current[names] = path
            self._headers.append((number, path))

    def line_of(self, loc: Sequence[PathPart]) -> int | None:
        """The line where `loc` is written, or the line of the table holding it."""
        loc = tuple(loc)
        best: tuple[int, tuple[PathPart, ...]] | None = None
        for number, path in self._headers:
            if loc[: len(path)] == path and (best is None or len(path) >= len(best[1])):
                best = (number, path)
        start, path = best if best else (0, ())
        rest = loc[len(path) :]
        if rest and isinstance(rest[0], str):
            end = self._block_end(start)
            for number in range(start + 1, end):
                match = _KEY.match(self._lines[number - 1])
                if match and match.group(1) == rest[0]:
                    return number
        return start or None

    def _block_end(self, start: int) -> int:
        """The line number after the last line of the table opened at `start`."""
        for number, _ in self._headers:
            if number > start:
                return number
        return len(self._lines) + 1
