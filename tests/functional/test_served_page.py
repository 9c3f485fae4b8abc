"""The page `srs-advisor serve` gives a browser, and the farewell page a tab ends on:
named, in English, with an icon, and a farewell that shows only its own words."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from browser import free_port, stop_group, wait_for

from srs_advisor.page import FAREWELLS


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A served advisor's port."""
    folder = tmp_path_factory.mktemp("served")
    number = free_port()
    with (folder / "server.log").open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "srs_advisor", "--sessions-dir", str(folder / "s")]
            + ["serve", "--port", str(number)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: fetch(number, "/"), "the server to answer")
        yield number
    finally:
        stop_group(server)


def fetch(port: int, path: str) -> str:
    """The text at `path`, or "" while the server does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError:
        raise
    except OSError:
        return ""


def test_the_page_has_a_title_a_language_and_an_icon(port: int) -> None:
    html = fetch(port, "/")
    assert '<html lang="en">' in html
    assert "<title>srs-advisor: planning a service and resource sharing arrangement</title>" in html
    assert '<link rel="icon" href="data:image/svg+xml,' in html
    assert "screenReaderMode = true" in html  # the terminal's mode, turned on as it is made
    assert "googleapis" not in html  # the font comes from the server, not from Google
    assert "Shift+F6" in html  # the line for screen readers names the notes as a web page
    assert "Session ended." not in html
    assert "Open it again" in html


@pytest.mark.parametrize("code", sorted(FAREWELLS))
def test_each_farewell_says_what_became_of_the_answers(port: int, code: str) -> None:
    html = fetch(port, f"/farewell?ended={code}")
    heading, lines = FAREWELLS[code]
    assert f"<h1>{heading.replace(chr(39), '&#39;')}</h1>" in html
    assert '<html lang="en">' in html
    assert '<a href="/">Open the advisor again</a>' in html
    for line in lines:
        assert line.replace("'", "&#39;") in html


def test_a_farewell_shows_nothing_from_the_address(port: int) -> None:
    hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    html = fetch(port, f"/farewell?ended={hostile}")
    assert "<script" not in html.lower() and "alert" not in html  # nothing echoed
    assert "<h1>The advisor in this tab has ended</h1>" in html
