"""One damaged session file is reported, with its path and why; every other session lists."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.store import SESSION_FILE, SessionError, list_sessions, load_session
from srs_advisor.store.keeper import keep


def good(dialog: Dialog, root: Path) -> Path:
    folder = root / "good"
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    conversation.answer([{"name": "County Health", "sector": "public-health"}])
    return folder


def edited(
    change: Callable[[dict[str, object]], None],
) -> Callable[[Path, dict[str, object]], None]:
    def write(path: Path, data: dict[str, object]) -> None:
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return write


def raw(text: str) -> Callable[[Path, dict[str, object]], None]:
    return lambda path, _: path.write_text(text, encoding="utf-8")


def fifo(path: Path, _: dict[str, object]) -> None:
    os.mkfifo(path)


def link_to_zero(path: Path, _: dict[str, object]) -> None:
    path.symlink_to("/dev/zero")


DAMAGE = {
    "truncated": (raw('{"schema_version": 1, "id": "x"'), "not valid JSON"),
    "empty": (raw(""), "not valid JSON"),
    "not an object": (raw("[1, 2, 3]"), "not a session file"),
    "deeply nested": (raw("[" * 100_000 + "]" * 100_000), "damaged or not a session file"),
    "a 5,001-digit number": (raw('{"schema_version": ' + "9" * 5001 + "}"), "damaged"),
    "a newer format": (edited(lambda d: d.update(schema_version=99)), "newer srs-advisor"),
    "schema version as text": (edited(lambda d: d.update(schema_version="1")), "schema_version"),
    "a time without a zone": (
        edited(lambda d: d.update(updated="2026-01-01T10:00:00")),
        "updated",
    ),
    "a missing key": (edited(lambda d: d.pop("current")), "current"),
    "a FIFO (would hang)": (fifo, "not a regular file"),
    "a link to /dev/zero (endless)": (link_to_zero, "not a regular file"),
    "binary": (lambda p, _: p.write_bytes(b"\x00\xff\xfe" * 100), "Cannot read"),
}


@pytest.mark.parametrize("kind", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_file_is_reported_and_the_rest_list(
    dialog: Dialog, tmp_path: Path, kind: str
) -> None:
    good(dialog, tmp_path)
    damage, expected = DAMAGE[kind]
    bad = tmp_path / "bad"
    bad.mkdir()
    template = json.loads((tmp_path / "good" / SESSION_FILE).read_text())
    damage(bad / SESSION_FILE, template)
    found, problems = list_sessions(tmp_path)
    assert [s.folder.name for s in found] == ["good"]
    assert len(problems) == 1
    assert str(bad / SESSION_FILE) in problems[0] and expected in problems[0], problems[0]
    with pytest.raises(SessionError):
        load_session(bad)


@pytest.mark.parametrize(
    "partners",
    ["County Health", 42, [1, 2], [{"name": 7, "sector": "x"}]],
    ids=["a string", "a number", "numbers", "a number for a name"],
)
def test_partners_of_the_wrong_type_are_damage_yet_the_listing_goes_on(
    dialog: Dialog, tmp_path: Path, partners: object
) -> None:
    folder = good(dialog, tmp_path)
    path = folder / SESSION_FILE
    data = json.loads(path.read_text())
    data["answers"]["welcome.partners"] = partners
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    # Without the dialog to say what a partner list is, the listing goes on: no partners.
    found, problems = list_sessions(tmp_path)
    assert [s.folder.name for s in found] == ["good"] and problems == []
    assert found[0].partners == (["7"] if isinstance(partners, list) and partners[0] != 1 else [])
    # With it, the file is damaged, and says why.
    found, problems = list_sessions(tmp_path, dialog)
    assert found == [] and len(problems) == 1
    assert f"{path} is damaged (answers.welcome.partners: " in problems[0]
    assert path.read_bytes() == before


def test_a_lone_surrogate_is_damage(dialog: Dialog, tmp_path: Path) -> None:
    folder = good(dialog, tmp_path)
    path = folder / SESSION_FILE
    data = json.loads(path.read_text())
    data["answers"]["welcome.partners"] = [{"name": "Lone \ud800 half", "sector": "x"}]
    path.write_text(json.dumps(data), encoding="utf-8")
    found, problems = list_sessions(tmp_path)
    assert found == []
    assert problems == [
        f"{path} is damaged (answers.welcome.partners.0.name: a lone surrogate "
        "(\\ud800-\\udfff), which is not text); it was left as it is."
    ]
