"""Serve the advisor and drive it from a real headless Chromium, as a person in a tab does.

The browser is spoken to in the Chrome DevTools Protocol over a pipe
(`--remote-debugging-pipe`: no port to find, nothing else to install). textual-serve
draws the app with xterm.js on canvases, so the page has no text to read: a script
injected before the page's own catches the xterm.js terminal object when the page
creates it, and the screen is read from its buffer. Every wait is for a condition
(what the screen, the disk or the browser shows), bounded by a generous limit.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PATIENCE = 60.0
"""Seconds a condition may take before the test fails (a loaded CI machine is slow)."""

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    // The page does `this.terminal = new Terminal(...)`: keep the terminal, and give the
    // object its own property so that the page works as before.
    if (value && value.buffer && typeof value.onData === "function") {
      window.srsTerminal = value;
    }
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
  },
});
"""

READ_SCREEN = """
(() => {
  const terminal = window.srsTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let i = 0; i < terminal.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    rows.push(line ? line.translateToString(true).replace(/\\s+$/, "") : "");
  }
  return rows.join("\\n");
})()
"""

KEYS = {
    "Enter": ("Enter", 13, "\r"),
    "Tab": ("Tab", 9, "\t"),
    "Escape": ("Escape", 27, ""),
    "ArrowDown": ("ArrowDown", 40, ""),
    "ArrowUp": ("ArrowUp", 38, ""),
    "Home": ("Home", 36, ""),
    "Space": ("Space", 32, " "),
    **{f"F{n}": (f"F{n}", 111 + n, "") for n in range(1, 13)},
}
"""Named keys: (code, Windows virtual key code, the text the key types)."""


def find_chromium() -> str | None:
    """The Chromium (or Chrome) to drive, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def wait_for(condition: Callable[[], Any], what: str, patience: float = PATIENCE) -> Any:
    """Poll `condition` until it returns something true; return it, or fail saying `what`."""
    deadline = time.monotonic() + patience
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {patience:.0f} s for {what}")
        time.sleep(0.05)


def free_port() -> int:
    """A loopback port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """End `process` and everything it started (its process group), however it is."""
    for sig, patience in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        if process.poll() is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # anything it left behind
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(patience)


@contextlib.contextmanager
def served(sessions: Path, log: Path) -> Iterator[str]:
    """Run `srs-advisor serve` on a free loopback port; yield its address."""
    port = free_port()
    command = [sys.executable, "-m", "srs_advisor", "--sessions-dir", str(sessions)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group: the tabs' apps end with it
        )
    try:

        def listening() -> bool:
            if server.poll() is not None:
                raise AssertionError(f"the server ended: {log.read_text(errors='replace')}")
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0

        wait_for(listening, "the server to listen")
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop_group(server)


