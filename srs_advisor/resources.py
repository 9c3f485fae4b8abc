"""Where the shipped dialogs and guidance pages are.

In an installed wheel they sit inside the package (`srs_advisor/dialogs`,
`srs_advisor/content`); in a source checkout or an editable install they are the
top-level `dialogs/` and `content/` folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def dialogs_dir() -> Path:
    """The folder of the shipped dialog files."""
    return _find("dialogs")


def content_dir() -> Path:
    """The folder of the shipped guidance pages."""
    return _find("content")
