"""Print how long the notes screen takes to open (and to reopen), and to resume a finished
session up to the notes. Headless (Textual's test driver), on the example session.
Figures, not a test.
    python scripts/bench_notes.py
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import load_dialog
from srs_advisor.resources import content_dir, dialogs_dir
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.notes import NotesScreen

EXAMPLE = Path(__file__).parent.parent / "examples" / "answers.toml"
OPENINGS = 6


def shown(app: AdvisorApp) -> bool:
    return isinstance(app.screen, NotesScreen) and bool(app.screen.query("#notes-text"))


async def openings() -> list[tuple[float, float]]:
    dialog = load_dialog(dialogs_dir(), content_dir())
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    with tempfile.TemporaryDirectory() as folder:
        app = AdvisorApp(dialog, content_dir(), Path(folder), None)
        figures = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(OPENINGS):
                wall, cpu = time.perf_counter(), time.process_time()
                app.show_notes(conversation)
                while not shown(app):
                    await pilot.pause()
                await pilot.pause()
                figures.append((time.perf_counter() - wall, time.process_time() - cpu))
                app.pop_screen()
                await pilot.pause()
    return figures


async def resume_to_notes() -> float:
    dialog = load_dialog(dialogs_dir(), content_dir())
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    with tempfile.TemporaryDirectory() as folder:
        app = AdvisorApp(dialog, content_dir(), Path(folder), conversation)
        start = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            while not shown(app):
                await pilot.pause()
            await pilot.pause()
            return time.perf_counter() - start


def main() -> None:
    figures = asyncio.run(openings())
    for number, (wall, cpu) in enumerate(figures, start=1):
        print(f"notes opened, time {number}: {wall * 1000:6.0f} ms ({cpu * 1000:.0f} ms CPU)")
    first, rest = figures[0][0], [w for w, _ in figures[1:]]
    again = statistics.median(rest) * 1000
    print(f"first opening {first * 1000:.0f} ms; reopening median {again:.0f} ms")
    resumes = [asyncio.run(resume_to_notes()) for _ in range(3)]
    print(
        f"resume a finished session to the notes: median {statistics.median(resumes) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
