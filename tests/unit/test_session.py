"""Sessions: saved after every answer, atomically; read back; resumed against a changed dialog."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from srs_advisor.dialog import Dialog, load_dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.store import (
    NotesNotSaved,
    SessionChanged,
    SessionError,
    default_sessions_dir,
    list_sessions,
    load_session,
    session_folder,
    write_atomic,
)
from srs_advisor.store.keeper import keep, kept, resume_in

PARTNERS = [{"name": "County Health", "sector": "public-health"}]
WITH_IDS = [{**PARTNERS[0], "id": "p1"}]  # as stored: each partner gets a stable id


def test_every_answer_is_on_disk_at_once(dialog: Dialog, tmp_path: Path) -> None:
    folder = tmp_path / "s1"
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana Lee, County Health")
    saved = json.loads((folder / "session.json").read_text())
    assert saved["answers"] == {"welcome.participants": "Dana Lee, County Health"}
    assert saved["current"] == "welcome.partners"
    assert saved["dialog_version"] == dialog.meta.version
    assert "Dana Lee, County Health" in (folder / "transcript.md").read_text()
    conversation.answer(PARTNERS)
    assert load_session(folder).answers["welcome.partners"] == WITH_IDS


def test_a_saved_session_resumes_at_the_same_step_with_the_same_history(
    dialog: Dialog, tmp_path: Path
) -> None:
    first = keep(Conversation(dialog), tmp_path)
    first.answer()
    first.answer("Dana")
    first.answer(PARTNERS)
    resumed, report = resume_in(dialog, load_session(tmp_path), tmp_path)
    assert resumed.current is not None and resumed.current.id == "welcome.idea"
    assert resumed.history == first.history
    assert report.retired == {} and not report.dialog_changed


def test_session_json_carries_the_public_fields(dialog: Dialog, tmp_path: Path) -> None:
    keep(Conversation(dialog), tmp_path).save()
    saved = json.loads((tmp_path / "session.json").read_text())
    for key in ("answers", "parked", "recommendation", "chosen_level", "readiness", "action_items"):
        assert key in saved
    assert saved["readiness"] == {"gaps": []}
    assert saved["schema_version"] == 1


def test_a_damaged_session_file_gets_a_clear_message_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text('{"answers": {')
    with pytest.raises(SessionError, match="damaged .*left as it is"):
        load_session(tmp_path)
    assert path.read_text() == '{"answers": {'
    path.write_text('{"id": 3}')
    with pytest.raises(SessionError, match="damaged or not a session file"):
        load_session(path)
    path.write_text("[]")
    with pytest.raises(SessionError, match="not a session file"):
        load_session(path)
    with pytest.raises(SessionError, match="No saved session"):
        load_session(tmp_path / "elsewhere")


def test_a_session_from_a_newer_version_is_refused_politely(dialog: Dialog, tmp_path: Path) -> None:
    keep(Conversation(dialog), tmp_path).save()
    data = json.loads((tmp_path / "session.json").read_text())
    data["schema_version"] = 99
    (tmp_path / "session.json").write_text(json.dumps(data))
    with pytest.raises(SessionError, match="newer srs-advisor"):
        load_session(tmp_path)


def test_an_unwritable_folder_is_a_clear_error_and_the_answer_stays_in_memory(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation = keep(Conversation(dialog), tmp_path / "s")
    conversation.answer()

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, who can write anywhere: refuse the write the way the OS would.
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(SessionError, match="Cannot write to .*Permission denied"):
        conversation.answer("Dana")
    assert conversation.session.answers["welcome.participants"] == "Dana"
    monkeypatch.undo()
    conversation.save()  # once the folder is writable again, nothing was lost
    assert load_session(tmp_path / "s").answers["welcome.participants"] == "Dana"


def test_a_failed_write_keeps_the_last_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "session.json"
    write_atomic(target, "old")

    def no_space(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(SessionError, match="No space left on device"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]  # no temporary left behind


def test_a_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    with pytest.raises(SessionError, match="Cannot write to"):
        write_atomic(tmp_path / "blocker" / "session.json", "x")


def test_resuming_against_a_changed_dialog_keeps_what_still_fits(
    dialog: Dialog, tmp_path: Path, minimal_dir: Path
) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    conversation.answer()
    conversation.answer("Dana")
    conversation.answer(PARTNERS)
    session = load_session(tmp_path)
    # The minimal dialog has no welcome phase at all, and a partners step of its own.
    minimal = load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    resumed, report = Conversation.resume(minimal, session)
    assert report.dialog_changed
    assert set(report.retired) == {"welcome.participants", "welcome.partners"}
    assert resumed.session.retired["welcome.participants"] == "Dana"
    assert resumed.current is not None and resumed.current.id == "intro.partners"


def test_resuming_drops_an_answer_that_no_longer_fits_its_step(
    dialog: Dialog, tmp_path: Path, minimal_dir: Path
) -> None:
    minimal = load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    conversation = keep(Conversation(minimal), tmp_path)
    conversation.answer(PARTNERS)
    conversation.answer("bad")
    # A new version of the dialog renames the choice `bad` to `poor`.
    changed = minimal_dir / "changed"
    shutil.copytree(minimal_dir / "dialogs", changed)
    main = changed / "20-main.toml"
    main.write_text(main.read_text().replace('"bad"', '"poor"'))
    (changed / "dialog.toml").write_text(
        (changed / "dialog.toml").read_text().replace('"1"', '"2"')
    )
    new = load_dialog(changed, minimal_dir / "content")
    resumed, report = resume_in(new, load_session(tmp_path), tmp_path)
    assert list(report.retired) == ["main.mood"]
    assert "no longer fits" in report.retired["main.mood"]
    assert resumed.session.answers == {"intro.partners": WITH_IDS}
    assert resumed.current is not None and resumed.current.id == "main.mood"
    assert load_session(tmp_path).dialog_version == "2"


def test_sessions_are_listed_newest_first_and_bad_ones_reported(
    dialog: Dialog, tmp_path: Path
) -> None:
    older = keep(Conversation(dialog), session_folder(tmp_path, "a"))
    older.session.id = "a"
    older.answer()
    older.answer("Dana")
    older.answer(PARTNERS)
    newer = keep(Conversation(dialog), session_folder(tmp_path, "b"))
    newer.session.id = "b"
    newer.save()
    newer.session.updated = newer.session.updated.replace(year=2099)
    kept(newer).stop()
    (tmp_path / "b" / "session.json").write_text(newer.session.model_dump_json())
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "session.json").write_text("{")
    found, problems = list_sessions(tmp_path)
    assert [s.id for s in found] == ["b", "a"]
    assert found[1].partners == ["County Health"] and found[1].answered == 2
    assert len(problems) == 1 and "damaged" in problems[0]


def test_session_ids_cannot_step_outside_the_sessions_folder(tmp_path: Path) -> None:
    with pytest.raises(SessionError):
        session_folder(tmp_path, "../elsewhere")


def test_the_sessions_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SRS_ADVISOR_SESSIONS_DIR", "/tmp/somewhere")
    assert default_sessions_dir() == Path("/tmp/somewhere")
    monkeypatch.delenv("SRS_ADVISOR_SESSIONS_DIR")
    assert default_sessions_dir().name == "sessions"


def test_the_resume_report_says_what_changed(
    dialog: Dialog, tmp_path: Path, minimal_dir: Path
) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    conversation.answer()
    conversation.answer("Dana")
    minimal = load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    _, report = Conversation.resume(minimal, load_session(tmp_path))
    assert report.messages("1") == [
        "The questions changed since this session was saved (now 1).",
        "Set aside the answer to welcome.participants: the question is no longer in the dialog.",
    ]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_saved_files_get_the_mode_a_plain_write_would(
    dialog: Dialog, tmp_path: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        keep(Conversation(dialog), tmp_path).save()
    finally:
        os.umask(old)
    for name in ("session.json", "transcript.md"):
        assert (tmp_path / name).stat().st_mode & 0o777 == mode, name


@pytest.mark.parametrize("version", ["2", "1", 1.0, True, None])
def test_a_schema_version_that_is_not_a_whole_number_is_refused(
    dialog: Dialog, tmp_path: Path, version: object
) -> None:
    keep(Conversation(dialog), tmp_path).save()
    data = json.loads((tmp_path / "session.json").read_text())
    data["schema_version"] = version
    (tmp_path / "session.json").write_text(json.dumps(data))
    with pytest.raises(SessionError, match="schema_version"):
        load_session(tmp_path)
    assert json.loads((tmp_path / "session.json").read_text()) == data  # left as it is


def test_opening_a_session_removes_the_temporary_files_a_kill_left(
    dialog: Dialog, tmp_path: Path
) -> None:
    keep(Conversation(dialog), tmp_path).save()
    for name in (".session.json.abc123.tmp", ".transcript.md.xyz.tmp"):
        (tmp_path / name).write_text("half a save")
    (tmp_path / "notes.tmp").write_text("a user's own file")
    load_session(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.tmp",
        "session.json",
        "transcript.md",
    ]


def test_notes_edited_by_hand_are_never_written_over(dialog: Dialog, tmp_path: Path) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    conversation.answer()
    assert kept(conversation).notes_path == tmp_path / "transcript.md"
    conversation.answer("Dana")  # the advisor rewrites its own notes freely
    edited = (tmp_path / "transcript.md").read_text() + "\nAdded by hand after the meeting.\n"
    (tmp_path / "transcript.md").write_text(edited)
    # Resumed later: the hand-edited notes stay; the advisor's go beside them.
    resumed, _ = resume_in(dialog, load_session(tmp_path), tmp_path)
    resumed.answer(PARTNERS)
    assert (tmp_path / "transcript.md").read_text() == edited
    beside = tmp_path / "transcript.advisor.md"
    assert (
        kept(resumed).notes_path == beside and "County Health (Public health)" in beside.read_text()
    )
    # Once the edited file is moved away, the notes go back to transcript.md.
    (tmp_path / "transcript.md").rename(tmp_path / "minutes.md")
    resumed.save()
    assert kept(resumed).notes_path == tmp_path / "transcript.md"


def test_a_save_that_wrote_the_answers_but_not_the_notes_says_so(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import srs_advisor.store.sessions as session_module

    conversation = keep(Conversation(dialog), tmp_path)
    real = session_module.write_atomic

    def notes_fail(path: Path, text: str) -> None:
        if path.name.endswith(".md"):
            raise SessionError(f"Cannot save {path}: No space left on device")
        real(path, text)

    monkeypatch.setattr(session_module, "write_atomic", notes_fail)
    with pytest.raises(NotesNotSaved, match="The answers are saved in .*session.json, but the"):
        conversation.answer()
    assert load_session(tmp_path).history == ["welcome.intro"]  # the answers did land
    monkeypatch.setattr(session_module, "write_atomic", real)
    conversation.save()  # the next save writes the notes where they belong
    assert kept(conversation).notes_path == tmp_path / "transcript.md"


def test_a_second_window_never_undoes_the_first_ones_answers(
    dialog: Dialog, tmp_path: Path
) -> None:
    first = keep(Conversation(dialog), tmp_path)
    first.answer()
    second, _ = resume_in(dialog, load_session(tmp_path), tmp_path)
    second.answer("Dana Lee")  # the second window saves
    with pytest.raises(SessionChanged, match="changed by someone else"):
        first.answer("Sam Ortiz")  # the first would undo it: refused, and said
    assert kept(first).unsaved
    assert load_session(tmp_path).answers["welcome.participants"] == "Dana Lee"
    # The first window's answer is not lost: it can go into another folder.
    kept(first).save_elsewhere(tmp_path / "elsewhere")
    assert load_session(tmp_path / "elsewhere").answers["welcome.participants"] == "Sam Ortiz"


def test_leftovers_of_every_file_the_advisor_writes_are_cleaned_on_open(tmp_path: Path) -> None:
    from srs_advisor.engine.session import Session, now_utc
    from srs_advisor.store import save_session
    from srs_advisor.store.disk import (
        _WRITTEN_FILES,
        AGREEMENT_FILE,
        DIGEST_FILE,
        EDITED_AGREEMENT_FILE,
        EDITED_NOTES_FILE,
    )

    assert {EDITED_NOTES_FILE, AGREEMENT_FILE, EDITED_AGREEMENT_FILE, DIGEST_FILE} <= set(
        _WRITTEN_FILES
    )
    session = Session(
        id="s", dialog_id="d", dialog_version="1", created=now_utc(), updated=now_utc(), current="x"
    )
    save_session(tmp_path, session, "notes\n")
    left = [tmp_path / f".{name}.k1ll3d00.tmp" for name in _WRITTEN_FILES]
    for path in left:
        path.write_text("half")
    (tmp_path / ".mine.tmp").write_text("not the advisor's")
    load_session(tmp_path)
    assert not any(path.exists() for path in left)
    assert (tmp_path / ".mine.tmp").exists()
