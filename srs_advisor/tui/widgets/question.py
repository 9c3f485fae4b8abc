"""The current question: where it stands, its prompt, hint and notices, and its input.

The conversation screen hands it each step the engine moves to; it draws what the
engine says of the step and puts the input for its kind below, refilling the input of
that kind if one was shown before (see `StepInput.take_over`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...dialog.model import Step
from ...engine.conversation import Conversation
from ...engine.prework_divergence import before_the_meeting
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
    """The question asked now, and the input that takes its answer.

    The input of each kind, once mounted, stays: hidden while another kind is asked,
    then refilled for the next step of its kind (`StepInput.take_over`). Mounting an
    input costs a compose and two more layouts of the screen than showing one.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._input: StepInput | None = None

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
        said = before_the_meeting(conversation, step)  # the partners' pre-work, side by side
        hint = "\n".join(x for x in (again, step.hint, said, prefill and prefill.because) if x)
        self.query_one("#hint", Static).update(hint)
        self.query_one("#hint").display = bool(hint)
        gaps = [f"• {g.factor} ({g.answer}): {g.advice}" for g in conversation.gaps_named(step)]
        self.query_one("#gaps", Static).update("\n".join(gaps))
        self.query_one("#gaps").display = bool(gaps)
        self.notice(notice)
        answer = self.query_one("#answer", Vertical)
        kind = input_class(step)
        spare = next((w for w in answer.query_children(StepInput) if type(w) is kind), None)
        refilled = spare is not None and step.kind != "level" and spare.take_over(step)
        focused = self.screen.focused
        if focused is not None and answer in focused.ancestors:
            if not (refilled and spare in focused.ancestors):
                # Else the focus would pass to the widget before the input (the guidance,
                # the progress list) and back, as the input is hidden or removed: each
                # change restyles the widget it passes through.
                self.screen.set_focus(None)
        for view in answer.query_children(RecommendationView):
            view.remove()  # the level step's own, with its input
        if refilled and spare is not None:
            step_input = spare  # the input of this kind shown last, kept hidden, refilled
        else:
            if spare is not None:
                spare.remove()
            step_input = input_for(step, conversation, conversation.dialog)
            widgets: list[StepInput | RecommendationView] = [step_input]
            if step.kind == "level":
                widgets.insert(0, self._recommendation(conversation))
            # First: the one a query finds first. The input takes the focus once mounted.
            answer.mount_all(widgets, before=0 if answer.children else None)
        for other in answer.query_children(StepInput):
            if other is not step_input:
                other.display = False
        step_input.display = True
        if step.kind != "level" and answer.children[0] is not step_input:
            answer.move_child(step_input, before=0)  # first: the one a query finds first
        if refilled:
            # Focused now, not once laid out: the restyle the focus brings is done with the
            # layout this step needs anyway, not in one more after it.
            step_input.focus_input(scroll=False)
        self._input = step_input
        self._restored(step_input, notice)
        return step_input

    @property
    def input(self) -> StepInput | None:
        """The input shown (those of other kinds wait hidden, to be refilled), if any."""
        return self._input

    @staticmethod
    def _recommendation(conversation: Conversation) -> RecommendationView:
        order = {s.id: n for n, s in enumerate(conversation.dialog.steps)}
        waiting = [
            (s, conversation.dialog.step(s).title)
            for s in sorted(rule_steps(conversation.dialog.rules), key=order.__getitem__)
            if conversation.status(s) != "answered"
        ]
        factors = sorted(rule_steps(conversation.dialog.rules))
        to_check = [c.message for c in conversation.contradictions(factors)]
        return RecommendationView(
            conversation.recommendation, waiting, to_check, conversation.pending
        )

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
