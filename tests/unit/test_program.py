"""The program named in printed commands is the one running, as it can be typed again."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from srs_advisor.program import command, program


def script(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "srs-advisor"
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def run_as_script(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    monkeypatch.setitem(sys.modules, "__main__", SimpleNamespace(__spec__=None))
    monkeypatch.setattr(sys, "argv", [str(path), "resume"])


def test_a_script_off_path_is_named_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = script(tmp_path / ".venv" / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    run_as_script(monkeypatch, ".venv/bin/srs-advisor")  # as the README runs it
    assert program() == [str(installed)]  # absolute: it works from any folder
    assert command("resume", "my session") == f"{installed} resume 'my session'"


def test_a_script_on_path_is_named_by_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = script(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    run_as_script(monkeypatch, installed)
    assert program() == ["srs-advisor"]


def test_another_srs_advisor_on_path_is_not_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script(tmp_path / "old")  # an older install, first on PATH
    installed = script(tmp_path / "new")
    monkeypatch.setenv("PATH", os.pathsep.join([str(tmp_path / "old"), str(tmp_path / "new")]))
    run_as_script(monkeypatch, installed)
    assert program() == [str(installed)]


def test_python_m_is_named_with_its_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = SimpleNamespace(name="srs_advisor.__main__")
    monkeypatch.setitem(sys.modules, "__main__", SimpleNamespace(__spec__=spec))
    monkeypatch.setenv("PATH", str(tmp_path))  # the interpreter is not on PATH
    assert program() == [os.path.abspath(sys.executable), "-m", "srs_advisor"]
    # A link on PATH to the same interpreter is another program (a venv's python is a link).
    (tmp_path / Path(sys.executable).name).symlink_to(Path(sys.executable).resolve())
    assert program()[0] == os.path.abspath(sys.executable)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    assert program() == [Path(sys.executable).name, "-m", "srs_advisor"]


def test_run_some_other_way_the_usual_name(monkeypatch: pytest.MonkeyPatch) -> None:
    run_as_script(monkeypatch, "/usr/lib/python3/dist-packages/pytest")
    assert program() == ["srs-advisor"]
