"""Pre-work from the app: each partner's file to hand out, and the files brought back in.

Handing out is a download in a browser (one button per partner, so that each download
starts from its own click, as a browser requires) and a new file in the downloads folder
in a terminal. Bringing files in reads files by their path, so it is offered in a
terminal only: a path typed in a browser tab would name a file on the server.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Static

from ...engine.answers import AnswerError
from ...engine.conversation import Conversation
from ...engine.prework import form_for
from ...engine.prework_divergence import divergences
from ...engine.prework_merge import Conflict, MergePlan, apply_merge
from ...store import SessionError
from ...store.prework import file_name, page_reader, plan_files, prework_text
from ..downloads import Document, deliver
from ..shown import SHOWN_NAME, SafeInput, shown, visible

if TYPE_CHECKING:
    from ..app import AdvisorApp

TOML = "application/toml"

Settle = Literal["replace", "keep"] | None
"""How conflicts are settled: the files' answers, the session's, or nothing merged."""


def prework_files(app: AdvisorApp, conversation: Conversation) -> list[tuple[str, Document]]:
    """Each partner's pre-work file: the partner's name and the file."""
    pages = page_reader(app.content_dir)
    taken: set[str] = set()
    files = []
    for partner in conversation.partners:
        name = file_name(partner.name, partner.id, taken)
        text = prework_text(app.dialog, form_for(conversation, partner), pages, name)
        files.append((partner.name, Document(name, text.encode("utf-8"), TOML)))
    return files


class PreworkFilesScreen(ModalScreen[None]):
    """A button per partner, each handing that partner's pre-work file over."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, files: list[tuple[str, Document]]) -> None:
        super().__init__()
        self.files = files

    def compose(self) -> ComposeResult:
        where = (
            "Each button downloads that partner's file"
            if self.app.is_web
            else "Each button saves that partner's file in your downloads folder"
        )
        with Vertical(classes="dialog", id="prework-files"):
            yield Static("Pre-work files for the partners", classes="dialog-title")
            yield Static(
                shown(
                    f"{where}. Send each partner its own, to fill in with a text editor or "
                    "`srs-advisor prework --fill FILE`; then bring them in (F9, Bring in "
                    "pre-work files)."
                )
            )
            with VerticalScroll(id="prework-buttons"):
                for number, (partner, document) in enumerate(self.files):
                    label = f"{visible(partner, SHOWN_NAME, multiline=False)}: {document.filename}"
                    yield Button(
                        shown(label), id=f"partner-{number}", classes="prework-file", compact=True
                    )
            with Horizontal(classes="confirm-buttons"):
                yield Button("Close", id="close", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for first in self.query(".prework-file"):
            first.focus()
            break

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button == "close":
            self.dismiss(None)
            return
        from ..app import AdvisorApp

        app = self.app
        if button.startswith("partner-") and isinstance(app, AdvisorApp):
            # From the click's own handler: a browser drops a download started later.
            deliver(app, self.files[int(button.removeprefix("partner-"))][1])

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)


