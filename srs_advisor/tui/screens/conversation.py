"""The conversation screen: the chat so far, the current question, its guidance, the progress.

The screen asks the engine for everything it draws and tells it every move; it
keeps no copy of the conversation's state beyond which widgets are on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markdown import Markdown as RichMarkdown
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, TextArea

from ...engine.answers import AnswerError
from ...engine.conversation import Conversation, EngineError
from ...engine.drafts import DRAFT_KINDS
from ...store import (
    TRANSCRIPT_FILE,
    NotesNotSaved,
    SessionChanged,
    SessionError,
    SessionTakenOver,
)
from ...store.keeper import kept
from ..keyhold import after_keys
from ..shown import visible
from ..widgets.chat import ChatLog, LastAnswer
from ..widgets.inputs import StepInput
from ..widgets.keybar import BarKey, KeyBar, bar_keys
from ..widgets.progress import ProgressList, ProgressStrip
from ..widgets.question import QuestionView
from ..widgets.recommendation import RecommendationView
from ..widgets.rendered import RenderedText
from .locked import READ_ONLY

if TYPE_CHECKING:
    from ..app import AdvisorApp

ENTER_ANSWERS = frozenset({"info", "text", "choice", "yes-no", "level", "per-partner", "form"})
"""Kinds of step whose input Enter answers, or moves on in (elsewhere Enter adds a line,
a partner, ...). The screen handles it as the key arrives, in order with the typing."""

READ_NOTES = (
    "Shift+F6 opens the meeting notes as a web page in a new tab, at any time: easier to "
    "read than the terminal with a screen reader."
)
"""Said as a session opens in a browser."""

DRAFT_DELAY = 0.4
"""Seconds of no typing after which what an input holds is saved as its draft."""

NARROW = 100
"""Below this many columns the guidance folds away behind a key."""
MEDIUM = 130
"""Below this many columns the progress list becomes a strip, to leave the chat room."""


class ConversationScreen(Screen[None]):
    """Ask the current question, take the answer, and move on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The first key of each works in a browser tab too (README, "Keys"); the Ctrl keys
        # after it are the terminal's familiar ones, kept as aliases.
        Binding("f3,ctrl+s", "answer", "Answer", key_display="F3", priority=True),
        # Enter answers one-value questions here, not in the input, so that every key
        # typed before it is part of the answer however fast it came (see `_act`).
        Binding("enter", "answer_by_enter", "Answer", show=False, priority=True),
        # Priority: handled as they arrive, in order with the keys typed around them.
        Binding("ctrl+b", "back", "Back", key_display="^b", priority=True),
        Binding("f4,ctrl+n", "skip", "Skip", key_display="F4", priority=True),
        Binding("f7,ctrl+l", "park", "Later", key_display="F7", priority=True),
        Binding("f8,ctrl+r", "review", "Review", key_display="F8", priority=True),
        Binding("ctrl+g", "toggle_guidance", "Guide", key_display="^g", priority=True),
        # Tab moves the focus as it arrives, in order with the keys typed around it (a
        # burst's text after Tab belongs to the next field; see `action_move_focus`).
        Binding("tab", "move_focus(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", "Previous field", show=False, priority=True),
        # The chat takes no focus: these scroll it wherever the focus is, unless the input
        # moves by pages itself (a list, several lines): the Shift keys scroll it there.
        Binding("pageup,shift+pageup", "scroll_chat(-1)", "Scroll the chat up", show=False),
        Binding("pagedown,shift+pagedown", "scroll_chat(1)", "Scroll the chat down", show=False),
    ]

    def __init__(self, conversation: Conversation) -> None:
        super().__init__()
        self.conversation = conversation
        self.editing = False
        """True after a jump back: answering returns to where the conversation was."""
        self._page: str | None = None
        self._shown: str | None = None
        """The step drawn on screen."""
        self._told_notes = False
        self._draft_timer: Timer | None = None

    @property
    def advisor(self) -> AdvisorApp:
        """The app, typed."""
        from ..app import AdvisorApp

        assert isinstance(self.app, AdvisorApp)
        return self.app

    def compose(self) -> ComposeResult:
        # For the terminal's width before the first layout, not after it: a class set on
        # the first resize restyled the whole screen and laid it out again.
        self._fit(self.app.size.width)
        yield Header()
        yield ProgressStrip(id="strip")
        with Horizontal(id="body"):
            yield ProgressList(id="progress")
            with Vertical(id="main-column"):
                yield ChatLog(id="chat")
                yield LastAnswer(id="last-answer")  # presenter mode: what was just recorded
                yield QuestionView(id="question")
            with VerticalScroll(id="guidance-pane"):
                yield RenderedText(id="guidance")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        title = f"session {self.conversation.session.id}"
        if self.app.sub_title == READ_ONLY:  # the screen's sub-title hides the app's
            title += " (read-only: nothing is saved)"
        self.sub_title = visible(title, 120, multiline=False)
        self.query_one(ChatLog).show(self.conversation)
        self.show_step()
        if self.app.is_web:
            self.notify(READ_NOTES, timeout=12)

    def on_screen_resume(self) -> None:
        # Back from another screen (the notes, say): redraw only if the engine moved, so
        # that an answer half typed before opening the help is still there.
        current = self.conversation.current
        if (current.id if current else None) != self._shown:
            self.query_one(ChatLog).show(self.conversation)
            self.show_step()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Fold the guidance, or the progress list, away on a screen `width` columns wide."""
        self.set_class(width < NARROW, "narrow")
        self.set_class(NARROW <= width < MEDIUM, "medium")

    # -- drawing --------------------------------------------------------------------------

    def show_step(self, notice: str = "") -> None:
        """Draw the current step: progress, prompt, guidance and the input for its kind."""
        conversation = self.conversation
        step = conversation.current
        self._shown = step.id if step else None
        if step is not None:
            self.advisor.keys.hold()  # until the new input has the focus (`_input_ready`)
        if step is None:
            self.advisor.keys.release()
            self.advisor.show_notes(conversation)
            return
        self.query_one(LastAnswer).show(conversation)
        phases = conversation.progress()
        self.query_one(ProgressList).show(phases)
        self.query_one(ProgressStrip).show(phases)
        phase = next(p for p in phases if p.id == step.phase)
        self._show_guidance(conversation.guidance_page(step))
        # The recommendation needs the room: the chat steps aside while it is shown.
        self.set_class(step.kind == "level", "tall-question")
        self._show_keys(self.query_one(QuestionView).show(conversation, step, phase, notice))

    def _show_keys(self, step_input: StepInput) -> None:
        def shown(bindings: list[BindingType], node: DOMNode) -> list[Binding]:
            return [
                b
                for b in bindings
                if isinstance(b, Binding)
                and b.show
                and node.check_action(b.action, ()) is not False
            ]

        keys = [
            *bar_keys(self.app, shown(self.BINDINGS, self), "screen"),
            *bar_keys(self.app, shown(self.app.BINDINGS, self.app), "app"),
        ]
        # A click on Enter's entry does what Enter does where it answers (or goes on).
        first = tuple(
            BarKey(key, label, "screen.answer" if label in ("Answer", "Continue") else None)
            for key, label in step_input.shown_keys()
        )
        # The guidance key stays in view however narrow: below `NARROW` it is the only way
        # to the guidance.
        self.query_one(KeyBar).show(keys, first, keep=frozenset({"Guide"}))

    def typed_but_not_given(self) -> bool:
        """Whether something was typed into the input (text, a list, a table) but not given."""
        step_input = self.query_one(QuestionView).input
        typed = ("text", "long-text", "partners", "per-partner", "action-items", "form")
        return step_input is not None and step_input.step.kind in typed and step_input.changed()

    def typed_draft(self) -> tuple[str, Any] | None:
        """The step and what its input holds, if something was typed there and not given."""
        if not self.typed_but_not_given():
            return None
        step_input = self.step_input()
        return step_input.step.id, step_input.value()

    def step_input(self) -> StepInput:
        """The input shown for the current question.

        Raises:
            NoMatches: there is none (the conversation is over).
        """
        step_input = self.query_one(QuestionView).input
        if step_input is None:
            raise NoMatches("no input is shown")
        return step_input

    def _notice(self, text: str, *, error: bool = False) -> None:
        self.query_one(QuestionView).notice(text, error=error)

    def _show_guidance(self, page: str) -> None:
        if page == self._page:
            return  # a Markdown update re-parses the page: skip it when the page is the same
        self._page = page
        # Rich renders the page into one Static: far cheaper than Textual's Markdown widget,
        # which mounts a widget per block, on the path from an answer to the next question.
        self.query_one("#guidance", RenderedText).update(RichMarkdown(self.advisor.guidance(page)))
        self.query_one("#guidance-pane").scroll_home(animate=False)

    # -- drafts ---------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(StepInput.Edited)
    def _typed(self) -> None:
        """Something was typed: keep it as the step's draft once the typing pauses."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def keep_draft_now(self) -> None:
        """Save what the input holds as its draft now, not after the typing's pause."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._keep_draft()

    def _keep_draft(self) -> None:
        self._draft_timer = None
        current = self.conversation.current
        if current is None or current.kind not in DRAFT_KINDS:
            return
        step_input = self.query_one(QuestionView).input
        if step_input is None or step_input.step.id != current.id or not step_input.is_attached:
            return  # the input is gone (answered, or a move): nothing to keep
        try:
            draft = step_input.draft()
        except (NoMatches, ValueError):
            self._typed()  # caught while its parts are drawn or taken away: after a pause
            return
        try:
            self.conversation.keep_draft(current.id, draft)
        except SessionError as error:
            # Said with the next answer's save, which fails alike; a takeover is said now.
            if isinstance(error, SessionTakenOver):
                self.advisor.taken_over()

    # -- moves ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.conversation.current
        if step is None:
            return action not in ("answer", "skip", "park")
        if action == "answer_by_enter":
            if not self._focus_in_input():
                return False
            return step.kind in ENTER_ANSWERS or self.step_input().takes_enter()
        if action == "skip":
            return not step.required and step.kind != "info"
        if action == "park":
            return step.kind != "info"
        if action == "back":
            return bool(self.conversation.history)
        return True

    def _focus_in_input(self) -> bool:
        focused = self.app.focused
        return focused is not None and any(isinstance(n, StepInput) for n in focused.ancestors)

    @on(StepInput.Submitted)
    def action_answer(self) -> None:
        """Give the input's answer to the engine, and move on if it takes it."""
        self._act(lambda: self.conversation.answer(self.step_input().answer_value()))

    def action_answer_by_enter(self) -> None:
        """Enter on a one-value question: the same as the Answer key.

        On a per-partner question it moves to the next partner's field at once (the keys
        typed after it belong there), and answers from the last one.
        """
        step_input = self.step_input()
        if step_input.takes_enter():

            def move() -> None:
                step_input.enter()
                if not step_input.settling:  # else its `Ready` releases them
                    self.advisor.keys.release()  # the keys after Enter follow the focus

            self._after_typed(move)  # the move reads what was typed before Enter
            return
        if not step_input.enter():
            self.action_answer()

    def action_move_focus(self, step: int) -> None:
        """Tab (or Shift+Tab): the next (previous) field, once the keys before it are in.

        Textual moves the focus when Tab, unhandled by the input, has bubbled up to the
        app: the keys typed after it were by then typed into the field it left.
        """

        def move() -> None:
            if step > 0:
                self.focus_next()
            else:
                self.focus_previous()
            self.advisor.keys.release()  # the keys after Tab follow the focus

        self._after_typed(move)

    def action_scroll_chat(self, pages: int) -> None:
        """Scroll the conversation so far by a page up (-1) or down (1)."""
        chat = self.query_one(ChatLog)
        if not chat.display:
            return  # folded away (the recommendation, the guidance, presenter mode)
        if pages < 0:
            chat.scroll_page_up(animate=False)
        else:
            chat.scroll_page_down(animate=False)

    def action_skip(self) -> None:
        """Pass the step: not discussed."""
        self._act(self.conversation.skip)

    def action_park(self) -> None:
        """Unsure: put the step on the parking lot and move on."""
        self._act(self.conversation.park)

    def _act(self, move: Callable[[], list[str] | None]) -> None:
        """Make a move once the input has taken every key typed before the move's key.

        The move's key is handled by the app as it arrives, while the keys typed before
        it may still wait in the input's queue: so the move is queued behind them, and
        the keys typed after it are held for the next question's input (`KeyHold`).
        """
        self._after_typed(lambda: self._make_move(move))

    def _after_typed(self, then: Callable[[], None]) -> None:
        """Run `then` once the keys typed before are handled; hold the keys typed after.

        See `keyhold.after_keys` for how "handled" is known.
        """
        self.advisor.keys.hold()
        focused = self.app.focused
        if focused is None or focused.screen is not self:
            then()
        else:
            after_keys(self.app, then)

    @on(StepInput.KeysChanged)
    def _input_keys_changed(self, event: StepInput.KeysChanged) -> None:
        event.stop()
        self._show_keys(self.step_input())

    @on(StepInput.Ready)
    def _input_ready(self, event: StepInput.Ready) -> None:
        event.stop()
        self.advisor.keys.release()  # the held keys now go to the new input
        self.call_after_refresh(self._show_focused)

    def _show_focused(self) -> None:
        self.query_one(QuestionView).show_focused()

    def _make_move(self, move: Callable[[], list[str] | None]) -> None:
        """Make a move in the engine; explain a refusal in place, or draw what follows."""
        step = self.conversation.current
        if step is None:
            self.advisor.keys.release()
            return
        try:
            stale = move() or []
        except (AnswerError, EngineError) as error:
            self._notice(str(error), error=True)
            self.step_input().focus_input()
            self.advisor.keys.release()
            return
        except SessionError as error:  # the move was made; only the saving failed
            stale = []
            self._not_saved(error)
        self._moved_on(step.id, stale)

    def _moved_on(self, step_id: str, stale: list[str]) -> None:
        with self.app.batch_update():  # one repaint for the chat, the progress and the input
            self._redraw_after(step_id, stale)
        self._tell_where_the_notes_go()

    def _redraw_after(self, step_id: str, stale: list[str]) -> None:
        chat = self.query_one(ChatLog)
        if self.editing:
            try:
                self.conversation.forward()
            except SessionError as error:
                self._not_saved(error)
            # Still on the way back (a question or page the change brought on): keep going.
            self.editing = self.conversation.returning
            chat.show(self.conversation)
            if stale:
                chat.add_stale(self.conversation, stale)
            if self.editing:
                self.notify("The change brings this up; then back to where you were.", timeout=4)
            else:
                self.notify("Changed. Back to where you were.", timeout=3)
        else:
            chat.add(self.conversation, step_id, stale)
        self.show_step()

    def action_back(self) -> None:
        """Go back one step."""
        self._after_typed(self._go_back)

    def _go_back(self) -> None:
        try:
            self.conversation.back()
        except EngineError as error:
            self._notice(str(error), error=True)
            self.advisor.keys.release()
            return
        except SessionError as error:
            self._not_saved(error)
        self.query_one(ChatLog).trim(self.conversation)
        self.show_step()

    def jump_to(self, step_id: str) -> None:
        """Go back to an earlier step to change its answer."""
        try:
            self.conversation.go_to(step_id)
        except EngineError as error:
            self.notify(visible(str(error)), severity="warning", markup=False)
            return
        except SessionError as error:
            self._not_saved(error)
        self.editing = True
        self.query_one(ChatLog).trim(self.conversation)
        self.show_step(
            "Change the answer, or press Answer to keep it: you return to where you were."
        )

    def jump_to_phase(self, phase_id: str) -> None:
        """Go back to the first step of a phase already reached."""
        current = self.conversation.current
        if current is not None and current.phase == phase_id:
            return
        visited = [s for s in self.conversation.history if s.startswith(f"{phase_id}.")]
        if not visited:
            self.notify("That part has not been reached yet.", severity="warning")
            return
        self.jump_to(visited[0])

    @on(RecommendationView.GoTo)
    def _go_to_factor(self, event: RecommendationView.GoTo) -> None:
        event.stop()
        self.jump_to(event.step_id)

    @on(OptionList.OptionSelected, "#progress")
    def _phase_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.jump_to_phase(event.option.id)

    def action_review(self) -> None:
        """Show every answer by phase; choosing one goes back to it."""
        from .review import ReviewScreen

        def chosen(step_id: str | None) -> None:
            if step_id:
                self.jump_to(step_id)

        self.app.push_screen(ReviewScreen(self.conversation), chosen)

    def action_toggle_guidance(self) -> None:
        """Show or hide the guidance (on a narrow screen it shows below the question)."""
        if self.has_class("narrow") or (self.advisor.presenter and self.has_class("tall-question")):
            self.toggle_class("show-guidance")  # folded away here unless asked for
        else:
            self.toggle_class("hide-guidance")
        if (step_input := self.query_one(QuestionView).input) is not None:
            step_input.focus_input()  # typing goes to the answer, guidance or not

    def _not_saved(self, error: SessionError) -> None:
        if isinstance(error, SessionTakenOver):
            self.advisor.taken_over()
            return
        if isinstance(error, NotesNotSaved):  # the answers are on disk: say just that
            message = f"{error} They are written again with the next answer."
        elif isinstance(error, SessionChanged):
            message = (
                f"Not saved: {error}. Your answers are kept in this window; quit (F10) to "
                "save them into another folder."
            )
        else:
            message = (
                f"Not saved: {error} Your answers are kept here; they are saved with the "
                "next answer."
            )
        self.notify(visible(message), severity="error", timeout=15, markup=False)

    def _tell_where_the_notes_go(self) -> None:
        notes = kept(self.conversation).notes_path
        if notes is None or notes.name == TRANSCRIPT_FILE or self._told_notes:
            return
        self._told_notes = True
        self.notify(
            visible(
                f"{notes.parent / TRANSCRIPT_FILE} was changed outside the advisor, so it is "
                f"kept as it is; the advisor's notes now go beside it, to {notes.name}."
            ),
            severity="warning",
            timeout=15,
            markup=False,
        )
