"""Keys a browser tab passes through, the clickable key bar, and downloading the notes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from keys import type_text, until
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Static
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.export import export
from srs_advisor.notes.transcript import render_transcript
from srs_advisor.resources import content_dir
from srs_advisor.store import load_session
from srs_advisor.store.keeper import keep
from srs_advisor.tui import downloads
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.confirm import ConfirmScreen
from srs_advisor.tui.screens.conversation import ConversationScreen
from srs_advisor.tui.screens.help import HelpScreen
from srs_advisor.tui.screens.locked import LockedScreen
from srs_advisor.tui.screens.notes import NotesScreen
from srs_advisor.tui.screens.review import ReviewScreen
from srs_advisor.tui.screens.save_elsewhere import SaveElsewhereScreen
from srs_advisor.tui.screens.save_notes import SaveNotesScreen
from srs_advisor.tui.screens.start import StartScreen
from srs_advisor.tui.widgets.keybar import KeyBar

PARTNERS = [{"name": "County Health", "sector": "public-health"}]

BROWSER_KEEPS = {
    # Taken by the browser whatever the page does (new window, tab, close, quit)...
    "ctrl+n", "ctrl+t", "ctrl+w", "ctrl+q",
    # ...or whenever the page does not claim the key first: not to be relied on.
    "ctrl+l", "ctrl+r", "ctrl+p", "ctrl+s", "ctrl+f", "ctrl+d", "ctrl+h", "ctrl+j",
    "ctrl+k", "ctrl+o", "ctrl+u", "ctrl+e", "f5", "f11", "f12",
}  # fmt: skip
"""Keys a browser tab (Chrome, Firefox, Edge) may keep for itself."""

SCREENS: list[type[Screen[Any]]] = [
    ConversationScreen,
    StartScreen,
    NotesScreen,
    ReviewScreen,
    HelpScreen,
    SaveNotesScreen,
    ConfirmScreen,
    LockedScreen,
    SaveElsewhereScreen,
]


def bindings_of(owner: type[Any]) -> list[Binding]:
    return [b for b in owner.BINDINGS if isinstance(b, Binding)]


@pytest.mark.parametrize("owner", [AdvisorApp, *SCREENS], ids=lambda o: o.__name__)
def test_every_action_has_a_key_a_browser_passes_through(owner: type[Any]) -> None:
    for binding in bindings_of(owner):
        keys = set(binding.key.split(","))
        assert keys - BROWSER_KEEPS, f"{owner.__name__}: {binding.action} has only {keys}"
        if binding.show and binding.key_display:  # the key shown is one that works anywhere
            assert binding.key_display.lower().replace("^", "ctrl+") not in BROWSER_KEEPS


def test_the_terminal_keys_stay_as_aliases() -> None:
    keys = {k for b in bindings_of(ConversationScreen) for k in b.key.split(",")}
    assert {"ctrl+s", "ctrl+b", "ctrl+n", "ctrl+l", "ctrl+r", "ctrl+g"} <= keys
    app_keys = {k for b in bindings_of(AdvisorApp) for k in b.key.split(",")}
    assert {"ctrl+p", "ctrl+q", "f9", "f10"} <= app_keys
    assert AdvisorApp.COMMAND_PALETTE_BINDING not in BROWSER_KEEPS


def conversation_at(dialog: Dialog, folder: Path, step_id: str) -> Conversation:
    conversation = keep(Conversation(dialog), folder)
    return walk_to(conversation, step_id, {"welcome.partners": PARTNERS})


def prompt(app: AdvisorApp) -> str:
    return str(app.screen.query_one("#prompt").render())


async def test_a_conversation_by_the_function_keys(dialog: Dialog, tmp_path: Path) -> None:
    app = AdvisorApp(
        dialog, content_dir(), tmp_path, conversation_at(dialog, tmp_path, "welcome.idea")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await type_text(pilot, "Share a nurse")
        await pilot.press("f3")  # answer
        await until(pilot, lambda: prompt(app) == dialog.step("welcome.meeting").prompt)
        await pilot.press("f3")  # the meeting details: all optional, answered empty
        await until(pilot, lambda: prompt(app) == dialog.step("readiness.intro").prompt)
        await pilot.press("f3")  # an info page: go on
        await until(pilot, lambda: app.conversation.current.id != "readiness.intro")  # type: ignore[union-attr]
        first = app.conversation.current.id  # type: ignore[union-attr]
        await pilot.press("f7")  # unsure, discuss later
        await until(pilot, lambda: app.conversation.current.id != first)  # type: ignore[union-attr]
        second = app.conversation.current.id  # type: ignore[union-attr]
        await pilot.press("f4")  # skip
        await until(pilot, lambda: app.conversation.current.id != second)  # type: ignore[union-attr]
        await pilot.press("f8")  # review
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("f8")  # and close it
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("f9")  # the command palette
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("f10")  # quit
        await until(pilot, lambda: not app.is_running)
    session = load_session(tmp_path)
    assert session.answers["welcome.idea"] == "Share a nurse"
    assert session.parked == [first]
    assert second in session.skipped


def bar_offset(bar: KeyBar, label: str) -> int:
    """Where `label`'s entry starts on the bar (after its one-cell padding)."""
    return 1 + str(bar.render()).index(label)


