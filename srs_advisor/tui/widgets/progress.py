"""Where the conversation is: the phases, the current one, and how much of each is done."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...engine.progress import PhaseProgress


def _mark(phase: PhaseProgress) -> str:
    if phase.current:
        return "▶"
    if phase.complete:
        return "✓"
    if phase.parked:
        return "?"  # something on the parking lot
    return " "


class ProgressList(OptionList):
    """The phases as a list; choosing one goes back to it (for a phase already reached)."""

    DEFAULT_CSS = """
    ProgressList { width: 26; height: auto; border: round $primary 50%; }
    """

    def show(self, phases: list[PhaseProgress]) -> None:
        """Redraw the lines that changed, from the engine's progress."""
        lines = [
            f"{_mark(p)} {p.title:<14}{(f'{p.answered}/{p.total}' if p.total else ''):>6}"
            for p in phases
        ]
        if self.option_count != len(phases):
            self.set_options(
                Option(Content(line), id=p.id) for line, p in zip(lines, phases, strict=True)
            )
            return
        for index, line in enumerate(lines):
            if str(self.get_option_at_index(index).prompt) != line:
                self.replace_option_prompt_at_index(index, Content(line))


class ProgressStrip(Static):
    """The phases on one line, for narrow screens and presenter mode."""

    DEFAULT_CSS = """
    ProgressStrip { height: 1; padding: 0 1; background: $panel; }
    """

    def show(self, phases: list[PhaseProgress]) -> None:
        """Redraw the strip from the engine's progress (titles shown as text, never markup)."""
        strip = Text()
        for number, phase in enumerate(phases):
            if number:
                strip.append(" · ")
            if phase.current:
                strip.append(f" {phase.title} {phase.answered}/{phase.total} ", "bold reverse")
            elif phase.complete or phase.parked:
                strip.append(f"{_mark(phase)} {phase.title}")
            else:
                strip.append(phase.title)
        self.update(strip)
