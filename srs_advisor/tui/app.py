"""The Textual app: screens, keys, theme and commands. The engine does the thinking."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..dialog import Dialog
from ..engine.conversation import Conversation
from ..store import SessionError, SessionLock, load_session, session_folder
from ..store.keeper import keep, kept, resume_in
from .commands import advisor_commands
from .keyhold import KeyHold, KeysReleased, after_keys
from .screens.conversation import ConversationScreen
from .theme import HIGH_CONTRAST

if TYPE_CHECKING:
    from .downloads import Offer


LOCK_WATCH = 1.0
"""Seconds between two looks at whether another window took the session over."""


class AdvisorApp(App[Conversation | None]):
    """The advisor. Exits with the conversation in progress, so the caller can say where it is."""

    CSS_PATH = "app.tcss"
    NOTIFICATION_TIMEOUT = 3
    """Seconds a notification without a timeout of its own stays (Textual's: 5): what
    stays longer (a file saved, an error) says so by its own timeout."""
    TITLE = "srs-advisor"
    # A browser tab keeps some Ctrl keys for itself: each action has a function key too,
    # which a browser passes through to the app (see README, "Keys").
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("f2", "toggle_presenter", "Presenter", key_display="F2"),
        Binding("f6", "download_notes", "Download", key_display="F6"),
        Binding("shift+f6", "read_notes", "Notes as a web page", show=False),
        Binding("f9,ctrl+p", "command_palette", "Commands", key_display="F9", show=False),
        Binding("f10,ctrl+q", "quit", "Quit", key_display="F10", priority=True),
    ]
    COMMAND_PALETTE_BINDING = "f9"
    COMMAND_PALETTE_DISPLAY = "F9"

    def __init__(
        self,
        dialog: Dialog,
        content_dir: Path,
        sessions_dir: Path,
        conversation: Conversation | None = None,
        *,
        presenter: bool = False,
        messages: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.dialog = dialog
        self.content_dir = content_dir
        self.sessions_dir = sessions_dir
        self.conversation = conversation
        """The conversation on screen, once there is one."""
        self.presenter = presenter
        self._messages = list(messages)
        self._pages: dict[str, str] = {}
        self._theme_before = "textual-dark"
        self.session_lock: SessionLock | None = None
        """This window's lock on the session's folder, while it has the session open."""
        self.keys = KeyHold(self)
        """Keys typed while one question gives way to the next: held, then replayed."""
        self.deliveries: dict[str, str] = {}
        """Files on their way to the browser: delivery key to file name."""

    def on_unmount(self) -> None:
        if self.session_lock is not None:
            self.session_lock.release()  # the process ending would free it too

    async def on_event(self, event: events.Event) -> None:
        if self.keys.take(event):
            return
        await super().on_event(event)

    async def on_keys_released(self, event: KeysReleased) -> None:
        if self.keys.replay(event.run):
            await self._replay_next(self.keys.run)

    async def _replay_next(self, run: int) -> None:
        event = self.keys.next_held(run)
        if event is not None:
            await super().on_event(event)
            after_keys(self, lambda: self._schedule_replay(run))

    def _schedule_replay(self, run: int) -> None:
        self.call_later(self._replay_next, run)

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.presenter:
            self._set_presenter(True)
        if (conversation := self.conversation) is not None:
            from .screens.locked import open_with_lock

            def show(shown: Conversation) -> None:
                self.conversation = shown
                self.push_screen(ConversationScreen(shown))

            open_with_lock(self, conversation, show, lambda: self.exit(None))
        else:
            from .screens.start import StartScreen

            self.push_screen(StartScreen())
        for message in self._messages:
            self.notify(message, severity="warning", timeout=12, markup=False)
        self.set_interval(LOCK_WATCH, self._watch_lock)

    def _watch_lock(self) -> None:
        """Turn read-only as soon as another window takes the session over."""
        lock, conversation = self.session_lock, self.conversation
        if lock is None or conversation is None or kept(conversation).folder is None:
            return
        if lock.ours():
            lock.settle()  # after a takeover: the OS lock, once the other window lets it go
        else:
            self.taken_over()

    def taken_over(self) -> None:
        """Another window took the session over: stop saving, say so, offer what is unsaved."""
        from .screens.taken_over import turn_read_only

        turn_read_only(self)

    def guidance(self, page: str) -> str:
        """The text of a guidance page (read once), or a note that it cannot be read."""
        if page not in self._pages:
            try:
                self._pages[page] = (self.content_dir / page).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                return f"The guidance page `{page}` cannot be read: {error}"
        return self._pages[page]

    # -- sessions ---------------------------------------------------------------------------

    def start_new(self) -> None:
        """Begin a new session in the sessions folder."""
        conversation = Conversation(self.dialog)
        self._open(keep(conversation, session_folder(self.sessions_dir, conversation.session.id)))

    def resume_folder(self, folder: str | Path) -> None:
        """Open a saved session."""
        try:
            session = load_session(Path(folder), self.dialog)
        except SessionError as error:
            self.notify(str(error), severity="error", timeout=12, markup=False)
            return
        conversation, report = resume_in(self.dialog, session, Path(folder))
        self._messages = report.messages(self.dialog.meta.version)
        for message in self._messages:
            self.notify(message, severity="warning", timeout=12, markup=False)
        self._open(conversation)

    def open_conversation(self, conversation: Conversation) -> None:
        """Open a conversation started elsewhere (a check-in), once its folder is locked."""
        self._open(conversation)

    def _open(self, conversation: Conversation) -> None:
        from .screens.locked import open_with_lock

        open_with_lock(self, conversation, self._show, lambda: None)

    def _show(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.switch_screen(ConversationScreen(conversation))
        # Saved as the question is drawn, not before: the session on disk is as it was read
        # meanwhile, and the save (the notes too) no longer holds the screen back.
        self.call_after_refresh(self._save_opened, conversation)

    def _save_opened(self, conversation: Conversation) -> None:
        try:
            conversation.save()
        except SessionError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=15, markup=False)

    def show_notes(self, conversation: Conversation) -> None:
        """Show the end of the conversation: the summary and the notes."""
        from .screens.notes import NotesScreen

        self.push_screen(NotesScreen(conversation))

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("download_notes", "read_notes"):
            return self.conversation is not None  # no notes before a session is open
        return True

    def action_help(self) -> None:
        """Show the help screen."""
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_toggle_presenter(self) -> None:
        """Presenter mode: high contrast, more space, only the current question."""
        self._set_presenter(not self.presenter)

    def _set_presenter(self, on: bool) -> None:
        self.presenter = on
        # Someone who asked for no color (NO_COLOR) or the terminal's own (ANSI) colors
        # keeps them: presenter mode then changes only the layout.
        keep = self.no_color or self.theme.startswith("ansi-")
        if on and not keep:
            self._theme_before = self.theme
            self.theme = HIGH_CONTRAST.name
        elif not on and self.theme == HIGH_CONTRAST.name:
            self.theme = self._theme_before
        self.set_class(on, "presenter")

    def action_save_notes(self) -> None:
        """Save the meeting notes to a path the user chooses."""
        from .screens.save_notes import save_notes_as

        save_notes_as(self)

    def action_download_notes(self) -> None:
        """Hand the meeting notes over: a download in a browser, the downloads folder here."""
        from .downloads import OFFERS

        self.download(OFFERS[0])

    def action_read_notes(self) -> None:
        """The meeting notes as a web page: a new tab in a browser, an HTML file here.

        For whoever cannot read the terminal (a screen reader reads a page far better).
        """
        from .downloads import deliver, document_file

        if self.conversation is not None:
            deliver(self, document_file(self.conversation, "notes", "html"), view=True)

    def download(self, offer: Offer) -> None:
        """Hand a document over, started at once from the key or the click that asked.

        A browser drops a download that starts later (its pop-up blocker).
        """
        from .downloads import deliver

        if self.conversation is None:
            self.notify("Start or resume a session first.", severity="warning")
            return
        deliver(self, offer.make(self.conversation))

    @on(events.DeliveryComplete)
    def _delivered(self, event: events.DeliveryComplete) -> None:
        from .downloads import delivered

        delivered(self, event)

    @on(events.DeliveryFailed)
    def _not_delivered(self, event: events.DeliveryFailed) -> None:
        from .downloads import not_delivered

        not_delivered(self, event)

    async def action_quit(self) -> None:
        """Quit (asking first if an answer is typed; saving first if the last save failed)."""
        from .screens.save_elsewhere import quit_with_answers_saved

        screen = self.screen
        if isinstance(screen, ConversationScreen) and screen.typed_but_not_given():
            from .screens.confirm_quit import ConfirmQuitScreen

            screen.keep_draft_now()  # the pause after the last key may not have come
            saved = self.conversation is not None and kept(self.conversation).folder is not None

            def decided(quit_: bool | None) -> None:
                if quit_:
                    quit_with_answers_saved(self)

            self.push_screen(ConfirmQuitScreen(kept=saved), decided)
            return
        quit_with_answers_saved(self)

    def exit(
        self,
        result: Conversation | None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Quit; in a browser, the tab goes to a page that says what is saved and how to
        come back (textual-serve's own says only "Session ended")."""
        if self.is_web:
            from ..page import FAREWELL_PATH
            from .run import farewell_code

            code = farewell_code(result)
            self.open_url(f"{FAREWELL_PATH}?ended={code}", new_tab=False)
        super().exit(result, return_code, message)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from advisor_commands(self, screen)
