"""The formality recommendation, drawn: three levels on a line, the recommended one marked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...dialog.model import LEVELS
from ...engine.recommendation import Recommendation
from ...notes.transcript import level_name


def level_line(recommended: str | None, chosen: str | None = None) -> Text:
    """Informal ── Semi-formal ── Formal, with the recommended level marked."""
    line = Text()
    for number, level in enumerate(LEVELS):
        if number:
            line.append(" ─── ", style="dim")
        name = level_name(level)
        if level == recommended:
            line.append(f"▶ {name} ◀", style="bold reverse")
        elif level == chosen:
            line.append(f"[{name}]", style="bold")
        else:
            line.append(name)
    return line


class RecommendationView(Vertical):
    """The recommendation, its reasons, and what would lower it."""

    DEFAULT_CSS = """
    RecommendationView { height: auto; padding: 0 1; margin-bottom: 1; border: round $accent; }
    RecommendationView .level-line { text-align: center; padding: 1 0; }
    RecommendationView .heading { text-style: bold; }
    """

    def __init__(self, recommendation: Recommendation | None, waiting: list[str]) -> None:
        super().__init__()
        self.recommendation = recommendation
        self.waiting = waiting

    def compose(self) -> ComposeResult:
        recommendation = self.recommendation
        yield Static(
            level_line(recommendation.level if recommendation else None), classes="level-line"
        )
        if recommendation is None:
            titles = ", ".join(self.waiting) or "the formality factors"
            yield Static(f"No recommendation yet: answer {titles} first.", markup=False)
            return
        yield Static(
            f"Recommended: {level_name(recommendation.level)}, because:", classes="heading"
        )
        yield Static("\n".join(f"• {reason}" for reason in recommendation.reasons), markup=False)
        if recommendation.also:
            yield Static("These hold too, but call for less:", classes="heading")
            yield Static("\n".join(f"• {reason}" for reason in recommendation.also), markup=False)
        if recommendation.would_lower and recommendation.lower_level:
            yield Static(
                f"It would come down to {level_name(recommendation.lower_level)} if:",
                classes="heading",
            )
            yield Static(
                "\n".join(f"• {change}" for change in recommendation.would_lower), markup=False
            )
