"""A table of pre-work files that cannot be merged: each refused with its name and reason.

Each kind of bad file (`tests/data/prework/`, a fixture named after the failure, or made
here where it cannot be a file in the repository: a huge one, a folder, a FIFO) is given
to `merge` beside a good file. Every time: exit 2, a message that names the bad file and
says why, nothing merged (the session byte for byte as it was, the good file too), and
the bad file as it was. `prework --fill` refuses the kinds it can tell, the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from prework_files import ANSWERS, COUNTY, HOSPITAL, fill_in, session_at_readiness

from srs_advisor.__main__ import main
from srs_advisor.dialog import Dialog

DATA = Path(__file__).parent.parent / "data" / "prework"

Make = Callable[[Path, str, str], None]
"""Makes the bad file at a path, for a session id and a dialog version."""


def fixture(name: str) -> Make:
    def make(path: Path, session: str, version: str) -> None:
        data = (DATA / name).read_bytes()
        path.write_bytes(
            data.replace(b"$SESSION", session.encode()).replace(b"$VERSION", version.encode())
        )

    return make


def _header(session: str, version: str) -> str:
    return (
        f'[prework]\nsession = "{session}"\ndialog = "srs-advisor"\n'
        f'dialog_version = "{version}"\npartner = "General Hospital"\npartner_id = "p2"\n'
    )


def huge(path: Path, session: str, version: str) -> None:
    path.write_text(_header(session, version) + "# " + "x" * 1_100_000 + "\n", "utf-8")


def answer_too_long(path: Path, session: str, version: str) -> None:
    text = _header(session, version) + '[purpose]\ngoals = "' + "y" * 20_001 + '"\n'
    path.write_text(text, encoding="utf-8")


def folder(path: Path, session: str, version: str) -> None:
    path.mkdir()


def fifo(path: Path, session: str, version: str) -> None:
    os.mkfifo(path)


def missing(path: Path, session: str, version: str) -> None:
    pass


def nested_too_deep(path: Path, session: str, version: str) -> None:
    path.write_text(_header(session, version) + "x = " + "[" * 100_000 + "]" * 100_000, "utf-8")


BAD: dict[str, tuple[Make, str]] = {
    "not_toml": (fixture("not_toml.toml"), "it is damaged: not valid TOML ("),
    "no_header": (fixture("no_header.toml"), "it has no [prework] table"),
    "header_without_partner": (fixture("header_without_partner.toml"), "has no `partner`"),
    "wrong_type": (fixture("wrong_type.toml"), "readiness.trust (Trust) is a number: write"),
    "date_for_a_choice": (
        fixture("date_for_a_choice.toml"),
        "readiness.trust (Trust) is a date or a time",
    ),
    "list_for_a_text": (fixture("list_for_a_text.toml"), "purpose.goals (Each partner's goals) is"),
    "unknown_step": (fixture("unknown_step.toml"), "`tust` under [readiness], which is not one"),
    "unknown_part": (fixture("unknown_part.toml"), "it holds [formality], which is not a part"),
    "not_a_choice": (fixture("not_a_choice.toml"), "'maybe' is not one of the choices: in-place"),
    "older_version": (fixture("older_version.toml"), "made for an older version of the question"),
    "newer_version": (fixture("newer_version.toml"), "made by a newer srs-advisor"),
    "other_dialog": (fixture("other_dialog.toml"), "made for other questions ('another-advisor"),
    "another_session": (fixture("another_session.toml"), "made for another session ('2020-01-01"),
    "unknown_partner": (fixture("unknown_partner.toml"), "pre-work of 'Acme [Clinic]', who is not"),
    "no_answers": (fixture("no_answers.toml"), "it holds no answers yet"),
    "not_utf8": (fixture("not_utf8.toml"), "it is not UTF-8 text"),
    "huge": (huge, "more than the 1,048,576 allowed"),
    "answer_too_long": (answer_too_long, "is 20,001 characters long; the limit is 20,000"),
    "nested_too_deep": (nested_too_deep, "it is damaged"),
    "a_folder": (folder, "it is not a regular file"),
    "a_fifo": (fifo, "it is not a regular file"),
    "missing": (missing, "there is no such file"),
}

# What `prework --fill` can tell without the session: everything but whose session it is.
NEEDS_THE_SESSION = {"another_session", "unknown_partner", "no_answers"}


@pytest.fixture
def meeting(dialog: Dialog, tmp_path: Path) -> tuple[Path, Path, str]:
    """A session naming three partners, and the county's filled-in pre-work file."""
    folder_ = tmp_path / "session"
    conversation = session_at_readiness(dialog, folder_)
    files = tmp_path / "files"
    assert main(["prework", str(folder_), "--out", str(files)]) == 0
    good = files / "prework-county-health.toml"
    fill_in(good, ANSWERS[COUNTY])
    return folder_, good, conversation.session.id


def snapshot(*paths: Path) -> list[bytes | None]:
    return [p.read_bytes() if p.is_file() else None for p in paths]


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_bad_file_is_refused_by_name_with_its_reason_and_nothing_is_merged(
    kind: str,
    meeting: tuple[Path, Path, str],
    dialog: Dialog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session, good, session_id = meeting
    make, reason = BAD[kind]
    bad = tmp_path / "files" / f"{kind}.toml"
    make(bad, session_id, dialog.meta.version)
    before = snapshot(session / "session.json", session / "transcript.md", good, bad)
    capsys.readouterr()
    assert main(["merge", str(session), str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if str(bad) in line)
    assert line.startswith(f"not merged: {bad}: ")
    assert reason in line
    assert "Nothing was merged: the session and every file are as they were." in err
    assert str(good) not in err  # the good file is not blamed
    assert snapshot(session / "session.json", session / "transcript.md", good, bad) == before


@pytest.mark.parametrize("kind", sorted(set(BAD) - NEEDS_THE_SESSION))
def test_filling_in_a_bad_file_is_refused_with_its_reason(
    kind: str,
    meeting: tuple[Path, Path, str],
    dialog: Dialog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, session_id = meeting
    make, reason = BAD[kind]
    bad = tmp_path / f"{kind}.toml"
    make(bad, session_id, dialog.meta.version)
    before = snapshot(bad)
    assert main(["prework", "--fill", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"srs-advisor: cannot fill in {bad}: ")
    assert reason in err
    assert snapshot(bad) == before


def test_two_files_for_one_partner_are_refused(
    meeting: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session, good, _ = meeting
    copy = tmp_path / "copy.toml"
    copy.write_bytes(good.read_bytes())
    before = snapshot(session / "session.json")
    assert main(["merge", str(session), str(good), str(copy)]) == 2
    err = capsys.readouterr().err
    assert f"not merged: {copy}: it holds {COUNTY}'s pre-work, as {good} does" in err
    assert snapshot(session / "session.json") == before


def test_a_good_merge_after_a_refusal_still_works(
    meeting: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session, good, _ = meeting
    hospital = tmp_path / "files" / "prework-general-hospital.toml"
    fill_in(hospital, {**ANSWERS[HOSPITAL], "trust": "sometimes"})
    assert main(["merge", str(session), str(good), str(hospital)]) == 2
    hospital.write_text(
        hospital.read_text(encoding="utf-8").replace('"sometimes"', '"partly"'), "utf-8"
    )
    assert main(["merge", str(session), str(good), str(hospital)]) == 0
    out = capsys.readouterr().out
    assert f"Trust: {COUNTY} says yes, in place; {HOSPITAL} says partly" in out
