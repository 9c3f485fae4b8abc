"""Run the installed advisor in a real terminal (tmux) and type into it as a person does.

Keys go in bursts (`tmux send-keys -l`), pastes as pastes, and the tests wait for what
the screen or the disk shows, never for a fixed time: `wait_for` polls a condition and
fails only if it never holds within a generous bound.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

APP = Path(sys.executable).parent / "srs-advisor"
"""The installed command, beside the Python running the tests."""

PATIENCE = 30.0
"""Seconds a condition may take before the test fails (a loaded CI machine is slow)."""


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


@dataclass(frozen=True)
class Key:
    """A key by its tmux name (Enter, Tab, BTab, Space, Down, F3, C-u ...), in a burst."""

    name: str


class Terminal:
    """One tmux server and window running one command, at a given size."""

    def __init__(self, command: list[str], width: int, height: int, env: dict[str, str]) -> None:
        self.socket = f"srs-e2e-{secrets.token_hex(4)}"
        environment = {**os.environ, **env, "TERM": "xterm-256color"}
        self._tmux(
            "new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height),
            "--", *command,
            env=environment,
        )  # fmt: skip

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        return result.stdout

    def type(self, text: str) -> None:
        """Type `text` as one burst of keys."""
        self._tmux("send-keys", "-t", "app", "-l", text)

    def burst(self, *parts: str | Key) -> None:
        """Type text and press keys in one burst: one tmux command line, written at once."""
        args: list[str] = []
        for part in parts:
            if args:
                args.append(";")
            if isinstance(part, Key):
                args += ["send-keys", "-t", "app", part.name]
            else:
                args += ["send-keys", "-t", "app", "-l", part]
        self._tmux(*args)

    def press(self, *keys: str) -> None:
        """Press keys by their tmux names (Enter, C-s, Up, ...)."""
        self._tmux("send-keys", "-t", "app", *keys)

    def paste(self, text: str) -> None:
        """Paste `text` the way a terminal pastes (bracketed, when the app asks for it)."""
        self._tmux("set-buffer", "-b", "e2e", "--", text)
        self._tmux("paste-buffer", "-p", "-b", "e2e", "-t", "app")

    def screen(self) -> str:
        """The screen as text."""
        return self._tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Wait until `condition` holds; fail with the screen if it never does."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"never saw {what}; the screen:\n{self.screen()}")

    def wait_until_still(self) -> None:
        """Wait until the screen stops changing: the app is idle, its keys all handled.

        A burst typed then reaches the input directly, as a person's keys typed after
        reading the question do (not held and replayed one by one, as during a move).
        """
        last = self.screen()

        def still() -> bool:
            nonlocal last
            time.sleep(0.3)
            now = self.screen()
            same, last = now == last, now
            return same

        self.wait_for(still, "the screen at rest")

    def wait_for_text(self, text: str) -> None:
        """Wait until `text` is on the screen."""
        self.wait_for(lambda: text in self.screen(), repr(text))

    def pane_pid(self) -> int:
        """The process id of the command the window runs."""
        return int(self._tmux("display-message", "-p", "-t", "app", "#{pane_pid}").strip())

    def close(self) -> None:
        self._tmux("kill-server")