class ConflictsScreen(ModalScreen[Settle]):
    """Some answers in the files would replace answers the session holds: which to take."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        listed = "\n".join(f"• {c.sentence()}" for c in self.conflicts)
        count = len(self.conflicts)
        with Vertical(classes="dialog", id="prework-conflicts"):
            yield Static(
                f"{count} answer{'s' if count != 1 else ''} in the files would replace what "
                "the session holds",
                classes="dialog-title",
            )
            with VerticalScroll(id="conflict-list"):
                yield Static(shown(listed))
            yield Static(
                "Keep the session's answers there (the rest of the files is merged), use "
                "the files' answers, or merge nothing."
            )
            with Horizontal(classes="confirm-buttons"):
                yield Button("Keep the session's", id="keep", variant="primary")
                yield Button("Use the files'", id="replace", variant="warning")
                yield Button("Merge nothing", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        self.dismiss("replace" if choice == "replace" else "keep" if choice == "keep" else None)

    def action_cancel(self) -> None:
        """Merge nothing."""
        self.dismiss(None)


def paths_in(text: str) -> list[Path]:
    """The files named in `text` (quoted as a shell quotes), a folder's `*.toml` files.

    Raises:
        ValueError: the quotes do not close.
    """
    paths: list[Path] = []
    for word in shlex.split(text):
        path = Path(word).expanduser()
        if path.is_dir():
            paths.extend(sorted(p for p in path.glob("*.toml") if p.is_file()))
        else:
            paths.append(path)
    return paths


class MergePreworkScreen(ModalScreen[bool]):
    """Asks for the partners' pre-work files; merges them, or says why not (nothing lost)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, conversation: Conversation, suggested: Path) -> None:
        super().__init__()
        self.conversation = conversation
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="merge-prework"):
            yield Static("Bring in the partners' pre-work files", classes="dialog-title")
            yield Static(
                "The files (separated by spaces; quote a name that holds one), or a folder "
                "holding them:"
            )
            yield SafeInput(str(self.suggested), id="prework-paths")
            yield Static(id="merge-problems", markup=False)
            yield Static("Enter merges; Escape cancels.", classes="input-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#merge-problems", Static).display = False

    def _problem(self, text: str) -> None:
        problems = self.query_one("#merge-problems", Static)
        problems.update(shown(text))
        problems.display = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            paths = paths_in(event.value)
        except ValueError as error:
            self._problem(f"Those names cannot be read: {error}.")
            return
        if not paths:
            self._problem("Name at least one pre-work file, or a folder that holds them.")
            return
        plan = plan_files(self.conversation, paths)
        if plan.refusals:
            lines = [f"Not merged: {r.source}: {r.reason}." for r in plan.refusals]
            lines.append("Nothing was merged: the session and every file are as they were.")
            self._problem("\n".join(lines))
            return
        if not plan.conflicts:
            self._merge(plan, replace=False)
            return

        def settled(choice: Settle) -> None:
            if choice is None:
                self._problem("Nothing was merged.")
                self.query_one("#prework-paths", Input).focus()
            else:
                self._merge(plan, replace=choice == "replace")

        self.app.push_screen(ConflictsScreen(plan.conflicts), settled)

    def _merge(self, plan: MergePlan, *, replace: bool) -> None:
        files = {source: Path(source).name for source in plan.partners}
        now = datetime.now(UTC).replace(microsecond=0)
        try:
            apply_merge(self.conversation, plan, files, replace=replace, now=now)
        except AnswerError as error:
            self._problem(f"Nothing was merged: {error}")
            return
        except SessionError as error:  # merged in memory; the next save tries again
            self.notify(
                visible(f"Merged, but not saved: {error}"),
                severity="error",
                timeout=15,
                markup=False,
            )
        partners = ", ".join(plan.partners.values())
        differ = [d for d in divergences(self.conversation) if d.differ]
        said = f"Merged the pre-work of {partners}."
        if differ:
            titles = ", ".join(d.step.title for d in differ)
            said += (
                f" The partners differ on {titles}: each question lists their answers, and "
                "starts at the most cautious where the meeting has yet to answer."
            )
        self.notify(visible(said), timeout=15, markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without merging."""
        self.dismiss(False)


def merge_prework(app: AdvisorApp) -> None:
    """Ask for pre-work files and merge them into the session on screen (in a terminal)."""
    conversation = app.conversation
    if conversation is None:
        app.notify("Start or resume a session first.", severity="warning")
        return
    if not conversation.partners:
        app.notify("Name the partners first: each file is one partner's.", severity="warning")
        return

    def merged(done: bool | None) -> None:
        if done:
            redraw(app.screen)

    app.push_screen(MergePreworkScreen(conversation, Path.cwd()), merged)


def redraw(screen: Screen[object]) -> None:
    """Draw the screen again from the engine, after a merge changed the session."""
    from .conversation import ConversationScreen

    if isinstance(screen, ConversationScreen):
        screen.show_step()
    else:
        screen.refresh(recompose=True)


def hand_out_prework(app: AdvisorApp) -> None:
    """Offer each partner's pre-work file (a download in a browser)."""
    conversation = app.conversation
    if conversation is None:
        app.notify("Start or resume a session first.", severity="warning")
        return
    if not conversation.partners:
        app.notify(
            "Name the partners first (the partner organizations question): each gets a file.",
            severity="warning",
        )
        return
    app.push_screen(PreworkFilesScreen(prework_files(app, conversation)))


def prework_commands(app: AdvisorApp) -> Iterator[SystemCommand]:
    """The pre-work commands for the palette, while a session is open."""
    if app.conversation is None:
        return
    yield SystemCommand(
        "Pre-work files for the partners",
        "A file per partner to answer before the meeting: success factors, goals, benefits, "
        "success, point of contact",
        lambda: hand_out_prework(app),
    )
    if not app.is_web:  # reading files by their path: the server's, in a browser
        yield SystemCommand(
            "Bring in pre-work files",
            "Merge the partners' filled-in pre-work files into this session",
            lambda: merge_prework(app),
        )
