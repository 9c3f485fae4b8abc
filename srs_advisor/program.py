"""The command that runs this advisor, written so that it works when typed again.

Messages name commands to type next (`... resume ID` on quitting, `... check` after a
broken dialog). The README's install puts `srs-advisor` in `.venv/bin`, which is not on
PATH: "srs-advisor resume ID" would fail as printed, or run another installed copy. So
the program is named as it ran: `srs-advisor` only where that name finds this very
script, else the script's path; `python -m srs_advisor` (the interpreter by its name
only where PATH finds that very interpreter, else by its path) when run that way.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

NAME = "srs-advisor"
"""The installed command's name."""


def program() -> list[str]:
    """The words that start this advisor again, as the running process was started."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name.split(".")[0] == "srs_advisor":  # python -m srs_advisor
        return [_interpreter(sys.executable), "-m", "srs_advisor"]
    script = sys.argv[0] if sys.argv else ""
    if script and Path(script).name.lower().startswith(NAME) and Path(script).is_file():
        return [_script(script)]
    return [NAME]  # run some other way (a test, an embedding program): the usual name


def command(*words: str, options: list[str] | None = None) -> str:
    """A shell command line: this program, `options` (as `--dialogs DIR`), then `words`."""
    return shlex.join([*program(), *(options or []), *words])


def _script(path: str) -> str:
    """`path` as typed: the bare name if PATH finds this very file under it."""
    full = os.path.abspath(path)
    found = shutil.which(NAME)
    try:
        if found is not None and os.path.samefile(found, full):
            return NAME  # a link to the same script runs the same program
    except OSError:
        pass
    return full


def _interpreter(path: str) -> str:
    """`path` as typed: its bare name only if PATH finds that very path.

    Links are not followed: a virtual environment's `python` is a link to the system's,
    and the system's, run by its own path, would not see the environment's packages.
    """
    full = os.path.normcase(os.path.abspath(path))
    name = os.path.basename(full)
    found = shutil.which(name)
    if found is not None and os.path.normcase(os.path.abspath(found)) == full:
        return name
    return os.path.abspath(path)
