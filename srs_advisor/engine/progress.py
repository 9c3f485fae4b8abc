"""How far each phase of a conversation has come: what the progress views draw.

Counted from the path the answers take and each step's status, so the screens and the
notes never keep a count of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..dialog.model import Dialog


@dataclass(frozen=True)
class PhaseProgress:
    """How far one phase has come."""

    id: str
    title: str
    total: int
    """Questions on the current path in this phase (pages to read not counted)."""
    answered: int
    """Of those, how many were answered."""
    parked: int
    """How many are on the parking lot ("unsure, discuss later")."""
    skipped: int
    """How many were passed as not discussed."""
    current: bool

    @property
    def done(self) -> int:
        """Questions dealt with one way or another: answered, parked or skipped."""
        return self.answered + self.parked + self.skipped

    @property
    def complete(self) -> bool:
        """Every question answered: none parked, none passed."""
        return self.total > 0 and self.answered == self.total

    def describe(self) -> str:
        """How far the phase is, in words: "6 of 16 answered, 1 parked, 1 not discussed"."""
        parts = [f"{self.answered} of {self.total} answered"]
        if self.parked:
            parts.append(f"{self.parked} parked")
        if self.skipped:
            parts.append(f"{self.skipped} not discussed")
        return ", ".join(parts)


def phase_progress(
    dialog: Dialog, on_path: set[str], status: Callable[[str], str], current_phase: str | None
) -> list[PhaseProgress]:
    """Each phase with how many of its questions on the path are answered, parked, skipped.

    Args:
        dialog: the dialog.
        on_path: the steps the conversation takes with the answers given so far.
        status: a step's status (`answered`, `parked`, `skipped` or `open`).
        current_phase: the phase of the current step, or None at the end.
    """
    result = []
    for phase in dialog.phases:
        asked = [s.id for s in phase.steps if s.id in on_path and s.kind != "info"]
        statuses = [status(s) for s in asked]
        result.append(
            PhaseProgress(
                id=phase.id,
                title=phase.title,
                total=len(asked),
                answered=statuses.count("answered"),
                parked=statuses.count("parked"),
                skipped=statuses.count("skipped"),
                current=phase.id == current_phase,
            )
        )
    return result
