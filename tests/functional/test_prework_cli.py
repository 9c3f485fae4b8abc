"""`prework` and `merge` on the command line, as a facilitator runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from prework_files import ANSWERS, CHURCH, COUNTY, FILES, HOSPITAL, fill_in, session_at_readiness

from srs_advisor.__main__ import main
from srs_advisor.dialog import Dialog
from srs_advisor.store import SessionLock

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "answers.toml"


@pytest.fixture
def session(dialog: Dialog, tmp_path: Path) -> Path:
    folder = tmp_path / "session"
    session_at_readiness(dialog, folder)
    return folder


def saved(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    return data


def test_prework_writes_a_file_per_partner_and_never_over_one(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "files"
    assert main(["prework", str(session), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES.values())
    for partner, name in FILES.items():
        assert f"  {out / name}  ({partner})" in printed
    assert "srs-advisor merge " in printed and "prework --fill FILE" in printed
    filled = out / FILES[COUNTY]
    fill_in(filled, ANSWERS[COUNTY])
    before = filled.read_bytes()
    assert main(["prework", str(session), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "exists (a partner may have filled it in): add --force" in err
    assert filled.read_bytes() == before  # a partner's answers are never written over
    assert main(["prework", str(session), "--out", str(out), "--force"]) == 0
    assert filled.read_bytes() != before


def test_prework_needs_a_session_that_names_partners(
    dialog: Dialog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from srs_advisor.engine.conversation import Conversation
    from srs_advisor.store.keeper import keep

    keep(Conversation(dialog), tmp_path / "empty").save()
    assert main(["prework", str(tmp_path / "empty"), "--out", str(tmp_path / "f")]) == 2
    assert "names no partners yet: name them first" in capsys.readouterr().err
    assert not (tmp_path / "f").exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["prework"], "name a session (SESSION --out DIR) to make the pre-work files, or a"),
        (["prework", "x"], "--out DIR is needed"),
        (["prework", "x", "--fill", "f.toml"], "--fill FILE takes no SESSION and no --out"),
    ],
)
def test_prework_says_what_it_needs(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert said in capsys.readouterr().err


def test_three_partners_files_merged_and_where_they_differ_said(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "files"
    assert main(["prework", str(session), "--out", str(out)]) == 0
    for partner, name in FILES.items():
        fill_in(out / name, ANSWERS[partner])
    capsys.readouterr()
    files = [str(out / name) for name in FILES.values()]
    assert main(["merge", str(session), *files]) == 0
    printed = capsys.readouterr().out
    assert f"Merged {out / FILES[COUNTY]}: {COUNTY} (5 answers)." in printed
    assert (
        f"  Trust: {COUNTY} says yes, in place; {HOSPITAL} says partly; {CHURCH} says not yet "
        "(the meeting's answer will start at Not yet)"
    ) in printed
    assert "the advisor's own choice, not the success factors document's" in printed
    assert "The same answer from every partner: Clear objectives (Yes, in place); " in printed
    data = saved(session)
    prework = data["prework"]
    assert isinstance(prework, dict)
    assert prework["answers"]["readiness.trust"] == {  # type: ignore[index]
        COUNTY: "in-place",
        HOSPITAL: "partly",
        CHURCH: "not-yet",
    }
    answers = data["answers"]
    assert isinstance(answers, dict)
    assert answers["scope.contacts"] == {COUNTY: "Dana Lee [/]"}
    assert "readiness.trust" not in answers
    notes = (session / "transcript.md").read_text(encoding="utf-8")
    assert "| Trust | Yes, in place | Partly | Not yet | *not yet settled* |" in notes


def test_a_conflict_is_refused_until_the_facilitator_chooses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = tmp_path / "example"
    assert main(["replay", str(EXAMPLE), "--out", str(session)]) == 0
    out = tmp_path / "files"
    assert main(["prework", str(session), "--out", str(out)]) == 0
    hospital = out / "prework-riverside-general-hospital.toml"
    fill_in(hospital, {"goals": "Fewer [penalties]", "trust": "partly"})
    before = (session / "session.json").read_bytes()
    capsys.readouterr()
    assert main(["merge", str(session), str(hospital)]) == 2
    err = capsys.readouterr().err
    assert (
        "  Each partner's goals, Riverside General Hospital: the session says “Meet readmission "
        f"quality measures.”; {hospital} says “Fewer [penalties]”"
    ) in err
    assert "Nothing was merged. Add --replace to take the files' answers there, or --keep" in err
    assert (session / "session.json").read_bytes() == before
    assert main(["merge", str(session), str(hospital), "--keep"]) == 0
    out_text = capsys.readouterr().out
    assert (
        "Riverside General Hospital (1 answer; the session's answer kept for 1 more)." in out_text
    )
    goals = saved(session)["answers"]["purpose.goals"]  # type: ignore[index]
    assert goals["Riverside General Hospital"] == "Meet readmission quality measures."
    assert main(["merge", str(session), str(hospital), "--replace"]) == 0
    goals = saved(session)["answers"]["purpose.goals"]  # type: ignore[index]
    assert goals["Riverside General Hospital"] == "Fewer [penalties]"
    assert goals["Grace Community Church"] == "Support the families in our congregation."


def test_merge_into_a_session_open_in_another_window_waits_for_it(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "files"
    assert main(["prework", str(session), "--out", str(out)]) == 0
    fill_in(out / FILES[COUNTY], ANSWERS[COUNTY])
    before = (session / "session.json").read_bytes()
    other = subprocess.Popen(
        [sys.executable, "-c", f"""
