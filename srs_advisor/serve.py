"""`srs-advisor serve`: the advisor in a browser tab, for a meeting held over a video call.

textual-serve runs a web server; every browser tab that opens the page starts its own
`srs-advisor` process, drawn in the page. There is no login: anyone who can reach the
port can open, read and change every session in the sessions folder. So the server
listens on the loopback address unless told otherwise, and says so plainly when it
does not. Textual is not imported here: the served processes load it.

textual-serve (1.1.3) checks neither the page's Host nor the websocket's Origin, so any
web page open in the facilitator's browser could drive the advisor on 127.0.0.1: by a
websocket opened from its own page (cross-site websocket hijacking), or by a name of its
own that it points at 127.0.0.1 (DNS rebinding). `Gate` closes both: the server answers
only to its own addresses and names, and a websocket only from its own page.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

LOOPBACK = "127.0.0.1"
"""Where the server listens unless told otherwise: this machine only."""

DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (so no other machine can reach the server).

    A name is looked up: it is loopback only if every address it stands for is.
    """
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in found}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses
    )


EVERY_ADDRESS = ("0.0.0.0", "::", "")
"""Hosts that mean "listen on every address of this machine"."""

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
"""The names a browser on this machine may use for a loopback server."""


def listening_host(host: str) -> str:
    """`--host` as the server listens on it: `[::1]` as `::1`, `::ffff:127.0.0.1` as `127.0.0.1`.

    Brackets are how an IPv6 address is written in a web address, not part of it. An
    IPv4 address written as IPv6 (`::ffff:a.b.c.d`) is the IPv4 address: an IPv6 socket
    cannot listen on it, an IPv4 one can.
    """
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def web_host(host: str) -> str:
    """`host` as a web address writes it: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host else host


def _is_local_address(address: str) -> bool:
    """Whether `address` (an IP address) is one of this machine's: it can be bound to."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


def machine_names() -> set[str]:
    """This machine's own names (its host name, and its full name if it has one)."""
    names = {socket.gethostname().lower()}
    try:
        names.add(socket.getfqdn().lower())
    except OSError:  # pragma: no cover - getfqdn falls back to the host name itself
        pass
    return {name for name in names if name}


class Gate:
    """Which requests the server answers: those addressed to it, from its own page.

    The Host header must name the address it listens on, with its port: on a loopback
    address also `localhost`, `127.0.0.1` and `[::1]`; on another address (or every
    address, `0.0.0.0`), also this machine's names, and, on every address, any IP address
    of this machine. Any other name may be a stranger's (DNS rebinding). A websocket's
    Origin must be the page's own: the scheme, name and port the Host header gave.
    """

    def __init__(self, host: str, port: int) -> None:
        self.port = port
        self.every_address = host in EVERY_ADDRESS
        names = {listening_host(host).lower()} - {""}
        if self.every_address or is_loopback(host):
            names.update(LOOPBACK_NAMES)
        if not is_loopback(host):
            names.update(machine_names())
        self.names = frozenset(names - set(EVERY_ADDRESS))
        """The host names and addresses accepted in a Host header, without brackets."""
        self._local: dict[str, bool] = {}

    def accepted(self) -> str:
        """The accepted addresses, as a message lists them."""
        shown = sorted(f"{web_host(name)}:{self.port}" for name in self.names)
        if self.every_address:
            shown.append(f"any address of this machine, port {self.port}")
        return ", ".join(shown)

    def host_refusal(self, host: str | None) -> str | None:
        """Why a request with this Host header is refused, or None if it is not."""
        if not host:
            return "Refused: the request names no host."
        try:
            parts = urlsplit(f"//{host}")
            name, port = (parts.hostname or "").lower(), parts.port
        except ValueError:
            name, port = "", None
        if (port or 80) == self.port and self._accepts(name):
            return None
        return (
            f"Refused: this server answers to {self.accepted()}, not to "
            f"{host[:100]!r} (a page under another name may not drive it)."
        )

    def _accepts(self, name: str) -> bool:
        if name in self.names:
            return True
        if not self.every_address:
            return False
        try:
            address = str(ipaddress.ip_address(name))
        except ValueError:
            return False  # a name: it may point anywhere
        if address not in self._local:
            self._local[address] = _is_local_address(address)
        return self._local[address]

    def origin_refusal(self, host: str, origin: str | None) -> str | None:
        """Why a websocket from `origin` to `host` (an accepted Host) is refused, or None."""
        if origin:
            try:
                parts = urlsplit(origin)
                port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
                same = urlsplit(f"//{host}")
                ours = (same.hostname, same.port or 80)
            except ValueError:
                parts, port, ours = urlsplit(""), None, (None, 0)
            if parts.scheme in ("http", "https") and (parts.hostname, port) == ours:
                return None
        return (
            f"Refused: a connection from {(origin or 'no page')[:100]!r} is not from this "
            "server's own page."
        )


