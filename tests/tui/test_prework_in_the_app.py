"""Pre-work in the app: handed out, brought in, and shown where the meeting settles it.

The facilitator hands each partner its file (in a browser, a download per partner),
brings the filled-in files back (in a terminal), is asked before an answer the session
holds is replaced, and sees, on each success factor, what each partner answered and
where the choice starts. A partner fills its file in the advisor (`prework --fill`),
and every answer lands in the file as it is given.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from keys import until
from prework_files import ANSWERS, CHURCH, COUNTY, FILES, HOSPITAL, fill_in, session_at_readiness
from test_saves_in_a_browser import InABrowser, notices, screen_text
from textual.widgets import Button, Input, OptionList, Static
from walk import walk_to

import srs_advisor.tui.downloads as downloads
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.engine.prework_merge import apply_merge
from srs_advisor.resources import content_dir
from srs_advisor.store import load_session
from srs_advisor.store.prework import plan_files, read_prework
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.commands import advisor_commands
from srs_advisor.tui.prework_fill import PreworkDoneScreen, fill_app
from srs_advisor.tui.screens.prework import (
    ConflictsScreen,
    MergePreworkScreen,
    PreworkFilesScreen,
    hand_out_prework,
    merge_prework,
)


def answered(path: Path, dialog: Dialog, step: str) -> str | None:
    """The answer to `step` in the pre-work file at `path`, as merge would read it."""
    return read_prework(path, dialog).answers.get(step)


def at(conversation: Conversation, step: str) -> bool:
    return conversation.current is not None and conversation.current.id == step


def handed_out(app_files: Path, conversation: Conversation) -> dict[str, Path]:
    """The partners' files as the app writes them, filled in as in ANSWERS."""
    from srs_advisor.engine.prework import form_for
    from srs_advisor.store.prework import page_reader, prework_text

    app_files.mkdir(parents=True, exist_ok=True)
    paths = {}
    for partner in conversation.partners:
        path = app_files / FILES[partner.name]
        text = prework_text(
            conversation.dialog, form_for(conversation, partner), page_reader(content_dir()), ""
        )
        path.write_text(text, encoding="utf-8")
        fill_in(path, ANSWERS[partner.name])
        paths[partner.name] = path
    return paths


async def test_each_partner_gets_its_file_and_in_a_browser_it_is_a_download(
    dialog: Dialog, tmp_path: Path
) -> None:
    browser = tmp_path / "browser-downloads"
    browser.mkdir()
    conversation = session_at_readiness(dialog, tmp_path / "session")
    app = InABrowser(dialog, content_dir(), tmp_path, conversation, downloads=browser)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        titles = [c.title for c in advisor_commands(app, app.screen)]
        assert "Pre-work files for the partners" in titles
        assert "Bring in pre-work files" not in titles  # no server path from a browser
        hand_out_prework(app)
        await until(pilot, lambda: bool(app.screen.query(".prework-file")))
        assert isinstance(app.screen, PreworkFilesScreen)
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert labels[:3] == [f"{p}: {FILES[p]}" for p in (COUNTY, HOSPITAL, CHURCH)]
        for number in range(3):
            await pilot.click(f"#partner-{number}")
            await until(pilot, lambda n=number: notices(app).count("Downloaded") > n)
    assert sorted(p.name for p in browser.iterdir()) == sorted(FILES.values())
    form = read_prework(browser / FILES[CHURCH], dialog)
    assert form.partner == CHURCH and form.session == conversation.session.id


async def test_in_a_terminal_the_files_go_to_the_downloads_folder(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(downloads, "user_downloads_path", lambda: tmp_path / "Downloads")
    conversation = session_at_readiness(dialog, tmp_path / "session")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        hand_out_prework(app)
        await until(pilot, lambda: app.focused is not None and app.focused.id == "partner-0")
        await pilot.press("enter")  # the first partner's button has the focus
        await until(pilot, lambda: "Saved to" in notices(app))
    assert [p.name for p in (tmp_path / "Downloads").iterdir()] == [FILES[COUNTY]]


async def test_the_meeting_sees_each_partners_answer_and_starts_at_the_most_cautious(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    plan = plan_files(conversation, list(handed_out(tmp_path / "files", conversation).values()))
    apply_merge(conversation, plan, {}, replace=False, now=conversation.session.created)
    walk_to(conversation, "readiness.trust", {})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.screen.query(OptionList)))
        hint = str(app.screen.query_one("#hint", Static).render())
        assert (
            f"Before the meeting (pre-work), {COUNTY}: Yes, in place; {HOSPITAL}: Partly; "
            f"{CHURCH}: Not yet." in " ".join(hint.split())
        )
        assert "the choice starts at the most cautious, Not yet (the advisor's own choice" in (
            " ".join(hint.split())
        )
        options = app.screen.query_one("#choices", OptionList)
        assert options.highlighted_option is not None
        assert options.highlighted_option.id == "not-yet"
        await pilot.press("up", "enter")  # the meeting settles on Partly
        await until(pilot, lambda: conversation.answer_of("readiness.trust") == "partly")
    saved = load_session(tmp_path / "session", dialog)
    assert saved.answers["readiness.trust"] == "partly"
    assert saved.prework.answers["readiness.trust"][CHURCH] == "not-yet"


