"""A problem with a dialog folder, where it is, and the list that collects them.

Every check of the loader adds to one `Collector`, so that loading reports every
problem at once; `DialogError` carries the list to whoever asked for the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .locate import TomlLocator
from .model import DialogFile


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dialog folder."""

    file: Path
    message: str
    line: int | None = None
    step: str | None = None

    def __str__(self) -> str:
        try:
            shown = self.file.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = self.file
        where = f"{shown}:{self.line}" if self.line else str(shown)
        return f"{where}: [{self.step}] {self.message}" if self.step else f"{where}: {self.message}"


class DialogError(Exception):
    """The dialog folder could not be loaded; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Source:
    """A loaded file, kept to locate problems in it."""

    path: Path
    locator: TomlLocator
    parsed: DialogFile


@dataclass
class Collector:
    """The problems found so far; `add` places one in its file, at its line."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        source: Source | Path,
        message: str,
        loc: tuple[str | int, ...] = (),
        step: str | None = None,
    ) -> None:
        if isinstance(source, Path):
            self.problems.append(Problem(source, message, None, step))
        else:
            line = source.locator.line_of(loc) if loc else None
            self.problems.append(Problem(source.path, message, line, step))
