"""Print how long the engine takes: loading, each answer, saving, rendering the notes.

Figures, not a test: run it before and after a change that touches the engine.
    python scripts/bench_engine.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from srs_advisor.cli.replay import read_answer_file, replay, replay_moves
from srs_advisor.dialog import load_dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.agreement import render_agreement
from srs_advisor.notes.export import export
from srs_advisor.notes.transcript import render_transcript
from srs_advisor.resources import content_dir, dialogs_dir
from srs_advisor.store.keeper import keep

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "answers.toml"


def timed(label: str, action: Callable[[], Any], repeat: int = 20) -> None:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{label:<46} median {statistics.median(runs):8.2f} ms   max {max(runs):8.2f} ms")


def answer_times(dialog: Any, answers: dict[str, Any], folder: Path | None) -> list[float]:
    """The time of each move of a replay, from an answer to the next question."""
    moves = replay_moves(keep(Conversation(dialog), folder), answers, [])
    times = []
    while True:
        start = time.perf_counter()
        if next(moves, None) is None:
            return times
        times.append((time.perf_counter() - start) * 1000)


def main() -> int:
    dialog = load_dialog(dialogs_dir(), content_dir())
    answers, parked = read_answer_file(EXAMPLE, dialog)
    answers = {k: v for k, v in answers.items() if k not in parked}
    print(f"dialog: {len(dialog.steps)} steps; example: {len(answers)} answers\n")
    timed("load and check the dialog", lambda: load_dialog(dialogs_dir(), content_dir()))
    timed("build a conversation (machine)", lambda: Conversation(dialog))
    timed("replay the example (no saving)", lambda: replay(dialog, answers, []), repeat=5)
    conversation, _ = replay(dialog, answers, [])
    timed("render the transcript", lambda: render_transcript(conversation))
    timed("render the draft agreement", lambda: render_agreement(conversation))
    for what in ("notes", "agreement"):
        for fmt in ("html", "docx"):
            timed(f"export the {what} as {fmt}", partial(export, conversation, what, fmt), 5)
    timed("the path, cached (nothing changed)", conversation.path)
    timed("the path, walked in full by the machine", conversation.walk_path)
    for label, save in (("in memory", False), ("saving each answer", True)):
        with tempfile.TemporaryDirectory() as folder:
            times = answer_times(dialog, answers, Path(folder) if save else None)
        print(
            f"{'answer -> next question, ' + label:<46} median {statistics.median(times):8.2f} ms"
            f"   max {max(times):8.2f} ms   ({len(times)} steps)"
        )
    for command in (["check"], ["questions", "--json"]):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "srs_advisor", *command], capture_output=True, check=True
            )
            runs.append((time.perf_counter() - start) * 1000)
        label = f"srs-advisor {' '.join(command)} (process)"
        print(f"{label:<46} median {statistics.median(runs):8.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