async def test_bringing_files_in_asks_before_replacing_an_answer(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    paths = handed_out(tmp_path / "files", conversation)
    conversation.take_answers({"purpose.goals": {HOSPITAL: "What the meeting said"}})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        merge_prework(app)
        await until(pilot, lambda: bool(app.screen.query("#prework-paths")))
        assert isinstance(app.screen, MergePreworkScreen)
        field = app.screen.query_one("#prework-paths", Input)
        field.value = str(tmp_path / "files")  # the folder: every file in it
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#conflict-list")))
        assert isinstance(app.screen, ConflictsScreen)
        await until(pilot, lambda: app.focused is not None and app.focused.id == "keep")  # safe
        asked = screen_text(app)
        assert (
            f"{HOSPITAL}: the session says “What the meeting said”; "
            f"{paths[HOSPITAL]} says “Meet [b]quality[/b] measures”" in " ".join(asked.split())
        )
        await pilot.press("enter")
        await until(pilot, lambda: "Merged the pre-work of" in notices(app))
    saved = load_session(tmp_path / "session", dialog)
    assert saved.answers["purpose.goals"] == {
        COUNTY: ANSWERS[COUNTY]["goals"],
        HOSPITAL: "What the meeting said",  # not replaced
    }
    assert saved.prework.answers["readiness.trust"] == {
        COUNTY: "in-place",
        HOSPITAL: "partly",
        CHURCH: "not-yet",
    }


async def test_a_bad_file_brought_in_is_named_with_its_reason_and_nothing_merged(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    paths = handed_out(tmp_path / "files", conversation)
    bad = paths[CHURCH]
    bad.write_text(bad.read_text("utf-8").replace('"not-yet"', '"nope"'), "utf-8")
    before = (tmp_path / "session" / "session.json").read_bytes()
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        merge_prework(app)
        await until(pilot, lambda: bool(app.screen.query("#prework-paths")))
        app.screen.query_one("#prework-paths", Input).value = " ".join(
            f"'{p}'" for p in paths.values()
        )
        await pilot.press("enter")
        problems = app.screen.query_one("#merge-problems", Static)
        await until(pilot, lambda: problems.display)
        said = " ".join(str(problems.render()).split())
    assert f"Not merged: {bad}: readiness.trust (Trust): 'nope' is not one of the choices" in said
    assert "Nothing was merged" in said
    assert (tmp_path / "session" / "session.json").read_bytes() == before
    assert conversation.session.prework.merged == []


async def test_a_partner_fills_its_file_in_the_advisor_and_each_answer_lands_in_it(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    path = handed_out(tmp_path / "files", conversation)[CHURCH]
    path.write_text(path.read_text("utf-8").replace('"not-yet"', '""'), "utf-8")
    path.write_text(path.read_text("utf-8").replace('"partly"', '""'), "utf-8")
    form = read_prework(path, dialog)
    assert form.answers == {"purpose.benefits": 'Families """supported"""'}
    app, store = fill_app(dialog, content_dir(), path, form)
    filling = app.conversation
    assert filling is not None
    assert filling.current is not None and filling.current.id == "readiness.objectives"
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.screen.query(OptionList)))
        assert "Pre-work: Grace Church" in app.title
        await pilot.press("down", "down", "enter")  # objectives: not yet
        await until(pilot, lambda: answered(path, dialog, "readiness.objectives") == "not-yet")
        await pilot.press("f4")  # balance left blank
        await until(pilot, lambda: at(filling, "readiness.trust"))
        await pilot.press("down", "enter")
        await until(pilot, lambda: "readiness.trust" in read_prework(path, dialog).answers)
        while filling.current is not None and filling.current.id != "purpose.goals":
            await pilot.press("f4")
            await pilot.pause()
        await until(pilot, lambda: app.focused is not None and app.focused.id == "long-text")
        await pilot.press(*"[b]Us[/b]", "enter", *"two")
        await pilot.press("f3")
        await until(pilot, lambda: "purpose.goals" in read_prework(path, dialog).answers)
        while not isinstance(app.screen, PreworkDoneScreen):
            await pilot.press("f4")
            await pilot.pause()
        done = screen_text(app)
        assert f"Your answers are saved in {path}" in " ".join(done.split())
        assert "[b]Us[/b]" in done
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["readiness"]["objectives"] == "not-yet"
    assert data["readiness"]["balance"] == ""
    assert data["readiness"]["trust"] == "partly"
    assert data["purpose"]["goals"] == "[b]Us[/b]\ntwo\n"
    assert data["purpose"]["benefits"] == 'Families """supported"""\n'  # kept as it was
    assert data["prework"]["partner"] == CHURCH
    assert not store.unsaved
