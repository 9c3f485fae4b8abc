"""`srs-advisor serve`: where it listens, what it warns about, what each browser tab runs."""

from __future__ import annotations

import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from browser import free_port, stop_group, wait_for

from srs_advisor.__main__ import main
from srs_advisor.serve import is_loopback, served_command


def test_a_port_out_of_range_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "0"]) == 2
    assert "--port must be between 1 and 65535, not 0" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1"])
def test_addresses_other_machines_reach(host: str) -> None:
    assert not is_loopback(host)


def test_each_tab_runs_the_advisor_with_the_same_options(tmp_path: Path) -> None:
    command = served_command(tmp_path / "my sessions", Path("dialogs"), None, True)
    words = shlex.split(command)
    assert words[:3] == [sys.executable, "-m", "srs_advisor"]
    assert words[3:] == [
        "--sessions-dir",
        str(tmp_path / "my sessions"),
        "--dialogs",
        str(Path("dialogs").resolve()),
        "--presenter",
    ]


def serve(tmp_path: Path, *options: str) -> tuple[subprocess.Popen[bytes], int, Path]:
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "srs_advisor", "--sessions-dir", str(tmp_path / "s"), "serve"]
            + ["--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return server, port, log


def page(port: int) -> str:
    """The page, once the server answers."""

    def fetch() -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    text: str = wait_for(fetch, "the server to answer")
    return text


def test_serving_beyond_this_machine_warns_that_there_is_no_login(tmp_path: Path) -> None:
    server, port, log = serve(tmp_path, "--host", "0.0.0.0")
    try:
        html = page(port)
        # The page sends the browser back to the address it came by, not to 0.0.0.0.
        assert f"ws://127.0.0.1:{port}/ws" in html
    finally:
        stop_group(server)
    said = " ".join(log.read_text(encoding="utf-8", errors="replace").split())
    assert f"WARNING: serving on 0.0.0.0:{port}, which other machines may reach." in said
    assert "There is no login: anyone who can reach this port can open, read and change" in said
    assert str((tmp_path / "s").resolve()) in said
    # 0.0.0.0 is where it listens, not an address to open.
    assert f"Open http://localhost:{port} in a browser on this machine, or this machine's" in said
    assert f"Open http://0.0.0.0:{port}" not in said


def test_serving_on_this_machine_only_says_where_to_open_it(tmp_path: Path) -> None:
    server, port, log = serve(tmp_path)
    try:
        assert "<html" in page(port).lower()
    finally:
        stop_group(server)
    said = log.read_text(encoding="utf-8", errors="replace")
    assert f"Open http://127.0.0.1:{port} in a browser." in said
    assert "WARNING" not in said


def test_a_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    first, port, _ = serve(tmp_path)
    try:
        page(port)
        second = subprocess.run(
            [sys.executable, "-m", "srs_advisor", "--sessions-dir", str(tmp_path / "s")]
            + ["serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        stop_group(first)
    assert second.returncode == 1
    assert f"srs-advisor: cannot serve on 127.0.0.1:{port}:" in second.stderr
