"""`srs-advisor checkin`: what it starts, what it refuses, and check-ins in `sessions`."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from checkins import CHECKED, EXAMPLE, walk

from srs_advisor.cli import run
from srs_advisor.dialog import Dialog
from srs_advisor.engine.checkin import CheckIn
from srs_advisor.store import SessionSummary
from srs_advisor.store.chains import in_chains
from srs_advisor.store.checkins import check_in

LEVELS = Path(__file__).parent.parent / "data" / "levels"


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def replayed(folder: Path, answers: Path = EXAMPLE) -> Path:
    assert run(["replay", str(answers), "--out", str(folder)]) == 0
    return folder


def edit(folder: Path, change: dict[str, Any]) -> None:
    path = folder / "session.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(change)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def checkin_in_a_process(sessions: Path, session: str) -> subprocess.CompletedProcess[str]:
    """`srs-advisor checkin SESSION` in a process of its own; the last line of stderr says
    its exit code and whether Textual was loaded."""
    argv = ["--sessions-dir", str(sessions), "checkin", session]
    code = (
        "import sys; from srs_advisor.__main__ import main; code = main("
        f"{argv!r}); print(code, 'textual' in sys.modules, file=sys.stderr)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("kind", ["damaged", "unfinished", "older", "not a session", "no such id"])
def test_what_cannot_be_checked_in_on_is_said_before_the_advisor_starts(
    tmp_path: Path, kind: str
) -> None:
    sessions = tmp_path / "sessions"
    earlier = replayed(sessions / "earlier")
    named = str(earlier)
    if kind == "damaged":
        (earlier / "session.json").write_text('{"id": "x", "answers": [', encoding="utf-8")
    elif kind == "unfinished":
        edit(earlier, {"current": "formality.risk", "complete": False})
    elif kind == "older":
        edit(earlier, {"dialog_version": "2.0"})
    elif kind == "not a session":
        named = str(tmp_path / "elsewhere")
        Path(named).mkdir()
    else:
        named = "2020-01-01-000000-dead"
    before = digests(sessions)
    result = checkin_in_a_process(sessions, named)
    *said, last = result.stderr.strip().splitlines()
    code, textual = last.split()
    assert textual == "False"  # refused before Textual loads
    assert code == ("1" if kind == "damaged" else "2")
    message = " ".join(said)
    expected = {
        "damaged": ["session.json is damaged", "it was left as it is"],
        "unfinished": ["is not finished: it stopped at 'Risk'", f"srs-advisor resume {earlier}"],
        "older": ["version 2.0 of the questions", "this advisor asks version 3.0"],
        "not a session": ["there is no saved session at", "elsewhere"],
        "no such id": ["there is no saved session at", named],
    }[kind]
    for part in expected:
        assert part in message, message
    if kind in ("damaged", "unfinished", "older"):
        assert str(earlier) in message
    assert digests(sessions) == before  # nothing written, nothing started
    assert sorted(p.name for p in sessions.iterdir()) == ["earlier"]


def test_checkin_saves_the_new_session_then_opens_the_advisor_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = tmp_path / "sessions"
    earlier = replayed(sessions / "earlier")
    before = digests(earlier)
    opened: list[Any] = []

    def run_tui(*args: Any) -> int:
        conversation = args[-1]
        opened.append(conversation)
        folder = sessions / conversation.session.id
        # Saved before the advisor shows it, as a new session is.
        opened.append(json.loads((folder / "session.json").read_text(encoding="utf-8")))
        return 0

    monkeypatch.setattr("srs_advisor.tui.run.run_tui", run_tui)
    assert run(["--sessions-dir", str(sessions), "checkin", str(earlier)]) == 0
    conversation, saved = opened
    assert isinstance(conversation, CheckIn)
    assert conversation.current is not None and conversation.current.id == "checkin.intro"
    first = json.loads((earlier / "session.json").read_text(encoding="utf-8"))
    assert saved["checkin"]["session"] == first["id"]
    assert saved["checkin"]["folder"] == str(earlier.resolve())
    assert [m["session"] for m in saved["checkin"]["meetings"]] == [first["id"]]
    assert digests(earlier) == before


def test_sessions_lists_a_chain_of_checkins_in_order(
    tmp_path: Path, dialog: Dialog, capsys: pytest.CaptureFixture[str]
) -> None:
    sessions = tmp_path / "sessions"
    first = replayed(sessions / "first")
    edit(first, {"created": "2026-11-20T15:00:00Z", "updated": "2026-11-20T17:00:00Z"})
    one = check_in(dialog, first, sessions, CHECKED)
    walk(one, {})
    two = check_in(dialog, sessions / one.session.id, sessions, CHECKED + timedelta(days=90))
    # The second check-in is under way: listed, at the question it stopped at.
    two.answer()
    other = replayed(sessions / "other", LEVELS / "informal.toml")
    edit(other, {"updated": "2026-01-01T12:00:00Z"})  # saved before the check-ins
    capsys.readouterr()  # what replay said
    assert run(["--sessions-dir", str(sessions), "sessions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Sessions in {sessions} (each check-in under the meeting it follows):"
    first_id = json.loads((first / "session.json").read_text(encoding="utf-8"))["id"]
    other_id = json.loads((other / "session.json").read_text(encoding="utf-8"))["id"]
    # The chain whose last save is newest comes first, its meetings in the order held.
    assert lines[1].startswith(f"  {first_id}  ")
    assert lines[2].startswith(f"    check-in 1: {one.session.id}  ")
    assert "finished" in lines[2]
    assert lines[3].startswith(f"      check-in 2: {two.session.id}  ")
    assert "at the check-in's action items" in lines[3]  # every item was done at check-in 1
    assert lines[4].startswith(f"  {other_id}  ")
    assert len(lines) == 5


def _summary(name: str, follows: str | None, day: int, checkin: int = 0) -> SessionSummary:
    when = datetime(2027, 1, day, tzinfo=UTC)
    return SessionSummary(
        id=name,
        folder=Path(name),
        updated=when,
        created=when,
        partners=[],
        current="end",
        answered=1,
        finished=True,
        follows=follows,
        checkin=checkin,
    )


def test_a_chain_lists_each_session_once_whatever_the_files_say() -> None:
    found = [
        _summary("b", "a", 3, 1),
        _summary("a", None, 1),
        _summary("c", "a", 2, 1),  # two check-ins on one meeting: in the order held
        _summary("lost", "gone", 9, 2),  # its meeting is not in this folder
        _summary("x", "y", 4, 1),  # two that follow each other (edited by hand)
        _summary("y", "x", 5, 1),
        _summary("self", "self", 6, 1),
    ]
    listed = [(s.id, depth) for s, depth in in_chains(found)]
    assert sorted(name for name, _ in listed) == sorted(s.id for s in found)
    assert listed.index(("a", 0)) < listed.index(("c", 1)) < listed.index(("b", 1))
    assert listed[0] == ("lost", 0)  # the newest save first


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ({"meetings": []}, "checkin.meetings"),
        ({"answers": {"welcome.partners": 5}}, "checkin.answers.welcome.partners"),
        ({"items": "all done"}, "checkin.items"),
        (5, "checkin"),
    ],
    ids=["no meetings", "an answer of the wrong shape", "items not a list", "not a record"],
)
def test_a_damaged_checkin_record_is_said_and_left_as_it_is(
    tmp_path: Path,
    dialog: Dialog,
    damage: Any,
    said: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sessions = tmp_path / "sessions"
    checkin = check_in(dialog, replayed(sessions / "first"), sessions, CHECKED)
    folder = sessions / checkin.session.id
    data = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    data["checkin"] = {**data["checkin"], **damage} if isinstance(damage, dict) else damage
    (folder / "session.json").write_text(json.dumps(data), encoding="utf-8")
    before = digests(sessions)
    capsys.readouterr()
    assert run(["--sessions-dir", str(sessions), "sessions"]) == 0
    out = capsys.readouterr()
    assert f"skipped: {folder / 'session.json'} is damaged" in out.err and said in out.err
    assert "first" not in out.err  # the others still list
    assert run(["--sessions-dir", str(sessions), "export", str(folder)]) == 1
    assert run(["--sessions-dir", str(sessions), "checkin", str(folder)]) == 1
    assert "is damaged" in capsys.readouterr().err
    assert digests(sessions) == before