async def test_clicking_the_key_bar_runs_the_key(dialog: Dialog, tmp_path: Path) -> None:
    app = AdvisorApp(
        dialog, content_dir(), tmp_path, conversation_at(dialog, tmp_path, "readiness.objectives")
    )
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        bar = app.screen.query_one(KeyBar)
        assert [k.action for k in bar.keys if k.label in ("Skip", "Review", "Help", "Quit")] == [
            "screen.skip",
            "screen.review",
            "app.help",
            "app.quit",
        ]
        await pilot.click(KeyBar, offset=(bar_offset(bar, "Later"), 0))
        await until(pilot, lambda: app.conversation.current.id != "readiness.objectives")  # type: ignore[union-attr]
        await pilot.click(KeyBar, offset=(bar_offset(bar, "Review"), 0))
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.click(KeyBar, offset=(bar_offset(bar, "Commands"), 0))
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
    assert load_session(tmp_path).parked == ["readiness.objectives"]


async def test_download_in_a_terminal_saves_a_new_file_each_time(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    downloads_folder = tmp_path / "Downloads"
    monkeypatch.setattr(downloads, "user_downloads_path", lambda: downloads_folder)
    conversation = conversation_at(dialog, tmp_path / "session", "readiness.objectives")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    name = f"srs-advisor-notes-{conversation.session.id}.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("f6")
        await until(pilot, lambda: (downloads_folder / name).exists())
        await pilot.press("f6")
        again = downloads_folder / f"srs-advisor-notes-{conversation.session.id} (2).md"
        await until(pilot, lambda: again.exists())
        told = [n.message for n in app._notifications]
    notes = render_transcript(conversation)
    assert (downloads_folder / name).read_text(encoding="utf-8") == notes
    assert again.read_text(encoding="utf-8") == notes
    assert f"Saved to {downloads_folder / name}" in told


async def test_a_download_that_cannot_be_written_says_so_and_leaves_nothing(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    downloads_folder = tmp_path / "Downloads"
    downloads_folder.mkdir()
    monkeypatch.setattr(downloads, "user_downloads_path", lambda: downloads_folder)

    class Full(io.BufferedWriter):
        def write(self, data: Any) -> int:
            raise OSError(28, "No space left on device")

    def full_disk(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return Full(io.FileIO(path, mode.replace("b", "")))  # the file is made; then full

    monkeypatch.setattr(downloads, "open", full_disk, raising=False)
    conversation = conversation_at(dialog, tmp_path / "session", "readiness.objectives")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    name = f"srs-advisor-notes-{conversation.session.id}.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("f6")
        await until(pilot, lambda: bool(app._notifications))
        told = [n.message for n in app._notifications]
    assert told == [
        f"{name} could not be saved in {downloads_folder}: No space left on device. The "
        "session is saved; try again, or save the notes to another path (F9)."
    ]
    assert list(downloads_folder.iterdir()) == []  # no half-written file


async def test_the_notes_screen_downloads_the_notes(
    dialog: Dialog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    example_answers: dict[str, Any],
) -> None:
    downloads_folder = tmp_path / "Downloads"
    monkeypatch.setattr(downloads, "user_downloads_path", lambda: downloads_folder)
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path / "session"), "summary.wrap_up", example_answers
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NotesScreen))
        bar = str(app.screen.query_one(KeyBar).render())
        assert "F6 Download the notes" in bar
        await pilot.press("f6")
        await until(pilot, lambda: any(downloads_folder.glob("*.md")))
    (saved,) = downloads_folder.glob("*.md")
    assert saved.read_text(encoding="utf-8") == render_transcript(conversation)
    assert "## " in saved.read_text(encoding="utf-8")  # the whole notes, not a stub


