"""The formality recommendation, drawn: three levels on a line, the recommended one marked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from ...dialog.model import LEVELS, level_name
from ...engine.recommendation import Pending, Reason, Recommendation


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


class RecommendationView(VerticalScroll):
    """The recommendation, its reasons, and what would lower it.

    It takes the room left above the level choice and scrolls inside it (Tab to it,
    then the arrows), so that the choice below is always in view.
    """

    DEFAULT_CSS = """
    RecommendationView {
        height: 1fr; min-height: 6; padding: 0 1; margin-bottom: 1; border: round $accent;
    }
    RecommendationView:focus { border: round $primary; }
    RecommendationView .level-line { text-align: center; padding: 1 0; }
    RecommendationView .heading { text-style: bold; margin-top: 1; }
    RecommendationView .close-call { margin-top: 1; text-style: italic; }
    RecommendationView .warning { color: $warning; }
    RecommendationView .waiting { height: auto; margin-top: 1; }
    RecommendationView .waiting Button { margin-right: 1; }
    """

    class GoTo(Message):
        """The user asked to go to a factor the recommendation waits for."""

        def __init__(self, step_id: str) -> None:
            super().__init__()
            self.step_id = step_id

    def __init__(
        self,
        recommendation: Recommendation | None,
        waiting: list[tuple[str, str]],
        to_check: list[str] | None = None,
        pending: Pending | None = None,
    ) -> None:
        """Args:
        recommendation: the engine's recommendation, or None while a factor is open.
        waiting: the factors it waits for, as (step id, title).
        to_check: contradictions to point out.
        pending: while a factor is open, what the answers given already decide.
        """
        super().__init__()
        self.recommendation = recommendation
        self.waiting = waiting
        self.to_check = to_check or []
        self.pending = pending

    def compose(self) -> ComposeResult:
        recommendation = self.recommendation
        yield Static(
            level_line(recommendation.level if recommendation else None), classes="level-line"
        )
        if recommendation is None:
            titles = ", ".join(title.lower() for _, title in self.waiting)
            if self.pending is not None:
                yield Static(self.pending.sentence(), classes="heading", markup=False)
                yield Static(
                    f"The full recommendation, with its reasons, comes once {titles} is answered.",
                    markup=False,
                )
            else:
                yield Static(
                    f"No recommendation yet: answer {titles or 'the formality factors'} first.",
                    markup=False,
                )
            with Horizontal(classes="waiting"):
                for step_id, title in self.waiting:
                    yield Button(Content(f"Answer {title.lower()} now"), name=step_id)
            return
        yield Static(
            f"Recommended: {level_name(recommendation.level)}, because:", classes="heading"
        )
        yield Static(_explained(recommendation.reasons))
        if recommendation.close_call:
            yield Static(recommendation.close_call, classes="close-call", markup=False)
        if recommendation.also:
            yield Static("These hold too, but call for less:", classes="heading")
            yield Static(_bullets([reason.text for reason in recommendation.also]), markup=False)
        heading = recommendation.lower_heading()
        if heading:
            yield Static(heading, classes="heading", markup=False)
            yield Static(_bullets(recommendation.would_lower), markup=False)
        if self.to_check:
            yield Static("Answers to check:", classes="heading warning")
            yield Static(_bullets(self.to_check), classes="warning", markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name:
            self.post_message(self.GoTo(event.button.name))


def _explained(reasons: list[Reason]) -> Text:
    """Each reason on a bullet: what holds, then the source and any inference, dimmed."""
    text = Text()
    for number, reason in enumerate(reasons):
        if number:
            text.append("\n")
        text.append(f"• {reason.text}")
        more = " ".join(part for part in (reason.source, reason.inference) if part)
        if more:
            text.append(f"\n  {more}", style="dim italic")
    return text


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)