class Browser:
    """One headless Chromium and one tab in it, spoken to over the DevTools pipe."""

    def __init__(self, executable: str, profile: Path) -> None:
        # The pipe: the browser reads commands on its fd 3 and writes replies on its fd 4.
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def pipe_fds() -> None:
            # Copied high first, so that putting one on 3 never overwrites the other.
            read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD_CLOEXEC, 10)
            write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(read, 3)  # inheritable: the browser gets them
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",  # root, in a container
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # only what is inheritable goes through: fds 3 and 4
            preexec_fn=pipe_fds,
            start_new_session=True,  # a process group: its helpers end with it
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        """Every event the browser sent, in order."""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session: str | None = None

    def _read(self) -> None:
        buffered = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 65536)
            except OSError:
                return
            if not chunk:
                return
            buffered += chunk
            while b"\0" in buffered:
                raw, buffered = buffered.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        waiting = self._replies.get(message["id"])
                    if waiting is not None:
                        waiting.put(message)
                else:
                    self.events.put(message)

    def send(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        """Send one command (to the tab, once there is one) and return its result."""
        with self._lock:
            self._next_id += 1
            number = self._next_id
            reply: queue.Queue[dict[str, Any]] = queue.Queue()
            self._replies[number] = reply
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        session = kw.get("session", self.session)
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        try:
            answer = reply.get(timeout=PATIENCE)
        except queue.Empty:
            raise AssertionError(f"the browser did not answer {method}") from None
        finally:
            with self._lock:
                del self._replies[number]
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def open(self, url: str, downloads: Path, width: int = 1280, height: int = 800) -> None:
        """Open a tab on `url`, with downloads allowed into `downloads`, at a window size."""
        self.send(
            "Browser.setDownloadBehavior",
            {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True},
            session=None,
        )
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=None)
        attached = self.send(
            "Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True},
            session=None,
        )
        self.session = attached["sessionId"]
        self.send("Page.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        # Headless, --window-size gives a shorter page than asked: set the size here.
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the tab."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result.get("result", {}).get("value")

    def screen(self) -> str:
        """The text the terminal in the page shows now, row by row ("" before it exists)."""
        return self.evaluate(READ_SCREEN) or ""

    def wait_for_text(self, text: str) -> str:
        """Wait until the screen shows `text`, then until it stays still; return it."""
        wait_for(lambda: text in self.screen(), f"{text!r} on the screen")
        return self.wait_still()

    def wait_still(self) -> str:
        """Wait until the screen is the same twice, a moment apart (a drawing is done)."""
        previous = [self.screen()]

        def still() -> bool:
            time.sleep(0.3)
            now = self.screen()
            same = now == previous[0]
            previous[0] = now
            return same

        wait_for(still, "the screen to stay still")
        return previous[0]

    def focus(self) -> None:
        """Give the terminal the keyboard focus, as a click on the page would."""
        self.evaluate("window.srsTerminal && window.srsTerminal.focus()")

    def type(self, text: str) -> None:
        """Type `text`, a key per character."""
        for character in text:
            self.send(
                "Input.dispatchKeyEvent", {"type": "keyDown", "text": character, "key": character}
            )
            self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": character})

    def press(self, *keys: str) -> None:
        """Press named keys (Enter, F3, ArrowDown, Space...), one after the other."""
        for name in keys:
            code, virtual, text = KEYS[name]
            key = " " if name == "Space" else name  # the page sees the key's DOM name
            down: dict[str, Any] = {
                "type": "keyDown" if text else "rawKeyDown",
                "key": key,
                "code": code,
                "windowsVirtualKeyCode": virtual,
            }
            if text:
                down["text"] = text
            self.send("Input.dispatchKeyEvent", down)
            self.send(
                "Input.dispatchKeyEvent",
                {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": virtual},
            )

    def click(self, text: str) -> None:
        """Click the middle of `text` where the screen shows it (its lowest row)."""
        rows = self.screen().split("\n")
        row = max(number for number, line in enumerate(rows) if text in line)
        column = rows[row].index(text) + len(text) / 2
        left, top, width, height, columns, lines = self.evaluate(
            "(() => { const t = window.srsTerminal;"
            " const r = t.element.querySelector('.xterm-screen').getBoundingClientRect();"
            " return [r.left, r.top, r.width, r.height, t.cols, t.rows]; })()"
        )
        x = left + column * width / columns
        y = top + (row + 0.5) * height / lines
        for kind, button, buttons in (
            ("mouseMoved", "none", 0),
            ("mousePressed", "left", 1),
            ("mouseReleased", "left", 0),
        ):
            self.send(
                "Input.dispatchMouseEvent",
                {
                    "type": kind,
                    "x": x,
                    "y": y,
                    "button": button,
                    "buttons": buttons,
                    "clickCount": 1,
                },
            )

    def screenshot(self, path: Path) -> None:
        """Save what the tab shows as a PNG."""
        import base64

        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        """End the browser and every process it started."""
        with contextlib.suppress(OSError):
            os.close(self._to_browser)
        stop_group(self.process)  # type: ignore[arg-type]
        with contextlib.suppress(OSError):
            os.close(self._from_browser)


@contextlib.contextmanager
def browser(executable: str, profile: Path) -> Iterator[Browser]:
    """A headless Chromium, ended whatever happens."""
    opened = Browser(executable, profile)
    try:
        yield opened
    finally:
        opened.close()
