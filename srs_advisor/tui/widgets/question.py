"""The current question: where it stands, its prompt, hint and notices, and its input.

The conversation screen hands it each step the engine moves to; it draws what the
engine says of the step and puts the input for its kind below, refilling the input
already there when the kind is the same (see `StepInput.take_over`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...dialog.model import Step
from ...engine.conversation import Conversation
from ...engine.progress import PhaseProgress
from ...engine.recommendation import rule_steps
from ..shown import shown
from .inputs import StepInput, input_class, input_for
from .recommendation import RecommendationView

RESTORED = (
    "Restored: this was typed here before (in a tab closed or reloaded, say) but not yet "
    "answered. Answer to keep it."
)
"""The line over an input that shows a draft again (`engine.drafts`)."""


class QuestionView(VerticalScroll, can_focus=False):
    """The question asked now, and the input that takes its answer."""

    def compose(self) -> ComposeResult:
        yield Static(id="where", markup=False)
        yield Static(id="prompt", markup=False)
        yield Static(id="hint", markup=False)
        yield Static(id="gaps", markup=False)
        yield Static(id="notice", markup=False)
        yield Vertical(id="answer")

    def show(
        self, conversation: Conversation, step: Step, phase: PhaseProgress, notice: str = ""
    ) -> StepInput:
        """Draw `step` (in `phase`) with `notice` over its input; return the input shown."""
        position = f"{phase.title} · {phase.describe()}" if phase.total else phase.title
        needed = " · needed to go on" if step.required else ""
        self.query_one("#where", Static).update(f"{position}{needed}")
        self.query_one("#prompt", Static).update(step.prompt)
        prefill = conversation.prefill(step)
        again = conversation.asked_again(step)
        hint = "\n".join(line for line in (again, step.hint, prefill and prefill.because) if line)
        self.query_one("#hint", Static).update(hint)
        self.query_one("#hint").display = bool(hint)
        gaps = [f"• {g.factor} ({g.answer}): {g.advice}" for g in conversation.gaps_named(step)]
        self.query_one("#gaps", Static).update("\n".join(gaps))
        self.query_one("#gaps").display = bool(gaps)
        self.notice(notice)
        answer = self.query_one("#answer", Vertical)
        on_screen = answer.children[0] if len(answer.children) == 1 else None
        if (
            isinstance(on_screen, StepInput)
            and type(on_screen) is input_class(step)
            and step.kind != "level"
            and on_screen.take_over(step)
        ):
            self._restored(on_screen, notice)
            return on_screen  # the same kind of input, refilled in place
        step_input = input_for(step, conversation, conversation.dialog)
        self._restored(step_input, notice)
        focused = self.screen.focused
        if focused is not None and answer in focused.ancestors:
            # Else the focus would pass to the widget before the input (the guidance, the
            # progress list) and back: each change restyles the widget it passes through.
            self.screen.set_focus(None)
        answer.remove_children()
        widgets: list[StepInput | RecommendationView] = []
        if step.kind == "level":
            order = {s.id: n for n, s in enumerate(conversation.dialog.steps)}
            waiting = [
                (s, conversation.dialog.step(s).title)
                for s in sorted(rule_steps(conversation.dialog.rules), key=order.__getitem__)
                if conversation.status(s) != "answered"
            ]
            factors = sorted(rule_steps(conversation.dialog.rules))
            to_check = [c.message for c in conversation.contradictions(factors)]
            widgets.append(
                RecommendationView(
                    conversation.recommendation, waiting, to_check, conversation.pending
                )
            )
        widgets.append(step_input)
        answer.mount_all(widgets)  # the input takes the focus once it is mounted
        return step_input

    def _restored(self, step_input: StepInput, notice: str) -> None:
        if step_input.restored is not None and not notice:
            self.notice(RESTORED)

    def notice(self, text: str, *, error: bool = False) -> None:
        """Say `text` over the input (an error in its own color), or nothing if it is empty."""
        notice = self.query_one("#notice", Static)
        notice.update(shown(text))
        notice.display = bool(text)
        notice.set_class(error, "error")

    def show_focused(self) -> None:
        """Scroll just enough to show the focused input (the prompt stays if it can)."""
        focused = self.app.focused
        if focused is not None and self in focused.ancestors:
            self.scroll_to_widget(focused, animate=False, immediate=True)
