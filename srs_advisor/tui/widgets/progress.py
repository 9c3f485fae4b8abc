"""Where the conversation is: the phases, the current one, and how much of each is done."""

from __future__ import annotations

from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...engine.conversation import PhaseProgress


def _mark(phase: PhaseProgress) -> str:
    if phase.current:
        return "▶"
    if phase.total and phase.done == phase.total:
        return "✓"
    return " "


class ProgressList(OptionList):
    """The phases as a list; choosing one goes back to it (for a phase already reached)."""

    DEFAULT_CSS = """
    ProgressList { width: 26; height: auto; border: round $primary 50%; }
    """

    def show(self, phases: list[PhaseProgress]) -> None:
        """Redraw the list from the engine's progress."""
        highlighted = self.highlighted
        self.clear_options()
        for phase in phases:
            count = f"{phase.done}/{phase.total}" if phase.total else ""
            self.add_option(Option(f"{_mark(phase)} {phase.title:<14}{count:>6}", id=phase.id))
        self.highlighted = highlighted


class ProgressStrip(Static):
    """The phases on one line, for narrow screens and presenter mode."""

    DEFAULT_CSS = """
    ProgressStrip { height: 1; padding: 0 1; background: $panel; }
    """

    def show(self, phases: list[PhaseProgress]) -> None:
        """Redraw the strip from the engine's progress."""
        parts = []
        for phase in phases:
            if phase.current:
                parts.append(f"[b reverse] {phase.title} {phase.done}/{phase.total} [/]")
            elif phase.total and phase.done == phase.total:
                parts.append(f"✓ {phase.title}")
            else:
                parts.append(phase.title)
        self.update(" · ".join(parts))
