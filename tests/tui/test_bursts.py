"""Keys posted all at once into the inputs that lost or reordered them in a burst.

Each test waits for the input to be ready, then posts a whole sequence of keys without
letting the app settle in between, and checks the answer the engine got: the same as
the keys typed one by one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from keys import burst, until
from walk import walk_past_required

from srs_advisor.dialog import Dialog, choices_of
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.inputs import StepInput

PARTNERS = [{"name": "Acme", "sector": "school"}, {"name": "Beta", "sector": "other"}]


async def answered(dialog: Dialog, tmp_path: Path, step_id: str, *keys: str) -> Any:
    """Open the app at `step_id`, burst `keys` once its input is ready, and return the answer."""
    conversation = walk_past_required(Conversation(dialog), step_id, {"welcome.partners": PARTNERS})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: (
                app.focused is not None
                and any(isinstance(n, StepInput) for n in app.focused.ancestors)
                and not app.keys.holding
                and not app.keys.replaying
            ),
        )
        burst(app, *keys)
        await until(pilot, lambda: step_id in conversation.session.answers)
    return conversation.session.answers[step_id]


async def test_ticks_in_a_burst(dialog: Dialog, tmp_path: Path) -> None:
    values = [c.value for c in choices_of(dialog.step("purpose.resources"))]
    keys = ["space", "down", "down", "space", "down", "space", "f3"]
    answer = await answered(dialog, tmp_path, "purpose.resources", *keys)
    assert answer == [values[0], values[2], values[3]]


async def test_tick_down_tick(dialog: Dialog, tmp_path: Path) -> None:
    values = [c.value for c in choices_of(dialog.step("purpose.resources"))]
    answer = await answered(dialog, tmp_path, "purpose.resources", "space", "down", "space", "f3")
    assert answer == values[:2]


async def test_action_item_fields_in_a_burst(dialog: Dialog, tmp_path: Path) -> None:
    conversation = walk_past_required(
        Conversation(dialog), "formalization.align", {"welcome.partners": PARTNERS}
    )
    suggested = conversation.suggestions(dialog.step("formalization.align"))
    keys = ["!", "tab", *"Maria", "tab", *"May", "tab"]
    for _ in suggested[1:]:
        keys += ["tab", "tab", "tab"]
    keys += [*"Row", "tab", *"Who", "tab", *"When"]
    keys += ["tab", "enter", *"Add", "tab", *"Kim", "f3"]  # Enter on "Add a row": a new row
    answer = await answered(dialog, tmp_path, "formalization.align", *keys)
    assert answer == [
        {"what": f"{suggested[0]}!", "who": "Maria", "when": "May"},
        *[{"what": what, "who": "", "when": ""} for what in suggested[1:]],
        {"what": "Row", "who": "Who", "when": "When"},
        {"what": "Add", "who": "Kim", "when": ""},
    ]


async def test_joiners_typed_are_kept(dialog: Dialog, tmp_path: Path) -> None:
    typed = "من\u200cمی 👩\u200d💻"
    answer = await answered(dialog, tmp_path, "welcome.idea", *typed, "enter")
    assert answer == typed


async def test_joiners_typed_in_several_lines_are_kept(dialog: Dialog, tmp_path: Path) -> None:
    typed = "من\u200cمی 👩\u200d💻"
    answer = await answered(dialog, tmp_path, "welcome.participants", *typed, "enter", "x", "f3")
    assert answer == f"{typed}\nx"


async def test_a_partner_renamed_in_a_burst(dialog: Dialog, tmp_path: Path) -> None:
    conversation = walk_past_required(
        Conversation(dialog), "welcome.idea", {"welcome.partners": PARTNERS}
    )
    conversation.go_to("welcome.partners")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None and not app.keys.holding)
        # To the list, its first partner, Enter to edit: the name is selected, typing replaces it.
        burst(app, "shift+tab", "home", "enter", *"Acme [Renamed]", "enter", "f3")
        await until(
            pilot,
            lambda: (
                conversation.current is not None and conversation.current.id != "welcome.partners"
            ),
        )
    assert [(p.name, p.sector) for p in conversation.partners] == [
        ("Acme [Renamed]", "school"),
        ("Beta", "other"),
    ]


async def test_a_key_run_by_a_binding_after_a_move_waits_its_turn(
    dialog: Dialog, tmp_path: Path
) -> None:
    # Enter in the list edits a partner (a move: the keys after it are held, then handed
    # back one by one). Ctrl+U is the name field's binding, run once the key has passed
    # up to the app: the letters after it must wait for it, or the first is typed and
    # then cleared ("race" for "Grace").
    conversation = walk_past_required(
        Conversation(dialog), "welcome.idea", {"welcome.partners": PARTNERS}
    )
    conversation.go_to("welcome.partners")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None and not app.keys.holding)
        burst(app, "shift+tab", "end", "enter", "ctrl+u", *"Grace [b]", "enter", "f3")
        await until(
            pilot,
            lambda: (
                conversation.current is not None and conversation.current.id != "welcome.partners"
            ),
        )
    assert [(p.name, p.sector) for p in conversation.partners] == [
        ("Acme", "school"),
        ("Grace [b]", "other"),
    ]
