"""The page a browser tab gets from `srs-advisor serve`, and the page it ends on.

textual-serve's own page has no title, no language and no icon, gives a screen reader
four unnamed canvases, and ends on a bare "Session ended". Its template is replaced
with `app_index.html` (the same page, with those added and the screen-reader mode of
its terminal on), and a tab whose advisor quits is sent to `farewell.html`, which says
whether the answers are saved and how to come back. The farewell is picked by a code
(`FAREWELLS`): nothing a visitor puts in the address is shown on it. No Textual here,
and aiohttp only inside `add_pages`, which only `serve` calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

TEMPLATES = Path(__file__).resolve().parent
"""The folder of the page templates, given to textual-serve in place of its own."""

FAREWELL_PATH = "/farewell"
"""Where a tab goes when its advisor quits (`?ended=CODE`)."""

_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#0c5e8a"/>'
    '<path d="M8 11h16M8 16h11M8 21h14" stroke="#fff" stroke-width="3" stroke-linecap="round"/>'
    "</svg>"
)
FAVICON = "data:image/svg+xml," + quote(_ICON)
"""The page's icon: lines of notes on a blue square, inline (no file to serve)."""

_COME_BACK = (
    "To come back to this session, open the advisor again and choose it on the start "
    "screen: it goes on where you stopped."
)

FAREWELLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "saved": (
        "Your answers are saved",
        ("Every answer was saved as it was given.", _COME_BACK),
    ),
    "finished": (
        "The session is finished, and saved",
        (
            "To download the meeting notes again, open the advisor again, choose the "
            "session on the start screen, and press F6.",
        ),
    ),
    "not-saved": (
        "Some answers could not be saved",
        (
            "The last save failed, so the answers given since then are lost; what was "
            "saved before is kept.",
            _COME_BACK,
        ),
    ),
    "read-only": (
        "This tab was read-only: it saved nothing",
        (
            "The session was open in another window, which saves it. Once that window "
            "is closed, open the advisor again and choose the session on the start screen.",
        ),
    ),
    "taken-over": (
        "Another window took this session over",
        ("That window saves the session. What this tab had not saved was offered as a download.",),
    ),
    "none": (
        "The advisor has ended",
        ("No session was open. Open the advisor again to begin a session or resume one.",),
    ),
}
"""What a tab says when its advisor quits, by the code the app gives (`tui.run`)."""

_ENDED = (
    "The advisor in this tab has ended",
    (
        "Every answer is saved as it is given, unless the advisor said it could not be.",
        _COME_BACK,
    ),
)


def farewell_page(code: str) -> dict[str, Any]:
    """What `farewell.html` shows for `code` (an unknown code gets the general farewell)."""
    heading, lines = FAREWELLS.get(code, _ENDED)
    return {"heading": heading, "lines": lines, "again": "/", "favicon": FAVICON}


def add_pages(app: Any) -> None:
    """Give textual-serve's web application the farewell page and the icon."""
    import aiohttp_jinja2  # only when serving: it comes with textual-serve

    aiohttp_jinja2.get_env(app).globals["favicon"] = FAVICON

    async def farewell(request: Any) -> Any:
        context = farewell_page(request.query.get("ended", ""))
        return aiohttp_jinja2.render_template("farewell.html", request, context)

    app.router.add_get(FAREWELL_PATH, farewell, name="farewell")
