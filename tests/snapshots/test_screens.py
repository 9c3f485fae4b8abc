"""Snapshots of the main screens at 80x24 and 120x40, in presenter mode, and at 60x20.

Run `pytest tests/snapshots --snapshot-update` after an intended change to a screen,
and look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from walk import walk_to

from srs_advisor.cli.replay import read_answer_file
from srs_advisor.dialog import Dialog, load_dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir, dialogs_dir
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.inputs import ItemText

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "answers.toml"
SnapCompare = Callable[..., bool]


@pytest.fixture(scope="module")
def shipped() -> Dialog:
    return load_dialog(dialogs_dir(), content_dir())


def at_step(dialog: Dialog, step_id: str) -> Conversation:
    """An unsaved conversation (nothing on disk, fixed id and date) walked to `step_id`."""
    conversation = Conversation(dialog)
    conversation.session.id = "snapshot"
    conversation.session.created = datetime(2026, 1, 15, tzinfo=UTC)
    answers, _ = read_answer_file(EXAMPLE, dialog)  # the answers, without the parked steps
    return walk_to(conversation, step_id, answers)


def app_at(
    dialog: Dialog, tmp_path: Path, step_id: str | None, *, presenter: bool = False
) -> AdvisorApp:
    conversation = at_step(dialog, step_id) if step_id else None
    return AdvisorApp(dialog, content_dir(), tmp_path, conversation, presenter=presenter)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the screen is drawn and, on a question, its input has the focus."""
    await pilot.pause()
    for _ in range(50):
        focused = pilot.app.focused
        on_question = bool(pilot.app.screen.query(".step-input"))
        if not on_question or (
            focused is not None and any(n.has_class("step-input") for n in focused.ancestors)
        ):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_start_screen(snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path) -> None:
    assert snap_compare(app_at(shipped, tmp_path, None), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (140, 40)], ids=["80x24", "120x40", "140x40"]
)
def test_a_choice_question(
    snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = app_at(shipped, tmp_path, "readiness.trust")
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_partner_list(
    snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = app_at(shipped, tmp_path, "welcome.partners")
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_editing_a_partner(snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path) -> None:
    conversation = at_step(shipped, "welcome.idea")
    conversation.go_to("welcome.partners")  # back to the list, three partners named
    app = AdvisorApp(shipped, content_dir(), tmp_path, conversation)

    async def edit_the_second(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("shift+tab", "down", "enter")
        for _ in range(5):
            await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=edit_the_second)


def test_a_tick_list(snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path) -> None:
    # Ticked and unticked boxes differ in shape: a check mark, an empty box.
    app = app_at(shipped, tmp_path, "purpose.resources")

    async def tick_two(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=tick_two)


def test_the_meeting_details_form(
    snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path
) -> None:
    app = app_at(shipped, tmp_path, "welcome.meeting")
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_the_recommendation(snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path) -> None:
    app = app_at(shipped, tmp_path, "formality.level")
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_action_items(snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path) -> None:
    async def wrapped(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        # A "what" is wrapped once its width is known: wait for the rows to take their height.
        items = list(pilot.app.screen.query(ItemText))
        for _ in range(50):
            if all(t.size.height == min(t.wrapped_document.height, 4) for t in items):
                break
            await pilot.pause(0.02)
        await pilot.pause()

    app = app_at(shipped, tmp_path, "formalization.fiscal_legal")
    assert snap_compare(app, terminal_size=(120, 40), run_before=wrapped)


PRESENTER_SIZES = [(120, 40), (200, 50)]


@pytest.mark.parametrize("size", PRESENTER_SIZES, ids=["120x40", "200x50"])
def test_presenter_mode(
    snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    # The last question and its answer above the current one, in full contrast.
    app = app_at(shipped, tmp_path, "formality.risk", presenter=True)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", PRESENTER_SIZES, ids=["120x40", "200x50"])
def test_presenter_mode_recommendation(
    snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    # The reasons take the width: all of them in view, no Tab or PageDown needed.
    app = app_at(shipped, tmp_path, "formality.level", presenter=True)
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_review(snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path) -> None:
    async def review(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)

    app = app_at(shipped, tmp_path, "scope.success")
    assert snap_compare(app, terminal_size=(80, 24), run_before=review)


def test_narrow_with_guidance_unfolded(
    snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path
) -> None:
    async def unfold(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)

    app = app_at(shipped, tmp_path, "purpose.internal_fix")
    assert snap_compare(app, terminal_size=(60, 20), run_before=unfold)


def test_guidance_below_the_question_at_80x24(
    snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path
) -> None:
    async def unfold(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)

    app = app_at(shipped, tmp_path, "readiness.objectives")
    assert snap_compare(app, terminal_size=(80, 24), run_before=unfold)


def test_the_notes_at_the_end(snap_compare: SnapCompare, shipped: Dialog, tmp_path: Path) -> None:
    app = app_at(shipped, tmp_path, "summary.wrap_up")

    async def finish(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=finish)
