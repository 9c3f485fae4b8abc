"""A read-only folder, a full disk and a sessions path that is a file: said, and nothing lost.

Where the machine allows it (root, and `mount` permitted), the faults are real: a 64 kB
tmpfs is filled up, or remounted read-only, under a session in progress. Elsewhere the
same error is injected where the OS would raise it; each test says which it used (its
`disk` property, and printed with -s).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from keys import until
from textual.widgets import Input

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store import SESSION_FILE, SessionError, load_session
from srs_advisor.store.keeper import keep, kept
from srs_advisor.tui.app import AdvisorApp


class SmallDisk:
    """A folder on a 64 kB tmpfs when the machine allows one, else a plain folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir()
        try:
            mounted = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(path)],
                capture_output=True,
            )
            self.real = mounted.returncode == 0
        except OSError:  # no `mount` at all
            self.real = False
        self.kind = "a real 64 kB tmpfs" if self.real else "an injected OS error"

    def remount(self, mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.path)], check=True)

    def fill(self) -> Path:
        """Fill the disk to the last byte; the file that fills it."""
        filler = self.path / "filler"
        with filler.open("wb", buffering=0) as stream:
            try:
                while True:
                    stream.write(b"\0" * 1024)

            except OSError as error:
                assert error.errno == errno.ENOSPC
        return filler

    def unmount(self) -> None:
        if self.real:
            subprocess.run(["umount", "-l", str(self.path)], check=False)


@pytest.fixture
def disk(tmp_path: Path, record_property: pytest.RecordProperty) -> Iterator[SmallDisk]:
    """A small disk for one test; the test's `disk` property says whether it is real."""
    small = SmallDisk(tmp_path / "disk")
    record_property("disk", small.kind)
    print(f"disk faults on {small.kind}")
    yield small
    small.unmount()


def started(dialog: Dialog, folder: Path) -> Conversation:
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana, Lee and Sam")
    conversation.answer([{"name": "County Health", "sector": "public-health"}])
    return conversation


def refuse(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Make every new file fail the way the OS fails it with `code`."""

    def fail(*_: object, **__: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", fail)


async def test_a_folder_turned_read_only_mid_session_loses_nothing(
    dialog: Dialog, disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = disk.path / "s1"
    conversation = started(dialog, folder)
    if disk.real:
        disk.remount("ro")
    else:
        refuse(monkeypatch, errno.EROFS)
    app = AdvisorApp(dialog, content_dir(), disk.path, conversation)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        app.focused.value = "Share a nurse"
        await pilot.press("enter")
        await until(pilot, lambda: kept(conversation).unsaved)
        told = [n.message for n in app._notifications]
        assert any(
            m.startswith(f"Not saved: Cannot write to {folder}: Read-only file system")
            and m.endswith("Your answers are kept here; they are saved with the next answer.")
            for m in told
        ), (disk.kind, told)
    on_disk = load_session(folder)  # every acknowledged answer is there
    assert on_disk.answers["welcome.partners"][0]["name"] == "County Health"
    assert conversation.session.answers["welcome.idea"] == "Share a nurse"  # kept in memory
    if disk.real:
        disk.remount("rw")
    else:
        monkeypatch.undo()
    conversation.save()  # the folder is writable again: the answer kept is saved
    assert load_session(folder).answers["welcome.idea"] == "Share a nurse"


def test_a_disk_that_fills_mid_session_keeps_the_last_good_file(
    dialog: Dialog, disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = disk.path / "s1"
    conversation = started(dialog, folder)
    before = (folder / SESSION_FILE).read_bytes()
    filler = None
    if disk.real:
        filler = disk.fill()
    else:

        def full(_: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SessionError, match=f"Cannot save {folder / SESSION_FILE}: No space left"):
        conversation.answer("Share a nurse")
    assert (folder / SESSION_FILE).read_bytes() == before, disk.kind  # whole, and as it was
    assert not list(folder.glob(".*.tmp")), disk.kind  # the failed write cleaned up
    assert (
        kept(conversation).unsaved
        and conversation.session.answers["welcome.idea"] == "Share a nurse"
    )
    if filler is not None:
        filler.unlink()
    else:
        monkeypatch.undo()
    conversation.answer({"place": "Room 2"})  # room again: this save carries both answers
    saved = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
    assert saved["answers"]["welcome.idea"] == "Share a nurse"
    assert saved["answers"]["welcome.meeting"] == {"place": "Room 2"}
    assert not kept(conversation).unsaved


def test_a_sessions_path_that_is_a_file_is_said_plainly(dialog: Dialog, tmp_path: Path) -> None:
    plain = tmp_path / "sessions"
    plain.write_text("not a folder", encoding="utf-8")
    for command in (["sessions"], ["resume"]):
        result = subprocess.run(
            [sys.executable, "-m", "srs_advisor", "--sessions-dir", str(plain), *command],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode != 0
        assert f"{plain} is not a folder: sessions are saved in a folder." in result.stderr
    conversation = keep(Conversation(dialog), plain / "s1")
    with pytest.raises(SessionError, match=f"Cannot write to {plain / 's1'}: Not a directory"):
        conversation.answer()
    assert kept(conversation).unsaved
