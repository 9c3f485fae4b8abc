"""In a browser every save is a download; in a terminal no save replaces a session's files.

A browser user (`srs-advisor serve`) is a stranger to the server: nothing typed in a tab
may name a file there. The app is told it is in a browser as textual-serve tells it
(`is_web`), and its downloads land in a folder of the test's, as the browser's would.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from keys import until
from textual import events
from textual.widgets import Button, Input, Static

import srs_advisor.tui.app as app_module
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep, kept
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.commands import advisor_commands
from srs_advisor.tui.screens.save_elsewhere import SaveElsewhereScreen
from srs_advisor.tui.screens.save_notes import SaveNotesScreen

PARTNERS = [{"name": "County Health", "sector": "public-health"}]


def at_idea(dialog: Dialog, folder: Path) -> Conversation:
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    conversation.answer(PARTNERS)
    return conversation


class InABrowser(AdvisorApp):
    """The advisor as a browser tab runs it; what it hands over lands in `downloads`."""

    CSS_PATH = str(Path(app_module.__file__).parent / AdvisorApp.CSS_PATH)  # type: ignore[operator]

    def __init__(self, *args: Any, downloads: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.downloads = downloads

    @property
    def is_web(self) -> bool:
        return True

    def deliver_binary(self, path_or_file: Any, **options: Any) -> str | None:
        """What textual-serve and the browser do: the file lands in the browser's folder."""
        key = uuid.uuid4().hex
        path = self.downloads / options["save_filename"]
        path.write_bytes(path_or_file.read())
        self.post_message(events.DeliveryComplete(key=key, path=path))
        return key


def notices(app: AdvisorApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def screen_text(app: AdvisorApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The server's working folder (where a path typed in the app would land): empty."""
    folder = tmp_path / "server-cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


async def test_f4_on_the_notes_screen_downloads_the_notes_in_a_browser(
    dialog: Dialog, tmp_path: Path, here: Path
) -> None:
    downloads = tmp_path / "browser-downloads"
    downloads.mkdir()
    conversation = at_idea(dialog, tmp_path / "s1")
    app = InABrowser(dialog, content_dir(), tmp_path, conversation, downloads=downloads)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.conversation is not None and app.focused is not None)
        app.show_notes(conversation)
        await until(pilot, lambda: bool(app.screen.query("#notes-text")))
        await pilot.press("f4")
        await until(pilot, lambda: "Downloaded" in notices(app))
        assert not isinstance(app.screen, SaveNotesScreen)  # no path asked for
        assert not app.screen.query(Input)
    name = f"srs-advisor-notes-{conversation.session.id}.md"
    assert f"Downloaded {name}" in notices(app)
    notes = (downloads / name).read_text(encoding="utf-8")
    assert notes.startswith("# Service and resource sharing plan: meeting notes")
    assert "County Health" in notes
    assert list(here.iterdir()) == []  # nothing written on the server by the save


async def test_the_palette_offers_no_path_in_a_browser_and_its_save_downloads(
    dialog: Dialog, tmp_path: Path, here: Path
) -> None:
    downloads = tmp_path / "browser-downloads"
    downloads.mkdir()
    conversation = at_idea(dialog, tmp_path / "s1")
    app = InABrowser(dialog, content_dir(), tmp_path, conversation, downloads=downloads)
    terminal = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path / "s2"))
    async with terminal.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: terminal.conversation is not None)
        in_terminal = [c.title for c in advisor_commands(terminal, terminal.screen)]
    assert "Save notes to…" in in_terminal
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.conversation is not None and app.focused is not None)
        titles = [c.title for c in advisor_commands(app, app.screen)]
        assert "Save notes to…" not in titles and "Download the notes" in titles
        app.action_save_notes()  # however it is reached (a key, a click), it downloads
        await until(pilot, lambda: "Downloaded" in notices(app))
        assert not isinstance(app.screen, SaveNotesScreen)
    assert (downloads / f"srs-advisor-notes-{conversation.session.id}.md").is_file()
    assert list(here.iterdir()) == []


