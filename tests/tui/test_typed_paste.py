"""`ESC [ 2 0 0 ~` typed key by key starts no paste that swallows every later key.

The input parser is driven as a driver drives it: each read fed as it comes, `tick`
between reads. Time is a clock the test moves, so nothing here waits or races.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from textual import events
from textual.message import Message

from srs_advisor.tui import paste
from srs_advisor.tui.paste import PASTE_PAUSE, PasteGuard

F10 = "\x1b[21~"


class Clock:
    """The time the parser reads: moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    import textual._parser

    now = Clock()
    monkeypatch.setattr(textual._parser, "get_time", now)
    monkeypatch.setattr(paste, "get_time", now)
    return now


def read(parser: PasteGuard, clock: Clock, *reads: str, apart: float = 0.01) -> list[Message]:
    """Feed each read `apart` seconds after the last, ticking between, as a driver does."""
    got: list[Message] = []
    for data in reads:
        clock.now += apart
        got += parser.feed(data)
        got += parser.tick()
    return got


def keys(messages: Iterable[Message]) -> list[str]:
    return [m.key if isinstance(m, events.Key) else f"paste:{m.text}" for m in messages]  # type: ignore[attr-defined]


def test_a_paste_start_typed_key_by_key_gives_the_keys_back_and_f10_quits(clock: Clock) -> None:
    parser = PasteGuard()
    got = read(parser, clock, *"\x1b[200~", "a", "b", F10)
    assert got == []  # a paste, as far as anyone can tell yet
    for _ in range(4):  # a driver ticks every 0.1 s: no stray keys from the F10 meanwhile
        clock.now += 0.1
        got += parser.tick()
    assert got == []
    clock.now += PASTE_PAUSE  # the person stops typing: no paste goes on like that
    got = list(parser.tick())
    assert keys(got) == [
        "escape",
        "left_square_bracket",
        "2",
        "0",
        "0",
        "tilde",
        "a",
        "b",
        "f10",
    ]
    # From then on each key is a key.
    assert keys(read(parser, clock, "c", F10)) == ["c", "f10"]


def test_a_real_paste_is_one_paste(clock: Clock) -> None:
    parser = PasteGuard()
    assert keys(read(parser, clock, "\x1b[200~County [Health]\x1b[201~")) == [
        "paste:County [Health]"
    ]
    # In pieces a moment apart (a long paste, a slow link): still one paste.
    got = read(parser, clock, "x\x1b[200~Gen", "eral Hos", "pital\x1b[2", "01~y", apart=0.05)
    assert keys(got) == ["x", "paste:General Hospital", "y"]
    clock.now += 10 * PASTE_PAUSE
    assert list(parser.tick()) == []  # nothing left over to hand back


def test_a_paste_start_split_across_reads_is_still_watched(clock: Clock) -> None:
    parser = PasteGuard()
    got = read(parser, clock, "z\x1b[2", "00~", "q")
    assert keys(got) == ["z"]
    clock.now += PASTE_PAUSE
    assert keys(parser.tick()) == ["escape", "left_square_bracket", "2", "0", "0", "tilde", "q"]


def test_install_makes_the_drivers_parse_with_the_guard() -> None:
    from textual.drivers import linux_driver, web_driver

    before = linux_driver.XTermParser, web_driver.XTermParser
    try:
        paste.install()
        assert linux_driver.XTermParser is PasteGuard and web_driver.XTermParser is PasteGuard
    finally:
        linux_driver.XTermParser, web_driver.XTermParser = before
