"""`srs-advisor prework --fill FILE`: one partner answers its pre-work in the advisor.

The pre-work's questions run as a conversation of their own (`engine.prework.fill_dialog`)
on the advisor's conversation screen, so every input, key and burst works as in the
meeting; its keeper is the file (`store.prework.PreworkFileStore`), written again after
every answer. There is no session folder, no lock and no notes: the file is the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from ..dialog import Dialog
from ..engine.conversation import Conversation
from ..engine.prework import PreworkForm, is_shared, label_of, prework_steps
from ..store.keeper import kept
from ..store.prework import PreworkFileStore, open_for_filling
from ..terminal import safe
from .app import AdvisorApp
from .screens.conversation import ConversationScreen
from .screens.notes import back_to_last_question
from .shown import SHOWN_NAME, shown, visible
from .theme import HIGH_CONTRAST
from .widgets.keybar import KeyBar, bar_keys


def intro(dialog: Dialog, partner: str, path: Path) -> str:
    """The page the pre-work opens with: what it is, how many questions, where it saves."""
    steps = prework_steps(dialog)
    shared = sum(1 for s in steps if is_shared(s))
    own = len(steps) - shared
    return (
        f"Pre-work for {partner}, before the partners' planning meeting: {shared} success "
        f"factors, then {own} questions about {partner}'s own aims. Answer for your "
        "organization; at the meeting the partners see their answers side by side and "
        f"settle them together. Each answer is saved into {path.name} as you give it: you "
        "can stop at any time and open the file again later. F4 leaves a question blank."
    )


class PreworkFillScreen(ConversationScreen):
    """The conversation screen, for pre-work: every question can be answered or left
    blank; "discuss later" is for the meeting (a blank says the same here)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "park":
            return False
        return super().check_action(action, parameters)


class PreworkDoneScreen(Screen[None]):
    """Every question was dealt with: where the file is, and what it holds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Change an answer", key_display="^b"),
    ]

    def __init__(self, conversation: Conversation) -> None:
        super().__init__()
        self.conversation = conversation

    def compose(self) -> ComposeResult:
        store = kept(self.conversation)
        yield Header()
        with VerticalScroll(id="notes"):
            yield Static("Done. Thank you!", classes="dialog-title")
            if isinstance(store, PreworkFileStore) and not store.unsaved:
                where = (
                    f"Your answers are saved in {store.path.absolute()}. Send that file to the "
                    "meeting's facilitator. Ctrl+B goes back to change an answer; F10 quits."
                )
            else:
                error = store.save_error or "the file could not be written"
                where = f"Not saved: {error}. F10 quits and says what is kept."
            yield Static(shown(where), id="notes-path")
            yield Static(shown(self.summary()), id="summary")
        yield KeyBar(id="keys")

    def summary(self) -> str:
        """Each question and the answer given, as the file holds it."""
        lines = []
        for step in self.conversation.dialog.steps:
            if step.kind == "info":
                continue
            given = self.conversation.answer_of(step.id)
            if given is None:
                lines.append(f"{step.title}: left blank")
            elif is_shared(step):
                lines.append(f"{step.title}: {label_of(step, given)}")
            else:
                lines.append(f"{step.title}:\n    " + str(given).replace("\n", "\n    "))
        return "\n".join(lines)

    def on_mount(self) -> None:
        own = [b for b in self.BINDINGS if isinstance(b, Binding) and b.show]
        allowed = self.app.check_action
        app = [
            b
            for b in self.app.BINDINGS
            if isinstance(b, Binding) and b.show and allowed(b.action, ()) is not False
        ]
        keys = [*bar_keys(self.app, own, "screen"), *bar_keys(self.app, app, "app")]
        self.query_one(KeyBar).show(keys)

    def action_back(self) -> None:
        """Back to the last question, to change an answer."""
        back_to_last_question(self, self.conversation)


class PreworkApp(AdvisorApp):
    """The advisor, asking one partner's pre-work questions and saving them to its file."""

    def __init__(
        self,
        dialog: Dialog,
        content_dir: Path,
        conversation: Conversation,
        partner: str,
        *,
        presenter: bool = False,
    ) -> None:
        super().__init__(dialog, content_dir, content_dir, conversation, presenter=presenter)
        self.title = f"Pre-work: {visible(partner, SHOWN_NAME, multiline=False)}"

    @on(events.Mount)
    def _open_the_form(self, event: events.Mount) -> None:
        # Instead of the advisor's start (a session folder, its lock): the file is the record.
        event.prevent_default()
        self.register_theme(HIGH_CONTRAST)
        if self.presenter:
            self._set_presenter(True)
        assert self.conversation is not None
        self.push_screen(PreworkFillScreen(self.conversation))

    def show_notes(self, conversation: Conversation) -> None:
        """The end of the pre-work: where the file is, and what it holds."""
        self.push_screen(PreworkDoneScreen(conversation))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("download_notes", "read_notes", "save_notes"):
            return False  # no meeting notes: the file is what the partner sends
        return super().check_action(action, parameters)

    async def action_quit(self) -> None:
        """Quit, asking first if an answer is typed but not given (it is not in the file)."""
        from .screens.confirm import ConfirmScreen
        from .screens.save_elsewhere import quit_with_answers_saved

        screen = self.screen
        if not (isinstance(screen, ConversationScreen) and screen.typed_but_not_given()):
            quit_with_answers_saved(self)
            return

        def decided(quit_: bool | None) -> None:
            if quit_:
                quit_with_answers_saved(self)

        self.push_screen(
            ConfirmScreen(
                "Quit without giving the answer you typed?",
                "Every answer you gave is saved in the file. The one in the box is not: "
                "press Stay, then F3 (or Enter) to give it.",
                go="Quit",
                keep="Stay",
            ),
            decided,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from App.get_system_commands(self, screen)
        yield SystemCommand(
            "Presenter mode",
            "High contrast, only the current question",
            self.action_toggle_presenter,
        )


def fill_app(
    dialog: Dialog, content_dir: Path, path: Path, form: PreworkForm, *, presenter: bool = False
) -> tuple[PreworkApp, PreworkFileStore]:
    """The app that asks the questions of the pre-work file at `path` (read as `form`),
    and the store that writes each answer into it."""
    partner = visible(form.partner, SHOWN_NAME, multiline=False)
    conversation, store = open_for_filling(
        dialog, content_dir, path, form, partner, intro(dialog, partner, path)
    )
    app = PreworkApp(
        conversation.dialog, content_dir, conversation, form.partner, presenter=presenter
    )
    return app, store


def run_fill(
    dialog: Dialog, content_dir: Path, path: Path, form: PreworkForm, *, presenter: bool = False
) -> int:
    """Ask the questions of the pre-work file at `path` (read as `form`), saving each
    answer into it; say afterwards where it is. Returns the exit code."""
    app, store = fill_app(dialog, content_dir, path, form, presenter=presenter)
    from .paste import install

    install()  # a paste start typed key by key must not swallow every later key
    app.run()
    if store.unsaved:
        print(safe(f"Not saved: {store.save_error}. The answers given since are lost."))
        return 1
    where = store.path.absolute()
    print(safe(f"Your answers are saved in {where}. Send it to the meeting's facilitator."))
    return app.return_code or 0
