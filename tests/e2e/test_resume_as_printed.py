"""The command printed on quitting resumes the session, typed exactly as printed.

The README's install puts `srs-advisor` in `.venv/bin`, which is not on PATH. Here the
installed app runs by its path (and as `python -m srs_advisor`) with PATH holding only
the system's folders, as in a fresh shell after that install; the command it prints on
quitting is then run by a shell, as typed, in a new terminal, and must open the session
where it stopped.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from on_disk import saved
from terminal import APP, Key, Terminal, have_tmux

pytestmark = pytest.mark.skipif(
    not have_tmux() and not os.environ.get("CI"),
    reason="tmux is not installed (CI installs it)",
)

SYSTEM_PATH = os.pathsep.join(
    folder
    for folder in ("/usr/local/bin", "/usr/bin", "/bin")
    if not (Path(folder) / "srs-advisor").exists()  # another install would hide the point
)
"""PATH in a fresh shell after the README's install: the system's, without `.venv/bin`."""

WAYS = {
    "installed": [str(APP)],
    "python -m": [sys.executable, "-m", "srs_advisor"],
}


def in_a_shell(line: str) -> list[str]:
    """Run `line` as a shell does; the window stays open after it to show what it printed."""
    return ["sh", "-c", f"{line}; echo '(ended)'; sleep 600"]


def printed(term: Terminal) -> str:
    """The screen, its wrapped lines joined (a long command wraps at the window's edge)."""
    return term._tmux("capture-pane", "-p", "-J", "-t", "app")


@pytest.mark.parametrize("way", list(WAYS), ids=list(WAYS))
def test_the_printed_resume_command_works_as_printed(way: str, tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    started = shlex.join([*WAYS[way], "--sessions-dir", str(sessions)])
    env = {"PATH": SYSTEM_PATH, "SRS_ADVISOR_SESSIONS_DIR": ""}
    assert shutil.which("srs-advisor", path=SYSTEM_PATH) is None
    first = Terminal(in_a_shell(started), 120, 40, env)
    try:
        first.wait_for_text("Start a new session")
        first.press("F3")
        first.wait_for_text("Continue")
        first.press("Enter")
        first.wait_for_text("Who is taking part")
        first.burst("Dana Lee", Key("F3"))
        first.wait_for_text("Which organizations are partners")
        first.press("F10")
        first.wait_for_text("(ended)")
        shown = printed(first)
    finally:
        first.close()
    found = re.search(r"Resume it with: (.+)", shown)
    assert found, shown
    line = found.group(1).strip()
    words = shlex.split(line)
    # The program as it ran: a path or the interpreter, never a bare name PATH lacks.
    assert words[: len(WAYS[way])] == WAYS[way], line
    assert words[len(WAYS[way])] == "resume"
    session_id = saved(sessions)["id"]

    again = Terminal(in_a_shell(line), 120, 40, env)
    try:
        again.wait_for_text(f"session {session_id}")
        again.wait_for_text("Which organizations are partners")  # where it stopped
        assert "(ended)" not in again.screen()
        again.press("F10")
        again.wait_for_text("(ended)")
    finally:
        again.close()
    assert saved(sessions)["answers"]["welcome.participants"] == "Dana Lee"
