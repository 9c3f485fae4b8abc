"""A built wheel carries the dialogs and the guidance, and works away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            "-q",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("srs_advisor-*.whl")
    return built


def test_the_wheel_holds_every_dialog_file_and_guidance_page(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("dialogs", "content"):
        for path in (REPO / folder).iterdir():
            assert f"srs_advisor/{folder}/{path.name}" in names


def test_the_installed_package_finds_its_dialogs(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import srs_advisor, srs_advisor.resources as r; "
        "print(srs_advisor.__file__); print(r.dialogs_dir())"
    )
    where = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout.splitlines()
    assert where[0].startswith(str(site)) and where[1] == str(site / "srs_advisor" / "dialogs")
    result = subprocess.run(
        [sys.executable, "-m", "srs_advisor", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(site / "srs_advisor" / "dialogs") in result.stdout