def test_the_notes_file_is_markdown_named_after_the_session(dialog: Dialog, tmp_path: Path) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    document = downloads.notes_file(conversation)
    assert document.filename == f"srs-advisor-notes-{conversation.session.id}.md"
    assert document.mime == "text/markdown; charset=utf-8"
    assert document.data.decode("utf-8") == render_transcript(conversation)


def test_every_offer_is_the_export_of_its_document(
    dialog: Dialog, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    conversation = walk_to(keep(Conversation(dialog), tmp_path), "summary.wrap_up", example_answers)
    offered = {offer.title: offer.make(conversation) for offer in downloads.OFFERS}
    assert len(offered) == 6
    for what in ("notes", "agreement"):
        for fmt in ("md", "html", "docx"):
            name = f"srs-advisor-{what}-{conversation.session.id}.{fmt}"
            (document,) = [d for d in offered.values() if d.filename == name]
            exported = export(conversation, what, fmt)
            assert document.mime == exported.mime
            if fmt != "docx":  # a Word file carries the time it was made
                assert document.data == exported.data
            else:
                assert document.data[:2] == b"PK"  # a zip, as every .docx is


async def test_the_command_palette_offers_the_download(dialog: Dialog, tmp_path: Path) -> None:
    app = AdvisorApp(
        dialog, content_dir(), tmp_path, conversation_at(dialog, tmp_path, "welcome.idea")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        titles = [c.title for c in app.get_system_commands(app.screen)]
    assert "Download the notes" in titles
    start = AdvisorApp(dialog, content_dir(), tmp_path)
    async with start.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(start.screen, StartScreen))
        titles = [c.title for c in start.get_system_commands(start.screen)]
    assert "Download the notes" not in titles  # no session open: no notes yet


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_notes_screen_keeps_quit_and_commands_in_view(
    dialog: Dialog, tmp_path: Path, example_answers: dict[str, Any], size: tuple[int, int]
) -> None:
    # Textual's Footer cut "F10 Quit" off at 80 columns on the notes screen.
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path / "session"), "summary.wrap_up", example_answers
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NotesScreen))
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        shown = str(bar.render())
        assert len(shown) <= bar.content_size.width
        for entry in ("^b Back", "F6 Download the notes", "F4 Save notes as…", "F1 Help"):
            assert entry in shown, shown
        assert shown.endswith("F9 Commands F10 Quit"), shown
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "Readiness: 5 gaps. Action items: 6." in summary
        await pilot.click(KeyBar, offset=(bar_offset(bar, "Save notes as…"), 0))
        await until(pilot, lambda: isinstance(app.screen, SaveNotesScreen))
