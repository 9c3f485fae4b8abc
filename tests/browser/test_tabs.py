"""Tabs that end, reload and compete, in a real browser: the farewell page, what was typed
brought back after a reload, and one tab taking a session over from another."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, browser, find_chromium, served, wait_for
from on_disk import saved

from srs_advisor.dialog import Dialog
from srs_advisor.store import SessionLock, SessionLocked

CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (CI installs it)",
)

PARTNER = "Riverside [General] Hospital"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A served advisor, its sessions in `tmp_path/sessions`; yields its address."""
    with served(tmp_path / "sessions", tmp_path / "server.log") as url:
        yield url


@contextlib.contextmanager
def tab_on(url: str, folder: Path) -> Iterator[Browser]:
    """A headless Chromium with one tab on `url`; its downloads go to `folder/downloads`."""
    assert CHROMIUM is not None, "chromium is not installed"
    (folder / "downloads").mkdir(parents=True)
    with browser(CHROMIUM, folder / "profile") as opened:
        opened.open(url, folder / "downloads")
        yield opened


def page_text(tab: Browser) -> str:
    """The text of the page (not of the terminal): what a plain web page shows."""
    return str(tab.evaluate("document.body ? document.body.innerText : ''") or "")


def to_the_partner_list(tab: Browser, dialog: Dialog, sessions: Path) -> None:
    """Begin a session and answer up to the partner list."""
    tab.wait_for_text("Start a new session")
    tab.focus()
    tab.press("F3")
    while (current := wait_for(lambda: saved(sessions).get("current"), "a session")) != (
        "welcome.partners"
    ):
        tab.wait_for_text(dialog.step(current).prompt[:40])
        if current == "welcome.participants":
            tab.type("Dana Lee")
        tab.press("F3")
        wait_for(lambda: saved(sessions).get("current") != current, f"an answer to {current}")
    tab.wait_for_text(dialog.step("welcome.partners").prompt[:40])


def lock_free(folder: Path) -> bool:
    """Whether no advisor has the session in `folder` open (a closed tab's has ended)."""
    lock = SessionLock(folder)
    try:
        lock._lock(wait=False)  # the OS lock alone: taking it claims nothing
    except SessionLocked:
        return False
    lock.release()
    return True


def test_the_page_is_named_and_readable_and_quitting_ends_on_a_farewell(
    server: str, tmp_path: Path, dialog: Dialog
) -> None:
    sessions = tmp_path / "sessions"
    with tab_on(server, tmp_path / "one") as tab:
        tab.wait_for_text("Start a new session")
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert tab.evaluate("document.title").startswith("srs-advisor")
        icon = tab.evaluate("document.querySelector('link[rel=icon]').href")
        assert icon.startswith("data:image/svg+xml,")
        # The terminal's screen-reader mode: its rows as text a screen reader reads.
        assert tab.evaluate("window.srsTerminal.options.screenReaderMode") is True
        wait_for(
            lambda: (
                "Start a new session"
                in (tab.evaluate("document.querySelector('.xterm-accessibility-tree').innerText"))
            ),
            "the rows in the accessibility tree",
        )
        to_the_partner_list(tab, dialog, sessions)
        # Shift+F6: the notes as a web page, in a new tab, for whoever cannot read a terminal.
        shift_f6 = {"key": "F6", "code": "F6", "windowsVirtualKeyCode": 117, "modifiers": 8}
        tab.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **shift_f6})
        tab.send("Input.dispatchKeyEvent", {"type": "keyUp", **shift_f6})
        notes = wait_for(
            lambda: [
                t
                for t in tab.send("Target.getTargets", session=None)["targetInfos"]
                if t["type"] == "page" and "/download/" in t["url"]
            ],
            "the notes in a new tab",
        )[0]
        attached = tab.send(
            "Target.attachToTarget", {"targetId": notes["targetId"], "flatten": True}, session=None
        )

        def notes_text() -> str:
            result = tab.send(
                "Runtime.evaluate",
                {"expression": "document.body ? document.body.innerText : ''"},
                session=attached["sessionId"],
            )
            return str(result.get("result", {}).get("value") or "")

        assert "Dana Lee" in wait_for(lambda: "Dana Lee" in notes_text() and notes_text(), "notes")
        tab.send("Target.closeTarget", {"targetId": notes["targetId"]}, session=None)
        tab.focus()
        tab.press("F10")  # nothing typed: it quits at once
        wait_for(lambda: "/farewell" in tab.evaluate("location.href"), "the farewell page")
        text = wait_for(lambda: page_text(tab), "the farewell's text")
        assert "Your answers are saved" in text
        assert "Every answer was saved as it was given." in text
        assert "open the advisor again and choose it on the start screen" in text
        assert "downloads folder" in text
        assert "Session ended" not in text
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert saved(sessions)["answers"]["welcome.participants"] == "Dana Lee"
        # The link opens the advisor again, and the session is there to resume.
        tab.evaluate("document.querySelector('a').click()")
        tab.wait_for_text("Start a new session")
        tab.wait_for_text("1 answer, at Welcome: Partner organizations")


