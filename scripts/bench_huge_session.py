"""Print how long a session holding huge answers takes to load, resume, save and list.

Figures, not a test: the issue measured 17 s to resume a session holding a 50 MB answer
and a UI frozen 8-17 s by a 1 MB partner name. A file over `MAX_SESSION_BYTES` (20 MB, twice
what the answer limits let a session hold) is refused at once. Run it before and after a
change; `scripts/bench_tui.py` times the screens.
    python scripts/bench_huge_session.py
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import load_dialog
from srs_advisor.resources import content_dir, dialogs_dir
from srs_advisor.store import SessionError, list_sessions, load_session
from srs_advisor.store.keeper import keep, resume_in

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "answers.toml"


def timed(label: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    try:
        result = action()
    except SessionError as error:
        result = error
    print(f"  {label:<40} {(time.perf_counter() - start) * 1000:9.1f} ms")
    return result


async def screens(dialog: Any, folder: Path, step_id: str) -> None:
    """Time the screens that show the huge text: the start list, and resuming (finished:
    the notes screen)."""
    from textual.widgets import OptionList

    from srs_advisor.tui.app import AdvisorApp

    app = AdvisorApp(dialog, content_dir(), folder.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        start = time.perf_counter()
        while (
            not app.screen.query("#saved")
            or not app.screen.query_one("#saved", OptionList).option_count
        ):
            await pilot.pause()
        print(f"  {'start screen listed':<40} {(time.perf_counter() - start) * 1000:9.1f} ms")
        start = time.perf_counter()
        app.resume_folder(folder)
        while app.conversation is None or app.focused is None:
            await pilot.pause()
        await pilot.pause()
        print(
            f"  {'resumed, notes screen drawn':<40} {(time.perf_counter() - start) * 1000:9.1f} ms"
        )


def main() -> None:
    dialog = load_dialog(dialogs_dir(), content_dir())
    answers, parked = read_answer_file(EXAMPLE, dialog)
    cases = {
        "nothing huge (for comparison)": ("purpose.problem", 1),
        "a 1 MB partner name": ("welcome.partners", 1_000_000),
        "a 15 MB typed answer": ("purpose.problem", 15_000_000),
        "a 50 MB typed answer": ("purpose.problem", 50_000_000),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for label, (step_id, size) in cases.items():
            folder = Path(tmp) / step_id.replace(".", "-") / str(size)
            conversation, _ = replay(dialog, answers, parked)
            keep(conversation, folder)
            folder.mkdir(parents=True)
            conversation.save()
            data = json.loads((folder / "session.json").read_text(encoding="utf-8"))
            if step_id == "welcome.partners":
                old = data["answers"][step_id][0]["name"]
                data["answers"][step_id][0]["name"] = "N" * size
                for value in data["answers"].values():  # per-partner answers follow the name
                    if isinstance(value, dict) and old in value:
                        value["N" * size] = value.pop(old)
            else:
                data["answers"][step_id] = "x" * size
            (folder / "session.json").write_text(json.dumps(data), encoding="utf-8")
            print(f"{label} (session.json {(folder / 'session.json').stat().st_size:,} bytes)")
            session = timed("load_session", lambda f=folder: load_session(f))
            if isinstance(session, SessionError):
                print(f"  refused: {session}")
                continue
            resumed = timed(
                "Conversation.resume", lambda s=session, f=folder: resume_in(dialog, s, f)
            )
            conversation, report = resumed
            print(f"  report: {[m[:100] for m in report.messages(dialog.meta.version)]}")
            timed("save", conversation.save)
            timed("list_sessions", lambda f=folder: list_sessions(f.parent))
            asyncio.run(screens(dialog, folder, step_id))


if __name__ == "__main__":
    main()
