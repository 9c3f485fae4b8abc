"""Child process of `benchmarks/run.py`: the app's figures, and its bare-Textual baselines.

    python benchmarks/_tui.py first advisor|bare
    python benchmarks/_tui.py session advisor|bare WIDTH HEIGHT PLAN.json
    python benchmarks/_tui.py resume advisor WIDTH HEIGHT ROUNDS

`first`: start, draw the first question of a new session, exit (the parent times the
whole process). `session`: walk a whole session at WIDTH x HEIGHT; the advisor answers
the example answer file through its conversation screen, the bare app updates a
`Markdown` widget (and, separately timed, a `Static` with a Rich `Markdown`) with the
guidance page of every step the advisor shows. `resume`: resume the example session,
saved at its last question, from the start screen, several times. Prints one line of
JSON with the times (and, but for `resume`, this process's peak memory). Headless:
Textual's test driver, no terminal.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer, Header, Input, Markdown, Static


def rss_mib() -> float:
    """The peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def until(pilot: Pilot[Any], ready: Callable[[], bool], limit: float = 60.0) -> None:
    """Let the app run until `ready()`, then once more, so what it drew is painted."""
    deadline = time.monotonic() + limit
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause()
    await pilot.pause()


class BareApp(App[None]):
    """The baseline: the widgets a question screen needs, and nothing else."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown(self.page, id="page")
        yield Static(id="static")
        yield Input(placeholder="Your answer")
        yield Footer()


async def drawn(pilot: Pilot[Any], ready: Callable[[], bool], limit: float = 60.0) -> None:
    """Let the app run until `ready()`, looking every millisecond, then paint once.

    The timed waits: `Pilot.pause` idles in steps of 20 ms (until a step passes with the
    process idle), so waiting for a state with it counts up to a step of idling that the
    baseline, which awaits its update and then pauses once, does not; here the state is
    seen as it comes, and both end with the one `pause` that paints.
    """
    deadline = time.monotonic() + limit
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)
    await pilot.pause()


def _input_ready(app: Any, step_id: str) -> bool:
    from srs_advisor.tui.widgets.inputs import StepInput

    return any(
        w.step.id == step_id and w._ready_done and w.is_mounted for w in app.screen.query(StepInput)
    )


def _moved_on(app: Any, conversation: Any, step_id: str) -> bool:
    """Whether the app has moved past `step_id` and drawn what follows, ready for keys."""
    from srs_advisor.tui.screens.notes import NotesScreen

    following = conversation.current
    if following is None:
        return isinstance(app.screen, NotesScreen) and app.screen.is_mounted
    return following.id != step_id and _input_ready(app, following.id)


async def first_advisor() -> None:
    from srs_advisor.dialog import load_dialog
    from srs_advisor.resources import content_dir, dialogs_dir
    from srs_advisor.tui.app import AdvisorApp

    dialog = load_dialog(dialogs_dir(), content_dir())
    with tempfile.TemporaryDirectory() as sessions:
        app = AdvisorApp(dialog, content_dir(), Path(sessions))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.start_new()  # as the start screen's button does
            await until(pilot, lambda: _input_ready(app, dialog.steps[0].id))


async def first_bare(page: str) -> None:
    app = BareApp(Path(page).read_text(encoding="utf-8"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: bool(app.query_one("#page", Markdown).children))


async def session_advisor(size: tuple[int, int]) -> dict[str, Any]:
    from srs_advisor.cli.replay import read_answer_file
    from srs_advisor.dialog import load_dialog
    from srs_advisor.engine.conversation import Conversation
    from srs_advisor.resources import content_dir, dialogs_dir
    from srs_advisor.store.keeper import keep
    from srs_advisor.tui.app import AdvisorApp
    from srs_advisor.tui.screens.conversation import ConversationScreen
    from srs_advisor.tui.screens.notes import NotesScreen

    dialog = load_dialog(dialogs_dir(), content_dir())
    answers, parked = read_answer_file(EXAMPLE, dialog)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as sessions:
        conversation = keep(Conversation(dialog), Path(sessions) / "s")
        app = AdvisorApp(dialog, content_dir(), Path(sessions), conversation)
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: _input_ready(app, dialog.steps[0].id))
            screen = app.screen
            assert isinstance(screen, ConversationScreen)
            notes_ms = 0.0
            while (step := conversation.current) is not None:
                if step.kind == "info":
                    move: Callable[[], Any] = conversation.answer
                elif step.id in parked:
                    move = conversation.park
                elif step.id in answers:
                    value = answers[step.id]
                    move = lambda value=value: conversation.answer(value)  # noqa: E731
                else:
                    move = conversation.skip
                start = time.perf_counter()
                screen._act(move)  # as the answer key does: after the keys typed before it
                await drawn(pilot, lambda s=step.id: _moved_on(app, conversation, s))
                if conversation.current is None:
                    notes_ms = (time.perf_counter() - start) * 1000
                else:
                    times.append((time.perf_counter() - start) * 1000)
            # Back to the last question, and on to the notes again.
            notes = app.screen
            assert isinstance(notes, NotesScreen)
            notes.action_back()
            last = conversation.current
            assert last is not None
            await until(pilot, lambda: _input_ready(app, last.id))
            start = time.perf_counter()
            screen._act(conversation.skip if not last.required else conversation.answer)
            await drawn(pilot, lambda: _moved_on(app, conversation, last.id))
            reopen_ms = (time.perf_counter() - start) * 1000
    return {"times": times, "notes_ms": notes_ms, "reopen_ms": reopen_ms, "rss_mib": rss_mib()}


async def resume_advisor(size: tuple[int, int], rounds: int) -> dict[str, Any]:
    """Resume the example session, saved at its last question, as the start screen does:
    from `resume_folder` until the question's input is ready and painted, `rounds` times
    in one app (each after going back to the start screen)."""
    from srs_advisor.cli.replay import read_answer_file, replay_moves
    from srs_advisor.dialog import load_dialog
    from srs_advisor.engine.conversation import Conversation
    from srs_advisor.resources import content_dir, dialogs_dir
    from srs_advisor.store.keeper import keep
    from srs_advisor.tui.app import AdvisorApp
    from srs_advisor.tui.screens.conversation import ConversationScreen
    from srs_advisor.tui.screens.start import StartScreen

    dialog = load_dialog(dialogs_dir(), content_dir())
    answers, parked = read_answer_file(EXAMPLE, dialog)
    last = dialog.steps[-1]
    times: list[float] = []
    with tempfile.TemporaryDirectory() as sessions:
        folder = Path(sessions) / "s"
        conversation = keep(Conversation(dialog), folder)
        for _ in replay_moves(conversation, answers, parked):  # as `replay` answers them
            current = conversation.current
            if current is not None and current.id == last.id:
                break
        conversation.save()
        history = len(conversation.history)
        app = AdvisorApp(dialog, content_dir(), Path(sessions))
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: isinstance(app.screen, StartScreen))
            for _ in range(rounds):
                start = time.perf_counter()
                app.resume_folder(folder)
                await drawn(pilot, lambda: _input_ready(app, last.id))
                times.append((time.perf_counter() - start) * 1000)
                screen = app.screen
                assert isinstance(screen, ConversationScreen)
                assert app.session_lock is not None
                app.session_lock.release()  # as quitting the session does
                app.session_lock = None
                app.switch_screen(StartScreen())
                await until(pilot, lambda: isinstance(app.screen, StartScreen))
    return {"times": times, "history": history}


async def session_bare(size: tuple[int, int], pages: list[str]) -> dict[str, Any]:
    from rich.markdown import Markdown as RichMarkdown

    texts = [Path(p).read_text(encoding="utf-8") for p in pages]
    markdown_times: list[float] = []
    static_times: list[float] = []
    app = BareApp(texts[0])
    async with app.run_test(size=size) as pilot:
        markdown = app.query_one("#page", Markdown)
        static = app.query_one("#static", Static)
        await until(pilot, lambda: bool(markdown.children))
        for text in texts[1:]:
            start = time.perf_counter()
            await markdown.update(text)
            await pilot.pause()
            markdown_times.append((time.perf_counter() - start) * 1000)
        markdown.display = False
        for text in texts[1:]:
            start = time.perf_counter()
            static.update(RichMarkdown(text))
            await pilot.pause()
            static_times.append((time.perf_counter() - start) * 1000)
    return {"markdown": markdown_times, "static": static_times, "rss_mib": rss_mib()}


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "answers.toml"


def main() -> int:
    mode, who = sys.argv[1], sys.argv[2]
    if mode == "first":
        if who == "advisor":
            asyncio.run(first_advisor())
        else:
            asyncio.run(first_bare(sys.argv[3]))
        print(json.dumps({"rss_mib": rss_mib()}))
        return 0
    size = (int(sys.argv[3]), int(sys.argv[4]))
    if mode == "resume":
        result = asyncio.run(resume_advisor(size, int(sys.argv[5])))
    elif who == "advisor":
        result = asyncio.run(session_advisor(size))
    else:
        pages = json.loads(Path(sys.argv[5]).read_text(encoding="utf-8"))
        result = asyncio.run(session_bare(size, pages))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
