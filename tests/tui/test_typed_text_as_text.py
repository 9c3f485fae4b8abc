"""Text typed by users, or read from files, is shown as text: never markup, links or actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from keys import chat_says, type_text, until
from textual import events
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static, TextArea
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep, kept
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.confirm import ConfirmScreen
from srs_advisor.tui.screens.confirm_quit import ConfirmQuitScreen
from srs_advisor.tui.screens.review import ReviewScreen
from srs_advisor.tui.screens.save_elsewhere import SaveElsewhereScreen
from srs_advisor.tui.shown import SHOWN_NAME

NAMES = ["Acme [Holdings] Ltd", "Smith [/] Jones", "[@click=app.quit]Click me[/]"]
PARTNERS = [{"name": name, "sector": "other"} for name in NAMES]


def shown(widgets: object) -> str:
    return "\n".join(str(w.render()) for w in widgets)  # type: ignore[attr-defined]


def options(listing: OptionList) -> str:
    """The lines of a list as the user reads them; each must be text, not markup to parse."""
    prompts = [listing.get_option_at_index(n).prompt for n in range(listing.option_count)]
    assert all(isinstance(p, Content) for p in prompts), prompts  # text by construction
    return "\n".join(p.plain for p in prompts if isinstance(p, Content))


async def test_partner_names_show_as_typed_everywhere(dialog: Dialog, tmp_path: Path) -> None:
    folder = tmp_path / "sessions" / "one"
    conversation = keep(Conversation(dialog), folder)
    walk_to(
        conversation,
        "purpose.benefits",
        {"welcome.partners": PARTNERS, "purpose.goals": {NAMES[1]: "Fewer [b]visits[/b]"}},
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path / "sessions", conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        labels = shown(app.screen.query("Label.partner-label"))
        for name in NAMES:
            assert name in labels  # the per-partner labels
        await pilot.press("ctrl+r")
        await until(
            pilot,
            lambda: isinstance(app.screen, ReviewScreen) and bool(app.screen.query(OptionList)),
        )
        listing = options(app.screen.query_one(OptionList))
        assert "Smith [/] Jones: Fewer [b]visits[/b]" in listing  # the review
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running  # nothing typed ran an action
    # The start screen lists the saved session with its partners as they were typed.
    start = AdvisorApp(dialog, content_dir(), tmp_path / "sessions")
    async with start.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: bool(start.screen.query("#saved")))
        saved = options(start.screen.query_one("#saved", OptionList))
        for name in NAMES:
            assert name in saved


async def test_the_partner_list_shows_names_as_typed(dialog: Dialog, tmp_path: Path) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    walk_to(conversation, "welcome.idea", {"welcome.partners": PARTNERS})
    conversation.back()
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        listing = options(app.screen.query_one("#partner-list", OptionList))
        for name in NAMES:
            assert f"{name}  (Other)" in listing
        assert not any(
            isinstance(w, Label)
            and "Click me" in str(w.render())
            and "@click" not in str(w.render())
            for w in app.screen.query(Label)
        )


# Names that are markup, a link, an action, and characters a terminal would obey: each
# with what the screen must show, exactly (control and bidi characters as escapes).
HOSTILE = {
    "Acme [Holdings] Ltd": "Acme [Holdings] Ltd",
    "Smith [/] Jones": "Smith [/] Jones",
    "[@click=app.quit]x[/]": "[@click=app.quit]x[/]",
    "[link='https://example.org']x[/link]": "[link='https://example.org']x[/link]",
    "Evil\u202eCorp \u2066ltr\u2069": "Evil\\u202eCorp \\u2066ltr\\u2069",
}
HOSTILE_PARTNERS = [{"name": name, "sector": "other"} for name in HOSTILE]
ANSWER = "Fewer [b]visits[/b], see [link=https://example.org]here[/link] \u202eok"
ANSWER_SHOWN = "Fewer [b]visits[/b], see [link=https://example.org]here[/link] \\u202eok"


def plain(widget: object) -> str:
    """What a widget shows, asserting that it is text by construction (a `Content`)."""
    rendered = widget.render()  # type: ignore[attr-defined]
    assert isinstance(rendered, Content), rendered
    return rendered.plain


async def test_hostile_names_show_exactly_as_typed_on_every_screen(
    dialog: Dialog, tmp_path: Path
) -> None:
    folder = tmp_path / "sessions" / "one"
    conversation = keep(Conversation(dialog), folder)
    goals = {name: ANSWER for name in HOSTILE}
    walk_to(
        conversation,
        "purpose.benefits",
        {"welcome.partners": HOSTILE_PARTNERS, "purpose.goals": goals},
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path / "sessions", conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        labels = [plain(w) for w in app.screen.query("Label.partner-label")]
        assert labels == list(HOSTILE.values())  # the per-partner labels, exactly
        placeholders = [w.placeholder for w in app.screen.query("Input.per-partner")]
        assert placeholders == [f"{shown}'s answer" for shown in HOSTILE.values()]
        chat = chat_says(app, "you")
        assert f"{HOSTILE_SHOWN_GOALS}" in chat  # the chat, exactly
        for label in app.screen.query("Label.partner-label"):
            await pilot.click(label)  # a click on `[@click=app.quit]` runs nothing
        assert app.is_running
        await pilot.press("ctrl+r")
        await until(
            pilot,
            lambda: isinstance(app.screen, ReviewScreen) and bool(app.screen.query(OptionList)),
        )
        review = options(app.screen.query_one(OptionList)).splitlines()
        assert (
            "  Partner organizations: Acme [Holdings] Ltd (Other) / Smith [/] Jones (Other) /…"
        ) in review
        assert "  Each partner's goals: Acme [Holdings] Ltd: Fewer [b]visits[/b], see…" in review
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    start = AdvisorApp(dialog, content_dir(), tmp_path / "sessions")
    async with start.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: bool(start.screen.query("#saved")))
        saved = options(start.screen.query_one("#saved", OptionList))
        assert ", ".join(HOSTILE.values()) in saved  # the start screen's list, exactly
        await pilot.click("#saved")
        await pilot.pause()
        assert start.is_running


HOSTILE_SHOWN_GOALS = "\n".join(f"{shown}: {ANSWER_SHOWN}" for shown in HOSTILE.values())


async def test_the_partner_list_and_its_remove_dialog_show_names_as_typed(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    goals = {name: "Yes" for name in HOSTILE}
    walk_to(
        conversation,
        "purpose.benefits",
        {"welcome.partners": HOSTILE_PARTNERS, "purpose.goals": goals},
    )
    conversation.go_to("welcome.partners")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        listing = app.screen.query_one("#partner-list", OptionList)
        assert options(listing).splitlines() == [f"{s}  (Other)" for s in HOSTILE.values()]
        listing.focus()
        listing.highlighted = 4
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        texts = [plain(w) for w in app.screen.query(Static)]
        assert texts[0] == "Remove Evil\\u202eCorp \\u2066ltr\\u2069?"
        assert texts[1].startswith(
            "Evil\\u202eCorp \\u2066ltr\\u2069 has answers to: each partner's goals."
        )
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_controls_pasted_into_an_input_show_as_visible_characters(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    walk_to(conversation, "welcome.idea", {"welcome.partners": PARTNERS})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    pasted = "a\x1b]52;c;aGk=\x07b\x9b31mc\u202ed"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        field = app.focused
        assert isinstance(field, Input)
        field.post_message(events.Paste(pasted))
        await until(pilot, lambda: field.value == pasted)  # the value keeps what was pasted
        drawn = "".join(segment.text for segment in field.render_line(0))
        # ESC shows as ␛, the C1 CSI and U+202E as the replacement character; Rich itself
        # drops the BEL that ended the clipboard sequence.
        assert "a␛]52;c;aGk=b\ufffd31mc\ufffdd" in drawn
        assert not any(c in drawn for c in "\x1b\x07\x9b\u202e")
        await pilot.press("enter")
        await until(pilot, lambda: conversation.answer_of("welcome.idea") is not None)
    # The engine keeps the text, without the controls a terminal would obey.
    assert conversation.answer_of("welcome.idea") == "a]52;c;aGk=b31mc\u202ed"


async def test_a_1_mb_partner_name_is_shown_cut_and_the_app_stays_usable(
    dialog: Dialog, tmp_path: Path
) -> None:
    folder = tmp_path / "sessions" / "huge"
    conversation = keep(Conversation(dialog), folder)
    walk_to(conversation, "welcome.idea", {"welcome.partners": PARTNERS})
    data = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    huge = "N" * 1_000_000
    data["answers"]["welcome.partners"][0]["name"] = huge
    (folder / "session.json").write_text(json.dumps(data), encoding="utf-8")
    shown_name = "N" * SHOWN_NAME + "… (1,000,000 characters)"
    app = AdvisorApp(dialog, content_dir(), tmp_path / "sessions")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#saved")))
        saved = options(app.screen.query_one("#saved", OptionList))
        assert saved.count("N") == SHOWN_NAME and shown_name in saved
        app.resume_folder(folder)
        await until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Share a nurse")
        await pilot.press("enter")
        await until(pilot, lambda: conversation_of(app).current.id != "welcome.idea")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = options(app.screen.query_one(OptionList))
        assert "  Partner organizations: " + "N" * 69 + "…" in review.splitlines()
        await pilot.press("escape")
    on_disk = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    assert on_disk["answers"]["welcome.partners"][0]["name"] == huge  # kept exactly
    assert on_disk["answers"]["welcome.idea"] == "Share a nurse"


def conversation_of(app: AdvisorApp) -> Any:
    """The conversation the app's screen is running."""
    return app.screen.conversation  # type: ignore[attr-defined]