import sys, time
from pathlib import Path
from srs_advisor.store import SessionLock
lock = SessionLock(Path({str(session)!r}))
lock.acquire()
print("locked", flush=True)
sys.stdin.read()
"""],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        assert main(["merge", str(session), str(out / FILES[COUNTY])]) == 1
        err = capsys.readouterr().err
        assert "This session is open in another window" in err
        assert "Nothing was merged." in err
        assert (session / "session.json").read_bytes() == before
    finally:
        other.communicate("")
    lock = SessionLock(session)
    lock.acquire()  # freed: the merge let its own lock go too
    lock.release()


def test_help_names_the_options_as_they_work() -> None:
    prework = subprocess.run(
        [sys.executable, "-m", "srs_advisor", "prework", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for option in ("SESSION", "--out DIR", "--fill FILE", "--force"):
        assert option in prework
    merge = subprocess.run(
        [sys.executable, "-m", "srs_advisor", "merge", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for option in ("SESSION", "FILE", "--replace", "--keep"):
        assert option in merge
    assert "Nothing is merged if a file cannot be" in " ".join(merge.split())


def test_prework_and_merge_do_not_load_textual(session: Path, tmp_path: Path) -> None:
    out = tmp_path / "files"
    for command in (
        ["prework", str(session), "--out", str(out)],
        ["merge", str(session), str(out / FILES[COUNTY]), str(out / FILES[HOSPITAL])],
    ):
        code = (
            "import sys; from srs_advisor.__main__ import main; "
            f"code = main({command!r}); print(code, 'textual' in sys.modules, file=sys.stderr)"
        )
        if command[0] == "merge":
            fill_in(out / FILES[COUNTY], ANSWERS[COUNTY])
            fill_in(out / FILES[HOSPITAL], ANSWERS[HOSPITAL])
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stderr.strip().splitlines()[-1] == "0 False"


@pytest.mark.parametrize(
    "module",
    [
        "srs_advisor.engine.prework",
        "srs_advisor.engine.prework_merge",
        "srs_advisor.engine.prework_divergence",
        "srs_advisor.notes.prework",
        "srs_advisor.store.prework",
        "srs_advisor.cli.prework",
    ],
)
def test_the_pre_work_modules_import_without_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
