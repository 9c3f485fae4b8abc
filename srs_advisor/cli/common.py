"""What every subcommand shares: the usage error, the dialog and sessions folders."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..dialog import Dialog, load_dialog
from ..resources import content_dir, dialogs_dir

ENV_SESSIONS_DIR = "SRS_ADVISOR_SESSIONS_DIR"
"""The environment variable naming the sessions folder (`store.sessions` reads it)."""

EXPORT_FORMATS = ("md", "html", "docx")
"""The formats `export` writes (`notes.export.FORMATS`, named here so parsing loads no notes)."""
EXPORT_WHATS = ("notes", "agreement")
"""The documents `export` writes (`notes.export.WHATS`)."""


class UsageError(Exception):
    """Something the user gave cannot be used; exit code 2."""


def dialog_folders(args: argparse.Namespace, dialog_dir: Path | None = None) -> tuple[Path, Path]:
    dialogs = dialog_dir or args.dialogs or dialogs_dir()
    if args.content:
        return dialogs, args.content
    beside = dialogs.parent / "content"
    if dialog_dir is not None and beside.is_dir():
        return dialogs, beside
    return dialogs, content_dir()


def load(args: argparse.Namespace) -> Dialog:
    return load_dialog(*dialog_folders(args))


def sessions_dir(args: argparse.Namespace) -> Path:
    """The sessions folder: `--sessions-dir`, `$SRS_ADVISOR_SESSIONS_DIR`, or the data folder."""
    from ..store import default_sessions_dir

    return args.sessions_dir or default_sessions_dir()
