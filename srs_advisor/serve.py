"""`srs-advisor serve`: the advisor in a browser tab, for a meeting held over a video call.

textual-serve runs a web server; every browser tab that opens the page starts its own
`srs-advisor` process, drawn in the page. There is no login: anyone who can reach the
port can open, read and change every session in the sessions folder. So the server
listens on the loopback address unless told otherwise, and says so plainly when it
does not. Textual is not imported here: the served processes load it.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path
from typing import Any, TextIO

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
    from textual_serve.server import Server  # aiohttp and friends: only for `serve`

    from .page import TEMPLATES, add_pages

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
            add_pages(app)  # the page a tab ends on, and the icon (`srs_advisor.page`)
            return app

    if not is_loopback(host):
        print(warning(host, port, sessions), file=out)
    shown = f"[{host}]" if ":" in host else host
    where = f"http://{shown}:{port} in a browser"
    if host in ("0.0.0.0", "::", ""):
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