def served_command(
    sessions_dir: Path | None,
    dialogs: Path | None,
    content: Path | None,
    presenter: bool,
) -> str:
    """The shell command each browser tab runs: this advisor, with the same options."""
    words = [sys.executable, "-m", "srs_advisor"]
    for option, folder in (
        ("--sessions-dir", sessions_dir),
        ("--dialogs", dialogs),
        ("--content", content),
    ):
        if folder is not None:
            words += [option, str(folder.expanduser().resolve())]
    if presenter:
        words.append("--presenter")
    return shlex.join(words)


def warning(host: str, port: int, sessions: Path) -> str:
    """What to say when the server can be reached from other machines."""
    return (
        f"WARNING: serving on {host}:{port}, which other machines may reach. There is no "
        f"login: anyone who can reach this port can open, read and change every session in "
        f"{sessions}. Serve on {LOOPBACK} (the default) unless everyone on this network "
        "may see those sessions."
    )


def serve(command: str, host: str, port: int, sessions: Path, *, out: TextIO = sys.stderr) -> int:
    """Serve `command` on `host`:`port` until Ctrl+C; return the exit code.

    Raises:
        OSError: the address cannot be used (the port is taken, say).
    """
    from aiohttp import hdrs, web
    from textual_serve.server import Server  # aiohttp and friends: only for `serve`

    from .page import TEMPLATES, add_pages

    host = listening_host(host)

    class AdvisorServer(Server):
        """Points the page at the address the browser used, not at the one listened on.

        Listening on 0.0.0.0, the page would otherwise tell the browser to connect to
        0.0.0.0, which only works on the serving machine itself.
        """

        async def handle_index(self, request: Any) -> Any:
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def _make_app(self) -> Any:
            app = await super()._make_app()
            app.middlewares.append(guard)
            add_pages(app)  # the page a tab ends on, and the icon (`srs_advisor.page`)
            return app

    gate = Gate(host, port)

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        """Answer only requests addressed to this server; a websocket only from its page."""
        given = request.headers.get(hdrs.HOST)
        reason = gate.host_refusal(given)
        upgrade = request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"
        if reason is None and (upgrade or request.path == "/ws"):
            reason = gate.origin_refusal(given or "", request.headers.get(hdrs.ORIGIN))
        if reason is not None:
            return web.Response(status=403, text=reason + "\n")
        response: web.StreamResponse = await handler(request)
        return response

    if not is_loopback(host):
        print(warning(host, port, sessions), file=out)
    where = f"http://{web_host(host)}:{port} in a browser"
    if host in EVERY_ADDRESS:
        # Every address of this machine: 0.0.0.0 itself is no address to open.
        where = (
            f"http://localhost:{port} in a browser on this machine, or this machine's "
            f"network address (port {port}) from another"
        )
    print(
        f"Open {where}. Every tab runs its own advisor; sessions are saved in {sessions}.",
        file=out,
    )
    AdvisorServer(
        command, host=host, port=port, title="srs-advisor", templates_path=TEMPLATES
    ).serve()
    return 0
