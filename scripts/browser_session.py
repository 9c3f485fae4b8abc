"""Complete a whole session in the served app from a headless Chromium tab.

Serves the advisor (`srs-advisor serve`), opens it in Chromium and answers every
question of the shipped dialog with the keys a browser passes through (F3, F4, Enter,
arrows, Space, Tab: no Ctrl key), with brackets, quotes and markup-like text in the
answers (the same answers as `tmux_session.py`, the action items left as suggested).
At the end it downloads the notes with F6 and checks them against the saved ones, and
that `session.json` holds every character typed. Needs chromium. Prints what it checked.
    python scripts/browser_session.py [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))
sys.path.insert(0, str(HERE))

from browser import Browser, browser, find_chromium, served, wait_for  # noqa: E402
from tmux_session import plan  # noqa: E402

from srs_advisor.dialog import Dialog, choices_of, load_dialog  # noqa: E402
from srs_advisor.resources import content_dir, dialogs_dir  # noqa: E402


def saved(folder: Path) -> dict[str, Any]:
    found = list(folder.glob("*/session.json"))
    try:
        return json.loads(found[0].read_text(encoding="utf-8")) if found else {}
    except ValueError:
        return {}  # caught between two saves


def type_lines(tab: Browser, text: str) -> None:
    for number, line in enumerate(text.split("\n")):
        if number:
            tab.press("Enter")
        tab.type(line)


def answer(tab: Browser, dialog: Dialog, step_id: str, value: Any) -> None:
    """Give `value` as the answer to the step on screen, by browser-safe keys."""
    step = dialog.step(step_id)
    if step.kind == "info":
        tab.press("F3")
    elif step.kind == "text":
        tab.type(value)
        tab.press("Enter")
    elif step.kind == "long-text":
        type_lines(tab, value)
        tab.press("F3")
    elif step.kind in ("choice", "yes-no", "level"):
        index = [c.value for c in choices_of(step)].index(value)
        tab.press("Home", *["ArrowDown"] * index, "Enter")
    elif step.kind == "multi-choice":
        keys: list[str] = []
        for number, choice in enumerate(choices_of(step)):
            keys += (["ArrowDown"] if number else []) + (["Space"] if choice.value in value else [])
        tab.press(*keys, "F3")
    elif step.kind == "partners":
        sectors = [s.value for s in dialog.meta.sectors]
        for partner in value:
            tab.type(partner["name"])
            tab.press("Enter")
            tab.wait_for_text(f"Pick a sector for {partner['name'][:12]}")
            tab.press("Enter")
            tab.wait_for_text(dialog.meta.sectors[-2].label)
            tab.press(*["ArrowDown"] * (sectors.index(partner["sector"]) + 1), "Enter")
            tab.wait_for_text(f"{partner['name']}  (")
        tab.press("F3")
    elif step.kind == "per-partner":
        for text in value.values():
            tab.type(text)
            tab.press("Enter")
    elif step.kind == "form":  # Enter moves field by field, and answers from the last
        for field in step.fields:
            tab.type(value.get(field.key, ""))
            tab.press("Enter")
    elif step.kind == "action-items":
        tab.press("F3")  # the suggested items, as they come


def run(shots: Path | None) -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium is not installed")
    dialog = load_dialog(dialogs_dir(), content_dir())
    answers = plan(dialog)
    checks: list[str] = []
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        sessions, downloads = root / "sessions", root / "downloads"
        downloads.mkdir()
        began = time.perf_counter()
        with (
            served(sessions, root / "server.log") as url,
            browser(chromium, root / "profile") as tab,
        ):
            tab.open(url, downloads)
            tab.wait_for_text("Start a new session")
            tab.focus()
            tab.press("F3")
            asked: list[str] = []
            while (current := wait_for(lambda: saved(sessions).get("current"), "a session")) != (
                "end"
            ):
                step = dialog.step(current)
                tab.wait_for_text(step.prompt[:40])
                asked.append(current)
                if current in answers or step.kind in ("info", "action-items"):
                    answer(tab, dialog, current, answers.get(current))
                else:
                    tab.press("F4")  # not discussed
                wait_for(
                    lambda c=current: saved(sessions).get("current") != c, f"a move on {current}"
                )
            tab.wait_for_text("Finished. Thank you!")
            if shots:
                tab.screenshot(shots / "notes.png")
            took = time.perf_counter() - began
            tab.press("F6")
            (notes,) = wait_for(lambda: list(downloads.glob("*.md")), "the download")
            on_disk = next(sessions.glob("*/transcript.md")).read_text(encoding="utf-8")
            assert notes.read_text(encoding="utf-8") == on_disk, "the downloaded notes differ"
            tab.wait_for_text(f"Downloaded {notes.name}")
            checks.append(f"{len(asked)} steps in {took:.0f} s by browser-safe keys only")
            checks.append(f"the notes downloaded by F6: {notes.name}, as saved")
        kept = saved(sessions)["answers"]
        for step_id in asked:
            kind = dialog.step(step_id).kind
            if step_id in answers and kind in ("text", "long-text", "per-partner"):
                assert kept[step_id] == answers[step_id], (step_id, kept[step_id])
        checks.append(f"{len(kept)} answers in session.json, every typed character kept")
    for line in checks:
        print(f"  - {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", type=Path, help="save the notes screen here")
    run(parser.parse_args().screenshots)


if __name__ == "__main__":
    main()
