"""The command line end to end, as a user runs it: exit codes, output, files on disk."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from srs_advisor.dialog import Dialog

REPO = Path(__file__).parent.parent.parent
EXAMPLE = REPO / "examples" / "answers.toml"
INVALID = REPO / "tests" / "data" / "invalid"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m srs_advisor` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "srs_advisor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_check_passes_on_the_shipped_dialogs() -> None:
    result = run("check")
    assert result.returncode == 0
    assert result.stdout.startswith("OK: Service and resource sharing plan 3.0: 7 phases, ")
    assert len(result.stdout.strip().splitlines()) == 1


def test_check_reports_every_problem_and_exits_1(minimal_dir: Path) -> None:
    shutil.copy(INVALID / "several_problems.toml", minimal_dir / "dialogs" / "20-main.toml")
    result = run("check", str(minimal_dir / "dialogs"))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("3 problems found in")
    assert any("20-main.toml:15: [main.mood] duplicate step id" in line for line in lines)
    assert "Traceback" not in result.stdout + result.stderr


def test_check_of_broken_toml_is_a_message_not_a_traceback(minimal_dir: Path) -> None:
    shutil.copy(INVALID / "not_toml.toml", minimal_dir / "dialogs" / "20-main.toml")
    result = run("check", str(minimal_dir / "dialogs"))
    assert result.returncode == 1
    assert "20-main.toml:8: not valid TOML" in result.stdout
    assert "Traceback" not in result.stderr


def test_questions_json_lists_every_step_with_its_choices() -> None:
    result = run("questions", "--json")
    assert result.returncode == 0
    steps = {s["id"]: s for s in json.loads(result.stdout)}
    assert set(steps["formality.risk"]) >= {"id", "phase", "kind", "prompt", "choices", "required"}
    assert [c["value"] for c in steps["formality.risk"]["choices"]] == ["low", "moderate", "high"]
    assert steps["formality.risk"]["required"] is True
    assert [c["value"] for c in steps["formality.accountability"]["choices"]] == ["yes", "no"]
    partners = steps["welcome.partners"]
    assert partners["kind"] == "partners" and partners["required"]
    assert [c["value"] for c in partners["choices"]] == [
        "public-health",
        "health-care",
        "school",
        "community-based",
        "faith-based",
        "social-services",
        "other",
    ]
    required = sorted(s for s, v in steps.items() if v["required"])
    assert required == sorted(
        ["welcome.partners"]
        + [
            f"formality.{f}"
            for f in (
                "duration",
                "scope",
                "trust",
                "risk",
                "accountability",
                "money",
                "data",
                "authority",
                "operations",
            )
        ]
    )


def test_replay_writes_the_session_and_the_notes(tmp_path: Path) -> None:
    result = run("replay", str(EXAMPLE), "--out", str(tmp_path / "notes"))
    assert result.returncode == 0, result.stderr
    session = json.loads((tmp_path / "notes" / "session.json").read_text())
    assert session["recommendation"]["level"] == "formal"
    reasons = session["recommendation"]["reasons"]
    assert [r["text"][:31] for r in reasons] == [
        "Money changes hands (one partne",
    ]
    assert session["chosen_level"] == "formal"
    assert session["level_reason"] is None
    assert session["parked"] == ["readiness.objectives_review", "scope.orientation"]
    assert len(session["action_items"]) == 6
    assert [g["factor"] for g in session["readiness"]["gaps"]][:1] == ["Balanced approach"]
    assert session["current"] == "end"
    notes = (tmp_path / "notes" / "transcript.md").read_text()
    assert "Share a community health worker to visit families after a hospital stay." in notes


def test_replay_takes_json_with_full_step_ids(tmp_path: Path, handshake: dict[str, Any]) -> None:
    answers = {"welcome.partners": [{"name": "A", "sector": "school"}], **handshake}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    result = run("replay", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Recommended level: informal; chosen: not chosen" in result.stdout
    session = json.loads((tmp_path / "out" / "session.json").read_text())
    assert "purpose.problem" in session["skipped"]
    notes = (tmp_path / "out" / "transcript.md").read_text()
    assert "- **The problem:** *Not discussed.*" in notes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"formality.risk": None}, "step formality.risk: a required answer is missing"),
        ({"formality.risk": "extreme"}, "step formality.risk: 'extreme' is not one of the choices"),
        ({"welcome.partners": []}, "step welcome.partners: Please name at least one partner"),
        ({"formality.typo": "x"}, "names steps the dialog does not have: formality.typo"),
        (
            {"welcome.partners": [{"name": "A", "sector": "army"}]},
            "step welcome.partners: Partner 1 (A): the sector must be one of",
        ),
    ],
)
def test_replay_exits_2_naming_the_step(
    tmp_path: Path, handshake: dict[str, Any], change: dict[str, object], message: str
) -> None:
    answers: dict[str, object] = {"welcome.partners": [{"name": "A", "sector": "school"}]}
    answers.update(handshake)
    answers.update(change)
    answers = {k: v for k, v in answers.items() if v is not None}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    result = run("replay", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_replay_of_an_unreadable_answer_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "answers.toml"
    bad.write_text("welcome = [")
    result = run("replay", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "is not valid TOML" in result.stderr
    result = run("replay", str(tmp_path / "missing.json"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "cannot read the answer file" in result.stderr


def test_replay_into_a_folder_that_cannot_be_made_exits_1(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    result = run("replay", str(EXAMPLE), "--out", str(tmp_path / "file" / "notes"))
    assert result.returncode == 1
    assert "Cannot write to" in result.stderr and "Traceback" not in result.stderr


def test_graph_draws_the_phases_with_their_titles_and_the_early_stop() -> None:
    result = run("graph")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "stateDiagram-v2" in lines
    assert '  state "Formalization" as formalization' in lines
    assert "  [*] --> welcome" in lines
    assert "  welcome --> readiness" in lines
    # The stop exit: from Purpose straight to the Summary, with the condition in words.
    assert (
        "  purpose --> summary: Is sharing the right answer? = Stop here and write up the notes"
        in lines
    )
    assert "  summary --> [*]" in lines
    assert not [line for line in lines if "__" in line]  # no step in the overview


def test_graph_steps_draws_every_step_by_its_title() -> None:
    result = run("graph", "--steps")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert '  state "Partner organizations" as welcome__partners' in lines
    assert "  [*] --> welcome__intro" in lines
    assert (
        "  purpose__not_sharing --> summary__next_steps: "
        "Is sharing the right answer? = Stop here and write up the notes" in lines
    )
    assert "  summary__wrap_up --> [*]" in lines
    states = [line for line in lines if line.startswith("  state ")]
    assert len(states) == len(run("questions", "--json").stdout.split('"id":')) - 1


def test_resume_without_saved_sessions_says_so(tmp_path: Path) -> None:
    result = run("--sessions-dir", str(tmp_path), "resume")
    assert result.returncode == 1
    assert f"No saved sessions in {tmp_path}" in result.stderr


def test_resume_of_a_damaged_session_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "s1").mkdir()
    (tmp_path / "s1" / "session.json").write_text("{")
    result = run("--sessions-dir", str(tmp_path), "resume", "s1")
    assert result.returncode == 1
    assert "is damaged" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_dialog_folder_stops_replay_with_a_message(
    minimal_dir: Path, tmp_path: Path
) -> None:
    shutil.copy(INVALID / "unknown_step.toml", minimal_dir / "dialogs" / "20-main.toml")
    result = run(
        "--dialogs",
        str(minimal_dir / "dialogs"),
        "--content",
        str(minimal_dir / "content"),
        "replay",
        str(EXAMPLE),
        "--out",
        str(tmp_path / "o"),
    )
    assert result.returncode == 1
    assert "leads to unknown step `main.nowhere`" in result.stderr


def test_sessions_lists_what_is_saved_in_the_sessions_folder(tmp_path: Path) -> None:
    empty = run("--sessions-dir", str(tmp_path), "sessions")
    assert empty.returncode == 0 and f"No saved sessions in {tmp_path}." in empty.stdout
    assert run("replay", str(EXAMPLE), "--out", str(tmp_path / "one")).returncode == 0
    result = run("--sessions-dir", str(tmp_path), "sessions")
    assert result.returncode == 0
    line = result.stdout.splitlines()[1]
    assert "Riverside County Health Department, Riverside General Hospital" in line
    assert line.endswith("(60 answers, finished)")


def test_sessions_names_where_each_stopped_by_phase_and_title(
    tmp_path: Path, dialog: Dialog
) -> None:
    from srs_advisor.engine.conversation import Conversation
    from srs_advisor.store import load_session
    from srs_advisor.store.keeper import keep

    partners = [{"name": "County Health", "sector": "public-health"}]
    conversation = keep(Conversation(dialog), tmp_path / "mid")
    conversation.answer()  # the welcome page
    conversation.answer("Dana Lee")
    conversation.answer(partners)
    assert run("replay", str(EXAMPLE), "--out", str(tmp_path / "done")).returncode == 0
    # A finished session reopened, taken back to its last page (Ctrl+B from the notes)
    # and left there: nothing is left to answer, so it is still finished.
    reopened, _ = Conversation.resume(dialog, load_session(tmp_path / "done", dialog))
    keep(reopened, tmp_path / "done")
    reopened.back()
    assert reopened.current is not None and reopened.current.id == "summary.wrap_up"
    lines = run("--sessions-dir", str(tmp_path), "sessions").stdout.splitlines()[1:]
    listed = {line.split()[0]: line for line in lines}
    assert listed[conversation.session.id].endswith(
        "(2 answers, at Welcome: The idea in brief)"
    )  # not "at welcome.idea", and one answer is "1 answer"
    assert listed[reopened.session.id].endswith("(60 answers, finished)")
    notes = (tmp_path / "done" / "transcript.md").read_text(encoding="utf-8")
    assert "- **Status:** finished" in notes and "in progress" not in notes


def test_the_readmes_answer_file_example_replays_as_it_says(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "answers.toml").write_text(block, encoding="utf-8")
    result = run("replay", str(tmp_path / "answers.toml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    session = json.loads((tmp_path / "out" / "session.json").read_text())
    assert session["recommendation"]["level"] == "semi-formal"
    assert session["chosen_level"] == "formal"
    assert session["level_reason"] == "The county requires a contract for any shared staff."
    assert session["parked"] == ["scope.orientation"]


HOSTILE = [
    "Clip\x1b]52;c;ZXZpbA==\x07board",  # OSC 52: write the clipboard
    "Title\x1b]2;pwned\x07",  # OSC 2: retitle the window
    "Clear\x1b[2J\x1b[H",  # clear the screen
    "C1\x9b31m",  # a C1 control introducer
    "\u202eReversed",  # a right-to-left override
]


def test_sessions_prints_what_a_file_holds_as_text(tmp_path: Path) -> None:
    assert run("replay", str(EXAMPLE), "--out", str(tmp_path / "one")).returncode == 0
    path = tmp_path / "one" / "session.json"
    data = json.loads(path.read_text())
    data["answers"]["welcome.partners"] = [{"name": n, "sector": "other"} for n in HOSTILE]
    path.write_text(json.dumps(data))
    result = run("--sessions-dir", str(tmp_path), "sessions")
    assert result.returncode == 0, result.stderr
    controls = [c for c in result.stdout if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]
    assert controls == [] and "\u202e" not in result.stdout
    assert "Clip\\x1b]52;c;ZXZpbA==\\x07board" in result.stdout  # shown, escaped
    assert "\\u202eReversed" in result.stdout


def _fifo(path: Path) -> None:
    import os

    os.mkfifo(path)


HOSTILE_ANSWER_FILES = {
    "deeply nested JSON": ("answers.json", "[" * 100_000 + "]" * 100_000, "cannot be used"),
    "deeply nested TOML": ("answers.toml", "a = " + "[" * 5_000 + "]" * 5_000, "cannot be used"),
    "a 5,001-digit number": ("answers.json", '{"formality.risk": ' + "9" * 5001 + "}", "cannot"),
    "a huge number as an answer": (
        "answers.toml",
        "[welcome]\npartners = [{ name = 'A', sector = 'school' }]\n"
        "[formality]\nduration = " + "9" * 4000,
        "not one of the choices",
    ),
}


@pytest.mark.parametrize("kind", list(HOSTILE_ANSWER_FILES), ids=list(HOSTILE_ANSWER_FILES))
def test_replay_refuses_a_hostile_answer_file_with_a_message(tmp_path: Path, kind: str) -> None:
    name, text, expected = HOSTILE_ANSWER_FILES[kind]
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("replay", str(tmp_path / name), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_replay_does_not_hang_on_a_fifo_or_a_device(tmp_path: Path, special: str) -> None:
    path = tmp_path / "answers.toml"
    if special == "fifo":
        _fifo(path)
    else:
        path.symlink_to(special)
    result = run("replay", str(path), "--out", str(tmp_path / "out"))  # returns: no hang
    assert result.returncode == 2 and "is not a regular file" in result.stderr


def test_replay_takes_a_toml_file_that_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "answers.toml").write_text("\ufeff" + text, encoding="utf-8")
    result = run("replay", str(tmp_path / "answers.toml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr


def test_output_cut_short_by_the_reader_ends_quietly() -> None:
    command = f"{sys.executable} -m srs_advisor questions | head -n 2"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == ""  # no BrokenPipeError, no traceback


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_output_to_a_full_device_says_so_in_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "srs_advisor", "questions"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "srs-advisor: cannot write the output: No space left on device"
    ]


def test_export_writes_into_the_session_folder_and_prints_the_path(tmp_path: Path) -> None:
    session = tmp_path / "s"
    assert run("replay", str(EXAMPLE), "--out", str(session)).returncode == 0
    before = {p.name: p.read_bytes() for p in session.iterdir()}
    for fmt in ("md", "html", "docx"):
        for what in ("notes", "agreement"):
            result = run("export", str(session), "--format", fmt, "--what", what)
            assert result.returncode == 0, result.stderr
            base = "meeting-notes" if what == "notes" else "draft-agreement"
            assert result.stdout.strip() == str(session / f"{base}.{fmt}")
    html = (session / "meeting-notes.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Riverside General Hospital" in html
    # The session's own files are untouched.
    for name, data in before.items():
        assert (session / name).read_bytes() == data, name


def test_export_by_session_id_to_a_chosen_path(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    assert run("replay", str(EXAMPLE), "--out", str(sessions / "2026-01-15-a")).returncode == 0
    target = tmp_path / "out" / "for the board.html"
    result = run(
        "--sessions-dir", str(sessions), "export", "2026-01-15-a", "--format", "html", "--out",
        str(target),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_never_replaces_a_file_without_force_nor_the_sessions_own(tmp_path: Path) -> None:
    session = tmp_path / "s"
    assert run("replay", str(EXAMPLE), "--out", str(session)).returncode == 0
    assert run("export", str(session)).returncode == 0
    again = run("export", str(session))
    assert again.returncode == 2 and "exists: add --force" in again.stderr
    assert run("export", str(session), "--force").returncode == 0
    notes = (session / "transcript.md").read_bytes()
    for name in ("transcript.md", "session.json", "agreement.md"):
        refused = run("export", str(session), "--out", str(session / name), "--force")
        assert refused.returncode == 2 and "one of the session's own files" in refused.stderr
    assert (session / "transcript.md").read_bytes() == notes


def test_export_refuses_another_session_s_files_but_not_the_same_name_elsewhere(
    tmp_path: Path,
) -> None:
    sessions = tmp_path / "sessions"
    for name in ("a", "b"):
        assert run("replay", str(EXAMPLE), "--out", str(sessions / name)).returncode == 0
    other = (sessions / "b" / "agreement.md").read_bytes()
    base = ("--sessions-dir", str(sessions), "export", "a", "--what", "agreement", "--force")
    refused = run(*base, "--out", str(sessions / "b" / "agreement.md"))
    assert refused.returncode == 2
    assert f"{sessions / 'b' / 'agreement.md'} is one of the session's own files" in refused.stderr
    assert (sessions / "b" / "agreement.md").read_bytes() == other
    # A folder right inside the sessions folder is a session's, even before its session.json.
    (sessions / "c").mkdir()
    assert run(*base, "--out", str(sessions / "c" / "session.json")).returncode == 2
    assert not (sessions / "c" / "session.json").exists()
    # The same name anywhere else is no session's own file: it is written.
    elsewhere = tmp_path / "elsewhere" / "agreement.md"
    written = run(*base, "--out", str(elsewhere))
    assert written.returncode == 0, written.stderr
    assert elsewhere.read_text(encoding="utf-8").startswith("# ")


def test_export_of_a_session_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    result = run("--sessions-dir", str(tmp_path), "export", "no-such-session")
    assert result.returncode == 2
    assert "there is no saved session at" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_prints_a_hostile_dialog_file_as_text(minimal_dir: Path) -> None:
    # A quoted key and a title carrying escape sequences (OSC 52, a screen clear).
    main = minimal_dir / "dialogs" / "20-main.toml"
    main.write_text(
        main.read_text(encoding="utf-8").replace(
            'title = "Mood"', 'title = "Mood"\n"\\u001b]52;c;aGk=\\u0007" = 1'
        ),
        encoding="utf-8",
    )
    result = run("--content", str(minimal_dir / "content"), "check", str(minimal_dir / "dialogs"))
    assert result.returncode == 1
    assert "unknown key `\\x1b]52;c;aGk=\\x07`" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    (minimal_dir / "dialogs" / "20-main.toml").unlink()
    meta = minimal_dir / "dialogs" / "dialog.toml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        .replace('title = "Minimal dialog"', 'title = "Minimal\\u001b[2J dialog"')
        .replace('"intro", "main"', '"intro"'),
        encoding="utf-8",
    )
    result = run("--content", str(minimal_dir / "content"), "check", str(minimal_dir / "dialogs"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: Minimal\\x1b[2J dialog 1:")


def test_replay_quotes_a_hostile_answer_as_text(tmp_path: Path, handshake: dict[str, Any]) -> None:
    answers: dict[str, object] = {"welcome.partners": [{"name": "A", "sector": "school"}]}
    answers.update(handshake)
    answers["formality.risk"] = "\x1b]2;pwned\x07\u202e"  # retitles a window, reverses text
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    result = run("replay", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "'\\x1b]2;pwned\\x07\\u202e' is not one of the choices" in result.stderr
    assert not any(c in result.stderr for c in "\x1b\x07\u202e")


def test_export_to_a_new_folder_named_with_a_trailing_slash(tmp_path: Path) -> None:
    # `--out exports/` is a folder even before it exists: not a file called "exports".
    session = tmp_path / "s"
    assert run("replay", str(EXAMPLE), "--out", str(session)).returncode == 0
    result = run("export", str(session), "--format", "html", "--out", str(tmp_path / "new") + "/")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "new" / "meeting-notes.html"
    assert result.stdout.strip() == str(written)
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_of_a_damaged_session_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    session = tmp_path / "s"
    assert run("replay", str(EXAMPLE), "--out", str(session)).returncode == 0
    (session / "session.json").write_text('{"id": "s", "answers": {', encoding="utf-8")
    before = sorted(p.name for p in session.iterdir())
    result = run("export", str(session), "--format", "docx")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"srs-advisor: {session / 'session.json'} is damaged (not valid JSON at line 1); it "
        "was left as it is. The meeting notes beside it may still hold the answers."
    ]
    assert sorted(p.name for p in session.iterdir()) == before


def test_export_into_a_folder_that_cannot_be_written_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from srs_advisor.__main__ import main

    session = tmp_path / "s"
    assert run("replay", str(EXAMPLE), "--out", str(session)).returncode == 0
    out = tmp_path / "shared"
    out.mkdir()
    (out / "meeting-notes.md").write_text("last week's notes", encoding="utf-8")

    def refused(path: object, *args: object, **kwargs: object) -> object:
        # What a read-only folder answers (the tests run as root, whom no mode stops).
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("srs_advisor.cli.sessions.open", refused, raising=False)
    assert main(["export", str(session), "--out", str(out), "--force"]) == 1
    err = capsys.readouterr().err
    assert f"{out / 'meeting-notes.md'}: Permission denied" in err
    assert (out / "meeting-notes.md").read_text(encoding="utf-8") == "last week's notes"
    assert sorted(p.name for p in out.iterdir()) == ["meeting-notes.md"]  # nothing left over


def test_export_of_an_agreement_with_no_level_says_what_it_follows(tmp_path: Path) -> None:
    session = tmp_path / "s"
    stop = REPO / "tests" / "data" / "levels" / "stop.toml"
    assert run("replay", str(stop), "--out", str(session)).returncode == 0
    assert not (session / "agreement.md").exists()  # a stopped conversation keeps none
    result = run("export", str(session), "--what", "agreement")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "note: the partners have not chosen a level; the outline follows the formal level, "
        "the most complete, as no level is known yet.\n"
    )
    text = (session / "draft-agreement.md").read_text(encoding="utf-8")
    assert "The partners stopped planning: sharing may not be the answer for now." in text
    assert "it follows the formal level, the most complete, as no level was discussed" in text
    assert not (session / "agreement.md").exists()  # the export only reads the session


def test_replay_names_every_file_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("replay", str(EXAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"Wrote {out / 'session.json'}, {out / 'transcript.md'} and {out / 'agreement.md'}"
    )
    stop = run("replay", str(REPO / "tests/data/levels/stop.toml"), "--out", str(tmp_path / "s"))
    assert stop.stdout.splitlines()[0] == (
        f"Wrote {tmp_path / 's' / 'session.json'} and {tmp_path / 's' / 'transcript.md'}"
    )


def test_export_of_an_agreement_before_the_choice_says_it_follows_the_recommendation(
    tmp_path: Path,
) -> None:
    semi = (REPO / "tests" / "data" / "levels" / "semi_formal.toml").read_text(encoding="utf-8")
    lines = [line for line in semi.splitlines() if not line.startswith("level")]
    (tmp_path / "answers.toml").write_text("\n".join(lines), encoding="utf-8")
    assert (
        run("replay", str(tmp_path / "answers.toml"), "--out", str(tmp_path / "s")).returncode == 0
    )
    result = run("export", str(tmp_path / "s"), "--what", "agreement")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "note: the partners have not chosen a level; the outline follows the recommended "
        "level (Semi-formal).\n"
    )


def test_replay_into_a_folder_holding_a_session_says_so_and_force_replaces_it(
    tmp_path: Path,
) -> None:
    out = tmp_path / "s"
    assert run("replay", str(EXAMPLE), "--out", str(out)).returncode == 0
    first = (out / "session.json").read_bytes()
    again = run("replay", str(EXAMPLE), "--out", str(out))
    assert again.returncode == 2
    assert again.stderr == (
        f"srs-advisor: {out} holds a session already ({out / 'session.json'}): add --force "
        "to replace it, or choose another --out\n"
    )
    assert (out / "session.json").read_bytes() == first
    forced = run("replay", str(EXAMPLE), "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    replaced = json.loads((out / "session.json").read_text(encoding="utf-8"))
    assert replaced["id"] != json.loads(first)["id"]  # a new session, in place of the old


def test_replay_with_identifiable_data_at_a_lighter_level_writes_the_data_terms(
    tmp_path: Path,
) -> None:
    # The handshake's answers, with school health records passed case by case: the
    # advisor recommends more than a handshake, the partners keep it and say why.
    handshake = (REPO / "tests" / "data" / "levels" / "informal.toml").read_text(encoding="utf-8")
    assert 'data = "none"' in handshake
    answers = tmp_path / "answers.toml"
    answers.write_text(
        handshake.replace('data = "none"', 'data = "records"').replace(
            'level = "informal"',
            'level = "informal"\nlevel_reason = "One evening: the directors confirm by e-mail."',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("replay", str(answers), "--out", str(out))
    assert result.returncode == 0, result.stderr
    draft = (out / "agreement.md").read_text(encoding="utf-8")
    assert draft.startswith("# Written confirmation of a handshake arrangement")
    assert "- **Recommended by the advisor:** Semi-formal." in draft
    assert "- **Chosen by the partners:** Informal." in draft
    assert "- **The partners' reason:** One evening: the directors confirm by e-mail." in draft
    assert "## 8. Data protection" in draft
    assert "HIPAA (health records), FERPA (school records) or 42 CFR Part 2" in draft