async def test_a_refused_save_in_a_browser_offers_downloads_not_a_server_folder(
    dialog: Dialog, tmp_path: Path, here: Path
) -> None:
    (tmp_path / "sessions").write_text("not a folder")  # every save fails
    conversation = keep(Conversation(dialog), tmp_path / "sessions" / "s1")
    downloads = tmp_path / "browser-downloads"
    downloads.mkdir()
    app = InABrowser(dialog, content_dir(), tmp_path, conversation, downloads=downloads)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("enter")  # an answer the app cannot save
        await until(pilot, lambda: kept(conversation).unsaved)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, SaveElsewhereScreen))
        await until(pilot, lambda: bool(app.screen.query(Button)))
        assert not app.screen.query(Input)  # no folder to type: it would be the server's
        shown = screen_text(app)
        assert str(Path.home()) not in shown
        assert "download the notes or the session file" in shown
        await pilot.click("#session")
        await until(pilot, lambda: "Downloaded" in notices(app))
        await pilot.click("#notes")
        await until(pilot, lambda: notices(app).count("Downloaded") == 2)
        assert isinstance(app.screen, SaveElsewhereScreen)  # still there: quit when done
        await pilot.click("#quit")
        await until(pilot, lambda: not app.is_running)
    session_id = conversation.session.id
    downloaded = json.loads((downloads / f"srs-advisor-session-{session_id}.json").read_text())
    assert downloaded["id"] == session_id and downloaded["history"] == ["welcome.intro"]
    notes = (downloads / f"srs-advisor-notes-{session_id}.md").read_text(encoding="utf-8")
    assert notes.startswith("# Service and resource sharing plan: meeting notes")
    assert list(here.iterdir()) == [] and not (Path.home() / "srs-advisor" / session_id).exists()


async def test_in_a_terminal_no_save_replaces_another_session_s_files(
    dialog: Dialog, tmp_path: Path
) -> None:
    sessions = tmp_path / "sessions"
    other = at_idea(dialog, sessions / "other")
    theirs = kept(other).folder
    assert theirs is not None
    own = {name: (theirs / name).read_bytes() for name in ("session.json", "transcript.md")}
    app = AdvisorApp(dialog, content_dir(), sessions, at_idea(dialog, sessions / "mine"))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.conversation is not None and app.focused is not None)
        for name in own:
            app.action_save_notes()
            await until(
                pilot, lambda: isinstance(app.screen, SaveNotesScreen) and app.screen.query(Input)
            )
            app.screen.query_one(Input).value = str(theirs / name)
            await pilot.press("enter")
            await until(pilot, lambda: "own files" in notices(app))
            assert isinstance(app.screen, SaveNotesScreen)  # still asking: choose another
            said = notices(app)
            assert f"Not saved: {theirs / name} is one of the session's own files" in said
            app.clear_notifications()
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, SaveNotesScreen))
        # Elsewhere, the same name is fine.
        app.action_save_notes()
        await until(
            pilot, lambda: isinstance(app.screen, SaveNotesScreen) and app.screen.query(Input)
        )
        app.screen.query_one(Input).value = str(tmp_path / "elsewhere" / "session.json")
        await pilot.press("enter")
        await until(pilot, lambda: "Notes saved to" in notices(app))
    for name, data in own.items():
        assert (theirs / name).read_bytes() == data, name
    assert (tmp_path / "elsewhere" / "session.json").read_text().startswith("# Service")


async def test_in_a_terminal_saving_elsewhere_never_replaces_a_session_there(
    dialog: Dialog, tmp_path: Path
) -> None:
    (tmp_path / "sessions").write_text("not a folder")  # every save fails
    conversation = keep(Conversation(dialog), tmp_path / "sessions" / "s1")
    elsewhere = tmp_path / "elsewhere"
    taken = at_idea(dialog, elsewhere / conversation.session.id)
    assert kept(taken).folder is not None
    before = (kept(taken).folder / "session.json").read_bytes()
    app = AdvisorApp(dialog, content_dir(), tmp_path / "sessions", conversation)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("enter")
        await until(pilot, lambda: kept(conversation).unsaved)
        await pilot.press("f10")
        await until(
            pilot,
            lambda: isinstance(app.screen, SaveElsewhereScreen) and bool(app.screen.query(Input)),
        )
        app.screen.query_one(Input).value = str(elsewhere)
        await pilot.press("enter")
        await until(pilot, lambda: "holds a session already" in notices(app))
        assert app.is_running
    assert (kept(taken).folder / "session.json").read_bytes() == before
