"""A table of damaged session files: each gets its own message, and the rest still list.

Every kind of damage a file can come to (a kill, a disk, an editor, a person) is
here with the message the user reads, in `list_sessions` and `srs-advisor sessions`, in
`srs-advisor resume` and `export` (every format), and on the start screen (its list, and
choosing the session); each time the file is left byte for byte as it was. The kinds of
tests/unit/test_damaged_sessions.py are run again here, with more of the suite's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from keys import until
from textual.widgets import OptionList
from unit.test_damaged_sessions import DAMAGE as UNIT_DAMAGE
from unit.test_damaged_sessions import good

from srs_advisor.__main__ import main
from srs_advisor.dialog import Dialog
from srs_advisor.resources import content_dir
from srs_advisor.store import SESSION_FILE, SessionError, list_sessions, load_session
from srs_advisor.tui.app import AdvisorApp

Damage = Callable[[Path, dict[str, Any]], None]


def edited(change: Callable[[dict[str, Any]], None]) -> Damage:
    def write(path: Path, data: dict[str, Any]) -> None:
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return write


def field(name: str, value: Any) -> Damage:
    return edited(lambda d: d.update({name: value}))


def text(value: str) -> Damage:
    def write(path: Path, data: dict[str, Any]) -> None:
        path.write_text(value.replace("$SESSION", json.dumps(data)), encoding="utf-8")

    return write


def raw(value: bytes) -> Damage:
    return lambda path, _: path.write_bytes(value)


def directory(path: Path, _: dict[str, Any]) -> None:
    path.mkdir()


def link_loop(path: Path, _: dict[str, Any]) -> None:
    path.symlink_to(path.name)  # session.json -> session.json


def dangling(path: Path, _: dict[str, Any]) -> None:
    path.symlink_to("nowhere.json")


def answer(store: str, step: str, value: Any) -> Damage:
    return edited(lambda d: d[store].update({step: value}))


PARTNERS = "welcome.partners"


def huge(path: Path, data: dict[str, Any]) -> None:
    data["answers"]["purpose.problem"] = "x" * 21_000_000
    path.write_text(json.dumps(data), encoding="utf-8")


def duplicate_answers(path: Path, data: dict[str, Any]) -> None:
    body = json.dumps(data)
    path.write_text(body[:-1] + ', "answers": {}}', encoding="utf-8")


DAMAGE: dict[str, tuple[Damage, str]] = {
    **UNIT_DAMAGE,
    "a folder named session.json": (directory, "it is not a regular file"),
    "a link to itself": (link_loop, "Too many levels of symbolic links"),
    "a dangling link": (dangling, "No saved session at"),
    "invalid UTF-8": (raw(b'{"id": "caf\xe9"}'), "is not UTF-8 text"),
    "0 bytes": (raw(b""), "not valid JSON at line 1"),
    "NaN": (text('{"schema_version": NaN}'), "`NaN` is not a JSON value"),
    "Infinity": (text('{"schema_version": 1, "x": -Infinity}'), "`-Infinity` is not a JSON"),
    "a key twice": (duplicate_answers, "the key `answers` appears twice"),
    "over 20 MB": (huge, "more than the 20,971,520 allowed"),
    "a NUL in the middle": (text("$SESSION\x00"), "not valid JSON"),
    "only a BOM": (raw(b"\xef\xbb\xbf"), "not valid JSON"),
    "UTF-16": (lambda p, d: p.write_bytes(json.dumps(d).encode("utf-16")), "not UTF-8 text"),
    "id a number": (field("id", 7), "(id: Input should be a valid string)"),
    "dialog_id null": (field("dialog_id", None), "(dialog_id: Input should be a valid string)"),
    "dialog_version a list": (field("dialog_version", []), "(dialog_version: Input should be"),
    "created not a time": (field("created", "yesterday"), "(created: Input should be a valid"),
    "updated a list": (field("updated", [2026]), "(updated: Input should be a valid datetime"),
    "current a number": (field("current", 3), "(current: Input should be a valid string)"),
    "history a string": (field("history", "welcome.intro"), "(history: Input should be a valid"),
    "history of numbers": (field("history", [1, 2]), "(history.0: Input should be a valid str"),
    "answers a list": (field("answers", []), "(answers: Input should be a valid dictionary)"),
    "inactive a string": (field("inactive", "x"), "(inactive: Input should be a valid dict"),
    "retired a number": (field("retired", 1), "(retired: Input should be a valid dictionary)"),
    "skipped a dict": (field("skipped", {}), "(skipped: Input should be a valid list)"),
    "parked of lists": (field("parked", [[1]]), "(parked.0: Input should be a valid string)"),
    "tentative a list": (field("tentative", [1]), "(tentative: Input should be a valid dict"),
    "digests a string": (field("transcript_digests", "ab"), "(transcript_digests: Input should"),
    "recommendation a string": (field("recommendation", "formal"), "(recommendation: Input"),
    "a level that is none": (field("chosen_level", "casual"), "(chosen_level: Input should be"),
    "level_reason a number": (field("level_reason", 5), "(level_reason: Input should be a valid"),
    "readiness a list": (field("readiness", []), "(readiness: Input should be"),
    "action items of numbers": (field("action_items", [1]), "(action_items.0: Input should be"),
    "an unknown field": (field("owner", "me"), "(owner: Extra inputs are not permitted)"),
    "schema_version true": (field("schema_version", True), "schema_version: True is not a whole"),
    "schema_version 1.0": (field("schema_version", 1.0), "schema_version: 1.0 is not a whole"),
    # Answers of a shape no step of their kind has (issue 15).
    "partners a number": (answer("answers", PARTNERS, 42), "(answers.welcome.partners: a number,"),
    "partners an object": (
        answer("answers", PARTNERS, {"name": "County Health", "sector": "public-health"}),
        "(answers.welcome.partners: an object, where a list of partners belongs)",
    ),
    "partners text": (answer("answers", PARTNERS, "County Health"), "partners: text, where a"),
    "a partner without a name": (
        answer("answers", PARTNERS, [{"sector": "public-health"}]),
        "(answers.welcome.partners: partner 1 has no name)",
    ),
    "a number for a partner's name": (
        answer("answers", PARTNERS, [{"name": 7, "sector": "public-health"}]),
        "partner 1's name is a number, not text",
    ),
    "a partner with an extra key": (
        answer("answers", PARTNERS, [{"name": "A", "sector": "public-health", "x": 1}]),
        "partner 1 holds 'x', which is not one of name, sector, id",
    ),
    "a partner as text": (answer("answers", PARTNERS, ["County"]), "partner 1 is text, not an"),
    "inactive partners a number": (
        answer("inactive", PARTNERS, 42),
        "(inactive.welcome.partners: a number, where a list of partners belongs)",
    ),
    "inactive per-partner a list": (
        answer("inactive", "purpose.goals", [1]),
        "(inactive.purpose.goals: a list, where an answer from each partner, by name belongs)",
    ),
    "inactive text a number": (answer("inactive", "purpose.problem", 5), "(inactive.purpose."),
    "tentative a number": (answer("tentative", "purpose.problem", 5), "where text belongs"),
    "per-partner values numbers": (
        answer("answers", "purpose.goals", {"County Health": 5}),
        "the answer for 'County Health' is a number, not text",
    ),
    "a choice a number": (answer("answers", "formality.duration", 2), "a number, where text"),
    "choices an object": (answer("answers", "purpose.resources", {"a": 1}), "list of choices"),
    "action items a number": (answer("answers", "formalization.draft", 1), "list of action item"),
    "an action item's what a number": (
        answer("answers", "formalization.draft", [{"what": 5}]),
        "action item 1's what is a number, not text",
    ),
    "a form a list": (answer("answers", "welcome.meeting", ["x"]), "a list, where the fields"),
    "a text answer null": (answer("answers", "purpose.problem", None), "nothing (null), where"),
    "a lone surrogate in the id": (field("id", "2026-01-01-\ud800"), "is not a session id"),
    "an id that leaves its folder": (field("id", "../../elsewhere"), "'../../elsewhere' is not a"),
    "a lone surrogate in a retired entry": (
        answer("retired", "old.step", "half \ud800 a pair"),
        "(retired.old.step: a lone surrogate",
    ),
    "a lone surrogate in a retired key": (
        answer("retired", "old \udc80", "x"),
        "(retired.old \ufffd: a lone surrogate",
    ),
    "a lone surrogate in an answer": (
        answer("answers", "purpose.problem", "\ud800"),
        "(answers.purpose.problem: a lone surrogate",
    ),
    "a lone surrogate in a history": (field("history", ["\udfff"]), "(history.0: a lone surr"),
}


def damaged(dialog: Dialog, root: Path, kind: str) -> Path:
    """A good session, and beside it one damaged as `kind` says; the damaged file's path."""
    good(dialog, root)
    bad = root / "bad"
    bad.mkdir()
    template = json.loads((root / "good" / SESSION_FILE).read_text(encoding="utf-8"))
    damage, _ = DAMAGE[kind]
    damage(bad / SESSION_FILE, template)
    return bad / SESSION_FILE


