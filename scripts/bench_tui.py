"""Print how long the app takes from an answer to the next question being drawn.

Runs the app headless (Textual's test driver), walks steps with the screen's own
actions, and times each one until the app is idle again. Figures, not a test.
    python scripts/bench_tui.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from srs_advisor.dialog import load_dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir, dialogs_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.conversation import ConversationScreen


async def walk(size: tuple[int, int]) -> list[float]:
    dialog = load_dialog(dialogs_dir(), content_dir())
    with tempfile.TemporaryDirectory() as folder:
        conversation = keep(Conversation(dialog), Path(folder))
        conversation.answer()
        conversation.answer("Dana")
        conversation.answer([{"name": "County Health", "sector": "public-health"}])
        app = AdvisorApp(dialog, content_dir(), Path(folder), conversation)
        times: list[float] = []
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ConversationScreen)
            while conversation.current is not None and conversation.current.phase != "formality":
                step = conversation.current
                start = time.perf_counter()
                if step.kind == "info":
                    screen.action_answer()
                else:
                    screen.action_skip()
                await pilot.pause()
                times.append((time.perf_counter() - start) * 1000)
        return times


def main() -> int:
    for size in ((80, 24), (120, 40)):
        times = asyncio.run(walk(size))
        print(
            f"answer -> next question drawn, {size[0]}x{size[1]}: median "
            f"{statistics.median(times):6.1f} ms, max {max(times):6.1f} ms ({len(times)} steps)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
