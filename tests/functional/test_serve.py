"""`srs-advisor serve`: where it listens, what it warns about, what each browser tab runs."""

from __future__ import annotations

import asyncio
import shlex
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from browser import free_port, stop_group, wait_for

from srs_advisor.__main__ import main
from srs_advisor.serve import Gate, is_loopback, listening_host, served_command


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


# -- who the server answers: its own addresses, and a websocket only from its own page -------

PATIENCE = 60.0
"""Seconds a served app may take to draw its first screen on a loaded machine."""


async def first_screen(websocket: aiohttp.ClientWebSocketResponse) -> bytes:
    """What the served app draws until its start screen is up (bounded by PATIENCE)."""
    drawn = b""
    async with asyncio.timeout(PATIENCE):
        while b"Start a new session" not in drawn:
            message = await websocket.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"the websocket closed; the app drew {drawn[-300:]!r}")
    return drawn


@pytest.fixture
def loopback_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    server, port, log = serve(tmp_path)
    try:
        page(port)
        yield port, log
    finally:
        stop_group(server)


async def test_a_websocket_from_a_foreign_page_gets_no_app(
    loopback_server: tuple[int, Path],
) -> None:
    port, _ = loopback_server
    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as client:
        for origin in ("http://evil.example", f"http://evil.example:{port}", "null"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(url, origin=origin)
            assert refused.value.status == 403
        # Without any Origin (no browser sends a websocket without one): refused too.
        async with client.get(url, headers={"Upgrade": "websocket", "Connection": "Upgrade"}) as r:
            assert r.status == 403
            said = await r.text()
    assert said == "Refused: a connection from 'no page' is not from this server's own page.\n"


async def test_a_page_under_a_rebinding_name_is_refused(
    loopback_server: tuple[int, Path],
) -> None:
    port, _ = loopback_server
    async with aiohttp.ClientSession() as client:
        for host in (f"rebind.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", "[::2]"):
            async with client.get(f"http://127.0.0.1:{port}/", headers={"Host": host}) as r:
                said = await r.text()
                assert r.status == 403, host
                assert r.content_type == "text/plain"
            assert "<html" not in said.lower() and "/ws" not in said
            assert said.count("\n") == 1 and said.startswith("Refused: this server answers to ")
            assert f"127.0.0.1:{port}" in said and f"localhost:{port}" in said
        # Nor a websocket, whatever Origin it gives.
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(
                f"http://127.0.0.1:{port}/ws",
                headers={"Host": f"rebind.example:{port}"},
                origin=f"http://rebind.example:{port}",
            )
        assert refused.value.status == 403


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]"])
async def test_the_page_s_own_origin_gets_the_app(
    loopback_server: tuple[int, Path], name: str
) -> None:
    port, _ = loopback_server
    own = f"{name}:{port}"
    async with aiohttp.ClientSession() as client:
        async with client.get(f"http://127.0.0.1:{port}/", headers={"Host": own}) as r:
            assert r.status == 200
            html = await r.text()
        assert f"ws://{own}/ws" in html  # the page points back where it came from
        websocket = await client.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=100&height=30",
            headers={"Host": own},
            origin=f"http://{own}",
        )
        try:
            assert b"Start a new session" in await first_screen(websocket)
        finally:
            await websocket.close()


def test_what_each_way_of_listening_accepts() -> None:
    loopback = Gate("127.0.0.1", 8000)
    for host in ("127.0.0.1:8000", "LOCALHOST:8000", "[::1]:8000"):
        assert loopback.host_refusal(host) is None, host
    for host in ("evil.example:8000", "localhost:8001", "localhost", "", None, "[:8000"):
        assert loopback.host_refusal(host), host
    everywhere = Gate("0.0.0.0", 80)
    for host in ("localhost", "127.0.0.1:80", socket.gethostname(), "127.0.0.9"):
        assert everywhere.host_refusal(host) is None, host
    for host in ("evil.example", "192.0.2.1", "127.0.0.1:8000"):  # 192.0.2.1: not this machine
        assert everywhere.host_refusal(host), host
    one = Gate("192.0.2.7", 8000)  # one address of the machine, not loopback
    assert one.host_refusal("192.0.2.7:8000") is None
    assert one.host_refusal(f"{socket.gethostname()}:8000") is None
    assert one.host_refusal("evil.example:8000") and one.host_refusal("192.0.2.8:8000")


def test_a_websocket_must_come_from_the_page_s_own_origin() -> None:
    gate = Gate("127.0.0.1", 8000)
    assert gate.origin_refusal("127.0.0.1:8000", "http://127.0.0.1:8000") is None
    assert gate.origin_refusal("[::1]:8000", "http://[::1]:8000") is None
    for origin in ("http://localhost:8000", "http://evil.example", "null", "", None, "ftp://x"):
        assert gate.origin_refusal("127.0.0.1:8000", origin), origin


@pytest.mark.parametrize(
    ("given", "listened"),
    [
        ("[::1]", "::1"),
        ("::1", "::1"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_the_host_as_listened_on(given: str, listened: str) -> None:
    assert listening_host(given) == listened


@pytest.mark.parametrize("host", ["[::1]", "::ffff:127.0.0.1"])
def test_ipv6_ways_of_writing_this_machine_serve(tmp_path: Path, host: str) -> None:
    server, port, log = serve(tmp_path, "--host", host)
    try:
        address = "[::1]" if "::1" in host else "127.0.0.1"

        def fetch() -> str:
            try:
                with urllib.request.urlopen(f"http://{address}:{port}/", timeout=5) as reply:
                    return str(reply.read().decode("utf-8"))
            except OSError:
                return ""

        html = wait_for(fetch, f"the server on {address}")
        assert f"ws://{address}:{port}/ws" in html
    finally:
        stop_group(server)
    said = log.read_text(encoding="utf-8", errors="replace")
    assert f"Open http://{address}:{port} in a browser." in said
    assert "WARNING" not in said and "[[" not in said