async def test_a_saved_answer_too_long_to_edit_is_kept_not_loaded(
    dialog: Dialog, tmp_path: Path
) -> None:
    folder = tmp_path / "s1"
    conversation = keep(Conversation(dialog), folder)
    walk_to(
        conversation,
        "purpose.effects",
        {"welcome.partners": PARTNERS, "purpose.problem": "Too few nurses."},
    )
    data = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    huge = "x" * 5_000_000  # a file may hold what no one could type
    data["answers"]["purpose.problem"] = huge
    (folder / "session.json").write_text(json.dumps(data), encoding="utf-8")
    app = AdvisorApp(dialog, content_dir(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.resume_folder(folder)
        await until(pilot, lambda: app.conversation is not None and app.focused is not None)
        resumed = app.conversation
        assert resumed is not None
        chat = chat_says(app, "you")
        assert "x" * 4_000 + "… (5,000,000 characters)" in chat  # shown cut
        app.screen.jump_to("purpose.problem")  # type: ignore[attr-defined]
        await until(pilot, lambda: isinstance(app.focused, TextArea))
        assert app.focused.text == ""  # type: ignore[union-attr]
        note = plain(app.screen.query_one(".too-long", Label))
        assert note.startswith("The saved answer is 5,000,000 characters long, more than the")
        assert note.endswith("or skip the question (Ctrl+N) to keep it.")
        await pilot.press("ctrl+n")
        await until(
            pilot, lambda: resumed.current is not None and resumed.current.id != "purpose.problem"
        )
    on_disk = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    assert on_disk["answers"]["purpose.problem"] == huge  # kept exactly


async def test_notices_and_the_save_elsewhere_dialog_show_names_as_typed(
    dialog: Dialog, tmp_path: Path
) -> None:
    # A sessions folder whose name is markup and a terminal sequence, and a plain file:
    # every save fails, and the messages quote the path.
    odd = tmp_path / "[@click=app.quit]x [b]y \x1b]2;t\x07"
    odd.write_text("not a folder")
    conversation = keep(Conversation(dialog), odd / "s1")
    app = AdvisorApp(dialog, content_dir(), odd, conversation)
    odd_shown = str(tmp_path) + "/[@click=app.quit]x [b]y \\x1b]2;t\\x07"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("enter")  # the welcome page: its save fails
        await until(pilot, lambda: kept(conversation).unsaved)
        await until(pilot, lambda: isinstance(app.focused, TextArea))  # who takes part
        await pilot.press("ctrl+n")  # passed: the partner list is next
        await until(pilot, lambda: isinstance(app.focused, Input))
        told = [n.message for n in app._notifications]
        assert any(m.startswith(f"Not saved: Cannot write to {odd_shown}/s1:") for m in told), told
        app.focused.value = "[link='https://example.org']Acme[/link]"  # type: ignore[union-attr]
        await pilot.press("enter")  # the partner's name, but no sector yet
        status = app.screen.query_one("#partner-status", Label)
        await until(pilot, lambda: "Pick a sector" in plain(status))
        assert plain(status) == (
            "Pick a sector for [link='https://example.org']Acme[/link]: Enter opens the list."
        )
        await pilot.press("ctrl+q")
        # The name typed but not added is an answer not given: quitting asks first.
        await until(pilot, lambda: isinstance(app.screen, ConfirmQuitScreen))
        await pilot.press("tab", "enter")  # from Stay to Quit
        await until(pilot, lambda: isinstance(app.screen, SaveElsewhereScreen))
        texts = [plain(w) for w in app.screen.query(Static)]
        assert texts[1].startswith(f"Cannot write to {odd_shown}/s1: Not a directory")
        assert "\x1b" not in " ".join(texts)
        quoted = app.screen.query(Static)[1]
        await pilot.click(quoted, offset=(len(str(tmp_path)) + 18, 0))  # on "[@click=...]"
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, SaveElsewhereScreen)
