"""Drive the advisor by key presses, as a person at the keyboard would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot

from srs_advisor.dialog import Step, choices_of


async def until(pilot: Pilot[Any], condition: Callable[[], bool], tries: int = 200) -> None:
    """Let the app run until `condition` holds: a wait for a state, not for a time."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the app never reached the state the test waits for")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` one key at a time."""
    await pilot.press(*["space" if c == " " else c for c in text])


async def answer_by_keys(pilot: Pilot[Any], step: Step, value: Any, sectors: list[str]) -> None:
    """Give `value` as the answer to `step` with the keys the footer and help show."""
    kind = step.kind
    if kind == "info":
        await pilot.press("enter")
    elif kind == "text":
        await type_text(pilot, value)
        await pilot.press("enter")
    elif kind == "long-text":
        for number, line in enumerate(value.split("\n")):
            if number:
                await pilot.press("enter")
            await type_text(pilot, line)
        await pilot.press("f3")
    elif kind in ("choice", "yes-no", "level"):
        values = [c.value for c in choices_of(step)]
        await pilot.press("home", *["down"] * values.index(value), "enter")
    elif kind == "multi-choice":
        values = [c.value for c in choices_of(step)]
        for number, choice in enumerate(values):
            if number:
                await pilot.press("down")
            if choice in value:
                await pilot.press("space")
        await pilot.press("f3")
    elif kind == "partners":
        for partner in value:
            await type_text(pilot, partner["name"])
            await pilot.press("enter")  # no sector yet: the sector list takes the focus
            await pilot.press("enter", *["down"] * (sectors.index(partner["sector"]) + 1), "enter")
            # Picking the sector adds the partner; the focus is back in the name.
        await pilot.press("f3")
    elif kind == "per-partner":
        for text in value.values():
            await type_text(pilot, text)
            await pilot.press("enter")
    elif kind == "form":
        for field in step.fields:  # Enter moves to the next field, and answers from the last
            await type_text(pilot, value.get(field.key, ""))
            await pilot.press("enter")
    elif kind == "action-items":
        for item in value:
            await pilot.press("ctrl+u")  # clear a suggestion in the row
            await type_text(pilot, item["what"])
            await pilot.press("tab")
            await type_text(pilot, item["who"])
            await pilot.press("tab")
            await type_text(pilot, item["when"])
            await pilot.press("tab")
        await pilot.press("f3")
    else:  # pragma: no cover - every kind the dialogs use is above
        raise AssertionError(kind)
    await pilot.pause()


NAMES = {"enter": "\r", "space": " ", "tab": "\t"}
"""The character a named key types, where it types one."""


def burst(app: App[Any], *keys: str) -> None:
    """Post every key at once, as a fast typist's keys arrive: none waits for the one before.

    `pilot.press` lets the app settle after every key. Single characters are typed,
    longer names are keys.
    """
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key("space" if key == " " else key, key))
        else:
            app.post_message(events.Key(key, NAMES.get(key)))


def chat_says(app: App[Any], speaker: str | None = None) -> list[str]:
    """The chat's blocks as drawn (of one speaker: "advisor", "you", "not-answered",
    "stale"), each asserted to be text by construction (a `Content`, never markup)."""
    from textual.content import Content

    from srs_advisor.tui.widgets.chat import ChatLog

    said = app.screen.query_one(ChatLog).said
    assert all(isinstance(s.text, Content) for s in said)
    return [s.text.plain for s in said if speaker is None or s.speaker == speaker]
