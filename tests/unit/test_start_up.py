"""What the subcommands load on start: pydantic finds no plugins to look for.

Looking for them imported `importlib.metadata` and read every installed package's
metadata in every process (see `srs_advisor/__init__.py`); a subprocess shows whether
it still happens, and that the dialog is validated all the same.
"""

from __future__ import annotations

import os
import subprocess
import sys

LOAD = (
    "import sys\n"
    "from srs_advisor.dialog import load_dialog\n"
    "from srs_advisor.resources import content_dir, dialogs_dir\n"
    "dialog = load_dialog(dialogs_dir(), content_dir())\n"
    "from srs_advisor.dialog.model import Choice\n"
    "try:\n"
    "    Choice(value='Not A Value', label='x')\n"
    "except Exception as error:\n"
    "    print(type(error).__name__)\n"
    "print(len(dialog.steps), 'importlib.metadata' in sys.modules)\n"
)


def run(**env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", LOAD],
        capture_output=True,
        text=True,
        check=True,
        env={**environment, **env},
    )
    return done.stdout.split()


def test_loading_the_dialog_looks_for_no_pydantic_plugins_and_still_validates() -> None:
    error, steps, metadata = run()
    assert error == "ValidationError"  # a value against its pattern is refused
    assert int(steps) > 60
    assert metadata == "False"


def test_pydantic_looks_for_plugins_as_usual_when_told_how() -> None:
    assert run(PYDANTIC_DISABLE_PLUGINS="some-plugin")[-1] == "True"