def as_it_was(path: Path) -> tuple[bool, bytes | None]:
    """What the damaged path is: a link or not, and its bytes if it is a regular file."""
    if path.is_symlink():
        return True, None
    return False, path.read_bytes() if path.is_file() and path.stat().st_size < 1e6 else None


@pytest.mark.parametrize("kind", list(DAMAGE), ids=list(DAMAGE))
def test_each_damaged_file_gets_its_message_and_the_rest_list(
    dialog: Dialog, tmp_path: Path, kind: str
) -> None:
    path = damaged(dialog, tmp_path, kind)
    before = as_it_was(path)
    found, problems = list_sessions(tmp_path, dialog)
    assert [s.folder.name for s in found] == ["good"]
    assert len(problems) == 1
    expected = DAMAGE[kind][1]
    assert str(path) in problems[0] and expected in problems[0], problems[0]
    with pytest.raises(SessionError, match="."):
        load_session(path.parent, dialog)
    assert as_it_was(path) == before


@pytest.mark.parametrize("kind", list(DAMAGE), ids=list(DAMAGE))
def test_resume_and_every_export_say_what_is_damaged_and_leave_it(
    dialog: Dialog,
    tmp_path: Path,
    kind: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = damaged(dialog, tmp_path, kind)
    before = as_it_was(path)
    expected = DAMAGE[kind][1]

    def no_app(_: object) -> None:
        raise AssertionError(f"the advisor opened the damaged session ({kind})")

    monkeypatch.setattr(AdvisorApp, "run", no_app)
    root = ["--sessions-dir", str(tmp_path)]
    runs = [["resume", str(path.parent)], ["resume", "bad"]]
    runs += [
        ["export", str(path.parent), "--what", what, "--format", fmt, "--out", str(tmp_path / "x")]
        for what in ("notes", "agreement")
        for fmt in ("md", "html", "docx")
    ]
    for words in runs:
        code = main([*root, *words])
        said = " ".join(capsys.readouterr().err.split())
        if code == 2 and words[0] == "export" and "no saved session at" in said:
            continue  # not a regular session.json (a FIFO, a folder, a link to nowhere)
        assert code == 1, (words, said)
        assert said.startswith("srs-advisor: ") and str(path) in said, (words, said)
        assert " ".join(expected.split()) in said, (words, said)
        assert "Traceback" not in said
    assert as_it_was(path) == before
    assert not (tmp_path / "x").exists()


def test_a_byte_order_mark_an_editor_added_is_no_damage(dialog: Dialog, tmp_path: Path) -> None:
    folder = good(dialog, tmp_path)
    path = folder / SESSION_FILE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_session(folder).answers["welcome.participants"] == "Dana"


def test_a_file_the_user_cannot_read_is_reported_or_read(dialog: Dialog, tmp_path: Path) -> None:
    path = damaged(dialog, tmp_path, "0 bytes")
    good_file = tmp_path / "good" / SESSION_FILE
    good_file.chmod(0)
    path.unlink()
    path.parent.rmdir()
    found, problems = list_sessions(tmp_path)
    if os.geteuid() == 0:  # root reads a mode-000 file: it lists as any other
        assert [s.folder.name for s in found] == ["good"] and problems == []
    else:
        assert found == [] and "Permission denied" in problems[0]


def test_sessions_lists_the_good_one_and_names_each_damaged_one(
    dialog: Dialog, tmp_path: Path
) -> None:
    good(dialog, tmp_path)
    kinds = ["NaN", "a key twice", "a link to itself", "answers a list", "a FIFO (would hang)"]
    kinds += ["partners an object", "inactive per-partner a list", "a lone surrogate in the id"]
    kinds += ["a lone surrogate in a retired entry", "a number for a partner's name"]
    for n, kind in enumerate(kinds):
        bad = tmp_path / f"bad{n}"
        bad.mkdir()
        template = json.loads((tmp_path / "good" / SESSION_FILE).read_text(encoding="utf-8"))
        DAMAGE[kind][0](bad / SESSION_FILE, template)
    result = subprocess.run(
        [sys.executable, "-m", "srs_advisor", "--sessions-dir", str(tmp_path), "sessions"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "County Health" in result.stdout
    for n, kind in enumerate(kinds):
        assert f"bad{n}/{SESSION_FILE}" in result.stderr and DAMAGE[kind][1] in result.stderr


async def test_the_start_screen_lists_the_good_one_beside_damaged_ones(
    dialog: Dialog, tmp_path: Path
) -> None:
    good(dialog, tmp_path)
    kinds = list(DAMAGE)
    folders: dict[str, Path] = {}
    template = json.loads((tmp_path / "good" / SESSION_FILE).read_text(encoding="utf-8"))
    for n, kind in enumerate(kinds):
        folders[kind] = tmp_path / f"bad{n:02}"
        folders[kind].mkdir()
        DAMAGE[kind][0](folders[kind] / SESSION_FILE, json.loads(json.dumps(template)))
    before = {kind: as_it_was(folder / SESSION_FILE) for kind, folder in folders.items()}
    app = AdvisorApp(dialog, content_dir(), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#saved")))
        saved = app.screen.query_one("#saved", OptionList)
        assert saved.option_count == 1
        assert "County Health" in str(saved.get_option_at_index(0).prompt)
        await until(pilot, lambda: len(app._notifications) == len(kinds))
        said = [n.message for n in app._notifications]
        for kind, folder in folders.items():
            about = [m for m in said if str(folder / SESSION_FILE) in m]
            assert len(about) == 1, (kind, about)
            assert " ".join(DAMAGE[kind][1].split()) in " ".join(about[0].split()), about
        # Chosen all the same (the list was made before the file was damaged): the same
        # message, and the start screen stays.
        start = app.screen
        for kind, folder in folders.items():
            app.clear_notifications()
            app.resume_folder(folder)
            await until(pilot, lambda: bool(app._notifications))
            message = " ".join(n.message for n in app._notifications)
            assert " ".join(DAMAGE[kind][1].split()) in " ".join(message.split()), kind
            assert app.screen is start and app.conversation is None
    for kind, folder in folders.items():
        assert as_it_was(folder / SESSION_FILE) == before[kind], kind