def test_a_partner_typed_but_not_added_is_there_after_a_reload(
    server: str, tmp_path: Path, dialog: Dialog
) -> None:
    sessions = tmp_path / "sessions"
    with tab_on(server, tmp_path / "one") as tab:
        to_the_partner_list(tab, dialog, sessions)
        tab.type(PARTNER)  # not added: no Enter, no sector
        wait_for(
            lambda: (
                saved(sessions).get("drafts", {}).get("welcome.partners", {}).get("typed")
                == PARTNER
            ),
            "the draft on disk",
        )
        tab.send("Page.reload")  # the tab's advisor ends with the page
        tab.wait_for_text("Start a new session")
        folder = next(sessions.iterdir())
        wait_for(lambda: lock_free(folder), "the reloaded tab's advisor to end")
        tab.focus()
        tab.press("Tab", "Enter")  # the newest saved session
        screen = tab.wait_for_text("Restored: this was typed here before")
        assert PARTNER in screen  # in the name field, as typed
        tab.type(" East")  # typing goes on after it, not over it
        tab.press("Enter")  # no sector yet: the sector list takes the focus
        tab.wait_for_text(f"Pick a sector for {PARTNER} East")
        tab.press("Enter")
        tab.wait_for_text("Health care")
        sectors = [s.value for s in dialog.meta.sectors]
        tab.press(*["ArrowDown"] * (sectors.index("health-care") + 1), "Enter")
        tab.wait_for_text(f"{PARTNER} East  (Health care)")
        tab.press("F3")
        wait_for(lambda: saved(sessions).get("current") == "welcome.idea", "the answer")
        on_disk = saved(sessions)
        assert [p["name"] for p in on_disk["answers"]["welcome.partners"]] == [f"{PARTNER} East"]
        assert on_disk["drafts"] == {}


def test_a_second_tab_takes_the_session_over_and_the_first_turns_read_only(
    server: str, tmp_path: Path, dialog: Dialog
) -> None:
    sessions = tmp_path / "sessions"
    with tab_on(server, tmp_path / "one") as first:
        to_the_partner_list(first, dialog, sessions)
        first.type(PARTNER)  # typed in the first tab, not added
        wait_for(lambda: saved(sessions).get("drafts"), "the first tab's draft on disk")
        # Opened now, its start screen lists the session the first tab has open.
        with tab_on(server, tmp_path / "two") as second:
            second.wait_for_text("Start a new session")
            second.focus()
            second.press("Tab", "Enter")  # the session the first tab has open
            second.wait_for_text("This session is open in another window")
            second.press("Tab", "Enter")  # Take it over
            # The second tab starts from the session as saved: the first tab's typing too.
            screen = second.wait_for_text("Restored: this was typed here before")
            assert PARTNER in screen
            # The first tab is told without a key pressed, and offers what it had not saved.
            first.wait_for_text("Another window took this session over.")
            first.wait_for_text("Download what was not saved")
            first.press("Enter")
            (file,) = wait_for(
                lambda: list((tmp_path / "one" / "downloads").glob("*.txt")), "the download"
            )
            text = wait_for(lambda: file.read_text(encoding="utf-8"), "the download's text")
            assert PARTNER in text and "typed here, not yet answered" in text
            first.wait_for_text("read-only: taken over")
            # The second tab saves; what the first does now is never written.
            second.press("Enter")  # the sector list
            second.wait_for_text(f"Pick a sector for {PARTNER}")
            second.press("Enter", "ArrowDown", "Enter")
            second.wait_for_text(f"{PARTNER}  (")
            second.press("F3")
            wait_for(
                lambda: saved(sessions).get("current") == "welcome.idea", "the second's answer"
            )
            before = saved(sessions)
            first.press("F10")
            first.wait_for_text("this window saves nothing")  # the name typed there is not kept
            first.press("Tab", "Enter")  # Quit
            wait_for(lambda: "/farewell" in first.evaluate("location.href"), "the farewell page")
            farewell = wait_for(lambda: page_text(first), "the farewell's text")
            assert "Another window took this session over" in farewell
            assert saved(sessions) == before
